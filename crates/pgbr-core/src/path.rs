//! Field paths: where in a design a value lives, as data.
//!
//! Diagnostics carry a [`FieldPath`]; it prints the way the design file spells the field
//! (`pooler[2].host`, 0-based as in JSON, or `global.backup-standby`) and gives the stable
//! element id a face uses for the field's input ([`FieldPath::dom_id`]). No face formats or
//! parses a path: they build one with these constructors or take the one core hands them.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// One step of a path: a table key or a position in an array.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Key(Cow<'static, str>),
    Index(usize),
}

/// A field of a design, e.g. `pooler[2].host`. The empty path is the design as a whole.
/// The design's own keys a face addresses fields by.
pub mod key {
    pub const POOLER: &str = "pooler";
    pub const REPO: &str = "repo";
    pub const TLS: &str = "tls";
    pub const GLOBAL: &str = "global";
    pub const REPO_HOST: &str = "repo-host";
    /// A repository's `index`, `type`, `shared-storage` and `deploy-secrets`.
    pub const INDEX: &str = "index";
    pub const TYPE: &str = "type";
    pub const SHARED_STORAGE: &str = "shared-storage";
    pub const DEPLOY_SECRETS: &str = "deploy-secrets";
    /// `[command.<cmd>]`, the stanza's own options, `[stanza-command.<cmd>]`.
    pub const COMMAND: &str = "command";
    pub const STANZA_OPTIONS: &str = "stanza-options";
    pub const STANZA_COMMAND: &str = "stanza-command";
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(Vec<Step>);

impl FieldPath {
    /// The design as a whole (a finding about no one field).
    pub fn design() -> FieldPath {
        FieldPath(Vec::new())
    }

    /// A top-level key of the design: `stanza`, `global`, `tls`, `repo-host`, ...
    pub fn top(key: impl Into<Cow<'static, str>>) -> FieldPath {
        FieldPath(vec![Step::Key(key.into())])
    }

    /// `pooler[i]`.
    pub fn pooler(i: usize) -> FieldPath {
        FieldPath::top(key::POOLER).at(i)
    }

    /// `repo[i]` (the position in the design's list, not the repository's index).
    pub fn repo(i: usize) -> FieldPath {
        FieldPath::top(key::REPO).at(i)
    }

    /// `global.<option>`.
    pub fn global(option: impl Into<Cow<'static, str>>) -> FieldPath {
        FieldPath::top(key::GLOBAL).key(option)
    }

    /// `tls.<field>`.
    pub fn tls(field: impl Into<Cow<'static, str>>) -> FieldPath {
        FieldPath::top(key::TLS).key(field)
    }

    /// `repo-host.<field>`.
    pub fn repo_host(field: impl Into<Cow<'static, str>>) -> FieldPath {
        FieldPath::top(key::REPO_HOST).key(field)
    }

    /// This path followed by a key: `pooler[2]` + `host` is `pooler[2].host`.
    #[must_use]
    pub fn key(mut self, key: impl Into<Cow<'static, str>>) -> FieldPath {
        self.0.push(Step::Key(key.into()));
        self
    }

    /// This path followed by a position: `repo[0].deploy-secrets` + 1.
    #[must_use]
    pub fn at(mut self, index: usize) -> FieldPath {
        self.0.push(Step::Index(index));
        self
    }

