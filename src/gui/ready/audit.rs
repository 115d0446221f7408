//! The audit trail part of the root: who may open it, and its messages.

use super::{Ready, Screen};
use crate::gui::Effect;
use crate::gui::job::Job;
use crate::gui::screen::audit;

impl Ready {
    /// Whether whoever works at this counter may see the audit trail
    /// ([`audit::allowed`]); nobody logged in, nobody may.
    pub(super) fn may_view_audit(&self) -> bool {
        self.session().is_some_and(|a| audit::allowed(a.role()))
    }

    /// Opens from the intake screen only, like the other header screens.
    pub(super) fn open_audit(&mut self) -> Effect {
        if !self.may_view_audit() || !matches!(self.screen, Screen::Intake) {
            return Effect::None;
        }
        let (screen, action) = audit::AuditScreen::new();
        self.screen = Screen::Audit(Box::new(screen));
        self.audit_action(action)
    }

    /// A message for the audit screen; a job's answer after the officer left
    /// it is dropped.
    pub(super) fn audit_message(&mut self, m: audit::Message) -> Effect {
        let Screen::Audit(a) = &mut self.screen else {
            return Effect::None;
        };
        let action = a.update(m);
        self.audit_action(action)
    }

    fn audit_action(&mut self, action: audit::Action) -> Effect {
        match action {
            audit::Action::None => Effect::None,
            audit::Action::Run(op) => Effect::Job(Job::Audit(op)),
            audit::Action::Close => self.show(Screen::Intake),
        }
    }
}
