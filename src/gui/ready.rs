//! The app once its database is open: the counter window's screens, the queue
//! state shared by the kiosk and the display, and what each message does.

use chrono::NaiveDateTime;
use iced::widget::operation;

use super::job::Job;
use super::screen::{self, intake, setup};
use super::{Effect, Loaded, Message, queue_job};

mod access;
mod audit;
mod header;
mod staff;
mod sync;

pub use access::Gate;

pub struct Ready {
    pub loaded: Loaded,
    pub now: NaiveDateTime,
    pub screen: Screen,
    /// The intake screen, kept while settings are open so nothing typed is lost.
    pub intake: intake::Intake,
    pub queue_bar: screen::queue_bar::QueueBar,
    pub kiosk: screen::kiosk::Kiosk,
    /// Plays the chime (and the spoken call) while the display window is open.
    announcer: Option<crate::sound::Announcer>,
    /// The last call announced: ticket, call time, recall count.
    last_call: Option<(i64, Option<NaiveDateTime>, u32)>,
    /// Today's reminder of overdue and due dossiers, until closed.
    reminder: Option<screen::reminder::Reminder>,
    /// The day the reminder was last asked for: once on start, then each morning.
    reminded_on: Option<chrono::NaiveDate>,
    /// Sync status at the bottom of every screen; also decides whether the
    /// background sync loop runs (see `App::subscription`).
    pub sync_bar: screen::sync::SyncBar,
    /// What covers the screens: nothing, the login screen, or the lock.
    pub gate: Gate,
    /// Seconds without input in the counter window (`ready/access.rs`).
    idle_secs: u64,
    /// Who was logged in at the last look, to say so when the core ends
    /// their session.
    seen: Option<crate::store::Actor>,
    /// A refused action's reason (`Denied`), until closed or the screen changes.
    notice: Option<String>,
}

pub enum Screen {
    Setup(Box<setup::Setup>),
    Intake,
    Figures(Box<screen::figures::FiguresScreen>),
    Report(Box<screen::report::ReportScreen>),
    QueueSettings(Box<screen::queue_settings::QueueSettingsScreen>),
    Dossiers(Box<screen::dossiers::DossiersScreen>),
    Sync(Box<screen::sync::SyncScreen>),
    Audit(Box<screen::audit::AuditScreen>),
    /// The first administrator, on a database set up before accounts.
    FirstAdmin(Box<screen::first_admin::FirstAdmin>),
    Staff(Box<screen::staff::StaffScreen>),
}

impl Ready {
    /// The first screen: settings and the first administrator on a new
    /// database, the login screen once accounts exist, intake otherwise.
    pub(super) fn new(loaded: Loaded, now: NaiveDateTime) -> Ready {
        let intake = {
            let ctx = intake::Context {
                index: &loaded.index,
                calendar: &loaded.calendar,
                settings: &loaded.settings,
                now,
            };
            intake::Intake::new(&ctx)
        };
        let seen = loaded.services.session_now();
        let (gate, screen) = Ready::first_screen(seen.as_ref(), &loaded.settings);
        Ready {
            loaded,
            now,
            screen,
            intake,
            queue_bar: Default::default(),
            kiosk: Default::default(),
            announcer: None,
            last_call: None,
            reminder: None,
            reminded_on: None,
            sync_bar: Default::default(),
            gate,
            idle_secs: 0,
            seen,
            notice: None,
        }
    }

    /// Each message, unless held back while nobody may work here; then a
    /// session the core ended, and a refusal the job met, are shown.
    pub(super) fn react(&mut self, message: Message) -> Effect {
        if self.held_back(&message) {
            return Effect::None;
        }
        let effect = self.dispatch(message);
        self.follow_session();
        if let Some(denied) = self.loaded.services.take_refusal() {
            self.notice = Some(crate::domain::Localized::vi(&denied));
        }
        effect
    }

