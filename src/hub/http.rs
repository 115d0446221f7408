//! The hub's HTTP side (tiny_http): one thread takes the requests one at a
//! time against the one writer connection. Correctness over throughput: a
//! commune center sends a few batches a minute.

mod routes;

use std::io::Read;
use std::net::SocketAddr;

use super::{HubError, HubStore};
use crate::sync::signing::{HEADER_SIGNATURE, HEADER_STATION, HEADER_TIME};
use crate::sync::wire::{ErrorReply, MAX_BODY_BYTES};

/// A request as the routes see it: read whole, headers picked out. Routes
/// never touch the socket, so they are tested without one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Incoming {
    pub method: String,
    /// Path with query string, exactly as sent (it is signed as sent).
    pub url: String,
    pub station: Option<String>,
    pub time: Option<String>,
    pub signature: Option<String>,
    pub body: Vec<u8>,
}

/// Status and JSON body of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json<T: serde::Serialize>(status: u16, value: &T) -> Reply {
        match serde_json::to_vec(value) {
            Ok(body) => Reply { status, body },
            Err(e) => Reply::from_error(&HubError::corrupt("reply", e)),
        }
    }

    /// The `ErrorReply` for a refusal; internal failures are logged here in
    /// full and answered with a generic sentence.
    pub fn from_error(e: &HubError) -> Reply {
        let (status, code) = e.code();
        let message = if status >= 500 {
            log::error!("{e}");
            "the hub failed to handle this request; its log has the detail".to_string()
        } else {
            e.to_string()
        };
        let reply = ErrorReply {
            error: code.to_string(),
            message,
            expected_seq: match e {
                HubError::SequenceGap { expected } => Some(*expected),
                _ => None,
            },
            received: match e {
                HubError::OffsetMismatch { received } => Some(*received),
                _ => None,
            },
        };
        let body = serde_json::to_vec(&reply).unwrap_or_else(|_| b"{}".to_vec());
        Reply { status, body }
    }
}

/// Answers one request. `enrol_token`: what `POST /v1/enrol` must carry;
/// `None` refuses enrolment over the network.
pub fn handle(store: &mut HubStore, enrol_token: Option<&str>, req: &Incoming) -> Reply {
    match routes::route(store, enrol_token, req) {
        Ok(reply) => reply,
        Err(e) => Reply::from_error(&e),
    }
}

/// A bound listener, not yet answering.
pub struct HubServer {
    server: tiny_http::Server,
}

impl HubServer {
    pub fn bind(addr: &str) -> Result<HubServer, HubError> {
        let server = tiny_http::Server::http(addr).map_err(|e| HubError::Bind {
            addr: addr.to_string(),
            reason: e.to_string(),
        })?;
        Ok(HubServer { server })
    }

    /// The address really bound (the port chosen for `:0`).
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.server.server_addr().to_ip()
    }

    /// Answers requests until the process ends. Every write is a committed
    /// transaction before its answer leaves, so being killed between two
    /// requests loses nothing.
    pub fn run(self, mut store: HubStore, enrol_token: Option<&str>) {
        for mut request in self.server.incoming_requests() {
            let reply = match read(&mut request) {
                Ok(incoming) => {
                    let reply = handle(&mut store, enrol_token, &incoming);
                    log::info!(
                        "{} {} {} -> {}",
                        incoming.station.as_deref().unwrap_or("-"),
                        incoming.method,
                        incoming.url,
                        reply.status
                    );
                    reply
                }
                Err(e) => Reply::from_error(&e),
            };
            let mut response =
                tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
            if let Ok(h) = tiny_http::Header::from_bytes(
                &b"Content-Type"[..],
                &b"application/json; charset=utf-8"[..],
            ) {
                response.add_header(h);
            }
            if let Err(e) = request.respond(response) {
                log::warn!("could not answer: {e}");
            }
        }
    }
}

fn read(request: &mut tiny_http::Request) -> Result<Incoming, HubError> {
    if request.body_length().is_some_and(|n| n > MAX_BODY_BYTES) {
        return Err(HubError::TooLarge(MAX_BODY_BYTES));
    }
    let header = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    let mut incoming = Incoming {
        method: request.method().as_str().to_ascii_uppercase(),
        url: request.url().to_string(),
        station: header(HEADER_STATION),
        time: header(HEADER_TIME),
        signature: header(HEADER_SIGNATURE),
        body: Vec::new(),
    };
    // One byte past the limit tells a body too large from one exactly at it.
    request
        .as_reader()
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut incoming.body)
        .map_err(|e| HubError::BadRequest(format!("the body could not be read: {e}")))?;
    if incoming.body.len() > MAX_BODY_BYTES {
        return Err(HubError::TooLarge(MAX_BODY_BYTES));
    }
    Ok(incoming)
}

#[cfg(test)]
mod tests;
