# shellcheck shell=bash
# Shared steps of the real-server acceptance tests: a temporary directory, certificates, a
# PostgreSQL 15 primary with streaming standbys (one loopback "host" each), one pgBackRest TLS
# server per host, and the evidence of which replica a backup copied from. Sourced (bash), never
# run. Every process it starts is recorded and stopped by its own PID on exit, also on failure.
#
# The caller sets, before sourcing:
#   NAME      short name, for messages and the temporary directory (/tmp/pgbr-NAME.XXXXXX)
#   STANZA    the stanza of the designs
#   HOSTS     array: HOSTS[K-1] is replica K's loopback address; replica 1 is the primary
#   PGPORT    array: PGPORT[K-1] is replica K's port (unix sockets only, no TCP)
# and may set KEEP=1 to keep the temporary directory. After sourcing: T, RUN_USER, AS_PG.

PGBIN=/usr/lib/postgresql/15/bin
START=$(date +%s)
REPLICAS=()
for _k in "${!HOSTS[@]}"; do REPLICAS+=($((_k + 1))); done

say() { printf '\033[1m%s:\033[0m %s\n' "$NAME" "$*"; }
pass() { printf '\033[32m%s: ok\033[0m %s\n' "$NAME" "$*"; }
FAILED=0
fail() {
  FAILED=1
  printf '\033[31m%s: ASSERTION FAILED:\033[0m %s\n' "$NAME" "$*" >&2
  exit 1
}

# PostgreSQL and pgBackRest run as a non-root user: `postgres` when we are root.
# AS_PG is a command prefix that execs (no fork), so `"${AS_PG[@]}" cmd &` gives cmd's own PID.
if [ "$(id -u)" -eq 0 ]; then
  RUN_USER=postgres
  AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups env HOME=/var/lib/postgresql USER=postgres)
else
  RUN_USER=$(id -un)
  AS_PG=(env)
fi
as_pg() { "${AS_PG[@]}" "$@"; }

T=$(mktemp -d "/tmp/pgbr-$NAME.XXXXXX")
chmod 0755 "$T"
mkdir -p "$T"/{certs,evidence,pglog,sock}
for _h in "${HOSTS[@]}"; do mkdir -p "$T/hostlog/$_h" "$T/hostlock/$_h" "$T/hostspool/$_h"; done

# ---------------------------------------------------------------- processes and cleanup
PIDS=()       # servers (pgBackRest, object stores, ...): TERM, then KILL after 5 s
STARTED_PG=() # PostgreSQL data directories: fast shutdown of that postmaster by its PID, first
LAST_OUT=     # the output file of the last command run, printed on failure
EXTRA_LOGS=() # more log files to show on failure (object-store servers)

# Records a server started with `&` (its PID is $!). Disowned: bash reaps it but prints no
# "Killed" job line when one that ignores TERM for long (Azurite holds half-closed keep-alive
# connections ~10 s) is killed after the 5 s grace.
track_pid() {
  PIDS+=("$1")
  disown "$1" 2>/dev/null || true
}

