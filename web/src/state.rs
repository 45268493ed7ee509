//! Everything the designer knows and every change to it. No DOM here, so it is tested natively.
//!
//! The design is the only source of truth; after each change the core regenerates the files and
//! the diagnostics. While the design has errors the last good files stay on screen, marked stale.

use crate::history::{self, History};
pub use pgbr_core::fields::{ClusterField, OptionTable, PoolerField, RepoHostField, TlsField};
use pgbr_core::hash::Fx;
use pgbr_core::model::RepoType;
use pgbr_core::simulate::Role;
use pgbr_core::{generate, Body, Design, LineKind, Output};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;
use yew::Reducible;

/// The designer's state: the design and what the core made of it.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub design: Rc<Design>,
    /// The core's answer for `design`: diagnostics, and files when there is no error.
    pub output: Rc<Output>,
    /// The last output without errors: what the preview shows while errors remain.
    pub shown: Rc<Output>,
    /// The design `shown` was made from (its pooler names label the preview).
    pub shown_design: Rc<Design>,
    /// Whether secret values are kept in the browser's storage too.
    pub save_secrets: bool,
    /// Messages for the user that are not about the design (storage trouble, a damaged link),
    /// oldest first: a new one never hides an earlier one.
    pub notices: Vec<String>,
    /// The designs to undo and redo.
    pub history: History,
    /// The simulator's roles the user chose, by pooler position (see [`State::roles`]).
    pub sim_roles: Vec<Role>,
}

impl State {
    pub fn new(design: Design, save_secrets: bool, notices: Vec<String>) -> State {
        let output = Rc::new(generate(&design));
        let design = Rc::new(design);
        State {
            shown_design: design.clone(),
            design,
            shown: output.clone(),
            output,
            save_secrets,
            notices,
            history: History::default(),
            sim_roles: Vec::new(),
        }
    }

    /// The simulator's role of every pooler of the shown design: what the user chose, else the
    /// first is the primary and the others are reachable standbys.
    pub fn roles(&self) -> Vec<Role> {
        (0..self.shown_design.pooler.len())
            .map(|i| {
                self.sim_roles.get(i).copied().unwrap_or(if i == 0 {
                    Role::Primary
                } else {
                    Role::Standby
                })
            })
            .collect()
    }

    /// The state the app opens on when nothing was saved: the first shipped example.
    pub fn example(index: usize) -> Design {
        pgbr_core::examples::EXAMPLES[index].design()
    }

    /// True while the preview shows files of an earlier design.
    pub fn stale(&self) -> bool {
        self.output.has_errors()
    }

    /// Moves through the history (`History::undo` or `History::redo`).
    fn travel(&mut self, step: fn(&mut History, Rc<Design>) -> Option<Rc<Design>>) {
        if let Some(design) = step(&mut self.history, self.design.clone()) {
            self.design = design;
        }
    }

