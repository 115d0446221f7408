//! Login (đăng nhập): shown in the counter window while staff accounts exist
//! and nobody is logged in. The queue display and the kiosk keep working
//! meanwhile; the two buttons at the foot open them at the start of the day.

use iced::widget::{button, center, column, container, row, text, text_input};
use iced::{Center, Element, Fill};

use crate::domain::settings::CenterSettings;
use crate::gui::session::Secret;
use crate::gui::style::{self, field};

/// Input ids, for focus and tests.
pub const USERNAME_ID: &str = "dang-nhap-ten";
pub const SECRET_ID: &str = "dang-nhap-mat-khau";

#[derive(Debug, Clone)]
pub enum Message {
    Username(String),
    Secret(Secret),
    /// Enter in the username field: on to the password, or log in.
    UsernameEntered,
    Submit,
    /// The job's answer: who is now logged in, or why not.
    Done(Result<crate::store::Actor, String>),
    OpenDisplay,
    OpenKiosk,
}

/// What the root must do.
pub enum Action {
    None,
    Focus(&'static str),
    Login { username: String, secret: Secret },
    LoggedIn(crate::store::Actor),
    OpenDisplay,
    OpenKiosk,
}

#[derive(Debug, Default)]
pub struct Login {
    username: String,
    secret: Secret,
    error: Option<String>,
    /// Why the last session ended (logged out, locked out, disabled).
    notice: Option<String>,
    busy: bool,
}

impl Login {
    /// The login screen, saying why the last session ended, if it did.
    pub fn new(notice: Option<String>) -> Login {
        Login {
            notice,
            ..Login::default()
        }
    }

    pub fn update(&mut self, m: Message) -> Action {
        match m {
            Message::Username(v) => {
                self.username = v;
                self.error = None;
            }
            Message::Secret(s) => {
                self.secret = s;
                self.error = None;
            }
            Message::UsernameEntered if self.secret.is_empty() => {
                return Action::Focus(SECRET_ID);
            }
            Message::UsernameEntered | Message::Submit => return self.submit(),
            Message::Done(Ok(actor)) => {
                self.busy = false;
                return Action::LoggedIn(actor);
            }
            Message::Done(Err(e)) => {
                self.busy = false;
                self.error = Some(e);
                self.notice = None;
                return Action::Focus(SECRET_ID);
            }
            Message::OpenDisplay => return Action::OpenDisplay,
            Message::OpenKiosk => return Action::OpenKiosk,
        }
        Action::None
    }

    fn submit(&mut self) -> Action {
        if self.busy {
            return Action::None;
        }
        if self.username.trim().is_empty() {
            self.error = Some("Hãy nhập tên đăng nhập.".into());
            return Action::Focus(USERNAME_ID);
        }
        if self.secret.is_empty() {
            self.error = Some("Hãy nhập mật khẩu hoặc mã PIN.".into());
            return Action::Focus(SECRET_ID);
        }
        self.busy = true;
        self.error = None;
        // The secret leaves the form: nothing typed stays on screen.
        Action::Login {
            username: self.username.trim().to_string(),
            secret: std::mem::take(&mut self.secret),
        }
    }

    pub fn view<'a>(&'a self, settings: &'a CenterSettings) -> Element<'a, Message> {
        let mut card = column![
            text(&settings.center_name)
                .size(style::TITLE)
                .font(style::BOLD),
            text(format!(
                "Quầy số {} · Đăng nhập để làm việc",
                settings.counter_no
            ))
            .size(style::SMALL),
        ]
        .spacing(style::SPACING + 2.0);
        if let Some(n) = &self.notice {
            card = card.push(text(n.as_str()).size(style::SMALL).style(text::warning));
        }
        card = card
            .push(field(
                "Tên đăng nhập",
                text_input("ví dụ: an.tv", &self.username)
                    .id(USERNAME_ID)
                    .on_input(Message::Username)
                    .on_submit(Message::UsernameEntered)
                    .padding(8),
                None,
            ))
            .push(field(
                "Mật khẩu hoặc mã PIN",
                style::secret_input(SECRET_ID, &self.secret, Message::Secret, Message::Submit),
                None,
            ));
        if let Some(e) = &self.error {
            card = card.push(text(e.as_str()).style(text::danger));
        }
        card = card.push(style::check_button("Đăng nhập", self.busy, Message::Submit));
        let windows = row![
            text("Màn hình gọi số và máy lấy số vẫn chạy khi chưa đăng nhập:").size(style::SMALL),
            button(text("Màn hình gọi số").size(style::SMALL))
                .style(button::secondary)
                .on_press(Message::OpenDisplay),
            button(text("Máy lấy số").size(style::SMALL))
                .style(button::secondary)
                .on_press(Message::OpenKiosk),
        ]
        .spacing(style::SPACING)
        .align_y(Center);
        column![
            center(
                container(card)
                    .padding(28)
                    .max_width(440)
                    .style(container::bordered_box)
            )
            .height(Fill),
            container(windows).padding(12).center_x(Fill),
        ]
        .into()
    }
}
