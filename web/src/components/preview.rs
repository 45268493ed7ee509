use super::legend::COLOURS;
use super::use_store;
use crate::download;
use crate::state::differing_lines;
use pgbr_core::catalog;
use pgbr_core::output::{File, FileKind};
use pgbr_core::{LineKind, Output};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The files side by side, one column per host (its extra files under its config). Colours and
/// marks come from each line's structure (replica, pg index, kind), never from the text.
#[function_component(Preview)]
pub fn preview() -> Html {
    let store = use_store();
    let output = store.shown.clone();
    let stale = store.stale();
    let diff = use_memo(output.clone(), |o| differing_lines(o));
    let names: Rc<Vec<String>> = use_memo(store.shown_design.clone(), |d| {
        d.pooler.iter().map(|p| p.name.clone()).collect()
    });
    let why = use_state(|| None::<(usize, usize)>);
    // Only the columns in view (and one either side) are rendered in full: with many poolers a
    // keystroke would otherwise rebuild every line of every file.
    let shown_columns = use_state(|| {
        let width = web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|w| w.as_f64())
            .unwrap_or(1600.0);
        0..(width / 400.0).ceil() as usize + 1
    });
    let onscroll = {
        let shown_columns = shown_columns.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<web_sys::Element>() else {
                return;
            };
            let column = el
                .first_element_child()
                .map_or(448, |c| c.client_width())
                .max(1) as f64
                + 12.0;
            let first = ((f64::from(el.scroll_left()) / column).floor() as usize).saturating_sub(1);
            let last =
                (f64::from(el.scroll_left() + el.client_width()) / column).ceil() as usize + 1;
            if *shown_columns != (first..last) {
                shown_columns.set(first..last);
            }
        })
    };

    // One listener for every line: which line is under the pointer or has the focus. Lines
    // carry no index of their own (fewer attributes to diff on every keystroke); their place
    // among their siblings is the index.
    let point = {
        let why = why.clone();
        move |target: Option<web_sys::EventTarget>| {
            let Some(el) = target
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest(".ln").ok().flatten())
            else {
                return;
            };
            let file = el
                .closest("article[data-i]")
                .ok()
                .flatten()
                .and_then(|a| a.get_attribute("data-i"))
                .and_then(|v| v.parse::<usize>().ok());
            let mut line = 0;
            let mut prev = el.previous_element_sibling();
            while let Some(p) = prev {
                line += 1;
                prev = p.previous_element_sibling();
            }
            if let Some(f) = file {
                if *why != Some((f, line)) {
                    why.set(Some((f, line)));
                }
            }
        }
    };
    let onmouseover = {
        let point = point.clone();
        Callback::from(move |e: MouseEvent| point(e.target()))
    };
    let onfocusin = Callback::from(move |e: FocusEvent| point(e.target()));
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        let Some(el) = e.target_dyn_into::<web_sys::Element>() else {
            return;
        };
        if !el.matches(".ln").unwrap_or(false) {
            return;
        }
        let next = match e.key().as_str() {
            "ArrowDown" => el.next_element_sibling(),
            "ArrowUp" => el.previous_element_sibling(),
            _ => return,
        };
        if let Some(n) = next.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            e.prevent_default();
            let _ = n.focus();
        }
    });

    // Group the files by the host they are for, keeping the core's order.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, f) in output.files.iter().enumerate() {
        match groups
            .iter_mut()
            .find(|g| output.files[g[0]].host == f.host)
        {
            Some(g) => g.push(i),
            None => groups.push(vec![i]),
        }
    }
    html! {
        <section class={classes!("preview", stale.then_some("stale"))} aria-labelledby="preview-title">
            <h2 id="preview-title">
                { "Files" }
                if stale { <span class="badge">{ "outdated: fix the errors to update" }</span> }
            </h2>
            if output.files.is_empty() {
                <p class="muted empty-files">{ "No files yet: this design has errors (listed above) since it was opened. Fix them and the files appear here." }</p>
            }
            <div class="files" {onmouseover} {onfocusin} {onkeydown} {onscroll}>
                { for groups.into_iter().enumerate().map(|(column, g)| html! {
                    <div class="column">
                        { for g.into_iter().map(|i| html! {
                            <FileView key={output.files[i].path.clone()} output={output.clone()} index={i}
                                diff={diff.clone()} names={names.clone()} stale={stale}
                                live={shown_columns.contains(&column)} />
                        }) }
                    </div>
                }) }
            </div>
            <Why output={output.clone()} at={*why} />
        </section>
    }
}

#[derive(Properties)]
pub struct FileProps {
    pub output: Rc<Output>,
    pub index: usize,
    pub diff: Rc<Vec<Vec<bool>>>,
    pub names: Rc<Vec<String>>,
    pub stale: bool,
    /// In view: render the lines (else only the header, until it is scrolled to).
    pub live: bool,
}

impl PartialEq for FileProps {
    // Only this file's content matters: a keystroke that leaves a file unchanged leaves its
    // column alone.
    fn eq(&self, o: &Self) -> bool {
        self.index == o.index
            && self.stale == o.stale
            && self.live == o.live
            && self.output.files.get(self.index) == o.output.files.get(o.index)
            && self.diff.get(self.index) == o.diff.get(o.index)
            && self.names == o.names
    }
}

fn file_name(f: &File) -> String {
    f.path.replace('/', "-")
}

