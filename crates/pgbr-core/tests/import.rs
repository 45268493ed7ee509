//! Import: pgBackRest's dialect exactly, and generate → import → generate is byte-identical.

use pgbr_core::examples::EXAMPLES;
use pgbr_core::model::PeerOrder;
use pgbr_core::{generate, import, Design};
use pretty_assertions::assert_eq;

fn texts(out: &pgbr_core::Output) -> Vec<(String, String)> {
    out.files
        .iter()
        .map(|f| (f.path.clone(), f.text()))
        .collect()
}

#[test]
fn every_example_round_trips_byte_for_byte() {
    for example in EXAMPLES {
        let design = example.design();
        let first = generate(&design);
        let imported = import(&texts(&first)).unwrap_or_else(|e| panic!("{}: {e}", example.file));
        assert!(
            imported.unmapped.is_empty(),
            "{}: {:?}",
            example.file,
            imported.unmapped
        );
        let second = generate(&imported.design);
        assert!(
            !second.has_errors(),
            "{}: {:?}",
            example.file,
            second.diagnostics
        );
        assert_eq!(texts(&first), texts(&second), "{}", example.file);
    }
}

#[test]
fn file_order_does_not_matter() {
    let design = pgbr_core::examples::find("multigres-three-poolers")
        .unwrap()
        .design();
    let first = generate(&design);
    let mut files = texts(&first);
    files.reverse();
    let imported = import(&files).unwrap();
    assert_eq!(texts(&generate(&imported.design)), texts(&first));
}

#[test]
fn a_foreign_file_is_read_from_its_options_and_the_rest_reported() {
    // The TLS guide's database host file, as a person would write it.
    let text = "[global]\nrepo1-host=backup-srv\nrepo1-host-user=pgbackrest\nrepo1-host-type=tls\n\
        repo1-host-cert-file=/etc/pgbackrest/certs/pg1-srv.crt\nrepo1-host-key-file=/etc/pgbackrest/certs/pg1-srv.key\n\
        repo1-host-ca-file=/etc/pgbackrest/certs/ca.crt\n\n# general options\ncompress-type=zst\nprocess-max=2\n\
        log-level-console=info\nlog-level-file=detail\n\n# tls server options\ntls-server-address=*\n\
        tls-server-cert-file=/etc/pgbackrest/certs/pg1-srv.crt\ntls-server-key-file=/etc/pgbackrest/certs/pg1-srv.key\n\
        tls-server-ca-file=/etc/pgbackrest/certs/ca.crt\ntls-server-auth=backup-srv=demo\n\n[demo]\npg1-path=/var/lib/pgsql/18/data\n\
        [demo:archive-push]\nprocess-max=4\n";
    let r = import(&[("pg1-srv.conf".into(), text.into())]).unwrap();
    let d: &Design = &r.design;
    assert_eq!(d.stanza, "demo");
    assert_eq!(d.topology, pgbr_core::model::Topology::RepoHost);
    assert_eq!(d.repo_host.as_ref().unwrap().host, "backup-srv");
    assert_eq!(d.pooler.len(), 1);
    assert_eq!(d.pooler[0].pg_path, "/var/lib/pgsql/18/data");
    assert_eq!(
        d.tls.cert_file.as_deref(),
        Some("/etc/pgbackrest/certs/pg1-srv.crt")
    );
    assert_eq!(
        d.global.get("process-max"),
        Some(&pgbr_core::model::OptValue::Int(2))
    );
    // The stanza's command section is kept where it was written.
    assert_eq!(
        d.stanza_command["archive-push"].get("process-max"),
        Some(&pgbr_core::model::OptValue::Int(4))
    );
    let messages: Vec<&str> = r.unmapped.iter().map(|u| u.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("version")),
        "{messages:?}"
    );
}

