//! The shipped examples as JSON, made at build time by the core itself: the app then reads them
//! with the JSON reader it needs anyway for saved designs, and the TOML parser stays out of the
//! wasm (about a third of the download).

use std::fmt::Write;

fn main() {
    let mut out = String::from("/// (title, design as JSON) of every shipped example, in the core's order.\npub static EXAMPLES: &[(&str, &str)] = &[\n");
    for e in pgbr_core::examples::EXAMPLES {
        let _ = writeln!(out, "    ({:?}, {:?}),", e.title, e.design().to_json());
    }
    out.push_str("];\n");
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("examples.rs");
    std::fs::write(path, out).expect("OUT_DIR is writable");
    println!("cargo::rerun-if-changed=build.rs");
}
