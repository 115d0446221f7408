//! The opened dossier: its dates and clock, what happened to it, the steps open
//! to it with their small forms, the forms to print, and its status history.

use iced::widget::{Column, button, column, container, radio, row, scrollable, text, text_input};
use iced::{Center, Element, Fill};

use super::correction_form::{self, CorrectionMode};
use super::step_form::{FormMessage, StepForm, StepKind, available};
use super::{Message, Opened, available_forms, form_label};
use crate::domain::dossier::ResultDelivery;
use crate::domain::format::{fmt_datetime, fmt_datetime_long, fmt_vnd};
use crate::domain::lifecycle::DossierStatus;
use crate::gui::style::{BOLD, SMALL, field};
use crate::store::DossierSync;

pub fn view<'a>(o: &'a Opened, now: chrono::NaiveDateTime) -> Element<'a, Message> {
    let d = &o.dossier;
    let p = &o.progress;
    let current = DossierStatus::from_code(d.status);
    let cancelled = correction_form::cancellation(&o.corrections).is_some();
    let mut col = column![
        text(&d.code).size(18).font(BOLD),
        correction_form::cancelled_banner(&o.corrections),
        text(format!(
            "{} · CCCD {} · {}",
            d.applicant.name, d.applicant.id_number, d.applicant.phone
        )),
        text(&d.procedure_name).size(SMALL),
        text(format!(
            "Tiếp nhận: {} · Hẹn trả: {}",
            fmt_datetime(d.received_at),
            fmt_datetime_long(d.due_at)
        ))
        .size(SMALL),
        status_line(
            text(format!(
                "Trạng thái: {}",
                current.map(|c| c.vi()).unwrap_or("?")
            ))
            .font(BOLD),
            &o.sync
        ),
    ]
    .spacing(4);
    for line in progress_lines(o) {
        col = col.push(line);
    }

    let steps = available(d, p, now);
    if cancelled {
        col = col.push(text("Hồ sơ đã huỷ: không xử lý tiếp được.").size(SMALL));
    } else if steps.is_empty() {
        col = col.push(text("Hồ sơ đã kết thúc: không còn bước xử lý nào.").size(SMALL));
    } else if o.form.is_none() {
        let buttons = steps.into_iter().map(|k| {
            button(text(k.label()).size(SMALL))
                .style(button::secondary)
                .on_press(Message::Begin(k))
                .into()
        });
        col = col.push(text("Xử lý tiếp").font(BOLD)).push(
            iced::widget::Row::with_children(buttons)
                .spacing(6)
                .wrap()
                .vertical_spacing(6),
        );
    }
    if let Some(form) = &o.form {
        col = col.push(form_view(form));
    }

    let forms = available_forms(p).into_iter().map(|f| {
        row![
            button(text(format!("In {}", form_label(f))).size(SMALL))
                .style(button::secondary)
                .on_press(Message::Print(f)),
            button(text("Lưu PDF").size(SMALL))
                .style(button::text)
                .on_press(Message::SavePdf(f)),
        ]
        .spacing(4)
        .into()
    });
    col = col
        .push(text("In biểu mẫu").font(BOLD))
        .push(Column::with_children(forms).spacing(4));

    // Corrections, not deletions: a lead corrects or cancels, never deletes.
    if o.may_correct && !cancelled && o.form.is_none() && o.correction.is_none() {
        let buttons = [CorrectionMode::Correct, CorrectionMode::Cancel].map(|m| {
            button(text(m.label()).size(SMALL))
                .style(button::secondary)
                .on_press(Message::BeginCorrection(m))
                .into()
        });
        col = col
            .push(text("Sửa, huỷ hồ sơ").font(BOLD))
            .push(row(buttons).spacing(6));
    }
    if let Some(form) = &o.correction {
        col = col.push(correction_form::form_view(form));
    }

    let history = Column::with_children(p.history.iter().map(|h| {
        text(format!(
            "{} · {} → {} · {}{}",
            fmt_datetime(h.at),
            h.from.vi(),
            h.to.vi(),
            h.actor,
            if h.note.is_empty() {
                String::new()
            } else {
                format!(" · {}", h.note)
            }
        ))
        .size(SMALL)
        .into()
    }))
    .spacing(2);
    col = col
        .push(text("Lịch sử trạng thái").font(BOLD))
        .push(history)
        .push(correction_form::history_view(&o.corrections));
    // Room on the right for the scrollbar, so it never covers text.
    let col = col.spacing(8).padding(iced::Padding {
        right: 14.0,
        ..iced::Padding::ZERO
    });
    container(scrollable(col))
        .padding(10)
        .width(iced::FillPortion(2))
        .height(Fill)
        .style(container::bordered_box)
        .into()
}

