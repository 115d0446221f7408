//! Mẫu 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ (the processing
//! control sheet): who handed the dossier to whom and when, from receipt to
//! return, and whether it was resolved before, on or after its due time.
//!
//! The paper form is filled in by hand at each handover; here its rows are
//! derived from what the store recorded: the status history, transfers to
//! other agencies (liên thông), the apology.

use chrono::NaiveDateTime;

use crate::domain::dossier::{Dossier, ResultDelivery};
use crate::domain::lifecycle::DossierStatus;
use crate::domain::progress::{Progress, StatusChange};
use crate::domain::settings::{CenterSettings, PaperSize};

use super::super::canvas::Align;
use super::super::error::PrintError;
use super::super::flow::{Flow, PageMarks};
use super::super::layout::{Span, Weight, clean, text_width};
use super::grid::{Cell, Column, grid, plain, share};
use super::{
    Heading, a4_style, end_float, fmt_short_moment, gap, header, labelled, paras, qr_float,
    render_pdf, reprint_note, title,
};

pub const TITLE: &str = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ";

/// The applicant as a party to a handover.
const APPLICANT: &str = "Người nộp hồ sơ";
/// Whoever processes the dossier after the counter. The form names the
/// agency or unit; which one depends on the procedure and is not recorded.
const PROCESSING: &str = "Bộ phận giải quyết hồ sơ";

/// Resolved before the due day, on it (by the due time), or late.
pub(super) fn timeliness(at: NaiveDateTime, due: NaiveDateTime) -> &'static str {
    if at.date() < due.date() {
        "Trước hạn"
    } else if at <= due {
        "Đúng hạn"
    } else {
        "Quá hạn"
    }
}

/// One row of the control sheet.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Step {
    pub at: NaiveDateTime,
    /// Giao: who handed the dossier (or the request) over.
    pub giver: String,
    /// Nhận: who took it.
    pub taker: String,
    /// Trước hạn / Đúng hạn / Quá hạn, on the step that resolves the dossier.
    pub result: Option<&'static str>,
    /// What happened, the note written with it, and who recorded it.
    pub notes: Vec<String>,
}

