//! Audit trail rows, appended in the same transaction as the change they record.

use rusqlite::{Transaction, params};

use super::{Actor, StoreError, fmt_ts, now};

pub(crate) fn append(
    tx: &Transaction,
    actor: &Actor,
    action: &str,
    entity_key: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<(), StoreError> {
    tx.prepare_cached(include_str!("sql/audit_append.sql"))?
        .execute(params![
            fmt_ts(now()),
            actor.0,
            action,
            entity_key,
            before.map(|v| v.to_string()),
            after.map(|v| v.to_string()),
        ])?;
    Ok(())
}

impl super::Store {
    /// Number of audit rows, newest id last; for tests and the status bar.
    pub fn audit_entries(&self, entity_key: &str) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT actor, action FROM audit_log WHERE entity_key = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([entity_key], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl super::Store {
    /// How many audit rows of `entity_key` have an action starting with `prefix`
    /// (e.g. how often a queue ticket was printed).
    pub fn count_actions(&self, entity_key: &str, prefix: &str) -> Result<i64, StoreError> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM audit_log WHERE entity_key = ?1 AND substr(action, 1, length(?2)) = ?2",
            params![entity_key, prefix],
            |r| r.get(0),
        )?)
    }

    /// Records something that happened outside the database (a print) in the trail.
    pub fn record_event(
        &mut self,
        actor: &Actor,
        action: &str,
        entity_key: &str,
        detail: &serde_json::Value,
    ) -> Result<(), StoreError> {
        let tx = self.write()?;
        append(&tx, actor, action, entity_key, None, Some(detail))?;
        tx.commit()?;
        Ok(())
    }
}
