//! Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ (the refusal): the
//! reasons a dossier is not accepted, given to the applicant in writing.

use chrono::NaiveDateTime;

use crate::domain::dossier::Dossier;
use crate::domain::progress::Refusal;
use crate::domain::settings::{CenterSettings, PaperSize};

use super::super::canvas::Align;
use super::super::error::PrintError;
use super::super::flow::{Flow, PageMarks};
use super::super::layout::{Span, Weight, clean};
use super::{
    Heading, a4_style, closing_and_signature, end_float, gap, header, labelled, numbered, paras,
    qr_float, render_pdf, reprint_note, title,
};

pub const TITLE: &str = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ";

struct Text {
    heading: Heading,
    intro: String,
    code: String,
    name: String,
    address: String,
    phone: String,
    email: Option<String>,
    procedure: String,
    decision: String,
    reasons: Vec<String>,
    officer: String,
}

impl Text {
    fn new(d: &Dossier, r: &Refusal, s: &CenterSettings) -> Self {
        let unit = clean(&s.reception_unit);
        let center = clean(&s.center_name);
        Text {
            heading: Heading::new(s, Some(r.at.date())),
            intro: format!("{unit} {center} tiếp nhận hồ sơ của:"),
            code: clean(&d.code),
            name: clean(&d.applicant.name),
            address: clean(&d.applicant.address),
            phone: clean(&d.applicant.phone),
            email: d
                .applicant
                .email
                .as_deref()
                .map(clean)
                .filter(|e| !e.is_empty()),
            procedure: clean(&d.procedure_name),
            decision: format!(
                "Sau khi xem xét hồ sơ, đối chiếu với các quy định hiện hành, {unit} {center} \
                 không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"
            ),
            reasons: r
                .reasons
                .iter()
                .map(|r| clean(r))
                .filter(|r| !r.is_empty())
                .collect(),
            officer: clean(&s.officer_name),
        }
    }
}

fn body(f: &mut Flow, t: &Text) -> Result<(), PrintError> {
    header(f, &t.heading);
    title(f, TITLE);
    qr_float(f, &t.code)?;
    let mut contact = labelled("Số điện thoại", &t.phone, Weight::Regular);
    if let Some(email) = &t.email {
        contact.push(Span::regular(format!("; Email: {email}")));
    }
    paras(
        f,
        &[
            vec![Span::regular(&t.intro)],
            labelled("Ông/Bà", &t.name, Weight::Bold),
            labelled("Địa chỉ", &t.address, Weight::Regular),
            contact,
            labelled("Mã hồ sơ", &t.code, Weight::Bold),
            labelled("Nội dung yêu cầu giải quyết", &t.procedure, Weight::Regular),
        ],
    );
    end_float(f);
    gap(f);
    f.para(&[Span::regular(&t.decision)], f.st.body, Align::Left);
    numbered(f, &t.reasons);
    gap(f);
    closing_and_signature(
        f,
        &[vec![Span::regular(
            "Xin thông báo để ông/bà biết và thực hiện./.",
        )]],
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)",
        &t.officer,
    );
    Ok(())
}

pub(super) fn render(
    dossier: &Dossier,
    refusal: &Refusal,
    settings: &CenterSettings,
    reprinted_at: Option<NaiveDateTime>,
) -> Result<Vec<u8>, PrintError> {
    let text = Text::new(dossier, refusal, settings);
    let marks = PageMarks {
        reprint: reprint_note(reprinted_at),
        copy_label: None,
        running_head: vec![
            Span::regular("Phiếu từ chối tiếp nhận giải quyết hồ sơ – Mã hồ sơ: "),
            Span::bold(&text.code),
            Span::regular(" (tiếp theo)"),
        ],
    };
    render_pdf(
        &format!("Phiếu từ chối tiếp nhận hồ sơ {}", text.code),
        &a4_style(),
        PaperSize::A4.mm(),
        &marks,
        |f| body(f, &text),
    )
}
