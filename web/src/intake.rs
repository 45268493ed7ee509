//! Importing what the user hands in: pasted text or chosen files, either pgbackrest.conf files
//! (and the secrets files beside them) or one design file. The reading is the core's; this only
//! decides which reader a text is for and words the outcome.

use pgbr_core::{import, Design};

/// The name pasted text goes by in messages.
pub const PASTED: &str = "pasted text";

/// A design read from the user's files, and what in them had no place in it.
#[derive(Debug, PartialEq)]
pub struct Imported {
    pub design: Design,
    /// One line per setting that could not be mapped: `file:line: what`.
    pub unmapped: Vec<String>,
}

/// Reads `files` (name, text). An error says why nothing was imported.
pub fn read(files: &[(String, String)]) -> Result<Imported, String> {
    let files: Vec<&(String, String)> =
        files.iter().filter(|(_, t)| !t.trim().is_empty()).collect();
    if files.is_empty() {
        return Err(
            "Nothing to import: paste a pgbackrest.conf or a design file, or choose files.".into(),
        );
    }
    let is_design = |name: &str| {
        let lower = name.to_ascii_lowercase();
        lower.ends_with(".toml") || lower.ends_with(".json")
    };
    match files.as_slice() {
        [(name, text)] if is_design(name) => Design::from_named(name, text)
            .map(whole)
            .map_err(|e| format!("Nothing was imported: {name} is not a design file the designer can read ({e}).")),
        [(name, text)] if name == PASTED => pasted(text),
        _ if files.iter().any(|(n, _)| is_design(n)) => Err(
            "Nothing was imported: choose either one design file (.toml or .json) or pgbackrest.conf files, not both.".into(),
        ),
        _ => {
            let owned: Vec<(String, String)> = files.into_iter().cloned().collect();
            conf(&owned)
        }
    }
}

/// Pasted text carries no name: JSON is a design; TOML that reads as a design is one;
/// anything else is taken for a pgbackrest.conf.
fn pasted(text: &str) -> Result<Imported, String> {
    if text.trim_start().starts_with('{') {
        return Design::from_json(text)
            .map(whole)
            .map_err(|e| format!("Nothing was imported: the pasted JSON is not a design ({e})."));
    }
    match Design::from_toml(text) {
        Ok(d) => Ok(whole(d)),
        // Text with the design's pooler tables was meant as a design: its own error helps.
        Err(e) if text.contains("[[pooler]]") => Err(format!(
            "Nothing was imported: the pasted design cannot be read ({e})."
        )),
        Err(_) => conf(&[(PASTED.to_string(), text.to_string())]),
    }
}

fn whole(design: Design) -> Imported {
    Imported {
        design,
        unmapped: Vec::new(),
    }
}

fn conf(files: &[(String, String)]) -> Result<Imported, String> {
    let result = import::import(files).map_err(|e| format!("Nothing was imported: {e}."))?;
    if result.design.pooler.is_empty() {
        return Err(
            "Nothing was imported: the files describe no replica (no pg1-path in a stanza section)."
                .into(),
        );
    }
    let unmapped = result
        .unmapped
        .iter()
        .map(|u| match (u.file.as_str(), u.line) {
            ("", _) => u.message.clone(),
            (f, 0) => format!("{f}: {}", u.message),
            (f, n) => format!("{f}:{n}: {}", u.message),
        })
        .collect();
    Ok(Imported {
        design: result.design,
        unmapped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pgbr_core::examples::EXAMPLES;
    use pgbr_core::generate;

    /// Every file the designer generates for `design`, named as a browser's file chooser
    /// names them (no folders).
    fn generated(design: &Design) -> (Vec<(String, String)>, Vec<String>) {
        let out = generate(design);
        assert!(!out.has_errors(), "{:?}", out.diagnostics);
        let files = out
            .files
            .iter()
            .map(|f| {
                let base = f.path.rsplit('/').next().unwrap_or(&f.path).to_string();
                (base, f.text())
            })
            .collect();
        let texts = out.files.iter().map(|f| f.text()).collect();
        (files, texts)
    }

    #[test]
    fn each_example_survives_generate_import_generate() {
        for e in EXAMPLES {
            let (files, texts) = generated(&e.design());
            let back = read(&files).unwrap_or_else(|why| panic!("{}: {why}", e.file));
            let (_, again) = generated(&back.design);
            assert_eq!(again, texts, "{}", e.file);
        }
    }

    #[test]
    fn a_design_file_or_pasted_design() {
        let d = EXAMPLES[1].design();
        let toml = d.to_toml();
        assert_eq!(read(&[("a.toml".into(), toml.clone())]).unwrap().design, d);
        assert_eq!(read(&[(PASTED.into(), toml)]).unwrap().design, d);
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(read(&[(PASTED.into(), json)]).unwrap().design, d);
    }

    #[test]
    fn garbage_is_refused_with_a_reason() {
        for (name, text) in [
            (PASTED, "this is not a config file at all"),
            (PASTED, "{\"stanza\": 1}"),
            (PASTED, "[[pooler]]\nname = 3\n"),
            ("x.toml", "stanza = 1"),
            ("pgbackrest.conf", "[global]\nlog-level-console=info\n"),
            (PASTED, "   \n"),
        ] {
            let why = read(&[(name.into(), text.into())]).unwrap_err();
            assert!(why.starts_with("Nothing"), "{name}: {text}: {why}");
        }
        let both = read(&[
            ("a.toml".into(), EXAMPLES[0].design().to_toml()),
            ("pgbackrest.conf".into(), "[main]\npg1-path=/x\n".into()),
        ]);
        assert!(both.unwrap_err().contains("not both"));
    }

    #[test]
    fn what_cannot_be_mapped_is_listed() {
        let text =
            "[main]\npg1-path=/var/lib/postgresql/data\n\n[global]\nrepo1-path=/r\nfrobnicate=1\n";
        let got = read(&[("pgbackrest.conf".into(), text.into())]).unwrap();
        assert_eq!(got.design.stanza, "main");
        assert!(!got.unmapped.is_empty());
        assert!(
            got.unmapped.iter().any(|u| u.contains("frobnicate")),
            "{:?}",
            got.unmapped
        );
    }
}
