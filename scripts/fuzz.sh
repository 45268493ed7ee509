#!/usr/bin/env bash
# Long fuzz runs (make fuzz): each cargo-fuzz target in turn for SECONDS (default 300), one at
# a time and niced, growing fuzz/corpus/<target>; then the corpus is minimised (libFuzzer
# set-cover merge). Crashes land in fuzz/artifacts/<target>/; replay one with
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
triple=$(rustc -vV | sed -n 's/^host: //p')

for t in "${targets[@]}"; do
  echo "=== fuzz $t for ${seconds}s"
  mkdir -p "corpus/$t"
  set +e
  nice -n 10 cargo fuzz run "${flags[@]}" "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    >"artifacts-$t.log" 2>&1
  status=$?
  set -e
  grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)|panicked' "artifacts-$t.log" || true
  if [ "$status" -ne 0 ]; then
    grep -A30 panicked "artifacts-$t.log" | head -40 || true
    echo "fuzz $t failed (exit $status): input in fuzz/artifacts/$t/, log in fuzz/artifacts-$t.log"
    exit 1
  fi
  rm -f "artifacts-$t.log"
  # Minimise: the smallest set of inputs covering the same edges (libFuzzer's set-cover
  # merge without hit counters keeps a few hundred files where `cargo fuzz cmin` keeps
  # thousands); seed-* and regression-* files always stay.
  before=$(ls "corpus/$t" | wc -l)
  min=$(mktemp -d)
  nice -n 10 "target/$triple/release/$t" -set_cover_merge=1 -use_counters=0 -max_len=8192 \
    "$min" "corpus/$t" >/dev/null 2>&1
  if [ -n "$(ls -A "$min")" ]; then
    find "corpus/$t" -type f ! -name 'seed-*' ! -name 'regression-*' -delete
    cp -n "$min"/* "corpus/$t"/
  fi
  rm -rf "$min"
  echo "=== $t corpus: $before -> $(ls "corpus/$t" | wc -l) files after minimising"
done
