#!/usr/bin/env bash
# Benchmarks (figures, not tests): native generation of a 256-pooler design; the web app's
# size and speed when scripts/bench-web.sh exists.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --locked --profile native --example bench -p pgbr-core -- 256
if [ -x scripts/bench-web.sh ]; then scripts/bench-web.sh; fi
