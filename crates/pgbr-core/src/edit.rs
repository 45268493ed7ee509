//! Editing a design the way a form does: adding, copying, moving and removing poolers and
//! repositories, with the defaults a new item gets. Every face calls these; a request out of
//! range changes nothing.

use crate::fields::{
    self, OptionTable, Section, DEFAULT_PG_PATH, DEFAULT_REPO_HOST, DEFAULT_REPO_PATH,
};
use crate::model::{Design, OptValue, Options, Pooler, Repo, RepoHost, RepoType, Topology};

impl Design {
    /// Appends a pooler: a copy of the last one (or a replica at the default data directory),
    /// named `pooler-N` on host `replicaN`, counting up past names already taken.
    pub fn add_pooler(&mut self) {
        let template = self.pooler.last().cloned().unwrap_or_else(|| Pooler {
            pg_path: DEFAULT_PG_PATH.into(),
            ..Pooler::default()
        });
        let n = self.pooler.len() + 1;
        let name = unique(&format!("pooler-{n}"), self.pooler.iter().map(|p| &p.name));
        let host = unique(&format!("replica{n}"), self.pooler.iter().map(|p| &p.host));
        self.pooler.push(Pooler {
            name,
            host,
            ..template
        });
    }

    /// Inserts a copy of pooler `i` after it, its name and host suffixed `-copy`.
    pub fn duplicate_pooler(&mut self, i: usize) {
        if let Some(p) = self.pooler.get(i).cloned() {
            let name = unique(
                &format!("{}-copy", p.name),
                self.pooler.iter().map(|p| &p.name),
            );
            let host = unique(
                &format!("{}-copy", p.host),
                self.pooler.iter().map(|p| &p.host),
            );
            self.pooler.insert(i + 1, Pooler { name, host, ..p });
        }
    }

    pub fn remove_pooler(&mut self, i: usize) {
        if i < self.pooler.len() {
            self.pooler.remove(i);
        }
    }

    /// Moves the pooler at `from` to position `to` (the others close up).
    pub fn move_pooler(&mut self, from: usize, to: usize) {
        if from < self.pooler.len() && to < self.pooler.len() {
            let p = self.pooler.remove(from);
            self.pooler.insert(to, p);
        }
    }

    /// Appends a posix repository with the next free index, at the default path (suffixed
    /// `-repoN` when another repository already uses it).
    pub fn add_repo(&mut self) {
        let index = self.repo.iter().map(|r| r.index).max().unwrap_or(0) + 1;
        let taken = self.repo.iter().any(|r| {
            r.options.get("path").and_then(OptValue::single).as_deref() == Some(DEFAULT_REPO_PATH)
        });
        let path = if taken {
            format!("{DEFAULT_REPO_PATH}-repo{index}")
        } else {
            DEFAULT_REPO_PATH.to_string()
        };
        let mut repo = Repo {
            index,
            kind: RepoType::Posix,
            ..Repo::default()
        };
        repo.options.insert("path".into(), OptValue::Text(path));
        self.repo.push(repo);
    }

    pub fn remove_repo(&mut self, i: usize) {
        if i < self.repo.len() {
            self.repo.remove(i);
        }
    }

    /// Changes repository `i`'s type, keeping the options that still apply: those of another
    /// type are dropped (a form no longer shows them, so their values could not be seen).
    pub fn set_repo_type(&mut self, i: usize, kind: RepoType) {
        if let Some(r) = self.repo.get_mut(i) {
            r.kind = kind;
            r.options.retain(|k, _| {
                fields::repo_option(k)
                    .and_then(|o| o.repo_type)
                    .is_none_or(|t| t == kind.as_str())
            });
            r.deploy_secrets.retain(|k| {
                fields::repo_option(k)
                    .and_then(|o| o.repo_type)
                    .is_none_or(|t| t == kind.as_str())
            });
        }
    }

