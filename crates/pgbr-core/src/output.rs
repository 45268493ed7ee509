//! Generated files, as data first and text second.
//!
//! Every line holds its data (an option's key and value, a section's name, a comment's text),
//! the section it is in, which replica it belongs to and why it is there; the web preview's
//! highlighting and the JS API read this structure, and [`Line::render`] is the one place a
//! line becomes text.

use crate::diag::Diagnostic;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

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

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// The sections the file opens, in order (`global`, `main`, `global:archive-push`); a
    /// line's `section` is an index into this.
    pub sections: Vec<String>,
    /// The pooler (index into `design.pooler`) written as `pgN` in this file, in pg order;
    /// empty for a secrets file.
    #[serde(rename = "pg-order")]
    pub pg_order: Vec<(u16, usize)>,
    pub lines: Vec<Line>,
}

impl File {
    /// A file of `lines`, each given the section it is in.
    pub fn new(
        path: String,
        mode: u32,
        kind: FileKind,
        host: &str,
        pooler: Option<usize>,
        pg_order: Vec<(u16, usize)>,
        mut lines: Vec<Line>,
    ) -> File {
        let mut sections: Vec<String> = Vec::new();
        let mut current = None;
        for line in &mut lines {
            if let Body::Section(name) = &line.body {
                // pgBackRest merges sections of the same name; so does the index.
                let at = match sections.iter().position(|s| **s == **name) {
                    Some(at) => at,
                    None => {
                        sections.push(name.to_string());
                        sections.len() - 1
                    }
                };
                current = Some(u16::try_from(at).expect("fewer than 65536 sections"));
            }
            line.section = current;
        }
        File {
            path,
            mode,
            kind,
            host: host.to_string(),
            pooler,
            sections,
            pg_order,
            lines,
        }
    }

    /// The file's bytes: each line followed by `\n`.
    pub fn text(&self) -> String {
        // Measured by the same function first: one allocation, no copy as the text grows.
        let mut len = Len(0);
        for line in &self.lines {
            line.render(&mut len).expect("counting cannot fail");
        }
        let mut out = String::with_capacity(len.0 + self.lines.len());
        for line in &self.lines {
            line.render(&mut out)
                .expect("writing to a String cannot fail");
            out.push('\n');
        }
        out
    }

    /// The name of the section `line` is in, if it is in one.
    pub fn section_of(&self, line: &Line) -> Option<&str> {
        line.section.map(|i| self.sections[usize::from(i)].as_str())
    }
}

/// A writer that only counts the bytes.
struct Len(usize);

impl fmt::Write for Len {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

/// Text a line holds: fixed text borrowed, the rest shared. Cloning a line, or a file, copies
/// no text; a large design's hundreds of thousands of `pgN-*` lines share a few thousand keys
/// and values (see the 256 x 256 figures in README.md).
#[derive(Clone)]
pub enum Text {
    Static(&'static str),
    Shared(Rc<str>),
}

impl Text {
    /// A copy of `text`, to share.
    pub fn copy(text: &str) -> Text {
        Text::Shared(Rc::from(text))
    }
}

impl Deref for Text {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        match self {
            Text::Static(s) => s,
            Text::Shared(s) => s,
        }
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::Static("")
    }
}

impl From<&'static str> for Text {
    fn from(s: &'static str) -> Text {
        Text::Static(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Shared(Rc::from(s))
    }
}

impl From<Cow<'static, str>> for Text {
    fn from(s: Cow<'static, str>) -> Text {
        match s {
            Cow::Borrowed(s) => Text::Static(s),
            Cow::Owned(s) => s.into(),
        }
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        **self == **other
    }
}

impl Eq for Text {}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

/// What a line says, by kind.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Body {
    Blank,
    /// A full-line comment's text, without its `# `.
    Comment(Text),
    /// A section header's name, without its brackets.
    Section(Text),
    /// `key=value`: the key as written (`pg2-host`) and the value.
    Option(KeyValue),
    /// `VAR=value` in an environment file: the variable and the value, unquoted.
    Env(KeyValue),
}

/// A key and its value. Most option lines are `pgN-*` lines, hundreds of thousands in a large
/// design: their keys (`pg2-host`) and values (a replica's host) are made once per generation
/// and shared by every file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyValue {
    key: Text,
    value: Text,
}

