use super::*;

#[test]
fn addresses_are_checked_and_trimmed() {
    let cases = [
        ("http://10.0.0.5:8443", Ok("http://10.0.0.5:8443")),
        (" https://hub.tinh.gov.vn/ ", Ok("https://hub.tinh.gov.vn")),
        ("HTTP://Hub:80//", Ok("HTTP://Hub:80")),
        ("", Ok("")),
        ("ftp://x", Err(HubUrlError::Scheme("ftp://x".into()))),
        (
            "10.0.0.5:8443",
            Err(HubUrlError::Scheme("10.0.0.5:8443".into())),
        ),
        ("http://", Err(HubUrlError::Scheme("http:".into()))),
        (
            "http:///path",
            Err(HubUrlError::NoHost("http:///path".into())),
        ),
        ("http://a b", Err(HubUrlError::Spaces("http://a b".into()))),
    ];
    for (input, want) in cases {
        assert_eq!(check_hub_url(input), want.map(String::from), "{input:?}");
    }
}

#[test]
fn the_environment_overrides_the_stored_address() {
    assert_eq!(
        effective_url(Some("http://test:1/"), "http://stored:2"),
        Some("http://test:1".into())
    );
    assert_eq!(
        effective_url(Some("  "), "http://stored:2"),
        Some("http://stored:2".into())
    );
    assert_eq!(effective_url(None, ""), None);
}

#[test]
fn older_rows_without_the_token_still_load() {
    let s: HubSettings = serde_json::from_str(r#"{"hub_url":"http://h:1"}"#).unwrap();
    assert_eq!(s.enrol_token, None);
    let s: HubSettings = serde_json::from_str("{}").unwrap();
    assert_eq!(s, HubSettings::default());
    let json = serde_json::to_string(&HubSettings {
        hub_url: "http://h:1".into(),
        enrol_token: None,
    })
    .unwrap();
    assert_eq!(json, r#"{"hub_url":"http://h:1"}"#);
}
