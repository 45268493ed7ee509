//! The design format described for the faces: every field a form shows, with its design key,
//! the pgBackRest option it becomes, a label, one line of help, its type and allowed values for
//! the target release, and its default. The web form, the "other options" editor and the JS
//! API's `designFields()` / `optionCatalog()` render from this; none of them keeps a copy.
//!
//! Each group of fields is an enum ([`ClusterField`], [`PoolerField`], [`TlsField`],
//! [`RepoHostField`]) that reads and writes its value as the text an input holds; repository
//! and `[global]` fields are options, described by the catalog ([`repo_option_keys`],
//! [`COMMON_GLOBAL`]).

use crate::catalog::{self, OptionDef, Scope};
use crate::model::{
    spelling, Design, HostRef, HostType, OptValue, Options, Pooler, Repo, RepoHost, RepoType,
    SecretsMode, Tls,
};
use crate::path::FieldPath;
use crate::version::Version;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// What kind of input a field takes.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "FieldKind"))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Text,
    /// A whole number (ports, indexes).
    Number,
    /// One of `choices`.
    Choice,
}

/// One allowed value of a choice, and how a form names it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

const fn choice(value: &'static str, label: &'static str) -> Choice {
    Choice { value, label }
}

/// One field of the design format. Every part is static text, so a form can ask for a field's
/// label on every render without building anything.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct FieldInfo {
    /// The design file's key (`pg-path`, `server-port`).
    pub key: &'static str,
    /// The catalog name of the pgBackRest option it becomes (`pg-path`, `tls-server-port`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<&'static str>,
    /// The option as the files spell it (`pgN-path`, `repoN-host-port`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<&'static str>,
    pub label: &'static str,
    pub help: &'static str,
    pub kind: Kind,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<Choice>>", optional))]
    pub choices: &'static [Choice],
    /// What applies when the field is left empty, as the input would show it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<&'static str>,
}

impl FieldInfo {
    const fn new(key: &'static str, label: &'static str, help: &'static str) -> FieldInfo {
        FieldInfo {
            key,
            option: None,
            written: None,
            label,
            help,
            kind: Kind::Text,
            choices: &[],
            default: None,
        }
    }

    /// The field sets this option, spelled `written` in the files; its default is the
    /// catalog's unless given.
    fn option(mut self, name: &'static str, written: &'static str) -> FieldInfo {
        self.option = Some(name);
        self.written = Some(written);
        if self.default.is_none() {
            self.default = catalog::find(name).and_then(|o| o.default);
        }
        self
    }

    const fn number(mut self) -> FieldInfo {
        self.kind = Kind::Number;
        self
    }

    const fn default(mut self, value: &'static str) -> FieldInfo {
        self.default = Some(value);
        self
    }

    /// The values as the design file spells them (a test holds them to the enums' own).
    const fn choices(mut self, choices: &'static [Choice]) -> FieldInfo {
        self.kind = Kind::Choice;
        self.choices = choices;
        self
    }
}

/// The path a new pooler's replica gets when the design has none to copy it from.
pub const DEFAULT_PG_PATH: &str = "/var/lib/postgresql/data";
/// The path of a new posix repository (`-repoN` appended when another repository has it).
pub const DEFAULT_REPO_PATH: &str = "/var/lib/pgbackrest";
/// The host name a new repository host gets.
pub const DEFAULT_REPO_HOST: &str = "repository";

/// The releases a design can target, oldest first, as the version field offers them (a test
/// holds the list to [`Version::targets`]).
const VERSIONS: &[Choice] = &[
    choice("2.37", "pgBackRest 2.37"),
    choice("2.38", "pgBackRest 2.38"),
    choice("2.39", "pgBackRest 2.39"),
    choice("2.40", "pgBackRest 2.40"),
    choice("2.41", "pgBackRest 2.41"),
    choice("2.42", "pgBackRest 2.42"),
    choice("2.43", "pgBackRest 2.43"),
    choice("2.44", "pgBackRest 2.44"),
    choice("2.45", "pgBackRest 2.45"),
    choice("2.46", "pgBackRest 2.46"),
    choice("2.47", "pgBackRest 2.47"),
    choice("2.48", "pgBackRest 2.48"),
    choice("2.49", "pgBackRest 2.49"),
    choice("2.50", "pgBackRest 2.50"),
    choice("2.51", "pgBackRest 2.51"),
    choice("2.52", "pgBackRest 2.52"),
    choice("2.53", "pgBackRest 2.53"),
    choice("2.54", "pgBackRest 2.54"),
    choice("2.55", "pgBackRest 2.55"),
    choice("2.56", "pgBackRest 2.56"),
    choice("2.57", "pgBackRest 2.57"),
    choice("2.58", "pgBackRest 2.58"),
    choice("2.59", "pgBackRest 2.59"),
    choice("2.60", "pgBackRest 2.60"),
];

