use super::field::Field;
use super::legend::COLOURS;
use super::use_dispatch;
use crate::state::{Action, PoolerField};
use pgbr_core::model::Pooler;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HostRowProps {
    pub index: usize,
    /// How many poolers there are (for the move buttons).
    pub count: usize,
    pub pooler: Pooler,
    pub fields: Vec<PoolerField>,
}

/// One pooler's row. Its props are its own data, so a keystroke in one row re-renders that
/// row only (with many poolers, the table would otherwise dominate each keystroke).
#[function_component(HostRow)]
pub fn host_row(p: &HostRowProps) -> Html {
    let dispatch = use_dispatch();
    let (i, n) = (p.index, p.count);
    let act = |a: Action| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(a.clone()))
    };
    let onkeydown = {
        let dispatch = dispatch.clone();
        let fields = p.fields.clone();
        Callback::from(move |e: KeyboardEvent| {
            if !e.alt_key() {
                return;
            }
            let to = match e.key().as_str() {
                "ArrowUp" if i > 0 => i - 1,
                "ArrowDown" if i + 1 < n => i + 1,
                _ => return,
            };
            e.prevent_default();
            dispatch.dispatch(Action::MovePooler { from: i, to });
            focus_moved(&e, &fields, i, to);
        })
    };
    // Drag the row's number onto another row to move it there.
    let ondragstart = Callback::from(move |e: DragEvent| {
        if let Some(dt) = e.data_transfer() {
            let _ = dt.set_data("application/x-pgbr-pooler", &i.to_string());
            dt.set_effect_allowed("move");
        }
    });
    let ondragover = Callback::from(|e: DragEvent| {
        if e.data_transfer()
            .is_some_and(|dt| dt.types().includes(&"application/x-pgbr-pooler".into(), 0))
        {
            e.prevent_default();
        }
    });
    let ondrop = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: DragEvent| {
            let from = e
                .data_transfer()
                .and_then(|dt| dt.get_data("application/x-pgbr-pooler").ok());
            if let Some(from) = from.and_then(|f| f.parse::<usize>().ok()) {
                e.prevent_default();
                dispatch.dispatch(Action::MovePooler { from, to: i });
            }
        })
    };
    let name = &p.pooler.name;
    html! {
        <tr {onkeydown} {ondragover} {ondrop} class={format!("row r{}", i % COLOURS)} aria-rowindex={(i + 2).to_string()}>
            <th scope="row" draggable="true" {ondragstart} class="drag" title="Drag to reorder">
                <span class="swatch" aria-hidden="true"></span>{ i + 1 }
            </th>
            { for p.fields.iter().map(|&f| {
                let dispatch = dispatch.clone();
                html! { <td>
                    <Field compact=true path={f.path(i)}
                        label={format!("{} of {name}", f.info().label)} value={f.get(&p.pooler)}
                        kind={if f.numeric() { "number" } else { "text" }}
                        on_input={Callback::from(move |v| dispatch.dispatch(Action::Pooler(i, f, v)))} />
                </td> }
            }) }
            <td class="row-actions">
                <button type="button" onclick={act(Action::MovePooler { from: i, to: i.saturating_sub(1) })}
                    disabled={i == 0} aria-label={format!("Move {name} up")} title="Move up">{ "↑" }</button>
                <button type="button" onclick={act(Action::MovePooler { from: i, to: i + 1 })}
                    disabled={i + 1 == n} aria-label={format!("Move {name} down")} title="Move down">{ "↓" }</button>
                <button type="button" onclick={act(Action::DuplicatePooler(i))}
                    aria-label={format!("Duplicate {name}")} title="Duplicate">{ "⊕" }</button>
                <button type="button" onclick={act(Action::RemovePooler(i))}
                    aria-label={format!("Remove {name}")} title="Remove">{ "✕" }</button>
            </td>
        </tr>
    }
}

/// After a row moves, keep the keyboard focus on the same field of the pooler that moved: the
/// rows stay where they are and show other poolers, so focus follows the field's id, once
/// Yew has rendered.
fn focus_moved(e: &KeyboardEvent, fields: &[PoolerField], from: usize, to: usize) {
    use wasm_bindgen::JsCast;
    let Some(input) = e.target_dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    let id = input.id();
    let Some(field) = fields.iter().find(|f| f.path(from).dom_id() == id) else {
        return;
    };
    let target = field.path(to).dom_id();
    yew::platform::spawn_local(async move {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&target))
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}
