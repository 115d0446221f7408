//! The bundled Noto Sans faces, parsed once per process.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use super::error::PrintError;
use super::layout::{Metrics, Weight};

/// One parsed face and the scale of its advance widths.
pub struct FontFace {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
}

impl FontFace {
    fn parse(bytes: &[u8], name: &'static str) -> Result<Self, PrintError> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings)
            .ok_or_else(|| PrintError::Font(format!("{name}: {warnings:?}")))?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em);
        if units_per_em <= 0.0 {
            return Err(PrintError::Font(format!("{name}: units per em is 0")));
        }
        Ok(Self {
            parsed,
            units_per_em,
        })
    }

    /// Advance of `c` in em. A character the font lacks is drawn as glyph 0
    /// (.notdef), so it is measured as that glyph too.
    pub fn advance_em(&self, c: char) -> f32 {
        let gid = self.parsed.lookup_glyph_index(u32::from(c)).unwrap_or(0);
        f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em
    }
}

/// Regular and bold, as every form uses them.
pub struct Fonts {
    pub regular: FontFace,
    pub bold: FontFace,
}

impl Fonts {
    pub fn face(&self, weight: Weight) -> &FontFace {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

impl Metrics for Fonts {
    fn advance_em(&self, weight: Weight, c: char) -> f32 {
        self.face(weight).advance_em(c)
    }
}

/// The fonts compiled into the binary. Parsing them costs a few milliseconds;
/// a counter prints all day, so it is done once.
pub fn bundled() -> Result<&'static Fonts, PrintError> {
    static FONTS: OnceLock<Result<Fonts, PrintError>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Ok(Fonts {
                regular: FontFace::parse(crate::FONT_REGULAR, "NotoSans-Regular")?,
                bold: FontFace::parse(crate::FONT_BOLD, "NotoSans-Bold")?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The finished PDF bytes of `doc` with `pages`. printpdf's warnings (fonts it
/// could not subset and the like) go to the debug log, not to the officer.
pub(super) fn finish(doc: &mut printpdf::PdfDocument, pages: Vec<printpdf::PdfPage>) -> Vec<u8> {
    let mut warnings = Vec::new();
    let bytes = doc
        .with_pages(pages)
        .save(&printpdf::PdfSaveOptions::default(), &mut warnings);
    for w in &warnings {
        log::debug!("printpdf: {w:?}");
    }
    bytes
}
