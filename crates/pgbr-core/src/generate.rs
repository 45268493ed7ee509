//! Turning a valid design into files: one per pooler, and the repository host's in that
//! topology. Sections and keys come in a fixed, documented order (docs/design-format.md).

use crate::catalog;
use crate::diag::{has_errors, Diagnostic};
use crate::hash::{FxMap, FxSet};
use crate::model::{
    spelling, Design, HostType, OptValue, Options, PeerOrder, Pooler, Repo, SecretsMode, Tables,
    Topology,
};
use crate::output::{Body, File, FileKind, KeyValue, Line, LineKind, Output, Text};
use crate::validate::{expand, secret_keys, validate};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// pgBackRest's TLS port when none is set.
pub const DEFAULT_TLS_PORT: i64 = 8432;

/// Validates `design` and, when it has no error, produces its files.
pub fn generate(design: &Design) -> Output {
    let mut diagnostics = validate(design);
    if has_errors(&diagnostics) {
        return Output {
            files: Vec::new(),
            diagnostics,
        };
    }
    let files = match design.topology {
        Topology::Pooler => pooler_topology(design),
        Topology::RepoHost => repo_host_topology(design),
    };
    diagnostics.extend(cross_check(design, &files));
    if has_errors(&diagnostics) {
        return Output {
            files: Vec::new(),
            diagnostics,
        };
    }
    Output { files, diagnostics }
}

/// The poolers (indexes into `design.pooler`) as pg1..pgN in `own`'s file.
pub fn pg_order(design: &Design, own: usize) -> Vec<usize> {
    let n = design.pooler.len();
    let mut order = vec![own];
    match design.peer_order {
        PeerOrder::Declared => order.extend((0..n).filter(|&i| i != own)),
        PeerOrder::Rotate => order.extend((1..n).map(|k| (own + k) % n)),
        PeerOrder::Zone => {
            let zone = &design.pooler[own].zone;
            order.extend((0..n).filter(|&i| i != own && design.pooler[i].zone == *zone));
            order.extend((0..n).filter(|&i| i != own && design.pooler[i].zone != *zone));
        }
    }
    order
}

fn header(design: &Design, what: &str, position: Option<usize>) -> Vec<Line> {
    let why = "A comment for people; pgBackRest ignores full-line comments.";
    let shared: Vec<String> = sorted_repos(design)
        .iter()
        .filter(|r| r.shared_storage)
        .map(|r| r.index.to_string())
        .collect();
    let shared = if shared.is_empty() {
        String::new()
    } else {
        format!(" shared-storage={}", shared.join(","))
    };
    let deploy: Vec<String> = sorted_repos(design)
        .iter()
        .flat_map(|r| {
            r.deploy_secrets
                .iter()
                .map(move |k| format!("repo{}-{k}", r.index))
        })
        .collect();
    let shared = if deploy.is_empty() {
        shared
    } else {
        format!("{shared} deploy-secrets={}", deploy.join(","))
    };
    vec![
        Line::comment(format!("pgbackrest.conf for {what}, made by pgbr-designer."), why),
        Line::comment(
            format!(
                "design: stanza={} pgbackrest-version={} topology={} peer-order={} secrets={}{}{}",
                design.stanza,
                design.pgbackrest_version,
                spelling(&design.topology),
                spelling(&design.peer_order),
                spelling(&design.secrets),
                position.map(|k| format!(" pooler={}/{}", k + 1, design.pooler.len())).unwrap_or_default(),
                shared,
            ),
            "The design settings that are not pgBackRest options, so `pgbr import` can restore them.",
        ),
    ]
}