report_failure() {
  echo
  say "FAILED — relevant log lines follow (temporary directory $T)"
  if [ -n "$LAST_OUT" ] && [ -f "$LAST_OUT" ]; then
    echo "----- output of the failing command ($LAST_OUT)"
    grep -v 'DETAIL: backup file' "$LAST_OUT" | tail -n 60
  fi
  local f
  for f in $(find "$T/hostlog" -name '*.log' 2>/dev/null | sort); do
    if grep -qE 'ERROR|WARN' "$f"; then
      echo "----- pgBackRest log $f (ERROR/WARN lines)"
      grep -E 'ERROR|WARN' "$f" | tail -n 25
    fi
  done
  for f in "$T"/pglog/*.log "${EXTRA_LOGS[@]}"; do
    [ -f "$f" ] || continue
    echo "----- log $f (last lines)"
    tail -n 15 "$f"
  done
}

cluster_cleanup() {
  local rc=$?
  set +e
  [ $rc -ne 0 ] && FAILED=1
  [ $FAILED -ne 0 ] && report_failure
  local pid d
  # PostgreSQL first, while the servers its archive_command talks to still answer.
  for d in "${STARTED_PG[@]}"; do
    if [ -f "$d/postmaster.pid" ]; then
      # A restarted cluster is listed twice: its file may be gone by the second time.
      pid=$(head -n 1 "$d/postmaster.pid" 2>/dev/null) || continue
      kill -INT "$pid" 2>/dev/null # fast shutdown of that postmaster only
    fi
  done
  for d in "${STARTED_PG[@]}"; do
    if [ -f "$d/postmaster.pid" ]; then
      pid=$(head -n 1 "$d/postmaster.pid" 2>/dev/null) || continue
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -QUIT "$pid" 2>/dev/null
    fi
  done
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  if [ "${KEEP:-0}" = 1 ]; then say "kept $T"; else rm -rf "$T"; fi
  local took=$(($(date +%s) - START))
  if [ $FAILED -eq 0 ]; then say "PASSED in ${took}s"; else say "FAILED after ${took}s"; fi
  exit $((rc == 0 && FAILED != 0 ? 1 : rc))
}
trap cluster_cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- free TCP ports
port_busy() { ss -Htln "sport = :$1" | grep -q .; }
TAKEN_PORTS=" "
free_port() { # free_port VAR: a free TCP port below the ephemeral range, not handed out before
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 12000))
    if [[ $TAKEN_PORTS != *" $p "* ]] && ! port_busy "$p"; then
      TAKEN_PORTS+="$p "
      printf -v "$1" '%s' "$p"
      return 0
    fi
  done
  fail "no free TCP port found"
}

# ---------------------------------------------------------------- certificates
# A CA and one certificate per name: CN and subjectAltName DNS:<name> (pgBackRest 2.45 compares
# the host only with DNS-type SANs), serverAuth + clientAuth. $T/certs/<name>.crt / .key.
make_certs() { # make_certs NAME...
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/certs/ca.key" -out "$T/certs/ca.crt" \
    -days 2 -subj "/CN=pgbr-$NAME-ca" 2>/dev/null || fail "openssl could not make the CA"
  local h
  for h in "$@"; do make_cert "$h" "DNS:$h"; done
}
CERT_SERIAL=1
make_cert() { # make_cert NAME SAN-LIST: one more certificate from the CA, e.g. "DNS:x,IP:x"
  (
    cd "$T/certs"
    openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
    printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$2" >"$1.ext"
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -set_serial "$CERT_SERIAL" \
      -days 2 -extfile "$1.ext" -out "$1.crt" 2>/dev/null
    chmod 0600 "$1.key"
  ) || fail "openssl could not make the certificate of $1"
  CERT_SERIAL=$((CERT_SERIAL + 1))
}

# ---------------------------------------------------------------- running "on" a host
# HOST_ENV[h]: the generated pgbackrest.env of host h's file, or empty. It is loaded the way the
# generated install guide tells operators to: `set -a; . FILE; set +a`.
declare -A HOST_ENV=()
on_host() { # on_host HOST CMD...: pgBackRest's log, lock and spool paths are that host's own
  local h=$1
  shift
  as_pg env PGBACKREST_LOG_PATH="$T/hostlog/$h" PGBACKREST_LOCK_PATH="$T/hostlock/$h" \
    PGBACKREST_SPOOL_PATH="$T/hostspool/$h" \
    sh -c 'if [ -n "$1" ]; then set -a; . "$1"; set +a; fi; shift; exec "$@"' sh "${HOST_ENV[$h]:-}" "$@"
}

# Runs pgBackRest on host H with FILE; output in $T/evidence/NN-NAME.out; fails the test on error.
PGBR_STEP=0
pgbackrest_on() { # pgbackrest_on NAME HOST FILE ARGS...
  local name=$1 h=$2 file=$3
  shift 3
  PGBR_STEP=$((PGBR_STEP + 1))
  LAST_OUT=$T/evidence/$(printf '%02d' $PGBR_STEP)-$name.out
  echo "\$ pgbackrest --config=$file --stanza=$STANZA $*   (on $h)" >"$LAST_OUT"
  if ! on_host "$h" timeout 300 pgbackrest --config="$file" --stanza="$STANZA" "$@" >>"$LAST_OUT" 2>&1; then
    fail "$name: pgbackrest $* with $file on $h exited non-zero"
  fi
}

# Fails when the last pgBackRest output has an `unable to check pgN` warning.
no_unreachable_peer() { # no_unreachable_peer WHAT
  if grep -q 'unable to check pg' "$LAST_OUT"; then
    fail "$1: pgBackRest could not reach a peer: $(grep 'unable to check pg' "$LAST_OUT" | head -n 3)"
  fi
}

# ---------------------------------------------------------------- PostgreSQL
psql_on() { # psql_on K|DATADIR-NAME SQL   (a restored cluster: psql_on restore-x SQL, port 5599)
  local k=$1 port sock
  if [[ $k =~ ^[0-9]+$ ]]; then port=${PGPORT[$((k - 1))]} sock=$T/sock/r$k; else port=5599 sock=$T/sock/$k; fi
  as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U postgres -d postgres -Atc "$2"
}
pg_start() { # pg_start DATADIR HOST [pg_ctl -o options]
  local d=$1 h=$2 log
  log=$T/evidence/pg_ctl-$(basename "$d").out
  local -a opts=()
  [ $# -ge 3 ] && opts=(-o "$3")
  STARTED_PG+=("$d")
  on_host "$h" "$PGBIN/pg_ctl" -D "$d" -l "$T/pglog/$(basename "$d").log" -w -t 60 "${opts[@]}" start \
    >"$log" 2>&1 || { LAST_OUT=$log; fail "PostgreSQL in $d did not start"; }
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

# The primary (replica 1, initdb) and one streaming standby per other replica (pg_basebackup -R
# with a replication slot). ARCHIVE_CMD: the primary's archive_command ('': none yet, WAL is
# kept until one is set with alter system; archive_mode is on either way).
start_cluster() { # start_cluster ARCHIVE_CMD
  local k
  say "initdb the primary (replica 1 on ${HOSTS[0]}) and start it"
  as_pg "$PGBIN/initdb" -D "$T/r1" -U postgres -A trust --no-sync >"$T/evidence/initdb.out" 2>&1 ||
    { LAST_OUT=$T/evidence/initdb.out; fail "initdb failed"; }
  mkdir -p "$T/sock/r1" && chown "$RUN_USER" "$T/sock/r1"
  cat >>"$T/r1/postgresql.conf" <<EOF

# $NAME acceptance test: primary replica 1
listen_addresses = ''
port = ${PGPORT[0]}
unix_socket_directories = '$T/sock/r1'
fsync = off
archive_mode = on
archive_command = '${1:-}'
wal_keep_size = '256MB'
EOF
  pg_start "$T/r1" "${HOSTS[0]}"
  for k in "${REPLICAS[@]:1}"; do psql_on 1 "select pg_create_physical_replication_slot('r$k')" >/dev/null; done
  for k in "${REPLICAS[@]:1}"; do
    say "pg_basebackup -R: standby replica $k on ${HOSTS[$((k - 1))]}"
    as_pg "$PGBIN/pg_basebackup" -h "$T/sock/r1" -p "${PGPORT[0]}" -U postgres -D "$T/r$k" -R -S "r$k" \
      -X stream -c fast --no-sync >"$T/evidence/basebackup-r$k.out" 2>&1 ||
      { LAST_OUT=$T/evidence/basebackup-r$k.out; fail "pg_basebackup for replica $k failed"; }
    mkdir -p "$T/sock/r$k" && chown "$RUN_USER" "$T/sock/r$k"
    cat >>"$T/r$k/postgresql.conf" <<EOF

# $NAME acceptance test: standby replica $k
port = ${PGPORT[$((k - 1))]}
unix_socket_directories = '$T/sock/r$k'
EOF
    pg_start "$T/r$k" "${HOSTS[$((k - 1))]}"
  done
  wait_streaming $((${#REPLICAS[@]} - 1))
  for k in "${REPLICAS[@]:1}"; do
    [ "$(psql_on "$k" 'select pg_is_in_recovery()')" = t ] || fail "replica $k is not a standby"
  done
}

# ---------------------------------------------------------------- pgBackRest TLS servers
start_server() { # start_server HOST FILE: that host's server, with its own file (and HOST_ENV)
  local h=$1 file=$2
  "${AS_PG[@]}" env PGBACKREST_LOG_PATH="$T/hostlog/$h" PGBACKREST_LOCK_PATH="$T/hostlock/$h" \
    PGBACKREST_SPOOL_PATH="$T/hostspool/$h" \
    sh -c 'if [ -n "$1" ]; then set -a; . "$1"; set +a; fi; shift; exec "$@"' sh "${HOST_ENV[$h]:-}" \
    pgbackrest --config="$file" server >>"$T/evidence/server-$h.out" 2>&1 &
  track_pid $!
  SERVER_PID=$!
}
wait_server() { # wait_server HOST PORT
  for _ in $(seq 100); do
    as_pg pgbackrest server-ping "$1" --tls-server-port="$2" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  LAST_OUT=$T/evidence/server-$1.out
  fail "the pgBackRest TLS server on $1:$2 does not answer"
}
stop_pid() { # stop_pid PID: one process this test started: TERM, up to 5 s, then KILL
  local -a keep=()
  local p
  for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  PIDS=("${keep[@]}")
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# ---------------------------------------------------------------- which replica was copied
# The core's prediction: `pick DESIGN FOLDER ROLE...` -> "standby pooler-N pgM".
expect_pick() { # expect_pick DESIGN FOLDER ROLES... -> sets WANT (pooler number) and PG
  local out
  out=$("$PICK" "$@") || fail "the core's pick failed for $*"
  [[ $out =~ ^standby\ pooler-([0-9]+)\ pg([0-9]+)$ ]] || fail "the core predicts '$out' for $*, not a standby"
  WANT=${BASH_REMATCH[1]} PG=${BASH_REMATCH[2]}
}

# From a `--log-level-console=detail` backup output (pgBackRest's own `backup file [HOST:]PATH`
# line per copied file), counts the data files (base/, global/ but pg_control, pg_xact/,
# pg_multixact/) and the other files per replica data directory, and checks each remote file's
# host prefix is that replica's address. Sets DATA[K] and OTHER[K].
count_sources() { # count_sources LOG
  DATA=() OTHER=()
  local line spec host path k rel i
  for i in "${REPLICAS[@]}"; do DATA[i]=0 OTHER[i]=0; done
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

# Asserts a backup's data files all came from replica WANT (at least 100 of them) and every
# other file from the primary (replica 1). Sets LABEL to the new backup's label.
assert_backup_from() { # assert_backup_from WHAT LOG WANT
  local what=$1 log=$2 want=$3 i d_list o_list others=0
  count_sources "$log"
  d_list=$(for i in "${REPLICAS[@]}"; do printf '%s/' "${DATA[i]}"; done)
  o_list=$(for i in "${REPLICAS[@]}"; do printf '%s/' "${OTHER[i]}"; done)
  local summary="data files from replica $(IFS=/; echo "${REPLICAS[*]}"): ${d_list%/}; other files: ${o_list%/}"
  [ "${DATA[want]}" -ge 100 ] || fail "$what: expected the data files from replica $want (${HOSTS[$((want - 1))]}), got $summary"
  for i in "${REPLICAS[@]}"; do
    [ "$i" = 1 ] || others=$((others + OTHER[i]))
    [ "$i" = "$want" ] && continue
    [ "${DATA[i]}" -eq 0 ] || fail "$what: ${DATA[i]} data files came from replica $i, expected all from replica $want ($summary)"
  done
  [ "$others" -eq 0 ] || fail "$what: non-data files must come from the primary (replica 1): $summary"
  LABEL=$(sed -n 's/.*new backup label = \([0-9A-Z_-]*\).*/\1/p' "$log")
  [ -n "$LABEL" ] || fail "$what: the backup did not complete (no 'new backup label')"
  pass "$what: $summary"
}
