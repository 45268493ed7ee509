//! Hostile and broken input: every bad value gets an error naming its field, and nothing
//! is generated while an error remains.

use pgbr_core::{generate, Design, Severity};

const BASE: &str = r#"
stanza = "main"
pgbackrest-version = "2.45"

[[pooler]]
name = "p1"
host = "db1"
pg-path = "/pg/data"

[[pooler]]
name = "p2"
host = "db2"
pg-path = "/pg/data"

[[repo]]
index = 1
path = "/repo"
retention-full = 2
shared-storage = true

[tls]
ca-file = "/c/ca.crt"
cert-file = "/c/{host}.crt"
key-file = "/c/{host}.key"

[global]
backup-standby = "y"
"#;

fn base() -> Design {
    Design::from_toml(BASE).unwrap()
}

/// Asserts `design` has an error at `path` whose message contains `needle`, and no files.
#[track_caller]
fn error_at(design: &Design, path: &str, needle: &str) {
    let out = generate(design);
    assert!(out.files.is_empty(), "files were generated despite errors");
    let hit = out
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error && d.path == path);
    let Some(hit) = hit else {
        panic!("no error at {path}; got {:#?}", out.diagnostics)
    };
    assert!(
        hit.message.contains(needle),
        "error at {path} is {:?}, expected it to mention {needle:?}",
        hit.message
    );
}

#[track_caller]
fn warning_at(design: &Design, path: &str, needle: &str) {
    let out = generate(design);
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    assert!(!out.files.is_empty());
    let hit = out
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Warning && d.path == path);
    let Some(hit) = hit else {
        panic!("no warning at {path}; got {:#?}", out.diagnostics)
    };
    assert!(hit.message.contains(needle), "{:?}", hit.message);
}

#[test]
fn the_base_design_is_clean() {
    let out = generate(&base());
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
}

#[test]
fn characters_that_would_break_a_line_are_refused_everywhere() {
    let bad = [
        ("\n", "line feed"),
        ("\r", "carriage return"),
        ("\r\n", "carriage return"),
        ("\0", "NUL"),
        ("\t", "tab"),
        ("\u{85}", "next-line"),
        ("\u{2028}", "line separator"),
        ("\u{2029}", "paragraph separator"),
        ("\u{202e}", "text-direction"),
        ("\u{1b}", "control"),
    ];
    for (c, name) in bad {
        let mut d = base();
        d.pooler[1].pg_path = format!("/pg{c}data");
        error_at(&d, "pooler[1].pg-path", name);
        let mut d = base();
        d.pooler[0].host = format!("db1{c}pg2-host=evil");
        error_at(&d, "pooler[0].host", "");
        let mut d = base();
        d.pooler[0].pg_user = Some(format!("postgres{c}[evil]"));
        error_at(&d, "pooler[0].pg-user", name);
        let mut d = base();
        d.global
            .insert("log-path".into(), format!("/log{c}").as_str().into());
        error_at(&d, "global.log-path", name);
        let mut d = base();
        d.repo[0]
            .options
            .insert("path".into(), format!("/repo{c}x").as_str().into());
        error_at(&d, "repo[0].path", name);
        let mut d = base();
        d.stanza = format!("main{c}");
        error_at(&d, "stanza", "");
        let mut d = base();
        d.tls.cert_file = Some(format!("/c/{{host}}{c}.crt"));
        error_at(&d, "tls.cert-file", name);
    }
}

