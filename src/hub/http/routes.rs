//! One function per endpoint of `docs/sync-protocol.md`. Each authenticates
//! first (the signature covers the raw body), then reads the body.

use serde::de::DeserializeOwned;
use serde_json::json;

use super::{Incoming, Reply};
use crate::hub::store::{StationEnrolment, Via};
use crate::hub::{HubError, HubStore};
use crate::sync::signing::{self, request_message, verify_hex};
use crate::sync::wire::{BLOB_CHUNK_BYTES, Batch, Enrolment, MAX_BATCH_EVENTS, PROTOCOL_VERSION};

pub(super) fn route(
    store: &mut HubStore,
    enrol_token: Option<&str>,
    req: &Incoming,
) -> Result<Reply, HubError> {
    let (path, query) = req.url.split_once('?').unwrap_or((req.url.as_str(), ""));
    match (req.method.as_str(), path) {
        ("GET", "/v1/health") => Ok(Reply::json(
            200,
            &json!({"ok": true, "hub_id": store.hub_id()?, "protocol": PROTOCOL_VERSION}),
        )),
        ("POST", "/v1/enrol") => enrol(store, enrol_token, req),
        ("POST", "/v1/events") => {
            let station = authenticate(store, req)?;
            events(store, &station, req)
        }
        ("GET", "/v1/status") => {
            let station = authenticate(store, req)?;
            Ok(Reply::json(200, &store.station_status(&station)?))
        }
        ("GET", "/v1/down") => {
            let station = authenticate(store, req)?;
            let after = number(query, "after")?.unwrap_or(0);
            Ok(Reply::json(200, &store.down_after(&station, after)?))
        }
        (method @ ("GET" | "PUT"), p) if p.starts_with("/v1/blobs/") => {
            authenticate(store, req)?;
            let sha = &p["/v1/blobs/".len()..];
            if method == "GET" {
                return Ok(Reply::json(200, &store.blob_state(sha)?));
            }
            if req.body.len() > BLOB_CHUNK_BYTES {
                return Err(HubError::TooLarge(BLOB_CHUNK_BYTES));
            }
            let offset = required(query, "offset")?;
            let total = required(query, "total")?;
            Ok(Reply::json(
                200,
                &store.put_blob_chunk(sha, offset, total, &req.body)?,
            ))
        }
        (method, path) => Err(HubError::NotFound(format!("no endpoint {method} {path}"))),
    }
}

/// The signing station's id, once its signature verifies with its enrolled key.
fn authenticate(store: &HubStore, req: &Incoming) -> Result<String, HubError> {
    let (station, time, signature) = signed_headers(req)?;
    let key = store
        .station_key(station)?
        .ok_or_else(|| HubError::UnknownStation(station.to_string()))?;
    verify(&key, req, time, signature)?;
    Ok(station.to_string())
}

fn signed_headers(req: &Incoming) -> Result<(&str, &str, &str), HubError> {
    Ok((
        header(&req.station, signing::HEADER_STATION)?,
        header(&req.time, signing::HEADER_TIME)?,
        header(&req.signature, signing::HEADER_SIGNATURE)?,
    ))
}

fn header<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str, HubError> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| HubError::Unauthenticated(format!("the {name} header is missing")))
}

fn verify(
    key: &ed25519_dalek::VerifyingKey,
    req: &Incoming,
    time: &str,
    signature: &str,
) -> Result<(), HubError> {
    let message = request_message(&req.method, &req.url, time, &req.body);
    verify_hex(key, message.as_bytes(), signature)
        .map_err(|e| HubError::Unauthenticated(format!("{e}")))
}

/// `POST /v1/enrol`: signed with the key being enrolled, which proves the
/// station holds it; the token proves the province sent it.
fn enrol(
    store: &mut HubStore,
    enrol_token: Option<&str>,
    req: &Incoming,
) -> Result<Reply, HubError> {
    let (station, time, signature) = signed_headers(req)?;
    let enrolment: Enrolment = parse_versioned(&req.body)?;
    if enrolment.station_id != station {
        return Err(HubError::Unauthenticated(format!(
            "the request is signed for station {station} but enrols {}",
            enrolment.station_id
        )));
    }
    let public_key = signing::public_from_hex(&enrolment.public_key)?;
    verify(&public_key, req, time, signature)?;
    let Some(expected) = enrol_token else {
        return Err(HubError::BadToken(
            "this hub takes no enrolment over the network; ask its administrator to run `quay-hub enrol`"
                .into(),
        ));
    };
    if !same_secret(expected, &enrolment.token) {
        return Err(HubError::BadToken("the enrolment token is wrong".into()));
    }
    let reply = store.enrol(&StationEnrolment {
        station_id: enrolment.station_id,
        public_key,
        name: enrolment.name,
        agency_id: enrolment.agency_id,
        counter_no: enrolment.counter_no,
    })?;
    Ok(Reply::json(200, &reply))
}

fn events(store: &mut HubStore, station: &str, req: &Incoming) -> Result<Reply, HubError> {
    let batch: Batch = parse_versioned(&req.body)?;
    if batch.station_id != station {
        return Err(HubError::BadRequest(format!(
            "the batch is for station {} but signed by {station}",
            batch.station_id
        )));
    }
    if batch.events.len() > MAX_BATCH_EVENTS {
        return Err(HubError::BadRequest(format!(
            "{} events in one batch; at most {MAX_BATCH_EVENTS}",
            batch.events.len()
        )));
    }
    let reply = store.store_events(station, &batch.events, Via::Network)?;
    Ok(Reply::json(200, &reply))
}

/// Parses a body that carries `protocol`: the version is checked before the
/// shape, since another version may have another shape.
fn parse_versioned<T: DeserializeOwned>(body: &[u8]) -> Result<T, HubError> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| HubError::BadRequest(format!("malformed JSON: {e}")))?;
    match value.get("protocol").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(PROTOCOL_VERSION) => {}
        Some(v) => {
            return Err(HubError::UnsupportedProtocol(
                u32::try_from(v).unwrap_or(u32::MAX),
            ));
        }
        None => {
            return Err(HubError::BadRequest(
                "the body has no protocol version".into(),
            ));
        }
    }
    serde_json::from_value(value).map_err(|e| HubError::BadRequest(format!("wrong shape: {e}")))
}

/// Compares in time independent of where the texts differ, so the token
/// cannot be guessed a character at a time.
fn same_secret(expected: &str, given: &str) -> bool {
    let (a, b) = (
        signing::sha256_hex(expected.as_bytes()),
        signing::sha256_hex(given.as_bytes()),
    );
    a.bytes()
        .zip(b.bytes())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

fn number<T: std::str::FromStr>(query: &str, name: &str) -> Result<Option<T>, HubError> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| {
            v.parse()
                .map_err(|_| HubError::BadRequest(format!("{name}={v} is not a number")))
        })
        .transpose()
}

fn required<T: std::str::FromStr>(query: &str, name: &str) -> Result<T, HubError> {
    number(query, name)?.ok_or_else(|| HubError::BadRequest(format!("{name}= is missing")))
}
