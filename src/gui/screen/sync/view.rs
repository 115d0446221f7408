//! The sync screen's layout: figures and hub settings on the left, rejected
//! events and end-of-day bundles on the right.

use iced::widget::{Column, button, column, container, row, scrollable, space, text, text_input};
use iced::{Center, Element, Fill, FillPortion};

use super::status_bar::SyncBar;
use super::{
    ACK_PATH_ID, DISMISS_NOTE_ID, Details, HUB_URL_ID, Message, Notice, SyncRights, SyncScreen,
    TOKEN_ID, kind_vi,
};
use crate::domain::format::fmt_datetime;
use crate::gui::style::{self, BOLD, SMALL, field};
use crate::store::Quarantined;

impl SyncScreen {
    pub fn view<'a>(&'a self, bar: &'a SyncBar, rights: SyncRights) -> Element<'a, Message> {
        let title = row![
            text("Đồng bộ với hệ thống của tỉnh")
                .size(style::TITLE)
                .font(BOLD),
            space::horizontal(),
            button(text("Đóng (Esc)"))
                .style(button::secondary)
                .on_press(Message::Close),
        ]
        .align_y(Center);
        let hub = match rights.settings {
            true => self.hub(bar),
            false => section("Máy chủ đồng bộ", text(ADMIN_ONLY).size(SMALL)),
        };
        let left = column![self.status(bar), hub]
            .spacing(12)
            .width(FillPortion(1));
        let right = column![
            self.quarantine(rights.settings),
            self.bundles(rights.bundles)
        ]
        .spacing(12)
        .width(FillPortion(1));
        let mut page = column![title].spacing(10);
        if let Some(e) = &self.load_error {
            page = page.push(text(e.as_str()).style(text::danger));
        }
        // Room on the right for the scrollbar, so it never covers a button.
        let body = row![left, right].spacing(12).padding(iced::Padding {
            right: 14.0,
            ..iced::Padding::ZERO
        });
        page = page.push(scrollable(body).height(Fill));
        container(page)
            .padding([10, 16])
            .width(Fill)
            .height(Fill)
            .into()
    }

    fn status<'a>(&'a self, bar: &'a SyncBar) -> Element<'a, Message> {
        let (link, tone) = bar.link_text();
        let mut col = column![tone.style(text(link).font(BOLD))].spacing(4);
        let line = |s: String| text(s).size(SMALL);
        if let Some(o) = bar.overview() {
            let s = &o.state;
            col = col.push(line(match &o.hub_url {
                Some(url) => format!("Máy chủ: {url}"),
                None => "Máy chủ: chưa có địa chỉ (nhập ở mục bên dưới)".into(),
            }));
            col = col
                .push(line(format!(
                    "Tỉnh đã xác nhận: {} trên {} sự kiện",
                    s.acked_through, s.last_seq
                )))
                .push(line(format!("Chờ gửi: {}", s.pending)).font(BOLD));
            let rejected = line(format!("Bị từ chối, chờ xử lý: {}", s.quarantined));
            col = col.push(match s.quarantined > 0 {
                true => rejected.style(text::danger).font(BOLD),
                false => rejected,
            });
            col = col
                .push(line(match s.last_success_at {
                    Some(at) => format!("Đồng bộ lần cuối: {}", fmt_datetime(at)),
                    None => "Đồng bộ lần cuối: chưa lần nào".into(),
                }))
                .push(line(match s.last_attempt_at {
                    Some(at) => format!("Lần thử gần nhất: {}", fmt_datetime(at)),
                    None => "Lần thử gần nhất: chưa lần nào".into(),
                }));
            if let Some(e) = &s.last_error {
                col = col.push(line(format!("Lỗi gần nhất: {e}")).style(text::danger));
            }
        }
        if let super::status_bar::Link::Failed { message, .. } = bar.link() {
            col = col.push(line(message.clone()).style(text::danger));
        }
        col = col.push(
            button(text("Đồng bộ ngay")).on_press_maybe(bar.can_wake().then_some(Message::SyncNow)),
        );
        if let Some(d) = &self.details {
            col = col.push(line(format!("Mã trạm của quầy này: {}", d.station_id)));
        }
        section("Tình trạng", col)
    }