const TOPOLOGIES: &[Choice] = &[
    choice("pooler", "Pooler: one file per pooler, own replica first"),
    choice("repo-host", "Repository host backs up every replica"),
];

const PEER_ORDERS: &[Choice] = &[
    choice("declared", "Declared: the others in table order"),
    choice("rotate", "Rotate: continue round the ring"),
    choice("zone", "Zone: same zone first"),
];

const SECRETS_MODES: &[Choice] = &[
    choice("env-file", "pgbackrest.env beside each file"),
    choice("include-file", "conf.d/secrets.conf (mode 0600)"),
    choice("inline", "The main file itself (not advised)"),
];

const HOST_TYPES: &[Choice] = &[
    choice("tls", "TLS (pgBackRest's own server)"),
    choice("ssh", "SSH"),
];

/// The design's top-level settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClusterField {
    Stanza,
    Version,
    Topology,
    PeerOrder,
    Secrets,
}

impl ClusterField {
    pub const ALL: [ClusterField; 5] = [
        ClusterField::Stanza,
        ClusterField::Version,
        ClusterField::Topology,
        ClusterField::PeerOrder,
        ClusterField::Secrets,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ClusterField::Stanza => "stanza",
            ClusterField::Version => "pgbackrest-version",
            ClusterField::Topology => "topology",
            ClusterField::PeerOrder => "peer-order",
            ClusterField::Secrets => "secrets",
        }
    }

    pub fn path(self) -> FieldPath {
        FieldPath::top(self.key())
    }

    pub fn info(self) -> FieldInfo {
        let f = FieldInfo::new;
        match self {
            ClusterField::Stanza => f("stanza", "Stanza", "The [section] every file declares."),
            ClusterField::Version => f(
                "pgbackrest-version",
                "pgBackRest version",
                "Options and values are checked against this release.",
            )
            .choices(VERSIONS)
            .default("2.57"),
            ClusterField::Topology => f(
                "topology",
                "Topology",
                "Where backups run: through each pooler's file, or on a dedicated repository host.",
            )
            .choices(TOPOLOGIES)
            .default("pooler"),
            ClusterField::PeerOrder => f(
                "peer-order",
                "Peer order",
                "The order of pg2..pgN after each pooler's own replica.",
            )
            .choices(PEER_ORDERS)
            .default("declared"),
            ClusterField::Secrets => f(
                "secrets",
                "Secrets go to",
                "Where secret option values are written.",
            )
            .choices(SECRETS_MODES)
            .default("env-file"),
        }
    }

    pub fn get(self, d: &Design) -> String {
        match self {
            ClusterField::Stanza => d.stanza.clone(),
            ClusterField::Version => d.pgbackrest_version.to_string(),
            ClusterField::Topology => spelling(&d.topology),
            ClusterField::PeerOrder => spelling(&d.peer_order),
            ClusterField::Secrets => spelling(&d.secrets),
        }
    }

    /// Sets the field from an input's text; a choice that is not one of the field's values
    /// changes nothing. A topology change adds or drops the repository host
    /// ([`Design::set_topology`]).
    pub fn set(self, d: &mut Design, value: &str) {
        match self {
            ClusterField::Stanza => d.stanza = value.into(),
            ClusterField::Version => {
                if let Ok(v) = Version::parse(value) {
                    d.pgbackrest_version = v;
                }
            }
            ClusterField::Topology => {
                if let Some(t) = parse_choice(value) {
                    d.set_topology(t);
                }
            }
            ClusterField::PeerOrder => {
                if let Some(o) = parse_choice(value) {
                    d.peer_order = o;
                }
            }
            ClusterField::Secrets => {
                if let Some(s) = parse_choice(value) {
                    d.secrets = s;
                }
            }
        }
    }
}

