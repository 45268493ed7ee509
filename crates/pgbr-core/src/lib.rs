//! pgbr-core: the domain of pgbr-designer.
//!
//! A [`Design`] describes a replicated PostgreSQL cluster (stanza, poolers, repositories, TLS,
//! options, target pgBackRest version). [`generate`] validates it and turns it into one
//! structured `pgbackrest.conf` per pooler (and the repository host's file in that topology);
//! [`import`] reads existing files back into a design.

pub mod bundle;
pub mod catalog;
pub mod commands;
pub mod deploy;
pub mod diag;
pub mod diff;
pub mod edit;
pub mod encoding;
pub mod env_file;
pub mod examples;
pub mod fields;
pub mod generate;
pub mod hash;
pub mod import;
pub mod ini;
pub mod install;
pub mod model;
pub mod output;
pub mod path;
pub mod share;
pub mod side_by_side;
pub mod simulate;
pub mod validate;
mod value_de;
pub mod version;

pub use diag::{Diagnostic, Severity};
pub use generate::generate;
pub use import::{import, import_with, ImportOptions, ImportResult};
pub use model::Design;
pub use output::{Body, File, KeyValue, Line, LineKind, Output};
pub use path::FieldPath;
pub use version::Version;

/// The version of the design format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
