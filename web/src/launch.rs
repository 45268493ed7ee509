//! What the page's address asks for: embed mode, a shared design, or a preset.
//!
//! `#embed` or `?embed=1` renders the designer compact for an iframe. A design comes either from a
//! share link's fragment (`#d=v1.…`, which never reaches a server) or from a preset by name
//! (`#preset=tls-guide-repo-host` or `?preset=…`). Both combine: `#embed&d=v1.…`.

use pgbr_core::examples::{self, EXAMPLES};
use pgbr_core::{share, Design};

/// What the address asks the designer to open.
#[derive(Clone, Debug, PartialEq)]
pub struct Launch {
    pub embed: bool,
    /// `None` when the address names no design; `Err` says why the one named cannot be opened.
    pub design: Option<Result<Design, String>>,
}

/// Reads `search` (`?embed=1&preset=…`) and `hash` (`#embed&d=v1.…`), with or without their
/// leading `?` and `#`.
pub fn read(search: &str, hash: &str) -> Launch {
    let search = search.trim_start_matches('?');
    let hash = hash.trim_start_matches('#');
    let parts = || search.split('&').chain(hash.split('&'));
    let embed = parts().any(|p| matches!(p, "embed" | "embed=1" | "embed=true"));
    let link = hash.split('&').any(|p| p.starts_with("d="));
    let design = if link {
        Some(share::decode(hash).map_err(|e| format!("The shared link was not opened: {e}.")))
    } else {
        parts()
            .find_map(|p| p.strip_prefix("preset="))
            .map(|name| match preset(name) {
                Some(d) => Ok(d),
                None => Err(format!(
                    "There is no preset named \"{name}\"; the presets are {}.",
                    EXAMPLES
                        .iter()
                        .map(|e| e.file.trim_end_matches(".toml"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            })
    };
    Launch { embed, design }
}

/// What this page's address asks for.
pub fn current() -> Launch {
    let location = web_sys::window().map(|w| w.location());
    let part = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
        location
            .as_ref()
            .and_then(|l| f(l).ok())
            .unwrap_or_default()
    };
    read(
        &part(web_sys::Location::search),
        &part(web_sys::Location::hash),
    )
}

/// This page's address without its query and fragment: the full designer's own address, also
/// for `pgbr-designer.html` opened from disk (a `file:` page's origin is `null`).
pub fn page_address() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    without_query(&href).to_string()
}

/// `address` up to its query or fragment.
fn without_query(address: &str) -> &str {
    address.split(['?', '#']).next().unwrap_or(address)
}

/// Takes the design out of the address once it is open (see [`without_design`]): the query's
/// `preset=` and the fragment's `d=` and `preset=` go, `embed` stays.
pub fn forget_design() {
    let Some(w) = web_sys::window() else { return };
    let location = w.location();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let query = without_design(&search.replace('?', ""));
    let fragment = without_design(&hash);
    let mut url = location.pathname().unwrap_or_default();
    if !query.is_empty() {
        url = format!("{url}?{query}");
    }
    if !fragment.is_empty() {
        url = format!("{url}#{fragment}");
    }
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// A preset by its example's name (`multigres-three-poolers`) or its number (`0`).
fn preset(name: &str) -> Option<Design> {
    let by_number = name.parse::<usize>().ok().and_then(|i| EXAMPLES.get(i));
    by_number
        .or_else(|| examples::find(name))
        .map(|e| e.design())
}

/// A query or fragment without the design it names: only other parts (`embed`) stay, so a
/// reload shows the saved, possibly edited, design rather than the link's again.
pub fn without_design(hash: &str) -> String {
    hash.trim_start_matches('#')
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("d=") && !p.starts_with("preset="))
        .collect::<Vec<_>>()
        .join("&")
}

/// The share link for `design`: `page` (the designer's address without its fragment) and the
/// design in the fragment, secrets left out.
pub fn link(page: &str, design: &Design) -> String {
    let page = page.split('#').next().unwrap_or(page);
    format!("{page}#{}", share::encode(design))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_by_fragment_or_query() {
        assert!(read("", "#embed").embed);
        assert!(read("?embed=1", "").embed);
        assert!(read("", "embed&d=x").embed);
        assert!(!read("?embedded=1", "#d").embed);
        assert_eq!(read("", "").design, None);
    }

    #[test]
    fn a_link_round_trips_without_secrets() {
        let mut d = EXAMPLES[2].design();
        d.repo[0].options.insert(
            "cipher-pass".into(),
            pgbr_core::model::OptValue::Text("s3cret".into()),
        );
        let url = link("http://docs.example/tools/pgbr/?embed=1#old", &d);
        assert!(url.starts_with("http://docs.example/tools/pgbr/?embed=1#d=v1."));
        assert!(!url.contains("s3cret"));
        let (search, hash) = url.split_once('#').unwrap();
        let got = read(search.split_once('?').unwrap().1, hash);
        assert!(got.embed);
        assert_eq!(
            got.design,
            Some(Ok(pgbr_core::bundle::design_without_secrets(&d)))
        );
    }

    #[test]
    fn a_damaged_or_too_new_link_says_why() {
        let d = EXAMPLES[0].design();
        let good = share::encode(&d);
        let damaged = &good[..good.len() - 9];
        let Some(Err(why)) = read("", damaged).design else {
            panic!("a damaged link opened")
        };
        assert!(why.contains("damaged"), "{why}");
        let newer = good.replacen("d=v1.", "d=v99.", 1);
        let Some(Err(why)) = read("", &format!("#embed&{newer}")).design else {
            panic!("a link from the future opened")
        };
        assert!(why.contains("newer designer"), "{why}");
    }

    #[test]
    fn presets_by_name_or_number() {
        let tls = EXAMPLES[1].design();
        assert_eq!(
            read("?embed=1&preset=tls-guide-repo-host", "").design,
            Some(Ok(tls.clone()))
        );
        assert_eq!(read("", "#preset=1").design, Some(Ok(tls)));
        let Some(Err(why)) = read("?preset=nope", "").design else {
            panic!("an unknown preset opened")
        };
        assert!(why.contains("multigres-three-poolers"), "{why}");
    }

    #[test]
    fn the_page_address_drops_the_query_and_the_fragment() {
        assert_eq!(
            without_query("http://docs.example/tools/pgbr/?embed=1#d=v1.x"),
            "http://docs.example/tools/pgbr/"
        );
        assert_eq!(
            without_query("file:///media/usb/pgbr-designer.html#embed"),
            "file:///media/usb/pgbr-designer.html"
        );
        assert_eq!(
            without_query("file:///media/usb/pgbr-designer.html"),
            "file:///media/usb/pgbr-designer.html"
        );
    }

    #[test]
    fn the_fragment_keeps_only_embed_once_opened() {
        assert_eq!(without_design("#embed&d=v1.abc"), "embed");
        assert_eq!(without_design("#d=v1.abc"), "");
        assert_eq!(without_design("preset=1&embed"), "embed");
    }
}
