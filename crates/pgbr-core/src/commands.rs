//! Which commands read which options: pgBackRest warns `configuration file contains option 'X'
//! invalid for section 'S'` and ignores an option in a `[global:command]` or
//! `[stanza:command]` section when that command does not take it.
//!
//! From the `pgbackrest help <command>` output of the 2.45 and 2.60 binaries (an option counts
//! when either lists it; newer options are gated by the catalog's releases).

/// pgBackRest's commands, in the bit order of [`TAKES`] (the same twenty in 2.45 and 2.60).
pub const COMMANDS: &[&str] = &[
    "annotate",
    "archive-get",
    "archive-push",
    "backup",
    "check",
    "expire",
    "help",
    "info",
    "repo-get",
    "repo-ls",
    "restore",
    "server",
    "server-ping",
    "stanza-create",
    "stanza-delete",
    "stanza-upgrade",
    "start",
    "stop",
    "verify",
    "version",
];

/// Each file option and the commands that take it, one bit per [`COMMANDS`] entry; sorted.
#[rustfmt::skip]
static TAKES: &[(&str, u32)] = &[
    ("allow-root", 0x7ffbf),
    ("annotation", 0x00009),
    ("archive-async", 0x00006),
    ("archive-check", 0x0001c),
    ("archive-copy", 0x00008),
    ("archive-get-queue-max", 0x00002),
    ("archive-header-check", 0x00004),
    ("archive-missing-retry", 0x00002),
    ("archive-mode", 0x00400),
    ("archive-mode-check", 0x0001c),
    ("archive-push-batch-size", 0x00004),
    ("archive-push-queue-max", 0x00004),
    ("archive-timeout", 0x0001e),
    ("backup-standby", 0x00018),
    ("buffer-size", 0x4ffbf),
    ("checksum-page", 0x00008),
    ("checksum-page-error", 0x00428),
    ("cmd", 0x4e79e),
    ("cmd-ssh", 0x4e7bf),
    ("compress", 0x0000c),
    ("compress-level", 0x0000c),
    ("compress-level-network", 0x4e7bf),
    ("compress-type", 0x0000c),
    ("db-exclude", 0x00400),
    ("db-include", 0x00400),
    ("db-timeout", 0x0e31e),
    ("delta", 0x00408),
    ("exclude", 0x00008),
    ("expire-auto", 0x00008),
    ("io-timeout", 0x4ffbf),
    ("link-all", 0x00400),
    ("link-map", 0x00400),
    ("lock-path", 0x3e4af),
    ("log-level-console", 0x7ffbf),
    ("log-level-file", 0x7ffbf),
    ("log-level-stderr", 0x7ffbf),
    ("log-path", 0x7ffbf),
    ("log-subprocess", 0x4e7bf),
    ("log-timestamp", 0x7ffbf),
    ("manifest-save-threshold", 0x00008),
    ("neutral-umask", 0x7e73f),
    ("page-header-check", 0x00008),
    ("pg-database", 0x0e018),
    ("pg-host", 0x0e018),
    ("pg-host-ca-file", 0x0e018),
    ("pg-host-ca-path", 0x0e018),
    ("pg-host-cert-file", 0x0e018),
    ("pg-host-cmd", 0x0e018),
    ("pg-host-config", 0x0e018),
    ("pg-host-config-include-path", 0x0e018),
    ("pg-host-config-path", 0x0e018),
    ("pg-host-key-file", 0x0e018),
    ("pg-host-port", 0x0e018),
    ("pg-host-type", 0x0e018),
    ("pg-host-user", 0x0e018),
    ("pg-path", 0x0e41e),
    ("pg-port", 0x0e018),
    ("pg-socket-path", 0x0e018),
    ("pg-user", 0x0e018),
    ("pg-version-force", 0x4e41e),
    ("priority", 0x7ffbf),
    ("process-max", 0x4040e),
    ("protocol-timeout", 0x4efbf),
    ("recovery-option", 0x00400),
    ("repo-azure-account", 0x4e7bf),
    ("repo-azure-container", 0x4e7bf),
    ("repo-azure-endpoint", 0x4e7bf),
    ("repo-azure-key", 0x4e7bf),
    ("repo-azure-key-type", 0x4e7bf),
    ("repo-azure-uri-style", 0x4e7bf),
    ("repo-block", 0x00008),
    ("repo-block-age-map", 0x00008),
    ("repo-block-checksum-size-map", 0x00008),
    ("repo-block-size-map", 0x00008),
    ("repo-block-size-super", 0x00008),
    ("repo-block-size-super-full", 0x00008),
    ("repo-bundle", 0x00008),
    ("repo-bundle-limit", 0x00008),
    ("repo-bundle-size", 0x00008),
    ("repo-cipher-pass", 0x4e7bf),
    ("repo-cipher-type", 0x4e7bf),
    ("repo-gcs-bucket", 0x4e7bf),
    ("repo-gcs-endpoint", 0x4e7bf),
    ("repo-gcs-key", 0x4e7bf),
    ("repo-gcs-key-type", 0x4e7bf),
    ("repo-gcs-user-project", 0x4e7bf),
    ("repo-hardlink", 0x00008),
    ("repo-host", 0x4e7bf),
    ("repo-host-ca-file", 0x4e7bf),
    ("repo-host-ca-path", 0x4e7bf),
    ("repo-host-cert-file", 0x4e7bf),
    ("repo-host-cmd", 0x4e7bf),
    ("repo-host-config", 0x4e7bf),
    ("repo-host-config-include-path", 0x4e7bf),
    ("repo-host-config-path", 0x4e7bf),
    ("repo-host-key-file", 0x4e7bf),
    ("repo-host-port", 0x4e7bf),
    ("repo-host-type", 0x4e7bf),
    ("repo-host-user", 0x4e7bf),
    ("repo-path", 0x4e7bf),
    ("repo-retention-archive", 0x00028),
    ("repo-retention-archive-type", 0x00028),
    ("repo-retention-diff", 0x00028),
    ("repo-retention-full", 0x00028),
    ("repo-retention-full-type", 0x00028),
    ("repo-retention-history", 0x00028),
    ("repo-s3-bucket", 0x4e7bf),
    ("repo-s3-endpoint", 0x4e7bf),
    ("repo-s3-key", 0x4e7bf),
    ("repo-s3-key-secret", 0x4e7bf),
    ("repo-s3-key-type", 0x4e7bf),
    ("repo-s3-kms-key-id", 0x4e7bf),
    ("repo-s3-process-cmd", 0x4e7bf),
    ("repo-s3-region", 0x4e7bf),
    ("repo-s3-requester-pays", 0x4e7bf),
    ("repo-s3-role", 0x4e7bf),
    ("repo-s3-service", 0x4e7bf),
    ("repo-s3-sse-customer-key", 0x4e7bf),
    ("repo-s3-sts-host", 0x4e7bf),
    ("repo-s3-token", 0x4e7bf),
    ("repo-s3-uri-style", 0x4e7bf),
    ("repo-sftp-host", 0x4e7bf),
    ("repo-sftp-host-fingerprint", 0x4e7bf),
    ("repo-sftp-host-key-check-type", 0x4e7bf),
    ("repo-sftp-host-key-hash-type", 0x4e7bf),
    ("repo-sftp-host-port", 0x4e7bf),
    ("repo-sftp-host-user", 0x4e7bf),
    ("repo-sftp-known-host", 0x4e7bf),
    ("repo-sftp-private-key-file", 0x4e7bf),
    ("repo-sftp-private-key-passphrase", 0x4e7bf),
    ("repo-sftp-public-key-file", 0x4e7bf),
    ("repo-storage-ca-file", 0x4e7bf),
    ("repo-storage-ca-path", 0x4e7bf),
    ("repo-storage-host", 0x4e7bf),
    ("repo-storage-port", 0x4e7bf),
    ("repo-storage-prefetch", 0x4e7bf),
    ("repo-storage-read-over", 0x4e7bf),
    ("repo-storage-tag", 0x4e7bf),
    ("repo-storage-upload-chunk-size", 0x4e7bf),
    ("repo-storage-verify-tls", 0x4e7bf),
    ("repo-symlink", 0x00028),
    ("repo-target-time", 0x40782),
    ("repo-type", 0x4e7bf),
    ("resume", 0x00008),
    ("sck-keep-alive", 0x4ffbf),
    ("spool-path", 0x00006),
    ("start-fast", 0x00008),
    ("stop-auto", 0x00008),
    ("tablespace-map", 0x00400),
    ("tablespace-map-all", 0x00400),
    ("tcp-keep-alive-count", 0x4ffbf),
    ("tcp-keep-alive-idle", 0x4ffbf),
    ("tcp-keep-alive-interval", 0x4ffbf),
    ("tls-cipher-12", 0x4ffbf),
    ("tls-cipher-13", 0x4ffbf),
    ("tls-server-address", 0x01800),
    ("tls-server-auth", 0x00800),
    ("tls-server-ca-file", 0x00800),
    ("tls-server-cert-file", 0x00800),
    ("tls-server-key-file", 0x00800),
    ("tls-server-port", 0x01800),
];