    fn hub<'a>(&'a self, bar: &'a SyncBar) -> Element<'a, Message> {
        let busy = self.working;
        let mut col = column![
            field(
                "Địa chỉ máy chủ đồng bộ của tỉnh",
                text_input("http://10.0.0.5:8750", &self.hub_url)
                    .id(HUB_URL_ID)
                    .on_input(Message::HubUrl)
                    .padding(5),
                None,
            ),
            field(
                "Mã đăng ký do tỉnh cấp",
                text_input("", &self.token)
                    .id(TOKEN_ID)
                    .on_input(Message::Token)
                    .secure(true)
                    .padding(5),
                None,
            ),
            row![
                button(text("Lưu địa chỉ"))
                    .style(button::secondary)
                    .on_press_maybe((!busy).then_some(Message::SaveHub)),
                button(text("Đăng ký với máy chủ"))
                    .on_press_maybe((!busy).then_some(Message::Enrol)),
            ]
            .spacing(8),
            text(
                "Quầy mới: nhập địa chỉ và mã đăng ký rồi bấm \"Đăng ký với máy chủ\". \
                 Quầy đã được tỉnh đăng ký sẵn: chỉ cần lưu địa chỉ."
            )
            .size(SMALL),
        ]
        .spacing(8);
        let stored = self.details.as_ref().map(|d| d.hub.hub_url.trim());
        if let (Some(url), Some(stored)) = (bar.hub_url(), stored)
            && url != stored.trim_end_matches('/')
        {
            col = col.push(
                text(format!(
                    "Đang dùng địa chỉ {url} do biến môi trường QUAY_HUB_URL đặt."
                ))
                .size(SMALL)
                .style(text::warning),
            );
        }
        if let Some(n) = notice(&self.hub_notice) {
            col = col.push(n);
        }
        section("Máy chủ đồng bộ", col)
    }

