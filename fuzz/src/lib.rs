//! The fuzz targets' shared properties; see `checks.rs` and fuzz/README.md.

pub mod checks;
