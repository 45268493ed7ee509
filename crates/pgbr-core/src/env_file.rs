//! The lines of `pgbackrest.env`, `PGBACKREST_REPO1_CIPHER_PASS=value`: written by generate,
//! read back by import, so the two directions are one codec.

use std::fmt;

/// The characters a value may have and still be written without quotes.
const BARE: &str = "_@%+=:,./-";

/// Whether a file given to import is an environment file (`pgbackrest.env`, `db1.env`), read
/// as `PGBACKREST_` variables rather than as a pgbackrest.conf.
pub fn is_env_file(name: &str) -> bool {
    name.ends_with(".env")
}

/// Writes the line that sets variable `name` (`PGBACKREST_REPO1_S3_KEY`) to `value`, the value in
/// single quotes when it holds anything but letters, digits and `_@%+=:,./-`. A value with a
/// single quote cannot be written (see [`encodable`]).
pub fn write<W: fmt::Write>(out: &mut W, name: &str, value: &str) -> fmt::Result {
    out.write_str(name)?;
    out.write_char('=')?;
    if value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || BARE.contains(c))
    {
        out.write_str(value)
    } else {
        out.write_char('\'')?;
        out.write_str(value)?;
        out.write_char('\'')
    }
}

/// Whether [`write`] can write `value` so that [`decode`] reads it back.
pub fn encodable(value: &str) -> bool {
    !value.contains('\'')
}

/// The option and value a line that is neither blank nor a comment sets:
/// `PGBACKREST_REPO1_S3_KEY='a b'` → (`repo1-s3-key`, `a b`); `None` when it is not a
/// `PGBACKREST_` variable.
pub fn decode(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once('=')?;
    let key = name
        .trim()
        .strip_prefix("PGBACKREST_")?
        .to_ascii_lowercase()
        .replace('_', "-");
    let value = value.trim();
    let value = value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or(value);
    Some((key, value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::catalog;

    fn encode(key: &str, value: &str) -> String {
        let mut line = String::new();
        write(&mut line, &catalog::env_name(key), value).unwrap();
        line
    }

    #[test]
    fn lines_read_back_as_written() {
        assert_eq!(
            encode("repo1-s3-key", "AKIA/x+y=z"),
            "PGBACKREST_REPO1_S3_KEY=AKIA/x+y=z"
        );
        assert_eq!(
            encode("repo2-cipher-pass", "a b$c"),
            "PGBACKREST_REPO2_CIPHER_PASS='a b$c'"
        );
        for (key, value) in [
            ("repo1-s3-key", "AKIA/x+y=z"),
            ("repo2-cipher-pass", "a b$c"),
        ] {
            assert_eq!(
                decode(&encode(key, value)),
                Some((key.to_string(), value.to_string()))
            );
        }
        assert_eq!(
            decode(" PGBACKREST_REPO1_PATH = /r "),
            Some(("repo1-path".into(), "/r".into()))
        );
        assert_eq!(decode("PATH=/usr/bin"), None);
        assert_eq!(decode("PGBACKREST_REPO1_PATH"), None);
        assert!(encodable("a b") && !encodable("it's"));
        assert!(is_env_file("pooler-1/pgbackrest.env") && !is_env_file("pgbackrest.conf"));
    }
}
