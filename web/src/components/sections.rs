//! The option tables beyond `[global]`: each host's own values, command sections, and the
//! stanza's own section. What they hold, where the files write it and which options each
//! takes are the core's ([`OptionTable`]); this lists them and adds to them.

use super::field::Messages;
use super::option_input::OptionInput;
use super::use_store;
use crate::state::Action;
use pgbr_core::fields::{self, OptionTable};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub table: OptionTable,
    /// Options with a control of their own elsewhere: not listed here.
    #[prop_or_default]
    pub skip: &'static [&'static str],
}

/// The options of one table, each with its input and a remove button, and an input to add
/// one the table takes.
#[function_component(OptionTableEditor)]
pub fn option_table_editor(p: &TableProps) -> Html {
    let store = use_store();
    let d = store.design.clone();
    let version = d.pgbackrest_version;
    let new_key = use_state(String::new);
    let table = p.table.clone();
    let path = table.path();
    let id = path.dom_id();
    let options = table.get(&d);
    let keys: Vec<String> = options
        .into_iter()
        .flat_map(|o| o.keys())
        .filter(|k| !p.skip.contains(&k.as_str()))
        .cloned()
        .collect();
    let set = |key: String| {
        let (store, table) = (store.clone(), table.clone());
        Callback::from(move |v| store.dispatch(Action::SetOption(table.clone(), key.clone(), v)))
    };
    let add = {
        let (store, new_key, table) = (store.clone(), new_key.clone(), table.clone());
        Callback::from(move |_: MouseEvent| {
            let key = new_key.trim().to_string();
            if !key.is_empty() {
                let value = fields::starting_value(&key);
                store.dispatch(Action::SetOption(table.clone(), key, value));
                new_key.set(String::new());
            }
        })
    };
    let typed = {
        let new_key = new_key.clone();
        Callback::from(move |e: InputEvent| new_key.set(super::value_of(&e)))
    };
    let (input_id, list_id) = (format!("{id}-new"), format!("{id}-offered"));
    html! {
        <div class="option-table" data-table={path.to_string()}>
            <div class="grid">
                { for keys.iter().map(|k| {
                    let remove = {
                        let (store, table, k) = (store.clone(), table.clone(), k.clone());
                        Callback::from(move |_| store.dispatch(Action::SetOption(table.clone(), k.clone(), String::new())))
                    };
                    html! {
                        <OptionInput path={path.clone().key(k.clone())} option={k.clone()} label={k.clone()}
                            value={options.and_then(|o| o.get(k)).cloned()} on_change={set(k.clone())} on_remove={remove} />
                    }
                }) }
            </div>
            <div class="add-option">
                <label for={input_id.clone()}>{ match &table {
                    OptionTable::Pooler(i) => format!("Add a value of {}", d.pooler.get(*i).map_or("", |p| p.name.as_str())),
                    OptionTable::RepoHost => "Add a value of the repository host".to_string(),
                    t => format!("Add to [{}]", t.section(&d.stanza)),
                } }</label>
                <input id={input_id} list={list_id.clone()} value={(*new_key).clone()} oninput={typed}
                    placeholder={(table == OptionTable::Global).then(fields::add_option_hint)} autocomplete="off" spellcheck="false" />
                <datalist id={list_id}>
                    { for table.offered(version).filter(|o| !keys.iter().any(|k| k == o.name)).map(|o| html! { <option value={o.name}>{ o.summary }</option> }) }
                </datalist>
                <button type="button" onclick={add}>{ "Add" }</button>
            </div>
            <Messages path={path} />
        </div>
    }
}

/// Which kind of command section a [`NewSection`] adds.
#[derive(Clone, Copy, PartialEq)]
pub enum SectionKind {
    /// `[global:<command>]`.
    Global,
    /// `[<stanza>:<command>]`.
    Stanza,
}

#[derive(Properties, PartialEq)]
pub struct NewSectionProps {
    pub kind: SectionKind,
    /// The start of its inputs' ids.
    pub id: AttrValue,
}

