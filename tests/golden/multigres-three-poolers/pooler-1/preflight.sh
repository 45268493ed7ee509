#!/bin/sh
# Preflight for replica1 (stanza multigres), made by pgbr-designer for pgBackRest 2.45.
# Run it on replica1 as root or as postgres, from this folder of the bundle, once its files,
# certificates and TLS server are installed and the stanza exists. Each check prints one
# line; the first failure stops it, says what to fix, and exits 1.
set -u
here=$(cd "$(dirname "$0")" && pwd)
ok() { printf 'ok   %s\n' "$1"; }
fail() { printf 'FAIL %s\n     fix: %s\n' "$1" "$2"; exit 1; }
# Every pgBackRest command runs as postgres, with this host's file and environment
# (PGBR_PGBACKREST names another pgbackrest binary).
bin=${PGBR_PGBACKREST:-/usr/bin/pgbackrest}
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pgbr() { as_owner "$bin" "$@"; }
installed() { # installed FILE MODE: present, owned by postgres, with that mode
  [ -f "$1" ] || fail "$1 is installed" "install it as README.md says for replica1"
  owner=$(stat -c %U "$1"); mode=$(stat -c %a "$1")
  [ "$owner" = postgres ] || fail "$1 is owned by postgres" "chown postgres:postgres $1 (it is owned by $owner)"
  [ "$mode" = "$2" ] || fail "$1 has mode $2" "chmod $2 $1 (it has mode $mode)"
  ok "$1: owner postgres, mode $2"
}

# The files of this folder, in place.
installed /etc/pgbackrest/pgbackrest.conf 640
cmp -s "$here/pgbackrest.conf" /etc/pgbackrest/pgbackrest.conf || fail "/etc/pgbackrest/pgbackrest.conf is this bundle's pgbackrest.conf" "install $here/pgbackrest.conf again: the installed file differs"

# pgBackRest 2.45 here: every host must run the same release (the protocol refuses a peer
# of another version).
release=$(pgbr version 2>&1) || fail "pgBackRest runs here" "install pgBackRest 2.45 ($release)"
case "$release" in
  "pgBackRest 2.45" | "pgBackRest 2.45."*) ok "$release, the design's release" ;;
  *) fail "pgBackRest 2.45 runs here" "this host has $release: install 2.45 on every host, or retarget the design (pgbackrest-version) at the release every host runs" ;;
esac

# This host's certificate: signed by the CA, its key, the CN the other hosts'
# tls-server-auth allows, and the name they connect to in its subjectAltName.
cert=/etc/pgbackrest/certs/replica1.crt key=/etc/pgbackrest/certs/replica1.key ca=/etc/pgbackrest/certs/ca.crt
installed "$key" 600
[ -r "$cert" ] && [ -r "$ca" ] || fail "$cert and $ca are installed" "copy them here (README.md, Certificates)"
openssl verify -CAfile "$ca" "$cert" >/dev/null 2>&1 || fail "$cert is signed by $ca" "sign this host's certificate with the cluster's CA (README.md, Certificates)"
ok "$cert is signed by $ca"
[ "$(openssl x509 -in "$cert" -noout -pubkey)" = "$(openssl pkey -in "$key" -pubout)" ] || fail "$key is the key of $cert" "install the key made with this certificate"
ok "$key is the key of $cert"
client="$cert"
cn=$(openssl x509 -in "$client" -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= //p')
[ "$cn" = replica1 ] || fail "the client certificate's CN is replica1" "the other hosts' tls-server-auth allows CN replica1, $client has CN '$cn': make it with -subj /CN=replica1"
ok "the client certificate's CN is replica1, which the other hosts allow"
sans=$(openssl x509 -in "$cert" -noout -ext subjectAltName 2>/dev/null | tail -n +2 | tr ',' '\n' | sed 's/^ *//')
printf '%s\n' "$sans" | grep -qxF DNS:replica1 || fail "the certificate's subjectAltName has DNS:replica1" "the other hosts connect to replica1 and check that name; make the certificate again with subjectAltName=DNS:replica1 (it has: $(printf '%s' "$sans" | tr '\n' ' '))"
ok "the certificate's subjectAltName has DNS:replica1"

# The TLS servers: this host's, and every peer's. pgBackRest retries a refused
# connection for twice io-timeout (60 s by default): 5 s gives a stopped server's answer
# in 10 s.
pgbr server-ping replica1 --tls-server-port=8432 --io-timeout=5 >/dev/null 2>&1 || fail "this host's TLS server answers on port 8432" "start it: sudo systemctl enable --now pgbackrest-server.service (then: journalctl -u pgbackrest-server.service)"
ok "this host's TLS server answers on replica1:8432"
pgbr server-ping replica2 --tls-server-port=8432 --io-timeout=5 >/dev/null 2>&1 || fail "the TLS server of replica2 answers on port 8432" "start it on replica2 (systemctl status pgbackrest-server.service there), and open port 8432 from this host"
ok "the TLS server of replica2 answers on port 8432"
pgbr server-ping replica3 --tls-server-port=8432 --io-timeout=5 >/dev/null 2>&1 || fail "the TLS server of replica3 answers on port 8432" "start it on replica3 (systemctl status pgbackrest-server.service there), and open port 8432 from this host"
ok "the TLS server of replica3 answers on port 8432"

# The repositories, from this host.
as_owner test -d /var/lib/pgbackrest -a -w /var/lib/pgbackrest || fail "repo1 (/var/lib/pgbackrest) is a folder postgres can write" "sudo install -d -o postgres -g postgres -m 0750 /var/lib/pgbackrest"
out=$(pgbr --stanza=multigres --repo=1 repo-ls 2>&1) || fail "repo1 can be listed" "$(printf '%s' "$out" | head -n 3 | tr '\n' ' ')"
ok "repo1 (posix) can be listed"

# pgBackRest's own check: the stanza, archiving, and every PostgreSQL host it lists.
out=$(pgbr --stanza=multigres check 2>&1)
rc=$?
case "$out" in
  *'unable to check pg'*) fail "pgbackrest check reaches every replica" "$(printf '%s' "$out" | grep -m1 'unable to check pg'): run preflight.sh on that host" ;;
esac
[ $rc -eq 0 ] || fail "pgbackrest --stanza=multigres check passes" "$(printf '%s' "$out" | grep -m1 -E 'ERROR|HINT' || printf 'exit %s' $rc) (did stanza-create run?)"
ok "pgbackrest --stanza=multigres check passes"
echo "preflight of replica1 passed"
