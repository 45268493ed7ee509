#!/usr/bin/env bash
# Installs, idempotently, every tool this project needs on a fresh Debian 12 machine.
# Each step is skipped when the tool is already there at the right version.
# Usage: scripts/bootstrap.sh [--web] [--system]   (no flag: everything)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

want_web=0 want_system=0
if [ $# -eq 0 ]; then want_web=1; want_system=1; fi
for a in "$@"; do
  case "$a" in
    --web) want_web=1 ;;
    --system) want_system=1 ;;
    *) echo "bootstrap: unknown flag $a (use --web and/or --system)" >&2; exit 2 ;;
  esac
done

say() { printf 'bootstrap: %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$root/.tools/node_modules/.bin:$PATH"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root for: $*"; return 1; fi
}

apt_updated=0
apt_install() { # apt_install <command-to-test> <package>...
  local probe=$1; shift
  if command -v "$probe" >/dev/null 2>&1; then return 0; fi
  if [ $apt_updated -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  say "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

if [ $want_system -eq 1 ]; then
  apt_install pgbackrest pgbackrest
  apt_install openssl openssl
  apt_install unzip unzip                 # the bundle acceptance test unzips the bundle
  apt_install systemd-analyze systemd     # ... and checks its units with systemd-analyze verify
  [ -x /usr/lib/postgresql/15/bin/initdb ] || apt_install /usr/lib/postgresql/15/bin/initdb postgresql-15
  apt_install chromium chromium
  apt_install chromedriver chromium-driver
fi

if [ $want_web -eq 1 ]; then
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.130" ]; then
    say "installing wasm-bindgen-cli 0.2.130 (a few minutes)"
    cargo install wasm-bindgen-cli --version 0.2.130 --force
  fi
  if ! trunk --version 2>/dev/null | grep -q '^trunk 0.21.14'; then
    say "installing trunk 0.21.14 (several minutes)"
    cargo install trunk --version 0.21.14 --locked --force
  fi
  if ! wasm-pack --version 2>/dev/null | grep -q '^wasm-pack 0.15.1'; then
    say "installing wasm-pack 0.15.1 (a few minutes)"
    cargo install wasm-pack --version 0.15.1 --locked --force
  fi
  if ! wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
    say "installing wasm-opt (binaryen@132, from npm)"
    mkdir -p .tools
    (cd .tools && [ -f package.json ] || echo '{"private":true}' > package.json; npm install --no-audit --no-fund --silent binaryen@132)
  fi
  if [ ! -d tests/e2e/node_modules/playwright-core ]; then
    say "installing playwright-core for the browser tests"
    (cd tests/e2e && npm ci --no-audit --no-fund --silent)
  fi
fi
say "ready"
