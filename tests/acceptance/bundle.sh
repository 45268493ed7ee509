#!/usr/bin/env bash
# Acceptance test of the bundle (issue 14): installs a cluster from the zip `pgbr generate --zip`
# writes, as an operator would, by running the commands its install guide (README.md in the
# zip) prints, host by host, then proves it on real servers: PostgreSQL 15 (a primary and two
# streaming standbys) and pgBackRest 2.45, one TLS server per host run from the bundle's
# systemd unit. Each "host" is a mount namespace of its own (its own /etc/pgbackrest,
# /etc/systemd/system, /var/log/pgbackrest, /tmp and /etc/hosts) on its own loopback address.
# See tests/acceptance/README.md for what is asserted and how sudo/systemctl are shimmed.
#
# Usage: tests/acceptance/bundle.sh   (as root; make acceptance-bundle; also run by `make test`)
# Env:   ACCEPTANCE_KEEP=1  keep the temporary directory (it is printed) after the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
START=$(date +%s)
PGBIN=/usr/lib/postgresql/15/bin
STANZA=bundle
NAMES=(replica1 replica2 replica3)       # host K is NAMES[K-1]; replica 1 is the primary
ADDRS=(127.0.0.31 127.0.0.32 127.0.0.33) # what each name resolves to, on every host
PGPORTS=(5531 5532 5533)                 # unix sockets only (listen_addresses = '')
SYS_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

