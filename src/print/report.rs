//! The periodic report on dossier handling (Báo cáo tình hình, kết quả giải
//! quyết thủ tục hành chính) as an A4 landscape PDF: the heading of every
//! form, the table by field with its three-level header, a summary paragraph,
//! the month trend and the signatures.

use chrono::{Datelike, NaiveDate};
use printpdf::{Mm, PdfDocument, PdfPage};

use crate::domain::format::fmt_date;
use crate::domain::report::{Figures, MonthTrend, Report, fmt_count, fmt_share, tenths_of_percent};
use crate::domain::settings::CenterSettings;

use super::canvas::{Align, Canvas, FontIds};
use super::error::PrintError;
use super::flow::{Flow, PageMarks, Panel, paginate};
use super::fonts::{Fonts, bundled, finish};
use super::layout::{Span, Weight, clean, fit_size, text_width, upper, wrap_spans};
use super::style::Style;
use super::table::Column;

pub const TITLE: &str = "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH";

/// A4 landscape.
const SHEET: (f32, f32) = (297.0, 210.0);

const PAD_X: f32 = 1.0;
const PAD_Y: f32 = 0.8;
const RULE_PT: f32 = 0.5;

/// Sizes for a wide table on landscape A4: smaller type than the slip's A4,
/// narrower margins, so fifteen columns fit and a field's name rarely wraps.
fn style() -> Style {
    Style {
        margin_x: 15.0,
        margin_top: 10.0,
        margin_bottom: 10.0,
        body: 10.0,
        small: 8.5,
        header: 10.0,
        title: 13.5,
        table: 8.5,
        leading: 1.3,
        qr_symbol_mm: 0.0,
        sign_space: 14.0,
    }
}

/// Renders `report` with the heading from `settings`; dated today.
pub fn render_report(report: &Report, settings: &CenterSettings) -> Result<Vec<u8>, PrintError> {
    render(report, settings, chrono::Local::now().date_naive())
}

/// Renders the report dated `today` (the date under the motto).
pub(crate) fn render(
    report: &Report,
    settings: &CenterSettings,
    today: NaiveDate,
) -> Result<Vec<u8>, PrintError> {
    let fonts = bundled()?;
    let mut doc = PdfDocument::new(&format!(
        "Báo cáo kết quả giải quyết TTHC {} – {}",
        fmt_date(report.from),
        fmt_date(report.to)
    ));
    let ids = FontIds {
        regular: doc.add_font(&fonts.regular.parsed),
        bold: doc.add_font(&fonts.bold.parsed),
    };
    let (w, h) = SHEET;
    let pages = lay_out(report, settings, today, fonts, &ids)?
        .into_iter()
        .map(|c| PdfPage::new(Mm(w), Mm(h), c.ops))
        .collect();
    Ok(finish(&mut doc, pages))
}

/// The report's pages.
fn lay_out(
    report: &Report,
    settings: &CenterSettings,
    today: NaiveDate,
    fonts: &Fonts,
    ids: &FontIds,
) -> Result<Vec<Canvas>, PrintError> {
    let period = format!(
        "Kỳ báo cáo: từ ngày {} đến ngày {}",
        fmt_date(report.from),
        fmt_date(report.to)
    );
    let marks = PageMarks {
        reprint: None,
        copy_label: None,
        running_head: vec![Span::regular(format!(
            "Báo cáo kết quả giải quyết thủ tục hành chính – {} (tiếp theo)",
            period.to_lowercase()
        ))],
    };
    let (w, h) = SHEET;
    let panel = Panel {
        x0: 0.0,
        width: w,
        sheet_height: h,
    };
    paginate(fonts, ids, &style(), panel, &marks, |f| {
        header(f, settings, today);
        title(f, report, &period);
        field_table(f, report);
        summary(f, &report.total);
        month_table(f, &report.by_month);
        signatures(f);
        Ok(())
    })
}

/// "Yên Kỳ, ngày 05 tháng 02 năm 2026" (Nghị định 30/2020: a leading zero for
/// days below 10 and for January and February).
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

