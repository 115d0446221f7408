//! The iced GUI: a thin layer over the domain, store and print modules.
//! The root owns the screens and turns their intents into jobs on other threads.

pub mod access_job;
pub mod audit_job;
mod form_job;
pub mod job;
pub mod queue_job;
mod ready;
pub mod screen;
pub mod session;
pub mod shell;
pub mod style;
pub mod sync_job;
pub mod sync_loop;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDateTime;
use iced::keyboard::{self, Key, key::Named};
use iced::widget::{center, column, operation, text};
use iced::{Element, Font, Subscription, Task};

use crate::domain::Localized;
use crate::domain::calendar::WorkCalendar;
use crate::domain::search::ProcedureIndex;
use crate::domain::settings::CenterSettings;
use crate::print::{Printer, SystemPrinter};
use crate::store::Store;
use job::{Job, Services};
pub use ready::{Gate, Ready, Screen};
use screen::{intake, setup};
use shell::{Shell, WindowKind};

pub const DEFAULT_FONT: Font = Font::with_name("Noto Sans");

/// When the process started, for the start-up figure logged once the intake or
/// settings screen is ready (`RUST_LOG=quay=info`; `bench/startup.sh` reads it).
static LAUNCHED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Call first thing in `main`.
pub fn mark_launch() {
    let _ = LAUNCHED.set(std::time::Instant::now());
}

/// Opens the window on the database at `db`.
pub fn run(db: PathBuf) -> Result<(), String> {
    iced::daemon(move || Shell::boot(db.clone()), Shell::update, Shell::view)
        .title(Shell::title)
        .subscription(Shell::subscription)
        .theme(Shell::theme)
        .font(crate::FONT_REGULAR)
        .font(crate::FONT_BOLD)
        .default_font(DEFAULT_FONT)
        .run()
        .map_err(|e| e.to_string())
}

/// Everything loaded at start-up, sent from the opening thread.
#[derive(Clone)]
pub struct Loaded {
    /// The database file, for work that opens its own connection (the sync loop).
    pub db: PathBuf,
    pub services: Services,
    pub settings: CenterSettings,
    pub index: Arc<ProcedureIndex>,
    pub calendar: Arc<WorkCalendar>,
}

impl std::fmt::Debug for Loaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Loaded")
    }
}

/// Opens the store and reads what the screens need; runs off the UI thread.
pub fn load(db: &std::path::Path, printer: Arc<dyn Printer>) -> Result<Loaded, String> {
    let store = Store::open(db).map_err(|e| e.vi_at_open())?;
    let settings = store.settings().map_err(|e| e.vi())?;
    let index = ProcedureIndex::new(store.procedures().map_err(|e| e.vi())?);
    let calendar = store.work_calendar().map_err(|e| e.vi())?;
    // Until the first staff account exists the counter works as it did
    // before accounts; after, someone logs in (the login screen sets this).
    let session = match store.has_staff().map_err(|e| e.vi())? {
        false => Some(session::counter_actor(&settings)),
        true => None,
    };
    Ok(Loaded {
        db: db.to_path_buf(),
        services: Services {
            store: Arc::new(Mutex::new(store)),
            printer,
            session: Arc::new(Mutex::new(session)),
            refused: Arc::default(),
        },
        settings,
        index: Arc::new(index),
        calendar: Arc::new(calendar),
    })
}