#[test]
fn ini_syntax_in_values() {
    let mut d = base();
    d.pooler[0].host = "db1 # mine".into();
    error_at(&d, "pooler[0].host", "end-of-line comment");
    let mut d = base();
    d.pooler[0].host = "[global]".into();
    error_at(&d, "pooler[0].host", "'['");
    let mut d = base();
    d.pooler[0].host = "a=b".into();
    error_at(&d, "pooler[0].host", "'='");
    let mut d = base();
    d.pooler[0].pg_user = Some("postgres ; the user".into());
    error_at(&d, "pooler[0].pg-user", "end-of-line comment");
    let mut d = base();
    d.pooler[0].pg_path = "/data # main".into();
    error_at(&d, "pooler[0].pg-path", "end-of-line comment");
    let mut d = base();
    d.pooler[0].pg_user = Some(" postgres".into());
    error_at(&d, "pooler[0].pg-user", "strip");
    let mut d = base();
    d.pooler[0].pg_user = Some(String::new());
    error_at(&d, "pooler[0].pg-user", "empty");
    let mut d = base();
    d.pooler[0].pg_path = "/".to_string() + &"a".repeat(5000);
    error_at(&d, "pooler[0].pg-path", "longer than");
    let mut d = base();
    d.pooler[0].name = "../etc".into();
    error_at(&d, "pooler[0].name", "'/'");
    let mut d = base();
    d.stanza = "my:stanza".into();
    error_at(&d, "stanza", "':'");
    let mut d = base();
    d.stanza = "global".into();
    error_at(&d, "stanza", "global");
}

#[test]
fn a_hash_sign_inside_a_path_is_read_literally_and_allowed() {
    let mut d = base();
    d.pooler[0].pg_path = "/data/#1=a".into();
    let out = generate(&d);
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    assert!(out.files[0].text().contains("pg1-path=/data/#1=a\n"));
}

#[test]
fn paths() {
    let mut d = base();
    d.pooler[0].pg_path = "pg/data".into();
    error_at(&d, "pooler[0].pg-path", "absolute");
    let mut d = base();
    d.pooler[0].pg_path = "/pg//data".into();
    error_at(&d, "pooler[0].pg-path", "//");
    let mut d = base();
    d.pooler[0].pg_path = "/pg/data/".into();
    error_at(&d, "pooler[0].pg-path", "write '/pg/data'");
    let mut d = base();
    d.tls.key_file = Some("/c/{hostname}.key".into());
    error_at(&d, "tls.key-file", "placeholder");
}

#[test]
fn names_and_hosts_are_unique() {
    let mut d = base();
    d.pooler[1].name = "P1".into();
    error_at(&d, "pooler[1].name", "pooler[0]");
    let mut d = base();
    d.pooler[1].host = "DB1".into();
    error_at(&d, "pooler[1].host", "pooler[0]");
}

#[test]
fn ports_and_indexes() {
    let mut d = base();
    d.pooler[0].pg_port = Some(70000);
    error_at(&d, "pooler[0].pg-port", "0 to 65535");
    let mut d = base();
    d.tls.server_port = 0;
    error_at(&d, "tls.server-port", "1 to 65535");
    // Repository indexes out of range: tests/hostile.rs, repo_indexes_out_of_range.
    let mut d = base();
    let mut r = d.repo[0].clone();
    r.options.insert("path".into(), "/repo2".into());
    d.repo.push(r);
    error_at(&d, "repo[1].index", "already used");
}

#[test]
fn more_than_256_poolers() {
    let mut d = base();
    let t = d.pooler[0].clone();
    d.pooler = (0..257)
        .map(|i| pgbr_core::model::Pooler {
            name: format!("p{i}"),
            host: format!("db{i}"),
            ..t.clone()
        })
        .collect();
    error_at(&d, "pooler", "at most 256");
    d.pooler.pop();
    assert!(!generate(&d).has_errors());
}

