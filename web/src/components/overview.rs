use super::legend::COLOURS;
use pgbr_core::fields;
use pgbr_core::output::FileKind;
use pgbr_core::Output;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Height of one grid row in CSS pixels (`.overview tr` in style.css): rows are all the same
/// height, so the rows in view follow from the scroll position alone.
const ROW_PX: i32 = 26;
/// Rows rendered above and below the ones in view.
const OVERSCAN: usize = 6;
/// Up to this many rows the grid renders them all.
const ALL_ROWS: usize = 40;
/// Up to this many positions the grid renders every column; with more, the columns in view
/// (and [`OVERSCAN`] either side) between two spacer cells.
const ALL_COLUMNS: usize = 40;
/// A column's width in CSS pixels before one is measured (`.overview-grid td button`).
const COLUMN_PX: f64 = 106.0;
/// Columns in view before the grid is measured.
const IN_VIEW_COLUMNS: usize = 12;

/// One row of the overview: a configuration file (its index in the output) and its pg order
/// as core answers it (`File::pg_order`: pg index, pooler).
#[derive(PartialEq)]
pub struct OrderRow {
    pub file: usize,
    pub path: AttrValue,
    pub own: Option<usize>,
    pub order: Vec<(u16, usize)>,
}

/// The rows of the overview, once per output.
pub fn rows(output: &Output) -> Vec<OrderRow> {
    output
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == FileKind::Config)
        .map(|(i, f)| OrderRow {
            file: i,
            path: AttrValue::from(f.path.clone()),
            own: f.pooler,
            order: f.pg_order.clone(),
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct OverviewProps {
    pub rows: Rc<Vec<OrderRow>>,
    pub names: Rc<Vec<String>>,
    /// Per file index: the pg index a backup with that file copies from (the simulator's answer).
    pub picks: Rc<Vec<Option<u16>>>,
    /// The cell last chosen: file index and pg index.
    pub selected: Option<(usize, u16)>,
    pub onselect: Callback<(usize, u16)>,
}

/// The order overview: one row per file, one column per pg position, each cell the replica's
/// colour and name. With many poolers only the rows in view (and a few more) are rendered.
#[function_component(Overview)]
pub fn overview(p: &OverviewProps) -> Html {
    let width = p.rows.iter().map(|r| r.order.len()).max().unwrap_or(0);
    let first = use_state(|| 0usize);
    // The first column in view and how many fit, from the horizontal scroll position and a
    // column's measured width.
    let columns = use_state(|| (0usize, IN_VIEW_COLUMNS));
    let column_px = use_mut_ref(|| COLUMN_PX);
    let onscroll = {
        let (first, columns, column_px) = (first.clone(), columns.clone(), column_px.clone());
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<web_sys::Element>() else {
                return;
            };
            let top = (el.scroll_top() / ROW_PX) as usize;
            if *first != top {
                first.set(top);
            }
            let cells = el
                .query_selector_all("tbody tr[data-path] td[aria-colindex]")
                .ok();
            let left = |k: u32| {
                cells
                    .as_ref()
                    .and_then(|c| c.item(k))
                    .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok())
                    .map(|c| f64::from(c.offset_left()))
            };
            if let (Some(a), Some(b)) = (left(0), left(1)) {
                if b > a {
                    *column_px.borrow_mut() = b - a;
                }
            }
            let px = *column_px.borrow();
            let head = el
                .query_selector("tbody th")
                .ok()
                .flatten()
                .map_or(0, |h| h.client_width());
            let from = (f64::from(el.scroll_left() - head).max(0.0) / px) as usize;
            let fit = (f64::from(el.client_width()) / px).ceil() as usize + 1;
            if *columns != (from, fit) {
                columns.set((from, fit));
            }
        })
    };
    let window = if width <= ALL_COLUMNS {
        None
    } else {
        let from = columns.0.saturating_sub(OVERSCAN).min(width);
        Some((from, (columns.0 + columns.1 + OVERSCAN).min(width), width))
    };
    let px = *column_px.borrow();
    let total = p.rows.len();
    let (from, to) = if total <= ALL_ROWS {
        (0, total)
    } else {
        let from = first.saturating_sub(OVERSCAN);
        (from, (*first + 20 + OVERSCAN).min(total))
    };
    // Rows out of view are empty rows of the same height (the page's content security policy
    // allows no inline style to size one spacer instead), so the scroll bar stays true.
    let spacer = |rows: usize| {
        (0..rows)
            .map(|_| html! { <tr class="spacer" aria-hidden="true"><td></td></tr> })
            .collect::<Html>()
    };
    html! {
        <section class="overview" aria-labelledby="overview-title">
            <h3 id="overview-title">{ "Order overview" }</h3>
            <p class="hint">{ format!("One row per file, one column per position: {} is the file's own replica (local), then the order a backup tries standbys in. ⇦ marks the replica the simulator below says a backup copies from. Choose a cell to see that block.", fields::pg_prefix(1)) }</p>
            <div class="overview-scroll" {onscroll}>
                <table class="overview-grid" role="grid" aria-labelledby="overview-title"
                    aria-rowcount={(total + 1).to_string()} aria-colcount={(width + 1).to_string()}>
                    <thead><tr aria-rowindex="1">
                        <th scope="col">{ "File" }</th>
                        if let Some((from, _, _)) = window { <Spacer header=true columns={from} {px} /> }
                        { for (1u16..).zip(0..width).filter(|(_, k)| window.is_none_or(|(from, to, _)| (from..to).contains(k))).map(|(pg, k)| html! {
                            <th scope="col" aria-colindex={(k + 2).to_string()}>{ fields::pg_prefix(pg) }</th>
                        }) }
                        if let Some((_, to, width)) = window { <Spacer header=true columns={width - to} {px} /> }
                    </tr></thead>
                    <tbody>
                        { spacer(from) }
                        { for p.rows[from..to].iter().enumerate().map(|(k, row)| html! {
                            <Row key={row.path.as_str()} rows={p.rows.clone()} at={from + k}
                                names={p.names.clone()}
                                pick={p.picks.get(row.file).copied().flatten()}
                                selected={p.selected.filter(|(f, _)| *f == row.file).map(|(_, pg)| pg)}
                                {window} {px}
                                onselect={p.onselect.clone()} />
                        }) }
                        { spacer(total - to) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[derive(Properties)]
struct RowProps {
    rows: Rc<Vec<OrderRow>>,
    at: usize,
    names: Rc<Vec<String>>,
    pick: Option<u16>,
    selected: Option<u16>,
    /// The columns rendered, `(from, to, width)`, when not all of them are.
    window: Option<(usize, usize, usize)>,
    /// A column's width, for the spacers.
    px: f64,
    onselect: Callback<(usize, u16)>,
}

impl PartialEq for RowProps {
    // A keystroke in a host field changes no order and no name: every row stays as it is.
    fn eq(&self, o: &Self) -> bool {
        let (a, b) = (&self.rows[self.at], &o.rows[o.at]);
        a == b
            && self.pick == o.pick
            && self.selected == o.selected
            && self.window == o.window
            && self.px == o.px
            && (Rc::ptr_eq(&self.names, &o.names)
                || a.order
                    .iter()
                    .all(|(_, r)| self.names.get(*r) == o.names.get(*r)))
    }
}

#[function_component(Row)]
fn row(p: &RowProps) -> Html {
    let row = &p.rows[p.at];
    let name = |r: usize| p.names.get(r).map(String::as_str).unwrap_or("?");
    html! {
        <tr aria-rowindex={(p.at + 2).to_string()} data-path={row.path.clone()}>
            <th scope="row"><code>{ row.path.as_str() }</code></th>
            if let Some((from, _, _)) = p.window { <Spacer header=false columns={from} px={p.px} /> }
            { for row.order.iter().enumerate().filter(|(k, _)| p.window.is_none_or(|(from, to, _)| (from..to).contains(k))).map(|(k, &(pg, r))| {
                let own = row.own == Some(r);
                let picked = p.pick == Some(pg);
                let onclick = {
                    let (onselect, file) = (p.onselect.clone(), row.file);
                    Callback::from(move |_: MouseEvent| onselect.emit((file, pg)))
                };
                let label = format!("{}: {} is {}{}{}", row.path, fields::pg_prefix(pg), name(r),
                    if own { ", local" } else { "" }, if picked { ", backups copy from it" } else { "" });
                html! {
                    <td class={classes!(format!("r{}", r % COLOURS), own.then_some("own"), picked.then_some("pick"))} aria-colindex={(k + 2).to_string()}>
                        <button type="button" {onclick} aria-label={label} aria-pressed={(p.selected == Some(pg)).to_string()}>
                            <span class="nm">{ name(r) }</span>
                            if own { <span class="own-tag">{ " · local" }</span> }
                            if picked { <span class="pick-tag" aria-hidden="true">{ " ⇦" }</span> }
                        </button>
                    </td>
                }
            }) }
            if let Some((_, to, width)) = p.window { <Spacer header=false columns={width - to} px={p.px} /> }
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct SpacerProps {
    header: bool,
    /// How many columns it stands for.
    columns: usize,
    px: f64,
}

/// The cell standing for the columns out of view: as wide as they are, so the scroll bar stays
/// true. Its width is set through the CSS object model (the page's content security policy
/// allows no style attribute).
#[function_component(Spacer)]
fn spacer(p: &SpacerProps) -> Html {
    let cell = use_node_ref();
    {
        let cell = cell.clone();
        use_effect_with((p.columns, p.px.to_bits()), move |&(columns, px)| {
            if let Some(el) = cell.cast::<web_sys::HtmlElement>() {
                let width = format!("{}px", columns as f64 * f64::from_bits(px));
                let style = el.style();
                let _ = style.set_property("width", &width);
                let _ = style.set_property("min-width", &width);
            }
        });
    }
    if p.header {
        html! { <th class="col-spacer" aria-hidden="true" ref={cell}></th> }
    } else {
        html! { <td class="col-spacer" aria-hidden="true" ref={cell}></td> }
    }
}
