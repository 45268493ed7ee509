//! Validation: every value that reaches a config line is checked here, and every rule of
//! pgBackRest's dialect and option catalog the designer knows is enforced.
//!
//! Errors block output; warnings do not.

use crate::catalog::{self, split_indexed, OptionDef, Scope, Type};
use crate::diag::Diagnostic;
use crate::fields::{OptionTable, Section};
use crate::model::{
    Design, HostRef, HostType, OptValue, PeerOrder, Repo, RepoType, SecretsMode, Topology,
};
use crate::path::{key, FieldPath};
use crate::version::Version;
use std::collections::BTreeMap;

/// The most replicas or repositories pgBackRest can index (`pg1`..`pg256`).
pub const MAX_INDEX: i64 = 256;
/// Longer values are refused: no path, host or option needs more.
pub const MAX_VALUE_LEN: usize = 4096;

/// What a text value is, which decides the characters it may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// A DNS name or IP address.
    Host,
    /// A name that becomes a folder or a section: letters, digits, `.`, `_`, `-`.
    Name,
    /// An absolute path.
    Path,
    /// Anything else that lands in a config value.
    Value,
}

/// Why `value` cannot be written as one config value, in words for the user (no path prefix).
pub fn check_text(value: &str, kind: TextKind) -> Option<String> {
    if value.is_empty() {
        return Some("must not be empty".into());
    }
    if let Some(c) = value.chars().find(|c| forbidden_char(*c)) {
        return Some(format!(
            "contains {} (U+{:04X}); a config value is one line of visible text: remove it",
            char_name(c),
            c as u32
        ));
    }
    if value.chars().count() > MAX_VALUE_LEN {
        return Some(format!("is longer than {MAX_VALUE_LEN} characters"));
    }
    if value.starts_with(char::is_whitespace) || value.ends_with(char::is_whitespace) {
        return Some("starts or ends with a space, which pgBackRest would strip: remove it".into());
    }
    if let Some(pos) = value.find([' ', '\u{a0}']) {
        let after = value[pos..].trim_start();
        if after.starts_with('#') || after.starts_with(';') {
            return Some(
                "looks like it carries an end-of-line comment; pgBackRest has none and would \
                 read the comment as part of the value: remove it"
                    .into(),
            );
        }
    }
    match kind {
        TextKind::Host => {
            if let Some(c) = value
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || ".-_:".contains(*c)))
            {
                return Some(format!(
                    "'{c}' cannot be in a host name; use a DNS name or an IP address \
                     (letters, digits, '.', '-', '_' and ':')"
                ));
            }
        }
        TextKind::Name => {
            if let Some(c) = value
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || "._-".contains(*c)))
            {
                return Some(format!(
                    "'{c}' cannot be in a name; use letters, digits, '.', '_' and '-'"
                ));
            }
            if value.starts_with('.') {
                return Some("must not start with '.'".into());
            }
            if value.len() > 64 {
                return Some("is longer than 64 characters".into());
            }
        }
        TextKind::Path => return check_path(value),
        TextKind::Value => {}
    }
    None
}

fn check_path(value: &str) -> Option<String> {
    if !value.starts_with('/') {
        return Some(format!(
            "'{value}' must be an absolute path beginning with '/'"
        ));
    }
    if value.contains("//") {
        return Some(format!(
            "'{value}' contains '//', which pgBackRest refuses in a path"
        ));
    }
    if value.len() > 1 && value.ends_with('/') {
        return Some(format!(
            "'{value}' ends with '/', which pgBackRest strips: write '{}'",
            value.trim_end_matches('/')
        ));
    }
    None
}

/// Characters that could break a line, hide text or reorder it on screen, or that show the
/// text was damaged in decoding (U+FFFD).
pub fn forbidden_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{feff}' | '\u{fffd}'
        )
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn char_name(c: char) -> &'static str {
    match c {
        '\n' => "a line feed",
        '\r' => "a carriage return",
        '\0' => "a NUL character",
        '\t' => "a tab",
        '\u{85}' => "a next-line character",
        '\u{2028}' => "a line separator",
        '\u{2029}' => "a paragraph separator",
        '\u{feff}' => "a byte-order mark",
        '\u{fffd}' => "a replacement character (text damaged by a wrong encoding)",
        c if c.is_control() => "a control character",
        _ => "a text-direction control",
    }
}

/// Substitutes `{host}`; the template must hold no other placeholder.
pub fn expand(template: &str, host: &str) -> String {
    template.replace("{host}", host)
}

fn check_template(diags: &mut Vec<Diagnostic>, path: &FieldPath, template: &str, kind: TextKind) {
    let rest = template.replace("{host}", "");
    if rest.contains('{') || rest.contains('}') {
        diags.push(Diagnostic::error(
            path.clone(),
            format!(
                "'{template}' has a placeholder other than {{host}}; only {{host}} is replaced"
            ),
        ));
        return;
    }
    if let Some(m) = check_text(&expand(template, "host"), kind) {
        diags.push(Diagnostic::error(path.clone(), m));
    }
}

fn push(diags: &mut Vec<Diagnostic>, path: FieldPath, value: &str, kind: TextKind) -> bool {
    match check_text(value, kind) {
        Some(m) => {
            diags.push(Diagnostic::error(path, m));
            false
        }
        None => true,
    }
}

fn check_port(diags: &mut Vec<Diagnostic>, path: FieldPath, port: i64, min: i64) {
    if !(min..=65535).contains(&port) {
        diags.push(Diagnostic::error(
            path,
            format!("port {port} is out of range: use {min} to 65535"),
        ));
    }
}

