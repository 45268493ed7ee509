use super::use_store;
use pgbr_core::path::{key, Step};
use pgbr_core::{FieldPath, Severity};
use yew::prelude::*;

/// Every finding in one list; each links to its field.
#[function_component(Summary)]
pub fn summary() -> Html {
    let store = use_store();
    let diags = &store.output.diagnostics;
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let focus = |path: FieldPath| {
        Callback::from(move |e: MouseEvent| {
            use wasm_bindgen::JsCast;
            let doc = web_sys::window().and_then(|w| w.document());
            // The exact field, else the nearest enclosing one (`pooler[2]` → the hosts table).
            let mut p = Some(path.clone());
            while let Some(at) = p {
                let el = doc.as_ref().and_then(|d| d.get_element_by_id(&at.dom_id()));
                if let Some(el) = el.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
                    e.prevent_default();
                    let _ = el.focus();
                    return;
                }
                p = at.parent().filter(|p| !p.is_empty());
            }
        })
    };
    // A host's own values (`pooler[1].global.…`, `repo-host.global.…`) are edited with the
    // command sections, under "Per-host values and sections".
    let own_values = |path: &FieldPath| {
        path.steps()
            .iter()
            .skip(1)
            .any(|s| *s == Step::Key(key::GLOBAL.into()))
    };
    let section = |path: &FieldPath| match path.root().unwrap_or_default() {
        key::POOLER | key::REPO_HOST if own_values(path) => "#sections",
        key::POOLER => "#hosts",
        key::REPO => "#repos",
        key::TLS => "#tls",
        key::GLOBAL => "#options",
        key::COMMAND | key::STANZA_OPTIONS | key::STANZA_COMMAND => "#sections",
        _ => "#cluster",
    };
    html! {
        <section class={classes!("summary", (errors > 0).then_some("has-errors"))} aria-labelledby="summary-title">
            <h2 id="summary-title">
                if errors == 0 && warnings == 0 { { "No problems found" } }
                else { { format!("{errors} error{}, {warnings} warning{}", if errors == 1 { "" } else { "s" }, if warnings == 1 { "" } else { "s" }) } }
            </h2>
            if errors > 0 {
                <p class="blocked">{ "No file can be downloaded while errors remain: pgBackRest would refuse these settings or misbehave. The preview shows the last files without errors." }</p>
            }
            <ul class="diags">
                { for diags.iter().map(|d| {
                    let class = if d.severity == Severity::Error { "error" } else { "warning" };
                    html! { <li class={class}>
                        <span class="sev">{ if d.severity == Severity::Error { "Error" } else { "Warning" } }</span>
                        <a href={section(&d.path)} onclick={focus(d.path.clone())}><code>{ if d.path.is_empty() { "design".to_string() } else { d.path.to_string() } }</code></a>
                        { " " }{ &d.message }
                    </li> }
                }) }
            </ul>
        </section>
    }
}
