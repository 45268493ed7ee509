//! Which replica pgBackRest backs up from, for one file's pg order.
//!
//! pgBackRest connects to every configured pg in ascending index order, skips the ones it
//! cannot reach, and uses the first standby it finds; the primary is always required.
//! The real-server acceptance test checks these answers against pgBackRest 2.45.

use crate::generate::pg_order;
use crate::model::{Design, OptValue, Topology};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Primary,
    Standby,
    /// Not reachable: pgBackRest warns `unable to check pgN` and skips it.
    Down,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standby {
    /// `backup-standby=n`: everything is copied from the primary.
    No,
    /// `backup-standby=y`: a standby is required.
    Yes,
    /// `backup-standby=prefer` (2.54+): a standby if there is one, else the primary.
    Prefer,
}

impl Standby {
    /// What the setting means for the files, in words for a DBA.
    pub fn explain(self) -> &'static str {
        match self {
            Standby::No => "backup-standby is not set (n): every file copies from the primary.",
            Standby::Yes => "backup-standby=y: each file copies from the first reachable standby in its pg order, and fails without one.",
            Standby::Prefer => "backup-standby=prefer: each file copies from the first reachable standby in its pg order, else from the primary.",
        }
    }

    /// The design's `backup-standby` setting.
    pub fn of(design: &Design) -> Standby {
        Standby::from_option(
            design
                .global
                .get("backup-standby")
                .and_then(OptValue::single)
                .as_deref(),
        )
    }

    /// From the option's value (absent means `n`).
    pub fn from_option(value: Option<&str>) -> Standby {
        match value {
            Some("y") => Standby::Yes,
            Some("prefer") => Standby::Prefer,
            _ => Standby::No,
        }
    }
}

/// The outcome of a backup run with one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "outcome")]
pub enum Pick {
    /// Data files come from this pooler's replica (`pg` is its index in the file).
    Standby { pooler: usize, pg: u16 },
    /// Every file comes from the primary.
    Primary {
        pooler: usize,
        pg: u16,
        warning: Option<String>,
    },
    /// pgBackRest stops with this error.
    Error { message: String },
}

impl Pick {
    /// One line for people: `standby replica2 (pg2, pooler-2)`, `primary replica1 (pg1)`,
    /// `ERROR: ...`. The CLI's `simulate` and the designer print the same words.
    pub fn describe(&self, design: &Design) -> String {
        let host = |p: usize| design.pooler.get(p).map_or("?", |p| p.host.as_str());
        match self {
            Pick::Standby { pooler, pg } => {
                let name = design.pooler.get(*pooler).map_or("?", |p| p.name.as_str());
                format!("standby {} (pg{pg}, {name})", host(*pooler))
            }
            Pick::Primary {
                pooler,
                pg,
                warning,
            } => format!(
                "primary {} (pg{pg}){}",
                host(*pooler),
                warning
                    .as_ref()
                    .map(|w| format!(", after WARN: {w}"))
                    .unwrap_or_default()
            ),
            Pick::Error { message } => format!("ERROR: {message}"),
        }
    }
}

/// `order` lists poolers as pg1..pgN; `roles[pooler]` is each replica's state.
pub fn pick(order: &[usize], roles: &[Role], standby: Standby) -> Pick {
    let at = |pooler: usize| roles.get(pooler).copied().unwrap_or(Role::Down);
    let primaries: Vec<(u16, usize)> = order
        .iter()
        .enumerate()
        .filter(|(_, &p)| at(p) == Role::Primary)
        .map(|(k, &p)| ((k + 1) as u16, p))
        .collect();
    if primaries.len() > 1 {
        return Pick::Error {
            message: "more than one primary cluster found".into(),
        };
    }
    let Some(&(ppg, primary)) = primaries.first() else {
        return Pick::Error {
            message: "unable to find primary cluster - cannot proceed (are all available clusters in recovery?)".into(),
        };
    };
    let first_standby = order
        .iter()
        .enumerate()
        .find(|(_, &p)| at(p) == Role::Standby)
        .map(|(k, &p)| ((k + 1) as u16, p));
    match (standby, first_standby) {
        (Standby::No, _) => Pick::Primary {
            pooler: primary,
            pg: ppg,
            warning: None,
        },
        (_, Some((pg, pooler))) => Pick::Standby { pooler, pg },
        (Standby::Yes, None) => Pick::Error {
            message: "unable to find standby cluster - cannot proceed".into(),
        },
        (Standby::Prefer, None) => Pick::Primary {
            pooler: primary,
            pg: ppg,
            warning: Some(
                "unable to find a standby to perform the backup, using primary instead".into(),
            ),
        },
    }
}