/// Every finding about `design`, errors first in field order.
pub fn validate(design: &Design) -> Vec<Diagnostic> {
    let mut d = Vec::new();
    let v = design.pgbackrest_version;

    // Stanza and version.
    if push(
        &mut d,
        FieldPath::top("stanza"),
        &design.stanza,
        TextKind::Value,
    ) {
        if let Some(c) = design
            .stanza
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "_-.".contains(*c)))
        {
            d.push(Diagnostic::error(
                FieldPath::top("stanza"),
                format!("'{c}' cannot be in a stanza name (it becomes a section name and a directory); use letters, digits, '_', '-' and '.'"),
            ));
        } else if design.stanza.starts_with('.') {
            d.push(Diagnostic::error(
                FieldPath::top("stanza"),
                "a stanza name cannot start with '.' (it becomes a directory in the repository); start it with a letter or digit",
            ));
        } else if design.stanza.eq_ignore_ascii_case("global") {
            d.push(Diagnostic::error(
                FieldPath::top("stanza"),
                "'global' is pgBackRest's own section; choose another stanza name",
            ));
        }
    }
    if v < Version::OLDEST || v > Version::NEWEST {
        d.push(Diagnostic::error(
            FieldPath::top("pgbackrest-version"),
            format!(
                "pgBackRest {v} is outside what the designer knows ({} to {}); choose a version in that range",
                Version::OLDEST,
                Version::NEWEST
            ),
        ));
    }

    check_poolers(design, &mut d);
    check_topology(design, &mut d);
    check_tls(design, &mut d);
    check_repos(design, &mut d);
    check_global(design, &mut d);
    check_host_globals(design, &mut d);
    check_sections(design, &mut d);

    let mut errors: Vec<Diagnostic> = d.iter().filter(|x| x.is_error()).cloned().collect();
    errors.extend(d.into_iter().filter(|x| !x.is_error()));
    errors
}

/// A list (`pooler`, `repo`) must have one item at least and at most [`MAX_INDEX`]: `none` is
/// the error for an empty one, `too_many` says it for a count above that.
fn check_count(
    d: &mut Vec<Diagnostic>,
    list: &'static str,
    len: usize,
    none: &str,
    too_many: fn(usize) -> String,
) {
    if len == 0 {
        d.push(Diagnostic::error(FieldPath::top(list), none));
    } else if len as i64 > MAX_INDEX {
        d.push(Diagnostic::error(FieldPath::top(list), too_many(len)));
    }
}

fn check_poolers(design: &Design, d: &mut Vec<Diagnostic>) {
    check_count(
        d,
        "pooler",
        design.pooler.len(),
        "the design has no pooler; add one [[pooler]] per PostgreSQL replica",
        |n| {
            format!(
                "{n} poolers: pgBackRest indexes at most {MAX_INDEX} replicas (pg1..pg{MAX_INDEX})"
            )
        },
    );
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut hosts: BTreeMap<String, usize> = BTreeMap::new();
    for (i, p) in design.pooler.iter().enumerate() {
        let at = |f: &str| FieldPath::pooler(i).key(f.to_owned());
        if push(d, at("name"), &p.name, TextKind::Name) {
            if let Some(first) = names.insert(p.name.to_ascii_lowercase(), i) {
                d.push(Diagnostic::error(
                    at("name"),
                    format!("'{}' is already the name of pooler[{first}]; each pooler needs its own name (it names its folder)", p.name),
                ));
            }
        }
        if push(d, at("host"), &p.host, TextKind::Host) {
            if let Some(first) = hosts.insert(p.host.to_ascii_lowercase(), i) {
                d.push(Diagnostic::error(
                    at("host"),
                    format!("'{}' is already the host of pooler[{first}]; each replica runs on its own host", p.host),
                ));
            }
            if design.tls.host_type == HostType::Tls
                && design.pgbackrest_version < Version::new(2, 53)
                && is_ip(&p.host)
            {
                d.push(Diagnostic::warning(
                    at("host"),
                    format!(
                        "'{}' is an IP address: pgBackRest {} checks certificates against DNS names only, so this host's certificate needs 'subjectAltName = DNS:{}' (IP SANs count from 2.53)",
                        p.host, design.pgbackrest_version, p.host
                    ),
                ));
            }
        }
        push(d, at("pg-path"), &p.pg_path, TextKind::Path);
        if let Some(port) = p.pg_port {
            check_port(d, at("pg-port"), port, 0);
        }
        if let Some(s) = &p.pg_socket_path {
            push(d, at("pg-socket-path"), s, TextKind::Path);
        }
        if let Some(s) = &p.pg_user {
            push(d, at("pg-user"), s, TextKind::Value);
        }
        if let Some(s) = &p.pg_database {
            push(d, at("pg-database"), s, TextKind::Value);
        }
        if let Some(port) = p.pg_host_port {
            check_port(d, at("pg-host-port"), port, 1);
        }
        if let Some(s) = &p.pg_host_config {
            push(d, at("pg-host-config"), s, TextKind::Path);
        }
        if let Some(s) = &p.pg_host_user {
            push(d, at("pg-host-user"), s, TextKind::Value);
            if design.tls.host_type == HostType::Tls {
                d.push(Diagnostic::warning(
                    at("pg-host-user"),
                    "pg-host-user applies to SSH only; with TLS it is not written",
                ));
            }
        }
        match &p.zone {
            Some(z) => {
                push(d, at("zone"), z, TextKind::Name);
            }
            None if design.peer_order == PeerOrder::Zone => d.push(Diagnostic::error(
                at("zone"),
                "peer-order is \"zone\" but this pooler has no zone; give every pooler a zone, or choose another peer-order",
            )),
            None => {}
        }
    }
}

pub(crate) fn is_ip(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok()
}

