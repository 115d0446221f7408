//! What the hub has settled of this station's outbox (docs/sync-protocol.md):
//! the acknowledged sequence number, the quarantine of rejected events, the
//! attachments delivered, the station's signing key. The outbox itself never
//! changes; a resend is a new event.

use chrono::NaiveDateTime;
use ed25519_dalek::SigningKey;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Actor, Store, StoreError, audit, fmt_ts, outbox, parse_ts};
use crate::domain::access::Permission;
use crate::sync::signing;
use crate::sync::wire::Rejection;

/// This database as a sync station.
pub struct StationIdentity {
    pub station_id: String,
    pub signing_key: SigningKey,
}

impl StationIdentity {
    pub fn public_key_hex(&self) -> String {
        signing::public_to_hex(&self.signing_key.verifying_key())
    }
}

/// The sync figures the status bar and `quay sync status` show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncState {
    pub acked_through: i64,
    /// The newest event's seq.
    pub last_seq: i64,
    /// Events the hub has not settled yet.
    pub pending: i64,
    /// Rejected events waiting for staff.
    pub quarantined: i64,
    pub last_attempt_at: Option<NaiveDateTime>,
    pub last_success_at: Option<NaiveDateTime>,
    /// The last failure, in Vietnamese; None after a success.
    pub last_error: Option<String>,
    pub down_through: i64,
    pub hub_public_key: Option<String>,
}

/// A rejected event in quarantine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quarantined {
    pub seq: i64,
    pub event_id: String,
    pub kind: String,
    pub entity_key: String,
    pub code: String,
    pub reason: String,
    pub rejected_at: NaiveDateTime,
}

/// Where a dossier stands with the hub: the state of its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum DossierSync {
    /// Some event is not settled yet.
    Pending { events: u32 },
    /// Every event settled, none waiting in quarantine.
    Sent,
    /// An event is in quarantine: the hub's reason.
    Rejected { seq: i64, reason: String },
}

impl Store {
    /// The station id and its signing key, creating the key the first time
    /// (a new database, or one upgraded from before schema 7).
    pub fn station_identity(&mut self) -> Result<StationIdentity, StoreError> {
        let (station_id, key): (String, Option<String>) = self.conn().query_row(
            "SELECT station_id, signing_key FROM station WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let signing_key = match key {
            Some(hex_key) => signing::secret_from_hex(&hex_key)
                .map_err(|e| StoreError::corrupt("station signing key", e))?,
            None => {
                let key = signing::generate()
                    .map_err(|e| StoreError::corrupt("station signing key", e))?;
                let tx = self.write()?;
                // Another process may have made one meanwhile: keep the first.
                tx.execute(
                    "UPDATE station SET signing_key = ?1 WHERE id = 1 AND signing_key IS NULL",
                    [signing::secret_to_hex(&key)],
                )?;
                let stored: String =
                    tx.query_row("SELECT signing_key FROM station WHERE id = 1", [], |r| {
                        r.get(0)
                    })?;
                tx.commit()?;
                signing::secret_from_hex(&stored)
                    .map_err(|e| StoreError::corrupt("station signing key", e))?
            }
        };
        Ok(StationIdentity {
            station_id,
            signing_key,
        })
    }

