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
    // The resulting authorisation lines, straight from the generated files: each distinct line
    // once, with the files that hold it (with N poolers every line is in N - 1 files: listing
    // each file's lines was N² items, 65,000 at 256 poolers, most of a first render).
    let mut auth: Vec<(String, Vec<&str>)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut total = 0;
    for f in store
        .shown
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Config)
    {
        for l in f
            .lines
            .iter()
            .filter(|l| l.option == Some(fields::SERVER_AUTH))
        {
            total += 1;
            let line = l.to_string();
            match at.get(&line) {
                Some(&i) => auth[i].1.push(&f.host),
                None => {
                    at.insert(line.clone(), auth.len());
                    auth.push((line, vec![&f.host]));
                }
            }
        }
    }
    let servers: Vec<&str> = store
        .shown
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Config)
        .map(|f| f.host.as_str())
        .collect();
    let configs = servers.len();
    let holders = |hosts: &[&str]| match hosts.len() {
        n if n == configs => "every server".to_string(),
        n if n + 1 == configs && n > 3 => {
            let missing = servers.iter().find(|s| !hosts.contains(s));
            format!("every server but {}", missing.copied().unwrap_or_default())
        }
        n if n <= 3 => hosts.join(", "),
        n => format!("{n} servers"),
    };
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
                    <summary>{ format!("Resulting {} lines ({total} in {configs} files, {} different)", fields::SERVER_AUTH, auth.len()) }</summary>
                    <ul class="mono">
                        { for auth.iter().map(|(line, hosts)| html! { <li>{ line }<span class="muted">{ " · on " }{ holders(hosts) }</span></li> }) }
                    </ul>
                </details>
            }
        </fieldset>
    }
}
