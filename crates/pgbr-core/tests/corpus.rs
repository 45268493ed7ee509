//! The corpus: real `pgbackrest.conf` files from public sources (pgBackRest's user guide,
//! Crunchy PGO, Canonical's charm, autobase; tests/corpus/SOURCES.md cites each), one folder
//! per cluster and one folder per host in it. For every cluster the importer reads all its
//! files, generate runs on the design it made, and `diff` compares what generate writes with
//! the files; `expected.txt` in the cluster's folder holds all of it as text, reviewed like
//! the golden files. `UPDATE_GOLDEN=1 cargo test -p pgbr-core --test corpus` rewrites them.
//!
//! It also lists, under UNREPORTED, every change `diff` finds that no lost unmapped note
//! explains: what import changes without saying so. Those are today's gaps; they are
//! recorded, not failed on, so the test fails only when the text differs.

use pgbr_core::diff::{self, Change, FileDiff};
use pgbr_core::import::{ImportError, Unmapped};
use pgbr_core::{catalog, generate, import_with, ImportOptions};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const EXPECTED: &str = "expected.txt";

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// Every `tests/corpus/<source>/<cluster>/` folder, sorted.
fn clusters() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for source in sorted_dirs(&corpus_dir()) {
        out.extend(sorted_dirs(&source));
    }
    out
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The cluster's files (name relative to its folder, with `/`, and text), sorted by name;
/// everything under the folder but `expected.txt`.
fn cluster_files(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if dir != root || path.file_name().is_some_and(|n| n != EXPECTED) {
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.push((name, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// What `expected.txt` holds for one cluster.
fn report(title: &str, files: &[(String, String)]) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# {title}: pgbr import, then generate and diff against the files."
    );
    let _ = writeln!(
        t,
        "# Written by crates/pgbr-core/tests/corpus.rs; tests/corpus/README.md says how to read it."
    );
    let _ = writeln!(t, "\nfiles:");
    for (name, _) in files {
        let _ = writeln!(t, "  {name}");
    }
    match import_with(files, &ImportOptions::default()) {
        Err(ImportError::SeveralStanzas(names)) => {
            let _ = writeln!(
                t,
                "\nseveral stanzas ({}): each imported on its own, as --stanza NAME does",
                names.join(", ")
            );
            for name in names {
                let _ = writeln!(t, "\n== import --stanza {name}");
                let options = ImportOptions {
                    stanza: Some(name.clone()),
                };
                one_import(&mut t, files, &options);
            }
        }
        _ => {
            let _ = writeln!(t, "\n== import");
            one_import(&mut t, files, &ImportOptions::default());
        }
    }
    t
}

fn one_import(t: &mut String, files: &[(String, String)], options: &ImportOptions) {
    let result = match import_with(files, options) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(t, "import error: {e}");
            return;
        }
    };
    let _ = writeln!(t, "stanza: {}", result.design.stanza);
    let _ = writeln!(t, "unmapped:");
    if result.unmapped.is_empty() {
        let _ = writeln!(t, "  none");
    }
    for u in &result.unmapped {
        let flag = if u.lost { "lost" } else { "note" };
        let place = u.place().unwrap_or_else(|| "(the files)".to_string());
        let _ = writeln!(t, "  {flag} {place}: {}", u.message);
    }
    let _ = writeln!(t, "diagnostics:");
    let diagnostics = generate(&result.design).diagnostics;
    if diagnostics.is_empty() {
        let _ = writeln!(t, "  none");
    }
    for d in &diagnostics {
        let _ = writeln!(t, "  {d}");
    }
    let diffs = diff::compare(&result.design, files);
    let _ = writeln!(t, "diff:");
    for line in diff::render(&diffs).lines() {
        let _ = writeln!(t, "  {line}");
    }
    let _ = writeln!(t, "UNREPORTED:");
    let gaps = unreported(&diffs, &result.unmapped);
    if gaps.is_empty() {
        let _ = writeln!(t, "  none");
    }
    for g in gaps {
        let _ = writeln!(t, "  {g}");
    }
}

