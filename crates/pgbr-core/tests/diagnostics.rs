//! Diagnostics are reviewed as text, like the configs: each design in tests/golden/diagnostics/
//! (each one wrong in ways a DBA gets wrong) beside the lines `pgbr check` prints for it, in
//! NAME.txt. `make golden` (UPDATE_GOLDEN=1) rewrites them; review the wording in the diff.

use pgbr_core::{generate, Design};
use pretty_assertions::assert_eq;
use std::path::PathBuf;

#[test]
fn every_bad_design_prints_its_golden_diagnostics() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/diagnostics");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut designs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    designs.sort();
    assert!(
        designs.len() >= 5,
        "{}: the designs are missing",
        dir.display()
    );
    for path in designs {
        let text = std::fs::read_to_string(&path).unwrap();
        let design = Design::from_named(&path.to_string_lossy(), &text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let output = generate(&design);
        assert!(output.has_errors() || !output.diagnostics.is_empty());
        let printed: String = output
            .diagnostics
            .iter()
            .map(|d| format!("{d}\n"))
            .collect();
        let golden = path.with_extension("txt");
        if update {
            std::fs::write(&golden, &printed).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{}: {e} (make golden creates it)", golden.display()));
        assert_eq!(expected, printed, "{}", golden.display());
    }
}
