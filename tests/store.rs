//! The store on a real temporary file: first start, imports, round trips, numbering.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::collections::HashSet;

use chrono::NaiveDate;
use common::{good_draft, temp_db};
use quay::domain::settings::CenterSettings;
use quay::intake::{IntakeError, receive};
use quay::store::{Actor, Store, StoreError};

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn configured(store: &mut Store, agency: &str, counter: u8) {
    let s = CenterSettings {
        agency_id: agency.into(),
        counter_no: counter,
        officer_name: "Lê Văn Tâm".into(),
        configured: true,
        ..CenterSettings::default()
    };
    store.save_settings(&s, &Actor::system("test")).unwrap();
}

#[test]
fn first_start_creates_schema_and_loads_bundled_catalog_and_calendar() {
    let (_dir, db) = temp_db();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.procedures().unwrap().len(), 80);
    assert_eq!(store.calendar_days().unwrap().len(), 63);
    assert!(!store.settings().unwrap().configured);
    let station = store.station_id().unwrap();
    drop(store);
    let again = Store::open(&db).unwrap();
    assert_eq!(
        again.station_id().unwrap(),
        station,
        "reopening must not re-seed"
    );
    assert_eq!(again.integrity_check().unwrap(), "ok");
}

#[test]
fn catalog_import_is_idempotent_and_refuses_malformed_files_whole() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let actor = Actor::system("test");
    let same = store.import_catalog(quay::BUNDLED_CATALOG, &actor).unwrap();
    assert_eq!(
        (same.added, same.updated, same.removed, same.unchanged),
        (0, 0, 0, 80)
    );

    let header = quay::BUNDLED_CATALOG.lines().next().unwrap();
    let small = format!(
        "{header}\n9.000001,Thủ tục thử nghiệm,Hộ tịch,Cấp xã,3,FALSE,50000,,Tờ khai (1 bản chính),test,working_days,,,,\n"
    );
    let s = store.import_catalog(&small, &actor).unwrap();
    assert_eq!((s.added, s.removed), (1, 80));
    assert_eq!(store.procedures().unwrap().len(), 1);
    assert!(
        store.procedure("1.000894").unwrap().is_some(),
        "deactivated, not deleted"
    );

    let broken =
        format!("{small}9.000002,Thủ tục hỏng,Hộ tịch,Cấp xã,ba ngày,FALSE,0,,x,test,,,,,\n");
    match store.import_catalog(&broken, &actor) {
        Err(StoreError::Import(e)) => assert_eq!(e.line, 3, "{e}"),
        other => panic!("expected an import error, got {other:?}"),
    }
    assert_eq!(store.procedures().unwrap().len(), 1, "nothing changed");
}

#[test]
fn calendar_import_replaces_and_refuses_bad_lines() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let actor = Actor::system("test");
    let csv = "date,weekday,year,name,type,day_off_public_servants,status,lunar_date,source,note\n\
               2026-12-31,Thứ Năm,2026,Nghỉ thử,swap_day_off,TRUE,confirmed,,,\n";
    let s = store.import_calendar(csv, &actor).unwrap();
    assert_eq!((s.added, s.removed), (1, 63));
    let cal = store.work_calendar().unwrap();
    assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()));
    assert!(
        cal.is_working_day(NaiveDate::from_ymd_opt(2026, 4, 27).unwrap()),
        "old rows are gone"
    );
    let bad = format!("{csv}2026-13-01,?,2026,Sai,statutory,TRUE,confirmed,,,\n");
    match store.import_calendar(&bad, &actor) {
        Err(StoreError::Import(e)) => assert_eq!(e.line, 3),
        other => panic!("expected an import error, got {other:?}"),
    }
    assert_eq!(store.calendar_days().unwrap().len(), 1);
}

#[test]
fn a_received_dossier_round_trips_with_audit_and_outbox() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    configured(&mut store, "000.00.12.H56", 2);
    let now = at(2026, 11, 25, 9, 15);
    let d = receive(&mut store, &good_draft(), &Actor::system("quầy 2"), now).unwrap();
    assert_eq!(d.code, "000.00.12.H56-261125-2001");
    assert_eq!(
        d.due_at,
        at(2026, 11, 25, 17, 0),
        "same-day procedure before 15:00"
    );
    assert_eq!(d.register_book, 2026);
    assert_eq!(d.register_no, 1);
    assert!(
        !d.documents.is_empty(),
        "the catalog checklist is used by default"
    );
    let loaded = store.dossier_by_code(&d.code).unwrap();
    assert_eq!(loaded, d);

    let events = store.outbox_after(0, 10).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].seq, 1);
    assert_eq!(events[0].kind, "dossier.received");
    assert_eq!(events[0].entity_key, d.code);
    assert_eq!(
        events[0].payload["dossier"]["applicant"]["name"],
        "Nguyễn Thị Hường"
    );
    let audit = store.audit_entries(&d.code).unwrap();
    assert_eq!(
        audit,
        vec![("quầy 2".to_string(), "dossier.receive".to_string())]
    );
}

