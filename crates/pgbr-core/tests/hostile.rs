//! The hostile-input corpus of issue 7 that tests/validate.rs does not already hold: ini
//! syntax that must be accepted literally, imported files pgBackRest would refuse or read
//! differently, wrong types and unknown keys in design files, other encodings.

use pgbr_core::ini;
use pgbr_core::model::OptValue;
use pgbr_core::{generate, import, Design, Severity};

fn base() -> Design {
    pgbr_core::examples::find("multigres-three-poolers")
        .unwrap()
        .design()
}

#[track_caller]
fn error_at(design: &Design, path: &str, needle: &str) {
    let out = generate(design);
    assert!(out.files.is_empty());
    let hit = out
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error && d.path == path)
        .unwrap_or_else(|| panic!("no error at {path}: {:#?}", out.diagnostics));
    assert!(hit.message.contains(needle), "{path}: {}", hit.message);
}

/// The option lines pgBackRest reads from the first generated file.
fn options_of(design: &Design) -> Vec<(String, String)> {
    let out = generate(design);
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    ini::parse(&out.files[0].text())
        .unwrap()
        .sections
        .into_iter()
        .flat_map(|s| s.entries.into_iter().map(|e| (e.key, e.value)))
        .collect()
}

#[track_caller]
fn import_error(text: &str, needle: &str) {
    let e = import(&[("pooler-1/pgbackrest.conf".into(), text.into())])
        .unwrap_err()
        .to_string();
    assert!(e.contains(needle), "{e}");
    assert!(e.starts_with("pooler-1/pgbackrest.conf: "), "{e}");
}

#[test]
fn ini_characters_inside_a_value_are_read_literally() {
    // pgBackRest splits at the first '=' and has no quoting or end-of-line comments: these
    // values are read exactly as written, so they are accepted.
    for v in [
        "a=b", "x#y", "x;y", "#lead", ";lead", "a]", "[a", "a[b]c", "é日本",
    ] {
        let mut d = base();
        d.pooler[1].pg_user = Some(v.to_string());
        let opts = options_of(&d);
        assert!(
            opts.contains(&("pg2-user".to_string(), v.to_string())),
            "{v}: {opts:?}"
        );
    }
}

#[test]
fn whitespace_and_empty_values_name_their_field() {
    for v in ["trailing ", " leading", "\ttab", "nbsp\u{a0}"] {
        let mut d = base();
        d.pooler[0].pg_database = Some(v.to_string());
        error_at(&d, "pooler[0].pg-database", "");
    }
    let mut d = base();
    d.stanza = String::new();
    error_at(&d, "stanza", "empty");
    let mut d = base();
    d.pooler[2].host = String::new();
    error_at(&d, "pooler[2].host", "empty");
    let mut d = base();
    d.pooler[2].name = String::new();
    error_at(&d, "pooler[2].name", "empty");
    let mut d = base();
    d.global
        .insert("log-path".into(), OptValue::Text(String::new()));
    error_at(&d, "global.log-path", "empty");
    let mut d = base();
    d.global
        .insert("recovery-option".into(), OptValue::List(vec![]));
    error_at(&d, "global.recovery-option", "empty");
}

#[test]
fn line_breaking_characters_in_repo_and_global_values() {
    for c in [
        "\n", "\r", "\r\n", "\0", "\u{85}", "\u{2028}", "\u{2029}", "\u{202e}", "\u{2067}",
    ] {
        let mut d = base();
        d.global.insert(
            "log-level-console".into(),
            OptValue::Text(format!("info{c}")),
        );
        error_at(&d, "global.log-level-console", "");
        let mut d = base();
        d.global.insert(
            "recovery-option".into(),
            OptValue::List(vec![format!("a=b{c}pg1-path=/evil")]),
        );
        error_at(&d, "global.recovery-option", "");
        let mut d = base();
        d.tls.auth_cn = format!("{{host}}{c}");
        error_at(&d, "tls.auth-cn", "");
        let mut d = base();
        d.pooler[0].zone = Some(format!("a{c}"));
        error_at(&d, "pooler[0].zone", "");
    }
}

#[test]
fn very_long_values() {
    let mut d = base();
    d.pooler[0].pg_user = Some("u".repeat(4097));
    error_at(&d, "pooler[0].pg-user", "longer than 4096");
    let mut d = base();
    d.pooler[0].pg_user = Some("u".repeat(4096));
    assert!(!generate(&d).has_errors());
    let mut d = base();
    d.pooler[0].name = "n".repeat(65);
    error_at(&d, "pooler[0].name", "64");
}

