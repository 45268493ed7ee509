# One target per job; the same commands run locally and in CI (.ci/run calls `make test`).
.PHONY: setup serve test lint unit pgbackrest-check acceptance wasm e2e bench dist npm fuzz

export PATH := $(HOME)/.cargo/bin:$(CURDIR)/.tools/node_modules/.bin:$(PATH)

setup:            ## install every tool the project needs (idempotent)
	scripts/bootstrap.sh

serve: setup      ## build the designer and serve it on http://127.0.0.1:8080
	scripts/serve.sh

test: setup       ## run the whole test suite
	scripts/test.sh

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

unit:
	cargo test --workspace

bench:
	scripts/bench.sh

npm: setup        ## build the JS API package: crates/pgbr-wasm/pkg-web and pkg-bundler
	scripts/npm.sh
