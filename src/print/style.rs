//! Sizes of a printed form for one paper size.

use crate::domain::settings::PaperSize;

use super::layout::MM_PER_PT;

/// Width of the QR symbol itself (quiet zone excluded) on A5: 18 mm is about
/// the least a phone camera reads reliably from a hand-held slip.
pub const QR_SYMBOL_MM_A5: f32 = 19.0;

/// Margins in millimetres, font sizes in points. A4 is the same form scaled
/// up, not a different design.
pub(crate) struct Style {
    pub margin_x: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub body: f32,
    pub small: f32,
    pub header: f32,
    pub title: f32,
    pub table: f32,
    /// Line pitch as a multiple of the font size.
    pub leading: f32,
    pub qr_symbol_mm: f32,
    /// Blank height left for a handwritten signature.
    pub sign_space: f32,
}

impl Style {
    /// Noto Sans is wide: 9 pt of it sets about as long as 10 pt of the Times
    /// New Roman used on printed government forms, which is what fits Mẫu 01
    /// with a long checklist on one A5 page.
    pub fn for_paper(paper: PaperSize) -> Self {
        match paper {
            PaperSize::A5 => Style {
                margin_x: 12.0,
                margin_top: 10.0,
                margin_bottom: 10.0,
                body: 9.0,
                small: 7.5,
                header: 8.0,
                title: 11.5,
                table: 8.5,
                leading: 1.25,
                qr_symbol_mm: QR_SYMBOL_MM_A5,
                sign_space: 13.0,
            },
            PaperSize::A4 => Style {
                margin_x: 20.0,
                margin_top: 15.0,
                margin_bottom: 15.0,
                body: 11.5,
                small: 9.5,
                header: 10.5,
                title: 14.5,
                table: 10.5,
                leading: 1.3,
                qr_symbol_mm: 24.0,
                sign_space: 20.0,
            },
        }
    }

    /// Line pitch for text of `size_pt`.
    pub fn lh(&self, size_pt: f32) -> f32 {
        size_pt * MM_PER_PT * self.leading
    }

    /// Baseline below the top of a line box: centres capitals in the box, which
    /// leaves room above for Vietnamese stacked marks (Ể, Ỗ).
    pub fn baseline(&self, size_pt: f32) -> f32 {
        self.lh(size_pt) / 2.0 + 0.36 * size_pt * MM_PER_PT
    }

    /// Strip at the foot of a page kept for "Trang i/n".
    pub fn footer_strip(&self) -> f32 {
        self.small * MM_PER_PT * 1.8
    }
}