#[derive(Debug, Clone)]
pub enum Message {
    Opened(Result<Box<Loaded>, String>),
    Setup(setup::Message),
    Intake(intake::Message),
    OpenSettings,
    Tab {
        shift: bool,
    },
    Escape,
    PrintShortcut,
    SaveShortcut,
    FocusSearch,
    Tick,
    /// A job thread died without answering (a bug): unblock whichever screen waits.
    JobLost,
    WindowOpened(WindowKind, iced::window::Id),
    WindowClosed(iced::window::Id),
    /// A key pressed in any window; the shell sorts it out.
    KeyIn(iced::window::Id, Key, keyboard::Modifiers),
    Queue(screen::queue_bar::Message),
    Kiosk(screen::kiosk::Message),
    QueueReplied(Box<queue_job::QueueReply>),
    TicketPrinted(Result<(), String>),
    OpenWindow(WindowKind),
    /// The now-serving display was opened (true) or closed: announce calls only then.
    DisplayShown(bool),
    OpenFigures,
    Figures(screen::figures::Message),
    FiguresLoaded(Result<crate::domain::queue::Figures, String>),
    FiguresExported(Result<String, String>),
    QueueSettings(screen::queue_settings::Message),
    QueueSettingsSaved(Result<crate::domain::settings::QueueSettings, String>),
    OpenDossiers(screen::dossiers::DueChoice),
    Dossiers(screen::dossiers::Message),
    DossiersListed(Result<screen::dossiers::Listing, String>),
    DossierOpened(Result<Box<screen::dossiers::OpenedDossier>, String>),
    /// A step done to dossier `code`: what was done, or why not.
    StepDone(String, Result<String, String>),
    ReminderLoaded(Result<screen::reminder::Reminder, String>),
    /// A form printed or saved: what was done, or why not.
    FormDone(Result<String, String>),
    Reminder(screen::reminder::Message),
    OpenReport,
    Report(screen::report::Message),
    ReportLoaded(Result<Box<crate::domain::report::Report>, String>),
    ReportExported(Result<String, String>),
    OpenSync,
    Sync(screen::sync::Message),
    /// The audit trail screen (Nhật ký), for leads and administrators.
    OpenAudit,
    Audit(screen::audit::Message),
    SyncBar(screen::sync::status_bar::Message),
    /// The login screen (while staff exist and nobody is logged in).
    Login(screen::login::Message),
    /// The lock screen over the counter window.
    Lock(screen::lock::Message),
    /// Ctrl+L or "Khoá màn hình".
    LockNow,
    /// "Đăng xuất" in the header.
    Logout,
    /// The core ended the session (the account was disabled): why.
    SessionEnded(String),
    /// Mouse or keyboard input in any window; the shell sorts it out.
    InputIn(iced::window::Id),
    /// Mouse or keyboard input in the counter window: the idle time starts over.
    Activity,
    /// Every [`IDLE_TICK`]: the idle time grows, and the screen locks once it
    /// reaches the minutes set in Cài đặt.
    IdleTick,
    /// The first administrator created (and logged in), or why not.
    AdminCreated(Result<crate::store::Actor, crate::store::StaffError>),
    /// The standalone first-administrator form (a database set up before accounts).
    FirstAdmin(screen::first_admin::Message),
    /// The staff screen (Cán bộ), for administrators.
    OpenStaff,
    Staff(screen::staff::Message),
    /// Closes the notice of a refused action.
    DismissNotice,
    /// From the background sync loop.
    SyncLoop(sync_loop::SyncEvent),
    /// The status bar's figures, read from the database.
    SyncOverview(Result<screen::sync::Overview, String>),
    /// The sync state of dossier `code`, for its detail pane.
    DossierSyncLoaded(String, Result<crate::store::DossierSync, String>),
}

pub enum App {
    Loading(PathBuf),
    Failed(PathBuf, String),
    Ready(Box<Ready>),
}

impl App {
    pub fn boot(db: PathBuf) -> (App, Task<Message>) {
        let path = db.clone();
        let (tx, rx) = iced::futures::channel::oneshot::channel();
        std::thread::spawn(move || {
            let _ = tx.send(load(&path, Arc::new(SystemPrinter::default())).map(Box::new));
        });
        let task = Task::future(rx).map(|r| {
            Message::Opened(r.unwrap_or_else(|_| Err("Không mở được cơ sở dữ liệu.".into())))
        });
        (App::Loading(db), task)
    }

    /// The app as it is once loading succeeded (also the entry point for tests).
    pub fn ready(loaded: Loaded, now: NaiveDateTime) -> App {
        App::Ready(Box::new(Ready::new(loaded, now)))
    }

    pub fn title(&self) -> String {
        match self {
            App::Ready(r) => format!(
                "Quầy — {} — Quầy số {}",
                r.loaded.settings.center_name, r.loaded.settings.counter_no
            ),
            _ => "Quầy".into(),
        }
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        let opened = matches!(message, Message::Opened(Ok(_)));
        let task = match self.react(message) {
            Effect::None => Task::none(),
            Effect::Task(task) => task,
            Effect::Job(job) => match self {
                App::Ready(r) => job.spawn(&r.loaded.services),
                _ => Task::none(),
            },
            Effect::Jobs(jobs) => match self {
                App::Ready(r) => Task::batch(jobs.into_iter().map(|j| j.spawn(&r.loaded.services))),
                _ => Task::none(),
            },
        };
        // The queue's first snapshot and the sync figures at once, not at the first tick.
        match (opened, &mut *self) {
            (true, App::Ready(r)) => {
                let refresh = Job::Queue(queue_job::Origin::Poll, queue_job::QueueOp::Refresh);
                let mut tasks = vec![task, refresh.spawn(&r.loaded.services)];
                if r.sync_bar.begin_load() {
                    tasks.push(Job::Sync(sync_job::SyncOp::Overview).spawn(&r.loaded.services));
                }
                Task::batch(tasks)
            }
            _ => task,
        }
    }

    /// The state change for `message`, and the one piece of work it asks for.
    /// Tests call this and run the job inline with [`Job::run`].
    pub fn react(&mut self, message: Message) -> Effect {
        if let Message::Opened(result) = message {
            *self = match (result, &*self) {
                (Ok(loaded), _) => {
                    let loaded = *loaded;
                    if let Some(t) = LAUNCHED.get() {
                        log::info!("startup: ready screen after {} ms", t.elapsed().as_millis());
                    }
                    App::ready(loaded, crate::store::now_local())
                }
                (Err(e), App::Loading(db) | App::Failed(db, _)) => App::Failed(db.clone(), e),
                (Err(_), App::Ready(_)) => return Effect::None,
            };
            return match self {
                App::Ready(r) => Effect::Task(operation::focus(r.first_focus())),
                _ => Effect::None,
            };
        }
        let App::Ready(ready) = self else {
            return Effect::None;
        };
        ready.react(message)
    }