fn pooler_topology(design: &Design) -> Vec<File> {
    let mut files = Vec::new();
    let mut shared = Shared::new(design);
    for (own, p) in design.pooler.iter().enumerate() {
        let mut lines = header(
            design,
            &format!("pooler {} on {}", p.name, p.host),
            Some(own),
        );
        lines.push(Line::comment(
            "Its own replica is pg1 (local); the others follow as pg2..pgN. A backup run with",
            "Explains the ordering: pgBackRest backs up from the first standby in pg order.",
        ));
        lines.push(Line::comment(
            "this file copies from the first standby in that order.",
            "Explains the ordering: pgBackRest backs up from the first standby in pg order.",
        ));
        let secrets = repository_globals(design, &p.global, &mut lines);
        let clients: Vec<&Line> = (0..design.pooler.len())
            .filter(|&i| i != own)
            .map(|i| &shared.auth[i])
            .collect();
        tls_server_block(
            design,
            &p.host,
            p.pg_host_port,
            &clients,
            "the other poolers",
            &mut lines,
        );
        let tables = p.tables();
        command_sections(design, &tables, false, &mut lines);
        let order = pg_order(design, own);
        replicas_section(
            design,
            &mut shared,
            &order,
            &p.host,
            true,
            &tables,
            &mut lines,
        );
        command_sections(design, &tables, true, &mut lines);
        push_files(
            design,
            &mut files,
            (&p.name, &p.host, Some(own)),
            numbered(&order),
            lines,
            secrets,
        );
    }
    files
}

fn repo_host_topology(design: &Design) -> Vec<File> {
    let rh = design
        .repo_host
        .as_ref()
        .expect("validated: repo-host topology has [repo-host]");
    let mut files = Vec::new();
    let mut shared = Shared::new(design);
    let rh_auth = auth_line(design, &rh.host);
    for (own, p) in design.pooler.iter().enumerate() {
        let mut lines = header(
            design,
            &format!("database host {} ({})", p.host, p.name),
            Some(own),
        );
        lines.push(Line::comment(
            format!(
                "Its replica is the local pg1; the repository is on {}.",
                rh.host
            ),
            "Explains the topology.",
        ));
        lines.push(Line::section(
            "global",
            "Options for every stanza and command.",
        ));
        for repo in sorted_repos(design) {
            remote_repo_block(design, &mut shared, repo, &p.host, &mut lines);
        }
        global_block(design, &p.global, &mut lines);
        tls_server_block(
            design,
            &p.host,
            p.pg_host_port,
            &[&rh_auth],
            "the repository host",
            &mut lines,
        );
        let tables = p.tables();
        command_sections(design, &tables, false, &mut lines);
        lines.push(Line::blank());
        lines.push(Line::section(
            design.stanza.clone(),
            "The stanza: this host's PostgreSQL cluster.",
        ));
        merged_options(&design.stanza_options, tables.stanza_options, &mut lines);
        pg_block(design, &mut shared, 1, own, None, &mut lines);
        command_sections(design, &tables, true, &mut lines);
        push_files(
            design,
            &mut files,
            (&p.name, &p.host, Some(own)),
            vec![(1, own)],
            lines,
            Vec::new(),
        );
    }
    let mut lines = header(design, &format!("the repository host {}", rh.host), None);
    lines.push(Line::comment(
        "Every replica is remote, in the design's order; backups copy from the first standby.",
        "Explains the ordering: pgBackRest backs up from the first standby in pg order.",
    ));
    let secrets = repository_globals(design, &rh.global, &mut lines);
    let clients: Vec<&Line> = shared.auth.iter().collect();
    tls_server_block(
        design,
        &rh.host,
        rh.host_port,
        &clients,
        "the database hosts",
        &mut lines,
    );
    let order: Vec<usize> = (0..design.pooler.len()).collect();
    let tables = rh.tables();
    command_sections(design, &tables, false, &mut lines);
    replicas_section(
        design,
        &mut shared,
        &order,
        &rh.host,
        false,
        &tables,
        &mut lines,
    );
    command_sections(design, &tables, true, &mut lines);
    push_files(
        design,
        &mut files,
        (&rh.host, &rh.host, None),
        numbered(&order),
        lines,
        secrets,
    );
    files
}

/// `order` as (pg index, pooler): pg1 first.
fn numbered(order: &[usize]) -> Vec<(u16, usize)> {
    (1..).zip(order.iter().copied()).collect()
}

