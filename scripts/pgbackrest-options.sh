#!/usr/bin/env bash
# Asks one real pgBackRest release which options it knows and where each may be set; prints,
# sorted by name, one `NAME<TAB>WHERE` line per option (the format of `pgbr options`):
#   global        may be set in a config file, in [global] or a stanza section
#   stanza        may be set in a config file, in a stanza section only
#   command-line  known, but only on the command line (or in the environment)
# Indexed options are named without their index (`repo-path`, `pg-host`).
#
# Usage: scripts/pgbackrest-options.sh RELEASE      (a release scripts/pgbackrest-at.sh runs)
#
# What it knows: the union of `pgbackrest help COMMAND` over every command `pgbackrest help`
# lists (help shows every option but the internal ones). Where: the help text does not say,
# so every listed option is written into a config file and pgBackRest's own verdict is read.
# `pgbackrest --config=F help COMMAND` loads F exactly as COMMAND would, and does nothing else:
#   `configuration file contains command-line only option 'X'`            -> command-line
#   `configuration file contains stanza-only option 'X' in global section` -> stanza
#   no warning                                                             -> global
# (stanza-only is only reported for an option the running command takes, hence one run per
# command, each with the options that command lists and no earlier run asked about). Values are `k=v` (a valid hash entry),
# or `n` for the booleans, which pgBackRest checks while reading. Options named `pg-*` / `repo-*` are
# written with index 1 (`pg1-path`), and unindexed when that form is unknown
# (`pg-version-force`). pgBackRest reads a section's keys in file order, so a last key that
# is no option (`pgbr-probe-end`) must be reported as invalid: proof every key was read.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
at=$here/pgbackrest-at.sh
[ $# -eq 1 ] || { echo "usage: $0 RELEASE" >&2; exit 2; }
release=$1

work=$(mktemp -d) # under /tmp: what the chroot of release 2.60 sees
trap '[ -n "${PGBR_PROBE_KEEP:-}" ] || rm -rf "$work"' EXIT
chmod 755 "$work"

mapfile -t commands < <("$at" "$release" help | awk '/^Commands:/{on=1; next} on && /^    [a-z]/{print $1} on && /^$/ && n++{exit}')
[ "${#commands[@]}" -ge 10 ] || { echo "pgbackrest-options: $release lists only ${#commands[@]} commands" >&2; exit 1; }

unindex() { sed -E 's/^(pg|repo)1-/\1-/' <<<"$1"; }

# The key each option is written as (`pg1-path`; `pg-version-force` once pgBackRest said it
# cannot have an index), and a value pgBackRest takes for it while it reads the file: most
# values are checked only after every key was read, booleans and hashes while reading.
# Both are learned from pgBackRest's errors, below.
declare -A form=() value=()
key_of() { # key_of NAME: sets $key
  if [ -n "${form[$1]:-}" ]; then key=${form[$1]}; return; fi
  case "$1" in pg-* | repo-*) key="${1%%-*}1-${1#*-}" ;; *) key=$1 ;; esac
}

