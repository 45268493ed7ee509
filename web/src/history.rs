//! Undo and redo of edits to the design.
//!
//! Every change to the design is a step, except that keystrokes in one field run together: typing
//! "replica9" in a host field is undone in one go, not letter by letter. Loading an example, a
//! link or an import is a step of its own, so a wrong click is one undo away.

use crate::state::{Action, ClusterField};
use pgbr_core::path::key;
use pgbr_core::{Design, FieldPath};
use std::rc::Rc;

/// How many steps are kept; the oldest are dropped first.
pub const DEPTH: usize = 200;

/// The designs before and after the current one.
#[derive(Clone, Debug, Default)]
pub struct History {
    past: Vec<Rc<Design>>,
    future: Vec<Rc<Design>>,
    /// The field the last step typed into: more typing there extends that step.
    typing: Option<FieldPath>,
}

/// Designs are compared by identity: two histories are equal when they hold the same designs.
impl PartialEq for History {
    fn eq(&self, other: &History) -> bool {
        let same = |a: &[Rc<Design>], b: &[Rc<Design>]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Rc::ptr_eq(x, y))
        };
        same(&self.past, &other.past)
            && same(&self.future, &other.future)
            && self.typing == other.typing
    }
}

impl History {
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Notes that an edit (typing into `field`, see [`typing_in`]) turned `before` into `after`.
    /// Nothing is noted when the design did not change (an out-of-range move, a value typed
    /// again).
    pub fn record(&mut self, field: Option<FieldPath>, before: Rc<Design>, after: &Design) {
        if *before == *after {
            return;
        }
        self.future.clear();
        if field.is_none() || field != self.typing {
            self.past.push(before);
            if self.past.len() > DEPTH {
                self.past.remove(0);
            }
        }
        self.typing = field;
    }

    /// The design before `current`, which becomes redoable.
    pub fn undo(&mut self, current: Rc<Design>) -> Option<Rc<Design>> {
        let back = self.past.pop()?;
        self.future.push(current);
        self.typing = None;
        Some(back)
    }

    /// The design `undo` left, which becomes undoable again.
    pub fn redo(&mut self, current: Rc<Design>) -> Option<Rc<Design>> {
        let forward = self.future.pop()?;
        self.past.push(current);
        self.typing = None;
        Some(forward)
    }
}

/// The field an action types into, for edits that arrive a keystroke at a time.
pub fn typing_in(action: &Action) -> Option<FieldPath> {
    Some(match action {
        Action::Cluster(field @ ClusterField::Stanza, _) => field.path(),
        Action::Pooler(i, field, _) => field.path(*i),
        Action::RepoIndex(i, _) => FieldPath::repo(*i).key(key::INDEX),
        Action::RepoOption(i, key, _) => FieldPath::repo(*i).key(key.clone()),
        Action::Tls(field, _) => field.path(),
        Action::RepoHost(field, _) => field.path(),
        Action::SetOption(table, key, _) => table.path().key(key.clone()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::state::{Action, ClusterField, PoolerField, State};
    use std::rc::Rc;
    use yew::Reducible;

    fn start() -> Rc<State> {
        Rc::new(State::new(State::example(0), false, Vec::new()))
    }

    fn run(state: Rc<State>, actions: impl IntoIterator<Item = Action>) -> Rc<State> {
        actions.into_iter().fold(state, Reducible::reduce)
    }

    fn typing(field: PoolerField, i: usize, text: &str) -> Vec<Action> {
        (1..=text.len())
            .map(|n| Action::Pooler(i, field, text[..n].to_string()))
            .collect()
    }

    fn hosts(s: &State) -> Vec<&str> {
        s.design.pooler.iter().map(|p| p.host.as_str()).collect()
    }

    #[test]
    fn nothing_to_undo_at_the_start() {
        let s = start();
        assert!(!s.history.can_undo() && !s.history.can_redo());
        let same = run(s.clone(), [Action::Undo, Action::Redo]);
        assert_eq!(same.design, s.design);
    }

    #[test]
    fn typing_in_one_field_is_one_step() {
        let s = run(start(), typing(PoolerField::Host, 1, "db-two"));
        assert_eq!(hosts(&s), ["replica1", "db-two", "replica3"]);
        let s = run(s, [Action::Undo]);
        assert_eq!(hosts(&s), ["replica1", "replica2", "replica3"]);
        assert!(!s.history.can_undo());
        // The files follow the design back.
        assert!(s.output.files[0].text().contains("pg2-host=replica2"));
        let s = run(s, [Action::Redo]);
        assert_eq!(hosts(&s), ["replica1", "db-two", "replica3"]);
        assert!(s.output.files[0].text().contains("pg2-host=db-two"));
    }

    #[test]
    fn each_field_and_each_structural_change_is_its_own_step() {
        let mut actions = typing(PoolerField::Host, 0, "a");
        actions.extend(typing(PoolerField::Host, 1, "b"));
        actions.push(Action::AddPooler);
        actions.push(Action::MovePooler { from: 3, to: 0 });
        let s = run(start(), actions);
        assert_eq!(hosts(&s), ["replica4", "a", "b", "replica3"]);
        let s = run(s, [Action::Undo]);
        assert_eq!(hosts(&s), ["a", "b", "replica3", "replica4"]);
        let s = run(s, [Action::Undo]);
        assert_eq!(hosts(&s), ["a", "b", "replica3"]);
        let s = run(s, [Action::Undo]);
        assert_eq!(hosts(&s), ["a", "replica2", "replica3"]);
        let s = run(s, [Action::Undo, Action::Undo]);
        assert_eq!(hosts(&s), ["replica1", "replica2", "replica3"]);
    }

    #[test]
    fn an_edit_after_undo_drops_the_redo_steps() {
        let s = run(
            start(),
            [Action::RemovePooler(2), Action::Undo, Action::AddPooler],
        );
        assert!(!s.history.can_redo());
        assert_eq!(s.design.pooler.len(), 4);
        let s = run(s, [Action::Redo]);
        assert_eq!(s.design.pooler.len(), 4);
    }

    #[test]
    fn a_load_is_undoable_and_changes_that_change_nothing_are_not_steps() {
        let s = run(
            start(),
            [
                Action::RemovePooler(9),
                Action::SaveSecrets(true),
                Action::Notice("hello".into()),
            ],
        );
        assert!(!s.history.can_undo());
        let s = run(s, [Action::Load(Box::new(State::example(2)))]);
        assert_ne!(s.design.pooler.len(), 3);
        let s = run(s, [Action::Undo]);
        assert_eq!(*s.design, State::example(0));
    }

    #[test]
    fn the_history_is_bounded() {
        let modes = ["env-file", "include-file"];
        let s = run(
            start(),
            (0..super::DEPTH + 20)
                .map(|k| Action::Cluster(ClusterField::Secrets, modes[k % 2].into())),
        );
        let s = run(s, (0..super::DEPTH - 1).map(|_| Action::Undo));
        assert!(s.history.can_undo());
        let s = run(s, [Action::Undo]);
        assert!(!s.history.can_undo());
    }
}
