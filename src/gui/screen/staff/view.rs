//! The staff screen's layout: the accounts on the left, the form for a new
//! account or the picked one on the right.

use chrono::NaiveDateTime;
use iced::widget::{
    Column, button, checkbox, column, container, radio, row, scrollable, space, text, text_input,
};
use iced::{Center, Element, Fill, FillPortion};

use super::{Edit, Message, Pane, StaffScreen};
use crate::domain::access::Role;
use crate::gui::session::Secret;
use crate::gui::style::{self, BOLD, SMALL, field};
use crate::store::Staff;

/// The picked account's name input, for focus and tests.
pub const EDIT_NAME_ID: &str = "sua-ho-ten-can-bo";
/// One's own current secret, when resetting one's own.
pub const CURRENT_ID: &str = "mat-khau-hien-tai";

impl StaffScreen {
    pub fn view(&self, now: NaiveDateTime) -> Element<'_, Message> {
        let title = row![
            text("Cán bộ — tài khoản đăng nhập")
                .size(style::TITLE)
                .font(BOLD),
            space::horizontal(),
            button(text("Đóng (Esc)"))
                .style(button::secondary)
                .on_press(Message::Close),
        ]
        .align_y(Center);
        let mut page = column![title].spacing(10);
        if let Some(e) = &self.load_error {
            page = page.push(text(e.as_str()).style(text::danger));
        }
        match &self.notice {
            Some(Ok(m)) => page = page.push(text(m.as_str()).style(text::success)),
            Some(Err(m)) => page = page.push(text(m.as_str()).style(text::danger)),
            None => {}
        }
        let right = match &self.pane {
            Pane::Add(form) => column![
                text("Thêm cán bộ").size(16).font(BOLD),
                form.view().map(Message::Add),
                button(text("Tạo tài khoản")).on_press_maybe(
                    (!self.busy).then_some(Message::Add(super::AccountMessage::Submit))
                ),
            ]
            .spacing(style::SPACING)
            .into(),
            Pane::Edit(e) => self.edit(e),
        };
        let body = row![
            container(scrollable(self.list(now)).height(Fill))
                .width(FillPortion(3))
                .height(Fill),
            container(scrollable(container(right).padding(iced::Padding {
                right: 14.0,
                ..iced::Padding::ZERO
            })))
            .padding(10)
            .width(FillPortion(2))
            .height(Fill)
            .style(container::bordered_box),
        ]
        .spacing(12)
        .height(Fill);
        container(page.push(body))
            .padding([10, 16])
            .width(Fill)
            .height(Fill)
            .into()
    }

    fn list(&self, now: NaiveDateTime) -> Element<'_, Message> {
        let head = |s: &'static str| text(s).size(SMALL).font(BOLD).into();
        let mut col = Column::new().spacing(2).push(
            container(columns([
                head("Tên đăng nhập"),
                head("Họ và tên"),
                head("Vai trò"),
                head("Trạng thái"),
                head("Đăng nhập sai"),
            ]))
            .padding([4, 8]),
        );
        let Some(accounts) = &self.accounts else {
            return col.push(text("Đang tải…").size(SMALL)).into();
        };
        if accounts.is_empty() {
            col = col.push(text("Chưa có tài khoản nào.").size(SMALL));
        }
        let picked = match &self.pane {
            Pane::Edit(e) => Some(e.username.as_str()),
            Pane::Add(_) => None,
        };
        for s in accounts {
            col = col.push(account_row(s, picked == Some(s.username.as_str()), now));
        }
        col.push(
            text("Bấm vào một dòng để đổi vai trò, họ tên, cho phép đăng nhập hoặc đặt lại mật khẩu.")
                .size(SMALL),
        )
        .into()
    }

    fn edit<'a>(&'a self, e: &'a Edit) -> Element<'a, Message> {
        let busy = self.busy;
        let roles = row(Role::ALL
            .into_iter()
            .map(|r| radio(r.vi(), r, Some(e.role), Message::EditRole).into()))
        .spacing(14)
        .wrap()
        .vertical_spacing(6);
        let mut col = column![
            row![
                text(format!("Tài khoản {}", e.username))
                    .size(16)
                    .font(BOLD),
                space::horizontal(),
                button(text("Thêm cán bộ mới").size(SMALL))
                    .style(button::secondary)
                    .on_press(Message::NewAccount),
            ]
            .align_y(Center),
            field(
                "Họ và tên",
                text_input("Trần Văn An", &e.name)
                    .id(EDIT_NAME_ID)
                    .on_input(Message::EditName)
                    .on_submit(Message::SaveChange)
                    .padding(6),
                e.name_error.as_deref(),
            ),
            field("Vai trò", roles, None),
            checkbox(e.active)
                .label("Cho phép đăng nhập (bỏ chọn để vô hiệu hoá tài khoản)")
                .on_toggle(Message::EditActive),
            button(text("Lưu thay đổi")).on_press_maybe((!busy).then_some(Message::SaveChange)),
        ]
        .spacing(style::SPACING);
        let reset = column![
            text("Đặt lại mật khẩu hoặc mã PIN").size(15).font(BOLD),
            text("Dùng khi cán bộ quên mật khẩu hoặc tài khoản bị khoá do đăng nhập sai nhiều lần: khoá được gỡ ngay.")
                .size(SMALL),
        ]
        .spacing(style::SPACING);
        let reset = match e.own {
            true => reset.push(field(
                "Mật khẩu hoặc mã PIN hiện tại của bạn",
                text_input("", e.current.expose())
                    .id(CURRENT_ID)
                    .secure(true)
                    .on_input(|s| Message::Current(Secret::new(s)))
                    .padding(6),
                None,
            )),
            false => reset,
        };
        let reset = reset
            .push(e.secret.view().map(Message::Secret))
            .push(button(text("Đặt lại")).on_press_maybe((!busy).then_some(Message::Reset)));
        col = col.push(container(reset).padding([10, 0]));
        if let Some(err) = &e.error {
            col = col.push(text(err.as_str()).size(SMALL).style(text::danger));
        }
        col.into()
    }
}

