//! Everything the designer knows and every change to it. No DOM here, so it is tested natively.
//!
//! The design is the only source of truth; after each change the core regenerates the files and
//! the diagnostics. While the design has errors the last good files stay on screen, marked stale.

use crate::history::{self, History};
use pgbr_core::catalog;
use pgbr_core::model::{
    OptValue, PeerOrder, Pooler, Repo, RepoHost, RepoType, SecretsMode, Topology,
};
use pgbr_core::simulate::Role;
use pgbr_core::{generate, Body, Design, LineKind, Output, Version};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;
use yew::Reducible;

/// The designer's state: the design and what the core made of it.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub design: Rc<Design>,
    /// The core's answer for `design`: diagnostics, and files when there is no error.
    pub output: Rc<Output>,
    /// The last output without errors: what the preview shows while errors remain.
    pub shown: Rc<Output>,
    /// The design `shown` was made from (its pooler names label the preview).
    pub shown_design: Rc<Design>,
    /// Whether secret values are kept in the browser's storage too.
    pub save_secrets: bool,
    /// Messages for the user that are not about the design (storage trouble, a damaged link),
    /// oldest first: a new one never hides an earlier one.
    pub notices: Vec<String>,
    /// The designs to undo and redo.
    pub history: History,
    /// The simulator's roles the user chose, by pooler position (see [`State::roles`]).
    pub sim_roles: Vec<Role>,
}

impl State {
    pub fn new(design: Design, save_secrets: bool, notices: Vec<String>) -> State {
        let output = Rc::new(generate(&design));
        let design = Rc::new(design);
        State {
            shown_design: design.clone(),
            design,
            shown: output.clone(),
            output,
            save_secrets,
            notices,
            history: History::default(),
            sim_roles: Vec::new(),
        }
    }

    /// The simulator's role of every pooler of the shown design: what the user chose, else the
    /// first is the primary and the others are reachable standbys.
    pub fn roles(&self) -> Vec<Role> {
        (0..self.shown_design.pooler.len())
            .map(|i| {
                self.sim_roles.get(i).copied().unwrap_or(if i == 0 {
                    Role::Primary
                } else {
                    Role::Standby
                })
            })
            .collect()
    }

    /// The state the app opens on when nothing was saved: the first shipped example.
    pub fn example(index: usize) -> Design {
        pgbr_core::examples::EXAMPLES[index].design()
    }

    /// True while the preview shows files of an earlier design.
    pub fn stale(&self) -> bool {
        self.output.has_errors()
    }

    /// Moves through the history (`History::undo` or `History::redo`).
    fn travel(&mut self, step: fn(&mut History, Rc<Design>) -> Option<Rc<Design>>) {
        if let Some(design) = step(&mut self.history, self.design.clone()) {
            self.design = design;
        }
    }

