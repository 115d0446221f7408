//! Center settings (cài đặt trung tâm): who this counter is and how it prints.

use serde::{Deserialize, Serialize};

use super::calendar::OfficeHours;

/// Paper the appointment slip is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    #[default]
    A5,
    A4,
}

impl PaperSize {
    pub const ALL: [PaperSize; 2] = [PaperSize::A5, PaperSize::A4];

    /// Width and height in millimetres, portrait.
    pub fn mm(self) -> (f32, f32) {
        match self {
            PaperSize::A5 => (148.0, 210.0),
            PaperSize::A4 => (210.0, 297.0),
        }
    }

    pub fn cups_media(self) -> &'static str {
        match self {
            PaperSize::A5 => "A5",
            PaperSize::A4 => "A4",
        }
    }
}

impl std::fmt::Display for PaperSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.cups_media())
    }
}

/// Everything the first-run screen asks, stored as one JSON value.
/// `#[serde(default)]` so a settings row written by an older version still loads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CenterSettings {
    /// The governing body printed above the center's name, e.g. "UBND XÃ YÊN KỲ".
    pub parent_agency: String,
    /// Trung tâm Phục vụ hành chính công …
    pub center_name: String,
    /// Mã định danh (Quyết định 20/2020/QĐ-TTg), e.g. `000.00.12.H56`.
    pub agency_id: String,
    /// Counter number 1–9; it is the first digit of every dossier number issued here.
    pub counter_no: u8,
    /// Name of the officer at this counter, printed under the signature.
    pub officer_name: String,
    pub hours: OfficeHours,
    pub paper: PaperSize,
    /// Print the citizen's and the center's copy on one sheet.
    pub two_copies: bool,
    /// Hotline printed at the foot of the slip for feedback.
    pub hotline: String,
    /// Name of the CUPS queue; empty means the system default printer.
    pub printer: String,
    /// False until the first-run screen has been saved or skipped.
    pub configured: bool,
}

impl Default for CenterSettings {
    fn default() -> Self {
        Self {
            parent_agency: "ỦY BAN NHÂN DÂN XÃ".into(),
            center_name: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG".into(),
            agency_id: "000.00.00.H00".into(),
            counter_no: 1,
            officer_name: String::new(),
            hours: OfficeHours::default(),
            paper: PaperSize::A5,
            two_copies: false,
            hotline: String::new(),
            printer: String::new(),
            configured: false,
        }
    }
}
