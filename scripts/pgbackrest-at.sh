#!/usr/bin/env bash
# Runs one real pgBackRest release (installed by `scripts/bootstrap.sh --releases`), so no test
# needs to know where a release lives or that 2.60 runs in a chroot.
#
# Usage: scripts/pgbackrest-at.sh RELEASE ARGS...            pgbackrest ARGS, of that release
#        scripts/pgbackrest-at.sh --exec RELEASE CMD ARGS...  any command where that release runs,
#                                                             e.g. its PostgreSQL's initdb
#        scripts/pgbackrest-at.sh --pg-bin RELEASE            the PostgreSQL bin folder tested with it
#        scripts/pgbackrest-at.sh --releases                  every release, one a line
# RELEASE is 2.45, 2.55 or 2.60 (a patch level such as 2.55.1 is accepted).
#
# As root the command runs as `postgres` (pgBackRest 2.59+ refuses root, PostgreSQL always
# does); otherwise as the caller. It replaces this script's process (exec), so `$!` of a
# command started in the background is the PID of pgbackrest / postgres itself.
# For 2.60 it runs in the chroot, in a private mount namespace of its own that sees the
# system's /tmp (bind mount), /dev and /proc; the namespace, and its mounts, end with the
# process. The chroot shares the network, so loopback addresses and ports are the system's.
# The environment is passed on (PGBACKREST_* variables work); PATH, HOME and USER are the
# chroot user's. The working directory is kept when it is under /tmp, else it is /.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/releases.sh
. "$here/lib/releases.sh"

usage() { echo "usage: $0 RELEASE ARGS... | --exec RELEASE CMD ARGS... | --pg-bin RELEASE | --releases" >&2; exit 2; }
[ $# -ge 1 ] || usage

mode=pgbackrest
case "$1" in
  --releases) printf '%s\n' "${PGBR_RELEASES[@]}"; exit 0 ;;
  --pg-bin) mode=pg-bin; shift ;;
  --exec) mode=exec; shift ;;
  -*) usage ;;
esac
[ $# -ge 1 ] || usage
release=$(awk -F. '{print $1 "." $2}' <<<"$1")
shift

missing() { echo "pgbackrest-at: release $release is not installed ($1); run scripts/bootstrap.sh --releases" >&2; exit 127; }
case "$release" in
  2.45) exe=/usr/bin/pgbackrest; root=/; command -v "$exe" >/dev/null || missing "$exe" ;;
  2.55) exe=$PGBR_255_DIR/usr/bin/pgbackrest; root=/; [ -x "$exe" ] || missing "$exe" ;;
  2.60) exe=/usr/bin/pgbackrest; root=$PGBR_CHROOT; [ -x "$root$exe" ] || missing "$root$exe" ;;
  *) echo "pgbackrest-at: no release $release here; there are: ${PGBR_RELEASES[*]}" >&2; exit 2 ;;
esac

if [ "$mode" = pg-bin ]; then
  major=$(pgbr_release_pg_major "$release") || { echo "pgbackrest-at: no PostgreSQL is paired with $release" >&2; exit 2; }
  echo "/usr/lib/postgresql/$major/bin"
  exit 0
fi
if [ "$mode" = pgbackrest ]; then
  set -- "$exe" "$@"
else
  [ $# -ge 1 ] || usage
fi

if [ "$root" = / ]; then
  if [ "$(id -u)" -eq 0 ]; then
    exec setpriv --reuid=postgres --regid=postgres --init-groups \
      env HOME=/var/lib/postgresql USER=postgres LOGNAME=postgres "$@"
  fi
  exec "$@"
fi

# The chroot: root is needed for the mount namespace and chroot itself.
if [ "$(id -u)" -ne 0 ]; then
  exec sudo -n --preserve-env "$0" --exec "$release" "$@"
fi
case "$PWD" in /tmp | /tmp/*) dir=$PWD ;; *) dir=/ ;; esac
exec unshare --mount --propagation private -- /bin/sh -c '
  root=$1 dir=$2; shift 2
  mount --rbind /tmp "$root/tmp" && mount --rbind /dev "$root/dev" && mount -t proc proc "$root/proc" &&
    exec chroot --userspec=postgres:postgres "$root" /bin/sh -c "cd \"\$0\" 2>/dev/null || cd /; exec \"\$@\"" "$dir" \
      env PATH=/usr/local/bin:/usr/bin:/bin HOME=/var/lib/postgresql USER=postgres LOGNAME=postgres "$@"
' pgbackrest-at "$root" "$dir" "$@"
