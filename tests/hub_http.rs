//! The reference receiver end to end: the real `quay-hub` binary on a free
//! port, spoken to as a station would over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::hub::{Hub, Station, parse, send_raw};
use serde_json::{Value, json};

use quay::sync::signing::{self, HEADER_SIGNATURE, HEADER_STATION, HEADER_TIME};

fn code(n: u32) -> String {
    format!("000.00.12.H56-261123-1{n:03}")
}

/// `dossier.received` shaped like the counter's (`store::dossier::insert_recorded`).
fn received(station: &Station, seq: i64, code: &str, cccd: &str, attachments: &[&str]) -> Value {
    let good = common::good_draft();
    json!({
        "seq": seq,
        "event_id": uuid::Uuid::now_v7().to_string(),
        "kind": "dossier.received",
        "entity_key": code,
        "payload_version": 1,
        "created_at": "2026-11-23T09:15:02",
        "payload": {
            "station_id": station.id, "agency_id": "000.00.12.H56", "counter_no": 1,
            "actor": "quầy 1",
            "dossier": {
                "id": seq, "code": code, "procedure_code": good.procedure_code,
                "procedure_name": "Thủ tục đăng ký kết hôn", "field": "Hộ tịch",
                "applicant": {"name": good.applicant.name, "id_number": cccd,
                              "phone": "", "address": "", "email": null},
                "channel": "direct", "received_at": "2026-11-23T09:15:02",
                "deadline": "same_day", "due_at": "2026-11-23T17:00:00",
                "documents": [], "sets": 1, "fee_vnd": 0, "result_delivery": "counter",
                "note": "",
                "attachments": attachments.iter()
                    .map(|sha| json!({"file_name": "scan.pdf", "sha256": sha, "size_bytes": 1}))
                    .collect::<Vec<_>>(),
                "status": 2, "counter_no": 1, "register_book": 2026, "register_no": seq,
                "officer_name": "", "created_at": "2026-11-23T09:15:02"
            }
        }
    })
}

fn status_changed(station: &Station, seq: i64, code: &str, to: u8) -> Value {
    json!({
        "seq": seq,
        "event_id": uuid::Uuid::now_v7().to_string(),
        "kind": "dossier.status_changed",
        "entity_key": code,
        "payload_version": 1,
        "created_at": "2026-11-23T10:00:00",
        "payload": {"station_id": station.id, "code": code, "from": 2, "to": to,
                    "at": "2026-11-23T10:00:00", "actor": "quầy 1", "note": "", "detail": null}
    })
}

fn batch(station: &Station, events: &[Value]) -> Value {
    json!({"protocol": 1, "station_id": station.id, "events": events})
}

const CCCD: &str = "038303001234";

fn started() -> (Hub, Station) {
    let hub = Hub::start(&[]);
    let station = Station::new();
    hub.enrol(&station);
    (hub, station)
}

fn status(hub: &Hub, station: &Station) -> Value {
    let (code, body) = station.send_json(hub, "GET", "/v1/status", &json!(null));
    assert_eq!(code, 200, "{body}");
    body
}

