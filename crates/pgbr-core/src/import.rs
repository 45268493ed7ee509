//! Reading existing `pgbackrest.conf` files (and the designer's secrets files) back into a
//! design, reporting whatever has no place in one.
//!
//! Files the designer wrote carry full-line comments naming each pg block's pooler and the
//! design settings that are not pgBackRest options; with them, generate → import → generate
//! is byte-identical. Files from elsewhere are read from their options alone.

use crate::catalog::{self, split_indexed, Type};
use crate::fields::Section;
use crate::generate::DEFAULT_TLS_PORT;
use crate::ini::{self, Ini};
use crate::model::{
    default_version, Design, HostType, OptValue, PeerOrder, Pooler, Repo, RepoHost, RepoType,
    SecretsMode, TablesMut, Tls, Topology,
};
use crate::version::Version;
use serde::Serialize;
use std::collections::BTreeMap;

/// Something the importer read but could not place in the design.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unmapped {
    pub file: String,
    /// 1-based line, 0 when the note is about the whole file.
    pub line: usize,
    pub message: String,
    /// Something the files say is not in the design as written (left out, renamed, one value
    /// kept of several); false for a note about what the files do not say.
    pub lost: bool,
}

impl Unmapped {
    /// Where the note is: `file:line`, `file` for the whole file, `None` for the files as a
    /// whole.
    pub fn place(&self) -> Option<String> {
        match (self.file.as_str(), self.line) {
            ("", _) => None,
            (file, 0) => Some(file.to_string()),
            (file, line) => Some(format!("{file}:{line}")),
        }
    }
}

/// `file:line: message`, as every face lists what import could not map.
impl std::fmt::Display for Unmapped {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.place() {
            Some(place) => write!(f, "{place}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportResult {
    pub design: Design,
    pub unmapped: Vec<Unmapped>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{0}")]
    Nothing(String),
    /// The files hold several stanzas and none was chosen: their names.
    #[error("the files hold several stanzas ({}): import one at a time", .0.join(", "))]
    SeveralStanzas(Vec<String>),
}

/// Which host a file is for.
#[derive(Clone, Copy)]
enum Owner {
    Pooler(usize),
    RepoHost,
}

/// One pg block of one file.
#[derive(Clone, Debug, Default)]
struct PgBlock {
    host: Option<String>,
    opts: BTreeMap<String, String>,
    name: Option<String>,
    zone: Option<String>,
}

struct ConfFile {
    name: String,
    ini: Ini,
    meta: BTreeMap<String, String>,
    position: Option<usize>,
    pgs: BTreeMap<u32, PgBlock>,
}

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The stanza to import when the files hold several (without it, several are refused).
    pub stanza: Option<String>,
}

/// Reads `files` (name, text) into a design.
pub fn import(files: &[(String, String)]) -> Result<ImportResult, ImportError> {
    import_with(files, &ImportOptions::default())
}

/// Reads `files` (name, text) into a design, as `options` say.
pub fn import_with(
    files: &[(String, String)],
    options: &ImportOptions,
) -> Result<ImportResult, ImportError> {
    let mut unmapped = Vec::new();
    let Read {
        mut parsed,
        env_secrets,
        saw_env,
    } = read_files(files, &mut unmapped)?;
    merge_includes(&mut parsed, &mut unmapped);
    let chosen = choose_stanza(&parsed, options.stanza.as_deref())?;
    let f = Files::new(parsed, chosen.as_deref(), &mut unmapped)?;
    let stanza = f.stanza(chosen)?;
    let pgbackrest_version = f.version(&mut unmapped);
    let topology = f.topology();
    let mut hosts = read_poolers(&f, &mut unmapped);
    let tls = read_tls(&f, &mut hosts, topology, &stanza, &mut unmapped);
    let (repos, secrets) = read_repos(&f, &env_secrets, saw_env, &mut unmapped);
    let mut repo_host = read_repo_host(&f, &tls);
    report_repo_options_elsewhere(&f, topology, &tls, repo_host.as_ref(), &mut unmapped);
    report_unreached(&f, &hosts.poolers, &mut unmapped);
    report_pg_options(&f, &mut unmapped);
    let global = read_global(&f, &mut hosts, &mut repo_host, &mut unmapped);
    let sections = read_sections(&f, &stanza, &mut hosts, &mut repo_host, &mut unmapped);
    let design = Design {
        stanza,
        pgbackrest_version,
        topology,
        peer_order: f.peer_order(),
        secrets,
        pooler: hosts.poolers,
        repo: finish_repos(&f, repos),
        tls,
        repo_host,
        global,
        command: sections.command,
        stanza_options: sections.stanza_options,
        stanza_command: sections.stanza_command,
    };
    Ok(ImportResult { design, unmapped })
}

/// What the files hold before they are read as hosts' files.
struct Read<'a> {
    /// Each configuration file, parsed, with current option names.
    parsed: Vec<(&'a String, Ini)>,
    /// (file, option key, value) of each `PGBACKREST_` variable of the environment files.
    env_secrets: Vec<(String, String, String)>,
    /// Whether any file is an environment file.
    saw_env: bool,
}

/// Reads each file in order: `.env` files as `PGBACKREST_` variables, the others as INI.
fn read_files<'a>(
    files: &'a [(String, String)],
    unmapped: &mut Vec<Unmapped>,
) -> Result<Read<'a>, ImportError> {
    let mut read = Read {
        parsed: Vec::new(),
        env_secrets: Vec::new(),
        saw_env: false,
    };
    for (name, text) in files {
        check_encoding(name, text)?;
        if crate::env_file::is_env_file(name) {
            read.saw_env = true;
            read_env_file(name, text, &mut read.env_secrets, unmapped);
        } else {
            read.parsed.push((name, read_ini(name, text, unmapped)?));
        }
    }
    Ok(read)
}

/// Adds an environment file's `PGBACKREST_` variables to `env_secrets`, noting other lines.
fn read_env_file(
    name: &str,
    text: &str,
    env_secrets: &mut Vec<(String, String, String)>,
    unmapped: &mut Vec<Unmapped>,
) {
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match crate::env_file::decode(line) {
            Some((k, v)) => env_secrets.push((name.to_string(), k, v)),
            None => unmapped.push(Unmapped {
                file: name.to_string(),
                line: i + 1,
                message: format!("not a PGBACKREST_ variable: {line}"),
                lost: true,
            }),
        }
    }
}

/// A configuration file parsed, its deprecated option names modernized and its keys checked.
fn read_ini(name: &str, text: &str, unmapped: &mut Vec<Unmapped>) -> Result<Ini, ImportError> {
    let mut ini = ini::parse(text).map_err(|e| ImportError::Parse {
        file: name.to_string(),
        message: e.to_string(),
    })?;
    modernize(name, &mut ini, unmapped);
    check_keys(name, &ini)?;
    Ok(ini)
}

/// The configuration files, read, and which of them is which host's.
struct Files {
    confs: Vec<ConfFile>,
    /// The files that are not secrets includes.
    mains: Vec<usize>,
    /// The repository host's file: the one whose pg1 is on another host.
    repo_host_file: Option<usize>,
    /// The other main files, by their recorded positions.
    pooler_files: Vec<usize>,
    /// The file whose repository, command and stanza options the design takes.
    holder: usize,
}