/// `[<stanza>]` with the poolers of `order` as pg1..pgN, as `this_host` reaches them; with
/// `first_local`, pg1 is this host's own replica and has no host.
fn replicas_section(
    design: &Design,
    shared: &mut Shared,
    order: &[usize],
    this_host: &str,
    first_local: bool,
    own: &Tables,
    lines: &mut Vec<Line>,
) {
    lines.push(Line::blank());
    lines.push(Line::section(
        design.stanza.clone(),
        "The stanza: the PostgreSQL replicas, in pg order.",
    ));
    merged_options(&design.stanza_options, own.stanza_options, lines);
    if !(design.stanza_options.is_empty() && own.stanza_options.is_empty()) {
        lines.push(Line::blank());
    }
    // About 12 lines a block: reserved once, not grown block by block.
    lines.reserve(order.len() * 12);
    let remote = Remote::new(design, this_host);
    for (k, &i) in order.iter().enumerate() {
        let pg = (k + 1) as u16;
        if pg > 1 {
            lines.push(Line::blank());
        }
        let remote_from = if pg == 1 && first_local {
            None
        } else {
            Some(&remote)
        };
        pg_block(design, shared, pg, i, remote_from, lines);
    }
}

/// The catalog's own name for an option this generator writes (always in the catalog:
/// every option was validated or is one the generator itself chose).
fn catalog_name(name: &str) -> &'static str {
    catalog::find(name)
        .map(|d| d.name)
        .expect("generated options are in the catalog")
}

/// A blank line between groups, but not right after a section header.
fn separate(lines: &mut Vec<Line>) {
    if lines.last().is_some_and(|l| l.kind() != LineKind::Section) {
        lines.push(Line::blank());
    }
}

/// `[global]` of a file that holds the repositories: each repository in index order, then
/// the design's options. Returns the secret lines kept out of the file.
fn repository_globals(
    design: &Design,
    own: &BTreeMap<String, OptValue>,
    lines: &mut Vec<Line>,
) -> Vec<Line> {
    lines.push(Line::section(
        "global",
        "Options for every stanza and command.",
    ));
    let mut secrets = Vec::new();
    for repo in sorted_repos(design) {
        repo_block(design, repo, lines, &mut secrets);
    }
    global_block(design, own, lines);
    secrets
}

fn sorted_repos(design: &Design) -> Vec<&Repo> {
    let mut repos: Vec<&Repo> = design.repo.iter().collect();
    repos.sort_by_key(|r| r.index);
    repos
}

/// A repository held by this file: `repoN-type`, `repoN-path`, then the rest by name.
/// Secrets go to `secrets` unless the design says inline.
fn repo_block(design: &Design, repo: &Repo, lines: &mut Vec<Line>, secrets: &mut Vec<Line>) {
    let n = repo.index as u16;
    separate(lines);
    lines.push(
        Line::comment(
            format!("repo{n}: {}", repo.kind.as_str()),
            "Names the repository block below.",
        )
        .for_repo(n),
    );
    let why_type = "The repository's storage type.";
    lines.push(
        Line::option(
            format!("repo{n}-type"),
            "repo-type",
            repo.kind.as_str(),
            why_type,
        )
        .for_repo(n),
    );
    let mut keys: Vec<&String> = repo.options.keys().collect();
    keys.sort_by_key(|k| (k.as_str() != "path", k.as_str()));
    for key in keys {
        let name = format!("repo-{key}");
        let def = catalog::find(&name);
        let is_secret = def.is_some_and(|d| d.secure);
        let why = def.map(|d| d.summary).unwrap_or_default();
        for value in repo.options[key].lines() {
            let line =
                Line::option(format!("repo{n}-{key}"), catalog_name(&name), value, why).for_repo(n);
            if is_secret && design.secrets != SecretsMode::Inline {
                secrets.push(line);
            } else {
                lines.push(line);
            }
        }
    }
    for key in &repo.deploy_secrets {
        deploy_secret(design, &format!("repo{n}-{key}"), n, lines, secrets);
    }
}

