//! Whether a file's text is the UTF-8 pgBackRest reads: one check for every file the designer
//! is handed (design files, pgbackrest.conf, secrets files), from bytes or from text already
//! decoded elsewhere (a browser, JavaScript).

/// Why a file's text is not UTF-8, and how to convert it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotUtf8 {
    /// UTF-16 read as bytes (a byte-order mark) or as UTF-8 (full of NULs).
    #[error("not UTF-8 text: it looks like UTF-16 (NUL bytes, or a UTF-16 byte-order mark): save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)")]
    Utf16,
    /// Bytes that are no UTF-8, at this offset.
    #[error("not UTF-8 text: the byte at offset {0} is not UTF-8 (Latin-1?): convert it to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)")]
    InvalidByte(usize),
    /// Text decoded leniently from something that was not UTF-8.
    #[error("not UTF-8 text: it contains U+FFFD replacement characters: it was not UTF-8 when it was read (Latin-1?); convert it to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)")]
    Replaced,
}

/// A file's bytes as text, or why they are not UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<String, NotUtf8> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(NotUtf8::Utf16);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        // UTF-16 of ASCII text without a byte-order mark is valid UTF-8 but for its NULs;
        // with an odd letter it is invalid: the NULs are the better clue either way.
        if e.as_bytes().contains(&0) {
            NotUtf8::Utf16
        } else {
            NotUtf8::InvalidByte(e.utf8_error().valid_up_to())
        }
    })?;
    check(&text)?;
    Ok(text)
}

/// Text that was not UTF-8 before it reached us: UTF-16 read as UTF-8 is full of NULs, and a
/// Latin-1 file decoded leniently holds U+FFFD where its accented letters were.
pub fn check(text: &str) -> Result<(), NotUtf8> {
    if text.contains('\0') {
        Err(NotUtf8::Utf16)
    } else if text.contains('\u{fffd}') {
        Err(NotUtf8::Replaced)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_problem_says_how_to_convert() {
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("[global]\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            decode(utf16).unwrap_err().to_string(),
            "not UTF-8 text: it looks like UTF-16 (NUL bytes, or a UTF-16 byte-order mark): save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)"
        );
        let no_bom: Vec<u8> = "[gl\u{f6}bal]"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(decode(no_bom), Err(NotUtf8::Utf16));
        assert_eq!(
            decode(b"stanza = \"caf\xe9\"\n".to_vec()).unwrap_err().to_string(),
            "not UTF-8 text: the byte at offset 13 is not UTF-8 (Latin-1?): convert it to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)"
        );
        assert_eq!(
            check("pg1-user=jos\u{fffd}\n").unwrap_err().to_string(),
            "not UTF-8 text: it contains U+FFFD replacement characters: it was not UTF-8 when it was read (Latin-1?); convert it to UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)"
        );
        assert_eq!(check("a\0b"), Err(NotUtf8::Utf16));
        assert_eq!(
            decode("stanza = \"café\"\n".into()).as_deref(),
            Ok("stanza = \"café\"\n")
        );
    }
}