#[test]
fn options_are_checked_against_the_target_version() {
    let mut d = base();
    d.global.insert("backup-standby".into(), "prefer".into());
    error_at(&d, "global.backup-standby", "2.54");
    d.pgbackrest_version = pgbr_core::Version::new(2, 54);
    assert!(!generate(&d).has_errors());

    let mut d = base();
    d.repo[0].kind = pgbr_core::model::RepoType::Sftp;
    error_at(&d, "repo[0].type", "2.46");

    let mut d = base();
    d.repo[0]
        .options
        .insert("block".into(), pgbr_core::model::OptValue::Bool(true));
    error_at(&d, "repo[0].block", "bundle");
    d.repo[0]
        .options
        .insert("bundle".into(), pgbr_core::model::OptValue::Bool(true));
    error_at(&d, "repo[0].block", "beta");
    d.global
        .insert("beta".into(), pgbr_core::model::OptValue::Bool(true));
    assert!(!generate(&d).has_errors(), "{:?}", generate(&d).diagnostics);

    let mut d = base();
    d.global.insert("compres-type".into(), "zst".into());
    error_at(&d, "global.compres-type", "did you mean `compress-type`");
    let mut d = base();
    d.global.insert("compress-type".into(), "zip".into());
    error_at(&d, "global.compress-type", "'zst'");
    let mut d = base();
    d.global
        .insert("process-max".into(), pgbr_core::model::OptValue::Int(1000));
    error_at(&d, "global.process-max", "1 to 999");
    let mut d = base();
    d.global.insert("start-fast".into(), "yes".into());
    error_at(&d, "global.start-fast", "boolean");
    let mut d = base();
    d.global.insert("compress-type".into(), "gz".into());
    d.global
        .insert("compress-level".into(), pgbr_core::model::OptValue::Int(15));
    error_at(&d, "global.compress-level", "-1 to 9");
    let mut d = base();
    d.global.insert("repo1-path".into(), "/x".into());
    error_at(&d, "global.repo1-path", "index = 1");
    let mut d = base();
    d.global.insert("pg1-path".into(), "/x".into());
    error_at(&d, "global.pg1-path", "pooler");
    let mut d = base();
    d.global.insert(
        "tls-server-port".into(),
        pgbr_core::model::OptValue::Int(9000),
    );
    error_at(&d, "global.tls-server-port", "[tls]");
    let mut d = base();
    d.global.insert("config".into(), "/etc/x.conf".into());
    error_at(&d, "global.config", "command line");
    let mut d = base();
    d.global.insert(
        "repo-retention-full".into(),
        pgbr_core::model::OptValue::Int(3),
    );
    error_at(&d, "global.repo-retention-full", "[[repo]]");
    let mut d = base();
    d.repo[0]
        .options
        .insert("retention-ful".into(), pgbr_core::model::OptValue::Int(3));
    error_at(&d, "repo[0].retention-ful", "did you mean `retention-full`");
    let mut d = base();
    d.repo[0]
        .options
        .insert("recovery-option".into(), "a=b".into());
    error_at(&d, "repo[0].recovery-option", "[global]");
    let mut d = base();
    d.global
        .insert("recovery-option".into(), "no-equals".into());
    error_at(&d, "global.recovery-option", "key=value");
}

#[test]
fn repositories() {
    let s3 = |extra: &str| {
        Design::from_toml(&BASE.replace(
            "path = \"/repo\"\n",
            &format!("type = \"s3\"\npath = \"/repo\"\n{extra}"),
        ))
        .unwrap()
    };
    error_at(
        &s3("s3-bucket = \"b\"\ns3-region = \"r\"\ns3-key-type = \"auto\"\n"),
        "repo[0].s3-endpoint",
        "s3 repositories need",
    );
    error_at(
        &s3("s3-bucket = \"b\"\ns3-region = \"r\"\ns3-endpoint = \"e\"\n"),
        "repo[0].s3-key",
        "shared",
    );
    assert!(!generate(&s3(
        "s3-bucket = \"b\"\ns3-region = \"r\"\ns3-endpoint = \"e\"\ns3-key-type = \"auto\"\n"
    ))
    .has_errors());
    let mut d = base();
    d.repo[0].options.insert("s3-bucket".into(), "b".into());
    error_at(&d, "repo[0].s3-bucket", "applies to s3");
    let mut d = base();
    d.repo[0]
        .options
        .insert("cipher-type".into(), "aes-256-cbc".into());
    error_at(&d, "repo[0].cipher-pass", "needs cipher-pass");
    let mut d = base();
    d.repo[0].options.insert("host".into(), "backup".into());
    error_at(&d, "repo[0].host", "cannot both be configured as remote");
    let mut d = base();
    d.repo.clear();
    error_at(&d, "repo", "no repository");
}

