#!/usr/bin/env bash
# Object-store acceptance test (issue 13): the files `pgbr generate` writes work against real
# object stores, in the pooler topology. Nothing is mocked: PostgreSQL 15 (a primary and two
# streaming standbys), pgBackRest 2.45 (one TLS server per loopback "host"), and, for each store,
# a real server on this machine: S3 = moto behind stunnel, Azure = Azurite, GCS =
# gcp-storage-emulator behind stunnel. The designs are tests/acceptance/s3.toml, azure.toml and
# gcs.toml; what is asserted: tests/acceptance/README.md.
#
# Usage: tests/acceptance/objstore.sh          (make objstore; also run by `make test`)
# Env:   ACCEPTANCE_KEEP=1   keep the temporary directory (it is printed) after the run
#        OBJSTORE_STORES     the stores to test, in order (default "s3 azure gcs")
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
NAME=objstore
STANZA=objstore
HOSTS=(127.0.0.41 127.0.0.42 127.0.0.43) # replica K on HOSTS[K-1]; replica 1 is the primary
PGPORT=(5541 5542 5543)                  # unix sockets only, each in its own directory
KEEP=${ACCEPTANCE_KEEP:-0}
read -r -a STORES <<<"${OBJSTORE_STORES:-s3 azure gcs}"
VENV=$ROOT/.tools/venv
AZURITE=$ROOT/.tools/node_modules/.bin/azurite-blob
HELPER=$ROOT/tests/acceptance/lib/objstore.py

# ---------------------------------------------------------------- prerequisites and build
if ! command -v pgbackrest >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1 ||
  [ ! -x /usr/lib/postgresql/15/bin/initdb ] || ! command -v stunnel4 >/dev/null 2>&1 ||
  [ ! -x "$VENV/bin/moto_server" ] || [ ! -x "$VENV/bin/gcp-storage-emulator" ] || [ ! -x "$AZURITE" ]; then
  echo "objstore: installing PostgreSQL 15 / pgBackRest / stunnel / moto / gcp-storage-emulator / Azurite"
  scripts/bootstrap.sh --system --objstore
fi
cargo build --quiet --locked -p pgbr-cli
cargo build --quiet --locked -p pgbr-core --example pick
PGBR=$ROOT/target/debug/pgbr
PICK=$ROOT/target/debug/examples/pick

# shellcheck source=tests/acceptance/lib/cluster.sh
. tests/acceptance/lib/cluster.sh
say "$(pgbackrest version), $("$PGBIN/postgres" --version); temporary directory $T"
say "stores: ${STORES[*]}"

make_certs "${HOSTS[@]}"
# The stores' certificate: DNS:127.0.0.1 for pgBackRest 2.45, IP:127.0.0.1 for the helper.
make_cert store "DNS:127.0.0.1,IP:127.0.0.1"
chown -R "$RUN_USER" "$T"

start_cluster ''
pass "primary replica 1 with streaming standbys replica 2 and 3"
psql_on 1 "create table objstore_marker(store text primary key, note text)" >/dev/null

wait_listen() { # wait_listen PORT WHAT LOG
  for _ in $(seq 300); do
    port_busy "$1" && return 0
    sleep 0.1
  done
  LAST_OUT=$3
  fail "$2 does not listen on 127.0.0.1:$1"
}

# Runs the helper with the secrets of FILE (a generated pgbackrest.env) in its environment.
helper() { # helper ENV-FILE ARGS...
  local env=$1
  shift
  sh -c 'set -a; . "$1"; set +a; shift; exec "$@"' sh "$env" "$VENV/bin/python" "$HELPER" "$@"
}

