//! The option tables beyond `[global]`: each host's own values, command sections, and the
//! stanza's own section. What they hold, where the files write it and which options each
//! takes are the core's ([`OptionTable`]); this lists them and adds to them.

use super::field::Messages;
use super::option_input::OptionInput;
use super::use_store;
use crate::state::Action;
use pgbr_core::fields::{self, OptionTable};
use std::rc::Rc;
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
    // Screen readers hear which table an input is in: two tables may hold the same option.
    let group = match &table {
        OptionTable::Pooler(i) => format!(
            "values of {}",
            d.pooler.get(*i).map_or("", |p| p.name.as_str())
        ),
        OptionTable::RepoHost => "values of the repository host".to_string(),
        t => format!("[{}]", t.section(&d.stanza)),
    };
    let set = |key: String| {
        let (store, table) = (store.clone(), table.clone());
        Callback::from(move |v| store.dispatch(Action::SetOption(table.clone(), key.clone(), v)))
    };
    html! {
        <div class="option-table" data-table={path.to_string()} role="group" aria-label={group.clone()}>
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
            <AddOption id={format!("{id}-new")} button="Add" picks={Rc::new(vec![(String::new(), table.clone())])} skip={p.skip}
                label={match &table {
                    OptionTable::Pooler(i) => format!("Add a value of {}", d.pooler.get(*i).map_or("", |p| p.name.as_str())),
                    OptionTable::RepoHost => "Add a value of the repository host".to_string(),
                    t => format!("Add to [{}]", t.section(&d.stanza)),
                }}
                placeholder={(table == OptionTable::Global).then(fields::add_option_hint)} />
            <Messages path={path} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct AddProps {
    /// The start of its inputs' ids.
    pub id: AttrValue,
    pub label: AttrValue,
    /// The tables it can add to, each with what a picker calls it; with one, no picker.
    pub picks: Rc<Vec<(String, OptionTable)>>,
    pub button: &'static str,
    #[prop_or_default]
    pub placeholder: Option<String>,
    /// Options with a control of their own elsewhere: not offered.
    #[prop_or_default]
    pub skip: &'static [&'static str],
}

/// Adds an option, with its starting value, to the picked table: offered are the options
/// that table takes.
#[function_component(AddOption)]
pub fn add_option(p: &AddProps) -> Html {
    let store = use_store();
    let version = store.design.pgbackrest_version;
    let picked = use_state(|| 0usize);
    let new_key = use_state(String::new);
    let table = p
        .picks
        .get(*picked)
        .or(p.picks.first())
        .map(|(_, t)| t.clone());
    let pick = {
        let picked = picked.clone();
        Callback::from(move |e: Event| picked.set(super::value_of(&e).parse().unwrap_or(0)))
    };
    let typed = {
        let new_key = new_key.clone();
        Callback::from(move |e: InputEvent| new_key.set(super::value_of(&e)))
    };
    let add = {
        let (store, new_key, table) = (store.clone(), new_key.clone(), table.clone());
        Callback::from(move |_: MouseEvent| {
            let key = new_key.trim().to_string();
            if let (Some(table), false) = (table.clone(), key.is_empty()) {
                let value = fields::starting_value(&key);
                store.dispatch(Action::SetOption(table, key, value));
                new_key.set(String::new());
            }
        })
    };
    let taken = table.as_ref().and_then(|t| t.get(&store.design));
    let id = &p.id;
    html! {
        <div class="add-option" role="group" aria-label={p.label.clone()}>
            if p.picks.len() > 1 {
                <label for={format!("{id}-pick")}>{ &p.label }</label>
                <select id={format!("{id}-pick")} onchange={pick}>
                    { for p.picks.iter().enumerate().map(|(i, (name, _))| html! { <option value={i.to_string()} selected={i == *picked}>{ name }</option> }) }
                </select>
            }
            <label for={format!("{id}-option")}>{ if p.picks.len() > 1 { AttrValue::from("option") } else { p.label.clone() } }</label>
            <input id={format!("{id}-option")} list={format!("{id}-offered")} value={(*new_key).clone()} oninput={typed}
                placeholder={p.placeholder.clone()} autocomplete="off" spellcheck="false" />
            <datalist id={format!("{id}-offered")}>
                { for table.iter().flat_map(|t| t.offered(version)).filter(|o| !taken.is_some_and(|t| t.contains_key(o.name)) && !p.skip.contains(&o.name)).map(|o| html! { <option value={o.name}>{ o.summary }</option> }) }
            </datalist>
            <button type="button" id={format!("{id}-add")} onclick={add}>{ p.button }</button>
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
    let hosts = Rc::new(
        d.pooler
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("{} ({})", p.name, p.host), OptionTable::Pooler(i)))
            .collect::<Vec<_>>(),
    );
    let commands = |table: fn(String) -> OptionTable| {
        Rc::new(
            fields::commands()
                .iter()
                .map(|c| (c.to_string(), table(c.to_string())))
                .collect::<Vec<_>>(),
        )
    };
    // Section names as the files write them, from core.
    let section = |t: OptionTable| format!("[{}]", t.section(&stanza));
    let global = section(OptionTable::Global);
    let command = |c: &str| section(OptionTable::Command(c.to_string()));
    let stanza_command = |c: &str| section(OptionTable::StanzaCommand(c.to_string()));
    html! {
        <fieldset class="card" id="sections">
            <legend>{ "Per-host values and sections" }</legend>
            <h3>{ "A host's own values" }</h3>
            <p class="hint">{ format!("Written into that host's file only, in its {global}: where the hosts' files differ.") }</p>
            if own.is_empty() && d.repo_host.is_none() {
                <p class="muted">{ format!("No host has values of its own: every file shares the design's {global}.") }</p>
            }
            { for own.iter().map(|&i| titled(format!("{} ({})", d.pooler[i].name, d.pooler[i].host), OptionTable::Pooler(i))) }
            { for d.repo_host.as_ref().map(|rh| titled(format!("Repository host ({})", rh.host), OptionTable::RepoHost)) }
            <AddOption id="own" label="Host" picks={hosts} button="Add value" />
            <h3>{ "Command sections" }</h3>
            <p class="hint">{ format!("{} in every file: that command reads them before {global}.", command("<command>")) }</p>
            { for d.command.keys().map(|c| titled(command(c), OptionTable::Command(c.clone()))) }
            <AddOption id="new-command" label={format!("Command for {}", command("…"))} picks={commands(OptionTable::Command)} button="Add section" />
            <h3>{ format!("The stanza's own section {}", section(OptionTable::Stanza)) }</h3>
            <OptionTableEditor table={OptionTable::Stanza} />
            { for d.stanza_command.keys().map(|c| titled(stanza_command(c), OptionTable::StanzaCommand(c.clone()))) }
            <AddOption id="new-stanza-command" label={format!("Command for {}", stanza_command("…"))} picks={commands(OptionTable::StanzaCommand)} button="Add section" />
        </fieldset>
    }
}

/// One table under its heading.
fn titled(title: String, table: OptionTable) -> Html {
    html! {
        <div class="own-values" key={table.path().to_string()}>
            <h4>{ title }</h4>
            <OptionTableEditor {table} />
        </div>
    }
}
