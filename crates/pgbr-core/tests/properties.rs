//! Invariants over random designs (proptest).

use pgbr_core::ini;
use pgbr_core::model::{Design, OptValue, PeerOrder, Pooler};
use pgbr_core::output::{FileKind, LineKind};
use pgbr_core::{generate, import};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn base() -> Design {
    pgbr_core::examples::find("multigres-three-poolers")
        .unwrap()
        .design()
}

prop_compose! {
    fn pooler()(name in "[a-z][a-z0-9-]{0,10}", host in "[a-z][a-z0-9.-]{0,14}", path in "(/[a-z0-9_]{1,8}){1,3}",
                port in proptest::option::of(1i64..65535), user in proptest::option::of("[a-z]{1,8}"),
                zone in prop_oneof![Just("a"), Just("b"), Just("c")]) -> Pooler {
        Pooler { name, host, pg_path: path, pg_port: port, pg_user: user, zone: Some(zone.to_string()), ..Pooler::default() }
    }
}

prop_compose! {
    fn design()(poolers in proptest::collection::vec(pooler(), 1..9), order in 0..3usize) -> Design {
        let mut d = base();
        // Unique names and hosts: suffix with the position.
        d.pooler = poolers.into_iter().enumerate().map(|(i, mut p)| {
            p.name = format!("{}-{i}", p.name);
            p.host = format!("{}-{i}", p.host);
            p
        }).collect();
        d.peer_order = [PeerOrder::Declared, PeerOrder::Rotate, PeerOrder::Zone][order];
        d
    }
}

/// The options of a file, as pgBackRest would read them, in order.
fn parsed(text: &str) -> Vec<(String, String, String)> {
    let ini = ini::parse(text).expect("generated files always parse");
    let mut out = Vec::new();
    for s in ini.sections {
        for e in s.entries {
            out.push((s.name.clone(), e.key, e.value));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_file_lists_every_replica_once_its_own_first(d in design()) {
        let out = generate(&d);
        prop_assert!(!out.has_errors(), "{:?}", out.diagnostics);
        let configs: Vec<_> = out.files.iter().filter(|f| f.kind == FileKind::Config).collect();
        prop_assert_eq!(configs.len(), d.pooler.len());
        for (own, f) in configs.iter().enumerate() {
            let order: Vec<usize> = f.pg_order.iter().map(|&(_, i)| i).collect();
            prop_assert_eq!(order[0], own);
            let mut sorted = order.clone();
            sorted.sort();
            prop_assert_eq!(sorted, (0..d.pooler.len()).collect::<Vec<_>>());
            // pg1 is local: no pg1-host.
            prop_assert!(!f.text().contains("\npg1-host="));
        }
    }

    #[test]
    fn files_differ_only_in_pg_order_tls_lines_and_comments(d in design()) {
        let out = generate(&d);
        let configs: Vec<_> = out.files.iter().filter(|f| f.kind == FileKind::Config).collect();
        let per_host = ["host", "host-type", "host-port", "host-ca-file", "host-cert-file", "host-key-file", "host-config"];
        let shape = |f: &pgbr_core::File| {
            let mut global = Vec::new();
            let mut replicas: BTreeMap<usize, Vec<String>> = BTreeMap::new();
            for l in &f.lines {
                if l.kind() != LineKind::Option { continue; }
                let opt = l.option.unwrap();
                match l.replica {
                    Some(r) => {
                        let suffix = opt.trim_start_matches("pg-").to_string();
                        if !per_host.contains(&suffix.as_str()) {
                            let value = l.value().unwrap();
                            replicas.entry(r).or_default().push(format!("{suffix}={value}"));
                        }
                    }
                    None if opt.starts_with("tls-server-") => {}
                    None => global.push(l.to_string()),
                }
            }
            (global, replicas)
        };
        let first = shape(configs[0]);
        for f in &configs[1..] {
            prop_assert_eq!(&shape(f), &first);
        }
    }

    #[test]
    fn no_value_creates_a_line_section_or_option(value in "\\PC{0,12}|.{0,6}[\\n\\r\\t\\x00\\u{2028}\\u{85}#;=\\[\\] ].{0,6}", field in 0..6usize) {
        let mut d = base();
        match field {
            0 => d.pooler[1].pg_path = format!("/{value}"),
            1 => d.pooler[1].host = value.clone(),
            2 => d.pooler[1].pg_user = Some(value.clone()),
            3 => { d.global.insert("log-path".into(), OptValue::Text(format!("/{value}"))); }
            4 => { d.repo[0].options.insert("path".into(), OptValue::Text(format!("/{value}"))); }
            _ => d.tls.ca_file = Some(format!("/{value}")),
        }
        let out = generate(&d);
        if out.has_errors() {
            prop_assert!(out.files.is_empty());
            prop_assert!(out.diagnostics.iter().all(|x| !x.path.is_empty() && !x.message.is_empty()));
        } else {
            for f in out.files.iter().filter(|f| f.kind == FileKind::Config) {
                let text = f.text();
                // pgBackRest reads exactly the options the structure holds, and nothing else.
                let expected: Vec<(String, String, String)> = f.lines.iter().filter(|l| l.kind() == LineKind::Option)
                    .map(|l| (f.section_of(l).unwrap().to_string(), l.key().unwrap().to_string(), l.value().unwrap().to_string())).collect();
                let got = parsed(&text);
                prop_assert_eq!(&got, &expected);
                prop_assert_eq!(text.lines().count(), f.lines.len());
                let sections = f.lines.iter().filter(|l| l.kind() == LineKind::Section).count();
                prop_assert_eq!(ini::parse(&text).unwrap().sections.len(), sections);
            }
        }
    }

    #[test]
    fn generate_import_generate_is_identical(d in design()) {
        let first = generate(&d);
        let files: Vec<(String, String)> = first.files.iter().map(|f| (f.path.clone(), f.text())).collect();
        let back = import(&files).unwrap();
        let second = generate(&back.design);
        let again: Vec<(String, String)> = second.files.iter().map(|f| (f.path.clone(), f.text())).collect();
        prop_assert_eq!(files, again);
    }
}
