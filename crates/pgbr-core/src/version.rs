//! pgBackRest release numbers, as targets of a design.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A pgBackRest release, `major.minor` (a patch level is accepted and ignored for gating).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u16,
    pub minor: u16,
}

impl Version {
    pub const fn new(major: u16, minor: u16) -> Self {
        Version { major, minor }
    }

    /// The oldest release the designer targets: the TLS server became public in 2.37.
    pub const OLDEST: Version = Version::new(2, 37);
    /// The newest release whose options the catalog knows.
    pub const NEWEST: Version = Version::new(2, 60);

    /// Every release the designer targets, oldest first.
    pub fn targets() -> impl Iterator<Item = Version> {
        (Version::OLDEST.minor..=Version::NEWEST.minor)
            .map(|m| Version::new(Version::OLDEST.major, m))
    }

    /// Parses `2.57`, `2.57.0` or `2.57.1`.
    pub fn parse(text: &str) -> Result<Version, String> {
        let bad = || {
            format!("'{text}' is not a pgBackRest version; write it as major.minor, e.g. \"2.57\"")
        };
        let mut parts = text.trim().split('.');
        let major = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let minor = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        if let Some(patch) = parts.next() {
            patch.parse::<u16>().map_err(|_| bad())?;
        }
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(Version { major, minor })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(#[allow(dead_code)] f64),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Text(t) => t,
            Raw::Number(_) => {
                return Err(serde::de::Error::custom(
                    "write the pgBackRest version as a string, e.g. \"2.57\" (2.50 as a number would read as 2.5)",
                ))
            }
        };
        Version::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders() {
        assert_eq!(Version::parse("2.57").unwrap(), Version::new(2, 57));
        assert_eq!(Version::parse("2.45.1").unwrap(), Version::new(2, 45));
        assert!(Version::parse("2.9").unwrap() < Version::parse("2.10").unwrap());
        assert!(Version::parse("2").is_err());
        assert!(Version::parse("2.x").is_err());
        assert!(Version::parse("2.5.1.1").is_err());
        let all: Vec<Version> = Version::targets().collect();
        assert_eq!(
            (all[0], *all.last().unwrap()),
            (Version::OLDEST, Version::NEWEST)
        );
        assert_eq!(all.len(), 24);
    }
}
