//! The counter's side: "Xuất gói đồng bộ cuối ngày". Every event the hub has
//! not settled goes into one signed file, with the scans those events name.
//! Exporting changes nothing but the bundle log: the events stay pending
//! until the hub's acknowledgement file is applied (`ack.rs`), so exporting
//! twice, or exporting and then syncing over the network, is harmless.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::BundleError;
use super::format::{
    AttachmentEntry, FORMAT_VERSION, MANIFEST_FORMAT, Manifest, is_sha256, named_attachments,
};
use super::write::write_bundle;
use crate::domain::access::Permission;
use crate::store::{Actor, BundleRecord, OutboxEvent, Store, StoreError, now_local};
use crate::sync::signing;
use crate::sync::wire::{PROTOCOL_VERSION, WireEvent};

/// Events read from the database at a time while the bundle is assembled.
const PAGE: i64 = 2_000;

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    pub path: PathBuf,
    pub station_id: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub events: u64,
    pub attachments: usize,
    pub attachment_bytes: u64,
    pub file_bytes: u64,
    /// SHA-256 of the whole file, as logged.
    pub sha256: String,
    pub created_at: NaiveDateTime,
    pub until: Option<NaiveDate>,
}

/// Writes every event not yet acknowledged by the hub (`seq > acked_through`)
/// to `out`, with the attachments they name, signed by the station key. With
/// `until`, stops before the first event recorded after that day (the events
/// of a bundle must be consecutive, so a later event never lets an earlier
/// one be skipped). The file is whole or absent; the export is logged.
/// Only an administrator may (`actor`).
pub fn export(
    store: &mut Store,
    until: Option<NaiveDate>,
    out: &Path,
    actor: &Actor,
) -> Result<ExportSummary, BundleError> {
    actor
        .require(Permission::Bundles)
        .map_err(StoreError::from)?;
    let identity = store.station_identity()?;
    let acked = store.sync_state()?.acked_through;
    let before = until
        .and_then(|d| d.succ_opt())
        .and_then(|d| d.and_hms_opt(0, 0, 0));
    let dir = store.attachments_dir();
    let mut collected = Collected::default();
    let mut after = acked;
    'pages: loop {
        let page = store.outbox_after(after, PAGE)?;
        if page.is_empty() {
            break;
        }
        for event in page {
            if before.is_some_and(|b| event.created_at >= b) {
                break 'pages;
            }
            if event.seq != after + 1 {
                return Err(StoreError::corrupt(
                    "outbox",
                    format!("seq {} follows {after}", event.seq),
                )
                .into());
            }
            after = event.seq;
            collected.add(event, &dir)?;
        }
    }
    if collected.count == 0 {
        return Err(BundleError::NothingToExport { until });
    }
    let created_at = now_local();
    let manifest = Manifest {
        format: MANIFEST_FORMAT.into(),
        version: FORMAT_VERSION,
        protocol: PROTOCOL_VERSION,
        station_id: identity.station_id.clone(),
        station_public_key: identity.public_key_hex(),
        created_at: created_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        until: until.map(|d| d.format("%Y-%m-%d").to_string()),
        first_seq: acked + 1,
        last_seq: after,
        event_count: collected.count,
        events_bytes: collected.events.len() as u64,
        events_sha256: signing::sha256_hex(&collected.events),
        attachments: collected.entries,
    };
    // A directory (the USB stick itself) gets the suggested name.
    let named;
    let out = if out.is_dir() {
        named = out.join(format!(
            "quay-{}-{}-{}.quaybundle",
            manifest.station_id, manifest.first_seq, manifest.last_seq
        ));
        named.as_path()
    } else {
        out
    };
    let written = write_bundle(
        out,
        &manifest,
        &identity.signing_key,
        &collected.events,
        &collected.paths,
    )?;
    let file_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    store.record_bundle(&BundleRecord {
        file_name,
        first_seq: manifest.first_seq,
        last_seq: manifest.last_seq,
        events: i64::try_from(manifest.event_count).unwrap_or(i64::MAX),
        attachments: manifest.attachments.len() as i64,
        sha256: written.sha256.clone(),
        created_at,
    })?;
    Ok(ExportSummary {
        path: out.to_path_buf(),
        station_id: identity.station_id,
        first_seq: manifest.first_seq,
        last_seq: manifest.last_seq,
        events: manifest.event_count,
        attachments: manifest.attachments.len(),
        attachment_bytes: manifest.attachments.iter().map(|a| a.size).sum(),
        file_bytes: written.bytes,
        sha256: written.sha256,
        created_at,
        until,
    })
}

/// The events section being built, and the attachments it names.
#[derive(Default)]
struct Collected {
    events: Vec<u8>,
    count: u64,
    entries: Vec<AttachmentEntry>,
    paths: Vec<PathBuf>,
    seen: HashSet<String>,
}

impl Collected {
    fn add(&mut self, event: OutboxEvent, dir: &Path) -> Result<(), BundleError> {
        for sha in named_attachments(&event.payload) {
            if !is_sha256(sha) {
                return Err(BundleError::BadAttachmentName(sha.to_string()));
            }
            if !self.seen.insert(sha.to_string()) {
                continue;
            }
            let path = crate::attachments::stored_path(dir, sha);
            let size = match std::fs::metadata(&path) {
                Ok(m) => m.len(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Err(BundleError::MissingAttachment {
                        sha256: sha.to_string(),
                        path: path.display().to_string(),
                    });
                }
                Err(e) => return Err(BundleError::read(&path, e)),
            };
            self.entries.push(AttachmentEntry {
                sha256: sha.to_string(),
                size,
            });
            self.paths.push(path);
        }
        let wire = WireEvent {
            seq: event.seq,
            event_id: event.event_id,
            kind: event.kind,
            entity_key: event.entity_key,
            payload_version: event.payload_version,
            created_at: event.created_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            payload: event.payload,
        };
        serde_json::to_writer(&mut self.events, &wire)
            .map_err(|e| BundleError::BadEvents(e.to_string()))?;
        self.events.push(b'\n');
        self.count += 1;
        Ok(())
    }
}
