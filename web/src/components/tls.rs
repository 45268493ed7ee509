use super::field::{Field, Select};
use super::use_store;
use crate::state::{Action, TlsField};
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
    let field = |f: TlsField, label: &'static str, hint: &'static str| {
        html! {
            <Field path={format!("tls.{}", f.key())} label={label} value={f.get(&t)} on_input={on(f)} hint={hint}
                kind={if f == TlsField::ServerPort { "number" } else { "text" }} />
        }
    };
    // The resulting authorisation lines, straight from the generated files.
    let auth: Vec<(String, String)> = store
        .shown
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Config)
        .flat_map(|f| {
            f.lines
                .iter()
                .filter(|l| l.option == Some("tls-server-auth"))
                .map(|l| (f.host.clone(), l.to_string()))
        })
        .collect();
    html! {
        <fieldset class="card" id="tls">
            <legend>{ "TLS" }</legend>
            <div class="grid">
                <Select path="tls.host-type" label="Hosts reach each other over" value={TlsField::HostType.get(&t)}
                    choices={vec![("tls".into(), "TLS (pgBackRest's own server)".into()), ("ssh".into(), "SSH".into())]}
                    on_change={on(TlsField::HostType)} />
                if t.host_type == HostType::Tls {
                    { field(TlsField::CaFile, "CA certificate", "Same path on every host.") }
                    { field(TlsField::CertFile, "Host certificate", "{host} becomes each host's name.") }
                    { field(TlsField::KeyFile, "Host key", "{host} becomes each host's name.") }
                    { field(TlsField::ClientCertFile, "Client certificate (optional)", "When the hosts present another certificate as clients; empty: the host certificate.") }
                    { field(TlsField::ClientKeyFile, "Client key (optional)", "The client certificate's key; {host} allowed.") }
                    { field(TlsField::ServerAddress, "Server address", "tls-server-address; * listens everywhere.") }
                    { field(TlsField::ServerPort, "Server port", "tls-server-port (8432 by default).") }
                    { field(TlsField::AuthCn, "Client certificate CN", "The CN each host's certificate carries; {host} allowed.") }
                }
            </div>
            if t.host_type == HostType::Tls {
                <details class="auth" open=true>
                    <summary>{ format!("Resulting tls-server-auth lines ({})", auth.len()) }</summary>
                    <ul class="mono">
                        { for auth.iter().map(|(host, line)| html! { <li><span class="muted">{ host }{ ": " }</span>{ line }</li> }) }
                    </ul>
                </details>
            }
        </fieldset>
    }
}
