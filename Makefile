# One target per job; the same commands run locally and in CI (.ci/run calls `make test`).
.PHONY: setup serve test lint unit pgbackrest-check acceptance acceptance-bundle wasm e2e bench bench-web dist npm fuzz

export PATH := $(HOME)/.cargo/bin:$(CURDIR)/.tools/node_modules/.bin:$(PATH)

setup:            ## install every tool the project needs (idempotent)
	scripts/bootstrap.sh

serve: setup      ## build the designer and serve it on http://127.0.0.1:8080
	scripts/serve.sh

dist: setup       ## build the designer into dist/: static files for any host, under any path
	trunk build --release

e2e: setup        ## the designer in headless Chromium: wasm-bindgen component tests and end-to-end tests
	scripts/test.d/50-web.sh

bench-web: setup  ## designer figures: dist gzip size, first render, keystroke to preview (3/16/128 poolers)
	scripts/bench-web.sh

test: setup       ## run the whole test suite
	scripts/test.sh

lint:             ## rustfmt and clippy
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

unit:             ## native unit, golden, property and CLI tests
	cargo test --workspace

bench:            ## native and designer figures (not tests)
	scripts/bench.sh

fuzz:             ## long fuzz runs (cargo-fuzz, stable + RUSTC_BOOTSTRAP): make fuzz FUZZ_SECONDS=600 (per target)
	scripts/fuzz.sh $(or $(FUZZ_SECONDS),300)

npm: setup        ## build the JS API package: crates/pgbr-wasm/pkg-web and pkg-bundler
	scripts/npm.sh

acceptance: setup ## real PostgreSQL 15 + pgBackRest 2.45 servers: pooler K's file backs up replica K
	tests/acceptance/run.sh

acceptance-bundle: ## as root, real servers: a cluster installed from `pgbr generate --zip` by its guide's commands; preflights; faults
	tests/acceptance/bundle.sh

pgbackrest-check: ## real pgBackRest 2.45 reads every generated file of the 2.45 examples
	scripts/bootstrap.sh --system
	scripts/test.d/25-pgbackrest-check.sh

wasm: setup       ## the JS API: build the package and run its Node tests
	scripts/test.d/30-wasm.sh
