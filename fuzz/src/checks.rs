//! The properties every fuzz target checks, shared by the libFuzzer targets (`fuzz/`) and the
//! corpus replay test that runs on stable (`crates/pgbr-core/tests/fuzz_corpus.rs`, which
//! includes this file by path). Depends on `pgbr_core` only.
//!
//! Every check panics on a broken property; returning means the input was handled.

#![allow(dead_code)]

use pgbr_core::catalog::{self, Scope, Type};
use pgbr_core::model::{
    Design, HostRef, HostType, OptValue, PeerOrder, Pooler, Repo, RepoHost, RepoType, SecretsMode,
    Tls, Topology,
};
use pgbr_core::output::{Body, FileKind, LineKind};
use pgbr_core::validate::forbidden_char;
use pgbr_core::{generate, ini, share, Output, Version};
use std::collections::BTreeMap;

/// Splits fuzz bytes into named files: parts are separated by the byte 0xFF (never in UTF-8);
/// a part starting with `#env` is a `.env` file, the others are `pgbackrest.conf` files.
pub fn files_from_bytes(data: &[u8]) -> Vec<(String, String)> {
    data.split(|b| *b == 0xFF)
        .take(16)
        .enumerate()
        .map(|(i, part)| {
            let text = String::from_utf8_lossy(part).into_owned();
            let name = if text.starts_with("#env") {
                format!("host-{i}/pgbackrest.env")
            } else if text.starts_with("#conf.d") {
                format!("host-{i}/conf.d/secrets.conf")
            } else {
                format!("host-{i}/pgbackrest.conf")
            };
            (name, text)
        })
        .collect()
}

/// Target (a): the config importer and the INI reader.
pub fn check_import(data: &[u8]) {
    let files = files_from_bytes(data);
    for (_, text) in &files {
        check_ini(text);
    }
    let result = match pgbr_core::import(&files) {
        // Several stanzas: import each, as `--stanza` would.
        Err(pgbr_core::import::ImportError::SeveralStanzas(names)) => {
            assert!(names.len() > 1);
            for name in &names[1..] {
                let options = pgbr_core::ImportOptions {
                    stanza: Some(name.clone()),
                };
                if let Ok(r) = pgbr_core::import_with(&files, &options) {
                    assert_eq!(&r.design.stanza, name);
                    check_imported(&files, &r);
                }
            }
            pgbr_core::import_with(
                &files,
                &pgbr_core::ImportOptions {
                    stanza: Some(names[0].clone()),
                },
            )
        }
        other => other,
    };
    if let Ok(result) = result {
        check_imported(&files, &result);
    }
}

/// What import returns is said in words, and the design obeys every rule a design does; the
/// comparison with the files never fails.
fn check_imported(files: &[(String, String)], result: &pgbr_core::ImportResult) {
    for u in &result.unmapped {
        assert!(!u.message.is_empty());
    }
    check_design(&result.design);
    let diffs = pgbr_core::diff::compare(&result.design, files);
    // Never more results than files (includes are compared as part of their host's file).
    assert!(diffs.len() <= files.len());
    let _ = pgbr_core::diff::render(&diffs);
}

/// `ini::parse` never panics, and what it returns is what pgBackRest reads: trimmed, non-empty
/// keys and values, each on one line, keys without `=`.
pub fn check_ini(text: &str) {
    let Ok(parsed) = ini::parse(text) else { return };
    for s in &parsed.sections {
        assert!(!s.name.is_empty());
        assert!(!s.name.contains('\n'));
        for e in &s.entries {
            assert!(!e.key.is_empty() && !e.value.is_empty(), "{e:?}");
            assert!(!e.key.contains('='), "{e:?}");
            assert!(!e.key.contains('\n') && !e.value.contains('\n'), "{e:?}");
            assert_eq!(e.key.trim(), e.key);
            assert!(e.line >= 1);
        }
    }
}

/// Target (b): the design reader, TOML and JSON.
pub fn check_design_text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(d) = Design::from_toml(&text) {
        check_serialisation(&d);
        check_design(&d);
    }
    if let Ok(d) = Design::from_json(&text) {
        check_serialisation(&d);
        check_design(&d);
    }
}

