use super::field::Messages;
use super::host_row::HostRow;
use super::use_store;
use crate::state::{Action, PoolerField};
use pgbr_core::catalog;
use pgbr_core::path::key;
use pgbr_core::FieldPath;
use yew::prelude::*;

/// The poolers, one row each: edit, add, duplicate, remove, reorder (buttons, or Alt+↑/↓ in a row).
#[function_component(Hosts)]
pub fn hosts() -> Html {
    let store = use_store();
    let d = store.design.clone();
    let n = d.pooler.len();
    let fields: Vec<PoolerField> = PoolerField::shown(d.tls.host_type).collect();
    let act = |a: Action| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(a.clone()))
    };
    html! {
        <fieldset class="card" id="hosts">
            <legend>{ "Hosts" }</legend>
            <p class="hint">{ "One row per pooler and the PostgreSQL replica beside it. Each pooler's file lists its own replica first. Reorder with the arrows, Alt+↑/Alt+↓ inside a row, or by dragging a row's number." }</p>
            <Messages path={FieldPath::top(key::POOLER)} />
            <div class="table-scroll">
            <table class="hosts">
                <thead><tr>
                    <th scope="col">{ "#" }</th>
                    { for fields.iter().map(|f| {
                        let info = f.info();
                        let summary = info.option.and_then(catalog::find).map(|d| d.summary);
                        html! { <th scope="col" title={summary}>{ info.label }
                            if let Some(w) = info.written.filter(|_| info.option != Some(info.label)) { <code class="opt-name">{ w }</code> }
                        </th> }
                    }) }
                    <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                </tr></thead>
                <tbody>
                { for d.pooler.iter().enumerate().map(|(i, p)| html! {
                    <HostRow key={i} index={i} count={n} pooler={p.clone()} fields={fields.clone()} />
                }) }
                </tbody>
            </table>
            </div>
            <button type="button" class="add" onclick={act(Action::AddPooler)}>{ "Add pooler" }</button>
        </fieldset>
    }
}
