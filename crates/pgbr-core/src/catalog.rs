//! The option catalog: every pgBackRest option the designer writes or accepts, with its
//! section, type, allowed values, default and the first release that knows it.
//!
//! Written by us from pgBackRest's reference documentation and release notes
//! (`doc/xml/reference.xml`, `src/build/config/config.yaml` per release).

use crate::version::Version;
use serde::Serialize;

/// Where an option may be written, as the designer uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// A plain option for `[global]` (the design's `[global]` table).
    Global,
    /// `repoN-*`: the design's `[[repo]]` tables, written without `repoN-`.
    Repo,
    /// `pgN-*`: generated from the poolers.
    Pg,
    /// `tls-server-*`: generated from the design's `[tls]` table.
    TlsServer,
    /// Only valid on the command line or in the environment.
    CommandLine,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Type {
    Bool,
    Int {
        min: i64,
        max: i64,
    },
    /// One of the listed values (each with the release that introduced it).
    Enum,
    String,
    /// Must begin with `/` and must not contain `//`.
    Path,
    /// A size such as `1MiB` or `128KB`.
    Size,
    /// Seconds, possibly with a fraction (unit suffixes such as `5m` or `500ms` from 2.53).
    Time,
    /// Repeatable `key=value` entries.
    Hash,
    /// Repeatable values.
    List,
}

/// One option of the catalog.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct OptionDef {
    /// The option's name; indexed options without their index (`repo-path`, `pg-host`).
    pub name: &'static str,
    pub scope: Scope,
    #[serde(rename = "type")]
    pub ty: Type,
    /// Allowed values of an `Enum` (or a version-dependent `Bool`), with their first release.
    pub values: &'static [(&'static str, Version)],
    pub default: Option<&'static str>,
    pub since: Version,
    /// Never shown in logs, refused on the command line: the designer keeps it out of the
    /// main file unless the design says `secrets = "inline"`.
    pub secure: bool,
    /// Applies only when the repository is of this type (`s3` for `repo-s3-*`, ...).
    pub repo_type: Option<&'static str>,
    pub summary: &'static str,
}

impl OptionDef {
    /// The option's entry in pgBackRest's configuration reference, e.g.
    /// `https://pgbackrest.org/configuration.html#section-repository/option-repo-path`;
    /// `None` for the command-line-only options (the command reference describes those).
    pub fn doc_url(&self) -> Option<std::string::String> {
        if self.scope == CommandLine {
            return None;
        }
        Some(format!(
            "https://pgbackrest.org/configuration.html#section-{}/option-{}",
            doc_section(self.name),
            self.name
        ))
    }
}

/// The section of the configuration reference (`doc/xml/reference.xml`) that documents `name`:
/// mostly its prefix, with the reference's own exceptions.
fn doc_section(name: &str) -> &'static str {
    match name {
        "archive-check"
        | "archive-copy"
        | "archive-mode-check"
        | "backup-standby"
        | "checksum-page"
        | "exclude"
        | "expire-auto"
        | "manifest-save-threshold"
        | "resume"
        | "start-fast"
        | "stop-auto"
        | "annotation" => "backup",
        "archive-header-check" => "maintainer",
        "link-all" | "db-include" | "db-exclude" | "link-map" | "recovery-option"
        | "tablespace-map" | "tablespace-map-all" => "restore",
        n if n.starts_with("archive-") => "archive",
        n if n.starts_with("repo-") => "repository",
        n if n.starts_with("pg-") => "stanza",
        n if n.starts_with("log-") => "log",
        n if n.starts_with("tls-server-") => "server",
        _ => "general",
    }
}

const BASE: Version = Version::new(2, 37);

const fn opt(name: &'static str, scope: Scope, ty: Type, summary: &'static str) -> OptionDef {
    OptionDef {
        name,
        scope,
        ty,
        values: &[],
        default: None,
        since: BASE,
        secure: false,
        repo_type: None,
        summary,
    }
}

