//! The hub's database: one SQLite file, one writer connection, WAL,
//! `synchronous=FULL`. Every change is one transaction, so a crash or a
//! SIGTERM between requests loses nothing the hub has answered.

mod blobs;
mod down;
mod events;

use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use serde::Serialize;

use super::HubError;
use crate::sync::signing;
use crate::sync::wire::EnrolReply;

pub use down::{DEFAULT_ACTOR, Published};
pub use events::{HeldEvent, ImportedBundle};

const SCHEMA: &str = include_str!("schema.sql");

/// Version of `schema.sql`; later changes are appended migrations.
pub const HUB_SCHEMA_VERSION: i64 = 1;

/// How events reached the hub. Both go through [`HubStore::store_events`], so a
/// batch delivered by network and again in a bundle is stored once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Network,
    Bundle,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Network => "network",
            Via::Bundle => "bundle",
        }
    }
}

/// A station's public key and what the listings show of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationEnrolment {
    pub station_id: String,
    pub public_key: VerifyingKey,
    pub name: String,
    pub agency_id: String,
    pub counter_no: u8,
}

/// One line of `quay-hub stations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StationSummary {
    pub station_id: String,
    pub name: String,
    pub agency_id: String,
    pub counter_no: u8,
    /// False after `quay-hub forget`: the history stays, the key is gone.
    pub enrolled: bool,
    pub enrolled_at: String,
    pub acked_through: i64,
    pub events: u64,
    pub rejected: u64,
    pub missing_blobs: u64,
}

pub struct HubStore {
    conn: Connection,
    path: PathBuf,
    blob_dir: PathBuf,
}