/// A design read from a file writes back to TOML and JSON and reads back to itself.
pub fn check_serialisation(d: &Design) {
    let json = d.to_json();
    let back = Design::from_json(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(&back, d, "JSON round trip");
    let toml = d.to_toml();
    let back = Design::from_toml(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    assert_eq!(&back, d, "TOML round trip");
}

/// Target (c): the share-link decoder. Raw input is tried as a link; it is also packed as a
/// link's payload, so the fuzzer reaches the design behind a valid envelope.
pub fn check_share(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(d) = share::decode(&text) {
        check_design(&d);
        check_share_round_trip(&d);
    }
    let link = pack(data);
    if let Ok(d) = share::decode(&link) {
        check_design(&d);
        check_share_round_trip(&d);
    }
}

/// `d=v1.` + base64url(deflate(bytes)), as `share::encode` writes a link.
pub fn pack(bytes: &[u8]) -> String {
    use std::io::Write;
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(bytes).unwrap();
    let packed = z.finish().unwrap();
    format!("d=v1.{}", base64url(&packed))
}

fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |acc, b| acc << 8 | *b as u32) << (8 * (3 - chunk.len()));
        for k in 0..=chunk.len() {
            out.push(A[(n >> (18 - 6 * k) & 63) as usize] as char);
        }
    }
    out
}

fn check_share_round_trip(d: &Design) {
    let link = share::encode(d);
    let back = share::decode(&link).expect("an encoded link decodes");
    assert_eq!(back, pgbr_core::bundle::design_without_secrets(d));
}

/// Target (d): validate + generate on a design built from the bytes.
pub fn check_generate(data: &[u8]) {
    let d = design_from_bytes(data);
    check_design(&d);
}

/// The properties of generation, for any design.
pub fn check_design(d: &Design) {
    let first = generate(d);
    let second = generate(d);
    assert_eq!(first, second, "generation is deterministic");
    for x in &first.diagnostics {
        assert!(!x.message.is_empty(), "{x:?}");
    }
    if first.has_errors() {
        assert!(first.files.is_empty(), "no file while an error remains");
        assert!(first.diagnostics.iter().any(|x| !x.path.is_empty()));
        return;
    }
    assert!(!first.files.is_empty());
    check_files(&first);
    // Re-import: every generated file read back gives a design that generates the same bytes.
    let texts = texts(&first);
    let back = pgbr_core::import(&texts)
        .unwrap_or_else(|e| panic!("generated files import: {e}\n{}", dump(&texts)));
    let again = generate(&back.design);
    assert!(
        !again.has_errors(),
        "the re-imported design is valid: {:?}\n{}",
        again.diagnostics,
        dump(&texts)
    );
    let texts2 = self::texts(&again);
    if texts != texts2 {
        panic!(
            "generate -> import -> generate differs\nfirst:\n{}\nsecond:\n{}",
            dump(&texts),
            dump(&texts2)
        );
    }
}

fn texts(out: &Output) -> Vec<(String, String)> {
    out.files
        .iter()
        .map(|f| (f.path.clone(), f.text()))
        .collect()
}

fn dump(files: &[(String, String)]) -> String {
    files
        .iter()
        .map(|(p, t)| format!("--- {p}\n{t}"))
        .collect::<Vec<_>>()
        .join("")
}