/// The issuing body at the left, the national title and motto at the right
/// with the date under them, drawn as on the appointment slip.
fn header(f: &mut Flow, s: &CenterSettings, today: NaiveDate) {
    let st = f.st;
    let top = f.y;
    let left = (f.left(), f.width() * 0.42);
    let right_w = f.width() * 0.5;
    let right = (f.left() + f.width() - right_w, right_w);
    let size = st.header;

    let mut y = f.block(
        left,
        top,
        &[Span::regular(upper(&s.parent_agency))],
        size,
        Align::Center,
    );
    y = f.block(
        left,
        y,
        &[Span::bold(upper(&s.center_name))],
        size,
        Align::Center,
    );
    let rule_w = left.1 * 0.3;
    let left_bottom = y + 0.6;
    let x = left.0 + (left.1 - rule_w) / 2.0;
    f.canvas()
        .rule(x, left_bottom, x + rule_w, left_bottom, 0.5);

    let rule_y = f.national_motto(right, top, size);
    let date = date_line(&clean(&s.place_name), today);
    let bottom = f.block(
        right,
        rule_y + 1.8,
        &[Span::regular(date)],
        size,
        Align::Center,
    );
    f.y = bottom.max(left_bottom);
}

fn title(f: &mut Flow, report: &Report, period: &str) {
    let st = f.st;
    f.y += st.lh(st.body) * 0.6;
    let size = fit_size(
        f.fonts,
        Weight::Bold,
        TITLE,
        st.title,
        st.title - 3.0,
        f.width(),
    );
    f.para(&[Span::bold(TITLE)], size, Align::Center);
    let mut lines = vec![vec![Span::regular(period)]];
    if let Some(field) = &report.field_filter {
        lines.push(vec![Span::regular("Lĩnh vực: "), Span::bold(clean(field))]);
    }
    for line in &lines {
        f.para(line, st.body, Align::Center);
    }
    // The unit at the right, level with the last line above the table.
    let baseline = f.y - st.lh(st.body) + st.baseline(st.body);
    let (fonts, left, width) = (f.fonts, f.left(), f.width());
    f.canvas().text_in(
        fonts,
        left,
        width,
        baseline,
        Weight::Regular,
        st.small,
        "Đơn vị tính: hồ sơ",
        Align::Right,
    );
    f.y += 1.0;
}

/// A header cell spanning columns `cols` and header rows `rows` (end
/// exclusive).
struct HeadCell {
    cols: (usize, usize),
    rows: (usize, usize),
    text: &'static str,
}

const fn head(c0: usize, c1: usize, r0: usize, r1: usize, text: &'static str) -> HeadCell {
    HeadCell {
        cols: (c0, c1),
        rows: (r0, r1),
        text,
    }
}

/// The national report's header: what was received (carried over, new by
/// channel), resolved (early, on time, late), pending (within time,
/// overdue), returned.
const HEAD: [HeadCell; 19] = [
    head(0, 1, 0, 3, "STT"),
    head(1, 2, 0, 3, "Lĩnh vực"),
    head(2, 7, 0, 1, "Tổng số hồ sơ nhận"),
    head(2, 3, 1, 3, "Tổng số"),
    head(3, 4, 1, 3, "Kỳ trước chuyển qua"),
    head(4, 7, 1, 2, "Mới tiếp nhận"),
    head(4, 5, 2, 3, "Trực tuyến"),
    head(5, 6, 2, 3, "Trực tiếp"),
    head(6, 7, 2, 3, "Bưu chính"),
    head(7, 11, 0, 1, "Đã giải quyết"),
    head(7, 8, 1, 3, "Tổng số"),
    head(8, 9, 1, 3, "Trước hạn"),
    head(9, 10, 1, 3, "Đúng hạn"),
    head(10, 11, 1, 3, "Quá hạn"),
    head(11, 14, 0, 1, "Đang giải quyết"),
    head(11, 12, 1, 3, "Tổng số"),
    head(12, 13, 1, 3, "Trong hạn"),
    head(13, 14, 1, 3, "Quá hạn"),
    head(14, 15, 0, 3, "Đã trả kết quả"),
];