say() { printf '\033[1mbundle:\033[0m %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || { say "must run as root (mount namespaces, bind mounts)"; exit 2; }

# ---------------------------------------------------------------- prerequisites and build
missing=0
for c in pgbackrest openssl unzip systemd-analyze unshare nsenter setpriv; do
  command -v "$c" >/dev/null 2>&1 || missing=1
done
[ -x "$PGBIN/initdb" ] || missing=1
if [ $missing -ne 0 ]; then
  say "installing pgBackRest / PostgreSQL 15 / openssl / unzip / systemd-analyze"
  scripts/bootstrap.sh --system
fi
for d in /var/lib/pgbackrest /var/log/pgbackrest; do
  [ -d "$d" ] || { say "$d is missing (Debian's pgbackrest package makes it): it is a mount point here"; exit 2; }
done
say "$(pgbackrest version), $("$PGBIN/postgres" --version), $(openssl version | cut -d' ' -f1-2)"
cargo build --quiet --locked -p pgbr-cli
PGBR=$ROOT/target/debug/pgbr
say "built pgbr ($(($(date +%s) - START))s so far)"

# The machine's own /etc is never written: each host's changes land in its own folders.
ETC_BEFORE="$(sha256sum /etc/hosts) $(ls -d /etc/pgbackrest 2>&1 || true)"
T=$(mktemp -d /var/tmp/pgbr-bundle.XXXXXX) # not under /tmp: each host gets its own /tmp
# The shims go where every host sees them: the checkout itself may be under /tmp (a CI clone),
# which each host replaces with its own.
SHIMS=$T/shims
mkdir -p "$SHIMS" && cp -p "$ROOT"/tests/acceptance/shims/* "$SHIMS"/
chmod 0755 "$T"
declare -A HOLDER=() NSID=()
STARTED_PG=()
FAILED=0
LAST_OUT=

# ---------------------------------------------------------------- cleanup and failure report
report_failure() {
  echo
  say "FAILED: what follows are the failing command's output and the logs (temporary directory $T)"
  if [ -n "$LAST_OUT" ] && [ -f "$LAST_OUT" ]; then
    echo "----- $LAST_OUT"
    grep -v 'backup file ' "$LAST_OUT" | tail -n 60
  fi
  local f
  for f in "$T"/hosts/*/systemd-state/*.journal; do
    [ -s "$f" ] && { echo "----- journal $f"; tail -n 20 "$f"; }
  done
  for f in "$T"/hosts/*/var/log/pgbackrest/*.log; do
    if [ -f "$f" ] && grep -qE 'ERROR|WARN' "$f"; then
      echo "----- pgBackRest log $f (ERROR/WARN lines)"
      grep -E 'ERROR|WARN' "$f" | tail -n 20
    fi
  done
  for f in "$T"/pglog/*.log; do
    [ -f "$f" ] && { echo "----- PostgreSQL log $f (last lines)"; tail -n 15 "$f"; }
  done
}

# Every process this test started, by its own PID: the TLS servers (the systemctl shim wrote
# their PIDs), the postmasters (postmaster.pid), the namespace holders. A namespace, and
# every mount made in it, ends with its last process.
cleanup() {
  local rc=$?
  set +e
  [ $rc -ne 0 ] && FAILED=1
  [ $FAILED -ne 0 ] && report_failure
  local f pid d n
  local -a servers=()
  for f in "$T"/hosts/*/systemd-state/*.pid; do
    [ -f "$f" ] && pid=$(cat "$f") && kill -TERM "$pid" 2>/dev/null && servers+=("$pid")
  done
  for d in "${STARTED_PG[@]}"; do
    pid=$(head -n 1 "$d/postmaster.pid" 2>/dev/null) && kill -INT "$pid" 2>/dev/null
  done
  for pid in "${servers[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  for d in "${STARTED_PG[@]}"; do
    pid=$(head -n 1 "$d/postmaster.pid" 2>/dev/null) || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -QUIT "$pid" 2>/dev/null
  done
  say "cleanup: servers and postmasters stopped after $(($(date +%s) - START))s"
  # Anything else still in one of our namespaces was started in it by this test (a pgBackRest
  # child): stop it by its PID while the holder keeps the namespace alive. Only then is the
  # namespace's id ours alone: once it is freed the kernel hands the same id to new namespaces
  # (other tests on this machine make one per process), so a later scan could hit theirs.
  for n in "${!NSID[@]}"; do
    for f in /proc/[0-9]*/ns/mnt; do
      [ "$(readlink "$f" 2>/dev/null)" = "${NSID[$n]}" ] || continue
      pid=${f#/proc/}; pid=${pid%%/*}
      [ "$pid" = "${HOLDER[$n]:-}" ] && continue
      say "stopping PID $pid left in $n's namespace: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
      kill -KILL "$pid" 2>/dev/null
    done
  done
  for n in "${!HOLDER[@]}"; do kill -TERM "${HOLDER[$n]}" 2>/dev/null; done
  for n in "${!HOLDER[@]}"; do
    for _ in $(seq 50); do kill -0 "${HOLDER[$n]}" 2>/dev/null || break; sleep 0.1; done
  done
  say "cleanup: namespaces gone after $(($(date +%s) - START))s"
  if [ "${ACCEPTANCE_KEEP:-0}" = 1 ]; then say "kept $T"; else rm -rf "$T"; fi
  local took=$(($(date +%s) - START))
  if [ $FAILED -eq 0 ]; then say "PASSED in ${took}s"; else say "FAILED after ${took}s"; fi
  exit $((rc == 0 && FAILED != 0 ? 1 : rc))
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  FAILED=1
  printf '\033[31mbundle: ASSERTION FAILED:\033[0m %s\n' "$*" >&2
  exit 1
}
pass() { printf '\033[32mbundle: ok\033[0m [%3ss] %s\n' "$(($(date +%s) - START))" "$*"; }

# ---------------------------------------------------------------- a free TLS port
port_busy() { ss -Htln "sport = :$1" | grep -q .; }
PORT=
for _ in $(seq 50); do
  p=$((20000 + RANDOM % 12000)) # below the ephemeral range
  if ! port_busy "$p"; then PORT=$p; break; fi
done
[ -n "$PORT" ] || fail "no free TCP port for the TLS servers"
say "temporary directory $T; TLS servers on ${ADDRS[*]} port $PORT"

# ---------------------------------------------------------------- the hosts
# Host NAME's folders are $T/hosts/NAME/...; in its namespace /etc is an overlay whose upper
# layer is that host's (so /etc/hosts and the mount point /etc/pgbackrest are its own and the
# real /etc is never written), and its own folders are bind-mounted on /etc/pgbackrest,
# /etc/systemd/system, /var/log/pgbackrest and /tmp (its lock path). /var/lib/pgbackrest, the
# design's repository path, is $T/shared-repo on every host: the shared storage the guide asks
# for, as an NFS mount would be. A holder process keeps each namespace (it sleeps an hour at
# most, so a test killed with SIGKILL leaves nothing for long); commands enter it with nsenter.
mkdir -p "$T"/{admin,evidence,pglog,pg,sock,shared-repo,zip}
chown postgres:postgres "$T/pg" "$T/sock" "$T/pglog" "$T/shared-repo"
chmod 0750 "$T/shared-repo"
for k in 1 2 3; do mkdir -p "$T/sock/r$k"; chown postgres:postgres "$T/sock/r$k"; done
make_host() { # make_host NAME
  local n=$1 h=$T/hosts/$1 i
  mkdir -p "$h"/{overlay/upper,overlay/work,etc/pgbackrest,etc/systemd/system,var/log/pgbackrest,tmp,systemd-state,bundle}
  chmod 1777 "$h/tmp"
  { cat /etc/hosts; for i in 0 1 2; do printf '%s %s\n' "${ADDRS[i]}" "${NAMES[i]}"; done; } >"$h/hosts"
  unshare --mount --propagation private -- /bin/sh -euc '
    h=$1 repo=$2
    mount -t overlay overlay -o "lowerdir=/etc,upperdir=$h/overlay/upper,workdir=$h/overlay/work" /etc
    cat "$h/hosts" >/etc/hosts
    mkdir -p /etc/pgbackrest /etc/systemd/system
    mount --bind "$h/etc/pgbackrest" /etc/pgbackrest
    mount --bind "$h/etc/systemd/system" /etc/systemd/system
    mount --bind "$h/var/log/pgbackrest" /var/log/pgbackrest
    mount --bind "$h/tmp" /tmp
    mount --bind "$repo" /var/lib/pgbackrest
    : >"$h/ready"
    exec sleep 3600' sh "$h" "$T/shared-repo" >"$h/namespace.out" 2>&1 &
  HOLDER[$n]=$!
  for _ in $(seq 100); do
    [ -f "$h/ready" ] && break
    kill -0 "${HOLDER[$n]}" 2>/dev/null || { LAST_OUT=$h/namespace.out; fail "the namespace of $n could not be set up"; }
    sleep 0.05
  done
  [ -f "$h/ready" ] || fail "the namespace of $n is not ready"
  NSID[$n]=$(readlink "/proc/${HOLDER[$n]}/ns/mnt")
  [ "${NSID[$n]}" != "$(readlink /proc/self/ns/mnt)" ] || fail "$n has no mount namespace of its own"
}
for n in "${NAMES[@]}"; do make_host "$n"; done

# in_ns NAME DIR CMD...: runs CMD as root on host NAME, in DIR, with a clean environment whose
# PATH has the sudo and systemctl shims first.
in_ns() {
  local n=$1 dir=$2
  shift 2
  nsenter --target "${HOLDER[$n]}" --mount --wd="$dir" -- \
    env -i PATH="$SHIMS:$SYS_PATH" HOME=/root USER=root LOGNAME=root SHELL=/bin/sh LANG=C.UTF-8 \
    PGBR_SHIM_STATE="$T/hosts/$n/systemd-state" "$@"
}
PG_UID=$(id -u postgres) PG_GID=$(id -g postgres)
# as_pg NAME CMD...: runs CMD as postgres on host NAME (no shims on its PATH).
as_pg() {
  local n=$1
  shift
  nsenter --target "${HOLDER[$n]}" --mount --wd="$T" -- \
    env -i PATH="$SYS_PATH" HOME=/var/lib/postgresql USER=postgres LOGNAME=postgres LANG=C.UTF-8 \
    setpriv --reuid="$PG_UID" --regid="$PG_GID" --init-groups -- "$@"
}
for n in "${NAMES[@]}"; do
  got=$(in_ns "$n" / getent hosts replica2) || fail "$n cannot resolve replica2"
  [ "$got" = "127.0.0.32      replica2" ] || fail "$n resolves replica2 as '$got'"
  [ "$(in_ns "$n" / sh -c 'ls -A /etc/pgbackrest /etc/systemd/system /var/log/pgbackrest')" = \
    "$(printf '/etc/pgbackrest:\n\n/etc/systemd/system:\n\n/var/log/pgbackrest:')" ] ||
    fail "$n's /etc/pgbackrest, /etc/systemd/system and /var/log/pgbackrest are not its own empty folders"
done
pass "three hosts, each its own mount namespace, names resolving to ${ADDRS[*]}"

# ---------------------------------------------------------------- PostgreSQL: primary + 2 standbys
# What the operator has before installing pgBackRest: a primary on replica1 and streaming
# standbys on replica2 and replica3, each PostgreSQL in its host's namespace.
psql_on() { # psql_on K SQL
  as_pg "${NAMES[$(($1 - 1))]}" "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$T/sock/r$1" -p "${PGPORTS[$(($1 - 1))]}" \
    -U postgres -d postgres -Atc "$2"
}
pg_ctl_on() { # pg_ctl_on K start|restart
  local k=$1 out=$T/evidence/pg_ctl-r$1-$2.out
  as_pg "${NAMES[$((k - 1))]}" "$PGBIN/pg_ctl" -D "$T/pg/r$k" -l "$T/pglog/r$k.log" -w -t 60 "$2" >"$out" 2>&1 ||
    { LAST_OUT=$out; fail "PostgreSQL replica $k did not $2"; }
}
wait_streaming() {
  for _ in $(seq 120); do
    [ "$(psql_on 1 "select count(*) from pg_stat_replication where state = 'streaming'")" = 2 ] && return 0
    sleep 0.5
  done
  fail "expected 2 streaming standbys, have $(psql_on 1 'select count(*) from pg_stat_replication')"
}
say "PostgreSQL 15: primary on replica1, streaming standbys on replica2 and replica3"
as_pg replica1 "$PGBIN/initdb" -D "$T/pg/r1" -U postgres -A trust --no-sync --wal-segsize=1 >"$T/evidence/initdb.out" 2>&1 ||
  { LAST_OUT=$T/evidence/initdb.out; fail "initdb failed"; }
cat >>"$T/pg/r1/postgresql.conf" <<EOF

# bundle acceptance test
listen_addresses = ''
port = ${PGPORTS[0]}
unix_socket_directories = '$T/sock/r1'
fsync = off
# 1 MB WAL segments, few kept: the test's disk use stays small (removing it is slow otherwise)
min_wal_size = 4MB
max_wal_size = 32MB
EOF
STARTED_PG+=("$T/pg/r1")
pg_ctl_on 1 start
for k in 2 3; do
  psql_on 1 "select pg_create_physical_replication_slot('r$k')" >/dev/null
  as_pg "${NAMES[$((k - 1))]}" "$PGBIN/pg_basebackup" -h "$T/sock/r1" -p "${PGPORTS[0]}" -U postgres -D "$T/pg/r$k" \
    -R -S "r$k" -X stream -c fast --no-sync >"$T/evidence/basebackup-r$k.out" 2>&1 ||
    { LAST_OUT=$T/evidence/basebackup-r$k.out; fail "pg_basebackup for replica $k failed"; }
  printf "\n# bundle acceptance test: standby replica %s\nport = %s\nunix_socket_directories = '%s'\n" \
    "$k" "${PGPORTS[$((k - 1))]}" "$T/sock/r$k" >>"$T/pg/r$k/postgresql.conf"
  STARTED_PG+=("$T/pg/r$k")
  pg_ctl_on "$k" start
done
wait_streaming
pass "primary replica 1, streaming standbys replica 2 and 3"

# ---------------------------------------------------------------- the design and its bundle
design() { # design SHARED(true|false) ARCHIVE-TIMEOUT
  cat <<EOF
# Written by tests/acceptance/bundle.sh
stanza = "$STANZA"
pgbackrest-version = "2.45"
topology = "pooler"
peer-order = "declared"
EOF
  local k
  for k in 1 2 3; do
    cat <<EOF

[[pooler]]
name = "pooler-$k"
host = "${NAMES[$((k - 1))]}"
pg-path = "$T/pg/r$k"
pg-port = ${PGPORTS[$((k - 1))]}
pg-socket-path = "$T/sock/r$k"
pg-user = "postgres"
EOF
  done
  cat <<EOF

[[repo]]
index = 1
type = "posix"
path = "/var/lib/pgbackrest"
EOF
  [ "$1" = true ] && echo "shared-storage = true"
  cat <<EOF
retention-full = 10

[tls]
ca-file = "/etc/pgbackrest/certs/ca.crt"
cert-file = "/etc/pgbackrest/certs/{host}.crt"
key-file = "/etc/pgbackrest/certs/{host}.key"
server-address = "{host}"
server-port = $PORT

[global]
archive-timeout = $2
backup-standby = "y"
compress-type = "lz4"
log-level-file = "detail"
start-fast = true
EOF
}
design true 60 >"$T/design.toml"
"$PGBR" check "$T/design.toml" >"$T/evidence/check.out" 2>&1 ||
  { LAST_OUT=$T/evidence/check.out; fail "pgbr check found errors in the design"; }
[ "$(cat "$T/evidence/check.out")" = "$T/design.toml: 0 error(s), 0 warning(s)" ] ||
  { LAST_OUT=$T/evidence/check.out; fail "pgbr check: expected no diagnostic for the shared-storage design"; }
"$PGBR" generate "$T/design.toml" --zip "$T/zip/bundle.zip" >"$T/evidence/generate.out" 2>&1 ||
  { LAST_OUT=$T/evidence/generate.out; fail "pgbr generate --zip failed"; }
pass "pgbr check: no diagnostic; pgbr generate --zip wrote $(unzip -Z1 "$T/zip/bundle.zip" | wc -l) files"

# unpack NAME ZIP DIR: unzips the bundle on host NAME and puts beside it the certificates the
# guide's Certificates section made ($T/admin): ca.crt and that host's own .crt and .key only.
unpack() {
  local n=$1 zip=$2 dir=$3
  mkdir -p "$dir"
  unzip -q -o "$zip" -d "$dir"
  cp "$T/admin/ca.crt" "$T/admin/$n.crt" "$T/admin/$n.key" "$dir/"
}

# The systemd units: `systemd-analyze verify` prints nothing for a good unit.
mkdir -p "$T/unzipped"
unzip -q "$T/zip/bundle.zip" -d "$T/unzipped"
units=0
for u in "$T"/unzipped/*/pgbackrest-server.service; do
  out=$(systemd-analyze verify "$u" 2>&1) || fail "systemd-analyze verify $u failed: $out"
  [ -z "$out" ] || fail "systemd-analyze verify $u: $out"
  units=$((units + 1))
done
[ $units -eq 3 ] || fail "expected a unit in each of the 3 host folders, found $units"
pass "systemd-analyze verify: each of the 3 units is clean"

# ---------------------------------------------------------------- the guide's commands
GUIDE=$T/unzipped/README.md
# guide_block FILE HEADING: the lines of the first fenced block after the line HEADING, before
# the next heading.
guide_block() {
  awk -v h="$2" '
    !found { if ($0 == h) found = 1; next }
    !inb && /^#+ / { exit }
    /^```/ { if (inb) exit; inb = 1; next }
    inb { print }' "$1"
}
# run_block NAME DIR FILE WHAT: runs the block in FILE with `sh -ex` on host NAME, in DIR.
STEP=0
run_block() {
  local n=$1 dir=$2 file=$3 what=$4
  STEP=$((STEP + 1))
  LAST_OUT=$T/evidence/$(printf '%02d' $STEP)-$what.out
  [ -s "$file" ] || fail "$what: the guide has no such commands"
  in_ns "$n" "$dir" sh -ex "$file" >"$LAST_OUT" 2>&1 || fail "$what: the guide's commands failed on $n"
}
hosts_in_guide=$(awk '/^## Install, host by host$/ { f = 1; next } f && /^## / { exit } f && /^### / { print $2 }' "$GUIDE" | tr '\n' ' ')
[ "$hosts_in_guide" = "${NAMES[*]} " ] || fail "the guide installs '$hosts_in_guide', expected ${NAMES[*]}"

say "Certificates: the guide's commands, with sh, on the operator's machine ($T/admin)"
guide_block "$GUIDE" "## Certificates" >"$T/evidence/certificates.sh"
STEP=$((STEP + 1))
LAST_OUT=$T/evidence/$(printf '%02d' $STEP)-certificates.out
[ -s "$T/evidence/certificates.sh" ] || fail "the guide has no Certificates commands"
(cd "$T/admin" && env -i PATH="$SYS_PATH" HOME="$T/admin" sh -ex "$T/evidence/certificates.sh") >"$LAST_OUT" 2>&1 ||
  fail "the guide's Certificates commands failed"
for n in "${NAMES[@]}"; do
  [ -f "$T/admin/$n.crt" ] && [ -f "$T/admin/$n.key" ] || fail "the Certificates commands made no $n.crt/$n.key"
  san=$(openssl x509 -in "$T/admin/$n.crt" -noout -ext subjectAltName | tail -n +2 | tr -d ' ')
  [ "$san" = "DNS:$n" ] || fail "$n.crt has subjectAltName '$san', expected DNS:$n"
done
pass "the guide's Certificates commands made a CA and a certificate per host (subjectAltName DNS:<name>)"

say "Install, host by host: each host's block in its namespace, from the unzipped bundle"
for n in "${NAMES[@]}"; do
  unpack "$n" "$T/zip/bundle.zip" "$T/hosts/$n/bundle"
  guide_block "$GUIDE" "### $n" >"$T/evidence/install-$n.sh"
  run_block "$n" "$T/hosts/$n/bundle" "$T/evidence/install-$n.sh" "install-$n"
  [ -f "$T/hosts/$n/systemd-state/pgbackrest-server.service.pid" ] ||
    fail "install on $n: systemctl enable --now did not start pgbackrest-server.service"
done
wait_server() { # wait_server NAME: its TLS server answers on NAME:PORT
  for _ in $(seq 100); do
    as_pg "$1" pgbackrest server-ping "$1" --tls-server-port="$PORT" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  LAST_OUT=$T/hosts/$1/systemd-state/pgbackrest-server.service.journal
  fail "the TLS server the unit started on $1 does not answer on $1:$PORT"
}
for n in "${NAMES[@]}"; do
  wait_server "$n"
  pid=$(cat "$T/hosts/$n/systemd-state/pgbackrest-server.service.pid")
  [ "$(readlink "/proc/$pid/exe")" = /usr/bin/pgbackrest ] && [ "$(stat -c %U "/proc/$pid")" = postgres ] ||
    fail "$n's TLS server (PID $pid) is not /usr/bin/pgbackrest running as postgres"
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qx '/usr/bin/pgbackrest server ' ||
    fail "$n's TLS server (PID $pid) runs '$(tr '\0' ' ' <"/proc/$pid/cmdline")'"
  # systemd's environment, nothing of the test's
  env_names=$(tr '\0' '\n' <"/proc/$pid/environ" | cut -d= -f1 | sort | tr '\n' ' ')
  [ "$env_names" = "HOME LANG LOGNAME PATH SHELL USER " ] || fail "$n's TLS server has the environment $env_names"
done
pass "each host's install block ran; its unit's TLS server runs as postgres and answers on <name>:$PORT"

say "PostgreSQL: the guide's postgresql.conf lines on every replica, then a restart"
guide_block "$GUIDE" "## PostgreSQL" >"$T/evidence/postgresql.conf.lines"
grep -qx "archive_command = 'pgbackrest --stanza=$STANZA archive-push %p'" "$T/evidence/postgresql.conf.lines" ||
  fail "the guide's PostgreSQL lines have no archive_command for stanza $STANZA"
for k in 1 2 3; do
  { echo; echo "# from the bundle's README.md"; cat "$T/evidence/postgresql.conf.lines"; } >>"$T/pg/r$k/postgresql.conf"
  pg_ctl_on "$k" restart
done
wait_streaming
pass "archive_mode and the guide's archive_command on every replica, restarted, still streaming"

stanza_host=$(awk '/^## Create the stanza and check$/ { f = 1; next } f && /^On / { sub(/^On /, ""); sub(/,.*/, ""); print; exit }' "$GUIDE")
[ "$stanza_host" = replica1 ] || fail "the guide creates the stanza on '$stanza_host', expected replica1"
guide_block "$GUIDE" "## Create the stanza and check" >"$T/evidence/stanza.sh"
run_block "$stanza_host" "$T/hosts/$stanza_host/bundle" "$T/evidence/stanza.sh" stanza-create-and-check
! grep -q 'unable to check pg' "$LAST_OUT" || fail "stanza-create/check could not reach a replica: $(grep 'unable to check pg' "$LAST_OUT")"
pass "the guide's stanza-create and check on $stanza_host, every replica reached"

