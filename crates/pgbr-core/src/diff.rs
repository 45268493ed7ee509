//! What generating a design would change against existing files: per host, the options the
//! generated file adds, removes or changes, compared by section and option (order, comments
//! and blank lines do not count; pgBackRest ignores them).

use crate::ini::{self, Ini};
use crate::model::Design;
use crate::output::{Body, File, FileKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// One option that differs.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "change")]
pub enum Change {
    /// Generate writes it; the existing file does not have it.
    Added {
        section: String,
        key: String,
        value: String,
    },
    /// The existing file has it; generate does not write it.
    Removed {
        section: String,
        key: String,
        value: String,
    },
    /// Both have it, with other values (all of a repeated option's values, in order).
    Changed {
        section: String,
        key: String,
        before: Vec<String>,
        after: Vec<String>,
    },
}

/// One existing file against the generated file for the same host.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct FileDiff {
    /// The existing file's name.
    pub file: String,
    /// The generated file it was paired with (`pooler-1/pgbackrest.conf`), if any.
    pub generated: Option<String>,
    pub host: Option<String>,
    /// How the pairing was found, or why none was.
    pub paired_by: String,
    pub changes: Vec<Change>,
    /// Which of the files handed to [`compare`] this is (names may repeat).
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub source: usize,
}

/// Why no file is compared when the design does not validate.
pub const NOT_GENERATED: &str =
    "not compared: the design has errors, so generate writes no file (`pgbr check` lists them)";

/// Compares the existing `files` (name, text) with what `design` generates. Files that do not
/// parse are reported in `paired_by` with no changes.
pub fn compare(design: &Design, files: &[(String, String)]) -> Vec<FileDiff> {
    let out = crate::generate(design);
    let generated: Vec<&File> = out
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Config)
        .collect();
    let mut result = Vec::new();
    let mut parsed: Vec<(&String, Ini)> = Vec::new();
    for (name, text) in files {
        match ini::parse(text) {
            Ok(i) => parsed.push((name, i)),
            Err(e) => result.push(FileDiff {
                file: name.clone(),
                generated: None,
                host: None,
                paired_by: format!("not compared: {e}"),
                changes: Vec::new(),
                source: source_of(files, name),
            }),
        }
    }
    // An include is compared as part of the file pgBackRest appends it to.
    crate::import::merge_includes(&mut parsed, &mut Vec::new());
    // One input file to one generated file: by folder first, then the rest by what they say
    // among the generated files left.
    let mut pairs: Vec<Option<(&File, String)>> = parsed
        .iter()
        .map(|(name, _)| by_folder(name, &generated))
        .collect();
    for (k, (_, ini)) in parsed.iter().enumerate() {
        if pairs[k].is_some() {
            continue;
        }
        let left: Vec<&File> = generated
            .iter()
            .copied()
            .filter(|g| !pairs.iter().flatten().any(|(p, _)| std::ptr::eq(*p, *g)))
            .collect();
        pairs[k] = by_content(ini, &left).or_else(|| match (generated.as_slice(), &left[..]) {
            // A design of one file takes the one file given, whatever it says.
            ([g], [_]) => Some((*g, "the design's only file".into())),
            _ => None,
        });
    }
    for ((name, ini), paired) in parsed.iter().zip(pairs) {
        let (pair, how) = match paired {
            Some((g, how)) => (Some(g), how),
            None if out.has_errors() => (None, NOT_GENERATED.into()),
            None => (None, "not compared: no generated file is for the same host (name the file's folder after the pooler, e.g. pooler-1/pgbackrest.conf)".into()),
        };
        let changes = match pair {
            Some(g) => changes(ini, &options_of(g)),
            None => Vec::new(),
        };
        result.push(FileDiff {
            file: (*name).clone(),
            generated: pair.map(|g| g.path.clone()),
            host: pair.map(|g| g.host.clone()),
            paired_by: how,
            changes,
            source: source_of(files, name),
        });
    }
    result
}

/// The index in `files` of the entry whose name is `name` itself (not an equal name).
fn source_of(files: &[(String, String)], name: &String) -> usize {
    files
        .iter()
        .position(|(n, _)| std::ptr::eq(n, name))
        .expect("a name from these files")
}