#[test]
fn topology_and_tls() {
    let mut d = base();
    d.tls.ca_file = None;
    error_at(&d, "tls.ca-file", "ca.crt");
    let mut d = base();
    d.topology = pgbr_core::model::Topology::RepoHost;
    error_at(&d, "repo-host", "[repo-host]");
    d.repo_host = Some(pgbr_core::model::RepoHost {
        host: "db2".into(),
        ..Default::default()
    });
    error_at(&d, "repo-host.host", "pooler[1]");
    let mut d = base();
    d.repo_host = Some(pgbr_core::model::RepoHost {
        host: "backup".into(),
        ..Default::default()
    });
    error_at(&d, "repo-host", "topology");
    let mut d = base();
    d.peer_order = pgbr_core::model::PeerOrder::Zone;
    error_at(&d, "pooler[0].zone", "zone");
    let mut d = base();
    d.pgbackrest_version = pgbr_core::Version::new(2, 36);
    error_at(&d, "pgbackrest-version", "2.37");
}

#[test]
fn warnings_do_not_block() {
    let mut d = base();
    d.global.clear();
    warning_at(&d, "global.backup-standby", "primary");
    let mut d = base();
    d.repo[0].options.remove("retention-full");
    warning_at(&d, "repo[0].retention-full", "retention-full");
    let mut d = base();
    d.pooler[0].host = "10.0.0.5".into();
    warning_at(&d, "pooler[0].host", "DNS:10.0.0.5");
    d.pgbackrest_version = pgbr_core::Version::new(2, 53);
    assert!(generate(&d).diagnostics.is_empty());
    let mut d = base();
    let mut r = d.repo[0].clone();
    r.index = 2;
    r.options.insert("path".into(), "/repo2".into());
    d.repo.push(r);
    warning_at(&d, "global.archive-async", "archive-async");
}

#[test]
fn a_posix_repository_on_every_host_must_be_shared_storage() {
    let mut d = base();
    d.repo[0].shared_storage = false;
    let out = generate(&d);
    let msgs: Vec<String> = out
        .diagnostics
        .iter()
        .map(|x| format!("{:?} {}: {}", x.severity, x.path, x.message))
        .collect();
    assert_eq!(msgs, ["Warning repo[0].shared-storage: repo1 is a posix path (/repo) written on each host where a command runs: unless it is one filesystem mounted on every host, WAL archived by the primary and a backup through a standby's file land in different places and the backup waits for WAL until archive-timeout. Mount shared storage there on every host and set shared-storage = true, or use an object store, or topology = \"repo-host\""]);
    // One pooler: nothing to share. An object store: shared-storage means nothing.
    d.pooler.truncate(1);
    assert!(generate(&d).diagnostics.is_empty());
    let mut d = base();
    d.repo[0].kind = pgbr_core::model::RepoType::S3;
    for (k, v) in [
        ("s3-bucket", "b"),
        ("s3-endpoint", "e"),
        ("s3-region", "r"),
        ("s3-key-type", "auto"),
    ] {
        d.repo[0].options.insert(k.into(), v.into());
    }
    warning_at(&d, "repo[0].shared-storage", "shared-storage applies to posix and cifs repositories in the pooler topology; repo1 needs no shared mount: remove it");
    // The install guide tells the operator to mount it.
    let d = base();
    let out = generate(&d);
    let guide = pgbr_core::install::guide(&d, &out.files);
    assert!(guide.contains("- **repo1 is shared storage.** Every host writes the repository at `/repo`: mount the same filesystem (e.g. NFS) there on every host, owned by postgres, before `stanza-create`."), "{guide}");
}

