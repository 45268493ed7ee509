use super::field::{Field, Select};
use super::use_store;
use crate::state::{Action, TlsField};
use pgbr_core::fields::{self, Kind};
use pgbr_core::model::HostType;
use pgbr_core::output::FileKind;
use yew::prelude::*;

/// How hosts reach each other: TLS certificates (path templates with `{host}`) and the server.
#[function_component(TlsForm)]
pub fn tls_form() -> Html {
    let store = use_store();
    let t = store.design.tls.clone();
    let on = |f: TlsField| {
        let store = store.clone();
        Callback::from(move |v| store.dispatch(Action::Tls(f, v)))
    };
    let field = |f: TlsField| {
        let info = f.info();
        html! {
            <Field path={f.path()} label={info.label} value={f.get(&t)} on_input={on(f)} hint={info.help}
                kind={if info.kind == Kind::Number { "number" } else { "text" }} />
        }
    };
    let host_type = TlsField::HostType.info();
    // The resulting authorisation lines, straight from the generated files.
    let auth: Vec<(String, String)> = store
        .shown
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Config)
        .flat_map(|f| {
            f.lines
                .iter()
                .filter(|l| l.option == Some(fields::SERVER_AUTH))
                .map(|l| (f.host.clone(), l.to_string()))
        })
        .collect();
    html! {
        <fieldset class="card" id="tls">
            <legend>{ "TLS" }</legend>
            <div class="grid">
                <Select path={TlsField::HostType.path()} label={host_type.label} value={TlsField::HostType.get(&t)}
                    choices={super::cluster::choices(&host_type)} on_change={on(TlsField::HostType)} />
                if t.host_type == HostType::Tls {
                    { for TlsField::ALL[1..].iter().map(|&f| field(f)) }
                }
            </div>
            if t.host_type == HostType::Tls {
                <details class="auth" open=true>
                    <summary>{ format!("Resulting {} lines ({})", fields::SERVER_AUTH, auth.len()) }</summary>
                    <ul class="mono">
                        { for auth.iter().map(|(host, line)| html! { <li><span class="muted">{ host }{ ": " }</span>{ line }</li> }) }
                    </ul>
                </details>
            }
        </fieldset>
    }
}
