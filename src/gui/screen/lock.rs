//! The lock (khoá màn hình): after the idle time set in Cài đặt, or on
//! Ctrl+L or "Khoá màn hình", it hides the counter window's content and asks
//! for the same user's password or PIN. Nothing under it changes: unlocking
//! shows every screen exactly as it was, half-typed forms included.
//! "Đăng xuất" ends the session instead, after a warning.

use iced::Element;
use iced::widget::{button, center, column, container, row, text};

use crate::domain::settings::CenterSettings;
use crate::gui::session::Secret;
use crate::gui::style::{self, field};
use crate::store::Actor;

/// The secret's input id, for focus and tests.
pub const SECRET_ID: &str = "mo-khoa-mat-khau";

#[derive(Debug, Clone)]
pub enum Message {
    Secret(Secret),
    Unlock,
    /// The job's answer: the same user, checked again, or why not.
    Done(Result<Actor, String>),
    AskLogout,
    ConfirmLogout,
    CancelLogout,
}

/// What the root must do.
pub enum Action {
    None,
    Focus(&'static str),
    Unlock { username: String, secret: Secret },
    Unlocked(Actor),
    Logout,
}

#[derive(Debug)]
pub struct Lock {
    /// Who locked: only they may unlock.
    user: Actor,
    secret: Secret,
    error: Option<String>,
    confirm_logout: bool,
    busy: bool,
}

impl Lock {
    pub fn new(user: Actor) -> Lock {
        Lock {
            user,
            secret: Secret::default(),
            error: None,
            confirm_logout: false,
            busy: false,
        }
    }

    pub fn user(&self) -> &Actor {
        &self.user
    }

    pub fn update(&mut self, m: Message) -> Action {
        match m {
            Message::Secret(s) => {
                self.secret = s;
                self.error = None;
            }
            Message::Unlock => return self.submit(),
            Message::Done(Ok(actor)) => {
                self.busy = false;
                return Action::Unlocked(actor);
            }
            Message::Done(Err(e)) => {
                self.busy = false;
                self.error = Some(e);
                return Action::Focus(SECRET_ID);
            }
            Message::AskLogout => self.confirm_logout = true,
            Message::CancelLogout => {
                self.confirm_logout = false;
                return Action::Focus(SECRET_ID);
            }
            Message::ConfirmLogout => return Action::Logout,
        }
        Action::None
    }

    /// Esc on the lock screen: back from the logout question.
    pub fn escape(&mut self) -> Action {
        match self.confirm_logout {
            true => self.update(Message::CancelLogout),
            false => Action::None,
        }
    }

    fn submit(&mut self) -> Action {
        if self.busy {
            return Action::None;
        }
        let Some(username) = self.user.username() else {
            // Only named sessions lock; nothing to check otherwise.
            return Action::Unlocked(self.user.clone());
        };
        if self.secret.is_empty() {
            self.error = Some("Hãy nhập mật khẩu hoặc mã PIN để mở khoá.".into());
            return Action::Focus(SECRET_ID);
        }
        self.busy = true;
        self.error = None;
        Action::Unlock {
            username: username.to_string(),
            secret: std::mem::take(&mut self.secret),
        }
    }

    pub fn view<'a>(
        &'a self,
        settings: &'a CenterSettings,
        now: chrono::NaiveDateTime,
    ) -> Element<'a, Message> {
        let mut card = column![
            text("Màn hình đã khoá")
                .size(style::TITLE)
                .font(style::BOLD),
            text(format!(
                "{} · Quầy số {} · {}",
                settings.center_name,
                settings.counter_no,
                crate::domain::format::fmt_datetime(now)
            ))
            .size(style::SMALL),
            column![
                text(format!("Đang đăng nhập: {}", self.user.name())),
                text(self.user.role().vi()).size(style::SMALL),
            ]
            .spacing(2),
        ]
        .spacing(style::SPACING + 2.0);
        if self.confirm_logout {
            card = card
                .push(
                    text(
                        "Đăng xuất sẽ bỏ mọi thông tin đang nhập dở trên màn hình \
                         (hồ sơ chưa lưu, biểu mẫu đang điền). Những gì đã lưu vẫn còn. \
                         Vẫn đăng xuất?",
                    )
                    .style(text::danger),
                )
                .push(
                    row![
                        button(text("Đăng xuất, bỏ phần chưa lưu"))
                            .style(button::danger)
                            .on_press(Message::ConfirmLogout),
                        button(text("Quay lại"))
                            .style(button::secondary)
                            .on_press(Message::CancelLogout),
                    ]
                    .spacing(style::SPACING),
                );
        } else {
            card = card.push(field(
                "Nhập mật khẩu hoặc mã PIN để mở khoá",
                style::secret_input(SECRET_ID, &self.secret, Message::Secret, Message::Unlock),
                None,
            ));
            if let Some(e) = &self.error {
                card = card.push(text(e.as_str()).style(text::danger));
            }
            card = card.push(
                row![
                    style::check_button("Mở khoá", self.busy, Message::Unlock),
                    button(text("Đăng xuất"))
                        .style(button::secondary)
                        .padding([8, 12])
                        .on_press(Message::AskLogout),
                ]
                .spacing(style::SPACING),
            );
            card = card.push(
                text("Người khác cần dùng quầy: bấm Đăng xuất rồi đăng nhập bằng tài khoản của mình.")
                    .size(style::SMALL),
            );
        }
        // A darker page than usual, so a locked counter is told at a glance.
        center(
            container(card)
                .padding(28)
                .max_width(480)
                .style(container::bordered_box),
        )
        .style(|theme: &iced::Theme| {
            container::Style::default().background(theme.extended_palette().background.strong.color)
        })
        .into()
    }
}