/// Whether `command` reads `option` (unindexed name) from a config file.
pub fn takes(command: &str, option: &str) -> bool {
    let Some(bit) = COMMANDS.iter().position(|c| *c == command) else {
        return false;
    };
    TAKES
        .binary_search_by(|(o, _)| o.cmp(&option))
        .is_ok_and(|i| TAKES[i].1 & (1 << bit) != 0)
}

/// Whether `command` is one of pgBackRest's commands.
pub fn is_command(command: &str) -> bool {
    COMMANDS.contains(&command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_take_their_options() {
        assert!(
            TAKES.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted for the binary search"
        );
        assert!(takes("archive-push", "process-max"));
        assert!(takes("backup", "start-fast"));
        assert!(!takes("archive-push", "start-fast"));
        assert!(!takes("server", "repo-path"));
        assert!(takes("server", "tls-server-auth"));
        assert!(!takes("bogus", "process-max"));
        // Every documented option a file may hold is read by some command.
        let documented = |o: &&crate::catalog::OptionDef| o.internal_from != Some(o.since);
        for o in crate::catalog::OPTIONS
            .iter()
            .filter(|o| o.section() != crate::catalog::Section::CommandLine)
            .filter(documented)
        {
            assert!(COMMANDS.iter().any(|c| takes(c, o.name)), "{}", o.name);
        }
    }
}
