#!/usr/bin/env bash
# The JS API as JavaScript sees it: builds the npm package, then runs tests/js with Node's
# test runner against it and the native CLI (byte-identical files and zips, errors, types,
# the documented snippets, docs/embed.html).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --locked -p pgbr-cli
scripts/npm.sh
node --test tests/js/*.test.mjs
