//! Golden files: every example's generated files (and its install guide), reviewed as text
//! in tests/golden/<example>/. `UPDATE_GOLDEN=1 cargo test -p pgbr-core --test golden`
//! rewrites them.

use pgbr_core::{bundle, examples::EXAMPLES, generate};
use pretty_assertions::assert_eq;
use std::path::PathBuf;

fn golden_dir(example: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/golden")
        .join(example.trim_end_matches(".toml"))
}

#[test]
fn every_example_matches_its_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for example in EXAMPLES {
        let design = example.design();
        let output = generate(&design);
        assert!(
            !output.has_errors(),
            "{}: {:?}",
            example.file,
            output.diagnostics
        );
        let dir = golden_dir(example.file);
        let entries = bundle::entries(&design, &output);
        if update {
            let _ = std::fs::remove_dir_all(&dir);
        }
        for entry in &entries {
            let path = dir.join(&entry.path);
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &entry.content).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
                    path.display()
                )
            });
            assert_eq!(
                expected,
                entry.content,
                "{} differs from its golden file",
                path.display()
            );
        }
        // No stale golden file: the folder holds exactly what the example produces.
        let mut on_disk = Vec::new();
        collect(&dir, &dir, &mut on_disk);
        on_disk.sort();
        let mut produced: Vec<String> = entries.iter().map(|e| e.path.clone()).collect();
        produced.sort();
        assert_eq!(
            on_disk, produced,
            "{}: golden folder and output disagree",
            example.file
        );
    }
}

fn collect(root: &PathBuf, dir: &PathBuf, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
        }
    }
}

#[test]
fn generation_is_deterministic_and_the_zip_too() {
    for example in EXAMPLES {
        let design = example.design();
        let a = generate(&design);
        let b = generate(&example.design());
        assert_eq!(a, b);
        assert_eq!(bundle::zip(&design, &a), bundle::zip(&design, &b));
    }
}
