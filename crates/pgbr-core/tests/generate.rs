//! Generated files as literal text, for small designs that exercise one rule each.

use indoc::indoc;
use pgbr_core::generate::pg_order;
use pgbr_core::{generate, Body, Design, LineKind};
use pretty_assertions::assert_eq;

const BASE: &str = indoc! {r#"
    stanza = "main"
    pgbackrest-version = "2.57"

    [[pooler]]
    name = "p1"
    host = "db1"
    pg-path = "/pg/data"

    [[pooler]]
    name = "p2"
    host = "db2"
    pg-path = "/pg/data"
    pg-port = 5433

    [[repo]]
    index = 2
    path = "/repo"
    retention-full = 2

    [tls]
    ca-file = "/c/ca.crt"
    cert-file = "/c/{host}.crt"
    key-file = "/c/{host}.key"

    [global]
    backup-standby = "prefer"
"#};

#[track_caller]
fn check(design: &str, path: &str, expected: &str) {
    let design = Design::from_toml(design).unwrap();
    let out = generate(&design);
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    let file = out
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    assert_eq!(file.text(), expected);
}

#[test]
fn second_pooler_file_puts_its_own_replica_first_and_local() {
    check(
        BASE,
        "p2/pgbackrest.conf",
        indoc! {"
        # pgbackrest.conf for pooler p2 on db2, made by pgbr-designer.
        # design: stanza=main pgbackrest-version=2.57 topology=pooler peer-order=declared secrets=env-file pooler=2/2
        # Its own replica is pg1 (local); the others follow as pg2..pgN. A backup run with
        # this file copies from the first standby in that order.
        [global]
        # repo2: posix
        repo2-type=posix
        repo2-path=/repo
        repo2-retention-full=2

        backup-standby=prefer

        # TLS server of db2 (pgbackrest server), for the other poolers.
        tls-server-address=*
        tls-server-port=8432
        tls-server-cert-file=/c/db2.crt
        tls-server-key-file=/c/db2.key
        tls-server-ca-file=/c/ca.crt
        tls-server-auth=db1=main

        [main]
        # pg1: p2 on db2 (this file's own replica, local)
        pg1-path=/pg/data
        pg1-port=5433

        # pg2: p1 on db1
        pg2-host=db1
        pg2-host-type=tls
        pg2-host-ca-file=/c/ca.crt
        pg2-host-cert-file=/c/db2.crt
        pg2-host-key-file=/c/db2.key
        pg2-path=/pg/data
    "},
    );
}

#[test]
fn ssh_host_type_writes_no_tls_lines() {
    let design = BASE
        .replace("[tls]\n", "[tls]\nhost-type = \"ssh\"\n")
        .replace(
            "pg-port = 5433\n",
            "pg-port = 5433\npg-host-user = \"pgsql\"\npg-host-port = 2222\n",
        );
    check(
        &design,
        "p1/pgbackrest.conf",
        indoc! {"
        # pgbackrest.conf for pooler p1 on db1, made by pgbr-designer.
        # design: stanza=main pgbackrest-version=2.57 topology=pooler peer-order=declared secrets=env-file pooler=1/2
        # Its own replica is pg1 (local); the others follow as pg2..pgN. A backup run with
        # this file copies from the first standby in that order.
        [global]
        # repo2: posix
        repo2-type=posix
        repo2-path=/repo
        repo2-retention-full=2

        backup-standby=prefer

        [main]
        # pg1: p1 on db1 (this file's own replica, local)
        pg1-path=/pg/data

        # pg2: p2 on db2
        pg2-host=db2
        pg2-host-type=ssh
        pg2-host-port=2222
        pg2-host-user=pgsql
        pg2-path=/pg/data
        pg2-port=5433
    "},
    );
}

#[test]
fn secrets_go_to_an_include_file_with_its_own_section() {
    let design = BASE
        .replace(
            "retention-full = 2\n",
            "retention-full = 2\ncipher-type = \"aes-256-cbc\"\ncipher-pass = \"s3cr3t pass\"\n",
        )
        .replace(
            "pgbackrest-version",
            "secrets = \"include-file\"\npgbackrest-version",
        );
    check(
        &design,
        "p1/conf.d/secrets.conf",
        indoc! {"
        # Secrets for db1: install as /etc/pgbackrest/conf.d/secrets.conf, mode 0600.
        [global]
        repo2-cipher-pass=s3cr3t pass
    "},
    );
    let d = Design::from_toml(&design).unwrap();
    let out = generate(&d);
    let main = out
        .files
        .iter()
        .find(|f| f.path == "p1/pgbackrest.conf")
        .unwrap();
    assert!(
        !main.text().contains("s3cr3t"),
        "the secret leaked into the main file"
    );
    assert!(main.text().contains("repo2-cipher-type=aes-256-cbc\n"));
    assert_eq!(
        out.files
            .iter()
            .find(|f| f.path == "p1/conf.d/secrets.conf")
            .unwrap()
            .mode,
        0o600
    );
}

#[test]
fn env_file_quotes_what_a_shell_would_split() {
    let design = BASE.replace(
        "retention-full = 2\n",
        "retention-full = 2\ncipher-type = \"aes-256-cbc\"\ncipher-pass = \"two words\"\n",
    );
    check(
        &design,
        "p2/pgbackrest.env",
        indoc! {"
        # Secrets for db2: load into pgBackRest's environment (e.g. systemd EnvironmentFile=), mode 0600.
        PGBACKREST_REPO2_CIPHER_PASS='two words'
    "},
    );
}

#[test]
fn inline_secrets_stay_in_the_file_with_a_warning_and_mode_0600() {
    let design = BASE
        .replace(
            "retention-full = 2\n",
            "retention-full = 2\ncipher-type = \"aes-256-cbc\"\ncipher-pass = \"pw\"\n",
        )
        .replace(
            "pgbackrest-version",
            "secrets = \"inline\"\npgbackrest-version",
        );
    let out = generate(&Design::from_toml(&design).unwrap());
    assert_eq!(out.files.len(), 2, "no secrets file when inline");
    assert!(out.files[0].text().contains("repo2-cipher-pass=pw\n"));
    assert_eq!(out.files[0].mode, 0o600);
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.path == "repo[0].cipher-pass" && !d.is_error()));
}

fn names(design: &Design, own: usize) -> Vec<String> {
    pg_order(design, own)
        .into_iter()
        .map(|i| design.pooler[i].name.clone())
        .collect()
}

fn five(order: &str) -> Design {
    let mut d = pgbr_core::examples::find("five-replicas-two-zones")
        .unwrap()
        .design();
    d.peer_order = serde_json::from_value(serde_json::Value::String(order.into())).unwrap();
    d
}

#[test]
fn peer_orders() {
    let d = five("declared");
    assert_eq!(
        names(&d, 2),
        [
            "pooler-b1",
            "pooler-a1",
            "pooler-a2",
            "pooler-a3",
            "pooler-b2"
        ]
    );
    let d = five("rotate");
    assert_eq!(
        names(&d, 2),
        [
            "pooler-b1",
            "pooler-a3",
            "pooler-b2",
            "pooler-a1",
            "pooler-a2"
        ]
    );
    assert_eq!(
        names(&d, 4),
        [
            "pooler-b2",
            "pooler-a1",
            "pooler-a2",
            "pooler-b1",
            "pooler-a3"
        ]
    );
    let d = five("zone");
    assert_eq!(
        names(&d, 2),
        [
            "pooler-b1",
            "pooler-b2",
            "pooler-a1",
            "pooler-a2",
            "pooler-a3"
        ]
    );
    assert_eq!(
        names(&d, 1),
        [
            "pooler-a2",
            "pooler-a1",
            "pooler-a3",
            "pooler-b1",
            "pooler-b2"
        ]
    );
}

#[test]
fn the_design_notes_three_pooler_order() {
    let d = pgbr_core::examples::find("multigres-three-poolers")
        .unwrap()
        .design();
    let out = generate(&d);
    let hosts = |path: &str| -> Vec<String> {
        let f = out.files.iter().find(|f| f.path == path).unwrap();
        f.pg_order
            .iter()
            .map(|&(_, i)| d.pooler[i].host.clone())
            .collect()
    };
    assert_eq!(
        hosts("pooler-1/pgbackrest.conf"),
        ["replica1", "replica2", "replica3"]
    );
    assert_eq!(
        hosts("pooler-2/pgbackrest.conf"),
        ["replica2", "replica1", "replica3"]
    );
    assert_eq!(
        hosts("pooler-3/pgbackrest.conf"),
        ["replica3", "replica1", "replica2"]
    );
}

#[test]
fn pg10_follows_pg9_numerically() {
    let mut d = Design::from_toml(BASE).unwrap();
    let template = d.pooler[0].clone();
    d.pooler = (1..=11)
        .map(|i| pgbr_core::model::Pooler {
            name: format!("p{i}"),
            host: format!("db{i}"),
            ..template.clone()
        })
        .collect();
    let out = generate(&d);
    let text = out.files[0].text();
    let p9 = text.find("pg9-host=").unwrap();
    let p10 = text.find("pg10-host=").unwrap();
    let p2 = text.find("pg2-host=").unwrap();
    assert!(p2 < p9 && p9 < p10);
    // tls-server-auth: one line per client CN.
    assert_eq!(text.matches("tls-server-auth=").count(), 10);
}

#[test]
fn a_shared_client_cn_gives_one_auth_line() {
    let design = BASE
        .replace("[tls]\n", "[tls]\nauth-cn = \"pgbackrest\"\n")
        .replace("/c/{host}.crt", "/c/pgbackrest.crt")
        .replace("/c/{host}.key", "/c/pgbackrest.key");
    let out = generate(&Design::from_toml(&design).unwrap());
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    let text = out.files[0].text();
    assert_eq!(text.matches("tls-server-auth=").count(), 1);
    assert!(text.contains("tls-server-auth=pgbackrest=main\n"));
}

#[test]
fn lines_know_their_replica_and_option() {
    let d = Design::from_toml(BASE).unwrap();
    let out = generate(&d);
    let f = &out.files[1];
    let host_line = f
        .lines
        .iter()
        .find(|l| l.key() == Some("pg2-host"))
        .unwrap();
    assert_eq!(
        (host_line.pg, host_line.replica, host_line.option),
        (Some(2), Some(0), Some("pg-host"))
    );
    assert_eq!(host_line.value(), Some("db1"));
    assert_eq!(f.section_of(host_line), Some("main"));
    assert_eq!(host_line.to_string(), "pg2-host=db1");
    assert!(!host_line.why.is_empty());
    let repo_line = f
        .lines
        .iter()
        .find(|l| l.key() == Some("repo2-path"))
        .unwrap();
    assert_eq!((repo_line.repo, repo_line.replica), (Some(2), None));
    assert_eq!(
        (repo_line.value(), f.section_of(repo_line)),
        (Some("/repo"), Some("global"))
    );
}

#[test]
fn lines_hold_their_data_and_render_from_it() {
    let d = Design::from_toml(BASE).unwrap();
    let out = generate(&d);
    let f = &out.files[1];
    assert_eq!(f.sections, ["global", "main"]);
    assert_eq!(f.pg_order, [(1, 1), (2, 0)]);
    for l in &f.lines {
        let text = l.to_string();
        match (l.kind(), &l.body) {
            (LineKind::Comment, Body::Comment(c)) => assert_eq!(text, format!("# {c}")),
            (LineKind::Section, Body::Section(s)) => assert_eq!(text, format!("[{s}]")),
            (LineKind::Option, _) => {
                assert_eq!(text, format!("{}={}", l.key().unwrap(), l.value().unwrap()))
            }
            (LineKind::Blank, Body::Blank) => assert_eq!(text, ""),
            other => panic!("{other:?}"),
        }
    }
    let pg1 = f
        .lines
        .iter()
        .position(|l| l.key() == Some("pg1-path"))
        .unwrap();
    let at = &f.lines[pg1];
    assert_eq!(
        (at.value(), f.section_of(at), at.pg, at.replica),
        (Some("/pg/data"), Some("main"), Some(1), Some(1))
    );
    let comment = &f.lines[pg1 - 1];
    assert_eq!(
        comment.body,
        Body::Comment("pg1: p2 on db2 (this file's own replica, local)".into())
    );
    assert_eq!((comment.pg, comment.replica), (Some(1), Some(1)));
    assert_eq!(
        f.lines
            .iter()
            .map(|l| l.to_string() + "\n")
            .collect::<String>(),
        f.text()
    );
}

#[test]
fn per_host_values_command_sections_and_stanza_options_land_where_they_belong() {
    let design = indoc! {r#"
        stanza = "main"
        pgbackrest-version = "2.57"

        [[pooler]]
        name = "p1"
        host = "db1"
        pg-path = "/pg/data"

        [[pooler]]
        name = "p2"
        host = "db2"
        pg-path = "/pg/data"
        [pooler.global]
        process-max = 8
        log-level-file = "detail"
        [pooler.command.archive-push]
        process-max = 3
        compress-level = 1
        [pooler.command.archive-get]
        process-max = 5
        [pooler.stanza-options]
        recovery-option = ["primary_conninfo=host=db1"]
        [pooler.stanza-command.backup]
        start-fast = false

        [[repo]]
        index = 1
        type = "s3"
        path = "/repo"
        retention-full = 2
        s3-bucket = "b"
        s3-endpoint = "e"
        s3-region = "r"
        s3-key-type = "auto"

        [tls]
        ca-file = "/c/ca.crt"
        cert-file = "/c/{host}.crt"
        key-file = "/c/{host}.key"

        [global]
        backup-standby = "y"
        process-max = 2

        [command.archive-push]
        process-max = 4

        [stanza-options]
        start-fast = true

        [stanza-command.backup]
        process-max = 6
    "#};
    check(
        design,
        "p2/pgbackrest.conf",
        indoc! {"
            # pgbackrest.conf for pooler p2 on db2, made by pgbr-designer.
            # design: stanza=main pgbackrest-version=2.57 topology=pooler peer-order=declared secrets=env-file pooler=2/2
            # Its own replica is pg1 (local); the others follow as pg2..pgN. A backup run with
            # this file copies from the first standby in that order.
            [global]
            # repo1: s3
            repo1-type=s3
            repo1-path=/repo
            repo1-retention-full=2
            repo1-s3-bucket=b
            repo1-s3-endpoint=e
            repo1-s3-key-type=auto
            repo1-s3-region=r

            backup-standby=y
            log-level-file=detail
            process-max=8

            # TLS server of db2 (pgbackrest server), for the other poolers.
            tls-server-address=*
            tls-server-port=8432
            tls-server-cert-file=/c/db2.crt
            tls-server-key-file=/c/db2.key
            tls-server-ca-file=/c/ca.crt
            tls-server-auth=db1=main

            [global:archive-get]
            process-max=5

            [global:archive-push]
            compress-level=1
            process-max=3

            [main]
            recovery-option=primary_conninfo=host=db1
            start-fast=y

            # pg1: p2 on db2 (this file's own replica, local)
            pg1-path=/pg/data

            # pg2: p1 on db1
            pg2-host=db1
            pg2-host-type=tls
            pg2-host-ca-file=/c/ca.crt
            pg2-host-cert-file=/c/db2.crt
            pg2-host-key-file=/c/db2.key
            pg2-path=/pg/data

            [main:backup]
            process-max=6
            start-fast=n
        "},
    );
    let d = Design::from_toml(design).unwrap();
    let out = generate(&d);
    let p1 = out
        .files
        .iter()
        .find(|f| f.path == "p1/pgbackrest.conf")
        .unwrap()
        .text();
    assert!(
        p1.contains("\nprocess-max=2\n") && !p1.contains("log-level-file"),
        "{p1}"
    );
    // The design's sections, without p2's own values.
    for text in [
        "\n[global:archive-push]\nprocess-max=4\n\n[main]\nstart-fast=y\n\n",
        "\n[main:backup]\nprocess-max=6\n",
    ] {
        assert!(p1.contains(text), "{text:?} in {p1}");
    }
    assert!(
        !p1.contains("archive-get") && !p1.contains("recovery-option"),
        "{p1}"
    );
    // Import gives back the same design, per-host values included.
    let texts: Vec<(String, String)> = out
        .files
        .iter()
        .map(|f| (f.path.clone(), f.text()))
        .collect();
    let back = pgbr_core::import(&texts).unwrap();
    assert!(back.unmapped.is_empty(), "{:?}", back.unmapped);
    assert_eq!(back.design.pooler, d.pooler);
    assert_eq!(back.design.command, d.command);
    assert_eq!(back.design.stanza_options, d.stanza_options);
    assert_eq!(back.design.stanza_command, d.stanza_command);
    assert_eq!(generate(&back.design).files, out.files);
}

#[test]
fn sections_are_checked_against_the_commands_that_read_them() {
    let bad = format!("{BASE}\n[command.archive-push]\nstart-fast = true\n[command.backups]\nprocess-max = 2\n[[pooler]]\nname = \"p3\"\nhost = \"db3\"\npg-path = \"/pg\"\n[pooler.global]\ntls-cipher-13 = \"TLS_AES_256_GCM_SHA384\"\n[pooler.command.restore]\narchive-push-queue-max = \"1GiB\"\n[pooler.command.bogus]\nprocess-max = 1\n");
    let d = Design::from_toml(&bad).unwrap();
    let errs: Vec<String> = pgbr_core::validate::validate(&d)
        .into_iter()
        .filter(|x| x.is_error())
        .map(|x| format!("{}: {}", x.path, x.message))
        .collect();
    assert_eq!(errs, [
        "pooler[2].global.tls-cipher-13: tls-cipher-13 applies to the whole pgBackRest process, client and server, so every host must have the same value: set it in the design's [global]",
        "command.archive-push.start-fast: the archive-push command does not take start-fast: pgBackRest warns that the option is invalid for that section and ignores it; put it in [global] or in the section of a command that takes it",
        "pooler[2].command.restore.archive-push-queue-max: the restore command does not take archive-push-queue-max: pgBackRest warns that the option is invalid for that section and ignores it; put it in [global] or in the section of a command that takes it",
        "command.backups: `backups` is not a pgBackRest command, so pgBackRest never reads that section; use one of: annotate, archive-get, archive-push, backup, check, expire, help, info, repo-get, repo-ls, restore, server, server-ping, stanza-create, stanza-delete, stanza-upgrade, start, stop, verify, version",
        "pooler[2].command.bogus: `bogus` is not a pgBackRest command, so pgBackRest never reads that section; use one of: annotate, archive-get, archive-push, backup, check, expire, help, info, repo-get, repo-ls, restore, server, server-ping, stanza-create, stanza-delete, stanza-upgrade, start, stop, verify, version",
    ]);
}

#[test]
fn files_share_the_text_of_their_blocks() {
    // The 256 x 256 design's speed comes from this: a replica's values and the indexed keys
    // are made once per generation, and every file's lines point at the same text.
    use pgbr_core::output::Text;
    let three = BASE.replace(
        "[[repo]]",
        "[[pooler]]\nname = \"p3\"\nhost = \"db3\"\npg-path = \"/pg/data\"\n\n[[repo]]",
    );
    let out = generate(&Design::from_toml(&three).unwrap());
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    let parts = |f: usize, key: &str| {
        let l = out.files[f]
            .lines
            .iter()
            .find(|l| l.key() == Some(key))
            .unwrap();
        let Body::Option(kv) = &l.body else {
            unreachable!()
        };
        let (k, v) = kv.parts();
        (k.clone(), v.clone())
    };
    let same = |a: &Text, b: &Text| matches!((a, b), (Text::Shared(a), Text::Shared(b)) if std::rc::Rc::ptr_eq(a, b));
    // Declared order: db3 is pg3 in p1's and p2's files; db2 is pg2 in p1's, pg3 in p3's.
    let (k1, v1) = parts(0, "pg3-host");
    let (k2, v2) = parts(1, "pg3-host");
    let (k3, v3) = parts(2, "pg3-host");
    let (_, v4) = parts(0, "pg2-host");
    assert_eq!((&*v1, &*v2, &*v3, &*v4), ("db3", "db3", "db2", "db2"));
    assert!(same(&k1, &k2) && same(&k1, &k3), "one key, one allocation");
    assert!(
        same(&v1, &v2) && same(&v3, &v4),
        "one replica's host, one allocation"
    );
}
