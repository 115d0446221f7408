//! Schema versions, tracked in `PRAGMA user_version`. `schema.sql` is version 1;
//! each later change is appended to `MIGRATIONS` and never edited or removed.

use rusqlite::Connection;

use super::StoreError;

const SCHEMA: &str = include_str!("../../schema.sql");

/// Migration `i` takes the database from version `i + 1` to `i + 2`.
const MIGRATIONS: &[&str] = &[
    // 2: queue tickets.
    include_str!("sql/migrations/0002_queue.sql"),
    // 3: dossier status history and indexes for the dossier list.
    include_str!("sql/migrations/0003_status.sql"),
    // 4: supplement requests, refusals, apologies, transfers, payments, returns.
    include_str!("sql/migrations/0004_progress.sql"),
    // 5: trigram search index for the dossier list.
    include_str!("sql/migrations/0005_search.sql"),
    // 6: the list's own search indexes (code trigrams, name words, running
    // dossiers by due date) replace version 5's trigram index.
    include_str!("sql/migrations/0006_list_search.sql"),
    // 7: sync state, quarantine, station signing key.
    include_str!("sql/migrations/0007_sync.sql"),
    // 8: (finished_at, received_at) for the report's pending-at-end rows.
    include_str!("sql/migrations/0008_report_index.sql"),
    // 9: staff accounts; who received each dossier.
    include_str!("sql/migrations/0009_accounts.sql"),
    // 10: the audit trail as a hash chain, with its head (see PREPARE).
    AUDIT_CHAIN,
    // 11: corrections and cancellations of saved dossiers.
    include_str!("sql/migrations/0011_corrections.sql"),
];

const AUDIT_CHAIN: &str = include_str!("sql/migrations/0010_audit_chain.sql");

/// Rust work a migration needs just before its SQL, in the same transaction,
/// found by the migration's text rather than its number. SQLite has no
/// SHA-256, so the audit chain's hashes of existing rows are computed here.
type Prepare = fn(&rusqlite::Transaction) -> Result<(), StoreError>;
const PREPARE: &[(&str, Prepare)] = &[(AUDIT_CHAIN, super::audit_chain::prepare_backfill)];

pub const CURRENT_VERSION: i64 = 1 + MIGRATIONS.len() as i64;

/// Brings the schema up to date in one transaction. Returns true when the
/// database was created just now (so the caller seeds it).
pub fn migrate(conn: &mut Connection) -> Result<bool, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > CURRENT_VERSION {
        return Err(StoreError::TooNew {
            found: version,
            known: CURRENT_VERSION,
        });
    }
    let created = version == 0;
    if created {
        tx.execute_batch(SCHEMA)?;
    }
    let from = version.max(1);
    for (i, sql) in MIGRATIONS.iter().enumerate().skip((from - 1) as usize) {
        log::info!("migrating database schema to version {}", i + 2);
        for (_, prepare) in PREPARE.iter().filter(|(m, _)| m == sql) {
            prepare(&tx)?;
        }
        tx.execute_batch(sql)?;
    }
    // Only when something changed: an up-to-date database must open without
    // writing a page, or a full disk would keep even reading from it.
    if version != CURRENT_VERSION {
        tx.pragma_update(None, "user_version", CURRENT_VERSION)?;
    }
    tx.commit()?;
    Ok(created)
}
