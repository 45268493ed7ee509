//! pgBackRest's INI dialect, exactly: full-line `#` comments only, `[section]` headers,
//! `key=value` split at the first `=`, key and value trimmed, no quoting, no continuation,
//! repeated keys kept in order (list and hash options repeat).

/// A parsed file: its sections in order of first appearance (duplicates merged, as
/// pgBackRest does) and its comments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ini {
    pub sections: Vec<Section>,
    pub comments: Vec<Comment>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    pub name: String,
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    /// 1-based line number.
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The text after `#`, trimmed.
    pub text: String,
    pub line: usize,
}

/// A line pgBackRest would refuse, with pgBackRest's own wording where it has one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct IniError {
    pub line: usize,
    pub message: String,
}

impl Ini {
    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }
}

fn err(line: usize, message: impl Into<String>) -> IniError {
    IniError {
        line,
        message: message.into(),
    }
}

/// Parses `text` as pgBackRest would read it.
pub fn parse(text: &str) -> Result<Ini, IniError> {
    if text.starts_with('\u{feff}') {
        return Err(err(1, "the file starts with a byte-order mark, which pgBackRest reads as part of the first line: save it without a BOM"));
    }
    let mut ini = Ini::default();
    let mut current: Option<usize> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        let line = raw.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n' | '\x0b' | '\x0c'));
        if line.is_empty() {
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            ini.comments.push(Comment {
                text: c.trim().to_string(),
                line: n,
            });
            continue;
        }
        if line.starts_with('[') {
            let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) else {
                return Err(err(n, "ini section should end with ]"));
            };
            if name.is_empty() {
                return Err(err(n, "invalid empty section"));
            }
            current = Some(match ini.sections.iter().position(|s| s.name == name) {
                Some(pos) => pos,
                None => {
                    ini.sections.push(Section {
                        name: name.to_string(),
                        entries: Vec::new(),
                    });
                    ini.sections.len() - 1
                }
            });
            continue;
        }
        let Some(sec) = current else {
            return Err(err(n, "key/value found outside of section"));
        };
        let Some((key, value)) = line.split_once('=') else {
            return Err(err(n, "missing '=' in key/value"));
        };
        let (key, value) = (key.trim(), value.trim());
        if key.is_empty() {
            return Err(err(n, "key is zero-length"));
        }
        if value.is_empty() {
            return Err(err(
                n,
                format!(
                    "section '{}', key '{key}' must have a value",
                    ini.sections[sec].name
                ),
            ));
        }
        ini.sections[sec].entries.push(Entry {
            key: key.to_string(),
            value: value.to_string(),
            line: n,
        });
    }
    Ok(ini)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_dialect() {
        let ini = parse("# c\n[global]\n  a = b=c \nx=1\nx=2\n[s]\n[global]\ny=z\r\n").unwrap();
        let g = ini.section("global").unwrap();
        let got: Vec<(&str, &str)> = g
            .entries
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(got, [("a", "b=c"), ("x", "1"), ("x", "2"), ("y", "z")]);
        assert_eq!(ini.sections.len(), 2);
        assert_eq!(ini.comments[0].text, "c");
    }

    #[test]
    fn refuses_what_pgbackrest_refuses() {
        assert_eq!(
            parse("a=b").unwrap_err().message,
            "key/value found outside of section"
        );
        assert_eq!(
            parse("[s]\n; c").unwrap_err().message,
            "missing '=' in key/value"
        );
        assert_eq!(parse("[]").unwrap_err().message, "invalid empty section");
        assert_eq!(
            parse("[s").unwrap_err().message,
            "ini section should end with ]"
        );
        assert_eq!(parse("[s]\n=x").unwrap_err().message, "key is zero-length");
        assert_eq!(
            parse("[s]\nk=  ").unwrap_err().message,
            "section 's', key 'k' must have a value"
        );
        assert_eq!(parse("[s]\n\nk").unwrap_err().line, 3);
    }

    #[test]
    fn end_of_line_text_is_part_of_the_value() {
        let ini = parse("[s]\nk=v # not a comment").unwrap();
        assert_eq!(ini.sections[0].entries[0].value, "v # not a comment");
    }
}
