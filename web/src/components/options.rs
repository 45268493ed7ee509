use super::option_input::OptionInput;
use super::sections::OptionTableEditor;
use super::use_store;
use crate::state::Action;
use pgbr_core::catalog;
use pgbr_core::fields::{OptionTable, COMMON_GLOBAL};
use yew::prelude::*;

/// Common options, and an editor for any other `[global]` option the catalog knows.
#[function_component(Options)]
pub fn options() -> Html {
    let store = use_store();
    let d = store.design.clone();
    let version = d.pgbackrest_version;
    let table = OptionTable::GLOBAL;
    let set = |key: &'static str| {
        let store = store.clone();
        Callback::from(move |v| {
            store.dispatch(Action::SetOption(OptionTable::GLOBAL, key.to_string(), v))
        })
    };
    html! {
        <fieldset class="card" id="options">
            <legend>{ "Options" }</legend>
            <div class="grid">
                { for COMMON_GLOBAL.iter().filter(|k| catalog::find(k).is_some()).map(|k| html! {
                    <OptionInput path={table.path().key(*k)} option={*k} label={*k}
                        value={d.global.get(*k).cloned()} on_change={set(k)} />
                }) }
            </div>
            <h3>{ "Other options" }</h3>
            <p class="hint">{ format!("Any [{}] option pgBackRest {version} knows; names and values are checked against the option catalog.", table.section(&d.stanza)) }</p>
            <OptionTableEditor table={table} skip={&COMMON_GLOBAL[..]} />
        </fieldset>
    }
}