#[test]
fn events_are_stored_once_and_a_replay_answers_the_same() {
    let (hub, station) = started();
    let (code_, health) = send_raw(&hub, "GET", "/v1/health", &[], b"");
    assert_eq!(code_, 200);
    assert_eq!(parse(&health)["ok"], json!(true));

    let events = vec![
        received(&station, 1, &code(1), CCCD, &[]),
        status_changed(&station, 2, &code(1), 4),
        received(&station, 3, &code(2), CCCD, &[]),
    ];
    let body = batch(&station, &events);
    let (status_, first) = station.send_json(&hub, "POST", "/v1/events", &body);
    assert_eq!(status_, 200, "{first}");
    assert_eq!(
        first,
        json!({"acked_through": 3, "accepted": 3, "duplicates": 0, "rejected": []})
    );
    let (status_, replay) = station.send_json(&hub, "POST", "/v1/events", &body);
    assert_eq!(status_, 200);
    assert_eq!(
        replay,
        json!({"acked_through": 3, "accepted": 0, "duplicates": 3, "rejected": []})
    );

    // A gap: the station must go back to seq 4.
    let ahead = batch(&station, &[received(&station, 5, &code(5), CCCD, &[])]);
    let (status_, gap) = station.send_json(&hub, "POST", "/v1/events", &ahead);
    assert_eq!(status_, 409);
    assert_eq!(gap["error"], json!("sequence_gap"));
    assert_eq!(gap["expected_seq"], json!(4));

    // Another event claiming seq 3.
    let conflict = batch(&station, &[received(&station, 3, &code(3), CCCD, &[])]);
    let (status_, reply) = station.send_json(&hub, "POST", "/v1/events", &conflict);
    assert_eq!(
        (status_, reply["error"].clone()),
        (409, json!("sequence_conflict"))
    );

    let held = status(&hub, &station);
    assert_eq!(
        (held["acked_through"].clone(), held["events"].clone()),
        (json!(3), json!(3))
    );
    let listed = parse(&hub.cli_ok(&["events", "--station", &station.id, "--json"]));
    let seqs: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].clone())
        .collect();
    assert_eq!(seqs, [json!(1), json!(2), json!(3)]);
    assert_eq!(listed[0]["payload"]["dossier"]["code"], json!(code(1)));
    assert_eq!(listed[0]["via"], json!("network"));
    let stations = parse(&hub.cli_ok(&["stations", "--json"]));
    assert_eq!(stations[0]["acked_through"], json!(3));
    assert_eq!(stations[0]["name"], json!("Trung tâm PVHCC xã Yên Kỳ"));
}

#[test]
fn unsigned_or_forged_requests_are_refused_and_store_nothing() {
    let (hub, station) = started();
    let body = batch(&station, &[received(&station, 1, &code(1), CCCD, &[])]).to_string();

    let (status_, reply) = send_raw(&hub, "POST", "/v1/events", &[], body.as_bytes());
    assert_eq!(status_, 401);
    assert_eq!(parse(&reply)["error"], json!("unauthenticated"));

    // Signed over another body.
    let time = "2026-11-23T01:00:00Z";
    let message = signing::request_message("POST", "/v1/events", time, b"{}");
    let signature = signing::sign_hex(&station.key, message.as_bytes());
    let headers = [
        (HEADER_STATION, station.id.as_str()),
        (HEADER_TIME, time),
        (HEADER_SIGNATURE, signature.as_str()),
    ];
    let (status_, reply) = send_raw(&hub, "POST", "/v1/events", &headers, body.as_bytes());
    assert_eq!(
        (status_, parse(&reply)["error"].clone()),
        (401, json!("unauthenticated"))
    );

    // Signed by a key the hub does not hold for this station.
    let impostor = Station {
        id: station.id.clone(),
        key: signing::generate().unwrap(),
    };
    let (status_, reply) = impostor.send(&hub, "POST", "/v1/events", body.as_bytes());
    assert_eq!(
        (status_, parse(&reply)["error"].clone()),
        (401, json!("unauthenticated"))
    );

    // A station never enrolled.
    let stranger = Station::new();
    let (status_, reply) = stranger.send(&hub, "GET", "/v1/status", b"");
    assert_eq!(
        (status_, parse(&reply)["error"].clone()),
        (401, json!("unknown_station"))
    );

    assert_eq!(status(&hub, &station)["acked_through"], json!(0));
    assert_eq!(status(&hub, &station)["events"], json!(0));
}

#[test]
fn malformed_json_is_a_bad_request() {
    let (hub, station) = started();
    for body in [
        &b"{not json"[..],
        b"[]",
        b"{\"protocol\": 1, \"events\": 3}",
    ] {
        let (status_, reply) = station.send(&hub, "POST", "/v1/events", body);
        assert_eq!(status_, 400, "{reply}");
        let reply = parse(&reply);
        assert_eq!(reply["error"], json!("bad_request"));
        assert!(reply["message"].as_str().unwrap().len() > 5);
    }
    let (status_, reply) = station.send_json(
        &hub,
        "POST",
        "/v1/events",
        &json!({"protocol": 2, "station_id": station.id, "events": []}),
    );
    assert_eq!(
        (status_, reply["error"].clone()),
        (400, json!("unsupported_protocol"))
    );
    assert_eq!(status(&hub, &station)["acked_through"], json!(0));
}