impl Files {
    /// Reads each file (of the chosen stanza only) and tells them apart; refuses files with no
    /// pgbackrest.conf among them.
    fn new(
        parsed: Vec<(&String, Ini)>,
        chosen: Option<&str>,
        unmapped: &mut Vec<Unmapped>,
    ) -> Result<Files, ImportError> {
        let mut confs = Vec::new();
        for (name, mut ini) in parsed {
            if let Some(stanza) = chosen {
                keep_stanza(name, &mut ini, stanza, unmapped);
            }
            confs.push(read_conf(name, ini));
        }
        let mut mains: Vec<usize> = (0..confs.len())
            .filter(|&i| !is_secrets_include(&confs[i].ini))
            .collect();
        if mains.is_empty() {
            return Err(ImportError::Nothing(
                "no pgbackrest.conf among the files: nothing to import".into(),
            ));
        }
        // A file whose pg1 is on another host reaches the replicas: a repository host's. Of
        // several, the one in the folder the database hosts name as their repository host
        // (Crunchy PGO's backup job reaches the replicas too); the others are set apart.
        let reaching: Vec<usize> = mains
            .iter()
            .copied()
            .filter(|&i| confs[i].pgs.get(&1).is_some_and(|b| b.host.is_some()))
            .collect();
        let named = |i: usize| {
            folder_of(&confs[i].name).is_some_and(|folder| {
                mains
                    .iter()
                    .any(|&k| remote_repo_host(&confs[k].ini).as_deref() == Some(&folder))
            })
        };
        let repo_host_file = reaching
            .iter()
            .copied()
            .find(|&i| named(i))
            .or(reaching.first().copied());
        let apart: Vec<usize> = reaching
            .into_iter()
            .filter(|&i| Some(i) != repo_host_file)
            .collect();
        mains.retain(|i| !apart.contains(i));
        if let Some(rf) = repo_host_file {
            for &i in &apart {
                unmapped.push(Unmapped {
                    file: confs[i].name.clone(),
                    line: 0,
                    message: format!(
                        "reaches the replicas as the repository host's file {} does, but no database host names it as its repository host: the design has one repository host, so this host's file is not generated and its options are left out",
                        confs[rf].name
                    ),
                    lost: true,
                });
            }
        }
        let mut pooler_files: Vec<usize> = mains
            .iter()
            .copied()
            .filter(|&i| Some(i) != repo_host_file)
            .collect();
        pooler_files.sort_by_key(|&i| confs[i].position.unwrap_or(usize::MAX));
        let holder = repo_host_file
            .or_else(|| pooler_files.first().copied())
            .unwrap_or(mains[0]);
        Ok(Files {
            confs,
            mains,
            repo_host_file,
            pooler_files,
            holder,
        })
    }

    /// The repository host's name: its header's, else as the database hosts reach it, else its
    /// file's folder (a host nothing reaches, e.g. Crunchy PGO's backup job).
    fn repo_host_name(&self) -> Option<String> {
        let rf = self.repo_host_file?;
        let c = &self.confs[rf];
        c.meta
            .get("host")
            .cloned()
            .or_else(|| own_host(c, &self.confs, &self.pooler_files))
            .or_else(|| folder_of(&c.name))
    }

    /// A design setting that is not an option, from the first main file whose header has it.
    fn meta(&self, k: &str) -> Option<String> {
        self.mains
            .iter()
            .find_map(|&i| self.confs[i].meta.get(k).cloned())
    }

    /// The stanza: the chosen one, else the first stanza section, else the header's.
    fn stanza(&self, chosen: Option<String>) -> Result<String, ImportError> {
        let stanza_of = |c: &ConfFile| {
            c.ini
                .sections
                .iter()
                .find(|s| s.name != "global" && !s.name.contains(':'))
                .map(|s| s.name.clone())
        };
        chosen
            .or_else(|| self.mains.iter().find_map(|&i| stanza_of(&self.confs[i])))
            .or_else(|| self.confs[self.mains[0]].meta.get("stanza").cloned())
            .ok_or_else(|| {
                ImportError::Nothing(
                    "no stanza section (e.g. [main]) in the files: nothing to import".into(),
                )
            })
    }

    /// The pgBackRest version the header names, else the default, noted as assumed.
    fn version(&self, unmapped: &mut Vec<Unmapped>) -> Version {
        self.meta("pgbackrest-version")
            .and_then(|v| Version::parse(&v).ok())
            .unwrap_or_else(|| {
                unmapped.push(Unmapped {
                    file: String::new(),
                    line: 0,
                    message: format!(
                        "the files do not say which pgBackRest version they target; assumed {}",
                        default_version()
                    ),
                    lost: false,
                });
                default_version()
            })
    }

    /// The topology the header names, else the one the files' remote hosts imply.
    fn topology(&self) -> Topology {
        match self.meta("topology").as_deref() {
            Some("repo-host") => Topology::RepoHost,
            Some("pooler") => Topology::Pooler,
            _ if self.repo_host_file.is_some()
                || self
                    .mains
                    .iter()
                    .any(|&i| has_remote_repo(&self.confs[i].ini)) =>
            {
                Topology::RepoHost
            }
            _ => Topology::Pooler,
        }
    }

    /// The peer order the header names, else the declared one.
    fn peer_order(&self) -> PeerOrder {
        match self.meta("peer-order").as_deref() {
            Some("rotate") => PeerOrder::Rotate,
            Some("zone") => PeerOrder::Zone,
            _ => PeerOrder::Declared,
        }
    }

    /// (file, value) of every indexed option line ending in `suffix` in the main files.
    fn indexed(&self, suffix: &str) -> Vec<(usize, String)> {
        self.mains
            .iter()
            .flat_map(|&i| {
                self.confs[i]
                    .ini
                    .sections
                    .iter()
                    .flat_map(move |s| s.entries.iter().map(move |e| (i, e)))
            })
            .filter(|(_, e)| matches!(split_indexed(&e.key), Some((_, Some(_), rest)) if rest == suffix))
            .map(|(i, e)| (i, e.value.clone()))
            .collect()
    }
}

/// The poolers the files describe, and which file is each one's own.
struct Hosts {
    poolers: Vec<Pooler>,
    /// Pooler index → its own file.
    own_file: BTreeMap<usize, usize>,
}

impl Hosts {
    /// The host file `fi` is for: the repository host, or the pooler it is the own file of.
    fn host_of(&self, f: &Files, fi: usize) -> Option<String> {
        if Some(fi) == f.repo_host_file {
            return f.repo_host_name();
        }
        self.own_file
            .iter()
            .find(|(_, &x)| x == fi)
            .map(|(&k, _)| self.poolers[k].host.clone())
    }

    /// Which host file `fi` is for.
    fn owner_of(&self, f: &Files, fi: usize) -> Option<Owner> {
        if Some(fi) == f.repo_host_file {
            return Some(Owner::RepoHost);
        }
        self.own_file
            .iter()
            .find(|(_, &x)| x == fi)
            .map(|(&k, _)| Owner::Pooler(k))
    }
}

/// The poolers: in the repository host's order, else by the files' recorded positions.
fn read_poolers(f: &Files, unmapped: &mut Vec<Unmapped>) -> Hosts {
    let confs = &f.confs;
    let mut poolers: Vec<Pooler> = Vec::new();
    let mut owner_file: BTreeMap<usize, usize> = BTreeMap::new();
    if let Some(rf) = f.repo_host_file {
        for block in confs[rf].pgs.values() {
            poolers.push(pooler_from(block, block.host.clone().unwrap_or_default()));
        }
    }
    for &fi in &f.pooler_files {
        let c = &confs[fi];
        let Some(local) = c.pgs.get(&1) else {
            unmapped.push(Unmapped {
                file: c.name.clone(),
                line: 0,
                message: "no pg1 in this file: it describes no replica".into(),
                lost: true,
            });
            continue;
        };
        let host = local
            .host
            .clone()
            .or_else(|| own_host(c, confs, &f.pooler_files))
            .or_else(|| folder_of(&c.name))
            .unwrap_or_else(|| unused_host(f, &poolers));
        let mut p = pooler_from(local, host.clone());
        p.pg_host_port = global_value(&c.ini, "tls-server-port").and_then(|v| v.parse().ok());
        match poolers.iter().position(|q| q.host == host) {
            Some(k) => {
                let keep = poolers[k].clone();
                poolers[k] = Pooler {
                    pg_host_config: keep.pg_host_config.or(p.pg_host_config.take()),
                    pg_host_user: keep.pg_host_user,
                    ..p
                };
                owner_file.insert(k, fi);
            }
            None => {
                owner_file.insert(poolers.len(), fi);
                poolers.push(p);
            }
        }
    }
    // A replica a file reaches (`pgN-host`) that has no file of its own among these is a
    // pooler too, read from that block: generate then writes its file as well, and says so.
    let mut reached = 0;
    for &fi in &f.pooler_files {
        let c = &confs[fi];
        for (n, block) in c.pgs.iter().filter(|(n, _)| **n != 1) {
            let Some(host) = &block.host else { continue };
            if poolers.iter().any(|p| &p.host == host) {
                continue;
            }
            let key = format!("{}-host", crate::fields::pg_prefix(*n as u16));
            unmapped.push(Unmapped {
                file: c.name.clone(),
                // The block's host is the last value the file gives it.
                line: c
                    .ini
                    .sections
                    .iter()
                    .flat_map(|s| &s.entries)
                    .rfind(|e| e.key == key)
                    .map_or(0, |e| e.line),
                message: format!("{host} ({key} here) has no file among these: the design takes its replica from this block, and generate writes a file for it too"),
                lost: false,
            });
            poolers.push(pooler_from(block, host.clone()));
            reached += 1;
        }
    }
    if let ([fi], true, None) = (f.pooler_files.as_slice(), reached > 0, f.repo_host_file) {
        table_order(f, *fi, &mut poolers, &mut owner_file, unmapped);
    }
    complete_poolers(f, &mut poolers);
    Hosts {
        poolers,
        own_file: owner_file,
    }
}

