//! The install guide shipped with the files: where each file goes on which host, the
//! certificates to make, and the commands that prove the setup.

use crate::deploy::{self, DEFAULT_CONFIG, RUN_USER, UNIT_NAME};
use crate::generate::{pg_order, DEFAULT_TLS_PORT};
use crate::model::{Design, OptValue, RepoType, SecretsMode, Topology};
use crate::output::File;
use crate::validate::{expand, is_ip};
use crate::version::Version;
use std::fmt::Write;

/// `README.md` for the bundle of `files` made from `design`.
pub fn guide(design: &Design, files: &[File]) -> String {
    let mut o = String::new();
    let s = &design.stanza;
    let _ = writeln!(o, "# pgBackRest configuration for stanza `{s}`\n");
    let _ = writeln!(
        o,
        "Made by pgbr-designer for pgBackRest {} ({} topology, {} replicas). `design.toml` is the design these files come from (without secrets); open it in the designer or run `pgbr generate design.toml --out DIR` to make them again.\n",
        design.pgbackrest_version,
        crate::model::spelling(&design.topology),
        design.pooler.len()
    );
    if design.topology == Topology::Pooler {
        let _ = writeln!(o, "Each pooler's file lists its own replica as pg1 (local) and the others after it. pgBackRest backs up from the first standby in pg order, so a backup run on a pooler's host, with its file, copies the data files from that pooler's replica when it is a standby.\n");
        let _ = writeln!(o, "| file | pg1 | then |\n|---|---|---|");
        for (i, p) in design.pooler.iter().enumerate() {
            let rest: Vec<String> = pg_order(design, i)
                .iter()
                .skip(1)
                .map(|&k| design.pooler[k].host.clone())
                .collect();
            let _ = writeln!(
                o,
                "| `{}/pgbackrest.conf` | {} | {} |",
                p.name,
                p.host,
                rest.join(", ")
            );
        }
        let _ = writeln!(o);
    }
    before_you_start(design, &mut o);
    // Before the install: each host's install starts its TLS server, which needs its
    // certificate.
    let tls = deploy::hosts(design, files)
        .iter()
        .any(|h| deploy::tls_files(design, h).is_some());
    if tls {
        certificates(design, &mut o);
    }
    let _ = writeln!(o, "## Install, host by host\n");
    let _ = writeln!(
        o,
        "On each host, as root, in the unzipped bundle's folder{}:\n",
        if tls {
            " (with that host's certificates in it, see Certificates)"
        } else {
            ""
        }
    );
    let logs = global_path(design, "log-path", "/var/log/pgbackrest");
    let spool = (design
        .global
        .get("archive-async")
        .and_then(OptValue::single)
        .as_deref()
        == Some("y"))
    .then(|| global_path(design, "spool-path", "/var/spool/pgbackrest"));
    for h in deploy::hosts(design, files) {
        let host = h.host;
        let _ = writeln!(o, "### {host}\n");
        let _ = writeln!(o, "```sh");
        let _ = writeln!(o, "sudo install -d -o {RUN_USER} -g {RUN_USER} -m 0750 /etc/pgbackrest /etc/pgbackrest/conf.d");
        let mut dirs = vec![logs.clone()];
        dirs.extend(spool.clone());
        let _ = writeln!(
            o,
            "sudo install -d -o {RUN_USER} -g {RUN_USER} -m 0770 {}",
            dirs.join(" ")
        );
        for (path, dest, mode) in &h.installs {
            let _ = writeln!(
                o,
                "sudo install -o {RUN_USER} -g {RUN_USER} -m {mode:04o} {path} {dest}"
            );
        }
        if let Some(f) = deploy::tls_files(design, &h) {
            let mut made = vec![
                ("ca.crt".to_string(), f.ca, 0o644),
                (format!("{host}.crt"), f.cert, 0o644),
                (format!("{host}.key"), f.key, 0o600),
            ];
            if design.tls.client_cert_file.is_some() {
                made.push((
                    format!("{host}-client.crt"),
                    expand(design.tls.client_cert(), host),
                    0o644,
                ));
                made.push((
                    format!("{host}-client.key"),
                    expand(design.tls.client_key(), host),
                    0o600,
                ));
            }
            let mut dirs: Vec<&str> = Vec::new();
            for (_, dest, _) in &made {
                let dir = dest.rsplit_once('/').map_or("", |(d, _)| d);
                if !dir.is_empty()
                    && !["/etc/pgbackrest", "/etc/pgbackrest/conf.d"].contains(&dir)
                    && !dirs.contains(&dir)
                {
                    dirs.push(dir);
                }
            }
            for dir in dirs {
                // A folder of pgBackRest's own is the PostgreSQL owner's; any other (say
                // /etc/ssl/...) is only made when missing, never re-owned.
                if dir.starts_with("/etc/pgbackrest/") {
                    let _ = writeln!(
                        o,
                        "sudo install -d -o {RUN_USER} -g {RUN_USER} -m 0750 {dir}"
                    );
                } else {
                    let _ = writeln!(o, "sudo mkdir -p {dir}");
                }
            }
            for (src, dest, mode) in &made {
                let _ = writeln!(
                    o,
                    "sudo install -o {RUN_USER} -g {RUN_USER} -m {mode:04o} {src} {dest}"
                );
            }
        }
        if h.tls_server {
            let unit = format!(
                "{}{UNIT_NAME}",
                if h.folder.is_empty() {
                    String::new()
                } else {
                    format!("{}/", h.folder)
                }
            );
            let _ = writeln!(
                o,
                "sudo install -m 0644 {unit} /etc/systemd/system/{UNIT_NAME}"
            );
            let _ = writeln!(o, "sudo systemctl daemon-reload");
            let _ = writeln!(o, "sudo systemctl enable --now {UNIT_NAME}");
        }
        let _ = writeln!(o, "```\n");
        if h.config != DEFAULT_CONFIG {
            let _ = writeln!(o, "The other hosts' files say where this file lives (`pg-host-config`); run pgBackRest here with `--config={}` or `PGBACKREST_CONFIG={}`.\n", h.config, h.config);
        }
        let supplied = deploy::supplied_secrets(design, &h);
        if !supplied.is_empty() {
            let vars: Vec<String> = supplied.iter().map(|(_, var)| format!("`{var}`")).collect();
            let place = match design.secrets {
                SecretsMode::EnvFile => "in `/etc/pgbackrest/pgbackrest.env` (remove the `# ` of its line and add the value) or in the environment of every pgBackRest process here",
                SecretsMode::IncludeFile => "in `/etc/pgbackrest/conf.d/secrets.conf` (remove the `# ` of its line and add the value) or in the environment of every pgBackRest process here",
                SecretsMode::Inline => "in the environment of every pgBackRest process here (the unit's `Environment=`, `archive_command`, your shell)",
            };
            let _ = writeln!(o, "Secrets supplied at deploy time, to provide on this host: {}, {place}. `preflight.sh` checks they are set.\n", vars.join(", "));
        }
        if let Some(env) = h.env_file {
            let _ = writeln!(o, "Load `{env}` into every pgBackRest process here (systemd: `EnvironmentFile=`, as the unit does; shell: `set -a; . {env}; set +a`), including PostgreSQL's `archive_command`.\n");
        }
        if h.tls_server {
            let _ = writeln!(o, "`{UNIT_NAME}` runs this host's TLS server (`pgbackrest server`, port {}) as {RUN_USER} and restarts it on failure; the processes it starts for the other hosts read `{}`. `journalctl -u {UNIT_NAME}` shows why it stopped.\n", h.port, h.config);
        }
    }
    let _ = writeln!(o, "## PostgreSQL\n");
    let custom = design.pooler.iter().any(|p| p.pg_host_config.is_some());
    let config_flag = if custom {
        " --config=<this host's file>"
    } else {
        ""
    };
    let _ = writeln!(o, "On every replica, in `postgresql.conf` (then restart):\n\n```\narchive_mode = on\narchive_command = 'pgbackrest{config_flag} --stanza={s} archive-push %p'\n```\n");
    let _ = writeln!(o, "## Create the stanza and check\n");
    let first = match design.topology {
        Topology::Pooler => design
            .pooler
            .first()
            .map(|p| p.host.clone())
            .unwrap_or_default(),
        Topology::RepoHost => design
            .repo_host
            .as_ref()
            .map(|r| r.host.clone())
            .unwrap_or_default(),
    };
    let _ = writeln!(o, "On {first}, as {RUN_USER}:\n\n```sh\nsudo -u {RUN_USER} pgbackrest --stanza={s} stanza-create\nsudo -u {RUN_USER} pgbackrest --stanza={s} check\n```\n");
    let _ = writeln!(o, "`stanza-create` succeeds even when no remote host answers: treat any `unable to check pgN` warning as a failure while every replica is up. `check` must finish without one.\n");
    let _ = writeln!(o, "## Preflight, on every host\n");
    let _ = writeln!(o, "Each host's folder has a `preflight.sh`. Run it on that host, from the unzipped bundle, once the stanza exists:\n\n```sh");
    for h in deploy::hosts(design, files) {
        let script = if h.folder.is_empty() {
            "preflight.sh".to_string()
        } else {
            format!("{}/preflight.sh", h.folder)
        };
        let _ = writeln!(o, "sudo sh {script}   # on {}", h.host);
    }
    let _ = writeln!(o, "```\n");
    let _ = writeln!(o, "It checks, one line each, that this host's files are in place with the right owner and mode, that its certificate is signed by the CA and carries the CN and name the other hosts expect, that pgBackRest {} runs here, that every peer's TLS server answers, that the repositories can be listed, and then `pgbackrest check`. It stops at the first failure and says what to fix.\n", design.pgbackrest_version);
    let _ = writeln!(o, "When `check` warns `unable to check pgN` on one host, that replica's host is the one to look at: run its preflight; the usual causes are its TLS server not running, a certificate without the name this host uses for it, or another pgBackRest release there.\n");
    let _ = writeln!(
        o,
        "## Back up\n\n```sh\nsudo -u {RUN_USER} pgbackrest --stanza={s} --type=full backup\n```\n"
    );
    if design.topology == Topology::Pooler {
        let _ = writeln!(o, "Run it on the host of the pooler whose replica should be copied: its file puts that replica first.");
    }
    o
}

