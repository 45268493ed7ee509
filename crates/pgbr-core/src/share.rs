//! Share links: the whole design in a URL fragment, compressed and versioned with the
//! format version, never with a secret.
//!
//! A link's fragment is `#d=v<format>.<base64url(deflate(design JSON))>`. Old versions keep
//! decoding with their own rules, so an old link keeps producing the same files.

use crate::bundle::design_without_secrets;
use crate::model::Design;
use crate::FORMAT_VERSION;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use std::io::{Read, Write};

/// A decoded design may not inflate beyond this: a link is not a way to exhaust memory.
pub const MAX_DESIGN_BYTES: u64 = 4 << 20;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ShareError {
    #[error("this is not a pgbr-designer link (its fragment should start with #d=v1.)")]
    NotALink,
    #[error("this link was made by a newer designer (format {0}; this one reads up to {FORMAT_VERSION}): open it with a newer version")]
    TooNew(u32),
    #[error("this link is damaged: {0}; copy the whole link again")]
    Damaged(String),
    #[error("the link's design cannot be read: {0}")]
    Design(String),
}

/// The fragment (without `#`) that carries `design`, secrets left out.
pub fn encode(design: &Design) -> String {
    let json = serde_json::to_vec(&design_without_secrets(design).to_value())
        .expect("a document serialises");
    let mut z = DeflateEncoder::new(Vec::new(), Compression::best());
    z.write_all(&json).expect("writing to memory cannot fail");
    let packed = z.finish().expect("writing to memory cannot fail");
    format!("d=v{FORMAT_VERSION}.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Reads a design from a link, its fragment, or the fragment without `#`.
pub fn decode(link: &str) -> Result<Design, ShareError> {
    let fragment = link.rsplit_once('#').map(|(_, f)| f).unwrap_or(link).trim();
    let payload = fragment
        .split('&')
        .find_map(|part| part.strip_prefix("d="))
        .ok_or(ShareError::NotALink)?;
    let (version, data) = payload
        .strip_prefix('v')
        .and_then(|p| p.split_once('.'))
        .ok_or(ShareError::NotALink)?;
    let version: u32 = version.parse().map_err(|_| ShareError::NotALink)?;
    if version > FORMAT_VERSION {
        return Err(ShareError::TooNew(version));
    }
    if version == 0 {
        return Err(ShareError::NotALink);
    }
    let packed = URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|e| ShareError::Damaged(format!("not base64url ({e})")))?;
    let mut json = Vec::new();
    DeflateDecoder::new(packed.as_slice())
        .take(MAX_DESIGN_BYTES + 1)
        .read_to_end(&mut json)
        .map_err(|e| ShareError::Damaged(format!("it does not decompress ({e})")))?;
    if json.len() as u64 > MAX_DESIGN_BYTES {
        return Err(ShareError::Damaged(
            "it decompresses to more than 4 MiB".into(),
        ));
    }
    let text =
        String::from_utf8(json).map_err(|_| ShareError::Damaged("it is not UTF-8".into()))?;
    Design::from_json(&text).map_err(|e| ShareError::Design(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::EXAMPLES;

    #[test]
    fn round_trips_every_example_without_secrets() {
        for e in EXAMPLES {
            let d = e.design();
            let link = encode(&d);
            assert!(link.starts_with("d=v1."));
            let back = decode(&format!("https://x.example/designer/#{link}")).unwrap();
            assert_eq!(back, design_without_secrets(&d));
            assert!(!link.contains("example-secret"));
        }
        let five = crate::examples::find("five-replicas-two-zones")
            .unwrap()
            .design();
        let back = decode(&encode(&five)).unwrap();
        assert!(!back.repo[0].options.contains_key("s3-key-secret"));
    }

    #[test]
    fn damaged_links_say_so() {
        let link = encode(&EXAMPLES[0].design());
        assert!(matches!(
            decode(&link[..link.len() / 2]),
            Err(ShareError::Damaged(_))
        ));
        assert_eq!(decode("#hello"), Err(ShareError::NotALink));
        assert_eq!(decode("#d=v9.abc"), Err(ShareError::TooNew(9)));
        assert!(matches!(decode("#d=v1.!!!"), Err(ShareError::Damaged(_))));
        let mut z = DeflateEncoder::new(Vec::new(), Compression::best());
        z.write_all(br#"{"stanza": 1}"#).unwrap();
        let bad = format!("d=v1.{}", URL_SAFE_NO_PAD.encode(z.finish().unwrap()));
        assert!(matches!(decode(&bad), Err(ShareError::Design(_))));
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        let mut z = DeflateEncoder::new(Vec::new(), Compression::best());
        z.write_all(&vec![b' '; 5 << 20]).unwrap();
        let bomb = format!("d=v1.{}", URL_SAFE_NO_PAD.encode(z.finish().unwrap()));
        assert!(bomb.len() < 20_000);
        assert!(matches!(decode(&bomb), Err(ShareError::Damaged(m)) if m.contains("4 MiB")));
    }
}