    fn apply(&mut self, action: Action) {
        let d = Rc::make_mut(&mut self.design);
        match action {
            Action::Stanza(s) => d.stanza = s,
            Action::Version(v) => d.pgbackrest_version = v,
            Action::Topology(t) => {
                d.topology = t;
                d.repo_host = match t {
                    Topology::Pooler => None,
                    Topology::RepoHost => d.repo_host.take().or_else(|| {
                        Some(RepoHost {
                            host: "repository".into(),
                            ..RepoHost::default()
                        })
                    }),
                };
            }
            Action::PeerOrder(o) => d.peer_order = o,
            Action::Secrets(s) => d.secrets = s,
            Action::Pooler(i, field, value) => {
                if let Some(p) = d.pooler.get_mut(i) {
                    field.set(p, &value);
                }
            }
            Action::AddPooler => {
                let template = d.pooler.last().cloned().unwrap_or_else(|| Pooler {
                    pg_path: "/var/lib/postgresql/data".into(),
                    ..Pooler::default()
                });
                let n = d.pooler.len() + 1;
                let name = unique(&format!("pooler-{n}"), d.pooler.iter().map(|p| &p.name));
                let host = unique(&format!("replica{n}"), d.pooler.iter().map(|p| &p.host));
                d.pooler.push(Pooler {
                    name,
                    host,
                    ..template
                });
            }
            Action::DuplicatePooler(i) => {
                if let Some(p) = d.pooler.get(i).cloned() {
                    let name = unique(
                        &format!("{}-copy", p.name),
                        d.pooler.iter().map(|p| &p.name),
                    );
                    let host = unique(
                        &format!("{}-copy", p.host),
                        d.pooler.iter().map(|p| &p.host),
                    );
                    d.pooler.insert(i + 1, Pooler { name, host, ..p });
                }
            }
            Action::RemovePooler(i) => {
                if i < d.pooler.len() {
                    d.pooler.remove(i);
                }
            }
            Action::MovePooler { from, to } => {
                if from < d.pooler.len() && to < d.pooler.len() {
                    let p = d.pooler.remove(from);
                    d.pooler.insert(to, p);
                }
            }
            Action::AddRepo => {
                let index = d.repo.iter().map(|r| r.index).max().unwrap_or(0) + 1;
                let base = "/var/lib/pgbackrest".to_string();
                let taken = d.repo.iter().any(|r| {
                    r.options.get("path").and_then(OptValue::single) == Some(base.clone())
                });
                let path = if taken {
                    format!("{base}-repo{index}")
                } else {
                    base
                };
                let mut repo = Repo {
                    index,
                    kind: RepoType::Posix,
                    shared_storage: false,
                    deploy_secrets: Vec::new(),
                    options: Default::default(),
                };
                repo.options.insert("path".into(), OptValue::Text(path));
                d.repo.push(repo);
            }
            Action::RemoveRepo(i) => {
                if i < d.repo.len() {
                    d.repo.remove(i);
                }
            }
            Action::RepoIndex(i, text) => {
                if let (Some(r), Ok(n)) = (d.repo.get_mut(i), text.trim().parse()) {
                    r.index = n;
                }
            }
            Action::RepoType(i, kind) => {
                if let Some(r) = d.repo.get_mut(i) {
                    r.kind = kind;
                    // Fields of the former type are hidden now; drop them rather than keep
                    // values the user can no longer see.
                    r.options.retain(|k, _| {
                        catalog::find(&format!("repo-{k}"))
                            .and_then(|o| o.repo_type)
                            .is_none_or(|t| t == kind.as_str())
                    });
                }
            }
            Action::RepoDeploySecret(i, key, on) => {
                if let Some(r) = d.repo.get_mut(i) {
                    r.deploy_secrets.retain(|k| *k != key);
                    if on {
                        // Supplied at deploy time: the design keeps no value for it.
                        r.options.remove(&key);
                        r.deploy_secrets.push(key);
                    }
                }
            }
            Action::RepoShared(i, on) => {
                if let Some(r) = d.repo.get_mut(i) {
                    r.shared_storage = on;
                }
            }
            Action::RepoOption(i, key, text) => {
                if let Some(r) = d.repo.get_mut(i) {
                    match option_value(&format!("repo-{key}"), &text) {
                        Some(v) => r.options.insert(key, v),
                        None => r.options.remove(&key),
                    };
                }
            }
            Action::Tls(field, value) => field.set(&mut d.tls, &value),
            Action::RepoHost(field, value) => {
                if let Some(rh) = d.repo_host.as_mut() {
                    field.set(rh, &value);
                }
            }
            Action::Global(key, text) => {
                match option_value(&key, &text) {
                    Some(v) => d.global.insert(key, v),
                    None => d.global.remove(&key),
                };
            }
            Action::Load(design) => {
                *d = *design;
                self.notices.clear();
            }
            Action::Notice(text) => {
                if !self.notices.contains(&text) {
                    self.notices.push(text);
                }
            }
            Action::SaveSecrets(on) => self.save_secrets = on,
            Action::SimRole(i, role) => {
                let mut roles = self.roles();
                if let Some(r) = roles.get_mut(i) {
                    *r = role;
                    self.sim_roles = roles;
                }
            }
            Action::DismissNotice(index) => {
                if index < self.notices.len() {
                    self.notices.remove(index);
                }
            }
            Action::Undo | Action::Redo => {}
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let touches_design = !matches!(
            action,
            Action::SaveSecrets(_)
                | Action::DismissNotice(_)
                | Action::Notice(_)
                | Action::SimRole(..)
        );
        match action {
            Action::Undo => next.travel(History::undo),
            Action::Redo => next.travel(History::redo),
            action => {
                let (typing, before) = (history::typing_in(&action), next.design.clone());
                next.apply(action);
                if touches_design {
                    next.history.record(typing, before, &next.design);
                }
            }
        }
        if touches_design {
            next.output = Rc::new(generate(&next.design));
            if !next.output.has_errors() {
                next.shown = next.output.clone();
                next.shown_design = next.design.clone();
            }
        }
        Rc::new(next)
    }
}

/// Every change the user can make.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Stanza(String),
    Version(Version),
    Topology(Topology),
    PeerOrder(PeerOrder),
    Secrets(SecretsMode),
    Pooler(usize, PoolerField, String),
    AddPooler,
    DuplicatePooler(usize),
    RemovePooler(usize),
    MovePooler {
        from: usize,
        to: usize,
    },
    AddRepo,
    RemoveRepo(usize),
    RepoIndex(usize, String),
    RepoType(usize, RepoType),
    /// The repository's path is storage shared by every host.
    RepoShared(usize, bool),
    /// A secret option whose value is supplied on each host at deploy time (or no longer).
    RepoDeploySecret(usize, String, bool),
    /// A `repoN-*` option without `repoN-`, as typed; empty text removes it.
    RepoOption(usize, String, String),
    Tls(TlsField, String),
    RepoHost(RepoHostField, String),
    /// A `[global]` option by its name, as typed; empty text removes it.
    Global(String, String),
    /// Replaces the design (an example, or a file the user opened).
    Load(Box<Design>),
    /// Tells the user something that is not a diagnostic (a file that could not be opened).
    Notice(String),
    SaveSecrets(bool),
    /// Removes the notice at this index.
    DismissNotice(usize),
    /// The simulator's role of the pooler at this position (not part of the design).
    SimRole(usize, Role),
    /// Back to the design before the last edit (typing in one field counts as one edit).
    Undo,
    /// Forward again after [`Action::Undo`].
    Redo,
}

