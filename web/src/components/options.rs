use super::field::Messages;
use super::option_input::OptionInput;
use super::use_store;
use crate::state::Action;
use pgbr_core::fields::{self, COMMON_GLOBAL};
use pgbr_core::path::key;
use pgbr_core::{catalog, FieldPath};
use yew::prelude::*;

/// Common options, and an editor for any other `[global]` option the catalog knows.
#[function_component(Options)]
pub fn options() -> Html {
    let store = use_store();
    let d = store.design.clone();
    let version = d.pgbackrest_version;
    let new_key = use_state(String::new);
    let set = |key: String| {
        let store = store.clone();
        Callback::from(move |v| store.dispatch(Action::Global(key.clone(), v)))
    };
    let others: Vec<String> = d
        .global
        .keys()
        .filter(|k| !COMMON_GLOBAL.contains(&k.as_str()))
        .cloned()
        .collect();
    let add = {
        let (store, new_key) = (store.clone(), new_key.clone());
        Callback::from(move |_: MouseEvent| {
            let key = new_key.trim().to_string();
            if !key.is_empty() {
                let value = fields::starting_value(&key);
                store.dispatch(Action::Global(key, value));
                new_key.set(String::new());
            }
        })
    };
    let typed = {
        let new_key = new_key.clone();
        Callback::from(move |e: InputEvent| new_key.set(super::value_of(&e)))
    };
    html! {
        <fieldset class="card" id="options">
            <legend>{ "Options" }</legend>
            <div class="grid">
                { for COMMON_GLOBAL.iter().filter(|k| catalog::find(k).is_some()).map(|k| html! {
                    <OptionInput path={FieldPath::global(*k)} option={*k} label={*k}
                        value={d.global.get(*k).cloned()} on_change={set(k.to_string())} />
                }) }
            </div>
            <h3>{ "Other options" }</h3>
            <p class="hint">{ format!("Any [global] option pgBackRest {version} knows; names and values are checked against the option catalog.") }</p>
            <div class="grid">
                { for others.iter().map(|k| {
                    let remove = { let store = store.clone(); let k = k.clone(); Callback::from(move |_| store.dispatch(Action::Global(k.clone(), String::new()))) };
                    html! {
                        <OptionInput path={FieldPath::global(k.clone())} option={k.clone()} label={k.clone()}
                            value={d.global.get(k).cloned()} on_change={set(k.clone())} on_remove={remove} />
                    }
                }) }
            </div>
            <div class="add-option">
                <label for="new-option">{ "Add an option" }</label>
                <input id="new-option" list="global-options" value={(*new_key).clone()} oninput={typed}
                    placeholder={fields::add_option_hint()} autocomplete="off" spellcheck="false" />
                <datalist id="global-options">
                    { for fields::other_global_options(version).map(|o| html! { <option value={o.name}>{ o.summary }</option> }) }
                </datalist>
                <button type="button" onclick={add}>{ "Add" }</button>
            </div>
            <Messages path={FieldPath::top(key::GLOBAL)} />
        </fieldset>
    }
}
