//! Upgrading a version 8 database to staff accounts (migration 9): the
//! dossiers stored before have no receiving officer, so only a lead or an
//! administrator moves them on; the program keeps running as before until
//! the first administrator is made; new dossiers carry their officer. The
//! old file is built from the frozen SQL, exactly as a counter PC has it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{good_draft, temp_db};
use quay::domain::access::Role;
use quay::domain::lifecycle::DossierStatus;
use quay::domain::settings::CenterSettings;
use quay::domain::staff::SecretKind;
use quay::store::{CURRENT_VERSION, NewStaff, StatusError, Store, StoreError};

const SCHEMA_V1: &str = include_str!("../schema.sql");
const MIGRATIONS_2_TO_8: [&str; 7] = [
    include_str!("../src/store/sql/migrations/0002_queue.sql"),
    include_str!("../src/store/sql/migrations/0003_status.sql"),
    include_str!("../src/store/sql/migrations/0004_progress.sql"),
    include_str!("../src/store/sql/migrations/0005_search.sql"),
    include_str!("../src/store/sql/migrations/0006_list_search.sql"),
    include_str!("../src/store/sql/migrations/0007_sync.sql"),
    include_str!("../src/store/sql/migrations/0008_report_index.sql"),
];

fn at(d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

/// A version 8 database with one dossier received on Tue 24/11, its audit
/// row, and the center's settings.
fn v8_database(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(SCHEMA_V1).unwrap();
    for sql in MIGRATIONS_2_TO_8 {
        c.execute_batch(sql).unwrap();
    }
    let settings = serde_json::to_string(&CenterSettings {
        agency_id: "000.00.12.H56".into(),
        counter_no: 2,
        officer_name: "Lê Văn Tâm".into(),
        configured: true,
        ..CenterSettings::default()
    })
    .unwrap();
    c.execute_batch(
        "PRAGMA user_version = 8;
         INSERT INTO station (id, station_id, created_at)
            VALUES (1, '01900000-0000-7000-8000-000000000001', '2026-11-01T07:00:00');
         INSERT INTO dossier (id, code, procedure_code, procedure_name, field, applicant_name,
            applicant_fold, id_number, phone, address, email, channel, received_at,
            deadline_kind, deadline_days, due_at, sets, fee_vnd, result_delivery, note, status,
            counter_no, register_book, register_no, officer_name, created_at)
         VALUES (1, '000.00.12.H56-261124-2001', '1.000894', 'Thủ tục đăng ký kết hôn',
            'Hộ tịch', 'Nguyễn Văn Hùng', 'nguyen van hung', '038090001234', '0912345678',
            'Thôn Yên Kỳ', NULL, 1, '2026-11-24T09:00:00', 'working_days', 3,
            '2026-11-27T09:00:00', 1, 0, 'counter', '', 2, 2, 2026, 1, 'Lê Văn Tâm',
            '2026-11-24T09:00:00');
         INSERT INTO register_sequence (book, counter_no, last_no) VALUES (2026, 2, 1);
         INSERT INTO audit_log (at, actor, action, entity_key, before, after)
            VALUES ('2026-11-24T09:00:00', 'quầy 2 (Lê Văn Tâm)', 'dossier.receive',
                    '000.00.12.H56-261124-2001', NULL, '{}');",
    )
    .unwrap();
    c.execute(
        "INSERT INTO setting (key, value) VALUES ('center', ?1)",
        [settings],
    )
    .unwrap();
}

fn staff(username: &str, role: Role) -> NewStaff {
    NewStaff {
        username: username.into(),
        display_name: format!("Cán bộ {username}"),
        role,
        secret_kind: SecretKind::Pin,
        secret: "135790".into(),
    }
}

#[test]
fn a_version_8_database_gains_staff_accounts() {
    let (_dir, db) = temp_db();
    v8_database(&db);
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        let version: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, CURRENT_VERSION);
        const { assert!(CURRENT_VERSION >= 9) };
        // The table is STRICT, its username unique in any case.
        let insert = "INSERT INTO staff (username, display_name, role, secret_hash, secret_kind,
                          created_at, updated_at)
                      VALUES (?1, 'x', ?2, 'h', 'pin', 't', 't')";
        c.execute(insert, ["thu", "officer"]).unwrap();
        assert!(c.execute(insert, ["THU", "officer"]).is_err());
        assert!(c.execute(insert, ["khac", "boss"]).is_err());
        c.execute("DELETE FROM staff", []).unwrap();
    }

    // The old dossier reads back, with nobody as its receiving officer.
    let code = "000.00.12.H56-261124-2001";
    let old = store.dossier_by_code(code).unwrap();
    assert_eq!(
        (old.received_by, old.officer_name.as_str()),
        (None, "Lê Văn Tâm")
    );

    // No account yet: the program works as before (here, as itself).
    assert!(!store.has_staff().unwrap());
    let admin = store.first_admin(&staff("quantri", Role::Admin)).unwrap();
    store.import_catalog(quay::BUNDLED_CATALOG, &admin).unwrap();
    store
        .import_calendar(quay::BUNDLED_CALENDAR, &admin)
        .unwrap();
    let an = store
        .create_staff(&staff("an.tv", Role::Officer), &admin)
        .unwrap()
        .actor();
    let lead = store
        .create_staff(&staff("lanhdao", Role::Lead), &admin)
        .unwrap()
        .actor();

    // Nobody's own: an officer cannot move it on, a lead can.
    let refused = store
        .set_status(code, DossierStatus::Processing, "", at(25, 9), &an)
        .unwrap_err();
    assert!(
        matches!(refused, StatusError::Store(StoreError::Denied(_))),
        "{refused:?}"
    );
    store
        .set_status(code, DossierStatus::Processing, "", at(25, 9), &lead)
        .unwrap();

    // A new dossier is the officer's own.
    let new = quay::intake::receive(&mut store, &good_draft(), &an, at(25, 10)).unwrap();
    assert_eq!(new.received_by.as_deref(), Some("an.tv"));
    store
        .set_status(&new.code, DossierStatus::Processing, "", at(25, 11), &an)
        .unwrap();
    assert_eq!(
        store.status_history(&new.code).unwrap()[0].actor,
        "Cán bộ an.tv (an.tv)"
    );
    drop(store);

    // Opening again changes nothing more.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.staff_list().unwrap().len(), 3);
    assert_eq!(store.dossier_count().unwrap(), 2);
}
