//! A panic must never leave a blank page: the hook puts a readable banner in front of the app,
//! with a way out that works even though the app itself has stopped (plain links, no script).

use wasm_bindgen::JsValue;

/// Installs the panic hook.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let _ = show(&info.to_string());
    }));
}

/// Shows the error banner with `message`.
pub fn show(message: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let body = document.body().ok_or("no body")?;
    let banner = document.create_element("div")?;
    banner.set_id("fatal");
    banner.set_class_name("fatal");
    banner.set_attribute("role", "alert")?;
    let add = |tag: &str, text: &str| -> Result<web_sys::Element, JsValue> {
        let el = document.create_element(tag)?;
        el.set_text_content(Some(text));
        banner.append_child(&el)?;
        Ok(el)
    };
    add("h2", "The designer stopped because of a bug")?;
    add("p", "Your design was saved in this browser before this happened. Reload to try again, or reset to open the example (your saved design is kept aside, not deleted).")?;
    add("pre", message)?;
    let links = add("p", "")?;
    // The page's own path (not `./`, which is the folder for pgbr-designer.html opened from disk).
    let page = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let reset = format!("{page}?reset");
    for (href, text) in [(page.as_str(), "Reload"), (&reset, "Reset the designer")] {
        let a = document.create_element("a")?;
        a.set_attribute("href", href)?;
        a.set_class_name("button");
        a.set_text_content(Some(text));
        links.append_child(&a)?;
        links.append_child(&document.create_text_node(" "))?;
    }
    body.prepend_with_node_1(&banner)?;
    Ok(())
}
