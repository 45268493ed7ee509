# Where each real pgBackRest release the tests use lives on this machine. Sourced by
# scripts/bootstrap.sh (which installs them) and scripts/pgbackrest-at.sh (which runs them);
# nothing else should know these paths.
#
#   2.45  Debian 12's own package: /usr/bin/pgbackrest, PostgreSQL 15 in /usr/lib/postgresql/15
#   2.55  Debian 13's package, extracted (it runs on Debian 12's libraries as it is)
#   2.60  Debian unstable's package and PostgreSQL 18 in a minimal unstable chroot: 2.60's
#         libxml2 needs a newer glibc than Debian 12 has

# shellcheck disable=SC2034 # used by the scripts that source this file
PGBR_RELEASES=(2.45 2.55 2.60)
# Each may be set in the environment (e.g. to time a fresh install beside the usual one).
PGBR_APT_DIR=${PGBR_APT_DIR:-/opt/pgbr-apt}        # private apt state and logs (never the system's)
PGBR_255_DIR=${PGBR_255_DIR:-/opt/pgbackrest-2.55} # dpkg-deb -x of Debian 13's pgbackrest
PGBR_CHROOT=${PGBR_CHROOT:-/opt/sid}               # Debian unstable: pgbackrest 2.60 + postgresql-18

# The PostgreSQL major each release is tested with (acceptance test).
pgbr_release_pg_major() {
  case "$1" in
    2.45) echo 15 ;;
    2.60) echo 18 ;;
    *) return 1 ;;
  esac
}

# The mirror this machine's apt already uses (deb822 or one-line sources), for the private lists.
pgbr_debian_mirror() {
  local m
  m=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$m" ] || m=$(awk '$1 == "deb" && $2 !~ /^\[/ {print $2; exit} $1 == "deb" && $2 ~ /^\[/ {print $3; exit}' \
    /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
  echo "${m:-http://deb.debian.org/debian}"
}
