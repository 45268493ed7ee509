use super::field::{Field, Select};
use super::use_store;
use crate::state::{parse_enum, Action, RepoHostField};
use pgbr_core::model::{spelling, PeerOrder, SecretsMode, Topology};
use pgbr_core::Version;
use yew::prelude::*;

fn choices<T: serde::Serialize>(items: &[(T, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(v, l)| (spelling(v), l.to_string()))
        .collect()
}

/// Stanza, target version, topology, peer order, where secrets go; the repository host.
#[function_component(Cluster)]
pub fn cluster() -> Html {
    let store = use_store();
    let d = store.design.clone();
    let send = |f: fn(String) -> Option<Action>| {
        let store = store.clone();
        Callback::from(move |v: String| {
            if let Some(a) = f(v) {
                store.dispatch(a);
            }
        })
    };
    let version_choices: Vec<_> = Version::targets()
        .map(|v| (v.to_string(), format!("pgBackRest {v}")))
        .collect();
    html! {
        <fieldset class="card" id="cluster">
            <legend>{ "Cluster" }</legend>
            <div class="grid">
                <Field path="stanza" label="Stanza" value={d.stanza.clone()} on_input={send(|v| Some(Action::Stanza(v)))}
                    hint="The [section] every file declares." />
                <Select path="pgbackrest-version" label="pgBackRest version" value={d.pgbackrest_version.to_string()}
                    choices={version_choices} on_change={send(|v| Version::parse(&v).ok().map(Action::Version))}
                    hint="Options and values are checked against this release." />
                <Select path="topology" label="Topology" value={spelling(&d.topology)}
                    choices={choices(&[(Topology::Pooler, "Pooler: one file per pooler, own replica first"), (Topology::RepoHost, "Repository host backs up every replica")])}
                    on_change={send(|v| parse_enum(&v).map(Action::Topology))} />
                <Select path="peer-order" label="Peer order" value={spelling(&d.peer_order)}
                    choices={choices(&[(PeerOrder::Declared, "Declared: the others in table order"), (PeerOrder::Rotate, "Rotate: continue round the ring"), (PeerOrder::Zone, "Zone: same zone first")])}
                    on_change={send(|v| parse_enum(&v).map(Action::PeerOrder))}
                    hint="The order of pg2..pgN after each pooler's own replica." />
                <Select path="secrets" label="Secrets go to" value={spelling(&d.secrets)}
                    choices={choices(&[(SecretsMode::EnvFile, "pgbackrest.env beside each file"), (SecretsMode::IncludeFile, "conf.d/secrets.conf (mode 0600)"), (SecretsMode::Inline, "The main file itself (not advised)")])}
                    on_change={send(|v| parse_enum(&v).map(Action::Secrets))} />
            </div>
            if let Some(rh) = d.repo_host.as_ref() {
                <h3>{ "Repository host" }</h3>
                <div class="grid">
                    { for RepoHostField::ALL.iter().map(|&f| {
                        let store = store.clone();
                        html! {
                            <Field path={format!("repo-host.{}", f.key())} label={f.key()} value={f.get(rh)}
                                kind={if f == RepoHostField::HostPort { "number" } else { "text" }}
                                on_input={Callback::from(move |v| store.dispatch(Action::RepoHost(f, v)))} />
                        }
                    }) }
                </div>
            }
            <super::field::Messages path="repo-host" />
        </fieldset>
    }
}
