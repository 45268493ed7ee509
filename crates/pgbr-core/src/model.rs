//! The design: what a user describes, in the shape of the design file (TOML or JSON).
//!
//! Keys are kebab-case and, wherever a pgBackRest option exists, spelled as that option.
//! The same model is used by the CLI, the JS API and the web app.

use crate::version::Version;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

// The `ts` feature (on only in the JS API's test of its types.d.ts) derives each type's
// TypeScript; a field serde fills in by default is declared optional there (`ts(as =
// "Option<_>", optional)`), since a design may leave it out.

/// A whole cluster design.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Design {
    /// The pgBackRest stanza every file declares.
    pub stanza: String,
    /// The pgBackRest release the files target; gates options and values.
    #[serde(default = "default_version")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub pgbackrest_version: Version,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub topology: Topology,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub peer_order: PeerOrder,
    /// Where secret option values (`repo1-cipher-pass`, `repo1-s3-key`, ...) are written.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub secrets: SecretsMode,
    /// One entry per pooler, each beside its own PostgreSQL replica.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub pooler: Vec<Pooler>,
    /// Repositories, each with an explicit, stable index.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub repo: Vec<Repo>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub tls: Tls,
    /// The dedicated repository host (only with `topology = "repo-host"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo_host: Option<RepoHost>,
    /// Any other `[global]` option, by its pgBackRest name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub global: BTreeMap<String, OptValue>,
    /// Options for one command, in every file: `[command.archive-push]` becomes
    /// `[global:archive-push]` (pgBackRest reads them for that command before `[global]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub command: BTreeMap<String, BTreeMap<String, OptValue>>,
    /// Options written in the stanza's own section (`[main]`), in every file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stanza_options: BTreeMap<String, OptValue>,
    /// Options for one command of the stanza: `[stanza-command.backup]` becomes `[main:backup]`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stanza_command: BTreeMap<String, BTreeMap<String, OptValue>>,
}

/// A host whose own file alone holds a table of options.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HostRef {
    Pooler(usize),
    RepoHost,
}

/// Options by their pgBackRest name.
pub type Options = BTreeMap<String, OptValue>;
/// Options by command, then by name.
pub type Commands = BTreeMap<String, Options>;

/// The option tables a file's sections are written from: the design's (every file) or one
/// host's own (its file only, over the design's).
pub struct Tables<'a> {
    pub global: &'a Options,
    pub command: &'a Commands,
    pub stanza_options: &'a Options,
    pub stanza_command: &'a Commands,
}

/// [`Tables`], to change.
pub struct TablesMut<'a> {
    pub global: &'a mut Options,
    pub command: &'a mut Commands,
    pub stanza_options: &'a mut Options,
    pub stanza_command: &'a mut Commands,
}

impl Tables<'_> {
    /// Whether every table is empty.
    pub fn is_empty(&self) -> bool {
        self.global.is_empty()
            && self.command.is_empty()
            && self.stanza_options.is_empty()
            && self.stanza_command.is_empty()
    }
}

macro_rules! tables {
    ($x:expr, $kind:ident $(, $m:tt)?) => {{
        let x = $x;
        $kind {
            global: &$($m)? x.global,
            command: &$($m)? x.command,
            stanza_options: &$($m)? x.stanza_options,
            stanza_command: &$($m)? x.stanza_command,
        }
    }};
}

impl Pooler {
    /// Its own tables, over the design's in its file.
    pub fn tables(&self) -> Tables<'_> {
        tables!(self, Tables)
    }

    /// [`Tables`] of its own, to change.
    pub fn tables_mut(&mut self) -> TablesMut<'_> {
        tables!(self, TablesMut, mut)
    }
}

impl RepoHost {
    /// Its own tables, over the design's in its file.
    pub fn tables(&self) -> Tables<'_> {
        tables!(self, Tables)
    }

    /// [`Tables`] of its own, to change.
    pub fn tables_mut(&mut self) -> TablesMut<'_> {
        tables!(self, TablesMut, mut)
    }
}