/// The columns of the hosts table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolerField {
    Name,
    Host,
    PgPath,
    PgPort,
    PgSocketPath,
    PgUser,
    PgDatabase,
    Zone,
    PgHostPort,
    PgHostConfig,
    PgHostUser,
}

impl PoolerField {
    /// The columns always shown.
    pub const MAIN: [PoolerField; 8] = [
        PoolerField::Name,
        PoolerField::Host,
        PoolerField::PgPath,
        PoolerField::PgPort,
        PoolerField::PgSocketPath,
        PoolerField::PgUser,
        PoolerField::PgDatabase,
        PoolerField::Zone,
    ];

    /// The design file's key, which is also the last part of a diagnostic's path.
    pub fn key(self) -> &'static str {
        match self {
            PoolerField::Name => "name",
            PoolerField::Host => "host",
            PoolerField::PgPath => "pg-path",
            PoolerField::PgPort => "pg-port",
            PoolerField::PgSocketPath => "pg-socket-path",
            PoolerField::PgUser => "pg-user",
            PoolerField::PgDatabase => "pg-database",
            PoolerField::Zone => "zone",
            PoolerField::PgHostPort => "pg-host-port",
            PoolerField::PgHostConfig => "pg-host-config",
            PoolerField::PgHostUser => "pg-host-user",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PoolerField::Name => "Name",
            PoolerField::Host => "Host",
            PoolerField::PgPath => "pg-path",
            PoolerField::PgPort => "pg-port",
            PoolerField::PgSocketPath => "Socket path",
            PoolerField::PgUser => "User",
            PoolerField::PgDatabase => "Database",
            PoolerField::Zone => "Zone",
            PoolerField::PgHostPort => "TLS server port",
            PoolerField::PgHostConfig => "Config file on host",
            PoolerField::PgHostUser => "SSH user",
        }
    }

    /// The pgBackRest option the column sets (as `pgN-…` in every file), if any.
    pub fn option(self) -> Option<&'static str> {
        match self {
            PoolerField::Name | PoolerField::Zone => None,
            PoolerField::Host => Some("pg-host"),
            f => Some(f.key()),
        }
    }

    pub fn numeric(self) -> bool {
        matches!(self, PoolerField::PgPort | PoolerField::PgHostPort)
    }

    pub fn get(self, p: &Pooler) -> String {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let num = |o: &Option<i64>| o.map(|n| n.to_string()).unwrap_or_default();
        match self {
            PoolerField::Name => p.name.clone(),
            PoolerField::Host => p.host.clone(),
            PoolerField::PgPath => p.pg_path.clone(),
            PoolerField::PgPort => num(&p.pg_port),
            PoolerField::PgSocketPath => opt(&p.pg_socket_path),
            PoolerField::PgUser => opt(&p.pg_user),
            PoolerField::PgDatabase => opt(&p.pg_database),
            PoolerField::Zone => opt(&p.zone),
            PoolerField::PgHostPort => num(&p.pg_host_port),
            PoolerField::PgHostConfig => opt(&p.pg_host_config),
            PoolerField::PgHostUser => opt(&p.pg_host_user),
        }
    }

    pub fn set(self, p: &mut Pooler, value: &str) {
        match self {
            PoolerField::Name => p.name = value.into(),
            PoolerField::Host => p.host = value.into(),
            PoolerField::PgPath => p.pg_path = value.into(),
            PoolerField::PgPort => p.pg_port = number(value),
            PoolerField::PgSocketPath => p.pg_socket_path = optional(value),
            PoolerField::PgUser => p.pg_user = optional(value),
            PoolerField::PgDatabase => p.pg_database = optional(value),
            PoolerField::Zone => p.zone = optional(value),
            PoolerField::PgHostPort => p.pg_host_port = number(value),
            PoolerField::PgHostConfig => p.pg_host_config = optional(value),
            PoolerField::PgHostUser => p.pg_host_user = optional(value),
        }
    }
}