    pub fn steps(&self) -> &[Step] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The top-level key the path starts with (`pooler` for `pooler[2].host`).
    pub fn root(&self) -> Option<&str> {
        match self.0.first() {
            Some(Step::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// The enclosing field (`pooler[2]` for `pooler[2].host`); `None` for the whole design.
    pub fn parent(&self) -> Option<FieldPath> {
        let (_, rest) = self.0.split_last()?;
        Some(FieldPath(rest.to_vec()))
    }

    /// True when `self` is `other` or lies inside it.
    pub fn starts_with(&self, other: &FieldPath) -> bool {
        self.0.starts_with(&other.0)
    }

    /// The element id of the input for this field: `pooler[2].host` is `f-pooler-2-host`.
    /// Stable across releases (end-to-end tests and embedding pages address fields by it).
    pub fn dom_id(&self) -> String {
        let mut id = String::from("f");
        for step in &self.0 {
            id.push('-');
            match step {
                Step::Index(i) => {
                    let _ = write!(id, "{i}");
                }
                Step::Key(k) => id.extend(k.chars().map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })),
            }
        }
        id
    }

    /// Reads a path in its printed form (what [`fmt::Display`] writes). `None` when `text` is
    /// not one.
    pub fn parse(text: &str) -> Option<FieldPath> {
        let mut steps = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']')?;
                steps.push(Step::Index(r[..end].parse().ok()?));
                rest = &r[end + 1..];
            } else {
                let r = if steps.is_empty() {
                    rest
                } else {
                    rest.strip_prefix('.')?
                };
                let end = r.find(['.', '[']).unwrap_or(r.len());
                if end == 0 {
                    return None;
                }
                steps.push(Step::Key(Cow::Owned(r[..end].to_string())));
                rest = &r[end..];
            }
        }
        Some(FieldPath(steps))
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, step) in self.0.iter().enumerate() {
            match step {
                Step::Index(i) => write!(f, "[{i}]")?,
                Step::Key(k) if n == 0 => f.write_str(k)?,
                Step::Key(k) => write!(f, ".{k}")?,
            }
        }
        Ok(())
    }
}

/// Compares with a printed path without allocating (tests and lookups by literal text).
impl PartialEq<str> for FieldPath {
    fn eq(&self, other: &str) -> bool {
        struct Eat<'a>(&'a str);
        impl fmt::Write for Eat<'_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                match self.0.strip_prefix(s) {
                    Some(rest) => {
                        self.0 = rest;
                        Ok(())
                    }
                    None => Err(fmt::Error),
                }
            }
        }
        let mut eat = Eat(other);
        write!(eat, "{self}").is_ok() && eat.0.is_empty()
    }
}

impl PartialEq<&str> for FieldPath {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FieldPath {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<FieldPath, D::Error> {
        let text = Cow::<str>::deserialize(d)?;
        FieldPath::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a field path: {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_as_the_design_file_spells_it() {
        assert_eq!(
            FieldPath::pooler(2).key("host").to_string(),
            "pooler[2].host"
        );
        assert_eq!(
            FieldPath::repo(0).key("deploy-secrets").at(1).to_string(),
            "repo[0].deploy-secrets[1]"
        );
        assert_eq!(
            FieldPath::global("compress-type").to_string(),
            "global.compress-type"
        );
        assert_eq!(FieldPath::design().to_string(), "");
        assert_eq!(FieldPath::top("stanza").to_string(), "stanza");
    }

    #[test]
    fn dom_ids_are_stable() {
        assert_eq!(FieldPath::pooler(2).key("host").dom_id(), "f-pooler-2-host");
        assert_eq!(
            FieldPath::global("compress-type").dom_id(),
            "f-global-compress-type"
        );
        assert_eq!(
            FieldPath::repo(1).key("s3-key").key("deploy").dom_id(),
            "f-repo-1-s3-key-deploy"
        );
        assert_eq!(FieldPath::global("a b:c").dom_id(), "f-global-a_b_c");
    }

    #[test]
    fn parses_what_it_prints_and_refuses_the_rest() {
        for text in [
            "pooler[2].host",
            "repo[0].deploy-secrets[1]",
            "stanza",
            "",
            "tls.ca-file",
        ] {
            let p = FieldPath::parse(text).unwrap();
            assert_eq!(p.to_string(), text);
            assert!(p == text);
        }
        for bad in ["pooler[x]", "pooler[2", ".host", "a..b", "pooler[2]host"] {
            assert_eq!(FieldPath::parse(bad), None, "{bad}");
        }
        assert!(FieldPath::pooler(2).key("host") != "pooler[2].hos");
        assert!(FieldPath::pooler(2).key("host") != "pooler[2].hostx");
    }

    #[test]
    fn parents_roots_and_prefixes() {
        let p = FieldPath::pooler(2).key("host");
        assert_eq!(p.parent(), Some(FieldPath::pooler(2)));
        assert_eq!(p.root(), Some("pooler"));
        assert!(p.starts_with(&FieldPath::pooler(2)));
        assert!(!p.starts_with(&FieldPath::pooler(1)));
        assert_eq!(FieldPath::design().parent(), None);
    }

    #[test]
    fn serializes_as_its_printed_form() {
        let p = FieldPath::repo(1).key("path");
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#""repo[1].path""#);
        assert_eq!(serde_json::from_str::<FieldPath>(&json).unwrap(), p);
    }
}