    /// Marks a secret option of repository `i` as supplied on each host at deploy time (the
    /// design then keeps no value for it), or no longer.
    pub fn set_repo_deploy_secret(&mut self, i: usize, key: &str, supplied: bool) {
        if let Some(r) = self.repo.get_mut(i) {
            r.deploy_secrets.retain(|k| k != key);
            if supplied {
                r.options.remove(key);
                r.deploy_secrets.push(key.to_string());
            }
        }
    }

    /// Sets repository `i`'s option `key` (without `repo-`) from an input's text; empty text
    /// removes it.
    pub fn set_repo_option(&mut self, i: usize, key: &str, text: &str) {
        if let Some(r) = self.repo.get_mut(i) {
            match fields::option_value(&format!("repo-{key}"), text) {
                Some(v) => r.options.insert(key.to_string(), v),
                None => r.options.remove(key),
            };
        }
    }

    /// Sets an option of `table` from an input's text; empty text removes it. A command's
    /// section is added with its first option and dropped with its last; a pooler or a
    /// repository host that is not there changes nothing.
    pub fn set_option(&mut self, table: &OptionTable, key: &str, text: &str) {
        let value = fields::option_value(key, text);
        let Some(t) = self.tables_mut(table.host) else {
            return;
        };
        let set = |options: &mut Options| match value {
            Some(v) => options.insert(key.to_string(), v),
            None => options.remove(key),
        };
        let (sections, c) = match &table.section {
            Section::Global | Section::Stanza => {
                let options = match table.section {
                    Section::Global => t.global,
                    _ => t.stanza_options,
                };
                set(options);
                return;
            }
            Section::Command(c) => (t.command, c),
            Section::StanzaCommand(c) => (t.stanza_command, c),
        };
        set(sections.entry(c.clone()).or_default());
        // Only the section edited goes with its last option.
        if sections.get(c).is_some_and(|o| o.is_empty()) {
            sections.remove(c);
        }
    }

    /// Changes the topology; the repository host is added (named `repository`) when the
    /// topology needs one, kept when it was there, and dropped when it no longer applies.
    pub fn set_topology(&mut self, topology: Topology) {
        self.topology = topology;
        self.repo_host = match topology {
            Topology::Pooler => None,
            Topology::RepoHost => self.repo_host.take().or_else(|| {
                Some(RepoHost {
                    host: DEFAULT_REPO_HOST.into(),
                    ..RepoHost::default()
                })
            }),
        };
    }
}

