//! The counter window's page: the login or lock screen when one covers it;
//! else the header (the center, who is logged in, the screens their role
//! may open), a refused action's notice, the reminder, the screen and the
//! sync status bar.

use iced::widget::{Row, button, column, container, row, space, text};
use iced::{Center, Element, Fill};

use super::{Gate, Ready, Screen};
use crate::domain::access::Permission;
use crate::gui::screen::{self, sync::SyncRights};
use crate::gui::shell::WindowKind;
use crate::gui::{Message, style};
use crate::store::Actor;

impl Ready {
    pub fn view(&self) -> Element<'_, Message> {
        let settings = &self.loaded.settings;
        match &self.gate {
            Gate::Login(l) => return l.view(settings).map(Message::Login),
            Gate::Locked(l) => return l.view(settings, self.now).map(Message::Lock),
            Gate::Open => {}
        }
        let user = self.session();
        let first_start = self.first_start();
        let body: Element<'_, Message> = match &self.screen {
            Screen::Setup(s) => s.view().map(Message::Setup),
            Screen::FirstAdmin(f) => f.view().map(Message::FirstAdmin),
            Screen::QueueSettings(q) => q.view().map(Message::QueueSettings),
            Screen::Dossiers(d) => d.view(self.now).map(Message::Dossiers),
            Screen::Report(r) => r.view().map(Message::Report),
            Screen::Sync(sync) => {
                let rights = SyncRights {
                    settings: self.may(Permission::SyncSettings),
                    bundles: self.may(Permission::Bundles),
                };
                sync.view(&self.sync_bar, rights).map(Message::Sync)
            }
            Screen::Audit(a) => a.view().map(Message::Audit),
            Screen::Staff(s) => s.view(self.now).map(Message::Staff),
            Screen::Figures(f) => {
                let areas = self
                    .queue_bar
                    .snapshot()
                    .map(|s| s.settings.areas.as_slice())
                    .unwrap_or(&[]);
                f.view(areas).map(Message::Figures)
            }
            Screen::Intake => column![
                self.queue_bar.view(settings.counter_no).map(Message::Queue),
                self.intake.view(self.now.date()).map(Message::Intake)
            ]
            .into(),
        };
        let mut page = column![self.header(user.as_ref(), first_start)];
        if let Some(n) = &self.notice {
            page = page.push(notice(n));
        }
        if let Some(r) = &self.reminder {
            page = page.push(r.view().map(Message::Reminder));
        }
        page = page.push(container(body).height(Fill));
        if !first_start {
            page = page.push(
                self.sync_bar
                    .view(self.can_open_sync() || matches!(self.screen, Screen::Sync(_)))
                    .map(Message::SyncBar),
            );
        }
        page.height(Fill).into()
    }

    /// Two lines: who and where, with the session's buttons; then the
    /// screens the role may open. Before the first account exists, only
    /// the first line: nothing opens until the administrator is created.
    fn header(&self, user: Option<&Actor>, first_start: bool) -> Element<'_, Message> {
        let s = &self.loaded.settings;
        let mut top = row![
            column![
                text(&s.center_name).size(16).font(style::BOLD),
                text(format!(
                    "Quầy số {} · Mã định danh {}",
                    s.counter_no, s.agency_id
                ))
                .size(style::SMALL),
            ]
            .width(Fill),
            text(crate::domain::format::fmt_datetime(self.now)).size(style::SMALL),
        ]
        .spacing(12)
        .align_y(Center);
        if let Some(user) = user.filter(|u| u.username().is_some()) {
            top = top
                .push(
                    column![
                        text(user.display_name().to_string())
                            .size(style::SMALL)
                            .font(style::BOLD),
                        text(user.role().vi()).size(style::SMALL),
                    ]
                    .align_x(iced::Right),
                )
                .push(header_button("Khoá màn hình").on_press(Message::LockNow))
                .push(header_button("Đăng xuất").on_press(Message::Logout));
        }
        let mut lines = column![top].spacing(4);
        if !first_start {
            lines = lines.push(self.nav());
        }
        container(lines)
            .padding([6, 12])
            .style(container::rounded_box)
            .into()
    }

    /// The screens' buttons: those the role may not use are not shown (the
    /// core refuses them anyway); the others open from the intake screen.
    fn nav(&self) -> Row<'_, Message> {
        let on_intake = self.on_intake();
        let open = |m: Message| on_intake.then_some(m);
        let shown = |p: Permission, label: &'static str, m: Message| {
            self.may(p)
                .then(|| header_button(label).on_press_maybe(open(m)))
        };
        row![
            shown(
                Permission::ViewDossiers,
                "Hồ sơ",
                Message::OpenDossiers(screen::dossiers::DueChoice::All)
            ),
            shown(Permission::Reports, "Thống kê", Message::OpenFigures),
            shown(Permission::Reports, "Báo cáo", Message::OpenReport),
            // Only for leads and administrators (screen::audit::allowed).
            self.may_view_audit()
                .then(|| header_button("Nhật ký").on_press_maybe(open(Message::OpenAudit))),
            header_button("Đồng bộ")
                .on_press_maybe(self.can_open_sync().then_some(Message::OpenSync)),
            shown(Permission::ManageStaff, "Cán bộ", Message::OpenStaff),
            shown(Permission::Settings, "Cài đặt", Message::OpenSettings),
            space::horizontal(),
            header_button("Màn hình gọi số").on_press(Message::OpenWindow(WindowKind::Display)),
            header_button("Máy lấy số").on_press(Message::OpenWindow(WindowKind::Kiosk)),
        ]
        .spacing(8)
        .align_y(Center)
    }
}

/// A header button: a size smaller than the screens' own, so the center's
/// name keeps its room on a 1024-pixel screen.
fn header_button(label: &str) -> button::Button<'_, Message> {
    button(text(label).size(style::TEXT))
        .padding([4, 8])
        .style(button::secondary)
}

/// A refused action: what the role may not do, until closed.
fn notice(n: &str) -> Element<'_, Message> {
    container(
        row![
            text(format!("Không được phép: {n}"))
                .style(text::danger)
                .width(Fill),
            button(text("Đã hiểu").size(style::SMALL))
                .style(button::secondary)
                .padding([2, 8])
                .on_press(Message::DismissNotice),
        ]
        .spacing(10)
        .align_y(Center),
    )
    .padding([6, 12])
    .width(Fill)
    .style(container::bordered_box)
    .into()
}
