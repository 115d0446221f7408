use super::*;

#[test]
fn refusals_read_in_both_languages() {
    let wrong = TicketError::WrongStatus {
        number: "A-015".into(),
        status: TicketStatus::Done,
        step: Step::Skip,
    };
    assert_eq!(
        wrong.to_string(),
        "ticket A-015 is done, so it cannot be skipped (only a called ticket can be)"
    );
    assert_eq!(
        wrong.vi(),
        "Số A-015 đã xong, không thể bỏ qua (chỉ bỏ qua được số đang gọi)."
    );
    let not_today = TicketError::NotToday {
        number: "B-002".into(),
        day: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
    };
    assert!(not_today.vi().contains("24/11/2026"), "{}", not_today.vi());
    assert_eq!(
        TicketError::NothingCalled(2).vi(),
        "Quầy 2 chưa gọi số nào."
    );
    assert!(
        TicketError::AreaNotServed('C')
            .vi()
            .contains("không phục vụ khu vực C")
    );
}
