//! The windows around the app: the counter window, the now-serving display (for
//! a TV or second monitor) and the ticket kiosk. The app itself (`App`) knows
//! nothing of window ids, so its screens and tests stay single-window.

use iced::keyboard::{self, Key};
use iced::window;
use iced::{Element, Subscription, Task, Theme};

use super::{App, Message, main_window_key};

/// The kinds of window Quầy opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowKind {
    Main,
    Display,
    Kiosk,
}

pub struct Shell {
    app: App,
    main: Option<window::Id>,
    display: Option<window::Id>,
    kiosk: Option<window::Id>,
}

impl Shell {
    pub fn boot(db: std::path::PathBuf) -> (Shell, Task<Message>) {
        let (app, task) = App::boot(db);
        let (_, open) = window::open(settings(WindowKind::Main));
        let opened = open.map(|id| Message::WindowOpened(WindowKind::Main, id));
        let shell = Shell {
            app,
            main: None,
            display: None,
            kiosk: None,
        };
        (shell, Task::batch([opened, task]))
    }

    pub fn title(&self, window: window::Id) -> String {
        match self.kind(window) {
            Some(WindowKind::Display) => "Quầy — Màn hình gọi số".into(),
            Some(WindowKind::Kiosk) => "Quầy — Lấy số thứ tự".into(),
            _ => self.app.title(),
        }
    }

    pub fn theme(&self, _window: window::Id) -> Theme {
        Theme::Light
    }

    fn kind(&self, id: window::Id) -> Option<WindowKind> {
        [
            (self.main, WindowKind::Main),
            (self.display, WindowKind::Display),
            (self.kiosk, WindowKind::Kiosk),
        ]
        .into_iter()
        .find_map(|(w, kind)| (w == Some(id)).then_some(kind))
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::WindowOpened(kind, id) => {
                match kind {
                    WindowKind::Main => self.main = Some(id),
                    WindowKind::Display => {
                        self.display = Some(id);
                        return self.app.update(Message::DisplayShown(true));
                    }
                    WindowKind::Kiosk => self.kiosk = Some(id),
                }
                Task::none()
            }
            Message::OpenWindow(kind) => {
                let existing = match kind {
                    WindowKind::Main => self.main,
                    WindowKind::Display => self.display,
                    WindowKind::Kiosk => self.kiosk,
                };
                if let Some(id) = existing {
                    return window::gain_focus(id);
                }
                let (_, open) = window::open(settings(kind));
                open.map(move |id| Message::WindowOpened(kind, id))
            }
            Message::WindowClosed(id) => match self.kind(id) {
                // Closing the counter window ends the program.
                Some(WindowKind::Main) => iced::exit(),
                Some(WindowKind::Display) => {
                    self.display = None;
                    self.app.update(Message::DisplayShown(false))
                }
                Some(WindowKind::Kiosk) => {
                    self.kiosk = None;
                    Task::none()
                }
                None => Task::none(),
            },
            // Input in the counter window puts off the idle lock; in the
            // kiosk or the display it does not (citizens use those).
            Message::InputIn(id) => match self.kind(id) {
                Some(WindowKind::Main) => self.app.update(Message::Activity),
                _ => Task::none(),
            },
            Message::KeyIn(id, key, modifiers) => match self.kind(id) {
                Some(WindowKind::Main) => {
                    let activity = self.app.update(Message::Activity);
                    match main_window_key(&key, modifiers) {
                        Some(m) => Task::batch([activity, self.app.update(m)]),
                        None => activity,
                    }
                }
                Some(WindowKind::Kiosk) => match key.as_ref() {
                    Key::Character(c) if !modifiers.command() => match c.chars().next() {
                        Some(letter) => self
                            .app
                            .update(Message::Kiosk(super::screen::kiosk::Message::Issue(letter))),
                        None => Task::none(),
                    },
                    // Esc leaves full screen for staff; the citizen has no other key to press.
                    Key::Named(keyboard::key::Named::Escape) => {
                        window::set_mode(id, window::Mode::Windowed)
                    }
                    _ => Task::none(),
                },
                _ => Task::none(),
            },
            other => self.app.update(other),
        }
    }

    pub fn view(&self, window: window::Id) -> Element<'_, Message> {
        match self.kind(window) {
            Some(WindowKind::Display) => self.app.view_display(),
            Some(WindowKind::Kiosk) => self.app.view_kiosk(),
            _ => self.app.view(),
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let keys = iced::event::listen_with(input_event);
        Subscription::batch([
            self.app.subscription(),
            keys,
            window::close_events().map(Message::WindowClosed),
        ])
    }
}

/// Keys for shortcuts, and any other input (for the idle lock).
fn input_event(
    event: iced::Event,
    status: iced::event::Status,
    window: window::Id,
) -> Option<Message> {
    match event {
        // Keys a widget already used (typing in a field) are not shortcuts.
        iced::Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. })
            if status == iced::event::Status::Ignored =>
        {
            Some(Message::KeyIn(window, key, modifiers))
        }
        iced::Event::Keyboard(_) | iced::Event::Mouse(_) | iced::Event::Touch(_) => {
            input_throttled(window)
        }
        _ => None,
    }
}

/// At most one input message a second: the idle lock counts in ten-second
/// steps, and a message for every mouse move would rebuild the view for
/// nothing. The filter above is a plain `fn`, so the last time lives here.
fn input_throttled(window: window::Id) -> Option<Message> {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU64, Ordering};
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    static LAST_MS: AtomicU64 = AtomicU64::new(0);
    let now = START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_millis() as u64;
    let last = LAST_MS.load(Ordering::Relaxed);
    if now.saturating_sub(last) < 1000 && last != 0 {
        return None;
    }
    LAST_MS.store(now.max(1), Ordering::Relaxed);
    Some(Message::InputIn(window))
}

fn settings(kind: WindowKind) -> window::Settings {
    match kind {
        WindowKind::Main => window::Settings {
            size: iced::Size::new(1280.0, 720.0),
            min_size: Some(iced::Size::new(960.0, 640.0)),
            maximized: true,
            ..window::Settings::default()
        },
        WindowKind::Display => window::Settings {
            size: iced::Size::new(1280.0, 720.0),
            ..window::Settings::default()
        },
        WindowKind::Kiosk => window::Settings {
            size: iced::Size::new(1024.0, 768.0),
            fullscreen: true,
            ..window::Settings::default()
        },
    }
}
