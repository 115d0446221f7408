//! Upgrading a version-2 database (queue tickets, no status history) keeps its
//! dossiers and adds the status history. The version-2 file is built from the
//! frozen `schema.sql` and `0002_queue.sql`, exactly as a counter PC has it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::NaiveDate;
use common::temp_db;
use quay::domain::lifecycle::DossierStatus;
use quay::store::{Actor, CURRENT_VERSION, DossierFilter, Store};

const SCHEMA_V1: &str = include_str!("../schema.sql");
const MIGRATION_2: &str = include_str!("../src/store/sql/migrations/0002_queue.sql");
const CODE: &str = "000.00.12.H56-261124-2001";

fn v2_database(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(SCHEMA_V1).unwrap();
    c.execute_batch(MIGRATION_2).unwrap();
    c.execute_batch(
        r#"
        PRAGMA user_version = 2;
        INSERT INTO station (id, station_id, created_at)
            VALUES (1, '01900000-0000-7000-8000-000000000001', '2026-11-01T07:00:00');
        INSERT INTO dossier (code, procedure_code, procedure_name, field, applicant_name,
            applicant_fold, id_number, phone, address, email, channel, received_at,
            deadline_kind, deadline_days, due_at, sets, fee_vnd, result_delivery, note, status,
            counter_no, register_book, register_no, officer_name, created_at)
        VALUES
            ('000.00.12.H56-261124-2001', '1.000894', 'Thủ tục đăng ký kết hôn', 'Hộ tịch',
             'Nguyễn Thị Hường', 'nguyen thi huong', '038303001234', '0912345678',
             'Thôn Yên Kỳ', NULL, 1, '2026-11-24T09:15:00', 'same_day', 0,
             '2026-11-24T17:00:00', 1, 0, 'counter', '', 2, 2, 2026, 1, 'Lê Văn Tâm',
             '2026-11-24T09:15:00');
        "#,
    )
    .unwrap();
}

#[test]
fn a_version_2_database_gains_the_status_history_and_keeps_its_dossier() {
    let (_dir, db) = temp_db();
    v2_database(&db);

    let mut store = Store::open(&db).unwrap();
    const { assert!(CURRENT_VERSION >= 3) };
    assert_eq!(store.integrity_check().unwrap(), "ok");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        let version: i64 = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, CURRENT_VERSION);
        let n: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'dossier_status_change'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1);
        for index in [
            "dossier_by_status_due",
            "dossier_by_applicant_fold",
            "dossier_by_phone",
        ] {
            let n: i64 = c
                .query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                    [index],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "{index}");
        }
    }

    // The old dossier survives and can move on from "received".
    let d = store.dossier_by_code(CODE).unwrap();
    assert_eq!(
        (d.applicant.name.as_str(), d.status),
        ("Nguyễn Thị Hường", 2)
    );
    assert!(store.status_history(CODE).unwrap().is_empty());
    let at = NaiveDate::from_ymd_opt(2026, 11, 24)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    store
        .set_status(
            CODE,
            DossierStatus::Processing,
            "",
            at,
            &Actor::system("quầy 2"),
        )
        .unwrap();
    let rows = store
        .list_dossiers(
            &DossierFilter {
                text: Some("huong".into()),
                ..DossierFilter::default()
            },
            at,
        )
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, DossierStatus::Processing);
    drop(store);

    // Opening again changes nothing more.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.status_history(CODE).unwrap().len(), 1);
}
