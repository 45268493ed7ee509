//! The native side of the JS API's benchmark (tests/js/bench.mjs): times `pgbr_core::generate`
//! plus rendering every file's text, the same work `generate()` does for JavaScript.
//!
//! `cargo run --release -p pgbr-wasm --example native_bench -- DESIGN.json [RUNS]` prints
//! `{"median_ms": ..., "files": ..., "bytes": ...}`.

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: native_bench DESIGN.(json|toml) [RUNS]");
    let runs: usize = args
        .next()
        .map_or(10, |r| r.parse().expect("RUNS is a number"));
    let text = std::fs::read_to_string(&path).expect("a readable design file");
    let design = pgbr_core::Design::from_named(&path, &text).expect("a design");
    let mut times = Vec::with_capacity(runs);
    let (mut files, mut bytes) = (0, 0);
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let output = pgbr_core::generate(&design);
        let texts: Vec<String> = output.files.iter().map(pgbr_core::File::text).collect();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert!(!output.has_errors(), "the design has errors");
        files = texts.len();
        bytes = texts.iter().map(String::len).sum::<usize>();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{{\"median_ms\": {:.3}, \"files\": {files}, \"bytes\": {bytes}}}",
        times[times.len() / 2]
    );
}
