//! The first administrator, asked once at start on a database that was set
//! up before accounts existed (its settings are saved, but it has no staff
//! account). A fresh database asks the same inside the first-run settings
//! screen (`setup.rs`). Nothing else opens until the account exists.

use iced::widget::{button, column, container, scrollable, text};
use iced::{Element, Fill};

use super::account_form::{AccountForm, AccountMessage};
use crate::gui::style;
use crate::store::{NewStaff, StaffError};

#[derive(Debug, Clone)]
pub enum Message {
    Form(AccountMessage),
    Create,
}

pub enum Action {
    None,
    Create(NewStaff),
}

#[derive(Debug)]
pub struct FirstAdmin {
    form: AccountForm,
    busy: bool,
}

impl Default for FirstAdmin {
    fn default() -> Self {
        FirstAdmin {
            form: AccountForm::first_admin(),
            busy: false,
        }
    }
}

impl FirstAdmin {
    pub fn update(&mut self, m: Message) -> Action {
        let submit = match m {
            Message::Form(m) => self.form.update(m),
            Message::Create => true,
        };
        if !submit || self.busy {
            return Action::None;
        }
        match self.form.check() {
            Some(new) => {
                self.busy = true;
                Action::Create(new)
            }
            None => Action::None,
        }
    }

    /// The store refused the account.
    pub fn refused(&mut self, e: &StaffError) {
        self.busy = false;
        self.form.refused(e);
        self.form.clear_secret();
    }

    pub fn view(&self) -> Element<'_, Message> {
        let body = column![
            text("Tạo tài khoản quản trị")
                .size(style::TITLE)
                .font(style::BOLD),
            text(
                "Từ phiên bản này, mỗi cán bộ đăng nhập bằng tài khoản của mình. \
                 Hãy tạo tài khoản quản trị đầu tiên; người quản trị sẽ tạo tài khoản \
                 cho các cán bộ khác trong mục Cán bộ."
            )
            .size(style::SMALL),
            self.form.view().map(Message::Form),
            button(text(if self.busy {
                "Đang tạo…"
            } else {
                "Tạo tài khoản và đăng nhập"
            }))
            .on_press_maybe((!self.busy).then_some(Message::Create)),
        ]
        .spacing(style::SPACING * 1.5)
        .max_width(720);
        scrollable(container(body).padding(20).center_x(Fill)).into()
    }
}
