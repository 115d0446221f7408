//! The seam between the sync worker and whatever receives the station's events:
//! [`Receiver`]. [`HttpHub`] speaks protocol v1 to `quay-hub` (or anything that
//! implements `docs/sync-protocol.md`); an adapter for a province's own system
//! would be another implementation, and the worker's tests use an in-memory one.

use std::time::Duration;

use ed25519_dalek::SigningKey;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::signing;
use super::wire::{
    Batch, BatchReply, BlobState, DownReply, EnrolReply, Enrolment, ErrorReply, MAX_BODY_BYTES,
    StationStatus,
};

/// Why a request to the receiver did not give the answer asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// No answer: connection refused, timeout, connection cut, or a 5xx. Nothing
    /// to fix here; try again later (every write is idempotent).
    #[error("the hub cannot be reached: {0}")]
    Unreachable(String),
    /// The receiver understood the request and said no (4xx).
    #[error("the hub refused the request ({status} {}): {}", .reply.error, .reply.message)]
    Refused { status: u16, reply: ErrorReply },
    /// An answer that does not follow the protocol.
    #[error("unreadable reply from the hub: {0}")]
    Protocol(String),
    /// The hub address itself is unusable (not an http:// URL, …).
    #[error("bad hub address: {0}")]
    BadAddress(String),
}

impl ClientError {
    /// The refusal's code (`sequence_gap`, `offset_mismatch`, …), if it is one.
    pub fn refusal(&self) -> Option<&ErrorReply> {
        match self {
            ClientError::Refused { reply, .. } => Some(reply),
            _ => None,
        }
    }
}

/// `GET /v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub ok: bool,
    pub hub_id: String,
    pub protocol: u32,
}

/// Everything the worker asks of the receiving side, one method per request of
/// protocol v1. Implementations are used from one thread at a time.
pub trait Receiver {
    /// `GET /v1/health` (unsigned).
    fn health(&self) -> Result<Health, ClientError>;
    /// `POST /v1/enrol`, signed with the key being enrolled.
    fn enrol(&self, enrolment: &Enrolment) -> Result<EnrolReply, ClientError>;
    /// `POST /v1/events`.
    fn send_batch(&self, batch: &Batch) -> Result<BatchReply, ClientError>;
    /// `GET /v1/blobs/{sha256}`.
    fn blob_state(&self, sha256: &str) -> Result<BlobState, ClientError>;
    /// `PUT /v1/blobs/{sha256}?offset=N&total=T` with `bytes` starting at `offset`.
    fn put_blob_chunk(
        &self,
        sha256: &str,
        offset: u64,
        total: u64,
        bytes: &[u8],
    ) -> Result<BlobState, ClientError>;
    /// `GET /v1/status`.
    fn status(&self) -> Result<StationStatus, ClientError>;
    /// `GET /v1/down?after=N`.
    fn down(&self, after: i64) -> Result<DownReply, ClientError>;
}

/// How long a request may take. A batch of 200 events is well under a second
/// on a commune's link; the global limit only stops a hung connection from
/// holding the worker forever.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Replies are small JSON documents, except a catalog pushed down (a few MiB).
const MAX_REPLY_BYTES: u64 = 4 * MAX_BODY_BYTES as u64;

/// `quay-hub` (or any protocol v1 receiver) over HTTP.
pub struct HttpHub {
    agent: ureq::Agent,
    /// `http://host:port`, without a trailing slash.
    base: String,
    station_id: String,
    key: SigningKey,
}

impl HttpHub {
    /// A client for the hub at `base_url` (e.g. `http://10.0.0.5:8443`), signing
    /// as `station_id` with `key`.
    pub fn new(base_url: &str, station_id: &str, key: SigningKey) -> Result<HttpHub, ClientError> {
        Self::with_timeouts(base_url, station_id, key, CONNECT_TIMEOUT, REQUEST_TIMEOUT)
    }