fn check_topology(design: &Design, d: &mut Vec<Diagnostic>) {
    match (design.topology, &design.repo_host) {
        (Topology::Pooler, Some(_)) => d.push(Diagnostic::error(
            FieldPath::top("repo-host"),
            "[repo-host] is only used with topology = \"repo-host\"; remove it or change the topology",
        )),
        (Topology::RepoHost, None) => d.push(Diagnostic::error(
            FieldPath::top("repo-host"),
            "topology \"repo-host\" needs a [repo-host] table with the repository host's `host`",
        )),
        (Topology::RepoHost, Some(rh)) => {
            if push(d, FieldPath::repo_host("host"), &rh.host, TextKind::Host) {
                if let Some(i) = design.pooler.iter().position(|p| p.host.eq_ignore_ascii_case(&rh.host)) {
                    d.push(Diagnostic::error(
                        FieldPath::repo_host("host"),
                        format!("'{}' is also pooler[{i}]'s host; the repository host must be a host of its own", rh.host),
                    ));
                }
                if let Some(i) = design.pooler.iter().position(|p| p.name.eq_ignore_ascii_case(&rh.host)) {
                    d.push(Diagnostic::error(
                        FieldPath::repo_host("host"),
                        format!("'{}' is also pooler[{i}]'s name, and both would write the folder '{}'; rename one", rh.host, rh.host),
                    ));
                }
            }
            if let Some(port) = rh.host_port {
                check_port(d, FieldPath::repo_host("host-port"), port, 1);
            }
            if let Some(s) = &rh.host_config {
                push(d, FieldPath::repo_host("host-config"), s, TextKind::Path);
            }
            if let Some(s) = &rh.host_user {
                push(d, FieldPath::repo_host("host-user"), s, TextKind::Value);
            }
        }
        (Topology::Pooler, None) => {}
    }
}

fn check_tls(design: &Design, d: &mut Vec<Diagnostic>) {
    let t = &design.tls;
    // A lone pooler talks to no other host: nothing of [tls] is written.
    let alone = design.topology == Topology::Pooler && design.pooler.len() <= 1;
    if t.host_type == HostType::Ssh || alone {
        return;
    }
    for (field, value) in [
        ("ca-file", &t.ca_file),
        ("cert-file", &t.cert_file),
        ("key-file", &t.key_file),
    ] {
        match value {
            None => d.push(Diagnostic::error(
                FieldPath::tls(field),
                format!("TLS needs {field}: the path of {} on each host (e.g. \"/etc/pgbackrest/certs/{}\")",
                    match field { "ca-file" => "the CA certificate", "cert-file" => "the host's certificate", _ => "the host's key" },
                    match field { "ca-file" => "ca.crt", "cert-file" => "{host}.crt", _ => "{host}.key" }),
            )),
            Some(v) => check_template(d, &FieldPath::tls(field), v, TextKind::Path),
        }
    }
    match (&t.client_cert_file, &t.client_key_file) {
        (Some(c), Some(k)) => {
            check_template(d, &FieldPath::tls("client-cert-file"), c, TextKind::Path);
            check_template(d, &FieldPath::tls("client-key-file"), k, TextKind::Path);
        }
        (Some(_), None) => d.push(Diagnostic::error(FieldPath::tls("client-key-file"), "client-cert-file needs client-key-file: the path of that certificate's key on each host")),
        (None, Some(_)) => d.push(Diagnostic::error(FieldPath::tls("client-cert-file"), "client-key-file needs client-cert-file: the path of the client certificate on each host")),
        (None, None) => {}
    }
    if t.server_address != "*" {
        check_template(
            d,
            &FieldPath::tls("server-address"),
            &t.server_address,
            TextKind::Host,
        );
    }
    check_port(d, FieldPath::tls("server-port"), t.server_port, 1);
    check_template(d, &FieldPath::tls("auth-cn"), &t.auth_cn, TextKind::Value);
    if let Some(st) = &t.auth_stanzas {
        push(d, FieldPath::tls("auth-stanzas"), st, TextKind::Value);
        let listed: Vec<&str> = st.split(',').map(str::trim).collect();
        if st != "*" && !listed.contains(&design.stanza.as_str()) {
            d.push(Diagnostic::error(FieldPath::tls("auth-stanzas"), format!("auth-stanzas lets the clients use {st} but not this design's stanza {}: add it, or write \"*\"", design.stanza)));
        }
    }
    if t.auth_cn.contains(['=', ',']) {
        d.push(Diagnostic::error(
            FieldPath::tls("auth-cn"),
            "a certificate CN in tls-server-auth cannot contain '=' or ','",
        ));
    }
    if let Some(cert) = t.client_cert_file.as_ref().or(t.cert_file.as_ref()) {
        if t.auth_cn.contains("{host}") && !cert.contains("{host}") && design.pooler.len() > 1 {
            let field = if t.client_cert_file.is_some() {
                "client-cert-file"
            } else {
                "cert-file"
            };
            d.push(Diagnostic::warning(
                FieldPath::tls(field),
                "the certificate path is the same on every host while tls.auth-cn gives each host its own CN: the file at that path on each host must carry that host's CN, or put {host} in the path, or set auth-cn to the one CN they share",
            ));
        }
    }
}

/// The catalog entry of a `[global]`-style option (the design's, a host's, a section's) whose
/// value is valid at `version`; `None` once the diagnostic saying why not is pushed.
fn global_value(
    key: &str,
    value: &OptValue,
    path: &FieldPath,
    version: Version,
    d: &mut Vec<Diagnostic>,
) -> Option<&'static OptionDef> {
    let def = lookup(key, Scope::Global, path, version)
        .map_err(|e| d.push(e))
        .ok()?;
    match check_value(def, value, version) {
        Some(m) => {
            d.push(Diagnostic::error(path.clone(), m));
            None
        }
        None => Some(def),
    }
}

