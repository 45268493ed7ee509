#!/usr/bin/env bash
# The option catalog against each real pgBackRest release (2.45, 2.55, 2.60): for release X,
# `pgbr options --target X` (the catalog) and scripts/pgbackrest-options.sh X (what X's own
# `pgbackrest help <command>` lists, over every command, and where X lets each be set, asked
# by writing it in a config file) must agree on the file options:
#   - every option the catalog accepts in a file (global or stanza) is listed by X, and X
#     accepts it in a file, in the same place;
#   - every option X lists that may be set in a file is in the catalog, as a file option.
# Options both sides keep to the command line are compared too, as notes (the designer never
# writes them). Each difference is one line, e.g.
#   2.55: catalog accepts repo-foo in a file but pgbackrest 2.55 does not list it
set -euo pipefail
cd "$(dirname "$0")/../.."
at=scripts/pgbackrest-at.sh
mapfile -t releases < <("$at" --releases)
for r in "${releases[@]}"; do
  "$at" "$r" version >/dev/null 2>&1 || { scripts/bootstrap.sh --system --releases; break; }
done
cargo build --quiet --locked -p pgbr-cli
pgbr=target/debug/pgbr
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Where each side says an option may be set, in words for the messages.
place() {
  case "$1" in
    global) echo "in [global] or a stanza section" ;;
    stanza) echo "only in a stanza section" ;;
    command-line) echo "only on the command line" ;;
  esac
}

differences=0
for r in "${releases[@]}"; do
  if ! "$pgbr" options --target "$r" >"$work/catalog-$r" 2>"$work/catalog-$r.err"; then
    echo "FAIL $r: pgbr options --target $r: $(head -n 1 "$work/catalog-$r.err")"
    differences=$((differences + 1))
    continue
  fi
  scripts/pgbackrest-options.sh "$r" >"$work/real-$r"
  # The probe itself must classify options whose place is beyond doubt.
  for known in "pg-path	stanza" "repo-path	global" "compress-type	global" "type	command-line"; do
    grep -qxF "$known" "$work/real-$r" ||
      { echo "FAIL $r: the probe of pgbackrest $r does not find '${known/	/ where=}'"; exit 1; }
  done
  # One line per option: NAME<TAB>CATALOG-WHERE<TAB>REAL-WHERE ("-" when a side lacks it).
  join -t $'\t' -a 1 -a 2 -e - -o 0,1.2,2.2 <(sort -t $'\t' -k1,1 "$work/catalog-$r") \
    <(sort -t $'\t' -k1,1 "$work/real-$r") >"$work/both-$r"
  found=0 notes=0
  while IFS=$'\t' read -r name catalog real; do
    [ "$catalog" = "$real" ] && continue
    line=
    case "$catalog/$real" in
      global/- | stanza/-)
        line="catalog accepts $name in a file but pgbackrest $r does not list it" ;;
      -/global | -/stanza)
        line="pgbackrest $r lists $name, which may be set in a file ($(place "$real")), but the catalog does not know it" ;;
      command-line/global | command-line/stanza)
        line="pgbackrest $r accepts $name in a file ($(place "$real")) but the catalog has it $(place command-line)" ;;
      global/command-line | stanza/command-line)
        line="catalog accepts $name in a file but pgbackrest $r takes it $(place command-line)" ;;
      global/stanza | stanza/global)
        line="catalog accepts $name $(place "$catalog") but pgbackrest $r accepts it $(place "$real")" ;;
      command-line/-)
        echo "note $r: the catalog has $name $(place command-line), but pgbackrest $r does not list it"
        notes=$((notes + 1)) ;;
      -/command-line)
        echo "note $r: pgbackrest $r lists $name ($(place command-line)), which the catalog does not know"
        notes=$((notes + 1)) ;;
      *) line="$name: catalog says '$catalog', pgbackrest $r says '$real'" ;;
    esac
    [ -n "$line" ] || continue
    echo "$r: $line"
    found=$((found + 1))
  done <"$work/both-$r"
  files=$(awk -F'\t' '$3 == "global" || $3 == "stanza"' "$work/both-$r" | wc -l)
  echo "pgbackrest $r: lists $(wc -l <"$work/real-$r") options ($files may be set in a file); catalog: $(wc -l <"$work/catalog-$r"); differences: $found; notes: $notes"
  differences=$((differences + found))
done
[ $differences -eq 0 ] || { echo "FAIL: $differences difference(s) between the catalog and the real releases"; exit 1; }
echo "the catalog's file options are exactly what pgBackRest ${releases[*]} list and accept in a file"
