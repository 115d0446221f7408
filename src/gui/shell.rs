//! The windows around the app: the main counter window, and later the
//! now-serving display and the kiosk. The app itself (`App`) knows nothing of
//! window ids, so its screens and tests stay single-window.

use iced::window;
use iced::{Element, Subscription, Task, Theme};

use super::{App, Message};

/// The kinds of window Quầy opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowKind {
    Main,
}

pub struct Shell {
    app: App,
    main: Option<window::Id>,
}

impl Shell {
    pub fn boot(db: std::path::PathBuf) -> (Shell, Task<Message>) {
        let (app, task) = App::boot(db);
        let (_, open) = window::open(main_window());
        let opened = open.map(|id| Message::WindowOpened(WindowKind::Main, id));
        (Shell { app, main: None }, Task::batch([opened, task]))
    }

    pub fn title(&self, _window: window::Id) -> String {
        self.app.title()
    }

    pub fn theme(&self, _window: window::Id) -> Theme {
        Theme::Light
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::WindowOpened(WindowKind::Main, id) => {
                self.main = Some(id);
                Task::none()
            }
            // Closing the counter window ends the program.
            Message::WindowClosed(id) if Some(id) == self.main => iced::exit(),
            Message::WindowClosed(_) => Task::none(),
            other => self.app.update(other),
        }
    }

    pub fn view(&self, window: window::Id) -> Element<'_, Message> {
        let _ = window;
        self.app.view()
    }

    pub fn subscription(&self) -> Subscription<Message> {
        Subscription::batch([
            self.app.subscription(),
            window::close_events().map(Message::WindowClosed),
        ])
    }
}

fn main_window() -> window::Settings {
    window::Settings {
        size: iced::Size::new(1280.0, 720.0),
        min_size: Some(iced::Size::new(960.0, 640.0)),
        maximized: true,
        ..window::Settings::default()
    }
}
