//! Handing files to the user: a download through a Blob and an object URL, and the clipboard.

use gloo_file::{Blob, ObjectUrl};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlAnchorElement;

thread_local! {
    // The previous download's URL, released (dropping it revokes it) at the next download:
    // revoking it at once can cancel a download the browser has not started reading yet.
    static LAST_URL: RefCell<Option<ObjectUrl>> = const { RefCell::new(None) };
}

/// Offers `bytes` as a file named `name`.
pub fn save(name: &str, bytes: &[u8], mime: &str) -> Result<(), JsValue> {
    let url = ObjectUrl::from(Blob::new_with_options(bytes, Some(mime)));
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    body.append_child(&a)?;
    a.click();
    body.remove_child(&a)?;
    LAST_URL.with(|last| *last.borrow_mut() = Some(url));
    Ok(())
}

/// Puts `text` on the clipboard (the browser may ask the user first).
pub fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}
