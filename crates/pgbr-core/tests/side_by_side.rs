//! Two generated files side by side, as the designer's diff view shows them.

use indoc::indoc;
use pgbr_core::side_by_side::align;
use pgbr_core::{generate, Design, File};
use pretty_assertions::assert_eq;

/// The rows as text: `=` same line, `~` same place with other text, `<` / `>` one side only.
fn render(a: &File, b: &File) -> String {
    let mut out = String::new();
    for row in align(a, b) {
        fn text(f: &File, i: Option<usize>) -> String {
            i.map_or(String::new(), |i| f.lines[i].to_string())
        }
        let mark = match (row.a, row.b, row.differs) {
            (Some(_), Some(_), false) => '=',
            (Some(_), Some(_), true) => '~',
            (Some(_), None, _) => '<',
            (None, _, _) => '>',
        };
        let line = format!("{mark} {:<28} | {}", text(a, row.a), text(b, row.b));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

const DESIGN: &str = indoc! {r#"
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
    index = 1
    path = "/repo"

    [tls]
    host-type = "ssh"
"#};

#[test]
fn blocks_stand_beside_the_block_with_the_same_pg_index() {
    let out = generate(&Design::from_toml(DESIGN).unwrap());
    assert!(!out.has_errors(), "{:?}", out.diagnostics);
    let got = render(&out.files[0], &out.files[1]);
    // The header's first two lines name the file; the rest is the structure.
    let got: Vec<&str> = got.lines().skip(2).collect();
    assert_eq!(
        got.join("\n"),
        indoc! {"
            = # Its own replica is pg1 (local); the others follow as pg2..pgN. A backup run with | # Its own replica is pg1 (local); the others follow as pg2..pgN. A backup run with
            = # this file copies from the first standby in that order. | # this file copies from the first standby in that order.
            = [global]                     | [global]
            = # repo1: posix               | # repo1: posix
            = repo1-type=posix             | repo1-type=posix
            = repo1-path=/repo             | repo1-path=/repo
            =                              |
            = [main]                       | [main]
            ~ # pg1: p1 on db1 (this file's own replica, local) | # pg1: p2 on db2 (this file's own replica, local)
            = pg1-path=/pg/data            | pg1-path=/pg/data
            >                              | pg1-port=5433
            =                              |
            ~ # pg2: p2 on db2             | # pg2: p1 on db1
            ~ pg2-host=db2                 | pg2-host=db1
            = pg2-host-type=ssh            | pg2-host-type=ssh
            = pg2-path=/pg/data            | pg2-path=/pg/data
            < pg2-port=5433                |"}
    );
}

#[test]
fn every_line_of_both_files_appears_once_in_order() {
    let mut design = Design::from_toml(DESIGN).unwrap();
    let template = design.pooler[0].clone();
    design.pooler = (1..=40)
        .map(|i| pgbr_core::model::Pooler {
            name: format!("p{i}"),
            host: format!("db{i}"),
            pg_port: (i % 3 == 0).then_some(5433),
            ..template.clone()
        })
        .collect();
    let out = generate(&design);
    for (a, b) in [(0, 1), (5, 30), (39, 0)] {
        let rows = align(&out.files[a], &out.files[b]);
        let left: Vec<usize> = rows.iter().filter_map(|r| r.a).collect();
        let right: Vec<usize> = rows.iter().filter_map(|r| r.b).collect();
        assert_eq!(left, (0..out.files[a].lines.len()).collect::<Vec<_>>());
        assert_eq!(right, (0..out.files[b].lines.len()).collect::<Vec<_>>());
        for r in &rows {
            if let (Some(i), Some(j)) = (r.a, r.b) {
                assert_eq!(
                    r.differs,
                    out.files[a].lines[i].to_string() != out.files[b].lines[j].to_string()
                );
            }
        }
    }
}