#[test]
fn a_rejection_in_the_middle_leaves_the_others_stored() {
    let (hub, station) = started();
    let events = vec![
        received(&station, 1, &code(1), CCCD, &[]),
        received(&station, 2, &code(2), "0383030012", &[]),
        status_changed(&station, 3, &code(1), 4),
        status_changed(&station, 4, &code(2), 4),
    ];
    let body = batch(&station, &events);
    let (status_, reply) = station.send_json(&hub, "POST", "/v1/events", &body);
    assert_eq!(status_, 200, "{reply}");
    assert_eq!(reply["acked_through"], json!(4));
    assert_eq!(reply["accepted"], json!(2));
    let rejected = reply["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2);
    assert_eq!(rejected[0]["seq"], json!(2));
    assert_eq!(rejected[0]["code"], json!("invalid_payload"));
    assert_eq!(rejected[0]["event_id"], events[1]["event_id"]);
    assert!(
        rejected[0]["reason"]
            .as_str()
            .unwrap()
            .contains("12 chữ số")
    );
    assert_eq!(rejected[1]["code"], json!("unknown_dossier"));

    let (_, replay) = station.send_json(&hub, "POST", "/v1/events", &body);
    assert_eq!(replay["rejected"], reply["rejected"]);
    assert_eq!(replay["duplicates"], json!(4));

    let held = status(&hub, &station);
    assert_eq!(held["events"], json!(2));
    assert_eq!(held["rejected"], reply["rejected"]);
}

#[test]
fn an_attachment_upload_resumes_after_a_cut() {
    let (hub, station) = started();
    let bytes: Vec<u8> = (0..3000u32).map(|i| (i % 251) as u8).collect();
    let sha = signing::sha256_hex(&bytes);
    let total = bytes.len();
    let events = [received(&station, 1, &code(1), CCCD, &[&sha])];
    let (status_, _) = station.send_json(&hub, "POST", "/v1/events", &batch(&station, &events));
    assert_eq!(status_, 200);
    assert_eq!(status(&hub, &station)["missing_blobs"], json!([sha]));

    let put = |offset: usize, piece: &[u8]| {
        let path = format!("/v1/blobs/{sha}?offset={offset}&total={total}");
        let (status_, body) = station.send(&hub, "PUT", &path, piece);
        (status_, parse(&body))
    };
    let (status_, state) = put(0, &bytes[..1000]);
    assert_eq!(status_, 200, "{state}");
    assert_eq!(
        state,
        json!({"sha256": sha, "complete": false, "received": 1000})
    );

    // The answer was lost: the station thinks it sent 1200 bytes.
    let (status_, reply) = put(1200, &bytes[1200..]);
    assert_eq!(status_, 409);
    assert_eq!(reply["error"], json!("offset_mismatch"));
    assert_eq!(reply["received"], json!(1000));
    let (status_, body) = station.send(&hub, "GET", &format!("/v1/blobs/{sha}"), b"");
    assert_eq!(status_, 200);
    assert_eq!(parse(&body)["received"], json!(1000));

    let (status_, state) = put(1000, &bytes[1000..]);
    assert_eq!(status_, 200, "{state}");
    assert_eq!(
        state,
        json!({"sha256": sha, "complete": true, "received": total})
    );
    assert_eq!(status(&hub, &station)["missing_blobs"], json!([]));
    let (status_, state) = put(0, &bytes[..10]);
    assert_eq!((status_, state["complete"].clone()), (200, json!(true)));

    // Bytes that do not hash to their name are discarded whole.
    let wrong = signing::sha256_hex(b"something else entirely");
    let path = format!("/v1/blobs/{wrong}?offset=0&total=5");
    let (status_, reply) = station.send(&hub, "PUT", &path, b"hello");
    assert_eq!(status_, 422);
    assert_eq!(parse(&reply)["error"], json!("blob_mismatch"));
    let (_, body) = station.send(&hub, "GET", &format!("/v1/blobs/{wrong}"), b"");
    assert_eq!(
        parse(&body),
        json!({"sha256": wrong, "complete": false, "received": 0})
    );
}

#[test]
fn a_status_pushed_upstream_flows_down() {
    let (hub, station) = started();
    let events = [received(&station, 1, &code(1), CCCD, &[])];
    station.send_json(&hub, "POST", "/v1/events", &batch(&station, &events));

    let refused = hub.cli(&[
        "push-status",
        "--station",
        &station.id,
        "--code",
        &code(9),
        "--status",
        "9",
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).starts_with("error: "));
    hub.cli_ok(&[
        "push-status",
        "--station",
        &station.id,
        "--code",
        &code(1),
        "--status",
        "9",
        "--note",
        "Đã có kết quả",
        "--actor",
        "Văn phòng đăng ký đất đai",
    ]);

    let (status_, down) = station.send_json(&hub, "GET", "/v1/down?after=0", &json!(null));
    assert_eq!(status_, 200, "{down}");
    assert_eq!(down["through"], json!(1));
    let item = &down["items"][0];
    assert_eq!(
        (item["seq"].clone(), item["kind"].clone()),
        (json!(1), json!("dossier.status_changed"))
    );
    assert_eq!(item["payload"]["code"], json!(code(1)));
    assert_eq!(item["payload"]["status"], json!(9));
    assert_eq!(item["payload"]["actor"], json!("Văn phòng đăng ký đất đai"));

    let (_, rest) = station.send_json(&hub, "GET", "/v1/down?after=1", &json!(null));
    assert_eq!(rest, json!({"items": [], "through": 1}));
}

#[test]
fn a_station_enrols_itself_with_the_token() {
    let hub = Hub::start(&["--enrol-token", "T0K3N"]);
    let station = Station::new();
    let enrolment = |token: &str| {
        json!({"protocol": 1, "station_id": station.id, "public_key": station.public_hex(),
               "agency_id": "000.00.12.H56", "counter_no": 1,
               "name": "Trung tâm PVHCC xã Yên Kỳ", "token": token})
    };
    let (status_, reply) = station.send_json(&hub, "POST", "/v1/enrol", &enrolment("wrong"));
    assert_eq!((status_, reply["error"].clone()), (403, json!("bad_token")));
    let (status_, reply) = station.send_json(&hub, "POST", "/v1/enrol", &enrolment("T0K3N"));
    assert_eq!(status_, 200, "{reply}");
    assert_eq!(reply["acked_through"], json!(0));
    let info = hub.cli_ok(&["info", "--json"]);
    assert_eq!(reply["hub_public_key"], parse(&info)["public_key"]);

    let events = [received(&station, 1, &code(1), CCCD, &[])];
    let (status_, _) = station.send_json(&hub, "POST", "/v1/events", &batch(&station, &events));
    assert_eq!(status_, 200);

    // A hub started without a token refuses network enrolment.
    let closed = Hub::start(&[]);
    let (status_, reply) = station.send_json(&closed, "POST", "/v1/enrol", &enrolment("T0K3N"));
    assert_eq!((status_, reply["error"].clone()), (403, json!("bad_token")));
    assert!(
        reply["message"]
            .as_str()
            .unwrap()
            .contains("quay-hub enrol")
    );
}

#[test]
fn the_command_line_refuses_with_an_error_line() {
    let (hub, station) = started();
    let out = hub.cli(&["enrol", "--station", &station.id, "--public-key", "zz"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: "));
    let other = Station::new();
    let out = hub.cli(&[
        "enrol",
        "--station",
        &station.id,
        "--public-key",
        &other.public_hex(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("forget"));
    hub.cli_ok(&["forget", "--station", &station.id]);
    hub.cli_ok(&[
        "enrol",
        "--station",
        &station.id,
        "--public-key",
        &other.public_hex(),
    ]);
    assert_eq!(
        hub.cli(&["forget", "--station", "nobody"]).status.code(),
        Some(1)
    );
}

#[test]
fn a_body_over_the_limit_is_too_large() {
    let (hub, station) = started();
    let body = vec![b' '; quay::sync::wire::MAX_BODY_BYTES + 1];
    let (status_, reply) = station.send(&hub, "POST", "/v1/events", &body);
    assert_eq!(status_, 413);
    assert_eq!(parse(&reply)["error"], json!("too_large"));
    // The hub still answers afterwards.
    assert_eq!(status(&hub, &station)["acked_through"], json!(0));
}
