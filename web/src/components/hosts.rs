use super::field::{Field, Messages};
use super::use_store;
use crate::state::{Action, PoolerField};
use pgbr_core::model::HostType;
use yew::prelude::*;

/// The poolers, one row each: edit, add, duplicate, remove, reorder (buttons, or Alt+↑/↓ in a row).
#[function_component(Hosts)]
pub fn hosts() -> Html {
    let store = use_store();
    let d = store.design.clone();
    let n = d.pooler.len();
    let mut fields: Vec<PoolerField> = PoolerField::MAIN.to_vec();
    fields.extend([PoolerField::PgHostPort, PoolerField::PgHostConfig]);
    if d.tls.host_type == HostType::Ssh {
        fields.push(PoolerField::PgHostUser);
    }
    let act = |a: Action| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(a.clone()))
    };
    html! {
        <fieldset class="card" id="hosts">
            <legend>{ "Hosts" }</legend>
            <p class="hint">{ "One row per pooler and the PostgreSQL replica beside it. Each pooler's file lists its own replica first. Reorder with the arrows, or Alt+↑/Alt+↓ inside a row." }</p>
            <Messages path="pooler" />
            <div class="table-scroll">
            <table class="hosts">
                <thead><tr>
                    <th scope="col">{ "#" }</th>
                    { for fields.iter().map(|f| html! { <th scope="col">{ f.label() }</th> }) }
                    <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                </tr></thead>
                <tbody>
                { for d.pooler.iter().enumerate().map(|(i, p)| {
                    let onkeydown = {
                        let store = store.clone();
                        Callback::from(move |e: KeyboardEvent| {
                            if !e.alt_key() { return; }
                            let to = match e.key().as_str() {
                                "ArrowUp" if i > 0 => i - 1,
                                "ArrowDown" if i + 1 < n => i + 1,
                                _ => return,
                            };
                            e.prevent_default();
                            store.dispatch(Action::MovePooler { from: i, to });
                            focus_later(&e);
                        })
                    };
                    html! {
                        <tr key={i} {onkeydown} class={format!("r{}", i % crate::components::legend::COLOURS)}>
                            <th scope="row"><span class="swatch" aria-hidden="true"></span>{ i + 1 }</th>
                            { for fields.iter().map(|&f| {
                                let store = store.clone();
                                html! { <td>
                                    <Field compact=true path={format!("pooler[{i}].{}", f.key())}
                                        label={format!("{} of {}", f.label(), p.name)} value={f.get(p)}
                                        kind={if f.numeric() { "number" } else { "text" }}
                                        on_input={Callback::from(move |v| store.dispatch(Action::Pooler(i, f, v)))} />
                                </td> }
                            }) }
                            <td class="row-actions">
                                <button type="button" onclick={act(Action::MovePooler { from: i, to: i.saturating_sub(1) })}
                                    disabled={i == 0} aria-label={format!("Move {} up", p.name)} title="Move up">{ "↑" }</button>
                                <button type="button" onclick={act(Action::MovePooler { from: i, to: i + 1 })}
                                    disabled={i + 1 == n} aria-label={format!("Move {} down", p.name)} title="Move down">{ "↓" }</button>
                                <button type="button" onclick={act(Action::DuplicatePooler(i))}
                                    aria-label={format!("Duplicate {}", p.name)} title="Duplicate">{ "⊕" }</button>
                                <button type="button" onclick={act(Action::RemovePooler(i))}
                                    aria-label={format!("Remove {}", p.name)} title="Remove">{ "✕" }</button>
                            </td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            <button type="button" class="add" onclick={act(Action::AddPooler)}>{ "Add pooler" }</button>
        </fieldset>
    }
}

/// After a row moves, keep the keyboard focus on the field the user was in: the row's DOM
/// element is reused for the pooler now at the old place, so focus follows the id instead.
fn focus_later(e: &KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let id = input.id();
    let key = e.key();
    // The new row's ids differ only in the pooler index; find it once Yew has rendered.
    yew::platform::spawn_local(async move {
        let Some((prefix, rest)) = id.split_once("pooler-") else {
            return;
        };
        let Some((num, tail)) = rest.split_once('-') else {
            return;
        };
        let Ok(i) = num.parse::<usize>() else { return };
        let j = if key == "ArrowUp" {
            i.saturating_sub(1)
        } else {
            i + 1
        };
        let target = format!("{prefix}pooler-{j}-{tail}");
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&target))
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}
