use super::use_store;
use crate::state::Action;
use yew::prelude::*;

/// A message about the app itself (storage trouble), with a way to dismiss it.
#[function_component(Notice)]
pub fn notice() -> Html {
    let store = use_store();
    let Some(text) = store.notice.clone() else {
        return html! {};
    };
    let dismiss = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::DismissNotice))
    };
    html! {
        <div class="notice" role="status">
            <p>{ text }</p>
            <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
        </div>
    }
}
