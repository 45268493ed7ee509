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
