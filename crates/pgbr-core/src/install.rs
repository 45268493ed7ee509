//! The install guide shipped with the files: where each file goes on which host, the
//! certificates to make, and the commands that prove the setup.

use crate::generate::{pg_order, DEFAULT_TLS_PORT};
use crate::model::{Design, HostType, Topology};
use crate::output::{File, FileKind};
use crate::validate::{expand, is_ip};
use crate::version::Version;
use std::fmt::Write;

const DEFAULT_CONFIG: &str = "/etc/pgbackrest/pgbackrest.conf";

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
    let _ = writeln!(o, "## Install, host by host\n");
    let mut hosts: Vec<(&str, Vec<&File>)> = Vec::new();
    for f in files {
        match hosts.iter_mut().find(|(h, _)| *h == f.host) {
            Some((_, v)) => v.push(f),
            None => hosts.push((&f.host, vec![f])),
        }
    }
    for (host, fs) in &hosts {
        let _ = writeln!(o, "### {host}\n");
        let config_at = config_path(design, host);
        let _ = writeln!(o, "```sh");
        let _ = writeln!(o, "sudo install -d -o postgres -g postgres -m 0750 /etc/pgbackrest /etc/pgbackrest/conf.d");
        for f in fs {
            let dest = match f.kind {
                FileKind::Config => config_at.clone(),
                FileKind::SecretsInclude => "/etc/pgbackrest/conf.d/secrets.conf".to_string(),
                FileKind::Env => "/etc/pgbackrest/pgbackrest.env".to_string(),
            };
            let _ = writeln!(
                o,
                "sudo install -o postgres -g postgres -m {:04o} {} {dest}",
                f.mode, f.path
            );
        }
        let _ = writeln!(o, "```\n");
        if config_at != DEFAULT_CONFIG {
            let _ = writeln!(o, "The other hosts' files say where this file lives (`pg-host-config`); run pgBackRest here with `--config={config_at}` or `PGBACKREST_CONFIG={config_at}`.\n");
        }
        if fs.iter().any(|f| f.kind == FileKind::Env) {
            let _ = writeln!(o, "Load `/etc/pgbackrest/pgbackrest.env` into every pgBackRest process here (systemd: `EnvironmentFile=`; shell: `set -a; . /etc/pgbackrest/pgbackrest.env; set +a`), including PostgreSQL's `archive_command`.\n");
        }
        if design.tls.host_type == HostType::Tls {
            let _ = writeln!(o, "Start its TLS server (`pgbackrest server`, e.g. the `pgbackrest.service` unit) and check it answers: `pgbackrest server-ping {host}`. The processes the server starts read `{config_at}`.\n");
        }
    }
    if design.tls.host_type == HostType::Tls {
        certificates(design, &mut o);
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
    let _ = writeln!(o, "On {first}, as the user that owns the files:\n\n```sh\npgbackrest --stanza={s} stanza-create\npgbackrest --stanza={s} check\n```\n");
    let _ = writeln!(o, "`stanza-create` succeeds even when no remote host answers: treat any `unable to check pgN` warning as a failure while every replica is up. `check` must finish without one.\n");
    let _ = writeln!(
        o,
        "## Back up\n\n```sh\npgbackrest --stanza={s} --type=full backup\n```\n"
    );
    if design.topology == Topology::Pooler {
        let _ = writeln!(o, "Run it on the host of the pooler whose replica should be copied: its file puts that replica first.");
    }
    o
}

fn config_path(design: &Design, host: &str) -> String {
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

fn certificates(design: &Design, o: &mut String) {
    let t = &design.tls;
    let ca = t.ca_file.as_deref().unwrap_or("ca.crt");
    let ip_sans = design.pgbackrest_version >= Version::new(2, 53);
    let _ = writeln!(o, "## Certificates\n");
    let _ = write!(o, "One CA, and one certificate per host used both as its TLS server certificate and as its client certificate. The CN is what the other hosts' `tls-server-auth` lines allow; the subjectAltName must match the name the others connect to (`pgN-host`).");
    if !ip_sans {
        let _ = write!(o, " pgBackRest {} compares that name with DNS-type SANs only, so an IP address goes in as `DNS:<address>` too.", design.pgbackrest_version);
    }
    let _ = writeln!(o, "\n\n```sh\nopenssl req -new -x509 -days 3650 -nodes -subj /CN=pgbackrest-ca -keyout ca.key -out ca.crt");
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
        let _ = writeln!(o, "openssl x509 -req -days 3650 -in {h}.csr -CA ca.crt -CAkey ca.key -CAcreateserial -extfile <(printf 'subjectAltName=%s' '{san}') -out {h}.crt");
    }
    let _ = writeln!(o, "```\n");
    let _ = writeln!(o, "Copy `ca.crt` to `{ca}` on every host, and each host's `.crt`/`.key` to `{}`/`{}` (owned by the pgBackRest user, mode 0600 for the key).", t.cert_file.as_deref().unwrap_or_default(), t.key_file.as_deref().unwrap_or_default());
    let port = t.server_port;
    if port != DEFAULT_TLS_PORT {
        let _ = writeln!(
            o,
            "The TLS servers listen on port {port}; open it between the hosts."
        );
    }
    let _ = writeln!(o);
}
