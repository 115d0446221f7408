//! Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (the supplement request).
//!
//! Handed to the citizen when papers are missing: what to bring, why, that
//! the processing clock is stopped until they come, and whom to ask.

use chrono::NaiveDateTime;

use crate::domain::dossier::Dossier;
use crate::domain::progress::Supplement;
use crate::domain::settings::{CenterSettings, PaperSize};

use super::super::canvas::Align;
use super::super::error::PrintError;
use super::super::flow::{Flow, PageMarks};
use super::super::layout::{Span, Weight, clean};
use super::{
    Heading, a4_style, closing_and_signature, end_float, fmt_moment, gap, header, labelled,
    numbered, paras, qr_float, render_pdf, reprint_note, title,
};

pub const TITLE: &str = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ";

/// Everything printed, cleaned once.
struct Text {
    heading: Heading,
    code: String,
    name: String,
    procedure: String,
    address: String,
    phone: String,
    email: Option<String>,
    received: String,
    number: u32,
    items: Vec<String>,
    reason: Option<String>,
    paused: String,
    contact: String,
    officer: String,
}

impl Text {
    fn new(d: &Dossier, s: &Supplement, settings: &CenterSettings) -> Self {
        let items: Vec<String> = s
            .items
            .iter()
            .map(|i| clean(i))
            .filter(|i| !i.is_empty())
            .collect();
        let reason = clean(&s.reason);
        // A request made by a bare status change carries its text as the
        // reason only: then that text is the list.
        let (items, reason) = match (items.is_empty(), reason.is_empty()) {
            (true, false) => (vec![reason], None),
            (_, true) => (items, None),
            (false, false) => (items, Some(reason)),
        };
        Text {
            heading: Heading::new(settings, Some(s.requested_at.date())),
            code: clean(&d.code),
            name: clean(&d.applicant.name),
            procedure: clean(&d.procedure_name),
            address: clean(&d.applicant.address),
            phone: clean(&d.applicant.phone),
            email: d
                .applicant
                .email
                .as_deref()
                .map(clean)
                .filter(|e| !e.is_empty()),
            received: fmt_moment(d.received_at),
            number: s.number,
            items,
            reason,
            paused: paused_sentence(s, settings),
            contact: contact(s, settings),
            officer: clean(&settings.officer_name),
        }
    }
}

/// The clock rule in words: stopped on the day of the request, running again
/// with the time that was left once the papers are complete.
fn paused_sentence(s: &Supplement, settings: &CenterSettings) -> String {
    let left = working_time(s.remaining_minutes, day_minutes(settings));
    let rest = match left {
        Some(left) => format!("với thời gian còn lại ({left})"),
        None => "với thời gian còn lại".to_string(),
    };
    format!(
        "Thời gian giải quyết hồ sơ được tạm dừng kể từ ngày {} cho đến khi ông/bà nộp đủ \
         giấy tờ bổ sung, hoàn thiện theo yêu cầu; sau đó thời gian giải quyết được tiếp tục \
         tính {rest}.",
        s.requested_at.format("%d/%m/%Y")
    )
}

/// Working minutes in one day of the center's office hours.
fn day_minutes(settings: &CenterSettings) -> i64 {
    let h = &settings.hours;
    let morning = (h.morning_close - h.morning_open).num_minutes();
    let afternoon = (h.afternoon_close - h.afternoon_open).num_minutes();
    (morning + afternoon).max(0)
}

/// "02 ngày 3 giờ 30 phút làm việc"; `None` when nothing is left (the
/// dossier was already overdue: the citizen is not told a negative time).
pub(super) fn working_time(minutes: i64, day: i64) -> Option<String> {
    if minutes <= 0 {
        return None;
    }
    let (days, rest) = if day > 0 {
        (minutes / day, minutes % day)
    } else {
        (0, minutes)
    };
    let (hours, mins) = (rest / 60, rest % 60);
    let mut parts = Vec::new();
    if days > 0 {
        parts.push(format!("{days:02} ngày"));
    }
    if hours > 0 {
        parts.push(format!("{hours} giờ"));
    }
    if mins > 0 {
        parts.push(format!("{mins} phút"));
    }
    Some(format!("{} làm việc", parts.join(" ")))
}

/// Whom to ask: the contact written on the request, else the officer at this
/// counter and the center's hotline.
fn contact(s: &Supplement, settings: &CenterSettings) -> String {
    let written = clean(&s.contact);
    if !written.is_empty() {
        return written;
    }
    let officer = clean(&settings.officer_name);
    let unit = clean(&settings.reception_unit);
    let hotline = clean(&settings.hotline);
    let mut who = if officer.is_empty() {
        unit
    } else {
        format!("{officer} – {unit}")
    };
    if !hotline.is_empty() {
        who.push_str(&format!(", số điện thoại {hotline}"));
    }
    who
}

fn body(f: &mut Flow, t: &Text) -> Result<(), PrintError> {
    header(f, &t.heading);
    title(f, TITLE);
    if t.number > 1 {
        f.para(
            &[Span::regular(format!(
                "(Lần yêu cầu bổ sung thứ {})",
                t.number
            ))],
            f.st.body,
            Align::Center,
        );
    }
    qr_float(f, &t.code)?;
    let mut contact = labelled("Số điện thoại", &t.phone, Weight::Regular);
    if let Some(email) = &t.email {
        contact.push(Span::regular(format!("; Email: {email}")));
    }
    paras(
        f,
        &[
            labelled("Hồ sơ của", &t.name, Weight::Bold),
            labelled("Mã hồ sơ", &t.code, Weight::Bold),
            labelled("Nội dung yêu cầu giải quyết", &t.procedure, Weight::Regular),
            labelled("Địa chỉ", &t.address, Weight::Regular),
            contact,
            labelled("Thời gian tiếp nhận", &t.received, Weight::Regular),
        ],
    );
    end_float(f);

    let st = f.st;
    gap(f);
    f.para(
        &[Span::bold(
            "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
        )],
        st.body,
        Align::Left,
    );
    numbered(f, &t.items);
    gap(f);
    if let Some(reason) = &t.reason {
        paras(f, &[labelled("Lý do", reason, Weight::Regular)]);
    }
    paras(f, &[vec![Span::regular(&t.paused)]]);
    gap(f);
    let closing = [
        vec![
            Span::regular("Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ "),
            Span::bold(&t.contact),
            Span::regular(" để được hướng dẫn."),
        ],
        vec![Span::regular("Xin trân trọng./.")],
    ];
    closing_and_signature(
        f,
        &closing,
        "NGƯỜI HƯỚNG DẪN",
        "(Ký và ghi rõ họ tên)",
        &t.officer,
    );
    Ok(())
}

pub(super) fn render(
    dossier: &Dossier,
    supplement: &Supplement,
    settings: &CenterSettings,
    reprinted_at: Option<NaiveDateTime>,
) -> Result<Vec<u8>, PrintError> {
    let text = Text::new(dossier, supplement, settings);
    let marks = marks(&text, reprinted_at);
    render_pdf(
        &format!("Phiếu yêu cầu bổ sung hồ sơ {}", text.code),
        &a4_style(),
        PaperSize::A4.mm(),
        &marks,
        |f| body(f, &text),
    )
}

fn marks(t: &Text, reprinted_at: Option<NaiveDateTime>) -> PageMarks {
    PageMarks {
        reprint: reprint_note(reprinted_at),
        copy_label: None,
        running_head: vec![
            Span::regular("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ – Mã hồ sơ: "),
            Span::bold(&t.code),
            Span::regular(" (tiếp theo)"),
        ],
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