/// The rows of the control sheet, oldest first: the receipt, every status
/// change (with the supplement request or return it carried), every
/// transfer out and back, and the apology.
pub(super) fn steps(d: &Dossier, p: &Progress, s: &CenterSettings) -> Vec<Step> {
    let unit = clean(&s.reception_unit);
    let mut steps = Vec::new();
    // A dossier filed online is received by its first status change (1 → 2);
    // one received at the counter was received when it was stored.
    let filed_online = p
        .history
        .first()
        .is_some_and(|c| c.from == DossierStatus::New);
    if !filed_online {
        steps.push(Step {
            at: d.received_at,
            giver: APPLICANT.to_string(),
            taker: unit.clone(),
            result: None,
            notes: vec![
                "Tiếp nhận hồ sơ".to_string(),
                format!("Hẹn trả kết quả: {}", fmt_short_moment(d.due_at)),
            ],
        });
    }

    let (mut requested, mut resumed) = (0, 0);
    for c in &p.history {
        let mut notes = vec![format!("Chuyển từ “{}” sang “{}”", c.from.vi(), c.to.vi())];
        let (giver, taker, mut result) = parties(c, &unit, p);
        match (c.from, c.to) {
            (_, DossierStatus::SupplementRequested) => {
                if let Some(sup) = p.supplements.get(requested) {
                    let items: Vec<String> = sup.items.iter().map(|i| clean(i)).collect();
                    let mut line = format!("Yêu cầu bổ sung lần {}", sup.number);
                    if !items.is_empty() {
                        line.push_str(&format!(": {}", items.join("; ")));
                    }
                    notes.push(line);
                    notes.push("Tạm dừng tính thời gian giải quyết".to_string());
                }
                requested += 1;
            }
            (DossierStatus::SupplementRequested, _) => {
                if let Some(sup) = p.supplements.get(resumed) {
                    let mut line = "Tiếp tục tính thời gian giải quyết".to_string();
                    if let Some(due) = sup.due_after {
                        line.push_str(&format!(", hẹn trả mới: {}", fmt_short_moment(due)));
                    }
                    notes.push(line);
                }
                resumed += 1;
            }
            (_, DossierStatus::Resolved) => result = Some(timeliness(c.at, d.due_at)),
            _ => {}
        }
        let note = clean(&c.note);
        if !note.is_empty() {
            // A request's note is its reason; other notes speak for themselves.
            if c.to == DossierStatus::SupplementRequested {
                notes.push(format!("Lý do: {note}"));
            } else {
                notes.push(note);
            }
        }
        notes.push(format!("Người thực hiện: {}", clean(&c.actor)));
        steps.push(Step {
            at: c.at,
            giver,
            taker,
            result,
            notes,
        });
    }

    for t in &p.transfers {
        let agency = clean(&t.agency);
        let mut notes = vec!["Chuyển hồ sơ liên thông".to_string()];
        let note = clean(&t.note);
        if !note.is_empty() {
            notes.push(note);
        }
        notes.push(format!("Người thực hiện: {}", clean(&t.actor)));
        steps.push(Step {
            at: t.sent_at,
            giver: PROCESSING.to_string(),
            taker: agency.clone(),
            result: None,
            notes,
        });
        if let Some(back) = t.back_at {
            let mut notes = vec!["Nhận lại hồ sơ liên thông".to_string()];
            if let Some(note) = t.back_note.as_deref().map(clean).filter(|n| !n.is_empty()) {
                notes.push(note);
            }
            steps.push(Step {
                at: back,
                giver: agency,
                taker: PROCESSING.to_string(),
                result: None,
                notes,
            });
        }
    }

    if let Some(a) = &p.apology {
        steps.push(Step {
            at: a.at,
            giver: unit.clone(),
            taker: APPLICANT.to_string(),
            result: None,
            notes: vec![
                format!(
                    "Phiếu xin lỗi, hẹn lại ngày trả kết quả: {}",
                    fmt_short_moment(a.new_due_at)
                ),
                format!("Lý do: {}", clean(&a.reason)),
                format!("Người thực hiện: {}", clean(&a.actor)),
            ],
        });
    }

    // Stable: a transfer recorded in the same minute as a status change stays
    // after it, as it was entered.
    steps.sort_by_key(|s| s.at);
    steps
}

/// Giao / Nhận of a status change, and no result yet.
fn parties(c: &StatusChange, unit: &str, p: &Progress) -> (String, String, Option<&'static str>) {
    use DossierStatus::*;
    let (giver, taker) = match (c.from, c.to) {
        (_, Received) => (APPLICANT.to_string(), unit.to_string()),
        (Received, Processing) => (unit.to_string(), PROCESSING.to_string()),
        (SupplementRequested | PaymentRequested, Processing) => {
            (APPLICANT.to_string(), unit.to_string())
        }
        (_, SupplementRequested | PaymentRequested) => {
            (PROCESSING.to_string(), APPLICANT.to_string())
        }
        (_, Resolved | Stopped) => (PROCESSING.to_string(), unit.to_string()),
        (_, Returned) => {
            let taker = match &p.returned {
                Some(r) if r.method == ResultDelivery::Post => {
                    format!("{APPLICANT} (qua bưu chính)")
                }
                Some(r) if !clean(&r.receiver_name).is_empty() => {
                    format!("{APPLICANT} ({})", clean(&r.receiver_name))
                }
                _ => APPLICANT.to_string(),
            };
            (unit.to_string(), taker)
        }
        (_, Refused | Withdrawn) => (unit.to_string(), APPLICANT.to_string()),
        _ => (String::new(), String::new()),
    };
    (giver, taker, None)
}

struct Text {
    heading: Heading,
    code: String,
    facts: Vec<Vec<Span>>,
    rows: Vec<Vec<Cell>>,
}

