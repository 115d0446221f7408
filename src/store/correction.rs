//! Corrections, not deletions (sửa, huỷ hồ sơ đã lưu): a lead corrects a saved
//! dossier's details or cancels it, with a reason. Each is one transaction: the
//! dossier, a `dossier_correction` row keeping the values replaced, an audit
//! row and an outbox event (`dossier.corrected`, `dossier.cancelled`), so the
//! province hears of it and a dossier it rejected for bad data can be fixed
//! and resent. The rules of what may change are in
//! [`crate::domain::correction`].

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::{Value, json};

use super::lifecycle::station_id;
use super::{Actor, Store, StoreError, audit, fmt_ts, outbox, parse_ts};
use crate::domain::Localized;
use crate::domain::access::{Denied, Permission};
use crate::domain::correction::{
    Correctable, Correction, CorrectionKind, DossierCorrection, Fixed, ReasonError, changes_of,
    check_correction, clean_reason, side,
};
use crate::domain::dossier::ResultDelivery;
use crate::domain::validate::FieldError;

/// Why a correction or cancellation was refused. Nothing was changed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CorrectionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the correction is refused: {}", list(.0))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Reason(#[from] ReasonError),
    #[error("nothing to correct: every value given is the one stored")]
    NothingChanged,
    #[error("dossier {code} is already cancelled")]
    AlreadyCancelled { code: String },
    #[error("{}", .0.en())]
    Fixed(Fixed),
}

fn list(errors: &[FieldError]) -> String {
    let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
    all.join("; ")
}

impl From<Denied> for CorrectionError {
    fn from(e: Denied) -> Self {
        CorrectionError::Store(StoreError::Denied(e))
    }
}

impl Localized for CorrectionError {
    fn vi(&self) -> String {
        match self {
            CorrectionError::Store(e) => e.vi(),
            CorrectionError::Invalid(errors) => {
                let all: Vec<String> = errors.iter().map(|e| e.vi.clone()).collect();
                all.join(" ")
            }
            CorrectionError::Reason(e) => match e {
                ReasonError::Missing => "Hãy ghi lý do sửa hoặc huỷ hồ sơ.".into(),
                other => other.vi(),
            },
            CorrectionError::NothingChanged => {
                "Chưa có thông tin nào khác với thông tin đã lưu: không có gì để sửa.".into()
            }
            CorrectionError::AlreadyCancelled { code } => {
                format!("Hồ sơ {code} đã bị huỷ trước đó; mỗi hồ sơ chỉ huỷ một lần.")
            }
            CorrectionError::Fixed(f) => f.vi().into(),
        }
    }
}

/// The dossier as a correction finds it.
struct Found {
    id: i64,
    status: u8,
    values: Correctable,
    cancelled: Option<String>,
}

fn read(tx: &Transaction<'_>, code: &str) -> Result<Found, StoreError> {
    let row = tx
        .prepare_cached(include_str!("sql/correction/current.sql"))?
        .query_row([code], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, u8>(1)?,
                (
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                ),
                r.get::<_, String>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<String>>(10)?,
            ))
        })
        .optional()?
        .ok_or_else(|| StoreError::DossierNotFound(code.to_string()))?;
    let (id, status, (name, id_number, phone, address, email, note), delivery, at, reason) = row;
    Ok(Found {
        id,
        status,
        values: Correctable {
            name,
            id_number,
            phone,
            address,
            email,
            note,
            result_delivery: ResultDelivery::from_key(&delivery)
                .ok_or_else(|| StoreError::corrupt("result delivery", &delivery))?,
        },
        cancelled: at.map(|_| reason.unwrap_or_default()),
    })
}

/// The refusal for a step or a correction on a cancelled dossier.
fn cancelled(code: &str, reason: String) -> StoreError {
    StoreError::Cancelled {
        code: code.to_string(),
        reason,
    }
}

/// Refuses any change to a cancelled dossier: the lifecycle calls this as it
/// reads the dossier's current state.
pub(super) fn refuse_if_cancelled(tx: &Transaction<'_>, code: &str) -> Result<(), StoreError> {
    let reason: Option<Option<String>> = tx
        .prepare_cached(
            "SELECT cancel_reason FROM dossier WHERE code = ?1 AND cancelled_at IS NOT NULL",
        )?
        .query_row([code], |r| r.get(0))
        .optional()?;
    match reason {
        Some(reason) => Err(cancelled(code, reason.unwrap_or_default())),
        None => Ok(()),
    }
}

fn insert_row(
    tx: &Transaction<'_>,
    id: i64,
    at: &str,
    actor: &Actor,
    kind: CorrectionKind,
    reason: &str,
    (before, after): (&Value, &Value),
) -> Result<(), StoreError> {
    tx.prepare_cached(include_str!("sql/correction/insert.sql"))?
        .execute(params![
            id,
            at,
            actor.name(),
            kind.key(),
            reason,
            before.to_string(),
            after.to_string(),
        ])?;
    Ok(())
}

