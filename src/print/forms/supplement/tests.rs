use super::*;
use crate::domain::dossier::{Applicant, Channel, Deadline, ResultDelivery};
use chrono::NaiveDate;

fn t(d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .and_then(|d| d.and_hms_opt(h, 0, 0))
        .unwrap()
}

fn dossier() -> Dossier {
    Dossier {
        id: 1,
        code: "000.00.12.H56-261125-1001".into(),
        procedure_code: String::new(),
        procedure_name: "Thủ tục đăng ký kết hôn".into(),
        field: String::new(),
        applicant: Applicant {
            name: "Nguyễn Thị Hường".into(),
            ..Applicant::default()
        },
        channel: Channel::Direct,
        received_at: t(25, 9),
        deadline: Deadline::WorkingDays(3),
        due_at: t(30, 9),
        documents: Vec::new(),
        sets: 1,
        fee_vnd: 0,
        result_delivery: ResultDelivery::Counter,
        note: String::new(),
        attachments: Vec::new(),
        status: 5,
        counter_no: 1,
        register_book: 2026,
        register_no: 1,
        officer_name: String::new(),
        created_at: t(25, 9),
        received_by: None,
    }
}

fn supplement(items: &[&str], reason: &str, contact: &str) -> Supplement {
    Supplement {
        number: 1,
        requested_at: t(26, 10),
        items: items.iter().map(|s| s.to_string()).collect(),
        reason: reason.into(),
        contact: contact.into(),
        due_before: t(30, 9),
        remaining_minutes: 600,
        resumed_at: None,
        due_after: None,
        actor: String::new(),
    }
}

#[test]
fn working_time_in_days_hours_and_minutes() {
    let day = 480;
    let cases = [
        (0, None),
        (-45, None),
        (30, Some("30 phút làm việc")),
        (60, Some("1 giờ làm việc")),
        (480, Some("01 ngày làm việc")),
        (1110, Some("02 ngày 2 giờ 30 phút làm việc")),
        (5 * 480 + 61, Some("05 ngày 1 giờ 1 phút làm việc")),
    ];
    for (minutes, want) in cases {
        assert_eq!(
            working_time(minutes, day).as_deref(),
            want,
            "{minutes} minutes"
        );
    }
    // Office hours that make no day: the time is given in hours.
    assert_eq!(
        working_time(150, 0).as_deref(),
        Some("2 giờ 30 phút làm việc")
    );
}

#[test]
fn default_office_hours_make_an_eight_hour_day() {
    assert_eq!(day_minutes(&CenterSettings::default()), 480);
}

#[test]
fn items_and_reason_are_kept_apart_unless_there_are_no_items() {
    let s = CenterSettings::default();
    let both = Text::new(&dossier(), &supplement(&["A", " ", "B"], "Lý do", ""), &s);
    assert_eq!(both.items, vec!["A", "B"], "blank items are dropped");
    assert_eq!(both.reason.as_deref(), Some("Lý do"));

    let bare = Text::new(&dossier(), &supplement(&[], "Nộp thêm bản sao", ""), &s);
    assert_eq!(bare.items, vec!["Nộp thêm bản sao"]);
    assert_eq!(bare.reason, None);

    let no_reason = Text::new(&dossier(), &supplement(&["A"], "  ", ""), &s);
    assert_eq!(no_reason.reason, None);
}

#[test]
fn contact_falls_back_to_the_counter() {
    let mut s = CenterSettings {
        officer_name: "Trần Thu Hà".into(),
        hotline: "0210 3812 345".into(),
        ..CenterSettings::default()
    };
    let written = supplement(&["A"], "", "Anh Bình, 0912 000 111");
    assert_eq!(contact(&written, &s), "Anh Bình, 0912 000 111");
    let none = supplement(&["A"], "", "");
    assert_eq!(
        contact(&none, &s),
        "Trần Thu Hà – Bộ phận tiếp nhận và trả kết quả, số điện thoại 0210 3812 345"
    );
    s.officer_name.clear();
    s.hotline.clear();
    assert_eq!(contact(&none, &s), "Bộ phận tiếp nhận và trả kết quả");
}

#[test]
fn the_form_is_laid_out_with_its_parts_in_order() {
    let s = CenterSettings::default();
    let text = Text::new(
        &dossier(),
        &supplement(&["Bản sao giấy khai sinh"], "Thiếu giấy tờ", ""),
        &s,
    );
    let pages =
        super::super::page_strings(&a4_style(), PaperSize::A4.mm(), &marks(&text, None), |f| {
            body(f, &text)
        })
        .unwrap();
    assert_eq!(pages.len(), 1);
    let all = pages[0].join("|");
    let order = [
        TITLE,
        "Nguyễn Thị Hường",
        "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
        "Bản sao giấy khai sinh",
        "Thiếu giấy tờ",
        "NGƯỜI HƯỚNG DẪN",
    ];
    let mut from = 0;
    for s in order {
        let at = all[from..]
            .find(s)
            .unwrap_or_else(|| panic!("{s} missing or out of order in {all}"));
        from += at + s.len();
    }
}