# ---------------------------------------------------------------- the stores
# stunnel: TLS on 127.0.0.1:STORE_PORT (the test CA's certificate) in front of a plain-HTTP store.
start_stunnel() { # start_stunnel STORE BACKEND-PORT; sets STORE_PORT and STORE_URL
  free_port STORE_PORT
  cat >"$T/stunnel-$1.conf" <<EOF
foreground = yes
pid =
output = $T/evidence/stunnel-$1.log
[$1]
accept = 127.0.0.1:$STORE_PORT
connect = 127.0.0.1:$2
cert = $T/certs/store.crt
key = $T/certs/store.key
EOF
  stunnel4 "$T/stunnel-$1.conf" >"$T/evidence/stunnel-$1.out" 2>&1 &
  track_pid $!
  EXTRA_LOGS+=("$T/evidence/stunnel-$1.log")
  wait_listen "$STORE_PORT" "stunnel" "$T/evidence/stunnel-$1.out"
  STORE_URL=https://127.0.0.1:$STORE_PORT
}
start_s3() { # moto (plain HTTP) with stunnel in front
  local moto_port
  free_port moto_port
  "$VENV/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >"$T/evidence/moto.log" 2>&1 &
  track_pid $!
  EXTRA_LOGS+=("$T/evidence/moto.log")
  wait_listen "$moto_port" "moto" "$T/evidence/moto.log"
  start_stunnel s3 "$moto_port"
  say "S3: moto on 127.0.0.1:$moto_port, stunnel (TLS) on 127.0.0.1:$STORE_PORT"
}
start_gcs() { # gcp-storage-emulator (plain HTTP, in memory) with stunnel in front
  local emu_port
  free_port emu_port
  "$VENV/bin/gcp-storage-emulator" start -H 127.0.0.1 --port "$emu_port" --in-memory \
    >"$T/evidence/gcs-emulator.log" 2>&1 &
  track_pid $!
  EXTRA_LOGS+=("$T/evidence/gcs-emulator.log")
  wait_listen "$emu_port" "gcp-storage-emulator" "$T/evidence/gcs-emulator.log"
  start_stunnel gcs "$emu_port"
  say "GCS: gcp-storage-emulator on 127.0.0.1:$emu_port, stunnel (TLS) on 127.0.0.1:$STORE_PORT"
}
start_azure() { # Azurite's blob service, its own TLS; sets STORE_PORT
  free_port STORE_PORT
  mkdir -p "$T/azurite"
  "$AZURITE" --blobHost 127.0.0.1 --blobPort "$STORE_PORT" --cert "$T/certs/store.crt" \
    --key "$T/certs/store.key" --location "$T/azurite" --loose --skipApiVersionCheck \
    >"$T/evidence/azurite.log" 2>&1 &
  track_pid $!
  EXTRA_LOGS+=("$T/evidence/azurite.log")
  wait_listen "$STORE_PORT" "Azurite" "$T/evidence/azurite.log"
  STORE_URL=https://127.0.0.1:$STORE_PORT
  say "Azure: Azurite on 127.0.0.1:$STORE_PORT"
}

# The secret variables each store's generated pgbackrest.env must hold (and the file must not).
declare -A SECRET_VARS=(
  [s3]="PGBACKREST_REPO1_S3_KEY PGBACKREST_REPO1_S3_KEY_SECRET"
  [azure]="PGBACKREST_REPO1_AZURE_ACCOUNT PGBACKREST_REPO1_AZURE_ENDPOINT PGBACKREST_REPO1_AZURE_KEY"
  [gcs]="PGBACKREST_REPO1_GCS_KEY"
)
declare -A DESIGN_PORT=([s3]=9443 [azure]=10443 [gcs]=11443)
declare -A BACKUP_FROM=([s3]=2 [azure]=3 [gcs]=2) # the standby whose pooler file takes the backup

wal_in_store() { # wal_in_store ENV-FILE BUCKET: the WAL segments in the store's archive, as the store lists them
  local listing
  listing=$(helper "$1" "$store" list "$STORE_URL" "$T/certs/ca.crt" "$2" "pgbr/objstore/archive/$STANZA/") ||
    fail "$store: could not list the archive in $2"
  grep -Ec '/[0-9A-F]{24}-[0-9a-f]{40}' <<<"$listing" || true
}

