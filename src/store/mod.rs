//! The local SQLite database: one file per counter PC, one writer connection.
//!
//! Every user action that changes data is one transaction that also appends its
//! audit row and, where the province must hear of it, its outbox event. Write
//! functions take `&Transaction` so the type shows where a transaction begins.

mod audit;
mod bundle_log;
mod calendar;
mod catalog;
mod dossier;
mod dossier_list;
mod error;
mod lifecycle;
mod migrate;
mod outbox;
mod print_log;
mod progress;
mod queue;
mod register;
mod report;
mod settings;
mod sync;
mod sync_down;
mod sync_settings;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use bundle_log::BundleRecord;
pub use catalog::ImportSummary;
pub use dossier_list::{DossierFilter, DossierRow, DossierSort, DueFilter};
pub use error::StoreError;
pub use lifecycle::{MAX_NOTE_CHARS, StatusChange, StatusError};
pub use migrate::CURRENT_VERSION;
pub use outbox::OutboxEvent;
pub use print_log::PrintTarget;
pub use queue::Refusable;
pub use sync::{DossierSync, Quarantined, StationIdentity, SyncState, attachment_hashes};
pub use sync_down::{DownOutcome, DownProblem};

/// Who did something, for the audit trail: "quầy 2 (Trần Văn A)" or "cli:root".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(pub String);

impl Actor {
    /// The person at this counter, as named in the settings.
    pub fn counter(settings: &crate::domain::settings::CenterSettings) -> Self {
        let name = settings.officer_name.trim();
        if name.is_empty() {
            Actor(format!("quầy {}", settings.counter_no))
        } else {
            Actor(format!("quầy {} ({name})", settings.counter_no))
        }
    }

    /// An administrator running the command line.
    pub fn cli() -> Self {
        let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME"));
        Actor(format!("cli:{}", user.unwrap_or_else(|_| "unknown".into())))
    }
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database at `path`. A new database gets the
    /// schema, the bundled procedure catalog and holiday calendar, and a station id.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::DataDir {
                path: dir.display().to_string(),
                source: std::sync::Arc::new(e),
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        configure(&conn)?;
        let created = migrate::migrate(&mut conn)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        if created {
            store.seed()?;
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where attachment bytes live: beside the database file.
    pub fn attachments_dir(&self) -> PathBuf {
        self.path
            .parent()
            .map(|d| d.join("attachments"))
            .unwrap_or_else(|| PathBuf::from("attachments"))
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Begins the one write transaction of a user action. IMMEDIATE takes the write
    /// lock at once, so a second process waits instead of failing half-way through.
    pub(crate) fn write(&mut self) -> Result<Transaction<'_>, StoreError> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    fn seed(&mut self) -> Result<(), StoreError> {
        let actor = Actor("hệ thống".into());
        let tx = self.write()?;
        settings::create_station(&tx)?;
        tx.commit()?;
        self.import_catalog(crate::BUNDLED_CATALOG, &actor)?;
        self.import_calendar(crate::BUNDLED_CALENDAR, &actor)?;
        Ok(())
    }

    /// `PRAGMA integrity_check`: "ok" or SQLite's list of problems.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// Pragmas, set in this one place. WAL with synchronous=FULL: a commit that
/// returned is on disk even if the power goes a moment later.
fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Local time as stored: 'YYYY-MM-DDTHH:MM:SS'.
pub(crate) fn fmt_ts(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

pub(crate) fn parse_ts(s: &str) -> Result<chrono::NaiveDateTime, StoreError> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .map_err(|e| StoreError::corrupt("timestamp", format!("{s}: {e}")))
}

pub fn now_local() -> chrono::NaiveDateTime {
    now()
}

pub(crate) fn now() -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let t = chrono::Local::now().naive_local();
    t.with_nanosecond(0).unwrap_or(t)
}

#[cfg(test)]
mod tests;
