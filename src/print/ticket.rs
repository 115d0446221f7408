//! Phiếu số thứ tự — the queue ticket, printed on an 80 mm receipt roll.
//!
//! Cheap thermal printers mangle Vietnamese sent to them as characters, so the
//! ticket is a PDF with the fonts embedded: the printer's driver rasterises the
//! glyphs and the printer only ever receives graphics.
//!
//! The page has a fixed height (a CUPS custom media size must name one). Every
//! wrapped field has a maximum number of lines, so the tallest possible ticket
//! is known; if a ticket would still not fit, it is set a little smaller.
//! Height left over on a short ticket is shared out between the sections
//! rather than left as a blank tail.

use chrono::NaiveDateTime;
use printpdf::{Mm, PdfDocument, PdfPage};

use crate::domain::format::{fmt_date, fmt_datetime, fmt_time};

use super::canvas::{Align, Canvas, FontIds};
use super::error::PrintError;
use super::fonts::{Fonts, bundled, finish};
use super::layout::{
    MM_PER_PT, Span, Weight, clean, ellipsize, fit_size, spans_width, text_width, wrap,
    wrap_balanced,
};

/// Width of the paper roll.
pub const TICKET_WIDTH_MM: f32 = 80.0;
/// Length of paper one ticket takes; must match [`TICKET_MEDIA`].
pub const TICKET_HEIGHT_MM: f32 = 100.0;
/// CUPS media name for the ticket's page size.
pub const TICKET_MEDIA: &str = "Custom.80x100mm";
/// The boxed mark on a ticket printed again for the same number.
pub const TICKET_REPRINT_MARK: &str = "IN LẠI";
/// The small heading above the number.
pub const TICKET_HEADING: &str = "SỐ THỨ TỰ";

/// Most 80 mm printers print 72 mm centred on the roll; 5 mm leaves room for
/// a roll that sits a little off centre.
const MARGIN_X: f32 = 5.0;
const MARGIN_TOP: f32 = 4.0;
/// The cutter leaves a ragged edge and some printers stop a few mm short.
const MARGIN_BOTTOM: f32 = 6.0;
const LEADING: f32 = 1.25;
/// Cap height of Noto Sans (714/1000 em): places the big number by the top of
/// its digits rather than by a line box sized for accented lower case.
const CAP_HEIGHT_EM: f32 = 0.714;
/// Most extra height one gap may take on a short ticket; more looks scattered.
const MAX_STRETCH_MM: f32 = 3.0;
/// Sizes tried, largest first, when a ticket is too tall for its page.
const SCALES: [f32; 7] = [1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7];
/// Thermal heads are ~8 dots per mm: thinner lines come out broken.
const RULE_PT: f32 = 0.8;

/// One queue ticket as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketSlip {
    /// e.g. "Trung tâm Phục vụ hành chính công xã Yên Kỳ".
    pub center_name: String,
    /// The number, e.g. "A-015" (may carry a prefix, e.g. "2A-015").
    pub label: String,
    /// e.g. "Hộ tịch – Chứng thực".
    pub area_name: String,
    pub issued_at: NaiveDateTime,
    /// Tickets waiting before this one in its area.
    pub waiting_ahead: u32,
    /// e.g. `Some("Ưu tiên: người cao tuổi")` for a priority ticket.
    pub priority: Option<String>,
    pub reprint: bool,
    /// e.g. "Vui lòng chờ đến khi số của quý vị được gọi."; may be empty.
    pub footer: String,
}

/// Renders the ticket and returns the PDF bytes. A reprint is stamped with the
/// current local time.
pub fn render_ticket(t: &TicketSlip) -> Result<Vec<u8>, PrintError> {
    render(t, chrono::Local::now().naive_local())
}

/// Everything printed, cleaned (NFC, single spaces) once.
struct TicketText {
    center_name: String,
    label: String,
    area: String,
    priority: Option<String>,
    waiting: Vec<Span>,
    issued: String,
    footer: String,
    reprinted_at: Option<String>,
}

