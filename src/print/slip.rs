//! Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (the appointment slip).
//!
//! One copy is laid out down a panel (see [`super::flow`]); long checklists
//! continue on further pages. Panels are then placed on sheets: one per page,
//! or two A5 panels side by side on an A4 landscape sheet, so that one print
//! gives both the citizen's and the center's copy.

use chrono::{Datelike, NaiveDateTime};
use printpdf::{Mm, PdfDocument, PdfPage};

use crate::domain::dossier::Dossier;
use crate::domain::format::{fmt_datetime, fmt_datetime_long, fmt_vnd};
use crate::domain::settings::{CenterSettings, PaperSize};

use super::SlipOptions;
use super::canvas::{Align, Canvas, FontIds};
use super::error::PrintError;
use super::flow::{Flow, PageMarks, Panel, paginate};
use super::fonts::{Fonts, bundled, finish};
use super::layout::{Span, Weight, clean, fit_size, text_width, upper};
use super::qr;
use super::style::Style;
use super::table::Column;

pub const TITLE: &str = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ";
pub const CITIZEN_COPY: &str = "Bản giao công dân";
pub const CENTER_COPY: &str = "Bản lưu";

/// Sheet of two A5 copies: A4 landscape.
const A4_LANDSCAPE: (f32, f32) = (297.0, 210.0);

/// Everything printed, cleaned (NFC, single spaces) once for all copies.
struct SlipText {
    code: String,
    parent_agency: String,
    center_name_upper: String,
    center_name: String,
    unit_upper: String,
    unit: String,
    date_line: String,
    note: String,
    name: String,
    id_number: String,
    address: String,
    phone: String,
    email: Option<String>,
    procedure: String,
    /// STT, name, form (bản chính…), count.
    documents: Vec<Vec<String>>,
    sets: String,
    deadline: String,
    received: String,
    due: String,
    delivery: String,
    fee: String,
    register_book: String,
    register_no: String,
    officer: String,
    hotline: String,
    reprinted_at: Option<String>,
}

impl SlipText {
    fn new(d: &Dossier, s: &CenterSettings, reprinted_at: Option<NaiveDateTime>) -> Self {
        let documents = d
            .documents
            .iter()
            .enumerate()
            .map(|(i, doc)| {
                vec![
                    format!("{}", i + 1),
                    clean(&doc.name),
                    clean(doc.kind.vi()),
                    format!("{:02}", doc.count),
                ]
            })
            .collect();
        SlipText {
            code: clean(&d.code),
            parent_agency: upper(&s.parent_agency),
            center_name_upper: upper(&s.center_name),
            center_name: clean(&s.center_name),
            unit_upper: upper(&s.reception_unit),
            unit: clean(&s.reception_unit),
            date_line: date_line(&clean(&s.place_name), d.received_at),
            note: clean(&s.slip_note),
            name: clean(&d.applicant.name),
            id_number: clean(&d.applicant.id_number),
            address: clean(&d.applicant.address),
            phone: clean(&d.applicant.phone),
            email: d
                .applicant
                .email
                .as_deref()
                .map(clean)
                .filter(|e| !e.is_empty()),
            procedure: clean(&d.procedure_name),
            documents,
            sets: format!("{:02} bộ", d.sets),
            deadline: clean(&d.deadline.vi()),
            received: clean(&fmt_datetime_long(d.received_at)),
            due: clean(&fmt_datetime_long(d.due_at)),
            delivery: clean(d.result_delivery.vi()),
            fee: clean(&fmt_vnd(d.fee_vnd)),
            register_book: d.register_book.to_string(),
            register_no: d.register_no.to_string(),
            officer: clean(&d.officer_name),
            hotline: clean(&s.hotline),
            reprinted_at: reprinted_at.map(|t| format!("In lại lúc {}", fmt_datetime(t))),
        }
    }
}

