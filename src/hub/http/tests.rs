#![allow(clippy::unwrap_used, clippy::expect_used)]

use ed25519_dalek::SigningKey;
use serde_json::json;

use super::*;
use crate::hub::fixtures::{STATION, code, received};
use crate::hub::store::StationEnrolment;
use crate::sync::signing::{self, request_message, sign_hex};
use crate::sync::wire::{Batch, BatchReply, EnrolReply, Enrolment};

const TIME: &str = "2026-11-23T01:00:00Z";

fn signed(key: &SigningKey, method: &str, url: &str, body: Vec<u8>) -> Incoming {
    let message = request_message(method, url, TIME, &body);
    Incoming {
        method: method.into(),
        url: url.into(),
        station: Some(STATION.into()),
        time: Some(TIME.into()),
        signature: Some(sign_hex(key, message.as_bytes())),
        body,
    }
}

fn error(reply: &Reply) -> ErrorReply {
    serde_json::from_slice(&reply.body).unwrap()
}

fn setup() -> (tempfile::TempDir, HubStore, SigningKey) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = HubStore::open(&dir.path().join("hub.sqlite3")).unwrap();
    let key = signing::generate().unwrap();
    store
        .enrol(&StationEnrolment {
            station_id: STATION.into(),
            public_key: key.verifying_key(),
            name: String::new(),
            agency_id: String::new(),
            counter_no: 1,
        })
        .unwrap();
    (dir, store, key)
}

fn enrolment(key: &SigningKey, token: &str) -> Vec<u8> {
    serde_json::to_vec(&Enrolment {
        protocol: 1,
        station_id: STATION.into(),
        public_key: signing::public_to_hex(&key.verifying_key()),
        agency_id: "000.00.12.H56".into(),
        counter_no: 1,
        name: "Trung tâm PVHCC xã Yên Kỳ".into(),
        token: token.into(),
    })
    .unwrap()
}

#[test]
fn routes_answer_with_the_protocol_codes() {
    let (_dir, mut store, key) = setup();
    let health = handle(
        &mut store,
        None,
        &Incoming {
            method: "GET".into(),
            url: "/v1/health".into(),
            ..Incoming::default()
        },
    );
    assert_eq!(health.status, 200);
    let body: serde_json::Value = serde_json::from_slice(&health.body).unwrap();
    assert_eq!(body["protocol"], json!(1));

    let unknown = handle(&mut store, None, &signed(&key, "GET", "/v2/status", vec![]));
    assert_eq!(
        (unknown.status, error(&unknown).error.as_str()),
        (404, "not_found")
    );

    let ok = handle(&mut store, None, &signed(&key, "GET", "/v1/status", vec![]));
    assert_eq!(ok.status, 200);

    // The query is signed: changing it breaks the signature.
    let mut moved = signed(&key, "GET", "/v1/down?after=0", vec![]);
    moved.url = "/v1/down?after=5".into();
    let reply = handle(&mut store, None, &moved);
    assert_eq!(
        (reply.status, error(&reply).error.as_str()),
        (401, "unauthenticated")
    );

    let stranger = signing::generate().unwrap();
    let mut req = signed(&stranger, "GET", "/v1/status", vec![]);
    req.station = Some("someone".into());
    let reply = handle(&mut store, None, &req);
    assert_eq!(
        (reply.status, error(&reply).error.as_str()),
        (401, "unknown_station")
    );

    let reply = handle(
        &mut store,
        None,
        &signed(&key, "GET", "/v1/down?after=x", vec![]),
    );
    assert_eq!(reply.status, 400);
    let reply = handle(
        &mut store,
        None,
        &signed(&key, "PUT", "/v1/blobs/abc?offset=0&total=1", vec![1]),
    );
    assert_eq!(reply.status, 400);
}