impl TicketText {
    fn new(t: &TicketSlip, now: NaiveDateTime) -> Self {
        let waiting = if t.waiting_ahead == 0 {
            vec![Span::regular("Không có ai chờ trước quý vị")]
        } else {
            vec![
                Span::regular("Đang chờ trước quý vị: "),
                Span::bold(t.waiting_ahead.to_string()),
                Span::regular(" người"),
            ]
        };
        TicketText {
            center_name: clean(&t.center_name),
            label: clean(&t.label),
            area: clean(&t.area_name),
            priority: t.priority.as_deref().map(clean).filter(|p| !p.is_empty()),
            waiting,
            issued: format!(
                "Lấy số lúc: {}, {}",
                fmt_time(t.issued_at),
                fmt_date(t.issued_at.date())
            ),
            footer: clean(&t.footer),
            reprinted_at: t
                .reprint
                .then(|| format!("In lại lúc {}", fmt_datetime(now))),
        }
    }
}

/// Lays the ticket out top to bottom on one canvas.
struct Pen<'a> {
    fonts: &'a Fonts,
    canvas: Canvas,
    /// Top of the next line, in mm from the top of the page.
    y: f32,
    /// Sizes are multiplied by this; below 1 only when the ticket is too tall.
    scale: f32,
    /// Extra height added to every gap.
    stretch: f32,
    gaps: usize,
}

