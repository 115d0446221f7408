//! Who works at the counter window: the login screen, the first
//! administrator, the idle lock and logging out. The session itself lives in
//! `Services::session` (every job reads it); the root keeps only what the
//! counter window shows over its screens ([`Gate`]) and the idle time.
//!
//! The idle lock: the shell turns every mouse and keyboard event of the
//! counter window into [`Message::Activity`] (at most one a second), which
//! sets the idle time back to zero; [`Message::IdleTick`] adds
//! [`IDLE_TICK`] to it; once it reaches the minutes set in Cài đặt, the lock
//! screen covers the window. Locking changes no screen's state, so
//! unlocking shows everything as it was.

use iced::widget::operation;

use super::{Ready, Screen};
use crate::domain::access::Permission;
use crate::gui::access_job::AccessOp;
use crate::gui::job::Job;
use crate::gui::screen::{account_form, first_admin, intake, lock, login, setup};
use crate::gui::shell::WindowKind;
use crate::gui::{Effect, IDLE_TICK, Message};
use crate::store::{Actor, StaffError};

/// What covers the counter window's screens.
pub enum Gate {
    /// Someone is logged in (or, before the first account exists, the
    /// first-start screens run as the program itself).
    Open,
    /// Nobody is logged in.
    Login(Box<login::Login>),
    /// Locked for the user inside: their secret opens it again.
    Locked(Box<lock::Lock>),
}

impl Ready {
    /// Who is logged in now.
    pub fn session(&self) -> Option<Actor> {
        self.loaded.services.session_now()
    }

    /// Whether a staff member is logged in and the window is not locked:
    /// the screens, the shortcuts and the header work only then.
    pub(super) fn at_work(&self) -> bool {
        matches!(self.gate, Gate::Open) && self.session().is_some_and(|a| a.username().is_some())
    }

    /// Before the first account exists: only the first-start screens.
    pub(super) fn first_start(&self) -> bool {
        matches!(self.gate, Gate::Open) && self.session().is_some_and(|a| a.username().is_none())
    }

    /// Whether whoever is logged in may do `p`: for hiding buttons only;
    /// the core checks again.
    pub(super) fn may(&self, p: Permission) -> bool {
        self.session().is_some_and(|a| a.role().allows(p))
    }

    /// The first screen and gate for the session `load` found.
    pub(super) fn first_screen(
        session: Option<&Actor>,
        settings: &crate::domain::settings::CenterSettings,
    ) -> (Gate, Screen) {
        match session {
            None => (Gate::Login(Box::default()), Screen::Intake),
            // No staff account yet: the first administrator comes first.
            Some(a) if a.username().is_none() => match settings.configured {
                false => (
                    Gate::Open,
                    Screen::Setup(Box::new(setup::Setup::new(settings).with_admin())),
                ),
                true => (Gate::Open, Screen::FirstAdmin(Box::default())),
            },
            Some(_) if !settings.configured => (
                Gate::Open,
                Screen::Setup(Box::new(setup::Setup::new(settings))),
            ),
            Some(_) => (Gate::Open, Screen::Intake),
        }
    }

