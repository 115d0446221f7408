//! Ruled tables whose cells hold several paragraphs ("Giao: …" over "Nhận: …",
//! a time over its date) in mixed weights, for the control sheet and the
//! register.
//!
//! The appointment slip's [`super::super::table`] holds one plain string per
//! cell; these tables follow the same rules otherwise: a row moves whole to
//! the next page unless it is taller than a page, and the header row is
//! repeated wherever the table continues, as on a paper register.

use super::super::canvas::Align;
use super::super::flow::Flow;
use super::super::layout::{Line, Span, wrap_spans};

const PAD_X: f32 = 1.2;
const PAD_Y: f32 = 0.7;
const RULE_PT: f32 = 0.5;

pub(super) struct Column {
    pub title: String,
    pub width: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, width: f32, align: Align) -> Self {
        Column {
            title: title.to_string(),
            width,
            align,
        }
    }
}

/// A cell: its paragraphs, each starting on a new line.
pub(super) type Cell = Vec<Vec<Span>>;

/// A cell of one plain paragraph.
pub(super) fn plain(text: impl Into<String>) -> Cell {
    vec![vec![Span::regular(text)]]
}

/// A row wrapped into its columns: the lines of each cell.
type Wrapped = Vec<Vec<Line>>;

/// Widths of columns whose content must not wrap (a date, a number) are
/// measured by the caller; the rest of `total` is shared out in proportion to
/// `weights` among the others.
pub(super) fn share(total: f32, fixed: &[f32], weights: &[f32]) -> Vec<f32> {
    let rest = (total - fixed.iter().sum::<f32>()).max(0.0);
    let sum: f32 = weights.iter().sum();
    weights
        .iter()
        .map(|w| if sum > 0.0 { rest * w / sum } else { 0.0 })
        .collect()
}

fn lines_in(cells: &Wrapped) -> usize {
    cells.iter().map(Vec::len).max().unwrap_or(1).max(1)
}

/// Draws the table at the flow's position; every row takes at least
/// `min_lines` lines (room to sign in a register).
pub(super) fn grid(
    f: &mut Flow,
    columns: &[Column],
    rows: &[Vec<Cell>],
    size: f32,
    min_lines: usize,
) {
    let fonts = f.fonts;
    let lh = f.st.lh(size);
    let wrap = |cell: &Cell, col: &Column| -> Vec<Line> {
        let inner = col.width - 2.0 * PAD_X;
        cell.iter()
            .flat_map(|p| wrap_spans(fonts, p, size, inner))
            .collect()
    };
    let header: Wrapped = columns
        .iter()
        .map(|c| wrap(&vec![vec![Span::bold(c.title.as_str())]], c))
        .collect();
    let header_h = lines_in(&header) as f32 * lh + 2.0 * PAD_Y;
    let body: Vec<(Wrapped, usize)> = rows
        .iter()
        .map(|row| {
            let cells: Wrapped = columns
                .iter()
                .enumerate()
                .map(|(i, c)| row.get(i).map(|cell| wrap(cell, c)).unwrap_or_default())
                .collect();
            let n = lines_in(&cells).max(min_lines);
            (cells, n)
        })
        .collect();

    // Lines of one row a continuation page holds under the repeated header.
    let page_lines = ((f.bottom() - f.continuation_top() - header_h - 2.0 * PAD_Y) / lh)
        .floor()
        .max(1.0) as usize;
    // The header never stands alone at the foot of a page: it goes with the
    // first row, or as much of it as a page holds.
    let first = body.first().map_or(1, |(_, n)| *n).min(page_lines);
    f.ensure(header_h + first as f32 * lh + 2.0 * PAD_Y);

    let mut seg_top = f.y;
    draw_header(f, &header, columns, header_h, size);
    let mut fresh = true;
    for (cells, n) in &body {
        let n = *n;
        let mut done = 0;
        while done < n {
            let room = ((f.bottom() - f.y - 2.0 * PAD_Y) / lh).floor().max(0.0) as usize;
            let remaining = n - done;
            // Right under a header something is always drawn, so the loop
            // always advances.
            let take = if remaining <= room {
                remaining
            } else if fresh || (remaining > page_lines && room >= 2) {
                room.max(1)
            } else {
                0
            };
            if take == 0 {
                close(f, seg_top, columns);
                f.new_page();
                seg_top = f.y;
                draw_header(f, &header, columns, header_h, size);
                fresh = true;
                continue;
            }
            fresh = false;
            draw_row(f, cells, columns, done, take, size);
            done += take;
        }
    }
    close(f, seg_top, columns);
}

fn total_width(columns: &[Column]) -> f32 {
    columns.iter().map(|c| c.width).sum()
}

/// Lines `from..from + count` of one row, and the rule under them.
fn draw_row(
    f: &mut Flow,
    cells: &Wrapped,
    columns: &[Column],
    from: usize,
    count: usize,
    size: f32,
) {
    let (fonts, st) = (f.fonts, f.st);
    let lh = st.lh(size);
    let top = f.y;
    let mut x = f.left();
    for (col, lines) in columns.iter().zip(cells) {
        for (i, line) in lines.iter().skip(from).take(count).enumerate() {
            let baseline = top + PAD_Y + i as f32 * lh + st.baseline(size);
            let inner = col.width - 2.0 * PAD_X;
            f.canvas()
                .line_of_text(fonts, line, x + PAD_X, inner, baseline, size, col.align);
        }
        x += col.width;
    }
    f.y = top + count as f32 * lh + 2.0 * PAD_Y;
    let (l, w, y) = (f.left(), total_width(columns), f.y);
    f.canvas().rule(l, y, l + w, y, RULE_PT);
}

fn draw_header(f: &mut Flow, header: &Wrapped, columns: &[Column], height: f32, size: f32) {
    let (fonts, st) = (f.fonts, f.st);
    let lh = st.lh(size);
    let (left, w, top) = (f.left(), total_width(columns), f.y);
    let mut x = left;
    for (col, lines) in columns.iter().zip(header) {
        // Centred vertically when another column's title wraps further.
        let offset = (height - 2.0 * PAD_Y - lines.len() as f32 * lh) / 2.0;
        for (i, line) in lines.iter().enumerate() {
            let baseline = top + PAD_Y + offset + i as f32 * lh + st.baseline(size);
            let inner = col.width - 2.0 * PAD_X;
            f.canvas()
                .line_of_text(fonts, line, x + PAD_X, inner, baseline, size, Align::Center);
        }
        x += col.width;
    }
    let c = f.canvas();
    c.rule(left, top, left + w, top, RULE_PT);
    c.rule(left, top + height, left + w, top + height, RULE_PT);
    f.y = top + height;
}

/// The vertical rules of the part of the table on this page.
fn close(f: &mut Flow, seg_top: f32, columns: &[Column]) {
    let (mut x, bottom) = (f.left(), f.y);
    let c = f.canvas();
    c.rule(x, seg_top, x, bottom, RULE_PT);
    for col in columns {
        x += col.width;
        c.rule(x, seg_top, x, bottom, RULE_PT);
    }
}
