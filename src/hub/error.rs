//! Everything that can go wrong at the hub. Each variant that refuses a
//! request maps to one `ErrorReply` code (see [`HubError::code`]).

use std::sync::Arc;

use crate::domain::csv_import::ImportError;
use crate::sync::signing::KeyError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum HubError {
    #[error("database error: {0}")]
    Sqlite(Arc<rusqlite::Error>),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: Arc<std::io::Error>,
    },
    #[error("cannot listen on {addr}: {reason}")]
    Bind { addr: String, reason: String },
    #[error("stored data is unreadable ({what}): {detail}")]
    Corrupt { what: &'static str, detail: String },
    #[error(
        "the hub database was written by a newer quay-hub (schema {found}, this build knows {known})"
    )]
    TooNew { found: i64, known: i64 },
    #[error("{0}")]
    Key(#[from] KeyError),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("protocol version {0} is not supported (this hub speaks 1)")]
    UnsupportedProtocol(u32),
    #[error("not authenticated: {0}")]
    Unauthenticated(String),
    #[error("station {0} is not enrolled at this hub")]
    UnknownStation(String),
    #[error("{0}")]
    BadToken(String),
    #[error(
        "station {0} is enrolled with another public key; run `quay-hub forget --station {0}` first if the station really changed its key"
    )]
    StationKeyMismatch(String),
    #[error("sequence gap: the hub expects seq {expected} next")]
    SequenceGap { expected: i64 },
    #[error(
        "sequence conflict at seq {seq}: the hub holds another event there (two databases claim this station?)"
    )]
    SequenceConflict { seq: i64 },
    #[error("offset mismatch: the hub holds {received} bytes of this attachment")]
    OffsetMismatch { received: u64 },
    #[error(
        "the attachment's bytes do not hash to {expected} (got {actual}); the partial file was discarded"
    )]
    BlobMismatch { expected: String, actual: String },
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("{0}")]
    NotFound(String),
    #[error("the hub never received dossier {code} from station {station}")]
    UnknownDossier { station: String, code: String },
    #[error("invalid file: {0}")]
    Import(#[from] ImportError),
    /// A bundle refused whole, or an acknowledgement file not written (the
    /// bundle module's own error, as text: it already wraps this type).
    #[error("{0}")]
    Bundle(String),
}

impl From<rusqlite::Error> for HubError {
    fn from(e: rusqlite::Error) -> Self {
        HubError::Sqlite(Arc::new(e))
    }
}

impl HubError {
    pub fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> Self {
        HubError::Corrupt {
            what,
            detail: detail.to_string(),
        }
    }

    pub fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        HubError::Io {
            path: path.display().to_string(),
            source: Arc::new(source),
        }
    }

    /// HTTP status and `ErrorReply.error` for this refusal.
    pub fn code(&self) -> (u16, &'static str) {
        match self {
            HubError::BadRequest(_) => (400, "bad_request"),
            HubError::UnsupportedProtocol(_) => (400, "unsupported_protocol"),
            HubError::Unauthenticated(_) => (401, "unauthenticated"),
            HubError::UnknownStation(_) => (401, "unknown_station"),
            HubError::BadToken(_) => (403, "bad_token"),
            HubError::NotFound(_) | HubError::UnknownDossier { .. } => (404, "not_found"),
            HubError::StationKeyMismatch(_) => (409, "station_key_mismatch"),
            HubError::SequenceGap { .. } => (409, "sequence_gap"),
            HubError::SequenceConflict { .. } => (409, "sequence_conflict"),
            HubError::OffsetMismatch { .. } => (409, "offset_mismatch"),
            HubError::TooLarge(_) => (413, "too_large"),
            HubError::BlobMismatch { .. } => (422, "blob_mismatch"),
            // A malformed public key in a request is the caller's fault.
            HubError::Key(_) => (400, "bad_request"),
            HubError::Sqlite(_)
            | HubError::Io { .. }
            | HubError::Bind { .. }
            | HubError::Corrupt { .. }
            | HubError::TooNew { .. }
            | HubError::Import(_) => (500, "internal"),
            HubError::Bundle(_) => (400, "bad_request"),
        }
    }
}
