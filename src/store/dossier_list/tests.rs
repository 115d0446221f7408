use super::*;

#[test]
fn like_wildcards_in_the_search_text_are_literal() {
    assert_eq!(contains_pattern("a%b_c\\"), "%a\\%b\\_c\\\\%");
}

#[test]
fn due_ranges_end_at_midnight() {
    let now = NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(10, 30, 0)
        .unwrap();
    let day = |d| {
        NaiveDate::from_ymd_opt(2026, 12, d)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    };
    assert_eq!(
        due_range(Some(DueFilter::Today), now),
        (Some(day(1)), Some(day(2)))
    );
    assert_eq!(
        due_range(Some(DueFilter::WithinDays(3)), now),
        (Some(now), Some(day(5)))
    );
    assert_eq!(due_range(Some(DueFilter::Overdue), now), (None, Some(now)));
    assert_eq!(due_range(None, now), (None, None));
}
