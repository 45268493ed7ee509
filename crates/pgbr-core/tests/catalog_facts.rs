//! The catalog, release by release, against pgBackRest's own option definitions
//! (`tests/data/pgbackrest-options.json`: each release's config.yaml, 2.37 to 2.59, and what the
//! 2.60.0 binary reports). Every difference is listed, so a catalog bug reads as
//! `2.55: repo-foo: ...`.

use pgbr_core::catalog::{self, OptionDef, Section, Type};
use pgbr_core::{Design, Version};
use serde_json::Value;
use std::collections::BTreeSet;

fn facts() -> Value {
    serde_json::from_str(include_str!("data/pgbackrest-options.json")).unwrap()
}

fn releases(f: &Value) -> Vec<Version> {
    f["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| Version::parse(r.as_str().unwrap()).unwrap())
        .collect()
}

/// The definition of `opt` as release `v` has it, if `v` knows it.
fn at(opt: &Value, v: Version) -> Option<&Value> {
    let ver = |x: &Value| Version::parse(x.as_str().unwrap()).unwrap();
    if ver(&opt["first"]) > v || opt.get("last").is_some_and(|l| ver(l) < v) {
        return None;
    }
    opt["history"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|h| ver(&h["from"]) <= v)
}

fn kind(t: &Type) -> &'static str {
    match t {
        Type::Bool => "boolean",
        Type::Int { .. } => "integer",
        Type::Enum => "string-id",
        Type::String => "string",
        Type::Path => "path",
        Type::Size { .. } => "size",
        Type::Time { .. } => "time",
        Type::Hash => "hash",
        Type::List => "list",
    }
}

fn range(t: &Type) -> Option<(i128, i128)> {
    match *t {
        Type::Int { min, max } => Some((min.into(), max.into())),
        Type::Size { min, max } | Type::Time { min, max } => Some((min.into(), max.into())),
        _ => None,
    }
}

/// Every way `def` differs from the facts `f` of release `v`.
fn differences(def: &OptionDef, f: &Value, v: Version, out: &mut Vec<String>) {
    let name = def.name;
    let mut say = |what: String| out.push(format!("{v}: {name}: {what}"));
    let where_ = f["where"].as_str().unwrap();
    if def.section().as_str() != where_ {
        say(format!(
            "section {} in the catalog, {where_} in pgBackRest",
            def.section().as_str()
        ));
    }
    if def.secure != f["secure"].as_bool().unwrap() {
        say(format!(
            "secure {} in the catalog, not in pgBackRest",
            def.secure
        ));
    }
    let ty = def.ty_at(v);
    let facts_kind = f["type"].as_str().unwrap();
    let values: Option<BTreeSet<&str>> = f["values"]
        .as_array()
        .map(|a| a.iter().map(|x| x.as_str().unwrap()).collect());
    let ours: BTreeSet<&str> = def.values_at(v).collect();
    match (facts_kind, kind(&ty)) {
        // A boolean before 2.54, backup-standby became n/prefer/y: the catalog lists its values.
        ("boolean", "string-id") if ours == BTreeSet::from(["n", "y"]) => {}
        ("string-id", "string") if values.is_none() => {}
        ("size", "size") if values.is_some() => {
            // buffer-size: a list of sizes; the catalog keeps their range (validation adds the
            // power-of-two rule).
            let sizes: Vec<u64> = values
                .unwrap()
                .iter()
                .map(|s| pgbr_core::validate::parse_size(s).unwrap())
                .collect();
            let want = (
                *sizes.iter().min().unwrap() as i128,
                *sizes.iter().max().unwrap() as i128,
            );
            if range(&ty) != Some(want) {
                say(format!(
                    "range {:?} in the catalog, sizes {want:?} in pgBackRest",
                    range(&ty)
                ));
            }
            return;
        }
        (a, b) if a == b => {}
        (a, b) => say(format!("type {b} in the catalog, {a} in pgBackRest")),
    }
    if let Some(values) = values {
        if values != ours {
            say(format!(
                "values {ours:?} in the catalog, {values:?} in pgBackRest"
            ));
        }
    }
    if let Some(r) = f["range"].as_array() {
        let num = |x: &Value| {
            x.as_i64()
                .map(i128::from)
                .or(x.as_u64().map(i128::from))
                .unwrap()
        };
        let want = (num(&r[0]), num(&r[1]));
        if range(&ty) != Some(want) {
            say(format!(
                "range {:?} in the catalog, {want:?} in pgBackRest",
                range(&ty)
            ));
        }
    }
}

