//! The option tables beyond `[global]`: each host's own values, command sections, and the
//! stanza's own section. What they hold, where the files write it and which options each
//! takes are the core's ([`OptionTable`]); this lists them and adds to them.

use super::field::Messages;
use super::option_input::OptionInput;
use super::use_store;
use crate::state::Action;
use pgbr_core::fields::{self, OptionTable, Section};
use pgbr_core::model::HostRef;
use pgbr_core::Design;
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
    let group = match table.host {
        Some(host) => format!("[{}] of {}", table.section(&d.stanza), host_name(&d, host)),
        None => format!("[{}]", table.section(&d.stanza)),
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
                label={format!("Add to {group}")}
                placeholder={(table == OptionTable::GLOBAL).then(fields::add_option_hint)} />
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
    /// With these, a second picker chooses the section of the picked table.
    #[prop_or_default]
    pub sections: Option<Rc<Vec<(String, Section)>>>,
}

/// Adds an option, with its starting value, to the picked table: offered are the options
/// that table takes.
#[function_component(AddOption)]
pub fn add_option(p: &AddProps) -> Html {
    let store = use_store();
    let version = store.design.pgbackrest_version;
    let picked = use_state(|| 0usize);
    let picked_section = use_state(|| 0usize);
    let new_key = use_state(String::new);
    let table = p
        .picks
        .get(*picked)
        .or(p.picks.first())
        .map(|(_, t)| t.clone())
        .map(
            |t| match p.sections.as_ref().and_then(|s| s.get(*picked_section)) {
                Some((_, section)) => OptionTable {
                    section: section.clone(),
                    ..t
                },
                None => t,
            },
        );
    let pick = {
        let picked = picked.clone();
        Callback::from(move |e: Event| picked.set(super::value_of(&e).parse().unwrap_or(0)))
    };
    let pick_section = {
        let picked_section = picked_section.clone();
        Callback::from(move |e: Event| picked_section.set(super::value_of(&e).parse().unwrap_or(0)))
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
            if let Some(sections) = &p.sections {
                <label for={format!("{id}-section")}>{ "section" }</label>
                <select id={format!("{id}-section")} onchange={pick_section}>
                    { for sections.iter().enumerate().map(|(i, (name, _))| html! { <option value={i.to_string()} selected={i == *picked_section}>{ name }</option> }) }
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
    let hosts: Vec<HostRef> = (0..d.pooler.len())
        .map(HostRef::Pooler)
        .chain(d.repo_host.iter().map(|_| HostRef::RepoHost))
        .collect();
    let own: Vec<HostRef> = hosts
        .iter()
        .copied()
        .filter(|&h| h == HostRef::RepoHost || d.tables(Some(h)).is_some_and(|t| !t.is_empty()))
        .collect();
    // A host's own value goes in any of its sections: [global], a command's, the stanza's.
    let own_sections = |h: HostRef| {
        std::iter::once(Section::Global)
            .chain(
                fields::commands()
                    .iter()
                    .map(|c| Section::Command(c.to_string())),
            )
            .chain([Section::Stanza])
            .chain(
                fields::commands()
                    .iter()
                    .map(|c| Section::StanzaCommand(c.to_string())),
            )
            .map(move |s| OptionTable::own(h, s))
    };
    let section = |t: &OptionTable| format!("[{}]", t.section(&stanza));
    let picks = Rc::new(
        hosts
            .iter()
            .map(|&h| (host_title(&d, h), OptionTable::own(h, Section::Global)))
            .collect::<Vec<_>>(),
    );
    let pick_sections = Rc::new(
        own_sections(HostRef::RepoHost)
            .map(|t| (section(&t), t.section))
            .collect::<Vec<_>>(),
    );
    let commands = |table: fn(String) -> Section| {
        Rc::new(
            fields::commands()
                .iter()
                .map(|c| (c.to_string(), OptionTable::every(table(c.to_string()))))
                .collect::<Vec<_>>(),
        )
    };
    // Section names as the files write them, from core.
    let global = section(&OptionTable::GLOBAL);
    let command = |c: &str| section(&OptionTable::every(Section::Command(c.to_string())));
    let stanza_command =
        |c: &str| section(&OptionTable::every(Section::StanzaCommand(c.to_string())));
    html! {
        <fieldset class="card" id="sections">
            <legend>{ "Per-host values and sections" }</legend>
            <h3>{ "A host's own values" }</h3>
            <p class="hint">{ format!("Written into that host's file only, in its {global}, a command's section or the stanza's, over the design's value: where the hosts' files differ.") }</p>
            if own.is_empty() {
                <p class="muted">{ format!("No host has values of its own: every file shares the design's {global} and sections.") }</p>
            }
            { for own.iter().map(|&h| html! {
                <div class="own-values" key={format!("{h:?}")}>
                    <h4>{ host_title(&d, h) }</h4>
                    { for own_sections(h).filter(|t| t.section == Section::Global || t.get(&d).is_some_and(|o| !o.is_empty())).map(|t| html! {
                        <div key={t.path().to_string()}>
                            if t.section != Section::Global { <h5>{ section(&t) }</h5> }
                            <OptionTableEditor table={t} />
                        </div>
                    }) }
                </div>
            }) }
            <AddOption id="own" label="Host" picks={picks} sections={pick_sections} button="Add value" />
            <h3>{ "Command sections" }</h3>
            <p class="hint">{ format!("{} in every file: that command reads them before {global}.", command("<command>")) }</p>
            { for d.command.keys().map(|c| titled(command(c), OptionTable::every(Section::Command(c.clone())))) }
            <AddOption id="new-command" label={format!("Command for {}", command("…"))} picks={commands(Section::Command)} button="Add section" />
            <h3>{ format!("The stanza's own section {}", section(&OptionTable::every(Section::Stanza))) }</h3>
            <OptionTableEditor table={OptionTable::every(Section::Stanza)} />
            { for d.stanza_command.keys().map(|c| titled(stanza_command(c), OptionTable::every(Section::StanzaCommand(c.clone())))) }
            <AddOption id="new-stanza-command" label={format!("Command for {}", stanza_command("…"))} picks={commands(Section::StanzaCommand)} button="Add section" />
        </fieldset>
    }
}

/// What a host is called in the forms: a pooler's name, or "the repository host".
fn host_name(d: &Design, host: HostRef) -> String {
    match host {
        HostRef::Pooler(i) => d.pooler.get(i).map_or_else(String::new, |p| p.name.clone()),
        HostRef::RepoHost => "the repository host".to_string(),
    }
}

/// A host's heading: its name and the host its file is for.
fn host_title(d: &Design, host: HostRef) -> String {
    match host {
        HostRef::Pooler(i) => d
            .pooler
            .get(i)
            .map_or_else(String::new, |p| format!("{} ({})", p.name, p.host)),
        HostRef::RepoHost => format!(
            "Repository host ({})",
            d.repo_host.as_ref().map_or("", |r| r.host.as_str())
        ),
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
