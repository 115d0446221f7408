//! The staff screen (Cán bộ) part of the root.

use super::{Ready, Screen};
use crate::gui::Effect;
use crate::gui::access_job::AccessOp;
use crate::gui::job::Job;
use crate::gui::screen::staff;

impl Ready {
    /// Opens from the intake screen, like the other header screens. The
    /// header shows the button to administrators only; for anyone else the
    /// list is refused by the core, and the refusal shown.
    pub(super) fn open_staff(&mut self) -> Effect {
        if !matches!(self.screen, Screen::Intake) {
            return Effect::None;
        }
        let me = self
            .session()
            .and_then(|a| a.username().map(str::to_string));
        let (screen, load) = staff::StaffScreen::new(me);
        self.screen = Screen::Staff(Box::new(screen));
        Effect::Job(Job::Access(AccessOp::Staff(load)))
    }

    /// A message for the staff screen; a job's answer after the
    /// administrator left it is dropped.
    pub(super) fn staff_message(&mut self, m: staff::Message) -> Effect {
        let Screen::Staff(s) = &mut self.screen else {
            return Effect::None;
        };
        match s.update(m) {
            staff::Action::None => Effect::None,
            staff::Action::Run(op) => Effect::Job(Job::Access(AccessOp::Staff(op))),
            staff::Action::Close => self.show(Screen::Intake),
        }
    }
}
