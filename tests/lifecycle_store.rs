//! Status changes and the dossier list, on a real temporary database.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{good_draft, temp_db};
use quay::domain::dossier::Channel;
use quay::domain::lifecycle::{DossierStatus, LifecycleError};
use quay::domain::settings::CenterSettings;
use quay::intake::receive;
use quay::store::{
    Actor, DossierFilter, DueFilter, MAX_NOTE_CHARS, StatusError, Store, StoreError,
};

use DossierStatus::*;

fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn actor() -> Actor {
    Actor::system("quầy 2 (Lê Văn Tâm)")
}

/// The codes of four dossiers, in the order they fall due:
/// C due 30/11 17:00, A due 01/12 17:00, B due 02/12 17:00, D due 03/12 17:00.
struct Codes {
    a: String,
    b: String,
    c: String,
    d: String,
}

fn store_with_dossiers() -> (tempfile::TempDir, Store, Codes) {
    let (dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let settings = CenterSettings {
        agency_id: "000.00.12.H56".into(),
        counter_no: 2,
        officer_name: "Lê Văn Tâm".into(),
        configured: true,
        ..CenterSettings::default()
    };
    store.save_settings(&settings, &actor()).unwrap();
    let now = at(12, 3, 9, 0);
    let mut add = |name: &str, id: &str, phone: &str, proc: &str, ch, received| {
        let mut d = good_draft();
        d.applicant.name = name.into();
        d.applicant.id_number = id.into();
        d.applicant.phone = phone.into();
        d.procedure_code = proc.into();
        d.channel = ch;
        d.received_at = Some(received);
        receive(&mut store, &d, &actor(), now).unwrap().code
    };
    // Hộ tịch and chứng thực are same-day: before 15:00 due at 17:00 that day.
    let a = add(
        "Nguyễn Thị Hường",
        "038303001234",
        "0912345678",
        "1.000894",
        Channel::Direct,
        at(12, 1, 9, 0),
    );
    let b = add(
        "Trần Văn Bình",
        "038203001235",
        "0987654321",
        "2.000815",
        Channel::Online,
        at(12, 1, 15, 30),
    );
    let c = add(
        "Lê Đức Anh",
        "038090001236",
        "0901112233",
        "1.000894",
        Channel::Direct,
        at(11, 30, 10, 0),
    );
    let d = add(
        "Phạm Văn Đông",
        "001185000123",
        "0977000111",
        "1.000894",
        Channel::Post,
        at(12, 3, 8, 0),
    );
    (dir, store, Codes { a, b, c, d })
}

fn codes(store: &Store, filter: DossierFilter, now: NaiveDateTime) -> Vec<String> {
    store
        .list_dossiers(&filter, now)
        .unwrap()
        .into_iter()
        .map(|r| r.code)
        .collect()
}

fn status_of(store: &Store, code: &str) -> u8 {
    store.dossier_by_code(code).unwrap().status
}

#[test]
fn a_dossier_goes_through_its_life_with_history_audit_and_outbox() {
    let (_dir, mut store, c) = store_with_dossiers();
    let steps = [
        (Processing, "", at(12, 1, 9, 30)),
        (
            SupplementRequested,
            "Thiếu giấy xác nhận\r\ntình trạng hôn nhân\t",
            at(12, 1, 10, 0),
        ),
        (Processing, "Đã bổ sung", at(12, 2, 8, 0)),
        (Resolved, "", at(12, 2, 9, 0)),
        (Returned, "", at(12, 2, 14, 0)),
    ];
    let outbox_before = store.outbox_after(0, 100).unwrap().len();
    let mut from = Received;
    for (to, note, when) in steps {
        let change = store.set_status(&c.a, to, note, when, &actor()).unwrap();
        assert_eq!((change.from, change.to, change.at), (from, to, when));
        assert_eq!(status_of(&store, &c.a), to.code());
        from = to;
    }

    let history = store.status_history(&c.a).unwrap();
    assert_eq!(
        history.iter().map(|h| (h.from, h.to)).collect::<Vec<_>>(),
        [
            (Received, Processing),
            (Processing, SupplementRequested),
            (SupplementRequested, Processing),
            (Processing, Resolved),
            (Resolved, Returned),
        ]
    );
    assert_eq!(
        history[1].note, "Thiếu giấy xác nhận\ntình trạng hôn nhân",
        "cleaned"
    );
    assert_eq!(history[1].actor, "quầy 2 (Lê Văn Tâm)");
    assert!(store.status_history(&c.b).unwrap().is_empty());

    let events = store.outbox_after(0, 100).unwrap();
    assert_eq!(events.len(), outbox_before + 5);
    let last = events.last().unwrap();
    assert_eq!(
        (last.kind.as_str(), last.entity_key.as_str()),
        ("dossier.status_changed", c.a.as_str())
    );
    assert_eq!(last.payload["from"], 9);
    assert_eq!(last.payload["to"], 10);
    assert_eq!(last.payload["code"], c.a.as_str());
    assert_eq!(last.payload["at"], "2026-12-02T14:00:00");
    assert_eq!(last.payload["actor"], "quầy 2 (Lê Văn Tâm)");
    assert_eq!(
        last.payload["station_id"],
        store.station_id().unwrap().as_str()
    );
    assert_eq!(store.count_actions(&c.a, "dossier.status").unwrap(), 5);
}

#[test]
fn refused_changes_change_nothing() {
    let (_dir, mut store, c) = store_with_dossiers();
    let outbox = store.outbox_after(0, 100).unwrap().len();
    let when = at(12, 1, 10, 0);

    match store.set_status(&c.a, Resolved, "", when, &actor()) {
        Err(StatusError::Transition { source, .. }) => assert_eq!(
            source,
            LifecycleError::Refused {
                from: Received,
                to: Resolved
            }
        ),
        other => panic!("expected a refused transition, got {other:?}"),
    }
    assert!(matches!(
        store.set_status(&c.a, Received, "", when, &actor()),
        Err(StatusError::Transition {
            source: LifecycleError::Unchanged(Received),
            ..
        })
    ));
    assert!(matches!(
        store.set_status("000.00.12.H56-261201-9999", Processing, "", when, &actor()),
        Err(StatusError::Store(StoreError::DossierNotFound(_)))
    ));
    assert!(matches!(
        store.status_history("000.00.12.H56-261201-9999"),
        Err(StoreError::DossierNotFound(_))
    ));
    // Before the dossier was received (09:00).
    assert!(matches!(
        store.set_status(&c.a, Processing, "", at(12, 1, 8, 59), &actor()),
        Err(StatusError::BeforeReceipt { .. })
    ));
    let long = "x".repeat(MAX_NOTE_CHARS + 1);
    assert!(matches!(
        store.set_status(&c.a, Processing, &long, when, &actor()),
        Err(StatusError::NoteTooLong { chars }) if chars == MAX_NOTE_CHARS + 1
    ));

    assert_eq!(status_of(&store, &c.a), 2);
    assert!(store.status_history(&c.a).unwrap().is_empty());
    assert_eq!(store.outbox_after(0, 100).unwrap().len(), outbox);
    assert_eq!(store.count_actions(&c.a, "dossier.status").unwrap(), 0);

    // The longest note is kept; a final status is final.
    let full = "ư".repeat(MAX_NOTE_CHARS);
    store
        .set_status(&c.a, Processing, &full, when, &actor())
        .unwrap();
    store
        .set_status(&c.a, Withdrawn, "", when, &actor())
        .unwrap();
    assert!(matches!(
        store.set_status(&c.a, Processing, "", when, &actor()),
        Err(StatusError::Transition {
            source: LifecycleError::Final { from: Withdrawn },
            ..
        })
    ));
    assert_eq!(store.status_history(&c.a).unwrap()[0].note, full);
}

#[test]
fn the_list_is_sorted_by_due_date_and_searches_every_way_staff_type() {
    let (_dir, store, c) = store_with_dossiers();
    let now = at(12, 1, 10, 0);
    let all = codes(&store, DossierFilter::default(), now);
    assert_eq!(
        all,
        [c.c.as_str(), c.a.as_str(), c.b.as_str(), c.d.as_str()]
    );
    let rows = store.list_dossiers(&DossierFilter::default(), now).unwrap();
    assert_eq!(rows[1].applicant_name, "Nguyễn Thị Hường");
    assert_eq!(rows[1].procedure_name, "Thủ tục đăng ký kết hôn");
    assert_eq!(
        (rows[1].field.as_str(), rows[1].status),
        ("Hộ tịch", Received)
    );
    assert_eq!(
        (rows[1].received_at, rows[1].due_at),
        (at(12, 1, 9, 0), at(12, 1, 17, 0))
    );
    assert_eq!(
        rows[2].due_at,
        at(12, 2, 17, 0),
        "after 15:00: next working day"
    );

    let search = |text: &str| {
        codes(
            &store,
            DossierFilter {
                text: Some(text.into()),
                ..DossierFilter::default()
            },
            now,
        )
    };
    assert_eq!(search("huong"), [c.a.as_str()], "without diacritics");
    assert_eq!(search("Hường"), [c.a.as_str()], "with diacritics");
    assert_eq!(search("NGUYEN THI"), [c.a.as_str()]);
    assert_eq!(search("dong"), [c.d.as_str()], "đ folds to d");
    assert_eq!(search("0987654321"), [c.b.as_str()], "phone");
    assert_eq!(search("038090001236"), [c.c.as_str()], "CCCD");
    assert_eq!(search(&c.d), [c.d.as_str()], "code");
    assert_eq!(search("  "), all, "blank means no search");
    assert!(search("%").is_empty(), "wildcards are literal");

    let f = DossierFilter {
        field: Some("Chứng thực".into()),
        ..DossierFilter::default()
    };
    assert_eq!(codes(&store, f, now), [c.b.as_str()]);
    let f = DossierFilter {
        channel: Some(Channel::Post),
        ..DossierFilter::default()
    };
    assert_eq!(codes(&store, f, now), [c.d.as_str()]);
    let f = DossierFilter {
        limit: 2,
        ..DossierFilter::default()
    };
    assert_eq!(codes(&store, f, now), [c.c.as_str(), c.a.as_str()]);
}

#[test]
fn due_filters_show_only_dossiers_that_still_owe_a_result() {
    let (_dir, mut store, c) = store_with_dossiers();
    let due = |store: &Store, d: DueFilter, now| {
        codes(
            store,
            DossierFilter {
                due: Some(d),
                ..DossierFilter::default()
            },
            now,
        )
    };
    let morning = at(12, 1, 10, 0);
    let evening = at(12, 1, 18, 0);
    assert_eq!(due(&store, DueFilter::Overdue, morning), [c.c.as_str()]);
    assert_eq!(
        due(&store, DueFilter::Overdue, evening),
        [c.c.as_str(), c.a.as_str()]
    );
    assert_eq!(due(&store, DueFilter::Today, morning), [c.a.as_str()]);
    assert!(
        due(&store, DueFilter::Today, evening).is_empty(),
        "after its hour a dossier is overdue, no longer due today"
    );
    assert_eq!(
        due(&store, DueFilter::WithinDays(0), morning),
        [c.a.as_str()]
    );
    assert_eq!(
        due(&store, DueFilter::WithinDays(1), morning),
        [c.a.as_str(), c.b.as_str()]
    );
    assert_eq!(
        due(&store, DueFilter::WithinDays(1), evening),
        [c.b.as_str()],
        "overdue is not within"
    );

    // Withdrawn, resolved and returned dossiers are never due nor overdue.
    store
        .set_status(&c.c, Withdrawn, "", morning, &actor())
        .unwrap();
    store
        .set_status(&c.a, Processing, "", morning, &actor())
        .unwrap();
    store
        .set_status(&c.a, Resolved, "", morning, &actor())
        .unwrap();
    assert!(due(&store, DueFilter::Overdue, evening).is_empty());
    assert!(due(&store, DueFilter::Today, morning).is_empty());
    // Paused for papers: the clock is stopped, so it is neither due nor overdue
    // until the papers come; then its due time has moved by the time it waited.
    store
        .set_status(&c.b, Processing, "", at(12, 1, 16, 0), &actor())
        .unwrap();
    store
        .set_status(
            &c.b,
            SupplementRequested,
            "Thiếu bản sao giấy khai sinh",
            at(12, 1, 16, 0),
            &actor(),
        )
        .unwrap();
    assert!(due(&store, DueFilter::Overdue, at(12, 3, 8, 0)).is_empty());
    store
        .set_status(&c.b, Processing, "", at(12, 3, 8, 0), &actor())
        .unwrap();
    assert!(due(&store, DueFilter::Overdue, at(12, 3, 8, 30)).is_empty());
    assert!(due(&store, DueFilter::Overdue, at(12, 9, 8, 0)).contains(&c.b));

    let by_status = |s| {
        codes(
            &store,
            DossierFilter {
                status: Some(s),
                ..DossierFilter::default()
            },
            morning,
        )
    };
    assert_eq!(by_status(Resolved), [c.a.as_str()]);
    assert_eq!(by_status(Withdrawn), [c.c.as_str()]);
    assert_eq!(by_status(Received), [c.d.as_str()]);
}
