#!/usr/bin/env bash
# A short, bounded fuzz run on stable Rust (no cargo-fuzz): the committed corpus of every
# fuzz target is replayed through the targets' property checks (fuzz/src/checks.rs), then
# PGBR_FUZZ_CASES mutated or random inputs per target. The long runs: make fuzz.
set -euo pipefail
cd "$(dirname "$0")/../.."
PGBR_FUZZ_CASES="${PGBR_FUZZ_CASES:-4000}" cargo test --locked -p pgbr-core --test fuzz_corpus --test hostile