#[test]
fn a_batch_for_another_protocol_or_station_is_refused() {
    let (_dir, mut store, key) = setup();
    let batch = |protocol: u32, station: &str| {
        serde_json::to_vec(&Batch {
            protocol,
            station_id: station.into(),
            events: vec![received(1, &code(1))],
        })
        .unwrap()
    };
    let reply = handle(
        &mut store,
        None,
        &signed(&key, "POST", "/v1/events", batch(2, STATION)),
    );
    assert_eq!(
        (reply.status, error(&reply).error.as_str()),
        (400, "unsupported_protocol")
    );
    let reply = handle(
        &mut store,
        None,
        &signed(&key, "POST", "/v1/events", batch(1, "other")),
    );
    assert_eq!(
        (reply.status, error(&reply).error.as_str()),
        (400, "bad_request")
    );
    let reply = handle(
        &mut store,
        None,
        &signed(&key, "POST", "/v1/events", b"{\"protocol\":1}".to_vec()),
    );
    assert_eq!(
        (reply.status, error(&reply).error.as_str()),
        (400, "bad_request")
    );
    assert_eq!(store.station_status(STATION).unwrap().acked_through, 0);

    let reply = handle(
        &mut store,
        None,
        &signed(&key, "POST", "/v1/events", batch(1, STATION)),
    );
    assert_eq!(reply.status, 200);
    let reply: BatchReply = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(reply.acked_through, 1);
}

#[test]
fn enrolment_over_the_network_needs_the_token_and_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = HubStore::open(&dir.path().join("hub.sqlite3")).unwrap();
    let key = signing::generate().unwrap();
    let req = signed(&key, "POST", "/v1/enrol", enrolment(&key, "T0K3N"));

    let reply = handle(&mut store, None, &req);
    assert_eq!(
        (reply.status, error(&reply).error.as_str()),
        (403, "bad_token")
    );
    assert!(error(&reply).message.contains("quay-hub enrol"));
    let reply = handle(&mut store, Some("other"), &req);
    assert_eq!(
        (reply.status, error(&reply).error.as_str()),
        (403, "bad_token")
    );
    assert_eq!(store.station_key(STATION).unwrap(), None);

    // Signed by another key than the one enrolled: no proof of possession.
    let thief = signing::generate().unwrap();
    let forged = signed(&thief, "POST", "/v1/enrol", enrolment(&key, "T0K3N"));
    let reply = handle(&mut store, Some("T0K3N"), &forged);
    assert_eq!(
        (reply.status, error(&reply).error.as_str()),
        (401, "unauthenticated")
    );

    let reply = handle(&mut store, Some("T0K3N"), &req);
    assert_eq!(reply.status, 200);
    let first: EnrolReply = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(first.hub_public_key, store.hub_public_key_hex().unwrap());
    let again = handle(&mut store, Some("T0K3N"), &req);
    assert_eq!(again, reply);

    let other = signing::generate().unwrap();
    let req = signed(&other, "POST", "/v1/enrol", enrolment(&other, "T0K3N"));
    let reply = handle(&mut store, Some("T0K3N"), &req);
    assert_eq!(
        (reply.status, error(&reply).error.as_str()),
        (409, "station_key_mismatch")
    );
    assert_eq!(
        store.station_key(STATION).unwrap(),
        Some(key.verifying_key())
    );
}

#[test]
fn a_blob_piece_larger_than_a_chunk_is_too_large() {
    let (_dir, mut store, key) = setup();
    let bytes = vec![7u8; crate::sync::wire::BLOB_CHUNK_BYTES + 1];
    let sha = signing::sha256_hex(&bytes);
    let url = format!("/v1/blobs/{sha}?offset=0&total={}", bytes.len());
    let reply = handle(&mut store, None, &signed(&key, "PUT", &url, bytes));
    assert_eq!(
        (reply.status, error(&reply).error.as_str()),
        (413, "too_large")
    );
    assert_eq!(store.blob_state(&sha).unwrap().received, 0);
}
