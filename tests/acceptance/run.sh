#!/usr/bin/env bash
# Real-server acceptance test (issue 3): a backup run with pooler K's generated file backs up
# replica K. Nothing is mocked: PostgreSQL (one primary, three streaming standbys) and
# pgBackRest (one TLS server per "host", each on its own loopback address), using exactly
# the files `pgbr generate` writes. See tests/acceptance/README.md for what is asserted.
#
# Usage: tests/acceptance/run.sh        (make acceptance; also run by `make test`)
# Env:   ACCEPTANCE_RELEASE=2.45  pgBackRest 2.45 with PostgreSQL 15 (Debian 12's; the default)
#        ACCEPTANCE_RELEASE=2.60  pgBackRest 2.60 with PostgreSQL 18 (scripts/bootstrap.sh
#                                 --releases); adds backup-standby=prefer and IP-address SANs
#        ACCEPTANCE_KEEP=1        keep the temporary directory (it is printed) after the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
START=$(date +%s)
REL=${ACCEPTANCE_RELEASE:-2.45}
case "$REL" in
  2.45 | 2.60) ;;
  *) echo "acceptance: ACCEPTANCE_RELEASE=$REL: use 2.45 or 2.60" >&2; exit 2 ;;
esac
# Every pgBackRest and PostgreSQL command runs through scripts/pgbackrest-at.sh: the release's
# own binaries, as a non-root user, wherever that release lives (2.60: a chroot).
AT=$ROOT/scripts/pgbackrest-at.sh
STANZA=accept
H1=127.0.0.11 H2=127.0.0.12 H3=127.0.0.13 H4=127.0.0.14 RH=127.0.0.20
HOSTS=("$H1" "$H2" "$H3" "$H4")
REPLICAS=(1 2 3 4) # replica K runs on HOSTS[K-1]; replica 1 is the primary

say() { printf '\033[1macceptance:\033[0m %s\n' "$*"; }

# ---------------------------------------------------------------- prerequisites and build
PGBIN=$("$AT" --pg-bin "$REL")
if ! "$AT" "$REL" version >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1 ||
  ! "$AT" --exec "$REL" test -x "$PGBIN/initdb"; then
  say "installing pgBackRest $REL / PostgreSQL / openssl"
  scripts/bootstrap.sh --system --releases
fi
say "$("$AT" "$REL" version), $("$AT" --exec "$REL" "$PGBIN/postgres" --version)"
[[ $("$AT" "$REL" version) =~ ^pgBackRest\ ${REL/./\\.}(\.[0-9]+)?$ ]] || { echo "acceptance: not pgBackRest $REL" >&2; exit 1; }
cargo build --quiet --locked -p pgbr-cli
cargo build --quiet --locked -p pgbr-core --example pick
say "built pgbr and the core's pick example ($(($(date +%s) - START))s so far)"
PGBR=$ROOT/target/debug/pgbr
PICK=$ROOT/target/debug/examples/pick

# PostgreSQL and pgBackRest run as a non-root user: `postgres` when we are root.
# AS_PG is a command prefix that execs (no fork), so `"${AS_PG[@]}" cmd &` gives cmd's own PID;
# it runs cmd where the release runs (for 2.60 in its chroot, which sees this /tmp).
if [ "$(id -u)" -eq 0 ]; then RUN_USER=postgres; else RUN_USER=$(id -un); fi
AS_PG=("$AT" --exec "$REL")
as_pg() { "${AS_PG[@]}" "$@"; }

T=$(mktemp -d /tmp/pgbr-accept.XXXXXX)
chmod 0755 "$T"
SERVER_PIDS=()
declare -A SERVER_OF=() # HOST:PORT -> the PID of that TLS server
STARTED_PG=()
FAILED=0
LAST_OUT=