/// The catalog entry for `name` as `scope`, or a diagnostic explaining where it belongs.
fn lookup(
    name: &str,
    scope: Scope,
    path: &FieldPath,
    version: Version,
) -> Result<&'static OptionDef, Diagnostic> {
    let full = if scope == Scope::Repo {
        format!("repo-{name}")
    } else {
        name.to_string()
    };
    if let Some((prefix, Some(idx), rest)) = split_indexed(name) {
        return Err(Diagnostic::error(
            path.clone(),
            match (scope, prefix) {
                (Scope::Global, "repo") => format!("{name} belongs to repository {idx}: write `{rest}` in the [[repo]] table with index = {idx}"),
                (Scope::Global, _) => format!("{name} is generated from the poolers: set `pg-{rest}` on the pooler instead"),
                _ => format!("write `{rest}` without the index: the table's `index` gives it"),
            },
        ));
    }
    let Some(def) = catalog::find(&full) else {
        let pool: Vec<&str> = catalog::OPTIONS
            .iter()
            .filter(|o| o.scope == scope)
            .map(|o| {
                if scope == Scope::Repo {
                    &o.name[5..]
                } else {
                    o.name
                }
            })
            .collect();
        let hint = catalog::closest(name, pool.into_iter())
            .map(|b| format!("; did you mean `{b}`?"))
            .unwrap_or_default();
        let other = catalog::find(name).or_else(|| catalog::find(&format!("repo-{name}")));
        let msg = match other {
            Some(o) => misplaced(o, name),
            None => format!("`{name}` is not a pgBackRest option the designer knows{hint}"),
        };
        return Err(Diagnostic::error(path.clone(), msg));
    };
    if def.scope != scope {
        return Err(Diagnostic::error(path.clone(), misplaced(def, name)));
    }
    if def.since > version {
        return Err(Diagnostic::error(
            path.clone(),
            format!("{} first appeared in pgBackRest {}; the design targets {version}: raise pgbackrest-version or remove it", def.name, def.since),
        ));
    }
    Ok(def)
}

fn misplaced(def: &OptionDef, name: &str) -> String {
    match def.scope {
        Scope::Global => format!("{name} is a [global] option: put it in the design's [global] table"),
        Scope::Repo => format!("{name} is a repository option: write `{}` in a [[repo]] table", &def.name[5..]),
        Scope::Pg => format!("{name} is generated from the poolers: set it on each [[pooler]]"),
        Scope::TlsServer => format!("{name} is generated from the [tls] table: set server-address, server-port and the file templates there"),
        Scope::CommandLine => format!("{name} can only be given on the command line or in the environment, not in a config file"),
    }
}

/// Checks `value` against `def`'s type and values for `version`; returns the problem.
pub fn check_value(def: &OptionDef, value: &OptValue, version: Version) -> Option<String> {
    let repeatable = matches!(def.ty, Type::Hash | Type::List);
    if let OptValue::List(items) = value {
        if !repeatable {
            return Some(format!("{} takes one value, not a list", def.name));
        }
        if items.is_empty() {
            return Some("the list is empty: remove the option or give it a value".into());
        }
    }
    for text in value.lines() {
        let kind = if def.ty == Type::Path {
            TextKind::Path
        } else {
            TextKind::Value
        };
        if let Some(m) = check_text(&text, kind) {
            return Some(m);
        }
        if let Some(m) = check_typed(def, value, &text, version) {
            return Some(m);
        }
    }
    None
}

fn check_typed(def: &OptionDef, value: &OptValue, text: &str, version: Version) -> Option<String> {
    match def.ty_at(version) {
        Type::Bool => {
            if !matches!(value, OptValue::Bool(_)) && text != "y" && text != "n" {
                return Some(format!("{} is a boolean: write true/false or \"y\"/\"n\", not '{text}'", def.name));
            }
        }
        Type::Int { min, max } => match text.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => {}
            Ok(n) => return Some(format!("{n} is out of range for {}: use {min} to {max}", def.name)),
            Err(_) => return Some(format!("{} takes a whole number from {min} to {max}, not '{text}'", def.name)),
        },
        Type::Enum => match def.values.iter().find(|(v, _)| *v == text) {
            Some((_, since)) if *since > version => {
                return Some(format!(
                    "'{text}' for {} first appeared in pgBackRest {since}; the design targets {version}: choose {} or raise pgbackrest-version",
                    def.name,
                    allowed(def, version)
                ))
            }
            Some(_) => {}
            None => return Some(format!("'{text}' is not valid for {}: choose {}", def.name, allowed(def, version))),
        },
        Type::Size { min, max } => match parse_size(text) {
            Some(n) if (min..=max).contains(&n) => {}
            Some(_) => return Some(format!("{text} is out of range for {}: use {} to {}", def.name, show_size(min), show_size(max))),
            None => return Some(format!("{} takes a size such as 1MiB, 128KiB or 2GiB, not '{text}'", def.name)),
        },
        Type::Time { min, max } => match parse_time(text, version) {
            Ok(ms) if (min..=max).contains(&ms) => {}
            Ok(_) => return Some(format!("{text} is out of range for {}: use {} to {}", def.name, show_time(min, version), show_time(max, version))),
            Err(m) => return Some(format!("{}{m}, not '{text}'", def.name)),
        },
        Type::Hash => {
            match text.split_once('=') {
                Some((k, _)) if !k.trim().is_empty() => {}
                _ => return Some(format!("{} takes key=value entries, not '{text}'", def.name)),
            }
        }
        Type::String | Type::Path | Type::List => {}
    }
    None
}

/// Bytes of a pgBackRest size (`1MiB`, `128KB`, `4096`): units are powers of 1024.
pub fn parse_size(text: &str) -> Option<u64> {
    let lower = text.to_ascii_lowercase();
    let end = lower
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(lower.len());
    let unit = match &lower[end..] {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        "p" | "pb" | "pib" => 1 << 50,
        _ => return None,
    };
    lower[..end].parse::<u64>().ok()?.checked_mul(unit)
}

