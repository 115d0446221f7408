//! The audit trail's hash chain: every entry carries the hash of the entry
//! before it (`prev_hash`) and its own `hash` over that link and its content,
//! so an entry edited, deleted or slipped in behind the app's back (with the
//! sqlite3 tool, say) breaks the chain at that entry.
//!
//! # Encoding (version 1)
//!
//! `hash = lower-case hex of SHA-256(m)` where `m` is the concatenation of
//! these fields, each as a netstring `<length>:<bytes>,` (the length in bytes,
//! in decimal ASCII):
//!
//! 1. the tag `quay-audit-1` (a later encoding gets a new tag);
//! 2. `prev_hash`: the previous entry's hash as stored (64 hex characters),
//!    or [`GENESIS`] (64 zeros) for the first entry;
//! 3. `id` in decimal ASCII (`42`);
//! 4. `at`, `actor`, `action`, `entity_key`: the stored UTF-8 bytes;
//! 5. `before`, `after`: the stored JSON bytes, or `-,` for NULL (a netstring
//!    starts with a digit, so NULL and the empty text differ).
//!
//! Every field says where it ends, so two different rows never encode alike:
//! moving a character from `actor` into `action` changes `m`.
//!
//! The genesis is a fixed value rather than one derived from the station id:
//! the chain then depends on nothing outside `audit_log`, and `quay audit
//! head` prints the station id beside the head for whoever files it.
//!
//! # The head
//!
//! `audit_head` keeps the number of entries, the last id and its hash, updated
//! in the same transaction as each entry. It catches what the chain alone
//! cannot: entries deleted from the end. It sits in the same file, so someone
//! who can recompute SHA-256 can rewrite the whole trail and the head
//! together; only a copy of the head kept elsewhere (`quay audit head`,
//! printed and filed, or later sent with the sync events) shows that.

use std::iter::Peekable;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use super::StoreError;
use crate::domain::audit::{AuditHead, AuditVerdict, BreakKind};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const TAG: &[u8] = b"quay-audit-1";

/// An entry's hashed content, as stored bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields<'a> {
    pub id: i64,
    pub at: &'a [u8],
    pub actor: &'a [u8],
    pub action: &'a [u8],
    pub entity_key: &'a [u8],
    pub before: Option<&'a [u8]>,
    pub after: Option<&'a [u8]>,
}

/// The bytes that are hashed (see the module docs).
pub(crate) fn encode(prev_hash: &[u8], f: &Fields) -> Vec<u8> {
    let mut m = Vec::with_capacity(
        160 + [
            f.at,
            f.actor,
            f.action,
            f.entity_key,
            f.before.unwrap_or_default(),
            f.after.unwrap_or_default(),
        ]
        .iter()
        .map(|b| b.len())
        .sum::<usize>(),
    );
    let id = f.id.to_string();
    for field in [
        TAG,
        prev_hash,
        id.as_bytes(),
        f.at,
        f.actor,
        f.action,
        f.entity_key,
    ] {
        netstring(&mut m, Some(field));
    }
    netstring(&mut m, f.before);
    netstring(&mut m, f.after);
    m
}

fn netstring(m: &mut Vec<u8>, field: Option<&[u8]>) {
    match field {
        Some(bytes) => {
            m.extend_from_slice(bytes.len().to_string().as_bytes());
            m.push(b':');
            m.extend_from_slice(bytes);
            m.push(b',');
        }
        None => m.extend_from_slice(b"-,"),
    }
}

/// The entry's hash: lower-case hex of SHA-256 of [`encode`].
pub(crate) fn entry_hash(prev_hash: &[u8], f: &Fields) -> String {
    hex::encode(Sha256::digest(encode(prev_hash, f)))
}