/// Every difference `diff` reports that no lost unmapped note explains: a file that was not
/// compared needs a lost note about that whole file (line 0: `no pg1 in this file`); a changed
/// option needs a lost note, about its file or about the files as a whole, that [`explains`]
/// it. An option added or removed with pgBackRest's default value is listed
/// too, marked: the file means the same, but the importer or generate changed it unasked.
fn unreported(diffs: &[FileDiff], unmapped: &[Unmapped]) -> Vec<String> {
    let mut out = Vec::new();
    for fd in diffs {
        let notes: Vec<&Unmapped> = unmapped
            .iter()
            .filter(|u| u.lost && (u.file == fd.file || u.file.is_empty()))
            .collect();
        if fd.generated.is_none() {
            // The diagnostics above list the errors that keep generate from writing.
            if fd.paired_by == diff::NOT_GENERATED {
                continue;
            }
            if !notes.iter().any(|u| u.file == fd.file && u.line == 0) {
                out.push(format!(
                    "{}: {} (no lost note about this file)",
                    fd.file, fd.paired_by
                ));
            }
            continue;
        }
        for c in &fd.changes {
            let (section, key, value) = match c {
                Change::Added {
                    section,
                    key,
                    value,
                }
                | Change::Removed {
                    section,
                    key,
                    value,
                } => (section, key, Some(value)),
                Change::Changed { section, key, .. } => (section, key, None),
            };
            let explained = notes.iter().any(|u| explains(&u.message, section, key));
            if !explained {
                let default = value.is_some_and(|v| default_of(key) == Some(v.as_str()));
                out.push(format!(
                    "{}: {}{}",
                    fd.file,
                    c.line(),
                    if default {
                        "  (pgBackRest's default)"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
    out
}

/// Whether a note explains a change of `key` in `[section]`: it is about that whole section
/// (it begins with `[section]`: `[demo-alt] belongs to stanza demo-alt: left out`), or it names
/// the key and, when it names sections at all, that section too (`section [global:restore] has
/// no place in a design: process-max=2` explains `[global:restore] process-max`, not
/// `[global] process-max`).
fn explains(message: &str, section: &str, key: &str) -> bool {
    let bracket = format!("[{section}]");
    if message.starts_with(&bracket) {
        return true;
    }
    // "generate adds it as pg2 (pg2-host=...)" explains every option of that pg2 block;
    // "generate reaches repo2 through it (repo2-host=...)" every repo2-host option.
    match catalog::split_indexed(key) {
        Some(("pg", Some(n), _)) if message.contains(&format!("adds it as pg{n} (")) => {
            return true
        }
        Some(("repo", Some(n), rest))
            if rest.starts_with("host")
                && message.contains(&format!("reaches repo{n} through it (")) =>
        {
            return true
        }
        _ => {}
    }
    let sections_named = message.split('[').skip(1).any(|rest| {
        rest.split_once(']')
            .is_some_and(|(s, _)| !s.is_empty() && !s.contains(' '))
    });
    names(message, key) && (!sections_named || message.contains(&bracket))
}

/// pgBackRest's default for the option `key` (`repo2-type` is `repo-type`'s), from the catalog.
fn default_of(key: &str) -> Option<&'static str> {
    let name = match catalog::split_indexed(key) {
        Some((group, Some(_), rest)) => format!("{group}-{rest}"),
        _ => key.to_string(),
    };
    catalog::find(&name)?.default
}

/// Whether `message` names `key` as a whole word (`repo1-path`, not `repo1-path-x`).
fn names(message: &str, key: &str) -> bool {
    let part = |c: char| c.is_ascii_alphanumeric() || c == '-';
    message.match_indices(key).any(|(i, _)| {
        !message[..i].chars().next_back().is_some_and(part)
            && !message[i + key.len()..].chars().next().is_some_and(part)
    })
}

#[test]
fn every_cluster_matches_its_expected_text() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let root = corpus_dir();
    let all = clusters();
    assert!(
        all.len() >= 12,
        "the corpus has only {} clusters",
        all.len()
    );
    let mut failures = Vec::new();
    for dir in all {
        let title = dir
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let files = cluster_files(&dir);
        assert!(!files.is_empty(), "{title}: no files");
        let text = report(&title, &files);
        // Nothing changes unsaid but pgBackRest's defaults written out or left out.
        let mut gaps = false;
        let silent: Vec<&str> = text
            .lines()
            .filter(|l| {
                gaps = (gaps && l.starts_with("  ")) || *l == "UNREPORTED:";
                gaps && l.starts_with("  ")
            })
            .filter(|l| *l != "  none" && !l.ends_with("  (pgBackRest's default)"))
            .collect();
        if !silent.is_empty() {
            failures.push(format!(
                "{title}: import or generate changes these without a word:\n{}",
                silent.join("\n")
            ));
        }
        let path = dir.join(EXPECTED);
        if update {
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
                path.display()
            )
        });
        if expected != text {
            failures.push(format!(
                "{title}/{EXPECTED} differs (UPDATE_GOLDEN=1 rewrites it, then review the change):\n{}",
                pretty_assertions::StrComparison::new(&expected, &text)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_key_is_named_only_as_a_whole_word() {
    assert!(names("repo1-path is set more than once", "repo1-path"));
    assert!(names("left out: repo1-path=/x", "repo1-path"));
    assert!(!names("repo1-path-x is unknown", "repo1-path"));
    assert!(!names("xrepo1-path is unknown", "repo1-path"));
    assert!(!names("pg10-path has no place", "pg1-path"));
}

#[test]
fn a_note_naming_sections_explains_only_changes_in_them() {
    let left_out =
        "[demo-alt] belongs to stanza demo-alt: left out (import that stanza on its own)";
    assert!(explains(left_out, "demo-alt", "pg1-path"));
    assert!(!explains(left_out, "demo", "pg1-path"));
    let restore = "section [global:restore] has no place in a design: process-max=2";
    assert!(explains(restore, "global:restore", "process-max"));
    assert!(!explains(restore, "global", "process-max"));
    let moved = "recovery-option in [demo]: the design sets options for every stanza in [global]";
    assert!(explains(moved, "demo", "recovery-option"));
    assert!(explains(moved, "global", "recovery-option"));
    assert!(!explains(moved, "demo", "pg1-path"));
    let unknown =
        "repo1-test is not a pgBackRest option (pgBackRest warns and ignores it): left out";
    assert!(explains(unknown, "global", "repo1-test"));
    let through = "repo2 is reached directly from this host (no repo2-host line): the design holds every repository on the repository host, so generate reaches repo2 through it (repo2-host=repo and its repo2-host-* options)";
    assert!(explains(through, "global", "repo2-host"));
    assert!(explains(through, "global", "repo2-host-ca-file"));
    assert!(!explains(through, "global", "repo3-host-ca-file"));
    assert!(!explains(through, "global", "repo2-path"));
}

#[test]
fn defaults_come_from_the_catalog_by_the_option_name_without_its_index() {
    assert_eq!(default_of("repo12-type"), Some("posix"));
    assert_eq!(default_of("pg3-host-type"), Some("ssh"));
    assert_eq!(default_of("tls-server-port"), Some("8432"));
    assert_eq!(default_of("repo1-path"), Some("/var/lib/pgbackrest"));
    assert_eq!(default_of("pg1-path"), None);
}