/// The fields of the `[tls]` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsField {
    HostType,
    CaFile,
    CertFile,
    KeyFile,
    ClientCertFile,
    ClientKeyFile,
    ServerAddress,
    ServerPort,
    AuthCn,
}

impl TlsField {
    pub fn key(self) -> &'static str {
        match self {
            TlsField::HostType => "host-type",
            TlsField::CaFile => "ca-file",
            TlsField::CertFile => "cert-file",
            TlsField::KeyFile => "key-file",
            TlsField::ClientCertFile => "client-cert-file",
            TlsField::ClientKeyFile => "client-key-file",
            TlsField::ServerAddress => "server-address",
            TlsField::ServerPort => "server-port",
            TlsField::AuthCn => "auth-cn",
        }
    }

    pub fn get(self, t: &pgbr_core::model::Tls) -> String {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        match self {
            TlsField::HostType => t.host_type.as_str().into(),
            TlsField::CaFile => opt(&t.ca_file),
            TlsField::CertFile => opt(&t.cert_file),
            TlsField::KeyFile => opt(&t.key_file),
            TlsField::ClientCertFile => opt(&t.client_cert_file),
            TlsField::ClientKeyFile => opt(&t.client_key_file),
            TlsField::ServerAddress => t.server_address.clone(),
            // 0 stands for an emptied field (see `set`): show it empty while the user types.
            TlsField::ServerPort if t.server_port == 0 => String::new(),
            TlsField::ServerPort => t.server_port.to_string(),
            TlsField::AuthCn => t.auth_cn.clone(),
        }
    }

    fn set(self, t: &mut pgbr_core::model::Tls, value: &str) {
        match self {
            TlsField::HostType => {
                if let Some(h) = parse_enum(value) {
                    t.host_type = h;
                }
            }
            TlsField::CaFile => t.ca_file = optional(value),
            TlsField::CertFile => t.cert_file = optional(value),
            TlsField::KeyFile => t.key_file = optional(value),
            TlsField::ClientCertFile => t.client_cert_file = optional(value),
            TlsField::ClientKeyFile => t.client_key_file = optional(value),
            TlsField::ServerAddress => t.server_address = value.into(),
            // An empty or partial port reads as 0, which the core reports as out of range.
            TlsField::ServerPort => t.server_port = number(value).unwrap_or(0),
            TlsField::AuthCn => t.auth_cn = value.into(),
        }
    }
}

