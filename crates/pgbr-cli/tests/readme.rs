//! The README's examples are what the program does: its `ini` block is the golden file it shows,
//! every `pgbr` line of "The CLI" runs as written, and the error it quotes is `pgbr check`'s.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// The body of the first fenced block of `lang` after the heading `heading`.
fn block(text: &str, heading: &str, lang: &str) -> String {
    let start = text
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README.md has no heading {heading:?}"));
    let fence = format!("```{lang}\n");
    let body = start
        + text[start..]
            .find(&fence)
            .unwrap_or_else(|| panic!("no ```{lang} block after {heading:?}"))
        + fence.len();
    let end = body + text[body..].find("```").unwrap();
    text[body..end].to_string()
}

#[test]
fn the_ini_block_is_the_golden_file_it_shows() {
    let shown = block(&readme(), "## What it generates", "ini");
    let (head, tail) = shown
        .split_once("...\n")
        .expect("the block ends with `...` where it cuts the file");
    assert_eq!(tail, "");
    let golden = std::fs::read_to_string(
        root().join("tests/golden/multigres-three-poolers/pooler-2/pgbackrest.conf"),
    )
    .unwrap();
    assert!(
        golden.starts_with(head),
        "README.md's ini block is not the start of pooler-2's golden file:\n{}",
        head.lines()
            .zip(golden.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("README: {a}\ngolden: {b}"))
            .unwrap_or_else(|| "(the README has more lines than the file)".into())
    );
    assert!(
        head.lines().count() > 40,
        "the block shows most of the file"
    );
}

#[test]
fn every_cli_line_runs_as_written() {
    let commands: Vec<String> = block(&readme(), "## The CLI", "sh")
        .lines()
        .filter(|l| l.starts_with("pgbr "))
        // A comment starts after two spaces: `pgbr check design.toml   # every diagnostic`.
        .map(|l| l.split("  #").next().unwrap().trim().to_string())
        .collect();
    // Every subcommand of `pgbr --help` is shown, so a new one cannot go undocumented.
    let help = Command::new(env!("CARGO_BIN_EXE_pgbr"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let subcommands: Vec<&str> = help
        .split_once("Commands:\n")
        .unwrap()
        .1
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert_eq!(subcommands.len(), 8, "{help}");
    for sub in &subcommands {
        assert!(
            commands.iter().any(|c| c.split(' ').nth(1) == Some(sub)),
            "README.md's CLI block has no `pgbr {sub}` line"
        );
    }

    // A directory as the lines expect: the examples, a design.toml, and old/ holding the files
    // the design generates (so `pgbr diff` finds nothing to change).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::os::unix::fs::symlink(root().join("examples"), d.join("examples")).unwrap();
    std::fs::copy(
        root().join("examples/multigres-three-poolers.toml"),
        d.join("design.toml"),
    )
    .unwrap();
    for i in 1..=3 {
        let to = d.join(format!("old/pooler-{i}"));
        std::fs::create_dir_all(&to).unwrap();
        std::fs::copy(
            root().join(format!(
                "tests/golden/multigres-three-poolers/pooler-{i}/pgbackrest.conf"
            )),
            to.join("pgbackrest.conf"),
        )
        .unwrap();
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_pgbr")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for command in &commands {
        let out = Command::new("sh")
            .args(["-c", command])
            .current_dir(d)
            .env("PATH", &path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`{command}` exited {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        match command.split(' ').nth(1).unwrap() {
            "diff" => assert_eq!(
                stdout,
                (1..=3)
                    .map(|i| format!("old/pooler-{i}/pgbackrest.conf -> pooler-{i}/pgbackrest.conf (paired by its folder pooler-{i}): no change\n"))
                    .collect::<String>()
            ),
            "options" => assert!(
                stdout.lines().any(|l| l == "repo1-path\tglobal")
                    || stdout.lines().any(|l| l.starts_with("repo-path\t")),
                "{stdout}"
            ),
            "simulate" => assert!(stdout.contains("replica"), "{stdout}"),
            _ => {}
        }
    }
    // What the comments promise was made.
    for made in [
        "out/pooler-1/pgbackrest.conf",
        "out/pooler-3/pgbackrest.conf",
        "multigres-pgbackrest.zip",
    ] {
        assert!(d.join(made).is_file(), "{made} was not written");
    }
    let imported = std::fs::read_to_string(d.join("design.toml")).unwrap();
    assert!(imported.contains("stanza = \"multigres\""), "{imported}");
}

#[test]
fn the_error_it_quotes_is_what_check_prints() {
    let text = readme();
    let quoted = text
        .split('`')
        .find(|s| s.starts_with("error: pooler[1].host: "))
        .expect("README.md quotes a pooler[1].host error");
    let design = std::fs::read_to_string(root().join("examples/multigres-three-poolers.toml"))
        .unwrap()
        .replacen(
            "host = \"replica2\"",
            "host = \"replica2\\nrepo1-path=/tmp\"",
            1,
        );
    assert!(
        design.contains("\\nrepo1-path"),
        "the example names replica2"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("design.toml");
    std::fs::write(&file, design).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pgbr"))
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stderr.lines().chain(stdout.lines()).any(|l| l == quoted),
        "pgbr check did not print {quoted:?}:\n{stdout}{stderr}"
    );
}
