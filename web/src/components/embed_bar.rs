use super::{presets::Presets, share_link::ShareLink, undo::UndoRedo, use_store};
use crate::launch;
use yew::prelude::*;

/// Embed mode's only chrome: the presets, undo/redo, the share link, and a way out to the full
/// designer with the same design.
#[function_component(EmbedBar)]
pub fn embed_bar() -> Html {
    let store = use_store();
    // The link is made when followed, not on every keystroke.
    let onclick = Callback::from(move |e: MouseEvent| {
        use wasm_bindgen::JsCast;
        let Some(a) = e
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        a.set_href(&launch::link(&launch::page_address(), &store.design));
    });
    html! {
        <header class="embed-bar">
            <Presets compact=true />
            <span class="actions">
                <UndoRedo />
                <ShareLink />
                <a id="open-full" href="./" target="_blank" rel="noopener" {onclick}>{ "Open in the designer ↗" }</a>
            </span>
        </header>
    }
}
