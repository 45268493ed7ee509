//! One component per file. They read the state through the [`Store`] context and change it only
//! by dispatching [`crate::state::Action`]s.

pub mod address;
pub mod app;
pub mod cluster;
pub mod embed_bar;
pub mod field;
pub mod focus;
pub mod host_row;
pub mod hosts;
pub mod import;
pub mod legend;
pub mod notice;
pub mod option_input;
pub mod options;
pub mod overview;
pub mod presets;
pub mod preview;
pub mod repos;
pub mod sections;
pub mod share_link;
pub mod simulator;
pub mod summary;
pub mod tls;
pub mod toolbar;
pub mod undo;
pub mod update_offer;

use crate::state::State;
use pgbr_core::{Diagnostic, FieldPath};
use std::rc::Rc;
use yew::prelude::*;

/// The app's one reducer, shared with every component.
pub type Store = UseReducerHandle<State>;

/// Only the dispatcher: it never changes, so a component that needs nothing else from the
/// store is not re-rendered by every keystroke elsewhere.
pub type Dispatch = UseReducerDispatcher<State>;

/// The current diagnostics: consumers re-render only when the findings change.
pub type Diagnostics = Rc<Vec<Diagnostic>>;

/// The store, from any component under [`app::App`].
#[hook]
pub fn use_store() -> Store {
    use_context::<Store>().expect("components are rendered inside App")
}

/// The dispatcher, from any component under [`app::App`].
#[hook]
pub fn use_dispatch() -> Dispatch {
    use_context::<Dispatch>().expect("components are rendered inside App")
}

/// The diagnostics at `path` (e.g. `pooler[2].host`).
#[hook]
pub fn use_diagnostics(path: &FieldPath) -> Vec<Diagnostic> {
    let all = use_context::<Diagnostics>().expect("components are rendered inside App");
    all.iter().filter(|d| d.path == *path).cloned().collect()
}

/// The value of the input, select or textarea an event came from.
pub fn value_of(e: &Event) -> String {
    if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(s) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    e.target_dyn_into::<web_sys::HtmlTextAreaElement>()
        .map(|t| t.value())
        .unwrap_or_default()
}

/// Where [`use_listener`] listens.
#[derive(Clone, Copy)]
pub enum On {
    Window,
    Document,
}

/// Calls `handler` for each `event` on the window or the document while the component is
/// mounted; the listener is removed when it unmounts. The handler may prevent the event's
/// default action (the listener is not passive).
#[hook]
pub fn use_listener<F>(on: On, event: &'static str, handler: F)
where
    F: Fn(&web_sys::Event) + 'static,
{
    use gloo_events::{EventListener, EventListenerOptions};
    use_effect_with((), move |_| {
        let target: Option<web_sys::EventTarget> = web_sys::window().and_then(|w| match on {
            On::Window => Some(w.into()),
            On::Document => w.document().map(Into::into),
        });
        // Dropping the listener, when the component unmounts, removes it.
        let listener = target.map(|t| {
            EventListener::new_with_options(
                &t,
                event,
                EventListenerOptions::enable_prevent_default(),
                handler,
            )
        });
        move || drop(listener)
    });
}

/// Keeps a `<select>`'s shown choice on `value`. The `selected` attribute of an option no longer
/// moves the choice once the user has picked one, so after a design is loaded the select is
/// told directly.
#[hook]
pub fn use_select_value(node: NodeRef, value: String) {
    use_effect_with(value, move |value| {
        if let Some(select) = node.cast::<web_sys::HtmlSelectElement>() {
            if select.value() != *value {
                select.set_value(value);
            }
        }
    });
}
