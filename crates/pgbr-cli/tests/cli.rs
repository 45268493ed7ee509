//! The `pgbr` binary as scripts use it: files, exit codes, streams.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pgbr(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pgbr"))
        .args(args)
        .output()
        .unwrap()
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn generate_writes_one_file_per_pooler_with_modes() {
    let dir = tempfile::tempdir().unwrap();
    let out = pgbr(&[
        "generate",
        &example("five-replicas-two-zones.toml"),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = files_under(dir.path());
    assert_eq!(files.len(), 10);
    let golden =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/five-replicas-two-zones");
    for f in &files {
        let rel = f.strip_prefix(dir.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(f).unwrap(),
            std::fs::read_to_string(golden.join(rel)).unwrap(),
            "{}",
            rel.display()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(f).unwrap().permissions().mode() & 0o777;
            let want = if rel.extension().unwrap() == "env" {
                0o600
            } else {
                0o640
            };
            assert_eq!(mode, want, "{}", rel.display());
        }
    }
}

#[test]
fn an_invalid_design_writes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(example("multigres-three-poolers.toml"))
        .unwrap()
        .replace("host = \"replica2\"", "host = \"replica2\\npg9-host=evil\"");
    std::fs::write(&design, text).unwrap();
    let out_dir = dir.path().join("out");
    let out = pgbr(&[
        "generate",
        design.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--zip",
        dir.path().join("x.zip").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: pooler[1].host: contains a line feed"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing written"), "{stderr}");
    assert!(!out_dir.exists());
    assert!(!dir.path().join("x.zip").exists());
}

#[test]
fn check_reports_and_sets_the_exit_code() {
    let ok = pgbr(&["check", &example("tls-guide-repo-host.toml")]);
    assert_eq!(ok.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("0 error(s), 0 warning(s)"));
    let dir = tempfile::tempdir().unwrap();
    let design = dir.path().join("d.json");
    std::fs::write(
        &design,
        r#"{"stanza":"s","pooler":[{"name":"a","host":"h","pg-path":"rel"}],"repo":[{"index":1}]}"#,
    )
    .unwrap();
    let bad = pgbr(&["check", design.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("error: pooler[0].pg-path: 'rel' must be an absolute path"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: repo[0].retention-full"),
        "{stderr}"
    );
}

#[test]
fn unreadable_designs_exit_2_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("d.toml");
    std::fs::write(&latin1, b"stanza = \"caf\xe9\"\n").unwrap();
    let out = pgbr(&["check", latin1.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("pgbr: {}: not UTF-8 text: the byte at offset 13 is not UTF-8 (Latin-1?): convert it to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)\n", latin1.display())
    );
    let utf16 = dir.path().join("u.conf");
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend("[global]\n".encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&utf16, bytes).unwrap();
    let out = pgbr(&["import", utf16.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("pgbr: {}: not UTF-8 text: it looks like UTF-16 (NUL bytes, or a UTF-16 byte-order mark): save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)\n", utf16.display())
    );
    let out = pgbr(&["check", dir.path().join("missing.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let yaml = dir.path().join("d.yaml");
    std::fs::write(&yaml, "stanza: x").unwrap();
    let out = pgbr(&["check", yaml.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".toml or .json"));
}

#[test]
fn zip_holds_the_same_bytes_as_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("demo-pgbackrest.zip");
    let out = pgbr(&[
        "generate",
        &example("tls-guide-repo-host.toml"),
        "--zip",
        zip.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let bytes = std::fs::read(&zip).unwrap();
    let design = pgbr_core::examples::find("tls-guide-repo-host")
        .unwrap()
        .design();
    assert_eq!(
        bytes,
        pgbr_core::bundle::zip(&design, &pgbr_core::generate(&design)).unwrap()
    );
    // The central directory names every file.
    for name in [
        "backup-srv/pgbackrest.conf",
        "pg1-srv/pgbackrest.conf",
        "pg2-srv/pgbackrest.conf",
        "design.toml",
        "README.md",
    ] {
        assert!(
            bytes.windows(name.len()).any(|w| w == name.as_bytes()),
            "{name} missing from the zip"
        );
    }
}

#[test]
fn import_prints_a_design_that_generates_the_same_files() {
    let dir = tempfile::tempdir().unwrap();
    let gen = dir.path().join("gen");
    assert!(pgbr(&[
        "generate",
        &example("multigres-three-poolers.toml"),
        "--out",
        gen.to_str().unwrap()
    ])
    .status
    .success());
    let confs: Vec<String> = files_under(&gen)
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["import"];
    args.extend(confs.iter().map(String::as_str));
    let out = pgbr(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let design = dir.path().join("back.toml");
    std::fs::write(&design, &out.stdout).unwrap();
    let again = dir.path().join("again");
    assert!(pgbr(&[
        "generate",
        design.to_str().unwrap(),
        "--out",
        again.to_str().unwrap()
    ])
    .status
    .success());
    for f in files_under(&gen) {
        let rel = f.strip_prefix(&gen).unwrap();
        assert_eq!(
            std::fs::read(&f).unwrap(),
            std::fs::read(again.join(rel)).unwrap(),
            "{}",
            rel.display()
        );
    }
    let json = pgbr(&["import", "--json", &confs[0]]);
    assert!(json.status.success());
    assert!(String::from_utf8_lossy(&json.stdout)
        .trim_start()
        .starts_with('{'));
    let bad = dir.path().join("bad.conf");
    std::fs::write(&bad, "[global]\nstart-fast=y ; fast\n[main]\npg1-path=/x\n").unwrap();
    let out = pgbr(&["import", bad.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "only a note (the version is assumed): exit 0"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("does not validate yet"), "{stderr}");
    assert!(
        stderr.contains("error: global.start-fast: looks like it carries an end-of-line comment"),
        "{stderr}"
    );
}

#[test]
fn import_says_what_it_left_out_and_exits_4() {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("pgbackrest.conf");
    std::fs::write(
        &conf,
        "[global]\nrepo1-path=/repo\nrepo1-retention-full=2\nrepo1-s3-verify-tls=n\nrepo1-bogus=1\n\
         [demo]\npg1-path=/pg\npg1-host-cmd=/usr/bin/pgbackrest\n[other]\npg1-path=/pg2\n",
    )
    .unwrap();
    let path = conf.to_str().unwrap();
    let out = pgbr(&["import", path]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "pgbr: the files hold several stanzas (demo, other): import one at a time with --stanza NAME\n"
    );
    let out = pgbr(&["import", "--stanza", "demo", path]);
    assert_eq!(out.status.code(), Some(4));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for line in [
        format!("not mapped: {path}:4: repo1-s3-verify-tls is the old name of repo1-storage-verify-tls, which pgBackRest still reads: read as repo1-storage-verify-tls (generate writes the new name)"),
        format!("not mapped: {path}:10: [other] belongs to stanza other: left out (import that stanza on its own)"),
        "not mapped: repo1-bogus is not a pgBackRest option (pgBackRest warns and ignores it): left out".to_string(),
        format!("not mapped: {path}:8: pg1-host-cmd has no place in a design yet: left out"),
    ] {
        assert!(stderr.lines().any(|l| l == line), "missing {line:?} in:\n{stderr}");
    }
    let design = String::from_utf8_lossy(&out.stdout);
    assert!(design.contains("storage-verify-tls = false"), "{design}");
    assert!(
        !design.contains("bogus") && !design.contains("/pg2"),
        "{design}"
    );
}

#[test]
fn diff_says_what_generate_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let gen = dir.path().join("gen");
    let design = example("multigres-three-poolers.toml");
    assert!(pgbr(&["generate", &design, "--out", gen.to_str().unwrap()])
        .status
        .success());
    let two = gen.join("pooler-2/pgbackrest.conf");
    let text = std::fs::read_to_string(&two).unwrap();
    let text = text
        .replace("compress-type=zst", "compress-type=lz4")
        .replace("start-fast=y\n", "")
        + "log-level-file=detail\n";
    std::fs::write(&two, text).unwrap();
    let stray = dir.path().join("elsewhere.conf");
    std::fs::write(&stray, "[multigres]\npg1-path=/x\n").unwrap();
    let one = gen.join("pooler-1/pgbackrest.conf");
    let out = pgbr(&[
        "diff",
        &design,
        one.to_str().unwrap(),
        two.to_str().unwrap(),
        stray.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(4));
    let (one, two, stray) = (one.display(), two.display(), stray.display());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "{one} -> pooler-1/pgbackrest.conf (paired by its folder pooler-1): no change\n\
             {two} -> pooler-2/pgbackrest.conf (paired by its folder pooler-2)\n\
             \x20 ~ [global] compress-type: lz4 -> zst\n\
             \x20 - [multigres] log-level-file=detail\n\
             \x20 + [global] start-fast=y\n\
             {stray}: not compared: no generated file is for the same host (name the file's folder after the pooler, e.g. pooler-1/pgbackrest.conf)\n"
        )
    );
    let same = pgbr(&[
        "diff",
        &design,
        &gen.join("pooler-3/pgbackrest.conf").to_string_lossy(),
    ]);
    assert_eq!(same.status.code(), Some(0));
}

#[test]
fn help_documents_exit_codes() {
    let out = pgbr(&["--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Exit codes: 0 success"), "{text}");
    for cmd in ["generate", "check", "import", "example"] {
        assert!(text.contains(cmd));
    }
}

#[test]
fn simulate_names_the_replica_each_file_backs_up() {
    let out = pgbr(&[
        "simulate",
        &example("multigres-three-poolers.toml"),
        "--primary",
        "replica1",
        "--down",
        "pooler-2",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "pooler-1/pgbackrest.conf\tstandby replica3 (pg3, pooler-3)\n\
         pooler-2/pgbackrest.conf\tstandby replica3 (pg3, pooler-3)\n\
         pooler-3/pgbackrest.conf\tstandby replica3 (pg1, pooler-3)\n"
    );
    let out = pgbr(&[
        "simulate",
        &example("multigres-three-poolers.toml"),
        "--primary",
        "nobody",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn link_round_trips_through_core() {
    let out = pgbr(&["link", &example("five-replicas-two-zones.toml")]);
    assert!(out.status.success());
    let link = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(link.starts_with("#d=v1."), "{link}");
    let design = pgbr_core::share::decode(&link).unwrap();
    assert_eq!(design.pooler.len(), 5);
    assert!(!link.contains("secret"));
}