impl Design {
    /// The design's own tables (`None`), or a host's; `None` when that host is not there.
    pub fn tables(&self, host: Option<HostRef>) -> Option<Tables<'_>> {
        Some(match host {
            None => tables!(self, Tables),
            Some(HostRef::Pooler(i)) => self.pooler.get(i)?.tables(),
            Some(HostRef::RepoHost) => self.repo_host.as_ref()?.tables(),
        })
    }

    /// [`Design::tables`], to change.
    pub fn tables_mut(&mut self, host: Option<HostRef>) -> Option<TablesMut<'_>> {
        Some(match host {
            None => tables!(self, TablesMut, mut),
            Some(HostRef::Pooler(i)) => self.pooler.get_mut(i)?.tables_mut(),
            Some(HostRef::RepoHost) => self.repo_host.as_mut()?.tables_mut(),
        })
    }
}

pub fn default_version() -> Version {
    Version::new(2, 57)
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topology {
    /// One file per pooler; each pooler's own replica is its local pg1.
    #[default]
    Pooler,
    /// A dedicated repository host backs up every replica over TLS.
    RepoHost,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeerOrder {
    /// The others follow in the design's order.
    #[default]
    Declared,
    /// The others continue round the ring after the own replica.
    Rotate,
    /// Same-zone replicas first (in the design's order), then the rest.
    Zone,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecretsMode {
    /// `pgbackrest.env` beside each file: `PGBACKREST_REPO1_CIPHER_PASS=...`.
    #[default]
    EnvFile,
    /// `conf.d/secrets.conf` beside each file (mode 0600), read as an include file.
    IncludeFile,
    /// In the main file itself (a warning says so).
    Inline,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HostType {
    #[default]
    Tls,
    Ssh,
}

impl HostType {
    pub fn as_str(self) -> &'static str {
        match self {
            HostType::Tls => "tls",
            HostType::Ssh => "ssh",
        }
    }
}

/// One pooler and the PostgreSQL replica beside it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Pooler {
    /// Names the output file's folder.
    pub name: String,
    /// How the other hosts reach this one; must match its TLS certificate.
    pub host: String,
    pub pg_path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pg_port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pg_socket_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pg_user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pg_database: Option<String>,
    /// This host's TLS server port, when not `tls.server-port`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pg_host_port: Option<i64>,
    /// Where this host's own file lives, when not `/etc/pgbackrest/pgbackrest.conf`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pg_host_config: Option<String>,
    /// SSH user on this host (only with `tls.host-type = "ssh"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pg_host_user: Option<String>,
    /// Failure domain, used by `peer-order = "zone"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// `[global]` options of this host's file only; they replace the design's `[global]` value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub global: BTreeMap<String, OptValue>,
    /// `[global:<command>]` options of this host's file only, over the design's `[command.<command>]`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub command: BTreeMap<String, BTreeMap<String, OptValue>>,
    /// Options of the stanza's own section in this host's file only, over the design's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stanza_options: BTreeMap<String, OptValue>,
    /// `[<stanza>:<command>]` options of this host's file only, over the design's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stanza_command: BTreeMap<String, BTreeMap<String, OptValue>>,
}

/// A repository. Every key but `index` and `type` is a `repoN-*` option without `repoN-`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Repo {
    /// Explicit and stable: reordering the list never renumbers a repository.
    pub index: i64,
    #[serde(rename = "type", default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub kind: RepoType,
    /// The path is one filesystem mounted on every host (posix or CIFS in the pooler topology):
    /// WAL archived by the primary and backups taken through any pooler's file meet there.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared_storage: bool,
    /// Secret options (`s3-key`, `cipher-pass`, ...) whose values are supplied on each host at
    /// deploy time (a vault, the service's environment), never entered in the design.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deploy_secrets: Vec<String>,
    #[serde(flatten)]
    pub options: BTreeMap<String, OptValue>,
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepoType {
    #[default]
    Posix,
    S3,
    Gcs,
    Azure,
    Sftp,
    Cifs,
}

impl RepoType {
    pub const ALL: [RepoType; 6] = [
        RepoType::Posix,
        RepoType::S3,
        RepoType::Gcs,
        RepoType::Azure,
        RepoType::Sftp,
        RepoType::Cifs,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RepoType::Posix => "posix",
            RepoType::S3 => "s3",
            RepoType::Gcs => "gcs",
            RepoType::Azure => "azure",
            RepoType::Sftp => "sftp",
            RepoType::Cifs => "cifs",
        }
    }
    pub fn parse(text: &str) -> Option<RepoType> {
        RepoType::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// How hosts reach each other, and each host's TLS server.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Tls {
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub host_type: HostType,
    /// CA certificate path (same on every host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<String>,
    /// This host's certificate path; `{host}` is replaced by the host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_file: Option<String>,
    /// This host's key path; `{host}` is replaced by the host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_file: Option<String>,
    /// A client certificate apart from the server's (`pgN-host-cert-file`,
    /// `repoN-host-cert-file`); its CN is `auth-cn`. Unset: the host's certificate serves both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_cert_file: Option<String>,
    /// Its key; set with `client-cert-file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key_file: Option<String>,
    /// `tls-server-address`; `{host}` is replaced by the host.
    #[serde(default = "default_server_address")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub server_address: String,
    #[serde(default = "default_server_port")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub server_port: i64,
    /// The CN of each host's client certificate; `{host}` is replaced by the host.
    #[serde(default = "default_auth_cn")]
    #[cfg_attr(feature = "ts", ts(as = "Option<_>", optional))]
    pub auth_cn: String,
    /// What `tls-server-auth` lets those CNs use: `*` (every stanza) or a comma-separated list
    /// of stanzas; unset, the design's stanza.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_stanzas: Option<String>,
}

impl Tls {
    /// The certificate a host presents as a client: its own client certificate, else its
    /// server certificate.
    pub fn client_cert(&self) -> &str {
        self.client_cert_file
            .as_deref()
            .or(self.cert_file.as_deref())
            .unwrap_or_default()
    }
    /// The key of [`Tls::client_cert`].
    pub fn client_key(&self) -> &str {
        self.client_key_file
            .as_deref()
            .or(self.key_file.as_deref())
            .unwrap_or_default()
    }
}

fn default_server_address() -> String {
    "*".into()
}
fn default_server_port() -> i64 {
    8432
}
fn default_auth_cn() -> String {
    "{host}".into()
}

impl Default for Tls {
    fn default() -> Self {
        Tls {
            host_type: HostType::Tls,
            ca_file: None,
            cert_file: None,
            key_file: None,
            client_cert_file: None,
            client_key_file: None,
            auth_stanzas: None,
            server_address: default_server_address(),
            server_port: default_server_port(),
            auth_cn: default_auth_cn(),
        }
    }
}

/// The dedicated repository host of the `repo-host` topology.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RepoHost {
    /// How the database hosts reach it; names its output folder.
    pub host: String,
    /// Its TLS server port, when not `tls.server-port`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i64>,
    /// Where its own file lives, when not `/etc/pgbackrest/pgbackrest.conf`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_config: Option<String>,
    /// SSH user on it (ssh only; pgBackRest's default is `pgbackrest`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_user: Option<String>,
    /// `[global]` options of its file only; they replace the design's `[global]` value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub global: BTreeMap<String, OptValue>,
    /// `[global:<command>]` options of its file only, over the design's `[command.<command>]`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub command: BTreeMap<String, BTreeMap<String, OptValue>>,
    /// Options of the stanza's own section in its file only, over the design's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stanza_options: BTreeMap<String, OptValue>,
    /// `[<stanza>:<command>]` options of its file only, over the design's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stanza_command: BTreeMap<String, BTreeMap<String, OptValue>>,
}

/// An option value as written in a design: text, integer, boolean (`y`/`n`), or a list
/// (for list and hash options, one line each).
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(untagged))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptValue {
    Text(String),
    Int(i64),
    Bool(bool),
    List(Vec<String>),
}

