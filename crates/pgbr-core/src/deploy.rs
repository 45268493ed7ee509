//! What installing the files takes on each host, as the bundle ships it: where every file goes,
//! the host's TLS server as a systemd unit, and a preflight script that checks the host before
//! the first backup.

use crate::model::{Design, HostType, RepoType, SecretsMode, Topology};
use crate::output::{File, FileKind, Output};
use crate::validate::{expand, is_ip};
use crate::version::Version;
use std::fmt::Write;

/// The file every host reads unless the design says otherwise.
pub const DEFAULT_CONFIG: &str = "/etc/pgbackrest/pgbackrest.conf";
/// The operating-system user that owns the files and runs every pgBackRest process: the
/// PostgreSQL owner (from 2.59 pgBackRest refuses to run as root).
pub const RUN_USER: &str = "postgres";
/// Where Debian's (and PGDG's) package installs the binary.
pub const PGBACKREST_BIN: &str = "/usr/bin/pgbackrest";
/// The unit's file name, on every host.
pub const UNIT_NAME: &str = "pgbackrest-server.service";

/// One host of the bundle: its folder and what goes where.
#[derive(Clone, Debug)]
pub struct Host<'a> {
    pub host: &'a str,
    /// The bundle folder holding its files (`pooler-1`).
    pub folder: String,
    /// Where its pgbackrest.conf is installed.
    pub config: String,
    /// `(bundle path, installed path, mode)` of every file for this host.
    pub installs: Vec<(&'a str, String, u32)>,
    /// Its environment file, installed, when the design puts secrets there.
    pub env_file: Option<&'static str>,
    /// It runs a TLS server (the other hosts connect to it).
    pub tls_server: bool,
    /// The port its TLS server listens on.
    pub port: i64,
    /// The hosts it connects to, with their TLS server ports.
    pub peers: Vec<(&'a str, i64)>,
    /// It holds the repositories itself: every host in the pooler topology, the repository
    /// host in the other.
    pub holds_repos: bool,
}

/// Every host of `output`, in file order.
pub fn hosts<'a>(design: &'a Design, files: &'a [File]) -> Vec<Host<'a>> {
    let mut out: Vec<Host<'a>> = Vec::new();
    for f in files {
        let i = match out.iter().position(|h| h.host == f.host) {
            Some(i) => i,
            None => {
                out.push(new_host(design, f));
                out.len() - 1
            }
        };
        let h = &mut out[i];
        let dest = match f.kind {
            FileKind::Config => h.config.clone(),
            FileKind::SecretsInclude => "/etc/pgbackrest/conf.d/secrets.conf".to_string(),
            FileKind::Env => {
                h.env_file = Some(ENV_FILE);
                ENV_FILE.to_string()
            }
        };
        if f.kind == FileKind::Config {
            h.tls_server = f.lines.iter().any(|l| l.option == Some("tls-server-auth"));
        }
        h.installs.push((&f.path, dest, f.mode));
    }
    out
}

const ENV_FILE: &str = "/etc/pgbackrest/pgbackrest.env";

fn new_host<'a>(design: &'a Design, f: &'a File) -> Host<'a> {
    let t = &design.tls;
    let folder = f
        .path
        .rsplit_once('/')
        .map_or(String::new(), |(d, _)| d.to_string());
    let pooler_port = |i: usize| design.pooler[i].pg_host_port.unwrap_or(t.server_port);
    let repo_host = design.repo_host.as_ref();
    let repo_port = repo_host.map(|r| r.host_port.unwrap_or(t.server_port));
    let (port, peers) = match (f.pooler, &design.topology) {
        (Some(i), Topology::Pooler) => (
            pooler_port(i),
            (0..design.pooler.len())
                .filter(|&k| k != i)
                .map(|k| (design.pooler[k].host.as_str(), pooler_port(k)))
                .collect(),
        ),
        (Some(i), Topology::RepoHost) => (
            pooler_port(i),
            repo_host
                .map(|r| vec![(r.host.as_str(), repo_port.unwrap_or(t.server_port))])
                .unwrap_or_default(),
        ),
        (None, _) => (
            repo_port.unwrap_or(t.server_port),
            (0..design.pooler.len())
                .map(|k| (design.pooler[k].host.as_str(), pooler_port(k)))
                .collect(),
        ),
    };
    Host {
        host: &f.host,
        folder,
        config: config_path(design, &f.host),
        installs: Vec::new(),
        env_file: None,
        tls_server: false,
        port,
        peers,
        holds_repos: design.topology == Topology::Pooler || f.pooler.is_none(),
    }
}

/// Where `host`'s own file lives.
pub fn config_path(design: &Design, host: &str) -> String {
    let from_pooler = design
        .pooler
        .iter()
        .find(|p| p.host == host)
        .and_then(|p| p.pg_host_config.clone());
    let from_repo_host = design
        .repo_host
        .as_ref()
        .filter(|r| r.host == host)
        .and_then(|r| r.host_config.clone());
    from_pooler
        .or(from_repo_host)
        .unwrap_or_else(|| DEFAULT_CONFIG.to_string())
}

/// The certificate files of one host, installed paths: its own certificate and key (server and
/// client alike) and the CA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: String,
    pub key: String,
    pub ca: String,
}