/// The status, and on the same line where the dossier stands with the
/// provincial system; a rejection gets a line of its own and a way to the
/// sync screen.
fn status_line<'a>(status: iced::widget::Text<'a>, sync: &'a DossierSync) -> Element<'a, Message> {
    let dot = || text("·").size(SMALL);
    match sync {
        DossierSync::Sent => row![
            status,
            dot(),
            text("Đã gửi lên tỉnh").size(SMALL).style(text::success)
        ]
        .spacing(8)
        .align_y(Center)
        .into(),
        DossierSync::Pending { events } => row![
            status,
            dot(),
            text(format!("Chờ gửi ({events} sự kiện)")).size(SMALL)
        ]
        .spacing(8)
        .align_y(Center)
        .into(),
        DossierSync::Rejected { reason, .. } => column![
            status,
            row![
                text(format!("Bị từ chối: {reason}"))
                    .size(SMALL)
                    .style(text::danger)
                    .width(Fill),
                button(text("Xem ở mục Đồng bộ").size(SMALL))
                    .style(button::danger)
                    .padding([2, 8])
                    .on_press(Message::OpenSync),
            ]
            .spacing(8)
            .align_y(Center),
        ]
        .spacing(4)
        .into(),
    }
}

/// The clock, transfers, payments, supplement requests, apology and return.
fn progress_lines(o: &Opened) -> Vec<Element<'_, Message>> {
    let p = &o.progress;
    let mut out: Vec<Element<'_, Message>> = Vec::new();
    let line = |s: String| text(s).size(SMALL);
    if let Some(at) = p.paused_at {
        out.push(
            line(format!(
                "Thời hạn đang tạm dừng từ {} (chờ công dân bổ sung giấy tờ).",
                fmt_datetime(at)
            ))
            .style(text::warning)
            .into(),
        );
    }
    if let Some(a) = &p.apology {
        out.push(
            line(format!(
                "Đã xin lỗi ngày {}, hẹn lại: {} (hạn cũ {}). Vẫn tính là quá hạn.",
                fmt_datetime(a.at),
                fmt_datetime_long(a.new_due_at),
                fmt_datetime(a.old_due_at)
            ))
            .style(text::warning)
            .into(),
        );
    }
    for s in &p.supplements {
        let resumed = match (s.resumed_at, s.due_after) {
            (Some(r), Some(due)) => format!(
                "; đã bổ sung {}, hạn mới {}",
                fmt_datetime(r),
                fmt_datetime(due)
            ),
            _ => String::new(),
        };
        out.push(
            line(format!(
                "Yêu cầu bổ sung lần {} ({}): {}{}",
                s.number,
                fmt_datetime(s.requested_at),
                s.items.join("; "),
                resumed
            ))
            .into(),
        );
    }
    if p.flagged_supplements() {
        out.push(
            line(format!(
                "Lưu ý: đã yêu cầu bổ sung {} lần: hồ sơ tính là quá hạn trong báo cáo.",
                p.supplements.len()
            ))
            .style(text::danger)
            .into(),
        );
    }
    for t in &p.transfers {
        let back = match t.back_at {
            Some(b) => format!(", nhận lại {}", fmt_datetime(b)),
            None => " — đang chờ cơ quan này".into(),
        };
        out.push(
            line(format!(
                "Liên thông: {} (gửi {}){back}",
                t.agency,
                fmt_datetime(t.sent_at)
            ))
            .into(),
        );
    }
    for pay in &p.payments {
        let paid = match (&pay.paid_at, &pay.receipt_no) {
            (Some(at), Some(r)) if !r.is_empty() => {
                format!(", đã nộp {} (biên lai {r})", fmt_datetime(*at))
            }
            (Some(at), _) => format!(", đã nộp {}", fmt_datetime(*at)),
            (None, _) => " — chưa nộp".into(),
        };
        out.push(
            line(format!(
                "Nghĩa vụ tài chính: {} {}{paid}",
                pay.description,
                fmt_vnd(pay.amount_vnd)
            ))
            .into(),
        );
    }
    if let Some(r) = &p.returned {
        let how = match r.method {
            ResultDelivery::Post => format!("qua bưu chính, số hiệu {}", r.tracking_no),
            ResultDelivery::Online => "trực tuyến".into(),
            ResultDelivery::Counter if r.receiver_name.is_empty() => "tại quầy".into(),
            ResultDelivery::Counter => format!("tại quầy, người nhận {}", r.receiver_name),
        };
        out.push(line(format!("Đã trả kết quả {} {how}.", fmt_datetime(r.at))).into());
    }
    if let Some(r) = &p.refusal {
        out.push(line(format!("Lý do từ chối: {}", r.reasons.join("; "))).into());
    }
    out
}

fn input<'a>(
    placeholder: &'a str,
    value: &'a str,
    on: fn(String) -> FormMessage,
) -> iced::widget::TextInput<'a, Message> {
    text_input(placeholder, value)
        .on_input(move |s| Message::Form(on(s)))
        .size(SMALL)
        .padding(5)
}

