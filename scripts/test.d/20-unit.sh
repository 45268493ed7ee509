#!/usr/bin/env bash
# Native unit, golden-file, property and CLI tests of every crate.
set -euo pipefail
cargo test --workspace --locked
