use chrono::NaiveDate;
use serde_json::json;

use super::*;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn current() -> Correctable {
    Correctable {
        name: "Nguyễn Thị Hường".into(),
        id_number: "038303001234".into(),
        phone: "0912345678".into(),
        address: "Thôn Yên Kỳ".into(),
        email: None,
        note: String::new(),
        result_delivery: ResultDelivery::Counter,
    }
}

#[test]
fn only_the_fields_that_really_change_are_changes() {
    let changes = DossierCorrection {
        name: Some("  Nguyễn Thị  Hương ".into()),
        // Typed as printed on the card: the same number.
        id_number: Some("038 303 001 234".into()),
        phone: Some("+84 912 345 678".into()),
        result_delivery: Some(ResultDelivery::Post),
        ..Default::default()
    };
    let (next, changed) = check_correction(&current(), &changes, now()).unwrap();
    assert_eq!(next.name, "Nguyễn Thị Hương");
    let fields: Vec<_> = changed.iter().map(|c| c.field).collect();
    assert_eq!(fields, [CorrectField::Name, CorrectField::ResultDelivery]);
    assert_eq!(changed[0].before, json!("Nguyễn Thị Hường"));
    assert_eq!(changed[1].after_vi(), "Bưu chính");
}

#[test]
fn every_bad_field_is_reported_with_the_intake_rules() {
    let changes = DossierCorrection {
        name: Some("".into()),
        id_number: Some("99930300123".into()),
        email: Some("not an email".into()),
        ..Default::default()
    };
    let errors = check_correction(&current(), &changes, now()).unwrap_err();
    let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [FormField::Name, FormField::IdNumber, FormField::Email]
    );
}

#[test]
fn an_empty_email_removes_it() {
    let mut cur = current();
    cur.email = Some("a@b.vn".into());
    let changes = DossierCorrection {
        email: Some(" ".into()),
        ..Default::default()
    };
    let (next, changed) = check_correction(&cur, &changes, now()).unwrap();
    assert_eq!(next.email, None);
    assert_eq!(changed[0].after, Value::Null);
    assert_eq!(changed[0].after_vi(), "(trống)");
}

#[test]
fn sides_are_shaped_like_the_dossier_and_read_back() {
    let changes = DossierCorrection {
        name: Some("Trần Văn B".into()),
        note: Some("Sửa lỗi gõ".into()),
        email: Some("b@x.vn".into()),
        ..Default::default()
    };
    let (_, changed) = check_correction(&current(), &changes, now()).unwrap();
    let before = side(&changed, false);
    let after = side(&changed, true);
    assert_eq!(
        after,
        json!({"applicant": {"name": "Trần Văn B", "email": "b@x.vn"}, "note": "Sửa lỗi gõ"})
    );
    assert_eq!(before["applicant"]["email"], Value::Null);
    assert_eq!(changes_of(&before, &after), changed);

    let mut dossier =
        json!({"code": "X", "applicant": {"name": "A", "id_number": "1"}, "note": ""});
    apply_to(&mut dossier, &changed);
    assert_eq!(dossier["applicant"]["name"], "Trần Văn B");
    assert_eq!(dossier["applicant"]["id_number"], "1");
    assert_eq!(dossier["note"], "Sửa lỗi gõ");
}

#[test]
fn a_reason_is_required_and_bounded() {
    assert_eq!(clean_reason("  \n "), Err(ReasonError::Missing));
    assert_eq!(clean_reason(" Gõ nhầm tên "), Ok("Gõ nhầm tên".into()));
    let long = "x".repeat(MAX_REASON_CHARS + 1);
    assert!(matches!(
        clean_reason(&long),
        Err(ReasonError::TooLong { .. })
    ));
}
