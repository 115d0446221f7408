//! Corrections, not deletions, in the detail pane: a lead's "Sửa thông tin…"
//! form (prefilled with the stored values, a reason required) and "Huỷ hồ
//! sơ…" (a reason, then a confirmation), and the "Lịch sử sửa đổi" block that
//! keeps the original values visible. The form checks what it can with the
//! intake rules so errors show beside their field; the store checks again.

use chrono::NaiveDateTime;
use iced::widget::{Column, button, column, container, radio, row, text, text_input};
use iced::{Center, Element, Fill};

use super::Message;
use crate::domain::access::{Permission, Role};
use crate::domain::correction::{
    Correctable, Correction, CorrectionKind, DossierCorrection, ReasonError, check_correction,
    clean_reason,
};
use crate::domain::dossier::{Dossier, ResultDelivery};
use crate::domain::format::fmt_datetime;
use crate::domain::validate::{FieldError, FormField};
use crate::gui::style::{BOLD, SMALL, field};

/// Whether `role` may correct or cancel a saved dossier: the buttons show only
/// then (the store refuses anyone else anyway).
pub fn may_correct(role: Role) -> bool {
    role.allows(Permission::Correct)
}

/// Which of the two forms is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectionMode {
    Correct,
    Cancel,
}

impl CorrectionMode {
    pub fn label(self) -> &'static str {
        match self {
            CorrectionMode::Correct => "Sửa thông tin…",
            CorrectionMode::Cancel => "Huỷ hồ sơ…",
        }
    }
}

#[derive(Debug, Clone)]
pub enum CorrectionMessage {
    Name(String),
    IdNumber(String),
    Phone(String),
    Address(String),
    Email(String),
    Note(String),
    Delivery(ResultDelivery),
    Reason(String),
}

/// What the form asks the store to do.
#[derive(Debug, Clone, PartialEq)]
pub enum CorrectionRequest {
    Correct {
        changes: DossierCorrection,
        reason: String,
    },
    Cancel {
        reason: String,
    },
}

#[derive(Debug, Clone)]
pub struct CorrectionForm {
    pub mode: CorrectionMode,
    stored: Correctable,
    name: String,
    id_number: String,
    phone: String,
    address: String,
    email: String,
    note: String,
    delivery: ResultDelivery,
    reason: String,
    /// The intake rules' complaints, each shown under its field.
    field_errors: Vec<FieldError>,
    /// A complaint about the whole form, or the store's refusal.
    pub error: Option<String>,
    /// "Huỷ hồ sơ" pressed once: the next press cancels.
    confirming: bool,
}

impl CorrectionForm {
    pub fn new(mode: CorrectionMode, d: &Dossier) -> Self {
        let stored = Correctable::of(d);
        CorrectionForm {
            mode,
            name: stored.name.clone(),
            id_number: stored.id_number.clone(),
            phone: stored.phone.clone(),
            address: stored.address.clone(),
            email: stored.email.clone().unwrap_or_default(),
            note: stored.note.clone(),
            delivery: stored.result_delivery,
            stored,
            reason: String::new(),
            field_errors: Vec::new(),
            error: None,
            confirming: false,
        }
    }

    pub fn update(&mut self, m: CorrectionMessage) {
        self.error = None;
        self.confirming = false;
        let (slot, field) = match m {
            CorrectionMessage::Name(s) => (s, FormField::Name),
            CorrectionMessage::IdNumber(s) => (s, FormField::IdNumber),
            CorrectionMessage::Phone(s) => (s, FormField::Phone),
            CorrectionMessage::Address(s) => (s, FormField::Address),
            CorrectionMessage::Email(s) => (s, FormField::Email),
            CorrectionMessage::Note(s) => (s, FormField::Note),
            CorrectionMessage::Delivery(d) => {
                self.delivery = d;
                return;
            }
            CorrectionMessage::Reason(s) => {
                self.reason = s;
                return;
            }
        };
        self.field_errors.retain(|e| e.field != field);
        *match field {
            FormField::Name => &mut self.name,
            FormField::IdNumber => &mut self.id_number,
            FormField::Phone => &mut self.phone,
            FormField::Address => &mut self.address,
            FormField::Email => &mut self.email,
            _ => &mut self.note,
        } = slot;
    }