/// The columns of the hosts table: one pooler and its replica.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    pub const ALL: [PoolerField; 11] = [
        PoolerField::Name,
        PoolerField::Host,
        PoolerField::PgPath,
        PoolerField::PgPort,
        PoolerField::PgSocketPath,
        PoolerField::PgUser,
        PoolerField::PgDatabase,
        PoolerField::Zone,
        PoolerField::PgHostPort,
        PoolerField::PgHostConfig,
        PoolerField::PgHostUser,
    ];

    /// The columns a design with this transport shows (the SSH user only over SSH).
    pub fn shown(host_type: HostType) -> impl Iterator<Item = PoolerField> {
        PoolerField::ALL
            .into_iter()
            .filter(move |f| *f != PoolerField::PgHostUser || host_type == HostType::Ssh)
    }

    /// The design file's key, which is also the last step of a diagnostic's path.
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

    /// `pooler[i].<key>`.
    pub fn path(self, i: usize) -> FieldPath {
        FieldPath::pooler(i).key(self.key())
    }

    /// The catalog option the column sets (as `pgN-…` in every file), if any.
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

    pub fn info(self) -> FieldInfo {
        let f = FieldInfo::new;
        let info = match self {
            PoolerField::Name => f("name", "Name", "Names the pooler's folder in the output."),
            PoolerField::Host => f(
                "host",
                "Host",
                "How the other hosts reach this one; must match its TLS certificate.",
            ),
            PoolerField::PgPath => {
                f("pg-path", "pg-path", "The replica's data directory.").default(DEFAULT_PG_PATH)
            }
            PoolerField::PgPort => f("pg-port", "pg-port", "The replica's PostgreSQL port."),
            PoolerField::PgSocketPath => f(
                "pg-socket-path",
                "Socket path",
                "The replica's Unix socket directory.",
            ),
            PoolerField::PgUser => f(
                "pg-user",
                "User",
                "The PostgreSQL user pgBackRest connects as.",
            ),
            PoolerField::PgDatabase => f(
                "pg-database",
                "Database",
                "The database pgBackRest connects to.",
            ),
            PoolerField::Zone => f("zone", "Zone", "Failure domain, used by peer-order = zone."),
            PoolerField::PgHostPort => f(
                "pg-host-port",
                "TLS server port",
                "This host's TLS server port, when not the design's server port.",
            ),
            PoolerField::PgHostConfig => f(
                "pg-host-config",
                "Config file on host",
                "Where this host's own file lives, when not the default.",
            ),
            PoolerField::PgHostUser => f(
                "pg-host-user",
                "SSH user",
                "The SSH user on this host (SSH only).",
            ),
        };
        let written = match self {
            PoolerField::Name | PoolerField::Zone => None,
            PoolerField::Host => Some("pgN-host"),
            PoolerField::PgPath => Some("pgN-path"),
            PoolerField::PgPort => Some("pgN-port"),
            PoolerField::PgSocketPath => Some("pgN-socket-path"),
            PoolerField::PgUser => Some("pgN-user"),
            PoolerField::PgDatabase => Some("pgN-database"),
            PoolerField::PgHostPort => Some("pgN-host-port"),
            PoolerField::PgHostConfig => Some("pgN-host-config"),
            PoolerField::PgHostUser => Some("pgN-host-user"),
        };
        let info = match (self.option(), written) {
            (Some(name), Some(written)) => info.option(name, written),
            _ => info,
        };
        if self.numeric() {
            info.number()
        } else {
            info
        }
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

    /// Sets the field from an input's text: empty unsets an optional field, and text that is
    /// not a number unsets a numeric one (the form says so beside the field).
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
    AuthStanzas,
}

