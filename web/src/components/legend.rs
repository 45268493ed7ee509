use super::use_store;
use yew::prelude::*;

/// How many replica colours the style sheet defines (`.r0` .. `.r11`); more replicas reuse
/// them, and every tinted block also names its replica.
pub const COLOURS: usize = 12;

/// What the preview's colours and marks mean.
#[function_component(Legend)]
pub fn legend() -> Html {
    let store = use_store();
    // The preview's colours: the design the shown files were made from.
    let d = store.shown_design.clone();
    html! {
        <section class="legend" aria-labelledby="legend-title">
            <h2 id="legend-title" class="sr-only">{ "Legend" }</h2>
            <ul>
                { for d.pooler.iter().enumerate().map(|(i, p)| html! {
                    <li class={format!("r{}", i % COLOURS)}><span class="swatch" aria-hidden="true"></span>
                        { format!("{} ({})", p.name, p.host) }</li>
                }) }
            </ul>
            <p class="keys">
                <span class="key-own">{ format!("{} · local", pgbr_core::fields::pg_prefix(1)) }</span>{ " the pooler's own replica, first in its file. " }
                <span class="key-diff">{ "◆" }</span>{ " differs between files. " }
                { "Each replica's block is tinted with its colour in every file. Hover or focus a line (↑/↓ move) to see why it is there." }
            </p>
        </section>
    }
}