impl Store {
    /// Corrects the fields of dossier `code` that `changes` gives, checked by
    /// the intake rules, with `reason` (required). Refused for a cancelled
    /// dossier and for a correction that changes nothing; needs
    /// [`Permission::Correct`]. One transaction: the dossier (its search key
    /// follows the name), a correction row with the changed fields before and
    /// after, an audit row and a `dossier.corrected` event.
    pub fn correct_dossier(
        &mut self,
        code: &str,
        changes: &DossierCorrection,
        reason: &str,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<Correction, CorrectionError> {
        actor.require(Permission::Correct)?;
        let reason = clean_reason(reason)?;
        let tx = self.write()?;
        let found = read(&tx, code)?;
        if let Some(why) = found.cancelled {
            return Err(cancelled(code, why).into());
        }
        let (next, changed) =
            check_correction(&found.values, changes, at).map_err(CorrectionError::Invalid)?;
        if changed.is_empty() {
            return Err(CorrectionError::NothingChanged);
        }
        tx.prepare_cached(include_str!("sql/correction/update.sql"))
            .and_then(|mut s| {
                s.execute(params![
                    found.id,
                    next.name,
                    crate::text::fold(&next.name),
                    next.id_number,
                    next.phone,
                    next.address,
                    next.email,
                    next.note,
                    next.result_delivery.key(),
                ])
            })
            .map_err(StoreError::from)?;
        let (before, after) = (side(&changed, false), side(&changed, true));
        let ts = fmt_ts(at);
        let kind = CorrectionKind::Correct;
        insert_row(&tx, found.id, &ts, actor, kind, &reason, (&before, &after))?;
        audit::append(
            &tx,
            actor,
            "dossier.correct",
            code,
            Some(&json!({ "values": before })),
            Some(&json!({ "values": after, "reason": reason, "at": ts })),
        )?;
        let payload = json!({
            "station_id": station_id(&tx)?,
            "code": code,
            "at": ts,
            "actor": actor.name(),
            "officer": actor.officer_json(),
            "reason": reason,
            "before": before,
            "after": after,
        });
        outbox::append(&tx, "dossier.corrected", code, &payload)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(Correction {
            kind,
            at,
            actor: actor.name().to_string(),
            reason,
            changes: changed,
        })
    }

    /// Cancels dossier `code` (huỷ hồ sơ), once, with `reason` (required);
    /// needs [`Permission::Correct`]. The dossier stays, with its code and
    /// register number, but no longer counts anywhere and takes no more steps.
    /// One transaction with a correction row, an audit row and a
    /// `dossier.cancelled` event.
    pub fn cancel_dossier(
        &mut self,
        code: &str,
        reason: &str,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<Correction, CorrectionError> {
        actor.require(Permission::Correct)?;
        let reason = clean_reason(reason)?;
        let tx = self.write()?;
        let found = read(&tx, code)?;
        if found.cancelled.is_some() {
            return Err(CorrectionError::AlreadyCancelled {
                code: code.to_string(),
            });
        }
        let ts = fmt_ts(at);
        let changed = tx
            .prepare_cached(include_str!("sql/correction/cancel.sql"))
            .and_then(|mut s| s.execute(params![found.id, ts, reason]))
            .map_err(StoreError::from)?;
        if changed == 0 {
            return Err(CorrectionError::AlreadyCancelled {
                code: code.to_string(),
            });
        }
        let before = json!({ "status": found.status });
        let after = json!({ "cancelled_at": ts });
        let kind = CorrectionKind::Cancel;
        insert_row(&tx, found.id, &ts, actor, kind, &reason, (&before, &after))?;
        audit::append(
            &tx,
            actor,
            "dossier.cancel",
            code,
            Some(&before),
            Some(&json!({ "cancelled_at": ts, "reason": reason })),
        )?;
        let payload = json!({
            "station_id": station_id(&tx)?,
            "code": code,
            "at": ts,
            "actor": actor.name(),
            "officer": actor.officer_json(),
            "reason": reason,
            "status": found.status,
        });
        outbox::append(&tx, "dossier.cancelled", code, &payload)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(Correction {
            kind,
            at,
            actor: actor.name().to_string(),
            reason,
            changes: Vec::new(),
        })
    }

    /// The corrections and the cancellation of dossier `code`, oldest first,
    /// each with the values it replaced. Fails when there is no such dossier.
    pub fn corrections(&self, code: &str) -> Result<Vec<Correction>, StoreError> {
        let conn = self.conn();
        super::dossier::ensure_exists(conn, code)?;
        let mut stmt = conn.prepare_cached(include_str!("sql/correction/select.sql"))?;
        let mut rows = stmt.query([code])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let kind: String = r.get(0)?;
            let kind = CorrectionKind::from_key(&kind)
                .ok_or_else(|| StoreError::corrupt("correction kind", &kind))?;
            let (before, after) = (json_of(r.get(4)?)?, json_of(r.get(5)?)?);
            out.push(Correction {
                kind,
                at: parse_ts(&r.get::<_, String>(1)?)?,
                actor: r.get(2)?,
                reason: r.get(3)?,
                changes: match kind {
                    CorrectionKind::Correct => changes_of(&before, &after),
                    CorrectionKind::Cancel => Vec::new(),
                },
            });
        }
        Ok(out)
    }
}

fn json_of(text: String) -> Result<Value, StoreError> {
    serde_json::from_str(&text).map_err(|e| StoreError::corrupt("correction JSON", e))
}

/// Sets every correction of dossier `code` on the dossier of a
/// `dossier.received` payload, so that the event resent after the hub
/// rejected it (for a bad CCCD, say) carries the corrected values.
pub(super) fn correct_received(
    tx: &Transaction<'_>,
    code: &str,
    payload: &mut Value,
) -> Result<(), StoreError> {
    let Some(dossier) = payload.get_mut("dossier") else {
        return Ok(());
    };
    let mut stmt = tx.prepare_cached(include_str!("sql/correction/received_changes.sql"))?;
    let mut rows = stmt.query([code])?;
    while let Some(r) = rows.next()? {
        let (before, after) = (json_of(r.get(0)?)?, json_of(r.get(1)?)?);
        crate::domain::correction::apply_to(dossier, &changes_of(&before, &after));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