/// Milliseconds of a pgBackRest duration as `version` reads it: seconds, possibly with a
/// fraction, before 2.53; from 2.53 a whole number with an optional unit (a fraction is refused:
/// real 2.55 and 2.60 say `'0.5' is not valid for 'io-timeout' option`).
fn parse_time(text: &str, version: Version) -> Result<u64, &'static str> {
    if version < Version::new(2, 53) {
        return match text.parse::<f64>() {
            Ok(t) if (0.0..1e15).contains(&t) => Ok((t * 1000.0).round() as u64),
            _ => Err(" takes seconds (e.g. 60 or 0.5)"),
        };
    }
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let unit = match &text[end..] {
        "" | "s" => 1000,
        "ms" => 1,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ if text.contains('.') => {
            return Err(" takes a whole number with an optional unit from pgBackRest 2.53 (500ms, 60, 5m, 2h, 1d; a fraction such as 0.5 is refused)")
        }
        _ => return Err(" takes a whole number of seconds or a number with a unit (500ms, 60, 5m, 2h, 1d)"),
    };
    text[..end]
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or(" takes a whole number with an optional unit (500ms, 60, 5m, 2h, 1d)")
}

fn show_size(bytes: u64) -> String {
    let units = [
        (1u64 << 50, "PiB"),
        (1 << 40, "TiB"),
        (1 << 30, "GiB"),
        (1 << 20, "MiB"),
        (1 << 10, "KiB"),
    ];
    match units
        .iter()
        .find(|(u, _)| bytes >= *u && bytes.is_multiple_of(*u))
    {
        Some((u, name)) => format!("{}{name}", bytes / u),
        None => format!("{bytes}B"),
    }
}

fn show_time(ms: u64, version: Version) -> String {
    if version < Version::new(2, 53) {
        return format!("{}", ms as f64 / 1000.0);
    }
    let units = [
        (86_400_000u64, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1000, "s"),
    ];
    match units
        .iter()
        .find(|(u, _)| ms >= *u && ms.is_multiple_of(*u))
    {
        Some((u, name)) => format!("{}{name}", ms / u),
        None => format!("{ms}ms"),
    }
}

fn allowed(def: &OptionDef, version: Version) -> String {
    let names: Vec<String> = def
        .values
        .iter()
        .filter(|(_, s)| *s <= version)
        .map(|(v, _)| format!("'{v}'"))
        .collect();
    names.join(", ")
}

/// The repositories: their count, each one by concern, and archive-async with several.
fn check_repos(design: &Design, d: &mut Vec<Diagnostic>) {
    check_count(
        d,
        "repo",
        design.repo.len(),
        "the design has no repository; add a [[repo]] with an index, a type and its settings",
        |n| format!("{n} repositories: pgBackRest indexes at most {MAX_INDEX}"),
    );
    let mut seen: BTreeMap<i64, usize> = BTreeMap::new();
    let mut posix_paths: BTreeMap<String, usize> = BTreeMap::new();
    for (i, r) in design.repo.iter().enumerate() {
        check_repo_index_and_type(design, i, r, &mut seen, d);
        check_repo_options(design, i, r, d);
        check_deploy_secrets(design, i, r, d);
        check_required_options(i, r, d);
        check_storage_options(i, r, d);
        check_option_pairs(design, i, r, d);
        check_repo_path(design, i, r, &mut posix_paths, d);
        if !r.options.contains_key("retention-full") {
            d.push(Diagnostic::warning(FieldPath::repo(i).key("retention-full"), "retention-full is not set: pgBackRest keeps every full backup and warns on each backup; set how many to keep"));
        }
        check_secrets_placement(design, i, r, d);
    }
    if design.repo.len() > 1
        && design
            .global
            .get("archive-async")
            .and_then(OptValue::single)
            .as_deref()
            != Some("y")
    {
        d.push(Diagnostic::warning(
            FieldPath::global("archive-async"),
            "several repositories without archive-async: every WAL segment is pushed to each repository in turn, and one slow repository stalls archiving; set archive-async = true",
        ));
    }
}

/// The repository's index is in range and its own (`seen`: index → first repository), and its
/// type exists in the targeted release.
fn check_repo_index_and_type(
    design: &Design,
    i: usize,
    r: &Repo,
    seen: &mut BTreeMap<i64, usize>,
    d: &mut Vec<Diagnostic>,
) {
    let v = design.pgbackrest_version;
    let at = |f: &str| FieldPath::repo(i).key(f.to_owned());
    if !(1..=MAX_INDEX).contains(&r.index) {
        d.push(Diagnostic::error(
            at("index"),
            format!(
                "repository index {} is out of range: use 1 to {MAX_INDEX}",
                r.index
            ),
        ));
    } else if let Some(first) = seen.insert(r.index, i) {
        d.push(Diagnostic::error(
            at("index"),
            format!(
                "index {} is already used by repo[{first}]; each repository needs its own index",
                r.index
            ),
        ));
    }
    if r.kind == RepoType::Sftp && v < Version::new(2, 46) {
        d.push(Diagnostic::error(
            at("type"),
            format!("sftp repositories first appeared in pgBackRest 2.46; the design targets {v}"),
        ));
    }
}