fn form_view(f: &StepForm) -> Element<'_, Message> {
    let mut col = column![text(f.kind.label().trim_end_matches('…')).font(BOLD)].spacing(6);
    match f.kind {
        StepKind::Supplement | StepKind::Refuse => {
            let label = if f.kind == StepKind::Supplement {
                "Giấy tờ cần bổ sung, hoàn thiện (mỗi dòng một loại)"
            } else {
                "Lý do từ chối (mỗi dòng một lý do)"
            };
            col = col.push(text(label).size(SMALL));
            for (i, item) in f.items.iter().enumerate() {
                col = col.push(
                    row![
                        text(format!("{}.", i + 1)).size(SMALL),
                        text_input("", item)
                            .on_input(move |s| Message::Form(FormMessage::Item(i, s)))
                            .size(SMALL)
                            .padding(5)
                            .width(Fill),
                        button(text("×").size(SMALL))
                            .style(button::text)
                            .on_press_maybe(
                                (f.items.len() > 1)
                                    .then_some(Message::Form(FormMessage::RemoveItem(i)))
                            ),
                    ]
                    .spacing(6)
                    .align_y(Center),
                );
            }
            col = col.push(
                button(text("+ Thêm dòng").size(SMALL))
                    .style(button::text)
                    .on_press(Message::Form(FormMessage::AddItem)),
            );
            if f.kind == StepKind::Supplement {
                col = col
                    .push(field(
                        "Lý do",
                        input(
                            "Ví dụ: Thiếu bản sao giấy khai sinh",
                            &f.reason,
                            FormMessage::Reason,
                        ),
                        None,
                    ))
                    .push(field(
                        "Liên hệ (cán bộ, số điện thoại)",
                        input("", &f.contact, FormMessage::Contact),
                        None,
                    ));
            }
        }
        StepKind::Apology => {
            col = col
                .push(field(
                    "Lý do chậm trả kết quả",
                    input("", &f.reason, FormMessage::Reason),
                    None,
                ))
                .push(
                    row![
                        field(
                            "Ngày hẹn mới (dd/mm/yyyy)",
                            input("dd/mm/yyyy", &f.new_date, FormMessage::NewDate),
                            None
                        ),
                        field(
                            "Giờ (hh:mm)",
                            input("16:00", &f.new_time, FormMessage::NewTime).width(90),
                            None
                        ),
                    ]
                    .spacing(8),
                );
        }
        StepKind::TransferOut => {
            col = col
                .push(field(
                    "Cơ quan nhận hồ sơ liên thông",
                    input(
                        "Ví dụ: Văn phòng đăng ký đất đai, Chi cục Thuế",
                        &f.agency,
                        FormMessage::Agency,
                    ),
                    None,
                ))
                .push(field(
                    "Nội dung",
                    input("", &f.note, FormMessage::Note),
                    None,
                ));
        }
        StepKind::Payment => {
            col = col
                .push(field(
                    "Nội dung (loại phí, thuế…)",
                    input("Ví dụ: Lệ phí trước bạ", &f.reason, FormMessage::Reason),
                    None,
                ))
                .push(field(
                    "Số tiền (đồng)",
                    input("250.000", &f.amount, FormMessage::Amount),
                    None,
                ));
        }
        StepKind::Paid => {
            col = col.push(field(
                "Số biên lai (nếu có)",
                input("", &f.receipt, FormMessage::Receipt),
                None,
            ));
        }
        StepKind::Return => {
            let methods = row(ResultDelivery::ALL.into_iter().map(|m| {
                let label = match m {
                    ResultDelivery::Counter => "Tại quầy",
                    ResultDelivery::Post => "Bưu chính",
                    ResultDelivery::Online => "Trực tuyến",
                };
                radio(label, m, Some(f.method), |m| {
                    Message::Form(FormMessage::Method(m))
                })
                .size(14)
                .text_size(SMALL)
                .into()
            }))
            .spacing(12);
            col = col.push(methods);
            col = match f.method {
                ResultDelivery::Post => col.push(field(
                    "Số hiệu bưu gửi",
                    input("EB123456789VN", &f.tracking, FormMessage::Tracking),
                    None,
                )),
                ResultDelivery::Counter => col.push(field(
                    "Người nhận",
                    input("", &f.receiver, FormMessage::Receiver),
                    None,
                )),
                ResultDelivery::Online => col,
            };
        }
        StepKind::Status(_) | StepKind::Supplied | StepKind::TransferBack => {
            col = col.push(field(
                "Ghi chú (không bắt buộc)",
                input("", &f.note, FormMessage::Note),
                None,
            ));
        }
    }
    if let Some(e) = &f.error {
        col = col.push(text(e).size(SMALL).style(text::danger));
    }
    col = col.push(
        row![
            button(text("Xác nhận")).on_press(Message::Confirm),
            button(text("Huỷ"))
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
