//! Drawing on a PDF page in millimetres from the top-left corner.
//!
//! PDF measures in points from the bottom-left; forms are designed top-down in
//! millimetres. This is the one place that converts, so layout code never
//! juggles the two.

use printpdf::{
    FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, PdfFontHandle, Point, Polygon,
    PolygonRing, Pt, TextItem, WindingOrder,
};

use super::layout::{Line as TextLine, Metrics, Weight, text_width};
use super::qr::QrRect;

/// The fonts as registered in one PDF document.
#[derive(Debug, Clone)]
pub struct FontIds {
    pub regular: FontId,
    pub bold: FontId,
}

impl FontIds {
    fn get(&self, weight: Weight) -> &FontId {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// Horizontal placement of a line of text within a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// The operations of one page (or of one panel of a page: panels of a sheet
/// share its coordinate system and their ops are concatenated).
pub struct Canvas {
    sheet_height_mm: f32,
    fonts: FontIds,
    pub ops: Vec<Op>,
}

impl Canvas {
    pub fn new(sheet_height_mm: f32, fonts: FontIds) -> Self {
        Self {
            sheet_height_mm,
            fonts,
            ops: Vec::new(),
        }
    }

    fn point(&self, x_mm: f32, y_mm: f32) -> Point {
        Point::new(Mm(x_mm), Mm(self.sheet_height_mm - y_mm))
    }

    /// Draws `text` with its baseline `baseline_mm` from the top. Each run is its
    /// own text object because `Td` moves relative to the previous line in the
    /// same object; separate objects make every position absolute.
    pub fn text(&mut self, x_mm: f32, baseline_mm: f32, weight: Weight, size_pt: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        let pos = self.point(x_mm, baseline_mm);
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.fonts.get(weight).clone()),
                size: Pt(size_pt),
            },
            Op::SetTextCursor { pos },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Draws a wrapped line, aligned within `[x_mm, x_mm + width_mm]`.
    #[allow(clippy::too_many_arguments)]
    pub fn line_of_text(
        &mut self,
        m: &impl Metrics,
        line: &TextLine,
        x_mm: f32,
        width_mm: f32,
        baseline_mm: f32,
        size_pt: f32,
        align: Align,
    ) {
        let mut x = match align {
            Align::Left => x_mm,
            Align::Center => x_mm + (width_mm - line.width_mm) / 2.0,
            Align::Right => x_mm + width_mm - line.width_mm,
        };
        for span in &line.spans {
            self.text(x, baseline_mm, span.weight, size_pt, &span.text);
            x += text_width(m, span.weight, &span.text, size_pt);
        }
    }

    /// One unwrapped string aligned within `[x_mm, x_mm + width_mm]`.
    #[allow(clippy::too_many_arguments)]
    pub fn text_in(
        &mut self,
        m: &impl Metrics,
        x_mm: f32,
        width_mm: f32,
        baseline_mm: f32,
        weight: Weight,
        size_pt: f32,
        text: &str,
        align: Align,
    ) {
        let w = text_width(m, weight, text, size_pt);
        let x = match align {
            Align::Left => x_mm,
            Align::Center => x_mm + (width_mm - w) / 2.0,
            Align::Right => x_mm + width_mm - w,
        };
        self.text(x, baseline_mm, weight, size_pt, text);
    }

    pub fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness_pt: f32) {
        let points = vec![
            LinePoint {
                p: self.point(x1, y1),
                bezier: false,
            },
            LinePoint {
                p: self.point(x2, y2),
                bezier: false,
            },
        ];
        self.ops.push(Op::SetOutlineThickness {
            pt: Pt(thickness_pt),
        });
        self.ops.push(Op::DrawLine {
            line: Line {
                points,
                is_closed: false,
            },
        });
    }

    /// A dashed rule, e.g. the cut line between two copies on one sheet.
    pub fn dashed_rule(
        &mut self,
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        thickness_pt: f32,
        dash_pt: f32,
    ) {
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetLineDashPattern {
            dash: LineDashPattern::new(0.0, &[dash_pt, dash_pt]),
        });
        self.rule(x1, y1, x2, y2, thickness_pt);
        self.ops.push(Op::RestoreGraphicsState);
    }

    /// Outline of a box given by its top-left corner.
    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, thickness_pt: f32) {
        let points = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            .into_iter()
            .map(|(px, py)| LinePoint {
                p: self.point(px, py),
                bezier: false,
            })
            .collect();
        self.ops.push(Op::SetOutlineThickness {
            pt: Pt(thickness_pt),
        });
        self.ops.push(Op::DrawLine {
            line: Line {
                points,
                is_closed: true,
            },
        });
    }

    /// Fills QR rectangles placed with the square's top-left at (`x`, `y`), as
    /// one path.
    pub fn qr(&mut self, x: f32, y: f32, rects: &[QrRect]) {
        let rings = rects
            .iter()
            .map(|r| {
                let (x0, y0, x1, y1) = (
                    x + r.x_mm,
                    y + r.y_mm,
                    x + r.x_mm + r.w_mm,
                    y + r.y_mm + r.h_mm,
                );
                PolygonRing {
                    points: [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                        .into_iter()
                        .map(|(px, py)| LinePoint {
                            p: self.point(px, py),
                            bezier: false,
                        })
                        .collect(),
                }
            })
            .collect();
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }
}