#[test]
fn garbage_is_refused_with_pgbackrests_own_words() {
    let e = import(&[(
        "x.conf".into(),
        "[global]\nstart-fast=y\n; comment\n".into(),
    )])
    .unwrap_err();
    assert_eq!(e.to_string(), "x.conf: line 3: missing '=' in key/value");
    let e = import(&[("x.conf".into(), "hello".into())]).unwrap_err();
    assert!(e.to_string().contains("outside of section"), "{e}");
    let e = import(&[("x.conf".into(), "[global]\nstart-fast=y\n".into())]).unwrap_err();
    assert!(e.to_string().contains("no stanza"), "{e}");
    let e = import(&[]).unwrap_err();
    assert!(e.to_string().contains("no pgbackrest.conf"), "{e}");
}

#[test]
fn secrets_files_are_read_back() {
    let design = pgbr_core::examples::find("five-replicas-two-zones")
        .unwrap()
        .design();
    let out = generate(&design);
    let r = import(&texts(&out)).unwrap();
    let repo1 = r.design.repo.iter().find(|x| x.index == 1).unwrap();
    assert_eq!(
        repo1
            .options
            .get("s3-key-secret")
            .and_then(|v| v.single())
            .as_deref(),
        Some("example-secret-replace-me")
    );
    assert_eq!(r.design.secrets, pgbr_core::model::SecretsMode::EnvFile);
}

#[test]
fn a_template_that_also_names_a_host_literally_round_trips() {
    // Found by fuzzing: on replica1, `{host}replica1.key` renders as `replica1replica1.key`, and
    // reading every appearance of the host as `{host}` gave `{host}{host}.key`.
    let mut design = pgbr_core::examples::find("multigres-three-poolers")
        .unwrap()
        .design();
    design.tls.cert_file = Some("/etc/pgbackrest/certs/8888888{host}.crt".into());
    design.tls.key_file = Some("/etc/pgbackrest/certs/{host}replica1.key".into());
    let first = generate(&design);
    assert!(!first.has_errors(), "{:?}", first.diagnostics);
    let imported = import(&texts(&first)).unwrap();
    assert_eq!(
        imported.design.tls.key_file.as_deref(),
        Some("/etc/pgbackrest/certs/{host}replica1.key")
    );
    assert_eq!(texts(&generate(&imported.design)), texts(&first));
}

fn one(text: &str) -> pgbr_core::ImportResult {
    import(&[("pgbackrest.conf".to_string(), text.to_string())]).unwrap()
}

fn said(r: &pgbr_core::ImportResult) -> Vec<String> {
    r.unmapped
        .iter()
        .filter(|u| u.lost)
        .map(|u| format!("{}: {}", u.line, u.message))
        .collect()
}

#[test]
fn deprecated_names_are_read_as_their_current_names_and_said() {
    // A pgBackRest 1.x-style file: db-path, backup-host, retention-full without an index.
    let r = one("[global]\nbackup-host=backup-srv\nretention-full=2\nrepo1-s3-verify-ssl=n\n[app.prod]\ndb-path=/pg\ndb2-host=pg2\ndb2-path=/pg\n");
    assert_eq!(
        said(&r),
        [
            "2: backup-host is the old name of repo1-host, which pgBackRest still reads: read as repo1-host (generate writes the new name)",
            "3: retention-full is the old name of repo1-retention-full, which pgBackRest still reads: read as repo1-retention-full (generate writes the new name)",
            "4: repo1-s3-verify-ssl is the old name of repo1-storage-verify-tls, which pgBackRest still reads: read as repo1-storage-verify-tls (generate writes the new name)",
            "6: db-path is the old name of pg1-path, which pgBackRest still reads: read as pg1-path (generate writes the new name)",
            "7: db2-host is the old name of pg2-host, which pgBackRest still reads: read as pg2-host (generate writes the new name)",
            "8: db2-path is the old name of pg2-path, which pgBackRest still reads: read as pg2-path (generate writes the new name)",
        ]
    );
    // The stanza with a '.' is pgBackRest's own (it accepts it), and validates.
    assert_eq!(r.design.stanza, "app.prod");
    assert!(!pgbr_core::validate::validate(&r.design)
        .iter()
        .any(|d| d.path == "stanza"));
}

