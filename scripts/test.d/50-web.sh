#!/usr/bin/env bash
# The designer in a real browser (Debian's Chromium, headless): the wasm-bindgen component tests,
# then the end-to-end tests against a fresh release build of dist/ served on 127.0.0.1 and of
# dist/pgbr-designer.html opened from disk. `trunk build` leaves Trunk's own output in
# target/trunk and, through its hook (scripts/finish-site.mjs), the site in dist/; the upgrade
# test finishes a second build from target/trunk.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"

echo "--- component tests (wasm-bindgen-test, headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
  cargo test --locked -p pgbr-web --target wasm32-unknown-unknown --test components

echo "--- building dist/ (with pgbr-designer.html) and the pgbr CLI"
trunk build --release
cargo build --locked -p pgbr-cli

echo "--- end-to-end tests (playwright-core, dist/ on 127.0.0.1)"
[ -d tests/e2e/node_modules/playwright-core ] || (cd tests/e2e && npm ci --no-audit --no-fund --silent)
node --test tests/e2e/