#[test]
fn the_catalog_matches_pgbackrest_in_every_release() {
    let facts = facts();
    let options = facts["options"].as_object().unwrap();
    let releases = releases(&facts);
    assert_eq!(
        (releases[0], *releases.last().unwrap()),
        (Version::OLDEST, Version::NEWEST),
        "the catalog targets exactly the releases the facts describe"
    );
    assert_eq!(releases.len(), Version::targets().count());
    let mut out = Vec::new();
    for &v in &releases {
        let documented: BTreeSet<&str> = options
            .iter()
            .filter(|(_, o)| at(o, v).is_some_and(|f| !f["internal"].as_bool().unwrap()))
            .map(|(n, _)| n.as_str())
            .collect();
        let ours: BTreeSet<&str> = catalog::OPTIONS
            .iter()
            .filter(|o| o.public_at(v))
            .map(|o| o.name)
            .collect();
        for n in documented.difference(&ours) {
            out.push(format!(
                "{v}: {n}: documented by pgBackRest, missing from the catalog"
            ));
        }
        for n in ours.difference(&documented) {
            out.push(format!(
                "{v}: {n}: in the catalog, not documented by pgBackRest"
            ));
        }
        for def in catalog::OPTIONS.iter().filter(|o| o.known_at(v)) {
            match options.get(def.name).and_then(|o| at(o, v)) {
                None => out.push(format!(
                    "{v}: {}: in the catalog, unknown to pgBackRest",
                    def.name
                )),
                Some(f) => differences(def, f, v, &mut out),
            }
        }
    }
    assert!(
        out.is_empty(),
        "{} differences:\n{}",
        out.len(),
        out.join("\n")
    );
}

#[test]
fn deprecated_names_are_pgbackrests() {
    let facts = facts();
    let mut out = Vec::new();
    for def in catalog::OPTIONS {
        let f = &facts["options"][def.name]["history"];
        let want: BTreeSet<&str> = f
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|h| h["deprecated"].as_array().unwrap())
            .map(|d| d.as_str().unwrap())
            .collect();
        let ours: BTreeSet<&str> = def.deprecated.iter().copied().collect();
        if want != ours {
            out.push(format!(
                "{}: {ours:?} in the catalog, {want:?} in pgBackRest",
                def.name
            ));
        }
    }
    assert!(out.is_empty(), "{}", out.join("\n"));
    let verify = catalog::find("repo-storage-verify-tls").unwrap();
    assert!(verify.deprecated.contains(&"repo?-s3-verify-tls"));
}

#[test]
fn the_2_59_file_options_are_all_known() {
    // The count: pgBackRest 2.59 documents 152 options that a config file may hold.
    let v = Version::new(2, 59);
    let file = catalog::OPTIONS
        .iter()
        .filter(|o| o.public_at(v) && o.section() != Section::CommandLine)
        .count();
    assert_eq!(file, 152);
    let v60 = Version::new(2, 60);
    for n in [
        "checksum-page-error",
        "repo-storage-prefetch",
        "repo-storage-read-over",
    ] {
        let o = catalog::find(n).unwrap();
        assert!(o.public_at(v60) && !o.known_at(v), "{n} is new in 2.60");
    }
}

/// The diagnostics `toml` (a `[global]` and `[[repo]]` body) gets at `version`.
fn diagnostics(version: &str, body: &str) -> Vec<String> {
    let text = format!(
        "stanza = \"main\"\npgbackrest-version = \"{version}\"\n[[pooler]]\nname = \"p1\"\nhost = \"db1\"\npg-path = \"/pg\"\n{body}"
    );
    let design = Design::from_toml(&text).unwrap();
    pgbr_core::validate::validate(&design)
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.path, d.message))
        .collect()
}

