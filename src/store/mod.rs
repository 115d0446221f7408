//! The local SQLite database: one file per counter PC, one writer connection.
//!
//! Every user action that changes data is one transaction that also appends its
//! audit row and, where the province must hear of it, its outbox event. Write
//! functions take `&Transaction` so the type shows where a transaction begins.

mod audit;
mod audit_chain;
mod bundle_log;
mod calendar;
mod catalog;
mod correction;
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
mod staff;
mod sync;
mod sync_down;
mod sync_settings;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::domain::access::{self, Denied, Permission, Role};

pub use bundle_log::BundleRecord;
pub use catalog::ImportSummary;
pub use correction::CorrectionError;
pub use dossier_list::{DossierFilter, DossierRow, DossierSort, DueFilter};
pub use error::StoreError;
pub use lifecycle::{MAX_NOTE_CHARS, StatusChange, StatusError};
pub use migrate::CURRENT_VERSION;
pub use outbox::OutboxEvent;
pub use print_log::PrintTarget;
pub use queue::Refusable;
pub use staff::{LoginError, NewStaff, Staff, StaffChange, StaffError};
pub use sync::{DossierSync, Quarantined, StationIdentity, SyncState, attachment_hashes};
pub use sync_down::{DownOutcome, DownProblem};

/// Who does something: the name the audit trail and the province see, the
/// staff account behind it (if any) and the role that decides what they may
/// do. Every write of the store takes one and checks its role first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    name: String,
    display_name: String,
    username: Option<String>,
    role: Role,
}

impl Actor {
    /// A staff member who logged in: shown as "Trần Văn An (an.tv)".
    pub fn staff(username: &str, display_name: &str, role: Role) -> Self {
        Actor {
            name: format!("{display_name} ({username})"),
            display_name: display_name.to_string(),
            username: Some(username.to_string()),
            role,
        }
    }

    /// The program itself, with an administrator's rights: seeding a new
    /// database, changes the province sends down, the CLI and the GUI before
    /// the first staff account exists, tests.
    pub fn system(name: impl Into<String>) -> Self {
        let name = name.into();
        Actor {
            display_name: name.clone(),
            name,
            username: None,
            role: Role::Admin,
        }
    }

    /// The ticket kiosk (máy lấy số), which citizens use while nobody may be
    /// logged in at the counter: an officer's rights, no account, and the
    /// GUI uses it for nothing but issuing the kiosk's tickets and printing
    /// them.
    pub fn kiosk() -> Self {
        let name = "Máy lấy số".to_string();
        Actor {
            display_name: name.clone(),
            name,
            username: None,
            role: Role::Officer,
        }
    }

    /// What the audit trail shows.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The person's name alone ("Trần Văn An"), as printed on forms.
    pub fn display_name(&self) -> &str {
        &self.display_name
    }

    /// The staff account's username; `None` for [`Actor::system`].
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// `Ok` when this actor's role may do `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), Denied> {
        access::check(self.role, permission)
    }

    /// May this actor move on a dossier received by `received_by`? Any
    /// dossier for a lead or an administrator; an officer only the dossiers
    /// they received themselves (not those from before accounts existed).
    pub fn require_dossier(&self, received_by: Option<&str>) -> Result<(), Denied> {
        if self.role.allows(Permission::ChangeAnyDossier) {
            return Ok(());
        }
        let own = matches!(
            (self.username(), received_by),
            (Some(me), Some(them)) if me.eq_ignore_ascii_case(them)
        );
        if own {
            self.require(Permission::ChangeOwnDossier)
        } else {
            self.require(Permission::ChangeAnyDossier)
        }
    }

    /// `{"username", "name", "role"}`: who, for the sync events, so the
    /// province sees who received and handled each dossier.
    pub fn officer_json(&self) -> serde_json::Value {
        serde_json::json!({
            "username": self.username,
            "name": self.name,
            "role": self.role.key(),
        })
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
        let actor = Actor::system("hệ thống");
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
mod disk_full_tests;
#[cfg(test)]
mod tests;