const fn def(mut o: OptionDef, default: &'static str) -> OptionDef {
    o.default = Some(default);
    o
}
const fn since(mut o: OptionDef, v: Version) -> OptionDef {
    o.since = v;
    o
}
const fn values(mut o: OptionDef, v: &'static [(&'static str, Version)]) -> OptionDef {
    o.values = v;
    o
}
const fn secure(mut o: OptionDef) -> OptionDef {
    o.secure = true;
    o
}
const fn for_repo(mut o: OptionDef, t: &'static str) -> OptionDef {
    o.repo_type = Some(t);
    o
}

use Scope::*;
use Type::*;

const fn int(min: i64, max: i64) -> Type {
    Int { min, max }
}

const LOG_LEVELS: &[(&str, Version)] = &[
    ("off", BASE),
    ("error", BASE),
    ("warn", BASE),
    ("info", BASE),
    ("detail", BASE),
    ("debug", BASE),
    ("trace", BASE),
];
const HOST_TYPES: &[(&str, Version)] = &[("ssh", BASE), ("tls", BASE)];
const PORT: Type = int(0, 65535);
const PORT1: Type = int(1, 65535);
const RETENTION: Type = int(1, 9_999_999);

/// Every option the designer knows, in the order the documentation groups them.
pub static OPTIONS: &[OptionDef] = &[
    // Archive
    def(opt("archive-async", Global, Bool, "Push and get WAL asynchronously through the spool path."), "n"),
    def(opt("archive-check", Global, Bool, "Check that the WAL needed to make a backup consistent is in the archive."), "y"),
    def(opt("archive-copy", Global, Bool, "Copy the WAL needed for consistency into the backup itself."), "n"),
    def(opt("archive-get-queue-max", Global, Size, "Maximum size of the asynchronous archive-get queue."), "128MiB"),
    def(opt("archive-header-check", Global, Bool, "Check the PostgreSQL version and system id in each WAL header."), "y"),
    def(opt("archive-mode-check", Global, Bool, "Check that archive_mode is not 'always' on a standby."), "y"),
    opt("archive-push-queue-max", Global, Size, "Maximum size of the archive-push queue before WAL is dropped."),
    def(opt("archive-timeout", Global, Time, "Seconds to wait for a WAL segment to reach the archive."), "60"),
    // Backup
    def(values(opt("backup-standby", Global, Enum, "Copy data files from a standby instead of the primary: the first standby in pg order."),
        &[("n", BASE), ("y", BASE), ("prefer", Version::new(2, 54))]), "n"),
    def(opt("checksum-page", Global, Bool, "Validate data page checksums during backup."), "y when checksums are on"),
    def(opt("delta", Global, Bool, "Use checksums rather than timestamps to find changed files on restore and backup."), "n"),
    opt("exclude", Global, List, "Paths (relative to the data directory) to leave out of backups."),
    def(opt("expire-auto", Global, Bool, "Expire old backups automatically after each backup."), "y"),
    def(opt("link-all", Global, Bool, "Restore all symlinks."), "n"),
    def(opt("manifest-save-threshold", Global, Size, "Save the manifest during backup every this many bytes."), "1GiB"),
    def(opt("resume", Global, Bool, "Resume a failed backup."), "y"),
    def(opt("start-fast", Global, Bool, "Ask for an immediate checkpoint so the backup starts at once."), "n"),
    def(opt("stop-auto", Global, Bool, "Stop a stale backup before starting a new one."), "n"),
    since(opt("annotation", Global, Hash, "key=value notes stored with each backup."), Version::new(2, 41)),
    // General
    def(opt("buffer-size", Global, Size, "Buffer size for file operations."), "1MiB"),
    def(opt("cmd", Global, String, "pgBackRest command used for remote and async processes."), "this executable"),
    def(values(opt("compress-type", Global, Enum, "Compression for backup files and WAL."),
        &[("none", BASE), ("bz2", BASE), ("gz", BASE), ("lz4", BASE), ("zst", BASE)]), "gz"),
    opt("compress-level", Global, int(-7, 22), "Compression level; the valid range depends on compress-type (0..9 for every type before 2.44)."),
    def(opt("compress-level-network", Global, int(0, 9), "Compression level for network transfer when compress-type does not compress."), "3 (1 from 2.55)"),
    def(opt("db-timeout", Global, Time, "Seconds to wait for a database query."), "1800"),
    def(opt("io-timeout", Global, Time, "Seconds to wait for network or file I/O."), "60"),
    def(opt("lock-path", Global, Path, "Where lock files are kept."), "/tmp/pgbackrest"),
    def(opt("neutral-umask", Global, Bool, "Use umask 0000 so files get their intended modes."), "y"),
    def(opt("process-max", Global, int(1, 999), "Parallel processes for backup, restore and async archiving."), "1"),
    def(opt("protocol-timeout", Global, Time, "Seconds to wait for a remote process (must exceed db-timeout)."), "1830"),
    def(opt("sck-keep-alive", Global, Bool, "Enable TCP keep-alive on sockets."), "y"),
    def(opt("spool-path", Global, Path, "Where asynchronous archiving queues WAL."), "/var/spool/pgbackrest"),
    opt("tcp-keep-alive-count", Global, int(1, 32), "Keep-alive probes before a socket is dropped."),
    opt("tcp-keep-alive-idle", Global, int(1, 3600), "Idle seconds before the first keep-alive probe."),
    opt("tcp-keep-alive-interval", Global, int(1, 900), "Seconds between keep-alive probes."),
    def(since(opt("beta", Global, Bool, "Allow features pgBackRest marks as beta (repo-block before 2.46)."), Version::new(2, 45)), "n"),
    def(since(opt("allow-root", Global, Bool, "Allow commands other than restore to run as root."), Version::new(2, 59)), "n"),
    // Logging
    def(values(opt("log-level-console", Global, Enum, "How much is logged to the console."), LOG_LEVELS), "warn"),
    def(values(opt("log-level-file", Global, Enum, "How much is logged to the log file."), LOG_LEVELS), "info"),
    def(values(opt("log-level-stderr", Global, Enum, "How much is logged to stderr."), LOG_LEVELS), "warn (off from 2.53)"),
    def(opt("log-path", Global, Path, "Where log files are written."), "/var/log/pgbackrest"),
    def(opt("log-subprocess", Global, Bool, "Log subprocesses too."), "n"),
    def(opt("log-timestamp", Global, Bool, "Timestamp log lines."), "y"),
    // Restore
    opt("db-include", Global, List, "Restore only these databases."),
    opt("db-exclude", Global, List, "Restore all but these databases."),
    opt("link-map", Global, Hash, "Where to restore symlinks: link=destination."),
    opt("recovery-option", Global, Hash, "Recovery settings written by restore: name=value."),
    opt("tablespace-map", Global, Hash, "Where to restore tablespaces: name=path."),
    opt("tablespace-map-all", Global, String, "Restore all tablespaces under this path."),
    // Repository
    def(values(opt("repo-type", Repo, Enum, "Repository storage type."),
        &[("azure", BASE), ("cifs", BASE), ("gcs", BASE), ("posix", BASE), ("s3", BASE), ("sftp", Version::new(2, 46))]), "posix"),
    def(opt("repo-path", Repo, Path, "Path of the repository (within the bucket or container for object stores)."), "/var/lib/pgbackrest"),
    opt("repo-host", Repo, String, "Repository host, when the repository is remote."),
    def(values(opt("repo-host-type", Repo, Enum, "Protocol to reach the repository host."), HOST_TYPES), "ssh"),
    def(opt("repo-host-user", Repo, String, "SSH user on the repository host."), "pgbackrest"),
    def(opt("repo-host-port", Repo, PORT, "Port of the repository host (TLS default 8432)."), "8432 for tls"),
    opt("repo-host-cert-file", Repo, String, "Client certificate presented to the repository host."),
    opt("repo-host-key-file", Repo, String, "Key of that client certificate."),
    opt("repo-host-ca-file", Repo, String, "CA that signed the repository host's certificate."),
    opt("repo-host-ca-path", Repo, String, "CA directory for the repository host's certificate."),
    opt("repo-host-cmd", Repo, String, "pgBackRest command on the repository host."),
    def(opt("repo-host-config", Repo, String, "Configuration file on the repository host."), "/etc/pgbackrest/pgbackrest.conf"),
    opt("repo-retention-full", Repo, RETENTION, "Full backups to keep (or days, with retention-full-type=time)."),
    def(values(opt("repo-retention-full-type", Repo, Enum, "Whether retention-full counts backups or days."),
        &[("count", BASE), ("time", BASE)]), "count"),
    opt("repo-retention-diff", Repo, RETENTION, "Differential backups to keep."),
    opt("repo-retention-archive", Repo, RETENTION, "Backups whose WAL is kept (required with archive-type incr)."),
    def(values(opt("repo-retention-archive-type", Repo, Enum, "Backup type counted by retention-archive."),
        &[("full", BASE), ("diff", BASE), ("incr", BASE)]), "full"),
    opt("repo-retention-history", Repo, int(0, 9_999_999), "Days of backup history manifests to keep."),
    def(since(opt("repo-bundle", Repo, Bool, "Bundle small files together in the repository."), Version::new(2, 39)), "n"),
    def(since(opt("repo-bundle-size", Repo, Size, "Target size of a file bundle."), Version::new(2, 39)), "20MiB"),
    def(since(opt("repo-bundle-limit", Repo, Size, "Files up to this size are bundled."), Version::new(2, 39)), "2MiB"),
    def(since(opt("repo-block", Repo, Bool, "Block-level incremental backup (needs repo-bundle; beta before 2.46)."), Version::new(2, 45)), "n"),
    def(opt("repo-hardlink", Repo, Bool, "Hard-link unchanged files between backups (ignored with repo-bundle from 2.39)."), "n"),
    for_repo(def(since(opt("repo-symlink", Repo, Bool, "Create latest/ and backup symlinks in the repository."), Version::new(2, 57)), "y"), "posix"),
    def(values(opt("repo-cipher-type", Repo, Enum, "Encryption of the repository."),
        &[("none", BASE), ("aes-256-cbc", BASE)]), "none"),
    secure(opt("repo-cipher-pass", Repo, String, "Passphrase of the repository encryption.")),
    // Storage shared by object stores
    opt("repo-storage-host", Repo, String, "Connect to this host instead of the endpoint."),
    def(opt("repo-storage-port", Repo, PORT1, "Port of the storage endpoint."), "443"),
    opt("repo-storage-ca-file", Repo, String, "CA file to verify the storage's certificate."),
    opt("repo-storage-ca-path", Repo, Path, "CA directory to verify the storage's certificate."),
    def(opt("repo-storage-verify-tls", Repo, Bool, "Verify the storage's TLS certificate."), "y"),
    since(opt("repo-storage-upload-chunk-size", Repo, Size, "Upload chunk size for object stores (from 2.58 at least 5MiB on S3, 4MiB on GCS/Azure, at most 1GiB)."), Version::new(2, 41)),
    since(opt("repo-storage-tag", Repo, Hash, "Tags for objects written to the repository: key=value."), Version::new(2, 48)),
    // S3
    for_repo(opt("repo-s3-bucket", Repo, String, "S3 bucket."), "s3"),
    for_repo(opt("repo-s3-endpoint", Repo, String, "S3 endpoint, e.g. s3.eu-west-1.amazonaws.com."), "s3"),
    for_repo(opt("repo-s3-region", Repo, String, "S3 region."), "s3"),
    for_repo(def(values(opt("repo-s3-key-type", Repo, Enum, "How S3 credentials are obtained."),
        &[("shared", BASE), ("auto", BASE), ("web-id", BASE), ("pod-id", Version::new(2, 58)), ("process", Version::new(2, 59))]), "shared"), "s3"),
    for_repo(secure(opt("repo-s3-key", Repo, String, "S3 access key (key-type shared).")), "s3"),
    for_repo(secure(opt("repo-s3-key-secret", Repo, String, "S3 secret key (key-type shared).")), "s3"),
    for_repo(secure(opt("repo-s3-token", Repo, String, "S3 session token.")), "s3"),
    for_repo(opt("repo-s3-role", Repo, String, "IAM role name for key-type auto."), "s3"),
    for_repo(since(opt("repo-s3-kms-key-id", Repo, String, "KMS key for server-side encryption."), Version::new(2, 38)), "s3"),
    for_repo(def(values(opt("repo-s3-uri-style", Repo, Enum, "Bucket in the host name or in the path."),
        &[("host", BASE), ("path", BASE)]), "host"), "s3"),
    // GCS
    for_repo(opt("repo-gcs-bucket", Repo, String, "GCS bucket."), "gcs"),
    for_repo(def(opt("repo-gcs-endpoint", Repo, String, "GCS endpoint."), "storage.googleapis.com"), "gcs"),
    for_repo(def(values(opt("repo-gcs-key-type", Repo, Enum, "How GCS credentials are obtained."),
        &[("service", BASE), ("token", BASE), ("auto", BASE)]), "service"), "gcs"),
    for_repo(secure(opt("repo-gcs-key", Repo, String, "GCS key file or token.")), "gcs"),
    // Azure
    for_repo(secure(opt("repo-azure-account", Repo, String, "Azure storage account.")), "azure"),
    for_repo(opt("repo-azure-container", Repo, String, "Azure container."), "azure"),
    for_repo(secure(opt("repo-azure-key", Repo, String, "Azure shared key or SAS token.")), "azure"),
    for_repo(def(values(opt("repo-azure-key-type", Repo, Enum, "Azure key type."),
        &[("shared", BASE), ("sas", BASE), ("auto", Version::new(2, 58))]), "shared"), "azure"),
    for_repo(def(secure(opt("repo-azure-endpoint", Repo, String, "Azure endpoint.")), "blob.core.windows.net"), "azure"),
    for_repo(def(values(opt("repo-azure-uri-style", Repo, Enum, "Account in the host name or in the path."),
        &[("host", BASE), ("path", BASE)]), "host"), "azure"),
    // SFTP
    for_repo(since(opt("repo-sftp-host", Repo, String, "SFTP host."), Version::new(2, 46)), "sftp"),
    for_repo(since(opt("repo-sftp-host-user", Repo, String, "SFTP user."), Version::new(2, 46)), "sftp"),
    for_repo(since(def(opt("repo-sftp-host-port", Repo, PORT1, "SFTP port."), "22"), Version::new(2, 46)), "sftp"),
    for_repo(since(opt("repo-sftp-private-key-file", Repo, String, "SFTP private key."), Version::new(2, 46)), "sftp"),
    for_repo(since(opt("repo-sftp-public-key-file", Repo, String, "SFTP public key."), Version::new(2, 46)), "sftp"),
    for_repo(since(secure(opt("repo-sftp-private-key-passphrase", Repo, String, "Passphrase of the SFTP private key.")), Version::new(2, 46)), "sftp"),
    for_repo(since(def(values(opt("repo-sftp-host-key-check-type", Repo, Enum, "How the SFTP host key is checked."),
        &[("strict", Version::new(2, 48)), ("accept-new", Version::new(2, 48)), ("fingerprint", Version::new(2, 48)), ("none", Version::new(2, 48))]), "strict"), Version::new(2, 48)), "sftp"),
    for_repo(since(opt("repo-sftp-host-fingerprint", Repo, String, "Expected SFTP host key fingerprint."), Version::new(2, 46)), "sftp"),
    for_repo(since(values(opt("repo-sftp-host-key-hash-type", Repo, Enum, "Hash of the SFTP host key fingerprint."),
        &[("md5", Version::new(2, 46)), ("sha1", Version::new(2, 46)), ("sha256", Version::new(2, 46))]), Version::new(2, 46)), "sftp"),
    for_repo(since(opt("repo-sftp-known-host", Repo, List, "known_hosts files to check the SFTP host against."), Version::new(2, 48)), "sftp"),
    // PostgreSQL (generated from the poolers)
    opt("pg-path", Pg, Path, "Data directory of this PostgreSQL cluster."),
    def(opt("pg-port", Pg, PORT, "PostgreSQL port, as seen on that host."), "5432"),
    opt("pg-socket-path", Pg, Path, "PostgreSQL unix socket directory, as seen on that host."),
    opt("pg-user", Pg, String, "PostgreSQL user for the connection (libpq's default when unset)."),
    def(opt("pg-database", Pg, String, "Database to connect to."), "postgres"),
    opt("pg-host", Pg, String, "Host of a remote PostgreSQL cluster; must match its certificate."),
    def(values(opt("pg-host-type", Pg, Enum, "Protocol to reach that host."), HOST_TYPES), "ssh"),
    def(opt("pg-host-port", Pg, PORT, "Port of that host's TLS server (or SSH)."), "8432 for tls"),
    def(opt("pg-host-user", Pg, String, "SSH user on that host."), "postgres"),
    opt("pg-host-cmd", Pg, String, "pgBackRest command on that host."),
    def(opt("pg-host-config", Pg, Path, "Configuration file on that host, read by the processes its server starts."), "/etc/pgbackrest/pgbackrest.conf"),
    opt("pg-host-cert-file", Pg, String, "Client certificate this host presents to that host."),
    opt("pg-host-key-file", Pg, String, "Key of that client certificate."),
    opt("pg-host-ca-file", Pg, String, "CA that signed that host's certificate."),
    opt("pg-host-ca-path", Pg, String, "CA directory for that host's certificate."),
    // TLS server (generated from [tls])
    def(opt("tls-server-address", TlsServer, String, "Address this host's TLS server listens on (* for all)."), "localhost"),
    def(opt("tls-server-port", TlsServer, PORT1, "Port this host's TLS server listens on."), "8432"),
    opt("tls-server-cert-file", TlsServer, Path, "This host's server certificate."),
    opt("tls-server-key-file", TlsServer, Path, "Key of that certificate."),
    opt("tls-server-ca-file", TlsServer, Path, "CA that client certificates must chain to."),
    opt("tls-server-auth", TlsServer, Hash, "Which client certificate CN may use which stanzas: CN=stanza."),
    // Command line / environment only
    opt("config", CommandLine, String, "Configuration file (command line or environment only)."),
    opt("config-path", CommandLine, Path, "Base configuration path (command line or environment only)."),
    opt("config-include-path", CommandLine, Path, "Include directory (command line or environment only)."),
    opt("stanza", CommandLine, String, "The stanza (the design's `stanza` key)."),
];

