use super::use_diagnostics;
use pgbr_core::{FieldPath, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    /// The design path the core's diagnostics use (`pooler[2].host`); the input's id follows.
    pub path: FieldPath,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_input: Callback<String>,
    /// The input's type (`text` when not given).
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// Keeps the label for screen readers only (in table cells, where the header says it).
    #[prop_or_default]
    pub compact: bool,
    #[prop_or_default]
    pub list: Option<AttrValue>,
}

/// A labelled input with the core's findings about its field right beside it.
#[function_component(Field)]
pub fn field(p: &FieldProps) -> Html {
    let id = p.path.dom_id();
    // A number field's model holds numbers only: text that is not one is left out of the
    // design, and this says so (the input keeps showing what was typed).
    let typed = use_state(String::new);
    let numeric = p.kind == "number";
    let on_input = p.on_input.clone();
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let text = super::value_of(&e);
            if numeric {
                typed.set(text.clone());
            }
            on_input.emit(text)
        })
    };
    let not_a_number = (numeric && p.value.is_empty())
        .then(|| typed.trim().to_string())
        .filter(|t| !t.is_empty() && t.parse::<i64>().is_err());
    let diagnosed = use_diagnostics(&p.path)
        .iter()
        .any(|d| d.severity == Severity::Error);
    let has_error = diagnosed || not_a_number.is_some();
    let inputmode = (p.kind == "number").then_some("numeric");
    let kind = if p.kind == "number" {
        AttrValue::Static("text")
    } else {
        p.kind.clone()
    };
    html! {
        <div class={classes!("field", p.compact.then_some("compact"))}>
            <label for={id.clone()} class={classes!(p.compact.then_some("sr-only"))}>{ &p.label }</label>
            <input id={id.clone()} type={kind} {inputmode} value={p.value.clone()} {oninput}
                placeholder={p.placeholder.clone()} list={p.list.clone()}
                autocomplete="off" spellcheck="false"
                aria-invalid={has_error.then_some("true")} aria-describedby={format!("{id}-msg")} />
            if let Some(h) = &p.hint { <small class="hint">{ h }</small> }
            if let Some(t) = not_a_number {
                <p class="msgs"><span class="error">{ format!("'{t}' is not a whole number; it is left out until corrected") }</span></p>
            }
            <Messages path={p.path.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    pub path: FieldPath,
}

/// The diagnostics at one path, as a list (empty element when there are none, so that
/// `aria-describedby` always points somewhere).
#[function_component(Messages)]
pub fn messages(p: &MessagesProps) -> Html {
    let items = use_diagnostics(&p.path);
    html! {
        <ul class="msgs" id={format!("{}-msg", p.path.dom_id())} aria-live="polite">
            { for items.iter().map(|d| {
                let (class, word) = match d.severity { Severity::Error => ("error", "Error"), Severity::Warning => ("warning", "Warning") };
                html! { <li class={class}><span class="sr-only">{ word }{ ": " }</span>{ &d.message }</li> }
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub struct SelectProps {
    pub path: FieldPath,
    pub label: AttrValue,
    pub value: AttrValue,
    /// (value, label) pairs.
    pub choices: Vec<(String, String)>,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub compact: bool,
}

/// A labelled select with the findings about its field beside it.
#[function_component(Select)]
pub fn select(p: &SelectProps) -> Html {
    let id = p.path.dom_id();
    let on_change = p.on_change.clone();
    let onchange = Callback::from(move |e: Event| on_change.emit(super::value_of(&e)));
    let node = use_node_ref();
    super::use_select_value(node.clone(), p.value.to_string());
    html! {
        <div class={classes!("field", p.compact.then_some("compact"))}>
            <label for={id.clone()} class={classes!(p.compact.then_some("sr-only"))}>{ &p.label }</label>
            <select ref={node} id={id.clone()} {onchange} aria-describedby={format!("{id}-msg")}>
                { for p.choices.iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={*v == *p.value}>{ l }</option>
                }) }
            </select>
            if let Some(h) = &p.hint { <small class="hint">{ h }</small> }
            <Messages path={p.path.clone()} />
        </div>
    }
}