    fn quarantine(&self, may_decide: bool) -> Element<'_, Message> {
        let mut col = Column::new().spacing(8);
        match &self.details {
            None => col = col.push(text("Đang tải…").size(SMALL)),
            Some(Details { quarantine, .. }) if quarantine.is_empty() => {
                col = col.push(text("Không có sự kiện nào bị từ chối.").size(SMALL));
            }
            Some(Details { quarantine, .. }) => {
                col = col.push(
                    text(
                        "Sửa nguyên nhân (ví dụ: đề nghị tỉnh bổ sung thủ tục vào danh mục) rồi bấm \
                         \"Gửi lại\". Nếu đã xử lý cách khác, bấm \"Gác lại…\" và ghi lý do.",
                    )
                    .size(SMALL),
                );
                if !may_decide {
                    col = col.push(text(ADMIN_ONLY).size(SMALL));
                }
                for q in quarantine {
                    col = col.push(self.rejected(q, may_decide));
                }
            }
        }
        if let Some(n) = notice(&self.quarantine_notice) {
            col = col.push(n);
        }
        section("Sự kiện bị tỉnh từ chối", col)
    }

    fn rejected<'a>(&'a self, q: &'a Quarantined, may_decide: bool) -> Element<'a, Message> {
        // The entity is the dossier's code for every dossier event.
        let mut col = column![
            row![
                text(&q.entity_key).font(BOLD),
                text(kind_vi(&q.kind)).size(SMALL)
            ]
            .spacing(10)
            .align_y(Center),
            text(format!(
                "Sự kiện số {} · bị từ chối lúc {}",
                q.seq,
                fmt_datetime(q.rejected_at)
            ))
            .size(SMALL),
            text(format!("Lý do: {}", q.reason))
                .size(SMALL)
                .style(text::danger),
        ]
        .spacing(4);
        let busy = self.working;
        match &self.dismissing {
            _ if !may_decide => {}
            Some(d) if d.seq == q.seq => {
                col = col.push(field(
                    "Lý do gác lại (bắt buộc)",
                    text_input("Ví dụ: đã nhập tay trên hệ thống của tỉnh", &d.note)
                        .id(DISMISS_NOTE_ID)
                        .on_input(Message::DismissNote)
                        .on_submit(Message::ConfirmDismiss)
                        .size(SMALL)
                        .padding(5),
                    d.error.as_deref(),
                ));
                col = col.push(
                    row![
                        button(text("Xác nhận gác lại").size(SMALL))
                            .style(button::danger)
                            .on_press_maybe((!busy).then_some(Message::ConfirmDismiss)),
                        button(text("Huỷ").size(SMALL))
                            .style(button::secondary)
                            .on_press(Message::CancelDismiss),
                    ]
                    .spacing(8),
                );
            }
            _ => {
                col = col.push(
                    row![
                        button(text("Gửi lại").size(SMALL))
                            .on_press_maybe((!busy).then_some(Message::Resend(q.seq))),
                        button(text("Gác lại…").size(SMALL))
                            .style(button::secondary)
                            .on_press_maybe((!busy).then_some(Message::BeginDismiss(q.seq))),
                    ]
                    .spacing(8),
                );
            }
        }
        container(col)
            .padding(8)
            .width(Fill)
            .style(container::rounded_box)
            .into()
    }

    fn bundles(&self, may_export: bool) -> Element<'_, Message> {
        let busy = self.working;
        let buttons: Element<'_, Message> = match may_export {
            true => row![
                button(text("Xuất gói đồng bộ cuối ngày"))
                    .on_press_maybe((!busy).then_some(Message::Export)),
                button(text("Nhập tệp xác nhận"))
                    .style(button::secondary)
                    .on_press_maybe((!busy).then_some(Message::ImportAck)),
            ]
            .spacing(8)
            .wrap()
            .vertical_spacing(8)
            .into(),
            false => text(ADMIN_ONLY).size(SMALL).into(),
        };
        let mut col = column![
            text(
                "Khi không có mạng: xuất gói vào USB, mang đến nơi nhập vào hệ thống của tỉnh, \
                 rồi nhập tệp xác nhận mang về vào máy này."
            )
            .size(SMALL),
            buttons,
        ]
        .spacing(8);
        if let Some(n) = notice(&self.export_notice) {
            col = col.push(n);
        }
        if let Some(path) = &self.ack_path {
            col = col.push(
                text("Máy này không mở được hộp chọn tệp. Gõ đường dẫn tệp xác nhận:").size(SMALL),
            );
            col = col.push(
                row![
                    text_input("/media/usb/quay-ack.json", path)
                        .id(ACK_PATH_ID)
                        .on_input(Message::AckPath)
                        .on_submit(Message::ApplyAckPath)
                        .size(SMALL)
                        .padding(5),
                    button(text("Nhập tệp này").size(SMALL))
                        .on_press_maybe((!busy).then_some(Message::ApplyAckPath)),
                ]
                .spacing(8)
                .align_y(Center),
            );
        }
        if let Some(n) = notice(&self.ack_notice) {
            col = col.push(n);
        }
        col = col.push(text("Các gói đã xuất").font(BOLD));
        match &self.details {
            None => col = col.push(text("Đang tải…").size(SMALL)),
            Some(d) if d.bundles.is_empty() => {
                col = col.push(text("Chưa xuất gói nào.").size(SMALL));
            }
            Some(d) => {
                for b in &d.bundles {
                    col = col.push(
                        column![
                            text(&b.file_name).size(SMALL).font(BOLD),
                            text(format!(
                                "{} · sự kiện số {}–{} ({} sự kiện) · {} tệp đính kèm",
                                fmt_datetime(b.created_at),
                                b.first_seq,
                                b.last_seq,
                                b.events,
                                b.attachments
                            ))
                            .size(SMALL),
                        ]
                        .spacing(1),
                    );
                }
            }
        }
        section("Gói đồng bộ cuối ngày", col)
    }
}

/// Said where a role sees what only an administrator may change.
const ADMIN_ONLY: &str = "Chỉ quản trị viên được thay đổi phần này.";

fn notice(n: &Notice) -> Option<Element<'_, Message>> {
    n.as_ref().map(|n| match n {
        Ok(m) => text(m.as_str()).size(SMALL).style(text::success).into(),
        Err(m) => text(m.as_str()).size(SMALL).style(text::danger).into(),
    })
}

/// A titled box as wide as its column, so the two columns line up.
fn section<'a>(title: &'a str, body: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(column![text(title).size(16).font(BOLD), body.into()].spacing(6))
        .padding(10)
        .width(Fill)
        .style(container::bordered_box)
        .into()
}