/// Where a secret supplied at deploy time goes: named, without a value, in the file the
/// design's `secrets` mode puts secrets in (commented out, so nothing reads an empty value).
fn deploy_secret(
    design: &Design,
    key: &str,
    repo: u16,
    lines: &mut Vec<Line>,
    secrets: &mut Vec<Line>,
) {
    let var = catalog::env_name(key);
    let why = "A secret supplied at deploy time: the design holds no value for it.";
    match design.secrets {
        SecretsMode::Inline => lines.push(
            Line::comment(
                format!("{key} is supplied at deploy time: set {var} in the environment of every pgBackRest process here"),
                why,
            )
            .for_repo(repo),
        ),
        SecretsMode::EnvFile => {
            secrets.push(Line::comment(format!("{key} is supplied at deploy time: remove the '# ' of the next line and add its value, or set {var} in pgBackRest's environment"), why).for_repo(repo));
            secrets.push(Line::comment(format!("{var}="), why).for_repo(repo));
        }
        SecretsMode::IncludeFile => {
            secrets.push(Line::comment(format!("{key} is supplied at deploy time: remove the '# ' of the next line and add its value, or set {var} in pgBackRest's environment"), why).for_repo(repo));
            secrets.push(Line::comment(format!("{key}="), why).for_repo(repo));
        }
    }
}

/// A repository on the dedicated repository host, as a database host reaches it.
fn remote_repo_block(
    design: &Design,
    shared: &mut Shared,
    repo: &Repo,
    this_host: &str,
    lines: &mut Vec<Line>,
) {
    let rh = design.repo_host.as_ref().expect("validated");
    let n = repo.index as u16;
    separate(lines);
    lines.push(
        Line::comment(
            format!("repo{n}: on the repository host {}", rh.host),
            "Names the repository block below.",
        )
        .for_repo(n),
    );
    let target = Target::new(
        design,
        &rh.host,
        rh.host_port,
        rh.host_user.as_deref(),
        rh.host_config.as_deref(),
    );
    let from = Remote::new(design, this_host);
    let Shared { keys, ca_file, .. } = shared;
    client_block(
        design,
        &TO_REPO_HOST,
        &target,
        &from,
        ca_file,
        |name, value, why| {
            lines.push(indexed_option(keys, name, n, value, why).for_repo(n));
        },
    );
}

/// The design's `[global]` options, with this host's own values in their place.
fn global_block(design: &Design, own: &Options, lines: &mut Vec<Line>) {
    if design.global.is_empty() && own.is_empty() {
        return;
    }
    separate(lines);
    merged_options(&design.global, own, lines);
}

/// The command sections, `[global:<command>]` (or with `of_stanza`, `[<stanza>:<command>]`):
/// the design's and this host's own, its options over the design's.
fn command_sections(design: &Design, own: &Tables, of_stanza: bool, lines: &mut Vec<Line>) {
    let (prefix, every, own) = if of_stanza {
        (
            design.stanza.as_str(),
            &design.stanza_command,
            own.stanza_command,
        )
    } else {
        ("global", &design.command, own.command)
    };
    let mut names: Vec<&String> = every.keys().chain(own.keys()).collect();
    names.sort();
    names.dedup();
    let none = Options::new();
    for command in names {
        lines.push(Line::blank());
        lines.push(Line::section(
            format!("{prefix}:{command}"),
            "Options pgBackRest reads for this command before the section without it.",
        ));
        merged_options(
            every.get(command).unwrap_or(&none),
            own.get(command).unwrap_or(&none),
            lines,
        );
    }
}

/// The options of a section: the design's, and this host's own in their place by name.
fn merged_options(every: &Options, own: &Options, lines: &mut Vec<Line>) {
    let mut keys: Vec<&String> = every.keys().chain(own.keys()).collect();
    if !own.is_empty() {
        keys.sort();
        keys.dedup();
    }
    for key in keys {
        let (value, why) = match own.get(key) {
            Some(v) => (
                v,
                "This host's own value (over the design's, in this file only).",
            ),
            None => (
                &every[key],
                catalog::find(key).map(|d| d.summary).unwrap_or_default(),
            ),
        };
        for v in value.lines() {
            lines.push(Line::option(Text::copy(key), catalog_name(key), v, why));
        }
    }
}

