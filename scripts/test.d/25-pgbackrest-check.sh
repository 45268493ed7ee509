#!/usr/bin/env bash
# Real pgBackRest releases read every generated file. Every design (the examples/, the ones
# under tests/golden/, i.e. the golden test's designs written without their secrets, and what
# `pgbr import` makes of each cluster of tests/corpus, a stanza at a time) is retargeted
# at each real release here (2.45, 2.55, 2.60: `pgbackrest-version` rewritten) that it allows,
# i.e. where `pgbr check` finds no error; where it finds one, the design is skipped at that
# release and the first error says why. Each generated file is then read by that release's own
# binary with `pgbackrest --config=F --stanza=S check` and `... backup`, which must raise no
# option warning and no option error ([029] format, [031] invalid option, [032] invalid value,
# [037] missing option). Only connection errors may remain (none of the designs' hosts exist
# here). Two commands, because each validates the values of only the options it uses
# (`backup` reads compress-type, start-fast, process-max..., `check` does not); an option a
# release does not know is reported by both. `backup` runs with a lock folder it may not write:
# pgBackRest takes its lock right after reading every option, so `[050] unable to acquire lock`
# proves the options passed, without waiting for repositories that cannot be reached.
# Fails when any release checked no file.
set -euo pipefail
cd "$(dirname "$0")/../.."
at=$PWD/scripts/pgbackrest-at.sh
mapfile -t releases < <("$at" --releases)
for r in "${releases[@]}"; do
  "$at" "$r" version >/dev/null 2>&1 || { scripts/bootstrap.sh --system --releases; break; }
done
for r in "${releases[@]}"; do
  v=$("$at" "$r" version)
  [[ $v == "pgBackRest $r".* || $v == "pgBackRest $r" ]] || { echo "FAIL: release $r runs '$v'"; exit 1; }
done
cargo build --quiet --locked -p pgbr-cli
pgbr=$PWD/target/debug/pgbr
work=$(mktemp -d) # under /tmp: what release 2.60's chroot sees
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir -p "$work/log" "$work/lock" "$work/no-lock" && chmod 777 "$work/log" "$work/lock" && chmod 555 "$work/no-lock"

designs=(examples/*.toml tests/golden/*/design.toml)
# And what `pgbr import` makes of each real cluster of tests/corpus (each stanza on its own):
# the generated files of an imported cluster must pass too.
mkdir -p "$work/corpus"
for cluster in tests/corpus/*/*/; do
  mapfile -t files < <(find "$cluster" -type f ! -name expected.txt | sort)
  mapfile -t stanzas < <(sed -n 's/^== import --stanza //p' "$cluster/expected.txt")
  [ ${#stanzas[@]} -gt 0 ] || stanzas=("")
  for st in "${stanzas[@]}"; do
    label=$(basename "$(dirname "$cluster")")+$(basename "$cluster")${st:+@$st}
    # Exit 4 says something was left out; the design is still what import made.
    "$pgbr" import ${st:+--stanza "$st"} "${files[@]}" >"$work/corpus/$label.toml" 2>/dev/null || [ $? -eq 4 ]
    designs+=("$work/corpus/$label.toml")
  done
done
declare -A checked=()
failures=0
for r in "${releases[@]}"; do
  checked[$r]=0
  for design in "${designs[@]}"; do
    case "$design" in
      examples/*) name=examples/$(basename "$design" .toml) ;;
      "$work"/corpus/*) name=corpus/$(basename "$design" .toml) ;;
      *) name=golden/$(basename "$(dirname "$design")") ;;
    esac
    grep -q '^pgbackrest-version = ' "$design" || { echo "FAIL: $design has no pgbackrest-version line to retarget"; exit 1; }
    out=$work/$r/$name
    mkdir -p "$out"
    sed "s/^pgbackrest-version = .*/pgbackrest-version = \"$r\"/" "$design" >"$out.toml"
    if ! diag=$("$pgbr" check "$out.toml" 2>&1); then
      echo "skip $r $name: $(grep -m1 '^error' <<<"$diag" || head -n 1 <<<"$diag")"
      continue
    fi
    stanza=$(sed -n 's/^stanza = "\(.*\)"/\1/p' "$design")
    "$pgbr" generate "$out.toml" --out "$out" >/dev/null 2>&1
    chmod -R a+rX "$work/$r"
    for conf in "$out"/*/pgbackrest.conf; do
      envfile="$(dirname "$conf")/pgbackrest.env"
      file=$name/${conf#"$out/"}
      for command in check backup; do
        lock=$work/lock
        [ "$command" = backup ] && lock=$work/no-lock
        set +e
        # A secret supplied at deploy time is a commented-out line of the env file, or (secrets
        # inline) named by the file's design header (`deploy-secrets=repo1-gcs-key`): supply a
        # stand-in, as the operator would supply the value.
        deployed=$(sed -n 's/^# design: .* deploy-secrets=\([^ ]*\).*/\1/p' "$conf" | tr ',' '\n' |
          sed -n 's/^\(repo[0-9]*-[a-z0-9-]*\)$/PGBACKREST_\1=supplied-at-deploy/p' | tr 'a-z-' 'A-Z_' | sed 's/=SUPPLIED_AT_DEPLOY$/=supplied-at-deploy/')
        result=$(cd "$work" && env $deployed $([ -f "$envfile" ] && sed -n -e 's/^# \(PGBACKREST_[A-Z0-9_]*\)=$/\1=supplied-at-deploy/p' -e '/^[^#]/p' "$envfile") \
          PGBACKREST_LOG_PATH="$work/log" PGBACKREST_LOCK_PATH="$lock" PGBACKREST_SPOOL_PATH="$work/log" \
          PGBACKREST_IO_TIMEOUT=1 PGBACKREST_DB_TIMEOUT=1 PGBACKREST_PROTOCOL_TIMEOUT=2 \
          "$at" "$r" --config="$conf" --stanza="$stanza" --log-level-console=warn "$command" 2>&1)
        rc=$?
        set -e
        if grep -Eq 'configuration file contains|environment contains|\[0(29|31|32|37)\]' <<<"$result"; then
          echo "FAIL $r $file: pgBackRest $r rejects options ($command):"
          sed 's/^/    /' <<<"$result"
          failures=$((failures + 1))
          continue 2
        fi
        # Proof pgBackRest itself ran and got past its options: it reports in its own format,
        # and `backup` stops at its lock.
        if [ $rc -ge 126 ] || ! grep -Eq '^(([0-9-]+ [0-9:.]+ )?P[0-9]+ +)?(WARN|ERROR): ' <<<"$result" ||
          { [ "$command" = backup ] && ! grep -q 'ERROR: \[050\]: unable to acquire lock' <<<"$result"; }; then
          echo "FAIL $r $file: pgBackRest $r did not run ($command, exit $rc):"
          sed 's/^/    /' <<<"$result"
          failures=$((failures + 1))
          continue 2
        fi
        [ "$command" = check ] && first=$(grep -m1 -E '(ERROR|WARN): ' <<<"$result")
      done
      echo "ok   $r $file: ${first:0:150}"
      checked[$r]=$((checked[$r] + 1))
    done
  done
done

echo
for r in "${releases[@]}"; do
  echo "pgBackRest $r accepted every option of ${checked[$r]} generated files"
  [ "${checked[$r]}" -gt 0 ] || { echo "FAIL: no design generated a file for pgBackRest $r"; failures=$((failures + 1)); }
done
[ $failures -eq 0 ] || { echo "FAIL: $failures problem(s) above"; exit 1; }
