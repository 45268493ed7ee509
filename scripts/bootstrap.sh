#!/usr/bin/env bash
# Installs, idempotently, every tool this project needs on a fresh Debian 12 machine.
# Each step is skipped when the tool is already there at the right version.
# Usage: scripts/bootstrap.sh [--web] [--system] [--releases] [--objstore]   (no flag: everything)
#   --system    Debian 12 packages: pgbackrest 2.45, PostgreSQL 15, openssl, chromium
#   --releases  the other real pgBackRest releases the tests run: 2.55.1 (Debian 13's package,
#               extracted) and 2.60.0 + PostgreSQL 18 (a Debian unstable chroot); see
#               scripts/lib/releases.sh, and run them with scripts/pgbackrest-at.sh
#   --objstore: the object-store servers of tests/acceptance/objstore.sh: Debian's stunnel4 and
#   python3-venv, a venv in .tools/venv with moto[server] 5.2.5 (S3) and gcp-storage-emulator
#   2026.7.19 (GCS), and npm's azurite 3.37.0 (Azure) in .tools/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=lib/releases.sh
. scripts/lib/releases.sh

want_web=0 want_system=0 want_releases=0 want_objstore=0
if [ $# -eq 0 ]; then want_web=1; want_system=1; want_releases=1; want_objstore=1; fi
for a in "$@"; do
  case "$a" in
    --web) want_web=1 ;;
    --system) want_system=1 ;;
    --releases) want_releases=1 ;;
    --objstore) want_objstore=1 ;;
    *) echo "bootstrap: unknown flag $a (use --web, --system, --releases and/or --objstore)" >&2; exit 2 ;;
  esac
done

say() { printf 'bootstrap: %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$root/.tools/node_modules/.bin:$PATH"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root for: $*"; return 1; fi
}

