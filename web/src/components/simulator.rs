use super::use_store;
use crate::state::Action;
use pgbr_core::fields;
use pgbr_core::model::spelling;
use pgbr_core::simulate::{self, Pick, Role, Standby};
use yew::prelude::*;

/// "Which replica would a backup copy from?": the user marks the primary and the replicas that
/// are down; for every file that runs backups, the core's answer (the same rule the real-server
/// acceptance test checks).
#[function_component(Simulator)]
pub fn simulator() -> Html {
    let store = use_store();
    // Judged on the files on screen: while the design has errors, those of the last good one.
    let design = store.shown_design.clone();
    // Roles by pooler position, kept in the state: the order overview shows the same answer.
    let current = store.roles();
    let set = |i: usize| {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let role = fields::parse_choice(&super::value_of(&e)).unwrap_or(Role::Standby);
            store.dispatch(Action::SimRole(i, role));
        })
    };
    let standby = Standby::of(&design);
    let setting = standby.explain();
    let picks = simulate::for_design(&design, &current);
    html! {
        <section class="card" id="simulator" aria-labelledby="simulator-title">
            <h2 id="simulator-title">{ "Which replica would a backup copy from?" }</h2>
            <p class="hint">{ "Mark the primary and the replicas that are down. " }{ setting }</p>
            if store.stale() { <p class="hint">{ "The design has errors: this answers for the files shown, from the last design without errors." }</p> }
            <div class="sim-roles">
                { for design.pooler.iter().enumerate().map(|(i, p)| {
                    let id = format!("sim-role-{i}");
                    let value = spelling(&current[i]);
                    html! {
                        <div class="field">
                            <label for={id.clone()}>{ format!("{} ({})", p.name, p.host) }</label>
                            <SelectRole id={id} value={value} onchange={set(i)} />
                        </div>
                    }
                }) }
            </div>
            <table class="sim-picks">
                <thead><tr><th scope="col">{ "File" }</th><th scope="col">{ "A backup with it copies from" }</th></tr></thead>
                <tbody>
                    { for picks.iter().map(|fp| {
                        let class = match fp.pick { Pick::Error { .. } => "error", Pick::Primary { warning: Some(_), .. } => "warning", _ => "" };
                        html! {
                            <tr data-path={fp.path.clone()}>
                                <th scope="row"><code>{ &fp.path }</code></th>
                                <td class={classes!("pick", class)}>{ fp.pick.describe(&design) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SelectRoleProps {
    id: AttrValue,
    value: AttrValue,
    onchange: Callback<Event>,
}

/// One replica's role. The select follows `value` (a preset with fewer replicas resets it).
#[function_component(SelectRole)]
fn select_role(p: &SelectRoleProps) -> Html {
    let node = use_node_ref();
    super::use_select_value(node.clone(), p.value.to_string());
    html! {
        <select ref={node} id={p.id.clone()} onchange={p.onchange.clone()}>
            { for [(Role::Primary, "primary"), (Role::Standby, "standby, reachable"), (Role::Down, "down")].iter().map(|(role, l)| {
                let v = spelling(role);
                let selected = v == p.value.as_str();
                html! { <option value={v} selected={selected}>{ *l }</option> }
            }) }
        </select>
    }
}