/// The generated file for the same host as the file `name`, by its folder's name.
fn by_folder<'a>(name: &str, generated: &[&'a File]) -> Option<(&'a File, String)> {
    let folder = name
        .rsplit_once('/')
        .map(|(d, _)| d.rsplit('/').next().unwrap_or(d))?;
    generated
        .iter()
        .find(|g| g.path.split('/').next() == Some(folder))
        .map(|g| (*g, format!("its folder {folder}")))
}

/// The generated file for the same host as `ini`, from what it says: the remote hosts it
/// names (a pooler's file names every other replica), else its TLS server certificate.
fn by_content<'a>(ini: &Ini, generated: &[&'a File]) -> Option<(&'a File, String)> {
    let hosts = |i: &Ini| -> Vec<String> {
        let mut h: Vec<String> = i
            .sections
            .iter()
            .flat_map(|s| s.entries.iter())
            .filter(|e| {
                matches!(
                    crate::catalog::split_indexed(&e.key),
                    Some((_, Some(_), "host"))
                )
            })
            .map(|e| e.value.clone())
            .collect();
        h.sort();
        h
    };
    let mine = hosts(ini);
    if !mine.is_empty() {
        let same: Vec<&&File> = generated
            .iter()
            .filter(|g| hosts(&options_of(g)) == mine)
            .collect();
        if let [g] = same.as_slice() {
            return Some((g, format!("the hosts it connects to ({})", mine.join(", "))));
        }
    }
    let server_cert = |i: &Ini| {
        i.section("global").and_then(|s| {
            s.entries
                .iter()
                .find(|e| e.key == "tls-server-cert-file")
                .map(|e| e.value.clone())
        })
    };
    if let Some(cert) = server_cert(ini) {
        if let Some(g) = generated
            .iter()
            .find(|g| server_cert(&options_of(g)).as_ref() == Some(&cert))
        {
            return Some((g, format!("its TLS server certificate {cert}")));
        }
    }
    None
}

/// A generated file as pgBackRest reads it, from its structure: its options in their sections
/// (comments are left out; nothing here compares them).
fn options_of(f: &File) -> Ini {
    let mut ini = Ini {
        sections: f
            .sections
            .iter()
            .map(|name| ini::Section {
                name: name.clone(),
                entries: Vec::new(),
            })
            .collect(),
        comments: Vec::new(),
    };
    for (n, l) in f.lines.iter().enumerate() {
        if let (Body::Option(kv), Some(s)) = (&l.body, l.section) {
            ini.sections[usize::from(s)].entries.push(ini::Entry {
                key: kv.key().to_string(),
                value: kv.value().to_string(),
                line: n + 1,
            });
        }
    }
    ini
}

/// Every option of `before` and `after` by (section, key), with all its values in order.
fn options(i: &Ini) -> BTreeMap<(String, String), Vec<String>> {
    let mut m: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for s in &i.sections {
        for e in &s.entries {
            m.entry((s.name.clone(), e.key.clone()))
                .or_default()
                .push(e.value.clone());
        }
    }
    m
}

fn changes(before: &Ini, after: &Ini) -> Vec<Change> {
    let (b, a) = (options(before), options(after));
    let mut out = Vec::new();
    for ((section, key), values) in &b {
        match a.get(&(section.clone(), key.clone())) {
            None => {
                for value in values {
                    out.push(Change::Removed {
                        section: section.clone(),
                        key: key.clone(),
                        value: value.clone(),
                    });
                }
            }
            Some(new) if new != values => out.push(Change::Changed {
                section: section.clone(),
                key: key.clone(),
                before: values.clone(),
                after: new.clone(),
            }),
            Some(_) => {}
        }
    }
    for ((section, key), values) in &a {
        if !b.contains_key(&(section.clone(), key.clone())) {
            for value in values {
                out.push(Change::Added {
                    section: section.clone(),
                    key: key.clone(),
                    value: value.clone(),
                });
            }
        }
    }
    out
}

impl Change {
    /// `+ [global] repo1-bundle=y`, `- ...`, `~ [global] compress-type: lz4 -> zst`.
    pub fn line(&self) -> String {
        match self {
            Change::Added {
                section,
                key,
                value,
            } => format!("+ [{section}] {key}={value}"),
            Change::Removed {
                section,
                key,
                value,
            } => format!("- [{section}] {key}={value}"),
            Change::Changed {
                section,
                key,
                before,
                after,
            } => format!(
                "~ [{section}] {key}: {} -> {}",
                before.join(", "),
                after.join(", ")
            ),
        }
    }
}

