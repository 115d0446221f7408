use std::io::Read;
use std::net::TcpListener;
use std::thread;

use super::*;
use crate::sync::wire::WireEvent;

/// What the test server saw of one request.
struct Seen {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

/// A one-request HTTP server answering `status` with `body`.
fn serve_once(status: u16, body: &'static str) -> (String, thread::JoinHandle<Seen>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let url = format!("http://{}", server.server_addr().to_ip().unwrap());
    let handle = thread::spawn(move || {
        let mut req = server.recv().unwrap();
        let mut body_in = Vec::new();
        req.as_reader().read_to_end(&mut body_in).unwrap();
        let seen = Seen {
            method: req.method().to_string(),
            url: req.url().to_string(),
            headers: req
                .headers()
                .iter()
                .map(|h| (h.field.to_string(), h.value.to_string()))
                .collect(),
            body: body_in,
        };
        req.respond(tiny_http::Response::from_string(body).with_status_code(status))
            .unwrap();
        seen
    });
    (url, handle)
}

fn client(url: &str) -> HttpHub {
    HttpHub::with_timeouts(
        url,
        "station-1",
        SigningKey::from_bytes(&[7u8; 32]),
        Duration::from_secs(2),
        Duration::from_secs(5),
    )
    .unwrap()
}

fn batch() -> Batch {
    Batch {
        protocol: 1,
        station_id: "station-1".into(),
        events: vec![WireEvent {
            seq: 1,
            event_id: "e1".into(),
            kind: "dossier.received".into(),
            entity_key: "X".into(),
            payload_version: 1,
            created_at: "2026-11-23T09:00:00".into(),
            payload: serde_json::json!({"a": "ấ"}),
        }],
    }
}

#[test]
fn requests_are_signed_over_method_path_time_and_body() {
    let (url, server) = serve_once(
        200,
        r#"{"acked_through":1,"accepted":1,"duplicates":0,"rejected":[]}"#,
    );
    let hub = client(&url);
    let reply = hub.send_batch(&batch()).unwrap();
    assert_eq!((reply.acked_through, reply.accepted), (1, 1));
    let seen = server.join().unwrap();
    assert_eq!(
        (seen.method.as_str(), seen.url.as_str()),
        ("POST", "/v1/events")
    );
    assert_eq!(seen.header("X-Quay-Station"), "station-1");
    let time = seen.header("X-Quay-Time");
    assert!(
        chrono::NaiveDateTime::parse_from_str(time, "%Y-%m-%dT%H:%M:%SZ").is_ok(),
        "{time}"
    );
    let key = SigningKey::from_bytes(&[7u8; 32]).verifying_key();
    let message = signing::request_message("POST", "/v1/events", time, &seen.body);
    signing::verify_hex(&key, message.as_bytes(), seen.header("X-Quay-Signature")).unwrap();
    let sent: Batch = serde_json::from_slice(&seen.body).unwrap();
    assert_eq!(sent, batch());
}

#[test]
fn a_get_signs_its_query_and_an_empty_body() {
    let (url, server) = serve_once(200, r#"{"items":[],"through":7}"#);
    let reply = client(&format!("{url}/")).down(7).unwrap();
    assert_eq!(reply.through, 7);
    let seen = server.join().unwrap();
    assert_eq!(seen.url, "/v1/down?after=7");
    let key = SigningKey::from_bytes(&[7u8; 32]).verifying_key();
    let message =
        signing::request_message("GET", "/v1/down?after=7", seen.header("X-Quay-Time"), b"");
    signing::verify_hex(&key, message.as_bytes(), seen.header("X-Quay-Signature")).unwrap();
}

#[test]
fn health_is_not_signed() {
    let (url, server) = serve_once(200, r#"{"ok":true,"hub_id":"h","protocol":1}"#);
    assert!(client(&url).health().unwrap().ok);
    assert_eq!(server.join().unwrap().header("X-Quay-Signature"), "");
}

#[test]
fn a_4xx_is_a_refusal_with_its_details() {
    let (url, server) = serve_once(
        409,
        r#"{"error":"sequence_gap","message":"send from 5","expected_seq":5}"#,
    );
    let err = client(&url).send_batch(&batch()).unwrap_err();
    server.join().unwrap();
    let ClientError::Refused { status, reply } = err else {
        panic!("{err:?}")
    };
    assert_eq!((status, reply.error.as_str()), (409, "sequence_gap"));
    assert_eq!(reply.expected_seq, Some(5));
}

#[test]
fn a_piece_of_an_attachment_goes_raw_with_offset_and_total() {
    let sha = "ab".repeat(32);
    let (url, server) = serve_once(
        409,
        r#"{"error":"offset_mismatch","message":"have 3","received":3}"#,
    );
    let err = client(&url)
        .put_blob_chunk(&sha, 0, 10, b"0123456789")
        .unwrap_err();
    let seen = server.join().unwrap();
    assert_eq!(seen.method, "PUT");
    assert_eq!(seen.url, format!("/v1/blobs/{sha}?offset=0&total=10"));
    assert_eq!(seen.body, b"0123456789");
    assert_eq!(err.refusal().and_then(|r| r.received), Some(3));
}

#[test]
fn a_5xx_means_try_later() {
    let (url, server) = serve_once(503, "busy");
    let err = client(&url).status().unwrap_err();
    server.join().unwrap();
    assert!(matches!(err, ClientError::Unreachable(_)), "{err:?}");
}

#[test]
fn an_unreadable_reply_is_a_protocol_error() {
    let (url, server) = serve_once(200, "<html>proxy login</html>");
    let err = client(&url).status().unwrap_err();
    server.join().unwrap();
    assert!(matches!(err, ClientError::Protocol(_)), "{err:?}");
    let (url, server) = serve_once(404, "not json");
    let err = client(&url).status().unwrap_err();
    server.join().unwrap();
    assert!(matches!(err, ClientError::Protocol(_)), "{err:?}");
}

#[test]
fn no_listener_and_a_cut_connection_are_unreachable() {
    // A port that was just free: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = client(&format!("http://127.0.0.1:{port}"))
        .status()
        .unwrap_err();
    assert!(matches!(err, ClientError::Unreachable(_)), "{err:?}");

    // A server that reads the request and hangs up mid-reply.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = thread::spawn(move || {
        use std::io::Write;
        let (mut s, _) = listener.accept().unwrap();
        let mut buf = [0u8; 4096];
        let _ = s.read(&mut buf);
        s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"acked")
            .unwrap();
    });
    let err = client(&format!("http://{addr}"))
        .send_batch(&batch())
        .unwrap_err();
    server.join().unwrap();
    assert!(matches!(err, ClientError::Unreachable(_)), "{err:?}");
}

#[test]
fn addresses_without_a_scheme_and_bad_hashes_are_refused_before_sending() {
    assert!(matches!(
        HttpHub::new("10.0.0.5:8443", "s", SigningKey::from_bytes(&[1u8; 32])),
        Err(ClientError::BadAddress(_))
    ));
    let hub = client("http://127.0.0.1:9");
    assert!(matches!(
        hub.blob_state("../etc/passwd"),
        Err(ClientError::Protocol(_))
    ));
}