/// Each option is a repository option of this type, known to the release, with a valid value;
/// host settings and the table's own fields are refused.
fn check_repo_options(design: &Design, i: usize, r: &Repo, d: &mut Vec<Diagnostic>) {
    let v = design.pgbackrest_version;
    let at = |f: &str| FieldPath::repo(i).key(f.to_owned());
    for (key, value) in &r.options {
        let path = at(key);
        if key == "host" || key.starts_with("host-") {
            let msg = if design.topology == Topology::Pooler && design.pooler.len() > 1 {
                "a remote repository cannot be combined with remote PostgreSQL hosts in one file (pgBackRest: 'pg and repo hosts cannot both be configured as remote'); use topology = \"repo-host\""
            } else {
                "repo-host settings are generated from the [repo-host] table with topology = \"repo-host\""
            };
            d.push(Diagnostic::error(path, msg));
            continue;
        }
        if key == "type" || key == "index" {
            // Reachable only through the API (a file's `type`/`index` fill the fields):
            // an option of that name would be written unchecked, or twice.
            d.push(Diagnostic::error(
                path,
                format!("`{key}` is the repository's own field, not an option: set it on the table, not among its options"),
            ));
            continue;
        }
        let def = match lookup(key, Scope::Repo, &path, v) {
            Ok(def) => def,
            Err(e) => {
                d.push(e);
                continue;
            }
        };
        if let Some(t) = def.repo_type {
            if t != r.kind.as_str() {
                d.push(Diagnostic::error(
                    path.clone(),
                    format!(
                        "{key} applies to {t} repositories; this one is {}",
                        r.kind.as_str()
                    ),
                ));
                continue;
            }
        }
        if let Some(m) = check_value(def, value, v) {
            d.push(Diagnostic::error(path, m));
        } else if key == "storage-upload-chunk-size"
            && v >= Version::new(2, 58)
            && r.kind == RepoType::S3
        {
            // From 2.58 the range is per store; the catalog's range is GCS's and Azure's.
            let s3_min = 5 << 20;
            if value
                .single()
                .and_then(|t| parse_size(&t))
                .is_some_and(|n| n < s3_min)
            {
                d.push(Diagnostic::error(path, format!("{} is below S3's smallest upload chunk from pgBackRest 2.58: use 5MiB to 1GiB", value.single().unwrap_or_default())));
            }
        }
    }
}

/// Each deploy-time secret is a secret option of this type, listed once and given no value in
/// the design; each valid one is a reminder to provide it.
fn check_deploy_secrets(design: &Design, i: usize, r: &Repo, d: &mut Vec<Diagnostic>) {
    let v = design.pgbackrest_version;
    for (j, key) in r.deploy_secrets.iter().enumerate() {
        let path = FieldPath::repo(i).key("deploy-secrets").at(j);
        let def = catalog::find(&format!("repo-{key}"));
        let msg = match def {
            _ if r.deploy_secrets[..j].contains(key) => Some(format!("{key} is listed twice")),
            None => Some(format!("`{key}` is not a repository option")),
            Some(o) if !o.secure => Some(format!(
                "{key} is not a secret: give its value in the design"
            )),
            Some(o) if o.repo_type.is_some_and(|t| t != r.kind.as_str()) => Some(format!(
                "{key} applies to {} repositories; this one is {}",
                o.repo_type.unwrap_or_default(),
                r.kind.as_str()
            )),
            Some(o) if !o.known_at(v) => Some(format!(
                "{key} first appeared in pgBackRest {}; the design targets {v}",
                o.since
            )),
            Some(_) if r.options.contains_key(key) => Some(format!(
                "{key} has a value in the design and is also supplied at deploy time: remove one"
            )),
            Some(_) => None,
        };
        match msg {
            Some(m) => d.push(Diagnostic::error(path, m)),
            None => d.push(Diagnostic::warning(path, format!("{key} is supplied at deploy time: provide {} on every host that holds repo{} before pgBackRest runs (the install guide lists them)", catalog::env_name(&format!("repo{}-{key}", r.index)), r.index))),
        }
    }
}

/// The options each repository type needs (its bucket, endpoint, credentials unless its key
/// type fetches them), given in the design or supplied at deploy time.
fn check_required_options(i: usize, r: &Repo, d: &mut Vec<Diagnostic>) {
    let at = |f: &str| FieldPath::repo(i).key(f.to_owned());
    let get = |k: &str| r.options.get(k).and_then(OptValue::single);
    let mut require = |k: &str, why: &str| {
        if !r.options.contains_key(k) && !r.deploy_secrets.iter().any(|s| s == k) {
            let secure = catalog::find(&format!("repo-{k}")).is_some_and(|o| o.secure);
            let later = if secure {
                "; or list it in deploy-secrets to supply it on each host at deploy time"
            } else {
                ""
            };
            d.push(Diagnostic::error(
                at(k),
                format!("{} repositories need {k}{why}{later}", r.kind.as_str()),
            ));
        }
    };
    match r.kind {
        RepoType::S3 => {
            require("s3-bucket", "");
            require("s3-endpoint", " (e.g. s3.us-east-1.amazonaws.com)");
            require("s3-region", "");
            if get("s3-key-type").is_none_or(|t| t == "shared") {
                require(
                    "s3-key",
                    " with s3-key-type shared (or set s3-key-type to auto or web-id)",
                );
                require("s3-key-secret", " with s3-key-type shared");
            }
        }
        RepoType::Gcs => {
            require("gcs-bucket", "");
            if get("gcs-key-type").is_none_or(|t| t != "auto") {
                require("gcs-key", " unless gcs-key-type is auto");
            }
        }
        RepoType::Azure => {
            require("azure-account", "");
            require("azure-container", "");
            if get("azure-key-type").is_none_or(|t| t != "auto") {
                require("azure-key", " unless azure-key-type is auto");
            }
        }
        RepoType::Sftp => {
            require("sftp-host", "");
            require("sftp-host-user", "");
            require("sftp-private-key-file", "");
        }
        RepoType::Posix | RepoType::Cifs => {}
    }
}

