//! Filling pages top to bottom, breaking to a new page when the next line
//! would not fit.
//!
//! A form is written as a sequence of paragraphs, blocks and tables into a
//! [`Flow`]; the flow knows the current position, opens continuation pages
//! (with the marks every page carries) and numbers the pages at the end.

use super::canvas::{Align, Canvas, FontIds};
use super::error::PrintError;
use super::fonts::Fonts;
use super::layout::{Span, Weight, fit_size, text_width, wrap_spans};
use super::style::Style;

/// The mark on every page of a copy that is not the first print.
pub const REPRINT_MARK: &str = "BẢN IN LẠI";

/// Where one copy sits on its sheet (two A5 copies share an A4 sheet).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Panel {
    pub x0: f32,
    pub width: f32,
    pub sheet_height: f32,
}

/// What is printed at the top of every page of one copy.
pub(crate) struct PageMarks {
    /// "In lại lúc …" when this is a reprint; draws the [`REPRINT_MARK`] box.
    pub reprint: Option<String>,
    /// "Bản giao công dân" / "Bản lưu" when copies are printed together.
    pub copy_label: Option<&'static str>,
    /// Identifies the form on continuation pages, which may get separated.
    pub running_head: Vec<Span>,
}

pub(crate) struct Flow<'a> {
    pub fonts: &'a Fonts,
    pub st: &'a Style,
    ids: &'a FontIds,
    panel: Panel,
    marks: &'a PageMarks,
    /// Whether the foot of each page is kept free for "Trang i/n".
    numbered: bool,
    pages: Vec<Canvas>,
    /// Top of the next line, in mm from the top of the sheet.
    pub y: f32,
    /// A box at the right (e.g. a QR code) that text beside it must avoid:
    /// (width it takes from the line, bottom of the box).
    pub float_right: Option<(f32, f32)>,
}

/// Lays out one copy of a form with `body` and returns its pages. Page numbers
/// need a strip at the foot of each page, which a one-page form should not give
/// up, so a form that overflows is laid out a second time with the strip kept.
pub(crate) fn paginate(
    fonts: &Fonts,
    ids: &FontIds,
    st: &Style,
    panel: Panel,
    marks: &PageMarks,
    body: impl Fn(&mut Flow) -> Result<(), PrintError>,
) -> Result<Vec<Canvas>, PrintError> {
    let mut pages = Vec::new();
    for numbered in [false, true] {
        let mut flow = Flow {
            fonts,
            st,
            ids,
            panel,
            marks,
            numbered,
            pages: Vec::new(),
            y: st.margin_top,
            float_right: None,
        };
        flow.new_page();
        body(&mut flow)?;
        if flow.pages.len() == 1 {
            return Ok(flow.pages);
        }
        flow.page_numbers();
        pages = flow.pages;
    }
    Ok(pages)
}

