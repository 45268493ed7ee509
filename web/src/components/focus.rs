use super::preview::{line_body, line_class, Chunks};
use pgbr_core::side_by_side::{self, Row};
use pgbr_core::{File, Output};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FocusProps {
    pub output: Rc<Output>,
    pub diff: Rc<Vec<Vec<bool>>>,
    /// The file shown, by index.
    pub a: usize,
    /// The file shown beside it as a diff, if any.
    pub b: Option<usize>,
    /// The pg block to bring into view, and a count that changes on every request (choosing
    /// the same cell twice scrolls there again).
    pub target: Option<(u16, u32)>,
}

/// One file at the preview's full width with its long lines wrapped, or two side by side,
/// paired by core (`side_by_side::align`) with the lines that differ marked.
#[function_component(Focus)]
pub fn focus(p: &FocusProps) -> Html {
    let (Some(a), b) = (
        p.output.files.get(p.a),
        p.b.and_then(|b| p.output.files.get(b)),
    ) else {
        return html! { <p class="muted">{ "No file to show." }</p> };
    };
    let rows = use_memo((p.output.clone(), p.a, p.b), |(o, a, b)| {
        b.and_then(|b| o.files.get(b))
            .map(|fb| side_by_side::align(&o.files[*a], fb))
            .unwrap_or_default()
    });
    {
        // Brings the chosen block's first line into view and gives it the focus.
        let target = p.target;
        use_effect_with((target, p.a, p.b), move |(target, _, _)| {
            if let Some((pg, _)) = target {
                let line = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| {
                        d.query_selector(&format!(".focused [data-pg=\"{pg}\"]"))
                            .ok()
                            .flatten()
                    })
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(line) = line {
                    let _ = line.focus();
                }
            }
        });
    }
    match b {
        None => html! {
            <article class="focused single" aria-label={format!("{} (focused)", a.path)} data-path={a.path.clone()} data-i={p.a.to_string()}>
                <header><h3>{ &a.path }</h3><p class="muted">{ format!("for {}", a.host) }</p></header>
                <div class="code wrap">
                    <Chunks output={p.output.clone()} index={p.a} diff={p.diff.clone()} mark_pg=true />
                </div>
            </article>
        },
        Some(fb) => {
            let changed = rows.iter().filter(|r| r.differs).count();
            html! {
                <article class="focused sbs" aria-label={format!("{} beside {}", a.path, fb.path)}
                    data-path={a.path.clone()} data-other={fb.path.clone()}>
                    <div class="sbs-head">
                        <h3>{ &a.path }</h3>
                        <h3>{ &fb.path }</h3>
                        <p class="muted">{ format!("{changed} of {} rows differ (marked ◆): lines stand beside the line in the same place of the other file's structure.", rows.len()) }</p>
                    </div>
                    <div class="code wrap sbs-rows" role="table" aria-label="Side by side">
                        { for rows.iter().map(|r| side_row(a, fb, r)) }
                    </div>
                </article>
            }
        }
    }
}

fn side_row(a: &File, b: &File, r: &Row) -> Html {
    let cell = |f: &File, i: Option<usize>, side: &'static str| match i.map(|i| &f.lines[i]) {
        Some(l) => {
            let own = l.replica.is_some() && l.replica == f.pooler;
            html! { <div class={classes!(line_class(l.kind(), l.replica, own, r.differs), side)} role="cell">{ line_body(l) }</div> }
        }
        None => html! { <div class={classes!("ln", "gap", side)} role="cell"></div> },
    };
    // The row that starts a pg block of the first file is where a chosen cell scrolls to.
    let pg =
        r.a.map(|i| &a.lines[i])
            .filter(|l| l.kind() == pgbr_core::LineKind::Comment)
            .and_then(|l| l.pg)
            .map(|pg| pg.to_string());
    html! {
        <div class={classes!("srow", r.differs.then_some("differs"))} role="row" data-pg={pg} tabindex="-1">
            { cell(a, r.a, "left") }{ cell(b, r.b, "right") }
        </div>
    }
}