/// storage-* options only where pgBackRest reads them: object stores, and storage-host and
/// storage-port not for GCS.
fn check_storage_options(i: usize, r: &Repo, d: &mut Vec<Diagnostic>) {
    let at = |f: &str| FieldPath::repo(i).key(f.to_owned());
    if r.kind == RepoType::Gcs {
        // pgBackRest reads storage-host and storage-port for S3 and Azure only (config.yaml:
        // they depend on repo-type azure/s3); for GCS the file's values are ignored.
        for k in ["storage-host", "storage-port"] {
            if r.options.contains_key(k) {
                d.push(Diagnostic::error(at(k), format!("{k} applies to s3 and azure repositories; pgBackRest ignores it for gcs: put the host and port in gcs-endpoint (e.g. \"storage.example.com:8443\")")));
            }
        }
    }
    if r.options.keys().any(|k| k.starts_with("storage-"))
        && matches!(r.kind, RepoType::Posix | RepoType::Cifs | RepoType::Sftp)
    {
        d.push(Diagnostic::error(
            at("type"),
            format!(
                "storage-* options apply to object stores (s3, gcs, azure), not {}",
                r.kind.as_str()
            ),
        ));
    }
}

/// Options that need another: block needs bundle (and beta before 2.46), retention-archive-type
/// incr needs retention-archive, encryption needs cipher-pass and cipher-pass encryption.
fn check_option_pairs(design: &Design, i: usize, r: &Repo, d: &mut Vec<Diagnostic>) {
    let v = design.pgbackrest_version;
    let at = |f: &str| FieldPath::repo(i).key(f.to_owned());
    let get = |k: &str| r.options.get(k).and_then(OptValue::single);
    let beta = design
        .global
        .get("beta")
        .and_then(OptValue::single)
        .is_some_and(|b| b == "y");
    if get("block").as_deref() == Some("y") {
        if get("bundle").as_deref() != Some("y") {
            d.push(Diagnostic::error(
                at("block"),
                "block needs bundle = true: pgBackRest refuses block incremental without bundling",
            ));
        }
        if v < Version::new(2, 46) && !beta {
            d.push(Diagnostic::error(at("block"), format!("block is beta in pgBackRest {v}: set beta = true in [global], or target 2.46 or later")));
        }
    }
    if get("retention-archive-type").as_deref() == Some("incr")
        && !r.options.contains_key("retention-archive")
    {
        d.push(Diagnostic::error(
            at("retention-archive"),
            "retention-archive-type incr needs retention-archive",
        ));
    }
    let encrypted = get("cipher-type").as_deref() == Some("aes-256-cbc");
    let deploy = |k: &str| r.deploy_secrets.iter().any(|s| s == k);
    if encrypted && !r.options.contains_key("cipher-pass") && !deploy("cipher-pass") {
        d.push(Diagnostic::error(
            at("cipher-pass"),
            "cipher-type aes-256-cbc needs cipher-pass (it goes where `secrets` says), or list it in deploy-secrets",
        ));
    }
    if !encrypted && r.options.contains_key("cipher-pass") {
        d.push(Diagnostic::error(
            at("cipher-pass"),
            "cipher-pass is only used with cipher-type = \"aes-256-cbc\"",
        ));
    }
}

/// A posix path no other local repository uses (`posix_paths`: path → first repository), and
/// shared storage where a path is written on several hosts, and only there.
fn check_repo_path(
    design: &Design,
    i: usize,
    r: &Repo,
    posix_paths: &mut BTreeMap<String, usize>,
    d: &mut Vec<Diagnostic>,
) {
    let at = |f: &str| FieldPath::repo(i).key(f.to_owned());
    let get = |k: &str| r.options.get(k).and_then(OptValue::single);
    if r.kind == RepoType::Posix {
        let p = get("path").unwrap_or_else(|| "/var/lib/pgbackrest".into());
        if let Some(first) = posix_paths.insert(p.clone(), i) {
            d.push(Diagnostic::error(at("path"), format!("repo[{first}] already uses the posix path {p}; local repositories need different paths")));
        }
    }
    let applies = shared_storage_applies(design, r);
    if applies && design.pooler.len() > 1 && !r.shared_storage {
        let p = get("path").unwrap_or_else(|| "/var/lib/pgbackrest".into());
        d.push(Diagnostic::warning(at("shared-storage"), format!("repo{} is a {} path ({p}) written on each host where a command runs: unless it is one filesystem mounted on every host, WAL archived by the primary and a backup through a standby's file land in different places and the backup waits for WAL until archive-timeout. Mount shared storage there on every host and set shared-storage = true, or use an object store, or topology = \"repo-host\"", r.index, r.kind.as_str())));
    }
    if r.shared_storage && !applies {
        d.push(Diagnostic::warning(at("shared-storage"), format!("shared-storage applies to posix and cifs repositories in the pooler topology; repo{} needs no shared mount: remove it", r.index)));
    }
}

/// Where the secrets go: inline ones are warned of, and an environment file cannot hold a
/// single quote.
fn check_secrets_placement(design: &Design, i: usize, r: &Repo, d: &mut Vec<Diagnostic>) {
    let at = |f: &str| FieldPath::repo(i).key(f.to_owned());
    if design.secrets == SecretsMode::Inline {
        for key in r.options.keys() {
            if catalog::find(&format!("repo-{key}")).is_some_and(|o| o.secure) {
                d.push(Diagnostic::warning(at(key), "this secret is written inline into pgbackrest.conf; secrets = \"env-file\" or \"include-file\" keeps it out of the main file"));
            }
        }
    }
    if design.secrets == SecretsMode::EnvFile {
        for (key, value) in &r.options {
            if catalog::find(&format!("repo-{key}")).is_some_and(|o| o.secure)
                && !value.lines().iter().all(|s| crate::env_file::encodable(s))
            {
                d.push(Diagnostic::error(at(key), "a secret with a single quote cannot be written to an environment file; use secrets = \"include-file\""));
            }
        }
    }
}

