use super::*;

#[test]
fn money_is_grouped_with_dots() {
    assert_eq!(fmt_vnd(0), "0 đ");
    assert_eq!(fmt_vnd(8_000), "8.000 đ");
    assert_eq!(fmt_vnd(50_000), "50.000 đ");
    assert_eq!(fmt_vnd(1_234_567), "1.234.567 đ");
    assert_eq!(fmt_vnd(-1_200), "-1.200 đ");
}

#[test]
fn money_parses_what_officers_type() {
    assert_eq!(parse_vnd("50.000"), Some(50_000));
    assert_eq!(parse_vnd("50000"), Some(50_000));
    assert_eq!(parse_vnd(" 50.000 đ "), Some(50_000));
    assert_eq!(parse_vnd("50,000"), Some(50_000));
    assert_eq!(parse_vnd(""), None);
    assert_eq!(parse_vnd("-5"), None);
    assert_eq!(parse_vnd("5a"), None);
    assert_eq!(parse_vnd("99999999999999999999"), None);
}

#[test]
fn dates_are_day_month_year() {
    let t = NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(16, 30, 0))
        .unwrap();
    assert_eq!(fmt_date(t.date()), "25/11/2026");
    assert_eq!(fmt_datetime(t), "16:30 25/11/2026");
    assert_eq!(
        fmt_datetime_long(t),
        "16 giờ 30 phút, thứ tư ngày 25/11/2026"
    );
}