    /// Where the cursor starts: the login's username, the first
    /// administrator's name, or the procedure search.
    pub fn first_focus(&self) -> &'static str {
        match (&self.gate, &self.screen) {
            (Gate::Login(_), _) => login::USERNAME_ID,
            (Gate::Locked(_), _) => lock::SECRET_ID,
            (Gate::Open, Screen::FirstAdmin(_)) => account_form::NAME_ID,
            (Gate::Open, Screen::Setup(_)) if self.first_start() => account_form::NAME_ID,
            (Gate::Open, _) => intake::SEARCH_ID,
        }
    }

    /// Messages a person sends from the counter window (clicks, shortcuts)
    /// that must not act while the window is locked or nobody is logged in.
    /// Job results and the kiosk still go through.
    pub(super) fn held_back(&self, message: &Message) -> bool {
        if self.at_work() {
            return false;
        }
        matches!(
            message,
            Message::OpenSettings
                | Message::OpenFigures
                | Message::OpenDossiers(_)
                | Message::OpenReport
                | Message::OpenSync
                | Message::OpenAudit
                | Message::OpenStaff
                | Message::PrintShortcut
                | Message::SaveShortcut
                | Message::FocusSearch
                | Message::Queue(_)
                | Message::SyncBar(_)
                | Message::Reminder(_)
                | Message::LockNow
                | Message::Logout
        )
    }

    /// Notices, after any message, a session the core ended (the account
    /// was disabled, or the first account was made by `quay staff add`).
    pub(super) fn follow_session(&mut self) {
        if matches!(self.gate, Gate::Login(_)) {
            return;
        }
        match self.session() {
            Some(actor) => self.seen = Some(actor),
            None => {
                let notice = match self.seen.take() {
                    Some(a) if a.username().is_some() => format!(
                        "Tài khoản {} đã bị vô hiệu hoá nên đã đăng xuất. Hãy liên hệ quản trị viên.",
                        a.name()
                    ),
                    _ => "Máy này đã có tài khoản cán bộ: hãy đăng nhập.".into(),
                };
                let _ = self.logout(Some(notice));
            }
        }
    }

    pub(super) fn login_message(&mut self, m: login::Message) -> Effect {
        let Gate::Login(l) = &mut self.gate else {
            return Effect::None;
        };
        match l.update(m) {
            login::Action::None => Effect::None,
            login::Action::Focus(id) => Effect::Task(operation::focus(id)),
            login::Action::Login { username, secret } => {
                Effect::Job(Job::Access(AccessOp::Login { username, secret }))
            }
            login::Action::LoggedIn(actor) => self.signed_in(actor),
            login::Action::OpenDisplay => {
                Effect::Task(iced::Task::done(Message::OpenWindow(WindowKind::Display)))
            }
            login::Action::OpenKiosk => {
                Effect::Task(iced::Task::done(Message::OpenWindow(WindowKind::Kiosk)))
            }
        }
    }

    /// Someone logged in: the screen they start on, a fresh idle time, and
    /// today's reminder for them.
    fn signed_in(&mut self, actor: Actor) -> Effect {
        let admin_setup =
            !self.loaded.settings.configured && actor.role().allows(Permission::Settings);
        self.seen = Some(actor);
        self.gate = Gate::Open;
        self.idle_secs = 0;
        self.reminded_on = None;
        self.notice = None;
        match admin_setup {
            true => {
                self.screen = Screen::Setup(Box::new(setup::Setup::new(&self.loaded.settings)));
                Effect::None
            }
            false => {
                self.screen = Screen::Intake;
                Effect::Task(operation::focus(intake::SEARCH_ID))
            }
        }
    }

    pub(super) fn lock_message(&mut self, m: lock::Message) -> Effect {
        let Gate::Locked(l) = &mut self.gate else {
            return Effect::None;
        };
        match l.update(m) {
            lock::Action::None => Effect::None,
            lock::Action::Focus(id) => Effect::Task(operation::focus(id)),
            lock::Action::Unlock { username, secret } => {
                Effect::Job(Job::Access(AccessOp::Unlock { username, secret }))
            }
            lock::Action::Unlocked(actor) => {
                self.seen = Some(actor);
                self.gate = Gate::Open;
                self.idle_secs = 0;
                Effect::None
            }
            lock::Action::Logout => self.logout(Some("Đã đăng xuất.".into())),
        }
    }

    /// Esc while locked: back from the logout question.
    pub(super) fn lock_escape(&mut self) -> Effect {
        match &mut self.gate {
            Gate::Locked(l) => match l.escape() {
                lock::Action::Focus(id) => Effect::Task(operation::focus(id)),
                _ => Effect::None,
            },
            _ => Effect::None,
        }
    }

    /// Ctrl+L, "Khoá màn hình", or the idle time: covers the window for
    /// the user logged in. Nothing underneath changes.
    pub(super) fn lock_now(&mut self) -> Effect {
        let Some(actor) = self.session().filter(|a| a.username().is_some()) else {
            return Effect::None;
        };
        if !matches!(self.gate, Gate::Open) {
            return Effect::None;
        }
        self.gate = Gate::Locked(Box::new(lock::Lock::new(actor)));
        Effect::Task(operation::focus(lock::SECRET_ID))
    }

    /// Ends the session: the next person starts from a clean counter, so
    /// nothing the last one typed and did not save stays on screen.
    pub(super) fn logout(&mut self, notice: Option<String>) -> Effect {
        self.loaded.services.set_session(None);
        self.seen = None;
        self.gate = Gate::Login(Box::new(login::Login::new(notice)));
        self.screen = Screen::Intake;
        let ctx = intake::Context {
            index: &self.loaded.index,
            calendar: &self.loaded.calendar,
            settings: &self.loaded.settings,
            now: self.now,
        };
        self.intake = intake::Intake::new(&ctx);
        self.reminder = None;
        self.notice = None;
        self.idle_secs = 0;
        Effect::Task(operation::focus(login::USERNAME_ID))
    }

    /// Any input in the counter window.
    pub(super) fn activity(&mut self) -> Effect {
        self.idle_secs = 0;
        Effect::None
    }

    /// The idle time grows while someone is at work; the lock comes once it
    /// reaches the minutes set (0: never).
    pub(super) fn idle_tick(&mut self) -> Effect {
        if !self.at_work() {
            self.idle_secs = 0;
            return Effect::None;
        }
        let limit = u64::from(self.loaded.settings.lock_minutes) * 60;
        if limit == 0 {
            return Effect::None;
        }
        self.idle_secs = self.idle_secs.saturating_add(IDLE_TICK.as_secs());
        match self.idle_secs >= limit {
            true => self.lock_now(),
            false => Effect::None,
        }
    }

    /// The first administrator was created and is logged in (the job set
    /// the session), or why not.
    pub(super) fn admin_created(&mut self, result: Result<Actor, StaffError>) -> Effect {
        if let Ok(actor) = &result {
            self.seen = Some(actor.clone());
            self.idle_secs = 0;
            self.reminded_on = None;
        }
        match &mut self.screen {
            Screen::Setup(s) => match s.admin_created(result.map(drop)) {
                setup::Action::Save(settings) => Effect::Job(Job::SaveSettings(Box::new(settings))),
                _ => Effect::None,
            },
            Screen::FirstAdmin(f) => match result {
                Ok(_) => {
                    self.screen = Screen::Intake;
                    Effect::Task(operation::focus(intake::SEARCH_ID))
                }
                Err(e) => {
                    f.refused(&e);
                    Effect::None
                }
            },
            _ => Effect::None,
        }
    }

    pub(super) fn first_admin_message(&mut self, m: first_admin::Message) -> Effect {
        let Screen::FirstAdmin(f) = &mut self.screen else {
            return Effect::None;
        };
        match f.update(m) {
            first_admin::Action::None => Effect::None,
            first_admin::Action::Create(new) => Effect::Job(Job::Access(AccessOp::FirstAdmin(new))),
        }
    }
}