impl TlsField {
    /// Every field; all but `host-type` apply to TLS only.
    pub const ALL: [TlsField; 10] = [
        TlsField::HostType,
        TlsField::CaFile,
        TlsField::CertFile,
        TlsField::KeyFile,
        TlsField::ClientCertFile,
        TlsField::ClientKeyFile,
        TlsField::ServerAddress,
        TlsField::ServerPort,
        TlsField::AuthCn,
        TlsField::AuthStanzas,
    ];

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
            TlsField::AuthStanzas => "auth-stanzas",
        }
    }

    /// `tls.<key>`.
    pub fn path(self) -> FieldPath {
        FieldPath::tls(self.key())
    }

    pub fn info(self) -> FieldInfo {
        let f = FieldInfo::new;
        match self {
            TlsField::HostType => f(
                "host-type",
                "Hosts reach each other over",
                "pgBackRest's own TLS server (recommended) or SSH.",
            )
            .choices(HOST_TYPES)
            .default("tls")
            .option("pg-host-type", "pgN-host-type"),
            TlsField::CaFile => f("ca-file", "CA certificate", "Same path on every host.")
                .option("pg-host-ca-file", "pgN-host-ca-file"),
            TlsField::CertFile => f(
                "cert-file",
                "Host certificate",
                "{host} becomes each host's name.",
            )
            .option("tls-server-cert-file", "tls-server-cert-file"),
            TlsField::KeyFile => f("key-file", "Host key", "{host} becomes each host's name.")
                .option("tls-server-key-file", "tls-server-key-file"),
            TlsField::ClientCertFile => f(
                "client-cert-file",
                "Client certificate (optional)",
                "When the hosts present another certificate as clients; empty: the host certificate.",
            )
            .option("pg-host-cert-file", "pgN-host-cert-file"),
            TlsField::ClientKeyFile => f(
                "client-key-file",
                "Client key (optional)",
                "The client certificate's key; {host} allowed.",
            )
            .option("pg-host-key-file", "pgN-host-key-file"),
            TlsField::ServerAddress => f(
                "server-address",
                "Server address",
                "tls-server-address; * listens everywhere.",
            )
            .default("*")
            .option("tls-server-address", "tls-server-address"),
            TlsField::ServerPort => f(
                "server-port",
                "Server port",
                "tls-server-port, the same on every host unless a host sets its own.",
            )
            .default("8432")
            .option("tls-server-port", "tls-server-port")
            .number(),
            TlsField::AuthCn => f(
                "auth-cn",
                "Client certificate CN",
                "The CN each host's certificate carries; {host} allowed.",
            )
            .default("{host}"),
            TlsField::AuthStanzas => f(
                "auth-stanzas",
                "Clients may use",
                "What tls-server-auth grants those CNs: * or stanzas separated by commas; empty: this stanza.",
            ),
        }
    }

    pub fn get(self, t: &Tls) -> String {
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
            TlsField::AuthStanzas => opt(&t.auth_stanzas),
        }
    }

    pub fn set(self, t: &mut Tls, value: &str) {
        match self {
            TlsField::HostType => {
                if let Some(h) = parse_choice(value) {
                    t.host_type = h;
                }
            }
            TlsField::CaFile => t.ca_file = optional(value),
            TlsField::CertFile => t.cert_file = optional(value),
            TlsField::KeyFile => t.key_file = optional(value),
            TlsField::ClientCertFile => t.client_cert_file = optional(value),
            TlsField::ClientKeyFile => t.client_key_file = optional(value),
            TlsField::ServerAddress => t.server_address = value.into(),
            // An empty or partial port reads as 0, which validation reports as out of range.
            TlsField::ServerPort => t.server_port = number(value).unwrap_or(0),
            TlsField::AuthCn => t.auth_cn = value.into(),
            TlsField::AuthStanzas => t.auth_stanzas = optional(value),
        }
    }
}

/// The fields of the `[repo-host]` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

    /// `repo-host.<key>`.
    pub fn path(self) -> FieldPath {
        FieldPath::repo_host(self.key())
    }

    pub fn info(self) -> FieldInfo {
        let f = FieldInfo::new;
        let (info, option, written) = match self {
            RepoHostField::Host => (
                f(
                    "host",
                    "host",
                    "How the database hosts reach the repository host; names its folder.",
                ),
                "repo-host",
                "repoN-host",
            ),
            RepoHostField::HostPort => (
                f(
                    "host-port",
                    "host-port",
                    "Its TLS server port, when not the design's server port.",
                )
                .number(),
                "repo-host-port",
                "repoN-host-port",
            ),
            RepoHostField::HostConfig => (
                f(
                    "host-config",
                    "host-config",
                    "Where its own file lives, when not the default.",
                ),
                "repo-host-config",
                "repoN-host-config",
            ),
            RepoHostField::HostUser => (
                f("host-user", "host-user", "The SSH user on it (SSH only)."),
                "repo-host-user",
                "repoN-host-user",
            ),
        };
        info.option(option, written)
    }

    pub fn get(self, r: &RepoHost) -> String {
        match self {
            RepoHostField::Host => r.host.clone(),
            RepoHostField::HostPort => r.host_port.map(|n| n.to_string()).unwrap_or_default(),
            RepoHostField::HostConfig => r.host_config.clone().unwrap_or_default(),
            RepoHostField::HostUser => r.host_user.clone().unwrap_or_default(),
        }
    }

    pub fn set(self, r: &mut RepoHost, value: &str) {
        match self {
            RepoHostField::Host => r.host = value.into(),
            RepoHostField::HostPort => r.host_port = number(value),
            RepoHostField::HostConfig => r.host_config = optional(value),
            RepoHostField::HostUser => r.host_user = optional(value),
        }
    }
}

/// The option that lists, on each host's TLS server, the client CNs it accepts and what they
/// may use: a form shows the lines generated for it.
pub const SERVER_AUTH: &str = "tls-server-auth";

/// How the files name the `pg`-th replica of a file: `pg1`, the prefix of `pg1-path`.
pub fn pg_prefix(pg: u16) -> String {
    format!("pg{pg}")
}

/// How the files name the repository with this index: `repo2`, the prefix of `repo2-path`.
pub fn repo_prefix(index: i64) -> String {
    format!("repo{index}")
}

