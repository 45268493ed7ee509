use super::Dispatch;
use crate::launch;
use crate::state::Action;
use yew::prelude::*;

/// Opens what the address names: a share link or a preset, at start (see `App`) and whenever
/// the fragment changes later (a link pasted into the address bar of an open designer does not
/// reload the page). A link that cannot be opened is explained and the design is left alone.
/// Outside embed mode the design is then taken out of the address, so a reload shows the saved
/// work.
#[hook]
pub fn use_address(dispatch: Dispatch, embed: bool) {
    use_effect_with((), move |_| {
        if !embed {
            launch::forget_design();
        }
    });
    super::use_listener(super::On::Window, "hashchange", move |_| {
        let found = launch::current();
        match found.design {
            Some(Ok(design)) => dispatch.dispatch(Action::Load(Box::new(design))),
            Some(Err(why)) => dispatch.dispatch(Action::Notice(why)),
            None => return,
        }
        if !embed {
            launch::forget_design();
        }
    });
}
