//! The shipped examples (`pgbr_core::examples::EXAMPLES`), converted to JSON by build.rs.

use pgbr_core::Design;

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The example at `index`, as a design.
pub fn design(index: usize) -> Option<Design> {
    EXAMPLES
        .get(index)
        .map(|(_, json)| Design::from_json(json).expect("build.rs wrote it from a valid design"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_example_matches_the_core() {
        let core = pgbr_core::examples::EXAMPLES;
        assert_eq!(super::EXAMPLES.len(), core.len());
        for (i, e) in core.iter().enumerate() {
            assert_eq!(super::design(i), Some(e.design()), "{}", e.file);
            assert_eq!(super::EXAMPLES[i].0, e.title);
        }
    }
}
