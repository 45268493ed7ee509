//! Keeping the work: the design is saved in the browser's localStorage on every change and read
//! back on load. Secrets are left out unless the user opts in; saved data that cannot be read is
//! moved aside under its own key and reported, never silently dropped. A write the browser refuses
//! (its storage is full) leaves the last save as it was: a value is only ever replaced whole, and
//! the saved design is removed only once its copy aside is written.

use pgbr_core::bundle::design_without_secrets;
use pgbr_core::Design;
use serde::{Deserialize, Serialize};

/// Where the design is saved.
pub const KEY: &str = "pgbr-designer.design";
/// Where unreadable saved data is moved: this key, or `<ASIDE>.2`, `.3`, ... when it already
/// holds something else (nothing set aside is ever written over).
pub const ASIDE: &str = "pgbr-designer.set-aside";

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Saved {
    format: u32,
    save_secrets: bool,
    /// Read by [`Design::from_value`], the one reader of designs.
    design: serde_json::Value,
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
        design: design.to_value(),
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
    let design = Design::from_value(saved.design).map_err(|e| e.to_string())?;
    Ok((design, saved.save_secrets))
}

/// The storage calls the designer makes: localStorage in the browser, a map in the tests.
pub trait Shelf {
    fn read(&self, key: &str) -> Option<String>;
    /// Replaces the value whole, or leaves it as it was and says why (a full storage).
    fn write(&self, key: &str, value: &str) -> Result<(), String>;
    fn delete(&self, key: &str);
}

impl Shelf for web_sys::Storage {
    fn read(&self, key: &str) -> Option<String> {
        self.get_item(key).ok().flatten()
    }

    fn write(&self, key: &str, value: &str) -> Result<(), String> {
        self.set_item(key, value).map_err(|e| {
            use wasm_bindgen::JsCast;
            e.dyn_ref::<web_sys::DomException>()
                .map_or_else(|| "the browser refused".into(), |d| d.name())
        })
    }

    fn delete(&self, key: &str) {
        let _ = self.remove_item(key);
    }
}

/// What was found in storage.
pub struct Loaded {
    pub design: Option<Design>,
    pub save_secrets: bool,
    pub notice: Option<String>,
    /// False when saving would overwrite data that could not be set aside (or there is no storage).
    pub can_save: bool,
}