#[test]
fn numbers_out_of_range() {
    let mut d = base();
    d.pooler[0].pg_port = Some(-1);
    error_at(&d, "pooler[0].pg-port", "0 to 65535");
    let mut d = base();
    d.pooler[0].pg_host_port = Some(i64::MAX);
    error_at(&d, "pooler[0].pg-host-port", "1 to 65535");
    let mut d = base();
    d.tls.server_port = 65536;
    error_at(&d, "tls.server-port", "1 to 65535");
    let mut d = base();
    d.repo[0]
        .options
        .insert("retention-full".into(), OptValue::Int(10_000_000));
    error_at(&d, "repo[0].retention-full", "1 to 9999999");
    let mut d = base();
    d.global
        .insert("process-max".into(), OptValue::Int(i64::MIN));
    error_at(&d, "global.process-max", "1 to 999");
    let mut d = base();
    d.global.insert("process-max".into(), "2 # two".into());
    error_at(&d, "global.process-max", "");
    let e = Design::from_toml("stanza = \"x\"\n[[repo]]\nindex = 99999999999999999999\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("index = 99999999999999999999"), "{e}");
    let e = Design::from_json(r#"{"stanza": "x", "repo": [{"index": 99999999999999999999}]}"#)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("repo[0].index: "), "{e}");
}

#[test]
fn wrong_types_in_json_name_the_field() {
    for (json, path) in [
        (r#"{"stanza": 5}"#, "stanza: "),
        (
            r#"{"stanza": "x", "pooler": [{"name": "a", "host": "h", "pg-path": "/p", "pg-port": "5432"}]}"#,
            "pooler[0].pg-port: ",
        ),
        (r#"{"stanza": "x", "pooler": {"name": "a"}}"#, "pooler: "),
        (
            r#"{"stanza": "x", "repo": [{"index": "1"}]}"#,
            "repo[0].index: ",
        ),
        (
            r#"{"stanza": "x", "tls": {"server-port": 1.5}}"#,
            "tls.server-port: ",
        ),
        (
            r#"{"stanza": "x", "global": {"process-max": {"a": 1}}}"#,
            "global.process-max: ",
        ),
        (r#"{"stanza": "x", "topology": true}"#, "topology: "),
        (
            r#"{"stanza": "x", "pgbackrest-version": 2.45}"#,
            "pgbackrest-version: ",
        ),
    ] {
        let e = Design::from_json(json).unwrap_err().to_string();
        assert!(e.starts_with(path), "{json}: {e}");
        assert!(e.contains("expected") || e.contains("as a string"), "{e}");
    }
    let e = Design::from_json(r#"{"stanza": "x"} trailing"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("trailing"), "{e}");
}

#[test]
fn wrong_types_in_toml_name_the_field() {
    let e = Design::from_toml(
        "stanza = \"x\"\n[[pooler]]\nname = \"a\"\nhost = \"h\"\npg-path = \"/p\"\npg-port = \"5432\"\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("pooler[0].pg-port: ")
            && e.contains("expected")
            && e.ends_with("(line 6: pg-port = \"5432\")"),
        "{e}"
    );
    let e = Design::from_toml("stanza = \"x\"\n[global]\nprocess-max = { a = 1 }\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("global.process-max: ") && e.ends_with("(line 3: process-max = { a = 1 })"),
        "{e}"
    );
    // The second pooler's line, not the first's; a top-level key before any table.
    let pooler = "[[pooler]]\nname = \"a\"\nhost = \"h\"\npg-path = \"/p\"\n";
    let two = format!("stanza = \"x\"\n{pooler}pg-port = 1\n\n{pooler}pg-port = \"2\"\n");
    let e = Design::from_toml(&two).unwrap_err().to_string();
    assert!(
        e.starts_with("pooler[1].pg-port: ") && e.ends_with("(line 12: pg-port = \"2\")"),
        "{e}"
    );
    let e = Design::from_toml("stanza = 5\n[global]\nstanza = 6\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("stanza: ") && e.ends_with("(line 1: stanza = 5)"),
        "{e}"
    );
    // A syntax error still shows its line.
    let e = Design::from_toml("stanza = \"x\"\n[global\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 2") && e.contains("[global"), "{e}");
}

#[test]
fn unknown_keys_name_the_closest_valid_one() {
    let e = Design::from_json(r#"{"stanza": "x", "tls": {"ca-fil": "/x"}}"#)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("tls.ca-fil: ") && e.contains("did you mean `ca-file`"),
        "{e}"
    );
    let e = Design::from_json(r#"{"stanza": "x", "repo-hots": {"host": "x"}}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("did you mean `repo-host`"), "{e}");
    let e = Design::from_toml("stanza = \"x\"\n[repo-host]\nhost = \"b\"\nhost-prot = 1\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("did you mean `host-port`"), "{e}");
    let mut d = base();
    d.global.insert("proces-max".into(), OptValue::Int(2));
    error_at(&d, "global.proces-max", "did you mean `process-max`");
}

#[test]
fn repo_indexes_out_of_range() {
    // 257 poolers: tests/validate.rs, more_than_256_poolers.
    for idx in [0, -1, 257, i64::MAX, i64::MIN] {
        let mut d = base();
        d.repo[0].index = idx;
        error_at(&d, "repo[0].index", "1 to 256");
    }
}

const CONF: &str = "[global]\nrepo1-path=/repo\n\n[main]\npg1-path=/pg/data\n";

#[test]
fn imported_pg0_is_refused() {
    import_error(
        &CONF.replace("pg1-path", "pg0-path"),
        "line 5: pg0-path: pg options are numbered from pg1",
    );
    import_error(&CONF.replace("pg1-path", "pg000-path"), "pg000-path");
    import_error(
        &CONF.replace("repo1-path", "repo0-path"),
        "line 2: repo0-path",
    );
}

#[test]
fn imported_pg01_is_pg1() {
    let r = import(&[("f.conf".into(), CONF.replace("pg1-path", "pg01-path"))]).unwrap();
    assert_eq!(r.design.pooler.len(), 1);
    assert_eq!(r.design.pooler[0].pg_path, "/pg/data");
    let r = import(&[("f.conf".into(), CONF.replace("repo1-path", "repo001-path"))]).unwrap();
    assert_eq!(r.design.repo[0].index, 1);
    // pg01 and pg1 are the same option, so both is a duplicate.
    import_error(
        &format!("{CONF}pg01-path=/other\n"),
        "option 'pg1-path' cannot be set multiple times",
    );
}

#[test]
fn imported_indexes_above_256_are_refused() {
    import_error(
        &format!("{CONF}pg257-path=/x\n"),
        "pg257-path: key exceeds maximum of 256",
    );
    import_error(
        &CONF.replace("repo1-path", "repo257-path"),
        "repo257-path: key exceeds maximum of 256",
    );
    import_error(
        &format!("{CONF}pg99999999999999999999-path=/x\n"),
        "key exceeds maximum of 256",
    );
    assert!(import(&[("f.conf".into(), format!("{CONF}pg256-path=/x\n"))]).is_ok());
}

#[test]
fn imported_duplicate_keys_are_refused_like_pgbackrest() {
    import_error(
        &format!("{CONF}pg1-path=/other\n"),
        "option 'pg1-path' cannot be set multiple times (pgBackRest refuses the file): [main] sets it at lines 5 and 6",
    );
    import_error(
        &CONF.replace("repo1-path=/repo\n", "repo1-path=/repo\nrepo1-path=/b\n"),
        "option 'repo1-path' cannot be set multiple times",
    );
    import_error(
        &CONF.replace("[global]\n", "[global]\nstart-fast=y\nstart-fast=n\n"),
        "option 'start-fast' cannot be set multiple times",
    );
    // A duplicated section is merged, so its keys still clash.
    import_error(
        &format!("{CONF}[global]\nrepo1-path=/again\n"),
        "repo1-path",
    );
    // List and hash options repeat; unknown keys are pgBackRest's warning, not an error.
    let ok = CONF.replace(
        "[global]\n",
        "[global]\nrecovery-option=a=b\nrecovery-option=c=d\nno-such-option=1\nno-such-option=2\n",
    );
    let r = import(&[("f.conf".into(), ok)]).unwrap();
    assert_eq!(
        r.design.global.get("recovery-option"),
        Some(&OptValue::List(vec!["a=b".into(), "c=d".into()]))
    );
    // The same key in two sections is not a duplicate.
    assert!(import(&[(
        "f.conf".into(),
        format!("{CONF}[main:backup]\nprocess-max=2\n[global]\nprocess-max=1\n")
    )])
    .is_ok());
}

#[test]
fn imported_hostile_values_are_reported_by_validation() {
    // pgBackRest trims, so these never reach a value; what does is checked by validation.
    let text = "[global]\nrepo1-path=/repo\n[main]\npg1-path=/pg/da\u{2028}ta\n";
    let r = import(&[("f.conf".into(), text.into())]).unwrap();
    let out = generate(&r.design);
    assert!(out.diagnostics.iter().any(|d| d.is_error()
        && d.path == "pooler[0].pg-path"
        && d.message.contains("line separator")));
    // CRLF files read as pgBackRest reads them.
    let r = import(&[("f.conf".into(), CONF.replace('\n', "\r\n"))]).unwrap();
    assert_eq!(r.design.pooler[0].pg_path, "/pg/data");
    // Tabs and spaces round a key or value are trimmed, as pgBackRest does.
    let r = import(&[(
        "f.conf".into(),
        CONF.replace("pg1-path=/pg/data", " \tpg1-path =\t/pg/data  "),
    )])
    .unwrap();
    assert_eq!(r.design.pooler[0].pg_path, "/pg/data");
}

#[test]
fn files_in_other_encodings_are_refused_clearly() {
    // UTF-16LE without a BOM is valid UTF-8 full of NULs.
    let utf16: String = CONF.chars().flat_map(|c| [c, '\0']).collect();
    import_error(&utf16, "looks like UTF-16");
    // A Latin-1 file decoded leniently (as a browser does) holds U+FFFD.
    let latin1 = [CONF.as_bytes(), b"pg1-user=jos\xe9\n"].concat();
    let lossy = String::from_utf8_lossy(&latin1).into_owned();
    import_error(&lossy, "Latin-1");
    assert!(String::from_utf8(latin1).is_err());
    // Nor can a design write one: the file would not import.
    let mut d = base();
    d.pooler[0].pg_user = Some("jos\u{fffd}".into());
    error_at(&d, "pooler[0].pg-user", "replacement character");
    // A UTF-8 byte-order mark: pgBackRest reads it as part of the first line.
    import_error(&format!("\u{feff}{CONF}"), "byte-order mark");
    // An environment file is checked too.
    let e = import(&[
        ("a/pgbackrest.conf".into(), CONF.into()),
        (
            "a/pgbackrest.env".into(),
            "PGBACKREST_REPO1_CIPHER_PASS=x\0".into(),
        ),
    ])
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("a/pgbackrest.env") && e.contains("UTF-16"),
        "{e}"
    );
}

/// Found by fuzzing (generate target): `type` or `index` among a repository's options (only
/// possible through the API) was written unchecked as `repoN-type`/`repoN-index`, twice
/// for `type`; a value with a line feed made its own line.
#[test]
fn fuzz_regression_type_or_index_among_repo_options() {
    let mut d = base();
    d.repo[0].options.insert("type".into(), "posix".into());
    error_at(&d, "repo[0].type", "own field");
    let mut d = base();
    d.repo[0]
        .options
        .insert("index".into(), "1\npg9-path=/evil".into());
    error_at(&d, "repo[0].index", "own field");
}

/// Found by fuzzing (generate target): with SSH, an explicit host port equal to the TLS
/// server port (8432) was dropped on import, so generate -> import -> generate lost
/// `repoN-host-port=8432` / `pgN-host-port=8432`.
#[test]
fn fuzz_regression_ssh_port_8432_survives_import() {
    for topology in [
        pgbr_core::model::Topology::RepoHost,
        pgbr_core::model::Topology::Pooler,
    ] {
        let mut d = base();
        d.tls.host_type = pgbr_core::model::HostType::Ssh;
        d.topology = topology;
        if topology == pgbr_core::model::Topology::RepoHost {
            d.repo_host = Some(pgbr_core::model::RepoHost {
                host: "backup".into(),
                host_port: Some(8432),
                ..Default::default()
            });
        }
        d.pooler[1].pg_host_port = Some(8432);
        let first = generate(&d);
        assert!(!first.has_errors(), "{:?}", first.diagnostics);
        let texts: Vec<(String, String)> = first
            .files
            .iter()
            .map(|f| (f.path.clone(), f.text()))
            .collect();
        assert!(texts.iter().any(|(_, t)| t.contains("-host-port=8432\n")));
        let back = import(&texts).unwrap();
        let again: Vec<(String, String)> = generate(&back.design)
            .files
            .iter()
            .map(|f| (f.path.clone(), f.text()))
            .collect();
        assert_eq!(texts, again, "{topology:?}");
    }
}