impl Pen<'_> {
    fn left(&self) -> f32 {
        MARGIN_X
    }

    fn width(&self) -> f32 {
        TICKET_WIDTH_MM - 2.0 * MARGIN_X
    }

    fn size(&self, pt: f32) -> f32 {
        pt * self.scale
    }

    fn lh(size: f32) -> f32 {
        size * MM_PER_PT * LEADING
    }

    /// Same placement as the slip's lines: capitals centred in the line box,
    /// leaving room above for stacked marks (Ể, Ỗ).
    fn baseline(size: f32) -> f32 {
        Self::lh(size) / 2.0 + 0.36 * size * MM_PER_PT
    }

    /// A gap between sections, which grows on a ticket with height to spare.
    fn gap(&mut self, mm: f32) {
        self.y += mm * self.scale + self.stretch;
        self.gaps += 1;
    }

    /// Wraps `text` in at most `max_lines` lines: shrinks it down to `min`
    /// first, then shortens the last line with "…".
    fn fit_lines(
        &self,
        weight: Weight,
        text: &str,
        size: f32,
        min: f32,
        max_lines: usize,
    ) -> (f32, Vec<String>) {
        let width = self.width();
        let max_lines = max_lines.max(1);
        let mut size = size;
        loop {
            let lines = wrap(self.fonts, weight, text, size, width);
            if lines.len() <= max_lines {
                return (size, wrap_balanced(self.fonts, weight, text, size, width));
            }
            if size - 0.5 < min {
                let mut kept = lines[..max_lines - 1].to_vec();
                let rest = lines[max_lines - 1..].join(" ");
                kept.push(ellipsize(self.fonts, weight, &rest, size, width));
                return (size, kept);
            }
            size -= 0.5;
        }
    }

    /// Centred lines of one weight.
    fn centered(&mut self, lines: &[String], weight: Weight, size: f32) {
        let (fonts, left, width) = (self.fonts, self.left(), self.width());
        for line in lines {
            let baseline = self.y + Self::baseline(size);
            self.canvas.text_in(
                fonts,
                left,
                width,
                baseline,
                weight,
                size,
                line,
                Align::Center,
            );
            self.y += Self::lh(size);
        }
    }

    /// A wrapped, centred paragraph of at most `max_lines` lines.
    fn para(&mut self, text: &str, weight: Weight, size_pt: f32, min_pt: f32, max_lines: usize) {
        let (size, lines) = self.fit_lines(
            weight,
            text,
            self.size(size_pt),
            self.size(min_pt),
            max_lines,
        );
        self.centered(&lines, weight, size);
    }

    /// One centred line of mixed weights, shrunk to fit the width.
    fn spans_line(&mut self, spans: &[Span], size_pt: f32) {
        let size = self.size(size_pt);
        let natural = spans_width(self.fonts, spans, size);
        let size = if natural > self.width() {
            size * self.width() / natural * 0.995
        } else {
            size
        };
        let width = spans_width(self.fonts, spans, size);
        let mut x = self.left() + (self.width() - width) / 2.0;
        let baseline = self.y + Self::baseline(size);
        for span in spans {
            self.canvas.text(x, baseline, span.weight, size, &span.text);
            x += text_width(self.fonts, span.weight, &span.text, size);
        }
        self.y += Self::lh(size);
    }

    fn rule(&mut self) {
        let (l, w, y) = (self.left(), self.width(), self.y);
        self.canvas.rule(l, y, l + w, y, RULE_PT);
    }

    /// The boxed "IN LẠI" with the time of reprinting beside it, or under it
    /// when both do not fit on one line.
    fn reprint(&mut self, when: &str) {
        let fonts = self.fonts;
        let mark = self.size(13.0);
        let small = self.size(9.0);
        let pad = 1.8 * self.scale;
        let box_w = text_width(fonts, Weight::Bold, TICKET_REPRINT_MARK, mark) + 2.0 * pad;
        let box_h = Self::lh(mark) + 0.6;
        let spacing = 2.5;
        let when_w = text_width(fonts, Weight::Regular, when, small);
        let top = self.y;
        let mark_baseline = top + 0.3 + Self::baseline(mark);
        if box_w + spacing + when_w <= self.width() {
            let x = self.left() + (self.width() - box_w - spacing - when_w) / 2.0;
            self.canvas.frame(x, top, box_w, box_h, 1.4);
            self.canvas.text(
                x + pad,
                mark_baseline,
                Weight::Bold,
                mark,
                TICKET_REPRINT_MARK,
            );
            // The time sits on the mark's baseline so the row reads as one line.
            self.canvas.text(
                x + box_w + spacing,
                mark_baseline,
                Weight::Regular,
                small,
                when,
            );
            self.y = top + box_h;
        } else {
            let x = self.left() + (self.width() - box_w) / 2.0;
            self.canvas.frame(x, top, box_w, box_h, 1.4);
            self.canvas.text(
                x + pad,
                mark_baseline,
                Weight::Bold,
                mark,
                TICKET_REPRINT_MARK,
            );
            self.y = top + box_h + 0.8;
            let lines = vec![ellipsize(fonts, Weight::Regular, when, small, self.width())];
            self.centered(&lines, Weight::Regular, small);
        }
    }

    /// The number itself, as large as the width allows up to 48 pt. Placed by
    /// the height of its capitals: a label has no accents or descenders, and a
    /// line box for them would put a gap under the number.
    fn number(&mut self, label: &str) {
        let max = self.size(48.0);
        let size = fit_size(
            self.fonts,
            Weight::Bold,
            label,
            max,
            // Low enough that any label fits: a small number is still a
            // number, a clipped one is a wrong one.
            8.0,
            self.width(),
        );
        // A shrunk label keeps the full label's height of space, so the
        // ticket's layout does not depend on the label's length.
        let cap = CAP_HEIGHT_EM * max * MM_PER_PT;
        let baseline = self.y + cap - (max - size) * CAP_HEIGHT_EM * MM_PER_PT / 2.0;
        let (fonts, left, width) = (self.fonts, self.left(), self.width());
        self.canvas.text_in(
            fonts,
            left,
            width,
            baseline,
            Weight::Bold,
            size,
            label,
            Align::Center,
        );
        self.y += cap;
    }

    /// The priority note in a frame, so the caller notices it at a glance.
    fn priority(&mut self, text: &str) {
        let pad = 1.2 * self.scale;
        let (size, lines) = self.fit_lines(Weight::Bold, text, self.size(12.0), self.size(10.0), 2);
        // The frame's padding comes out of the text's width.
        let inner = self.width() - 2.0 * pad;
        let lines: Vec<String> = lines
            .iter()
            .map(|l| ellipsize(self.fonts, Weight::Bold, l, size, inner))
            .collect();
        let widest = lines
            .iter()
            .map(|l| text_width(self.fonts, Weight::Bold, l, size))
            .fold(0.0, f32::max);
        let box_w = widest + 2.0 * pad;
        let top = self.y;
        self.y += pad * 0.5;
        self.centered(&lines, Weight::Bold, size);
        self.y += pad * 0.5;
        let x = self.left() + (self.width() - box_w) / 2.0;
        self.canvas.frame(x, top, box_w, self.y - top, 1.0);
    }
}

