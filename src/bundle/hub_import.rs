//! The hub's side: importing a bundle and writing the acknowledgement file
//! that goes back to the counter. Events go in through
//! [`HubStore::store_events`], the code path of `POST /v1/events`, so a
//! bundle, the same bundle again, an overlapping one and network deliveries
//! all mix: each event is stored once, by (station, seq).

use std::path::Path;

use ed25519_dalek::VerifyingKey;
use serde::Serialize;

use super::BundleError;
use super::ack::{ACK_FORMAT, ACK_VERSION, Ack};
use super::format::Manifest;
use super::read::BundleFile;
use crate::hub::store::{ImportedBundle, now_text};
use crate::hub::{HubError, HubStore, Via};
use crate::sync::signing;
use crate::sync::wire::{BatchReply, Rejection, WireEvent};

/// Attachments up to this total are kept in memory from the checking pass;
/// above it the file is read a second time to store them, one at a time.
const KEEP_IN_MEMORY: u64 = 64 * 1024 * 1024;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub station_id: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub events: u64,
    /// Stored now for the first time.
    pub accepted: u32,
    /// Already held (delivered before, by network or bundle).
    pub duplicates: u32,
    /// The bundle's events the hub rejected, each with its reason.
    pub rejected: Vec<Rejection>,
    /// The station's mark at the hub after the import.
    pub acked_through: i64,
    pub attachments: usize,
    /// SHA-256 of the bundle file.
    pub sha256: String,
    /// False when this very file had been imported before.
    pub first_import: bool,
}

/// What `write_ack` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AckWritten {
    pub station_id: String,
    pub acked_through: i64,
    pub rejections: usize,
}

/// Imports the bundle at `path`: all checks of `docs/bundle-format.md` first,
/// signed with the key the hub enrolled for its station; then every event in
/// one transaction; then the attachments. Any refusal is of the whole bundle.
pub fn import_bundle(hub: &mut HubStore, path: &Path) -> Result<ImportSummary, BundleError> {
    let enrolled = |m: &Manifest| enrolled_key(hub, &m.station_id).map(Some);
    let mut bundle = BundleFile::open(path, enrolled)?;
    let manifest = bundle.manifest.clone();
    let events = bundle.read_events()?;
    let total: u64 = manifest.attachments.iter().map(|a| a.size).sum();
    let keep = total <= KEEP_IN_MEMORY;
    let mut kept = Vec::new();
    bundle.each_attachment(
        |entry, bytes| {
            if keep {
                kept.push((entry.sha256.clone(), bytes));
            }
            Ok(())
        },
        keep,
    )?;
    let sha256 = bundle
        .file_sha256()
        .ok_or_else(|| BundleError::BadEvents("the file was not read in one pass".into()))?;
    drop(bundle);

    let reply = store(hub, &manifest, &events)?;
    if keep {
        for (sha, bytes) in kept {
            hub.put_blob_bytes(&sha, &bytes).map_err(BundleError::Hub)?;
        }
    } else {
        // A second pass; the file is checked again on the way (it may have
        // changed since), and each attachment is hashed again by the store.
        let key = signing::public_from_hex(&manifest.station_public_key)
            .map_err(|_| BundleError::BadSignature)?;
        let mut again = BundleFile::open(path, |_| Ok(Some(key)))?;
        if again.manifest != manifest {
            return Err(BundleError::BadManifest(
                "the file changed during the import".into(),
            ));
        }
        again.skip_events()?;
        again.each_attachment(
            |entry, bytes| {
                hub.put_blob_bytes(&entry.sha256, &bytes)
                    .map(drop)
                    .map_err(BundleError::Hub)
            },
            true,
        )?;
    }
    let first_import = hub
        .record_bundle(&ImportedBundle {
            sha256: sha256.clone(),
            station_id: manifest.station_id.clone(),
            first_seq: manifest.first_seq,
            last_seq: manifest.last_seq,
            imported_at: now_text(),
            accepted: reply.accepted,
            duplicates: reply.duplicates,
        })
        .map_err(BundleError::Hub)?;
    Ok(ImportSummary {
        station_id: manifest.station_id,
        first_seq: manifest.first_seq,
        last_seq: manifest.last_seq,
        events: manifest.event_count,
        accepted: reply.accepted,
        duplicates: reply.duplicates,
        rejected: reply.rejected,
        acked_through: reply.acked_through,
        attachments: manifest.attachments.len(),
        sha256,
        first_import,
    })
}

/// The key the hub enrolled for `station_id`; an unknown (or forgotten)
/// station is refused before anything else is read.
fn enrolled_key(hub: &HubStore, station_id: &str) -> Result<VerifyingKey, BundleError> {
    hub.station_key(station_id)
        .map_err(BundleError::Hub)?
        .ok_or_else(|| BundleError::UnknownStation(station_id.to_string()))
}

/// The events in one call (one transaction), refusals named for people.
fn store(
    hub: &mut HubStore,
    manifest: &Manifest,
    events: &[WireEvent],
) -> Result<BatchReply, BundleError> {
    let station_id = &manifest.station_id;
    hub.store_events(station_id, events, Via::Bundle)
        .map_err(|e| match e {
            HubError::SequenceGap { expected } => BundleError::SequenceGap {
                station_id: station_id.clone(),
                expected,
                first_seq: manifest.first_seq,
            },
            HubError::SequenceConflict { seq } => BundleError::SequenceConflict {
                station_id: station_id.clone(),
                seq,
            },
            HubError::UnknownStation(id) => BundleError::UnknownStation(id),
            other => BundleError::Hub(other),
        })
}

/// Writes the acknowledgement file for `station_id` to `out` (whole or
/// absent): what the hub has settled of it and every rejection, signed by
/// the hub's key.
pub fn write_ack(hub: &HubStore, station_id: &str, out: &Path) -> Result<AckWritten, BundleError> {
    let status = hub.station_status(station_id).map_err(|e| match e {
        HubError::UnknownStation(id) => BundleError::UnknownStation(id),
        other => BundleError::Hub(other),
    })?;
    let key = hub.hub_signing_key().map_err(BundleError::Hub)?;
    let ack = Ack {
        format: ACK_FORMAT.into(),
        version: ACK_VERSION,
        hub_id: hub.hub_id().map_err(BundleError::Hub)?,
        hub_public_key: signing::public_to_hex(&key.verifying_key()),
        station_id: status.station_id.clone(),
        acked_through: status.acked_through,
        rejections: status.rejected,
        created_at: now_text(),
    };
    ack.write(&key, out)?;
    Ok(AckWritten {
        station_id: ack.station_id,
        acked_through: ack.acked_through,
        rejections: ack.rejections.len(),
    })
}
