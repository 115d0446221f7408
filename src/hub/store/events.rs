//! Events in, replies out: the one code path for `POST /v1/events` and for
//! bundles, so the two deliveries are idempotent together.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;

use super::{HubStore, Via, acked_through, count, now_text};
use crate::hub::HubError;
use crate::hub::validate::{self, Checked, Refusal};
use crate::sync::wire::{BatchReply, Rejection, StationStatus, WireEvent};

/// One event a station delivered, as `quay-hub events` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeldEvent {
    pub seq: i64,
    pub event_id: String,
    pub kind: String,
    pub entity_key: String,
    pub created_at: String,
    /// When the hub stored or rejected it.
    pub received_at: String,
    pub via: String,
    /// `stored` or `rejected`.
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A bundle file the hub imported, by the SHA-256 of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedBundle {
    pub sha256: String,
    pub station_id: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub imported_at: String,
    pub accepted: u32,
    pub duplicates: u32,
}

impl HubStore {
    /// Stores a batch of `station_id`'s consecutive events in one transaction,
    /// as `docs/sync-protocol.md` ("Delivering events") specifies: events the
    /// hub already settled are compared by `event_id` and counted as
    /// duplicates (their rejections repeated); the others are checked and
    /// stored or rejected in order; `acked_through` moves to the last seq.
    /// Nothing is stored when it returns an error. The caller has checked
    /// that the events come from the station (signature).
    pub fn store_events(
        &mut self,
        station_id: &str,
        events: &[WireEvent],
        via: Via,
    ) -> Result<BatchReply, HubError> {
        for pair in events.windows(2) {
            if pair[1].seq != pair[0].seq + 1 {
                return Err(HubError::BadRequest(format!(
                    "seq {} follows seq {}: a batch holds consecutive events",
                    pair[1].seq, pair[0].seq
                )));
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let acked = acked_through(&tx, station_id)?;
        let mut reply = BatchReply {
            acked_through: acked,
            accepted: 0,
            duplicates: 0,
            rejected: Vec::new(),
        };
        let (Some(first), Some(last)) = (events.first(), events.last()) else {
            return Ok(reply);
        };
        if first.seq < 1 {
            return Err(HubError::BadRequest(format!(
                "seq {} is not a sequence number (they start at 1)",
                first.seq
            )));
        }
        if first.seq > acked + 1 {
            return Err(HubError::SequenceGap {
                expected: acked + 1,
            });
        }
        let received_at = now_text();
        for event in events {
            if event.seq <= acked {
                let (event_id, rejection) = settled(&tx, station_id, event.seq)?;
                if event_id != event.event_id {
                    return Err(HubError::SequenceConflict { seq: event.seq });
                }
                reply.duplicates += 1;
                if let Some((code, reason)) = rejection {
                    reply.rejected.push(Rejection {
                        seq: event.seq,
                        event_id,
                        code,
                        reason,
                    });
                }
                continue;
            }
            match check(&tx, station_id, event)? {
                Ok(checked) => {
                    insert_event(&tx, station_id, event, &checked, via, &received_at)?;
                    reply.accepted += 1;
                }
                Err(refusal) => {
                    tx.prepare_cached(include_str!("../sql/rejection_insert.sql"))?
                        .execute(params![
                            station_id,
                            event.seq,
                            event.event_id,
                            event.kind,
                            event.entity_key,
                            event.created_at,
                            refusal.code.as_str(),
                            refusal.reason,
                            received_at,
                            via.as_str(),
                        ])?;
                    reply.rejected.push(Rejection {
                        seq: event.seq,
                        event_id: event.event_id.clone(),
                        code: refusal.code.as_str().to_string(),
                        reason: refusal.reason,
                    });
                }
            }
        }
        if last.seq > acked {
            tx.execute(
                "UPDATE station SET acked_through = ?2 WHERE station_id = ?1",
                params![station_id, last.seq],
            )?;
            reply.acked_through = last.seq;
        }
        tx.commit()?;
        Ok(reply)
    }

    /// What the hub holds of `station_id` (`GET /v1/status`, acknowledgement files).
    pub fn station_status(&self, station_id: &str) -> Result<StationStatus, HubError> {
        let acked = acked_through(&self.conn, station_id)?;
        let events: i64 = self.conn.query_row(
            "SELECT count(*) FROM event WHERE station_id = ?1",
            [station_id],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, event_id, code, reason FROM rejection WHERE station_id = ?1 ORDER BY seq",
        )?;
        let rejected = stmt
            .query_map([station_id], |r| {
                Ok(Rejection {
                    seq: r.get(0)?,
                    event_id: r.get(1)?,
                    code: r.get(2)?,
                    reason: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("../sql/missing_blobs.sql"))?;
        let missing_blobs = stmt
            .query_map([station_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(StationStatus {
            station_id: station_id.to_string(),
            acked_through: acked,
            events: count(events),
            rejected,
            missing_blobs,
        })
    }

    /// Everything `station_id` delivered, stored or rejected, in seq order.
    pub fn station_events(&self, station_id: &str) -> Result<Vec<HeldEvent>, HubError> {
        acked_through(&self.conn, station_id)?;
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("../sql/station_events.sql"))?;
        let rows = stmt.query_map([station_id], |r| {
            Ok((
                HeldEvent {
                    seq: r.get(0)?,
                    event_id: r.get(1)?,
                    kind: r.get(2)?,
                    entity_key: r.get(3)?,
                    created_at: r.get(4)?,
                    received_at: r.get(5)?,
                    via: r.get(6)?,
                    state: "stored",
                    payload: None,
                    code: r.get(8)?,
                    reason: r.get(9)?,
                },
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        let mut events = Vec::new();
        for row in rows {
            let (mut event, payload) = row?;
            match payload {
                Some(text) => {
                    event.payload = Some(
                        serde_json::from_str(&text)
                            .map_err(|e| HubError::corrupt("event payload", e))?,
                    );
                }
                None => event.state = "rejected",
            }
            events.push(event);
        }
        Ok(events)
    }

    /// Records an imported bundle file; false when that file was imported before.
    pub fn record_bundle(&mut self, bundle: &ImportedBundle) -> Result<bool, HubError> {
        let added = self.conn.execute(
            "INSERT OR IGNORE INTO imported_bundle
                 (sha256, station_id, first_seq, last_seq, imported_at, accepted, duplicates)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                bundle.sha256,
                bundle.station_id,
                bundle.first_seq,
                bundle.last_seq,
                bundle.imported_at,
                bundle.accepted,
                bundle.duplicates,
            ],
        )?;
        Ok(added > 0)
    }

    /// The first import of the bundle file whose SHA-256 is `sha256`, if any.
    pub fn imported_bundle(&self, sha256: &str) -> Result<Option<ImportedBundle>, HubError> {
        Ok(self
            .conn
            .query_row(
                "SELECT sha256, station_id, first_seq, last_seq, imported_at, accepted, duplicates
                   FROM imported_bundle WHERE sha256 = ?1",
                [sha256],
                |r| {
                    Ok(ImportedBundle {
                        sha256: r.get(0)?,
                        station_id: r.get(1)?,
                        first_seq: r.get(2)?,
                        last_seq: r.get(3)?,
                        imported_at: r.get(4)?,
                        accepted: r.get(5)?,
                        duplicates: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }
}

/// The event id held at (station, seq), with its rejection if it was refused.
type Settled = (String, Option<(String, String)>);

fn settled(tx: &Transaction, station_id: &str, seq: i64) -> Result<Settled, HubError> {
    tx.prepare_cached(include_str!("../sql/settled_event.sql"))?
        .query_row(params![station_id, seq], |r| {
            let code: Option<String> = r.get(1)?;
            let reason: Option<String> = r.get(2)?;
            Ok((r.get(0)?, code.zip(reason)))
        })
        .optional()?
        // acked_through promises every seq up to it is held: a hole is damage.
        .ok_or_else(|| HubError::corrupt("event", format!("seq {seq} settled but not held")))
}

/// The pure checks, then the two that need what the hub holds. The outer
/// error is the database failing; the inner one refuses the event.
fn check(
    tx: &Transaction,
    station_id: &str,
    event: &WireEvent,
) -> Result<Result<Checked, Refusal>, HubError> {
    let checked = match validate::check(event, station_id) {
        Ok(checked) => checked,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let exists = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> Result<bool, HubError> {
        Ok(tx
            .prepare_cached(sql)?
            .query_row(params, |_| Ok(()))
            .optional()?
            .is_some())
    };
    let refusal = match &checked.received {
        Some(dossier) => {
            let published = exists("SELECT 1 FROM catalog LIMIT 1", &[])?;
            let listed = exists(
                "SELECT 1 FROM catalog WHERE code = ?1",
                &[&dossier.procedure_code],
            )?;
            (published && !listed).then(|| Refusal::unknown_procedure(&dossier.procedure_code))
        }
        None => {
            let known = exists(
                "SELECT 1 FROM dossier WHERE station_id = ?1 AND code = ?2",
                &[&station_id, &checked.code],
            )?;
            (!known).then(|| Refusal::unknown_dossier(&checked.code))
        }
    };
    Ok(match refusal {
        Some(refusal) => Err(refusal),
        None => Ok(checked),
    })
}

fn insert_event(
    tx: &Transaction,
    station_id: &str,
    event: &WireEvent,
    checked: &Checked,
    via: Via,
    received_at: &str,
) -> Result<(), HubError> {
    tx.prepare_cached(include_str!("../sql/event_insert.sql"))?
        .execute(params![
            station_id,
            event.seq,
            event.event_id,
            event.kind,
            event.entity_key,
            event.payload_version,
            event.created_at,
            event.payload.to_string(),
            received_at,
            via.as_str(),
        ])?;
    if let Some(dossier) = &checked.received {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO dossier (station_id, code, first_seq) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![station_id, checked.code, event.seq])?;
        for sha in &dossier.attachments {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO wanted_blob (station_id, sha256, seq) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![station_id, sha, event.seq])?;
        }
    }
    Ok(())
}
