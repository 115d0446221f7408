//! The sync part of the root: the sync screen, the status bar and the
//! background loop's messages.

use super::{Ready, Screen};
use crate::gui::Effect;
use crate::gui::job::Job;
use crate::gui::screen;
use crate::gui::sync_job::SyncOp;

impl Ready {
    /// The sync screen opens from the screens that hold nothing unsaved.
    pub(super) fn can_open_sync(&self) -> bool {
        matches!(
            self.screen,
            Screen::Intake | Screen::Dossiers(_) | Screen::Figures(_) | Screen::Report(_)
        )
    }

    pub(super) fn open_sync(&mut self) -> Effect {
        if !self.can_open_sync() {
            return Effect::None;
        }
        let (screen, load) = screen::sync::SyncScreen::new();
        self.screen = Screen::Sync(Box::new(screen));
        self.and_sync_figures(Effect::Job(Job::Sync(load)))
    }

    pub(super) fn sync_message(&mut self, m: screen::sync::Message) -> Effect {
        let Screen::Sync(s) = &mut self.screen else {
            return Effect::None;
        };
        match s.update(m) {
            screen::sync::Action::None => Effect::None,
            screen::sync::Action::Run(op) => Effect::Job(Job::Sync(op)),
            screen::sync::Action::Reload { wake } => {
                if wake {
                    self.sync_bar.wake();
                }
                self.and_sync_figures(Effect::Job(Job::Sync(SyncOp::Details)))
            }
            screen::sync::Action::SyncNow => self.sync_now(),
            screen::sync::Action::Close => self.show(Screen::Intake),
        }
    }

    pub(super) fn sync_bar_message(&mut self, m: screen::sync::status_bar::Message) -> Effect {
        match m {
            screen::sync::status_bar::Message::SyncNow => self.sync_now(),
            screen::sync::status_bar::Message::OpenSync => self.open_sync(),
        }
    }

    /// "Đồng bộ ngay": the loop starts a run at once.
    pub(super) fn sync_now(&mut self) -> Effect {
        if !self.sync_bar.wake() {
            log::info!("sync now pressed with no sync loop running");
        }
        Effect::None
    }

    /// A status from the loop; when the hub settled or sent something, what
    /// the open screen shows of it is read again.
    pub(super) fn sync_loop_event(&mut self, event: crate::gui::sync_loop::SyncEvent) -> Effect {
        if !self.sync_bar.loop_event(event, crate::store::now_local()) {
            return Effect::None;
        }
        match &self.screen {
            Screen::Sync(_) => Effect::Job(Job::Sync(SyncOp::Details)),
            Screen::Dossiers(d) => match d.opened_code() {
                Some(code) => Effect::Job(Job::Sync(SyncOp::DossierSync(code.to_string()))),
                None => Effect::None,
            },
            _ => Effect::None,
        }
    }

    /// `effect`, plus a read of the status bar's figures unless one is under way.
    pub(super) fn and_sync_figures(&mut self, effect: Effect) -> Effect {
        if matches!(effect, Effect::Task(_)) || !self.sync_bar.begin_load() {
            return effect;
        }
        let figures = Job::Sync(SyncOp::Overview);
        match effect {
            Effect::None => Effect::Job(figures),
            Effect::Job(job) => Effect::Jobs(vec![job, figures]),
            Effect::Jobs(mut jobs) => {
                jobs.push(figures);
                Effect::Jobs(jobs)
            }
            task @ Effect::Task(_) => task,
        }
    }
}