#[test]
fn a_remote_host_without_host_type_is_ssh() {
    // pgBackRest's default transport: no pgN-host-type line means SSH.
    let r = one("[global]\nrepo1-path=/repo\nrepo1-retention-full=2\n[main]\npg1-path=/pg\npg2-host=db2\npg2-path=/pg\n");
    assert_eq!(r.design.tls.host_type, pgbr_core::model::HostType::Ssh);
    let r = one("[global]\nrepo1-path=/repo\nrepo1-retention-full=2\n[main]\npg1-path=/pg\npg2-host=db2\npg2-host-type=tls\npg2-path=/pg\n");
    assert_eq!(r.design.tls.host_type, pgbr_core::model::HostType::Tls);
}

#[test]
fn a_client_certificate_apart_from_the_servers_survives_import() {
    // Each host's server certificate answers for its name; a separate client.crt carries the
    // CN the other hosts' tls-server-auth allows (pgBackRest reads the client's CN only).
    let file = |own: &str, other: &str| {
        format!(
            "[global]\nrepo1-path=/repo\nrepo1-retention-full=2\n\
             tls-server-address=*\ntls-server-cert-file=/etc/pgbackrest/{own}.crt\n\
             tls-server-key-file=/etc/pgbackrest/{own}.key\ntls-server-ca-file=/etc/pgbackrest/ca.crt\n\
             tls-server-auth=client-{other}=main\n\
             [main]\npg1-path=/pg\n\
             pg2-host={other}\npg2-host-type=tls\npg2-host-ca-file=/etc/pgbackrest/ca.crt\n\
             pg2-host-cert-file=/etc/pgbackrest/client.crt\npg2-host-key-file=/etc/pgbackrest/client.key\npg2-path=/pg\n"
        )
    };
    let files = vec![
        ("db1/pgbackrest.conf".to_string(), file("db1", "db2")),
        ("db2/pgbackrest.conf".to_string(), file("db2", "db1")),
    ];
    let r = import(&files).unwrap();
    let t = &r.design.tls;
    assert_eq!(t.cert_file.as_deref(), Some("/etc/pgbackrest/{host}.crt"));
    assert_eq!(
        t.client_cert_file.as_deref(),
        Some("/etc/pgbackrest/client.crt")
    );
    assert_eq!(
        t.client_key_file.as_deref(),
        Some("/etc/pgbackrest/client.key")
    );
    assert_eq!(t.auth_cn, "client-{host}");
    let out = generate(&r.design);
    let db1 = out
        .files
        .iter()
        .find(|f| f.host == "db1" && f.path.ends_with(".conf"))
        .unwrap()
        .text();
    assert!(
        db1.contains("pg2-host-cert-file=/etc/pgbackrest/client.crt\n"),
        "{db1}"
    );
    assert!(
        db1.contains("tls-server-cert-file=/etc/pgbackrest/db1.crt\n"),
        "{db1}"
    );
}

#[test]
fn the_chosen_stanza_is_the_designs_even_with_only_a_command_section() {
    // Found by fuzzing: a stanza named only by `[main:backup]` came back as the other one.
    let text = "[global]\nrepo1-path=/r\n[demo]\npg1-path=/p\n[main:backup]\nprocess-max=2\n";
    let files = [("pgbackrest.conf".to_string(), text.to_string())];
    assert_eq!(
        import(&files).unwrap_err(),
        pgbr_core::import::ImportError::SeveralStanzas(vec!["demo".into(), "main".into()])
    );
    let options = pgbr_core::ImportOptions {
        stanza: Some("main".into()),
    };
    let r = pgbr_core::import_with(&files, &options).unwrap();
    assert_eq!(r.design.stanza, "main");
    assert_eq!(
        r.design.stanza_command["backup"].get("process-max"),
        Some(&pgbr_core::model::OptValue::Int(2))
    );
}