impl Flow<'_> {
    pub fn left(&self) -> f32 {
        self.panel.x0 + self.st.margin_x
    }

    pub fn width(&self) -> f32 {
        self.panel.width - 2.0 * self.st.margin_x
    }

    pub fn bottom(&self) -> f32 {
        let strip = if self.numbered {
            self.st.footer_strip()
        } else {
            0.0
        };
        self.panel.sheet_height - self.st.margin_bottom - strip
    }

    /// Width for a paragraph starting at the current position.
    pub fn avail(&self) -> f32 {
        match self.float_right {
            Some((w, bottom)) if self.y < bottom => self.width() - w,
            _ => self.width(),
        }
    }

    /// The page being filled.
    pub fn canvas(&mut self) -> &mut Canvas {
        if self.pages.is_empty() {
            self.pages
                .push(Canvas::new(self.panel.sheet_height, self.ids.clone()));
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn new_page(&mut self) {
        self.pages
            .push(Canvas::new(self.panel.sheet_height, self.ids.clone()));
        self.float_right = None;
        self.y = self.st.margin_top;
        self.draw_marks();
        if self.pages.len() > 1 {
            self.running_head();
        }
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > self.bottom() {
            self.new_page();
        }
    }

    fn mark_size(&self) -> f32 {
        self.st.body + 1.5
    }

    fn marks_height(&self) -> f32 {
        if self.marks.reprint.is_some() || self.marks.copy_label.is_some() {
            self.st.lh(self.mark_size()) + 1.6
        } else {
            0.0
        }
    }

    /// The reprint mark and the copy label go on every page, so a stray second
    /// page is as clearly marked as the first.
    fn draw_marks(&mut self) {
        let (fonts, st, marks) = (self.fonts, self.st, self.marks);
        let (left, width, top) = (self.left(), self.width(), self.y);
        let size = self.mark_size();
        let baseline = top + 0.3 + st.baseline(size);
        if let Some(when) = &marks.reprint {
            let pad = 1.6;
            let w = text_width(fonts, Weight::Bold, REPRINT_MARK, size) + 2.0 * pad;
            let c = self.canvas();
            c.frame(left, top, w, st.lh(size) + 0.6, 1.2);
            c.text(left + pad, baseline, Weight::Bold, size, REPRINT_MARK);
            c.text(left + w + 2.0, baseline, Weight::Regular, st.small, when);
        }
        if let Some(label) = marks.copy_label {
            let c = self.canvas();
            c.text_in(
                fonts,
                left,
                width,
                baseline,
                Weight::Bold,
                st.body,
                label,
                Align::Right,
            );
        }
        self.y += self.marks_height();
    }

    fn running_head(&mut self) {
        let (st, marks) = (self.st, self.marks);
        self.para(&marks.running_head, st.small, Align::Left);
        let (l, w, y) = (self.left(), self.width(), self.y + 0.5);
        self.canvas().rule(l, y, l + w, y, 0.4);
        self.y += 2.5;
    }

    /// Where the flow resumes on a continuation page.
    pub fn continuation_top(&self) -> f32 {
        self.st.margin_top
            + self.marks_height()
            + self.height_of(
                std::slice::from_ref(&self.marks.running_head),
                self.st.small,
            )
            + 2.5
    }

    /// A wrapped paragraph; breaks to a new page between lines when needed.
    pub fn para(&mut self, spans: &[Span], size: f32, align: Align) {
        let avail = self.avail();
        let lh = self.st.lh(size);
        for line in wrap_spans(self.fonts, spans, size, avail) {
            self.ensure(lh);
            let (x, baseline) = (self.left(), self.y + self.st.baseline(size));
            let fonts = self.fonts;
            self.canvas()
                .line_of_text(fonts, &line, x, avail, baseline, size, align);
            self.y += lh;
        }
    }

    /// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc",
    /// centred in `column` from `top` and underlined, as on every Vietnamese
    /// administrative form. Each line is kept on one line, shrunk a little on a
    /// narrow column rather than wrapped. Returns the underline's y.
    pub fn national_motto(&mut self, column: (f32, f32), top: f32, size: f32) -> f32 {
        let fonts = self.fonts;
        let nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
        let nation_size = fit_size(fonts, Weight::Bold, nation, size, 6.0, column.1);
        let y = self.block(
            column,
            top,
            &[Span::bold(nation)],
            nation_size,
            Align::Center,
        );
        let motto = "Độc lập - Tự do - Hạnh phúc";
        let motto_size = fit_size(fonts, Weight::Bold, motto, size + 0.5, 6.0, column.1);
        let y = self.block(column, y, &[Span::bold(motto)], motto_size, Align::Center);
        let motto_w = text_width(fonts, Weight::Bold, motto, motto_size);
        let rule_y = y + 0.6;
        let x = column.0 + (column.1 - motto_w) / 2.0;
        self.canvas().rule(x, rule_y, x + motto_w, rule_y, 0.5);
        rule_y
    }

    /// Draws a wrapped block in a column at `y` without page breaks (the
    /// caller has made room) and returns its bottom.
    pub fn block(
        &mut self,
        (x, width): (f32, f32),
        mut y: f32,
        spans: &[Span],
        size: f32,
        align: Align,
    ) -> f32 {
        let (fonts, st) = (self.fonts, self.st);
        for line in wrap_spans(fonts, spans, size, width) {
            let baseline = y + st.baseline(size);
            self.canvas()
                .line_of_text(fonts, &line, x, width, baseline, size, align);
            y += st.lh(size);
        }
        y
    }

    /// Height of paragraphs at `size` over the full width.
    pub fn height_of(&self, paras: &[Vec<Span>], size: f32) -> f32 {
        let lines: usize = paras
            .iter()
            .map(|p| wrap_spans(self.fonts, p, size, self.width()).len())
            .sum();
        lines as f32 * self.st.lh(size)
    }

    /// "Trang i/n" on every page once the count is known.
    fn page_numbers(&mut self) {
        let n = self.pages.len();
        let (fonts, st) = (self.fonts, self.st);
        let (left, width) = (self.left(), self.width());
        let baseline = self.panel.sheet_height - st.margin_bottom - 0.5;
        for (i, page) in self.pages.iter_mut().enumerate() {
            let label = format!("Trang {}/{n}", i + 1);
            page.text_in(
                fonts,
                left,
                width,
                baseline,
                Weight::Regular,
                st.small,
                &label,
                Align::Center,
            );
        }
    }
}
