# One target per job; the same commands run locally and in CI (.ci/run calls `make test`).
.PHONY: setup serve test lint unit golden pgbackrest-check acceptance acceptance-bundle objstore wasm e2e bench bench-web dist npm fuzz

export PATH := $(HOME)/.cargo/bin:$(CURDIR)/.tools/node_modules/.bin:$(PATH)

setup:            ## install every tool the project needs (idempotent)
	scripts/bootstrap.sh

serve: setup      ## build the designer and serve it on http://127.0.0.1:8080
	scripts/serve.sh

dist: setup       ## build the designer into dist/ (any static host, any path, offline once visited) and dist/pgbr-designer.html (one file, opens from disk)
	trunk build --release

e2e: setup        ## the designer in headless Chromium: wasm-bindgen component tests and end-to-end tests
	scripts/test.d/50-web.sh

bench-web: setup  ## designer figures: what the page loads (gzip), the single file, first render, keystroke to preview (3/16/128 poolers)
	scripts/bench-web.sh

test: setup       ## run the whole test suite
	scripts/test.sh

lint:             ## rustfmt and clippy (native and wasm32), as CI runs them
	scripts/test.d/10-lint.sh

unit:             ## native unit, golden, property and CLI tests, as CI runs them
	scripts/test.d/20-unit.sh

golden:           ## rewrite tests/golden/ (examples, diagnostics) and tests/corpus/*/expected.txt (review the diff before committing)
	UPDATE_GOLDEN=1 cargo test -p pgbr-core --test golden --test diagnostics --test corpus

bench:            ## native and designer figures (not tests)
	scripts/bench.sh

fuzz:             ## long fuzz runs (cargo-fuzz, stable + RUSTC_BOOTSTRAP): make fuzz FUZZ_SECONDS=600 (per target)
	scripts/fuzz.sh $(or $(FUZZ_SECONDS),300)

npm: setup        ## build the JS API package: crates/pgbr-wasm/pkg-web and pkg-bundler
	scripts/npm.sh

acceptance: setup ## real servers, PostgreSQL 15 + pgBackRest 2.45 and PostgreSQL 18 + pgBackRest 2.60: pooler K's file backs up replica K
	scripts/test.d/40-acceptance.sh

acceptance-bundle: ## as root, real servers: a cluster installed from `pgbr generate --zip` by its guide's commands; preflights; faults
	tests/acceptance/bundle.sh

objstore:         ## the generated files against real S3 (moto), Azure (Azurite) and GCS (emulator) servers
	scripts/bootstrap.sh --system --objstore
	tests/acceptance/objstore.sh

pgbackrest-check: ## real pgBackRest 2.45, 2.55 and 2.60 read every example's and golden design's files, at each release it allows; the catalog against what each release lists
	scripts/bootstrap.sh --system --releases
	scripts/test.d/25-pgbackrest-check.sh
	scripts/test.d/26-pgbackrest-options.sh

wasm: setup       ## the JS API: build the package and run its Node tests
	scripts/test.d/30-wasm.sh