/// The name of the file pgBackRest reads its options from (`pgbackrest.conf`): what a text
/// handed in without a name is called.
pub fn config_file_name() -> &'static str {
    let path = crate::deploy::DEFAULT_CONFIG;
    path.rsplit('/').next().unwrap_or(path)
}

/// The shortest pooler file the importer reads, for a face to show where one is pasted.
pub fn conf_example() -> String {
    format!("[main]\n{}-path={DEFAULT_PG_PATH}\n…", pg_prefix(1))
}

/// `repo-host` itself, where findings about the repository host as a whole are reported.
pub fn repo_host_path() -> FieldPath {
    FieldPath::top(crate::path::key::REPO_HOST)
}

/// The env file generate writes beside each pooler's file for `secrets = "env-file"`.
pub const ENV_FILE_NAME: &str = "pgbackrest.env";
/// The include file generate writes beside each pooler's file for `secrets = "include-file"`.
pub const SECRETS_INCLUDE: &str = "conf.d/secrets.conf";

/// Where the design's secret values go, said beside the fields that hold them.
pub fn secrets_hint(mode: SecretsMode) -> String {
    match mode {
        SecretsMode::EnvFile => format!("Secret values (marked ●) are written to {ENV_FILE_NAME} beside each file, never inline."),
        SecretsMode::IncludeFile => format!("Secret values (marked ●) are written to {SECRETS_INCLUDE} (mode 0600) beside each file."),
        SecretsMode::Inline => "Secret values (marked ●) are written into the main file: change “Secrets go to” to keep them out.".to_string(),
    }
}

/// What the "add an option" input suggests: where a repository's options go, and one that
/// most designs leave out.
pub fn add_option_hint() -> String {
    format!(
        "e.g. repo-… belongs to a repository; try {}",
        ADD_OPTION_EXAMPLE
    )
}

/// A `[global]` option that has no control of its own, as an example of what to add.
const ADD_OPTION_EXAMPLE: &str = "io-timeout";

/// The `[global]` options most designs set, each with its own control in a form.
pub const COMMON_GLOBAL: [&str; 9] = [
    "backup-standby",
    "compress-type",
    "process-max",
    "start-fast",
    "delta",
    "archive-async",
    "log-level-console",
    "log-level-file",
    "spool-path",
];

/// The repository options (without `repo-`) every repository shows, whatever its type.
const REPO_COMMON: [&str; 10] = [
    "path",
    "retention-full",
    "retention-full-type",
    "retention-diff",
    "retention-archive",
    "bundle",
    "block",
    "cipher-type",
    "cipher-pass",
    "hardlink",
];

/// The option keys (without `repo-`) a form shows for this repository at `version`: the
/// common ones, then the catalog's options for its type, then object-store settings, then any
/// other key the repository already holds.
pub fn repo_option_keys(repo: &Repo, version: Version) -> Vec<String> {
    let object_store = matches!(repo.kind, RepoType::S3 | RepoType::Gcs | RepoType::Azure);
    let known = |name: &str| repo_option(name).is_some_and(|o| o.since <= version);
    let mut keys: Vec<String> = REPO_COMMON
        .iter()
        .filter(|k| known(k))
        .map(|k| k.to_string())
        .collect();
    for o in catalog::for_version(version).filter(|o| o.scope == Scope::Repo) {
        let key = repo_key(o);
        let typed = o.repo_type == Some(repo.kind.as_str());
        let storage = object_store && key.starts_with("storage-");
        if (typed || storage) && !keys.iter().any(|k| k == key) {
            keys.push(key.to_string());
        }
    }
    for key in repo.options.keys() {
        if !keys.contains(key) {
            keys.push(key.clone());
        }
    }
    keys
}

/// The catalog entry of a repository option given without `repo-` (`s3-key`).
pub fn repo_option(key: &str) -> Option<&'static OptionDef> {
    catalog::find(&format!("repo-{key}"))
}

/// A repository option's key in a `[[repo]]` table: its catalog name without `repo-`.
pub fn repo_key(def: &OptionDef) -> &'static str {
    def.name.strip_prefix("repo-").unwrap_or(def.name)
}

/// A section of the files that a table of options is written in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// `[global]`.
    Global,
    /// `[global:<command>]`: read by that command before `[global]`.
    Command(String),
    /// The stanza's own section.
    Stanza,
    /// `[<stanza>:<command>]`.
    StanzaCommand(String),
}

/// A table of pgBackRest options in a design, as an option editor reads and writes it: a
/// section, in every file (no host) or in one host's file only (over the design's).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OptionTable {
    pub host: Option<HostRef>,
    pub section: Section,
}

impl OptionTable {
    /// The design's `[global]`, in every file.
    pub const GLOBAL: OptionTable = OptionTable {
        host: None,
        section: Section::Global,
    };