/// The option named `name` (indexed options without their index).
pub fn find(name: &str) -> Option<&'static OptionDef> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static OptionDef>> =
        std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| OPTIONS.iter().map(|o| (o.name, o)).collect())
        .get(name)
        .copied()
}

/// A value as text (an INI line's value, or what a user typed) in the shape a design holds it:
/// `y`/`n` of a boolean as a boolean, a whole number as a number, one entry per non-empty line
/// for list and hash options; anything else stays text, for validation to judge.
pub fn typed_value(name: &str, text: &str) -> crate::model::OptValue {
    use crate::model::OptValue;
    match (find(name).map(|o| o.ty), text) {
        (Some(Type::Bool), "y") => OptValue::Bool(true),
        (Some(Type::Bool), "n") => OptValue::Bool(false),
        (Some(Type::Int { .. }), t) => t
            .parse()
            .map(OptValue::Int)
            .unwrap_or_else(|_| OptValue::Text(t.to_string())),
        (Some(Type::Hash | Type::List), t) => OptValue::List(
            t.lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect(),
        ),
        (_, t) => OptValue::Text(t.to_string()),
    }
}

/// Options known to `version`.
pub fn for_version(version: Version) -> impl Iterator<Item = &'static OptionDef> {
    OPTIONS.iter().filter(move |o| o.since <= version)
}

