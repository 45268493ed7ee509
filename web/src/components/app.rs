use super::{
    address::use_address, cluster::Cluster, embed_bar::EmbedBar, hosts::Hosts, import::Import,
    legend::Legend, notice::Notice, options::Options, presets::Presets, preview::Preview,
    repos::Repos, simulator::Simulator, summary::Summary, tls::TlsForm, toolbar::Toolbar,
    Diagnostics, Dispatch, Store,
};
use crate::launch;
use crate::state::State;
use crate::storage;
use yew::prelude::*;

/// The whole designer: the form on one side, the files on the other. In embed mode (`#embed`,
/// `?embed=1`) without the page's header, and without touching the browser's saved design.
#[function_component(App)]
pub fn app() -> Html {
    let start = use_memo((), |_| launch::current());
    let embed = start.embed;
    let store = use_reducer(|| {
        let saved = if start.embed {
            storage::Loaded {
                design: None,
                save_secrets: false,
                notice: None,
            }
        } else {
            storage::load()
        };
        let fallback = || saved.design.clone().unwrap_or_else(|| State::example(0));
        let (design, notice) = match start.design.clone() {
            Some(Ok(design)) => (design, saved.notice),
            // The link's problem first; the design stays what it would have been without it.
            Some(Err(why)) => (
                fallback(),
                Some(saved.notice.map_or(why.clone(), |n| format!("{why} {n}"))),
            ),
            None => (fallback(), saved.notice),
        };
        State::new(design, saved.save_secrets, notice)
    });
    {
        let (design, keep) = (store.design.clone(), store.save_secrets);
        use_effect_with((design, keep), move |(design, keep)| {
            if !embed {
                storage::save(design, *keep)
            }
        });
    }
    let dispatch: Dispatch = store.dispatcher();
    use_address(dispatch.clone(), embed);
    let diagnostics: Diagnostics = std::rc::Rc::new(store.output.diagnostics.clone());
    html! {
        <ContextProvider<Dispatch> context={dispatch}>
        <ContextProvider<Diagnostics> context={diagnostics}>
        <ContextProvider<Store> context={store}>
            if embed { <EmbedBar /> } else { <Toolbar /> }
            <Notice />
            <main class={classes!("layout", embed.then_some("embed"))}>
                <form class="editor" aria-label="Design" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    if !embed {
                        <section class="card start" aria-label="Start">
                            <Presets />
                        </section>
                        <Import />
                    }
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
                    <Simulator />
                </section>
            </main>
        </ContextProvider<Store>>
        </ContextProvider<Diagnostics>>
        </ContextProvider<Dispatch>>
    }
}