/// A name for a file's own replica when nothing says it: `replicaN`, one no file names.
fn unused_host(f: &Files, poolers: &[Pooler]) -> String {
    let named = |h: &str| {
        poolers.iter().any(|p| p.host == h)
            || f.pooler_files.iter().any(|&fi| {
                f.confs[fi]
                    .pgs
                    .values()
                    .any(|b| b.host.as_deref() == Some(h))
            })
    };
    (poolers.len() + 1..)
        .map(|n| format!("replica{n}"))
        .find(|h| !named(h))
        .expect("some replicaN is free")
}

/// One pooler's file alone, with the replicas it reaches after its own (`poolers` in its pg
/// order): the design's table is the order that file was made from, when its recorded
/// position (`pooler=k/N`) and the peer order say it. Zone order cannot be undone (the other
/// zone's replicas may have stood anywhere): the table keeps the file's pg order, and a note
/// says so.
fn table_order(
    f: &Files,
    fi: usize,
    poolers: &mut [Pooler],
    owner_file: &mut BTreeMap<usize, usize>,
    unmapped: &mut Vec<Unmapped>,
) {
    let Some(k) = f.confs[fi]
        .position
        .filter(|p| (1..=poolers.len()).contains(p))
        .map(|p| p - 1)
    else {
        return;
    };
    match f.peer_order() {
        PeerOrder::Declared => poolers[..=k].rotate_left(1),
        PeerOrder::Rotate => poolers.rotate_right(k),
        PeerOrder::Zone => {
            unmapped.push(Unmapped {
                file: f.confs[fi].name.clone(),
                line: 0,
                message: "with peer-order = zone one file does not say where the other zone's replicas stood in the design: its pg order is taken as the table's, so the other poolers' files may list their peers in another order than before".into(),
                lost: false,
            });
            return;
        }
    }
    owner_file.clear();
    owner_file.insert(k, fi);
}

/// What only the other files say about a replica: host-config, SSH user and port, name, zone.
fn complete_poolers(f: &Files, poolers: &mut [Pooler]) {
    for &fi in f.mains.iter() {
        for block in f.confs[fi].pgs.values() {
            let Some(h) = &block.host else { continue };
            if let Some(p) = poolers.iter_mut().find(|p| &p.host == h) {
                if let Some(v) = block.opts.get("host-config") {
                    p.pg_host_config = Some(v.clone());
                }
                if let Some(v) = block.opts.get("host-user") {
                    p.pg_host_user = Some(v.clone());
                }
                if p.pg_host_port.is_none() {
                    p.pg_host_port = block.opts.get("host-port").and_then(|v| v.parse().ok());
                }
                if let Some(n) = &block.name {
                    p.name = n.clone();
                }
                if block.zone.is_some() {
                    p.zone = block.zone.clone();
                }
            }
        }
    }
}

/// The [tls] table, from the files' host-type, certificate and tls-server-* lines.
fn read_tls(
    f: &Files,
    hosts: &mut Hosts,
    topology: Topology,
    stanza: &str,
    unmapped: &mut Vec<Unmapped>,
) -> Tls {
    // No host-type line with a remote host means SSH, pgBackRest's default.
    let remote = !f.indexed("host").is_empty();
    let host_type = match f.indexed("host-type").first().map(|(_, v)| v.as_str()) {
        Some("ssh") => HostType::Ssh,
        None if remote => HostType::Ssh,
        _ => HostType::Tls,
    };
    let mut tls = Tls {
        host_type,
        ..Tls::default()
    };
    tls.ca_file = f
        .indexed("host-ca-file")
        .first()
        .map(|(_, v)| v.clone())
        .or_else(|| {
            f.mains
                .iter()
                .find_map(|&i| global_value(&f.confs[i].ini, "tls-server-ca-file"))
        });
    read_tls_identity(f, hosts, &mut tls);
    if let Some(addr) = template(&host_values(f, hosts, "tls-server-address", true)) {
        tls.server_address = addr;
    }
    let ports: Vec<i64> = f
        .mains
        .iter()
        .filter_map(|&i| {
            global_value(&f.confs[i].ini, "tls-server-port")?
                .parse()
                .ok()
        })
        .collect();
    tls.server_port = mode(&ports).unwrap_or(DEFAULT_TLS_PORT);
    if let Some(cn) = auth_cn(f, hosts, topology) {
        tls.auth_cn = cn;
    }
    read_auth_stanzas(f, stanza, &mut tls, unmapped);
    // With TLS the server port is the default host port; an SSH port is always explicit.
    let ssh = tls.host_type == HostType::Ssh;
    for p in hosts.poolers.iter_mut() {
        if p.pg_host_port == Some(tls.server_port) && !ssh {
            p.pg_host_port = None;
        }
    }
    tls
}

/// (host, value) for each main file whose host is known: of its `[global]` option `key`, or
/// (not `global`) of each of its indexed lines ending in `key`.
fn host_values(f: &Files, hosts: &Hosts, key: &str, global: bool) -> Vec<(String, String)> {
    if global {
        f.mains
            .iter()
            .filter_map(|&i| Some((hosts.host_of(f, i)?, global_value(&f.confs[i].ini, key)?)))
            .collect::<Vec<_>>()
    } else {
        f.indexed(key)
            .into_iter()
            .filter_map(|(i, v)| Some((hosts.host_of(f, i)?, v)))
            .collect()
    }
}

/// The certificate and key templates: one per host for both roles, or a client certificate
/// apart from it.
fn read_tls_identity(f: &Files, hosts: &Hosts, tls: &mut Tls) {
    let (cert, client_cert) = identity(
        &host_values(f, hosts, "tls-server-cert-file", true),
        &host_values(f, hosts, "host-cert-file", false),
    );
    let (key, client_key) = identity(
        &host_values(f, hosts, "tls-server-key-file", true),
        &host_values(f, hosts, "host-key-file", false),
    );
    tls.cert_file = cert;
    tls.key_file = key;
    if client_cert.is_some() || client_key.is_some() {
        tls.client_cert_file = client_cert.or_else(|| tls.cert_file.clone());
        tls.client_key_file = client_key.or_else(|| tls.key_file.clone());
    }
}