/// `h`'s certificate files, when it talks TLS to another host (it runs a TLS server or
/// connects to one). A single pooler talks to no one and needs none.
pub fn tls_files(design: &Design, h: &Host) -> Option<TlsFiles> {
    let t = &design.tls;
    let talks_tls = h.tls_server || !h.peers.is_empty();
    if t.host_type != HostType::Tls || !talks_tls {
        return None;
    }
    Some(TlsFiles {
        cert: expand(t.cert_file.as_deref()?, h.host),
        key: expand(t.key_file.as_deref()?, h.host),
        ca: t.ca_file.clone()?,
    })
}

/// The systemd unit that runs `h`'s TLS server as the PostgreSQL owner, reading that host's
/// file. The server's connection children re-read their configuration from
/// `PGBACKREST_CONFIG` or the default path (they are not given `--config`), so a file kept
/// elsewhere is named by that variable.
pub fn unit(design: &Design, h: &Host) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {UNIT_NAME} for {}, made by pgbr-designer: the pgBackRest TLS server the other hosts connect to.", h.host);
    let _ = writeln!(o, "# Install: sudo install -m 0644 {UNIT_NAME} /etc/systemd/system/{UNIT_NAME} && sudo systemctl daemon-reload && sudo systemctl enable --now {UNIT_NAME}");
    let _ = writeln!(o, "[Unit]");
    let _ = writeln!(
        o,
        "Description=pgBackRest TLS server on {} (stanza {}, port {})",
        h.host, design.stanza, h.port
    );
    let _ = writeln!(o, "Documentation=https://pgbackrest.org/user-guide.html");
    let _ = writeln!(o, "After=network-online.target");
    let _ = writeln!(o, "Wants=network-online.target");
    let _ = writeln!(o);
    let _ = writeln!(o, "[Service]");
    let _ = writeln!(o, "Type=simple");
    let _ = writeln!(o, "User={RUN_USER}");
    let _ = writeln!(o, "Group={RUN_USER}");
    if h.config != DEFAULT_CONFIG {
        let _ = writeln!(o, "Environment=PGBACKREST_CONFIG={}", h.config);
    }
    if let Some(env) = h.env_file {
        let _ = writeln!(o, "EnvironmentFile={env}");
    }
    let _ = writeln!(o, "ExecStart={PGBACKREST_BIN} server");
    let _ = writeln!(o, "ExecReload=/bin/kill -HUP $MAINPID");
    let _ = writeln!(o, "Restart=on-failure");
    let _ = writeln!(o, "RestartSec=5");
    let _ = writeln!(o);
    let _ = writeln!(o, "[Install]");
    let _ = writeln!(o, "WantedBy=multi-user.target");
    o
}