impl OptValue {
    /// The value(s) as pgBackRest reads them, one per line.
    pub fn lines(&self) -> Vec<String> {
        match self {
            OptValue::Text(t) => vec![t.clone()],
            OptValue::Int(i) => vec![i.to_string()],
            OptValue::Bool(b) => vec![if *b { "y" } else { "n" }.to_string()],
            OptValue::List(l) => l.clone(),
        }
    }
    /// The single value, when there is exactly one.
    pub fn single(&self) -> Option<String> {
        match self {
            OptValue::List(_) => None,
            other => other.lines().pop(),
        }
    }
}

impl From<&str> for OptValue {
    fn from(s: &str) -> Self {
        OptValue::Text(s.to_string())
    }
}

impl Serialize for OptValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            OptValue::Text(t) => s.serialize_str(t),
            OptValue::Int(i) => s.serialize_i64(*i),
            OptValue::Bool(b) => s.serialize_bool(*b),
            OptValue::List(l) => l.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for OptValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OptValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, an integer, a boolean or a list of strings")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<OptValue, E> {
                Ok(OptValue::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OptValue, E> {
                Ok(OptValue::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OptValue, E> {
                i64::try_from(v)
                    .map(OptValue::Int)
                    .map_err(|_| E::custom(format!("{v} is too large for any pgBackRest option")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<OptValue, E> {
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    // JavaScript numbers arrive as floats.
                    Ok(OptValue::Int(v as i64))
                } else {
                    Ok(OptValue::Text(v.to_string()))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OptValue, E> {
                Ok(OptValue::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<OptValue, E> {
                Ok(OptValue::Text(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OptValue, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    out.push(item);
                }
                Ok(OptValue::List(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// How the design file spells an enum value (`repo-host`, `env-file`).
pub fn spelling<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Why a design file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Toml(String),
    #[error("{0}")]
    Json(String),
    /// The document parsed, but a value does not fit the design: `path` names it
    /// (`pooler[0].pg-port`; empty for the document itself).
    #[error("{}{message}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
    Field { path: String, message: String },
    #[error("a design file ends in .toml or .json, not '{0}'")]
    Extension(String),
}

/// The two spellings of a design file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// The format of a design text without a name: JSON when its first character other than
    /// white space is `{` (a TOML design never starts so), TOML otherwise.
    pub fn of_text(text: &str) -> Format {
        if text.trim_start().starts_with('{') {
            Format::Json
        } else {
            Format::Toml
        }
    }

    /// The format a file name's extension says (`.toml`, `.json`, any case); `None` for
    /// any other name.
    pub fn of_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".toml") {
            Some(Format::Toml)
        } else if lower.ends_with(".json") {
            Some(Format::Json)
        } else {
            None
        }
    }
}

// Every reading and writing of a design goes through one `serde_json::Value`: TOML and JSON text
// are parsed to it and printed from it, so the design's own (de)serialisation code exists once
// (it is most of a browser build's serde code) and a wrong type names its field in both formats.
impl Design {
    /// Reads a design from TOML text.
    /// A wrong type names its field: `pooler[0].pg-port: invalid type: ...`.
    /// A wrong type also shows its line when the file is laid out as the designer writes it.
    pub fn from_toml(text: &str) -> Result<Design, ReadError> {
        let value: serde_json::Value =
            toml::from_str(text).map_err(|e| ReadError::Toml(e.to_string()))?;
        Design::from_value(value).map_err(|e| match e {
            ReadError::Field { path, message } => {
                let message = match toml_line(text, &path) {
                    Some((n, line)) => format!("{message} (line {n}: {line})"),
                    None => message,
                };
                ReadError::Field { path, message }
            }
            other => other,
        })
    }

    /// Reads a design from JSON text.
    /// A wrong type names its field: `pooler[0].pg-port: invalid type: ...`.
    pub fn from_json(text: &str) -> Result<Design, ReadError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ReadError::Json(e.to_string()))?;
        Design::from_value(value)
    }

    /// Reads a design from a parsed TOML or JSON document; the error names the field.
    pub fn from_value(value: serde_json::Value) -> Result<Design, ReadError> {
        crate::value_de::from_value(value).map_err(|e| ReadError::Field {
            path: e.path(),
            message: explain_unknown(e.message()),
        })
    }

    /// Reads a design in `format`.
    pub fn from_format(format: Format, text: &str) -> Result<Design, ReadError> {
        match format {
            Format::Toml => Design::from_toml(text),
            Format::Json => Design::from_json(text),
        }
    }

    /// Reads a design text that carries no name (pasted, or handed over as a string): the
    /// format is the one [`Format::of_text`] sees.
    pub fn from_text(text: &str) -> Result<Design, ReadError> {
        Design::from_format(Format::of_text(text), text)
    }

    /// Reads a design, choosing the format by the file name's extension.
    pub fn from_named(name: &str, text: &str) -> Result<Design, ReadError> {
        let format = Format::of_name(name).ok_or_else(|| ReadError::Extension(name.to_string()))?;
        Design::from_format(format, text)
    }

    /// The design as a document, keys in the documented order.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a design always serialises")
    }

    /// The design as TOML, in the documented key order.
    pub fn to_toml(&self) -> String {
        toml::to_string(&self.to_value()).expect("a design always serialises to TOML")
    }

    /// The design as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.to_value()).expect("a design always serialises to JSON")
    }
}

/// The line of a TOML design that sets `path` (`pooler[1].pg-port`, `global.process-max`,
/// `stanza`), with its number: found in the plain layout the designer writes (`[table]`,
/// `[[array]]`, `key = value`); `None` for anything else (inline tables, dotted keys).
fn toml_line<'a>(text: &'a str, path: &str) -> Option<(usize, &'a str)> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let (table, index, key) = match (first.split_once('['), parts.next()) {
        (Some((name, i)), Some(key)) => (
            Some(name),
            Some(i.strip_suffix(']')?.parse::<usize>().ok()?),
            key,
        ),
        (None, Some(key)) => (Some(first), None, key),
        (None, None) => (None, None, first),
        (Some(_), None) => return None,
    };
    let key = key.split('[').next()?;
    let mut inside = table.is_none();
    let mut arrays_seen = 0;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            let header = line.trim_start_matches('[').split(']').next()?.trim();
            let is_array = line.starts_with("[[");
            inside = match (table, index) {
                (Some(name), Some(i)) if is_array && header == name => {
                    arrays_seen += 1;
                    arrays_seen == i + 1
                }
                (Some(name), None) => !is_array && header == name,
                _ => false,
            };
        } else if inside && line.split_once('=').is_some_and(|(k, _)| k.trim() == key) {
            return Some((n + 1, line));
        }
    }
    None
}

/// serde says "unknown field `x`, expected one of `a`, `b`"; add the closest valid name.
fn explain_unknown(message: &str) -> String {
    let Some(start) = message.find("unknown field `") else {
        return message.to_string();
    };
    let rest = &message[start + "unknown field `".len()..];
    let Some(end) = rest.find('`') else {
        return message.to_string();
    };
    let unknown = &rest[..end];
    let candidates: Vec<&str> = rest[end..].split('`').skip(2).step_by(2).collect();
    match crate::catalog::closest(unknown, candidates.iter().copied()) {
        Some(best) => format!("{} (did you mean `{best}`?)", message.trim_end()),
        None => message.to_string(),
    }
}