# ---------------------------------------------------------------- one store, end to end
store_phase() { # store_phase STORE
  local store=$1 phase_start k h conf env var value opt out wal_before wal_after restore_dir label listing
  local K=${BACKUP_FROM[$store]}
  phase_start=$(date +%s)
  say "===== $store"
  "start_$store"
  local tls_port
  free_port tls_port

  # The design, as committed, with its temporary directory and ports made real.
  local design=$T/$store.toml out_dir=$T/$store
  local dp=${DESIGN_PORT[$store]}
  sed -e "s#/tmp/pgbr-objstore/#$T/#g" -e "s/^server-port = 8432\$/server-port = $tls_port/" \
    -e "s/^storage-port = $dp\$/storage-port = $STORE_PORT/" \
    -e "s/^gcs-endpoint = \"127.0.0.1:$dp\"\$/gcs-endpoint = \"127.0.0.1:$STORE_PORT\"/" \
    "tests/acceptance/$store.toml" >"$design"
  if grep -q /tmp/pgbr-objstore/ "$design" || ! grep -qx "server-port = $tls_port" "$design" ||
    ! grep -Eqx "(storage-port = |gcs-endpoint = \"127\.0\.0\.1:)$STORE_PORT\"?" "$design"; then
    fail "tests/acceptance/$store.toml no longer has the paths and ports the test rewrites"
  fi
  "$PGBR" generate "$design" --out "$out_dir" >"$T/evidence/generate-$store.out" 2>&1 ||
    { LAST_OUT=$T/evidence/generate-$store.out; fail "pgbr generate failed on $store.toml"; }
  (cd "$T" && find "$store" -type f | sort | xargs sha256sum) >"$T/evidence/generated-$store.sha256"

  # Secrets: in pgbackrest.env (mode 0600), none in pgbackrest.conf.
  for k in "${REPLICAS[@]}"; do
    conf=$out_dir/pooler-$k/pgbackrest.conf env=$out_dir/pooler-$k/pgbackrest.env
    if [ ! -f "$conf" ] || [ ! -f "$env" ]; then
      fail "pgbr generate did not write pooler-$k's pgbackrest.conf and pgbackrest.env"
    fi
    [ "$(stat -c %a "$env")" = 600 ] || fail "$env has mode $(stat -c %a "$env"), not 0600"
    grep -q "^repo1-type=$store\$" "$conf" || fail "$conf has no repo1-type=$store"
    for var in ${SECRET_VARS[$store]}; do
      value=$(sed -n "s/^$var=//p" "$env")
      [ -n "$value" ] || fail "$env does not set $var"
      opt=$(tr 'A-Z_' 'a-z-' <<<"${var#PGBACKREST_}")
      ! grep -q "^$opt=" "$conf" || fail "$conf sets the secret option $opt"
      [ ${#value} -lt 12 ] || ! grep -qF -- "$value" "$conf" || fail "$conf contains the value of $var"
    done
    [ "$(grep -c '^PGBACKREST_' "$env")" = "$(wc -w <<<"${SECRET_VARS[$store]}")" ] ||
      fail "$env holds other variables than ${SECRET_VARS[$store]}"
  done
  chown -R "$RUN_USER" "$out_dir"
  pass "$store: pgbr generate wrote 3 pooler files; the secrets (${SECRET_VARS[$store]}) are only in each pgbackrest.env (0600)"

  # Without its pgbackrest.env, pgBackRest refuses the file: the secrets really come from there.
  HOST_ENV=()
  out=$T/evidence/$store-without-env.out
  if on_host "${HOSTS[0]}" pgbackrest --config="$out_dir/pooler-1/pgbackrest.conf" --stanza="$STANZA" info >"$out" 2>&1; then
    LAST_OUT=$out
    fail "$store: pgBackRest worked with pooler-1's file without its pgbackrest.env"
  fi
  grep -q 'requires option: repo1-' "$out" || { LAST_OUT=$out; fail "$store: without the env file, expected 'requires option: repo1-…'"; }
  pass "$store: without pgbackrest.env pgBackRest stops at: $(grep -o 'requires option: repo1-[a-z0-9-]*' "$out" | head -n 1)"
  for k in "${REPLICAS[@]}"; do HOST_ENV[${HOSTS[$((k - 1))]}]=$out_dir/pooler-$k/pgbackrest.env; done

  # The bucket / container, created with the design's own credentials.
  local bucket
  bucket=$(sed -n 's/^repo1-\(s3-bucket\|azure-container\|gcs-bucket\)=//p' "$out_dir/pooler-1/pgbackrest.conf")
  helper "$out_dir/pooler-1/pgbackrest.env" "$store" create "$STORE_URL" "$T/certs/ca.crt" "$bucket" \
    >"$T/evidence/create-$store.out" 2>&1 ||
    { LAST_OUT=$T/evidence/create-$store.out; fail "$store: could not create $bucket"; }

  say "$store: one pgBackRest TLS server per host (port $tls_port), each with its own file and env"
  local -a server_pids=()
  for k in "${REPLICAS[@]}"; do
    start_server "${HOSTS[$((k - 1))]}" "$out_dir/pooler-$k/pgbackrest.conf"
    server_pids+=("$SERVER_PID")
  done
  for h in "${HOSTS[@]}"; do wait_server "$h" "$tls_port"; done

  pgbackrest_on "$store-stanza-create" "${HOSTS[0]}" "$out_dir/pooler-1/pgbackrest.conf" stanza-create
  no_unreachable_peer "$store: stanza-create with pooler-1's file"
  pass "$store: stanza-create with the primary's file (pooler-1), every peer reachable"

  # WAL from the primary, through its own pooler file and env file.
  env=$out_dir/pooler-1/pgbackrest.env conf=$out_dir/pooler-1/pgbackrest.conf
  wal_before=$(wal_in_store "$env" "$bucket")
  psql_on 1 "alter system set archive_command = 'set -a && . $env && set +a && pgbackrest --config=$conf --stanza=$STANZA archive-push %p'" >/dev/null
  psql_on 1 "select pg_reload_conf()" >/dev/null
  for k in "${REPLICAS[@]}"; do
    pgbackrest_on "$store-check-pooler-$k" "${HOSTS[$((k - 1))]}" "$out_dir/pooler-$k/pgbackrest.conf" check
    no_unreachable_peer "$store: check with pooler-$k's file"
  done
  wal_after=$(wal_in_store "$env" "$bucket")
  [ "$wal_after" -gt "$wal_before" ] ||
    fail "$store: no WAL segment reached $bucket ($wal_before before archive_command was set, $wal_after after check)"
  pass "$store: check with every pooler file; the primary's archive_command (pooler-1's file) put $((wal_after - wal_before)) WAL segments in $bucket"

  local marker
  marker="$store: written before the backup $(date +%s)-$RANDOM"
  psql_on 1 "insert into objstore_marker values ('$store', '$marker')" >/dev/null
  psql_on 1 "checkpoint; select pg_switch_wal()" >/dev/null

  # The backup through standby K's file copies from replica K.
  expect_pick "$design" "pooler-$K" primary standby standby
  [ "$WANT" = "$K" ] || fail "the core predicts pooler-$K's file backs up replica $WANT, not its own replica $K"
  pgbackrest_on "$store-backup-pooler-$K" "${HOSTS[$((K - 1))]}" "$out_dir/pooler-$K/pgbackrest.conf" \
    backup --type=full --log-level-console=detail
  no_unreachable_peer "$store: backup with pooler-$K's file"
  assert_backup_from "$store: backup with pooler-$K's file copies from its own replica $K (pg$PG)" "$LAST_OUT" "$K"
  label=$LABEL
  out=$T/evidence/$store-manifest.out
  on_host "${HOSTS[$((K - 1))]}" pgbackrest --config="$out_dir/pooler-$K/pgbackrest.conf" --stanza="$STANZA" \
    repo-get "backup/$STANZA/$label/backup.manifest" >"$out" 2>&1 || { LAST_OUT=$out; fail "$store: repo-get of backup $label's manifest failed"; }
  grep -qx 'option-backup-standby=true' "$out" || fail "$store: backup $label's manifest does not record option-backup-standby=true"
  listing=$(helper "$env" "$store" list "$STORE_URL" "$T/certs/ca.crt" "$bucket" "pgbr/objstore/backup/$STANZA/$label/") ||
    fail "$store: could not list backup $label in $bucket"
  grep -qx "pgbr/objstore/backup/$STANZA/$label/backup.manifest" <<<"$listing" ||
    fail "$store: backup $label has no backup.manifest in $bucket"
  pass "$store: backup $label is in $bucket ($(wc -l <<<"$listing") objects), its manifest records option-backup-standby=true"

  # Restore from the store on replica K's host, start it, read the row back.
  restore_dir=$T/restore-$store
  pgbackrest_on "$store-restore" "${HOSTS[$((K - 1))]}" "$out_dir/pooler-$K/pgbackrest.conf" \
    restore --pg1-path="$restore_dir" --log-level-console=info
  mkdir -p "$T/sock/restore-$store" && chown "$RUN_USER" "$T/sock/restore-$store"
  pg_start "$restore_dir" "${HOSTS[$((K - 1))]}" \
    "-c port=5599 -c unix_socket_directories=$T/sock/restore-$store -c archive_mode=off -c listen_addresses=''"
  for _ in $(seq 120); do
    [ "$(psql_on "restore-$store" 'select pg_is_in_recovery()')" = f ] && break
    sleep 0.5
  done
  [ "$(psql_on "restore-$store" 'select pg_is_in_recovery()')" = f ] ||
    fail "$store: the restored cluster did not finish recovery"
  local got
  got=$(psql_on "restore-$store" "select note from objstore_marker where store = '$store'") ||
    fail "$store: the restored cluster cannot be queried"
  [ "$got" = "$marker" ] || fail "$store: the restored cluster has '$got', expected '$marker'"
  grep -q 'restored log file .* from archive' "$T/pglog/restore-$store.log" ||
    fail "$store: the restored cluster fetched no WAL from the archive (archive-get)"
  pass "$store: restore from $bucket: recovered, promoted, and returned the row written before the backup ($(grep -c 'restored log file' "$T/pglog/restore-$store.log") WAL segments from the archive)"
  pg_stop "$restore_dir"

  for k in "${server_pids[@]}"; do stop_pid "$k"; done
  (cd "$T" && sha256sum --quiet -c "$T/evidence/generated-$store.sha256") >/dev/null 2>&1 ||
    fail "$store: a generated file changed during the test"
  pass "$store: passed in $(($(date +%s) - phase_start))s, with the files pgbr generate wrote, byte for byte"
}

for store in "${STORES[@]}"; do
  case "$store" in
    s3 | azure | gcs) store_phase "$store" ;;
    *) fail "unknown store '$store' (s3, azure, gcs)" ;;
  esac
done
