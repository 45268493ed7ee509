#!/usr/bin/env bash
# Formatting and clippy on every crate, native and, for the crates that ship as WebAssembly
# (the designer and the JS API), wasm32 too: code behind cfg(target_arch = "wasm32") is only
# seen there.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
cargo clippy -p pgbr-web -p pgbr-wasm --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
