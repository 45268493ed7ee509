#!/usr/bin/env bash
# Formatting and clippy on every crate, native and wasm.
set -euo pipefail
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