apt_updated=0
apt_get_install() { # apt_get_install <package>...
  if [ $apt_updated -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  say "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}
apt_install() { # apt_install <command-to-test> <package>...
  local probe=$1; shift
  if command -v "$probe" >/dev/null 2>&1; then return 0; fi
  apt_get_install "$@"
}

if [ $want_system -eq 1 ]; then
  apt_install pgbackrest pgbackrest
  apt_install openssl openssl
  apt_install unzip unzip                 # the bundle acceptance test unzips the bundle
  apt_install systemd-analyze systemd     # ... and checks its units with systemd-analyze verify
  [ -x /usr/lib/postgresql/15/bin/initdb ] || apt_install /usr/lib/postgresql/15/bin/initdb postgresql-15
  apt_install chromium chromium
  apt_install chromedriver chromium-driver
fi

if [ $want_releases -eq 1 ]; then
  [ "$(id -u)" -eq 0 ] || { say "--releases needs root (debootstrap, chroot)"; exit 1; }
  mirror=$(pgbr_debian_mirror)
  mkdir -p "$PGBR_APT_DIR"
  exec 9>"$PGBR_APT_DIR/lock" # one installer at a time: test steps may bootstrap side by side
  flock 9

  # 2.55.1: Debian 13's package, downloaded through a private apt list (the system's sources
  # are never changed) and extracted; it runs on Debian 12's libraries.
  if ! "$PGBR_255_DIR/usr/bin/pgbackrest" version 2>/dev/null | grep -q '^pgBackRest 2\.55\.'; then
    say "pgBackRest 2.55 (Debian 13's package, extracted to $PGBR_255_DIR)"
    d=$PGBR_APT_DIR/trixie
    mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/debs"
    echo "deb $mirror trixie main" >"$d/sources.list"
    a=(-o "Dir::Etc::sourcelist=$d/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$d/lists"
      -o "Dir::Cache=$d/cache" -o Acquire::Check-Valid-Until=false)
    deb=$(ls "$d"/debs/pgbackrest_2.55.*_amd64.deb 2>/dev/null | tail -n 1 || true)
    if [ -z "$deb" ]; then
      apt-get "${a[@]}" update -qq
      chown _apt "$d/debs" 2>/dev/null || true # apt downloads as _apt when it may
      (cd "$d/debs" && apt-get "${a[@]}" download pgbackrest)
      deb=$(ls "$d"/debs/pgbackrest_2.55.*_amd64.deb 2>/dev/null | tail -n 1 || true)
      [ -n "$deb" ] || { say "Debian 13 no longer ships pgbackrest 2.55: $(ls "$d/debs")"; exit 1; }
    fi
    rm -rf "$PGBR_255_DIR.partial"
    dpkg-deb -x "$deb" "$PGBR_255_DIR.partial"
    missing=$(ldd "$PGBR_255_DIR.partial/usr/bin/pgbackrest" | awk '/not found/{print $1}')
    [ -z "$missing" ] || { say "pgbackrest 2.55 needs libraries Debian 12 lacks here: $missing"; exit 1; }
    rm -rf "$PGBR_255_DIR"
    mv "$PGBR_255_DIR.partial" "$PGBR_255_DIR"
  fi
  say "$("$PGBR_255_DIR/usr/bin/pgbackrest" version) in $PGBR_255_DIR"

  # 2.60.0 + PostgreSQL 18: Debian unstable's packages in a minimal chroot (2.60's libxml2
  # needs glibc 2.38). Its postgres user has the system's uid and gid, so files under /tmp
  # (bind-mounted in by scripts/pgbackrest-at.sh) belong to the same user on both sides.
  in_chroot() { # in_chroot CMD...: as root, with /proc and /dev, in a private mount namespace
    unshare --mount --propagation private -- /bin/sh -c \
      'mount -t proc proc "$0/proc" && mount --rbind /dev "$0/dev" && exec chroot "$0" "$@"' \
      "$PGBR_CHROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
  }
  sid_ready() {
    [ -x "$PGBR_CHROOT/usr/lib/postgresql/18/bin/postgres" ] &&
      chroot "$PGBR_CHROOT" /usr/bin/pgbackrest version 2>/dev/null | grep -q '^pgBackRest 2\.60\.'
  }
  if ! sid_ready; then
    say "pgBackRest 2.60 + PostgreSQL 18 (Debian unstable chroot in $PGBR_CHROOT, about a minute)"
    apt_install debootstrap debootstrap
    if [ ! -f "$PGBR_CHROOT/.pgbr-debootstrap-done" ]; then
      rm -rf "$PGBR_CHROOT"
      debootstrap --variant=minbase sid "$PGBR_CHROOT" "$mirror" >"$PGBR_APT_DIR/debootstrap.log" 2>&1 ||
        { tail -n 20 "$PGBR_APT_DIR/debootstrap.log"; say "debootstrap failed"; exit 1; }
      touch "$PGBR_CHROOT/.pgbr-debootstrap-done"
    fi
    uid=$(id -u postgres) gid=$(id -g postgres)
    grep -q '^postgres:' "$PGBR_CHROOT/etc/group" || in_chroot groupadd --system -g "$gid" postgres
    grep -q '^postgres:' "$PGBR_CHROOT/etc/passwd" ||
      in_chroot useradd --system -u "$uid" -g "$gid" -d /var/lib/postgresql -s /bin/bash postgres
    # No service may start inside the chroot, and no default cluster is wanted.
    printf '#!/bin/sh\nexit 101\n' >"$PGBR_CHROOT/usr/sbin/policy-rc.d"
    chmod 755 "$PGBR_CHROOT/usr/sbin/policy-rc.d"
    mkdir -p "$PGBR_CHROOT/etc/postgresql-common"
    echo 'create_main_cluster = false' >"$PGBR_CHROOT/etc/postgresql-common/createcluster.conf"
    in_chroot apt-get -qq -o Acquire::Check-Valid-Until=false update
    in_chroot apt-get -qq -o Acquire::Check-Valid-Until=false install -y --no-install-recommends \
      pgbackrest postgresql-18 >"$PGBR_APT_DIR/sid-install.log" 2>&1 ||
      { tail -n 20 "$PGBR_APT_DIR/sid-install.log"; say "installing into the chroot failed"; exit 1; }
    in_chroot apt-get -qq clean
    [ "$(chroot "$PGBR_CHROOT" id -u postgres)" = "$uid" ] ||
      { say "the chroot's postgres user does not have uid $uid"; exit 1; }
    sid_ready || { say "the chroot has $(chroot "$PGBR_CHROOT" /usr/bin/pgbackrest version 2>&1), not 2.60"; exit 1; }
  fi
  say "$(chroot "$PGBR_CHROOT" /usr/bin/pgbackrest version) and PostgreSQL $(chroot "$PGBR_CHROOT" /usr/lib/postgresql/18/bin/postgres --version | awk '{print $3}') in $PGBR_CHROOT"
  exec 9>&-
fi

if [ $want_objstore -eq 1 ]; then
  apt_install stunnel4 stunnel4
  # Debian's own python3 (not whatever python3 is first on PATH), with venv and ensurepip.
  if ! /usr/bin/python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then apt_get_install python3-venv; fi
  venv=.tools/venv
  if [ ! -x "$venv/bin/python" ]; then
    say "creating the Python venv $venv"
    mkdir -p .tools && /usr/bin/python3 -m venv "$venv"
  fi
  have=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"), m.version("gcp-storage-emulator"), m.version("flask"))' 2>/dev/null || true)
  if [ "${have% *}" != "5.2.5 2026.7.19" ]; then
    say "installing moto[server] 5.2.5 and gcp-storage-emulator 2026.7.19 into $venv (about a minute)"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'moto[server]==5.2.5' 'gcp-storage-emulator==2026.7.19'
  fi
  if [ "$(node -p 'require("./.tools/node_modules/azurite/package.json").version' 2>/dev/null)" != 3.37.0 ]; then
    say "installing azurite 3.37.0 (npm)"
    mkdir -p .tools
    (cd .tools && { [ -f package.json ] || echo '{"private":true}' > package.json; } && npm install --no-audit --no-fund --silent azurite@3.37.0)
  fi
fi

if [ $want_web -eq 1 ]; then
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.130" ]; then
    say "installing wasm-bindgen-cli 0.2.130 (a few minutes)"
    cargo install wasm-bindgen-cli --version 0.2.130 --force
  fi
  if ! trunk --version 2>/dev/null | grep -q '^trunk 0.21.14'; then
    say "installing trunk 0.21.14 (several minutes)"
    cargo install trunk --version 0.21.14 --locked --force
  fi
  if ! wasm-pack --version 2>/dev/null | grep -q '^wasm-pack 0.15.1'; then
    say "installing wasm-pack 0.15.1 (a few minutes)"
    cargo install wasm-pack --version 0.15.1 --locked --force
  fi
  if ! wasm-opt --version 2>/dev/null | grep -q 'version 132'; then
    say "installing wasm-opt (binaryen@132, from npm)"
    mkdir -p .tools
    (cd .tools && [ -f package.json ] || echo '{"private":true}' > package.json; npm install --no-audit --no-fund --silent binaryen@132)
  fi
  if [ ! -d tests/e2e/node_modules/playwright-core ]; then
    say "installing playwright-core for the browser tests"
    (cd tests/e2e && npm ci --no-audit --no-fund --silent)
  fi
fi
say "ready"