    pub fn sync_state(&self) -> Result<SyncState, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached(include_str!("sql/sync/state.sql"))?;
        let row = stmt.query_row([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        let (acked, last, quarantined, attempt, success, error, down, hub_key) = row;
        Ok(SyncState {
            acked_through: acked,
            last_seq: last,
            pending: (last - acked).max(0),
            quarantined,
            last_attempt_at: attempt.as_deref().map(parse_ts).transpose()?,
            last_success_at: success.as_deref().map(parse_ts).transpose()?,
            last_error: error,
            down_through: down,
            hub_public_key: hub_key,
        })
    }

    /// The first `limit` events the hub has not settled, oldest first.
    pub fn unsettled_events(&self, limit: i64) -> Result<Vec<outbox::OutboxEvent>, StoreError> {
        let acked = self.sync_state()?.acked_through;
        self.outbox_after(acked, limit)
    }

    /// Records the hub's answer: everything up to `acked_through` is settled,
    /// the `rejected` ones go to quarantine. One transaction; an answer older
    /// than what is stored (a late replay) never moves the mark back.
    pub fn record_delivery(
        &mut self,
        acked_through: i64,
        rejected: &[Rejection],
        at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let last: i64 =
            self.conn()
                .query_row("SELECT coalesce(max(seq), 0) FROM outbox", [], |r| r.get(0))?;
        if acked_through > last {
            return Err(StoreError::corrupt(
                "hub acknowledgement",
                format!("the hub settled up to {acked_through}, but the newest event is {last}"),
            ));
        }
        let tx = self.write()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO sync_rejection (seq, code, reason, rejected_at)
                 SELECT ?1, ?2, ?3, ?4 FROM outbox WHERE seq = ?1 AND event_id = ?5",
            )?;
            for r in rejected {
                insert.execute(params![r.seq, r.code, r.reason, fmt_ts(at), r.event_id])?;
            }
        }
        tx.execute(
            "UPDATE sync_state SET acked_through = max(acked_through, ?1),
             last_attempt_at = ?2, last_success_at = ?2, last_error = NULL WHERE id = 1",
            params![acked_through, fmt_ts(at)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The hub holds less than this station thought (its database came back
    /// from an older backup): send again from `expected_seq`.
    pub fn rewind_delivery(
        &mut self,
        expected_seq: i64,
        at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE sync_state SET acked_through = max(0, min(acked_through, ?1 - 1)),
             last_attempt_at = ?2 WHERE id = 1",
            params![expected_seq, fmt_ts(at)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A failed attempt, for the status bar: `message` in Vietnamese.
    pub fn record_sync_failure(
        &mut self,
        message: &str,
        at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE sync_state SET last_attempt_at = ?1, last_error = ?2 WHERE id = 1",
            params![fmt_ts(at), message],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn set_hub_public_key(&mut self, key_hex: &str) -> Result<(), StoreError> {
        signing::public_from_hex(key_hex).map_err(|e| StoreError::corrupt("hub key", e))?;
        let tx = self.write()?;
        tx.execute(
            "UPDATE sync_state SET hub_public_key = ?1 WHERE id = 1",
            [key_hex.trim().to_ascii_lowercase()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Rejected events waiting for staff, oldest first.
    pub fn quarantine(&self) -> Result<Vec<Quarantined>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached(include_str!("sql/sync/quarantine.sql"))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, event_id, kind, entity_key, code, reason, at) = row?;
            out.push(Quarantined {
                seq,
                event_id,
                kind,
                entity_key,
                code,
                reason,
                rejected_at: parse_ts(&at)?,
            });
        }
        Ok(out)
    }

    /// Sends a quarantined event again, once its cause is fixed: a new event
    /// of the same kind and entity whose payload names the one it replaces.
    /// Returns the new event's seq.
    pub fn resend(&mut self, seq: i64, actor: &Actor) -> Result<i64, StoreError> {
        actor.require(Permission::SyncSettings)?;
        let tx = self.write()?;
        let found: Option<(String, String, String, String)> = tx
            .query_row(
                "SELECT o.event_id, o.kind, o.entity_key, o.payload
                 FROM sync_rejection AS r JOIN outbox AS o ON o.seq = r.seq
                 WHERE r.seq = ?1 AND r.resent_as IS NULL AND r.dismissed_at IS NULL",
                [seq],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((event_id, kind, entity_key, payload)) = found else {
            return Err(StoreError::NotQuarantined(seq));
        };
        let mut payload: serde_json::Value =
            serde_json::from_str(&payload).map_err(|e| StoreError::corrupt("outbox payload", e))?;
        // A dossier rejected for bad data goes again as corrected since.
        if kind == "dossier.received" {
            super::correction::correct_received(&tx, &entity_key, &mut payload)?;
        }
        if let Some(obj) = payload.as_object_mut() {
            obj.insert(
                "resend_of".into(),
                serde_json::Value::String(event_id.clone()),
            );
        }
        let new_seq = outbox::append(&tx, &kind, &entity_key, &payload)?;
        tx.execute(
            "UPDATE sync_rejection SET resent_as = ?1 WHERE seq = ?2",
            params![new_seq, seq],
        )?;
        audit::append(
            &tx,
            actor,
            "sync.resend",
            &entity_key,
            Some(&serde_json::json!({ "seq": seq, "event_id": event_id })),
            Some(&serde_json::json!({ "seq": new_seq })),
        )?;
        tx.commit()?;
        Ok(new_seq)
    }

    /// Sets a quarantined event aside for good, with why (e.g. "đã nhập tay
    /// trên hệ thống của tỉnh").
    pub fn dismiss_rejection(
        &mut self,
        seq: i64,
        note: &str,
        actor: &Actor,
        at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        actor.require(Permission::SyncSettings)?;
        let note = crate::text::clean_line(note);
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE sync_rejection SET dismissed_at = ?1, dismissed_by = ?2, dismiss_note = ?3
             WHERE seq = ?4 AND resent_as IS NULL AND dismissed_at IS NULL",
            params![fmt_ts(at), actor.name(), note, seq],
        )?;
        if changed == 0 {
            return Err(StoreError::NotQuarantined(seq));
        }
        let entity: String =
            tx.query_row("SELECT entity_key FROM outbox WHERE seq = ?1", [seq], |r| {
                r.get(0)
            })?;
        audit::append(
            &tx,
            actor,
            "sync.dismiss",
            &entity,
            Some(&serde_json::json!({ "seq": seq })),
            Some(&serde_json::json!({ "note": note })),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Where a dossier stands with the hub.
    pub fn dossier_sync(&self, code: &str) -> Result<DossierSync, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached(include_str!("sql/sync/dossier_events.sql"))?;
        let rows = stmt.query_map([code], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, bool>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<bool>>(5)?,
            ))
        })?;
        let mut pending = 0u32;
        let mut rejected = None;
        for row in rows {
            let (seq, settled, reason, handled) = row?;
            if !settled {
                pending += 1;
            } else if let (Some(reason), Some(false)) = (reason, handled) {
                rejected.get_or_insert((seq, reason));
            }
        }
        Ok(match (rejected, pending) {
            (Some((seq, reason)), _) => DossierSync::Rejected { seq, reason },
            (None, 0) => DossierSync::Sent,
            (None, n) => DossierSync::Pending { events: n },
        })
    }

    /// Whether the hub is known to hold this attachment complete.
    pub fn blob_delivered(&self, sha256: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM sync_blob WHERE sha256 = ?1")?
            .exists([sha256])?)
    }

    pub fn mark_blob_delivered(
        &mut self,
        sha256: &str,
        at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        tx.execute(
            "INSERT OR IGNORE INTO sync_blob (sha256, delivered_at) VALUES (?1, ?2)",
            params![sha256, fmt_ts(at)],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The attachments (SHA-256) the events name: a received dossier's scans.
pub fn attachment_hashes(events: &[outbox::OutboxEvent]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in events {
        let list = e
            .payload
            .pointer("/dossier/attachments")
            .and_then(|a| a.as_array());
        for a in list.into_iter().flatten() {
            if let Some(sha) = a.get("sha256").and_then(|s| s.as_str())
                && !out.iter().any(|o| o == sha)
            {
                out.push(sha.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
