//! The example designs shipped in `examples/`, embedded so every face can offer them.

use crate::model::Design;

/// One example design: its file name, a title and its TOML text.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    pub file: &'static str,
    pub title: &'static str,
    pub toml: &'static str,
}

impl Example {
    pub fn design(&self) -> Design {
        Design::from_toml(self.toml).expect("shipped examples are valid designs")
    }
}

pub static EXAMPLES: &[Example] = &[
    Example {
        file: "multigres-three-poolers.toml",
        title: "Multigres: three poolers, each backing up its own replica",
        toml: include_str!("../../../examples/multigres-three-poolers.toml"),
    },
    Example {
        file: "tls-guide-repo-host.toml",
        title: "pgBackRest TLS guide: repository host with two database hosts",
        toml: include_str!("../../../examples/tls-guide-repo-host.toml"),
    },
    Example {
        file: "five-replicas-two-zones.toml",
        title: "Five replicas in two zones, S3 and posix repositories",
        toml: include_str!("../../../examples/five-replicas-two-zones.toml"),
    },
];

/// The example named by its file name (with or without `.toml`).
pub fn find(name: &str) -> Option<&'static Example> {
    EXAMPLES
        .iter()
        .find(|e| e.file == name || e.file.strip_suffix(".toml") == Some(name))
}