/// The candidate closest to `word` by edit distance, when it is plausibly a typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.len() / 3).max(2);
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `PGBACKREST_REPO1_CIPHER_PASS` for `repo1-cipher-pass`.
pub fn env_name(option_line_key: &str) -> std::string::String {
    format!(
        "PGBACKREST_{}",
        option_line_key.to_ascii_uppercase().replace('-', "_")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_link_to_their_place_in_the_configuration_reference() {
        let url = |name: &str| find(name).unwrap().doc_url();
        let page = "https://pgbackrest.org/configuration.html#section-";
        for (name, section) in [
            ("repo-retention-full", "repository"),
            ("repo-s3-bucket", "repository"),
            ("pg-host", "stanza"),
            ("backup-standby", "backup"),
            ("archive-check", "backup"),
            ("archive-async", "archive"),
            ("archive-header-check", "maintainer"),
            ("db-include", "restore"),
            ("log-level-console", "log"),
            ("tls-server-auth", "server"),
            ("compress-type", "general"),
            ("delta", "general"),
        ] {
            assert_eq!(
                url(name).as_deref(),
                Some(format!("{page}{section}/option-{name}").as_str())
            );
        }
        assert_eq!(url("config"), None, "command-line options are not in it");
    }

    #[test]
    fn names_are_unique_and_sorted_values_known() {
        let mut names: Vec<_> = OPTIONS.iter().map(|o| o.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), OPTIONS.len());
        for o in OPTIONS {
            assert_eq!(o.ty == Type::Enum, !o.values.is_empty(), "{}", o.name);
            match o.scope {
                Scope::Repo => assert!(o.name.starts_with("repo-"), "{}", o.name),
                Scope::Pg => assert!(o.name.starts_with("pg-"), "{}", o.name),
                _ => {}
            }
        }
    }

    #[test]
    fn closest_finds_typos_only() {
        let names = OPTIONS.iter().map(|o| o.name);
        assert_eq!(
            closest("compres-type", names.clone()),
            Some("compress-type")
        );
        assert_eq!(closest("zzzzzzzzzzzzz", names), None);
    }

    #[test]
    fn text_takes_the_shape_of_its_option() {
        use crate::model::{spelling, OptValue, Topology};
        assert_eq!(typed_value("start-fast", "y"), OptValue::Bool(true));
        assert_eq!(typed_value("process-max", "4"), OptValue::Int(4));
        assert_eq!(
            typed_value("process-max", "four"),
            OptValue::Text("four".into())
        );
        assert_eq!(
            typed_value("exclude", "a\n\nb\n"),
            OptValue::List(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            typed_value("compress-type", "zst"),
            OptValue::Text("zst".into())
        );
        assert_eq!(spelling(&Topology::RepoHost), "repo-host");
    }

    #[test]
    fn version_gating() {
        assert!(for_version(Version::new(2, 45)).all(|o| o.name != "repo-sftp-host"));
        assert!(for_version(Version::new(2, 46)).any(|o| o.name == "repo-sftp-host"));
        assert_eq!(
            env_name("repo1-s3-key-secret"),
            "PGBACKREST_REPO1_S3_KEY_SECRET"
        );
    }
}