    pub fn view(&self) -> Element<'_, Message> {
        match self {
            App::Loading(_) => center(text("Đang mở cơ sở dữ liệu…")).into(),
            App::Failed(db, e) => center(
                column![
                    text("Không khởi động được Quầy")
                        .size(style::TITLE)
                        .font(style::BOLD),
                    text(e.as_str()),
                    text(format!("Tệp dữ liệu: {}", db.display())).size(style::SMALL),
                    text("Có thể chọn tệp khác bằng tham số --db hoặc biến môi trường QUAY_DB.")
                        .size(style::SMALL),
                ]
                .spacing(10)
                .max_width(700),
            )
            .into(),
            App::Ready(r) => r.view(),
        }
    }

    /// The clocks, and the sync loop once the app is ready and a hub is set.
    pub fn subscription(&self) -> Subscription<Message> {
        let clock = Subscription::batch([Subscription::run(clock), Subscription::run(idle_clock)]);
        match self {
            App::Ready(r) => match r.sync_bar.hub_url() {
                Some(url) => Subscription::batch([
                    clock,
                    sync_loop::subscription(r.loaded.db.clone(), url.to_string()),
                ]),
                None => clock,
            },
            _ => clock,
        }
    }

    /// The now-serving display's content.
    pub fn view_display(&self) -> Element<'_, Message> {
        match self {
            App::Ready(r) => screen::display::view(
                r.queue_bar.snapshot(),
                &r.loaded.settings.center_name,
                r.now,
            )
            .map(|never| match never {}),
            _ => center(text("Đang mở…")).into(),
        }
    }

    /// The ticket kiosk's content.
    pub fn view_kiosk(&self) -> Element<'_, Message> {
        match self {
            App::Ready(r) => {
                let (areas, served) = r
                    .queue_bar
                    .snapshot()
                    .map(|s| {
                        (
                            s.settings.areas.as_slice(),
                            s.settings.counter_areas.as_slice(),
                        )
                    })
                    .unwrap_or((&[], &[]));
                r.kiosk
                    .view(&r.loaded.settings.center_name, areas, served)
                    .map(Message::Kiosk)
            }
            _ => center(text("Đang mở…")).into(),
        }
    }
}

/// What a key pressed in the counter window means.
pub fn main_window_key(key: &Key, modifiers: keyboard::Modifiers) -> Option<Message> {
    match (key.as_ref(), modifiers.command()) {
        (Key::Named(Named::Tab), _) => Some(Message::Tab {
            shift: modifiers.shift(),
        }),
        (Key::Named(Named::Escape), _) => Some(Message::Escape),
        (Key::Named(Named::Enter), true) => Some(Message::SaveShortcut),
        (Key::Named(Named::F2), _) => Some(Message::Queue(screen::queue_bar::Message::CallNext)),
        (Key::Named(Named::F3), _) => Some(Message::FocusSearch),
        (Key::Character("p"), true) => Some(Message::PrintShortcut),
        (Key::Character("f"), true) => Some(Message::FocusSearch),
        (Key::Character("l"), true) => Some(Message::LockNow),
        _ => None,
    }
}

/// How often the clock, the due-date preview and the queue snapshot refresh: the
/// queue changes from the kiosk and from other processes (the CLI), and a two-second
/// read of one day's tickets costs next to nothing.
const TICK: Duration = Duration::from_secs(2);

/// How often the idle time before the lock grows: the lock comes at most
/// this much later than set, and no timer runs faster than needed.
pub const IDLE_TICK: Duration = Duration::from_secs(10);

fn clock() -> impl iced::futures::Stream<Item = Message> {
    every(TICK, || Message::Tick)
}

fn idle_clock() -> impl iced::futures::Stream<Item = Message> {
    every(IDLE_TICK, || Message::IdleTick)
}

/// `message` every `period`. The thread-pool executor has no timer, so a
/// sleeping thread stands in for one.
fn every(period: Duration, message: fn() -> Message) -> impl iced::futures::Stream<Item = Message> {
    use iced::futures::SinkExt;
    iced::stream::channel(1, async move |mut output| {
        loop {
            let (tx, rx) = iced::futures::channel::oneshot::channel();
            std::thread::spawn(move || {
                std::thread::sleep(period);
                let _ = tx.send(());
            });
            if rx.await.is_err() || output.send(message()).await.is_err() {
                break;
            }
        }
    })
}

/// What one message asks of the outside world.
pub enum Effect {
    None,
    Task(Task<Message>),
    Job(Job),
    /// Independent jobs, run side by side.
    Jobs(Vec<Job>),
}
