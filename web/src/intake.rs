//! Importing what the user hands in: pasted text or chosen files, either pgbackrest.conf files
//! (and the secrets files beside them) or one design file. The reading, and the format of a
//! design text, are the core's; this only tells a design from config files and words the outcome.

use pgbr_core::import::ImportError;
use pgbr_core::model::Format;
use pgbr_core::{fields, import_with, Design, ImportOptions};

/// The name pasted text goes by in messages.
pub const PASTED: &str = "pasted text";

/// A design read from the user's files, and what in them had no place in it.
#[derive(Debug, PartialEq)]
pub struct Imported {
    pub design: Design,
    /// One line per setting that could not be mapped: `file:line: what`.
    pub unmapped: Vec<String>,
    /// What generating the imported design would change in the files, per file (empty for a
    /// design file).
    pub changes: String,
    /// Whether generating leaves every file as it was.
    pub unchanged: bool,
    /// Each compared file before and after, its changed lines marked.
    pub views: Vec<pgbr_core::diff::BeforeAfter>,
}

/// Why nothing was imported.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// In words.
    Why(String),
    /// The files hold these stanzas: the user picks one.
    Stanzas(Vec<String>),
}

/// Reads `files` (name, text). An error says why nothing was imported.
pub fn read(files: &[(String, String)]) -> Result<Imported, String> {
    read_stanza(files, None).map_err(|r| match r {
        Refusal::Why(w) => w,
        Refusal::Stanzas(s) => format!(
            "Nothing was imported: the files hold several stanzas ({}); import one at a time.",
            s.join(", ")
        ),
    })
}

/// Reads `files`; `stanza` picks one when the pgbackrest.conf files hold several.
pub fn read_stanza(files: &[(String, String)], stanza: Option<&str>) -> Result<Imported, Refusal> {
    let why = |w: String| Refusal::Why(w);
    let files: Vec<&(String, String)> =
        files.iter().filter(|(_, t)| !t.trim().is_empty()).collect();
    if files.is_empty() {
        return Err(why(format!(
            "Nothing to import: paste a {} or a design file, or choose files.",
            fields::config_file_name()
        )));
    }
    let is_design = |name: &str| Format::of_name(name).is_some();
    match files.as_slice() {
        [(name, text)] if is_design(name) => Design::from_named(name, text)
            .map(whole)
            .map_err(|e| why(format!("Nothing was imported: {name} is not a design file the designer can read ({e})."))),
        [(name, text)] if name == PASTED => pasted(text, stanza),
        _ if files.iter().any(|(n, _)| is_design(n)) => Err(why(
            format!("Nothing was imported: choose either one design file (.toml or .json) or {} files, not both.", fields::config_file_name()),
        )),
        _ => {
            let owned: Vec<(String, String)> = files.into_iter().cloned().collect();
            conf(&owned, stanza)
        }
    }
}

/// Pasted text carries no name: JSON is a design; TOML that reads as a design is one;
/// anything else is taken for a pgbackrest.conf.
fn pasted(text: &str, stanza: Option<&str>) -> Result<Imported, Refusal> {
    match Design::from_text(text) {
        Ok(d) => Ok(whole(d)),
        Err(e) if Format::of_text(text) == Format::Json => Err(Refusal::Why(format!(
            "Nothing was imported: the pasted JSON is not a design ({e})."
        ))),
        // Text with the design's pooler tables was meant as a design: its own error helps.
        Err(e) if text.contains("[[pooler]]") => Err(Refusal::Why(format!(
            "Nothing was imported: the pasted design cannot be read ({e})."
        ))),
        Err(_) => conf(&[(PASTED.to_string(), text.to_string())], stanza),
    }
}

fn whole(design: Design) -> Imported {
    Imported {
        design,
        unmapped: Vec::new(),
        changes: String::new(),
        unchanged: true,
        views: Vec::new(),
    }
}

fn conf(files: &[(String, String)], stanza: Option<&str>) -> Result<Imported, Refusal> {
    let options = ImportOptions {
        stanza: stanza.map(str::to_string),
    };
    let result = import_with(files, &options).map_err(|e| match e {
        ImportError::SeveralStanzas(names) => Refusal::Stanzas(names),
        e => Refusal::Why(format!("Nothing was imported: {e}.")),
    })?;
    if result.design.pooler.is_empty() {
        return Err(Refusal::Why(format!(
            "Nothing was imported: the files describe no replica (no {}-path in a stanza section).",
            fields::pg_prefix(1)
        )));
    }
    let unmapped = result.unmapped.iter().map(ToString::to_string).collect();
    let conf_files: Vec<(String, String)> = files
        .iter()
        .filter(|(n, _)| !pgbr_core::env_file::is_env_file(n))
        .cloned()
        .collect();
    let diffs = pgbr_core::diff::compare(&result.design, &conf_files);
    let views = pgbr_core::diff::before_after(&result.design, &conf_files, &diffs);
    Ok(Imported {
        design: result.design,
        unmapped,
        changes: pgbr_core::diff::render(&diffs),
        unchanged: pgbr_core::diff::unchanged(&diffs),
        views,
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
    fn several_stanzas_ask_which_one() {
        let text = "[global]\nrepo1-path=/r\nrepo1-retention-full=1\n[a]\npg1-path=/pa\n[b]\npg1-path=/pb\n";
        let files = vec![("pgbackrest.conf".to_string(), text.to_string())];
        assert_eq!(
            read_stanza(&files, None),
            Err(Refusal::Stanzas(vec!["a".into(), "b".into()]))
        );
        let got = read_stanza(&files, Some("b")).unwrap();
        assert_eq!(
            (
                got.design.stanza.as_str(),
                got.design.pooler[0].pg_path.as_str()
            ),
            ("b", "/pb")
        );
        assert!(got.unmapped.iter().any(|u| u == "pgbackrest.conf:5: [a] belongs to stanza a: left out (import that stanza on its own)"), "{:?}", got.unmapped);
    }

    #[test]
    fn an_import_says_what_generating_would_change() {
        // A hand-written file: the designer writes repo1-type and its header comments, and
        // reads the old name as the new one.
        let text = "[global]\nrepo1-path=/r\nrepo1-retention-full=1\nretention-diff=2\n[main]\npg1-path=/p\n";
        let got = read(&[("db1/pgbackrest.conf".to_string(), text.to_string())]).unwrap();
        assert!(!got.unchanged);
        assert_eq!(
            got.changes,
            "db1/pgbackrest.conf -> db1/pgbackrest.conf (paired by its folder db1)\n\
             \x20 - [global] retention-diff=2\n\
             \x20 + [global] repo1-retention-diff=2\n\
             \x20 + [global] repo1-type=posix\n"
        );
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
