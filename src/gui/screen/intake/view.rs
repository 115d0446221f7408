use iced::widget::{
    Column, button, checkbox, column, container, pick_list, radio, row, rule, scrollable, space,
    text, text_input,
};
use iced::{Center, Element, Fill, Length};

use super::{Intake, Message, NAME_ID, Notice, PathPrompt, Phase, SEARCH_ID};
use crate::domain::catalog::{DocumentKind, Procedure};
use crate::domain::dossier::{Channel, Dossier, ResultDelivery};
use crate::domain::format::{fmt_datetime_long, fmt_vnd};
use crate::domain::validate::FormField;
use crate::gui::style::{self, BOLD, SMALL, field, section};

const LEFT_WIDTH: f32 = 330.0;

impl Intake {
    pub fn view(&self, today: chrono::NaiveDate) -> Element<'_, Message> {
        let right: Element<'_, Message> = match &self.phase {
            Phase::Saved(d) => self.saved_view(d),
            _ => self.form_view(today),
        };
        let body = row![self.search_view(), rule::vertical(1), right].height(Fill);
        column![body, self.notice_view()].into()
    }

    fn search_view(&self) -> Element<'_, Message> {
        let input = text_input("Tên hoặc mã thủ tục…", &self.query)
            .id(SEARCH_ID)
            .on_input(Message::Query)
            .on_submit(Message::PickFirst)
            .padding(8);
        let selected = self.procedure.as_ref().map(|p| p.code.as_str());
        let items = self
            .results
            .iter()
            .map(|p| result_item(p, selected == Some(p.code.as_str())));
        let list: Element<'_, Message> = if self.results.is_empty() {
            text("Không tìm thấy thủ tục nào. Thử gõ ít chữ hơn hoặc gõ mã thủ tục.")
                .size(SMALL)
                .into()
        } else {
            scrollable(Column::with_children(items).spacing(2).padding([0, 10]))
                .height(Fill)
                .into()
        };
        column![
            text("1. Chọn thủ tục").size(16).font(BOLD),
            input,
            text(if self.matched > self.results.len() {
                format!(
                    "Hiện {}/{} thủ tục · gõ không dấu cũng được",
                    self.results.len(),
                    self.matched
                )
            } else {
                format!("{} thủ tục · gõ không dấu cũng được", self.matched)
            })
            .size(SMALL),
            list
        ]
        .spacing(6)
        .padding(10)
        .width(LEFT_WIDTH)
        .into()
    }

    fn form_view(&self, today: chrono::NaiveDate) -> Element<'_, Message> {
        let Some(procedure) = &self.procedure else {
            let mut hint = column![
                text("Tiếp nhận hồ sơ").size(style::TITLE).font(BOLD),
                text(
                    "Gõ tên hoặc mã thủ tục vào ô bên trái, rồi chọn thủ tục (Enter chọn dòng đầu)."
                ),
                text("Phím tắt: Tab chuyển ô · Enter lưu hồ sơ · Esc xoá biểu mẫu · Ctrl+P in")
                    .size(SMALL),
            ]
            .spacing(10);
            if let Some(e) = self.error(FormField::Procedure) {
                hint = hint.push(text(e).style(text::danger));
            }
            if self.cleared.is_some() {
                hint = hint.push(
                    button(text("Khôi phục biểu mẫu vừa xoá"))
                        .style(button::secondary)
                        .on_press(Message::Undo),
                );
            }
            return container(hint).padding(20).width(Fill).into();
        };
        let input =
            |id: &'static str, placeholder: &str, value: &str, on: fn(String) -> Message| {
                text_input(placeholder, value)
                    .id(id)
                    .on_input(on)
                    .on_submit(Message::Save)
                    .padding(6)
            };
        // The live hint and the save-time error say the same thing: show one.
        let hint = self
            .id_hint(today)
            .filter(|_| self.error(FormField::IdNumber).is_none());
        let id_hint: Element<'_, Message> = match hint {
            Some(Ok(info)) => text(info).size(SMALL).style(text::success).into(),
            Some(Err(e)) => text(e).size(SMALL).style(text::danger).into(),
            None => space().into(),
        };
        let applicant = column![
            field(
                "Họ và tên người nộp *",
                input(NAME_ID, "Nguyễn Văn A", &self.form.name, Message::Name),
                self.error(FormField::Name)
            ),
            row![
                column![
                    field(
                        "Số CCCD (12 chữ số) *",
                        input(
                            "cccd",
                            "001099012345",
                            &self.form.id_number,
                            Message::IdNumber
                        ),
                        self.error(FormField::IdNumber)
                    ),
                    id_hint
                ]
                .width(Fill),
                field(
                    "Số điện thoại *",
                    input("dien-thoai", "0912345678", &self.form.phone, Message::Phone),
                    self.error(FormField::Phone)
                ),
            ]
            .spacing(style::SPACING * 2.0),
            field(
                "Địa chỉ *",
                input(
                    "dia-chi",
                    "Thôn, xã, tỉnh",
                    &self.form.address,
                    Message::Address
                ),
                self.error(FormField::Address)
            ),
            field(
                "Email (không bắt buộc)",
                input("email", "", &self.form.email, Message::Email),
                self.error(FormField::Email)
            ),
            field(
                "Kênh nộp",
                row(Channel::ALL.into_iter().map(|c| radio(
                    c.vi(),
                    c,
                    Some(self.form.channel),
                    Message::Channel
                )
                .into()))
                .spacing(18),
                None
            ),
        ]
        .spacing(style::SPACING);

        let mut deadline_col = column![text(procedure_deadline(procedure)).size(SMALL)];
        if procedure.deadline.is_none() {
            deadline_col = deadline_col.push(field(
                "Số ngày làm việc (danh mục chưa có thời hạn) *",
                input(
                    "so-ngay",
                    "5",
                    &self.form.deadline_days,
                    Message::DeadlineDays,
                )
                .width(120),
                self.error(FormField::Deadline),
            ));
        } else if let Some(e) = self.error(FormField::Deadline) {
            deadline_col = deadline_col.push(text(e).size(SMALL).style(text::danger));
        }
        if let Some(due) = self.preview_due {
            deadline_col = deadline_col.push(
                text(format!(
                    "Hẹn trả nếu lưu bây giờ: {}",
                    fmt_datetime_long(due)
                ))
                .size(SMALL)
                .font(BOLD),
            );
        }
        if let Some(year) = self.calendar_gap {
            deadline_col = deadline_col.push(
                text(format!(
                    "Lưu ý: lịch nghỉ lễ năm {year} chưa được nạp, ngày hẹn có thể rơi vào ngày nghỉ. Báo quản trị viên cập nhật lịch nghỉ lễ."
                ))
                .size(SMALL)
                .style(text::danger),
            );
        }

        let other = column![
            row![
                field(
                    "Số bộ hồ sơ",
                    input("so-bo", "1", &self.form.sets, Message::Sets).width(80),
                    self.error(FormField::Sets)
                ),
                field(
                    "Lệ phí đã thu",
                    input("le-phi", "0 đ", &self.form.fee, Message::Fee).width(160),
                    self.error(FormField::Fee)
                ),
                column![text(procedure.fee.vi()).size(SMALL)]
                    .padding([18, 0])
                    .width(Fill),
            ]
            .spacing(style::SPACING * 2.0),
            field(
                "Nơi nhận kết quả",
                row(ResultDelivery::ALL.into_iter().map(|d| radio(
                    d.vi_short(),
                    d,
                    Some(self.form.delivery),
                    Message::Delivery
                )
                .into()))
                .spacing(18),
                None
            ),
            field(
                "Ghi chú",
                input("ghi-chu", "", &self.form.note, Message::Note),
                self.error(FormField::Note)
            ),
            self.attachments_view(),
        ]
        .spacing(style::SPACING);

        let mut save = button(text("Lưu hồ sơ").font(BOLD)).padding([8, 20]);
        if matches!(self.phase, Phase::Editing) {
            save = save.on_press(Message::Save);
        }
        let actions: Element<'_, Message> = match &self.refusing {
            None => row![
                save,
                button(text("Xoá biểu mẫu (Esc)"))
                    .style(button::secondary)
                    .on_press(Message::Clear),
                iced::widget::space::horizontal(),
                button(text("Từ chối tiếp nhận…"))
                    .style(button::danger)
                    .on_press_maybe(
                        matches!(self.phase, Phase::Editing).then_some(Message::StartRefuse)
                    ),
            ]
            .spacing(style::SPACING)
            .into(),
            Some(reasons) => row![
                text_input("Lý do từ chối (nhiều lý do cách nhau bằng dấu ;)", reasons)
                    .on_input(Message::RefuseReasons)
                    .on_submit(Message::ConfirmRefuse)
                    .padding(8)
                    .width(Fill),
                button(text("Xác nhận từ chối").font(BOLD))
                    .style(button::danger)
                    .padding([8, 14])
                    .on_press_maybe(
                        matches!(self.phase, Phase::Editing).then_some(Message::ConfirmRefuse)
                    ),
                button(text("Huỷ"))
                    .style(button::secondary)
                    .on_press(Message::CancelRefuse),
            ]
            .spacing(style::SPACING)
            .align_y(iced::Center)
            .into(),
        };

        let content = column![
            text(&procedure.name).size(17).font(BOLD),
            text(format!("{} · {}", procedure.code, procedure.field)).size(SMALL),
            deadline_col.spacing(2),
            section("2. Người nộp hồ sơ", applicant),
            section("3. Thành phần hồ sơ đã nhận", self.documents_view()),
            section("4. Số bộ, lệ phí, nơi nhận kết quả", other),
        ]
        .spacing(style::SPACING + 2.0)
        .padding(iced::Padding {
            top: 10.0,
            right: 22.0,
            bottom: 16.0,
            left: 14.0,
        });
        // The save button stays in view however long the checklist is.
        let bar = container(actions)
            .padding([8, 14])
            .width(Fill)
            .style(container::rounded_box);
        column![scrollable(content).width(Fill).height(Fill), bar]
            .width(Fill)
            .into()
    }

    fn documents_view(&self) -> Element<'_, Message> {
        let rows = self.form.documents.iter().enumerate().map(|(i, d)| {
            let label = match &d.condition {
                Some(c) => format!("[{c}] {}", d.name),
                None => d.name.clone(),
            };
            row![
                checkbox(d.received).on_toggle(move |b| Message::DocReceived(i, b)),
                text(label).size(SMALL).width(Fill),
                pick_list(&DocumentKind::ALL[..], Some(d.kind), move |k| {
                    Message::DocKind(i, k)
                })
                .text_size(SMALL)
                .width(150),
                text_input("1", &d.count)
                    .on_input(move |v| Message::DocCount(i, v))
                    .on_submit(Message::Save)
                    .size(SMALL)
                    .width(44),
            ]
            .spacing(6)
            .align_y(Center)
            .into()
        });
        let mut col = Column::with_children(rows).spacing(4);
        if self.form.documents.is_empty() {
            col = col.push(text("Danh mục không liệt kê giấy tờ cho thủ tục này.").size(SMALL));
        }
        let add = (!self.extra_document.trim().is_empty()).then_some(Message::AddExtraDocument);
        col = col.push(
            row![
                text_input(
                    "Thêm giấy tờ khác (không có trong danh mục)…",
                    &self.extra_document
                )
                .id("giay-to-khac")
                .on_input(Message::ExtraDocument)
                .on_submit_maybe(add.clone())
                .size(SMALL),
                button(text("Thêm").size(SMALL))
                    .style(button::secondary)
                    .on_press_maybe(add),
            ]
            .spacing(6),
        );
        if let Some(e) = self.error(FormField::Documents) {
            col = col.push(text(e).size(SMALL).style(text::danger));
        }
        col.into()
    }

    fn attachments_view(&self) -> Element<'_, Message> {
        let mut col = column![
            row![
                text("Tệp scan đính kèm").size(SMALL).width(Fill),
                button(text("Đính kèm tệp…").size(SMALL))
                    .style(button::secondary)
                    .on_press_maybe((!self.busy).then_some(Message::Attach)),
            ]
            .align_y(Center)
        ]
        .spacing(4);
        for (i, a) in self.form.attachments.iter().enumerate() {
            col = col.push(
                row![
                    text(format!(
                        "{} ({:.1} MB)",
                        a.file_name,
                        a.size_bytes as f64 / 1_048_576.0
                    ))
                    .size(SMALL)
                    .width(Fill),
                    button(text("Bỏ").size(SMALL))
                        .style(button::text)
                        .on_press(Message::RemoveAttachment(i)),
                ]
                .align_y(Center),
            );
        }
        if let Some((PathPrompt::Attachment, path)) = &self.prompt {
            col = col.push(self.path_prompt(path));
        }
        if let Some(e) = self.error(FormField::Attachments) {
            col = col.push(text(e).size(SMALL).style(text::danger));
        }
        col.into()
    }

    fn path_prompt<'a>(&'a self, path: &'a str) -> Element<'a, Message> {
        row![
            text_input("/home/…/tep.pdf", path)
                .id("duong-dan")
                .on_input(Message::TypedPath)
                .on_submit(Message::SubmitTypedPath)
                .size(SMALL),
            button(text("Huỷ").size(SMALL))
                .style(button::text)
                .on_press(Message::CancelTypedPath),
        ]
        .spacing(6)
        .into()
    }

    fn saved_view<'a>(&'a self, d: &'a Dossier) -> Element<'a, Message> {
        let enabled = |m: Message| (!self.busy).then_some(m);
        let mut col = column![
            text("Đã lưu hồ sơ")
                .size(style::TITLE)
                .font(BOLD)
                .style(text::success),
            text("Mã hồ sơ").size(SMALL),
            text(&d.code).size(28).font(BOLD),
            text("Hẹn trả kết quả").size(SMALL),
            text(fmt_datetime_long(d.due_at)).size(20).font(BOLD),
            rule::horizontal(1),
            text(format!(
                "Người nộp: {} · CCCD {}",
                d.applicant.name, d.applicant.id_number
            )),
            text(format!("Thủ tục: {}", d.procedure_name)),
            text(format!(
                "Tiếp nhận lúc {} · {} bộ · lệ phí {} · Sổ theo dõi quyển {} số {}",
                fmt_datetime_long(d.received_at),
                d.sets,
                fmt_vnd(d.fee_vnd),
                d.register_book,
                d.register_no
            ))
            .size(SMALL),
            row![
                button(text("In Giấy tiếp nhận (Ctrl+P)").font(BOLD))
                    .padding([8, 16])
                    .on_press_maybe(enabled(Message::Print)),
                button(text("Lưu PDF…"))
                    .style(button::secondary)
                    .padding([8, 16])
                    .on_press_maybe(enabled(Message::SaveSlip)),
                button(text("Tiếp nhận hồ sơ mới (Esc)"))
                    .style(button::secondary)
                    .padding([8, 16])
                    .on_press(Message::Clear),
            ]
            .spacing(style::SPACING),
        ]
        .spacing(style::SPACING);
        if let Some((PathPrompt::SlipPdf, path)) = &self.prompt {
            col = col
                .push(text("Lưu PDF vào (đường dẫn đầy đủ):").size(SMALL))
                .push(self.path_prompt(path));
        }
        scrollable(container(col).padding(24).width(Fill))
            .height(Fill)
            .into()
    }

    fn notice_view(&self) -> Element<'_, Message> {
        let (content, style): (&str, fn(&iced::Theme) -> container::Style) = match &self.notice {
            Some(Notice::Info(t)) => (t, container::secondary),
            Some(Notice::Error(t)) => (t, container::danger),
            None => ("", container::transparent),
        };
        let mut bar = row![text(content).size(SMALL).width(Fill)].align_y(Center);
        if self.cleared.is_some() && self.procedure.is_none() {
            bar = bar.push(
                button(text("Khôi phục").size(SMALL))
                    .style(button::text)
                    .on_press(Message::Undo),
            );
        }
        container(bar)
            .padding([4, 10])
            .width(Fill)
            .height(Length::Shrink)
            .style(style)
            .into()
    }
}

fn result_item<'a>(p: &'a Procedure, selected: bool) -> Element<'a, Message> {
    let body = column![
        text(&p.name).size(14),
        text(format!("{} · {}", p.code, p.field)).size(12),
    ]
    .spacing(1);
    button(body)
        .width(Fill)
        .padding([6, 8])
        .style(if selected {
            button::primary
        } else {
            button::text
        })
        .on_press(Message::Select(p.code.clone()))
        .into()
}

fn procedure_deadline(p: &Procedure) -> String {
    match p.deadline {
        Some(d) => format!("Thời hạn giải quyết: {}", d.vi()),
        None => "Thời hạn giải quyết: danh mục chưa có".into(),
    }
}