/// Every generated file holds exactly the lines, sections and options its structure says.
pub fn check_files(out: &Output) {
    for f in &out.files {
        let text = f.text();
        assert_eq!(
            text.split('\n').count(),
            f.lines.len() + 1,
            "{}: one text line per structured line",
            f.path
        );
        let mut header: Option<&str> = None;
        for (k, l) in f.lines.iter().enumerate() {
            let rendered = l.to_string();
            assert!(
                !rendered.chars().any(forbidden_char),
                "{}:{}: a line holds a control character: {:?}",
                f.path,
                k + 1,
                rendered
            );
            // The one render function writes exactly what the line holds.
            match &l.body {
                Body::Blank => assert!(rendered.is_empty()),
                Body::Comment(c) => assert_eq!(rendered, format!("# {c}")),
                Body::Section(name) => assert_eq!(rendered, format!("[{name}]")),
                Body::Option(kv) => {
                    assert_eq!(rendered, format!("{}={}", kv.key(), kv.value()));
                    assert_eq!(kv.key(), expected_key(l), "{}: {:?}", f.path, rendered);
                    assert_eq!(
                        kv.value().trim(),
                        kv.value(),
                        "{}: value would be trimmed",
                        f.path
                    );
                    assert!(
                        !kv.value().is_empty(),
                        "{}: empty value {:?}",
                        f.path,
                        rendered
                    );
                }
                Body::Env(kv) => {
                    assert_eq!(f.kind, FileKind::Env);
                    assert!(kv.key().starts_with("PGBACKREST_"), "{rendered:?}");
                    assert!(
                        rendered.starts_with(&format!("{}=", kv.key())),
                        "{rendered:?}"
                    );
                }
            }
            // Each line's section is the last section header above it (a header's own).
            if let Body::Section(name) = &l.body {
                header = Some(name.as_ref());
            }
            assert_eq!(f.section_of(l), header, "{}:{}", f.path, k + 1);
        }
        if f.kind == FileKind::Env {
            continue;
        }
        let parsed = ini::parse(&text)
            .unwrap_or_else(|e| panic!("{}: generated file does not parse: {e}\n{text}", f.path));
        // pgBackRest reads exactly the options of the structure, in their sections.
        let mut expected = Vec::new();
        for l in &f.lines {
            if let (Body::Option(kv), Some(section)) = (&l.body, f.section_of(l)) {
                expected.push((
                    section.to_string(),
                    kv.key().to_string(),
                    kv.value().to_string(),
                ));
            }
        }
        let sections = f.sections.clone();
        // Sections are merged by name, so compare per section in first-appearance order.
        let mut grouped: Vec<(String, String, String)> = Vec::new();
        for s in &sections {
            grouped.extend(expected.iter().filter(|(x, _, _)| x == s).cloned());
        }
        let got: Vec<(String, String, String)> = parsed
            .sections
            .iter()
            .flat_map(|s| {
                s.entries
                    .iter()
                    .map(move |e| (s.name.clone(), e.key.clone(), e.value.clone()))
            })
            .collect();
        assert_eq!(got, grouped, "{}: parsed options differ", f.path);
        let names: Vec<String> = parsed.sections.iter().map(|s| s.name.clone()).collect();
        assert_eq!(names, sections, "{}: sections differ", f.path);
        let comments = f
            .lines
            .iter()
            .filter(|l| l.kind() == LineKind::Comment)
            .count();
        assert_eq!(
            parsed.comments.len(),
            comments,
            "{}: comments differ",
            f.path
        );
    }
}

/// The key a structured option line must have: `pgN-x` / `repoN-x` from its catalog name.
fn expected_key(l: &pgbr_core::Line) -> String {
    let opt = l.option.expect("an option line names its option");
    match (l.pg, l.repo) {
        (Some(n), _) if opt.starts_with("pg-") => format!("pg{n}-{}", &opt[3..]),
        (_, Some(n)) if opt.starts_with("repo-") => format!("repo{n}-{}", &opt[5..]),
        _ => opt.to_string(),
    }
}

/// A byte reader: each call takes what it needs; an exhausted input reads as zeros.
pub struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Bytes { data }
    }
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        self.byte() as usize % n
    }
    pub fn chance(&mut self, percent: u8) -> bool {
        (self.byte() % 100) < percent
    }
    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
    /// Raw text from the input: a length byte, then that many bytes (lossy UTF-8).
    pub fn raw(&mut self) -> String {
        let n = self.below(40).min(self.data.len());
        let (s, rest) = self.data.split_at(n);
        self.data = rest;
        String::from_utf8_lossy(s).into_owned()
    }
}

