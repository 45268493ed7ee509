use super::legend::COLOURS;
use pgbr_core::fields;
use pgbr_core::output::FileKind;
use pgbr_core::Output;
use std::rc::Rc;
use yew::prelude::*;

/// Height of one grid row in CSS pixels (`.overview tr` in style.css): rows are all the same
/// height, so the rows in view follow from the scroll position alone.
const ROW_PX: i32 = 26;
/// Rows rendered above and below the ones in view.
const OVERSCAN: usize = 6;
/// Up to this many rows the grid renders them all.
const ALL_ROWS: usize = 40;

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
    let onscroll = {
        let first = first.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<web_sys::Element>() {
                let top = (el.scroll_top() / ROW_PX) as usize;
                if *first != top {
                    first.set(top);
                }
            }
        })
    };
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
                        { for (1u16..).take(width).map(|pg| html! { <th scope="col">{ fields::pg_prefix(pg) }</th> }) }
                    </tr></thead>
                    <tbody>
                        { spacer(from) }
                        { for p.rows[from..to].iter().enumerate().map(|(k, row)| html! {
                            <Row key={row.path.as_str()} rows={p.rows.clone()} at={from + k}
                                names={p.names.clone()}
                                pick={p.picks.get(row.file).copied().flatten()}
                                selected={p.selected.filter(|(f, _)| *f == row.file).map(|(_, pg)| pg)}
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
    onselect: Callback<(usize, u16)>,
}

impl PartialEq for RowProps {
    // A keystroke in a host field changes no order and no name: every row stays as it is.
    fn eq(&self, o: &Self) -> bool {
        let (a, b) = (&self.rows[self.at], &o.rows[o.at]);
        a == b
            && self.pick == o.pick
            && self.selected == o.selected
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
            { for row.order.iter().map(|&(pg, r)| {
                let own = row.own == Some(r);
                let picked = p.pick == Some(pg);
                let onclick = {
                    let (onselect, file) = (p.onselect.clone(), row.file);
                    Callback::from(move |_: MouseEvent| onselect.emit((file, pg)))
                };
                let label = format!("{}: {} is {}{}{}", row.path, fields::pg_prefix(pg), name(r),
                    if own { ", local" } else { "" }, if picked { ", backups copy from it" } else { "" });
                html! {
                    <td class={classes!(format!("r{}", r % COLOURS), own.then_some("own"), picked.then_some("pick"))}>
                        <button type="button" {onclick} aria-label={label} aria-pressed={(p.selected == Some(pg)).to_string()}>
                            <span class="nm">{ name(r) }</span>
                            if own { <span class="own-tag">{ " · local" }</span> }
                            if picked { <span class="pick-tag" aria-hidden="true">{ " ⇦" }</span> }
                        </button>
                    </td>
                }
            }) }
        </tr>
    }
}