    /// `section` in every file.
    pub fn every(section: Section) -> OptionTable {
        OptionTable {
            host: None,
            section,
        }
    }

    /// `section` in `host`'s file only.
    pub fn own(host: HostRef, section: Section) -> OptionTable {
        OptionTable {
            host: Some(host),
            section,
        }
    }

    /// Where its options are in the design (`pooler[1].global`, `command.archive-push`,
    /// `repo-host.stanza-options`): a diagnostic about one of them is at this path and the
    /// option's name.
    pub fn path(&self) -> FieldPath {
        use crate::path::key;
        let at = |k: &'static str| match self.host {
            None => FieldPath::top(k),
            Some(HostRef::Pooler(i)) => FieldPath::pooler(i).key(k),
            Some(HostRef::RepoHost) => FieldPath::repo_host(k),
        };
        match &self.section {
            Section::Global => at(key::GLOBAL),
            Section::Command(c) => at(key::COMMAND).key(c.clone()),
            Section::Stanza => at(key::STANZA_OPTIONS),
            Section::StanzaCommand(c) => at(key::STANZA_COMMAND).key(c.clone()),
        }
    }

    /// The section the files write its options in (`global:archive-push`, `main:backup`).
    pub fn section(&self, stanza: &str) -> String {
        match &self.section {
            Section::Global => "global".to_string(),
            Section::Command(c) => format!("global:{c}"),
            Section::Stanza => stanza.to_string(),
            Section::StanzaCommand(c) => format!("{stanza}:{c}"),
        }
    }

    /// Its options in `d`, if the table is there.
    pub fn get<'a>(&self, d: &'a Design) -> Option<&'a Options> {
        let t = d.tables(self.host)?;
        match &self.section {
            Section::Global => Some(t.global),
            Section::Command(c) => t.command.get(c),
            Section::Stanza => Some(t.stanza_options),
            Section::StanzaCommand(c) => t.stanza_command.get(c),
        }
    }

    /// The command whose section it is, if any.
    pub fn command(&self) -> Option<&str> {
        match &self.section {
            Section::Command(c) | Section::StanzaCommand(c) => Some(c),
            Section::Global | Section::Stanza => None,
        }
    }

    /// The options a form offers to add to it at `version`: `[global]` options, and for a
    /// command's section only those the command takes.
    pub fn offered(&self, version: Version) -> impl Iterator<Item = &'static OptionDef> + '_ {
        catalog::for_version(version)
            .filter(|o| o.scope == Scope::Global)
            .filter(move |o| {
                self.command()
                    .is_none_or(|c| crate::commands::takes(c, o.name))
            })
    }
}

/// The commands a section can be added for, in pgBackRest's order.
pub fn commands() -> &'static [&'static str] {
    crate::commands::COMMANDS
}

/// The value a just-added `[global]` option starts with: its default's first word, else `y`.
pub fn starting_value(option: &str) -> String {
    let def = catalog::find(option).and_then(|o| o.default).unwrap_or("y");
    def.split(' ').next().unwrap_or(def).to_string()
}

/// An option's value as the user typed it, in the shape the design file holds it
/// ([`catalog::typed_value`]). Empty means "not set".
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

/// The enum value the design file spells `text` (`include-file`, `repo-host`).
pub fn parse_choice<T: DeserializeOwned>(text: &str) -> Option<T> {
    crate::value_de::from_value(serde_json::Value::String(text.to_string())).ok()
}

fn optional(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_string())
}

fn number(value: &str) -> Option<i64> {
    value.trim().parse().ok()
}