/// This host's TLS server: where it listens and which client CNs may use the stanza.
fn tls_server_block(
    design: &Design,
    host: &str,
    port: Option<i64>,
    clients: &[&Line],
    who: &str,
    lines: &mut Vec<Line>,
) {
    let t = &design.tls;
    if t.host_type != HostType::Tls || clients.is_empty() {
        return;
    }
    separate(lines);
    lines.push(Line::comment(
        format!("TLS server of {host} (pgbackrest server), for {who}."),
        "Names the TLS server block below.",
    ));
    let why = "Read only by `pgbackrest server` on this host.";
    lines.push(Line::option(
        "tls-server-address",
        "tls-server-address",
        expand(&t.server_address, host),
        why,
    ));
    let port = port.unwrap_or(t.server_port);
    lines.push(Line::option(
        "tls-server-port",
        "tls-server-port",
        port.to_string(),
        why,
    ));
    lines.push(Line::option(
        "tls-server-cert-file",
        "tls-server-cert-file",
        expand(t.cert_file.as_deref().unwrap_or_default(), host),
        "This host's certificate; its SAN must match the name the others use for it.",
    ));
    lines.push(Line::option(
        "tls-server-key-file",
        "tls-server-key-file",
        expand(t.key_file.as_deref().unwrap_or_default(), host),
        "The key of this host's certificate.",
    ));
    lines.push(Line::option(
        "tls-server-ca-file",
        "tls-server-ca-file",
        Text::copy(t.ca_file.as_deref().unwrap_or_default()),
        "Client certificates must chain to this CA.",
    ));
    lines.reserve(clients.len());
    if !t.auth_cn.contains("{host}") {
        // One CN for every client: one line.
        lines.push(clients[0].clone());
        return;
    }
    // Hosts are unique (validated), so with `{host}` in the template so are the CNs.
    lines.extend(clients.iter().map(|&c| c.clone()));
}

/// The `tls-server-auth` line that lets one client in: the same in every server's file.
fn auth_line(design: &Design, client: &str) -> Line {
    let t = &design.tls;
    let cn = expand(&t.auth_cn, client);
    let stanzas = t.auth_stanzas.as_deref().unwrap_or(&design.stanza);
    Line::option(
        "tls-server-auth",
        "tls-server-auth",
        format!("{cn}={stanzas}"),
        format!("Lets the client certificate with CN {cn} ({client}) use stanza {stanzas}."),
    )
}

/// Text made once per generation and shared by every file that writes it: the indexed keys
/// (`pg2-host`), each replica's block values, each client's `tls-server-auth` line.
struct Shared {
    keys: Keys,
    /// Per pooler: its replica as a client reaches it, and its block's own values.
    targets: Vec<Target>,
    pg: Vec<PgValues>,
    /// Per pooler: the `tls-server-auth` line that lets it in.
    auth: Vec<Line>,
    ca_file: Text,
    /// For each pg block's comment, reused.
    scratch: String,
}

impl Shared {
    fn new(design: &Design) -> Shared {
        let copy = |s: &Option<String>| s.as_deref().map(Text::copy);
        Shared {
            keys: Keys::default(),
            targets: design
                .pooler
                .iter()
                .map(|p| {
                    Target::new(
                        design,
                        &p.host,
                        p.pg_host_port,
                        p.pg_host_user.as_deref(),
                        p.pg_host_config.as_deref(),
                    )
                })
                .collect(),
            pg: design
                .pooler
                .iter()
                .map(|p| PgValues {
                    path: Text::copy(&p.pg_path),
                    port: p.pg_port.map(|n| n.to_string().into()),
                    socket: copy(&p.pg_socket_path),
                    user: copy(&p.pg_user),
                    database: copy(&p.pg_database),
                })
                .collect(),
            auth: design
                .pooler
                .iter()
                .map(|p| auth_line(design, &p.host))
                .collect(),
            ca_file: Text::copy(design.tls.ca_file.as_deref().unwrap_or_default()),
            scratch: String::new(),
        }
    }
}

/// A pooler's `pg-*` values other than how to reach it.
struct PgValues {
    path: Text,
    port: Option<Text>,
    socket: Option<Text>,
    user: Option<Text>,
    database: Option<Text>,
}