/// Adds a command section with its first option: the command, then an option it takes.
#[function_component(NewSection)]
pub fn new_section(p: &NewSectionProps) -> Html {
    let store = use_store();
    let version = store.design.pgbackrest_version;
    let command = use_state(|| fields::commands()[0].to_string());
    let new_key = use_state(String::new);
    let kind = p.kind;
    let table = move |c: &str| match kind {
        SectionKind::Global => OptionTable::Command(c.to_string()),
        SectionKind::Stanza => OptionTable::StanzaCommand(c.to_string()),
    };
    let picked = {
        let command = command.clone();
        Callback::from(move |e: Event| command.set(super::value_of(&e)))
    };
    let typed = {
        let new_key = new_key.clone();
        Callback::from(move |e: InputEvent| new_key.set(super::value_of(&e)))
    };
    let add = {
        let (store, command, new_key) = (store.clone(), command.clone(), new_key.clone());
        Callback::from(move |_: MouseEvent| {
            let key = new_key.trim().to_string();
            if !key.is_empty() {
                let value = fields::starting_value(&key);
                store.dispatch(Action::SetOption(table(&command), key, value));
                new_key.set(String::new());
            }
        })
    };
    let id = &p.id;
    html! {
        <div class="add-option new-section">
            <label for={format!("{id}-command")}>{ "Command" }</label>
            <select id={format!("{id}-command")} onchange={picked}>
                { for fields::commands().iter().map(|c| html! { <option value={*c} selected={*c == command.as_str()}>{ *c }</option> }) }
            </select>
            <label for={format!("{id}-option")}>{ "option" }</label>
            <input id={format!("{id}-option")} list={format!("{id}-offered")} value={(*new_key).clone()} oninput={typed}
                autocomplete="off" spellcheck="false" />
            <datalist id={format!("{id}-offered")}>
                { for table(&command).offered(version).map(|o| html! { <option value={o.name}>{ o.summary }</option> }) }
            </datalist>
            <button type="button" onclick={add}>{ "Add section" }</button>
        </div>
    }
}

/// Each host's own values, the command sections and the stanza's own section.
#[function_component(Sections)]
pub fn sections() -> Html {
    let store = use_store();
    let d = store.design.clone();
    let stanza = d.stanza.clone();
    // Only hosts with values of their own get an editor (a large design has hundreds of hosts);
    // another host is picked to add one.
    let own: Vec<usize> = (0..d.pooler.len())
        .filter(|&i| !d.pooler[i].global.is_empty())
        .collect();
    let host = use_state(|| 0usize);
    let new_key = use_state(String::new);
    let picked = {
        let host = host.clone();
        Callback::from(move |e: Event| host.set(super::value_of(&e).parse().unwrap_or(0)))
    };
    let typed = {
        let new_key = new_key.clone();
        Callback::from(move |e: InputEvent| new_key.set(super::value_of(&e)))
    };
    let add_own = {
        let (store, host, new_key) = (store.clone(), host.clone(), new_key.clone());
        Callback::from(move |_: MouseEvent| {
            let key = new_key.trim().to_string();
            if !key.is_empty() {
                let value = fields::starting_value(&key);
                store.dispatch(Action::SetOption(OptionTable::Pooler(*host), key, value));
                new_key.set(String::new());
            }
        })
    };
    html! {
        <fieldset class="card" id="sections">
            <legend>{ "Per-host values and sections" }</legend>
            <h3>{ "A host's own values" }</h3>
            <p class="hint">{ "Written into that host's file only, in its [global]: where the hosts' files differ." }</p>
            if own.is_empty() && d.repo_host.is_none() {
                <p class="muted">{ "No host has values of its own: every file shares the design's [global]." }</p>
            }
            { for own.iter().map(|&i| html! {
                <div class="own-values">
                    <h4>{ format!("{} ({})", d.pooler[i].name, d.pooler[i].host) }</h4>
                    <OptionTableEditor table={OptionTable::Pooler(i)} />
                </div>
            }) }
            if let Some(rh) = d.repo_host.as_ref() {
                <div class="own-values">
                    <h4>{ format!("Repository host ({})", rh.host) }</h4>
                    <OptionTableEditor table={OptionTable::RepoHost} />
                </div>
            }
            <div class="add-option">
                <label for="own-host">{ "Host" }</label>
                <select id="own-host" onchange={picked}>
                    { for d.pooler.iter().enumerate().map(|(i, p)| html! { <option value={i.to_string()} selected={i == *host}>{ format!("{} ({})", p.name, p.host) }</option> }) }
                </select>
                <label for="own-option">{ "option" }</label>
                <input id="own-option" list="own-offered" value={(*new_key).clone()} oninput={typed}
                    autocomplete="off" spellcheck="false" />
                <datalist id="own-offered">
                    { for OptionTable::Pooler(0).offered(d.pgbackrest_version).map(|o| html! { <option value={o.name}>{ o.summary }</option> }) }
                </datalist>
                <button type="button" id="own-add" onclick={add_own}>{ "Add value" }</button>
            </div>
            <h3>{ "Command sections" }</h3>
            <p class="hint">{ "[global:<command>] in every file: that command reads them before [global]." }</p>
            { for d.command.keys().map(|c| html! {
                <div class="own-values">
                    <h4>{ format!("[global:{c}]") }</h4>
                    <OptionTableEditor table={OptionTable::Command(c.clone())} />
                </div>
            }) }
            <NewSection kind={SectionKind::Global} id="new-command" />
            <h3>{ format!("The stanza's own section [{stanza}]") }</h3>
            <OptionTableEditor table={OptionTable::Stanza} />
            { for d.stanza_command.keys().map(|c| html! {
                <div class="own-values">
                    <h4>{ format!("[{stanza}:{c}]") }</h4>
                    <OptionTableEditor table={OptionTable::StanzaCommand(c.clone())} />
                </div>
            }) }
            <NewSection kind={SectionKind::Stanza} id="new-stanza-command" />
        </fieldset>
    }
}