    /// One line per message; the work is in the methods below.
    fn dispatch(&mut self, message: Message) -> Effect {
        match message {
            // The shell handles windows; nothing for the screens to do.
            Message::Opened(_)
            | Message::WindowOpened(..)
            | Message::WindowClosed(_)
            | Message::KeyIn(..)
            | Message::InputIn(_)
            | Message::OpenWindow(_) => Effect::None,
            Message::DisplayShown(shown) => self.display_shown(shown),
            Message::Queue(m) => self.queue_bar_message(m),
            Message::Kiosk(m) => self.kiosk_message(m),
            Message::QueueReplied(reply) => self.queue_replied(*reply),
            Message::OpenFigures => self.open_figures(),
            Message::Figures(m) => self.figures_message(m),
            Message::FiguresLoaded(result) => self.on_figures(|f| f.loaded(result)),
            Message::FiguresExported(result) => self.on_figures(|f| f.exported(result)),
            Message::OpenReport => self.open_report(),
            Message::Report(m) => self.report_message(m),
            Message::ReportLoaded(result) => self.on_report(|r| r.loaded(result)),
            Message::ReportExported(result) => self.on_report(|r| r.exported(result)),
            Message::QueueSettings(m) => self.queue_settings_message(m),
            Message::QueueSettingsSaved(result) => self.queue_settings_saved(result),
            Message::TicketPrinted(result) => self.ticket_printed(result),
            Message::Tab { shift: true } => Effect::Task(operation::focus_previous()),
            Message::Tab { shift: false } => Effect::Task(operation::focus_next()),
            Message::Tick => self.tick(),
            Message::OpenSettings => self.show(Screen::Setup(Box::new(setup::Setup::new(
                &self.loaded.settings,
            )))),
            Message::Setup(m) => self.setup_message(m),
            Message::Escape => self.escape(),
            Message::PrintShortcut if self.on_intake() => {
                self.intake_message(intake::Message::Print)
            }
            Message::SaveShortcut if self.on_intake() => self.intake_message(intake::Message::Save),
            Message::PrintShortcut | Message::SaveShortcut => Effect::None,
            Message::FocusSearch => Effect::Task(operation::focus(intake::SEARCH_ID)),
            Message::Intake(intake::Message::Saved(Ok(dossier))) => self.dossier_saved(dossier),
            Message::Intake(m) => self.intake_message(m),
            Message::JobLost => self.job_lost(),
            Message::OpenDossiers(due) => self.open_dossiers(due),
            Message::Dossiers(m) => self.dossiers_message(m),
            Message::DossiersListed(result) => self.on_dossiers(|d| d.listed(result)),
            Message::DossierOpened(result) => self.on_dossiers(|d| d.opened(result)),
            Message::StepDone(code, result) => self.step_done(code, result),
            Message::ReminderLoaded(result) => self.reminder_loaded(result),
            Message::FormDone(result) => self.form_done(result),
            Message::Reminder(m) => self.reminder_message(m),
            Message::OpenSync => self.open_sync(),
            Message::Sync(m) => self.sync_message(m),
            Message::OpenAudit => self.open_audit(),
            Message::Audit(m) => self.audit_message(m),
            Message::SyncBar(m) => self.sync_bar_message(m),
            Message::SyncLoop(event) => self.sync_loop_event(event),
            Message::SyncOverview(result) => {
                self.sync_bar.loaded(result);
                Effect::None
            }
            Message::DossierSyncLoaded(code, result) => {
                self.on_dossiers(|d| d.sync_loaded(&code, result))
            }
            Message::Login(m) => self.login_message(m),
            Message::Lock(m) => self.lock_message(m),
            Message::LockNow => self.lock_now(),
            Message::Logout => self.logout(Some("Đã đăng xuất.".into())),
            Message::SessionEnded(why) => self.logout(Some(why)),
            Message::Activity => self.activity(),
            Message::IdleTick => self.idle_tick(),
            Message::AdminCreated(result) => self.admin_created(result),
            Message::FirstAdmin(m) => self.first_admin_message(m),
            Message::OpenStaff => self.open_staff(),
            Message::Staff(m) => self.staff_message(m),
            Message::DismissNotice => {
                self.notice = None;
                Effect::None
            }
        }
    }

    fn on_intake(&self) -> bool {
        matches!(self.screen, Screen::Intake)
    }

    fn show(&mut self, screen: Screen) -> Effect {
        self.screen = screen;
        self.notice = None;
        Effect::None
    }

    fn display_shown(&mut self, shown: bool) -> Effect {
        let voice = self.loaded.settings.announce_voice;
        self.announcer =
            shown.then(|| crate::sound::Announcer::start(crate::sound::Players::system(voice)));
        Effect::None
    }