/// What a backup run with one generated file would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FilePick {
    /// The file, e.g. `pooler-2/pgbackrest.conf`.
    pub path: String,
    /// The host the backup runs on.
    pub host: String,
    pub pick: Pick,
}

/// For every file a backup can run with (each pooler's in the pooler topology, the
/// repository host's otherwise), which replica pgBackRest would copy the data files from.
pub fn for_design(design: &Design, roles: &[Role]) -> Vec<FilePick> {
    let standby = Standby::of(design);
    match design.topology {
        Topology::Pooler => design
            .pooler
            .iter()
            .enumerate()
            .map(|(own, p)| FilePick {
                path: format!("{}/pgbackrest.conf", p.name),
                host: p.host.clone(),
                pick: pick(&pg_order(design, own), roles, standby),
            })
            .collect(),
        Topology::RepoHost => {
            let host = design
                .repo_host
                .as_ref()
                .map(|r| r.host.clone())
                .unwrap_or_default();
            let order: Vec<usize> = (0..design.pooler.len()).collect();
            vec![FilePick {
                path: format!("{host}/pgbackrest.conf"),
                host,
                pick: pick(&order, roles, standby),
            }]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::{Down, Primary, Standby as Up};

    #[test]
    fn for_the_three_pooler_example() {
        let d = crate::examples::find("multigres-three-poolers")
            .unwrap()
            .design();
        // replica1 is the primary: pooler-1's file falls back to its pg2, replica2.
        let picks = for_design(&d, &[Primary, Up, Up]);
        let got: Vec<&Pick> = picks.iter().map(|p| &p.pick).collect();
        assert_eq!(
            got,
            [
                &Pick::Standby { pooler: 1, pg: 2 },
                &Pick::Standby { pooler: 1, pg: 1 },
                &Pick::Standby { pooler: 2, pg: 1 }
            ]
        );
        // replica2 down: pooler-2's file goes on to replica3 (its pg3).
        let picks = for_design(&d, &[Primary, Down, Up]);
        assert_eq!(picks[1].pick, Pick::Standby { pooler: 2, pg: 3 });
        assert_eq!(picks[1].path, "pooler-2/pgbackrest.conf");
        assert_eq!(
            picks[1].pick.describe(&d),
            "standby replica3 (pg3, pooler-3)"
        );
        let none = for_design(&d, &[Down, Up, Up]);
        assert!(none[0]
            .pick
            .describe(&d)
            .starts_with("ERROR: unable to find primary"));
    }

    #[test]
    fn first_standby_in_order_wins() {
        let roles = [Primary, Up, Up];
        assert_eq!(
            pick(&[1, 0, 2], &roles, Standby::Yes),
            Pick::Standby { pooler: 1, pg: 1 }
        );
        assert_eq!(
            pick(&[0, 1, 2], &roles, Standby::Yes),
            Pick::Standby { pooler: 1, pg: 2 }
        );
        assert_eq!(
            pick(&[0, 2, 1], &roles, Standby::Yes),
            Pick::Standby { pooler: 2, pg: 2 }
        );
    }

    #[test]
    fn down_replicas_are_skipped_and_errors_match_pgbackrest() {
        assert_eq!(
            pick(&[1, 0, 2], &[Primary, Down, Up], Standby::Yes),
            Pick::Standby { pooler: 2, pg: 3 }
        );
        assert_eq!(
            pick(&[0, 1], &[Primary, Down], Standby::Yes),
            Pick::Error {
                message: "unable to find standby cluster - cannot proceed".into()
            }
        );
        assert!(matches!(
            pick(&[0, 1], &[Primary, Down], Standby::Prefer),
            Pick::Primary {
                pooler: 0,
                warning: Some(_),
                ..
            }
        ));
        assert!(matches!(
            pick(&[0, 1], &[Up, Up], Standby::Yes),
            Pick::Error { .. }
        ));
        assert_eq!(
            pick(&[0, 1], &[Primary, Primary], Standby::Yes),
            Pick::Error {
                message: "more than one primary cluster found".into()
            }
        );
        assert_eq!(
            pick(&[1, 0], &[Primary, Up], Standby::No),
            Pick::Primary {
                pooler: 0,
                pg: 2,
                warning: None
            }
        );
    }
}
