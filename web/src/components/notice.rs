use super::use_store;
use crate::state::Action;
use yew::prelude::*;

/// Messages about the app itself (storage trouble, a damaged link), each with a way to dismiss
/// it; a new one is added below the others, never over them.
#[function_component(Notice)]
pub fn notice() -> Html {
    let store = use_store();
    store
        .notices
        .iter()
        .enumerate()
        .map(|(index, text)| {
            let store = store.clone();
            let dismiss = Callback::from(move |_| store.dispatch(Action::DismissNotice(index)));
            html! {
                <div class="notice" role="status">
                    <p>{ text }</p>
                    <button type="button" onclick={dismiss}>{ "Dismiss" }</button>
                </div>
            }
        })
        .collect()
}
