//! The QR code of a dossier code, as filled rectangles.
//!
//! Drawn as vector shapes rather than an image so it stays sharp at any printer
//! resolution and adds only a few hundred bytes to the PDF.

use qrcode::{Color, EcLevel, QrCode};

use super::error::PrintError;

/// Light modules required around the symbol by ISO/IEC 18004. Kept blank by
/// reserving them in the layout, so nothing printed nearby confuses a reader.
pub const QUIET_ZONE: usize = 4;

/// A QR symbol: `width` × `width` modules, row-major, `true` = dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrSymbol {
    pub width: usize,
    pub dark: Vec<bool>,
}

/// A dark rectangle in millimetres from the top-left corner of the QR square
/// (quiet zone included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QrRect {
    pub x_mm: f32,
    pub y_mm: f32,
    pub w_mm: f32,
    pub h_mm: f32,
}

/// Encodes `text` exactly. Level M survives a smudge or a fold in a paper slip
/// while keeping dossier codes in a small symbol (version 2 for the usual
/// 25-character code).
pub fn encode(text: &str) -> Result<QrSymbol, PrintError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| {
        PrintError::Qr {
            code: text.to_string(),
            detail: e.to_string(),
        }
    })?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok(QrSymbol {
        width: code.width(),
        dark,
    })
}

impl QrSymbol {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }

    /// Modules across the square including the quiet zone on both sides.
    pub fn modules_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// Module size that makes the symbol itself (without quiet zone) at least
    /// `symbol_mm` wide.
    pub fn module_mm(&self, symbol_mm: f32) -> f32 {
        symbol_mm / self.width.max(1) as f32
    }

    /// Side of the whole square, quiet zone included.
    pub fn side_mm(&self, module_mm: f32) -> f32 {
        self.modules_with_quiet_zone() as f32 * module_mm
    }

    /// One rectangle per horizontal run of dark modules. Runs rather than single
    /// modules keep the PDF small; all of them are filled as one path so a
    /// renderer leaves no hairline seams between neighbours.
    pub fn rects(&self, module_mm: f32) -> Vec<QrRect> {
        let mut out = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                out.push(QrRect {
                    x_mm: (QUIET_ZONE + start) as f32 * module_mm,
                    y_mm: (QUIET_ZONE + y) as f32 * module_mm,
                    w_mm: (x - start) as f32 * module_mm,
                    h_mm: module_mm,
                });
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    const CODE: &str = "000.00.12.H56-261125-1001";

    #[test]
    fn symbol_is_the_code_exactly() {
        let sym = encode(CODE).unwrap();
        let reference = QrCode::with_error_correction_level(CODE, EcLevel::M).unwrap();
        assert_eq!(sym.width, reference.width());
        let expected: Vec<bool> = reference
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        assert_eq!(sym.dark, expected);
        // A different code gives a different symbol, so the slip cannot carry a
        // stale or truncated code unnoticed.
        assert_ne!(encode("000.00.12.H56-261125-1002").unwrap().dark, sym.dark);
    }

    #[test]
    fn rectangles_cover_exactly_the_dark_modules_inside_the_quiet_zone() {
        let sym = encode(CODE).unwrap();
        let m = sym.module_mm(19.0);
        let side = sym.modules_with_quiet_zone();
        let mut painted = vec![false; side * side];
        for r in sym.rects(m) {
            let col = (r.x_mm / m).round() as usize;
            let row = (r.y_mm / m).round() as usize;
            let len = (r.w_mm / m).round() as usize;
            assert!((r.h_mm - m).abs() < 1e-4);
            assert!(len >= 1);
            for x in col..col + len {
                assert!(!painted[row * side + x], "module painted twice");
                painted[row * side + x] = true;
            }
        }
        for y in 0..side {
            for x in 0..side {
                let inside = (QUIET_ZONE..QUIET_ZONE + sym.width).contains(&x)
                    && (QUIET_ZONE..QUIET_ZONE + sym.width).contains(&y);
                let expected = inside && sym.is_dark(x - QUIET_ZONE, y - QUIET_ZONE);
                assert_eq!(painted[y * side + x], expected, "module ({x}, {y})");
            }
        }
    }

    #[test]
    fn printed_size_is_large_enough_for_a_phone() {
        let sym = encode(CODE).unwrap();
        let m = sym.module_mm(super::super::style::QR_SYMBOL_MM_A5);
        assert!(sym.width as f32 * m >= 18.0);
        assert!(sym.side_mm(m) > sym.width as f32 * m + 2.0 * 3.0 * m);
        // Modules of at least 0.5 mm are what cheap phone cameras resolve.
        assert!(m >= 0.5, "module {m} mm");
    }

    #[test]
    fn finder_patterns_are_where_readers_expect_them() {
        let sym = encode(CODE).unwrap();
        let w = sym.width;
        for (ox, oy) in [(0, 0), (w - 7, 0), (0, w - 7)] {
            for i in 0..7 {
                assert!(sym.is_dark(ox + i, oy) && sym.is_dark(ox + i, oy + 6));
                assert!(sym.is_dark(ox, oy + i) && sym.is_dark(ox + 6, oy + i));
            }
            assert!(!sym.is_dark(ox + 1, oy + 1));
            assert!(sym.is_dark(ox + 3, oy + 3));
        }
    }
}