const HOSTILE: &[&str] = &[
    "",
    " ",
    "a b",
    " lead",
    "trail ",
    "x\ny",
    "x\ry",
    "x\r\ny",
    "x\0y",
    "x\ty",
    "x\u{85}y",
    "x\u{2028}y",
    "x\u{2029}y",
    "x\u{202e}y",
    "x\u{2066}y",
    "x\u{feff}",
    "x # c",
    "x ; c",
    "x#y",
    "x;y",
    "a=b",
    "[global]",
    "[x",
    "x]",
    "{host}",
    "{hostname}",
    "é",
    "日本",
    "global",
    "GLOBAL",
    "a:b",
    "a/b",
    ".hidden",
    "-",
    "pg2-host=evil",
];

fn text(b: &mut Bytes, good: &[&str]) -> String {
    match b.below(10) {
        0..=5 => b.pick(good).to_string(),
        6 | 7 => b.pick(HOSTILE).to_string(),
        8 => {
            let g = b.pick(good);
            let h = b.pick(HOSTILE);
            format!("{g}{h}")
        }
        _ => b.raw(),
    }
}

fn path(b: &mut Bytes) -> String {
    match b.below(10) {
        0..=6 => b
            .pick(&[
                "/pg/data",
                "/var/lib/postgresql/15/main",
                "/data/#1=a",
                "/srv/x y",
                "/",
                "/a",
            ])
            .to_string(),
        7 => b
            .pick(&["rel/path", "/a//b", "/a/", "//", "/a b # c"])
            .to_string(),
        8 => format!("/{}", b.pick(HOSTILE)),
        _ => format!("/{}", b.raw()),
    }
}

const INTS: &[i64] = &[
    -1,
    0,
    1,
    2,
    3,
    22,
    443,
    999,
    1000,
    5432,
    8432,
    9999999,
    10000000,
    65535,
    65536,
    i64::MAX,
    i64::MIN,
];

fn int(b: &mut Bytes) -> i64 {
    if b.chance(70) {
        b.pick(INTS)
    } else {
        i64::from(b.byte() as i8) * i64::from(b.byte())
    }
}

fn value_for(b: &mut Bytes, def: &catalog::OptionDef) -> OptValue {
    if b.chance(10) {
        return match b.below(4) {
            0 => OptValue::Text(text(b, &["x", "y", "n"])),
            1 => OptValue::Int(int(b)),
            2 => OptValue::Bool(b.chance(50)),
            _ => OptValue::List((0..b.below(3)).map(|_| text(b, &["a=b", "x"])).collect()),
        };
    }
    match def.ty {
        Type::Bool => OptValue::Bool(b.chance(50)),
        Type::Int { min, max } => OptValue::Int(match b.below(4) {
            0 => min,
            1 => max,
            2 => min + (b.byte() as i64) % (max - min + 1).max(1),
            _ => int(b),
        }),
        Type::Enum if !def.values.is_empty() => {
            OptValue::Text(def.values[b.below(def.values.len())].0.to_string())
        }
        Type::Path => OptValue::Text(path(b)),
        Type::Size { .. } => OptValue::Text(
            b.pick(&["1MiB", "128KB", "2GiB", "12", "1 MB", "x", "16KiB"])
                .into(),
        ),
        Type::Time { .. } => OptValue::Text(
            b.pick(&["60", "0.5", "1e3", "-1", "inf", "NaN", "500ms", "5m"])
                .into(),
        ),
        Type::Hash => OptValue::List(
            (0..1 + b.below(3))
                .map(|_| text(b, &["a=b", "primary_conninfo=host=x", "k=v w"]))
                .collect(),
        ),
        Type::List => OptValue::List(
            (0..1 + b.below(3))
                .map(|_| text(b, &["db1", "x"]))
                .collect(),
        ),
        _ => OptValue::Text(text(b, &["value", "secret-1", "us-east-1", "bucket"])),
    }
}

fn pick_option(b: &mut Bytes, scope: Scope) -> (String, &'static catalog::OptionDef) {
    let pool: Vec<&'static catalog::OptionDef> = catalog::OPTIONS
        .iter()
        .filter(|o| o.scope == scope || b.chance(3))
        .collect();
    let def = if pool.is_empty() {
        &catalog::OPTIONS[0]
    } else {
        pool[b.below(pool.len())]
    };
    let name = match def.name.strip_prefix("repo-") {
        Some(rest) if scope == Scope::Repo => rest.to_string(),
        _ => def.name.to_string(),
    };
    let name = match b.below(30) {
        0 => format!("{name}x"),
        1 => "repo1-path".into(),
        2 => b.raw(),
        _ => name,
    };
    (name, def)
}