#[test]
fn reading_files_gives_clear_errors() {
    let e = Design::from_toml("stanza = \"x\"\npoolr = []\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("unknown field `poolr`") && e.contains("did you mean `pooler`"),
        "{e}"
    );
    let e = Design::from_toml(
        "stanza = \"x\"\n[[pooler]]\nname = \"a\"\nhost = \"h\"\npg-path = \"/p\"\npg-prot = 1\n",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("did you mean `pg-port`"), "{e}");
    let e = Design::from_json(r#"{"stanza": 5}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("invalid type"), "{e}");
    let e = Design::from_toml("stanza = \"x\"\npgbackrest-version = 2.5\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("as a string"), "{e}");
    let e = Design::from_toml("stanza = \"x\"\ntopology = \"star\"\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("pooler") && e.contains("repo-host"), "{e}");
    assert!(Design::from_named("x.yaml", "")
        .unwrap_err()
        .to_string()
        .contains(".toml or .json"));
}

#[test]
fn a_text_without_a_name_is_json_when_it_opens_with_a_brace() {
    use pgbr_core::model::Format;
    assert_eq!(Format::of_text("  \n\t{\"stanza\": \"x\"}"), Format::Json);
    assert_eq!(Format::of_text("stanza = \"x\"\n"), Format::Toml);
    assert_eq!(Format::of_text(""), Format::Toml);
    assert_eq!(Format::of_name("D.JSON"), Some(Format::Json));
    assert_eq!(Format::of_name("d.toml"), Some(Format::Toml));
    assert_eq!(Format::of_name("d.yaml"), None);
    let json = Design::from_text("\n{\"stanza\": \"x\"}").unwrap();
    let toml = Design::from_text("stanza = \"x\"\n").unwrap();
    assert_eq!(json, toml);
    assert_eq!(
        Design::from_text(r#"{"stanza": 5}"#)
            .unwrap_err()
            .to_string(),
        Design::from_json(r#"{"stanza": 5}"#)
            .unwrap_err()
            .to_string()
    );
    assert_eq!(
        Design::from_text("stanza = 5\n").unwrap_err().to_string(),
        Design::from_toml("stanza = 5\n").unwrap_err().to_string()
    );
}

const S3_AT_DEPLOY: &str = r#"
stanza = "main"
pgbackrest-version = "2.55"
secrets = "env-file"

[[pooler]]
name = "p1"
host = "db1"
pg-path = "/pg/data"

[[pooler]]
name = "p2"
host = "db2"
pg-path = "/pg/data"

[[repo]]
index = 1
type = "s3"
path = "/pgbackrest"
retention-full = 2
s3-bucket = "backups"
s3-endpoint = "s3.eu-west-1.amazonaws.com"
s3-region = "eu-west-1"
deploy-secrets = ["s3-key", "s3-key-secret"]

[tls]
ca-file = "/c/ca.crt"
cert-file = "/c/{host}.crt"
key-file = "/c/{host}.key"

[global]
backup-standby = "y"
"#;

#[test]
fn secrets_supplied_at_deploy_time_are_named_never_valued() {
    let d = Design::from_toml(S3_AT_DEPLOY).unwrap();
    let out = generate(&d);
    let msgs: Vec<String> = out
        .diagnostics
        .iter()
        .map(|x| format!("{:?} {}: {}", x.severity, x.path, x.message))
        .collect();
    assert_eq!(
        msgs,
        [
            "Warning repo[0].deploy-secrets[0]: s3-key is supplied at deploy time: provide PGBACKREST_REPO1_S3_KEY on every host that holds repo1 before pgBackRest runs (the install guide lists them)",
            "Warning repo[0].deploy-secrets[1]: s3-key-secret is supplied at deploy time: provide PGBACKREST_REPO1_S3_KEY_SECRET on every host that holds repo1 before pgBackRest runs (the install guide lists them)",
        ]
    );
    let env = out
        .files
        .iter()
        .find(|f| f.path == "p1/pgbackrest.env")
        .unwrap();
    assert_eq!(
        env.text(),
        "# Secrets for db1: load into pgBackRest's environment (e.g. systemd EnvironmentFile=), mode 0600.\n\
         # repo1-s3-key is supplied at deploy time: remove the '# ' of the next line and add its value, or set PGBACKREST_REPO1_S3_KEY in pgBackRest's environment\n\
         # PGBACKREST_REPO1_S3_KEY=\n\
         # repo1-s3-key-secret is supplied at deploy time: remove the '# ' of the next line and add its value, or set PGBACKREST_REPO1_S3_KEY_SECRET in pgBackRest's environment\n\
         # PGBACKREST_REPO1_S3_KEY_SECRET=\n"
    );
    let conf = out
        .files
        .iter()
        .find(|f| f.path == "p1/pgbackrest.conf")
        .unwrap()
        .text();
    assert!(!conf.contains("s3-key="), "{conf}");
    assert!(
        conf.contains(" deploy-secrets=repo1-s3-key,repo1-s3-key-secret\n"),
        "{conf}"
    );
    let guide = pgbr_core::install::guide(&d, &out.files);
    assert!(guide.contains("Secrets supplied at deploy time, to provide on this host: `PGBACKREST_REPO1_S3_KEY`, `PGBACKREST_REPO1_S3_KEY_SECRET`, in `/etc/pgbackrest/pgbackrest.env` (remove the `# ` of its line and add the value) or in the environment of every pgBackRest process here."), "{guide}");
    let bundle = pgbr_core::bundle::entries(&d, &out);
    let preflight = &bundle
        .iter()
        .find(|e| e.path == "p2/preflight.sh")
        .unwrap()
        .content;
    assert!(preflight.contains("grep -q '^PGBACKREST_REPO1_S3_KEY_SECRET=.' /etc/pgbackrest/pgbackrest.env || [ -n \"${PGBACKREST_REPO1_S3_KEY_SECRET:-}\" ] || fail \"PGBACKREST_REPO1_S3_KEY_SECRET is provided\""), "{preflight}");

    // Import gives the design back, deploy-time secrets included, and generates the same files.
    let texts: Vec<(String, String)> = out
        .files
        .iter()
        .map(|f| (f.path.clone(), f.text()))
        .collect();
    let back = pgbr_core::import(&texts).unwrap().design;
    assert_eq!(back.repo[0].deploy_secrets, ["s3-key", "s3-key-secret"]);
    assert_eq!(generate(&back).files, out.files);

    // A hand-written file without its keys: they are supplied where it runs.
    let hand = "[global]\nrepo1-type=s3\nrepo1-path=/b\nrepo1-s3-bucket=b\nrepo1-s3-endpoint=e\nrepo1-s3-region=r\nrepo1-retention-full=1\n[main]\npg1-path=/pg\n";
    let back = pgbr_core::import(&[("pgbackrest.conf".to_string(), hand.to_string())])
        .unwrap()
        .design;
    assert_eq!(back.repo[0].deploy_secrets, ["s3-key", "s3-key-secret"]);
    assert!(!generate(&back).has_errors());

    // Typed and supplied at once, a non-secret, a secret of another store: errors.
    let mut bad = d.clone();
    bad.repo[0].options.insert("s3-key".into(), "AK".into());
    bad.repo[0]
        .deploy_secrets
        .extend(["path".into(), "gcs-key".into()]);
    let errs: Vec<String> = generate(&bad)
        .diagnostics
        .into_iter()
        .filter(|x| x.is_error())
        .map(|x| format!("{}: {}", x.path, x.message))
        .collect();
    assert_eq!(errs, [
        "repo[0].deploy-secrets[0]: s3-key has a value in the design and is also supplied at deploy time: remove one",
        "repo[0].deploy-secrets[2]: path is not a secret: give its value in the design",
        "repo[0].deploy-secrets[3]: gcs-key applies to gcs repositories; this one is s3",
    ]);
}

#[test]
fn gcs_takes_its_port_from_its_endpoint() {
    // Real 2.45 ignores repo1-storage-port for GCS in a file and refuses it on the command line.
    let mut d = base();
    d.repo[0].kind = pgbr_core::model::RepoType::Gcs;
    d.repo[0].shared_storage = false;
    for (k, v) in [
        ("gcs-bucket", "b"),
        ("gcs-key-type", "auto"),
        ("storage-port", "8443"),
    ] {
        d.repo[0].options.insert(k.into(), v.into());
    }
    error_at(&d, "repo[0].storage-port", "storage-port applies to s3 and azure repositories; pgBackRest ignores it for gcs: put the host and port in gcs-endpoint (e.g. \"storage.example.com:8443\")");
}