/// The stored head; `None` if its row is gone (only by hand).
pub(crate) fn head(conn: &Connection) -> Result<Option<AuditHead>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT entries, last_id, hash FROM audit_head WHERE id = 1",
            [],
            |r| {
                Ok(AuditHead {
                    entries: r.get(0)?,
                    last_id: r.get(1)?,
                    hash: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Where the next entry goes: after the stored head, and after any id ever
/// used (so a row deleted from the end is never replaced, and shows as a gap).
/// A missing head is rebuilt from the last row, so a damaged file never stops
/// the counter; the check still reports the damage.
pub(crate) fn next_entry(tx: &Transaction) -> Result<(i64, AuditHead), StoreError> {
    let head = match head(tx)? {
        Some(h) => h,
        None => {
            log::error!("audit_head is missing; continuing the chain from the last audit row");
            tx.query_row(include_str!("sql/audit_last.sql"), [], |r| {
                Ok(AuditHead {
                    entries: r.get(0)?,
                    last_id: r.get(1)?,
                    hash: r
                        .get::<_, Option<String>>(2)?
                        .unwrap_or_else(|| GENESIS.into()),
                })
            })?
        }
    };
    let id: i64 = tx.query_row(include_str!("sql/audit_next_id.sql"), [head.last_id], |r| {
        r.get(0)
    })?;
    Ok((id, head))
}

/// Version 10's Rust half, run just before its SQL in the same transaction:
/// SQLite has no SHA-256, so the hashes of the rows written before the chain
/// existed are computed here, oldest first, into `temp.audit_backfill`, which
/// `0010_audit_chain.sql` copies into `audit_log` and then drops.
pub(crate) fn prepare_backfill(tx: &Transaction) -> Result<(), StoreError> {
    tx.execute_batch(
        "CREATE TEMP TABLE audit_backfill (id INTEGER PRIMARY KEY, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
    )?;
    let mut insert =
        tx.prepare("INSERT INTO temp.audit_backfill (id, prev_hash, hash) VALUES (?1, ?2, ?3)")?;
    let mut select = tx.prepare(
        "SELECT id, at, actor, action, entity_key, before, after FROM main.audit_log ORDER BY id",
    )?;
    let mut rows = select.query([])?;
    let mut prev = GENESIS.to_string();
    while let Some(r) = rows.next()? {
        let hash = entry_hash(prev.as_bytes(), &fields(r, 0)?);
        let id: i64 = r.get(0)?;
        insert.execute(params![id, prev, hash])?;
        prev = hash;
    }
    Ok(())
}

/// Reads the hashed columns of a row whose first seven columns are `id, at,
/// actor, action, entity_key, before, after`, starting at `first`.
fn fields<'r>(r: &'r rusqlite::Row<'r>, first: usize) -> Result<Fields<'r>, StoreError> {
    let bytes = |i: usize| -> Result<Option<&'r [u8]>, StoreError> {
        Ok(match r.get_ref(first + i)? {
            ValueRef::Null => None,
            ValueRef::Text(b) | ValueRef::Blob(b) => Some(b),
            // STRICT keeps numbers out of these TEXT columns; a row that
            // has one anyway does not match its hash.
            ValueRef::Integer(_) | ValueRef::Real(_) => Some(b"\x00number".as_slice()),
        })
    };
    Ok(Fields {
        id: r.get(first)?,
        at: bytes(1)?.unwrap_or_default(),
        actor: bytes(2)?.unwrap_or_default(),
        action: bytes(3)?.unwrap_or_default(),
        entity_key: bytes(4)?.unwrap_or_default(),
        before: bytes(5)?,
        after: bytes(6)?,
    })
}

/// One row as the walk sees it: its stored link and hash, and the hash its
/// content gives.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    pub id: i64,
    pub prev_hash: String,
    pub hash: String,
    pub computed: String,
}

/// Walks the whole trail, oldest first, inside one read transaction so that an
/// entry appended meanwhile is not taken for an insertion.
pub(crate) fn verify(conn: &Connection) -> Result<AuditVerdict, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let head = head(&tx)?;
    let mut stmt = tx.prepare(include_str!("sql/audit_chain_rows.sql"))?;
    let rows = stmt.query_and_then([], |r| -> Result<Link, StoreError> {
        let f = fields(r, 0)?;
        let prev_hash: Option<String> = r.get(7)?;
        let prev_hash = prev_hash.unwrap_or_default();
        Ok(Link {
            id: f.id,
            computed: entry_hash(prev_hash.as_bytes(), &f),
            prev_hash,
            hash: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
        })
    })?;
    walk(rows.peekable(), head.as_ref(), |hash| find_hash(&tx, hash))
}

