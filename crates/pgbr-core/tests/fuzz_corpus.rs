//! The fuzz targets' properties on stable Rust, without cargo-fuzz: every committed corpus
//! input (fuzz/corpus/<target>/*) is replayed through the same checks the libFuzzer targets
//! run (fuzz/src/checks.rs), then a bounded number of random inputs (proptest) goes through
//! them too. The long runs are `make fuzz` (fuzz/README.md).

#[path = "../../../fuzz/src/checks.rs"]
mod checks;

use proptest::prelude::*;
use std::path::PathBuf;

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn replay(target: &str, check: fn(&[u8])) {
    for (path, bytes) in corpus(target) {
        let result = std::panic::catch_unwind(|| check(&bytes));
        if let Err(e) = result {
            std::panic::resume_unwind(Box::new(format!(
                "{}: {}",
                path.display(),
                e.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            )));
        }
    }
}

#[test]
fn corpus_import_conf() {
    replay("import_conf", checks::check_import);
}

#[test]
fn corpus_design_read() {
    replay("design_read", checks::check_design_text);
}

#[test]
fn corpus_share_decode() {
    replay("share_decode", checks::check_share);
}

#[test]
fn corpus_generate() {
    replay("generate", checks::check_generate);
}

/// Corpus inputs with a few bytes changed: a cheap mutation round on stable.
fn mutated(target: &str) -> impl Strategy<Value = Vec<u8>> {
    let inputs: Vec<Vec<u8>> = corpus(target).into_iter().map(|(_, b)| b).collect();
    (
        proptest::sample::select(inputs),
        proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
    )
        .prop_map(|(mut input, edits)| {
            for (at, byte) in edits {
                if input.is_empty() {
                    input.push(byte);
                } else {
                    let i = at.index(input.len());
                    input[i] = byte;
                }
            }
            input
        })
}

/// Cases per target: `PGBR_FUZZ_CASES` (scripts/test.d/27-fuzz-short.sh sets 4000), else 64.
fn cases() -> u32 {
    std::env::var("PGBR_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_import_conf(data in mutated("import_conf")) {
        checks::check_import(&data);
    }

    #[test]
    fn random_design_read(data in mutated("design_read")) {
        checks::check_design_text(&data);
    }

    #[test]
    fn random_share_decode(data in mutated("share_decode")) {
        checks::check_share(&data);
    }

    #[test]
    fn random_generate(data in proptest::collection::vec(any::<u8>(), 0..256)) {
        checks::check_generate(&data);
    }
}