    /// The request to send, or None with the errors shown in the form;
    /// nothing typed is lost either way.
    pub fn submit(&mut self, now: NaiveDateTime) -> Option<CorrectionRequest> {
        self.error = None;
        self.field_errors.clear();
        let reason = match clean_reason(&self.reason) {
            Ok(r) => Some(r),
            Err(ReasonError::Missing) => {
                self.error = Some(match self.mode {
                    CorrectionMode::Correct => "Hãy ghi lý do sửa.".into(),
                    CorrectionMode::Cancel => "Hãy ghi lý do huỷ hồ sơ.".into(),
                });
                None
            }
            Err(e) => {
                self.error = Some(crate::domain::Localized::vi(&e));
                None
            }
        };
        match self.mode {
            CorrectionMode::Cancel => {
                let reason = reason?;
                if !self.confirming {
                    self.confirming = true;
                    return None;
                }
                Some(CorrectionRequest::Cancel { reason })
            }
            CorrectionMode::Correct => {
                let changes = self.changes();
                match check_correction(&self.stored, &changes, now) {
                    Err(errors) => {
                        self.field_errors = errors;
                        None
                    }
                    Ok((_, changed)) if changed.is_empty() => {
                        self.error = Some(
                            "Chưa có thông tin nào khác với thông tin đã lưu: không có gì để sửa."
                                .into(),
                        );
                        None
                    }
                    Ok(_) => Some(CorrectionRequest::Correct {
                        changes,
                        reason: reason?,
                    }),
                }
            }
        }
    }

    fn changes(&self) -> DossierCorrection {
        DossierCorrection {
            name: Some(self.name.clone()),
            id_number: Some(self.id_number.clone()),
            phone: Some(self.phone.clone()),
            address: Some(self.address.clone()),
            email: Some(self.email.clone()),
            note: Some(self.note.clone()),
            result_delivery: Some(self.delivery),
        }
    }

    fn field_error(&self, f: FormField) -> Option<&str> {
        self.field_errors
            .iter()
            .find(|e| e.field == f)
            .map(|e| e.vi.as_str())
    }
}

fn input<'a>(
    value: &'a str,
    on: fn(String) -> CorrectionMessage,
) -> iced::widget::TextInput<'a, Message> {
    text_input("", value)
        .on_input(move |s| Message::Correction(on(s)))
        .size(SMALL)
        .padding(5)
}

