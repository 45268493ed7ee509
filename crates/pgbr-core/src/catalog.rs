//! The option catalog: every option pgBackRest documents from 2.37 to 2.60, with where it may
//! be written, its type and allowed values per release, its default, whether it is secure and
//! its deprecated names.
//!
//! Written by us from pgBackRest's own option definitions (`src/build/config/config.yaml` of
//! each release) and reference; `tests/catalog_facts.rs` checks it, release by release, against
//! those facts (`tests/data/pgbackrest-options.json`), and `scripts/test.d` asks each real
//! pgBackRest binary the same.

use crate::version::Version;
use serde::Serialize;

/// Where an option may be written, as the designer uses it.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "OptionScope"))]
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

#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "OptionType"))]
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
    /// A size such as `1MiB` or `128KB`, from `min` to `max` bytes.
    Size {
        min: u64,
        max: u64,
    },
    /// A duration from `min` to `max` milliseconds: seconds (a fraction allowed) before 2.53,
    /// from 2.53 a whole number with an optional unit (`500ms`, `60`, `5m`, `2h`, `1d`).
    Time {
        min: u64,
        max: u64,
    },
    /// Repeatable `key=value` entries.
    Hash,
    /// Repeatable values.
    List,
}

/// Where pgBackRest lets an option be written (its `section` in config.yaml).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// `[global]`, `[global:command]`, `[stanza]` or `[stanza:command]`.
    Global,
    /// Only a stanza's sections (`[stanza]`, `[stanza:command]`).
    Stanza,
    /// Only the command line or the environment.
    CommandLine,
}

impl Section {
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Global => "global",
            Section::Stanza => "stanza",
            Section::CommandLine => "command-line",
        }
    }
}

/// One option of the catalog.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct OptionDef {
    /// The option's name; indexed options without their index (`repo-path`, `pg-host`).
    pub name: &'static str,
    pub scope: Scope,
    /// Its type in the release it appeared in; `changes` says how later releases differ.
    #[serde(rename = "type")]
    pub ty: Type,
    /// `(release, type)`: from that release on, the option has that type (a range changed).
    #[cfg_attr(feature = "ts", ts(as = "Vec<(String, Type)>"))]
    pub changes: &'static [(Version, Type)],
    /// Allowed values of an `Enum`, with their first release.
    #[cfg_attr(feature = "ts", ts(as = "Vec<(String, String)>"))]
    pub values: &'static [(&'static str, Version)],
    pub default: Option<&'static str>,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub since: Version,
    /// From this release pgBackRest no longer documents the option; it still reads it.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub internal_from: Option<Version>,
    /// pgBackRest reads it only in a stanza's sections, never in `[global]`.
    pub stanza_only: bool,
    /// Never shown in logs, refused on the command line: the designer keeps it out of the
    /// main file unless the design says `secrets = "inline"`.
    pub secure: bool,
    /// Applies only when the repository is of this type (`s3` for `repo-s3-*`, ...).
    #[cfg_attr(feature = "ts", ts(as = "Option<crate::model::RepoType>"))]
    pub repo_type: Option<&'static str>,
    /// Older names pgBackRest still reads for it; `?` marks where the index goes
    /// (`repo?-s3-verify-tls`), a name without `?` is the unindexed form of index 1.
    pub deprecated: &'static [&'static str],
    pub summary: &'static str,
}

impl OptionDef {
    /// The option's entry in pgBackRest's configuration reference, e.g.
    /// `https://pgbackrest.org/configuration.html#section-repository/option-repo-path`;
    /// `None` for the command-line-only options (the command reference describes those).
    pub fn doc_url(&self) -> Option<String> {
        if self.scope == Scope::CommandLine {
            return None;
        }
        Some(format!(
            "https://pgbackrest.org/configuration.html#section-{}/option-{}",
            doc_section(self.name),
            self.name
        ))
    }

    /// Its type as `version` defines it.
    pub fn ty_at(&self, version: Version) -> Type {
        self.changes
            .iter()
            .rev()
            .find(|(from, _)| *from <= version)
            .map_or(self.ty, |(_, t)| *t)
    }

    /// Whether `version` knows the option at all.
    pub fn known_at(&self, version: Version) -> bool {
        self.since <= version
    }

    /// Whether `version` documents it (lists it in `pgbackrest help`).
    pub fn public_at(&self, version: Version) -> bool {
        self.known_at(version) && self.internal_from.is_none_or(|v| v > version)
    }