const COLUMNS: usize = 15;

fn figures_cells(f: &Figures) -> [String; 13] {
    [
        f.received(),
        f.received_carried,
        f.online,
        f.in_person,
        f.post,
        f.resolved,
        f.early,
        f.on_time,
        f.late,
        f.pending,
        f.pending_within,
        f.pending_overdue,
        f.returned,
    ]
    .map(fmt_count)
}

/// Column widths: STT and the numbers as narrow as their titles allow, the
/// field's name gets the rest.
fn widths(f: &Flow) -> [f32; COLUMNS] {
    let stt = text_width(f.fonts, Weight::Bold, "STT", f.st.table) + 2.0 * PAD_X + 1.5;
    let mut w = [16.0; COLUMNS];
    w[0] = stt;
    // "Kỳ trước / chuyển qua" on two lines rather than three.
    w[3] = 19.0;
    w[1] = f.width()
        - w.iter()
            .enumerate()
            .filter(|(i, _)| *i != 1)
            .map(|(_, w)| w)
            .sum::<f32>();
    w
}

/// The three header rows' heights: each fits its own cells, and a cell over
/// several rows grows the last of them when it needs more.
fn head_heights(f: &Flow, widths: &[f32; COLUMNS]) -> [f32; 3] {
    let lh = f.st.lh(f.st.table);
    let need = |c: &HeadCell| {
        let w: f32 = widths[c.cols.0..c.cols.1].iter().sum();
        let lines = wrap_spans(f.fonts, &[Span::bold(c.text)], f.st.table, w - 2.0 * PAD_X).len();
        lines as f32 * lh + 2.0 * PAD_Y
    };
    let mut h = [0.0_f32; 3];
    let cells = HEAD.iter();
    for c in cells.clone().filter(|c| c.rows.1 - c.rows.0 == 1) {
        h[c.rows.0] = h[c.rows.0].max(need(c));
    }
    for c in cells.filter(|c| c.rows.1 - c.rows.0 > 1) {
        let have: f32 = h[c.rows.0..c.rows.1].iter().sum();
        let last = c.rows.1 - 1;
        h[last] += (need(c) - have).max(0.0);
    }
    h
}

fn draw_head(f: &mut Flow, widths: &[f32; COLUMNS], heights: &[f32; 3]) {
    let (fonts, st) = (f.fonts, f.st);
    let size = st.table;
    let lh = st.lh(size);
    let top = f.y;
    let xs: Vec<f32> = std::iter::once(0.0)
        .chain(widths.iter().scan(0.0, |x, w| {
            *x += w;
            Some(*x)
        }))
        .map(|x| f.left() + x)
        .collect();
    let ys: Vec<f32> = std::iter::once(0.0)
        .chain(heights.iter().scan(0.0, |y, h| {
            *y += h;
            Some(*y)
        }))
        .map(|y| top + y)
        .collect();
    for c in &HEAD {
        let (x, y) = (xs[c.cols.0], ys[c.rows.0]);
        let (w, h) = (xs[c.cols.1] - x, ys[c.rows.1] - y);
        let lines = wrap_spans(fonts, &[Span::bold(c.text)], size, w - 2.0 * PAD_X);
        let offset = (h - lines.len() as f32 * lh) / 2.0;
        for (i, line) in lines.iter().enumerate() {
            let baseline = y + offset + i as f32 * lh + st.baseline(size);
            f.canvas().line_of_text(
                fonts,
                line,
                x + PAD_X,
                w - 2.0 * PAD_X,
                baseline,
                size,
                Align::Center,
            );
        }
        f.canvas().frame(x, y, w, h, RULE_PT);
    }
    f.y = ys[3];
}

