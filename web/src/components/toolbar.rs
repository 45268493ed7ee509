use super::{share_link::ShareLink, undo::UndoRedo, use_store};
use crate::state::Action;
use crate::{download, offline};
use pgbr_core::bundle;
use yew::prelude::*;

/// The header: undo, the share link, opening and saving the design, the single-file designer to
/// take offline, the zip of everything, and the storage choice. (The examples are the presets
/// beside the form.)
#[function_component(Toolbar)]
pub fn toolbar() -> Html {
    let store = use_store();
    let blocked = store.stale();
    let name = bundle::zip_name(&store.design);
    let zip = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(bytes) = bundle::zip(&store.design, &store.output) {
                let _ = download::save(&bundle::zip_name(&store.design), &bytes, "application/zip");
            }
        })
    };
    let design = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            let text = bundle::design_without_secrets(&store.design).to_toml();
            let _ = download::save(
                &format!("{}.toml", store.design.stanza),
                text.as_bytes(),
                "application/toml",
            );
        })
    };
    let open =
        {
            let store = store.clone();
            Callback::from(move |e: Event| {
                let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                    return;
                };
                let Some(file) = input.files().and_then(|f| f.get(0)) else {
                    return;
                };
                input.set_value("");
                let store = store.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let name = file.name();
                    let text = wasm_bindgen_futures::JsFuture::from(file.text())
                        .await
                        .ok()
                        .and_then(|t| t.as_string());
                    match text.map(|t| pgbr_core::Design::from_named(&name, &t)) {
                        Some(Ok(design)) => store.dispatch(Action::Load(Box::new(design))),
                        Some(Err(e)) => store
                            .dispatch(Action::Notice(format!("{name} could not be opened: {e}"))),
                        None => store
                            .dispatch(Action::Notice(format!("{name} could not be read as text"))),
                    }
                });
            })
        };
    let secrets = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let on = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .is_some_and(|i| i.checked());
            store.dispatch(Action::SaveSecrets(on));
        })
    };
    html! {
        <header class="toolbar">
            <h1>{ "pgbr designer" }<small>{ "pgBackRest configuration for replicated PostgreSQL" }</small></h1>
            <div class="actions">
                <UndoRedo />
                <ShareLink />
                <label class="button file-button" for="open-design" title="A design file (.toml or .json), e.g. the design.toml of a downloaded zip">
                    { "Open design…" }
                </label>
                <input type="file" id="open-design" class="sr-only" accept=".toml,.json" onchange={open} />
                <label class="check"><input type="checkbox" checked={store.save_secrets} onchange={secrets} />
                    { "Keep secrets in this browser" }</label>
                <button type="button" onclick={design} title="The design file, without secrets">{ "Design file" }</button>
                if !offline::is_single_file() {
                    <a class="button" id="offline-copy" href="pgbr-designer.html" download="pgbr-designer.html"
                        title="The whole designer in one file: open it from a disk or a USB stick, with no server and no network">
                        { "Use this designer offline" }</a>
                }
                <button type="button" class="primary" id="download-zip" onclick={zip} disabled={blocked}
                    aria-describedby={blocked.then_some("summary-title")}
                    title={if blocked { "Fix the errors first".to_string() } else { format!("Every file, the design and an install guide: {name}") }}>
                    { format!("Download {name}") }
                </button>
            </div>
        </header>
    }
}