/// The comparison as text, one file after the other: its pairing, then one line per change.
pub fn render(diffs: &[FileDiff]) -> String {
    let mut text = String::new();
    for fd in diffs {
        match &fd.generated {
            Some(g) if fd.changes.is_empty() => text.push_str(&format!(
                "{} -> {g} (paired by {}): no change\n",
                fd.file, fd.paired_by
            )),
            Some(g) => text.push_str(&format!(
                "{} -> {g} (paired by {})\n",
                fd.file, fd.paired_by
            )),
            None => text.push_str(&format!("{}: {}\n", fd.file, fd.paired_by)),
        }
        for c in &fd.changes {
            text.push_str(&format!("  {}\n", c.line()));
        }
    }
    text
}

/// Whether generating would leave every file as it is (and every file was compared).
pub fn unchanged(diffs: &[FileDiff]) -> bool {
    diffs
        .iter()
        .all(|d| d.generated.is_some() && d.changes.is_empty())
}

/// What generating does to a line of a before/after view.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    /// Kept as it is (and every comment or blank line).
    Same,
    /// Only the generated file has this option.
    Added,
    /// Only the existing file has this option.
    Removed,
    /// Both have the option, with other values.
    Changed,
}

impl Mark {
    /// The sign [`Change::line`] gives the same change: `+`, `-`, `~`, or a space.
    pub fn sign(self) -> char {
        match self {
            Mark::Same => ' ',
            Mark::Added => '+',
            Mark::Removed => '-',
            Mark::Changed => '~',
        }
    }
}

/// One line of a file as it is, or as generate writes it: its number, its text, its mark.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MarkedLine {
    pub line: usize,
    pub text: String,
    pub mark: Mark,
}

/// An existing file and the generated file it was paired with, whole, with the lines that
/// [`compare`]'s changes are about marked: removed and changed options in `before`, added and
/// changed ones in `after`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BeforeAfter {
    /// The existing file's name.
    pub file: String,
    /// The generated file's path.
    pub generated: String,
    pub before: Vec<MarkedLine>,
    pub after: Vec<MarkedLine>,
    /// The two files line by line: each row an index into `before`, into `after`, or both
    /// (`null` where one file has no line there). An option's line faces the line of the same
    /// option in the same section, whatever its value; other lines face the same text.
    pub rows: Vec<Row>,
}

/// A row of [`BeforeAfter::rows`]: an index into `before`, into `after`, or both.
pub type Row = (Option<usize>, Option<usize>);

/// A before/after view of every existing file in `diffs` (what [`compare`] made of `files`
/// against `design`) that was paired with a generated file. An option an include file holds is
/// in the change list but has no line of the main file to mark.
pub fn before_after(
    design: &Design,
    files: &[(String, String)],
    diffs: &[FileDiff],
) -> Vec<BeforeAfter> {
    let out = crate::generate(design);
    diffs
        .iter()
        .filter_map(|d| {
            let generated = out
                .files
                .iter()
                .find(|f| Some(&f.path) == d.generated.as_ref())?;
            let (_, text) = files.get(d.source)?;
            Some(view(d, text, generated))
        })
        .collect()
}

fn view(d: &FileDiff, text: &str, generated: &File) -> BeforeAfter {
    let mut marks: BTreeMap<(&str, &str), Mark> = BTreeMap::new();
    for c in &d.changes {
        let (section, key, mark) = match c {
            Change::Added { section, key, .. } => (section, key, Mark::Added),
            Change::Removed { section, key, .. } => (section, key, Mark::Removed),
            Change::Changed { section, key, .. } => (section, key, Mark::Changed),
        };
        marks.insert((section.as_str(), key.as_str()), mark);
    }
    let mut before: Vec<MarkedLine> = text
        .lines()
        .enumerate()
        .map(|(i, t)| MarkedLine {
            line: i + 1,
            text: t.to_string(),
            mark: Mark::Same,
        })
        .collect();
    for s in ini::parse(text).map(|i| i.sections).unwrap_or_default() {
        for e in &s.entries {
            let mark = marks.get(&(s.name.as_str(), e.key.as_str()));
            if let (Some(&m @ (Mark::Removed | Mark::Changed)), Some(l)) =
                (mark, before.get_mut(e.line.wrapping_sub(1)))
            {
                l.mark = m;
            }
        }
    }
    let after = generated
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mark = match (&l.body, generated.section_of(l)) {
                (Body::Option(kv), Some(section)) => match marks.get(&(section, kv.key())) {
                    Some(&m @ (Mark::Added | Mark::Changed)) => m,
                    _ => Mark::Same,
                },
                _ => Mark::Same,
            };
            MarkedLine {
                line: i + 1,
                text: l.to_string(),
                mark,
            }
        })
        .collect();
    let rows = align(text, generated);
    BeforeAfter {
        file: d.file.clone(),
        generated: generated.path.clone(),
        before,
        after,
        rows,
    }
}