/// The list's five columns, heading and rows alike.
fn columns<'a>(cells: [Element<'a, Message>; 5]) -> iced::widget::Row<'a, Message> {
    let widths = [3, 4, 4, 3, 3];
    row(cells
        .into_iter()
        .zip(widths)
        .map(|(cell, w)| container(cell).width(FillPortion(w)).into()))
    .spacing(8)
    .align_y(Center)
}

fn account_row(s: &Staff, picked: bool, now: NaiveDateTime) -> Element<'_, Message> {
    let status = match s.active {
        true => text("Đang dùng").size(SMALL),
        false => text("Vô hiệu hoá").size(SMALL).style(text::danger),
    };
    let lock = StaffScreen::lock_text(s, now);
    let lock = match s.locked_at(now).is_some() {
        true => text(lock).size(SMALL).style(text::danger),
        false => text(lock).size(SMALL),
    };
    let line = columns([
        text(&s.username).size(SMALL).font(BOLD).into(),
        text(&s.display_name).size(SMALL).into(),
        text(s.role.vi()).size(SMALL).into(),
        status.into(),
        lock.into(),
    ]);
    button(line)
        .width(Fill)
        .padding([6, 8])
        .style(if picked { picked_row } else { button::text })
        .on_press(Message::Select(s.username.clone()))
        .into()
}

/// The picked account's row: light, so red text on it stays readable.
fn picked_row(theme: &iced::Theme, status: button::Status) -> button::Style {
    let weak = theme.extended_palette().primary.weak;
    button::Style {
        background: Some(weak.color.into()),
        text_color: weak.text,
        ..button::text(theme, status)
    }
}