#[test]
fn an_invalid_dossier_stores_nothing() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    configured(&mut store, "000.00.12.H56", 1);
    let mut draft = good_draft();
    draft.applicant.id_number = "099303001234".into();
    draft.applicant.name = String::new();
    match receive(
        &mut store,
        &draft,
        &Actor::system("t"),
        at(2026, 11, 25, 9, 0),
    ) {
        Err(IntakeError::Invalid(errors)) => assert!(errors.len() >= 2, "{errors:?}"),
        other => panic!("expected invalid, got {other:?}"),
    }
    assert_eq!(store.dossier_count().unwrap(), 0);
    assert!(store.outbox_after(0, 10).unwrap().is_empty());
}

#[test]
fn outbox_and_audit_are_append_only() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    configured(&mut store, "000.00.12.H56", 1);
    receive(
        &mut store,
        &good_draft(),
        &Actor::system("t"),
        at(2026, 11, 25, 9, 0),
    )
    .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert!(conn.execute("UPDATE outbox SET kind = 'x'", []).is_err());
    assert!(conn.execute("DELETE FROM outbox", []).is_err());
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
}

#[test]
fn two_counters_offline_never_issue_the_same_code() {
    let (_dir, db1) = temp_db();
    let (_dir2, db2) = temp_db();
    let mut one = Store::open(&db1).unwrap();
    let mut two = Store::open(&db2).unwrap();
    configured(&mut one, "000.00.12.H56", 1);
    configured(&mut two, "000.00.12.H56", 2);
    let mut codes = HashSet::new();
    for day in [24, 25] {
        for i in 0..30 {
            let now = at(2026, 11, day, 8, i);
            for store in [&mut one, &mut two] {
                let d = receive(store, &good_draft(), &Actor::system("t"), now).unwrap();
                assert!(codes.insert(d.code.clone()), "duplicate {}", d.code);
            }
        }
    }
    assert_eq!(codes.len(), 120);
    assert!(codes.contains("000.00.12.H56-261124-1001"));
    assert!(codes.contains("000.00.12.H56-261125-2030"));
}

#[test]
fn a_rolled_back_save_does_not_consume_or_repeat_a_code() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    configured(&mut store, "000.00.12.H56", 1);
    let now = at(2026, 11, 25, 9, 0);
    let first = receive(&mut store, &good_draft(), &Actor::system("t"), now).unwrap();
    // A save that fails inside its transaction, after the sequence was advanced
    // (here a paper count the schema refuses), must leave no trace.
    let settings = store.settings().unwrap();
    let mut new = quay::domain::validate::validate_draft(
        &good_draft(),
        store.procedure("1.000894").unwrap().as_ref(),
        &store.work_calendar().unwrap(),
        &settings.hours,
        now,
    )
    .unwrap();
    new.documents[0].count = 0;
    assert!(
        store
            .insert_dossier(&new, &settings, &Actor::system("t"))
            .is_err()
    );
    assert_eq!(store.dossier_count().unwrap(), 1);
    drop(store);
    let mut store = Store::open(&db).unwrap();
    let second = receive(&mut store, &good_draft(), &Actor::system("t"), now).unwrap();
    assert_eq!(first.code, "000.00.12.H56-261125-1001");
    assert_eq!(second.code, "000.00.12.H56-261125-1002");
}

#[test]
fn reprints_are_counted_per_form() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    configured(&mut store, "000.00.12.H56", 1);
    let d = receive(
        &mut store,
        &good_draft(),
        &Actor::system("t"),
        at(2026, 11, 25, 9, 0),
    )
    .unwrap();
    assert!(!store.is_reprint(d.id, "slip").unwrap());
    let out = _dir.path().join("slip.pdf");
    assert!(!quay::slips::save(&mut store, &d, &out, &Actor::system("t")).unwrap());
    assert!(store.is_reprint(d.id, "slip").unwrap());
    assert!(quay::slips::save(&mut store, &d, &out, &Actor::system("t")).unwrap());
    let actions: Vec<String> = store
        .audit_entries(&d.code)
        .unwrap()
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    assert_eq!(
        actions,
        ["dossier.receive", "print.original", "print.reprint"]
    );
}

#[test]
fn attachments_are_copied_hashed_and_recorded_with_the_dossier() {
    let (dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    configured(&mut store, "000.00.12.H56", 1);
    let scan = dir.path().join("Tờ khai kết hôn.pdf");
    std::fs::write(&scan, b"%PDF-1.4 scan").unwrap();
    let attached = quay::attachments::import_file(&scan, &store.attachments_dir()).unwrap();
    std::fs::remove_file(&scan).unwrap();
    let mut draft = good_draft();
    draft.attachments = vec![attached.clone()];
    let d = receive(
        &mut store,
        &draft,
        &Actor::system("t"),
        at(2026, 11, 25, 9, 0),
    )
    .unwrap();
    let loaded = store.dossier_by_code(&d.code).unwrap();
    assert_eq!(loaded.attachments, vec![attached.clone()]);
    assert_eq!(loaded.attachments[0].file_name, "Tờ khai kết hôn.pdf");
    let kept = quay::attachments::stored_path(&store.attachments_dir(), &attached.sha256);
    assert_eq!(
        std::fs::read(kept).unwrap(),
        b"%PDF-1.4 scan",
        "the copy outlives the original"
    );
    let events = store.outbox_after(0, 10).unwrap();
    assert_eq!(
        events[0].payload["dossier"]["attachments"][0]["sha256"],
        attached.sha256.as_str()
    );
}