/// The whole ticket at `scale`, with `stretch` mm added to each gap. Returns
/// the page's ops, where the content ends, and how many gaps it has.
fn lay_out(
    fonts: &Fonts,
    ids: &FontIds,
    t: &TicketText,
    scale: f32,
    stretch: f32,
) -> (Canvas, f32, usize) {
    let mut p = Pen {
        fonts,
        canvas: Canvas::new(TICKET_HEIGHT_MM, ids.clone()),
        y: MARGIN_TOP,
        scale,
        stretch,
        gaps: 0,
    };
    if let Some(when) = &t.reprinted_at {
        p.reprint(when);
        p.gap(2.0);
    }
    p.para(&t.center_name, Weight::Bold, 10.5, 8.5, 3);
    p.gap(1.2);
    p.rule();
    p.gap(2.0);
    p.para(TICKET_HEADING, Weight::Regular, 10.5, 10.5, 1);
    p.gap(2.5);
    p.number(&t.label);
    p.gap(4.0);
    p.para(&t.area, Weight::Bold, 14.0, 11.0, 2);
    if let Some(priority) = &t.priority {
        p.gap(1.5);
        p.priority(priority);
    }
    p.gap(2.0);
    p.spans_line(&t.waiting, 12.0);
    p.y += 0.5 * scale;
    p.para(&t.issued, Weight::Regular, 10.0, 10.0, 1);
    if !t.footer.is_empty() {
        p.gap(1.5);
        let (l, w, y) = (p.left(), p.width(), p.y);
        p.canvas.dashed_rule(l, y, l + w, y, RULE_PT * 0.75, 2.5);
        p.y += 1.2 * scale;
        p.para(&t.footer, Weight::Regular, 9.0, 7.5, 3);
    }
    (p.canvas, p.y, p.gaps)
}

/// The largest scale at which the ticket fits its page, laid out with the
/// height to spare shared out between its gaps.
fn lay_out_fitted(fonts: &Fonts, ids: &FontIds, t: &TicketText) -> (Canvas, f32) {
    let limit = TICKET_HEIGHT_MM - MARGIN_BOTTOM;
    let mut scale = SCALES[SCALES.len() - 1];
    for s in SCALES {
        let (_, bottom, _) = lay_out(fonts, ids, t, s, 0.0);
        if bottom <= limit {
            scale = s;
            break;
        }
    }
    let (canvas, bottom, gaps) = lay_out(fonts, ids, t, scale, 0.0);
    if gaps == 0 || bottom >= limit {
        return (canvas, bottom);
    }
    let stretch = ((limit - bottom) / gaps as f32).min(MAX_STRETCH_MM);
    let (canvas, bottom, _) = lay_out(fonts, ids, t, scale, stretch);
    (canvas, bottom)
}

/// Renders the ticket; `now` is the time printed on a reprint.
pub(crate) fn render(t: &TicketSlip, now: NaiveDateTime) -> Result<Vec<u8>, PrintError> {
    let fonts = bundled()?;
    let text = TicketText::new(t, now);
    let mut doc = PdfDocument::new(&format!("Phiếu số thứ tự {}", text.label));
    let ids = FontIds {
        regular: doc.add_font(&fonts.regular.parsed),
        bold: doc.add_font(&fonts.bold.parsed),
    };
    let (canvas, _) = lay_out_fitted(fonts, &ids, &text);
    let page = PdfPage::new(Mm(TICKET_WIDTH_MM), Mm(TICKET_HEIGHT_MM), canvas.ops);
    Ok(finish(&mut doc, vec![page]))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