/// One body row; `bold` for the total. Starts a page (with the header again)
/// when it does not fit.
fn draw_row(
    f: &mut Flow,
    widths: &[f32; COLUMNS],
    heights: &[f32; 3],
    cells: &[String],
    bold: bool,
) {
    let (fonts, st) = (f.fonts, f.st);
    let size = st.table;
    let lh = st.lh(size);
    let span = |t: &str| {
        if bold {
            Span::bold(t)
        } else {
            Span::regular(t)
        }
    };
    let wrapped: Vec<_> = cells
        .iter()
        .zip(widths)
        .map(|(c, w)| wrap_spans(fonts, &[span(c)], size, w - 2.0 * PAD_X))
        .collect();
    let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let h = lines as f32 * lh + 2.0 * PAD_Y;
    if f.y + h > f.bottom() {
        f.new_page();
        draw_head(f, widths, heights);
    }
    let top = f.y;
    let mut x = f.left();
    for (i, (cell, w)) in wrapped.iter().zip(widths).enumerate() {
        let align = match i {
            0 => Align::Center,
            1 => Align::Left,
            _ => Align::Right,
        };
        for (j, line) in cell.iter().enumerate() {
            let baseline = top + PAD_Y + j as f32 * lh + st.baseline(size);
            f.canvas().line_of_text(
                fonts,
                line,
                x + PAD_X,
                w - 2.0 * PAD_X,
                baseline,
                size,
                align,
            );
        }
        f.canvas().frame(x, top, *w, h, RULE_PT);
        x += w;
    }
    f.y = top + h;
}

fn field_table(f: &mut Flow, report: &Report) {
    let widths = widths(f);
    let heights = head_heights(f, &widths);
    let lh = f.st.lh(f.st.table);
    // The header and the first row stay together.
    f.ensure(heights.iter().sum::<f32>() + lh + 2.0 * PAD_Y);
    draw_head(f, &widths, &heights);
    for (i, (field, figures)) in report.by_field.iter().enumerate() {
        let mut cells = vec![(i + 1).to_string(), clean(field)];
        cells.extend(figures_cells(figures));
        draw_row(f, &widths, &heights, &cells, false);
    }
    let mut cells = vec![String::new(), "Tổng cộng".to_string()];
    cells.extend(figures_cells(&report.total));
    draw_row(f, &widths, &heights, &cells, true);
    f.y += 2.5;
}

/// The headline figures in words, as the report's text states them.
fn summary_text(t: &Figures) -> Vec<Vec<Span>> {
    let n = |v: u32| Span::bold(fmt_count(v));
    let s = |share: Option<u32>| Span::bold(fmt_share(share));
    let r = Span::regular;
    let mut received = vec![
        r("Tổng số hồ sơ tiếp nhận: "),
        n(t.received()),
        r(" (kỳ trước chuyển qua "),
        n(t.received_carried),
        r(", mới tiếp nhận "),
        n(t.received_new),
        r(", trong đó trực tuyến "),
        n(t.online),
        r(", trực tiếp "),
        n(t.in_person),
        r(", bưu chính "),
        n(t.post),
        r("); tỷ lệ hồ sơ trực tuyến "),
        s(t.online_share()),
        r("."),
    ];
    if t.received_new == 0 {
        received.truncate(5);
        received.push(r(")."));
    }
    let mut resolved = vec![
        r("Đã giải quyết "),
        n(t.resolved),
        r(" hồ sơ ("),
        s(t.resolved_share()),
        r(" số hồ sơ tiếp nhận): trước hạn "),
        n(t.early),
        r(" ("),
        s(t.early_share()),
        r("), đúng hạn "),
        n(t.on_time),
        r(" ("),
        s(t.on_time_share()),
        r("), quá hạn "),
        n(t.late),
        r(" ("),
        s(t.late_share()),
        r("); tỷ lệ giải quyết trước và đúng hạn "),
        s(t.early_or_on_time_share()),
        r("."),
    ];
    if t.withdrawn_or_stopped > 0 {
        resolved.pop();
        resolved.extend([
            r(". Trong số hồ sơ đã giải quyết có "),
            n(t.withdrawn_or_stopped),
            r(" hồ sơ công dân rút hoặc dừng xử lý."),
        ]);
    }
    let pending = vec![
        r("Đang giải quyết "),
        n(t.pending),
        r(" hồ sơ, trong đó trong hạn "),
        n(t.pending_within),
        r(", quá hạn "),
        n(t.pending_overdue),
        r(". Đã trả kết quả "),
        n(t.returned),
        r(" hồ sơ."),
    ];
    vec![received, resolved, pending]
}

