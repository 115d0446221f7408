//! Mẫu 02–06: the supplement request, the refusal, the apology with a new
//! date, the processing control sheet and the dossier register, as A4 PDFs.
//!
//! Each form has its own file; what they share is here: the two-column
//! heading of every administrative form, the title, the QR code beside the
//! dossier's details, numbered lists, the signature block, and turning laid-out
//! pages into a PDF. Texts that differ between provinces (agency and unit
//! names, place name, hotline) come from [`CenterSettings`], never from here.

mod apology;
mod control_sheet;
mod grid;
mod refusal;
mod register;
mod supplement;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use printpdf::{Mm, PdfDocument, PdfPage};

use crate::domain::dossier::Dossier;
use crate::domain::format::fmt_datetime;
use crate::domain::progress::{Apology, Progress, Refusal, Supplement};
use crate::domain::register::RegisterEntry;
use crate::domain::settings::{CenterSettings, PaperSize};

use super::canvas::{Align, Canvas, FontIds};
use super::error::PrintError;
use super::flow::{Flow, PageMarks, Panel, paginate};
use super::fonts::{bundled, finish};
use super::layout::{Span, Weight, clean, fit_size, text_width, upper, wrap_spans};
use super::qr;
use super::style::Style;

pub use apology::TITLE as APOLOGY_TITLE;
pub use control_sheet::TITLE as CONTROL_SHEET_TITLE;
pub use refusal::TITLE as REFUSAL_TITLE;
pub use register::TITLE as REGISTER_TITLE;
pub use supplement::TITLE as SUPPLEMENT_TITLE;

/// Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, for `supplement` (the
/// latest request, usually) of `dossier`.
pub fn render_supplement(
    dossier: &Dossier,
    supplement: &Supplement,
    settings: &CenterSettings,
    reprint: bool,
) -> Result<Vec<u8>, PrintError> {
    supplement::render(dossier, supplement, settings, reprinted_at(reprint))
}

/// Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ.
pub fn render_refusal(
    dossier: &Dossier,
    refusal: &Refusal,
    settings: &CenterSettings,
    reprint: bool,
) -> Result<Vec<u8>, PrintError> {
    refusal::render(dossier, refusal, settings, reprinted_at(reprint))
}

/// Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả.
pub fn render_apology(
    dossier: &Dossier,
    apology: &Apology,
    settings: &CenterSettings,
    reprint: bool,
) -> Result<Vec<u8>, PrintError> {
    apology::render(dossier, apology, settings, reprinted_at(reprint))
}

/// Mẫu 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ: every step of the
/// dossier from receipt, as recorded in `progress`.
pub fn render_control_sheet(
    dossier: &Dossier,
    progress: &Progress,
    settings: &CenterSettings,
    reprint: bool,
) -> Result<Vec<u8>, PrintError> {
    control_sheet::render(dossier, progress, settings, reprinted_at(reprint))
}

/// Mẫu 06 — Sổ theo dõi hồ sơ for the dossiers received from `from` to `to`,
/// on A4 landscape.
pub fn render_register(
    entries: &[RegisterEntry],
    from: NaiveDate,
    to: NaiveDate,
    settings: &CenterSettings,
) -> Result<Vec<u8>, PrintError> {
    register::render(entries, from, to, settings)
}

fn reprinted_at(reprint: bool) -> Option<NaiveDateTime> {
    reprint.then(|| chrono::Local::now().naive_local())
}

/// Text beside the [`super::REPRINT_MARK`] box.
fn reprint_note(at: Option<NaiveDateTime>) -> Option<String> {
    at.map(|t| format!("In lại lúc {}", fmt_datetime(t)))
}

/// A4 portrait, as Mẫu 02–05 are printed. Tables set a point smaller than the
/// slip's: Mẫu 05 has five columns on 170 mm.
fn a4_style() -> Style {
    Style {
        table: 9.5,
        ..Style::for_paper(PaperSize::A4)
    }
}

/// Lays out one form on sheets of `w` × `h` mm.
fn lay_out(
    title: &str,
    st: &Style,
    (w, h): (f32, f32),
    marks: &PageMarks,
    body: impl Fn(&mut Flow) -> Result<(), PrintError>,
) -> Result<(Vec<Canvas>, PdfDocument), PrintError> {
    let fonts = bundled()?;
    let mut doc = PdfDocument::new(title);
    let ids = FontIds {
        regular: doc.add_font(&fonts.regular.parsed),
        bold: doc.add_font(&fonts.bold.parsed),
    };
    let panel = Panel {
        x0: 0.0,
        width: w,
        sheet_height: h,
    };
    let pages = paginate(fonts, &ids, st, panel, marks, body)?;
    Ok((pages, doc))
}