/// `base`, or `base-2`, `base-3`, ... : the first that none of `taken` spells (ignoring case,
/// as host names do).
fn unique<'a>(base: &str, taken: impl Iterator<Item = &'a String> + Clone) -> String {
    let free = |c: &str| !taken.clone().any(|t| t.eq_ignore_ascii_case(c));
    if free(base) {
        return base.to_string();
    }
    (2..)
        .map(|k| format!("{base}-{k}"))
        .find(|c| free(c))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::EXAMPLES;
    use crate::generate;

    fn names(d: &Design) -> Vec<&str> {
        d.pooler.iter().map(|p| p.name.as_str()).collect()
    }

    #[test]
    fn add_duplicate_move_and_remove_poolers() {
        let mut d = EXAMPLES[0].design();
        d.add_pooler();
        d.duplicate_pooler(0);
        assert_eq!(
            names(&d),
            [
                "pooler-1",
                "pooler-1-copy",
                "pooler-2",
                "pooler-3",
                "pooler-4"
            ]
        );
        assert_eq!(d.pooler[4].host, "replica4");
        assert_eq!(d.pooler[1].host, "replica1-copy");
        assert_eq!(
            d.pooler[4].pg_path, d.pooler[3].pg_path,
            "copied from the last"
        );
        assert!(!generate(&d).has_errors());
        d.move_pooler(4, 0);
        d.remove_pooler(2);
        assert_eq!(names(&d), ["pooler-4", "pooler-1", "pooler-2", "pooler-3"]);
        let before = d.clone();
        d.remove_pooler(9);
        d.move_pooler(0, 9);
        d.duplicate_pooler(9);
        assert_eq!(d, before, "out of range changes nothing");
    }

    #[test]
    fn the_first_pooler_gets_the_default_data_directory() {
        let mut d = EXAMPLES[0].design();
        d.pooler.clear();
        d.add_pooler();
        assert_eq!(d.pooler[0].name, "pooler-1");
        assert_eq!(d.pooler[0].host, "replica1");
        assert_eq!(d.pooler[0].pg_path, "/var/lib/postgresql/data");
    }

    #[test]
    fn unique_names_count_up_ignoring_case() {
        let taken = ["pooler-4".to_string(), "POOLER-4-2".to_string()];
        assert_eq!(unique("pooler-4", taken.iter()), "pooler-4-3");
        assert_eq!(unique("pooler-5", taken.iter()), "pooler-5");
    }

    #[test]
    fn repositories_take_the_next_index_and_a_free_path() {
        let mut d = EXAMPLES[0].design();
        d.add_repo();
        let r = &d.repo[1];
        assert_eq!(r.index, 2);
        assert_eq!(
            r.options["path"],
            OptValue::Text("/var/lib/pgbackrest-repo2".into())
        );
        d.repo.clear();
        d.add_repo();
        assert_eq!(d.repo[0].index, 1);
        assert_eq!(
            d.repo[0].options["path"],
            OptValue::Text("/var/lib/pgbackrest".into())
        );
    }

    #[test]
    fn a_new_type_keeps_what_still_applies() {
        let mut d = EXAMPLES[0].design();
        d.add_repo();
        d.set_repo_type(1, RepoType::S3);
        d.set_repo_option(1, "s3-bucket", "backups");
        d.set_repo_option(1, "retention-full", "2");
        d.set_repo_deploy_secret(1, "s3-key", true);
        assert_eq!(d.repo[1].deploy_secrets, ["s3-key"]);
        d.set_repo_type(1, RepoType::Gcs);
        let r = &d.repo[1];
        assert_eq!(r.kind, RepoType::Gcs);
        assert!(!r.options.contains_key("s3-bucket"));
        assert!(
            r.deploy_secrets.is_empty(),
            "an s3 secret does not apply to gcs"
        );
        assert_eq!(r.options["retention-full"], OptValue::Int(2));
        assert!(r.options.contains_key("path"));
        d.set_repo_option(1, "retention-full", "");
        assert!(!d.repo[1].options.contains_key("retention-full"));
    }

    #[test]
    fn a_secret_supplied_at_deploy_time_loses_its_value() {
        let mut d = EXAMPLES[0].design();
        d.set_repo_option(0, "cipher-type", "aes-256-cbc");
        d.set_repo_option(0, "cipher-pass", "secret");
        d.set_repo_deploy_secret(0, "cipher-pass", true);
        assert!(!d.repo[0].options.contains_key("cipher-pass"));
        d.set_repo_deploy_secret(0, "cipher-pass", true);
        assert_eq!(
            d.repo[0].deploy_secrets,
            ["cipher-pass"],
            "not listed twice"
        );
        d.set_repo_deploy_secret(0, "cipher-pass", false);
        assert!(d.repo[0].deploy_secrets.is_empty());
    }

    #[test]
    fn globals_take_their_type_and_empty_removes() {
        let mut d = EXAMPLES[0].design();
        d.set_option(&OptionTable::GLOBAL, "process-max", "4");
        assert_eq!(d.global["process-max"], OptValue::Int(4));
        assert!(generate(&d).files[0].text().contains("process-max=4\n"));
        d.set_option(&OptionTable::GLOBAL, "process-max", "");
        assert!(!d.global.contains_key("process-max"));
    }

    #[test]
    fn the_topology_brings_and_drops_the_repository_host() {
        let mut d = EXAMPLES[0].design();
        d.set_topology(Topology::RepoHost);
        assert_eq!(
            d.repo_host.as_ref().map(|r| r.host.as_str()),
            Some("repository")
        );
        d.repo_host.as_mut().unwrap().host = "backup1".into();
        d.set_topology(Topology::RepoHost);
        assert_eq!(
            d.repo_host.as_ref().map(|r| r.host.as_str()),
            Some("backup1")
        );
        d.set_topology(Topology::Pooler);
        assert_eq!(d.repo_host, None);
    }
}