    /// Where pgBackRest lets it be written.
    pub fn section(&self) -> Section {
        match (self.scope, self.stanza_only) {
            (Scope::CommandLine, _) => Section::CommandLine,
            (_, true) => Section::Stanza,
            _ => Section::Global,
        }
    }

    /// The values `version` allows, in catalog order.
    pub fn values_at(&self, version: Version) -> impl Iterator<Item = &'static str> {
        self.values
            .iter()
            .filter(move |(_, since)| *since <= version)
            .map(|(v, _)| *v)
    }

    const fn since(mut self, v: Version) -> Self {
        self.since = v;
        self
    }
    const fn def(mut self, default: &'static str) -> Self {
        self.default = Some(default);
        self
    }
    const fn values(mut self, v: &'static [(&'static str, Version)]) -> Self {
        self.values = v;
        self
    }
    const fn changes(mut self, c: &'static [(Version, Type)]) -> Self {
        self.changes = c;
        self
    }
    const fn secure(mut self) -> Self {
        self.secure = true;
        self
    }
    const fn stanza_only(mut self) -> Self {
        self.stanza_only = true;
        self
    }
    const fn for_repo(mut self, t: &'static str) -> Self {
        self.repo_type = Some(t);
        self
    }
    const fn internal_from(mut self, v: Version) -> Self {
        self.internal_from = Some(v);
        self
    }
    const fn deprecated(mut self, names: &'static [&'static str]) -> Self {
        self.deprecated = names;
        self
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

const fn opt(name: &'static str, scope: Scope, ty: Type, summary: &'static str) -> OptionDef {
    OptionDef {
        name,
        scope,
        ty,
        changes: &[],
        values: &[],
        default: None,
        since: r(37),
        internal_from: None,
        stanza_only: false,
        secure: false,
        repo_type: None,
        deprecated: &[],
        summary,
    }
}

/// Release 2.`minor`.
const fn r(minor: u16) -> Version {
    Version::new(2, minor)
}
const fn int(min: i64, max: i64) -> Type {
    Type::Int { min, max }
}
const fn size(min: u64, max: u64) -> Type {
    Type::Size { min, max }
}
const fn time(min: u64, max: u64) -> Type {
    Type::Time { min, max }
}

pub use table::OPTIONS;

/// The table, with the variants of `Scope` and `Type` in scope by their short names (kept to
/// this module: elsewhere `String` is the standard one).
mod table {
    use super::Scope::*;
    use super::Type::*;
    use super::{int, opt, r, size, time, OptionDef};

    /// Every option pgBackRest documents (and the few internal ones the designer accepts), by
    /// scope, then name.
    #[rustfmt::skip]
    pub static OPTIONS: &[OptionDef] = &[
        // Global
        opt("allow-root", Global, Bool, "Allow commands other than restore to run as root.").since(r(59)).def("n"),
        opt("annotation", Global, Hash, "key=value notes stored with each backup.").since(r(41)),
        opt("archive-async", Global, Bool, "Push and get WAL asynchronously through the spool path.").def("n"),
        opt("archive-check", Global, Bool, "Check that the WAL needed to make a backup consistent is in the archive.").def("y"),
        opt("archive-copy", Global, Bool, "Copy the WAL needed for consistency into the backup itself.").def("n"),
        opt("archive-get-queue-max", Global, size(0, 4503599627370496), "Maximum size of the asynchronous archive-get queue.").def("128MiB"),
        opt("archive-header-check", Global, Bool, "Check the PostgreSQL version and system id in each WAL header.").def("y"),
        opt("archive-missing-retry", Global, Bool, "Retry a WAL segment that was missing from the archive on an earlier archive-get.").since(r(38)).def("y"),
        opt("archive-mode", Global, Enum, "What restore does with archive_mode: keep it (preserve) or turn it off (off).").def("preserve").values(&[("off", r(37)), ("preserve", r(37))]),
        opt("archive-mode-check", Global, Bool, "Check that archive_mode is not 'always' on a standby.").def("y"),
        opt("archive-push-batch-size", Global, size(1048576, 4503599627370496), "Maximum size of the WAL batch an asynchronous archive-push sends at once.").since(r(59)),
        opt("archive-push-queue-max", Global, size(0, 4503599627370496), "Maximum size of the archive-push queue before WAL is dropped.").deprecated(&["archive-queue-max"]),
        opt("archive-timeout", Global, time(100, 86400000), "Seconds to wait for a WAL segment to reach the archive.").def("60"),
        opt("backup-standby", Global, Enum, "Copy data files from a standby instead of the primary: the first standby in pg order.").def("n").values(&[("n", r(37)), ("y", r(37)), ("prefer", r(54))]),
        opt("beta", Global, Bool, "Allow features pgBackRest marks as beta (repo-block before 2.46).").since(r(45)).def("n").internal_from(r(45)),
        opt("buffer-size", Global, size(16384, 16777216), "Buffer size for file operations.").def("1MiB"),
        opt("checksum-page", Global, Bool, "Validate data page checksums during backup.").def("y when checksums are on"),
        opt("checksum-page-error", Global, Bool, "End the backup with an error on an invalid page checksum (with checksum-page).").since(r(60)).def("n"),
        opt("cmd", Global, String, "pgBackRest command used for remote and async processes.").def("this executable"),
        opt("cmd-ssh", Global, String, "SSH client command used to reach remote hosts.").def("ssh"),
        opt("compress", Global, Bool, "Old switch for gz compression, kept for old files: use compress-type instead."),
        opt("compress-level", Global, int(0, 9), "Compression level; the valid range depends on compress-type (0..9 for every type before 2.44).").changes(&[(r(44), int(-7, 22))]),
        opt("compress-level-network", Global, int(0, 9), "Compression level for network transfer when compress-type does not compress.").def("3 (1 from 2.55)").changes(&[(r(55), int(-5, 12))]),
        opt("compress-type", Global, Enum, "Compression for backup files and WAL.").def("gz").values(&[("none", r(37)), ("bz2", r(37)), ("gz", r(37)), ("lz4", r(37)), ("zst", r(37))]),
        opt("db-exclude", Global, List, "Restore all but these databases."),
        opt("db-include", Global, List, "Restore only these databases."),
        opt("db-timeout", Global, time(100, 604800000), "Seconds to wait for a database query.").def("1800"),
        opt("delta", Global, Bool, "Use checksums rather than timestamps to find changed files on restore and backup.").def("n"),
        opt("exclude", Global, List, "Paths (relative to the data directory) to leave out of backups."),
        opt("expire-auto", Global, Bool, "Expire old backups automatically after each backup.").def("y"),
        opt("io-timeout", Global, time(100, 3600000), "Seconds to wait for network or file I/O.").def("60"),
        opt("link-all", Global, Bool, "Restore all symlinks.").def("n"),
        opt("link-map", Global, Hash, "Where to restore symlinks: link=destination."),
        opt("lock-path", Global, Path, "Where lock files are kept.").def("/tmp/pgbackrest"),
        opt("log-level-console", Global, Enum, "How much is logged to the console.").def("warn").values(&[("off", r(37)), ("error", r(37)), ("warn", r(37)), ("info", r(37)), ("detail", r(37)), ("debug", r(37)), ("trace", r(37))]),
        opt("log-level-file", Global, Enum, "How much is logged to the log file.").def("info").values(&[("off", r(37)), ("error", r(37)), ("warn", r(37)), ("info", r(37)), ("detail", r(37)), ("debug", r(37)), ("trace", r(37))]),
        opt("log-level-stderr", Global, Enum, "How much is logged to stderr.").def("warn (off from 2.53)").values(&[("off", r(37)), ("error", r(37)), ("warn", r(37)), ("info", r(37)), ("detail", r(37)), ("debug", r(37)), ("trace", r(37))]),
        opt("log-path", Global, Path, "Where log files are written.").def("/var/log/pgbackrest"),
        opt("log-subprocess", Global, Bool, "Log subprocesses too.").def("n"),
        opt("log-timestamp", Global, Bool, "Timestamp log lines.").def("y"),
        opt("manifest-save-threshold", Global, size(1, 1099511627776), "Save the manifest during backup every this many bytes.").def("1GiB"),
        opt("neutral-umask", Global, Bool, "Use umask 0000 so files get their intended modes.").def("y"),
        opt("page-header-check", Global, Bool, "Check page headers during backup (when checksum-page is on).").since(r(46)).def("y"),
        opt("priority", Global, int(-20, 19), "Scheduling priority (nice value) of pgBackRest processes.").since(r(58)),
        opt("process-max", Global, int(1, 999), "Parallel processes for backup, restore and async archiving.").def("1"),
        opt("protocol-timeout", Global, time(100, 604800000), "Seconds to wait for a remote process (must exceed db-timeout).").def("1830"),
        opt("recovery-option", Global, Hash, "Recovery settings written by restore: name=value."),
        opt("resume", Global, Bool, "Resume a failed backup.").def("y"),
        opt("sck-keep-alive", Global, Bool, "Enable TCP keep-alive on sockets.").def("y"),
        opt("spool-path", Global, Path, "Where asynchronous archiving queues WAL.").def("/var/spool/pgbackrest"),
        opt("start-fast", Global, Bool, "Ask for an immediate checkpoint so the backup starts at once.").def("n"),
        opt("stop-auto", Global, Bool, "Stop a stale backup before starting a new one.").def("n").internal_from(r(58)),
        opt("tablespace-map", Global, Hash, "Where to restore tablespaces: name=path."),
        opt("tablespace-map-all", Global, String, "Restore all tablespaces under this path."),
        opt("tcp-keep-alive-count", Global, int(1, 32), "Keep-alive probes before a socket is dropped."),
        opt("tcp-keep-alive-idle", Global, int(1, 3600), "Idle seconds before the first keep-alive probe."),
        opt("tcp-keep-alive-interval", Global, int(1, 900), "Seconds between keep-alive probes."),
        opt("tls-cipher-12", Global, String, "Cipher list for TLS 1.2 (the whole process: every host must agree).").since(r(58)),
        opt("tls-cipher-13", Global, String, "Cipher suites for TLS 1.3 (the whole process: every host must agree).").since(r(58)),
        // Repo
        opt("repo-azure-account", Repo, String, "Azure storage account.").secure().for_repo("azure"),
        opt("repo-azure-container", Repo, String, "Azure container.").for_repo("azure"),
        opt("repo-azure-endpoint", Repo, String, "Azure endpoint.").def("blob.core.windows.net").secure().for_repo("azure"),
        opt("repo-azure-key", Repo, String, "Azure shared key or SAS token.").secure().for_repo("azure"),
        opt("repo-azure-key-type", Repo, Enum, "Azure key type.").def("shared").for_repo("azure").values(&[("shared", r(37)), ("sas", r(37)), ("auto", r(58))]),
        opt("repo-azure-uri-style", Repo, Enum, "Account in the host name or in the path.").def("host").for_repo("azure").values(&[("host", r(37)), ("path", r(37))]),
        opt("repo-block", Repo, Bool, "Block-level incremental backup (needs repo-bundle; beta before 2.46).").since(r(45)).def("n"),
        opt("repo-block-age-map", Repo, Hash, "Block size by file age for block incremental: age=size (beta in 2.45).").since(r(45)).internal_from(r(46)),
        opt("repo-block-checksum-size-map", Repo, Hash, "Checksum size by block size for block incremental (beta in 2.45).").since(r(45)).internal_from(r(46)),
        opt("repo-block-size-map", Repo, Hash, "Block size by file size for block incremental: size=block (beta in 2.45).").since(r(45)).internal_from(r(46)),
        opt("repo-block-size-super", Repo, size(32768, 16777216), "Super block size for block incremental (beta in 2.45).").since(r(45)).internal_from(r(46)),
        opt("repo-block-size-super-full", Repo, size(32768, 16777216), "Super block size of full backups for block incremental (beta in 2.45).").since(r(45)).internal_from(r(46)),
        opt("repo-bundle", Repo, Bool, "Bundle small files together in the repository.").since(r(39)).def("n"),
        opt("repo-bundle-limit", Repo, size(8192, 1125899906842624), "Files up to this size are bundled.").since(r(39)).def("2MiB"),
        opt("repo-bundle-size", Repo, size(1048576, 1125899906842624), "Target size of a file bundle.").since(r(39)).def("20MiB"),
        opt("repo-cipher-pass", Repo, String, "Passphrase of the repository encryption.").secure().deprecated(&["repo-cipher-pass"]),
        opt("repo-cipher-type", Repo, Enum, "Encryption of the repository.").def("none").values(&[("none", r(37)), ("aes-256-cbc", r(37))]).deprecated(&["repo-cipher-type"]),
        opt("repo-gcs-bucket", Repo, String, "GCS bucket.").for_repo("gcs"),
        opt("repo-gcs-endpoint", Repo, String, "GCS endpoint.").def("storage.googleapis.com").for_repo("gcs"),
        opt("repo-gcs-key", Repo, String, "GCS key file or token.").secure().for_repo("gcs"),
        opt("repo-gcs-key-type", Repo, Enum, "How GCS credentials are obtained.").def("service").for_repo("gcs").values(&[("service", r(37)), ("token", r(37)), ("auto", r(37))]),
        opt("repo-gcs-user-project", Repo, String, "GCS project billed for requester-pays buckets.").since(r(55)).for_repo("gcs"),
        opt("repo-hardlink", Repo, Bool, "Hard-link unchanged files between backups (ignored with repo-bundle from 2.39).").def("n").deprecated(&["hardlink"]),
        opt("repo-host", Repo, String, "Repository host, when the repository is remote.").deprecated(&["backup-host"]),
        opt("repo-host-ca-file", Repo, String, "CA that signed the repository host's certificate."),
        opt("repo-host-ca-path", Repo, String, "CA directory for the repository host's certificate."),
        opt("repo-host-cert-file", Repo, String, "Client certificate presented to the repository host."),
        opt("repo-host-cmd", Repo, String, "pgBackRest command on the repository host.").deprecated(&["backup-cmd"]),
        opt("repo-host-config", Repo, String, "Configuration file on the repository host.").def("/etc/pgbackrest/pgbackrest.conf").deprecated(&["backup-config"]),
        opt("repo-host-config-include-path", Repo, Path, "Include directory of pgBackRest on the repository host.").def("/etc/pgbackrest/conf.d"),
        opt("repo-host-config-path", Repo, Path, "Base configuration directory of pgBackRest on the repository host.").def("/etc/pgbackrest"),
        opt("repo-host-key-file", Repo, String, "Key of that client certificate."),
        opt("repo-host-port", Repo, int(0, 65535), "Port of the repository host (TLS default 8432).").def("8432 for tls").deprecated(&["backup-ssh-port"]),
        opt("repo-host-type", Repo, Enum, "Protocol to reach the repository host.").def("ssh").values(&[("ssh", r(37)), ("tls", r(37))]),
        opt("repo-host-user", Repo, String, "SSH user on the repository host.").def("pgbackrest").deprecated(&["backup-user"]),
        opt("repo-path", Repo, Path, "Path of the repository (within the bucket or container for object stores).").def("/var/lib/pgbackrest").deprecated(&["repo-path"]),
        opt("repo-retention-archive", Repo, int(1, 9999999), "Backups whose WAL is kept (required with archive-type incr).").deprecated(&["retention-archive"]),
        opt("repo-retention-archive-type", Repo, Enum, "Backup type counted by retention-archive.").def("full").values(&[("full", r(37)), ("diff", r(37)), ("incr", r(37))]).deprecated(&["retention-archive-type"]),
        opt("repo-retention-diff", Repo, int(1, 9999999), "Differential backups to keep.").deprecated(&["retention-diff"]),
        opt("repo-retention-full", Repo, int(1, 9999999), "Full backups to keep (or days, with retention-full-type=time).").deprecated(&["retention-full"]),
        opt("repo-retention-full-type", Repo, Enum, "Whether retention-full counts backups or days.").def("count").values(&[("count", r(37)), ("time", r(37))]),
        opt("repo-retention-history", Repo, int(0, 9999999), "Days of backup history manifests to keep."),
        opt("repo-s3-bucket", Repo, String, "S3 bucket.").for_repo("s3").deprecated(&["repo-s3-bucket"]),
        opt("repo-s3-endpoint", Repo, String, "S3 endpoint, e.g. s3.eu-west-1.amazonaws.com.").for_repo("s3").deprecated(&["repo-s3-endpoint"]),
        opt("repo-s3-key", Repo, String, "S3 access key (key-type shared).").secure().for_repo("s3").deprecated(&["repo-s3-key"]),
        opt("repo-s3-key-secret", Repo, String, "S3 secret key (key-type shared).").secure().for_repo("s3").deprecated(&["repo-s3-key-secret"]),
        opt("repo-s3-key-type", Repo, Enum, "How S3 credentials are obtained.").def("shared").for_repo("s3").values(&[("shared", r(37)), ("auto", r(37)), ("web-id", r(37)), ("pod-id", r(58)), ("process", r(59))]),
        opt("repo-s3-kms-key-id", Repo, String, "KMS key for server-side encryption.").since(r(38)).for_repo("s3"),
        opt("repo-s3-process-cmd", Repo, List, "Command (with its arguments) that prints S3 credentials, for key-type process.").since(r(59)).for_repo("s3"),
        opt("repo-s3-region", Repo, String, "S3 region.").for_repo("s3").deprecated(&["repo-s3-region"]),
        opt("repo-s3-requester-pays", Repo, Bool, "Send the requester-pays header to S3.").since(r(55)).def("n").for_repo("s3"),
        opt("repo-s3-role", Repo, String, "IAM role name for key-type auto.").for_repo("s3"),
        opt("repo-s3-service", Repo, String, "S3 service name used in request signing.").since(r(59)).def("s3").for_repo("s3"),
        opt("repo-s3-sse-customer-key", Repo, String, "Customer key for S3 server-side encryption (SSE-C).").since(r(52)).secure().for_repo("s3"),
        opt("repo-s3-sts-host", Repo, String, "STS host for web-id and pod-id credentials.").since(r(59)).for_repo("s3"),
        opt("repo-s3-token", Repo, String, "S3 session token.").secure().for_repo("s3"),
        opt("repo-s3-uri-style", Repo, Enum, "Bucket in the host name or in the path.").def("host").for_repo("s3").values(&[("host", r(37)), ("path", r(37))]),
        opt("repo-sftp-host", Repo, String, "SFTP host.").since(r(46)).for_repo("sftp"),
        opt("repo-sftp-host-fingerprint", Repo, String, "Expected SFTP host key fingerprint.").since(r(46)).for_repo("sftp"),
        opt("repo-sftp-host-key-check-type", Repo, Enum, "How the SFTP host key is checked.").since(r(48)).def("strict").for_repo("sftp").values(&[("strict", r(48)), ("accept-new", r(48)), ("fingerprint", r(48)), ("none", r(48))]),
        opt("repo-sftp-host-key-hash-type", Repo, Enum, "Hash of the SFTP host key fingerprint.").since(r(46)).for_repo("sftp").values(&[("md5", r(46)), ("sha1", r(46)), ("sha256", r(46))]),
        opt("repo-sftp-host-port", Repo, int(1, 65535), "SFTP port.").since(r(46)).def("22").for_repo("sftp"),
        opt("repo-sftp-host-user", Repo, String, "SFTP user.").since(r(46)).for_repo("sftp"),
        opt("repo-sftp-known-host", Repo, List, "known_hosts files to check the SFTP host against.").since(r(48)).for_repo("sftp"),
        opt("repo-sftp-private-key-file", Repo, String, "SFTP private key.").since(r(46)).for_repo("sftp"),
        opt("repo-sftp-private-key-passphrase", Repo, String, "Passphrase of the SFTP private key.").since(r(46)).secure().for_repo("sftp"),
        opt("repo-sftp-public-key-file", Repo, String, "SFTP public key.").since(r(46)).for_repo("sftp"),
        opt("repo-storage-ca-file", Repo, String, "CA file to verify the storage's certificate.").deprecated(&["repo-s3-ca-file", "repo?-azure-ca-file", "repo?-s3-ca-file"]),
        opt("repo-storage-ca-path", Repo, Path, "CA directory to verify the storage's certificate.").deprecated(&["repo-s3-ca-path", "repo?-azure-ca-path", "repo?-s3-ca-path"]),
        opt("repo-storage-host", Repo, String, "Connect to this host instead of the endpoint.").deprecated(&["repo-s3-host", "repo?-azure-host", "repo?-s3-host"]),
        opt("repo-storage-port", Repo, int(1, 65535), "Port of the storage endpoint.").def("443").deprecated(&["repo?-azure-port", "repo?-s3-port"]),
        opt("repo-storage-prefetch", Repo, int(0, 1024), "Requests to prefetch when reading from an object store.").since(r(60)),
        opt("repo-storage-read-over", Repo, size(0, 1048576), "Skip unneeded bundle data by reading over it, up to this size, instead of a new request.").since(r(60)),
        opt("repo-storage-tag", Repo, Hash, "Tags for objects written to the repository: key=value.").since(r(48)),
        opt("repo-storage-upload-chunk-size", Repo, size(65536, 1099511627776), "Upload chunk size for object stores (from 2.58 at least 5MiB on S3, 4MiB on GCS/Azure, at most 1GiB).").since(r(41)).changes(&[(r(58), size(4194304, 1073741824))]),
        opt("repo-storage-verify-tls", Repo, Bool, "Verify the storage's TLS certificate.").def("y").deprecated(&["repo-s3-verify-ssl", "repo?-azure-verify-tls", "repo?-s3-verify-ssl", "repo?-s3-verify-tls"]),
        opt("repo-symlink", Repo, Bool, "Create latest/ and backup symlinks in the repository.").since(r(57)).def("y").for_repo("posix"),
        opt("repo-target-time", Repo, String, "Read the repository as it was at this time (versioned object stores).").since(r(54)),
        opt("repo-type", Repo, Enum, "Repository storage type.").def("posix").values(&[("azure", r(37)), ("cifs", r(37)), ("gcs", r(37)), ("posix", r(37)), ("s3", r(37)), ("sftp", r(46))]).deprecated(&["repo-type"]),
        // Pg
        opt("pg-database", Pg, String, "Database to connect to.").def("postgres").stanza_only(),
        opt("pg-host", Pg, String, "Host of a remote PostgreSQL cluster; must match its certificate.").stanza_only().deprecated(&["db-host", "db?-host"]),
        opt("pg-host-ca-file", Pg, String, "CA that signed that host's certificate."),
        opt("pg-host-ca-path", Pg, String, "CA directory for that host's certificate."),
        opt("pg-host-cert-file", Pg, String, "Client certificate this host presents to that host."),
        opt("pg-host-cmd", Pg, String, "pgBackRest command on that host.").stanza_only().deprecated(&["db-cmd", "db?-cmd"]),
        opt("pg-host-config", Pg, String, "Configuration file on that host, read by the processes its server starts.").def("/etc/pgbackrest/pgbackrest.conf").stanza_only().changes(&[(r(58), Path)]).deprecated(&["db-config", "db?-config"]),
        opt("pg-host-config-include-path", Pg, Path, "Include directory of pgBackRest on that host.").def("/etc/pgbackrest/conf.d").stanza_only(),
        opt("pg-host-config-path", Pg, Path, "Base configuration directory of pgBackRest on that host.").def("/etc/pgbackrest").stanza_only(),
        opt("pg-host-key-file", Pg, String, "Key of that client certificate."),
        opt("pg-host-port", Pg, int(0, 65535), "Port of that host's TLS server (or SSH).").def("8432 for tls").stanza_only().deprecated(&["db-ssh-port", "db?-ssh-port"]),
        opt("pg-host-type", Pg, Enum, "Protocol to reach that host.").def("ssh").values(&[("ssh", r(37)), ("tls", r(37))]),
        opt("pg-host-user", Pg, String, "SSH user on that host.").def("postgres").stanza_only().deprecated(&["db-user", "db?-user"]),
        opt("pg-path", Pg, Path, "Data directory of this PostgreSQL cluster.").stanza_only().deprecated(&["db-path", "db?-path"]),
        opt("pg-port", Pg, int(0, 65535), "PostgreSQL port, as seen on that host.").def("5432").stanza_only().deprecated(&["db-port", "db?-port"]),
        opt("pg-socket-path", Pg, Path, "PostgreSQL unix socket directory, as seen on that host.").stanza_only().changes(&[(r(55), String)]).deprecated(&["db-socket-path", "db?-socket-path"]),
        opt("pg-user", Pg, String, "PostgreSQL user for the connection (libpq's default when unset).").stanza_only(),
        opt("pg-version-force", Pg, String, "Force the PostgreSQL version (for forks that report another version).").since(r(49)).stanza_only(),
        // TlsServer
        opt("tls-server-address", TlsServer, String, "Address this host's TLS server listens on (* for all).").def("localhost"),
        opt("tls-server-auth", TlsServer, Hash, "Which client certificate CN may use which stanzas: CN=stanza."),
        opt("tls-server-ca-file", TlsServer, Path, "CA that client certificates must chain to."),
        opt("tls-server-cert-file", TlsServer, Path, "This host's server certificate."),
        opt("tls-server-key-file", TlsServer, Path, "Key of that certificate."),
        opt("tls-server-port", TlsServer, int(1, 65535), "Port this host's TLS server listens on.").def("8432"),
        // CommandLine
        opt("archive-expire-before", CommandLine, String, "Expire WAL older than this (expire command).").since(r(59)),
        opt("config", CommandLine, String, "Configuration file (command line or environment only)."),
        opt("config-include-path", CommandLine, Path, "Include directory (command line or environment only)."),
        opt("config-path", CommandLine, Path, "Base configuration path (command line or environment only)."),
        opt("detail-level", CommandLine, Enum, "How much the verify command reports.").since(r(56)).values(&[("full", r(56)), ("progress", r(56))]),
        opt("dry-run", CommandLine, Bool, "Show what a command would do without doing it."),
        opt("filter", CommandLine, String, "Filter the output of the manifest command."),
        opt("force", CommandLine, Bool, "Force the command (e.g. stanza-delete, restore onto a running cluster)."),
        opt("help", CommandLine, Bool, "Show help for the command.").since(r(54)),
        opt("ignore-missing", CommandLine, Bool, "Do not fail when the WAL segment is missing (archive-get)."),
        opt("oldest", CommandLine, Bool, "Expire only the oldest backup.").since(r(58)),
        opt("online", CommandLine, Bool, "Whether the cluster is running during backup or stanza-create."),
        opt("output", CommandLine, Enum, "Output format of info and repo-ls: text or json.").values(&[("json", r(37)), ("text", r(37))]),
        opt("raw", CommandLine, Bool, "Raw output of repo-get."),
        opt("recurse", CommandLine, Bool, "List subdirectories too (repo-ls)."),
        opt("reference", CommandLine, String, "Backup reference for the manifest command.").since(r(46)),
        opt("repo", CommandLine, int(1, 256), "Which repository a command uses."),
        opt("set", CommandLine, String, "Which backup set to restore, expire or show."),
        opt("sort", CommandLine, Enum, "Sort order of repo-ls.").values(&[("asc", r(37)), ("desc", r(37)), ("none", r(37))]),
        opt("stanza", CommandLine, String, "The stanza (the design's `stanza` key)."),
        opt("target", CommandLine, String, "Recovery target of restore."),
        opt("target-action", CommandLine, Enum, "What PostgreSQL does when the recovery target is reached.").values(&[("pause", r(37)), ("promote", r(37)), ("shutdown", r(37))]),
        opt("target-exclusive", CommandLine, Bool, "Stop just before the recovery target."),
        opt("target-timeline", CommandLine, String, "Timeline to recover along."),
        opt("type", CommandLine, String, "Backup type or recovery type, depending on the command."),
        opt("verbose", CommandLine, Bool, "More detail in the output.").since(r(39)),
        opt("version", CommandLine, Bool, "Show the version.").since(r(54)),
    ];
}

/// The option named `name` (indexed options without their index).
pub fn find(name: &str) -> Option<&'static OptionDef> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static OptionDef>> =
        std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| OPTIONS.iter().map(|o| (o.name, o)).collect())
        .get(name)
        .copied()
}