/// Indexed keys (`pg2-host` for `pg-host` and 2), each made once per generation.
#[derive(Default)]
struct Keys {
    names: Vec<(&'static str, Vec<Option<Text>>)>,
}

impl Keys {
    fn get(&mut self, name: &'static str, n: u16) -> Text {
        // The same literal is nearly always at the same address: compared by address first.
        let slot = self
            .names
            .iter()
            .position(|(m, _)| std::ptr::eq(*m, name))
            .or_else(|| self.names.iter().position(|(m, _)| *m == name))
            .unwrap_or_else(|| {
                self.names.push((name, Vec::new()));
                self.names.len() - 1
            });
        let row = &mut self.names[slot].1;
        let n = usize::from(n);
        if row.len() <= n {
            row.resize(n + 1, None);
        }
        row[n].get_or_insert_with(|| indexed_key(name, n)).clone()
    }
}

/// `<scope>N-<rest>` for the catalog's `<scope>-<rest>` (`pg2-host` for `pg-host`, 2).
fn indexed_key(name: &'static str, n: usize) -> Text {
    debug_assert!(catalog::find(name).is_some(), "{name} is in the catalog");
    let (scope, rest) = name.split_at(name.find('-').expect("an indexed option has a scope"));
    format!("{scope}{n}{rest}").into()
}

/// What every remote pg block of one file shares: the file's own client certificate and key
/// (expanded once per file, not once per block).
struct Remote<'a> {
    this_host: &'a str,
    cert: Text,
    key: Text,
}

