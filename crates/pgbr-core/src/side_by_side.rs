//! Two generated files side by side: which line of one stands beside which line of the other.
//!
//! Lines are paired by their place in the structure, not by their text: `pg2-host` of one file
//! stands beside `pg2-host` of the other even when the two files name other replicas there,
//! so a side-by-side view shows "pg2 is pooler-2 here, pooler-3 there" on one row. This is
//! linear in the files' length (a text diff of two 256-replica files, where most blocks
//! differ, would be quadratic).

use crate::output::{Body, File, Line, LineKind};
use serde::Serialize;
use std::collections::HashMap;

/// One row of a side-by-side view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The line of the first file (its index), if it has one here.
    pub a: Option<usize>,
    /// The line of the second file, if it has one here.
    pub b: Option<usize>,
    /// Both lines are here and say different things, or only one file has a line here.
    pub differs: bool,
}

/// Where a line stands in its file: its kind, its pg and repo block, its option key (or
/// environment variable) or section name, and how many lines with that same place came before it.
#[derive(Clone, Copy, Hash, PartialEq, Eq)]
struct Place<'a> {
    kind: LineKind,
    pg: Option<u16>,
    repo: Option<u16>,
    key: &'a str,
    nth: usize,
}

fn places(file: &File) -> Vec<Place<'_>> {
    // How many lines came before at each place (counted under `nth: 0`).
    let mut seen: HashMap<Place, usize> = HashMap::new();
    file.lines
        .iter()
        .map(|l| {
            let mut place = Place {
                kind: l.kind(),
                pg: l.pg,
                repo: l.repo,
                key: key_of(l),
                nth: 0,
            };
            let count = seen.entry(place).or_insert(0);
            place.nth = *count;
            *count += 1;
            place
        })
        .collect()
}

fn key_of(l: &Line) -> &str {
    match &l.body {
        Body::Option(kv) | Body::Env(kv) => kv.key(),
        Body::Section(name) => name,
        Body::Comment(_) | Body::Blank => "",
    }
}

/// The rows of `a` beside `b`, in both files' order: every line of each appears exactly once.
pub fn align(a: &File, b: &File) -> Vec<Row> {
    let pa = places(a);
    let pb = places(b);
    let in_b: HashMap<&Place, usize> = pb.iter().enumerate().map(|(j, p)| (p, j)).collect();
    let mut rows = Vec::with_capacity(a.lines.len().max(b.lines.len()));
    let mut next_b = 0;
    for (i, p) in pa.iter().enumerate() {
        match in_b.get(p) {
            Some(&j) if j >= next_b => {
                rows.extend((next_b..j).map(|j| Row {
                    a: None,
                    b: Some(j),
                    differs: true,
                }));
                rows.push(Row {
                    a: Some(i),
                    b: Some(j),
                    differs: a.lines[i].body != b.lines[j].body,
                });
                next_b = j + 1;
            }
            _ => rows.push(Row {
                a: Some(i),
                b: None,
                differs: true,
            }),
        }
    }
    rows.extend((next_b..b.lines.len()).map(|j| Row {
        a: None,
        b: Some(j),
        differs: true,
    }));
    rows
}
