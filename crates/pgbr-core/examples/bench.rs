//! Benchmark (not a test): validate and generate a 256-pooler design (256 files of 256
//! replicas each), reported in MB/s of output and as a ratio to copying the same bytes.
//! Run: `cargo run --profile native --example bench -p pgbr-core` (or `make bench`).

use pgbr_core::model::Pooler;
use pgbr_core::output::Text;
use pgbr_core::{examples, generate, Body, Line};
use std::hint::black_box;
use std::rc::Rc;
use std::time::{Duration, Instant};

fn design(n: usize) -> pgbr_core::Design {
    let mut d = examples::find("multigres-three-poolers").unwrap().design();
    let t = d.pooler[0].clone();
    d.pooler = (1..=n)
        .map(|i| Pooler {
            name: format!("pooler-{i}"),
            host: format!("replica{i}.db.internal"),
            ..t.clone()
        })
        .collect();
    d
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let v = black_box(f());
        best = best.min(start.elapsed());
        last = Some(v);
    }
    (best, last.unwrap())
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(256);
    let d = design(n);
    // Peak memory of one generation, before the timed runs (which keep two outputs alive).
    let before = peak_rss_kb();
    let once = generate(&d);
    let after = peak_rss_kb();
    let structure: f64 = once
        .files
        .iter()
        .map(|f| {
            (f.lines.capacity() * std::mem::size_of::<pgbr_core::Line>()) as f64
                + f.lines.iter().map(heap_bytes).sum::<f64>()
        })
        .sum();
    let text_bytes: usize = once.files.iter().map(|f| f.text().len()).sum();
    drop(once);
    let (t_gen, out) = best_of(5, || generate(&d));
    assert!(!out.has_errors());
    let (t_text, texts) = best_of(5, || out.files.iter().map(|f| f.text()).collect::<Vec<_>>());
    let bytes: usize = texts.iter().map(String::len).sum();
    let joined: Vec<u8> = texts.concat().into_bytes();
    let (t_copy, _) = best_of(20, || joined.clone());
    let total = t_gen + t_text;
    let mb = bytes as f64 / 1e6;
    println!(
        "design: {n} poolers -> {} files, {} lines, {:.2} MB",
        out.files.len(),
        out.files.iter().map(|f| f.lines.len()).sum::<usize>(),
        mb
    );
    println!(
        "validate+generate (structure): {:.1} ms",
        t_gen.as_secs_f64() * 1e3
    );
    println!(
        "render to text:                {:.1} ms",
        t_text.as_secs_f64() * 1e3
    );
    println!(
        "total:                         {:.1} ms = {:.0} MB/s of output",
        total.as_secs_f64() * 1e3,
        mb / total.as_secs_f64()
    );
    println!(
        "copying the same bytes:        {:.2} ms = {:.0} MB/s",
        t_copy.as_secs_f64() * 1e3,
        mb / t_copy.as_secs_f64()
    );
    println!(
        "ratio generate/copy:           {:.0}x",
        total.as_secs_f64() / t_copy.as_secs_f64()
    );
    if let (Some(before), Some(after)) = (before, after) {
        println!(
            "peak memory of one generation: {:.0} MB resident ({:.0} MB before it); the structure holds {:.0} MB for {:.0} MB of text ({:.1}x)",
            after as f64 / 1e3,
            before as f64 / 1e3,
            structure / 1e6,
            text_bytes as f64 / 1e6,
            structure / text_bytes as f64
        );
    }
}

/// The heap bytes of text a line holds, shared text counted once over everything that shares
/// it (fixed text is borrowed and counts nothing).
fn heap_bytes(l: &Line) -> f64 {
    let share = |t: &Text| match t {
        Text::Shared(rc) => rc.len() as f64 / Rc::strong_count(rc) as f64,
        Text::Static(_) => 0.0,
    };
    let body = match &l.body {
        Body::Blank => 0.0,
        Body::Comment(t) | Body::Section(t) => share(t),
        Body::Option(kv) | Body::Env(kv) => {
            let (k, v) = kv.parts();
            share(k) + share(v)
        }
    };
    body + share(&l.why)
}

/// The process's peak resident set (Linux's VmHWM), in kB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
