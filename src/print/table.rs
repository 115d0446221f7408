//! Ruled tables that continue across pages.
//!
//! Cells wrap within their column; a row moves whole to the next page unless it
//! is taller than a page, and the header row is repeated wherever the table
//! continues, as on a paper register.

use super::canvas::Align;
use super::flow::Flow;
use super::layout::{Line, Span, wrap_spans};

const PAD_X: f32 = 1.2;
const PAD_Y: f32 = 0.7;
const RULE_PT: f32 = 0.5;

pub(crate) struct Column<'a> {
    pub title: &'a str,
    pub width: f32,
    pub align: Align,
}

/// A row wrapped into its columns.
type Cells = Vec<Vec<Line>>;

fn total_width(columns: &[Column]) -> f32 {
    columns.iter().map(|c| c.width).sum()
}

fn row_lines(cells: &Cells) -> usize {
    cells.iter().map(Vec::len).max().unwrap_or(1).max(1)
}

impl Flow<'_> {
    /// Draws `caption` (kept with the table's first row) and the table.
    pub fn table(&mut self, caption: &[Span], columns: &[Column], rows: &[Vec<String>]) {
        let (fonts, st) = (self.fonts, self.st);
        let size = st.table;
        let lh = st.lh(size);
        let wrap = |text: &str, col: &Column, weight_bold: bool| {
            let span = if weight_bold {
                Span::bold(text)
            } else {
                Span::regular(text)
            };
            wrap_spans(fonts, &[span], size, col.width - 2.0 * PAD_X)
        };
        let header: Cells = columns.iter().map(|c| wrap(c.title, c, true)).collect();
        let header_h = row_lines(&header) as f32 * lh + 2.0 * PAD_Y;
        let body: Vec<Cells> = rows
            .iter()
            .map(|row| {
                columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| wrap(row.get(i).map_or("", String::as_str), c, false))
                    .collect()
            })
            .collect();

        // Lines of one row a continuation page holds under the repeated header.
        let page_lines = ((self.bottom() - self.continuation_top() - header_h - 2.0 * PAD_Y) / lh)
            .floor()
            .max(1.0) as usize;
        // The caption, the header and the first row (or as much of it as a
        // page holds) stay together, so a header is never left alone at the
        // foot of a page.
        let first = body.first().map_or(1, row_lines).min(page_lines);
        let caption_h = self.height_of(&[caption.to_vec()], st.body) + 0.8;
        self.ensure(caption_h + header_h + first as f32 * lh + 2.0 * PAD_Y);
        self.para(caption, st.body, Align::Left);
        self.y += 0.8;

        let mut seg_top = self.y;
        self.table_header(&header, columns, header_h);
        let mut fresh = true;
        for cells in &body {
            let n = row_lines(cells);
            let mut done = 0;
            while done < n {
                let room = ((self.bottom() - self.y - 2.0 * PAD_Y) / lh)
                    .floor()
                    .max(0.0) as usize;
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
                    self.close_table(seg_top, columns);
                    self.new_page();
                    seg_top = self.y;
                    self.table_header(&header, columns, header_h);
                    fresh = true;
                    continue;
                }
                fresh = false;
                self.table_row(cells, columns, done, take);
                done += take;
            }
        }
        self.close_table(seg_top, columns);
    }

    /// Lines `from..from + count` of one row, and the rule under them.
    fn table_row(&mut self, cells: &Cells, columns: &[Column], from: usize, count: usize) {
        let (fonts, st) = (self.fonts, self.st);
        let size = st.table;
        let lh = st.lh(size);
        let top = self.y;
        let mut x = self.left();
        for (col, lines) in columns.iter().zip(cells) {
            for (i, line) in lines.iter().skip(from).take(count).enumerate() {
                let baseline = top + PAD_Y + i as f32 * lh + st.baseline(size);
                let inner = col.width - 2.0 * PAD_X;
                self.canvas().line_of_text(
                    fonts,
                    line,
                    x + PAD_X,
                    inner,
                    baseline,
                    size,
                    col.align,
                );
            }
            x += col.width;
        }
        self.y = top + count as f32 * lh + 2.0 * PAD_Y;
        let (l, w, y) = (self.left(), total_width(columns), self.y);
        self.canvas().rule(l, y, l + w, y, RULE_PT);
    }

    fn table_header(&mut self, header: &Cells, columns: &[Column], height: f32) {
        let (fonts, st) = (self.fonts, self.st);
        let size = st.table;
        let lh = st.lh(size);
        let (left, w, top) = (self.left(), total_width(columns), self.y);
        let mut x = left;
        for (col, lines) in columns.iter().zip(header) {
            // Centred vertically when another column's title wraps.
            let offset = (height - 2.0 * PAD_Y - lines.len() as f32 * lh) / 2.0;
            for (i, line) in lines.iter().enumerate() {
                let baseline = top + PAD_Y + offset + i as f32 * lh + st.baseline(size);
                let inner = col.width - 2.0 * PAD_X;
                self.canvas().line_of_text(
                    fonts,
                    line,
                    x + PAD_X,
                    inner,
                    baseline,
                    size,
                    Align::Center,
                );
            }
            x += col.width;
        }
        let c = self.canvas();
        c.rule(left, top, left + w, top, RULE_PT);
        c.rule(left, top + height, left + w, top + height, RULE_PT);
        self.y = top + height;
    }

    /// The vertical rules of the part of the table on this page.
    fn close_table(&mut self, seg_top: f32, columns: &[Column]) {
        let (mut x, bottom) = (self.left(), self.y);
        let c = self.canvas();
        c.rule(x, seg_top, x, bottom, RULE_PT);
        for col in columns {
            x += col.width;
            c.rule(x, seg_top, x, bottom, RULE_PT);
        }
    }
}