/// The first entry whose stored hash is `hash`.
pub(crate) fn find_hash(conn: &Connection, hash: &str) -> Result<Option<i64>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id FROM audit_log WHERE hash = ?1 ORDER BY id LIMIT 1",
            [hash],
            |r| r.get(0),
        )
        .optional()?)
}

/// The first broken link of `rows` (in id order), given the stored `head` and
/// a way to `find` the id of the row with a given hash. Checks each row in
/// turn: after the head or before the first id (inserted), a gap in the ids
/// (deleted), its link to the row before, its own hash; then the end against
/// the head. When a check fails, the rows around it tell which kind of
/// change most likely broke it.
pub(crate) fn walk<I>(
    mut rows: Peekable<I>,
    head: Option<&AuditHead>,
    find: impl Fn(&str) -> Result<Option<i64>, StoreError>,
) -> Result<AuditVerdict, StoreError>
where
    I: Iterator<Item = Result<Link, StoreError>>,
{
    let broken = |at_id, kind| Ok(AuditVerdict::Broken { at_id, kind });
    let mut expected = GENESIS.to_string();
    let mut prev_id = 0;
    let mut entries = 0;
    while let Some(row) = rows.next() {
        let row = row?;
        if head.is_some_and(|h| row.id > h.last_id) || row.id <= prev_id {
            return broken(row.id, BreakKind::Inserted);
        }
        if row.id > prev_id + 1 {
            return broken(prev_id + 1, BreakKind::Deleted);
        }
        // The chain steps over this row when what follows links to the row
        // before it: the row was never part of the chain.
        let next_link = match rows.peek() {
            Some(Ok(next)) => Some(next.prev_hash.as_str()),
            Some(Err(_)) => None,
            None => head.map(|h| h.hash.as_str()),
        };
        let stepped_over = next_link == Some(expected.as_str());
        if row.prev_hash != expected {
            match find(&row.prev_hash)? {
                Some(m) if m > row.id => {
                    return broken(row.id, BreakKind::Reordered { links_to: m });
                }
                // It links further back: the rows in between were slipped in.
                Some(m) if m < prev_id => return broken(m + 1, BreakKind::Inserted),
                _ => {}
            }
            if stepped_over {
                return broken(row.id, BreakKind::Inserted);
            }
            // Its own hash holds: the row before was changed and re-hashed.
            if row.computed == row.hash && prev_id > 0 {
                return broken(prev_id, BreakKind::Edited);
            }
            return broken(row.id, BreakKind::Edited);
        }
        if row.computed != row.hash {
            let kind = match stepped_over {
                true => BreakKind::Inserted,
                false => BreakKind::Edited,
            };
            return broken(row.id, kind);
        }
        expected = row.hash;
        prev_id = row.id;
        entries += 1;
    }
    match head {
        None => broken(prev_id, BreakKind::HeadMismatch),
        Some(h) if prev_id < h.last_id => broken(prev_id + 1, BreakKind::Deleted),
        Some(h) if h.hash != expected && prev_id > 0 => broken(prev_id, BreakKind::Edited),
        Some(h) if h.hash != expected || h.entries != entries => {
            broken(prev_id, BreakKind::HeadMismatch)
        }
        Some(_) => Ok(AuditVerdict::Intact {
            entries,
            head: expected,
        }),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