# ---------------------------------------------------------------- cleanup and failure report
report_failure() {
  echo
  say "FAILED — relevant log lines follow (temporary directory $T)"
  if [ -n "$LAST_OUT" ] && [ -f "$LAST_OUT" ]; then
    echo "----- output of the failing command ($LAST_OUT)"
    grep -v 'DETAIL: backup file' "$LAST_OUT" | tail -n 60
  fi
  local f
  for f in $(find "$T/log" "$T/hostlog" -name '*.log' 2>/dev/null | sort); do
    if grep -qE 'ERROR|WARN' "$f"; then
      echo "----- pgBackRest log $f (ERROR/WARN lines)"
      grep -E 'ERROR|WARN' "$f" | tail -n 25
    fi
  done
  for f in "$T"/pglog/*.log; do
    [ -f "$f" ] || continue
    echo "----- PostgreSQL log $f (last lines)"
    tail -n 15 "$f"
  done
}

cleanup() {
  local rc=$?
  set +e
  [ $rc -ne 0 ] && FAILED=1
  [ $FAILED -ne 0 ] && report_failure
  local pid d
  for pid in "${SERVER_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null
  done
  for d in "${STARTED_PG[@]}"; do
    if [ -f "$d/postmaster.pid" ]; then
      # A restarted replica is listed twice: its file may be gone by the second time.
      pid=$(head -n 1 "$d/postmaster.pid" 2>/dev/null) || continue
      kill -INT "$pid" 2>/dev/null # fast shutdown of that postmaster only
    fi
  done
  for pid in "${SERVER_PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  for d in "${STARTED_PG[@]}"; do
    if [ -f "$d/postmaster.pid" ]; then
      pid=$(head -n 1 "$d/postmaster.pid" 2>/dev/null) || continue
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -QUIT "$pid" 2>/dev/null
    fi
  done
  if [ "${ACCEPTANCE_KEEP:-0}" = 1 ]; then
    say "kept $T"
  else
    rm -rf "$T"
  fi
  local took=$(($(date +%s) - START))
  if [ $FAILED -eq 0 ]; then say "PASSED in ${took}s"; else say "FAILED after ${took}s"; fi
  exit $((rc == 0 && FAILED != 0 ? 1 : rc))
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  FAILED=1
  printf '\033[31macceptance: ASSERTION FAILED:\033[0m %s\n' "$*" >&2
  exit 1
}
pass() { printf '\033[32macceptance: ok\033[0m %s\n' "$*"; }

# ---------------------------------------------------------------- free TCP ports
port_busy() { ss -Htln "sport = :$1" | grep -q .; }
TLS_PORT=
for _ in $(seq 50); do
  p=$((20000 + RANDOM % 12000)) # below the ephemeral range (32768+)
  if ! port_busy "$p" && ! port_busy $((p + 1)); then TLS_PORT=$p; break; fi
done
[ -n "$TLS_PORT" ] || fail "no free TCP port pair found for the TLS servers"
TLS_PORT_RH=$((TLS_PORT + 1))
PGPORT=(5511 5512 5513 5514) # unix sockets only, each in its own directory: no TCP port is used
say "temporary directory $T; TLS servers on port $TLS_PORT (pooler topology), $TLS_PORT_RH (repo-host)"

mkdir -p "$T"/{certs,log,lock,spool,pglog,evidence,repo,repo-rh,sock/r1,sock/r2,sock/r3,sock/r4,sock/restore}
for h in "${HOSTS[@]}" "$RH" restore; do mkdir -p "$T/hostlog/$h" "$T/hostlock/$h"; done

# ---------------------------------------------------------------- certificates
# The CN is the client identity (tls-server-auth); the subjectAltName is what a client checks
# the server's address against. 2.45 compares the address only with DNS-type SANs, so there it
# is `DNS:127.0.0.11`; 2.60 (IP SANs honoured from 2.53) gets the proper `IP:127.0.0.11` only,
# so every TLS connection of the 2.60 run proves an IP-address host is verified by its IP SAN.
if [ "$REL" = 2.45 ]; then SAN_TYPE=DNS; else SAN_TYPE=IP; fi
make_cert() { # make_cert NAME CN SAN  (in $T/certs)
  (
    cd "$T/certs"
    openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" 2>/dev/null
    printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$3" >"$1.ext"
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
      -days 2 -extfile "$1.ext" -out "$1.crt" 2>/dev/null
    chmod 0600 "$1.key"
  )
}
say "making a CA and one certificate per host (CN = its address, subjectAltName $SAN_TYPE:<its address>)"
(cd "$T/certs" && openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 \
  -subj "/CN=pgbr-acceptance-ca" 2>/dev/null)
for h in "${HOSTS[@]}" "$RH"; do make_cert "$h" "$h" "$SAN_TYPE:$h"; done
openssl x509 -in "$T/certs/$H2.crt" -noout -ext subjectAltName 2>/dev/null | grep -q "$([ $SAN_TYPE = IP ] && echo 'IP Address' || echo DNS):$H2" ||
  fail "the certificate of $H2 does not carry the $SAN_TYPE SAN $H2"

# ---------------------------------------------------------------- designs and generated files
pooler_block() { # pooler_block K ZONE CONFIG-DIR
  local k=$1
  cat <<EOF

[[pooler]]
name = "pooler-$k"
host = "${HOSTS[$((k - 1))]}"
pg-path = "$T/r$k"
pg-port = ${PGPORT[$((k - 1))]}
pg-socket-path = "$T/sock/r$k"
pg-user = "postgres"
pg-host-config = "$3/pooler-$k/pgbackrest.conf"
zone = "$2"
EOF
}
common_tail() { # common_tail REPO-PATH TLS-PORT [BACKUP-STANDBY]
  cat <<EOF

[[repo]]
index = 1
type = "posix"
path = "$1"
retention-full = 10

[tls]
ca-file = "$T/certs/ca.crt"
cert-file = "$T/certs/{host}.crt"
key-file = "$T/certs/{host}.key"
server-address = "{host}"
server-port = $2

[global]
archive-timeout = 60
backup-standby = "${3:-y}"
compress-type = "lz4"
lock-path = "$T/lock"
log-path = "$T/log"
spool-path = "$T/spool"
start-fast = true
EOF
}

ZONES=(- zone-a zone-b zone-a zone-b) # ZONES[K]: replica K's zone
pooler_design() { # pooler_design PEER-ORDER OUT-DIR [BACKUP-STANDBY]
  cat <<EOF
# Written by tests/acceptance/run.sh
stanza = "$STANZA"
pgbackrest-version = "$REL"
topology = "pooler"
peer-order = "$1"
EOF
  for k in "${REPLICAS[@]}"; do pooler_block "$k" "${ZONES[k]}" "$2"; done
  common_tail "$T/repo" "$TLS_PORT" "${3:-y}"
}

# Pooler topology. peer-order "zone" (pooler-1 and pooler-3 in zone-a, pooler-2 and pooler-4 in
# zone-b) makes the primary's file (pooler-1) list replica 3 before replica 2, so its fallback
# is not simply "the next pooler in the design" and the core's order really is under test.
OUT=$T/out
pooler_design zone "$OUT" >"$T/design.toml"
# The same cluster in the two other peer orders: with replica 3 down, pooler-3's file backs up
# replica 2 in declared order (3,1,2,4) but replica 4 in rotate order (3,4,1,2).
for order in declared rotate; do pooler_design "$order" "$T/out-$order" >"$T/design-$order.toml"; done
# 2.60: the same cluster with backup-standby = "prefer" (2.54+), for (6).
GENERATED=(out out-declared out-rotate out-rh)
if [ "$REL" = 2.60 ]; then
  pooler_design zone "$T/out-prefer" prefer >"$T/design-prefer.toml"
  GENERATED+=(out-prefer)
fi

# Repo-host topology: the same replicas, a dedicated repository host with its own repository.
OUT_RH=$T/out-rh
{
  cat <<EOF
# Written by tests/acceptance/run.sh
stanza = "$STANZA"
pgbackrest-version = "$REL"
topology = "repo-host"
EOF
  for k in "${REPLICAS[@]}"; do pooler_block "$k" "${ZONES[k]}" "$OUT_RH"; done
  cat <<EOF

[repo-host]
host = "$RH"
host-config = "$OUT_RH/$RH/pgbackrest.conf"
EOF
  common_tail "$T/repo-rh" "$TLS_PORT_RH"
} >"$T/design-rh.toml"

say "pgbr generate (pooler topology in zone, declared and rotate order; repo-host topology)"
"$PGBR" generate "$T/design.toml" --out "$OUT" >"$T/evidence/generate.out" 2>&1 ||
  { LAST_OUT=$T/evidence/generate.out; fail "pgbr generate failed on the pooler design"; }
for variant in declared rotate $([ "$REL" = 2.60 ] && echo prefer); do
  "$PGBR" generate "$T/design-$variant.toml" --out "$T/out-$variant" >"$T/evidence/generate-$variant.out" 2>&1 ||
    { LAST_OUT=$T/evidence/generate-$variant.out; fail "pgbr generate failed on the $variant design"; }
done
"$PGBR" generate "$T/design-rh.toml" --out "$OUT_RH" >"$T/evidence/generate-rh.out" 2>&1 ||
  { LAST_OUT=$T/evidence/generate-rh.out; fail "pgbr generate failed on the repo-host design"; }
CONF=()
for k in "${REPLICAS[@]}"; do
  CONF[k]=$OUT/pooler-$k/pgbackrest.conf
  [ -f "${CONF[k]}" ] || fail "pgbr generate did not write ${CONF[k]}"
  [ -f "$OUT_RH/pooler-$k/pgbackrest.conf" ] || fail "pgbr generate did not write $OUT_RH/pooler-$k/pgbackrest.conf"
done
CONF_RH=$OUT_RH/$RH/pgbackrest.conf
[ -f "$CONF_RH" ] || fail "pgbr generate did not write $CONF_RH"
# Checksums, to prove at the end that nothing edited the generated files.
(cd "$T" && find "${GENERATED[@]}" -type f | sort | xargs sha256sum) >"$T/evidence/generated.sha256"

chown -R "$RUN_USER" "$T"

# Runs a command "on" host H: pgBackRest's log and lock paths are that host's own.
on_host() { # on_host HOST CMD...
  local h=$1
  shift
  as_pg env PGBACKREST_LOG_PATH="$T/hostlog/$h" PGBACKREST_LOCK_PATH="$T/hostlock/$h" "$@"
}

# Runs pgBackRest on host H with FILE; output in $T/evidence/NAME.out; fails the test on error.
PGBR_STEP=0
pgbackrest_on() { # pgbackrest_on NAME HOST FILE ARGS...
  local name=$1 h=$2 file=$3; shift 3
  PGBR_STEP=$((PGBR_STEP + 1))
  LAST_OUT=$T/evidence/$(printf '%02d' $PGBR_STEP)-$name.out
  echo "\$ pgbackrest --config=$file --stanza=$STANZA $*   (on $h)" >"$LAST_OUT"
  if ! pgbackrest_run "$h" "$file" "$@" >>"$LAST_OUT" 2>&1; then
    fail "$name: pgbackrest $* with $file on $h exited non-zero"
  fi
}
pgbackrest_run() { # pgbackrest_run HOST FILE ARGS...: the release's pgbackrest on HOST
  local h=$1 file=$2; shift 2
  env PGBACKREST_LOG_PATH="$T/hostlog/$h" PGBACKREST_LOCK_PATH="$T/hostlock/$h" \
    timeout 300 "$AT" "$REL" --config="$file" --stanza="$STANZA" "$@"
}

# Fails when the last pgBackRest output has an `unable to check pgN` warning.
no_unreachable_peer() { # no_unreachable_peer WHAT
  if grep -q 'unable to check pg' "$LAST_OUT"; then
    fail "$1: pgBackRest could not reach a peer: $(grep 'unable to check pg' "$LAST_OUT" | head -n 3)"
  fi
}

# ---------------------------------------------------------------- PostgreSQL: primary + 2 standbys
psql_on() { # psql_on K SQL  (K: 1..3 or "restore")
  local k=$1 port sock
  if [ "$k" = restore ]; then port=5519 sock=$T/sock/restore; else port=${PGPORT[$((k - 1))]} sock=$T/sock/r$k; fi
  as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U postgres -d postgres -Atc "$2"
}
pg_start() { # pg_start DATADIR HOST [pg_ctl -o options]
  local d=$1 h=$2
  local -a opts=()
  [ $# -ge 3 ] && opts=(-o "$3")
  STARTED_PG+=("$d")
  on_host "$h" "$PGBIN/pg_ctl" -D "$d" -l "$T/pglog/$(basename "$d").log" -w -t 60 "${opts[@]}" start \
    >"$T/evidence/pg_ctl-$(basename "$d").out" 2>&1 ||
    { LAST_OUT=$T/evidence/pg_ctl-$(basename "$d").out; fail "PostgreSQL in $d did not start"; }
}
pg_stop() { # pg_stop DATADIR
  as_pg "$PGBIN/pg_ctl" -D "$1" -m fast -w -t 60 stop >/dev/null
}
wait_streaming() { # wait_streaming N: until N standbys stream from the primary
  for _ in $(seq 120); do
    [ "$(psql_on 1 "select count(*) from pg_stat_replication where state = 'streaming'")" = "$1" ] && return 0
    sleep 0.5
  done
  fail "expected $1 streaming standbys, have $(psql_on 1 'select count(*) from pg_stat_replication')"
}

say "initdb the primary (replica 1 on $H1) and start it"
as_pg "$PGBIN/initdb" -D "$T/r1" -U postgres -A trust --no-sync >"$T/evidence/initdb.out" 2>&1 ||
  { LAST_OUT=$T/evidence/initdb.out; fail "initdb failed"; }
# PostgreSQL runs the release's own pgbackrest: the one on its PATH where it runs.
ARCHIVE_CMD="pgbackrest --config=${CONF[1]} --stanza=$STANZA archive-push %p"
cat >>"$T/r1/postgresql.conf" <<EOF

# acceptance test
listen_addresses = ''
port = ${PGPORT[0]}
unix_socket_directories = '$T/sock/r1'
fsync = off
archive_mode = on
archive_command = '$ARCHIVE_CMD'
wal_keep_size = '256MB'
EOF
pg_start "$T/r1" "$H1"
for k in "${REPLICAS[@]:1}"; do psql_on 1 "select pg_create_physical_replication_slot('r$k')" >/dev/null; done

for k in "${REPLICAS[@]:1}"; do
  say "pg_basebackup -R: standby replica $k on ${HOSTS[$((k - 1))]}"
  as_pg "$PGBIN/pg_basebackup" -h "$T/sock/r1" -p "${PGPORT[0]}" -U postgres -D "$T/r$k" -R -S "r$k" \
    -X stream -c fast --no-sync >"$T/evidence/basebackup-r$k.out" 2>&1 ||
    { LAST_OUT=$T/evidence/basebackup-r$k.out; fail "pg_basebackup for replica $k failed"; }
  cat >>"$T/r$k/postgresql.conf" <<EOF

# acceptance test: standby replica $k
port = ${PGPORT[$((k - 1))]}
unix_socket_directories = '$T/sock/r$k'
EOF
  pg_start "$T/r$k" "${HOSTS[$((k - 1))]}"
done
STANDBYS=$((${#REPLICAS[@]} - 1))
wait_streaming $STANDBYS
for k in "${REPLICAS[@]:1}"; do
  [ "$(psql_on "$k" 'select pg_is_in_recovery()')" = t ] || fail "replica $k is not a standby"
done
pass "primary replica 1 with streaming standbys replica 2, 3 and 4"

# ---------------------------------------------------------------- TLS servers
start_server() { # start_server HOST FILE PORT
  local h=$1 file=$2
  # env execs the wrapper, which execs pgbackrest: $! is the server's own PID.
  env PGBACKREST_LOG_PATH="$T/hostlog/$h" PGBACKREST_LOCK_PATH="$T/hostlock/$h" \
    "$AT" "$REL" --config="$file" server >>"$T/evidence/server-$h.out" 2>&1 &
  SERVER_PIDS+=($!)
  SERVER_OF[$h:$3]=$!
}
stop_server() { # stop_server HOST PORT: that one TLS server, by its PID
  local pid=${SERVER_OF[$1:$2]}
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  fail "the TLS server on $1:$2 (PID $pid) did not stop"
}
wait_server() { # wait_server HOST PORT
  for _ in $(seq 100); do
    "$AT" "$REL" server-ping "$1" --tls-server-port="$2" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  LAST_OUT=$T/evidence/server-$1.out
  fail "the pgBackRest TLS server on $1:$2 does not answer"
}
say "starting one pgBackRest TLS server per host, each with its own generated file"
for k in "${REPLICAS[@]}"; do start_server "${HOSTS[$((k - 1))]}" "${CONF[k]}" "$TLS_PORT"; done
for h in "${HOSTS[@]}"; do wait_server "$h" "$TLS_PORT"; done
pass "TLS servers answer on ${HOSTS[*]} port $TLS_PORT"

# ---------------------------------------------------------------- stanza-create and check
for k in "${REPLICAS[@]}"; do
  pgbackrest_on "stanza-create-pooler-$k" "${HOSTS[$((k - 1))]}" "${CONF[k]}" stanza-create
  no_unreachable_peer "stanza-create with pooler-$k's file"
done
pass "stanza-create with every pooler file, every peer reachable"
for k in "${REPLICAS[@]}"; do
  pgbackrest_on "check-pooler-$k" "${HOSTS[$((k - 1))]}" "${CONF[k]}" check
  no_unreachable_peer "check with pooler-$k's file"
done
pass "check with every pooler file (archive_command pushes through pooler-1's file)"

# ---------------------------------------------------------------- (ip) 2.60: the IP SAN is what is checked
# Every connection so far reached an IP-address host whose certificate names it only as an
# IP SAN. To show that SAN is really compared (not skipped, not the CN instead): replica 2's
# TLS server gets a certificate with the same CN but the IP SAN of another address, and a
# check with pooler-1's file must then refuse that peer; with the right certificate back it
# must reach it again.
if [ "$REL" = 2.60 ]; then
  say "(ip) replica 2's TLS server with a certificate for IP:127.0.0.99 instead of IP:$H2"
  stop_server "$H2" "$TLS_PORT"
  cp -p "$T/certs/$H2.crt" "$T/certs/$H2.crt.right" && cp -p "$T/certs/$H2.key" "$T/certs/$H2.key.right"
  make_cert "$H2" "$H2" "IP:127.0.0.99"
  chown "$RUN_USER" "$T/certs/$H2".*
  start_server "$H2" "${CONF[2]}" "$TLS_PORT"
  wait_server "$H2" "$TLS_PORT"
  PG_OF_H2=$(grep -n "^pg[0-9]*-host=$H2\$" "${CONF[1]}" | sed -E 's/.*:pg([0-9]+)-host=.*/\1/')
  [ -n "$PG_OF_H2" ] || fail "(ip) pooler-1's file has no pgN-host=$H2"
  PGBR_STEP=$((PGBR_STEP + 1))
  LAST_OUT=$T/evidence/$(printf '%02d' $PGBR_STEP)-check-pooler-1-wrong-ip-san.out
  pgbackrest_run "$H1" "${CONF[1]}" check >"$LAST_OUT" 2>&1 || true # it fails, or only warns
  grep -q "unable to check pg$PG_OF_H2: \[CryptoError\] unable to find hostname '$H2' in certificate common name or subject alternative names" "$LAST_OUT" ||
    fail "(ip) pgBackRest accepted replica 2's certificate for IP:127.0.0.99 as $H2 (pg$PG_OF_H2)"
  pass "(ip) a certificate whose IP SAN names another address is refused for $H2 (pg$PG_OF_H2 of pooler-1's file)"
  stop_server "$H2" "$TLS_PORT"
  mv "$T/certs/$H2.crt.right" "$T/certs/$H2.crt" && mv "$T/certs/$H2.key.right" "$T/certs/$H2.key"
  start_server "$H2" "${CONF[2]}" "$TLS_PORT"
  wait_server "$H2" "$TLS_PORT"
  pgbackrest_on check-pooler-1-right-ip-san "$H1" "${CONF[1]}" check
  no_unreachable_peer "(ip) check with pooler-1's file, replica 2's own certificate back"
  pass "(ip) with its IP:$H2 certificate back, replica 2 is reached again: IP-address hosts are verified by their IP SAN"
fi

MARKER="written before the backups $(date +%s)-$RANDOM"
psql_on 1 "create table accept_marker(id int primary key, note text); insert into accept_marker values (1, '$MARKER');" >/dev/null
psql_on 1 "checkpoint; select pg_switch_wal();" >/dev/null

# ---------------------------------------------------------------- evidence helpers
# The core's prediction: `pick DESIGN FOLDER ROLE1 ROLE2 ROLE3` -> "standby pooler-N pgM".
expect_pick() { # expect_pick DESIGN FOLDER ROLES... -> sets WANT (pooler number) and PG
  local out
  out=$("$PICK" "$@") || fail "the core's pick failed for $*"
  [[ $out =~ ^standby\ pooler-([0-9]+)\ pg([0-9]+)$ ]] || fail "the core predicts '$out' for $*, not a standby"
  WANT=${BASH_REMATCH[1]} PG=${BASH_REMATCH[2]}
}

# From a `--log-level-console=detail` backup output (pgBackRest's own `backup file [HOST:]PATH`
# line per copied file), counts the data files (base/, global/ but pg_control, pg_xact/,
# pg_multixact/) and the other files per replica data directory, and checks each remote
# file's host prefix is that replica's address. Sets DATA[1..3] and OTHER[1..3].
count_sources() { # count_sources LOG
  DATA=(0 0 0 0 0) OTHER=(0 0 0 0 0)
  local line spec host path k rel i
  while IFS= read -r line; do
    spec=${line#*backup file }
    spec=${spec%% *}
    host= path=$spec
    if [[ $spec != /* ]]; then host=${spec%%:*}; path=${spec#*:}; fi
    k=0
    for i in "${REPLICAS[@]}"; do [[ $path == "$T/r$i/"* ]] && k=$i; done
    [ $k -ne 0 ] || fail "a copied file is in no replica's data directory: $line"
    if [ -n "$host" ] && [ "$host" != "${HOSTS[$((k - 1))]}" ]; then
      fail "file $path of replica $k was sent by host $host, not ${HOSTS[$((k - 1))]}"
    fi
    rel=${path#"$T/r$k/"}
    if [[ $rel =~ ^(base|global|pg_xact|pg_multixact)/ ]] && [ "$rel" != global/pg_control ]; then
      DATA[k]=$((DATA[k] + 1))
    else
      OTHER[k]=$((OTHER[k] + 1))
    fi
  done < <(grep 'backup file ' "$1")
}

# Asserts a backup's data files all came from replica WANT and the rest from the primary.
assert_backup_from() { # assert_backup_from WHAT LOG WANT REPO-PATH [MANIFEST-BACKUP-STANDBY]
  local what=$1 log=$2 want=$3 repo=$4 flag=${5:-true} label
  count_sources "$log"
  local -a d=("${DATA[@]}") o=("${OTHER[@]}")
  local summary="data files from replica 1/2/3/4: ${d[1]}/${d[2]}/${d[3]}/${d[4]}; other files: ${o[1]}/${o[2]}/${o[3]}/${o[4]}"
  [ "${d[want]}" -ge 100 ] || fail "$what: expected the data files from replica $want (${HOSTS[$((want - 1))]}), got $summary"
  for i in "${REPLICAS[@]}"; do
    [ "$i" = "$want" ] && continue
    [ "${d[i]}" -eq 0 ] || fail "$what: ${d[i]} data files came from replica $i, expected all from replica $want ($summary)"
  done
  [ $((o[2] + o[3] + o[4])) -eq 0 ] ||
    fail "$what: non-data files must come from the primary (replica 1): $summary"
  label=$(sed -n 's/.*new backup label = \([0-9A-Z_-]*\).*/\1/p' "$log")
  [ -n "$label" ] || fail "$what: the backup did not complete (no 'new backup label')"
  grep -qx "option-backup-standby=$flag" "$repo/backup/$STANZA/$label/backup.manifest" ||
    fail "$what: backup $label's manifest does not record option-backup-standby=$flag"
  pass "$what: $summary"
}

backup_on() { # backup_on NAME HOST FILE -> leaves the output in $LAST_OUT
  pgbackrest_on "$1" "$2" "$3" backup --type=full --log-level-console=detail
}

# ---------------------------------------------------------------- (1) pooler K's file backs up replica K
for k in "${REPLICAS[@]:1}"; do
  expect_pick "$T/design.toml" "pooler-$k" primary standby standby standby
  [ "$WANT" = "$k" ] || fail "the core predicts pooler-$k's file backs up replica $WANT, not its own replica $k"
  backup_on "backup-pooler-$k" "${HOSTS[$((k - 1))]}" "${CONF[k]}"
  no_unreachable_peer "backup with pooler-$k's file"
  assert_backup_from "(1) backup with pooler-$k's file copies from its own replica $k (pg$PG)" "$LAST_OUT" "$k" "$T/repo"
done

# ---------------------------------------------------------------- (2) the primary's file falls back
expect_pick "$T/design.toml" pooler-1 primary standby standby standby
[ "$WANT" != 1 ] || fail "the core predicts the primary's own replica for pooler-1's file"
backup_on backup-pooler-1 "$H1" "${CONF[1]}"
no_unreachable_peer "backup with pooler-1's file"
assert_backup_from "(2) backup with the primary's file (pooler-1) falls back to pg$PG = replica $WANT, as the core predicts" "$LAST_OUT" "$WANT" "$T/repo"

# ---------------------------------------------------------------- (3) own replica stopped
say "stopping replica 2"
pg_stop "$T/r2"
expect_pick "$T/design.toml" pooler-2 primary down standby standby
[ "$WANT" != 2 ] || fail "the core predicts the stopped replica 2"
backup_on backup-pooler-2-replica-2-down "$H2" "${CONF[2]}"
grep -q 'unable to check pg1' "$LAST_OUT" ||
  fail "(3) expected pgBackRest to warn 'unable to check pg1' for the stopped replica 2"
assert_backup_from "(3) with replica 2 stopped, pooler-2's file backs up pg$PG = replica $WANT (next reachable standby, as the core predicts)" "$LAST_OUT" "$WANT" "$T/repo"
LAST_BACKUP_FROM=$WANT
pg_start "$T/r2" "$H2"
wait_streaming $STANDBYS

# ---------------------------------------------------------------- (3b) the peer order decides
say "stopping replica 3"
pg_stop "$T/r3"
declare -A ORDER_WANT=()
for order in declared rotate; do
  expect_pick "$T/design-$order.toml" pooler-3 primary standby down standby
  ORDER_WANT[$order]=$WANT
  backup_on "backup-pooler-3-$order-replica-3-down" "$H3" "$T/out-$order/pooler-3/pgbackrest.conf"
  grep -q 'unable to check pg1' "$LAST_OUT" ||
    fail "(3b) expected pgBackRest to warn 'unable to check pg1' for the stopped replica 3"
  assert_backup_from "(3b) $order order, replica 3 stopped: pooler-3's file backs up pg$PG = replica $WANT, as the core predicts" "$LAST_OUT" "$WANT" "$T/repo"
done
[ "${ORDER_WANT[declared]}" != "${ORDER_WANT[rotate]}" ] ||
  fail "(3b) declared and rotate order should pick different replicas here (both picked ${ORDER_WANT[declared]})"
LAST_BACKUP_FROM=${ORDER_WANT[rotate]}
pg_start "$T/r3" "$H3"
wait_streaming $STANDBYS

# ---------------------------------------------------------------- (4) restore
say "restoring the latest backup (taken from replica $LAST_BACKUP_FROM) into a new data directory"
pgbackrest_on restore "$H3" "${CONF[3]}" restore --pg1-path="$T/restore" --log-level-console=info
pg_start "$T/restore" restore \
  "-c port=5519 -c unix_socket_directories=$T/sock/restore -c archive_mode=off -c listen_addresses=''"
got=$(psql_on restore "select note from accept_marker where id = 1") ||
  fail "(4) the restored cluster cannot be queried"
[ "$got" = "$MARKER" ] || fail "(4) the restored cluster has '$got', expected '$MARKER'"
pass "(4) restored cluster started and returned the row written before the backup"
as_pg "$PGBIN/pg_ctl" -D "$T/restore" -m fast -w stop >/dev/null

# ---------------------------------------------------------------- (5) repo-host topology
say "repo-host topology: TLS servers with the repo-host files (port $TLS_PORT_RH), repository on $RH"
for k in "${REPLICAS[@]}"; do start_server "${HOSTS[$((k - 1))]}" "$OUT_RH/pooler-$k/pgbackrest.conf" "$TLS_PORT_RH"; done
start_server "$RH" "$CONF_RH" "$TLS_PORT_RH"
for h in "${HOSTS[@]}" "$RH"; do wait_server "$h" "$TLS_PORT_RH"; done
pgbackrest_on stanza-create-repo-host "$RH" "$CONF_RH" stanza-create
no_unreachable_peer "stanza-create with the repository host's file"
# The primary now archives to both repositories, each through its own generated file.
ARCHIVE_CMD_RH="$ARCHIVE_CMD && pgbackrest --config=$OUT_RH/pooler-1/pgbackrest.conf --stanza=$STANZA archive-push %p"
psql_on 1 "alter system set archive_command = '$ARCHIVE_CMD_RH'" >/dev/null
psql_on 1 "select pg_reload_conf()" >/dev/null
pgbackrest_on check-repo-host "$RH" "$CONF_RH" check
no_unreachable_peer "check with the repository host's file"
for k in "${REPLICAS[@]}"; do
  pgbackrest_on "check-repo-host-db-$k" "${HOSTS[$((k - 1))]}" "$OUT_RH/pooler-$k/pgbackrest.conf" check
done
pass "stanza-create and check with the repository host's file and every database host's file"
expect_pick "$T/design-rh.toml" "$RH" primary standby standby standby
backup_on backup-repo-host "$RH" "$CONF_RH"
no_unreachable_peer "backup with the repository host's file"
grep -q "backup file ${HOSTS[$((WANT - 1))]}:$T/r$WANT/base/" "$LAST_OUT" ||
  fail "(5) the repository host did not copy replica $WANT's files over TLS from ${HOSTS[$((WANT - 1))]}"
assert_backup_from "(5) repo-host topology: $RH backs up pg$PG = replica $WANT over TLS" "$LAST_OUT" "$WANT" "$T/repo-rh"
[ -n "$(find "$T/repo-rh/backup/$STANZA" -name backup.manifest -print -quit)" ] ||
  fail "(5) no backup in the repository host's repository $T/repo-rh"

# ---------------------------------------------------------------- (6) 2.60: backup-standby=prefer
# No standby reachable: replicas 2, 3 and 4 are stopped (their TLS servers answer, their
# PostgreSQL does not; with the TLS servers stopped instead, each peer costs a full io-timeout,
# 60 s by default, before pgBackRest gives up on it). With `y` the backup must fail as the
# core predicts; with `prefer` it must warn and back up the primary, every file from replica 1,
# as the core predicts.
if [ "$REL" = 2.60 ]; then
  say "(6) stopping replicas 2, 3 and 4: no standby is reachable from pooler-1"
  for k in 2 3 4; do pg_stop "$T/r$k"; done
  out=$("$PICK" "$T/design.toml" pooler-1 primary down down down) || fail "the core's pick failed"
  [ "$out" = "error unable to find standby cluster - cannot proceed" ] ||
    fail "(6) the core predicts '$out' for backup-standby=y with every standby down"
  PGBR_STEP=$((PGBR_STEP + 1))
  LAST_OUT=$T/evidence/$(printf '%02d' $PGBR_STEP)-backup-pooler-1-y-no-standby.out
  if pgbackrest_run "$H1" "${CONF[1]}" backup --type=full >"$LAST_OUT" 2>&1; then
    fail "(6) backup-standby=y with no standby reachable succeeded"
  fi
  grep -q 'ERROR: \[056\]: unable to find standby cluster - cannot proceed' "$LAST_OUT" ||
    fail "(6) backup-standby=y with no standby reachable did not fail with 'unable to find standby cluster'"
  pass "(6) backup-standby=y, no standby reachable: pgBackRest fails with the core's message (${out#error })"
  out=$("$PICK" "$T/design-prefer.toml" pooler-1 primary down down down) || fail "the core's pick failed"
  [[ $out =~ ^primary\ pooler-([0-9]+)\ pg([0-9]+)$ ]] || fail "(6) the core predicts '$out' for prefer, not the primary"
  WANT=${BASH_REMATCH[1]} PG=${BASH_REMATCH[2]}
  backup_on backup-pooler-1-prefer-no-standby "$H1" "$T/out-prefer/pooler-1/pgbackrest.conf"
  grep -q 'WARN: unable to find a standby to perform the backup, using primary instead' "$LAST_OUT" ||
    fail "(6) backup-standby=prefer did not warn 'unable to find a standby to perform the backup, using primary instead'"
  [ "$WANT" = 1 ] || fail "(6) the core names pooler-$WANT's replica, not the primary"
  assert_backup_from "(6) backup-standby=prefer, no standby reachable: pooler-1's file backs up the primary, pg$PG = replica $WANT, as the core predicts" \
    "$LAST_OUT" 1 "$T/repo" false
fi

# ---------------------------------------------------------------- the generated files were used as written
(cd "$T" && sha256sum --quiet -c "$T/evidence/generated.sha256") >/dev/null 2>&1 ||
  fail "a generated file changed during the test"
pass "every generated file is byte-for-byte what pgbr generate wrote"