/// A `[global]` path option of the design, or pgBackRest's default.
fn global_path(design: &Design, key: &str, default: &str) -> String {
    design
        .global
        .get(key)
        .and_then(OptValue::single)
        .unwrap_or_else(|| default.to_string())
}

/// What holds on every host, whatever its role.
fn before_you_start(design: &Design, o: &mut String) {
    let v = design.pgbackrest_version;
    let _ = writeln!(o, "## Before you start\n");
    let _ = writeln!(o, "- **One release everywhere.** Install pgBackRest {v} on every host (`pgbackrest version` prints `pgBackRest {v}` or `{v}.x`): the hosts refuse a peer that runs another release.");
    let root = if v >= Version::new(2, 59) {
        format!(" pgBackRest {v} refuses to run as root.")
    } else {
        " From 2.59 pgBackRest refuses to run as root.".to_string()
    };
    let _ = writeln!(o, "- **As {RUN_USER}.** Every pgBackRest process runs as the PostgreSQL owner, {RUN_USER}: the TLS server (its unit says `User={RUN_USER}`), `archive_command` (PostgreSQL runs it), `stanza-create`, `check` and `backup` (`sudo -u {RUN_USER} pgbackrest ...`).{root}");
    let _ = writeln!(o, "- **Logs and locks.** Each host logs to `{}` and keeps its locks in `{}`; both must be writable by {RUN_USER}. Two pgBackRest setups on one host need different lock paths.", global_path(design, "log-path", "/var/log/pgbackrest"), global_path(design, "lock-path", "/tmp/pgbackrest"));
    for key in ["tls-cipher-12", "tls-cipher-13"] {
        if let Some(val) = design.global.get(key).and_then(OptValue::single) {
            let _ = writeln!(o, "- **{key}={val}** applies to the whole pgBackRest process, client and server: it is in every host's file, and a host with another value fails to connect.");
        }
    }
    for r in &design.repo {
        if r.shared_storage && crate::validate::shared_storage_applies(design, r) {
            let path = r
                .options
                .get("path")
                .and_then(OptValue::single)
                .unwrap_or_else(|| "/var/lib/pgbackrest".into());
            let _ = writeln!(o, "- **repo{} is shared storage.** Every host writes the repository at `{path}`: mount the same filesystem ({}) there on every host, owned by {RUN_USER}, before `stanza-create`. Otherwise WAL archived by the primary and a backup through a standby's file land in different places, and the backup waits for WAL until `archive-timeout`.", r.index, if r.kind == RepoType::Cifs { "the CIFS share" } else { "e.g. NFS" });
        }
    }
    let _ = writeln!(o);
}

