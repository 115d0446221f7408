//! The log of end-of-day bundles written (`sync_bundle`), for the sync screen
//! and the audit: which events left on which file, and the file's SHA-256 so
//! a copy found later can be matched to its entry.

use chrono::NaiveDateTime;
use rusqlite::params;
use serde::Serialize;

use super::{Store, StoreError, fmt_ts, parse_ts};

/// One bundle written (gói đồng bộ cuối ngày).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleRecord {
    /// The file's name, without its directory (the USB stick's path means
    /// nothing once the stick is gone).
    pub file_name: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub events: i64,
    pub attachments: i64,
    /// SHA-256 of the whole file.
    pub sha256: String,
    pub created_at: NaiveDateTime,
}

impl Store {
    /// Logs a bundle that is now on disk under its final name.
    pub fn record_bundle(&mut self, bundle: &BundleRecord) -> Result<(), StoreError> {
        let tx = self.write()?;
        tx.prepare_cached(include_str!("sql/sync/bundle_insert.sql"))?
            .execute(params![
                bundle.file_name,
                bundle.first_seq,
                bundle.last_seq,
                bundle.events,
                bundle.attachments,
                bundle.sha256,
                fmt_ts(bundle.created_at),
            ])?;
        tx.commit()?;
        Ok(())
    }

    /// The last `limit` bundles written, newest first.
    pub fn bundles(&self, limit: i64) -> Result<Vec<BundleRecord>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached(include_str!("sql/sync/bundle_list.sql"))?;
        let rows = stmt.query_map([limit], |r| {
            Ok((
                BundleRecord {
                    file_name: r.get(0)?,
                    first_seq: r.get(1)?,
                    last_seq: r.get(2)?,
                    events: r.get(3)?,
                    attachments: r.get(4)?,
                    sha256: r.get(5)?,
                    created_at: NaiveDateTime::default(),
                },
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mut record, at) = row?;
            record.created_at = parse_ts(&at)?;
            out.push(record);
        }
        Ok(out)
    }
}
