//! pgbr-designer's web app: enter a cluster, see every pooler's pgbackrest.conf side by side,
//! download them. Every answer about pgBackRest comes from `pgbr-core`; this crate only shows
//! them and turns the user's input into a design.

pub mod components;
pub mod download;
pub mod fatal;
pub mod history;
pub mod intake;
pub mod launch;
pub mod offline;
pub mod state;
pub mod storage;

use components::app::App;

/// Starts the app in the page's body. `?reset` (the error banner's link) first moves the saved
/// design aside, so a design that makes the app fail cannot keep it from starting; when there is
/// no room for that copy, the app starts without the saved design and leaves it alone.
pub fn start() {
    fatal::install();
    let mut props = components::app::AppProps {
        service_worker: true,
        ..Default::default()
    };
    if let Some(w) = web_sys::window() {
        let search = w.location().search().unwrap_or_default();
        // `?reset` exactly: `?preset=…` is something else.
        if search
            .trim_start_matches('?')
            .split('&')
            .any(|p| p == "reset")
        {
            props.reset_refused = storage::reset().err();
            // The same page without the query: its own path, which is also right for
            // pgbr-designer.html opened from disk (where `./` is the folder).
            let page = w.location().pathname().unwrap_or_default();
            if let Ok(history) = w.history() {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&page));
            }
        }
    }
    let root = app_root();
    root.set_inner_html("");
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}

fn app_root() -> web_sys::Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser page");
    document
        .get_element_by_id("app")
        .or_else(|| document.body().map(Into::into))
        .expect("a page body")
}
