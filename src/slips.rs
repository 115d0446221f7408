//! Producing appointment slips (Mẫu 01) for a stored dossier and logging each
//! copy, so every copy after the first is marked "BẢN IN LẠI".

use crate::domain::Localized;
use crate::domain::access::Permission;
use crate::domain::dossier::Dossier;
use crate::domain::settings::CenterSettings;
use crate::print::{PrintError, PrintJob, Printer, SlipOptions, render_slip, slip_media};
use crate::store::{Actor, PrintTarget, Store, StoreError};

pub const FORM: &str = "slip";

#[derive(Debug, Clone, thiserror::Error)]
pub enum SlipError {
    #[error(transparent)]
    Print(#[from] PrintError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Queue(#[from] crate::queue::QueueError),
    #[error("cannot write {path}: {detail}")]
    Save { path: String, detail: String },
}

impl Localized for SlipError {
    fn vi(&self) -> String {
        match self {
            SlipError::Print(e) => e.vi(),
            SlipError::Store(e) => e.vi(),
            SlipError::Queue(e) => e.vi(),
            SlipError::Save { path, .. } => {
                format!("Không ghi được tệp {path}. Chọn thư mục khác hoặc kiểm tra USB/ổ đĩa.")
            }
        }
    }
}

/// A rendered slip and whether it is a reprint.
pub struct RenderedSlip {
    pub pdf: Vec<u8>,
    pub reprint: bool,
    pub media: &'static str,
}

pub fn render(
    store: &Store,
    dossier: &Dossier,
    settings: &CenterSettings,
) -> Result<RenderedSlip, SlipError> {
    let reprint = store.is_reprint(dossier.id, FORM)?;
    let opts = SlipOptions {
        paper: settings.paper,
        two_copies: settings.two_copies,
        reprint,
    };
    Ok(RenderedSlip {
        pdf: render_slip(dossier, settings, opts)?,
        reprint,
        media: slip_media(opts),
    })
}

/// Renders, sends to the printer, and logs the copy once the printer took it.
pub fn print(
    store: &mut Store,
    dossier: &Dossier,
    printer: &dyn Printer,
    actor: &Actor,
) -> Result<bool, SlipError> {
    actor.require(Permission::Print).map_err(StoreError::from)?;
    let settings = store.settings()?;
    let slip = render(store, dossier, &settings)?;
    let job = PrintJob {
        title: format!("Giấy tiếp nhận {}", dossier.code),
        media: slip.media.to_string(),
        printer: Some(settings.printer.trim().to_string()).filter(|p| !p.is_empty()),
    };
    printer.print_pdf(&slip.pdf, &job)?;
    store.record_print(
        dossier.id,
        &dossier.code,
        FORM,
        PrintTarget::Printer,
        slip.reprint,
        actor,
    )?;
    Ok(slip.reprint)
}

/// Renders, writes the PDF to `path` (durably), and logs the copy.
pub fn save(
    store: &mut Store,
    dossier: &Dossier,
    path: &std::path::Path,
    actor: &Actor,
) -> Result<bool, SlipError> {
    actor.require(Permission::Print).map_err(StoreError::from)?;
    let settings = store.settings()?;
    let slip = render(store, dossier, &settings)?;
    write_file(path, &slip.pdf)?;
    store.record_print(
        dossier.id,
        &dossier.code,
        FORM,
        PrintTarget::Pdf,
        slip.reprint,
        actor,
    )?;
    Ok(slip.reprint)
}

/// Writes a form's PDF and flushes it to disk, so a copy handed to a USB stick
/// or an archive is whole even if the power goes right after.
pub(crate) fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), SlipError> {
    use std::io::Write;
    let err = |e: std::io::Error| SlipError::Save {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let mut f = std::fs::File::create(path).map_err(err)?;
    f.write_all(bytes).map_err(err)?;
    f.sync_all().map_err(err)
}
