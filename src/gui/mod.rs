//! The iced GUI: a thin layer over the domain, store and print modules.
//! The root owns the screens and turns their intents into jobs on other threads.

pub mod job;
pub mod queue_job;
pub mod screen;
pub mod shell;
pub mod style;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDateTime;
use iced::keyboard::{self, Key, key::Named};
use iced::widget::{button, center, column, container, operation, row, text};
use iced::{Element, Fill, Font, Subscription, Task};

use crate::domain::Localized;
use crate::domain::calendar::WorkCalendar;
use crate::domain::search::ProcedureIndex;
use crate::domain::settings::CenterSettings;
use crate::print::{Printer, SystemPrinter};
use crate::store::Store;
use job::{Job, Services};
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
    let store = Store::open(db).map_err(|e| e.vi())?;
    let settings = store.settings().map_err(|e| e.vi())?;
    let index = ProcedureIndex::new(store.procedures().map_err(|e| e.vi())?);
    let calendar = store.work_calendar().map_err(|e| e.vi())?;
    Ok(Loaded {
        services: Services {
            store: Arc::new(Mutex::new(store)),
            printer,
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
}

pub enum App {
    Loading(PathBuf),
    Failed(PathBuf, String),
    Ready(Box<Ready>),
}

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
}

pub enum Screen {
    Setup(Box<setup::Setup>),
    Intake,
    Figures(Box<screen::figures::FiguresScreen>),
    QueueSettings(Box<screen::queue_settings::QueueSettingsScreen>),
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
        let intake = {
            let ctx = intake::Context {
                index: &loaded.index,
                calendar: &loaded.calendar,
                settings: &loaded.settings,
                now,
            };
            intake::Intake::new(&ctx)
        };
        let screen = if loaded.settings.configured {
            Screen::Intake
        } else {
            Screen::Setup(Box::new(setup::Setup::new(&loaded.settings)))
        };
        App::Ready(Box::new(Ready {
            loaded,
            now,
            screen,
            intake,
            queue_bar: Default::default(),
            kiosk: Default::default(),
            announcer: None,
            last_call: None,
        }))
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
        };
        // The queue's first snapshot at once, not at the first tick.
        match (opened, &*self) {
            (true, App::Ready(r)) => {
                let refresh = Job::Queue(queue_job::Origin::Poll, queue_job::QueueOp::Refresh);
                Task::batch([task, refresh.spawn(&r.loaded.services)])
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
            return Effect::Task(operation::focus(intake::SEARCH_ID));
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

    pub fn subscription(&self) -> Subscription<Message> {
        Subscription::run(clock)
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
        _ => None,
    }
}

/// How often the clock, the due-date preview and the queue snapshot refresh: the
/// queue changes from the kiosk and from other processes (the CLI), and a two-second
/// read of one day's tickets costs next to nothing.
const TICK: Duration = Duration::from_secs(2);

/// The thread-pool executor has no timer, so a sleeping thread stands in for one.
fn clock() -> impl iced::futures::Stream<Item = Message> {
    use iced::futures::SinkExt;
    iced::stream::channel(1, async |mut output| {
        loop {
            let (tx, rx) = iced::futures::channel::oneshot::channel();
            std::thread::spawn(move || {
                std::thread::sleep(TICK);
                let _ = tx.send(());
            });
            if rx.await.is_err() || output.send(Message::Tick).await.is_err() {
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
}

impl Ready {
    fn react(&mut self, message: Message) -> Effect {
        match message {
            // The shell handles windows; nothing for the screens to do.
            Message::Opened(_)
            | Message::WindowOpened(..)
            | Message::WindowClosed(_)
            | Message::KeyIn(..)
            | Message::OpenWindow(_) => Effect::None,
            Message::DisplayShown(shown) => {
                self.announcer = shown.then(|| {
                    crate::sound::Announcer::start(crate::sound::Players::system(
                        self.loaded.settings.announce_voice,
                    ))
                });
                Effect::None
            }
            Message::Queue(m) => {
                let counter = self.loaded.settings.counter_no;
                match self.queue_bar.update(m, counter) {
                    screen::queue_bar::Action::None => Effect::None,
                    screen::queue_bar::Action::Run(op) => {
                        Effect::Job(Job::Queue(queue_job::Origin::Counter, op))
                    }
                    screen::queue_bar::Action::Reprint(id) => {
                        let ticket = self
                            .queue_bar
                            .snapshot()
                            .and_then(|s| s.waiting.iter().find(|t| t.id == id))
                            .cloned();
                        match ticket {
                            Some(t) => Effect::Job(Job::PrintTicket(Box::new(t))),
                            None => Effect::None,
                        }
                    }
                }
            }
            Message::Kiosk(m) => {
                // The kiosk offers only the areas this PC's queue serves: a ticket
                // nobody here can call would wait forever.
                let areas: Vec<_> = self
                    .queue_bar
                    .snapshot()
                    .map(|s| {
                        s.settings
                            .areas
                            .iter()
                            .filter(|a| s.settings.counter_areas.contains(&a.letter))
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                match self.kiosk.update(m, &areas) {
                    screen::kiosk::Action::None => Effect::None,
                    screen::kiosk::Action::Run(op) => {
                        Effect::Job(Job::Queue(queue_job::Origin::Kiosk, op))
                    }
                }
            }
            Message::QueueReplied(reply) => self.queue_replied(*reply),
            Message::OpenFigures => {
                self.screen = Screen::Figures(Box::new(screen::figures::FiguresScreen::new(
                    self.now.date(),
                )));
                Effect::Job(Job::LoadFigures(self.now.date(), self.now.date()))
            }
            Message::Figures(m) => {
                let Screen::Figures(f) = &mut self.screen else {
                    return Effect::None;
                };
                match f.update(m) {
                    screen::figures::Action::None => Effect::None,
                    screen::figures::Action::Load(from, to) => {
                        Effect::Job(Job::LoadFigures(from, to))
                    }
                    screen::figures::Action::Export(figures) => {
                        Effect::Job(Job::ExportFigures(Box::new(figures)))
                    }
                    screen::figures::Action::Close => {
                        self.screen = Screen::Intake;
                        Effect::None
                    }
                }
            }
            Message::FiguresLoaded(result) => {
                if let Screen::Figures(f) = &mut self.screen {
                    f.loaded(result);
                }
                Effect::None
            }
            Message::QueueSettings(m) => {
                let Screen::QueueSettings(q) = &mut self.screen else {
                    return Effect::None;
                };
                match q.update(m) {
                    screen::queue_settings::Action::None => Effect::None,
                    screen::queue_settings::Action::Save(s) => {
                        Effect::Job(Job::SaveQueueSettings(Box::new(s)))
                    }
                    screen::queue_settings::Action::Close => {
                        self.screen = Screen::Intake;
                        Effect::None
                    }
                }
            }
            Message::QueueSettingsSaved(result) => {
                let saved = result.is_ok();
                if let Screen::QueueSettings(q) = &mut self.screen {
                    let _ = q.update(screen::queue_settings::Message::Saved(result));
                }
                if saved {
                    Effect::Job(Job::Queue(
                        queue_job::Origin::Poll,
                        queue_job::QueueOp::Refresh,
                    ))
                } else {
                    Effect::None
                }
            }
            Message::FiguresExported(result) => {
                if let Screen::Figures(f) = &mut self.screen {
                    f.exported(result);
                }
                Effect::None
            }
            Message::TicketPrinted(result) => {
                if let Err(e) = &result {
                    log::warn!("queue ticket not printed: {e}");
                    self.queue_bar
                        .note(Err(format!("Phiếu số thứ tự chưa in được: {e}")));
                }
                self.kiosk.printed(result);
                Effect::None
            }
            Message::Tab { shift } => Effect::Task(if shift {
                operation::focus_previous()
            } else {
                operation::focus_next()
            }),
            Message::Tick => {
                self.now = crate::store::now_local();
                let ctx = intake::Context {
                    index: &self.loaded.index,
                    calendar: &self.loaded.calendar,
                    settings: &self.loaded.settings,
                    now: self.now,
                };
                self.intake.tick(&ctx);
                self.kiosk.tick(self.now);
                Effect::Job(Job::Queue(
                    queue_job::Origin::Poll,
                    queue_job::QueueOp::Refresh,
                ))
            }
            Message::OpenSettings => {
                self.screen = Screen::Setup(Box::new(setup::Setup::new(&self.loaded.settings)));
                Effect::None
            }
            Message::Setup(m) => {
                let Screen::Setup(s) = &mut self.screen else {
                    return Effect::None;
                };
                match s.update(m) {
                    setup::Action::None => Effect::None,
                    setup::Action::Save(settings) => {
                        Effect::Job(Job::SaveSettings(Box::new(settings)))
                    }
                    setup::Action::Done(settings) => {
                        self.loaded.settings = settings;
                        self.screen = Screen::Intake;
                        Effect::Task(operation::focus(intake::SEARCH_ID))
                    }
                    setup::Action::Cancel => {
                        self.screen = Screen::Intake;
                        Effect::None
                    }
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
                        self.screen = Screen::QueueSettings(Box::new(
                            screen::queue_settings::QueueSettingsScreen::new(&current, fields),
                        ));
                        Effect::None
                    }
                }
            }
            Message::Escape => match self.screen {
                Screen::Intake => self.intake_message(intake::Message::Clear),
                Screen::Setup(_) if self.loaded.settings.configured => {
                    self.screen = Screen::Intake;
                    Effect::None
                }
                Screen::Figures(_) | Screen::QueueSettings(_) => {
                    self.screen = Screen::Intake;
                    Effect::None
                }
                Screen::Setup(_) => Effect::None,
            },
            Message::PrintShortcut if matches!(self.screen, Screen::Intake) => {
                self.intake_message(intake::Message::Print)
            }
            Message::SaveShortcut if matches!(self.screen, Screen::Intake) => {
                self.intake_message(intake::Message::Save)
            }
            Message::PrintShortcut | Message::SaveShortcut => Effect::None,
            Message::FocusSearch => Effect::Task(operation::focus(intake::SEARCH_ID)),
            Message::Intake(intake::Message::Saved(Ok(dossier))) => {
                // Intake started while this counter serves a ticket: the visit and
                // the dossier belong together.
                let link = self
                    .queue_bar
                    .current(self.loaded.settings.counter_no)
                    .map(|t| queue_job::QueueOp::Link {
                        ticket: t.id,
                        dossier_code: dossier.code.clone(),
                    });
                let effect = self.intake_message(intake::Message::Saved(Ok(dossier)));
                match (effect, link) {
                    (Effect::None, Some(op)) => {
                        Effect::Job(Job::Queue(queue_job::Origin::Counter, op))
                    }
                    (effect, _) => effect,
                }
            }
            Message::Intake(m) => self.intake_message(m),
            Message::JobLost => {
                log::error!("a background job ended without a result");
                if let Screen::Setup(s) = &mut self.screen {
                    let _ = s.update(setup::Message::WorkerFailed);
                }
                self.intake_message(intake::Message::WorkerFailed)
            }
        }
    }

    fn queue_replied(&mut self, reply: queue_job::QueueReply) -> Effect {
        use queue_job::{Origin, QueueOp};
        self.queue_bar
            .replied(&reply, reply.origin == Origin::Counter);
        self.announce_new_call();
        let issued = match (&reply.origin, &reply.op) {
            (Origin::Kiosk, _) => self.kiosk.replied(&reply, self.now),
            (Origin::Counter, QueueOp::Issue(..)) => match &reply.result {
                Ok(Some(t)) => Some(t.clone()),
                _ => None,
            },
            _ => None,
        };
        // Stored first, printed after: a number is never printed that is not on disk.
        match issued {
            Some(ticket) => Effect::Job(Job::PrintTicket(Box::new(ticket))),
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

    pub fn view(&self) -> Element<'_, Message> {
        let s = &self.loaded.settings;
        let header = container(
            row![
                column![
                    text(&s.center_name).size(16).font(style::BOLD),
                    text(format!(
                        "Quầy số {}{} · Mã định danh {}",
                        s.counter_no,
                        if s.officer_name.is_empty() {
                            String::new()
                        } else {
                            format!(" · {}", s.officer_name)
                        },
                        s.agency_id
                    ))
                    .size(style::SMALL),
                ]
                .width(Fill),
                text(crate::domain::format::fmt_datetime(self.now)).size(style::SMALL),
                button(text("Thống kê"))
                    .style(button::secondary)
                    .on_press_maybe(
                        matches!(self.screen, Screen::Intake).then_some(Message::OpenFigures)
                    ),
                button(text("Màn hình gọi số"))
                    .style(button::secondary)
                    .on_press(Message::OpenWindow(WindowKind::Display)),
                button(text("Máy lấy số"))
                    .style(button::secondary)
                    .on_press(Message::OpenWindow(WindowKind::Kiosk)),
                button(text("Cài đặt"))
                    .style(button::secondary)
                    .on_press_maybe(
                        matches!(self.screen, Screen::Intake).then_some(Message::OpenSettings)
                    ),
            ]
            .spacing(16)
            .align_y(iced::Center),
        )
        .padding([6, 12])
        .style(container::rounded_box);
        let body: Element<'_, Message> = match &self.screen {
            Screen::Setup(s) => s.view().map(Message::Setup),
            Screen::QueueSettings(q) => q.view().map(Message::QueueSettings),
            Screen::Figures(f) => {
                let areas = self
                    .queue_bar
                    .snapshot()
                    .map(|s| s.settings.areas.as_slice())
                    .unwrap_or(&[]);
                f.view(areas).map(Message::Figures)
            }
            Screen::Intake => column![
                self.queue_bar.view(s.counter_no).map(Message::Queue),
                self.intake.view(self.now.date()).map(Message::Intake)
            ]
            .into(),
        };
        column![header, body].height(Fill).into()
    }
}
