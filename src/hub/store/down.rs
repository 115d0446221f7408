//! What flows back to the stations (`GET /v1/down`): status changes made
//! upstream, and the catalog and calendar the province publishes.

use rusqlite::{Transaction, TransactionBehavior, params};
use serde_json::json;

use super::{HubStore, acked_through, now_text, station_ids};
use crate::domain::calendar::parse_calendar_csv;
use crate::domain::catalog::parse_catalog_csv;
use crate::hub::HubError;
use crate::sync::wire::{DownItem, DownReply};

/// Most items one `GET /v1/down` returns.
pub const DOWN_PAGE: i64 = 500;

/// Who a status change pushed from the command line is attributed to.
pub const DEFAULT_ACTOR: &str = "Hệ thống thông tin giải quyết TTHC của tỉnh";

pub const CATALOG_UPDATED: &str = "catalog.updated";
pub const CALENDAR_UPDATED: &str = "calendar.updated";

/// What a `publish-catalog` / `publish-calendar` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    /// Procedures (or calendar days) in the file.
    pub entries: usize,
    /// Stations that got a down item.
    pub stations: usize,
}

impl HubStore {
    /// Items queued for `station_id` after `after`, at most [`DOWN_PAGE`].
    pub fn down_after(&self, station_id: &str, after: i64) -> Result<DownReply, HubError> {
        acked_through(&self.conn, station_id)?;
        let mut stmt = self
            .conn
            .prepare_cached(include_str!("../sql/down_after.sql"))?;
        let rows = stmt.query_map(params![station_id, after, DOWN_PAGE], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (seq, kind, created_at, payload) = row?;
            items.push(DownItem {
                seq,
                kind,
                created_at,
                payload: serde_json::from_str(&payload)
                    .map_err(|e| HubError::corrupt("down item payload", e))?,
            });
        }
        let through = items.last().map_or(after, |i| i.seq);
        Ok(DownReply { items, through })
    }

    /// Queues a `dossier.status_changed` for the station that received dossier
    /// `code`; returns the item's number.
    pub fn push_status(
        &mut self,
        station_id: &str,
        code: &str,
        status: u8,
        note: &str,
        actor: &str,
    ) -> Result<i64, HubError> {
        if !(1..=10).contains(&status) {
            return Err(HubError::BadRequest(format!(
                "status {status} is outside 1–10"
            )));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        acked_through(&tx, station_id)?;
        let known: i64 = tx.query_row(
            "SELECT count(*) FROM dossier WHERE station_id = ?1 AND code = ?2",
            params![station_id, code],
            |r| r.get(0),
        )?;
        if known == 0 {
            return Err(HubError::UnknownDossier {
                station: station_id.to_string(),
                code: code.to_string(),
            });
        }
        let payload = json!({
            "code": code,
            "status": status,
            "note": note,
            "at": now_text(),
            "actor": actor,
        });
        let seq = queue(&tx, station_id, "dossier.status_changed", &payload)?;
        tx.commit()?;
        Ok(seq)
    }

    /// Publishes a procedure catalog (the bundled `procedures.csv` format):
    /// events for procedures not in it are rejected from now on, and every
    /// enrolled station is sent the file.
    pub fn publish_catalog(&mut self, csv: &str) -> Result<Published, HubError> {
        let procedures = parse_catalog_csv(csv)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM catalog", [])?;
        for p in &procedures {
            tx.prepare_cached("INSERT OR IGNORE INTO catalog (code) VALUES (?1)")?
                .execute([&p.code])?;
        }
        let stations = publish(&tx, CATALOG_UPDATED, csv)?;
        tx.commit()?;
        Ok(Published {
            entries: procedures.len(),
            stations,
        })
    }

    /// Publishes a holiday calendar (the bundled `holidays.csv` format) to every
    /// enrolled station.
    pub fn publish_calendar(&mut self, csv: &str) -> Result<Published, HubError> {
        let days = parse_calendar_csv(csv)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let stations = publish(&tx, CALENDAR_UPDATED, csv)?;
        tx.commit()?;
        Ok(Published {
            entries: days.len(),
            stations,
        })
    }
}

/// Keeps `csv` as the latest publication of `kind` and queues it for every
/// enrolled station; returns how many.
fn publish(tx: &Transaction, kind: &str, csv: &str) -> Result<usize, HubError> {
    tx.execute(
        "INSERT OR REPLACE INTO publication (kind, csv, published_at) VALUES (?1, ?2, ?3)",
        params![kind, csv, now_text()],
    )?;
    let stations = station_ids(tx)?;
    for station in &stations {
        queue(tx, station, kind, &json!({ "csv": csv }))?;
    }
    Ok(stations.len())
}

/// Queues the latest publications for a station enrolled just now.
pub(super) fn queue_publications(tx: &Transaction, station_id: &str) -> Result<(), HubError> {
    let mut stmt =
        tx.prepare_cached("SELECT kind, csv FROM publication ORDER BY published_at, kind")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    for (kind, csv) in rows {
        queue(tx, station_id, &kind, &json!({ "csv": csv }))?;
    }
    Ok(())
}

fn queue(
    tx: &Transaction,
    station_id: &str,
    kind: &str,
    payload: &serde_json::Value,
) -> Result<i64, HubError> {
    Ok(tx
        .prepare_cached(include_str!("../sql/down_insert.sql"))?
        .query_row(
            params![station_id, kind, now_text(), payload.to_string()],
            |r| r.get(0),
        )?)
}