impl Loaded {
    /// Nothing saved, and nothing to be saved (embed mode).
    pub fn nothing() -> Loaded {
        Loaded {
            design: None,
            save_secrets: false,
            notice: None,
            can_save: false,
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads the saved design; unreadable data is moved to [`ASIDE`] and reported.
pub fn load() -> Loaded {
    match storage() {
        Some(store) => load_from(&store),
        None => Loaded {
            notice: Some("This browser does not let the designer save your work (localStorage is unavailable).".into()),
            ..Loaded::nothing()
        },
    }
}

/// [`load`] from `store`.
pub fn load_from(store: &impl Shelf) -> Loaded {
    let Some(text) = store.read(KEY) else {
        return Loaded {
            can_save: true,
            ..Loaded::nothing()
        };
    };
    match decode(&text) {
        Ok((design, save_secrets)) => Loaded {
            design: Some(design),
            save_secrets,
            notice: None,
            can_save: true,
        },
        Err(why) => match set_aside(store, &text) {
            Ok(aside) => Loaded {
                notice: Some(format!(
                    "Your saved design could not be read ({why}). It was kept in this browser's storage under \"{aside}\" and the example was opened instead."
                )),
                can_save: true,
                ..Loaded::nothing()
            },
            Err(refused) => Loaded {
                notice: Some(format!(
                    "Your saved design could not be read ({why}), and there is no room in this browser's storage to set it aside ({refused}). It was left under \"{KEY}\" untouched, the example was opened instead, and nothing will be saved over it: download the design file to keep your changes."
                )),
                ..Loaded::nothing()
            },
        },
    }
}

/// Copies `text` to the first free [`ASIDE`] key, and only once that is written removes it from
/// [`KEY`]. The key it went to, or why the browser refused.
fn set_aside(store: &impl Shelf, text: &str) -> Result<String, String> {
    let aside = (1..)
        .map(|n| match n {
            1 => ASIDE.to_string(),
            n => format!("{ASIDE}.{n}"),
        })
        .find(|key| store.read(key).is_none_or(|held| held == text))
        .expect("a free key");
    store.write(&aside, text)?;
    store.delete(KEY);
    Ok(aside)
}

/// Saves `design` (see [`encode`]); an error is the message for the user.
pub fn save(design: &Design, save_secrets: bool) -> Result<(), String> {
    match storage() {
        Some(store) => save_to(&store, design, save_secrets),
        None => Ok(()),
    }
}

/// [`save`] to `store`. The last save stays whole when the new one cannot be written.
pub fn save_to(store: &impl Shelf, design: &Design, save_secrets: bool) -> Result<(), String> {
    let text = encode(design, save_secrets);
    if store.read(KEY).as_deref() == Some(text.as_str()) {
        return Ok(());
    }
    store.write(KEY, &text).map_err(|why| {
        format!("Your latest changes could not be saved in this browser: its storage is full ({why}). They stay on screen and the last saved design is kept as it was; download the design file to keep them, or free some of this site's storage.")
    })
}

/// The message once saving works again after [`save`] failed.
pub const SAVED_AGAIN: &str = "Your design is saved in this browser again.";

/// Moves the saved design aside, so the app opens on the example (`?reset`, the error banner's
/// link). When the browser's storage has no room for the copy, the saved design stays where it
/// is, and the message says so: the app must then neither load it nor save over it.
pub fn reset() -> Result<(), String> {
    match storage() {
        Some(store) => reset_in(&store),
        None => Ok(()),
    }
}

/// [`reset`] in `store`.
pub fn reset_in(store: &impl Shelf) -> Result<(), String> {
    let Some(text) = store.read(KEY) else {
        return Ok(());
    };
    set_aside(store, &text).map(drop).map_err(|why| {
        format!("The designer was reset without moving your saved design aside: this browser's storage has no room for the copy ({why}). It was left untouched, the example was opened instead, and nothing will be saved over it: download the design file to keep your changes, or free some of this site's storage.")
    })
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

    /// localStorage with room for `room` characters in all.
    struct Fake {
        items: std::cell::RefCell<std::collections::BTreeMap<String, String>>,
        room: usize,
    }

    impl Fake {
        fn new(room: usize) -> Fake {
            Fake {
                items: Default::default(),
                room,
            }
        }
    }

    impl Shelf for Fake {
        fn read(&self, key: &str) -> Option<String> {
            self.items.borrow().get(key).cloned()
        }

        fn write(&self, key: &str, value: &str) -> Result<(), String> {
            let mut items = self.items.borrow_mut();
            let others: usize = items
                .iter()
                .filter(|(k, _)| *k != key)
                .map(|(_, v)| v.len())
                .sum();
            if others + value.len() > self.room {
                return Err("QuotaExceededError".into());
            }
            items.insert(key.into(), value.into());
            Ok(())
        }

        fn delete(&self, key: &str) {
            self.items.borrow_mut().remove(key);
        }
    }

    #[test]
    fn a_full_storage_keeps_the_last_save_whole_and_says_so() {
        let d = with_secret();
        let first = encode(&d, false);
        let store = Fake::new(first.len() + 10);
        save_to(&store, &d, false).unwrap();
        let mut bigger = d.clone();
        bigger.pooler[0].host = "h".repeat(100);
        let why = save_to(&store, &bigger, false).unwrap_err();
        assert!(
            why.contains("storage is full (QuotaExceededError)"),
            "{why}"
        );
        assert_eq!(store.read(KEY), Some(first.clone()));
        // Saving what is already there writes nothing, so it cannot fail.
        save_to(&store, &d, false).unwrap();
        assert_eq!(load_from(&store).design, Some(design_without_secrets(&d)));
    }

    #[test]
    fn unreadable_data_is_removed_only_once_set_aside() {
        let broken = "{\"format\":1,\"save-secrets\":false,\"design\":{\"stan";
        let store = Fake::new(broken.len() + 5);
        store.write(KEY, broken).unwrap();
        let full = load_from(&store);
        assert!(!full.can_save && full.design.is_none());
        assert!(full.notice.unwrap().contains("no room"));
        assert_eq!(
            store.read(KEY).as_deref(),
            Some(broken),
            "left where it was"
        );
        assert_eq!(store.read(ASIDE), None);

        let store = Fake::new(4 * broken.len());
        store.write(KEY, broken).unwrap();
        let roomy = load_from(&store);
        assert!(roomy.can_save && roomy.design.is_none());
        assert!(roomy.notice.unwrap().contains(ASIDE));
        assert_eq!(
            (store.read(KEY), store.read(ASIDE).as_deref()),
            (None, Some(broken))
        );

        // A second unreadable save goes beside the first, not over it.
        let other = "{\"format\":1,\"save-secrets\":false,\"design\":[]}";
        store.write(KEY, other).unwrap();
        let again = load_from(&store);
        let aside_2 = format!("{ASIDE}.2");
        assert!(again.notice.unwrap().contains(&format!("\"{aside_2}\"")));
        assert_eq!(
            (
                store.read(ASIDE).as_deref(),
                store.read(&aside_2).as_deref()
            ),
            (Some(broken), Some(other))
        );
    }

    #[test]
    fn a_reset_moves_the_save_aside_or_leaves_it_whole() {
        let saved = encode(&with_secret(), false);
        let store = Fake::new(saved.len() + 10);
        store.write(KEY, &saved).unwrap();
        let why = reset_in(&store).unwrap_err();
        assert!(
            why.contains("left untouched") && why.contains("QuotaExceededError"),
            "{why}"
        );
        assert_eq!(store.read(KEY), Some(saved.clone()));

        let store = Fake::new(3 * saved.len());
        store.write(KEY, &saved).unwrap();
        reset_in(&store).unwrap();
        assert_eq!((store.read(KEY), store.read(ASIDE)), (None, Some(saved)));
        reset_in(&store).unwrap();
    }
}
