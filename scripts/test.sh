#!/usr/bin/env bash
# The whole test suite: every step in scripts/test.d/, in name order. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
start=$(date +%s)
for step in scripts/test.d/*.sh; do
  echo "=== $(basename "$step")"
  s=$(date +%s)
  bash "$step"
  echo "=== $(basename "$step") passed in $(( $(date +%s) - s ))s"
done
echo "all tests passed in $(( $(date +%s) - start ))s"