/// The auth-cn template, from the tls-server-auth `CN=stanza` lines: each file's clients are
/// the other hosts.
fn auth_cn(f: &Files, hosts: &Hosts, topology: Topology) -> Option<String> {
    let mut lists: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for &fi in &f.mains {
        let Some(server) = hosts.host_of(f, fi) else {
            continue;
        };
        let auths: Vec<String> = f.confs[fi]
            .ini
            .section("global")
            .map(|s| {
                s.entries
                    .iter()
                    .filter(|e| e.key == "tls-server-auth")
                    .filter_map(|e| e.value.split_once('=').map(|(c, _)| c.to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let clients: Vec<String> = if Some(fi) == f.repo_host_file || topology == Topology::Pooler {
            hosts
                .poolers
                .iter()
                .map(|p| p.host.clone())
                .filter(|h| *h != server)
                .collect()
        } else {
            f.repo_host_file
                .and_then(|rf| hosts.host_of(f, rf))
                .or_else(|| {
                    f.mains
                        .iter()
                        .find_map(|&i| remote_repo_host(&f.confs[i].ini))
                })
                .into_iter()
                .collect()
        };
        lists.push((clients, auths));
    }
    // The files list their clients in the design's table order, which an import of some of
    // them may not know (one file, zone order): also tried with both sides sorted.
    let pairs = |sorted: bool| -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for (clients, auths) in &lists {
            let (mut clients, mut auths) = (clients.clone(), auths.clone());
            if sorted {
                clients.sort();
                auths.sort();
            }
            pairs.extend(clients.into_iter().zip(auths));
        }
        pairs
    };
    let fits = |t: &str, pairs: &[(String, String)]| {
        pairs.iter().all(|(h, v)| t.replace("{host}", h) == *v)
    };
    let (given, sorted) = (pairs(false), pairs(true));
    let fitting =
        |candidate: &[(String, String)]| template(candidate).filter(|t| fits(t, candidate));
    let found = fitting(&given).or_else(|| fitting(&sorted));
    found.or_else(|| template(&given))
}

/// What the tls-server-auth lines let the CNs use, when it is not just this stanza; lines
/// that differ are noted.
fn read_auth_stanzas(f: &Files, stanza: &str, tls: &mut Tls, unmapped: &mut Vec<Unmapped>) {
    let auth_stanzas: Vec<String> = f
        .mains
        .iter()
        .filter_map(|&i| f.confs[i].ini.section("global"))
        .flat_map(|s| s.entries.iter())
        .filter(|e| e.key == "tls-server-auth")
        .filter_map(|e| e.value.split_once('=').map(|(_, st)| st.to_string()))
        .collect();
    // The first line that lets its CN use this stanza, else the first: a line for another
    // stanza only (a host of that stanza's own cluster) must not lock this one out.
    let grants = |a: &&String| a.split(',').any(|s| s.trim() == stanza || s.trim() == "*");
    let kept = auth_stanzas.iter().find(grants).or(auth_stanzas.first());
    if let Some(kept) = kept.filter(|k| **k != stanza) {
        tls.auth_stanzas = Some(kept.clone());
    }
    if let Some(kept) = kept.filter(|k| auth_stanzas.iter().any(|a| a != *k)) {
        unmapped.push(Unmapped {
            file: String::new(),
            line: 0,
            message: format!("the tls-server-auth lines let their CNs use different stanzas ({}): the design keeps one, {}", {
                let mut v = auth_stanzas.clone();
                v.sort();
                v.dedup();
                v.join("; ")
            }, kept),
            lost: true,
        });
    }
}

/// The repositories, from the holder's file, the secrets includes and the environment files,
/// and the secrets mode they say.
fn read_repos(
    f: &Files,
    env_secrets: &[(String, String, String)],
    saw_env: bool,
    unmapped: &mut Vec<Unmapped>,
) -> (BTreeMap<u32, Repo>, SecretsMode) {
    let mut repos: BTreeMap<u32, Repo> = BTreeMap::new();
    let mut secrets_mode = SecretsMode::Inline;
    for (ci, c) in f.confs.iter().enumerate() {
        let include = is_secrets_include(&c.ini);
        if !(ci == f.holder || include) {
            continue;
        }
        if include {
            secrets_mode = SecretsMode::IncludeFile;
        }
        for s in &c.ini.sections {
            for e in &s.entries {
                if let Some(("repo", Some(idx), rest)) = split_indexed(&e.key) {
                    add_repo_option(&mut repos, idx, rest, &e.value);
                }
            }
        }
    }
    for (_, key, value) in env_secrets {
        match split_indexed(key) {
            Some(("repo", Some(idx), rest)) => add_repo_option(&mut repos, idx, rest, value),
            _ => unmapped.push(Unmapped {
                file: String::new(),
                line: 0,
                message: format!("environment variable for {key} has no place in a design"),
                lost: true,
            }),
        }
    }
    if saw_env {
        secrets_mode = SecretsMode::EnvFile;
    }
    if let Some(m) = f.meta("secrets") {
        secrets_mode = match m.as_str() {
            "env-file" => SecretsMode::EnvFile,
            "include-file" => SecretsMode::IncludeFile,
            _ => SecretsMode::Inline,
        };
    }
    for r in repos.values_mut() {
        keep_design_options(r, unmapped);
    }
    (repos, secrets_mode)
}

/// Adds a `repoN-rest` line to repository `idx`: its type, or an option (a list's values
/// gathered, a single value's first kept).
fn add_repo_option(repos: &mut BTreeMap<u32, Repo>, idx: u32, rest: &str, value: &str) {
    let r = repos.entry(idx).or_insert_with(|| Repo {
        index: idx as i64,
        ..Repo::default()
    });
    if rest == "type" {
        r.kind = RepoType::parse(value).unwrap_or_default();
        return;
    }
    let v = catalog::typed_value(&format!("repo-{rest}"), value);
    match r.options.get_mut(rest) {
        Some(OptValue::List(l)) => l.push(value.to_string()),
        Some(_) => {}
        None => {
            r.options.insert(rest.to_string(), v);
        }
    }
}

/// Keeps only host-free repository options that pgBackRest knows: the topology writes
/// repoN-host*; what it cannot write, and what is no option, is noted.
fn keep_design_options(r: &mut Repo, unmapped: &mut Vec<Unmapped>) {
    for k in r.options.keys() {
        if k.starts_with("host-") && !HOST_KEYS.contains(&k.as_str()) {
            unmapped.push(Unmapped {
                file: String::new(),
                line: 0,
                message: format!("repo{}-{k} has no place in a design (the repository host is reached as [repo-host] says): left out", r.index),
                lost: true,
            });
        }
    }
    r.options
        .retain(|k, _| !(k == "host" || k.starts_with("host-")));
    let unknown: Vec<String> = r
        .options
        .keys()
        .filter(|k| catalog::find(&format!("repo-{k}")).is_none())
        .cloned()
        .collect();
    for k in unknown {
        r.options.remove(&k);
        unmapped.push(Unmapped {
            file: String::new(),
            line: 0,
            message: format!(
                "repo{}-{k} is not a pgBackRest option (pgBackRest warns and ignores it): left out",
                r.index
            ),
            lost: true,
        });
    }
}

/// The [repo-host] table: a database host's file reaches the repository host through
/// repoN-host*; the repository host's own file gives its name and TLS port.
fn read_repo_host(f: &Files, tls: &Tls) -> Option<RepoHost> {
    let ssh = tls.host_type == HostType::Ssh;
    let mut repo_host: Option<RepoHost> = None;
    for &fi in &f.pooler_files {
        if let Some(host) = remote_repo_host(&f.confs[fi].ini) {
            let mut rh = RepoHost {
                host,
                ..RepoHost::default()
            };
            for e in f.confs[fi]
                .ini
                .section("global")
                .map(|s| s.entries.as_slice())
                .unwrap_or_default()
            {
                match split_indexed(&e.key) {
                    Some(("repo", Some(_), "host-port")) => {
                        rh.host_port = e
                            .value
                            .parse()
                            .ok()
                            .filter(|p| ssh || *p != tls.server_port)
                    }
                    Some(("repo", Some(_), "host-config")) => {
                        rh.host_config = Some(e.value.clone())
                    }
                    Some(("repo", Some(_), "host-user")) => rh.host_user = Some(e.value.clone()),
                    _ => {}
                }
            }
            repo_host = Some(rh);
            break;
        }
    }
    if let Some(rf) = f.repo_host_file {
        let host = f.repo_host_name();
        let rh = repo_host.get_or_insert_with(RepoHost::default);
        if rh.host.is_empty() {
            rh.host = host.unwrap_or_else(|| "repo-host".into());
        }
        if let Some(p) =
            global_value(&f.confs[rf].ini, "tls-server-port").and_then(|p| p.parse().ok())
        {
            rh.host_port = Some(p).filter(|p| *p != tls.server_port);
        }
    }
    repo_host
}

/// Notes repository options in the other files: the design writes them in the holder's file
/// (every pooler's in the pooler topology, the repository host's in the other).
fn report_repo_options_elsewhere(
    f: &Files,
    topology: Topology,
    tls: &Tls,
    repo_host: Option<&RepoHost>,
    unmapped: &mut Vec<Unmapped>,
) {
    let confs = &f.confs;
    let holder = f.holder;
    let named = f.mains.iter().any(|&i| has_remote_repo(&confs[i].ini));
    if let (Some(rf), Topology::RepoHost, HostType::Tls, false) =
        (f.repo_host_file, topology, tls.host_type, named)
    {
        unmapped.push(Unmapped {
            file: confs[rf].name.clone(),
            line: 0,
            message: "no database host reaches this host as its repository host (no repoN-host names it; they reach their repositories themselves): the design reaches the repositories through it, so generate runs pgBackRest's TLS server here (tls-server-address, tls-server-auth, tls-server-ca-file, tls-server-cert-file, tls-server-key-file, tls-server-port)".into(),
            lost: true,
        });
    }
    let repo_options = |c: &ConfFile| -> Vec<(String, String, usize)> {
        c.ini
            .sections
            .iter()
            .flat_map(|s| s.entries.iter())
            .filter(|e| matches!(split_indexed(&e.key), Some(("repo", Some(_), rest)) if rest != "host" && !rest.starts_with("host-")))
            .map(|e| (e.key.clone(), e.value.clone(), e.line))
            .collect()
    };
    let held = repo_options(&confs[holder]);
    for &fi in f.mains.iter().filter(|&&fi| fi != holder) {
        for (key, value, line) in repo_options(&confs[fi]) {
            let same = held.iter().any(|(k, v, _)| *k == key && *v == value);
            if topology == Topology::RepoHost || !same {
                unmapped.push(Unmapped {
                    file: confs[fi].name.clone(),
                    line,
                    message: if topology == Topology::RepoHost {
                        format!("{key} in a database host's file: the design writes repository options in the repository host's file only: left out here")
                    } else {
                        format!("{key}={value} differs from {}'s: the design writes one value in every file", confs[holder].name)
                    },
                    lost: true,
                });
            }
        }
        // A repository this host reaches directly (Crunchy PGO's cloud repositories, beside
        // or without one it reaches through the repository host): the design reaches all of
        // them through the repository host.
        let via = remote_repo_host(&confs[fi].ini).or_else(|| repo_host.map(|r| r.host.clone()));
        if let (Topology::RepoHost, Some(via)) = (topology, via) {
            let mut direct: Vec<(String, usize)> = Vec::new();
            for (key, _, line) in repo_options(&confs[fi]) {
                let Some(("repo", Some(n), _)) = split_indexed(&key) else {
                    continue;
                };
                let repo = format!("repo{n}");
                let remote = global_value(&confs[fi].ini, &format!("{repo}-host")).is_some();
                let designed = held.iter().any(
                    |(k, _, _)| matches!(split_indexed(k), Some(("repo", Some(m), _)) if m == n),
                );
                if !remote && designed && !direct.iter().any(|(r, _)| *r == repo) {
                    direct.push((repo, line));
                }
            }
            for (repo, line) in direct {
                unmapped.push(Unmapped {
                    file: confs[fi].name.clone(),
                    line,
                    message: format!("{repo} is reached directly from this host (no {repo}-host line): the design holds every repository on the repository host, so generate reaches {repo} through it ({repo}-host={via} and its {repo}-host-* options)"),
                    lost: true,
                });
            }
        }
        if topology == Topology::RepoHost && tls.host_type == HostType::Tls {
            for e in confs[fi].ini.sections.iter().flat_map(|s| s.entries.iter()) {
                if matches!(split_indexed(&e.key), Some(("repo", Some(_), "host-user"))) {
                    unmapped.push(Unmapped {
                        file: confs[fi].name.clone(),
                        line: e.line,
                        message: format!(
                            "{} applies to SSH only; with TLS pgBackRest ignores it: left out",
                            e.key
                        ),
                        lost: true,
                    });
                }
            }
        }
    }
}

/// Notes the hosts generate will reach that the files do not: a database host the repository
/// host's file does not back up, and the peers of files that reach no other host.
fn report_unreached(f: &Files, poolers: &[Pooler], unmapped: &mut Vec<Unmapped>) {
    let confs = &f.confs;
    // A database host the repository host's file does not back up is added to it.
    if let Some(rf) = f.repo_host_file {
        let listed: Vec<&String> = confs[rf]
            .pgs
            .values()
            .filter_map(|b| b.host.as_ref())
            .collect();
        for (k, p) in poolers
            .iter()
            .enumerate()
            .filter(|(_, p)| !listed.contains(&&p.host))
        {
            unmapped.push(Unmapped {
                file: confs[rf].name.clone(),
                line: 0,
                message: format!("{} does not list {} (whose own file is among these): the design backs up every database host from the repository host, so generate adds it as pg{n} (pg{n}-host={})", confs[rf].name, p.host, p.host, n = k + 1),
                lost: true,
            });
        }
    }
    // Files that reach no other host are joined as poolers of one cluster.
    let linked = f
        .mains
        .iter()
        .any(|&fi| confs[fi].pgs.values().any(|b| b.host.is_some()))
        || f.mains.iter().any(|&fi| has_remote_repo(&confs[fi].ini));
    if !linked && poolers.len() > 1 {
        unmapped.push(Unmapped {
            file: String::new(),
            line: 0,
            message: format!("none of the {} files reaches another host (no pgN-host): the design joins them as poolers that reach each other, so generate adds a pgN block per peer (and needs [tls] or SSH settings for them)", poolers.len()),
            lost: true,
        });
    }
}

/// Notes the pg options the design has no field for.
fn report_pg_options(f: &Files, unmapped: &mut Vec<Unmapped>) {
    for &fi in &f.mains {
        for s in &f.confs[fi].ini.sections {
            for e in &s.entries {
                if let Some(("pg", Some(_), rest)) = split_indexed(&e.key) {
                    if !PG_KEYS.contains(&rest) && !HOST_KEYS.contains(&rest) {
                        let known = catalog::find(&format!("pg-{rest}")).is_some();
                        unmapped.push(Unmapped {
                            file: f.confs[fi].name.clone(),
                            line: e.line,
                            message: if known {
                                format!("{} has no place in a design yet: left out", e.key)
                            } else {
                                format!("{} is not a pgBackRest option (pgBackRest warns and ignores it): left out", e.key)
                            },
                            lost: true,
                        });
                    }
                }
            }
        }
    }
}

/// A `[global]` option's values in each main file that has it.
type PerFile = Vec<(usize, BTreeMap<String, Vec<String>>)>;

/// [global] options: a value every file shares goes to the design's [global]; where the
/// files differ, each host keeps its own (`[pooler.global]`, `[repo-host.global]`).
fn read_global(
    f: &Files,
    hosts: &mut Hosts,
    repo_host: &mut Option<RepoHost>,
    unmapped: &mut Vec<Unmapped>,
) -> BTreeMap<String, OptValue> {
    let per_file = global_options(f, unmapped);
    let mut global = BTreeMap::new();
    let mut keys: Vec<&String> = per_file.iter().flat_map(|(_, m)| m.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let values: Vec<Option<&Vec<String>>> = per_file.iter().map(|(_, m)| m.get(key)).collect();
        let single = !matches!(
            catalog::find(key).map(|d| d.ty),
            Some(Type::Hash | Type::List)
        );
        for ((fi, _), v) in per_file.iter().zip(&values) {
            if let Some(v) = v.filter(|v| single && v.len() > 1) {
                unmapped.push(Unmapped {
                    file: f.confs[*fi].name.clone(),
                    line: 0,
                    message: format!("{key} is set {} times; pgBackRest refuses that: the design keeps the first, {}", v.len(), v[0]),
                    lost: true,
                });
            }
        }
        let shared = shared_value(f, &per_file, &values);
        if let Some(v) = shared {
            global.insert(key.clone(), typed(key, v));
        }
        for ((fi, _), v) in per_file.iter().zip(&values) {
            let Some(v) = v else { continue };
            if Some(*v) == shared {
                continue;
            }
            let value = typed(key, v);
            match hosts.owner_of(f, *fi) {
                Some(Owner::Pooler(k)) => {
                    hosts.poolers[k].global.insert(key.clone(), value);
                }
                Some(Owner::RepoHost) => {
                    if let Some(rh) = repo_host.as_mut() {
                        rh.global.insert(key.clone(), value);
                    }
                }
                None => unmapped.push(Unmapped {
                    file: f.confs[*fi].name.clone(),
                    line: 0,
                    message: format!("{key} differs from the other files, and the host of this file is not known: left out"),
                    lost: true,
                }),
            }
        }
    }
    global
}

/// Each main file's `[global]` options the design can hold there; the others are noted.
fn global_options(f: &Files, unmapped: &mut Vec<Unmapped>) -> PerFile {
    let mut per_file: PerFile = Vec::new();
    for &fi in &f.mains {
        let c = &f.confs[fi];
        let mut mine: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for e in c
            .ini
            .section("global")
            .map(|s| s.entries.as_slice())
            .unwrap_or_default()
        {
            if matches!(split_indexed(&e.key), Some((_, Some(_), _)))
                || e.key.starts_with("tls-server-")
            {
                continue;
            }
            match catalog::find(&e.key).map(|d| d.scope) {
                Some(catalog::Scope::Global) => mine.entry(e.key.clone()).or_default().push(e.value.clone()),
                Some(catalog::Scope::CommandLine) => unmapped.push(Unmapped {
                    file: c.name.clone(),
                    line: e.line,
                    message: format!("{} can only be given on the command line or in the environment; pgBackRest ignores it in a file: left out", e.key),
                    lost: true,
                }),
                _ => unmapped.push(Unmapped {
                    file: c.name.clone(),
                    line: e.line,
                    message: format!("{} is not a pgBackRest option (pgBackRest warns and ignores it): left out", e.key),
                    lost: true,
                }),
            }
        }
        per_file.push((fi, mine));
    }
    per_file
}

/// The value most files share (the holder's on a tie) is the design's, when every file has
/// one; otherwise each file that has it keeps its own.
fn shared_value<'a>(
    f: &Files,
    per_file: &PerFile,
    values: &[Option<&'a Vec<String>>],
) -> Option<&'a Vec<String>> {
    if !values.iter().all(Option::is_some) {
        return None;
    }
    let holder_at = per_file
        .iter()
        .position(|(fi, _)| *fi == f.holder)
        .unwrap_or(0);
    let mut candidates: Vec<&Vec<String>> = values.iter().flatten().copied().collect();
    candidates.rotate_left(holder_at);
    let count = |v: &Vec<String>| values.iter().filter(|x| **x == Some(v)).count();
    let mut best: Option<&Vec<String>> = None;
    for v in candidates {
        if best.is_none_or(|b| count(v) > count(b)) {
            best = Some(v);
        }
    }
    best
}

/// An option's values as the design holds them: all of a list or hash, else the first, typed.
fn typed(k: &str, vals: &[String]) -> OptValue {
    match catalog::find(k).map(|d| d.ty) {
        Some(Type::Hash | Type::List) => OptValue::List(vals.to_vec()),
        _ => catalog::typed_value(k, &vals[0]),
    }
}

/// The design's command sections, the stanza's own options and its command sections.
#[derive(Default)]
struct Sections {
    command: BTreeMap<String, BTreeMap<String, OptValue>>,
    stanza_options: BTreeMap<String, OptValue>,
    stanza_command: BTreeMap<String, BTreeMap<String, OptValue>>,
}

/// Command sections and the stanza's own options, as [global] is read: a value every file
/// shares is the design's; where the files differ, each host keeps its own.
fn read_sections(
    f: &Files,
    stanza: &str,
    hosts: &mut Hosts,
    repo_host: &mut Option<RepoHost>,
    unmapped: &mut Vec<Unmapped>,
) -> Sections {
    let confs = &f.confs;
    let mut out = Sections::default();
    let mut names: Vec<String> = f
        .mains
        .iter()
        .flat_map(|&fi| confs[fi].ini.sections.iter().map(|s| s.name.clone()))
        .filter(|n| n != "global")
        .collect();
    names.sort();
    names.dedup();
    for name in names {
        // Where a section's options go in a set of tables: (command sections, command) or
        // the stanza's own options.
        let section = match name.split_once(':') {
            Some(("global", cmd)) => Section::Command(cmd.to_string()),
            Some((st, cmd)) if st == stanza => Section::StanzaCommand(cmd.to_string()),
            None if name == stanza => Section::Stanza,
            _ => continue,
        };
        let mut per_file: PerFile = Vec::new();
        for &fi in &f.mains {
            let mut mine: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (key, vals) in section_options(&confs[fi], &name) {
                if catalog::find(&key).is_none_or(|d| d.scope != catalog::Scope::Global) {
                    unmapped.push(Unmapped {
                        file: confs[fi].name.clone(),
                        line: vals[0].1,
                        message: format!(
                            "{key} in [{name}]: not an option the design can hold there: left out"
                        ),
                        lost: true,
                    });
                    continue;
                }
                mine.insert(key, vals.into_iter().map(|(v, _)| v).collect());
            }
            per_file.push((fi, mine));
        }
        let mut keys: Vec<&String> = per_file.iter().flat_map(|(_, m)| m.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let values: Vec<Option<&Vec<String>>> =
                per_file.iter().map(|(_, m)| m.get(key)).collect();
            let shared = shared_value(f, &per_file, &values);
            if let Some(v) = shared {
                let every = TablesMut {
                    global: &mut BTreeMap::new(),
                    command: &mut out.command,
                    stanza_options: &mut out.stanza_options,
                    stanza_command: &mut out.stanza_command,
                };
                section_table(every, &section).insert(key.clone(), typed(key, v));
            }
            for ((fi, _), v) in per_file.iter().zip(&values) {
                let Some(v) = v.filter(|v| Some(*v) != shared) else {
                    continue;
                };
                let own = match hosts.owner_of(f, *fi) {
                    Some(Owner::Pooler(k)) => Some(hosts.poolers[k].tables_mut()),
                    Some(Owner::RepoHost) => repo_host.as_mut().map(RepoHost::tables_mut),
                    None => None,
                };
                match own {
                    Some(own) => {
                        section_table(own, &section).insert(key.clone(), typed(key, v));
                    }
                    None => unmapped.push(Unmapped {
                        file: confs[*fi].name.clone(),
                        line: 0,
                        message: format!("{key} in [{name}] differs from the other files, and the host of this file is not known: left out"),
                        lost: true,
                    }),
                }
            }
        }
    }
    out
}

/// The options of `section` in a set of tables (a command's section is added).
fn section_table<'a>(t: TablesMut<'a>, section: &Section) -> &'a mut BTreeMap<String, OptValue> {
    match section {
        Section::Global => t.global,
        Section::Command(c) => t.command.entry(c.clone()).or_default(),
        Section::Stanza => t.stanza_options,
        Section::StanzaCommand(c) => t.stanza_command.entry(c.clone()).or_default(),
    }
}

