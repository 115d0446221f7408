//! Producing the standard forms Mẫu 02–05 for a stored dossier, and the
//! register (Mẫu 06) for a period, like [`crate::slips`] does for Mẫu 01:
//! every copy printed or saved is logged, so every later copy is marked
//! "BẢN IN LẠI".

use std::path::Path;

use chrono::NaiveDate;

use crate::domain::Localized;
use crate::domain::access::Permission;
use crate::domain::settings::PaperSize;
use crate::print::{
    PrintError, PrintJob, Printer, render_apology, render_control_sheet, render_refusal,
    render_register, render_supplement,
};
use crate::slips::SlipError;
use crate::store::{Actor, PrintTarget, Store, StoreError};

/// A standard form printed for one dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    Supplement,
    /// Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    Refusal,
    /// Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả.
    Apology,
    /// Mẫu 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ.
    ControlSheet,
}

impl Form {
    pub const ALL: [Form; 4] = [
        Form::Supplement,
        Form::Refusal,
        Form::Apology,
        Form::ControlSheet,
    ];

    /// Stable name in `print_log.form` and for scripts.
    pub fn key(self) -> &'static str {
        match self {
            Form::Supplement => "supplement",
            Form::Refusal => "refusal",
            Form::Apology => "apology",
            Form::ControlSheet => "control_sheet",
        }
    }

    /// Reads a key; "control-sheet" (as typed on the command line) too.
    pub fn from_key(key: &str) -> Option<Self> {
        let key = key.trim().replace('-', "_");
        Self::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The form's number and name, as in menus: "Mẫu 02 – Phiếu yêu cầu …".
    pub fn vi(self) -> &'static str {
        match self {
            Form::Supplement => "Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
            Form::Refusal => "Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ",
            Form::Apology => "Mẫu 04 – Phiếu xin lỗi và hẹn lại ngày trả kết quả",
            Form::ControlSheet => "Mẫu 05 – Phiếu kiểm soát quá trình giải quyết hồ sơ",
        }
    }

    /// English name for the command line and the log.
    pub fn en(self) -> &'static str {
        match self {
            Form::Supplement => "supplement request (form 02)",
            Form::Refusal => "refusal (form 03)",
            Form::Apology => "apology and new date (form 04)",
            Form::ControlSheet => "processing control sheet (form 05)",
        }
    }

    /// Short title of a print job.
    fn job_title(self) -> &'static str {
        match self {
            Form::Supplement => "Phiếu yêu cầu bổ sung",
            Form::Refusal => "Phiếu từ chối tiếp nhận",
            Form::Apology => "Phiếu xin lỗi",
            Form::ControlSheet => "Phiếu kiểm soát",
        }
    }
}

