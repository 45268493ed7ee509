use super::field::Messages;
use super::host_row::HostRow;
use super::use_store;
use crate::state::{Action, PoolerField};
use pgbr_core::catalog;
use pgbr_core::path::key;
use pgbr_core::FieldPath;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Up to this many poolers the table renders every row; with more it scrolls in a box of its
/// own and renders the rows in view (and a few more): at 256 poolers the rows were a fifth of
/// the page's elements.
const ALL_ROWS: usize = 40;
/// Rows rendered above and below the ones in view.
const OVERSCAN: usize = 6;
/// Rows in view before the box is measured.
const IN_VIEW: usize = 16;
/// A row's height in CSS pixels before one is measured.
const ROW_PX: f64 = 44.0;

/// The poolers, one row each: edit, add, duplicate, remove, reorder (buttons, or Alt+↑/↓ in a row).
#[function_component(Hosts)]
pub fn hosts() -> Html {
    let store = use_store();
    let d = store.design.clone();
    let n = d.pooler.len();
    let fields: Vec<PoolerField> = PoolerField::shown(d.tls.host_type).collect();
    let windowed = n > ALL_ROWS;
    // A pooler added to a long table is out of view: once rendered, the box scrolls to it.
    let add = {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| {
            store.dispatch(Action::AddPooler);
            yew::platform::spawn_local(async {
                if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
                    d.query_selector("#hosts .table-scroll.windowed")
                        .ok()
                        .flatten()
                }) {
                    el.set_scroll_top(el.scroll_height());
                }
            });
        })
    };
    // The first row in view and how many fit, from the box's scroll position and a row's
    // measured height (rows grow with an error message or on a narrow screen).
    let view = use_state(|| (0usize, IN_VIEW));
    let row_px = use_mut_ref(|| ROW_PX);
    let (top, bottom) = (use_node_ref(), use_node_ref());
    let onscroll = {
        let (view, row_px) = (view.clone(), row_px.clone());
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<web_sys::Element>() else {
                return;
            };
            // From the first rendered row to the last: a row's height with its margins.
            if let Ok(rows) = el.query_selector_all("tbody tr.row") {
                let at = |k: u32| {
                    rows.item(k)
                        .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok())
                        .map(|r| f64::from(r.offset_top()))
                };
                if let (true, Some(a), Some(b)) = (rows.length() > 1, at(0), at(rows.length() - 1))
                {
                    let px = (b - a) / f64::from(rows.length() - 1);
                    if px > 0.0 {
                        *row_px.borrow_mut() = px;
                    }
                }
            }
            let px = *row_px.borrow();
            let head = el
                .query_selector("thead")
                .ok()
                .flatten()
                .map_or(0, |h| h.client_height());
            let first = (f64::from(el.scroll_top() - head).max(0.0) / px) as usize;
            let fit = (f64::from(el.client_height()) / px).ceil() as usize + 1;
            if *view != (first, fit) {
                view.set((first, fit));
            }
        })
    };
    let (from, to) = if windowed {
        let from = view.0.saturating_sub(OVERSCAN).min(n);
        (from, (view.0 + view.1 + OVERSCAN).min(n))
    } else {
        (0, n)
    };
    // The rows out of view are two spacers as tall as the rows they stand for, so the scroll bar
    // stays true; their heights are set through the CSS object model (the page's content
    // security policy allows no style attribute).
    {
        let (top, bottom, row_px) = (top.clone(), bottom.clone(), row_px.clone());
        use_effect_with((from, to, n), move |&(from, to, n)| {
            let px = *row_px.borrow();
            for (r, rows) in [(&top, from), (&bottom, n - to)] {
                if let Some(el) = r.cast::<web_sys::HtmlElement>() {
                    let _ = el
                        .style()
                        .set_property("height", &format!("{}px", rows as f64 * px));
                }
            }
        });
    }
    html! {
        <fieldset class="card" id="hosts">
            <legend>{ "Hosts" }</legend>
            <p class="hint">{ "One row per pooler and the PostgreSQL replica beside it. Each pooler's file lists its own replica first. Reorder with the arrows, Alt+↑/Alt+↓ inside a row, or by dragging a row's number." }</p>
            <Messages path={FieldPath::top(key::POOLER)} />
            <div class={classes!("table-scroll", windowed.then_some("windowed"))}
                onscroll={windowed.then_some(onscroll)}>
            <table class="hosts" aria-rowcount={(n + 1).to_string()}>
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
                if windowed { <tr class="spacer" aria-hidden="true" ref={top}><td></td></tr> }
                { for d.pooler[from..to].iter().enumerate().map(|(k, p)| {
                    let i = from + k;
                    html! { <HostRow key={i} index={i} count={n} pooler={p.clone()} fields={fields.clone()} /> }
                }) }
                if windowed { <tr class="spacer" aria-hidden="true" ref={bottom}><td></td></tr> }
                </tbody>
            </table>
            </div>
            <button type="button" class="add" onclick={add}>{ "Add pooler" }</button>
        </fieldset>
    }
}