#[cfg(test)]
mod option_tables {
    use crate::fields::{OptionTable, Section};
    use crate::model::{HostRef, OptValue};

    #[test]
    fn every_option_table_is_set_and_cleared_from_text() {
        let mut d = crate::examples::EXAMPLES[0].design();
        let archive = OptionTable::every(Section::Command("archive-push".into()));
        let backup = OptionTable::every(Section::StanzaCommand("backup".into()));
        let own = |section| OptionTable::own(HostRef::Pooler(1), section);
        let own_archive = own(Section::Command("archive-push".into()));
        d.set_option(&own(Section::Global), "process-max", "8");
        d.set_option(&archive, "process-max", "2");
        d.set_option(&own_archive, "process-max", "3");
        d.set_option(&own(Section::Stanza), "process-max", "5");
        d.set_option(
            &OptionTable::every(Section::Stanza),
            "recovery-option",
            "a=b\nc=d",
        );
        d.set_option(&backup, "start-fast", "y");
        assert_eq!(d.pooler[1].global["process-max"], OptValue::Int(8));
        assert_eq!(
            d.pooler[1].command["archive-push"]["process-max"],
            OptValue::Int(3)
        );
        assert_eq!(d.pooler[1].stanza_options["process-max"], OptValue::Int(5));
        assert!(d.pooler[0].global.is_empty() && d.pooler[0].command.is_empty());
        assert_eq!(d.command["archive-push"]["process-max"], OptValue::Int(2));
        assert_eq!(
            d.stanza_options["recovery-option"],
            OptValue::List(vec!["a=b".into(), "c=d".into()])
        );
        assert_eq!(
            d.stanza_command["backup"]["start-fast"],
            OptValue::Bool(true)
        );
        // A section goes with its last option; a table that is not there changes nothing.
        d.set_option(&archive, "process-max", "");
        d.set_option(&backup, "start-fast", " ");
        d.set_option(&own_archive, "process-max", "");
        assert!(d.command.is_empty() && d.stanza_command.is_empty());
        assert!(d.pooler[1].command.is_empty());
        // An empty section a design file holds stays until it is edited itself.
        d.command.insert("backup".into(), Default::default());
        d.set_option(&OptionTable::GLOBAL, "process-max", "4");
        assert!(d.command.contains_key("backup"));
        let before = d.clone();
        d.set_option(
            &OptionTable::own(HostRef::Pooler(9), Section::Global),
            "process-max",
            "8",
        );
        d.set_option(
            &OptionTable::own(HostRef::RepoHost, Section::Stanza),
            "process-max",
            "8",
        );
        assert_eq!(d, before);
        let paths: Vec<String> = [
            OptionTable::GLOBAL,
            own(Section::Global),
            OptionTable::own(HostRef::RepoHost, Section::Global),
            archive,
            own_archive,
            OptionTable::every(Section::Stanza),
            OptionTable::own(HostRef::RepoHost, Section::Stanza),
            backup,
            OptionTable::own(HostRef::RepoHost, Section::StanzaCommand("backup".into())),
        ]
        .iter()
        .map(|t| format!("{} [{}]", t.path(), t.section("main")))
        .collect();
        assert_eq!(
            paths,
            [
                "global [global]",
                "pooler[1].global [global]",
                "repo-host.global [global]",
                "command.archive-push [global:archive-push]",
                "pooler[1].command.archive-push [global:archive-push]",
                "stanza-options [main]",
                "repo-host.stanza-options [main]",
                "stanza-command.backup [main:backup]",
                "repo-host.stanza-command.backup [main:backup]",
            ]
        );
    }
}
