#!/usr/bin/env bash
# Builds the JS API package (crates/pgbr-wasm) for npm, twice:
#   crates/pgbr-wasm/pkg-web      ES module for browsers and Node, no bundler (`--target web`)
#   crates/pgbr-wasm/pkg-bundler  for webpack/vite-style bundlers (`--target bundler`)
# Both are named `pgbr-designer`; publish with `npm publish crates/pgbr-wasm/pkg-web`.
# Uses the wasm-bindgen and wasm-opt on PATH (scripts/bootstrap.sh installs them); never downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"
for tool in wasm-pack wasm-bindgen wasm-opt node; do
  command -v "$tool" >/dev/null || { echo "npm.sh: $tool is missing; run make setup" >&2; exit 1; }
done
for target in web bundler; do
  wasm-pack --quiet build --mode no-install --release --target "$target" --out-dir "pkg-$target" crates/pgbr-wasm
  # wasm-pack names the package after the crate; npm users look for the product's name.
  node -e '
    const fs = require("fs"), file = process.argv[1], pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    pkg.name = "pgbr-designer";
    pkg.keywords = ["pgbackrest", "postgresql", "backup", "wasm"];
    if (process.argv[2] === "web") {
      // Node reads "exports" (and ignores "module", which older wasm-packs write).
      const entry = pkg.main ?? pkg.module;
      Object.assign(pkg, { type: "module", main: entry });
      pkg.exports = {
        ".": { types: "./" + pkg.types, default: "./" + entry },
        "./pgbr_wasm_bg.wasm": "./pgbr_wasm_bg.wasm",
        "./package.json": "./package.json",
      };
    }
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  ' "crates/pgbr-wasm/pkg-$target/package.json" "$target"
  rm -f "crates/pgbr-wasm/pkg-$target/.gitignore"
done
wasm=crates/pgbr-wasm/pkg-web/pgbr_wasm_bg.wasm
echo "npm.sh: built crates/pgbr-wasm/pkg-web and pkg-bundler; wasm $(wc -c < "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzip"
