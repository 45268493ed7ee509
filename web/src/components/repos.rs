use super::field::{Field, Messages, Select};
use super::option_input::OptionInput;
use super::use_store;
use crate::state::Action;
use pgbr_core::fields::{self, repo_option_keys};
use pgbr_core::model::{spelling, RepoType};
use pgbr_core::path::key;
use pgbr_core::FieldPath;
use yew::prelude::*;

/// The repositories: type, type-specific settings, retention, bundling, encryption.
#[function_component(Repos)]
pub fn repos() -> Html {
    let store = use_store();
    let d = store.design.clone();
    let version = d.pgbackrest_version;
    let secrets_to = fields::secrets_hint(d.secrets);
    let add = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::AddRepo))
    };
    html! {
        <fieldset class="card" id="repos">
            <legend>{ "Repositories" }</legend>
            <p class="hint">{ secrets_to }{ " They are not saved in this browser unless you choose to at the top." }</p>
            <Messages path={FieldPath::top(key::REPO)} />
            { for d.repo.iter().enumerate().map(|(i, r)| {
                let types = RepoType::ALL.iter().map(|t| (t.as_str().to_string(), t.as_str().to_string())).collect::<Vec<_>>();
                let s1 = store.clone();
                let s2 = store.clone();
                let s3 = store.clone();
                let s4 = store.clone();
                let shared_applies = pgbr_core::validate::shared_storage_applies(&d, r);
                let shared = FieldPath::repo(i).key(key::SHARED_STORAGE);
                html! {
                    <section class="repo" aria-label={format!("Repository {}", r.index)}>
                        <h3>{ fields::repo_prefix(r.index) }{ " · " }{ r.kind.as_str() }</h3>
                        <div class="grid">
                            <Field path={FieldPath::repo(i).key(key::INDEX)} label="Index" kind="number" value={r.index.to_string()}
                                hint="Stable: reordering never renumbers a repository."
                                on_input={Callback::from(move |v| s1.dispatch(Action::RepoIndex(i, v)))} />
                            <Select path={FieldPath::repo(i).key(key::TYPE)} label="Type" value={spelling(&r.kind)} choices={types}
                                on_change={Callback::from(move |v: String| if let Some(t) = RepoType::parse(&v) { s2.dispatch(Action::RepoType(i, t)) })} />
                            { for repo_option_keys(r, version).into_iter().map(|key| {
                                let store = store.clone();
                                let k = key.clone();
                                let def = fields::repo_option(&key);
                                let secure = def.is_some_and(|o| o.secure);
                                let supplied = r.deploy_secrets.contains(&key);
                                let deploy = {
                                    let store = store.clone();
                                    let k = key.clone();
                                    Callback::from(move |e: Event| {
                                        let on = e.target_dyn_into::<web_sys::HtmlInputElement>().is_some_and(|x| x.checked());
                                        store.dispatch(Action::RepoDeploySecret(i, k.clone(), on))
                                    })
                                };
                                let deploy_path = FieldPath::repo(i).key(key::DEPLOY_SECRETS).at(r.deploy_secrets.iter().position(|s| *s == key).unwrap_or(usize::MAX));
                                let path = FieldPath::repo(i).key(key.clone());
                                html! {
                                    <>
                                    if !supplied {
                                        <OptionInput path={path.clone()} option={def.map(|o| o.name).unwrap_or_default()}
                                            label={if secure { format!("{key} ●") } else { key.clone() }}
                                            value={r.options.get(&key).cloned()}
                                            on_change={Callback::from(move |v| store.dispatch(Action::RepoOption(i, k.clone(), v)))} />
                                    }
                                    if secure {
                                        <div class="deploy-secret">
                                            <label class="check">
                                                <input type="checkbox" checked={supplied} onchange={deploy}
                                                    id={path.clone().key("deploy").dom_id()} />
                                                { format!(" {key}: supplied on each host at deploy time") }
                                            </label>
                                            if supplied { <Messages path={deploy_path} /> }
                                        </div>
                                    }
                                    </>
                                }
                            }) }
                        </div>
                        if shared_applies || r.shared_storage {
                            <label class="check">
                                <input type="checkbox" checked={r.shared_storage}
                                    id={shared.dom_id()}
                                    aria-describedby={format!("{}-msg", shared.dom_id())}
                                    onchange={Callback::from(move |e: Event| {
                                        let on = e.target_dyn_into::<web_sys::HtmlInputElement>().is_some_and(|x| x.checked());
                                        s4.dispatch(Action::RepoShared(i, on))
                                    })} />
                                { " Shared storage: this path is one filesystem mounted on every host" }
                            </label>
                            <Messages path={shared.clone()} />
                        }
                        <button type="button" class="remove-block" onclick={Callback::from(move |_| s3.dispatch(Action::RemoveRepo(i)))}>
                            { format!("Remove {}", fields::repo_prefix(r.index)) }
                        </button>
                    </section>
                }
            }) }
            <button type="button" class="add" onclick={add}>{ "Add repository" }</button>
        </fieldset>
    }
}
