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
    let names: Rc<Vec<String>> = use_memo(store.design.clone(), |d| {
        d.pooler.iter().map(|p| p.name.clone()).collect()
    });
    let why = use_state(|| None::<(usize, usize)>);

    // One listener for every line: which line is under the pointer or has the focus.
    let point = {
        let why = why.clone();
        move |target: Option<web_sys::EventTarget>| {
            let el = target
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("[data-l]").ok().flatten());
            if let Some(el) = el {
                let num = |a: &str| el.get_attribute(a).and_then(|v| v.parse::<usize>().ok());
                if let (Some(f), Some(l)) = (num("data-f"), num("data-l")) {
                    if *why != Some((f, l)) {
                        why.set(Some((f, l)));
                    }
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
        let Some(el) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if !el.has_attribute("data-l") {
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
            <div class="files" {onmouseover} {onfocusin} {onkeydown}>
                { for groups.into_iter().map(|g| html! {
                    <div class="column">
                        { for g.into_iter().map(|i| html! {
                            <FileView key={output.files[i].path.clone()} output={output.clone()} index={i}
                                diff={diff.clone()} names={names.clone()} stale={stale} />
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
}

impl PartialEq for FileProps {
    // Only this file's content matters: a keystroke that leaves a file unchanged leaves its
    // column alone.
    fn eq(&self, o: &Self) -> bool {
        self.index == o.index
            && self.stale == o.stale
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
    let copy = {
        let text = f.text();
        Callback::from(move |_: MouseEvent| download::copy(&text))
    };
    let save = {
        let (text, file) = (f.text(), file_name(f));
        Callback::from(move |_: MouseEvent| {
            let _ = download::save(&file, text.as_bytes(), "text/plain");
        })
    };
    let kind = match f.kind {
        FileKind::Config => "config",
        FileKind::SecretsInclude => "secrets include, mode 0600",
        FileKind::Env => "environment, mode 0600",
    };
    html! {
        <article class="file" aria-label={f.path.clone()} data-path={f.path.clone()}>
            <header>
                <h3>{ &f.path }</h3>
                <p class="muted">{ format!("for {} · {kind}", f.host) }</p>
                if f.kind == FileKind::Config {
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
            <div class="code" role="list">
                { for f.lines.iter().enumerate().map(|(li, l)| {
                    let mut class = String::from("ln");
                    class.push_str(match l.kind {
                        LineKind::Comment => " com",
                        LineKind::Blank => " blank",
                        LineKind::Section => " sec",
                        LineKind::Option | LineKind::Env => " opt",
                    });
                    if let Some(r) = l.replica {
                        class.push_str(&format!(" r{}", r % COLOURS));
                        if f.pooler == Some(r) {
                            class.push_str(" own");
                        }
                    }
                    if diff.get(li).copied().unwrap_or(false) {
                        class.push_str(" diff");
                    }
                    let body = match (l.kind, l.text.split_once('=')) {
                        (LineKind::Option | LineKind::Env, Some((k, v))) => html! {
                            <><span class="k">{ k }</span>{ "=" }<span class="v">{ v }</span></>
                        },
                        _ => html! { { l.text.clone() } },
                    };
                    html! {
                        <div class={class} role="listitem" data-f={p.index.to_string()} data-l={li.to_string()}
                            tabindex={if li == 0 { "0" } else { "-1" }} title={l.why.clone()}>{ body }</div>
                    }
                }) }
            </div>
        </article>
    }
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
                <p>{ &l.why }</p>
                if let Some(o) = l.option.as_deref().and_then(catalog::find) {
                    <p class="muted">
                        { "pgBackRest option " }<strong class="opt-name">{ o.name }</strong>{ format!(": {}", o.summary) }
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
