use super::{use_dispatch, use_store};
use crate::state::Action;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Undo and redo buttons; Ctrl+Z / Cmd+Z and Shift+Ctrl+Z / Ctrl+Y anywhere on the page (except
/// in a text box marked `data-own-undo`, whose text is not part of the design).
#[function_component(UndoRedo)]
pub fn undo_redo() -> Html {
    let store = use_store();
    let dispatch = use_dispatch();
    use_undo_keys(dispatch.clone());
    let (undo, redo) = (dispatch.clone(), dispatch);
    html! {
        <span class="undo-redo" role="group" aria-label="History">
            <button type="button" id="undo" disabled={!store.history.can_undo()} title="Undo (Ctrl+Z)" aria-label="Undo"
                aria-keyshortcuts="Control+Z Meta+Z" onclick={Callback::from(move |_| undo.dispatch(Action::Undo))}>{ "↶" }</button>
            <button type="button" id="redo" disabled={!store.history.can_redo()} title="Redo (Shift+Ctrl+Z)" aria-label="Redo"
                aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y" onclick={Callback::from(move |_| redo.dispatch(Action::Redo))}>{ "↷" }</button>
        </span>
    }
}

/// The keyboard shortcuts, listened for on the whole document while the buttons are shown.
/// In a field they replace the browser's own undo, which would only undo that field's text.
#[hook]
fn use_undo_keys(dispatch: super::Dispatch) {
    super::use_listener(super::On::Document, "keydown", move |e: &web_sys::Event| {
        let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
            return;
        }
        let own = e
            .target_dyn_into::<web_sys::Element>()
            .is_some_and(|el| el.closest("[data-own-undo]").ok().flatten().is_some());
        let action = match e.key().to_ascii_lowercase().as_str() {
            "z" if e.shift_key() => Action::Redo,
            "z" => Action::Undo,
            "y" => Action::Redo,
            _ => return,
        };
        if own {
            return;
        }
        e.prevent_default();
        dispatch.dispatch(action);
    });
}
