//! Audit trail rows, appended in the same transaction as the change they
//! record, each chained to the one before it (see `audit_chain`); and the
//! trail read back for `quay audit` and the Nhật ký screen.

use rusqlite::{Transaction, named_params, params};

use super::{Actor, StoreError, audit_chain, fmt_ts, now};
use crate::domain::audit::{ActorMatch, AuditEntry, AuditFilter, AuditHead, AuditVerdict};

/// Appends one entry: its id and link come from the stored head, its hash is
/// computed here, and the head moves on, all in `tx`. Every write is an
/// IMMEDIATE transaction (`Store::write`), so no other writer slips an entry
/// in between reading the head and writing the new one.
pub(crate) fn append(
    tx: &Transaction,
    actor: &Actor,
    action: &str,
    entity_key: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<(), StoreError> {
    let (id, head) = audit_chain::next_entry(tx)?;
    let at = fmt_ts(now());
    let before = before.map(|v| v.to_string());
    let after = after.map(|v| v.to_string());
    let fields = audit_chain::Fields {
        id,
        at: at.as_bytes(),
        actor: actor.name().as_bytes(),
        action: action.as_bytes(),
        entity_key: entity_key.as_bytes(),
        before: before.as_deref().map(str::as_bytes),
        after: after.as_deref().map(str::as_bytes),
    };
    let hash = audit_chain::entry_hash(head.hash.as_bytes(), &fields);
    tx.prepare_cached(include_str!("sql/audit_append.sql"))?
        .execute(params![
            id,
            at,
            actor.name(),
            action,
            entity_key,
            before,
            after,
            head.hash,
            hash,
        ])?;
    tx.prepare_cached(include_str!("sql/audit_head_set.sql"))?
        .execute(params![head.entries + 1, id, hash])?;
    Ok(())
}

impl super::Store {
    /// Walks the whole chain: intact with its entry count and head, or the
    /// first broken link.
    pub fn verify_audit(&self) -> Result<AuditVerdict, StoreError> {
        audit_chain::verify(self.conn())
    }

    /// The id of the entry whose hash is `hash`, if any: a head filed
    /// elsewhere earlier must still be in the chain.
    pub fn audit_entry_with_hash(&self, hash: &str) -> Result<Option<i64>, StoreError> {
        audit_chain::find_hash(self.conn(), hash.trim())
    }

    /// The stored end of the chain; `None` only if its row was deleted by hand.
    pub fn audit_head(&self) -> Result<Option<AuditHead>, StoreError> {
        audit_chain::head(self.conn())
    }

    /// The entries that pass `filter`, in its order.
    pub fn audit_list(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let mut entries = Vec::new();
        self.audit_each(filter, |e| {
            entries.push(e);
            Ok::<_, StoreError>(())
        })?;
        Ok(entries)
    }

    /// Hands the entries that pass `filter` to `f` one at a time, so that an
    /// export of a long trail never holds it all in memory.
    pub fn audit_each<E: From<StoreError>>(
        &self,
        filter: &AuditFilter,
        mut f: impl FnMut(AuditEntry) -> Result<(), E>,
    ) -> Result<(), E> {
        let order = if filter.newest_first { "DESC" } else { "ASC" };
        let sql = include_str!("sql/audit_list.sql").replace("{order}", order);
        let like = |part: &str| format!("%{}%", escape_like(part.trim()));
        let (actor_is, actor_like) = match &filter.actor {
            Some(ActorMatch::Exact(name)) => (Some(name.clone()), None),
            Some(ActorMatch::Contains(part)) => (None, Some(like(part))),
            None => (None, None),
        };
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        let mut stmt = self.conn().prepare_cached(&sql).map_err(StoreError::from)?;
        let mut rows = stmt
            .query(named_params! {
                ":from": filter.from.map(day),
                ":until": filter.to.and_then(|d| d.succ_opt()).map(day),
                ":actor_is": actor_is,
                ":actor_like": actor_like,
                ":action": filter.action_prefix.as_deref().filter(|p| !p.is_empty()),
                ":entity_like": filter.entity.as_deref().map(str::trim).filter(|e| !e.is_empty()).map(like),
                ":limit": filter.limit.map_or(-1, i64::from),
            })
            .map_err(StoreError::from)?;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            let entry = (|| {
                Ok::<_, rusqlite::Error>(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    entity_key: r.get(4)?,
                    before: r.get(5)?,
                    after: r.get(6)?,
                    prev_hash: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                    hash: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
                })
            })()
            .map_err(StoreError::from)?;
            f(entry)?;
        }
        Ok(())
    }

    /// Everyone named in the trail, for the officer filter.
    pub fn audit_actors(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT DISTINCT actor FROM audit_log ORDER BY actor")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// LIKE's wildcards as plain characters (the SQL says `ESCAPE '\'`).
fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
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