/// The design format at one release, for a face that renders its forms from data (the JS
/// API's `designFields()`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "DesignFields"))]
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Description {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub version: Version,
    pub cluster: Vec<FieldInfo>,
    pub pooler: Vec<FieldInfo>,
    pub tls: Vec<FieldInfo>,
    pub repo_host: Vec<FieldInfo>,
    /// Per repository type, the option keys its form shows (without `repo-`).
    pub repo: Vec<RepoFields>,
    /// The `[global]` options a form shows its own control for.
    pub common_global: Vec<&'static str>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, Serialize)]
pub struct RepoFields {
    #[serde(rename = "type")]
    pub kind: RepoType,
    pub options: Vec<String>,
}

/// Every field of the design format at `version`.
pub fn describe(version: Version) -> Description {
    Description {
        version,
        cluster: ClusterField::ALL.iter().map(|f| f.info()).collect(),
        pooler: PoolerField::ALL.iter().map(|f| f.info()).collect(),
        tls: TlsField::ALL.iter().map(|f| f.info()).collect(),
        repo_host: RepoHostField::ALL.iter().map(|f| f.info()).collect(),
        repo: RepoType::ALL
            .iter()
            .map(|&kind| RepoFields {
                kind,
                options: repo_option_keys(
                    &Repo {
                        kind,
                        ..Repo::default()
                    },
                    version,
                ),
            })
            .collect(),
        common_global: COMMON_GLOBAL
            .iter()
            .copied()
            .filter(|k| catalog::find(k).is_some_and(|o| o.known_at(version)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PeerOrder, Topology};

    #[test]
    fn hints_name_the_files_generate_writes() {
        assert_eq!(
            secrets_hint(SecretsMode::EnvFile),
            "Secret values (marked ●) are written to pgbackrest.env beside each file, never inline."
        );
        assert_eq!(
            secrets_hint(SecretsMode::IncludeFile),
            "Secret values (marked ●) are written to conf.d/secrets.conf (mode 0600) beside each file."
        );
        assert_eq!(
            add_option_hint(),
            "e.g. repo-… belongs to a repository; try io-timeout"
        );
        assert!(catalog::find(ADD_OPTION_EXAMPLE).is_some_and(|o| o.scope == Scope::Global));
        assert!(!COMMON_GLOBAL.contains(&ADD_OPTION_EXAMPLE));
    }

    #[test]
    fn names_faces_show() {
        assert_eq!(pg_prefix(3), "pg3");
        assert_eq!(repo_prefix(2), "repo2");
        assert_eq!(config_file_name(), "pgbackrest.conf");
        assert_eq!(
            conf_example(),
            "[main]\npg1-path=/var/lib/postgresql/data\n…"
        );
        assert_eq!(repo_host_path().to_string(), "repo-host");
    }

    #[test]
    fn every_option_a_field_names_is_in_the_catalog() {
        let d = describe(Version::NEWEST);
        for info in d
            .cluster
            .iter()
            .chain(&d.pooler)
            .chain(&d.tls)
            .chain(&d.repo_host)
        {
            if let Some(o) = info.option {
                assert!(catalog::find(o).is_some(), "{}: {o}", info.key);
            }
        }
        for r in &d.repo {
            for k in &r.options {
                assert!(repo_option(k).is_some(), "{:?}: {k}", r.kind);
            }
        }
    }

    #[test]
    fn fields_describe_their_options_and_defaults() {
        let port = TlsField::ServerPort.info();
        assert_eq!(port.option, Some("tls-server-port"));
        assert_eq!(port.default, Some("8432"));
        assert_eq!(port.kind, Kind::Number);
        let host = PoolerField::Host.info();
        assert_eq!(host.written, Some("pgN-host"));
        assert_eq!(PoolerField::PgPort.info().default, Some("5432"));
        assert_eq!(
            RepoHostField::HostPort.info().written,
            Some("repoN-host-port")
        );
        let topology = ClusterField::Topology.info();
        let values: Vec<_> = topology.choices.iter().map(|c| c.value).collect();
        assert_eq!(values, ["pooler", "repo-host"]);
    }

    /// The static text of the fields is the model's own: choices spell every variant, defaults
    /// are the model's defaults, `written` is the option as the files number it.
    #[test]
    fn static_descriptions_match_the_model() {
        fn values<T: Serialize>(all: &[T]) -> Vec<String> {
            all.iter().map(spelling).collect()
        }
        fn shown(info: FieldInfo) -> Vec<String> {
            info.choices.iter().map(|c| c.value.to_string()).collect()
        }
        // A variant added to one of these enums fails to compile here until its list has it.
        let _ = |t: Topology| match t {
            Topology::Pooler | Topology::RepoHost => (),
        };
        let _ = |o: PeerOrder| match o {
            PeerOrder::Declared | PeerOrder::Rotate | PeerOrder::Zone => (),
        };
        let _ = |m: SecretsMode| match m {
            SecretsMode::EnvFile | SecretsMode::IncludeFile | SecretsMode::Inline => (),
        };
        let _ = |h: HostType| match h {
            HostType::Tls | HostType::Ssh => (),
        };
        let targets: Vec<String> = Version::targets().map(|v| v.to_string()).collect();
        assert_eq!(shown(ClusterField::Version.info()), targets);
        for c in VERSIONS {
            assert_eq!(c.label, format!("pgBackRest {}", c.value));
        }
        assert_eq!(
            shown(ClusterField::Topology.info()),
            values(&[Topology::Pooler, Topology::RepoHost])
        );
        assert_eq!(
            shown(ClusterField::PeerOrder.info()),
            values(&[PeerOrder::Declared, PeerOrder::Rotate, PeerOrder::Zone])
        );
        assert_eq!(
            shown(ClusterField::Secrets.info()),
            values(&[
                SecretsMode::EnvFile,
                SecretsMode::IncludeFile,
                SecretsMode::Inline
            ])
        );
        assert_eq!(
            shown(TlsField::HostType.info()),
            values(&[HostType::Tls, HostType::Ssh])
        );
        let default = |f: ClusterField| f.info().default.map(str::to_string);
        let version = crate::model::default_version().to_string();
        assert_eq!(default(ClusterField::Version), Some(version));
        assert_eq!(
            default(ClusterField::Topology),
            Some(spelling(&Topology::default()))
        );
        assert_eq!(
            default(ClusterField::PeerOrder),
            Some(spelling(&PeerOrder::default()))
        );
        assert_eq!(
            default(ClusterField::Secrets),
            Some(spelling(&SecretsMode::default()))
        );
        let t = Tls::default();
        for f in [
            TlsField::HostType,
            TlsField::ServerAddress,
            TlsField::ServerPort,
            TlsField::AuthCn,
        ] {
            assert_eq!(
                f.info().default.map(str::to_string),
                Some(f.get(&t)),
                "{f:?}"
            );
        }
        for f in PoolerField::ALL {
            let info = f.info();
            let want = info.option.map(|o| o.replacen("pg-", "pgN-", 1));
            assert_eq!(info.written.map(str::to_string), want, "{f:?}");
        }
        for f in RepoHostField::ALL {
            let info = f.info();
            let want = info.option.map(|o| o.replacen("repo-", "repoN-", 1));
            assert_eq!(info.written.map(str::to_string), want, "{f:?}");
        }
        for f in TlsField::ALL {
            let info = f.info();
            let want = info.option.map(|o| match o.strip_prefix("pg-") {
                Some(rest) => format!("pgN-{rest}"),
                None => o.to_string(),
            });
            assert_eq!(info.written.map(str::to_string), want, "{f:?}");
        }
    }

    #[test]
    fn repository_forms_follow_the_type_and_the_release() {
        let s3 = Repo {
            kind: RepoType::S3,
            ..Repo::default()
        };
        let keys = repo_option_keys(&s3, Version::NEWEST);
        assert_eq!(
            &keys[..3],
            ["path", "retention-full", "retention-full-type"]
        );
        assert!(keys.iter().any(|k| k == "s3-bucket"));
        assert!(keys.iter().any(|k| k == "storage-verify-tls"));
        assert!(!keys.iter().any(|k| k == "gcs-bucket"));
        // Bundling (2.39) is not offered for 2.38.
        let posix = Repo::default();
        let bundle = "bundle".to_string();
        assert!(!repo_option_keys(&posix, Version::new(2, 38)).contains(&bundle));
        assert!(repo_option_keys(&posix, Version::new(2, 39)).contains(&bundle));
    }

    #[test]
    fn inputs_read_and_write_the_design() {
        let mut d = crate::examples::EXAMPLES[0].design();
        ClusterField::Topology.set(&mut d, "repo-host");
        assert_eq!(d.topology, Topology::RepoHost);
        assert_eq!(d.repo_host.as_ref().unwrap().host, DEFAULT_REPO_HOST);
        ClusterField::Topology.set(&mut d, "bogus");
        assert_eq!(
            d.topology,
            Topology::RepoHost,
            "an unknown choice changes nothing"
        );
        ClusterField::Version.set(&mut d, "2.45");
        assert_eq!(ClusterField::Version.get(&d), "2.45");
        let mut p = Pooler::default();
        PoolerField::PgPort.set(&mut p, "5433");
        assert_eq!(p.pg_port, Some(5433));
        PoolerField::PgPort.set(&mut p, "x");
        assert_eq!(p.pg_port, None);
        let mut t = Tls::default();
        TlsField::ServerPort.set(&mut t, "");
        assert_eq!(TlsField::ServerPort.get(&t), "");
        TlsField::AuthStanzas.set(&mut t, "*");
        assert_eq!(t.auth_stanzas.as_deref(), Some("*"));
    }

    #[test]
    fn typed_values() {
        assert_eq!(option_value("start-fast", "y"), Some(OptValue::Bool(true)));
        assert_eq!(option_value("process-max", "4"), Some(OptValue::Int(4)));
        assert_eq!(
            option_value("exclude", "a\n\nb\n"),
            Some(OptValue::List(vec!["a".into(), "b".into()]))
        );
        assert_eq!(option_value("compress-type", " "), None);
        assert_eq!(
            option_text(Some(&OptValue::List(vec!["a".into(), "b".into()]))),
            "a\nb"
        );
        assert_eq!(starting_value("compress-type"), "gz");
        assert_eq!(starting_value("frobnicate"), "y");
    }
}