/// Lays out a form and returns the PDF bytes; `title` is the document's title
/// as a PDF viewer shows it.
fn render_pdf(
    title: &str,
    st: &Style,
    size: (f32, f32),
    marks: &PageMarks,
    body: impl Fn(&mut Flow) -> Result<(), PrintError>,
) -> Result<Vec<u8>, PrintError> {
    let (canvases, mut doc) = lay_out(title, st, size, marks, body)?;
    let pages = canvases
        .into_iter()
        .map(|c| PdfPage::new(Mm(size.0), Mm(size.1), c.ops))
        .collect();
    Ok(finish(&mut doc, pages))
}

/// The texts of the heading every form shares, cleaned once.
struct Heading {
    parent_agency: String,
    center: String,
    unit: String,
    /// "Yên Kỳ, ngày 05 tháng 02 năm 2026" under the motto; none on the
    /// control sheet and the register, which are records, not letters.
    date_line: Option<String>,
    /// The national title and motto on the right; a register page has none.
    motto: bool,
}

impl Heading {
    fn new(s: &CenterSettings, date: Option<NaiveDate>) -> Self {
        Heading {
            parent_agency: upper(&s.parent_agency),
            center: upper(&s.center_name),
            unit: upper(&s.reception_unit),
            date_line: date.map(|d| date_line(&clean(&s.place_name), d)),
            motto: true,
        }
    }
}

/// "Ngày 05 tháng 02 năm 2026": Nghị định 30/2020 writes a leading zero for days
/// below 10 and for January and February. With a place name:
/// "Yên Kỳ, ngày 05 tháng 02 năm 2026".
fn date_line(place: &str, d: NaiveDate) -> String {
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    if place.is_empty() {
        format!("Ngày {:02} tháng {month} năm {}", d.day(), d.year())
    } else {
        format!(
            "{place}, ngày {:02} tháng {month} năm {}",
            d.day(),
            d.year()
        )
    }
}

/// "09 giờ 15 phút, ngày 25/11/2026", as the forms write a moment.
fn fmt_moment(t: NaiveDateTime) -> String {
    format!(
        "{:02} giờ {:02} phút, ngày {}",
        t.hour(),
        t.minute(),
        t.format("%d/%m/%Y")
    )
}

/// "09:15, ngày 25/11/2026".
fn fmt_short_moment(t: NaiveDateTime) -> String {
    format!("{}, ngày {}", t.format("%H:%M"), t.format("%d/%m/%Y"))
}

/// Two columns as on every Vietnamese administrative form: the issuing body on
/// the left, the national title and motto on the right, the date under them.
/// The same drawing as the appointment slip's, so all forms of a center match.
fn header(f: &mut Flow, h: &Heading) {
    let (fonts, st) = (f.fonts, f.st);
    let top = f.y;
    let left_w = if h.motto {
        f.width() * 0.44
    } else {
        f.width() * 0.5
    };
    let left = (f.left(), left_w);
    let between = f.width() * 0.02;
    let right = (left.0 + left.1 + between, f.width() - left.1 - between);
    let size = st.header;

    let mut y = f.block(
        left,
        top,
        &[Span::regular(&h.parent_agency)],
        size,
        Align::Center,
    );
    y = f.block(left, y, &[Span::bold(&h.center)], size, Align::Center);
    let unit_size = fit_size(fonts, Weight::Bold, &h.unit, size, size - 1.5, left.1);
    y = f.block(left, y, &[Span::bold(&h.unit)], unit_size, Align::Center);
    let rule_w = left.1 * 0.35;
    let left_bottom = y + 0.6;
    let x = left.0 + (left.1 - rule_w) / 2.0;
    f.canvas()
        .rule(x, left_bottom, x + rule_w, left_bottom, 0.5);
    if !h.motto {
        f.y = left_bottom;
        return;
    }

    let rule_y = f.national_motto(right, top, size);
    let mut bottom = rule_y;
    if let Some(date) = &h.date_line {
        bottom = f.block(
            right,
            rule_y + 1.8,
            &[Span::regular(date)],
            size + 0.5,
            Align::Center,
        );
    }
    f.y = bottom.max(left_bottom);
}

/// The form's title in capitals, shrunk a little rather than wrapped.
fn title(f: &mut Flow, text: &str) {
    let st = f.st;
    f.y += st.lh(st.body) * 0.9;
    let size = fit_size(
        f.fonts,
        Weight::Bold,
        text,
        st.title,
        st.title - 3.0,
        f.width(),
    );
    f.para(&[Span::bold(text)], size, Align::Center);
}

/// The QR code of the dossier code at the right, level with the next lines,
/// which wrap short of it until [`end_float`].
fn qr_float(f: &mut Flow, code: &str) -> Result<(), PrintError> {
    let st = f.st;
    f.y += 1.5;
    // Flush with the text's right edge: the quiet zone may lie in the margin
    // and in the gap above, but never under text.
    let symbol = qr::encode(code)?;
    let module = symbol.module_mm(st.qr_symbol_mm);
    let side = symbol.side_mm(module);
    let quiet = qr::QUIET_ZONE as f32 * module;
    let x = f.left() + f.width() - side + quiet;
    let y = f.y - quiet.min(1.5);
    let rects = symbol.rects(module);
    f.canvas().qr(x, y, &rects);
    f.float_right = Some((side - quiet, y + side));
    Ok(())
}

