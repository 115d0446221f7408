use super::*;
use crate::domain::calendar::{CalendarDay, parse_calendar_csv};
use crate::domain::catalog::{DocumentKind, parse_catalog_csv};
use crate::domain::dossier::{Channel, ResultDelivery};
use chrono::NaiveDate;

struct World {
    catalog: Vec<Procedure>,
    calendar: WorkCalendar,
    hours: OfficeHours,
}

fn world() -> World {
    World {
        catalog: parse_catalog_csv(crate::BUNDLED_CATALOG).unwrap(),
        calendar: WorkCalendar::new(&parse_calendar_csv(crate::BUNDLED_CALENDAR).unwrap()),
        hours: OfficeHours::default(),
    }
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

/// Wednesday 25/11/2026, 09:00.
fn now() -> NaiveDateTime {
    at(2026, 11, 25, 9, 0)
}

fn good() -> DossierDraft {
    DossierDraft {
        procedure_code: "1.000894".into(),
        applicant: Applicant {
            name: "Nguyễn Thị Hường".into(),
            id_number: "038303001234".into(),
            phone: "0912345678".into(),
            address: "Thôn Yên Kỳ, xã Yên Kỳ, tỉnh Thanh Hóa".into(),
            email: None,
        },
        channel: Channel::Direct,
        received_at: None,
        documents: None,
        sets: 1,
        fee_vnd: None,
        result_delivery: ResultDelivery::Counter,
        note: String::new(),
        deadline_working_days: None,
        attachments: Vec::new(),
    }
}

fn run(w: &World, draft: &DossierDraft) -> Result<NewDossier, Vec<FieldError>> {
    let p = w
        .catalog
        .iter()
        .find(|p| p.code == draft.procedure_code.trim());
    validate_draft(draft, p, &w.calendar, &w.hours, now())
}

fn fields(w: &World, draft: &DossierDraft) -> Vec<FormField> {
    match run(w, draft) {
        Ok(_) => Vec::new(),
        Err(errors) => {
            for e in &errors {
                assert!(!e.vi.is_empty() && !e.en.is_empty(), "{e:?}");
            }
            errors.iter().map(|e| e.field).collect()
        }
    }
}

fn attachment(name: &str) -> Attachment {
    Attachment {
        file_name: name.into(),
        sha256: "ab".repeat(32),
        size_bytes: 10,
    }
}

#[test]
fn good_draft_passes_with_defaults() {
    let w = world();
    let d = run(&w, &good()).unwrap();
    assert_eq!(d.procedure_code, "1.000894");
    assert_eq!(d.procedure_name, "Thủ tục đăng ký kết hôn");
    assert_eq!(d.field, "Hộ tịch");
    assert_eq!(d.received_at, now());
    assert_eq!(d.deadline, Deadline::SameDay);
    assert_eq!(d.due_at, at(2026, 11, 25, 17, 0));
    assert_eq!(d.fee_vnd, 0);
    assert_eq!(d.sets, 1);
    assert_eq!(d.applicant.email, None);
    // The unconditional papers of 1.000894: the declaration and the ID shown.
    let kinds: Vec<DocumentKind> = d.documents.iter().map(|x| x.kind).collect();
    assert_eq!(kinds, vec![DocumentKind::Original, DocumentKind::Shown]);
    assert!(d.documents[0].name.starts_with("Tờ khai đăng ký kết hôn"));
}

#[test]
fn text_is_stored_nfc_and_clean() {
    let w = world();
    let mut draft = good();
    draft.applicant.name = "  Nguye\u{0302}\u{0303}n   Văn\tA ".into();
    draft.applicant.id_number = "038 303 001 234".into();
    draft.applicant.phone = "+84 912.345-678".into();
    draft.applicant.address = "Xo\u{0301}m 1,\u{00A0}xã Yên Kỳ".into();
    draft.applicant.email = Some("  a.b@gmail.com ".into());
    draft.note = "dòng 1  \r\nQua\u{0309}ng  \n".into();
    draft.documents = Some(vec![ReceivedDocument {
        name: " Gia\u{0302}\u{0301}y  tờ ".into(),
        kind: DocumentKind::Copy,
        count: 2,
    }]);
    draft.attachments = vec![attachment("  scan\u{0301} 1.pdf ")];
    let d = run(&w, &draft).unwrap();
    assert_eq!(d.applicant.name, "Nguyễn Văn A");
    assert_eq!(d.applicant.name, "Nguy\u{1EC5}n Văn A");
    assert_eq!(d.applicant.id_number, "038303001234");
    assert_eq!(d.applicant.phone, "0912345678");
    assert_eq!(d.applicant.address, "Xóm 1, xã Yên Kỳ");
    assert_eq!(d.applicant.email.as_deref(), Some("a.b@gmail.com"));
    assert_eq!(d.note, "dòng 1\nQuảng");
    assert_eq!(d.documents[0].name, "Giấy tờ");
    assert_eq!(d.documents[0].count, 2);
    assert_eq!(d.attachments[0].file_name, "scań 1.pdf");
}

#[test]
fn each_rule_refuses_with_its_field() {
    let w = world();
    type Edit = fn(&mut DossierDraft);
    let cases: Vec<(Edit, FormField)> = vec![
        (
            |d| d.procedure_code = "9.999999".into(),
            FormField::Procedure,
        ),
        (|d| d.procedure_code = "  ".into(), FormField::Procedure),
        (|d| d.applicant.name = "  ".into(), FormField::Name),
        (|d| d.applicant.name = "ễ".repeat(101), FormField::Name),
        (
            |d| d.applicant.name = "Nguyễn Văn 3".into(),
            FormField::Name,
        ),
        (|d| d.applicant.name = "Trần <b>".into(), FormField::Name),
        (|d| d.applicant.name = "-- .".into(), FormField::Name),
        (|d| d.applicant.id_number = "".into(), FormField::IdNumber),
        (
            |d| d.applicant.id_number = "03830300123".into(),
            FormField::IdNumber,
        ),
        (
            |d| d.applicant.id_number = "099303001234".into(),
            FormField::IdNumber,
        ),
        (
            |d| d.applicant.id_number = "038399001234".into(),
            FormField::IdNumber,
        ),
        (|d| d.applicant.phone = "".into(), FormField::Phone),
        (|d| d.applicant.phone = "091234567".into(), FormField::Phone),
        (
            |d| d.applicant.phone = "09123456789".into(),
            FormField::Phone,
        ),
        (
            |d| d.applicant.phone = "1912345678".into(),
            FormField::Phone,
        ),
        (
            |d| d.applicant.phone = "+1 912345678".into(),
            FormField::Phone,
        ),
        (
            |d| d.applicant.phone = "0912 345 67a".into(),
            FormField::Phone,
        ),
        (|d| d.applicant.address = " ".into(), FormField::Address),
        (
            |d| d.applicant.address = "ả".repeat(301),
            FormField::Address,
        ),
        (|d| d.applicant.email = Some("a@b".into()), FormField::Email),
        (
            |d| d.applicant.email = Some("a b@c.vn".into()),
            FormField::Email,
        ),
        (
            |d| d.applicant.email = Some("a@b@c.vn".into()),
            FormField::Email,
        ),
        (
            |d| d.applicant.email = Some("@c.vn".into()),
            FormField::Email,
        ),
        (
            |d| d.applicant.email = Some("a@c.vn.".into()),
            FormField::Email,
        ),
        (
            |d| d.applicant.email = Some(format!("{}@c.vn", "a".repeat(250))),
            FormField::Email,
        ),
        (|d| d.documents = Some(Vec::new()), FormField::Documents),
        (
            |d| {
                d.documents = Some(vec![ReceivedDocument {
                    name: " ".into(),
                    kind: DocumentKind::Original,
                    count: 1,
                }])
            },
            FormField::Documents,
        ),
        (
            |d| {
                d.documents = Some(vec![ReceivedDocument {
                    name: "X".into(),
                    kind: DocumentKind::Original,
                    count: 0,
                }])
            },
            FormField::Documents,
        ),
        (
            |d| {
                d.documents = Some(vec![ReceivedDocument {
                    name: "X".into(),
                    kind: DocumentKind::Original,
                    count: 100,
                }])
            },
            FormField::Documents,
        ),
        (
            |d| {
                d.documents = Some(vec![ReceivedDocument {
                    name: "ộ".repeat(501),
                    kind: DocumentKind::Original,
                    count: 1,
                }])
            },
            FormField::Documents,
        ),
        (|d| d.sets = 0, FormField::Sets),
        (|d| d.sets = 100, FormField::Sets),
        (|d| d.fee_vnd = Some(-1), FormField::Fee),
        (|d| d.fee_vnd = Some(100_000_001), FormField::Fee),
        (|d| d.note = "ữ".repeat(1_001), FormField::Note),
        (
            |d| d.received_at = Some(at(2026, 11, 25, 9, 6)),
            FormField::ReceivedAt,
        ),
        (|d| d.deadline_working_days = Some(366), FormField::Deadline),
        (
            |d| d.procedure_code = "2.002516".into(),
            FormField::Deadline,
        ),
        (
            |d| d.attachments = (0..21).map(|i| attachment(&format!("{i}.pdf"))).collect(),
            FormField::Attachments,
        ),
        (
            |d| d.attachments = vec![attachment(" ")],
            FormField::Attachments,
        ),
        (
            |d| {
                d.attachments = vec![Attachment {
                    file_name: "a.pdf".into(),
                    sha256: "AB".repeat(32),
                    size_bytes: 1,
                }]
            },
            FormField::Attachments,
        ),
        (
            |d| {
                d.attachments = vec![Attachment {
                    file_name: "a.pdf".into(),
                    sha256: "ab".repeat(31),
                    size_bytes: 1,
                }]
            },
            FormField::Attachments,
        ),
        (
            |d| d.attachments = vec![attachment(&"ế".repeat(256))],
            FormField::Attachments,
        ),
    ];
    for (i, (edit, field)) in cases.into_iter().enumerate() {
        let mut draft = good();
        edit(&mut draft);
        assert_eq!(fields(&w, &draft), vec![field], "case {i}: {draft:?}");
    }
}

#[test]
fn limits_are_inclusive_and_count_characters() {
    let w = world();
    let mut draft = good();
    draft.applicant.name = "ễ".repeat(100);
    draft.applicant.address = "ả".repeat(300);
    draft.note = "ữ".repeat(1_000);
    draft.sets = 99;
    draft.fee_vnd = Some(100_000_000);
    draft.deadline_working_days = Some(365);
    draft.received_at = Some(at(2026, 11, 25, 9, 5));
    draft.attachments = (0..20).map(|i| attachment(&format!("{i}.pdf"))).collect();
    draft.documents = Some(vec![ReceivedDocument {
        name: "ộ".repeat(500),
        kind: DocumentKind::Original,
        count: 99,
    }]);
    let d = run(&w, &draft).unwrap();
    assert_eq!(d.deadline, Deadline::WorkingDays(365));
    assert_eq!(d.fee_vnd, 100_000_000);
}

#[test]
fn accepted_names() {
    let w = world();
    for name in [
        "Nguyễn Văn A",
        "Y-Moan Ê Ban",
        "H'Hen Niê",
        "H’Luân",
        "Jr. Smith",
        "Lò Văn Páo",
        "ĐẶNG THỊ Ỷ",
        "李小龍",
    ] {
        let mut draft = good();
        draft.applicant.name = name.into();
        assert_eq!(fields(&w, &draft), Vec::<FormField>::new(), "{name}");
    }
}

#[test]
fn phone_forms() {
    for (typed, stored) in [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("+84 0912 345 678", "0912345678"),
        ("0241234567", "0241234567"),
    ] {
        assert_eq!(check_phone(typed).as_deref(), Ok(stored), "{typed}");
    }
    for bad in [
        "",
        "0012345678",
        "+8491234567",
        "8412345678",
        "+",
        "+84",
        "0912 345 678 9",
        "(091) 2345678",
    ] {
        assert!(check_phone(bad).is_err(), "{bad}");
    }
}

#[test]
fn empty_email_is_none() {
    assert_eq!(check_email(None), Ok(None));
    assert_eq!(check_email(Some("  ")), Ok(None));
    assert_eq!(
        check_email(Some("x@ubnd.thanhhoa.gov.vn")),
        Ok(Some("x@ubnd.thanhhoa.gov.vn".into()))
    );
}

#[test]
fn all_errors_are_collected() {
    let w = world();
    let mut draft = good();
    draft.applicant.name = String::new();
    draft.applicant.id_number = "12".into();
    draft.applicant.phone = "abc".into();
    draft.applicant.address = String::new();
    draft.applicant.email = Some("nope".into());
    draft.sets = 0;
    draft.fee_vnd = Some(-5);
    draft.received_at = Some(at(2027, 1, 1, 9, 0));
    draft.attachments = vec![attachment("")];
    draft.documents = Some(vec![
        ReceivedDocument {
            name: String::new(),
            kind: DocumentKind::Original,
            count: 1,
        },
        ReceivedDocument {
            name: "X".into(),
            kind: DocumentKind::Original,
            count: 0,
        },
    ]);
    let got = fields(&w, &draft);
    use FormField::*;
    assert_eq!(
        got,
        vec![
            Name,
            IdNumber,
            Phone,
            Address,
            Email,
            Documents,
            Documents,
            Sets,
            Fee,
            ReceivedAt,
            Attachments
        ]
    );
}

#[test]
fn unknown_procedure_still_checks_the_rest() {
    let w = world();
    let mut draft = good();
    draft.procedure_code = "1.999999".into();
    draft.applicant.phone = "1".into();
    let errors = run(&w, &draft).unwrap_err();
    let got: Vec<FormField> = errors.iter().map(|e| e.field).collect();
    assert_eq!(got, vec![FormField::Procedure, FormField::Phone]);
    assert!(errors[0].vi.contains("1.999999"));
}

#[test]
fn mismatched_procedure_is_refused() {
    let w = world();
    let other = w.catalog.iter().find(|p| p.code == "1.001193").unwrap();
    let r = validate_draft(&good(), Some(other), &w.calendar, &w.hours, now());
    assert_eq!(r.unwrap_err()[0].field, FormField::Procedure);
}

#[test]
fn deadline_sources() {
    let w = world();
    let mut draft = good();
    draft.procedure_code = "2.002516".into();
    let e = run(&w, &draft).unwrap_err();
    assert_eq!(
        e[0].vi,
        "Thủ tục này chưa có thời hạn giải quyết trong danh mục: nhập số ngày làm việc."
    );
    draft.deadline_working_days = Some(3);
    let d = run(&w, &draft).unwrap();
    assert_eq!(d.deadline, Deadline::WorkingDays(3));
    // Wed 25/11 09:00 + 3 working days → Mon 30/11 09:00.
    assert_eq!(d.due_at, at(2026, 11, 30, 9, 0));
    // Typed value wins over the catalog, 0 means same day.
    let mut draft = good();
    draft.procedure_code = "2.000806".into();
    draft.deadline_working_days = Some(0);
    assert_eq!(run(&w, &draft).unwrap().deadline, Deadline::SameDay);
    draft.deadline_working_days = None;
    assert_eq!(run(&w, &draft).unwrap().deadline, Deadline::WorkingDays(5));
}

#[test]
fn fee_defaults() {
    let w = world();
    let mut draft = good();
    draft.procedure_code = "2.000884".into();
    assert_eq!(run(&w, &draft).unwrap().fee_vnd, 10_000);
    draft.procedure_code = "2.000806".into();
    assert_eq!(run(&w, &draft).unwrap().fee_vnd, 0);
    draft.fee_vnd = Some(50_000);
    assert_eq!(run(&w, &draft).unwrap().fee_vnd, 50_000);
}

#[test]
fn received_at_in_the_past_sets_due_date() {
    let w = world();
    let mut draft = good();
    // Friday 13/02/2026 15:30, before Tết: same-day → Monday 23/02 17:00.
    draft.received_at = Some(at(2026, 2, 13, 15, 30));
    let d = run(&w, &draft).unwrap();
    assert_eq!(d.received_at, at(2026, 2, 13, 15, 30));
    assert_eq!(d.due_at, at(2026, 2, 23, 17, 0));
}

#[test]
fn calendar_error_lands_on_deadline() {
    let w = world();
    let start = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let all_off: Vec<CalendarDay> = (0..4_000)
        .filter_map(|i| start.checked_add_days(chrono::Days::new(i)))
        .map(|date| CalendarDay {
            date,
            name: String::new(),
            kind: "statutory".into(),
            day_off: Some(true),
            status: String::new(),
            note: String::new(),
        })
        .collect();
    let cal = WorkCalendar::new(&all_off);
    let p = w.catalog.iter().find(|p| p.code == "1.000894");
    let e = validate_draft(&good(), p, &cal, &w.hours, now()).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].field, FormField::Deadline);
    let bad_hours = OfficeHours {
        morning_open: w.hours.afternoon_close,
        ..w.hours
    };
    let e = validate_draft(&good(), p, &w.calendar, &bad_hours, now()).unwrap_err();
    assert_eq!(e[0].field, FormField::Deadline);
}

#[test]
fn field_keys_and_labels() {
    let keys: Vec<&str> = FormField::ALL.iter().map(|f| f.key()).collect();
    assert_eq!(
        keys,
        vec![
            "procedure",
            "name",
            "id_number",
            "phone",
            "address",
            "email",
            "documents",
            "sets",
            "fee",
            "note",
            "deadline",
            "received_at",
            "attachments"
        ]
    );
    assert_eq!(FormField::IdNumber.vi(), "Số CCCD");
    assert_eq!(FormField::Documents.vi(), "Thành phần hồ sơ");
    let e = FieldError::new(FormField::Sets, "vi", "en");
    assert_eq!(e.to_string(), "sets: en");
    assert_eq!(Localized::vi(&e), "vi");
}