# probe COMMAND NAME... : writes the options into [global], runs `help COMMAND` on the file and
# prints `NAME<TAB>VERDICT` for each option pgBackRest warned about (VERDICT: command-line,
# stanza, invalid). Fails when the end marker is never reported.
probe() {
  local command=$1 conf=$work/probe.conf out name key bad tries=0
  shift
  while :; do
    {
      echo '[global]'
      for name in "$@"; do key_of "$name"; echo "$key=${value[$key]:-k=v}"; done
      echo 'pgbr-probe-end=k=v'
    } >"$conf"
    chmod 644 "$conf"
    out=$(cd "$work" && "$at" "$release" --config="$conf" --log-level-console=warn help "$command" 2>&1) || true
    grep -q "contains invalid option 'pgbr-probe-end'" <<<"$out" && break
    if bad=$(sed -nE "s/.*boolean option '([^']+)' must be 'y' or 'n'.*/\1/p" <<<"$out") && [ -n "$bad" ]; then
      value[$bad]=n
    elif bad=$(sed -nE "s/.*key\/value '[^']*' not valid for '([^']+)' option.*/\1/p" <<<"$out") && [ -n "$bad" ]; then
      value[$bad]=k=v
    elif bad=$(sed -nE "s/.*option '([^']+)' cannot have an index.*/\1/p" <<<"$out") && [ -n "$bad" ]; then
      form[$(unindex "$bad")]=$(unindex "$bad")
    else
      bad=
    fi
    tries=$((tries + 1))
    if [ -z "$bad" ] || [ $tries -gt 200 ]; then
      echo "pgbackrest-options: $release did not read every key of the probe file (help $command):" >&2
      sed 's/^/    /' <<<"$out" | head -n 20 >&2
      exit 1
    fi
  done
  sed -nE "s/.*configuration file contains command-line only option '([^']+)'.*/\1\tcommand-line/p
    s/.*configuration file contains stanza-only option '([^']+)' in global section.*/\1\tstanza/p
    s/.*configuration file contains invalid option '([^']+)'.*/\1\tinvalid/p" <<<"$out" |
    { grep -v '^pgbr-probe-end	' || true; } | sed -E 's/^(pg|repo)1-/\1-/'
}

: >"$work/verdicts"
: >"$work/listed"
: >"$work/probed"
loader= # a command that reads the config file (`help` and `version` do not in 2.55+)
for command in "${commands[@]}"; do
  "$at" "$release" help "$command" >"$work/help"
  sed -nE 's/^  --([a-z0-9-]+)( .*)?$/\1/p' "$work/help" >"$work/names"
  cat "$work/names" >>"$work/listed"
  # A `[default=y|n]` in the help (maybe on a wrapped line) is a boolean: start it at `n`,
  # which saves pgBackRest's complaint about `k=v` (each complaint costs a run).
  while IFS= read -r name; do
    key_of "$name"
    value[$key]=n
  done < <(awk '/^  --/{name = substr($1, 3)} /\[default=[yn]\]/{print name}' "$work/help")
  grep -qx config "$work/names" || continue
  : "${loader:=$command}"
  # One command that takes an option is enough to hear where it may be set.
  mapfile -t new < <(sort -u "$work/names" | comm -23 - <(sort -u "$work/probed"))
  [ "${#new[@]}" -gt 0 ] || continue
  printf '%s\n' "${new[@]}" >>"$work/probed"
  probe "$command" "${new[@]}" >>"$work/verdicts"
done
[ -n "$loader" ] || { echo "pgbackrest-options: no command of $release reads a config file" >&2; exit 1; }
# Options only commands that read no config file list: still ask where they may be set.
mapfile -t rest < <(sort -u "$work/listed" | comm -23 - <(sort -u "$work/probed"))
[ "${#rest[@]}" -eq 0 ] || probe "$loader" "${rest[@]}" >>"$work/verdicts"

# Each listed option with the verdicts about it: none is global; one is its place; more (or
# "invalid": listed, yet unknown in a file) is a surprise worth stopping for.
sort -u "$work/listed" | awk -F'\t' -v release="$release" '
  FNR == NR { if (index(seen[$1], " " $2 " ") == 0) { seen[$1] = seen[$1] " " $2 " "; n[$1]++; v[$1] = $2 }; next }
  {
    if (!($1 in n)) where = "global"
    else if (n[$1] == 1 && (v[$1] == "command-line" || v[$1] == "stanza")) where = v[$1]
    else { printf "pgbackrest-options: %s lists --%s, but a config file with it gets:%s\n", release, $1, seen[$1] > "/dev/stderr"; bad = 1; next }
    printf "%s\t%s\n", $1, where
  }
  END { exit bad }' "$work/verdicts" -