/// The fields of the `[repo-host]` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepoHostField {
    Host,
    HostPort,
    HostConfig,
    HostUser,
}

impl RepoHostField {
    pub const ALL: [RepoHostField; 4] = [
        RepoHostField::Host,
        RepoHostField::HostPort,
        RepoHostField::HostConfig,
        RepoHostField::HostUser,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RepoHostField::Host => "host",
            RepoHostField::HostPort => "host-port",
            RepoHostField::HostConfig => "host-config",
            RepoHostField::HostUser => "host-user",
        }
    }

    pub fn get(self, r: &RepoHost) -> String {
        match self {
            RepoHostField::Host => r.host.clone(),
            RepoHostField::HostPort => r.host_port.map(|n| n.to_string()).unwrap_or_default(),
            RepoHostField::HostConfig => r.host_config.clone().unwrap_or_default(),
            RepoHostField::HostUser => r.host_user.clone().unwrap_or_default(),
        }
    }

    fn set(self, r: &mut RepoHost, value: &str) {
        match self {
            RepoHostField::Host => r.host = value.into(),
            RepoHostField::HostPort => r.host_port = number(value),
            RepoHostField::HostConfig => r.host_config = optional(value),
            RepoHostField::HostUser => r.host_user = optional(value),
        }
    }
}

fn optional(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

fn number(value: &str) -> Option<i64> {
    value.trim().parse().ok()
}

/// `base`, or `base-2`, `base-3`, ... : the first that none of `taken` spells.
fn unique<'a>(base: &str, taken: impl Iterator<Item = &'a String> + Clone) -> String {
    let free = |c: &str| !taken.clone().any(|t| t.eq_ignore_ascii_case(c));
    if free(base) {
        return base.to_string();
    }
    (2..)
        .map(|k| format!("{base}-{k}"))
        .find(|c| free(c))
        .expect("some suffix is free")
}

/// An option's value as the user typed it, in the shape the design file holds it (core's
/// `catalog::typed_value`). Empty means "not set".
pub fn option_value(catalog_name: &str, text: &str) -> Option<OptValue> {
    (!text.trim().is_empty()).then(|| catalog::typed_value(catalog_name, text))
}

/// The text an input shows for an option's value (lists one entry a line).
pub fn option_text(value: Option<&OptValue>) -> String {
    match value {
        None => String::new(),
        Some(OptValue::List(items)) => items.join("\n"),
        Some(v) => v.single().unwrap_or_default(),
    }
}

/// The enum value the design file spells `text`.
pub fn parse_enum<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}

/// For each file, which lines are not found in every configuration file: the lines that make
/// the files differ. Comments and blank lines never count.
pub fn differing_lines(output: &Output) -> Vec<Vec<bool>> {
    let configs: Vec<_> = output
        .files
        .iter()
        .filter(|f| f.kind == pgbr_core::output::FileKind::Config)
        .collect();
    // Per line (what it says, not where): in how many config files it appears, and the last
    // file that counted it.
    let mut seen: HashMap<&Body, (usize, usize), BuildHasherDefault<Fnv>> = HashMap::default();
    for (k, f) in configs.iter().enumerate() {
        for l in &f.lines {
            let (count, last) = seen.entry(&l.body).or_insert((0, usize::MAX));
            if *last != k {
                *count += 1;
                *last = k;
            }
        }
    }
    output
        .files
        .iter()
        .map(|f| {
            f.lines
                .iter()
                .map(|l| {
                    f.kind == pgbr_core::output::FileKind::Config
                        && configs.len() > 1
                        && !matches!(l.kind(), LineKind::Comment | LineKind::Blank)
                        && seen.get(&l.body).map_or(0, |(count, _)| *count) < configs.len()
                })
                .collect()
        })
        .collect()
}

