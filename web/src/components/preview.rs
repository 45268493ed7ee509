use super::focus::Focus;
use super::legend::COLOURS;
use super::overview::{self, Overview};
use super::use_store;
use crate::download;
use crate::state::differing_lines;
use pgbr_core::catalog;
use pgbr_core::fields;
use pgbr_core::output::{File, FileKind};
use pgbr_core::simulate::{self, Pick};
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
    let rows = use_memo(output.clone(), |o| overview::rows(o));
    // The simulator's answer, per file index: the pg index a backup copies from.
    let picks = {
        let roles = store.roles();
        use_memo(
            (store.shown_design.clone(), output.clone(), roles),
            |(d, o, roles)| {
                let answers = simulate::for_design(d, roles);
                o.files
                    .iter()
                    .map(|f| {
                        answers
                            .iter()
                            .find(|a| a.path == f.path)
                            .and_then(|a| match a.pick {
                                Pick::Standby { pg, .. } | Pick::Primary { pg, .. } => Some(pg),
                                Pick::Error { .. } => None,
                            })
                    })
                    .collect::<Vec<_>>()
            },
        )
    };
    // The files now shown, for the copy and download buttons of files that were not
    // re-rendered (their props compare their header only).
    let current = use_mut_ref(|| output.clone());
    *current.borrow_mut() = output.clone();
    let why = use_state(|| None::<(usize, usize)>);
    let view = use_state(|| View::Columns);
    // The focused view: the file shown, the one beside it, the block to bring into view.
    let focus = use_state(|| (0usize, None::<usize>, None::<(u16, u32)>));
    let onselect = {
        let (view, focus) = (view.clone(), focus.clone());
        Callback::from(move |(file, pg): (usize, u16)| {
            let count = focus.2.map_or(0, |(_, c)| c.wrapping_add(1));
            focus.set((file, focus.1.filter(|b| *b != file), Some((pg, count))));
            view.set(View::Focus);
        })
    };
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
    // among their siblings, after the first line of their chunk, is the index.
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
            let Some(start) = el
                .parent_element()
                .and_then(|c| c.get_attribute("data-start"))
                .and_then(|v| v.parse::<usize>().ok())
            else {
                return;
            };
            let mut line = start;
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
        // The next line may be the first of the next chunk.
        let next = match e.key().as_str() {
            "ArrowDown" => el.next_element_sibling().or_else(|| {
                el.parent_element()
                    .and_then(|c| c.next_element_sibling())
                    .and_then(|c| c.first_element_child())
            }),
            "ArrowUp" => el.previous_element_sibling().or_else(|| {
                el.parent_element()
                    .and_then(|c| c.previous_element_sibling())
                    .and_then(|c| c.last_element_child())
            }),
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
    let set_view = |v: View| {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.set(v))
    };
    let (fa, fb, target) = *focus;
    let pick_file = |second: bool| {
        let focus = focus.clone();
        Callback::from(move |e: Event| {
            let v = super::value_of(&e).parse::<usize>().ok();
            let (a, b, _) = *focus;
            focus.set(if second {
                (a, v, None)
            } else {
                (v.unwrap_or(a), b, None)
            });
        })
    };
    let options = |selected: Option<usize>| {
        output
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| html! { <option value={i.to_string()} selected={selected == Some(i)}>{ &f.path }</option> })
            .collect::<Html>()
    };
    html! {
        <section class={classes!("preview", stale.then_some("stale"))} aria-labelledby="preview-title">
            <h2 id="preview-title">
                { "Files" }
                if stale { <span class="badge">{ "outdated: fix the errors to update" }</span> }
            </h2>
            if output.files.is_empty() {
                <p class="muted empty-files">{ "No files yet: this design has errors (listed above) since it was opened. Fix them and the files appear here." }</p>
            } else {
                <Overview rows={rows.clone()} names={names.clone()} picks={picks.clone()}
                    selected={(*view == View::Focus).then(|| target.map(|(pg, _)| (fa, pg))).flatten()}
                    {onselect} />
                <div class="view-switch" role="group" aria-label="How to show the files">
                    <button type="button" id="view-columns" aria-pressed={(*view == View::Columns).to_string()}
                        onclick={set_view(View::Columns)}>{ "All files side by side" }</button>
                    <button type="button" id="view-focus" aria-pressed={(*view == View::Focus).to_string()}
                        onclick={set_view(View::Focus)}>{ "One file, full width" }</button>
                    if *view == View::Focus {
                        <label for="focus-file">{ "File" }</label>
                        <select id="focus-file" onchange={pick_file(false)}>{ options(Some(fa)) }</select>
                        <label for="focus-other">{ "compared with" }</label>
                        <select id="focus-other" onchange={pick_file(true)}>
                            <option value="" selected={fb.is_none()}>{ "nothing (one file)" }</option>
                            { options(fb) }
                        </select>
                    }
                </div>
            }
            <div class="files-area" {onmouseover} {onfocusin} {onkeydown}>
            if *view == View::Focus && !output.files.is_empty() {
                <Focus output={output.clone()} diff={diff.clone()} a={fa} b={fb} {target} />
            } else {
            <div class="files" {onscroll}>
                { for groups.into_iter().enumerate().map(|(column, g)| html! {
                    <div class="column">
                        { for g.into_iter().map(|i| html! {
                            <FileView key={output.files[i].path.clone()} output={output.clone()} index={i}
                                diff={diff.clone()} names={names.clone()} stale={stale}
                                live={shown_columns.contains(&column)} current={current.clone()} />
                        }) }
                    </div>
                }) }
            </div>
            }
            </div>
            <Why output={output.clone()} at={*why} />
        </section>
    }
}