/// "Ngày 05 tháng 02 năm 2026": Nghị định 30/2020 writes a leading zero for days
/// below 10 and for January and February.
/// With a place name: "Yên Kỳ, ngày 05 tháng 02 năm 2026".
fn date_line(place: &str, t: NaiveDateTime) -> String {
    let d = t.date();
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

/// Two columns as on every Vietnamese administrative form: the issuing body on
/// the left, the national title and motto on the right, the date under them.
fn header(f: &mut Flow, t: &SlipText) {
    let (fonts, st) = (f.fonts, f.st);
    let top = f.y;
    let left = (f.left(), f.width() * 0.44);
    let gap = f.width() * 0.02;
    let right = (left.0 + left.1 + gap, f.width() - left.1 - gap);
    let size = st.header;

    let mut y = f.block(
        left,
        top,
        &[Span::regular(&t.parent_agency)],
        size,
        Align::Center,
    );
    y = f.block(
        left,
        y,
        &[Span::bold(&t.center_name_upper)],
        size,
        Align::Center,
    );
    let unit = t.unit_upper.as_str();
    let unit_size = fit_size(fonts, Weight::Bold, unit, size, size - 1.5, left.1);
    y = f.block(left, y, &[Span::bold(unit)], unit_size, Align::Center);
    let rule_w = left.1 * 0.35;
    let left_bottom = y + 0.6;
    let x = left.0 + (left.1 - rule_w) / 2.0;
    f.canvas()
        .rule(x, left_bottom, x + rule_w, left_bottom, 0.5);

    let rule_y = f.national_motto(right, top, size);
    let y = f.block(
        right,
        rule_y + 1.8,
        &[Span::regular(&t.date_line)],
        size + 0.5,
        Align::Center,
    );

    f.y = y.max(left_bottom);
}

/// The title, the dossier code, and its QR code floating at the right of the
/// applicant's details.
fn title(f: &mut Flow, t: &SlipText) -> Result<(), PrintError> {
    let st = f.st;
    f.y += st.lh(st.body) * 0.9;
    let size = fit_size(
        f.fonts,
        Weight::Bold,
        TITLE,
        st.title,
        st.title - 3.0,
        f.width(),
    );
    f.para(&[Span::bold(TITLE)], size, Align::Center);
    f.para(
        &[Span::regular("Mã hồ sơ: "), Span::bold(&t.code)],
        st.body,
        Align::Center,
    );
    f.y += 1.5;

    // The symbol is flush with the text's right edge: its quiet zone may lie
    // in the blank margin and in the gap above, but never under text.
    let symbol = qr::encode(&t.code)?;
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

fn applicant(f: &mut Flow, t: &SlipText) {
    let body = f.st.body;
    let intro = format!("{} {} tiếp nhận hồ sơ của:", t.unit, t.center_name);
    f.para(&[Span::regular(intro)], body, Align::Left);
    f.para(
        &[Span::regular("Ông/Bà: "), Span::bold(&t.name)],
        body,
        Align::Left,
    );
    f.para(
        &[Span::regular("Số CCCD: "), Span::regular(&t.id_number)],
        body,
        Align::Left,
    );
    f.para(
        &[Span::regular("Địa chỉ: "), Span::regular(&t.address)],
        body,
        Align::Left,
    );
    let mut contact = vec![Span::regular("Số điện thoại: "), Span::regular(&t.phone)];
    if let Some(email) = &t.email {
        contact.push(Span::regular(format!("; Email: {email}")));
    }
    f.para(&contact, body, Align::Left);
    f.para(
        &[
            Span::regular("Nội dung yêu cầu giải quyết: "),
            Span::regular(&t.procedure),
        ],
        body,
        Align::Left,
    );
    if let Some((_, bottom)) = f.float_right.take() {
        f.y = f.y.max(bottom);
    }
    f.y += 0.8;
}

fn documents(f: &mut Flow, t: &SlipText) {
    let (fonts, st) = (f.fonts, f.st);
    let size = st.table;
    let w = f.width();
    // Narrow columns are sized to their titles ("Số lượng" wraps to two
    // lines), so the paper names get all the width that is left.
    let stt = text_width(fonts, Weight::Bold, "STT", size) + 2.9;
    let count = text_width(fonts, Weight::Bold, "lượng", size) + 3.4;
    let kind = w * 0.22;
    let columns = [
        Column {
            title: "STT",
            width: stt,
            align: Align::Center,
        },
        Column {
            title: "Tên giấy tờ",
            width: w - stt - kind - count,
            align: Align::Left,
        },
        Column {
            title: "Hình thức",
            width: kind,
            align: Align::Center,
        },
        Column {
            title: "Số lượng",
            width: count,
            align: Align::Center,
        },
    ];
    let none = vec![vec![String::new(), "(Không có giấy tờ)".to_string()]];
    let rows = if t.documents.is_empty() {
        &none
    } else {
        &t.documents
    };
    f.table(&[Span::regular("1. Thành phần hồ sơ:")], &columns, rows);
    f.y += 1.5;
}

fn terms_lines(t: &SlipText) -> Vec<Vec<Span>> {
    let item = |label: &str, value: &str| vec![Span::regular(label), Span::regular(value)];
    vec![
        item("2. Số lượng hồ sơ: ", &t.sets),
        item("3. Thời gian giải quyết hồ sơ theo quy định: ", &t.deadline),
        item("4. Thời gian nhận hồ sơ: ", &t.received),
        vec![
            Span::regular("5. Thời gian trả kết quả giải quyết hồ sơ: "),
            Span::bold(&t.due),
        ],
        item("6. Đăng ký nhận kết quả tại: ", &t.delivery),
        item("Lệ phí đã thu: ", &t.fee),
        vec![Span::regular(format!(
            "Vào Sổ theo dõi hồ sơ, Quyển số: {}, Số thứ tự: {}",
            t.register_book, t.register_no
        ))],
    ]
}

fn footnote_lines(t: &SlipText) -> Vec<Vec<Span>> {
    let mut lines = Vec::new();
    if !t.note.is_empty() {
        lines.push(vec![Span::bold("Ghi chú: "), Span::regular(&t.note)]);
    }
    if !t.hotline.is_empty() {
        lines.push(vec![
            Span::regular("Đường dây nóng phản ánh, kiến nghị: "),
            Span::bold(&t.hotline),
        ]);
    }
    lines
}

/// Height of the signatures and the note under them.
fn closing_height(f: &Flow, t: &SlipText) -> f32 {
    let st = f.st;
    let signatures = 2.5 + st.lh(st.body) + st.lh(st.small) + st.sign_space + st.lh(st.body) + 1.0;
    signatures + 1.8 + f.height_of(&footnote_lines(t), st.small)
}

fn terms(f: &mut Flow, t: &SlipText) {
    let lines = terms_lines(t);
    // The terms, the signatures and the note go on one page when they can: a
    // page holding only signatures would look like a stray sheet, and the
    // promised date belongs next to the officer's signature.
    let together = f.height_of(&lines, f.st.body) + closing_height(f, t);
    if together < (f.bottom() - f.st.margin_top) * 0.6 {
        f.ensure(together);
    }
    for line in &lines {
        f.para(line, f.st.body, Align::Left);
    }
}

fn signatures(f: &mut Flow, t: &SlipText) {
    let (fonts, st) = (f.fonts, f.st);
    let col_w = f.width() / 2.0;
    f.ensure(closing_height(f, t));
    f.y += 2.5;
    let top = f.y;
    let mut bottom = top;
    for (i, (title, name)) in [
        ("NGƯỜI NỘP HỒ SƠ", &t.name),
        ("NGƯỜI TIẾP NHẬN HỒ SƠ", &t.officer),
    ]
    .into_iter()
    .enumerate()
    {
        let col = (f.left() + i as f32 * col_w, col_w);
        let title_size = fit_size(
            fonts,
            Weight::Bold,
            title,
            st.body,
            st.body - 2.0,
            col_w - 2.0,
        );
        let mut y = f.block(col, top, &[Span::bold(title)], title_size, Align::Center);
        y = f.block(
            col,
            y,
            &[Span::regular("(Ký và ghi rõ họ tên)")],
            st.small,
            Align::Center,
        );
        y += st.sign_space;
        y = f.block(col, y, &[Span::bold(name.as_str())], st.body, Align::Center);
        bottom = bottom.max(y);
    }
    f.y = bottom + 1.0;
}

fn footnote(f: &mut Flow, t: &SlipText) {
    let st = f.st;
    f.ensure(st.lh(st.small) + 1.0);
    let (l, w, y) = (f.left(), f.width(), f.y);
    f.canvas().rule(l, y, l + w * 0.3, y, 0.4);
    f.y = y + 0.8;
    for line in &footnote_lines(t) {
        f.para(line, st.small, Align::Left);
    }
}

/// Lays out one copy; returns its pages.
fn layout_copy(
    fonts: &Fonts,
    ids: &FontIds,
    st: &Style,
    t: &SlipText,
    panel: Panel,
    copy_label: Option<&'static str>,
) -> Result<Vec<Canvas>, PrintError> {
    let marks = PageMarks {
        reprint: t.reprinted_at.clone(),
        copy_label,
        running_head: vec![
            Span::regular("Giấy tiếp nhận hồ sơ và hẹn trả kết quả – Mã hồ sơ: "),
            Span::bold(&t.code),
            Span::regular(" (tiếp theo)"),
        ],
    };
    paginate(fonts, ids, st, panel, &marks, |f| {
        header(f, t);
        title(f, t)?;
        applicant(f, t);
        documents(f, t);
        terms(f, t);
        signatures(f, t);
        footnote(f, t);
        Ok(())
    })
}

/// Renders the slip; `now` is the time printed on a reprint.
pub(crate) fn render(
    dossier: &Dossier,
    settings: &CenterSettings,
    opts: SlipOptions,
    now: NaiveDateTime,
) -> Result<Vec<u8>, PrintError> {
    let fonts = bundled()?;
    let text = SlipText::new(dossier, settings, opts.reprint.then_some(now));
    let st = Style::for_paper(opts.paper);

    let mut doc = PdfDocument::new(&format!("Giấy tiếp nhận hồ sơ {}", text.code));
    let ids = FontIds {
        regular: doc.add_font(&fonts.regular.parsed),
        bold: doc.add_font(&fonts.bold.parsed),
    };

    let mut pages = Vec::new();
    match (opts.paper, opts.two_copies) {
        (PaperSize::A5, true) => {
            let (w, h) = A4_LANDSCAPE;
            let half = w / 2.0;
            let panel = |x0| Panel {
                x0,
                width: half,
                sheet_height: h,
            };
            let left = layout_copy(fonts, &ids, &st, &text, panel(0.0), Some(CITIZEN_COPY))?;
            let right = layout_copy(fonts, &ids, &st, &text, panel(half), Some(CENTER_COPY))?;
            let sheets = left.len().max(right.len());
            let (mut left, mut right) = (left.into_iter(), right.into_iter());
            for _ in 0..sheets {
                // The cut line runs between the two copies.
                let mut sheet = Canvas::new(h, ids.clone());
                sheet.dashed_rule(half, 4.0, half, h - 4.0, 0.4, 3.0);
                let mut ops = sheet.ops;
                for panel in [left.next(), right.next()].into_iter().flatten() {
                    ops.extend(panel.ops);
                }
                pages.push(PdfPage::new(Mm(w), Mm(h), ops));
            }
        }
        (paper, two_copies) => {
            let (w, h) = paper.mm();
            let labels: &[Option<&'static str>] = if two_copies {
                &[Some(CITIZEN_COPY), Some(CENTER_COPY)]
            } else {
                &[None]
            };
            let panel = Panel {
                x0: 0.0,
                width: w,
                sheet_height: h,
            };
            for label in labels {
                for canvas in layout_copy(fonts, &ids, &st, &text, panel, *label)? {
                    pages.push(PdfPage::new(Mm(w), Mm(h), canvas.ops));
                }
            }
        }
    }

    Ok(finish(&mut doc, pages))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