/// `preflight.sh` for `h`: run on that host, after installing the files, the certificates and
/// its TLS server, and after `stanza-create`. One line per check; the first failure stops it
/// with what to fix, and a non-zero exit.
pub fn preflight(design: &Design, h: &Host) -> String {
    let t = &design.tls;
    let v = design.pgbackrest_version;
    let s = &design.stanza;
    let mut o = String::new();
    let _ = writeln!(o, "#!/bin/sh");
    let _ = writeln!(
        o,
        "# Preflight for {} (stanza {s}), made by pgbr-designer for pgBackRest {v}.",
        h.host
    );
    let _ = writeln!(
        o,
        "# Run it on {} as root or as {RUN_USER}, from this folder of the bundle, once its files,",
        h.host
    );
    let _ = writeln!(
        o,
        "# certificates and TLS server are installed and the stanza exists. Each check prints one"
    );
    let _ = writeln!(
        o,
        "# line; the first failure stops it, says what to fix, and exits 1."
    );
    let _ = writeln!(o, "set -u");
    let _ = writeln!(o, "here=$(cd \"$(dirname \"$0\")\" && pwd)");
    // --config only for a file elsewhere: with --config, pgBackRest skips conf.d.
    let config_arg = if h.config == DEFAULT_CONFIG {
        String::new()
    } else {
        format!(" --config={}", sh_quote(&h.config))
    };
    let _ = writeln!(o, "ok() {{ printf 'ok   %s\\n' \"$1\"; }}");
    let _ = writeln!(
        o,
        "fail() {{ printf 'FAIL %s\\n     fix: %s\\n' \"$1\" \"$2\"; exit 1; }}"
    );
    let _ = writeln!(
        o,
        "# Every pgBackRest command runs as {RUN_USER}, with this host's file and environment"
    );
    let _ = writeln!(o, "# (PGBR_PGBACKREST names another pgbackrest binary).");
    let _ = writeln!(o, "bin=${{PGBR_PGBACKREST:-{PGBACKREST_BIN}}}");
    let _ = writeln!(o, "as_owner() {{ if [ \"$(id -u)\" -eq 0 ]; then runuser -u {RUN_USER} -- \"$@\"; else \"$@\"; fi; }}");
    match h.env_file {
        Some(env) => {
            let _ = writeln!(o, "pgbr() {{ as_owner sh -c 'set -a; . {env}; set +a; exec \"$0\" \"$@\"' \"$bin\" \"$@\"{config_arg}; }}");
        }
        None => {
            let _ = writeln!(o, "pgbr() {{ as_owner \"$bin\" \"$@\"{config_arg}; }}");
        }
    }
    let _ = writeln!(
        o,
        "installed() {{ # installed FILE MODE: present, owned by {RUN_USER}, with that mode"
    );
    let _ = writeln!(
        o,
        "  [ -f \"$1\" ] || fail \"$1 is installed\" \"install it as README.md says for {}\"",
        h.host
    );
    let _ = writeln!(o, "  owner=$(stat -c %U \"$1\"); mode=$(stat -c %a \"$1\")");
    let _ = writeln!(o, "  [ \"$owner\" = {RUN_USER} ] || fail \"$1 is owned by {RUN_USER}\" \"chown {RUN_USER}:{RUN_USER} $1 (it is owned by $owner)\"");
    let _ = writeln!(
        o,
        "  [ \"$mode\" = \"$2\" ] || fail \"$1 has mode $2\" \"chmod $2 $1 (it has mode $mode)\""
    );
    let _ = writeln!(o, "  ok \"$1: owner {RUN_USER}, mode $2\"");
    let _ = writeln!(o, "}}");
    let _ = writeln!(o);
    let _ = writeln!(o, "# The files of this folder, in place.");
    for (path, dest, mode) in &h.installs {
        let name = path.rsplit_once('/').map_or(*path, |(_, n)| n);
        let _ = writeln!(o, "installed {} {:o}", sh_quote(dest), mode);
        let _ = writeln!(o, "cmp -s \"$here/{name}\" {} || fail \"{dest} is this bundle's {name}\" \"install $here/{name} again: the installed file differs\"", sh_quote(dest));
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "# pgBackRest {v} here: every host must run the same release (the protocol refuses a peer"
    );
    let _ = writeln!(o, "# of another version).");
    let _ = writeln!(o, "release=$(pgbr version 2>&1) || fail \"pgBackRest runs here\" \"install pgBackRest {v} ($release)\"");
    let _ = writeln!(o, "case \"$release\" in");
    let _ = writeln!(
        o,
        "  \"pgBackRest {v}\" | \"pgBackRest {v}.\"*) ok \"$release, the design's release\" ;;"
    );
    let _ = writeln!(o, "  *) fail \"pgBackRest {v} runs here\" \"this host has $release: install {v} on every host, or retarget the design (pgbackrest-version) at the release every host runs\" ;;");
    let _ = writeln!(o, "esac");
    if let Some(TlsFiles { cert, key, ca }) = tls_files(design, h) {
        let cn = expand(&t.auth_cn, h.host);
        let client_cert = expand(t.client_cert(), h.host);
        let client_key = expand(t.client_key(), h.host);
        let apart = client_cert != cert;
        let san = if is_ip(h.host) && v >= Version::new(2, 53) {
            format!("IP Address:{}", h.host)
        } else {
            format!("DNS:{}", h.host)
        };
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "# This host's certificate: signed by the CA, its key, the CN the other hosts'"
        );
        let _ = writeln!(
            o,
            "# tls-server-auth allows, and the name they connect to in its subjectAltName."
        );
        let _ = writeln!(
            o,
            "cert={} key={} ca={}",
            sh_quote(&cert),
            sh_quote(&key),
            sh_quote(&ca)
        );
        let _ = writeln!(o, "installed \"$key\" 600");
        let _ = writeln!(o, "[ -r \"$cert\" ] && [ -r \"$ca\" ] || fail \"$cert and $ca are installed\" \"copy them here (README.md, Certificates)\"");
        signed_with_key(&mut o, "cert", "key", "certificate");
        if apart {
            let _ = writeln!(o, "# The client certificate this host presents to the others: signed by the CA, its key.");
            let _ = writeln!(
                o,
                "client={} client_key={}",
                sh_quote(&client_cert),
                sh_quote(&client_key)
            );
            let _ = writeln!(o, "installed \"$client_key\" 600");
            signed_with_key(&mut o, "client", "client_key", "client certificate");
        } else {
            let _ = writeln!(o, "client=\"$cert\"");
        }
        let _ = writeln!(o, "cn=$(openssl x509 -in \"$client\" -noout -subject -nameopt multiline | sed -n 's/^ *commonName *= //p')");
        let _ = writeln!(o, "[ \"$cn\" = {} ] || fail \"the client certificate's CN is {cn}\" \"the other hosts' tls-server-auth allows CN {cn}, $client has CN '$cn': make it with -subj /CN={cn}\"", sh_quote(&cn));
        let _ = writeln!(
            o,
            "ok \"the client certificate's CN is {cn}, which the other hosts allow\""
        );
        let _ = writeln!(o, "sans=$(openssl x509 -in \"$cert\" -noout -ext subjectAltName 2>/dev/null | tail -n +2 | tr ',' '\\n' | sed 's/^ *//')");
        let _ = writeln!(o, "printf '%s\\n' \"$sans\" | grep -qxF {} || fail \"the certificate's subjectAltName has {san}\" \"the other hosts connect to {} and check that name; make the certificate again with subjectAltName={} (it has: $(printf '%s' \"$sans\" | tr '\\n' ' '))\"", sh_quote(&san), h.host, san.replace("IP Address:", "IP:"));
        let _ = writeln!(o, "ok \"the certificate's subjectAltName has {san}\"");
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "# The TLS servers: this host's, and every peer's. pgBackRest retries a refused"
        );
        let _ = writeln!(o, "# connection for twice io-timeout (60 s by default): 5 s gives a stopped server's answer");
        let _ = writeln!(o, "# in 10 s.");
        if h.tls_server {
            let _ = writeln!(o, "pgbr server-ping {} --tls-server-port={} --io-timeout=5 >/dev/null 2>&1 || fail \"this host's TLS server answers on port {}\" \"start it: sudo systemctl enable --now {UNIT_NAME} (then: journalctl -u {UNIT_NAME})\"", h.host, h.port, h.port);
            let _ = writeln!(
                o,
                "ok \"this host's TLS server answers on {}:{}\"",
                h.host, h.port
            );
        }
        for (peer, port) in &h.peers {
            let _ = writeln!(o, "pgbr server-ping {peer} --tls-server-port={port} --io-timeout=5 >/dev/null 2>&1 || fail \"the TLS server of {peer} answers on port {port}\" \"start it on {peer} (systemctl status {UNIT_NAME} there), and open port {port} from this host\"");
            let _ = writeln!(o, "ok \"the TLS server of {peer} answers on port {port}\"");
        }
    }
    let supplied = supplied_secrets(design, h);
    if !supplied.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "# Secrets supplied at deploy time, provided here.");
        for (key, var) in &supplied {
            let (test, fix) = match design.secrets {
                SecretsMode::EnvFile => (format!("grep -q '^{var}=.' {ENV_FILE} || [ -n \"${{{var}:-}}\" ]"), format!("add {var}=<value> to {ENV_FILE} (its line is there, commented out), or set it in pgBackRest's environment")),
                SecretsMode::IncludeFile => (format!("grep -q '^{key}=.' /etc/pgbackrest/conf.d/secrets.conf || [ -n \"${{{var}:-}}\" ]"), format!("add {key}=<value> to /etc/pgbackrest/conf.d/secrets.conf (its line is there, commented out), or set {var} in pgBackRest's environment")),
                SecretsMode::Inline => (format!("[ -n \"${{{var}:-}}\" ]"), format!("set {var} in the environment of every pgBackRest process here, and in this shell to run the preflight")),
            };
            let _ = writeln!(o, "{test} || fail \"{var} is provided\" \"{fix}\"");
            let _ = writeln!(o, "ok \"{var} is provided\"");
        }
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "# The repositories, from this host.");
    for r in &design.repo {
        let n = r.index;
        if h.holds_repos && matches!(r.kind, RepoType::Posix | RepoType::Cifs) {
            let path = r
                .options
                .get("path")
                .and_then(crate::model::OptValue::single)
                .unwrap_or_else(|| "/var/lib/pgbackrest".into());
            let _ = writeln!(o, "as_owner test -d {p} -a -w {p} || fail \"repo{n} ({p}) is a folder {RUN_USER} can write\" \"sudo install -d -o {RUN_USER} -g {RUN_USER} -m 0750 {p}\"", p = sh_quote(&path));
        }
        let _ = writeln!(o, "out=$(pgbr --stanza={s} --repo={n} repo-ls 2>&1) || fail \"repo{n} can be listed\" \"$(printf '%s' \"$out\" | head -n 3 | tr '\\n' ' ')\"");
        let _ = writeln!(o, "ok \"repo{n} ({}) can be listed\"", r.kind.as_str());
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "# pgBackRest's own check: the stanza, archiving, and every PostgreSQL host it lists."
    );
    let _ = writeln!(o, "out=$(pgbr --stanza={s} check 2>&1)");
    let _ = writeln!(o, "rc=$?");
    let _ = writeln!(o, "case \"$out\" in");
    let _ = writeln!(o, "  *'unable to check pg'*) fail \"pgbackrest check reaches every replica\" \"$(printf '%s' \"$out\" | grep -m1 'unable to check pg'): run preflight.sh on that host\" ;;");
    let _ = writeln!(o, "esac");
    let _ = writeln!(o, "[ $rc -eq 0 ] || fail \"pgbackrest --stanza={s} check passes\" \"$(printf '%s' \"$out\" | grep -m1 -E 'ERROR|HINT' || printf 'exit %s' $rc) (did stanza-create run?)\"");
    let _ = writeln!(o, "ok \"pgbackrest --stanza={s} check passes\"");
    let _ = writeln!(o, "echo \"preflight of {} passed\"", h.host);
    o
}

