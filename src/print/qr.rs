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
mod tests;
