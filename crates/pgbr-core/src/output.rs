//! Generated files, as data first and text second.
//!
//! Every line knows what it is, which replica it belongs to and why it is there; the web
//! preview's highlighting and the JS API read this structure, and [`File::text`] renders it.

use crate::diag::Diagnostic;
use serde::Serialize;
use std::borrow::Cow;

/// Everything a design produces: the files (empty when there is an error) and the findings.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Output {
    pub files: Vec<File>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Output {
    pub fn has_errors(&self) -> bool {
        crate::diag::has_errors(&self.diagnostics)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// A `pgbackrest.conf`.
    Config,
    /// `conf.d/secrets.conf`: secret options, an include file.
    SecretsInclude,
    /// `pgbackrest.env`: secret options as `PGBACKREST_*` variables.
    Env,
}

/// One generated file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct File {
    /// Relative path in the output folder, e.g. `pooler-2/pgbackrest.conf`.
    pub path: String,
    /// Unix file mode to install it with.
    pub mode: u32,
    pub kind: FileKind,
    /// The host this file is for.
    pub host: String,
    /// The pooler this file belongs to (index into `design.pooler`); `None` for the repo host.
    pub pooler: Option<usize>,
    pub lines: Vec<Line>,
}

impl File {
    /// The file's bytes: each line followed by `\n`.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.lines.iter().map(|l| l.text.len() + 1).sum());
        for line in &self.lines {
            out.push_str(&line.text);
            out.push('\n');
        }
        out
    }

    /// The pooler (index into `design.pooler`) written as `pgN` in this file, in pg order.
    pub fn pg_order(&self) -> Vec<(u16, usize)> {
        let mut order = Vec::new();
        // Each block is named by one comment; a seen-set keeps this linear at 256 replicas.
        let mut seen = std::collections::HashSet::new();
        for line in &self.lines {
            if let (LineKind::Comment, Some(pg), Some(replica)) = (line.kind, line.pg, line.replica)
            {
                if seen.insert(pg) {
                    order.push((pg, replica));
                }
            }
        }
        order
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineKind {
    Comment,
    Blank,
    Section,
    Option,
    /// `KEY=value` in an environment file.
    Env,
}

/// One line of a generated file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    pub text: String,
    pub kind: LineKind,
    /// The option's catalog name (`pg-host`, `repo-path`, `compress-type`), for options.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub option: Option<&'static str>,
    /// The pooler (index into `design.pooler`) whose replica this line describes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replica: Option<usize>,
    /// The pg index of the block this line belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pg: Option<u16>,
    /// The repo index of the block this line belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repo: Option<u16>,
    /// Why the line is there, in words for a DBA.
    pub why: Cow<'static, str>,
}

impl Line {
    pub fn blank() -> Line {
        Line::plain(String::new(), LineKind::Blank, "")
    }
    pub fn comment(text: impl AsRef<str>, why: impl Into<Cow<'static, str>>) -> Line {
        Line::plain(format!("# {}", text.as_ref()), LineKind::Comment, why)
    }
    pub fn section(name: &str, why: impl Into<Cow<'static, str>>) -> Line {
        Line::plain(format!("[{name}]"), LineKind::Section, why)
    }
    /// `key=value`; `catalog_name` names the option in the catalog (`pg-host` for `pg2-host`).
    pub fn option(
        key: &str,
        catalog_name: &'static str,
        value: &str,
        why: impl Into<Cow<'static, str>>,
    ) -> Line {
        let mut text = String::with_capacity(key.len() + value.len() + 1);
        text.push_str(key);
        text.push('=');
        text.push_str(value);
        Line {
            text,
            kind: LineKind::Option,
            option: Some(catalog_name),
            replica: None,
            pg: None,
            repo: None,
            why: why.into(),
        }
    }
    /// A line whose text is already made (for a comment, starting with `# `).
    pub fn with_text(
        text: String,
        kind: LineKind,
        option: Option<&'static str>,
        why: &'static str,
    ) -> Line {
        Line {
            text,
            kind,
            option,
            replica: None,
            pg: None,
            repo: None,
            why: Cow::Borrowed(why),
        }
    }
    fn plain(text: String, kind: LineKind, why: impl Into<Cow<'static, str>>) -> Line {
        Line {
            text,
            kind,
            option: None,
            replica: None,
            pg: None,
            repo: None,
            why: why.into(),
        }
    }
    pub fn for_pg(mut self, pg: u16, replica: usize) -> Line {
        self.pg = Some(pg);
        self.replica = Some(replica);
        self
    }
    pub fn for_repo(mut self, repo: u16) -> Line {
        self.repo = Some(repo);
        self
    }
}
