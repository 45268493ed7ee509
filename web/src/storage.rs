//! Keeping the work: the design is saved in the browser's localStorage on every change and read
//! back on load. Secrets are left out unless the user opts in; saved data that cannot be read is
//! moved aside under its own key and reported, never silently dropped.

use pgbr_core::bundle::design_without_secrets;
use pgbr_core::Design;
use serde::{Deserialize, Serialize};

/// Where the design is saved.
pub const KEY: &str = "pgbr-designer.design";
/// Where unreadable saved data is moved.
pub const ASIDE: &str = "pgbr-designer.set-aside";

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Saved {
    format: u32,
    save_secrets: bool,
    design: Design,
}

/// The text saved for `design`: without secret values unless `save_secrets`.
pub fn encode(design: &Design, save_secrets: bool) -> String {
    let design = if save_secrets {
        design.clone()
    } else {
        design_without_secrets(design)
    };
    serde_json::to_string(&Saved {
        format: pgbr_core::FORMAT_VERSION,
        save_secrets,
        design,
    })
    .expect("a design always serialises to JSON")
}

/// The design and the secrets choice in saved `text`, or why it cannot be read.
pub fn decode(text: &str) -> Result<(Design, bool), String> {
    let saved: Saved = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if saved.format != pgbr_core::FORMAT_VERSION {
        return Err(format!(
            "it was saved in design format {}, this designer reads {}",
            saved.format,
            pgbr_core::FORMAT_VERSION
        ));
    }
    Ok((saved.design, saved.save_secrets))
}

/// What was found in storage.
pub struct Loaded {
    pub design: Option<Design>,
    pub save_secrets: bool,
    pub notice: Option<String>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the saved design; unreadable data is moved to [`ASIDE`] and reported.
pub fn load() -> Loaded {
    let Some(store) = storage() else {
        return Loaded {
            design: None,
            save_secrets: false,
            notice: Some("This browser does not let the designer save your work (localStorage is unavailable).".into()),
        };
    };
    let Some(text) = store.get_item(KEY).ok().flatten() else {
        return Loaded {
            design: None,
            save_secrets: false,
            notice: None,
        };
    };
    match decode(&text) {
        Ok((design, save_secrets)) => Loaded {
            design: Some(design),
            save_secrets,
            notice: None,
        },
        Err(why) => {
            set_aside(&store, &text);
            Loaded {
                design: None,
                save_secrets: false,
                notice: Some(format!(
                    "Your saved design could not be read ({why}). It was kept in this browser's storage under \"{ASIDE}\" and the example was opened instead."
                )),
            }
        }
    }
}

fn set_aside(store: &web_sys::Storage, text: &str) {
    let _ = store.set_item(ASIDE, text);
    let _ = store.remove_item(KEY);
}

/// Saves `design` (see [`encode`]).
pub fn save(design: &Design, save_secrets: bool) {
    if let Some(store) = storage() {
        let _ = store.set_item(KEY, &encode(design, save_secrets));
    }
}

/// Moves the saved design aside, so the next start opens on the example.
pub fn reset() {
    if let Some(store) = storage() {
        if let Some(text) = store.get_item(KEY).ok().flatten() {
            set_aside(&store, &text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pgbr_core::model::OptValue;

    fn with_secret() -> Design {
        let mut d = pgbr_core::examples::EXAMPLES[0].design();
        d.repo[0]
            .options
            .insert("cipher-type".into(), OptValue::Text("aes-256-cbc".into()));
        d.repo[0]
            .options
            .insert("cipher-pass".into(), OptValue::Text("s3cret".into()));
        d
    }

    #[test]
    fn secrets_are_saved_only_when_asked() {
        let d = with_secret();
        let plain = encode(&d, false);
        assert!(!plain.contains("s3cret"));
        let (back, keep) = decode(&plain).unwrap();
        assert!(!keep);
        assert_eq!(back, design_without_secrets(&d));
        let (back, keep) = decode(&encode(&d, true)).unwrap();
        assert!(keep);
        assert_eq!(back, d);
    }

    #[test]
    fn corrupt_or_foreign_data_is_explained() {
        assert!(decode("{not json").is_err());
        let wrong = encode(&with_secret(), false).replace("\"format\":1", "\"format\":99");
        assert!(decode(&wrong).unwrap_err().contains("format 99"));
    }
}