pub fn form_view(f: &CorrectionForm) -> Element<'_, Message> {
    let title = match f.mode {
        CorrectionMode::Correct => "Sửa thông tin hồ sơ",
        CorrectionMode::Cancel => "Huỷ hồ sơ này",
    };
    let mut col = column![text(title).font(BOLD)].spacing(6);
    if f.mode == CorrectionMode::Correct {
        let line = |label, value, on, form_field| {
            field(label, input(value, on), f.field_error(form_field))
        };
        col = col
            .push(line(
                "Họ và tên",
                &f.name,
                CorrectionMessage::Name,
                FormField::Name,
            ))
            .push(
                row![
                    line(
                        "Số CCCD",
                        &f.id_number,
                        CorrectionMessage::IdNumber,
                        FormField::IdNumber
                    ),
                    line(
                        "Số điện thoại",
                        &f.phone,
                        CorrectionMessage::Phone,
                        FormField::Phone
                    ),
                ]
                .spacing(8),
            )
            .push(line(
                "Địa chỉ",
                &f.address,
                CorrectionMessage::Address,
                FormField::Address,
            ))
            .push(
                row![
                    line(
                        "Email",
                        &f.email,
                        CorrectionMessage::Email,
                        FormField::Email
                    ),
                    line("Ghi chú", &f.note, CorrectionMessage::Note, FormField::Note),
                ]
                .spacing(8),
            );
        let methods = ResultDelivery::ALL.into_iter().map(|m| {
            radio(m.vi_short(), m, Some(f.delivery), |m| {
                Message::Correction(CorrectionMessage::Delivery(m))
            })
            .size(14)
            .text_size(SMALL)
            .into()
        });
        col = col.push(
            row(std::iter::once(text("Nơi nhận kết quả:").size(SMALL).into()).chain(methods))
                .spacing(12)
                .align_y(Center),
        );
        col = col.push(
            text("Không sửa được mã hồ sơ, thời điểm tiếp nhận và thủ tục.")
                .size(SMALL)
                .style(text::secondary),
        );
    } else {
        col = col.push(
            text(
                "Hồ sơ đã huỷ vẫn được lưu và giữ số trong sổ theo dõi, nhưng không tính \
                 vào báo cáo, không còn hạn trả và không xử lý tiếp được.",
            )
            .size(SMALL),
        );
    }
    let reason_label = match f.mode {
        CorrectionMode::Correct => "Lý do sửa (bắt buộc)",
        CorrectionMode::Cancel => "Lý do huỷ (bắt buộc)",
    };
    col = col.push(field(
        reason_label,
        input(&f.reason, CorrectionMessage::Reason),
        None,
    ));
    if let Some(e) = &f.error {
        col = col.push(text(e).size(SMALL).style(text::danger));
    }
    let submit = match (f.mode, f.confirming) {
        (CorrectionMode::Correct, _) => button(text("Lưu thay đổi")),
        (CorrectionMode::Cancel, false) => button(text("Huỷ hồ sơ")).style(button::danger),
        (CorrectionMode::Cancel, true) => {
            col = col.push(
                text("Bấm \"Xác nhận huỷ\" để huỷ hồ sơ này. Không thể hoàn tác.")
                    .size(SMALL)
                    .style(text::danger),
            );
            button(text("Xác nhận huỷ")).style(button::danger)
        }
    };
    col = col.push(
        row![
            submit.on_press(Message::SubmitCorrection),
            button(text("Đóng"))
                .style(button::secondary)
                .on_press(Message::Cancel),
        ]
        .spacing(8),
    );
    container(col)
        .padding(8)
        .style(container::rounded_box)
        .into()
}

/// "ĐÃ HUỶ – <lý do>", in red at the top of a cancelled dossier.
pub fn cancelled_banner(corrections: &[Correction]) -> Option<Element<'_, Message>> {
    let c = cancellation(corrections)?;
    Some(
        text(format!("ĐÃ HUỶ – {}", c.reason))
            .font(BOLD)
            .style(text::danger)
            .into(),
    )
}

pub fn cancellation(corrections: &[Correction]) -> Option<&Correction> {
    corrections
        .iter()
        .find(|c| c.kind == CorrectionKind::Cancel)
}

/// "Lịch sử sửa đổi": each correction with its time, officer and reason, and
/// every field before → after, so the values first received stay visible.
pub fn history_view(corrections: &[Correction]) -> Option<Element<'_, Message>> {
    if corrections.is_empty() {
        return None;
    }
    let entries = corrections.iter().map(|c| {
        let what = match c.kind {
            CorrectionKind::Correct => "Sửa thông tin",
            CorrectionKind::Cancel => "Huỷ hồ sơ",
        };
        let mut entry = column![
            text(format!("{} · {what} · {}", fmt_datetime(c.at), c.actor))
                .size(SMALL)
                .font(BOLD),
            text(format!("Lý do: {}", c.reason)).size(SMALL),
        ]
        .spacing(2);
        for change in &c.changes {
            entry = entry.push(
                row![
                    text(format!("{}:", change.field.vi())).size(SMALL),
                    text(change.before_vi()).size(SMALL),
                    text("→").size(SMALL),
                    text(change.after_vi()).size(SMALL),
                ]
                .spacing(6)
                .align_y(Center)
                .wrap(),
            );
        }
        entry.into()
    });
    Some(
        column![
            text("Lịch sử sửa đổi").font(BOLD),
            Column::with_children(entries).spacing(6).width(Fill),
        ]
        .spacing(4)
        .into(),
    )
}
