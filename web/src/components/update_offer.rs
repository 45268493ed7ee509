use crate::offline::{self, Update};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct UpdateOfferProps {
    /// Register the service worker (the real page; the component tests leave it out).
    pub enabled: bool,
}

/// "A new version is available": shown when a newer build of the designer has been installed
/// beside the one running. Reloading into it is the user's choice, never made under an edit.
#[function_component(UpdateOffer)]
pub fn update_offer(props: &UpdateOfferProps) -> Html {
    let update = use_state(|| None::<Update>);
    {
        let (enabled, set) = (props.enabled, update.setter());
        use_effect_with((), move |_| {
            if enabled {
                offline::register(move |u| set.set(Some(u)));
            }
        });
    }
    let Some(waiting) = (*update).clone() else {
        return Html::default();
    };
    let reload = Callback::from(move |_: MouseEvent| waiting.apply());
    let later = Callback::from(move |_: MouseEvent| update.set(None));
    html! {
        <div class="notice" role="status" id="update-offer">
            <p>{ "A new version of the designer is available: reload to use it. Your design is kept." }</p>
            <span class="actions">
                <button type="button" class="primary" id="update-reload" onclick={reload}>{ "Reload" }</button>
                <button type="button" id="update-later" onclick={later}>{ "Not now" }</button>
            </span>
        </div>
    }
}
