use super::field::Messages;
use super::{use_diagnostics, use_store};
use pgbr_core::catalog::{self, Type};
use pgbr_core::fields::option_text;
use pgbr_core::model::OptValue;
use pgbr_core::{FieldPath, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OptionInputProps {
    /// The design path of the value (`global.compress-type`, `repo[0].path`).
    pub path: FieldPath,
    /// The option's catalog name (`compress-type`, `repo-path`), which picks the input.
    pub option: AttrValue,
    /// The label shown (the design key).
    pub label: AttrValue,
    pub value: Option<OptValue>,
    /// Receives the text as typed; empty means "not set".
    pub on_change: Callback<String>,
    /// Offers a remove button (for options the user added).
    #[prop_or_default]
    pub on_remove: Option<Callback<()>>,
}

/// One pgBackRest option, with an input that fits its catalog type: a choice for enums and
/// booleans (with "default"), a text area for lists, a password field for secrets.
#[function_component(OptionInput)]
pub fn option_input(p: &OptionInputProps) -> Html {
    let store = use_store();
    let node = use_node_ref();
    super::use_select_value(node.clone(), option_text(p.value.as_ref()));
    let version = store.design.pgbackrest_version;
    let def = catalog::find(&p.option);
    let id = p.path.dom_id();
    let text = option_text(p.value.as_ref());
    let has_error = use_diagnostics(&p.path)
        .iter()
        .any(|d| d.severity == Severity::Error);
    let invalid = has_error.then_some("true");
    let described = format!("{id}-msg");
    let on_change = p.on_change.clone();
    let changed = Callback::from(move |e: Event| on_change.emit(super::value_of(&e)));
    let on_change = p.on_change.clone();
    let typed = Callback::from(move |e: InputEvent| on_change.emit(super::value_of(&e)));
    let default = def
        .and_then(|d| d.default)
        .map(|d| format!("default ({d})"))
        .unwrap_or_else(|| "not set".into());
    let choice = |values: Vec<String>| {
        let mut values = values;
        if !text.is_empty() && !values.contains(&text) {
            values.push(text.clone());
        }
        html! {
            <select ref={node.clone()} id={id.clone()} onchange={changed.clone()} aria-invalid={invalid} aria-describedby={described.clone()}>
                <option value="" selected={text.is_empty()}>{ default.clone() }</option>
                { for values.iter().map(|v| html! { <option value={v.clone()} selected={*v == text}>{ v }</option> }) }
            </select>
        }
    };
    let input = match def.map(|d| d.ty) {
        Some(Type::Enum) => choice(
            def.into_iter()
                .flat_map(|d| d.values.iter())
                .filter(|(_, since)| *since <= version)
                .map(|(v, _)| v.to_string())
                .collect(),
        ),
        Some(Type::Bool) => choice(
            [true, false]
                .map(|b| option_text(Some(&OptValue::Bool(b))))
                .into(),
        ),
        Some(Type::Hash | Type::List) => html! {
            <textarea id={id.clone()} rows="2" value={text.clone()} oninput={typed} spellcheck="false"
                aria-invalid={invalid} aria-describedby={described.clone()}
                placeholder={if def.is_some_and(|d| d.ty == Type::Hash) { "key=value, one a line" } else { "one a line" }} />
        },
        _ => {
            let secure = def.is_some_and(|d| d.secure);
            html! {
                <input id={id.clone()} type={if secure { "password" } else { "text" }} value={text.clone()} oninput={typed}
                    autocomplete={if secure { "new-password" } else { "off" }} spellcheck="false"
                    placeholder={def.and_then(|d| d.default).unwrap_or_default()}
                    aria-invalid={invalid} aria-describedby={described.clone()} />
            }
        }
    };
    let remove = p.on_remove.clone().map(|cb| {
        html! { <button type="button" class="remove" aria-label={format!("Remove {}", p.label)} title="Remove"
            onclick={Callback::from(move |_| cb.emit(()))}>{ "✕" }</button> }
    });
    html! {
        <div class="field option">
            <label for={id.clone()} title={def.map(|d| d.summary).unwrap_or_default()}>{ &p.label }
                // The name pgBackRest's documentation uses, when the label is not already it.
                if let Some(d) = def.filter(|d| !p.label.starts_with(d.name)) { <code class="opt-name">{ d.name }</code> }
            </label>
            <div class="with-remove">{ input }{ for remove }</div>
            if let Some(d) = def { <small class="hint">{ d.summary }</small> }
            <Messages path={p.path.clone()} />
        </div>
    }
}
