#!/usr/bin/env bash
# Designer figures: what the page loads (gzip), the single file's size, time to first render,
# keystroke to updated previews for 3, 16, 128 and 256 poolers (targets: <= 400 KB gzip, <= 16 ms
# for 16 poolers). Not a test.
# SKIP_BUILD=1 reuses the dist/ there is.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
[ "${SKIP_BUILD:-}" = 1 ] || trunk build --release
[ -d tests/e2e/node_modules/playwright-core ] || (cd tests/e2e && npm ci --no-audit --no-fund --silent)
node tests/e2e/bench.mjs "$@"