    pub fn with_timeouts(
        base_url: &str,
        station_id: &str,
        key: SigningKey,
        connect: Duration,
        request: Duration,
    ) -> Result<HttpHub, ClientError> {
        let base = base_url.trim().trim_end_matches('/').to_string();
        if !base.starts_with("http://") && !base.starts_with("https://") {
            return Err(ClientError::BadAddress(format!(
                "{base_url:?} must start with http:// or https://"
            )));
        }
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(connect))
            .timeout_global(Some(request))
            // 4xx bodies carry the refusal's details (expected_seq, received).
            .http_status_as_error(false)
            .build();
        Ok(HttpHub {
            agent: ureq::Agent::new_with_config(config),
            base,
            station_id: station_id.to_string(),
            key,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// One signed request; `body` is sent as JSON when given. Returns the
    /// status and the reply's bytes, or Unreachable when there was no reply.
    fn exchange(
        &self,
        method: &str,
        path_and_query: &str,
        body: Option<&[u8]>,
        signed: bool,
    ) -> Result<(u16, Vec<u8>), ClientError> {
        let url = format!("{}{}", self.base, path_and_query);
        let bytes = body.unwrap_or(&[]);
        let time = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let signature = signing::sign_hex(
            &self.key,
            signing::request_message(method, path_and_query, &time, bytes).as_bytes(),
        );
        let result = match (method, body) {
            ("GET", _) => {
                let mut req = self.agent.get(&url);
                if signed {
                    req = req
                        .header(signing::HEADER_STATION, &self.station_id)
                        .header(signing::HEADER_TIME, &time)
                        .header(signing::HEADER_SIGNATURE, &signature);
                }
                req.call()
            }
            (_, _) => {
                let req = if method == "PUT" {
                    self.agent.put(&url)
                } else {
                    self.agent.post(&url)
                };
                req.header(signing::HEADER_STATION, &self.station_id)
                    .header(signing::HEADER_TIME, &time)
                    .header(signing::HEADER_SIGNATURE, &signature)
                    .content_type(if method == "PUT" {
                        "application/octet-stream"
                    } else {
                        "application/json"
                    })
                    .send(bytes)
            }
        };
        let response = result.map_err(|e| transport_error(&e))?;
        let status = response.status().as_u16();
        let reply = response
            .into_body()
            .with_config()
            .limit(MAX_REPLY_BYTES)
            .read_to_vec()
            .map_err(|e| transport_error(&e))?;
        Ok((status, reply))
    }

    /// A request whose 2xx reply is the JSON `T`.
    fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        path_and_query: &str,
        body: Option<&[u8]>,
        signed: bool,
    ) -> Result<T, ClientError> {
        let (status, reply) = self.exchange(method, path_and_query, body, signed)?;
        interpret(status, &reply)
    }
}

/// What a status and reply body mean to the worker.
fn interpret<T: DeserializeOwned>(status: u16, reply: &[u8]) -> Result<T, ClientError> {
    match status {
        200..=299 => serde_json::from_slice(reply)
            .map_err(|e| ClientError::Protocol(format!("HTTP {status}: {e}"))),
        500..=599 => Err(ClientError::Unreachable(format!(
            "HTTP {status}: {}",
            String::from_utf8_lossy(&reply[..reply.len().min(200)])
        ))),
        400..=499 => match serde_json::from_slice::<ErrorReply>(reply) {
            Ok(reply) => Err(ClientError::Refused { status, reply }),
            Err(e) => Err(ClientError::Protocol(format!(
                "HTTP {status} without an error body: {e}"
            ))),
        },
        _ => Err(ClientError::Protocol(format!("unexpected HTTP {status}"))),
    }
}

/// A request that got no usable answer. A reply cut short surfaces as an I/O
/// or HTTP framing error: the request may or may not have been applied, which
/// is why every request of the protocol is safe to send again.
fn transport_error(e: &ureq::Error) -> ClientError {
    match e {
        ureq::Error::BadUri(_) | ureq::Error::InvalidProxyUrl | ureq::Error::Http(_) => {
            ClientError::BadAddress(e.to_string())
        }
        // Built without a TLS stack: waiting will not help, changing the address might.
        ureq::Error::TlsRequired => ClientError::BadAddress(
            "this build of Quầy speaks plain http:// only; https:// needs a TLS-enabled build"
                .into(),
        ),
        _ => ClientError::Unreachable(e.to_string()),
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, ClientError> {
    serde_json::to_vec(value).map_err(|e| ClientError::Protocol(e.to_string()))
}

/// An attachment's name in a URL: exactly 64 hex digits, nothing to escape.
fn checked_sha(sha256: &str) -> Result<&str, ClientError> {
    if sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(sha256)
    } else {
        Err(ClientError::Protocol(format!(
            "{sha256:?} is not a SHA-256 in hex"
        )))
    }
}

impl Receiver for HttpHub {
    fn health(&self) -> Result<Health, ClientError> {
        self.call("GET", "/v1/health", None, false)
    }

    fn enrol(&self, enrolment: &Enrolment) -> Result<EnrolReply, ClientError> {
        let body = to_json(enrolment)?;
        self.call("POST", "/v1/enrol", Some(&body), true)
    }

    fn send_batch(&self, batch: &Batch) -> Result<BatchReply, ClientError> {
        let body = to_json(batch)?;
        self.call("POST", "/v1/events", Some(&body), true)
    }

    fn blob_state(&self, sha256: &str) -> Result<BlobState, ClientError> {
        let path = format!("/v1/blobs/{}", checked_sha(sha256)?);
        self.call("GET", &path, None, true)
    }

    fn put_blob_chunk(
        &self,
        sha256: &str,
        offset: u64,
        total: u64,
        bytes: &[u8],
    ) -> Result<BlobState, ClientError> {
        let path = format!(
            "/v1/blobs/{}?offset={offset}&total={total}",
            checked_sha(sha256)?
        );
        self.call("PUT", &path, Some(bytes), true)
    }

    fn status(&self) -> Result<StationStatus, ClientError> {
        self.call("GET", "/v1/status", None, true)
    }

    fn down(&self, after: i64) -> Result<DownReply, ClientError> {
        self.call("GET", &format!("/v1/down?after={after}"), None, true)
    }
}

#[cfg(test)]
mod tests;
