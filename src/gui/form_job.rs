//! Jobs for the standard forms: printing or saving Mẫu 02–05 for a dossier, and
//! saving the register (Mẫu 06) for a period. Run on the job thread.

use chrono::NaiveDate;

use super::job::{Picked, Services, timed};
use crate::forms::{Form, RegisterFormat};
use crate::store::Store;

fn lock(services: &Services) -> std::sync::MutexGuard<'_, Store> {
    // As in `job::with_store`: a poisoned lock still holds a usable connection.
    match services.store.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Where files go when no save dialog can be shown: `exports/` beside the database.
fn exports_dir(store: &Store) -> Result<std::path::PathBuf, String> {
    let dir = store
        .path()
        .parent()
        .map(|d| d.join("exports"))
        .unwrap_or_else(|| "exports".into());
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("Không tạo được thư mục {}: {e}", dir.display()))?;
    Ok(dir)
}

/// Asks where to save `name`; None when the officer cancelled.
fn pick(
    services: &Services,
    title: &str,
    name: &str,
    ext: &str,
) -> Result<Option<std::path::PathBuf>, String> {
    let dialog = rfd::FileDialog::new()
        .set_title(title)
        .set_file_name(name)
        .add_filter(ext.to_uppercase(), &[ext]);
    match timed(|| dialog.save_file()) {
        Picked::Path(p) => Ok(Some(p)),
        Picked::Cancelled => Ok(None),
        Picked::Unavailable => Ok(Some(exports_dir(&lock(services))?.join(name))),
    }
}

pub fn print_form(services: &Services, code: &str, form: Form) -> Result<String, String> {
    let mut store = lock(services);
    let who = services.actor(&store).map_err(|e| services.vi(&e))?;
    let reprint = crate::forms::print(&mut store, code, form, services.printer.as_ref(), &who)
        .map_err(|e| services.vi(&e))?;
    Ok(format!(
        "Đã gửi {} của hồ sơ {code} tới máy in{}.",
        form.vi(),
        if reprint { " (bản in lại)" } else { "" }
    ))
}

pub fn save_form(services: &Services, code: &str, form: Form) -> Result<String, String> {
    let name = format!("{}-{code}.pdf", form.key().replace('_', "-"));
    let Some(path) = pick(services, form.vi(), &name, "pdf")? else {
        return Err("Chưa lưu: đã huỷ chọn nơi lưu.".into());
    };
    let mut store = lock(services);
    let who = services.actor(&store).map_err(|e| services.vi(&e))?;
    let reprint =
        crate::forms::save(&mut store, code, form, &path, &who).map_err(|e| services.vi(&e))?;
    Ok(format!(
        "Đã lưu {}{}.",
        path.display(),
        if reprint { " (bản in lại)" } else { "" }
    ))
}

pub fn save_register(
    services: &Services,
    from: NaiveDate,
    to: NaiveDate,
    format: RegisterFormat,
) -> Result<String, String> {
    let ext = match format {
        RegisterFormat::Pdf => "pdf",
        RegisterFormat::Csv => "csv",
    };
    let name = format!(
        "so-theo-doi-ho-so-{}-{}.{ext}",
        from.format("%Y%m%d"),
        to.format("%Y%m%d")
    );
    let Some(path) = pick(services, "Lưu sổ theo dõi hồ sơ (Mẫu 06)", &name, ext)? else {
        return Err("Chưa lưu: đã huỷ chọn nơi lưu.".into());
    };
    let store = lock(services);
    let who = services.actor(&store).map_err(|e| services.vi(&e))?;
    let n = crate::forms::save_register(&store, from, to, format, &path, &who)
        .map_err(|e| services.vi(&e))?;
    Ok(format!(
        "Đã lưu sổ theo dõi ({n} hồ sơ) vào {}.",
        path.display()
    ))
}
