use super::*;

#[test]
fn a_signed_request_verifies_and_any_change_breaks_it() {
    let key = generate().unwrap();
    let public = public_from_hex(&public_to_hex(&key.verifying_key())).unwrap();
    let msg = request_message("post", "/v1/events", "2026-11-23T08:00:00Z", b"{}");
    assert!(msg.starts_with("quay-v1\nPOST\n/v1/events\n"));
    let sig = sign_hex(&key, msg.as_bytes());
    assert_eq!(sig.len(), 128);
    assert_eq!(verify_hex(&public, msg.as_bytes(), &sig), Ok(()));
    for other in [
        request_message("POST", "/v1/events", "2026-11-23T08:00:00Z", b"{ }"),
        request_message("POST", "/v1/down?after=1", "2026-11-23T08:00:00Z", b"{}"),
        request_message("POST", "/v1/events", "2026-11-23T08:00:01Z", b"{}"),
    ] {
        assert_eq!(
            verify_hex(&public, other.as_bytes(), &sig),
            Err(KeyError::Mismatch)
        );
    }
    let stranger = generate().unwrap().verifying_key();
    assert_eq!(
        verify_hex(&stranger, msg.as_bytes(), &sig),
        Err(KeyError::Mismatch)
    );
    assert_eq!(
        verify_hex(&public, msg.as_bytes(), "zz"),
        Err(KeyError::BadSignature)
    );
}

#[test]
fn keys_round_trip_through_hex_and_bad_hex_is_refused() {
    let key = generate().unwrap();
    let again = secret_from_hex(&secret_to_hex(&key)).unwrap();
    assert_eq!(again.to_bytes(), key.to_bytes());
    assert_eq!(secret_from_hex("abc").err(), Some(KeyError::BadKey));
    assert_eq!(
        public_from_hex(&"g".repeat(64)).err(),
        Some(KeyError::BadKey)
    );
    assert_ne!(generate().unwrap().to_bytes(), key.to_bytes());
}

#[test]
fn canonical_json_sorts_keys_and_drops_whitespace() {
    let v: serde_json::Value =
        serde_json::from_str(r#"{ "b": [1, {"z": "Đã\nnhận", "a": null}], "a": true, "c": -7 }"#)
            .unwrap();
    assert_eq!(
        canonical_json(&v),
        r#"{"a":true,"b":[1,{"a":null,"z":"Đã\nnhận"}],"c":-7}"#
    );
}
