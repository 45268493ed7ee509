#!/usr/bin/env bash
# Long fuzz runs (make fuzz): each cargo-fuzz target in turn for SECONDS (default 300), one at
# a time and niced, growing fuzz/corpus/<target>; then the corpus is minimised (cargo fuzz
# cmin). Crashes land in fuzz/artifacts/<target>/; replay one with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none -O -a <target> fuzz/artifacts/<target>/<file>
# and turn it into a test in crates/pgbr-core/tests/. See fuzz/README.md.
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
seconds="${1:-300}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(import_conf design_read share_decode generate)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz (about 1 minute)"
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi
# Stable Rust: cargo-fuzz needs nightly flags (-Z sanitizer=...); RUSTC_BOOTSTRAP allows
# them. No sanitizer: the core has no unsafe code; debug assertions (-a) catch overflows.
export RUSTC_BOOTSTRAP=1
flags=(-s none -O -a)

for t in "${targets[@]}"; do
  echo "=== fuzz $t for ${seconds}s"
  mkdir -p "corpus/$t"
  nice -n 10 cargo fuzz run "${flags[@]}" "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    2>&1 | grep -E '^(#[0-9]+ +DONE|stat::|==|SUMMARY|thread|Failing input|.*panicked)' || true
  test "${PIPESTATUS[0]}" -eq 0 || { echo "fuzz $t found a crash: see fuzz/artifacts/$t/"; exit 1; }
  before=$(ls "corpus/$t" | wc -l)
  nice -n 10 cargo fuzz cmin "${flags[@]}" "$t" "corpus/$t" -- -max_len=8192 >/dev/null 2>&1
  echo "=== $t corpus: $before -> $(ls "corpus/$t" | wc -l) files after cmin"
done