    fn queue_bar_message(&mut self, m: screen::queue_bar::Message) -> Effect {
        match self.queue_bar.update(m, self.loaded.settings.counter_no) {
            screen::queue_bar::Action::None => Effect::None,
            screen::queue_bar::Action::Run(op) => {
                Effect::Job(Job::Queue(queue_job::Origin::Counter, op))
            }
            screen::queue_bar::Action::Reprint(id) => {
                let ticket = self
                    .queue_bar
                    .snapshot()
                    .and_then(|s| s.waiting.iter().find(|t| t.id == id));
                match ticket {
                    Some(t) => Effect::Job(Job::PrintTicket(Box::new(t.clone()))),
                    None => Effect::None,
                }
            }
        }
    }

    fn kiosk_message(&mut self, m: screen::kiosk::Message) -> Effect {
        // The kiosk offers only the areas this PC's queue serves: a ticket
        // nobody here can call would wait forever.
        let areas: Vec<_> = self
            .queue_bar
            .snapshot()
            .map(|s| {
                let served = &s.settings.counter_areas;
                s.settings
                    .areas
                    .iter()
                    .filter(|a| served.contains(&a.letter))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        match self.kiosk.update(m, &areas) {
            screen::kiosk::Action::None => Effect::None,
            screen::kiosk::Action::Run(op) => Effect::Job(Job::Queue(queue_job::Origin::Kiosk, op)),
        }
    }

    fn open_figures(&mut self) -> Effect {
        let today = self.now.date();
        self.screen = Screen::Figures(Box::new(screen::figures::FiguresScreen::new(today)));
        Effect::Job(Job::LoadFigures(today, today))
    }

    fn figures_message(&mut self, m: screen::figures::Message) -> Effect {
        let Screen::Figures(f) = &mut self.screen else {
            return Effect::None;
        };
        match f.update(m) {
            screen::figures::Action::None => Effect::None,
            screen::figures::Action::Load(from, to) => Effect::Job(Job::LoadFigures(from, to)),
            screen::figures::Action::Export(figures) => {
                Effect::Job(Job::ExportFigures(Box::new(figures)))
            }
            screen::figures::Action::Close => self.show(Screen::Intake),
        }
    }

    /// A job result for the figures screen, dropped if the officer left it meanwhile.
    fn on_figures(&mut self, f: impl FnOnce(&mut screen::figures::FiguresScreen)) -> Effect {
        if let Screen::Figures(screen) = &mut self.screen {
            f(screen);
        }
        Effect::None
    }

    /// The report screen on this month, loading it at once.
    fn open_report(&mut self) -> Effect {
        let mut fields: Vec<String> = Vec::new();
        for p in self.loaded.index.all() {
            if !fields.contains(&p.field) {
                fields.push(p.field.clone());
            }
        }
        fields.sort_by_cached_key(|f| crate::domain::report::collation_key(f));
        let (screen, action) = screen::report::ReportScreen::new(self.now.date(), fields);
        self.screen = Screen::Report(Box::new(screen));
        self.report_action(action)
    }

    fn report_message(&mut self, m: screen::report::Message) -> Effect {
        let Screen::Report(r) = &mut self.screen else {
            return Effect::None;
        };
        let action = r.update(m);
        self.report_action(action)
    }

    fn report_action(&mut self, action: screen::report::Action) -> Effect {
        match action {
            screen::report::Action::None => Effect::None,
            screen::report::Action::Load(q) => Effect::Job(Job::LoadReport {
                from: q.from,
                to: q.to,
                field: q.field,
            }),
            screen::report::Action::Export(report, format) => {
                Effect::Job(Job::ExportReport { report, format })
            }
            screen::report::Action::Close => self.show(Screen::Intake),
        }
    }

    /// A job result for the report screen, dropped if the officer left it meanwhile.
    fn on_report(&mut self, f: impl FnOnce(&mut screen::report::ReportScreen)) -> Effect {
        if let Screen::Report(screen) = &mut self.screen {
            f(screen);
        }
        Effect::None
    }

    fn queue_settings_message(&mut self, m: screen::queue_settings::Message) -> Effect {
        let Screen::QueueSettings(q) = &mut self.screen else {
            return Effect::None;
        };
        match q.update(m) {
            screen::queue_settings::Action::None => Effect::None,
            screen::queue_settings::Action::Save(s) => {
                Effect::Job(Job::SaveQueueSettings(Box::new(s)))
            }
            screen::queue_settings::Action::Close => self.show(Screen::Intake),
        }
    }

    fn queue_settings_saved(
        &mut self,
        result: Result<crate::domain::settings::QueueSettings, String>,
    ) -> Effect {
        let saved = result.is_ok();
        if let Screen::QueueSettings(q) = &mut self.screen {
            let _ = q.update(screen::queue_settings::Message::Saved(result));
        }
        // The counter bar, kiosk and display pick the new areas up from a fresh snapshot.
        if saved { refresh() } else { Effect::None }
    }

    fn ticket_printed(&mut self, result: Result<(), String>) -> Effect {
        if let Err(e) = &result {
            log::warn!("queue ticket not printed: {e}");
            self.queue_bar
                .note(Err(format!("Phiếu số thứ tự chưa in được: {e}")));
        }
        self.kiosk.printed(result);
        Effect::None
    }

    fn tick(&mut self) -> Effect {
        self.now = crate::store::now_local();
        let ctx = intake::Context {
            index: &self.loaded.index,
            calendar: &self.loaded.calendar,
            settings: &self.loaded.settings,
            now: self.now,
        };
        self.intake.tick(&ctx);
        self.kiosk.tick(self.now);
        let effect = match self.reminder_due() {
            true => {
                self.reminded_on = Some(self.now.date());
                match refresh() {
                    Effect::Job(poll) => Effect::Jobs(vec![poll, Job::LoadReminder]),
                    _ => Effect::Job(Job::LoadReminder),
                }
            }
            false => refresh(),
        };
        // Events recorded here (or by the CLI) show in "Chờ gửi" within a tick.
        self.and_sync_figures(effect)
    }

    /// A form printed or saved: told on the dossier screen if it is open, else
    /// on the intake screen (a refusal's Mẫu 03 is printed from there).
    fn form_done(&mut self, result: Result<String, String>) -> Effect {
        match &mut self.screen {
            Screen::Dossiers(d) => d.note(result),
            _ => self.intake.note(result),
        }
        Effect::None
    }

    /// On the first tick after start, then on each new day once the office opens.
    fn reminder_due(&self) -> bool {
        if !self.loaded.settings.configured || !self.at_work() {
            return false;
        }
        match self.reminded_on {
            None => true,
            Some(day) => {
                day != self.now.date() && self.now.time() >= self.loaded.settings.hours.morning_open
            }
        }
    }

    fn reminder_loaded(&mut self, result: Result<screen::reminder::Reminder, String>) -> Effect {
        match result {
            Ok(r) if !r.is_empty() => self.reminder = Some(r),
            Ok(_) => self.reminder = None,
            Err(e) => log::warn!("reminder not loaded: {e}"),
        }
        Effect::None
    }

    fn reminder_message(&mut self, m: screen::reminder::Message) -> Effect {
        match m {
            screen::reminder::Message::Dismiss => {
                self.reminder = None;
                Effect::None
            }
            screen::reminder::Message::Show(due) => {
                self.reminder = None;
                self.open_dossiers(due)
            }
        }
    }

    fn setup_message(&mut self, m: setup::Message) -> Effect {
        let Screen::Setup(s) = &mut self.screen else {
            return Effect::None;
        };
        match s.update(m) {
            setup::Action::None => Effect::None,
            setup::Action::Save(settings) => Effect::Job(Job::SaveSettings(Box::new(settings))),
            setup::Action::CreateAdmin(new) => {
                Effect::Job(Job::Access(super::access_job::AccessOp::FirstAdmin(new)))
            }
            setup::Action::Done(settings) => {
                self.loaded.settings = settings;
                self.screen = Screen::Intake;
                Effect::Task(operation::focus(intake::SEARCH_ID))
            }
            setup::Action::Cancel => self.show(Screen::Intake),
            setup::Action::OpenQueueSettings => {
                let current = self
                    .queue_bar
                    .snapshot()
                    .map(|s| s.settings.clone())
                    .unwrap_or_default();
                let mut fields: Vec<String> = Vec::new();
                for p in self.loaded.index.all() {
                    if !fields.contains(&p.field) {
                        fields.push(p.field.clone());
                    }
                }
                let screen = screen::queue_settings::QueueSettingsScreen::new(&current, fields);
                self.show(Screen::QueueSettings(Box::new(screen)))
            }
        }
    }

    fn escape(&mut self) -> Effect {
        if !matches!(self.gate, Gate::Open) {
            return self.lock_escape();
        }
        match self.screen {
            Screen::Intake => self.intake_message(intake::Message::Clear),
            // The first-run screen stays until it is saved or skipped.
            // (Someone who may not save settings is never kept there.)
            Screen::Setup(_)
                if !self.loaded.settings.configured
                    && self.may(crate::domain::access::Permission::Settings) =>
            {
                Effect::None
            }
            // Nothing opens before the first administrator exists.
            Screen::FirstAdmin(_) => Effect::None,
            Screen::Setup(_)
            | Screen::Figures(_)
            | Screen::Report(_)
            | Screen::QueueSettings(_)
            | Screen::Dossiers(_)
            | Screen::Sync(_)
            | Screen::Audit(_)
            | Screen::Staff(_) => self.show(Screen::Intake),
        }
    }

    /// Intake started while this counter serves a ticket: the visit and the
    /// dossier belong together.
    fn dossier_saved(&mut self, dossier: Box<crate::domain::dossier::Dossier>) -> Effect {
        let link = self
            .queue_bar
            .current(self.loaded.settings.counter_no)
            .map(|t| queue_job::QueueOp::Link {
                ticket: t.id,
                dossier_code: dossier.code.clone(),
            });
        let effect = match (
            self.intake_message(intake::Message::Saved(Ok(dossier))),
            link,
        ) {
            (Effect::None, Some(op)) => Effect::Job(Job::Queue(queue_job::Origin::Counter, op)),
            (effect, _) => effect,
        };
        // A new event waits to be sent: "Chờ gửi" goes up at once.
        self.and_sync_figures(effect)
    }

    fn open_dossiers(&mut self, due: screen::dossiers::DueChoice) -> Effect {
        let mut fields: Vec<String> = Vec::new();
        for p in self.loaded.index.all() {
            if !fields.contains(&p.field) {
                fields.push(p.field.clone());
            }
        }
        let s = &self.loaded.settings;
        let contact = [s.officer_name.trim(), s.hotline.trim()]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let (screen, filter) =
            screen::dossiers::DossiersScreen::new(fields, contact, due, self.now.date());
        self.screen = Screen::Dossiers(Box::new(screen));
        Effect::Job(Job::ListDossiers(Box::new(filter)))
    }

    fn dossiers_message(&mut self, m: screen::dossiers::Message) -> Effect {
        let Screen::Dossiers(d) = &mut self.screen else {
            return Effect::None;
        };
        match d.update(m) {
            screen::dossiers::Action::None => Effect::None,
            screen::dossiers::Action::Load(filter) => {
                Effect::Job(Job::ListDossiers(Box::new(filter)))
            }
            screen::dossiers::Action::Open(code) => Effect::Job(Job::OpenDossier(code)),
            screen::dossiers::Action::Step { code, step } => Effect::Job(Job::Step {
                code,
                step: Box::new(step),
            }),
            screen::dossiers::Action::Correct { code, request } => Effect::Job(Job::Correct {
                code,
                request: Box::new(request),
            }),
            screen::dossiers::Action::Print { code, form } => {
                Effect::Job(Job::PrintForm(code, form))
            }
            screen::dossiers::Action::SavePdf { code, form } => {
                Effect::Job(Job::SaveForm(code, form))
            }
            screen::dossiers::Action::SaveRegister { from, to, format } => {
                Effect::Job(Job::SaveRegister(from, to, format))
            }
            screen::dossiers::Action::OpenSync => self.open_sync(),
            screen::dossiers::Action::Close => self.show(Screen::Intake),
        }
    }

    /// A job result for the dossier screen, dropped if the officer left it meanwhile.
    fn on_dossiers(&mut self, f: impl FnOnce(&mut screen::dossiers::DossiersScreen)) -> Effect {
        if let Screen::Dossiers(d) = &mut self.screen {
            f(d);
        }
        Effect::None
    }

    /// After a step, the dossier and the list are read again: the status moved.
    fn step_done(&mut self, code: String, result: Result<String, String>) -> Effect {
        let Screen::Dossiers(d) = &mut self.screen else {
            return Effect::None;
        };
        let done = result.is_ok();
        d.step_done(result);
        match done {
            true => {
                let jobs = Effect::Jobs(vec![
                    Job::OpenDossier(code),
                    Job::ListDossiers(Box::new(d.filter())),
                ]);
                self.and_sync_figures(jobs)
            }
            false => Effect::None,
        }
    }

    fn job_lost(&mut self) -> Effect {
        log::error!("a background job ended without a result");
        if let Screen::Setup(s) = &mut self.screen {
            let _ = s.update(setup::Message::WorkerFailed);
        }
        self.sync_bar.load_lost();
        if let Screen::Sync(s) = &mut self.screen {
            s.job_lost();
        }
        if let Screen::Audit(a) = &mut self.screen {
            a.job_lost();
        }
        if let Screen::Staff(s) = &mut self.screen {
            s.job_lost();
        }
        // A login or unlock that never answered: ask again.
        if let Gate::Login(l) = &mut self.gate {
            let _ = l.update(screen::login::Message::Done(Err(LOST.into())));
        }
        if let Gate::Locked(l) = &mut self.gate {
            let _ = l.update(screen::lock::Message::Done(Err(LOST.into())));
        }
        self.intake_message(intake::Message::WorkerFailed)
    }

    fn queue_replied(&mut self, reply: queue_job::QueueReply) -> Effect {
        use queue_job::{Origin, QueueOp};
        self.queue_bar
            .replied(&reply, reply.origin == Origin::Counter);
        self.announce_new_call();
        let issued = match (&reply.origin, &reply.op) {
            (Origin::Kiosk, _) => self
                .kiosk
                .replied(&reply, self.now)
                .map(|t| Job::PrintKioskTicket(Box::new(t))),
            (Origin::Counter, QueueOp::Issue(..)) => match &reply.result {
                Ok(Some(t)) => Some(Job::PrintTicket(Box::new(t.clone()))),
                _ => None,
            },
            _ => None,
        };
        // Stored first, printed after: a number is never printed that is not on disk.
        match issued {
            Some(print) => Effect::Job(print),
            None => Effect::None,
        }
    }

    /// Chimes (and speaks) when the newest call on the board is one not yet announced.
    fn announce_new_call(&mut self) {
        let Some(newest) = self
            .queue_bar
            .snapshot()
            .and_then(|s| s.board.recent.first())
        else {
            return;
        };
        let key = (newest.id, newest.last_called_at, newest.recalls);
        if self.last_call == Some(key) {
            return;
        }
        let first_look = self.last_call.is_none();
        self.last_call = Some(key);
        // The board as found at start-up is old news, not a call.
        if let (Some(announcer), false, Some(counter_no)) =
            (&self.announcer, first_look, newest.counter_no)
        {
            announcer.announce(crate::sound::Announcement {
                label: newest.number.clone(),
                counter_no,
            });
        }
    }

    /// Job results reach the intake screen even while settings are open, so it
    /// never waits forever; keyboard shortcuts only act on the visible screen.
    fn intake_message(&mut self, m: intake::Message) -> Effect {
        let ctx = intake::Context {
            index: &self.loaded.index,
            calendar: &self.loaded.calendar,
            settings: &self.loaded.settings,
            now: self.now,
        };
        match self.intake.update(m, &ctx) {
            intake::Action::None => Effect::None,
            intake::Action::Run(job) => Effect::Job(job),
            intake::Action::Focus(id) => Effect::Task(operation::focus(id)),
            intake::Action::OpenSettings => {
                self.screen = Screen::Setup(Box::new(setup::Setup::new(&self.loaded.settings)));
                Effect::None
            }
        }
    }
}

/// Said when a login or unlock job died without answering.
const LOST: &str = "Chưa kiểm tra được do lỗi nội bộ; hãy thử lại.";

/// Asks for the queue's current snapshot (counter bar, kiosk, display).
fn refresh() -> Effect {
    Effect::Job(Job::Queue(
        queue_job::Origin::Poll,
        queue_job::QueueOp::Refresh,
    ))
}
