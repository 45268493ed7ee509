use super::use_dispatch;
use crate::state::Action;
use pgbr_core::examples::EXAMPLES;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PresetsProps {
    /// Short labels (the example's name), for embed mode's narrow bar.
    #[prop_or_default]
    pub compact: bool,
}

/// The shipped examples, one click each.
#[function_component(Presets)]
pub fn presets(p: &PresetsProps) -> Html {
    let dispatch = use_dispatch();
    html! {
        <div class="presets" role="group" aria-label="Presets">
            if !p.compact { <span class="muted">{ "Start from:" }</span> }
            { for EXAMPLES.iter().map(|e| {
                let name = e.file.trim_end_matches(".toml");
                let dispatch = dispatch.clone();
                let onclick = Callback::from(move |_| dispatch.dispatch(Action::Load(Box::new(e.design()))));
                html! {
                    <button type="button" data-preset={name} title={e.title} {onclick}>
                        { if p.compact { name } else { e.title } }
                    </button>
                }
            }) }
        </div>
    }
}