impl Text {
    fn new(d: &Dossier, p: &Progress, s: &CenterSettings) -> Self {
        let mut facts = vec![
            labelled("Mã hồ sơ", &d.code, Weight::Bold),
            labelled("Người nộp hồ sơ", &d.applicant.name, Weight::Bold),
            labelled(
                "Nội dung yêu cầu giải quyết",
                &d.procedure_name,
                Weight::Regular,
            ),
            labelled(
                "Thời gian tiếp nhận",
                &fmt_short_moment(d.received_at),
                Weight::Regular,
            ),
            labelled(
                "Thời gian hẹn trả kết quả",
                &fmt_short_moment(d.due_at),
                Weight::Bold,
            ),
        ];
        if let Some(a) = &p.apology {
            facts.push(labelled(
                "Hẹn lại ngày trả kết quả (phiếu xin lỗi)",
                &fmt_short_moment(a.new_due_at),
                Weight::Bold,
            ));
        }
        if let Some(status) = DossierStatus::from_code(d.status) {
            facts.push(labelled(
                "Trạng thái hiện tại",
                status.vi(),
                Weight::Regular,
            ));
        }
        let rows = steps(d, p, s)
            .into_iter()
            .enumerate()
            .map(|(i, step)| {
                let mut parties = Vec::new();
                if !step.giver.is_empty() {
                    parties.push(vec![Span::bold("Giao: "), Span::regular(step.giver)]);
                }
                if !step.taker.is_empty() {
                    parties.push(vec![Span::bold("Nhận: "), Span::regular(step.taker)]);
                }
                vec![
                    plain(format!("{}", i + 1)),
                    parties,
                    vec![
                        vec![Span::regular(step.at.format("%H:%M").to_string())],
                        vec![Span::regular(step.at.format("%d/%m/%Y").to_string())],
                    ],
                    step.result.map(plain).unwrap_or_default(),
                    step.notes
                        .into_iter()
                        .map(|n| vec![Span::regular(n)])
                        .collect(),
                ]
            })
            .collect();
        Text {
            heading: Heading::new(s, None),
            code: clean(&d.code),
            facts,
            rows,
        }
    }
}

fn body(f: &mut Flow, t: &Text) -> Result<(), PrintError> {
    header(f, &t.heading);
    title(f, TITLE);
    qr_float(f, &t.code)?;
    paras(f, &t.facts);
    end_float(f);

    let (fonts, st) = (f.fonts, f.st);
    let size = st.table;
    gap(f);
    f.para(
        &[Span::bold("Quá trình giải quyết hồ sơ:")],
        st.body,
        Align::Left,
    );
    f.y += 0.8;
    // Number and time columns are as wide as their widest content; the
    // parties and the notes share what is left.
    let pad = 2.4 + 0.6;
    let stt = text_width(fonts, Weight::Bold, "STT", size) + pad;
    let time = text_width(fonts, Weight::Regular, "00/00/0000", size) + pad;
    let result = text_width(fonts, Weight::Bold, "(trước / đúng", size) + pad;
    let rest = share(f.width(), &[stt, time, result], &[1.0, 1.15]);
    let columns = [
        Column::new("STT", stt, Align::Center),
        Column::new("Tên cơ quan, bộ phận giao, nhận", rest[0], Align::Left),
        Column::new("Thời gian giao, nhận hồ sơ", time, Align::Center),
        Column::new(
            "Kết quả giải quyết (trước / đúng / quá hạn)",
            result,
            Align::Center,
        ),
        Column::new("Ghi chú", rest[1], Align::Left),
    ];
    grid(f, &columns, &t.rows, size, 1);
    Ok(())
}

pub(super) fn render(
    dossier: &Dossier,
    progress: &Progress,
    settings: &CenterSettings,
    reprinted_at: Option<NaiveDateTime>,
) -> Result<Vec<u8>, PrintError> {
    let text = Text::new(dossier, progress, settings);
    let marks = PageMarks {
        reprint: reprint_note(reprinted_at),
        copy_label: None,
        running_head: vec![
            Span::regular("Phiếu kiểm soát quá trình giải quyết hồ sơ – Mã hồ sơ: "),
            Span::bold(&text.code),
            Span::regular(" (tiếp theo)"),
        ],
    };
    render_pdf(
        &format!("Phiếu kiểm soát quá trình giải quyết hồ sơ {}", text.code),
        &a4_style(),
        PaperSize::A4.mm(),
        &marks,
        |f| body(f, &text),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
