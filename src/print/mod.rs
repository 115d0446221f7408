//! Printed forms: the appointment slip (Mẫu 01) and the 80 mm queue ticket as
//! PDFs, and sending PDFs to the printer.
//!
//! PDFs are drawn with printpdf, which neither shapes nor wraps text: every
//! string is normalised to NFC and measured here (see [`layout`]). No GUI code:
//! the GUI and the CLI both call in.

mod canvas;
mod error;
mod flow;
mod fonts;
mod forms;
pub mod layout;
mod printer;
pub mod qr;
mod report;
mod slip;
mod style;
mod table;
mod ticket;

use crate::domain::dossier::Dossier;
use crate::domain::settings::{CenterSettings, PaperSize};

pub use error::PrintError;
pub use flow::REPRINT_MARK;
pub use forms::{
    APOLOGY_TITLE, CONTROL_SHEET_TITLE, REFUSAL_TITLE, REGISTER_TITLE, SUPPLEMENT_TITLE,
    render_apology, render_control_sheet, render_refusal, render_register, render_supplement,
};
pub use printer::{PrintJob, Printer, SystemPrinter, lp_args, powershell_print_command};
pub use report::{TITLE as REPORT_TITLE, render_report};
pub use slip::{CENTER_COPY, CITIZEN_COPY, TITLE as SLIP_TITLE};
pub use ticket::{
    TICKET_HEADING, TICKET_HEIGHT_MM, TICKET_MEDIA, TICKET_REPRINT_MARK, TICKET_WIDTH_MM,
    TicketSlip, render_ticket,
};

/// How to print an appointment slip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SlipOptions {
    pub paper: PaperSize,
    /// The citizen's copy and the center's copy in one job: two A5 panels on
    /// one A4 landscape sheet, or two A4 pages.
    pub two_copies: bool,
    /// Marks every page "BẢN IN LẠI" with the time of reprinting.
    pub reprint: bool,
}

/// Renders Mẫu 01 for `dossier` and returns the PDF bytes.
pub fn render_slip(
    dossier: &Dossier,
    settings: &CenterSettings,
    opts: SlipOptions,
) -> Result<Vec<u8>, PrintError> {
    slip::render(dossier, settings, opts, chrono::Local::now().naive_local())
}

/// CUPS media name of the sheet [`render_slip`] lays the slip out on.
pub fn slip_media(opts: SlipOptions) -> &'static str {
    match (opts.paper, opts.two_copies) {
        (PaperSize::A5, true) => PaperSize::A4.cups_media(),
        (paper, _) => paper.cups_media(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn media_follows_the_sheet() {
        let o = |paper, two_copies| SlipOptions {
            paper,
            two_copies,
            reprint: false,
        };
        assert_eq!(slip_media(o(PaperSize::A5, false)), "A5");
        assert_eq!(slip_media(o(PaperSize::A5, true)), "A4");
        assert_eq!(slip_media(o(PaperSize::A4, false)), "A4");
        assert_eq!(slip_media(o(PaperSize::A4, true)), "A4");
    }
}