fn certificates(design: &Design, o: &mut String) {
    let t = &design.tls;
    let ca = t.ca_file.as_deref().unwrap_or("ca.crt");
    let ip_sans = design.pgbackrest_version >= Version::new(2, 53);
    let _ = writeln!(o, "## Certificates\n");
    let apart = t.client_cert_file.is_some();
    if apart {
        let _ = write!(o, "One CA, and two certificates per host: its TLS server certificate, whose subjectAltName must match the name the others connect to (`pgN-host`), and its client certificate, whose CN is what the other hosts' `tls-server-auth` lines allow (pgBackRest reads the client's CN only, never its SANs).");
    } else {
        let _ = write!(o, "One CA, and one certificate per host used both as its TLS server certificate and as its client certificate. The CN is what the other hosts' `tls-server-auth` lines allow; the subjectAltName must match the name the others connect to (`pgN-host`).");
    }
    if !ip_sans {
        let _ = write!(o, " pgBackRest {} compares that name with DNS-type SANs only, so an IP address goes in as `DNS:<address>` too.", design.pgbackrest_version);
    }
    let _ = writeln!(o, " Make them on one machine, before the install (each host's TLS server starts with its certificate):");
    let _ = writeln!(o, "\n```sh\nopenssl req -new -x509 -days 3650 -nodes -subj /CN=pgbackrest-ca -keyout ca.key -out ca.crt");
    let mut hosts: Vec<String> = design.pooler.iter().map(|p| p.host.clone()).collect();
    if let Some(rh) = &design.repo_host {
        hosts.push(rh.host.clone());
    }
    for h in &hosts {
        let cn = expand(&t.auth_cn, h);
        let san = if is_ip(h) && ip_sans {
            format!("IP:{h}")
        } else {
            format!("DNS:{h}")
        };
        let _ = writeln!(
            o,
            "openssl req -new -nodes -subj /CN={cn} -keyout {h}.key -out {h}.csr"
        );
        let _ = writeln!(o, "printf 'subjectAltName=%s\\n' '{san}' >{h}.ext");
        let _ = writeln!(o, "openssl x509 -req -days 3650 -in {h}.csr -CA ca.crt -CAkey ca.key -CAcreateserial -extfile {h}.ext -out {h}.crt");
        if apart {
            let _ = writeln!(
                o,
                "openssl req -new -nodes -subj /CN={cn} -keyout {h}-client.key -out {h}-client.csr"
            );
            let _ = writeln!(o, "openssl x509 -req -days 3650 -in {h}-client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out {h}-client.crt");
        }
    }
    let _ = writeln!(o, "```\n");
    let _ = writeln!(o, "Keep `ca.key` on that machine. Copy `ca.crt` and each host's own `.crt` and `.key` into the unzipped bundle's folder on that host: its install commands below put them in place (`{ca}` and the host's own paths), owned by {RUN_USER}, the key with mode 0600.");
    if apart {
        let _ = writeln!(
            o,
            "Its `-client.crt`/`-client.key` go beside them and are installed as `{}`/`{}`.",
            t.client_cert(),
            t.client_key()
        );
    }
    let port = t.server_port;
    if port != DEFAULT_TLS_PORT {
        let _ = writeln!(
            o,
            "The TLS servers listen on port {port}; open it between the hosts."
        );
    }
    let _ = writeln!(o);
}
