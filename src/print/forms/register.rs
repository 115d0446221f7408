//! Mẫu 06 — Sổ theo dõi hồ sơ (the dossier register) for a period, on A4
//! landscape: one ruled line per dossier received, the header repeated on
//! every page, and a column left empty for the citizen's signature on
//! collecting the result.

use std::collections::BTreeSet;

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::format::fmt_date;
use crate::domain::register::RegisterEntry;
use crate::domain::settings::CenterSettings;

use super::super::canvas::Align;
use super::super::error::PrintError;
use super::super::flow::{Flow, PageMarks};
use super::super::layout::{Span, Weight, clean, text_width};
use super::super::style::Style;
use super::grid::{Cell, Column, grid, plain, share};
use super::{Heading, header, render_pdf, title};

pub const TITLE: &str = "SỔ THEO DÕI HỒ SƠ";

/// A4 landscape.
const SHEET: (f32, f32) = (297.0, 210.0);

/// Twelve columns on 277 mm: a smaller type than the letters, and room at the
/// foot of each page for "Trang i/n".
fn style() -> Style {
    Style {
        margin_x: 10.0,
        margin_top: 10.0,
        margin_bottom: 9.0,
        body: 10.0,
        small: 8.5,
        header: 9.5,
        title: 14.0,
        table: 8.0,
        leading: 1.25,
        qr_symbol_mm: 0.0,
        sign_space: 0.0,
    }
}

/// "Từ ngày 01/11/2026 đến ngày 30/11/2026".
pub(super) fn period(from: NaiveDate, to: NaiveDate) -> String {
    format!("Từ ngày {} đến ngày {}", fmt_date(from), fmt_date(to))
}

/// A time over its date, so that date columns stay narrow.
fn moment(t: NaiveDateTime) -> Cell {
    vec![
        vec![Span::regular(t.format("%H:%M").to_string())],
        vec![Span::regular(fmt_date(t.date()))],
    ]
}

struct Text {
    heading: Heading,
    codes: Vec<String>,
    period: String,
    books: String,
    rows: Vec<Vec<Cell>>,
    count: usize,
}

impl Text {
    fn new(entries: &[RegisterEntry], from: NaiveDate, to: NaiveDate, s: &CenterSettings) -> Self {
        let books: BTreeSet<i32> = entries.iter().map(|e| e.register_book).collect();
        // STT is the entry's number in its book, as written on the slip; when
        // the period spans two books the book goes under the number.
        let several = books.len() > 1;
        let rows = entries
            .iter()
            .map(|e| {
                let mut no = plain(e.register_no.to_string());
                if several {
                    no.push(vec![Span::regular(format!("({})", e.register_book))]);
                }
                vec![
                    no,
                    plain(clean(&e.code)),
                    plain(clean(&e.procedure_name)),
                    plain(format!("{:02}", e.sets)),
                    vec![vec![Span::bold(clean(&e.applicant_name))]],
                    plain(clean(&e.address)),
                    plain(clean(&e.phone)),
                    moment(e.received_at),
                    moment(e.due_at),
                    e.returned_at.map(moment).unwrap_or_default(),
                    Vec::new(),
                    plain(clean(&e.note)),
                ]
            })
            .collect();
        let books = books
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        Text {
            codes: entries.iter().map(|e| clean(&e.code)).collect(),
            heading: Heading {
                motto: false,
                ..Heading::new(s, None)
            },
            period: period(from, to),
            books,
            rows,
            count: entries.len(),
        }
    }
}

fn body(f: &mut Flow, t: &Text) -> Result<(), PrintError> {
    let (fonts, st) = (f.fonts, f.st);
    header(f, &t.heading);
    title(f, TITLE);
    f.para(&[Span::regular(&t.period)], st.body, Align::Center);
    let mut summary = format!("Số hồ sơ: {}", t.count);
    if !t.books.is_empty() {
        summary.push_str(&format!(" – Quyển số: {}", t.books));
    }
    f.para(&[Span::regular(summary)], st.small, Align::Center);
    f.y += 2.0;

    let size = st.table;
    let pad = 2.4 + 0.6;
    let w = |s: &str, weight| text_width(fonts, weight, s, size) + pad;
    let stt = w("00000", Weight::Regular).max(w("STT", Weight::Bold));
    let sets = w("lượng hồ", Weight::Bold);
    let phone = w("00000000000", Weight::Regular);
    let date = w("00/00/0000", Weight::Regular);
    // A code is what people search the file for: kept on one line, so a
    // viewer's search and `pdftotext` find it whole. Longer codes than the
    // national format wrap rather than widen the column without bound.
    let code = t
        .codes
        .iter()
        .map(|c| w(c, Weight::Regular))
        .fold(w("000.00.00.H00-000000-0000", Weight::Regular), f32::max)
        .min(48.0);
    let sign = w("Ký nhận", Weight::Bold) + 4.0;
    let fixed = [stt, code, sets, phone, date, date, date, sign];
    // Procedure, applicant, address, note share what is left.
    // The procedure's name is the longest text on the line.
    let rest = share(f.width(), &fixed, &[1.9, 1.0, 1.3, 0.9]);
    let columns = [
        Column::new("STT", stt, Align::Center),
        Column::new("Mã hồ sơ", code, Align::Left),
        Column::new("Tên thủ tục hành chính", rest[0], Align::Left),
        Column::new("Số lượng hồ sơ (bộ)", sets, Align::Center),
        Column::new("Tên cá nhân, tổ chức", rest[1], Align::Left),
        Column::new("Địa chỉ", rest[2], Align::Left),
        Column::new("Số điện thoại", phone, Align::Left),
        Column::new("Ngày tiếp nhận", date, Align::Center),
        Column::new("Hẹn trả", date, Align::Center),
        Column::new("Ngày trả kết quả", date, Align::Center),
        Column::new("Ký nhận", sign, Align::Center),
        Column::new("Ghi chú", rest[3], Align::Left),
    ];
    if t.rows.is_empty() {
        let none = vec![vec![
            Vec::new(),
            Vec::new(),
            plain("(Không có hồ sơ trong kỳ)"),
        ]];
        grid(f, &columns, &none, size, 2);
    } else {
        grid(f, &columns, &t.rows, size, 2);
    }
    Ok(())
}

pub(super) fn render(
    entries: &[RegisterEntry],
    from: NaiveDate,
    to: NaiveDate,
    settings: &CenterSettings,
) -> Result<Vec<u8>, PrintError> {
    let text = Text::new(entries, from, to, settings);
    let marks = PageMarks {
        reprint: None,
        copy_label: None,
        running_head: vec![
            Span::bold("Sổ theo dõi hồ sơ"),
            Span::regular(format!(" – {} (tiếp theo)", text.period)),
        ],
    };
    render_pdf(
        &format!("Sổ theo dõi hồ sơ – {}", text.period),
        &style(),
        SHEET,
        &marks,
        |f| body(f, &text),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
