//! Changing a dossier's status (chuyển trạng thái hồ sơ) and reading its history.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Actor, Store, StoreError, audit, fmt_ts, outbox, parse_ts};
use crate::domain::Localized;
use crate::domain::lifecycle::{DossierStatus, LifecycleError, check_transition};

/// Longest note kept with a status change, in characters: enough for the reason
/// of a refusal or the list of missing papers, short enough for a printed form.
pub const MAX_NOTE_CHARS: usize = 1_000;

/// One row of a dossier's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    pub code: String,
    pub from: DossierStatus,
    pub to: DossierStatus,
    pub at: NaiveDateTime,
    pub actor: String,
    pub note: String,
}

/// Why a status change was refused. Nothing was changed in every case.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StatusError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("dossier {code}: {source}")]
    Transition {
        code: String,
        source: LifecycleError,
    },
    #[error("the note is {chars} characters long; at most {MAX_NOTE_CHARS} are kept")]
    NoteTooLong { chars: usize },
    #[error(
        "dossier {code} was received at {received_at}; its status cannot change earlier ({at})"
    )]
    BeforeReceipt {
        code: String,
        received_at: NaiveDateTime,
        at: NaiveDateTime,
    },
}

impl Localized for StatusError {
    fn vi(&self) -> String {
        match self {
            StatusError::Store(e) => e.vi(),
            StatusError::Transition { code, source } => format!("Hồ sơ {code}: {}", source.vi()),
            StatusError::NoteTooLong { chars } => format!(
                "Ghi chú dài {chars} ký tự; chỉ được tối đa {MAX_NOTE_CHARS} ký tự. Hãy rút gọn."
            ),
            StatusError::BeforeReceipt {
                code, received_at, ..
            } => format!(
                "Hồ sơ {code} được tiếp nhận lúc {}; thời điểm chuyển trạng thái không được sớm hơn.",
                crate::domain::format::fmt_datetime(*received_at)
            ),
        }
    }
}

impl Store {
    /// Moves the dossier `code` to `to` in one transaction: the dossier's status,
    /// a history row, an audit row and a `dossier.status_changed` outbox event.
    /// The current status is read inside the same transaction, so two counters
    /// changing one dossier at once cannot both pass the transition check.
    pub fn set_status(
        &mut self,
        code: &str,
        to: DossierStatus,
        note: &str,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<StatusChange, StatusError> {
        let note = crate::text::clean_multiline(note);
        let chars = note.chars().count();
        if chars > MAX_NOTE_CHARS {
            return Err(StatusError::NoteTooLong { chars });
        }
        let tx = self.write()?;
        let (id, status, received_at) = tx
            .query_row(
                "SELECT id, status, received_at FROM dossier WHERE code = ?1",
                [code],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, u8>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            )
            .optional()
            .map_err(StoreError::from)?
            .ok_or_else(|| StoreError::DossierNotFound(code.to_string()))?;
        let from = DossierStatus::from_code(status)
            .ok_or_else(|| StoreError::corrupt("dossier status", status))?;
        let received_at = parse_ts(&received_at)?;
        check_transition(from, to).map_err(|source| StatusError::Transition {
            code: code.to_string(),
            source,
        })?;
        if at < received_at {
            return Err(StatusError::BeforeReceipt {
                code: code.to_string(),
                received_at,
                at,
            });
        }
        tx.execute(
            "UPDATE dossier SET status = ?1 WHERE id = ?2",
            params![to.code(), id],
        )
        .map_err(StoreError::from)?;
        tx.prepare_cached(include_str!("sql/status_change_insert.sql"))
            .and_then(|mut s| {
                s.execute(params![
                    id,
                    from.code(),
                    to.code(),
                    fmt_ts(at),
                    actor.0,
                    note
                ])
            })
            .map_err(StoreError::from)?;
        let change = StatusChange {
            code: code.to_string(),
            from,
            to,
            at,
            actor: actor.0.clone(),
            note,
        };
        audit::append(
            &tx,
            actor,
            "dossier.status",
            code,
            Some(&serde_json::json!({ "status": from.code() })),
            Some(&serde_json::json!({
                "status": to.code(),
                "at": fmt_ts(at),
                "note": change.note,
            })),
        )?;
        let station = tx
            .query_row("SELECT station_id FROM station WHERE id = 1", [], |r| {
                r.get::<_, String>(0)
            })
            .map_err(StoreError::from)?;
        // The province's vocabulary is the numeric code, so the event carries it.
        let payload = serde_json::json!({
            "station_id": station,
            "code": code,
            "from": from.code(),
            "to": to.code(),
            "at": fmt_ts(at),
            "actor": actor.0,
            "note": change.note,
        });
        outbox::append(&tx, "dossier.status_changed", code, &payload)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(change)
    }

    /// The status changes of dossier `code`, oldest first. Fails when there is no
    /// such dossier, so an empty list means "never changed since receipt".
    pub fn status_history(&self, code: &str) -> Result<Vec<StatusChange>, StoreError> {
        let conn = self.conn();
        let exists: Option<i64> = conn
            .query_row("SELECT id FROM dossier WHERE code = ?1", [code], |r| {
                r.get(0)
            })
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::DossierNotFound(code.to_string()));
        }
        let mut stmt = conn.prepare_cached(include_str!("sql/status_history.sql"))?;
        let rows = stmt.query_map([code], |r| {
            Ok((
                r.get::<_, u8>(0)?,
                r.get::<_, u8>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (from, to, at, actor, note) = row?;
            let status = |c: u8| {
                DossierStatus::from_code(c).ok_or_else(|| StoreError::corrupt("dossier status", c))
            };
            out.push(StatusChange {
                code: code.to_string(),
                from: status(from)?,
                to: status(to)?,
                at: parse_ts(&at)?,
                actor,
                note,
            });
        }
        Ok(out)
    }
}