/// A design shaped by the bytes: mostly plausible, with hostile values mixed in.
pub fn design_from_bytes(data: &[u8]) -> Design {
    let mut b = Bytes::new(data);
    let b = &mut b;
    let stanza = text(b, &["main", "demo", "a-b_1", "db"]);
    let pgbackrest_version = Version::new(2, [37, 45, 46, 53, 54, 57, 59, 60, 36][b.below(9)]);
    let topology = if b.chance(30) {
        Topology::RepoHost
    } else {
        Topology::Pooler
    };
    let peer_order = b.pick(&[PeerOrder::Declared, PeerOrder::Rotate, PeerOrder::Zone]);
    let secrets = b.pick(&[
        SecretsMode::EnvFile,
        SecretsMode::IncludeFile,
        SecretsMode::Inline,
    ]);
    let n = match b.below(20) {
        0 => 0,
        1 => 12,
        k => 1 + k % 5,
    };
    let mut pooler = Vec::new();
    for i in 0..n {
        let suffix = if b.chance(90) {
            format!("{}", i + 1)
        } else {
            String::new()
        };
        let opt = |b: &mut Bytes, f: &dyn Fn(&mut Bytes) -> String| {
            if b.chance(30) {
                Some(f(b))
            } else {
                None
            }
        };
        let oint = |b: &mut Bytes| if b.chance(25) { Some(int(b)) } else { None };
        pooler.push(Pooler {
            name: format!("{}{suffix}", text(b, &["p", "pooler-", "a.b", "x_"])),
            host: format!(
                "{}{suffix}",
                text(b, &["db", "10.0.0.", "host-", "a.example."])
            ),
            pg_path: path(b),
            pg_port: oint(b),
            pg_socket_path: opt(b, &path),
            pg_user: opt(b, &|b| text(b, &["postgres", "backup"])),
            pg_database: opt(b, &|b| text(b, &["postgres", "app"])),
            pg_host_port: oint(b),
            pg_host_config: opt(b, &path),
            pg_host_user: opt(b, &|b| text(b, &["postgres"])),
            zone: if b.chance(70) {
                Some(text(b, &["a", "b", "zone-1"]))
            } else {
                None
            },
            global: options(b, 15),
            ..Pooler::default()
        });
    }
    let mut repo = Vec::new();
    for i in 0..b.below(4) {
        let index = if b.chance(85) {
            i as i64 + 1
        } else {
            b.pick(&[0, 256, 257, -1, 1])
        };
        let kind = b.pick(&RepoType::ALL);
        let mut options = BTreeMap::new();
        let needed: &[(&str, &str)] = match kind {
            RepoType::S3 => &[
                ("s3-bucket", "b"),
                ("s3-endpoint", "s3.example"),
                ("s3-region", "r"),
                ("s3-key", "k"),
                ("s3-key-secret", "s"),
            ],
            RepoType::Gcs => &[("gcs-bucket", "b"), ("gcs-key", "/k.json")],
            RepoType::Azure => &[
                ("azure-account", "a"),
                ("azure-container", "c"),
                ("azure-key", "k"),
            ],
            RepoType::Sftp => &[
                ("sftp-host", "h"),
                ("sftp-host-user", "u"),
                ("sftp-private-key-file", "/k"),
            ],
            _ => &[],
        };
        for (k, v) in needed {
            if b.chance(90) {
                options.insert(k.to_string(), OptValue::Text(v.to_string()));
            }
        }
        if b.chance(80) {
            options.insert("path".into(), OptValue::Text(format!("/repo{i}")));
        }
        for _ in 0..b.below(4) {
            let (name, def) = pick_option(b, Scope::Repo);
            let v = value_for(b, def);
            options.insert(name, v);
        }
        repo.push(Repo {
            index,
            kind,
            shared_storage: b.chance(50),
            deploy_secrets: if b.chance(20) {
                vec![b
                    .pick(&["s3-key", "cipher-pass", "path", "azure-key"])
                    .to_string()]
            } else {
                Vec::new()
            },
            options,
        });
    }
    let tls = Tls {
        host_type: if b.chance(80) {
            HostType::Tls
        } else {
            HostType::Ssh
        },
        ca_file: if b.chance(90) {
            Some(text(b, &["/c/ca.crt"]))
        } else {
            None
        },
        cert_file: if b.chance(90) {
            Some(text(
                b,
                &["/c/{host}.crt", "/c/server.crt", "/{host}/{host}.crt"],
            ))
        } else {
            None
        },
        key_file: if b.chance(90) {
            Some(text(b, &["/c/{host}.key", "/c/server.key"]))
        } else {
            None
        },
        client_cert_file: b
            .chance(25)
            .then(|| text(b, &["/c/client-{host}.crt", "/c/client.crt"])),
        client_key_file: b
            .chance(25)
            .then(|| text(b, &["/c/client-{host}.key", "/c/client.key"])),
        auth_stanzas: b.chance(10).then(|| text(b, &["*", "main,other", "main"])),
        server_address: text(b, &["*", "{host}", "0.0.0.0", "localhost"]),
        server_port: if b.chance(70) { 8432 } else { int(b) },
        auth_cn: text(
            b,
            &["{host}", "client-{host}", "pgbackrest", "{host}.example"],
        ),
    };
    let repo_host = if (topology == Topology::RepoHost && b.chance(95)) || b.chance(3) {
        Some(RepoHost {
            host: text(b, &["backup", "repo-host", "db1"]),
            host_port: if b.chance(25) { Some(int(b)) } else { None },
            host_config: if b.chance(25) { Some(path(b)) } else { None },
            host_user: if b.chance(25) {
                Some(text(b, &["pgbackrest"]))
            } else {
                None
            },
            global: options(b, 15),
            ..RepoHost::default()
        })
    } else {
        None
    };
    let mut global = BTreeMap::new();
    if b.chance(60) {
        global.insert(
            "backup-standby".to_string(),
            OptValue::Text(b.pick(&["y", "n", "prefer"]).into()),
        );
    }
    for _ in 0..b.below(5) {
        let (name, def) = pick_option(b, Scope::Global);
        let v = value_for(b, def);
        global.insert(name, v);
    }
    let mut command = BTreeMap::new();
    if b.chance(20) {
        let cmd = b.pick(&["archive-push", "archive-get", "backup", "restore", "bogus"]);
        command.insert(cmd.to_string(), options(b, 100));
    }
    let stanza_options = options(b, 15);
    let mut stanza_command = BTreeMap::new();
    if b.chance(10) {
        stanza_command.insert("backup".to_string(), options(b, 100));
    }
    let mut d = Design {
        stanza,
        pgbackrest_version,
        topology,
        peer_order,
        secrets,
        pooler,
        repo,
        tls,
        repo_host,
        global,
        command,
        stanza_options,
        stanza_command,
    };
    // Hosts' own sections last, so that the bytes before them shape the same design as they
    // did before hosts had them.
    let hosts = (0..d.pooler.len())
        .map(|i| Some(HostRef::Pooler(i)))
        .chain([Some(HostRef::RepoHost)]);
    for host in hosts {
        let Some(t) = d.tables_mut(host) else {
            continue;
        };
        if b.chance(15) {
            let cmd = b.pick(&["archive-push", "archive-get", "backup", "restore", "bogus"]);
            t.command.insert(cmd.to_string(), options(b, 100));
        }
        t.stanza_options.extend(options(b, 10));
        if b.chance(5) {
            t.stanza_command
                .insert("backup".to_string(), options(b, 100));
        }
    }
    d
}

/// A few [global]-scope options, with `percent` chance of any at all.
fn options(b: &mut Bytes, percent: u8) -> BTreeMap<String, OptValue> {
    let mut m = BTreeMap::new();
    if b.chance(percent) {
        for _ in 0..1 + b.below(2) {
            let (name, def) = pick_option(b, Scope::Global);
            let v = value_for(b, def);
            m.insert(name, v);
        }
    }
    m
}