# ---------------------------------------------------------------- preflight
guide_block "$GUIDE" "## Preflight, on every host" >"$T/evidence/preflight.lines"
preflight_cmd() { # preflight_cmd NAME [GUIDE]: the guide's preflight line for host NAME
  local line
  line=$(grep -E "# on $1\$" "$T/evidence/preflight.lines") || fail "the guide has no preflight line for $1"
  printf '%s\n' "${line%%#*}"
}
# preflight NAME DIR WHAT: runs host NAME's preflight line from DIR; its output is in $LAST_OUT,
# its exit status in PF_RC.
preflight() {
  local n=$1 dir=$2 what=$3 cmd
  cmd=$(preflight_cmd "$n")
  STEP=$((STEP + 1))
  LAST_OUT=$T/evidence/$(printf '%02d' $STEP)-preflight-$(printf '%s' "$what" | tr -cs 'A-Za-z0-9.' '-').out
  PF_RC=0
  in_ns "$n" "$dir" sh -c "$cmd" >"$LAST_OUT" 2>&1 || PF_RC=$?
}
preflight_passes() { # preflight_passes NAME DIR WHAT: every line ok
  preflight "$1" "$2" "$3"
  [ $PF_RC -eq 0 ] || fail "preflight of $1 ($3) exited $PF_RC: $(grep -A1 '^FAIL' "$LAST_OUT" | tr '\n' ' ')"
  [ "$(tail -n 1 "$LAST_OUT")" = "preflight of $1 passed" ] || fail "preflight of $1 ($3) did not finish"
  local bad
  bad=$(head -n -1 "$LAST_OUT" | grep -v '^ok   ' || true)
  [ -z "$bad" ] || fail "preflight of $1 ($3) printed lines that are not ok: $bad"
  grep -qx "ok   pgbackrest --stanza=$STANZA check passes" "$LAST_OUT" || fail "preflight of $1 ($3) did not run pgbackrest check"
}
# preflight_fails NAME DIR WHAT FAIL-LINE [FIX-LINE]: the preflight stops with exactly these
# lines, after only ok lines.
preflight_fails() {
  local n=$1 dir=$2 what=$3 want_fail=$4 want_fix=${5-}
  preflight "$n" "$dir" "$what"
  [ $PF_RC -eq 1 ] || fail "$what: preflight of $n exited $PF_RC, expected 1"
  local got_fail got_fix bad
  got_fail=$(tail -n 2 "$LAST_OUT" | head -n 1) got_fix=$(tail -n 1 "$LAST_OUT")
  [ "$got_fail" = "$want_fail" ] || fail "$what: preflight of $n says '$got_fail', expected '$want_fail'"
  if [ $# -ge 5 ]; then
    [ "$got_fix" = "$want_fix" ] || fail "$what: preflight of $n says '$got_fix', expected '$want_fix'"
  fi
  bad=$(head -n -2 "$LAST_OUT" | grep -v '^ok   ' || true)
  [ -z "$bad" ] || fail "$what: preflight of $n printed other lines before its failure: $bad"
  PF_FIX=$got_fix
  pass "$what: preflight of $n: $got_fail"
}
for n in "${NAMES[@]}"; do
  preflight_passes "$n" "$T/hosts/$n/bundle" "$n"
  pass "preflight of $n: $(($(wc -l <"$LAST_OUT") - 1)) checks, every one ok"
done

# ---------------------------------------------------------------- backups: which replica
guide_block "$GUIDE" "## Back up" >"$T/evidence/backup.sh"
grep -qx "sudo -u postgres pgbackrest --stanza=$STANZA --type=full backup" "$T/evidence/backup.sh" ||
  fail "the guide's backup command is not the expected one: $(cat "$T/evidence/backup.sh")"
"$PGBR" simulate "$T/design.toml" --primary replica1 >"$T/evidence/simulate.out" 2>&1 ||
  { LAST_OUT=$T/evidence/simulate.out; fail "pgbr simulate failed"; }
expect_from() { # expect_from K -> the replica number pooler-K's file backs up, as the core says
  local line
  line=$(grep "^pooler-$1/pgbackrest.conf	" "$T/evidence/simulate.out") || fail "pgbr simulate says nothing of pooler-$1"
  [[ $line =~ standby\ replica([0-9]+)\ \(pg[0-9]+, ]] || fail "pgbr simulate: '$line' is not a standby"
  printf '%s\n' "${BASH_REMATCH[1]}"
}
# assert_backup K WANT: runs the guide's backup command on host K and checks, from that host's
# pgBackRest log (log-level-file=detail: one `backup file [HOST:]PATH` line per copied file),
# that every data file (base/, global/ but pg_control, pg_xact/, pg_multixact/) came from
# replica WANT's data directory and the other files from the primary's; that a file is named
# with a host exactly when it came from another host, and with that host's name; and that the
# manifest records backup-standby.
assert_backup() {
  local k=$1 want=$2 n=${NAMES[$(($1 - 1))]} log before
  log=$T/hosts/$n/var/log/pgbackrest/$STANZA-backup.log
  before=$(stat -c %s "$log" 2>/dev/null || echo 0)
  run_block "$n" "$T/hosts/$n/bundle" "$T/evidence/backup.sh" "backup-on-$n"
  tail -c +$((before + 1)) "$log" >"$T/evidence/backup-on-$n.log"
  local -a data=(0 0 0 0) other=(0 0 0 0)
  local line spec host path j rel from
  while IFS= read -r line; do
    spec=${line#*backup file }
    spec=${spec%% *}
    host='' path=$spec
    [[ $spec == /* ]] || { host=${spec%%:*}; path=${spec#*:}; }
    from=0
    for j in 1 2 3; do [[ $path == "$T/pg/r$j/"* ]] && from=$j; done
    [ $from -ne 0 ] || fail "backup on $n: a file from no replica's data directory: $line"
    if [ $from -eq "$k" ]; then
      [ -z "$host" ] || fail "backup on $n: its own replica's file $path is named with host $host"
    else
      [ "$host" = "${NAMES[$((from - 1))]}" ] || fail "backup on $n: replica $from's file $path came through '$host'"
    fi
    rel=${path#"$T/pg/r$from/"}
    if [[ $rel =~ ^(base|global|pg_xact|pg_multixact)/ ]] && [ "$rel" != global/pg_control ]; then
      data[from]=$((data[from] + 1))
    else
      other[from]=$((other[from] + 1))
    fi
  done < <(grep 'backup file ' "$T/evidence/backup-on-$n.log")
  local summary="data files from replica 1/2/3: ${data[1]}/${data[2]}/${data[3]}, other files: ${other[1]}/${other[2]}/${other[3]}"
  [ "${data[want]}" -ge 100 ] || fail "backup on $n: expected the data files from replica $want: $summary"
  for j in 1 2 3; do
    [ "$j" = "$want" ] || [ "${data[j]}" -eq 0 ] || fail "backup on $n: data files from replica $j: $summary"
  done
  [ $((other[2] + other[3])) -eq 0 ] || fail "backup on $n: the other files must come from the primary: $summary"
  local label
  label=$(sed -n 's/.*new backup label = \([0-9A-Z_-]*\).*/\1/p' "$T/evidence/backup-on-$n.log")
  [ -n "$label" ] || fail "backup on $n did not complete (no 'new backup label' in its log)"
  grep -qx 'option-backup-standby=true' "$T/shared-repo/backup/$STANZA/$label/backup.manifest" ||
    fail "backup $label's manifest (in the shared repository) does not record option-backup-standby=true"
  pass "backup on $n with pooler-$k's installed file copies from replica $want: $summary"
}
for k in 2 3; do
  want=$(expect_from "$k")
  [ "$want" = "$k" ] || fail "the core says pooler-$k's file backs up replica $want, not its own"
  assert_backup "$k" "$k"
done
want=$(expect_from 1)
assert_backup 1 "$want"

# ---------------------------------------------------------------- the preflight catches faults
# (a) A certificate without the name the peers connect to in its subjectAltName.
say "(a) replica2 gets a certificate whose subjectAltName is DNS:replica2.other"
mkdir -p "$T/admin/bad"
(
  cd "$T/admin"
  openssl req -new -nodes -subj /CN=replica2 -keyout bad/replica2.key -out bad/replica2.csr
  printf 'subjectAltName=DNS:replica2.other\n' >bad/replica2.ext
  openssl x509 -req -days 2 -in bad/replica2.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
    -extfile bad/replica2.ext -out bad/replica2.crt
) >"$T/evidence/bad-cert.out" 2>&1 || { LAST_OUT=$T/evidence/bad-cert.out; fail "could not make the bad certificate"; }
B2=$T/hosts/replica2/bundle
cp "$T/admin/bad/replica2.crt" "$T/admin/bad/replica2.key" "$B2/"
run_block replica2 "$B2" "$T/evidence/install-replica2.sh" install-replica2-bad-certificate
in_ns replica2 "$B2" sudo systemctl restart pgbackrest-server.service
preflight_fails replica2 "$B2" "(a) own certificate without DNS:replica2" \
  "FAIL the certificate's subjectAltName has DNS:replica2" \
  "     fix: the other hosts connect to replica2 and check that name; make the certificate again with subjectAltName=DNS:replica2 (it has: DNS:replica2.other)"
preflight_fails replica1 "$T/hosts/replica1/bundle" "(a) a peer's certificate without DNS:replica2" \
  "FAIL pgbackrest check reaches every replica"
[[ $PF_FIX == "     fix: WARN: unable to check pg2: "*"'replica2'"*": run preflight.sh on that host" ]] ||
  fail "(a) replica1's preflight should name pg2 (replica2) and the name it checks: $PF_FIX"
pass "(a) replica1's preflight says: ${PF_FIX#     fix: }"
cp "$T/admin/replica2.crt" "$T/admin/replica2.key" "$B2/"
run_block replica2 "$B2" "$T/evidence/install-replica2.sh" install-replica2-good-certificate
in_ns replica2 "$B2" sudo systemctl restart pgbackrest-server.service
preflight_passes replica2 "$B2" "replica2-certificate-fixed"
preflight_passes replica1 "$T/hosts/replica1/bundle" "replica1-after-certificate-fixed"
pass "(a) with the guide's certificate back and the server restarted, both preflights pass"

# (b) A stopped TLS server.
say "(b) stopping replica3's TLS server (sudo systemctl stop pgbackrest-server.service)"
B3=$T/hosts/replica3/bundle
in_ns replica3 "$B3" sudo systemctl stop pgbackrest-server.service
[ "$(in_ns replica3 "$B3" sudo systemctl is-active pgbackrest-server.service || true)" = inactive ] ||
  fail "(b) replica3's TLS server still runs"
preflight_fails replica3 "$B3" "(b) own TLS server stopped" \
  "FAIL this host's TLS server answers on port $PORT" \
  "     fix: start it: sudo systemctl enable --now pgbackrest-server.service (then: journalctl -u pgbackrest-server.service)"
fix=$PF_FIX
preflight_fails replica1 "$T/hosts/replica1/bundle" "(b) a peer's TLS server stopped" \
  "FAIL the TLS server of replica3 answers on port $PORT" \
  "     fix: start it on replica3 (systemctl status pgbackrest-server.service there), and open port $PORT from this host"
cmd=${fix#*start it: }
cmd=${cmd%% (then*}
in_ns replica3 "$B3" sh -ec "$cmd" >"$T/evidence/b-fix.out" 2>&1 || { LAST_OUT=$T/evidence/b-fix.out; fail "(b) the fix '$cmd' failed"; }
wait_server replica3
preflight_passes replica3 "$B3" "replica3-server-started"
pass "(b) after the fix it prints ($cmd), replica3's preflight passes"

# (c) Another pgBackRest release than the design's: the design retargeted at 2.55 and its
# bundle installed on replica2, which runs 2.45.
say "(c) the design retargeted at pgBackRest 2.55, its bundle installed on replica2 (which runs 2.45)"
sed 's/^pgbackrest-version = "2.45"$/pgbackrest-version = "2.55"/' "$T/design.toml" >"$T/design-2.55.toml"
grep -q '^pgbackrest-version = "2.55"$' "$T/design-2.55.toml" || fail "(c) could not retarget the design"
"$PGBR" generate "$T/design-2.55.toml" --zip "$T/zip/bundle-2.55.zip" >"$T/evidence/generate-2.55.out" 2>&1 ||
  { LAST_OUT=$T/evidence/generate-2.55.out; fail "(c) pgbr generate --zip failed for 2.55"; }
B2_255=$T/hosts/replica2/bundle-2.55
unpack replica2 "$T/zip/bundle-2.55.zip" "$B2_255"
guide_block "$B2_255/README.md" "### replica2" >"$T/evidence/install-replica2-2.55.sh"
run_block replica2 "$B2_255" "$T/evidence/install-replica2-2.55.sh" install-replica2-2.55
preflight_fails replica2 "$B2_255" "(c) pgBackRest 2.45 where the design says 2.55" \
  "FAIL pgBackRest 2.55 runs here" \
  "     fix: this host has pgBackRest 2.45: install 2.55 on every host, or retarget the design (pgbackrest-version) at the release every host runs"
run_block replica2 "$B2" "$T/evidence/install-replica2.sh" install-replica2-2.45-again
preflight_passes replica2 "$B2" replica2-2.45-again
pass "(c) with the 2.45 bundle installed again, replica2's preflight passes"

# ---------------------------------------------------------------- a repository that is not shared
# (d) The same cluster with the posix repository NOT shared: each host gets its own folder at
# /var/lib/pgbackrest (mounted over the shared one in its namespace). The primary archives
# into replica1's folder, so a backup through a standby's file waits for WAL that never
# reaches that standby's folder, until archive-timeout (5 s here): what pgbr check warns.
say "(d) a design without shared-storage, each host with its own repository folder"
design false 5 >"$T/design-local.toml"
"$PGBR" check "$T/design-local.toml" >"$T/evidence/check-local.out" 2>&1 ||
  { LAST_OUT=$T/evidence/check-local.out; fail "(d) pgbr check found errors in the design without shared storage"; }
WARNING='warning: repo[0].shared-storage: repo1 is a posix path (/var/lib/pgbackrest) written on each host where a command runs: unless it is one filesystem mounted on every host, WAL archived by the primary and a backup through a standby'"'"'s file land in different places and the backup waits for WAL until archive-timeout. Mount shared storage there on every host and set shared-storage = true, or use an object store, or topology = "repo-host"'
grep -qxF "$WARNING" "$T/evidence/check-local.out" ||
  { LAST_OUT=$T/evidence/check-local.out; fail "(d) pgbr check does not print the shared-storage warning"; }
pass "(d) pgbr check warns: ${WARNING#warning: }"
"$PGBR" generate "$T/design-local.toml" --zip "$T/zip/bundle-local.zip" >"$T/evidence/generate-local.out" 2>&1 ||
  { LAST_OUT=$T/evidence/generate-local.out; fail "(d) pgbr generate --zip failed"; }
for n in "${NAMES[@]}"; do
  own=$T/hosts/$n/own-repo
  install -d -o postgres -g postgres -m 0750 "$own"
  in_ns "$n" / mount --bind "$own" /var/lib/pgbackrest
  unpack "$n" "$T/zip/bundle-local.zip" "$T/hosts/$n/bundle-local"
  guide_block "$T/hosts/$n/bundle-local/README.md" "### $n" >"$T/evidence/install-$n-local.sh"
  run_block "$n" "$T/hosts/$n/bundle-local" "$T/evidence/install-$n-local.sh" "install-$n-local"
done
GUIDE_LOCAL=$T/hosts/replica1/bundle-local/README.md
guide_block "$GUIDE_LOCAL" "## Create the stanza and check" >"$T/evidence/stanza-local.sh"
run_block replica1 "$T/hosts/replica1/bundle-local" "$T/evidence/stanza-local.sh" stanza-create-and-check-local
pass "(d) the guide's install on every host and stanza-create and check on replica1 pass"
B2L=$T/hosts/replica2/bundle-local
preflight_fails replica2 "$B2L" "(d) replica2's own repository has no stanza" \
  "FAIL pgbackrest --stanza=$STANZA check passes"
[[ $PF_FIX == *"(did stanza-create run?)" ]] || fail "(d) replica2's preflight should ask whether stanza-create ran: $PF_FIX"
# What that hint leads to: stanza-create on replica2 too (into its own folder), then the
# guide's backup there.
grep -x "sudo -u postgres pgbackrest --stanza=$STANZA stanza-create" "$T/evidence/stanza-local.sh" >"$T/evidence/stanza-create-local.sh" ||
  fail "(d) the guide has no stanza-create command"
run_block replica2 "$B2L" "$T/evidence/stanza-create-local.sh" stanza-create-on-replica2-local
guide_block "$GUIDE_LOCAL" "## Back up" >"$T/evidence/backup-local.sh"
STEP=$((STEP + 1))
LAST_OUT=$T/evidence/$(printf '%02d' $STEP)-backup-on-replica2-local.out
rc=0
in_ns replica2 "$B2L" sh -ex "$T/evidence/backup-local.sh" >"$LAST_OUT" 2>&1 || rc=$?
[ $rc -ne 0 ] || fail "(d) the backup through replica2's file succeeded with a repository that is not shared"
grep -qE "^ERROR: \[082\]: WAL segment [0-9A-F]{24} was not archived before the 5000ms timeout$" "$LAST_OUT" ||
  fail "(d) the backup through replica2's file failed, but not waiting for WAL: $(grep ERROR "$LAST_OUT" | head -n 3)"
pass "(d) the backup through replica2's file fails: $(grep -m1 '^ERROR: \[082\]' "$LAST_OUT")"

[ "$(sha256sum /etc/hosts) $(ls -d /etc/pgbackrest 2>&1 || true)" = "$ETC_BEFORE" ] ||
  fail "the machine's /etc/hosts or /etc/pgbackrest changed"
pass "the machine's own /etc/hosts and /etc/pgbackrest are as they were"
LAST_OUT=