    fn apply(&mut self, action: Action) {
        let d = Rc::make_mut(&mut self.design);
        match action {
            Action::Cluster(field, value) => field.set(d, &value),
            Action::Pooler(i, field, value) => {
                if let Some(p) = d.pooler.get_mut(i) {
                    field.set(p, &value);
                }
            }
            Action::AddPooler => d.add_pooler(),
            Action::DuplicatePooler(i) => d.duplicate_pooler(i),
            Action::RemovePooler(i) => d.remove_pooler(i),
            Action::MovePooler { from, to } => d.move_pooler(from, to),
            Action::AddRepo => d.add_repo(),
            Action::RemoveRepo(i) => d.remove_repo(i),
            Action::RepoIndex(i, text) => {
                if let (Some(r), Ok(n)) = (d.repo.get_mut(i), text.trim().parse()) {
                    r.index = n;
                }
            }
            Action::RepoType(i, kind) => d.set_repo_type(i, kind),
            Action::RepoDeploySecret(i, key, on) => d.set_repo_deploy_secret(i, &key, on),
            Action::RepoShared(i, on) => {
                if let Some(r) = d.repo.get_mut(i) {
                    r.shared_storage = on;
                }
            }
            Action::RepoOption(i, key, text) => d.set_repo_option(i, &key, &text),
            Action::Tls(field, value) => field.set(&mut d.tls, &value),
            Action::RepoHost(field, value) => {
                if let Some(rh) = d.repo_host.as_mut() {
                    field.set(rh, &value);
                }
            }
            Action::SetOption(table, key, text) => d.set_option(&table, &key, &text),
            Action::Load(design) => {
                *d = *design;
                self.notices.clear();
            }
            Action::Notice(text) => {
                if !self.notices.contains(&text) {
                    self.notices.push(text);
                }
            }
            Action::SaveSecrets(on) => self.save_secrets = on,
            Action::SimRole(i, role) => {
                let mut roles = self.roles();
                if let Some(r) = roles.get_mut(i) {
                    *r = role;
                    self.sim_roles = roles;
                }
            }
            Action::DismissNotice(index) => {
                if index < self.notices.len() {
                    self.notices.remove(index);
                }
            }
            Action::Undo | Action::Redo => {}
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let touches_design = !matches!(
            action,
            Action::SaveSecrets(_)
                | Action::DismissNotice(_)
                | Action::Notice(_)
                | Action::SimRole(..)
        );
        match action {
            Action::Undo => next.travel(History::undo),
            Action::Redo => next.travel(History::redo),
            action => {
                let (typing, before) = (history::typing_in(&action), next.design.clone());
                next.apply(action);
                if touches_design {
                    next.history.record(typing, before, &next.design);
                }
            }
        }
        if touches_design {
            next.output = Rc::new(generate(&next.design));
            if !next.output.has_errors() {
                next.shown = next.output.clone();
                next.shown_design = next.design.clone();
            }
        }
        Rc::new(next)
    }
}

/// Every change the user can make.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A top-level setting (stanza, target release, topology, peer order, secrets), as typed.
    Cluster(ClusterField, String),
    Pooler(usize, PoolerField, String),
    AddPooler,
    DuplicatePooler(usize),
    RemovePooler(usize),
    MovePooler {
        from: usize,
        to: usize,
    },
    AddRepo,
    RemoveRepo(usize),
    RepoIndex(usize, String),
    RepoType(usize, RepoType),
    /// The repository's path is storage shared by every host.
    RepoShared(usize, bool),
    /// A secret option whose value is supplied on each host at deploy time (or no longer).
    RepoDeploySecret(usize, String, bool),
    /// A `repoN-*` option without `repoN-`, as typed; empty text removes it.
    RepoOption(usize, String, String),
    Tls(TlsField, String),
    RepoHost(RepoHostField, String),
    /// An option of one table (`[global]`, a host's own values, a command's section) by its
    /// name, as typed; empty text removes it.
    SetOption(OptionTable, String, String),
    /// Replaces the design (an example, or a file the user opened).
    Load(Box<Design>),
    /// Tells the user something that is not a diagnostic (a file that could not be opened).
    Notice(String),
    SaveSecrets(bool),
    /// Removes the notice at this index.
    DismissNotice(usize),
    /// The simulator's role of the pooler at this position (not part of the design).
    SimRole(usize, Role),
    /// Back to the design before the last edit (typing in one field counts as one edit).
    Undo,
    /// Forward again after [`Action::Undo`].
    Redo,
}

