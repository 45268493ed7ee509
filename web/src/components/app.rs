use super::{
    address::use_address, cluster::Cluster, embed_bar::EmbedBar, hosts::Hosts, import::Import,
    legend::Legend, notice::Notice, options::Options, presets::Presets, preview::Preview,
    repos::Repos, sections::Sections, simulator::Simulator, summary::Summary, tls::TlsForm,
    toolbar::Toolbar, update_offer::UpdateOffer, Diagnostics, Dispatch, Store,
};
use crate::launch;
use crate::state::{Action, State};
use crate::storage;
use yew::prelude::*;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Why `?reset` could not move the saved design aside: the app then neither loads it nor
    /// saves over it.
    #[prop_or_default]
    pub reset_refused: Option<String>,
    /// Register the service worker that keeps the designer working offline and offers newer
    /// builds (the real page; the component tests mount the app without it).
    #[prop_or_default]
    pub service_worker: bool,
}

/// The whole designer: the form on one side, the files on the other. In embed mode (`#embed`,
/// `?embed=1`) without the page's header, and without touching the browser's saved design.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let start = use_memo((), |_| launch::current());
    let embed = start.embed;
    let refused = props.reset_refused.clone();
    let saved = use_memo((), |_| match refused {
        _ if embed => storage::Loaded::nothing(),
        Some(why) => storage::Loaded {
            notice: Some(why),
            ..storage::Loaded::nothing()
        },
        None => storage::load(),
    });
    let store = {
        let saved = saved.clone();
        use_reducer(move || {
            let fallback = || saved.design.clone().unwrap_or_else(|| State::example(0));
            let mut notices = Vec::new();
            let design = match start.design.clone() {
                Some(Ok(design)) => design,
                // The link's problem first; the design stays what it would have been without it.
                Some(Err(why)) => {
                    notices.push(why);
                    fallback()
                }
                None => fallback(),
            };
            notices.extend(saved.notice.clone());
            State::new(design, saved.save_secrets, notices)
        })
    };
    let dispatch: Dispatch = store.dispatcher();
    {
        // Told once when a save fails (a full storage), and once when saving works again.
        let (design, keep, can_save) = (store.design.clone(), store.save_secrets, saved.can_save);
        let (dispatch, failing) = (dispatch.clone(), use_mut_ref(|| false));
        use_effect_with((design, keep), move |(design, keep)| {
            if can_save {
                let result = storage::save(design, *keep);
                let was_failing = std::mem::replace(&mut *failing.borrow_mut(), result.is_err());
                match result {
                    Err(why) if !was_failing => dispatch.dispatch(Action::Notice(why)),
                    Ok(()) if was_failing => {
                        dispatch.dispatch(Action::Notice(storage::SAVED_AGAIN.into()))
                    }
                    _ => {}
                }
            }
        });
    }
    use_address(dispatch.clone(), embed);
    let diagnostics: Diagnostics = std::rc::Rc::new(store.output.diagnostics.clone());
    html! {
        <ContextProvider<Dispatch> context={dispatch}>
        <ContextProvider<Diagnostics> context={diagnostics}>
        <ContextProvider<Store> context={store}>
            if embed { <EmbedBar /> } else { <Toolbar /> }
            <UpdateOffer enabled={props.service_worker} />
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
                    <Sections />
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
