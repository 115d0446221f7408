//! Receiving a dossier (tiếp nhận): the one path used by both the GUI and the CLI.

use chrono::NaiveDateTime;

use crate::domain::Localized;
use crate::domain::access::Permission;
use crate::domain::dossier::{Attachment, Dossier, DossierDraft};
use crate::domain::validate::{FieldError, FormField, validate_draft};
use crate::store::{Actor, StatusError, Store, StoreError};
use crate::text::clean_line;

#[derive(Debug, Clone, thiserror::Error)]
pub enum IntakeError {
    #[error("invalid dossier: {}", .0.iter().map(|e| format!("{}: {}", e.field.key(), e.en)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Status(#[from] StatusError),
}

impl Localized for IntakeError {
    fn vi(&self) -> String {
        match self {
            IntakeError::Invalid(errors) => {
                let lines: Vec<String> = errors.iter().map(|e| format!("• {}", e.vi)).collect();
                format!("Hồ sơ chưa lưu, cần sửa:\n{}", lines.join("\n"))
            }
            IntakeError::Store(e) => e.vi(),
            IntakeError::Status(e) => e.vi(),
        }
    }
}

/// Validates `draft` against the catalog, calendar and settings in `store`, then
/// stores it in one transaction. Nothing is stored when anything is wrong.
pub fn receive(
    store: &mut Store,
    draft: &DossierDraft,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Dossier, IntakeError> {
    actor
        .require(Permission::Intake)
        .map_err(StoreError::from)?;
    let settings = store.settings()?;
    let procedure = store.procedure(&clean_line(&draft.procedure_code))?;
    let calendar = store.work_calendar()?;
    let new = validate_draft(draft, procedure.as_ref(), &calendar, &settings.hours, now)
        .map_err(IntakeError::Invalid)?;
    check_stored(store, &new.attachments)?;
    Ok(store.insert_dossier(&new, &settings, actor)?)
}

/// Refuses a walk-in's dossier at reception (Mẫu 03): the draft is checked as
/// for [`receive`], then stored as refused with `reasons`, never as received.
pub fn refuse(
    store: &mut Store,
    draft: &DossierDraft,
    reasons: &[String],
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Dossier, IntakeError> {
    actor
        .require(Permission::Intake)
        .map_err(StoreError::from)?;
    if reasons.iter().all(|r| r.trim().is_empty()) {
        return Err(StatusError::NoRefusalReason.into());
    }
    let settings = store.settings()?;
    let procedure = store.procedure(&clean_line(&draft.procedure_code))?;
    let calendar = store.work_calendar()?;
    let new = validate_draft(draft, procedure.as_ref(), &calendar, &settings.hours, now)
        .map_err(IntakeError::Invalid)?;
    check_stored(store, &new.attachments)?;
    Ok(store.receive_refused(&new, &settings, reasons, actor)?)
}

/// The scans a draft names must already be in this store's attachments
/// directory (`attachments::import_file` puts them there) with the size the
/// draft gives: a dossier naming a scan that is not here would stop every
/// end-of-day bundle export until someone found the file.
fn check_stored(store: &Store, attachments: &[Attachment]) -> Result<(), IntakeError> {
    let dir = store.attachments_dir();
    let errors: Vec<FieldError> = attachments
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            let path = crate::attachments::stored_path(&dir, &a.sha256);
            !std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == a.size_bytes)
        })
        .map(|(i, a)| FieldError {
            field: FormField::Attachments,
            vi: format!(
                "Tệp đính kèm “{}” không có trong thư mục dữ liệu của máy này: hãy đính kèm lại tệp.",
                a.file_name
            ),
            en: format!(
                "attachment {} ({:?}) is not in the attachments directory with {} bytes",
                i + 1,
                a.file_name,
                a.size_bytes
            ),
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(IntakeError::Invalid(errors))
    }
}
