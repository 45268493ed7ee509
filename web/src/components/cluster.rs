use super::field::{Field, Messages, Select};
use super::use_store;
use crate::state::{Action, ClusterField, RepoHostField};
use pgbr_core::fields::{self, FieldInfo, Kind};
use yew::prelude::*;

/// A choice field's (value, label) pairs, as core describes them.
pub fn choices(info: &FieldInfo) -> Vec<(String, String)> {
    info.choices
        .iter()
        .map(|c| (c.value.to_string(), c.label.to_string()))
        .collect()
}

/// Stanza, target version, topology, peer order, where secrets go; the repository host.
#[function_component(Cluster)]
pub fn cluster() -> Html {
    let store = use_store();
    let d = store.design.clone();
    html! {
        <fieldset class="card" id="cluster">
            <legend>{ "Cluster" }</legend>
            <div class="grid">
                { for ClusterField::ALL.iter().map(|&f| {
                    let info = f.info();
                    let store = store.clone();
                    let send = Callback::from(move |v: String| store.dispatch(Action::Cluster(f, v)));
                    if info.kind == Kind::Choice {
                        html! { <Select path={f.path()} label={info.label} value={f.get(&d)}
                            choices={choices(&info)} on_change={send} hint={(!info.help.is_empty()).then_some(info.help)} /> }
                    } else {
                        html! { <Field path={f.path()} label={info.label} value={f.get(&d)} on_input={send} hint={info.help} /> }
                    }
                }) }
            </div>
            if let Some(rh) = d.repo_host.as_ref() {
                <h3>{ "Repository host" }</h3>
                <div class="grid">
                    { for RepoHostField::ALL.iter().map(|&f| {
                        let store = store.clone();
                        let info = f.info();
                        html! {
                            <Field path={f.path()} label={info.label} value={f.get(rh)}
                                kind={if info.kind == Kind::Number { "number" } else { "text" }}
                                on_input={Callback::from(move |v| store.dispatch(Action::RepoHost(f, v)))} />
                        }
                    }) }
                </div>
            }
            <Messages path={fields::repo_host_path()} />
        </fieldset>
    }
}