/// For each file, which lines are not found in every configuration file: the lines that make
/// the files differ. Comments and blank lines never count.
pub fn differing_lines(output: &Output) -> Vec<Vec<bool>> {
    use pgbr_core::output::FileKind;
    let configs = output
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Config)
        .count();
    // A line in every configuration file is in the first one: only its lines (what they say,
    // not where) are counted, so the table stays as small as one file however many there are.
    let first = output.files.iter().find(|f| f.kind == FileKind::Config);
    // Comments and blank lines never count: they are not looked up at all.
    let counts = |l: &&pgbr_core::Line| !matches!(l.kind(), LineKind::Comment | LineKind::Blank);
    let mut slot: HashMap<&Body, usize, BuildHasherDefault<Fx>> = HashMap::default();
    for l in first.into_iter().flat_map(|f| &f.lines).filter(counts) {
        let next = slot.len();
        slot.entry(&l.body).or_insert(next);
    }
    // Per slot: in how many configuration files it appears, and the last file that counted it.
    let mut seen = vec![(0usize, usize::MAX); slot.len()];
    let none = usize::MAX;
    let slots: Vec<Vec<usize>> = output
        .files
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let config = f.kind == FileKind::Config;
            f.lines
                .iter()
                .map(
                    |l| match Some(l).filter(counts).and_then(|l| slot.get(&l.body)) {
                        Some(&at) if config => {
                            let (count, last) = &mut seen[at];
                            if *last != k {
                                *count += 1;
                                *last = k;
                            }
                            at
                        }
                        _ => none,
                    },
                )
                .collect()
        })
        .collect();
    output
        .files
        .iter()
        .zip(slots)
        .map(|(f, slots)| {
            f.lines
                .iter()
                .zip(slots)
                .map(|(l, at)| {
                    f.kind == FileKind::Config
                        && configs > 1
                        && !matches!(l.kind(), LineKind::Comment | LineKind::Blank)
                        && (at == none || seen[at].0 < configs)
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pgbr_core::{Diagnostic, Severity};

    fn at(s: &State, path: &str) -> Vec<Diagnostic> {
        s.output
            .diagnostics
            .iter()
            .filter(|d| d.path == path)
            .cloned()
            .collect()
    }

    fn start() -> Rc<State> {
        Rc::new(State::new(State::example(0), false, Vec::new()))
    }

    fn run(state: Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
        actions.into_iter().fold(state, Reducible::reduce)
    }

    #[test]
    fn the_example_opens_without_errors_with_one_file_per_pooler() {
        let s = start();
        assert!(!s.stale());
        let paths: Vec<_> = s.shown.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "pooler-1/pgbackrest.conf",
                "pooler-2/pgbackrest.conf",
                "pooler-3/pgbackrest.conf"
            ]
        );
    }

    #[test]
    fn editing_a_host_regenerates_every_file() {
        let s = run(
            start(),
            [Action::Pooler(1, PoolerField::Host, "db-two".into())],
        );
        assert_eq!(s.design.pooler[1].host, "db-two");
        for f in &s.output.files {
            assert!(
                f.text().contains("db-two") || f.pooler == Some(1),
                "{}",
                f.path
            );
        }
        assert!(s.output.files[0].text().contains("pg2-host=db-two"));
    }

    #[test]
    fn an_error_keeps_the_last_good_files_and_names_the_field() {
        let s = run(
            start(),
            [Action::Pooler(2, PoolerField::Host, "replica1".into())],
        );
        assert!(s.stale());
        assert!(s.output.files.is_empty());
        assert_eq!(s.shown.files.len(), 3);
        assert_eq!(s.shown_design.pooler[2].host, "replica3");
        let d = at(&s, "pooler[2].host");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Error);
        let fixed = run(s, [Action::Pooler(2, PoolerField::Host, "replica3".into())]);
        assert!(!fixed.stale());
        assert_eq!(fixed.shown, fixed.output);
    }

    #[test]
    fn a_misspelt_option_is_reported_at_its_path() {
        let s = run(
            start(),
            [Action::SetOption(
                OptionTable::GLOBAL,
                "compres-type".into(),
                "lz4".into(),
            )],
        );
        let d = at(&s, "global.compres-type");
        assert!(d[0].message.contains("compress-type"), "{}", d[0].message);
    }

    #[test]
    fn topology_switch_adds_and_drops_the_repository_host() {
        let s = run(
            start(),
            [Action::Cluster(ClusterField::Topology, "repo-host".into())],
        );
        assert_eq!(
            s.design.repo_host.as_ref().map(|r| r.host.as_str()),
            Some("repository")
        );
        assert!(
            s.output.files.iter().any(|f| f.pooler.is_none()),
            "{:?}",
            s.output.diagnostics
        );
        let s = run(
            s,
            [
                Action::RepoHost(RepoHostField::Host, "backup1".into()),
                Action::Cluster(ClusterField::Topology, "pooler".into()),
            ],
        );
        assert_eq!(s.design.repo_host, None);
    }

    #[test]
    fn notices_and_the_secrets_switch_leave_the_output_alone() {
        let s = Rc::new(State::new(
            State::example(0),
            false,
            vec!["set aside".into()],
        ));
        let t = run(
            s.clone(),
            [
                Action::SaveSecrets(true),
                Action::Notice("storage is full".into()),
                Action::Notice("storage is full".into()),
                Action::DismissNotice(0),
            ],
        );
        assert!(t.save_secrets);
        assert_eq!(t.notices, ["storage is full"], "a repeat is not stacked");
        assert!(Rc::ptr_eq(&s.output, &t.output));
        let t = run(
            t,
            [
                Action::DismissNotice(5),
                Action::Load(Box::new(State::example(1))),
            ],
        );
        assert!(
            t.notices.is_empty(),
            "a new design starts without the old one's notices"
        );
    }

    #[test]
    fn differing_lines_are_the_ones_not_in_every_file() {
        let s = start();
        let diff = differing_lines(&s.shown);
        let f0 = &s.shown.files[0];
        let marked: Vec<String> = f0
            .lines
            .iter()
            .zip(&diff[0])
            .filter(|(_, d)| **d)
            .map(|(l, _)| l.to_string())
            .collect();
        assert!(
            marked.iter().any(|t| t == "pg2-host=replica2"),
            "{marked:?}"
        );
        assert!(
            !marked.iter().any(|t| t.starts_with("repo1-path")),
            "{marked:?}"
        );
    }

    /// The table of the first file's lines gives what counting every line of every file gives,
    /// also for lines the first file lacks (a host's own value) or only it has.
    #[test]
    fn differing_lines_match_counting_every_file() {
        use pgbr_core::model::OptValue;
        use std::collections::HashSet;
        let mut designs: Vec<Design> = pgbr_core::examples::EXAMPLES
            .iter()
            .map(|e| e.design())
            .collect();
        let mut own = State::example(0);
        own.pooler[1]
            .global
            .insert("process-max".into(), OptValue::Int(4));
        own.pooler[0]
            .global
            .insert("io-timeout".into(), OptValue::Int(90));
        designs.push(own);
        for d in designs {
            let out = generate(&d);
            assert!(!out.has_errors(), "{:?}", out.diagnostics);
            let configs: Vec<HashSet<&Body>> = out
                .files
                .iter()
                .filter(|f| f.kind == pgbr_core::output::FileKind::Config)
                .map(|f| f.lines.iter().map(|l| &l.body).collect())
                .collect();
            let want: Vec<Vec<bool>> = out
                .files
                .iter()
                .map(|f| {
                    f.lines
                        .iter()
                        .map(|l| {
                            f.kind == pgbr_core::output::FileKind::Config
                                && configs.len() > 1
                                && !matches!(l.kind(), LineKind::Comment | LineKind::Blank)
                                && configs.iter().any(|c| !c.contains(&l.body))
                        })
                        .collect()
                })
                .collect();
            assert_eq!(differing_lines(&out), want, "{}", d.stanza);
        }
        let marked = |s: &State, file: usize, text: &str| {
            let out = generate(&s.design);
            let diff = differing_lines(&out);
            out.files[file]
                .lines
                .iter()
                .zip(&diff[file])
                .any(|(l, d)| *d && l.to_string() == text)
        };
        let mut s = (*start()).clone();
        Rc::make_mut(&mut s.design).pooler[1]
            .global
            .insert("process-max".into(), OptValue::Int(4));
        assert!(marked(&s, 1, "process-max=4"));
    }

    #[test]
    fn every_edit_goes_through_core_and_regenerates() {
        // The edits themselves are core's (pgbr_core::edit, tested there); this checks the
        // reducer hands each action to it and regenerates the files.
        let s = run(
            start(),
            [
                Action::AddPooler,
                Action::DuplicatePooler(0),
                Action::MovePooler { from: 4, to: 0 },
                Action::RemovePooler(2),
                Action::AddRepo,
                Action::RepoType(1, RepoType::S3),
                Action::RepoOption(1, "s3-bucket".into(), "backups".into()),
                Action::RepoType(1, RepoType::Posix),
                Action::SetOption(OptionTable::GLOBAL, "process-max".into(), "4".into()),
                Action::Tls(TlsField::ServerPort, "9000".into()),
                Action::Cluster(ClusterField::Stanza, "demo".into()),
            ],
        );
        let names: Vec<_> = s.design.pooler.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["pooler-4", "pooler-1", "pooler-2", "pooler-3"]);
        assert_eq!(s.design.repo[1].kind, RepoType::Posix);
        assert!(!s.design.repo[1].options.contains_key("s3-bucket"));
        assert!(
            s.output.diagnostics.iter().all(|d| !d.is_error()),
            "{:?}",
            s.output.diagnostics
        );
        let text = s.output.files[0].text();
        assert!(text.contains("[demo]\n"), "{text}");
        assert!(text.contains("process-max=4\n"), "{text}");
        assert!(text.contains("tls-server-port=9000\n"), "{text}");
        let s = run(
            s,
            [Action::SetOption(
                OptionTable::GLOBAL,
                "process-max".into(),
                "".into(),
            )],
        );
        assert!(!s.design.global.contains_key("process-max"));
    }
}