impl<'a> Remote<'a> {
    fn new(design: &Design, this_host: &'a str) -> Remote<'a> {
        Remote {
            this_host,
            cert: expand(design.tls.client_cert(), this_host).into(),
            key: expand(design.tls.client_key(), this_host).into(),
        }
    }
}

/// The host a client block reaches, as the design describes it, in the text its lines write.
struct Target {
    host: Text,
    /// The TLS port, when not pgBackRest's default.
    tls_port: Option<Text>,
    ssh_port: Option<Text>,
    user: Option<Text>,
    config: Option<Text>,
}

impl Target {
    fn new(
        design: &Design,
        host: &str,
        port: Option<i64>,
        user: Option<&str>,
        config: Option<&str>,
    ) -> Target {
        let tls_port = port.unwrap_or(design.tls.server_port);
        Target {
            host: Text::copy(host),
            tls_port: (tls_port != DEFAULT_TLS_PORT).then(|| tls_port.to_string().into()),
            ssh_port: port.map(|p| p.to_string().into()),
            user: user.map(Text::copy),
            config: config.map(Text::copy),
        }
    }
}

/// A client block's catalog names and reasons, for one kind of target: (name, why).
struct ClientWords {
    host: (&'static str, &'static str),
    host_type: (&'static str, &'static str),
    tls_port: (&'static str, &'static str),
    ca_file: (&'static str, &'static str),
    cert_file: (&'static str, &'static str),
    key_file: (&'static str, &'static str),
    ssh_port: (&'static str, &'static str),
    user: (&'static str, &'static str),
    config: (&'static str, &'static str),
}

const TO_PG_HOST: ClientWords = ClientWords {
    host: (
        "pg-host",
        "This replica is remote: reached through its host's pgBackRest server.",
    ),
    host_type: ("pg-host-type", "How this host reaches it."),
    tls_port: ("pg-host-port", "That host's TLS server port."),
    ca_file: (
        "pg-host-ca-file",
        "The CA that signed that host's certificate.",
    ),
    cert_file: (
        "pg-host-cert-file",
        "This host's client certificate; its CN must be in that host's tls-server-auth.",
    ),
    key_file: (
        "pg-host-key-file",
        "The key of this host's client certificate.",
    ),
    ssh_port: ("pg-host-port", "That host's SSH port."),
    user: ("pg-host-user", "The SSH user on that host."),
    config: (
        "pg-host-config",
        "Where that host's own file lives: its server's processes read it.",
    ),
};

const TO_REPO_HOST: ClientWords = ClientWords {
    host: (
        "repo-host",
        "The repository is on the dedicated repository host.",
    ),
    host_type: (
        "repo-host-type",
        "How this host reaches the repository host.",
    ),
    tls_port: ("repo-host-port", "The repository host's TLS server port."),
    ca_file: (
        "repo-host-ca-file",
        "The CA that signed the repository host's certificate.",
    ),
    cert_file: (
        "repo-host-cert-file",
        "This host's client certificate; its CN must be in the repository host's tls-server-auth.",
    ),
    key_file: (
        "repo-host-key-file",
        "The key of this host's client certificate.",
    ),
    ssh_port: ("repo-host-port", "The repository host's SSH port."),
    user: ("repo-host-user", "The SSH user on the repository host."),
    config: (
        "repo-host-config",
        "Where the repository host's own file lives.",
    ),
};

/// The lines `from` writes to reach `to` over the design's TLS or SSH: the host, how to reach
/// it, its port when not the default, the certificates (TLS) or the user (SSH), and where its
/// own file is. `opt` gets each line's catalog name, value and reason.
fn client_block(
    design: &Design,
    words: &ClientWords,
    to: &Target,
    from: &Remote,
    ca_file: &Text,
    mut opt: impl FnMut(&'static str, Text, &'static str),
) {
    debug_assert!(!from.this_host.is_empty());
    let t = &design.tls;
    let mut say = |(name, why): (&'static str, &'static str), value: &Text| {
        opt(name, value.clone(), why);
    };
    say(words.host, &to.host);
    say(words.host_type, &Text::Static(t.host_type.as_str()));
    match t.host_type {
        HostType::Tls => {
            if let Some(port) = &to.tls_port {
                say(words.tls_port, port);
            }
            say(words.ca_file, ca_file);
            say(words.cert_file, &from.cert);
            say(words.key_file, &from.key);
        }
        HostType::Ssh => {
            if let Some(port) = &to.ssh_port {
                say(words.ssh_port, port);
            }
            if let Some(u) = &to.user {
                say(words.user, u);
            }
        }
    }
    if let Some(c) = &to.config {
        say(words.config, c);
    }
}

/// `<scope>N-<rest>=value` for the catalog's `<scope>-<rest>` (`pg2-host` for `pg-host`, 2).
fn indexed_option(
    keys: &mut Keys,
    name: &'static str,
    n: u16,
    value: Text,
    why: &'static str,
) -> Line {
    Line::of(
        Body::Option(KeyValue::new(keys.get(name, n), value)),
        Some(name),
        why,
    )
}

/// `pgN-*` for pooler `i`; `from` is the file's host when the replica is remote.
fn pg_block(
    design: &Design,
    shared: &mut Shared,
    pg: u16,
    i: usize,
    from: Option<&Remote>,
    lines: &mut Vec<Line>,
) {
    let p: &Pooler = &design.pooler[i];
    let note = match (pg, from) {
        (1, None) => " (this file's own replica, local)",
        _ => "",
    };
    let Shared {
        keys,
        targets,
        pg: values,
        ca_file,
        scratch,
        ..
    } = shared;
    scratch.clear();
    write!(scratch, "pg{pg}: {} on {}", p.name, p.host).expect("writing to a String");
    if let Some(z) = &p.zone {
        write!(scratch, ", zone {z}").expect("writing to a String");
    }
    scratch.push_str(note);
    lines.push(
        Line::comment(
            Text::copy(scratch),
            "Names the pooler and host of the block below.",
        )
        .for_pg(pg, i),
    );
    let mut opt = |name: &'static str, value: Text, why: &'static str| {
        lines.push(indexed_option(keys, name, pg, value, why).for_pg(pg, i));
    };
    if let Some(remote) = from {
        client_block(design, &TO_PG_HOST, &targets[i], remote, ca_file, &mut opt);
    }
    let v = &values[i];
    opt(
        "pg-path",
        v.path.clone(),
        "The data directory, as seen on that host.",
    );
    let optional = [
        (
            "pg-port",
            &v.port,
            "The PostgreSQL port, as seen on that host.",
        ),
        (
            "pg-socket-path",
            &v.socket,
            "The PostgreSQL socket directory, as seen on that host.",
        ),
        (
            "pg-user",
            &v.user,
            "The PostgreSQL user pgBackRest connects as.",
        ),
        (
            "pg-database",
            &v.database,
            "The database pgBackRest connects to.",
        ),
    ];
    for (name, value, why) in optional {
        if let Some(value) = value {
            opt(name, value.clone(), why);
        }
    }
}

/// The file (or files, with secrets kept apart) of one host: `(folder, host, pooler)`.
fn push_files(
    design: &Design,
    files: &mut Vec<File>,
    (folder, host, pooler): (&str, &str, Option<usize>),
    pg_order: Vec<(u16, usize)>,
    lines: Vec<Line>,
    secrets: Vec<Line>,
) {
    let inline_secret = design.secrets == SecretsMode::Inline
        && design.repo.iter().any(|r| secret_keys(r).next().is_some());
    let mode = if inline_secret { 0o600 } else { 0o640 };
    let path = format!("{folder}/pgbackrest.conf");
    files.push(File::new(
        path,
        mode,
        FileKind::Config,
        host,
        pooler,
        pg_order,
        lines,
    ));
    if secrets.is_empty() {
        return;
    }
    match design.secrets {
        SecretsMode::Inline => {}
        SecretsMode::EnvFile => {
            let mut lines = vec![Line::comment(
                format!("Secrets for {host}: load into pgBackRest's environment (e.g. systemd EnvironmentFile=), mode 0600."),
                "A comment for people.",
            )];
            for s in secrets {
                let Body::Option(kv) = &s.body else {
                    lines.push(s);
                    continue;
                };
                let body = Body::Env(KeyValue::new(
                    catalog::env_name(kv.key()),
                    kv.parts().1.clone(),
                ));
                lines.push(Line { body, ..s });
            }
            let path = format!("{folder}/{}", crate::fields::ENV_FILE_NAME);
            files.push(File::new(
                path,
                0o600,
                FileKind::Env,
                host,
                pooler,
                Vec::new(),
                lines,
            ));
        }
        SecretsMode::IncludeFile => {
            let mut lines = vec![
                Line::comment(
                    format!("Secrets for {host}: install as /etc/pgbackrest/conf.d/secrets.conf, mode 0600."),
                    "A comment for people.",
                ),
                Line::section("global", "Include files need their own section header."),
            ];
            lines.extend(secrets);
            let path = format!("{folder}/{}", crate::fields::SECRETS_INCLUDE);
            files.push(File::new(
                path,
                0o600,
                FileKind::SecretsInclude,
                host,
                pooler,
                Vec::new(),
                lines,
            ));
        }
    }
}

/// Cross-file rules: every TLS client's CN is allowed by the server it connects to.
fn cross_check(design: &Design, files: &[File]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if design.tls.host_type != HostType::Tls {
        return diags;
    }
    // One pass over each file's lines (a large design's files are a hundred megabytes of
    // lines): each server's file path and the CNs its tls-server-auth lets use this stanza,
    // and each file's hosts that it connects to.
    let mut allowed: FxMap<&str, (&str, FxSet<&str>)> = FxMap::default();
    let mut connects: Vec<(&File, Vec<&str>)> = Vec::new();
    for f in files.iter().filter(|f| f.kind == FileKind::Config) {
        let mut cns = FxSet::default();
        let mut servers = Vec::new();
        for l in &f.lines {
            match l.option {
                Some("pg-host" | "repo-host") => servers.push(l.value().unwrap_or_default()),
                // A hash option: each value is `cn=stanzas`.
                Some("tls-server-auth") => {
                    if let Some((cn, stanzas)) = l.value().and_then(|v| v.split_once('=')) {
                        if stanzas.split(',').any(|s| s == design.stanza || s == "*") {
                            cns.insert(cn);
                        }
                    }
                }
                _ => {}
            }
        }
        allowed.insert(f.host.as_str(), (f.path.as_str(), cns));
        connects.push((f, servers));
    }
    for (client, servers) in connects {
        let cn = expand(&design.tls.auth_cn, &client.host);
        for server_host in servers {
            let Some((server_path, cns)) = allowed.get(server_host) else {
                continue;
            };
            if !cns.contains(cn.as_str()) {
                diags.push(Diagnostic::error(
                    crate::path::FieldPath::tls("auth-cn"),
                    format!("{} connects to {server_host} as CN {cn}, but {server_path} has no tls-server-auth line for it", client.path),
                ));
            }
        }
    }
    diags
}
