use super::*;

#[test]
fn agency_ids() {
    assert_eq!(check_agency_id(" 000.00.12.h56 ").unwrap(), "000.00.12.H56");
    for bad in [
        "",
        "000.00.12",
        "000.00.12.H5",
        "000-00-12-H56",
        "000.00.12.H56.1",
        "ÂĂÂ.00.12.H56",
    ] {
        assert!(check_agency_id(bad).is_err(), "{bad}");
    }
}

#[test]
fn times() {
    assert_eq!(
        parse_hhmm("7:30").unwrap(),
        chrono::NaiveTime::from_hms_opt(7, 30, 0).unwrap()
    );
    assert!(parse_hhmm("25:00").is_err());
    assert!(parse_hhmm("7h30").is_err());
}

#[test]
fn lock_minutes() {
    assert_eq!(parse_lock_minutes(" 10 ").unwrap(), 10);
    assert_eq!(parse_lock_minutes("0").unwrap(), 0);
    for bad in ["", "-1", "5.5", "năm", "601"] {
        assert!(parse_lock_minutes(bad).is_err(), "{bad}");
    }
    // A row saved before the setting existed locks after the default.
    let old: CenterSettings =
        serde_json::from_str(r#"{"center_name": "X", "configured": true}"#).unwrap();
    assert_eq!(old.lock_minutes, DEFAULT_LOCK_MINUTES);
}
