//! The bundle an operator installs: what its guide and preflight scripts say for designs the
//! golden examples do not cover. (The real-server proof is tests/acceptance/bundle.sh.)

use pgbr_core::{bundle, generate, Design};

fn entry(design: &Design, path: &str) -> String {
    let out = generate(design);
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    bundle::entries(design, &out)
        .into_iter()
        .find(|e| e.path == path)
        .unwrap_or_else(|| panic!("no {path} in the bundle"))
        .content
}

const SINGLE: &str = r#"
stanza = "one"
pgbackrest-version = "2.45"
[[pooler]]
name = "pooler-1"
host = "db1"
pg-path = "/var/lib/postgresql/15/main"
[[repo]]
index = 1
path = "/var/lib/pgbackrest"
retention-full = 2
"#;

#[test]
fn a_single_pooler_talks_tls_to_no_one_and_needs_no_certificate() {
    let d = Design::from_toml(SINGLE).unwrap();
    let preflight = entry(&d, "pooler-1/preflight.sh");
    assert!(!preflight.contains("cert="), "{preflight}");
    assert!(!preflight.contains("server-ping"), "{preflight}");
    assert!(
        preflight.contains("repo1 (posix) can be listed"),
        "{preflight}"
    );
    let guide = entry(&d, "README.md");
    assert!(!guide.contains("## Certificates"), "{guide}");
    assert!(!guide.contains("openssl"), "{guide}");
}

#[test]
fn the_guide_makes_certificates_in_posix_sh_before_each_host_installs_them_and_starts_its_server() {
    let d = pgbr_core::examples::find("multigres-three-poolers")
        .unwrap()
        .design();
    let guide = entry(&d, "README.md");
    let certs = guide
        .find("## Certificates")
        .expect("a Certificates section");
    let install = guide.find("## Install, host by host").unwrap();
    assert!(certs < install, "{guide}");
    // `sh` (dash) has no process substitution: every command is plain POSIX sh.
    assert!(!guide.contains("<("), "{guide}");
    assert!(guide.contains("printf 'subjectAltName=%s\\n' 'DNS:replica2' >replica2.ext\nopenssl x509 -req -days 3650 -in replica2.csr -CA ca.crt -CAkey ca.key -CAcreateserial -extfile replica2.ext -out replica2.crt\n"), "{guide}");
    for host in ["replica1", "replica2", "replica3"] {
        let at = guide.find(&format!("### {host}\n")).unwrap();
        let block = &guide[at..at + guide[at..].find("\n```\n").unwrap()];
        let key = block
            .find(&format!("sudo install -o postgres -g postgres -m 0600 {host}.key /etc/pgbackrest/certs/{host}.key\n"))
            .unwrap_or_else(|| panic!("{host} installs no key: {block}"));
        let ca = block
            .find("sudo install -o postgres -g postgres -m 0644 ca.crt /etc/pgbackrest/certs/ca.crt\n")
            .unwrap();
        let start = block
            .find("sudo systemctl enable --now pgbackrest-server.service")
            .unwrap();
        assert!(ca < start && key < start, "{block}");
        assert!(
            block.contains(
                "sudo install -d -o postgres -g postgres -m 0750 /etc/pgbackrest/certs\n"
            ),
            "{block}"
        );
    }
}

#[test]
fn a_certificate_folder_outside_etc_pgbackrest_is_made_but_never_re_owned() {
    let mut d = pgbr_core::examples::find("multigres-three-poolers")
        .unwrap()
        .design();
    d.tls.ca_file = Some("/etc/ssl/certs/cluster-ca.crt".into());
    let guide = entry(&d, "README.md");
    let mkdir = guide
        .find("sudo mkdir -p /etc/ssl/certs\n")
        .expect("the CA's folder made");
    let ca = guide
        .find("sudo install -o postgres -g postgres -m 0644 ca.crt /etc/ssl/certs/cluster-ca.crt\n")
        .unwrap();
    assert!(mkdir < ca, "{guide}");
    assert!(!guide.contains("-m 0750 /etc/ssl"), "{guide}");
}