impl std::fmt::Display for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.en())
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum FormError {
    #[error(transparent)]
    Print(#[from] PrintError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The dossier has nothing this form reports: no supplement request, no
    /// refusal, no apology.
    #[error("dossier {code} has no {what}, so there is no {form} to print")]
    NotApplicable {
        code: String,
        form: Form,
        what: &'static str,
    },
    #[error("the period starts ({from}) after it ends ({to})")]
    BadPeriod { from: NaiveDate, to: NaiveDate },
    #[error("cannot write {path}: {detail}")]
    Save { path: String, detail: String },
}

impl Localized for FormError {
    fn vi(&self) -> String {
        match self {
            FormError::Print(e) => e.vi(),
            FormError::Store(e) => e.vi(),
            FormError::NotApplicable { form, .. } => match form {
                Form::Supplement => "Hồ sơ chưa có yêu cầu bổ sung nào.".into(),
                Form::Refusal => {
                    "Hồ sơ không bị từ chối tiếp nhận nên không có phiếu từ chối.".into()
                }
                Form::Apology => "Hồ sơ chưa có phiếu xin lỗi và hẹn lại ngày trả kết quả.".into(),
                Form::ControlSheet => "Không lập được phiếu kiểm soát cho hồ sơ này.".into(),
            },
            FormError::BadPeriod { from, to } => format!(
                "Ngày bắt đầu ({}) sau ngày kết thúc ({}). Hãy chọn lại khoảng thời gian.",
                from.format("%d/%m/%Y"),
                to.format("%d/%m/%Y")
            ),
            FormError::Save { path, .. } => {
                format!("Không ghi được tệp {path}. Chọn thư mục khác hoặc kiểm tra USB/ổ đĩa.")
            }
        }
    }
}

impl From<SlipError> for FormError {
    fn from(e: SlipError) -> Self {
        match e {
            SlipError::Print(e) => FormError::Print(e),
            SlipError::Store(e) => FormError::Store(e),
            SlipError::Save { path, detail } => FormError::Save { path, detail },
            other => FormError::Save {
                path: String::new(),
                detail: other.to_string(),
            },
        }
    }
}

/// A rendered form and whether it is a reprint.
pub struct RenderedForm {
    pub pdf: Vec<u8>,
    pub reprint: bool,
    /// CUPS media name: the forms are A4.
    pub media: &'static str,
    pub dossier_id: i64,
    pub code: String,
    /// What goes into `print_log.form`: the form's key, and for a second or
    /// later supplement request "supplement:N", so that a new request is an
    /// original and not a reprint of the first one.
    pub log_key: String,
}

/// Renders `form` for dossier `code`. The supplement request printed is the
/// latest one.
pub fn render(store: &Store, code: &str, form: Form) -> Result<RenderedForm, FormError> {
    let dossier = store.dossier_by_code(code)?;
    let progress = store.progress(code)?;
    let settings = store.settings()?;
    let not_applicable = |what| FormError::NotApplicable {
        code: code.to_string(),
        form,
        what,
    };
    let latest = progress.supplements.last();
    let log_key = match (form, latest) {
        (Form::Supplement, Some(s)) if s.number > 1 => format!("{}:{}", form.key(), s.number),
        _ => form.key().to_string(),
    };
    let reprint = store.is_reprint(dossier.id, &log_key)?;
    let pdf = match form {
        Form::Supplement => {
            let latest = latest.ok_or_else(|| not_applicable("supplement request"))?;
            render_supplement(&dossier, latest, &settings, reprint)?
        }
        Form::Refusal => {
            let refusal = progress
                .refusal
                .as_ref()
                .ok_or_else(|| not_applicable("refusal"))?;
            render_refusal(&dossier, refusal, &settings, reprint)?
        }
        Form::Apology => {
            let apology = progress
                .apology
                .as_ref()
                .ok_or_else(|| not_applicable("apology"))?;
            render_apology(&dossier, apology, &settings, reprint)?
        }
        Form::ControlSheet => render_control_sheet(&dossier, &progress, &settings, reprint)?,
    };
    Ok(RenderedForm {
        pdf,
        reprint,
        media: PaperSize::A4.cups_media(),
        dossier_id: dossier.id,
        code: dossier.code,
        log_key,
    })
}

/// Renders, sends to the printer, and logs the copy once the printer took it.
/// Returns whether it was a reprint.
pub fn print(
    store: &mut Store,
    code: &str,
    form: Form,
    printer: &dyn Printer,
    actor: &Actor,
) -> Result<bool, FormError> {
    actor.require(Permission::Print).map_err(StoreError::from)?;
    let settings = store.settings()?;
    let rendered = render(store, code, form)?;
    let job = PrintJob {
        title: format!("{} {}", form.job_title(), rendered.code),
        media: rendered.media.to_string(),
        printer: Some(settings.printer.trim().to_string()).filter(|p| !p.is_empty()),
    };
    printer.print_pdf(&rendered.pdf, &job)?;
    log(store, &rendered, PrintTarget::Printer, actor)?;
    Ok(rendered.reprint)
}

/// Renders, writes the PDF to `path` (durably), and logs the copy. Returns
/// whether it was a reprint.
pub fn save(
    store: &mut Store,
    code: &str,
    form: Form,
    path: &Path,
    actor: &Actor,
) -> Result<bool, FormError> {
    actor.require(Permission::Print).map_err(StoreError::from)?;
    let rendered = render(store, code, form)?;
    crate::slips::write_file(path, &rendered.pdf)?;
    log(store, &rendered, PrintTarget::Pdf, actor)?;
    Ok(rendered.reprint)
}

fn log(
    store: &mut Store,
    r: &RenderedForm,
    target: PrintTarget,
    actor: &Actor,
) -> Result<(), FormError> {
    store.record_print(r.dossier_id, &r.code, &r.log_key, target, r.reprint, actor)?;
    Ok(())
}

fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), FormError> {
    if from > to {
        return Err(FormError::BadPeriod { from, to });
    }
    Ok(())
}

/// The register (Mẫu 06) of the dossiers received from `from` to `to`
/// inclusive, as PDF.
pub fn register_pdf(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<u8>, FormError> {
    check_period(from, to)?;
    let entries = store.register_entries(from, to)?;
    let settings = store.settings()?;
    Ok(render_register(&entries, from, to, &settings)?)
}

/// The same register as CSV for a spreadsheet (UTF-8 with BOM).
pub fn register_csv(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<String, FormError> {
    check_period(from, to)?;
    let entries = store.register_entries(from, to)?;
    Ok(crate::domain::register::register_csv(&entries))
}

/// How the register is written to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterFormat {
    Pdf,
    Csv,
}

impl RegisterFormat {
    /// By the file's extension, `.pdf` or `.csv` in any case.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(RegisterFormat::Pdf),
            "csv" => Some(RegisterFormat::Csv),
            _ => None,
        }
    }
}

/// Writes the register for the period to `path` (durably) and returns the
/// number of dossiers in it.
pub fn save_register(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    format: RegisterFormat,
    path: &Path,
    actor: &Actor,
) -> Result<usize, FormError> {
    actor
        .require(Permission::Reports)
        .map_err(StoreError::from)?;
    check_period(from, to)?;
    let entries = store.register_entries(from, to)?;
    let bytes = match format {
        RegisterFormat::Pdf => render_register(&entries, from, to, &store.settings()?)?,
        RegisterFormat::Csv => crate::domain::register::register_csv(&entries).into_bytes(),
    };
    crate::slips::write_file(path, &bytes)?;
    Ok(entries.len())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
