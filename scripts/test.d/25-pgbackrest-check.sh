#!/usr/bin/env bash
# Real pgBackRest 2.45 reads every generated file of every example that targets 2.45:
# `pgbackrest --config=F --stanza=S check` must raise no option warning and no option error
# ([029] format, [031] invalid option, [032] invalid value, [037] missing option). Only
# connection errors may remain (none of the example hosts exist here).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v pgbackrest >/dev/null || scripts/bootstrap.sh --system
pgbackrest version | grep -q '^pgBackRest 2.45' || { echo "need pgBackRest 2.45, have: $(pgbackrest version)"; exit 1; }
cargo build --quiet --locked -p pgbr-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
checked=0
for example in examples/*.toml; do
  grep -q '^pgbackrest-version = "2.45"' "$example" || continue
  name=$(basename "$example" .toml)
  stanza=$(sed -n 's/^stanza = "\(.*\)"/\1/p' "$example")
  target/debug/pgbr generate "$example" --out "$work/$name" >/dev/null
  chmod -R a+rX "$work/$name"
  for conf in "$work/$name"/*/pgbackrest.conf; do
    envfile="$(dirname "$conf")/pgbackrest.env"
    mkdir -p "$work/log" "$work/lock" && chmod 777 "$work/log" "$work/lock"
    set +e
    out=$(cd "$work" && as_pg env $( [ -f "$envfile" ] && grep -v '^#' "$envfile" ) \
      PGBACKREST_LOG_PATH="$work/log" PGBACKREST_LOCK_PATH="$work/lock" PGBACKREST_SPOOL_PATH="$work/log" \
      PGBACKREST_IO_TIMEOUT=1 PGBACKREST_DB_TIMEOUT=1 PGBACKREST_PROTOCOL_TIMEOUT=2 \
      pgbackrest --config="$conf" --stanza="$stanza" --log-level-console=warn check 2>&1)
    set -e
    if grep -Eq 'configuration file contains|environment contains|\[0(29|31|32|37)\]' <<<"$out"; then
      echo "FAIL: pgBackRest 2.45 rejects options in $name/${conf#"$work/$name/"}:"
      echo "$out"
      exit 1
    fi
    first=$(grep -m1 -E 'ERROR|WARN' <<<"$out" || true)
    echo "ok   $name/${conf#"$work/$name/"}: ${first:-no error}"
    checked=$((checked + 1))
  done
done
[ "$checked" -gt 0 ] || { echo "FAIL: no example targets 2.45"; exit 1; }
echo "pgBackRest 2.45 accepted every option of $checked generated files"