/// An indexed option key split at its index: `repo12-s3-key` → `("repo", Some(12),
/// "s3-key")`. The group is `repo` or `pg`; the digits (any number) are read as a number,
/// leading zeros and all (`pg01-path` is index 1), `None` when too many for a `u32`. `None`
/// for every other key, the unindexed `repo-path` included.
pub fn split_indexed(key: &str) -> Option<(&'static str, Option<u32>, &str)> {
    ["repo", "pg"].into_iter().find_map(|group| {
        let rest = key.strip_prefix(group)?;
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after = rest[digits..].strip_prefix('-').filter(|_| digits > 0)?;
        Some((group, rest[..digits].parse().ok(), after))
    })
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
    OPTIONS.iter().filter(move |o| o.known_at(version))
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
    fn indexed_keys_split_at_their_index() {
        assert_eq!(
            split_indexed("repo12-s3-key"),
            Some(("repo", Some(12), "s3-key"))
        );
        assert_eq!(
            split_indexed("repo1-host-user"),
            Some(("repo", Some(1), "host-user"))
        );
        assert_eq!(split_indexed("pg3-host"), Some(("pg", Some(3), "host")));
        // Index 0 and leading zeros are split as written for import to judge.
        assert_eq!(split_indexed("pg0-path"), Some(("pg", Some(0), "path")));
        assert_eq!(split_indexed("pg01-path"), Some(("pg", Some(1), "path")));
        assert_eq!(
            split_indexed("repo000-path"),
            Some(("repo", Some(0), "path"))
        );
        // Too many digits for a number is still an indexed key, without an index.
        assert_eq!(
            split_indexed("pg99999999999999999999-path"),
            Some(("pg", None, "path"))
        );
        assert_eq!(split_indexed("repo1-"), Some(("repo", Some(1), "")));
        for key in [
            "repo-path",
            "pg-host",
            "repo1path",
            "repository1-path",
            "pgx1-path",
            "process-max",
            "tls-server-port",
            "",
        ] {
            assert_eq!(split_indexed(key), None, "{key}");
        }
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
