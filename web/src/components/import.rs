use super::use_dispatch;
use crate::intake::{self, Refusal, PASTED};
use crate::state::Action;
use pgbr_core::diff::{BeforeAfter, Mark, MarkedLine, Row};
use pgbr_core::fields;
use std::rc::Rc;
use yew::prelude::*;

/// What the last import attempt came to.
#[derive(Clone, PartialEq)]
enum Outcome {
    Done {
        files: usize,
        unmapped: Vec<String>,
        changes: String,
        unchanged: bool,
        views: Rc<Vec<BeforeAfter>>,
    },
    Refused(String),
    /// The files hold several stanzas: one button each.
    Choose {
        files: Vec<(String, String)>,
        stanzas: Vec<String>,
    },
}

/// Import existing pgbackrest.conf files (pasted, or chosen: one or several) or a design file.
/// The design is replaced only when the import succeeds; a refusal says why and changes nothing.
#[function_component(Import)]
pub fn import() -> Html {
    let dispatch = use_dispatch();
    let text = use_state(String::new);
    let outcome = use_state(|| None::<Outcome>);
    let apply = {
        let (dispatch, outcome) = (dispatch.clone(), outcome.clone());
        Callback::from(
            move |(files, stanza): (Vec<(String, String)>, Option<String>)| {
                outcome.set(Some(match intake::read_stanza(&files, stanza.as_deref()) {
                    Ok(got) => {
                        dispatch.dispatch(Action::Load(Box::new(got.design)));
                        Outcome::Done {
                            files: files.len(),
                            unmapped: got.unmapped,
                            changes: got.changes,
                            unchanged: got.unchanged,
                            views: Rc::new(got.views),
                        }
                    }
                    Err(Refusal::Why(why)) => Outcome::Refused(why),
                    Err(Refusal::Stanzas(stanzas)) => Outcome::Choose { files, stanzas },
                }));
            },
        )
    };
    let typed = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(super::value_of(&e)))
    };
    let import_pasted = {
        let (apply, text) = (apply.clone(), text.clone());
        Callback::from(move |_: MouseEvent| {
            apply.emit((vec![(PASTED.to_string(), (*text).clone())], None))
        })
    };
    let chosen = {
        let apply = apply.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let files: Vec<web_sys::File> = input
                .files()
                .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                .unwrap_or_default();
            input.set_value("");
            let apply = apply.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut read = Vec::new();
                for f in files {
                    let text = wasm_bindgen_futures::JsFuture::from(f.text())
                        .await
                        .ok()
                        .and_then(|t| t.as_string())
                        .unwrap_or_default();
                    read.push((f.name(), text));
                }
                apply.emit((read, None));
            });
        })
    };
    let report = match &*outcome {
        None => html! {},
        Some(Outcome::Choose { files, stanzas }) => html! {
            <div id="import-result" role="status">
                <p>{ format!("These files hold {} stanzas; the designer works on one at a time. Import:", stanzas.len()) }</p>
                <div class="import-actions">
                    { for stanzas.iter().map(|s| {
                        let (apply, files, s2) = (apply.clone(), files.clone(), s.clone());
                        html! {
                            <button type="button" class="import-stanza"
                                onclick={Callback::from(move |_: MouseEvent| apply.emit((files.clone(), Some(s2.clone()))))}>
                                { format!("stanza {s}") }
                            </button>
                        }
                    }) }
                </div>
            </div>
        },
        Some(Outcome::Refused(why)) => {
            html! { <p class="msgs" id="import-result"><span class="error">{ why }</span></p> }
        }
        Some(Outcome::Done {
            files,
            unmapped,
            changes,
            unchanged,
            ..
        }) => html! {
            <div id="import-result" role="status">
                <p class="ok-text">{ format!("Imported {files} file{}.", if *files == 1 { "" } else { "s" }) }
                    { if unmapped.is_empty() { " Everything in them was mapped." } else { " What could not be mapped:" } }</p>
                if !unmapped.is_empty() {
                    <ul class="unmapped">{ for unmapped.iter().map(|u| html! { <li><code>{ u }</code></li> }) }</ul>
                }
                if !changes.is_empty() {
                    <p>{ if *unchanged { "Generating this design writes the same options back into every file." } else { "What generating this design would change in the files (+ added, - removed, ~ changed):" } }</p>
                    <pre class="mono" id="import-changes">{ changes }</pre>
                }
            </div>
        },
    };
    html! {
        <details class="card" id="import">
            <summary>{ format!("Import {} files or a design", fields::config_file_name()) }</summary>
            <p class="hint">{ format!("Paste a {conf} (or a design file), or choose one or several files: every pooler's {conf} and the secrets files beside them. The designer fills in from them and lists what it could not map; if nothing can be read, your design stays as it is.", conf = fields::config_file_name()) }</p>
            <label for="import-text">{ "Pasted text" }</label>
            <textarea id="import-text" rows="5" spellcheck="false" data-own-undo="" value={(*text).clone()} oninput={typed}
                placeholder={fields::conf_example()} />
            <div class="import-actions">
                <button type="button" id="import-paste" onclick={import_pasted}>{ "Import pasted text" }</button>
                <label class="button file-button" for="import-files">{ "Choose files…" }</label>
                <input type="file" id="import-files" class="sr-only" multiple=true onchange={chosen} />
            </div>
            { report }
            // The files whole, outside the status region (which is read out as one block).
            if let Some(Outcome::Done { views, .. }) = &*outcome {
                <div id="import-views">{ for views.iter().map(before_after) }</div>
            }
        </details>
    }
}

/// One existing file beside the generated one, whole and line by line (core's rows: a filler
/// faces a line the other file lacks; long lines wrap within their side, so rows stay level),
/// the lines the change list is about marked with its signs.
fn before_after(v: &BeforeAfter) -> Html {
    let changed = v
        .before
        .iter()
        .chain(&v.after)
        .any(|l| l.mark != Mark::Same);
    let cell = |line: Option<&MarkedLine>, which: &'static str| {
        let Some(l) = line else {
            return html! { <span class={classes!("ba-cell", which, "ba-gap")} aria-hidden="true"></span> };
        };
        let class = match l.mark {
            Mark::Same => None,
            Mark::Added => Some("added"),
            Mark::Removed => Some("removed"),
            Mark::Changed => Some("changed"),
        };
        html! {
            <span class={classes!("ba-cell", which, "ba-line", class)}>
                <span class="ba-sign">{ l.mark.sign() }</span>{ &l.text }
            </span>
        }
    };
    let row = |r: &Row| {
        html! {
            <div class="ba-row">
                { cell(r.0.and_then(|i| v.before.get(i)), "before") }
                { cell(r.1.and_then(|i| v.after.get(i)), "after") }
            </div>
        }
    };
    html! {
        <details class="before-after" data-file={v.file.clone()}>
            <summary>{ format!("{} before and after{}", v.file, if changed { "" } else { ": no change" }) }</summary>
            <div class="ba-row ba-head">
                <h4>{ format!("Before: {}", v.file) }</h4>
                <h4>{ format!("After: {}", v.generated) }</h4>
            </div>
            <div class="ba-rows mono">{ for v.rows.iter().map(row) }</div>
        </details>
    }
}