/// FNV-1a: short keys, no adversary (the user's own lines), and several times faster than the
/// default SipHash on the tens of thousands of lines a large design has.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// The element id of the input for the field at `path`: `pooler[2].host` → `f-pooler-2-host`.
pub fn field_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        match c {
            '[' | '.' => id.push('-'),
            ']' => {}
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' => id.push(c),
            _ => id.push('_'),
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use pgbr_core::{Diagnostic, Severity};

    fn at(s: &State, path: &str) -> Vec<Diagnostic> {
        s.output
            .diagnostics
            .iter()
            .filter(|d| d.path == path)
            .cloned()
            .collect()
    }

    fn start() -> Rc<State> {
        Rc::new(State::new(State::example(0), false, Vec::new()))
    }

    fn run(state: Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
        actions.into_iter().fold(state, Reducible::reduce)
    }

    #[test]
    fn the_example_opens_without_errors_with_one_file_per_pooler() {
        let s = start();
        assert!(!s.stale());
        let paths: Vec<_> = s.shown.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "pooler-1/pgbackrest.conf",
                "pooler-2/pgbackrest.conf",
                "pooler-3/pgbackrest.conf"
            ]
        );
    }

    #[test]
    fn editing_a_host_regenerates_every_file() {
        let s = run(
            start(),
            [Action::Pooler(1, PoolerField::Host, "db-two".into())],
        );
        assert_eq!(s.design.pooler[1].host, "db-two");
        for f in &s.output.files {
            assert!(
                f.text().contains("db-two") || f.pooler == Some(1),
                "{}",
                f.path
            );
        }
        assert!(s.output.files[0].text().contains("pg2-host=db-two"));
    }

    #[test]
    fn an_error_keeps_the_last_good_files_and_names_the_field() {
        let s = run(
            start(),
            [Action::Pooler(2, PoolerField::Host, "replica1".into())],
        );
        assert!(s.stale());
        assert!(s.output.files.is_empty());
        assert_eq!(s.shown.files.len(), 3);
        assert_eq!(s.shown_design.pooler[2].host, "replica3");
        let d = at(&s, "pooler[2].host");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Error);
        let fixed = run(s, [Action::Pooler(2, PoolerField::Host, "replica3".into())]);
        assert!(!fixed.stale());
        assert_eq!(fixed.shown, fixed.output);
    }

    #[test]
    fn add_duplicate_move_and_remove_poolers() {
        let s = run(start(), [Action::AddPooler, Action::DuplicatePooler(0)]);
        let names: Vec<_> = s.design.pooler.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "pooler-1",
                "pooler-1-copy",
                "pooler-2",
                "pooler-3",
                "pooler-4"
            ]
        );
        assert_eq!(s.design.pooler[4].host, "replica4");
        assert_eq!(s.design.pooler[1].host, "replica1-copy");
        assert!(!s.stale(), "{:?}", s.output.diagnostics);
        let s = run(
            s,
            [
                Action::MovePooler { from: 4, to: 0 },
                Action::RemovePooler(2),
            ],
        );
        let names: Vec<_> = s.design.pooler.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["pooler-4", "pooler-1", "pooler-2", "pooler-3"]);
        // Out-of-range requests change nothing.
        let same = run(
            s.clone(),
            [
                Action::RemovePooler(9),
                Action::MovePooler { from: 0, to: 9 },
            ],
        );
        assert_eq!(same.design, s.design);
    }

    #[test]
    fn unique_names_count_up() {
        let taken = ["pooler-4".to_string(), "pooler-4-2".to_string()];
        assert_eq!(unique("pooler-4", taken.iter()), "pooler-4-3");
        assert_eq!(unique("pooler-5", taken.iter()), "pooler-5");
    }

    #[test]
    fn options_take_the_shape_of_their_type() {
        assert_eq!(option_value("start-fast", "y"), Some(OptValue::Bool(true)));
        assert_eq!(option_value("process-max", "4"), Some(OptValue::Int(4)));
        assert_eq!(
            option_value("process-max", "four"),
            Some(OptValue::Text("four".into()))
        );
        assert_eq!(
            option_value("exclude", "a\n\nb\n"),
            Some(OptValue::List(vec!["a".into(), "b".into()]))
        );
        assert_eq!(option_value("compress-type", ""), None);
        assert_eq!(
            option_text(Some(&OptValue::List(vec!["a".into(), "b".into()]))),
            "a\nb"
        );
        let s = run(start(), [Action::Global("process-max".into(), "4".into())]);
        assert!(s.output.files[0].text().contains("process-max=4"));
        let s = run(s, [Action::Global("process-max".into(), "".into())]);
        assert!(!s.design.global.contains_key("process-max"));
    }

    #[test]
    fn a_misspelt_option_is_reported_at_its_path() {
        let s = run(
            start(),
            [Action::Global("compres-type".into(), "lz4".into())],
        );
        let d = at(&s, "global.compres-type");
        assert!(d[0].message.contains("compress-type"), "{}", d[0].message);
    }

    #[test]
    fn repositories_add_retype_and_remove() {
        let s = run(start(), [Action::AddRepo]);
        assert_eq!(s.design.repo[1].index, 2);
        assert_eq!(
            s.design.repo[1].options["path"],
            OptValue::Text("/var/lib/pgbackrest-repo2".into())
        );
        let s = run(
            s,
            [
                Action::RepoType(1, RepoType::S3),
                Action::RepoOption(1, "s3-bucket".into(), "backups".into()),
                Action::RepoType(1, RepoType::Gcs),
            ],
        );
        assert_eq!(s.design.repo[1].kind, RepoType::Gcs);
        assert!(!s.design.repo[1].options.contains_key("s3-bucket"));
        assert!(s.design.repo[1].options.contains_key("path"));
        let s = run(s, [Action::RemoveRepo(1)]);
        assert_eq!(s.design.repo.len(), 1);
    }

    #[test]
    fn topology_switch_adds_and_drops_the_repository_host() {
        let s = run(start(), [Action::Topology(Topology::RepoHost)]);
        assert_eq!(
            s.design.repo_host.as_ref().map(|r| r.host.as_str()),
            Some("repository")
        );
        assert!(
            s.output.files.iter().any(|f| f.pooler.is_none()),
            "{:?}",
            s.output.diagnostics
        );
        let s = run(
            s,
            [
                Action::RepoHost(RepoHostField::Host, "backup1".into()),
                Action::Topology(Topology::Pooler),
            ],
        );
        assert_eq!(s.design.repo_host, None);
    }

    #[test]
    fn tls_fields_round_trip() {
        let s = run(
            start(),
            [
                Action::Tls(TlsField::ServerPort, "9000".into()),
                Action::Tls(TlsField::HostType, "ssh".into()),
            ],
        );
        assert_eq!(TlsField::ServerPort.get(&s.design.tls), "9000");
        assert_eq!(TlsField::HostType.get(&s.design.tls), "ssh");
    }

    #[test]
    fn notices_and_the_secrets_switch_leave_the_output_alone() {
        let s = Rc::new(State::new(
            State::example(0),
            false,
            vec!["set aside".into()],
        ));
        let t = run(
            s.clone(),
            [
                Action::SaveSecrets(true),
                Action::Notice("storage is full".into()),
                Action::Notice("storage is full".into()),
                Action::DismissNotice(0),
            ],
        );
        assert!(t.save_secrets);
        assert_eq!(t.notices, ["storage is full"], "a repeat is not stacked");
        assert!(Rc::ptr_eq(&s.output, &t.output));
        let t = run(
            t,
            [
                Action::DismissNotice(5),
                Action::Load(Box::new(State::example(1))),
            ],
        );
        assert!(
            t.notices.is_empty(),
            "a new design starts without the old one's notices"
        );
    }

    #[test]
    fn differing_lines_are_the_ones_not_in_every_file() {
        let s = start();
        let diff = differing_lines(&s.shown);
        let f0 = &s.shown.files[0];
        let marked: Vec<String> = f0
            .lines
            .iter()
            .zip(&diff[0])
            .filter(|(_, d)| **d)
            .map(|(l, _)| l.to_string())
            .collect();
        assert!(
            marked.iter().any(|t| t == "pg2-host=replica2"),
            "{marked:?}"
        );
        assert!(
            !marked.iter().any(|t| t.starts_with("repo1-path")),
            "{marked:?}"
        );
    }

    #[test]
    fn enums_and_ids() {
        assert_eq!(
            parse_enum::<SecretsMode>("include-file"),
            Some(SecretsMode::IncludeFile)
        );
        assert_eq!(parse_enum::<SecretsMode>("bogus"), None);
        assert_eq!(field_id("pooler[2].host"), "f-pooler-2-host");
        assert_eq!(field_id("global.compress-type"), "f-global-compress-type");
    }
}