/// The preview's two ways of showing the files.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Columns,
    Focus,
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
    /// The output shown now (the same cell for every render).
    pub current: Rc<std::cell::RefCell<Rc<Output>>>,
}

impl PartialEq for FileProps {
    // Only this file's content matters: a keystroke that leaves a file unchanged leaves its
    // column alone.
    fn eq(&self, o: &Self) -> bool {
        // A file out of view shows its header only: compare what the header shows, not its
        // lines (with many poolers, comparing every file's lines dominated a keystroke).
        fn header(p: &FileProps) -> Option<(&str, &str, FileKind, Option<usize>, usize)> {
            let f = p.output.files.get(p.index)?;
            Some((&f.path, &f.host, f.kind, f.pooler, f.lines.len()))
        }
        self.index == o.index
            && self.stale == o.stale
            && self.live == o.live
            && header(self) == header(o)
            && (!self.live
                || (Rc::ptr_eq(&self.output, &o.output) && Rc::ptr_eq(&self.diff, &o.diff)))
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
    let name = |i: usize| p.names.get(i).cloned().unwrap_or_default();
    // The text is made on the click, not on every render, from the files shown then.
    let copy = {
        let (current, i) = (p.current.clone(), p.index);
        Callback::from(move |_: MouseEvent| {
            if let Some(f) = current.borrow().files.get(i) {
                download::copy(&f.text());
            }
        })
    };
    let save = {
        let (current, i) = (p.current.clone(), p.index);
        Callback::from(move |_: MouseEvent| {
            if let Some(f) = current.borrow().files.get(i) {
                let _ = download::save(&file_name(f), f.text().as_bytes(), "text/plain");
            }
        })
    };
    // The mode is core's: the one the install guide and the zip give the file.
    let kind = match f.kind {
        FileKind::Config => "config".to_string(),
        FileKind::SecretsInclude => format!("secrets include, mode {:04o}", f.mode),
        FileKind::Env => format!("environment, mode {:04o}", f.mode),
    };
    html! {
        <article class="file" aria-label={f.path.clone()} data-path={f.path.clone()} data-i={p.index.to_string()}>
            <header>
                <h3>{ &f.path }</h3>
                <p class="muted">{ format!("for {} · {kind}", f.host) }</p>
                if f.kind == FileKind::Config && p.live {
                    <ol class="order" aria-label="pg order">
                        { for f.pg_order.iter().map(|&(pg, r)| html! {
                            <li class={format!("chip r{}", r % COLOURS)}>
                                { format!("{} {}", fields::pg_prefix(pg), name(r)) }
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
                <Chunks output={p.output.clone()} index={p.index} diff={p.diff.clone()} mark_pg=false />
            </div>
            }
        </article>
    }
}

/// Lines per [`Chunk`]: a keystroke that changes one block of a long file re-renders the chunk
/// that holds it, not the file.
const CHUNK: usize = 64;

#[derive(Properties)]
pub struct ChunksProps {
    pub output: Rc<Output>,
    pub index: usize,
    pub diff: Rc<Vec<Vec<bool>>>,
    /// Marks the line that starts each pg block (`data-pg`), for the focused view to scroll to.
    pub mark_pg: bool,
}

impl PartialEq for ChunksProps {
    fn eq(&self, o: &Self) -> bool {
        self.index == o.index
            && self.mark_pg == o.mark_pg
            && Rc::ptr_eq(&self.output, &o.output)
            && Rc::ptr_eq(&self.diff, &o.diff)
    }
}

/// A file's lines, in chunks of [`CHUNK`].
#[function_component(Chunks)]
pub fn chunks(p: &ChunksProps) -> Html {
    let len = p.output.files.get(p.index).map_or(0, |f| f.lines.len());
    html! {
        { for (0..len).step_by(CHUNK).map(|start| html! {
            <Chunk key={start} output={p.output.clone()} index={p.index} diff={p.diff.clone()}
                start={start} end={(start + CHUNK).min(len)} mark_pg={p.mark_pg} />
        }) }
    }
}

#[derive(Properties)]
struct ChunkProps {
    output: Rc<Output>,
    index: usize,
    diff: Rc<Vec<Vec<bool>>>,
    start: usize,
    end: usize,
    mark_pg: bool,
}

impl PartialEq for ChunkProps {
    // Only these lines and their marks matter.
    fn eq(&self, o: &Self) -> bool {
        fn lines(p: &ChunkProps) -> Option<&[pgbr_core::Line]> {
            p.output.files.get(p.index)?.lines.get(p.start..p.end)
        }
        fn marks(p: &ChunkProps) -> Option<&[bool]> {
            p.diff.get(p.index)?.get(p.start..p.end)
        }
        self.index == o.index
            && self.start == o.start
            && self.end == o.end
            && self.mark_pg == o.mark_pg
            && self.output.files.get(self.index).map(|f| f.pooler)
                == o.output.files.get(o.index).map(|f| f.pooler)
            && lines(self) == lines(o)
            && marks(self) == marks(o)
    }
}

#[function_component(Chunk)]
fn chunk(p: &ChunkProps) -> Html {
    let Some(f) = p.output.files.get(p.index) else {
        return Html::default();
    };
    let empty = Vec::new();
    let diff = p.diff.get(p.index).unwrap_or(&empty);
    html! {
        <div class="chunk" data-start={p.start.to_string()}>
            { for f.lines[p.start..p.end].iter().enumerate().map(|(k, l)| {
                let li = p.start + k;
                let own = l.replica.is_some() && l.replica == f.pooler;
                let class = line_class(l.kind(), l.replica, own, diff.get(li).copied().unwrap_or(false));
                let pg = (p.mark_pg && l.kind() == LineKind::Comment).then_some(l.pg).flatten().map(|pg| pg.to_string());
                html! { <div {class} tabindex={if li == 0 { "0" } else { "-1" }} data-pg={pg}>{ line_body(l) }</div> }
            }) }
        </div>
    }
}

/// A line's content: the key in its colour, then `=value` as plain text (the fewest nodes to
/// build and compare for each line).
pub fn line_body(l: &pgbr_core::Line) -> Html {
    // Core renders the line; the key is its first `key.len()` bytes by construction.
    let mut text = l.to_string();
    match l.key() {
        Some(key) => {
            let rest = text.split_off(key.len());
            html! { <><span class="k">{ text }</span>{ rest }</> }
        }
        None => html! { { text } },
    }
}

/// The class of a preview line, from a table made once: a keystroke re-renders thousands of
/// lines, and equal `&'static str`s are the cheapest attribute to build and to compare.
pub fn line_class(kind: LineKind, replica: Option<usize>, own: bool, diff: bool) -> &'static str {
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
                <p><code class="where">{ format!("{}:{}", f.path, n + 1) }</code>{ " " }<code>{ l.to_string() }</code></p>
                <p>{ l.why.to_string() }</p>
                if let Some(o) = l.option.and_then(catalog::find) {
                    <p class="muted">
                        { "pgBackRest option " }
                        if let Some(url) = o.doc_url() {
                            <a class="opt-name" href={url} target="_blank" rel="noopener noreferrer"
                                title="This option in pgBackRest's configuration reference">{ o.name }</a>
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