#[test]
fn ranges_that_depend_on_another_option_follow_pgbackrest() {
    // compress-level: per compress-type from 2.56 (config.yaml), in code before; 0..9 for all
    // types before 2.44.
    for (kind, lo, hi) in [
        ("gz", -1, 9),
        ("bz2", 1, 9),
        ("lz4", -5, 12),
        ("zst", -7, 22),
    ] {
        for (level, ok) in [(lo, true), (hi, true), (lo - 1, false), (hi + 1, false)] {
            let d = diagnostics(
                "2.56",
                &format!("[[repo]]\nindex = 1\nretention-full = 1\n[global]\ncompress-type = \"{kind}\"\ncompress-level = {level}\n"),
            );
            assert_eq!(d.is_empty(), ok, "{kind} {level}: {d:?}");
        }
    }
    assert_eq!(
        diagnostics("2.43", "[[repo]]\nindex = 1\nretention-full = 1\n[global]\ncompress-type = \"zst\"\ncompress-level = 12\n"),
        ["global.compress-level: 12 is out of range for compress-level: use 0 to 9"]
    );
    // repo-storage-upload-chunk-size: 64KiB..1TiB until 2.57; from 2.58 5MiB..1GiB on S3 and
    // 4MiB..1GiB on GCS and Azure.
    let s3 = |v: &str, size: &str| {
        diagnostics(v, &format!("[[repo]]\nindex = 1\ntype = \"s3\"\nretention-full = 1\ns3-bucket = \"b\"\ns3-endpoint = \"e\"\ns3-region = \"r\"\ns3-key-type = \"auto\"\nstorage-upload-chunk-size = \"{size}\"\n"))
    };
    assert!(s3("2.57", "64KiB").is_empty());
    assert_eq!(s3("2.58", "4MiB"), ["repo[0].storage-upload-chunk-size: 4MiB is below S3's smallest upload chunk from pgBackRest 2.58: use 5MiB to 1GiB"]);
    assert!(s3("2.58", "5MiB").is_empty());
    assert_eq!(s3("2.58", "2GiB"), ["repo[0].storage-upload-chunk-size: 2GiB is out of range for repo-storage-upload-chunk-size: use 4MiB to 1GiB"]);
    assert_eq!(s3("2.57", "2TiB"), ["repo[0].storage-upload-chunk-size: 2TiB is out of range for repo-storage-upload-chunk-size: use 64KiB to 1TiB"]);
}

#[test]
fn durations_are_read_as_each_release_reads_them() {
    let timeout = |v: &str, t: &str| {
        diagnostics(
            v,
            &format!("[[repo]]\nindex = 1\nretention-full = 1\n[global]\nio-timeout = \"{t}\"\n"),
        )
    };
    assert!(timeout("2.45", "0.5").is_empty());
    assert_eq!(
        timeout("2.45", "5m"),
        ["global.io-timeout: io-timeout takes seconds (e.g. 60 or 0.5), not '5m'"]
    );
    assert_eq!(
        timeout("2.45", "0.01"),
        ["global.io-timeout: 0.01 is out of range for io-timeout: use 0.1 to 3600"]
    );
    // Real 2.55 and 2.60: `'0.5' is not valid for 'io-timeout' option`; `1d` is out of range.
    assert_eq!(timeout("2.55", "0.5"), ["global.io-timeout: io-timeout takes a whole number with an optional unit from pgBackRest 2.53 (500ms, 60, 5m, 2h, 1d; a fraction such as 0.5 is refused), not '0.5'"]);
    assert!(timeout("2.60", "500ms").is_empty());
    assert!(timeout("2.60", "5m").is_empty());
    assert_eq!(
        timeout("2.60", "1d"),
        ["global.io-timeout: 1d is out of range for io-timeout: use 100ms to 1h"]
    );
    let buffer = |s: &str| {
        diagnostics(
            "2.45",
            &format!("[[repo]]\nindex = 1\nretention-full = 1\n[global]\nbuffer-size = \"{s}\"\n"),
        )
    };
    assert!(buffer("64KiB").is_empty());
    assert_eq!(buffer("48KiB"), ["global.buffer-size: buffer-size must be a power of two from 16KiB to 16MiB: 16KiB, 32KiB, 64KiB, 128KiB, 256KiB, 512KiB, 1MiB, 2MiB, 4MiB, 8MiB or 16MiB"]);
    assert_eq!(
        buffer("32MiB"),
        ["global.buffer-size: 32MiB is out of range for buffer-size: use 16KiB to 16MiB"]
    );
}