/// The secrets `h` needs that are supplied at deploy time: `(option, environment variable)`.
pub fn supplied_secrets(design: &Design, h: &Host) -> Vec<(String, String)> {
    if !h.holds_repos {
        return Vec::new();
    }
    let mut repos: Vec<_> = design.repo.iter().collect();
    repos.sort_by_key(|r| r.index);
    repos
        .iter()
        .flat_map(|r| {
            r.deploy_secrets.iter().map(move |k| {
                let key = format!("repo{}-{k}", r.index);
                let var = crate::catalog::env_name(&key);
                (key, var)
            })
        })
        .collect()
}

/// Preflight lines: the certificate in shell variable `cert` is signed by `$ca`, and the key in
/// `key` is its key (`what` names the certificate in the fix).
fn signed_with_key(o: &mut String, cert: &str, key: &str, what: &str) {
    let _ = writeln!(o, "openssl verify -CAfile \"$ca\" \"${cert}\" >/dev/null 2>&1 || fail \"${cert} is signed by $ca\" \"sign this host's {what} with the cluster's CA (README.md, Certificates)\"");
    let _ = writeln!(o, "ok \"${cert} is signed by $ca\"");
    let _ = writeln!(o, "[ \"$(openssl x509 -in \"${cert}\" -noout -pubkey)\" = \"$(openssl pkey -in \"${key}\" -pubout)\" ] || fail \"${key} is the key of ${cert}\" \"install the key made with this certificate\"");
    let _ = writeln!(o, "ok \"${key} is the key of ${cert}\"");
}

/// `text` as one shell word.
fn sh_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:=@".contains(c))
    {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The bundle's per-host extras: `<folder>/pgbackrest-server.service` for every host that
/// runs a TLS server, `<folder>/preflight.sh` for every host.
pub fn extras(design: &Design, output: &Output) -> Vec<(String, u32, String)> {
    let mut out = Vec::new();
    for h in hosts(design, &output.files) {
        let at = |name: &str| {
            if h.folder.is_empty() {
                name.to_string()
            } else {
                format!("{}/{name}", h.folder)
            }
        };
        if h.tls_server {
            out.push((at(UNIT_NAME), 0o644, unit(design, &h)));
        }
        out.push((at("preflight.sh"), 0o755, preflight(design, &h)));
    }
    out
}