impl KeyValue {
    pub fn new(key: impl Into<Text>, value: impl Into<Text>) -> KeyValue {
        KeyValue {
            key: key.into(),
            value: value.into(),
        }
    }
    pub fn key(&self) -> &str {
        &self.key
    }
    pub fn value(&self) -> &str {
        &self.value
    }
    /// The key and the value, as held.
    pub fn parts(&self) -> (&Text, &Text) {
        (&self.key, &self.value)
    }
}

/// One line of a generated file.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(as = "LineView<'static>"))]
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub body: Body,
    /// The section it is in (index into [`File::sections`]); a section line's own. `None`
    /// before the first section header, and in an environment file.
    pub section: Option<u16>,
    /// The option's catalog name (`pg-host`, `repo-path`, `compress-type`), for options.
    pub option: Option<&'static str>,
    /// The pooler (index into `design.pooler`) whose replica this line describes.
    pub replica: Option<usize>,
    /// The pg index of the block this line belongs to.
    pub pg: Option<u16>,
    /// The repo index of the block this line belongs to.
    pub repo: Option<u16>,
    /// Why the line is there, in words for a DBA.
    pub why: Text,
}

impl Line {
    pub fn blank() -> Line {
        Line::of(Body::Blank, None, "")
    }
    /// `# text`.
    pub fn comment(text: impl Into<Text>, why: impl Into<Text>) -> Line {
        Line::of(Body::Comment(text.into()), None, why)
    }
    /// `[name]`.
    pub fn section(name: impl Into<Text>, why: impl Into<Text>) -> Line {
        Line::of(Body::Section(name.into()), None, why)
    }
    /// `key=value`; `catalog_name` names the option in the catalog (`pg-host` for `pg2-host`).
    pub fn option(
        key: impl Into<Text>,
        catalog_name: &'static str,
        value: impl Into<Text>,
        why: impl Into<Text>,
    ) -> Line {
        let body = Body::Option(KeyValue::new(key, value));
        Line::of(body, Some(catalog_name), why)
    }
    pub(crate) fn of(body: Body, option: Option<&'static str>, why: impl Into<Text>) -> Line {
        Line {
            body,
            section: None,
            option,
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

    pub fn kind(&self) -> LineKind {
        match self.body {
            Body::Blank => LineKind::Blank,
            Body::Comment(_) => LineKind::Comment,
            Body::Section(_) => LineKind::Section,
            Body::Option(_) => LineKind::Option,
            Body::Env(_) => LineKind::Env,
        }
    }
    /// An option's key as written (`pg2-host`) or an environment line's variable.
    pub fn key(&self) -> Option<&str> {
        match &self.body {
            Body::Option(kv) | Body::Env(kv) => Some(kv.key()),
            _ => None,
        }
    }
    /// An option's or an environment line's value (unquoted).
    pub fn value(&self) -> Option<&str> {
        match &self.body {
            Body::Option(kv) | Body::Env(kv) => Some(kv.value()),
            _ => None,
        }
    }

    /// The line as the file has it, without its `\n`: the one place a line becomes text.
    pub fn render<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        match &self.body {
            Body::Blank => Ok(()),
            Body::Comment(text) => {
                out.write_str("# ")?;
                out.write_str(text)
            }
            Body::Section(name) => {
                out.write_char('[')?;
                out.write_str(name)?;
                out.write_char(']')
            }
            Body::Option(kv) => {
                out.write_str(kv.key())?;
                out.write_char('=')?;
                out.write_str(kv.value())
            }
            Body::Env(kv) => crate::env_file::write(out, kv.key(), kv.value()),
        }
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.render(f)
    }
}

/// A line as the JS API hands it out: its text (rendered, not stored) and its data.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
#[derive(Serialize)]
struct LineView<'a> {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    text: Rendered<'a>,
    kind: LineKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    option: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replica: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pg: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    repo: Option<u16>,
    why: &'a str,
}

/// A line's text, rendered as it is serialised.
struct Rendered<'a>(&'a Line);

impl Serialize for Rendered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self.0)
    }
}

impl Serialize for Line {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (name, comment) = match &self.body {
            Body::Section(name) => (Some(name.as_ref()), None),
            Body::Comment(text) => (None, Some(text.as_ref())),
            _ => (None, None),
        };
        LineView {
            text: Rendered(self),
            kind: self.kind(),
            key: self.key(),
            value: self.value(),
            name,
            comment,
            section: self.section,
            option: self.option,
            replica: self.replica,
            pg: self.pg,
            repo: self.repo,
            why: &self.why,
        }
        .serialize(serializer)
    }
}