fn summary(f: &mut Flow, total: &Figures) {
    let st = f.st;
    let paras = summary_text(total);
    f.ensure(f.height_of(&paras[..1], st.body) + st.lh(st.body));
    for p in &paras {
        f.para(p, st.body, Align::Left);
    }
    f.y += 2.0;
}

fn month_table(f: &mut Flow, months: &[MonthTrend]) {
    let w = f.width();
    let number = 26.0;
    let columns = [
        Column {
            title: "Tháng",
            width: 22.0,
            align: Align::Center,
        },
        Column {
            title: "Từ ngày – đến ngày",
            width: 48.0,
            align: Align::Center,
        },
        Column {
            title: "Mới tiếp nhận",
            width: number,
            align: Align::Right,
        },
        Column {
            title: "Đã giải quyết",
            width: number,
            align: Align::Right,
        },
        Column {
            title: "Trước hạn",
            width: number,
            align: Align::Right,
        },
        Column {
            title: "Đúng hạn",
            width: number,
            align: Align::Right,
        },
        Column {
            title: "Quá hạn",
            width: number,
            align: Align::Right,
        },
        Column {
            title: "Tỷ lệ trước và đúng hạn",
            width: (w - 70.0 - 5.0 * number).min(48.0),
            align: Align::Right,
        },
    ];
    let rows: Vec<Vec<String>> = months
        .iter()
        .map(|m| {
            vec![
                format!("{:02}/{}", m.month, m.year),
                format!("{} – {}", fmt_date(m.from), fmt_date(m.to)),
                fmt_count(m.received_new),
                fmt_count(m.resolved),
                fmt_count(m.early),
                fmt_count(m.on_time),
                fmt_count(m.late),
                fmt_share(tenths_of_percent(m.early + m.on_time, m.resolved)),
            ]
        })
        .collect();
    // The trend and the signatures under it move to the next page together
    // when they fit on one: signatures alone on a page would sign nothing.
    let st = f.st;
    let lh = st.lh(st.table);
    let head_lines = columns
        .iter()
        .map(|c| wrap_spans(f.fonts, &[Span::bold(c.title)], st.table, c.width - 2.4).len())
        .max()
        .unwrap_or(1);
    let together = st.lh(st.body)
        + 0.8
        + (head_lines + rows.len()) as f32 * lh
        + (1 + rows.len()) as f32 * 1.4
        + 2.0
        + signatures_height(f);
    if together <= f.bottom() - f.continuation_top() {
        f.ensure(together);
    }
    f.table(&[Span::bold("Diễn biến theo tháng")], &columns, &rows);
    f.y += 2.0;
}

fn signatures_height(f: &Flow) -> f32 {
    let st = f.st;
    3.0 + st.lh(st.body) + st.lh(st.small) + st.sign_space
}

/// Who drew up the report and who signs it for the center.
fn signatures(f: &mut Flow) {
    let st = f.st;
    let col_w = f.width() / 2.0;
    f.ensure(signatures_height(f));
    f.y += 3.0;
    let top = f.y;
    let mut bottom = top;
    for (i, (role, hint)) in [
        ("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
        ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"),
    ]
    .into_iter()
    .enumerate()
    {
        let col = (f.left() + i as f32 * col_w, col_w);
        let y = f.block(col, top, &[Span::bold(role)], st.body, Align::Center);
        let y = f.block(col, y, &[Span::regular(hint)], st.small, Align::Center);
        bottom = bottom.max(y + st.sign_space);
    }
    f.y = bottom;
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