/// One file: its header (pg order, copy, download) and its lines.
#[function_component(FileView)]
pub fn file_view(p: &FileProps) -> Html {
    let f = &p.output.files[p.index];
    let empty = Vec::new();
    let diff = p.diff.get(p.index).unwrap_or(&empty);
    let name = |i: usize| p.names.get(i).cloned().unwrap_or_default();
    // The text is made on the click, not on every render.
    let copy = {
        let (output, i) = (p.output.clone(), p.index);
        Callback::from(move |_: MouseEvent| download::copy(&output.files[i].text()))
    };
    let save = {
        let (output, i) = (p.output.clone(), p.index);
        Callback::from(move |_: MouseEvent| {
            let f = &output.files[i];
            let _ = download::save(&file_name(f), f.text().as_bytes(), "text/plain");
        })
    };
    let kind = match f.kind {
        FileKind::Config => "config",
        FileKind::SecretsInclude => "secrets include, mode 0600",
        FileKind::Env => "environment, mode 0600",
    };
    html! {
        <article class="file" aria-label={f.path.clone()} data-path={f.path.clone()} data-i={p.index.to_string()}>
            <header>
                <h3>{ &f.path }</h3>
                <p class="muted">{ format!("for {} · {kind}", f.host) }</p>
                if f.kind == FileKind::Config && p.live {
                    <ol class="order" aria-label="pg order">
                        { for f.pg_order().into_iter().map(|(pg, r)| html! {
                            <li class={format!("chip r{}", r % COLOURS)}>
                                { format!("pg{pg} {}", name(r)) }
                                if f.pooler == Some(r) { <span class="own-tag">{ " · local" }</span> }
                            </li>
                        }) }
                    </ol>
                }
                <div class="file-actions">
                    <button type="button" onclick={copy} aria-label={format!("Copy {}", f.path)}>{ "Copy" }</button>
                    <button type="button" onclick={save} disabled={p.stale} aria-label={format!("Download {}", f.path)}>{ "Download" }</button>
                </div>
            </header>
            if !p.live {
                <div class="code pending" aria-hidden="true">{ format!("{} lines: scroll here to see them", f.lines.len()) }</div>
            } else {
            <div class="code">
                { for f.lines.iter().enumerate().map(|(li, l)| {
                    let own = l.replica.is_some() && l.replica == f.pooler;
                    let class = line_class(l.kind, l.replica, own, diff.get(li).copied().unwrap_or(false));
                    // The key in its colour, then `=value` as plain text: the fewest nodes to
                    // build and compare for each of the thousands of lines a keystroke re-renders.
                    let body = match (l.kind, l.text.find('=')) {
                        (LineKind::Option | LineKind::Env, Some(eq)) => html! {
                            <><span class="k">{ l.text[..eq].to_string() }</span>{ l.text[eq..].to_string() }</>
                        },
                        _ => html! { { l.text.clone() } },
                    };
                    html! { <div {class} tabindex={if li == 0 { "0" } else { "-1" }}>{ body }</div> }
                }) }
            </div>
            }
        </article>
    }
}

/// The class of a preview line, from a table made once: a keystroke re-renders thousands of
/// lines, and equal `&'static str`s are the cheapest attribute to build and to compare.
fn line_class(kind: LineKind, replica: Option<usize>, own: bool, diff: bool) -> &'static str {
    use std::cell::RefCell;
    use std::collections::HashMap;
    type Key = (u8, Option<usize>, bool, bool);
    thread_local! {
        static TABLE: RefCell<HashMap<Key, &'static str>> = RefCell::new(HashMap::new());
    }
    let kind_class = match kind {
        LineKind::Comment => "com",
        LineKind::Blank => "blank",
        LineKind::Section => "sec",
        LineKind::Option | LineKind::Env => "opt",
    };
    let key = (
        kind_class.as_bytes()[0],
        replica.map(|r| r % COLOURS),
        own,
        diff,
    );
    TABLE.with(|t| {
        *t.borrow_mut().entry(key).or_insert_with(|| {
            let mut class = format!("ln {kind_class}");
            if let Some(r) = key.1 {
                class.push_str(&format!(" r{r}"));
            }
            if own {
                class.push_str(" own");
            }
            if diff {
                class.push_str(" diff");
            }
            // At most 4 kinds x 13 colours x 4 marks: a bounded, one-off allocation.
            Box::leak(class.into_boxed_str())
        })
    })
}

#[derive(Properties, PartialEq)]
pub struct WhyProps {
    pub output: Rc<Output>,
    pub at: Option<(usize, usize)>,
}

/// Why the line under the pointer or focus is there, and which pgBackRest option it sets.
#[function_component(Why)]
pub fn why(p: &WhyProps) -> Html {
    let line = p.at.and_then(|(f, l)| {
        Some((
            p.output.files.get(f)?,
            l,
            p.output.files.get(f)?.lines.get(l)?,
        ))
    });
    html! {
        <aside class="why" aria-live="polite" aria-label="Why this line">
            if let Some((f, n, l)) = line {
                <p><code class="where">{ format!("{}:{}", f.path, n + 1) }</code>{ " " }<code>{ &l.text }</code></p>
                <p>{ l.why.to_string() }</p>
                if let Some(o) = l.option.and_then(catalog::find) {
                    <p class="muted">
                        { "pgBackRest option " }
                        if let Some(url) = o.doc_url() {
                            <a class="opt-name" href={url} target="_blank" rel="noopener noreferrer"
                                title="This option in pgBackRest's configuration reference (pgbackrest.org)">{ o.name }</a>
                        } else {
                            <strong class="opt-name">{ o.name }</strong>
                        }
                        { format!(": {}", o.summary) }
                        if let Some(d) = o.default { { format!(" Default: {d}.") } }
                        { format!(" Since {}.", o.since) }
                    </p>
                }
            } else {
                <p class="muted">{ "Hover or focus a line to see why it is there." }</p>
            }
        </aside>
    }
}
