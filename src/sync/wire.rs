//! The sync protocol's messages as they travel (JSON), shared by the counter
//! (`quay`) and the reference receiver (`quay-hub`). `docs/sync-protocol.md`
//! is their specification; change both together and bump [`PROTOCOL_VERSION`]
//! when a message changes shape.

use serde::{Deserialize, Serialize};

/// Version of this message set, sent in every request body that has one.
pub const PROTOCOL_VERSION: u32 = 1;

/// Most events one batch may carry; the hub refuses larger batches.
pub const MAX_BATCH_EVENTS: usize = 1_000;

/// Largest request body the hub reads (a batch, or a piece of an attachment).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Largest piece of an attachment one `PUT /v1/blobs/…` carries.
pub const BLOB_CHUNK_BYTES: usize = 1024 * 1024;

/// One event of a station's outbox, exactly as stored there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireEvent {
    /// The station's sequence number: 1, 2, 3 … with no gaps.
    pub seq: i64,
    /// UUIDv7, unique across every station.
    pub event_id: String,
    /// `dossier.received`, `dossier.status_changed`, `dossier.supplement_requested`, …
    pub kind: String,
    /// What the event is about: the dossier code.
    pub entity_key: String,
    pub payload_version: i64,
    /// Local time (UTC+7) when the event was recorded, `YYYY-MM-DDTHH:MM:SS`.
    pub created_at: String,
    pub payload: serde_json::Value,
}

/// `POST /v1/events`: consecutive events of one station, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    pub protocol: u32,
    pub station_id: String,
    pub events: Vec<WireEvent>,
}

/// The hub's answer to a batch (and to a replayed one, identically).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchReply {
    /// Every event of this station up to here is settled at the hub: stored,
    /// or rejected (listed in `rejected` when it is in this batch).
    pub acked_through: i64,
    /// Events of the batch stored now for the first time.
    pub accepted: u32,
    /// Events of the batch the hub already held (a replay): nothing changed.
    pub duplicates: u32,
    /// Events of the batch the hub will not take, each with its reason. They
    /// are settled too: they never block the events after them.
    pub rejected: Vec<Rejection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub seq: i64,
    pub event_id: String,
    /// Machine-readable: `unknown_kind`, `unsupported_payload_version`,
    /// `invalid_payload`, `unknown_procedure`, `unknown_dossier`.
    pub code: String,
    /// For people, in Vietnamese: shown to the counter staff as is.
    pub reason: String,
}

/// Every refusal of a whole request (HTTP status ≥ 400) carries this body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorReply {
    /// `bad_request`, `unsupported_protocol`, `unauthenticated`,
    /// `unknown_station`, `bad_token`, `station_key_mismatch`, `sequence_gap`,
    /// `sequence_conflict`, `too_large`, `offset_mismatch`, `blob_mismatch`,
    /// `not_found`, `internal`.
    pub error: String,
    /// One English sentence for logs and administrators.
    pub message: String,
    /// With `sequence_gap`: the sequence number the hub expects next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_seq: Option<i64>,
    /// With `offset_mismatch`: the bytes of the attachment the hub holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<u64>,
}

/// `POST /v1/enrol`: a station introduces its public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub protocol: u32,
    pub station_id: String,
    /// Ed25519 public key, 64 hex digits.
    pub public_key: String,
    /// Mã định danh of the center.
    pub agency_id: String,
    pub counter_no: u8,
    /// The center's name, for the hub's listings.
    pub name: String,
    /// The enrolment token the province gave the center.
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolReply {
    pub hub_id: String,
    /// The hub's Ed25519 public key (64 hex digits): it signs acknowledgement files.
    pub hub_public_key: String,
    /// What the hub already holds of this station (0 for a new one).
    pub acked_through: i64,
}

/// `GET /v1/status`: what the hub holds of the asking station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationStatus {
    pub station_id: String,
    pub acked_through: i64,
    pub events: u64,
    pub rejected: Vec<Rejection>,
    /// Attachments named by stored events whose bytes have not arrived.
    pub missing_blobs: Vec<String>,
}

/// `GET /v1/blobs/{sha256}`: how much of an attachment the hub holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobState {
    pub sha256: String,
    /// The whole file arrived and its SHA-256 matched.
    pub complete: bool,
    /// Bytes held: the size when complete, else the part received so far.
    pub received: u64,
}

/// `GET /v1/down?after=N`: what flows back to the station, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DownReply {
    pub items: Vec<DownItem>,
    /// The last item's number (or `after` when there are none).
    pub through: i64,
}

/// Something decided upstream for this station.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DownItem {
    /// Numbered per station by the hub: 1, 2, 3 …
    pub seq: i64,
    /// `dossier.status_changed`, `catalog.updated` or `calendar.updated`.
    pub kind: String,
    pub created_at: String,
    /// `dossier.status_changed`: `{code, status (1–10), note, at, actor}`;
    /// `catalog.updated` / `calendar.updated`: `{csv}` in the bundled files' format.
    pub payload: serde_json::Value,
}