#[test]
fn what_could_not_be_mapped_prints_as_file_line_message() {
    let text =
        "[global]\nrepo1-path=/r\nrepo1-retention-full=1\nfrobnicate=1\n[main]\npg1-path=/p\n";
    let r = import(&[("db1/pgbackrest.conf".into(), text.into())]).unwrap();
    let printed: Vec<String> = r.unmapped.iter().map(ToString::to_string).collect();
    assert_eq!(
        printed,
        [
            "the files do not say which pgBackRest version they target; assumed 2.57",
            "db1/pgbackrest.conf:4: frobnicate is not a pgBackRest option (pgBackRest warns and ignores it): left out",
        ]
    );
    let whole_file = pgbr_core::import::Unmapped {
        file: "db1/conf.d/x.conf".into(),
        line: 0,
        message: "read as part of db1/pgbackrest.conf".into(),
        lost: false,
    };
    assert_eq!(
        whole_file.to_string(),
        "db1/conf.d/x.conf: read as part of db1/pgbackrest.conf"
    );
}

#[test]
fn one_poolers_file_brings_the_replicas_it_reaches() {
    // An operator hands in the one file they have: its pg2.. blocks are the other replicas,
    // and the file's recorded position puts them back in the design's order, for declared
    // and rotated peer orders alike.
    for order in [PeerOrder::Declared, PeerOrder::Rotate] {
        let mut design = pgbr_core::examples::find("multigres-three-poolers")
            .unwrap()
            .design();
        design.peer_order = order;
        let all = texts(&generate(&design));
        for (k, (path, text)) in all.iter().enumerate() {
            let r = import(&[(path.clone(), text.clone())]).unwrap();
            let hosts: Vec<&str> = r.design.pooler.iter().map(|p| p.host.as_str()).collect();
            assert_eq!(
                hosts,
                ["replica1", "replica2", "replica3"],
                "{order:?} {path}"
            );
            assert_eq!(r.unmapped.len(), 2, "{:?}", r.unmapped);
            assert!(r.unmapped.iter().all(|u| !u.lost));
            // Generating the imported design writes that file back as it was, and the others.
            assert_eq!(texts(&generate(&r.design)), all, "{order:?} {path}");
            if k == 0 && order == PeerOrder::Declared {
                let notes: Vec<String> = r.unmapped.iter().map(ToString::to_string).collect();
                assert_eq!(
                    notes,
                    [
                        "pooler-1/pgbackrest.conf:32: replica2 (pg2-host here) has no file among these: the design takes its replica from this block, and generate writes a file for it too",
                        "pooler-1/pgbackrest.conf:42: replica3 (pg3-host here) has no file among these: the design takes its replica from this block, and generate writes a file for it too",
                    ]
                );
            }
        }
    }
}

#[test]
fn a_file_that_does_not_name_its_own_host_keeps_every_replica_it_reaches() {
    // Nothing says which host this file's own replica is on: the name it gets is none of the
    // hosts the file reaches (it used to be replica1, and the real replica1 vanished).
    let text = "[global]\nrepo1-path=/var/lib/pgbackrest\n\n[demo]\npg1-path=/data\n\
        pg2-host=replica1\npg2-path=/data\npg3-host=replica2\npg3-path=/data\n";
    let r = import(&[("pgbackrest.conf".into(), text.into())]).unwrap();
    let hosts: Vec<&str> = r.design.pooler.iter().map(|p| p.host.as_str()).collect();
    assert_eq!(hosts, ["replica3", "replica1", "replica2"]);
}

#[test]
fn one_file_in_zone_order_says_the_table_is_its_pg_order() {
    let design = pgbr_core::examples::find("five-replicas-two-zones")
        .unwrap()
        .design();
    let all = texts(&generate(&design));
    let r = import(&[all[2].clone()]).unwrap();
    assert_eq!(r.design.pooler.len(), 5);
    assert!(
        r.unmapped.iter().any(|u| u
            .message
            .starts_with("with peer-order = zone one file does not say")),
        "{:?}",
        r.unmapped
    );
    // That file's options come back as they were (its comment records another position, and
    // its tls-server-auth lines follow the table's order).
    let options = |text: &str| -> Vec<String> {
        let mut o: Vec<String> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        o.sort();
        o
    };
    let again = generate(&r.design);
    let back = again.files.iter().find(|f| f.path == all[2].0).unwrap();
    assert_eq!(options(&back.text()), options(&all[2].1));
}