/// What lines are matched by when two files are aligned: an option by its section and key,
/// any other line by its text without surrounding blanks.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Align<'a> {
    Option(&'a str, &'a str),
    Text(&'a str),
}

/// Above this many lines in the two files together, [`align`] pairs them by position.
pub const ALIGN_MAX_LINES: usize = 10_000;

/// The rows of [`BeforeAfter::rows`]: the existing file's lines and the generated file's,
/// aligned by a longest common subsequence (Myers' algorithm, from `similar`); where a run of
/// lines was replaced by another, they face each other in order.
fn align(text: &str, generated: &File) -> Vec<Row> {
    let (n, m) = (text.lines().count(), generated.lines.len());
    if n + m > ALIGN_MAX_LINES {
        // Myers' time grows with lines times differences: a 3 MB file of comments took 10 s
        // in the browser. Such files face each other line for line, unaligned.
        return (0..n.max(m))
            .map(|i| ((i < n).then_some(i), (i < m).then_some(i)))
            .collect();
    }
    let mut before: Vec<Align> = text.lines().map(|l| Align::Text(l.trim())).collect();
    let sections = ini::parse(text).map(|i| i.sections).unwrap_or_default();
    for s in &sections {
        for e in &s.entries {
            if let Some(t) = before.get_mut(e.line.wrapping_sub(1)) {
                *t = Align::Option(&s.name, &e.key);
            }
        }
    }
    let rendered: Vec<String> = generated.lines.iter().map(|l| l.to_string()).collect();
    let after: Vec<Align> = generated
        .lines
        .iter()
        .zip(&rendered)
        .map(|(l, t)| match (&l.body, generated.section_of(l)) {
            (Body::Option(kv), Some(section)) => Align::Option(section, kv.key()),
            _ => Align::Text(t.trim()),
        })
        .collect();
    let mut rows = Vec::with_capacity(before.len().max(after.len()));
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &before, &after) {
        let (old, new) = (op.old_range(), op.new_range());
        for k in 0..old.len().max(new.len()) {
            let at = |r: &std::ops::Range<usize>| (k < r.len()).then(|| r.start + k);
            rows.push((at(&old), at(&new)));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(lines: &[MarkedLine]) -> Vec<String> {
        lines
            .iter()
            .filter(|l| l.mark != Mark::Same)
            .map(|l| format!("{}{} {}", l.mark.sign(), l.line, l.text))
            .collect()
    }

    #[test]
    fn before_and_after_mark_the_changed_options_lines() {
        let design = crate::examples::EXAMPLES[0].design();
        let out = crate::generate(&design);
        let mine = &out.files[0];
        // The pooler's own file as generated, with one value changed, one option the design
        // does not write and one the design writes left out.
        let text = mine
            .text()
            .replace("compress-type=zst", "compress-type=lz4")
            .replace("start-fast=y\n", "")
            .replace("[global]\n", "[global]\nlog-level-file=debug\n");
        let files = vec![(mine.path.clone(), text)];
        let diffs = compare(&design, &files);
        let views = before_after(&design, &files, &diffs);
        assert_eq!(views.len(), 1);
        let v = &views[0];
        assert_eq!(
            (v.file.as_str(), v.generated.as_str()),
            (mine.path.as_str(), mine.path.as_str())
        );
        let at = |needle: &str| {
            1 + mine
                .lines
                .iter()
                .position(|l| l.to_string() == needle)
                .unwrap_or_else(|| panic!("{needle}"))
        };
        let global = at("[global]");
        let compress = at("compress-type=zst");
        let start = at("start-fast=y");
        // Before: one line more after [global], one less where start-fast was.
        assert_eq!(
            marked(&v.before),
            [
                format!("-{} log-level-file=debug", global + 1),
                format!("~{} compress-type=lz4", compress + 1),
            ]
        );
        assert_eq!(
            marked(&v.after),
            [
                format!("~{compress} compress-type=zst"),
                format!("+{start} start-fast=y"),
            ]
        );
        assert_eq!(v.after.len(), mine.lines.len());
        // Line by line: the changed option faces its new value; a line only one file has
        // faces nothing; every other row is the same line on both sides.
        fn side(lines: &[MarkedLine], i: Option<usize>) -> &str {
            i.map_or("", |i| lines[i].text.as_str())
        }
        let changed: Vec<String> = v
            .rows
            .iter()
            .filter(|&&(b, a)| side(&v.before, b) != side(&v.after, a))
            .map(|&(b, a)| format!("{} | {}", side(&v.before, b), side(&v.after, a)))
            .collect();
        assert_eq!(
            changed,
            [
                "log-level-file=debug | ",
                "compress-type=lz4 | compress-type=zst",
                " | start-fast=y"
            ]
        );
        // Each file's lines once each, in order.
        let befores: Vec<usize> = v.rows.iter().filter_map(|r| r.0).collect();
        let afters: Vec<usize> = v.rows.iter().filter_map(|r| r.1).collect();
        assert_eq!(befores, (0..v.before.len()).collect::<Vec<_>>());
        assert_eq!(afters, (0..v.after.len()).collect::<Vec<_>>());
    }

    #[test]
    fn files_too_long_to_align_face_each_other_line_for_line() {
        let design = crate::examples::EXAMPLES[0].design();
        let mine = crate::generate(&design).files.remove(0);
        let comments = "# a comment\n".repeat(ALIGN_MAX_LINES);
        let files = vec![(mine.path.clone(), format!("{comments}{}", mine.text()))];
        let v = before_after(&design, &files, &compare(&design, &files)).remove(0);
        assert_eq!(v.rows.len(), v.before.len());
        assert_eq!(v.rows[0], (Some(0), Some(0)));
        let last = v.rows.len() - 1;
        assert_eq!(v.rows[last], (Some(last), None));
    }

    #[test]
    fn a_hand_written_file_aligns_by_section_and_key() {
        // Spaces around '=', another order within [global] and a comment of its own: options
        // still face their generated line.
        let design = crate::examples::EXAMPLES[0].design();
        let mine = crate::generate(&design).files.remove(0);
        let text = mine.text();
        let written = text.replace("repo1-type=posix", "# the repository\nrepo1-type = posix");
        let files = vec![(mine.path.clone(), written)];
        let v = before_after(&design, &files, &compare(&design, &files)).remove(0);
        let row = |needle: &str| {
            v.rows
                .iter()
                .find(|r| r.0.is_some_and(|b| v.before[b].text == needle))
                .map(|r| {
                    (
                        r.0.map(|b| v.before[b].text.clone()),
                        r.1.map(|a| v.after[a].text.clone()),
                    )
                })
                .unwrap()
        };
        assert_eq!(
            row("repo1-type = posix"),
            (
                Some("repo1-type = posix".into()),
                Some("repo1-type=posix".into())
            )
        );
        assert_eq!(
            row("# the repository"),
            (Some("# the repository".into()), None)
        );
    }

    #[test]
    fn files_of_the_same_name_each_show_their_own_text() {
        let design = crate::examples::EXAMPLES[0].design();
        let out = crate::generate(&design);
        let name = "pgbackrest.conf".to_string();
        let files: Vec<(String, String)> = out.files[..2]
            .iter()
            .map(|f| (name.clone(), f.text()))
            .collect();
        let diffs = compare(&design, &files);
        let views = before_after(&design, &files, &diffs);
        let shown: Vec<String> = views
            .iter()
            .map(|v| {
                v.before
                    .iter()
                    .map(|l| format!("{}\n", l.text))
                    .collect::<String>()
            })
            .collect();
        assert_eq!(shown, [files[0].1.clone(), files[1].1.clone()]);
    }
}
