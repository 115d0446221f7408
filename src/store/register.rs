//! Reading the dossier register (Sổ theo dõi hồ sơ, Mẫu 06) for a period.

use chrono::NaiveDate;

use super::{Store, StoreError, parse_ts};
use crate::domain::register::RegisterEntry;

impl Store {
    /// Dossiers received from `from` to `to`, both days included, ordered by
    /// the time received (then by id, for two received in the same second).
    /// Empty when `from` is after `to`.
    pub fn register_entries(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<RegisterEntry>, StoreError> {
        let first = format!("{}T00:00:00", from.format("%Y-%m-%d"));
        let last = format!("{}T23:59:59", to.format("%Y-%m-%d"));
        let mut stmt = self
            .conn()
            .prepare_cached(include_str!("sql/register_entries.sql"))?;
        let mut rows = stmt.query([first, last])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let returned_at: Option<String> = r.get("returned_at")?;
            out.push(RegisterEntry {
                code: r.get("code")?,
                procedure_name: r.get("procedure_name")?,
                sets: r.get("sets")?,
                applicant_name: r.get("applicant_name")?,
                address: r.get("address")?,
                phone: r.get("phone")?,
                received_at: parse_ts(&r.get::<_, String>("received_at")?)?,
                due_at: parse_ts(&r.get::<_, String>("due_at")?)?,
                returned_at: returned_at.as_deref().map(parse_ts).transpose()?,
                note: register_note(r.get("note")?, r.get("cancelled")?, r.get("cancel_reason")?),
                register_book: r.get("register_book")?,
                register_no: r.get("register_no")?,
            });
        }
        Ok(out)
    }
}

/// The register's note: a cancelled dossier says so first, "Đã huỷ: <lý do>",
/// then its own note.
fn register_note(note: String, cancelled: bool, reason: Option<String>) -> String {
    if !cancelled {
        return note;
    }
    let reason = reason.unwrap_or_default();
    match note.is_empty() {
        true => format!("Đã huỷ: {reason}"),
        false => format!("Đã huỷ: {reason}. {note}"),
    }
}
