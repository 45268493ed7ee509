use super::use_store;
use crate::launch;
use pgbr_core::bundle::design_without_secrets;
use yew::prelude::*;

/// "Copy share link": the whole design in the link's fragment (never sent to a server), secrets
/// left out. The link is also shown, selected, for browsers that refuse the clipboard.
#[function_component(ShareLink)]
pub fn share_link() -> Html {
    let store = use_store();
    let shown = use_state(|| None::<(String, String)>);
    let onclick = {
        let (store, shown) = (store.clone(), shown.clone());
        Callback::from(move |_: MouseEvent| {
            // The full designer's address: no `?embed`, no old fragment.
            let url = launch::link(&launch::page_address(), &store.design);
            crate::download::copy(&url);
            let note = if design_without_secrets(&store.design) == *store.design {
                "Link copied.".to_string()
            } else {
                "Link copied. Secret values are left out of it.".to_string()
            };
            shown.set(Some((url, note)));
        })
    };
    let select = Callback::from(|e: FocusEvent| {
        if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            i.select();
        }
    });
    html! {
        <span class="share">
            <button type="button" id="share-link" {onclick}
                title="A link that opens this design (without secrets): the design travels in the part after #, which browsers never send to a server">
                { "Copy share link" }</button>
            if let Some((url, note)) = &*shown {
                <input id="share-url" readonly=true value={url.clone()} aria-label="Share link" onfocus={select} data-own-undo="" />
                <span class="hint" role="status">{ note }</span>
            }
        </span>
    }
}
