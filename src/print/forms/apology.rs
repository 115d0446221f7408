//! Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả (the apology): the
//! center owns the delay, gives its reason and a new date.

use chrono::NaiveDateTime;

use crate::domain::dossier::Dossier;
use crate::domain::progress::Apology;
use crate::domain::settings::{CenterSettings, PaperSize};

use super::super::canvas::Align;
use super::super::error::PrintError;
use super::super::flow::{Flow, PageMarks};
use super::super::layout::{Span, clean};
use super::{
    Heading, a4_style, closing_and_signature, date_line, fmt_short_moment, header, paras,
    render_pdf, reprint_note, title,
};

pub const TITLE: &str = "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ";

struct Text {
    heading: Heading,
    center: String,
    code: String,
    name: String,
    procedure: String,
    received_day: String,
    old_due: String,
    new_due: String,
    reason: String,
}

impl Text {
    fn new(d: &Dossier, a: &Apology, s: &CenterSettings) -> Self {
        Text {
            heading: Heading::new(s, Some(a.at.date())),
            center: clean(&s.center_name),
            code: clean(&d.code),
            name: clean(&d.applicant.name),
            procedure: clean(&d.procedure_name),
            received_day: date_line("", d.received_at.date()),
            old_due: fmt_short_moment(a.old_due_at),
            new_due: fmt_short_moment(a.new_due_at),
            reason: clean(&a.reason),
        }
    }
}

fn body(f: &mut Flow, t: &Text) -> Result<(), PrintError> {
    header(f, &t.heading);
    title(f, TITLE);
    let st = f.st;
    f.y += 1.5;
    f.para(
        &[Span::regular("Kính gửi: Ông/Bà "), Span::bold(&t.name)],
        st.body,
        Align::Center,
    );
    f.y += 1.5;
    let c = t.center.as_str();
    let letter = [
        vec![
            Span::regular(format!(
                "{}, {c} tiếp nhận hồ sơ của ông/bà ",
                t.received_day
            )),
            Span::bold(&t.name),
            Span::regular(" đề nghị giải quyết thủ tục: "),
            Span::regular(&t.procedure),
            Span::regular("."),
        ],
        vec![
            Span::regular("Mã hồ sơ: "),
            Span::bold(&t.code),
            Span::regular("."),
        ],
        vec![Span::regular(format!(
            "Thời gian hẹn trả kết quả giải quyết hồ sơ: {}.",
            t.old_due
        ))],
        vec![Span::regular(format!(
            "Tuy nhiên đến nay, {c} chưa trả kết quả giải quyết hồ sơ cho ông/bà."
        ))],
        vec![Span::regular("Lý do: "), Span::regular(&t.reason)],
        vec![
            Span::regular(format!(
                "Sự chậm trễ này đã gây phiền hà cho ông/bà. {c} xin lỗi ông/bà và hẹn \
                     trả kết quả vào lúc "
            )),
            Span::bold(&t.new_due),
            Span::regular("."),
        ],
    ];
    // A little air between the letter's paragraphs.
    for p in &letter {
        paras(f, std::slice::from_ref(p));
        f.y += st.lh(st.body) * 0.2;
    }
    closing_and_signature(
        f,
        &[
            vec![Span::regular(
                "Mong nhận được sự thông cảm của ông/bà vì sự chậm trễ này.",
            )],
            vec![Span::regular("Xin trân trọng./.")],
        ],
        "THỦ TRƯỞNG CƠ QUAN",
        "(Ký, ghi rõ họ tên và đóng dấu)",
        "",
    );
    Ok(())
}

pub(super) fn render(
    dossier: &Dossier,
    apology: &Apology,
    settings: &CenterSettings,
    reprinted_at: Option<NaiveDateTime>,
) -> Result<Vec<u8>, PrintError> {
    let text = Text::new(dossier, apology, settings);
    let marks = PageMarks {
        reprint: reprint_note(reprinted_at),
        copy_label: None,
        running_head: vec![
            Span::regular("Phiếu xin lỗi và hẹn lại ngày trả kết quả – Mã hồ sơ: "),
            Span::bold(&text.code),
            Span::regular(" (tiếp theo)"),
        ],
    };
    render_pdf(
        &format!("Phiếu xin lỗi và hẹn lại ngày trả kết quả {}", text.code),
        &a4_style(),
        PaperSize::A4.mm(),
        &marks,
        |f| body(f, &text),
    )
}