/// A section's options but the pg ones: each key's (value, line)s.
fn section_options(c: &ConfFile, name: &str) -> BTreeMap<String, Vec<(String, usize)>> {
    let mut m: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
    for e in c
        .ini
        .section(name)
        .map(|s| s.entries.as_slice())
        .unwrap_or_default()
    {
        if !matches!(split_indexed(&e.key), Some(("pg", Some(_), _))) {
            m.entry(e.key.clone())
                .or_default()
                .push((e.value.clone(), e.line));
        }
    }
    m
}

/// The repositories in index order, with what the design header says of them: which are
/// shared storage, and which secrets are supplied at deploy time (so is any the files lack).
fn finish_repos(f: &Files, repos: BTreeMap<u32, Repo>) -> Vec<Repo> {
    let shared: Vec<i64> = f
        .meta("shared-storage")
        .map(|v| v.split(',').filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_default();
    // deploy-secrets lists keys with their index: `repo1-s3-key,repo1-s3-key-secret`.
    let deploy: Vec<(u32, String)> = f
        .meta("deploy-secrets")
        .map(|v| {
            v.split(',')
                .filter_map(|k| match split_indexed(k) {
                    Some((_, Some(i), rest)) => Some((i, rest.to_string())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut repo: Vec<Repo> = repos.into_values().collect();
    for r in &mut repo {
        r.shared_storage = shared.contains(&r.index);
        r.deploy_secrets = deploy
            .iter()
            .filter(|(i, _)| i64::from(*i) == r.index)
            .map(|(_, k)| k.clone())
            .collect();
        // Files without a secret the repository needs: it is supplied where they run.
        for k in missing_secrets(r) {
            if !r.deploy_secrets.contains(&k) {
                r.deploy_secrets.push(k);
            }
        }
    }
    repo
}

/// The file's text is UTF-8, or nothing is imported.
fn check_encoding(name: &str, text: &str) -> Result<(), ImportError> {
    crate::encoding::check(text).map_err(|e| ImportError::Parse {
        file: name.to_string(),
        message: e.to_string(),
    })
}

/// pgBackRest refuses a file with `pg0-`, an index above 256, or a single-valued option set
/// twice in one section (`pg01-path` is `pg1-path`); so does the importer, naming the key.
fn check_keys(name: &str, ini: &Ini) -> Result<(), ImportError> {
    let fail = |line: usize, message: String| ImportError::Parse {
        file: name.to_string(),
        message: format!("line {line}: {message}"),
    };
    for s in &ini.sections {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for e in &s.entries {
            let (canonical, def) = match split_indexed(&e.key) {
                Some((prefix, index, rest)) => {
                    if index == Some(0) {
                        return Err(fail(
                            e.line,
                            format!(
                                "{}: {prefix} options are numbered from {prefix}1, and pgBackRest before 2.55.1 crashes on index 0: renumber it",
                                e.key
                            ),
                        ));
                    }
                    let Some(idx) = index.filter(|n| *n <= 256) else {
                        return Err(fail(
                            e.line,
                            format!(
                                "{}: key exceeds maximum of 256 (pgBackRest indexes {prefix}1..{prefix}256)",
                                e.key
                            ),
                        ));
                    };
                    (
                        format!("{prefix}{idx}-{rest}"),
                        catalog::find(&format!("{prefix}-{rest}")),
                    )
                }
                None => (e.key.clone(), catalog::find(&e.key)),
            };
            let repeatable = def.is_none_or(|d| matches!(d.ty, Type::Hash | Type::List));
            if let Some(first) = seen.insert(canonical.clone(), e.line) {
                if !repeatable {
                    return Err(fail(
                        e.line,
                        format!(
                            "option '{canonical}' cannot be set multiple times (pgBackRest refuses the file): [{}] sets it at lines {first} and {}; keep one",
                            s.name, e.line
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn read_conf(name: &str, ini: Ini) -> ConfFile {
    let mut meta = BTreeMap::new();
    let mut position = None;
    let mut comment_for: BTreeMap<u32, (String, String, Option<String>)> = BTreeMap::new();
    for c in &ini.comments {
        if let Some(rest) = c.text.strip_prefix("design:") {
            for pair in rest.split_whitespace() {
                if let Some((k, v)) = pair.split_once('=') {
                    if k == "pooler" {
                        position = v.split_once('/').and_then(|(a, _)| a.parse::<usize>().ok());
                    } else {
                        meta.insert(k.to_string(), v.to_string());
                    }
                }
            }
        } else if let Some(rest) = c
            .text
            .strip_prefix("pgbackrest.conf for the repository host ")
        {
            if let Some(h) = rest.split(',').next() {
                meta.insert("host".into(), h.to_string());
            }
        } else if let Some((pg, rest)) = c.text.strip_prefix("pg").and_then(|r| r.split_once(": "))
        {
            if let Ok(n) = pg.parse::<u32>() {
                // "NAME on HOST[, zone Z][ (note)]"
                let rest = rest.split(" (").next().unwrap_or(rest);
                let (main, zone) = match rest.split_once(", zone ") {
                    Some((m, z)) => (m, Some(z.to_string())),
                    None => (rest, None),
                };
                if let Some((pname, host)) = main.split_once(" on ") {
                    comment_for.insert(n, (pname.to_string(), host.to_string(), zone));
                }
            }
        }
    }
    let mut pgs: BTreeMap<u32, PgBlock> = BTreeMap::new();
    for s in &ini.sections {
        for e in &s.entries {
            if let Some(("pg", Some(idx), rest)) = split_indexed(&e.key) {
                let b = pgs.entry(idx).or_default();
                if rest == "host" {
                    b.host = Some(e.value.clone());
                } else {
                    b.opts.insert(rest.to_string(), e.value.clone());
                }
            }
        }
    }
    for (n, (pname, host, zone)) in comment_for {
        let b = pgs.entry(n).or_default();
        if b.host.as_deref().is_none_or(|h| h == host) {
            b.name = Some(pname);
            b.zone = zone;
            if n == 1 && b.host.is_none() {
                meta.insert("own-host".into(), host);
            }
        }
    }
    ConfFile {
        name: name.to_string(),
        ini,
        meta,
        position,
        pgs,
    }
}

fn pooler_from(block: &PgBlock, host: String) -> Pooler {
    let o = |k: &str| block.opts.get(k).cloned();
    Pooler {
        name: block.name.clone().unwrap_or_else(|| host.clone()),
        host,
        pg_path: o("path").unwrap_or_default(),
        pg_port: o("port").and_then(|p| p.parse().ok()),
        pg_socket_path: o("socket-path"),
        pg_user: o("user"),
        pg_database: o("database"),
        pg_host_port: o("host-port").and_then(|p| p.parse().ok()),
        pg_host_config: o("host-config"),
        pg_host_user: o("host-user"),
        zone: block.zone.clone(),
        ..Pooler::default()
    }
}

/// The host a file's own (local) pg1 runs on: from its comment, else the one host the
/// other files name that this file does not.
fn own_host(c: &ConfFile, all: &[ConfFile], files: &[usize]) -> Option<String> {
    if let Some(h) = c.meta.get("own-host") {
        return Some(h.clone());
    }
    let mine: Vec<&String> = c.pgs.values().filter_map(|b| b.host.as_ref()).collect();
    let mut named: Vec<&String> = files
        .iter()
        .flat_map(|&i| all[i].pgs.values().filter_map(|b| b.host.as_ref()))
        .collect();
    named.sort();
    named.dedup();
    let missing: Vec<&&String> = named.iter().filter(|h| !mine.contains(h)).collect();
    (missing.len() == 1).then(|| (*missing[0]).clone())
}

/// The folder a file sits in (`db1` for `conf/db1/pgbackrest.conf`), when it can name a host.
fn folder_of(name: &str) -> Option<String> {
    let (dir, _) = name.rsplit_once('/')?;
    let folder = dir.rsplit('/').next()?;
    (!folder.is_empty()
        && folder
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)))
    .then(|| folder.to_string())
}

fn global_value(ini: &Ini, key: &str) -> Option<String> {
    ini.section("global")?
        .entries
        .iter()
        .find(|e| e.key == key)
        .map(|e| e.value.clone())
}

fn has_remote_repo(ini: &Ini) -> bool {
    remote_repo_host(ini).is_some()
}

fn remote_repo_host(ini: &Ini) -> Option<String> {
    ini.sections
        .iter()
        .flat_map(|s| s.entries.iter())
        .find(|e| matches!(split_indexed(&e.key), Some(("repo", Some(_), "host"))))
        .map(|e| e.value.clone())
}

/// The secrets `r` needs that its options lack: S3 keys with key type shared, the GCS key but
/// with key type auto, the Azure account and key, the cipher passphrase with encryption.
fn missing_secrets(r: &Repo) -> Vec<String> {
    let get = |k: &str| r.options.get(k).and_then(OptValue::single);
    let mut need: Vec<&str> = match r.kind {
        RepoType::S3 if get("s3-key-type").is_none_or(|t| t == "shared") => {
            vec!["s3-key", "s3-key-secret"]
        }
        RepoType::Gcs if get("gcs-key-type").is_none_or(|t| t != "auto") => vec!["gcs-key"],
        RepoType::Azure if get("azure-key-type").is_none_or(|t| t != "auto") => {
            vec!["azure-account", "azure-key"]
        }
        RepoType::Azure => vec!["azure-account"],
        _ => vec![],
    };
    if get("cipher-type").as_deref() == Some("aes-256-cbc") {
        need.push("cipher-pass");
    }
    need.into_iter()
        .filter(|k| !r.options.contains_key(*k))
        .map(str::to_string)
        .collect()
}

/// A secrets include file holds only `[global]` with secure repository options.
fn is_secrets_include(ini: &Ini) -> bool {
    let entries: Vec<_> = ini.sections.iter().flat_map(|s| s.entries.iter()).collect();
    !entries.is_empty()
        && ini.sections.iter().all(|s| s.name == "global")
        && entries.iter().all(|e| {
            split_indexed(&e.key).is_some_and(|(p, idx, rest)| {
                p == "repo"
                    && idx.is_some()
                    && catalog::find(&format!("repo-{rest}")).is_some_and(|d| d.secure)
            })
        })
}

/// The template T with expand(T, host) == value for every (host, value) pair. The first
/// value's host may appear in it more than once, and not every appearance need be `{host}`
/// (`/certs/{host}replica1.key` on replica1): every choice of appearances is tried, all of them
/// first, none last.
fn template(pairs: &[(String, String)]) -> Option<String> {
    let (h0, v0) = pairs.first()?;
    let fits = |t: &str| pairs.iter().all(|(h, v)| t.replace("{host}", h) == *v);
    let at: Vec<usize> = if h0.is_empty() {
        Vec::new()
    } else {
        v0.match_indices(h0.as_str()).map(|(i, _)| i).collect()
    };
    // Which appearances become `{host}`: every subset, from all of them to none (at most 2^10;
    // a value naming its host more often than that is tried with all and with none).
    let masks: Vec<u32> = if at.len() <= 10 {
        (0..1u32 << at.len()).rev().collect()
    } else {
        vec![u32::MAX, 0]
    };
    masks
        .into_iter()
        .map(|mask| {
            let mut t = String::with_capacity(v0.len() + 8);
            let mut from = 0;
            for (bit, &i) in at.iter().enumerate() {
                if mask == u32::MAX || mask & (1 << bit) != 0 {
                    t.push_str(&v0[from..i]);
                    t.push_str("{host}");
                    from = i + h0.len();
                }
            }
            t.push_str(&v0[from..]);
            t
        })
        .find(|t| fits(t))
        .or_else(|| Some(v0.clone()))
}

/// The server file template and, when the hosts present another file as clients, the client
/// one: `(server, client)`.
fn identity(
    server: &[(String, String)],
    client: &[(String, String)],
) -> (Option<String>, Option<String>) {
    let fits = |t: &str, pairs: &[(String, String)]| {
        pairs.iter().all(|(h, v)| t.replace("{host}", h) == *v)
    };
    let both: Vec<(String, String)> = server.iter().chain(client).cloned().collect();
    match template(&both) {
        Some(t) if fits(&t, &both) => (Some(t), None),
        _ if server.is_empty() => (template(client), None),
        _ if client.is_empty() => (template(server), None),
        _ => (template(server), template(client)),
    }
}

fn mode(values: &[i64]) -> Option<i64> {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(*v).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(v, n)| (*n, *v == DEFAULT_TLS_PORT))
        .map(|(v, _)| v)
}

/// The `pgN-*` keys a design holds (on its poolers, or generated from `[tls]`), besides the
/// remote-host keys of [`HOST_KEYS`].
const PG_KEYS: &[&str] = &["path", "port", "socket-path", "user", "database", "host"];

/// The `pgN-host-*` and `repoN-host-*` keys generate writes for a remote host.
const HOST_KEYS: &[&str] = &[
    "host-type",
    "host-port",
    "host-config",
    "host-user",
    "host-ca-file",
    "host-cert-file",
    "host-key-file",
];

/// Rewrites the deprecated option names pgBackRest still reads (`repo1-s3-verify-tls`,
/// `db-path`, `backup-host`, ...) to their current names, saying so.
fn modernize(file: &str, ini: &mut Ini, unmapped: &mut Vec<Unmapped>) {
    for s in &mut ini.sections {
        for e in &mut s.entries {
            if let Some(new) = current_name(&e.key) {
                unmapped.push(Unmapped {
                    file: file.to_string(),
                    line: e.line,
                    message: format!(
                        "{} is the old name of {new}, which pgBackRest still reads: read as {new} (generate writes the new name)",
                        e.key
                    ),
                    lost: true,
                });
                e.key = new;
            }
        }
    }
}

/// The current name of a deprecated option name, with its index.
fn current_name(key: &str) -> Option<String> {
    for def in catalog::OPTIONS.iter().filter(|d| !d.deprecated.is_empty()) {
        let (group, rest) = match def.name.split_once('-') {
            Some((g @ ("repo" | "pg"), rest)) => (Some(g), rest),
            _ => (None, def.name),
        };
        for dep in def.deprecated {
            let index = match dep.split_once('?') {
                Some((pre, post)) => key
                    .strip_prefix(pre)
                    .and_then(|k| k.strip_suffix(post))
                    .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit())),
                None => (key == *dep).then_some("1"),
            };
            let Some(index) = index else { continue };
            let new = match group {
                Some(g) => format!("{g}{index}-{rest}"),
                None => def.name.to_string(),
            };
            // `repo-path` is the unindexed name of repo1-path; `repo1-path` itself is current.
            if new != key {
                return Some(new);
            }
        }
    }
    None
}

/// pgBackRest appends `conf.d/*.conf` to the file beside it: an include named
/// `HOST/conf.d/X.conf` next to `HOST/pgbackrest.conf` is read as part of that file (the
/// designer's own secrets include stays apart: it says where secrets go).
pub(crate) fn merge_includes(parsed: &mut Vec<(&String, Ini)>, unmapped: &mut Vec<Unmapped>) {
    let mut i = 0;
    while i < parsed.len() {
        let name = parsed[i].0.as_str();
        let main = name
            .rsplit_once("conf.d/")
            .map(|(dir, _)| format!("{dir}pgbackrest.conf"))
            .filter(|_| name.ends_with(".conf") && !is_secrets_include(&parsed[i].1));
        let target = main.and_then(|m| parsed.iter().position(|(n, _)| **n == m));
        let Some(t) = target else {
            i += 1;
            continue;
        };
        let (inc_name, inc) = parsed.remove(i);
        let t = if t > i { t - 1 } else { t };
        unmapped.push(Unmapped {
            file: inc_name.clone(),
            line: 0,
            message: format!(
                "read as part of {} (pgBackRest appends conf.d files to it)",
                parsed[t].0
            ),
            lost: false,
        });
        let main = &mut parsed[t].1;
        for section in inc.sections {
            match main.sections.iter_mut().find(|s| s.name == section.name) {
                Some(s) => s.entries.extend(section.entries),
                None => main.sections.push(section),
            }
        }
        main.comments.extend(inc.comments);
    }
}

/// The stanzas `ini` has sections for (`[demo]`, `[demo:backup]`).
fn stanzas_of(ini: &Ini) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in &ini.sections {
        let stanza = s.name.split(':').next().unwrap_or_default();
        if stanza != "global" && !out.iter().any(|x| x == stanza) {
            out.push(stanza.to_string());
        }
    }
    out
}

/// The stanza to import: the one asked for, or the only one the files hold.
fn choose_stanza(
    files: &[(&String, Ini)],
    asked: Option<&str>,
) -> Result<Option<String>, ImportError> {
    let mut all: Vec<String> = Vec::new();
    for (_, ini) in files {
        for s in stanzas_of(ini) {
            if !all.contains(&s) {
                all.push(s);
            }
        }
    }
    match asked {
        Some(a) if all.iter().any(|s| s == a) => Ok(Some(a.to_string())),
        Some(a) => Err(ImportError::Nothing(format!(
            "no stanza {a} in the files; they hold: {}",
            if all.is_empty() {
                "none".to_string()
            } else {
                all.join(", ")
            }
        ))),
        None if all.len() > 1 => Err(ImportError::SeveralStanzas(all)),
        None => Ok(all.pop()),
    }
}

/// Leaves out the sections of every other stanza, saying so.
fn keep_stanza(file: &str, ini: &mut Ini, stanza: &str, unmapped: &mut Vec<Unmapped>) {
    ini.sections.retain(|s| {
        let of = s.name.split(':').next().unwrap_or_default();
        let keep = of == "global" || of == stanza;
        if !keep {
            unmapped.push(Unmapped {
                file: file.to_string(),
                line: s.entries.first().map_or(0, |e| e.line),
                message: format!(
                    "[{}] belongs to stanza {of}: left out (import that stanza on its own)",
                    s.name
                ),
                lost: true,
            });
        }
        keep
    });
}
