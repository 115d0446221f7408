//! The outbox: this station's append-only sequence of events for the province.
//! Sync (a later issue) reads it in `seq` order; nothing here ever changes a row.

use rusqlite::{Transaction, params};
use serde::Serialize;

use super::{StoreError, fmt_ts, now, parse_ts};

/// Version of the payload layout; bump it when an event's JSON changes shape.
pub const PAYLOAD_VERSION: i64 = 1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxEvent {
    pub seq: i64,
    pub event_id: String,
    pub kind: String,
    pub entity_key: String,
    pub payload: serde_json::Value,
    pub payload_version: i64,
    pub created_at: chrono::NaiveDateTime,
}

pub(crate) fn append(
    tx: &Transaction,
    kind: &str,
    entity_key: &str,
    payload: &serde_json::Value,
) -> Result<i64, StoreError> {
    let event_id = uuid::Uuid::now_v7().to_string();
    tx.prepare_cached(include_str!("sql/outbox_append.sql"))?
        .execute(params![
            event_id,
            kind,
            entity_key,
            payload.to_string(),
            PAYLOAD_VERSION,
            fmt_ts(now()),
        ])?;
    Ok(tx.last_insert_rowid())
}

impl super::Store {
    /// Events with `seq > after`, oldest first, at most `limit`.
    pub fn outbox_after(&self, after: i64, limit: i64) -> Result<Vec<OutboxEvent>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached(include_str!("sql/outbox_after.sql"))?;
        let rows = stmt.query_map(params![after, limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut events = Vec::new();
        for row in rows {
            let (seq, event_id, kind, entity_key, payload, payload_version, created_at) = row?;
            events.push(OutboxEvent {
                seq,
                event_id,
                kind,
                entity_key,
                payload: serde_json::from_str(&payload)
                    .map_err(|e| StoreError::corrupt("outbox payload", e))?,
                payload_version,
                created_at: parse_ts(&created_at)?,
            });
        }
        Ok(events)
    }
}
