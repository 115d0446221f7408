//! Supplement requests with the paused clock, refusals, apologies, transfers,
//! payments and the result's return, on a real temporary database.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{good_draft, temp_db};
use quay::domain::dossier::ResultDelivery;
use quay::domain::lifecycle::DossierStatus;
use quay::domain::progress::SupplementRequest;
use quay::intake::receive;
use quay::store::{Actor, StatusError, Store};

use DossierStatus::*;

fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn actor() -> Actor {
    Actor::system("quầy 1 (Trần Thu Hà)")
}

/// A three-working-day dossier (1.001022) received Mon 02/03/2026 08:00, due
/// Thu 05/03 08:00, already in processing.
fn processing() -> (tempfile::TempDir, Store, String) {
    let (dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let mut d = good_draft();
    d.procedure_code = "1.001022".into();
    d.received_at = Some(at(3, 2, 8, 0));
    let code = receive(&mut store, &d, &actor(), at(3, 2, 8, 0))
        .unwrap()
        .code;
    assert_eq!(store.dossier_by_code(&code).unwrap().due_at, at(3, 5, 8, 0));
    store
        .set_status(&code, Processing, "", at(3, 2, 9, 0), &actor())
        .unwrap();
    (dir, store, code)
}

fn request(items: &[&str]) -> SupplementRequest {
    SupplementRequest {
        items: items.iter().map(|s| s.to_string()).collect(),
        reason: "Thiếu giấy tờ theo quy định".into(),
        contact: "Trần Thu Hà, 0912 000 111".into(),
    }
}

#[test]
fn supplement_stops_the_clock_and_the_papers_restart_it() {
    let (_dir, mut store, code) = processing();
    // Tue 03/03 10:00: 90 + 210 minutes on Tuesday, 480 on Wednesday, 60 on
    // Thursday morning = 840 working minutes left.
    store
        .request_supplement(
            &code,
            &request(&["Bản sao giấy khai sinh"]),
            at(3, 3, 10, 0),
            &actor(),
        )
        .unwrap();
    let p = store.progress(&code).unwrap();
    assert_eq!(p.paused_at, Some(at(3, 3, 10, 0)));
    assert_eq!(p.supplements.len(), 1);
    assert_eq!(p.supplements[0].remaining_minutes, 840);
    assert_eq!(p.supplements[0].items, vec!["Bản sao giấy khai sinh"]);
    assert_eq!(store.dossier_by_code(&code).unwrap().status, 5);

    // Papers on Mon 09/03 at 14:00: 180 that day, 480 Tuesday, 180 Wednesday → 10:00.
    store
        .supplement_received(&code, "Đã bổ sung", at(3, 9, 14, 0), &actor())
        .unwrap();
    let p = store.progress(&code).unwrap();
    assert_eq!(p.paused_at, None);
    assert_eq!(p.supplements[0].resumed_at, Some(at(3, 9, 14, 0)));
    assert_eq!(p.supplements[0].due_after, Some(at(3, 11, 10, 0)));
    assert_eq!(
        store.dossier_by_code(&code).unwrap().due_at,
        at(3, 11, 10, 0)
    );
    assert!(!p.flagged_supplements());
}

#[test]
fn a_second_request_is_flagged_and_counted() {
    let (_dir, mut store, code) = processing();
    store
        .request_supplement(&code, &request(&["Tờ khai"]), at(3, 3, 10, 0), &actor())
        .unwrap();
    store
        .supplement_received(&code, "", at(3, 4, 8, 0), &actor())
        .unwrap();
    store
        .request_supplement(&code, &request(&["Ảnh 4x6"]), at(3, 4, 9, 0), &actor())
        .unwrap();
    let p = store.progress(&code).unwrap();
    assert_eq!(p.supplements.len(), 2);
    assert_eq!(p.supplements[1].number, 2);
    assert!(p.flagged_supplements());
    let count: u32 = rusqlite::Connection::open(store.path())
        .unwrap()
        .query_row("SELECT supplement_count FROM dossier", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 2);
}

#[test]
fn withdrawing_while_paused_closes_the_request_and_ends_processing() {
    let (_dir, mut store, code) = processing();
    store
        .request_supplement(&code, &request(&["Tờ khai"]), at(3, 3, 10, 0), &actor())
        .unwrap();
    store
        .set_status(
            &code,
            Withdrawn,
            "Công dân rút hồ sơ",
            at(3, 6, 9, 0),
            &actor(),
        )
        .unwrap();
    let p = store.progress(&code).unwrap();
    assert_eq!(p.paused_at, None);
    assert_eq!(p.finished_at, Some(at(3, 6, 9, 0)));
    assert_eq!(p.supplements[0].resumed_at, Some(at(3, 6, 9, 0)));
}

#[test]
fn a_request_needs_something_to_ask_for() {
    let (_dir, mut store, code) = processing();
    let empty = SupplementRequest::default();
    let err = store
        .request_supplement(&code, &empty, at(3, 3, 10, 0), &actor())
        .unwrap_err();
    assert!(matches!(err, StatusError::NoSupplementItems), "{err}");
    assert_eq!(store.dossier_by_code(&code).unwrap().status, 4);
}

#[test]
fn apology_once_before_the_due_time_with_a_later_date() {
    let (_dir, mut store, code) = processing();
    let new_date = at(3, 10, 16, 0);
    // Rules, each refused with nothing written: (when, new date, reason, expected error).
    type Case = (
        NaiveDateTime,
        NaiveDateTime,
        &'static str,
        fn(&StatusError) -> bool,
    );
    let cases: [Case; 3] = [
        (at(3, 5, 8, 0), new_date, "lý do", |e| {
            matches!(e, StatusError::ApologyAfterDue { .. })
        }),
        (at(3, 4, 8, 0), at(3, 5, 8, 0), "lý do", |e| {
            matches!(e, StatusError::NewDateNotLater { .. })
        }),
        (at(3, 4, 8, 0), new_date, "  ", |e| {
            matches!(e, StatusError::NoApologyReason)
        }),
    ];
    for (when, date, reason, want) in cases {
        let err = store
            .apologize(&code, reason, date, when, &actor())
            .unwrap_err();
        assert!(want(&err), "{err}");
        assert!(store.progress(&code).unwrap().apology.is_none());
    }
    let a = store
        .apologize(
            &code,
            "Chờ xác minh của Công an xã",
            new_date,
            at(3, 4, 8, 0),
            &actor(),
        )
        .unwrap();
    assert_eq!(a.old_due_at, at(3, 5, 8, 0));
    let err = store
        .apologize(&code, "lần hai", at(3, 12, 16, 0), at(3, 4, 9, 0), &actor())
        .unwrap_err();
    assert!(matches!(err, StatusError::ApologyTwice { .. }), "{err}");
    // The statutory due time stays: the dossier still counts late.
    let p = store.progress(&code).unwrap();
    assert_eq!(p.apology.unwrap().new_due_at, new_date);
    assert_eq!(store.dossier_by_code(&code).unwrap().due_at, at(3, 5, 8, 0));
}

#[test]
fn a_finished_dossier_gets_no_apology() {
    let (_dir, mut store, code) = processing();
    store
        .set_status(&code, Resolved, "", at(3, 3, 9, 0), &actor())
        .unwrap();
    let err = store
        .apologize(&code, "lý do", at(3, 10, 8, 0), at(3, 3, 10, 0), &actor())
        .unwrap_err();
    assert!(matches!(err, StatusError::ApologyNotOpen { .. }), "{err}");
}

#[test]
fn transfer_out_and_back_and_no_result_while_away() {
    let (_dir, mut store, code) = processing();
    store
        .transfer_out(
            &code,
            "Văn phòng đăng ký đất đai",
            "Xác nhận thửa đất",
            at(3, 2, 10, 0),
            &actor(),
        )
        .unwrap();
    let err = store
        .transfer_out(&code, "Chi cục Thuế", "", at(3, 2, 11, 0), &actor())
        .unwrap_err();
    assert!(matches!(err, StatusError::TransferOpen { .. }), "{err}");
    let err = store
        .set_status(&code, Resolved, "", at(3, 3, 9, 0), &actor())
        .unwrap_err();
    assert!(matches!(err, StatusError::TransferOpen { .. }), "{err}");
    store
        .transfer_back(&code, "Đã có kết quả xác minh", at(3, 4, 9, 0), &actor())
        .unwrap();
    let err = store
        .transfer_back(&code, "", at(3, 4, 10, 0), &actor())
        .unwrap_err();
    assert!(matches!(err, StatusError::NoOpenTransfer), "{err}");
    let p = store.progress(&code).unwrap();
    assert_eq!(p.transfers.len(), 1);
    assert_eq!(p.transfers[0].back_at, Some(at(3, 4, 9, 0)));
    assert!(p.open_transfer().is_none());
    store
        .set_status(&code, Resolved, "", at(3, 4, 10, 0), &actor())
        .unwrap();
}

#[test]
fn payment_requested_then_made() {
    let (_dir, mut store, code) = processing();
    store
        .request_payment(&code, "Lệ phí trước bạ", 250_000, at(3, 2, 10, 0), &actor())
        .unwrap();
    assert_eq!(store.dossier_by_code(&code).unwrap().status, 6);
    store
        .payment_made(&code, "BL-0042", at(3, 3, 9, 0), &actor())
        .unwrap();
    let p = store.progress(&code).unwrap();
    assert_eq!(p.payments.len(), 1);
    assert_eq!(p.payments[0].amount_vnd, 250_000);
    assert_eq!(p.payments[0].receipt_no.as_deref(), Some("BL-0042"));
    assert!(p.open_payment().is_none());
    assert_eq!(store.dossier_by_code(&code).unwrap().status, 4);
}

#[test]
fn result_by_post_needs_a_tracking_number() {
    let (_dir, mut store, code) = processing();
    store
        .set_status(&code, Resolved, "", at(3, 3, 9, 0), &actor())
        .unwrap();
    let err = store
        .return_result(
            &code,
            ResultDelivery::Post,
            " ",
            "",
            at(3, 3, 10, 0),
            &actor(),
        )
        .unwrap_err();
    assert!(matches!(err, StatusError::TrackingRequired), "{err}");
    store
        .return_result(
            &code,
            ResultDelivery::Post,
            "EB123456789VN",
            "",
            at(3, 3, 10, 0),
            &actor(),
        )
        .unwrap();
    let p = store.progress(&code).unwrap();
    let r = p.returned.unwrap();
    assert_eq!(r.method, ResultDelivery::Post);
    assert_eq!(r.tracking_no, "EB123456789VN");
    assert_eq!(p.finished_at, Some(at(3, 3, 9, 0)));
}

#[test]
fn changes_cannot_be_dated_before_the_last_one() {
    let (_dir, mut store, code) = processing();
    let err = store
        .set_status(&code, Resolved, "", at(3, 2, 8, 30), &actor())
        .unwrap_err();
    assert!(matches!(err, StatusError::BeforeLastChange { .. }), "{err}");
}

#[test]
fn every_step_is_an_outbox_event() {
    let (_dir, mut store, code) = processing();
    store
        .transfer_out(&code, "Chi cục Thuế", "", at(3, 2, 10, 0), &actor())
        .unwrap();
    store
        .transfer_back(&code, "", at(3, 2, 11, 0), &actor())
        .unwrap();
    store
        .request_supplement(&code, &request(&["Tờ khai"]), at(3, 2, 14, 0), &actor())
        .unwrap();
    let kinds: Vec<String> = store
        .outbox_after(0, 100)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            "dossier.received",
            "dossier.status_changed",
            "dossier.transfer_out",
            "dossier.transfer_back",
            "dossier.status_changed"
        ]
    );
}

#[test]
fn a_walk_in_refused_at_reception_is_stored_as_refused_with_its_reasons() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let mut d = good_draft();
    d.received_at = Some(at(3, 2, 8, 0));
    let none: [String; 1] = ["  ".into()];
    let err = quay::intake::refuse(&mut store, &d, &none, &actor(), at(3, 2, 8, 0)).unwrap_err();
    assert!(err.to_string().contains("reason"), "{err}");
    assert_eq!(store.dossier_count().unwrap(), 0);

    let reasons = vec![
        "Không thuộc thẩm quyền giải quyết của UBND xã".to_string(),
        "Đề nghị liên hệ Sở Tư pháp".to_string(),
    ];
    let dossier = quay::intake::refuse(&mut store, &d, &reasons, &actor(), at(3, 2, 8, 0)).unwrap();
    assert_eq!(dossier.status, 3);
    let p = store.progress(&dossier.code).unwrap();
    assert_eq!(p.refusal.unwrap().reasons, reasons);
    assert_eq!(p.history.len(), 1);
    assert_eq!((p.history[0].from, p.history[0].to), (New, Refused));
}