/// Moves below the QR code once the lines beside it are written.
fn end_float(f: &mut Flow) {
    if let Some((_, bottom)) = f.float_right.take() {
        f.y = f.y.max(bottom);
    }
    f.y += 0.8;
}

/// A little space between the parts of a form.
fn gap(f: &mut Flow) {
    f.y += f.st.lh(f.st.body) * 0.35;
}

/// "Label: value" with the value in `weight`.
fn labelled(label: &str, value: &str, weight: Weight) -> Vec<Span> {
    let value = clean(value);
    vec![
        Span::regular(format!("{label}: ")),
        match weight {
            Weight::Regular => Span::regular(value),
            Weight::Bold => Span::bold(value),
        },
    ]
}

/// Paragraphs in body size.
fn paras(f: &mut Flow, lines: &[Vec<Span>]) {
    for line in lines {
        f.para(line, f.st.body, Align::Left);
    }
}

/// A numbered list ("1.", "2.", …) with the text hanging clear of the numbers,
/// breaking between lines onto further pages.
fn numbered(f: &mut Flow, items: &[String]) {
    let (fonts, st) = (f.fonts, f.st);
    let size = st.body;
    let lh = st.lh(size);
    let digits = items.len().max(1).to_string().len();
    let number_w = text_width(fonts, Weight::Regular, &"0".repeat(digits + 1), size);
    let indent = 5.0 + number_w + 1.5;
    for (i, item) in items.iter().enumerate() {
        let label = format!("{}.", i + 1);
        let text = clean(item);
        let width = f.avail() - indent;
        for (k, line) in wrap_spans(fonts, &[Span::regular(text)], size, width)
            .iter()
            .enumerate()
        {
            f.ensure(lh);
            let (left, baseline) = (f.left(), f.y + st.baseline(size));
            let c = f.canvas();
            if k == 0 {
                c.text_in(
                    fonts,
                    left,
                    indent - 1.5,
                    baseline,
                    Weight::Regular,
                    size,
                    &label,
                    Align::Right,
                );
            }
            c.line_of_text(
                fonts,
                line,
                left + indent,
                width,
                baseline,
                size,
                Align::Left,
            );
            f.y += lh;
        }
    }
}

/// Height of [`signature`].
fn signature_height(f: &Flow) -> f32 {
    let st = f.st;
    3.0 + st.lh(st.body) + st.lh(st.small) + st.sign_space + st.lh(st.body) + 1.0
}

/// The signature block in the right half: role, "(Ký và ghi rõ họ tên)", room
/// to sign, and the name when it is known (else the room to write it).
fn signature(f: &mut Flow, role: &str, hint: &str, name: &str) {
    let (fonts, st) = (f.fonts, f.st);
    f.ensure(signature_height(f));
    f.y += 3.0;
    let col_w = f.width() / 2.0;
    let col = (f.left() + col_w, col_w);
    let role_size = fit_size(fonts, Weight::Bold, role, st.body, st.body - 2.0, col_w);
    let mut y = f.block(col, f.y, &[Span::bold(role)], role_size, Align::Center);
    y = f.block(col, y, &[Span::regular(hint)], st.small, Align::Center);
    y += st.sign_space;
    let name = clean(name);
    if name.is_empty() {
        y += st.lh(st.body);
    } else {
        y = f.block(col, y, &[Span::bold(name)], st.body, Align::Center);
    }
    f.y = y + 1.0;
}

/// Writes `closing` (the sentences before the signature) and the signature,
/// kept together on one page when they fit on one: a page holding only a
/// signature would look like a stray sheet.
fn closing_and_signature(f: &mut Flow, closing: &[Vec<Span>], role: &str, hint: &str, name: &str) {
    let together = f.height_of(closing, f.st.body) + signature_height(f);
    if together < (f.bottom() - f.st.margin_top) * 0.6 {
        f.ensure(together);
    }
    paras(f, closing);
    signature(f, role, hint, name);
}

/// The strings drawn on each page of a form laid out by `body`, for tests.
#[cfg(test)]
fn page_strings(
    st: &Style,
    size: (f32, f32),
    marks: &PageMarks,
    body: impl Fn(&mut Flow) -> Result<(), PrintError>,
) -> Result<Vec<Vec<String>>, PrintError> {
    let (pages, _) = lay_out("test", st, size, marks, body)?;
    Ok(pages
        .into_iter()
        .map(|c| {
            c.ops
                .into_iter()
                .filter_map(|op| match op {
                    printpdf::Op::ShowText { items } => items.into_iter().find_map(|i| match i {
                        printpdf::TextItem::Text(s) => Some(s),
                        _ => None,
                    }),
                    _ => None,
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