fn check_global(design: &Design, d: &mut Vec<Diagnostic>) {
    let v = design.pgbackrest_version;
    for (key, value) in &design.global {
        let path = FieldPath::global(key.clone());
        if global_value(key, value, &path, v, d).is_some()
            && key == "buffer-size"
            && value
                .single()
                .and_then(|t| parse_size(&t))
                .is_some_and(|n| !n.is_power_of_two())
        {
            // pgBackRest allows only the powers of two from 16KiB to 16MiB.
            d.push(Diagnostic::error(path, "buffer-size must be a power of two from 16KiB to 16MiB: 16KiB, 32KiB, 64KiB, 128KiB, 256KiB, 512KiB, 1MiB, 2MiB, 4MiB, 8MiB or 16MiB"));
        }
    }
    if let Some(level) = design
        .global
        .get("compress-level")
        .and_then(OptValue::single)
        .and_then(|l| l.parse::<i64>().ok())
    {
        let kind = design
            .global
            .get("compress-type")
            .and_then(OptValue::single)
            .unwrap_or_else(|| "gz".into());
        let range = match kind.as_str() {
            "gz" => Some((-1, 9)),
            "bz2" => Some((1, 9)),
            "lz4" => Some((-5, 12)),
            "zst" => Some((-7, 22)),
            _ => None,
        };
        let path = FieldPath::global("compress-level");
        // One error per value: the catalog's own range (every type's) was already checked.
        let reported = d.iter().any(|x| x.path == path);
        if let Some((lo, hi)) = range.filter(|_| !reported) {
            if !(lo..=hi).contains(&level) {
                d.push(Diagnostic::error(
                    path,
                    format!("{level} is out of range for compress-type {kind}: use {lo} to {hi}"),
                ));
            }
        }
    }
    let standby = design
        .global
        .get("backup-standby")
        .and_then(OptValue::single);
    if design.pooler.len() > 1 && standby.as_deref().is_none_or(|s| s == "n") {
        d.push(Diagnostic::warning(
            FieldPath::global("backup-standby"),
            "backup-standby is not enabled: every backup would copy all files from the primary, whichever pooler runs it; set backup-standby = \"y\" (or \"prefer\" from 2.54) to back up the pooler's own standby",
        ));
    }
}

/// `[global]` options one host sets for itself.
fn check_host_globals(design: &Design, d: &mut Vec<Diagnostic>) {
    let v = design.pgbackrest_version;
    let hosts = design
        .pooler
        .iter()
        .enumerate()
        .map(|(i, p)| (FieldPath::pooler(i).key(key::GLOBAL), &p.global))
        .chain(
            design
                .repo_host
                .iter()
                .map(|r| (FieldPath::repo_host(key::GLOBAL), &r.global)),
        );
    for (at, options) in hosts {
        for (key, value) in options {
            let path = at.clone().key(key.clone());
            if matches!(key.as_str(), "tls-cipher-12" | "tls-cipher-13") {
                d.push(Diagnostic::error(path, format!("{key} applies to the whole pgBackRest process, client and server, so every host must have the same value: set it in the design's [global]")));
                continue;
            }
            global_value(key, value, &path, v, d);
        }
    }
}

/// Command sections (`[command.<cmd>]`, `[stanza-command.<cmd>]`) and the stanza's own options,
/// the design's and each host's own.
fn check_sections(design: &Design, d: &mut Vec<Diagnostic>) {
    let v = design.pgbackrest_version;
    let hosts = std::iter::once(None)
        .chain((0..design.pooler.len()).map(|i| Some(HostRef::Pooler(i))))
        .chain(design.repo_host.iter().map(|_| Some(HostRef::RepoHost)));
    let mut unknown = Vec::new();
    for host in hosts {
        let Some(t) = design.tables(host) else {
            continue;
        };
        let sections = t
            .command
            .iter()
            .map(|(c, o)| (Section::Command(c.clone()), o))
            .chain(
                t.stanza_command
                    .iter()
                    .map(|(c, o)| (Section::StanzaCommand(c.clone()), o)),
            )
            .chain([(Section::Stanza, t.stanza_options)]);
        for (section, options) in sections {
            let table = OptionTable { host, section };
            let at = table.path();
            let command = table.command();
            if let Some(cmd) = command.filter(|c| !crate::commands::is_command(c)) {
                unknown.push(Diagnostic::error(
                    at,
                    format!("`{cmd}` is not a pgBackRest command, so pgBackRest never reads that section; use one of: {}", crate::commands::COMMANDS.join(", ")),
                ));
                continue;
            }
            for (key, value) in options {
                let path = at.clone().key(key.clone());
                if global_value(key, value, &path, v, d).is_none() {
                    continue;
                }
                if let Some(cmd) = command.filter(|c| !crate::commands::takes(c, key)) {
                    d.push(Diagnostic::error(path, format!("the {cmd} command does not take {key}: pgBackRest warns that the option is invalid for that section and ignores it; put it in [global] or in the section of a command that takes it")));
                }
            }
        }
    }
    d.extend(unknown);
}

/// Whether `repo` is written at its path on every host, so that `shared-storage` means
/// something: a posix or CIFS repository in the pooler topology.
pub fn shared_storage_applies(design: &Design, repo: &Repo) -> bool {
    matches!(repo.kind, RepoType::Posix | RepoType::Cifs) && design.topology == Topology::Pooler
}

/// Secret repository options (those pgBackRest marks secure) of `repo`.
pub fn secret_keys(repo: &Repo) -> impl Iterator<Item = (&String, &OptValue)> {
    repo.options
        .iter()
        .filter(|(k, _)| catalog::find(&format!("repo-{k}")).is_some_and(|o| o.secure))
}
