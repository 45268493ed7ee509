#!/usr/bin/env bash
# Builds the designer (trunk build --release) and serves dist/ on http://127.0.0.1:8080.
# PORT=9000 scripts/serve.sh to use another port. Any static file server would do.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
trunk build --release
port=${PORT:-8080}
echo "serve: the designer is at http://127.0.0.1:$port/ (Ctrl-C to stop)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
