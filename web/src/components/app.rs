use super::{
    cluster::Cluster, hosts::Hosts, legend::Legend, notice::Notice, options::Options,
    preview::Preview, repos::Repos, summary::Summary, tls::TlsForm, toolbar::Toolbar, Diagnostics,
    Dispatch, Store,
};
use crate::state::State;
use crate::storage;
use yew::prelude::*;

/// The whole designer: the form on one side, the files on the other.
#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(|| {
        let loaded = storage::load();
        let design = loaded.design.unwrap_or_else(|| State::example(0));
        State::new(design, loaded.save_secrets, loaded.notice)
    });
    {
        let (design, keep) = (store.design.clone(), store.save_secrets);
        use_effect_with((design, keep), |(design, keep)| {
            storage::save(design, *keep)
        });
    }
    let dispatch: Dispatch = store.dispatcher();
    let diagnostics: Diagnostics = std::rc::Rc::new(store.output.diagnostics.clone());
    html! {
        <ContextProvider<Dispatch> context={dispatch}>
        <ContextProvider<Diagnostics> context={diagnostics}>
        <ContextProvider<Store> context={store}>
            <Toolbar />
            <Notice />
            <main class="layout">
                <form class="editor" aria-label="Design" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <Cluster />
                    <Hosts />
                    <Repos />
                    <TlsForm />
                    <Options />
                </form>
                <section class="results" aria-label="Results">
                    <Summary />
                    <Legend />
                    <Preview />
                </section>
            </main>
        </ContextProvider<Store>>
        </ContextProvider<Diagnostics>>
        </ContextProvider<Dispatch>>
    }
}