impl HubStore {
    /// Opens (creating if needed) the hub database at `path`; a new one gets
    /// the schema, a hub id and a key pair.
    pub fn open(path: &Path) -> Result<HubStore, HubError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| HubError::io(dir, e))?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        let mut blob_dir = path.as_os_str().to_owned();
        blob_dir.push(".blobs");
        Ok(HubStore {
            conn,
            path: path.to_path_buf(),
            blob_dir: PathBuf::from(blob_dir),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn hub_id(&self) -> Result<String, HubError> {
        Ok(self
            .conn
            .query_row("SELECT hub_id FROM hub WHERE id = 1", [], |r| r.get(0))?)
    }

    /// The hub's secret key: it signs acknowledgement files.
    pub fn hub_signing_key(&self) -> Result<SigningKey, HubError> {
        let hex_text: String =
            self.conn
                .query_row("SELECT secret_key FROM hub WHERE id = 1", [], |r| r.get(0))?;
        signing::secret_from_hex(&hex_text).map_err(|e| HubError::corrupt("hub key", e))
    }

    /// The hub's public key, 64 hex digits.
    pub fn hub_public_key_hex(&self) -> Result<String, HubError> {
        Ok(signing::public_to_hex(
            &self.hub_signing_key()?.verifying_key(),
        ))
    }

    /// Enrols a station (or confirms it: the same key again gets the same
    /// answer). A different key than the one held is refused until the
    /// administrator runs `forget`. A new station gets the last catalog and
    /// calendar published, queued as down items.
    pub fn enrol(&mut self, e: &StationEnrolment) -> Result<EnrolReply, HubError> {
        check_station_id(&e.station_id)?;
        let key_hex = signing::public_to_hex(&e.public_key);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let held: Option<Option<String>> = tx
            .query_row(
                "SELECT public_key FROM station WHERE station_id = ?1",
                [&e.station_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(Some(held)) = &held
            && *held != key_hex
        {
            return Err(HubError::StationKeyMismatch(e.station_id.clone()));
        }
        tx.prepare_cached(include_str!("sql/station_upsert.sql"))?
            .execute(params![
                e.station_id,
                key_hex,
                e.name.trim(),
                e.agency_id.trim(),
                e.counter_no,
                now_text(),
            ])?;
        if held.is_none() {
            down::queue_publications(&tx, &e.station_id)?;
        }
        let acked_through = acked_through(&tx, &e.station_id)?;
        tx.commit()?;
        Ok(EnrolReply {
            hub_id: self.hub_id()?,
            hub_public_key: self.hub_public_key_hex()?,
            acked_through,
        })
    }

    /// Removes a station's key so it can enrol again with another one. Its
    /// events, rejections and acked_through stay: a replay after re-enrolment
    /// is still recognised. False when the station was not enrolled.
    pub fn forget(&mut self, station_id: &str) -> Result<bool, HubError> {
        let changed = self.conn.execute(
            "UPDATE station SET public_key = NULL WHERE station_id = ?1 AND public_key IS NOT NULL",
            [station_id],
        )?;
        Ok(changed > 0)
    }

    /// The key requests and bundles of `station_id` must be signed with;
    /// `None` for a station never enrolled or forgotten.
    pub fn station_key(&self, station_id: &str) -> Result<Option<VerifyingKey>, HubError> {
        let held: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT public_key FROM station WHERE station_id = ?1",
                [station_id],
                |r| r.get(0),
            )
            .optional()?;
        match held.flatten() {
            Some(hex_text) => Ok(Some(
                signing::public_from_hex(&hex_text)
                    .map_err(|e| HubError::corrupt("station key", e))?,
            )),
            None => Ok(None),
        }
    }

    /// Every station the hub has heard of, oldest enrolment first.
    pub fn stations(&self) -> Result<Vec<StationSummary>, HubError> {
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("sql/station_summaries.sql"))?;
        let rows = stmt.query_map([], |r| {
            Ok(StationSummary {
                station_id: r.get(0)?,
                name: r.get(1)?,
                agency_id: r.get(2)?,
                counter_no: r.get(3)?,
                enrolled: r.get(4)?,
                enrolled_at: r.get(5)?,
                acked_through: r.get(6)?,
                events: count(r.get(7)?),
                rejected: count(r.get(8)?),
                missing_blobs: count(r.get(9)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn migrate(conn: &mut Connection) -> Result<(), HubError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > HUB_SCHEMA_VERSION {
        return Err(HubError::TooNew {
            found: version,
            known: HUB_SCHEMA_VERSION,
        });
    }
    if version == 0 {
        tx.execute_batch(SCHEMA)?;
        let key = signing::generate()?;
        tx.execute(
            "INSERT INTO hub (id, hub_id, secret_key, created_at) VALUES (1, ?1, ?2, ?3)",
            params![
                uuid::Uuid::now_v7().to_string(),
                signing::secret_to_hex(&key),
                now_text()
            ],
        )?;
        log::info!("created a new hub database");
    }
    tx.pragma_update(None, "user_version", HUB_SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// A station id as the hub accepts it: the station's UUIDv7 in practice; the
/// hub only insists on something an administrator can type back.
fn check_station_id(id: &str) -> Result<(), HubError> {
    if id.is_empty() || id.len() > 100 || id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(HubError::BadRequest(format!("{id:?} is not a station id")));
    }
    Ok(())
}

/// The station's `acked_through`, or `UnknownStation`.
fn acked_through(conn: &Connection, station_id: &str) -> Result<i64, HubError> {
    conn.query_row(
        "SELECT acked_through FROM station WHERE station_id = ?1",
        [station_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| HubError::UnknownStation(station_id.to_string()))
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Stations holding a key, read inside the transaction that queues for them.
fn station_ids(tx: &Transaction) -> Result<Vec<String>, HubError> {
    let mut stmt = tx.prepare_cached(
        "SELECT station_id FROM station WHERE public_key IS NOT NULL ORDER BY station_id",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Now in the protocol's local time (UTC+7, no zone), whatever zone the hub
/// machine is set to.
pub(crate) fn now_text() -> String {
    (chrono::Utc::now().naive_utc() + chrono::TimeDelta::hours(7))
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

#[cfg(test)]
mod tests;
