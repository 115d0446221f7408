//! Upgrading a version-1 database (from before queue tickets) keeps its data and
//! adds the queue. The version-1 file is built from `schema.sql`, which is frozen:
//! later changes go into migrations, never into it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::NaiveDate;
use common::temp_db;
use quay::domain::settings::QueueSettings;
use quay::queue::{LocalQueue, Queue};
use quay::store::{Actor, CURRENT_VERSION, Store};

const SCHEMA_V1: &str = include_str!("../schema.sql");

/// A version-1 database as a counter left it: settings from before queues, a
/// station, two dossiers with their papers, and audit and outbox rows.
fn v1_database(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(SCHEMA_V1).unwrap();
    c.execute_batch(
        r#"
        PRAGMA user_version = 1;
        INSERT INTO station (id, station_id, created_at)
            VALUES (1, '01900000-0000-7000-8000-000000000001', '2026-11-01T07:00:00');
        INSERT INTO setting (key, value) VALUES ('center',
            '{"center_name":"Trung tâm Phục vụ hành chính công xã Yên Kỳ","agency_id":"000.00.12.H56","counter_no":2,"configured":true}');
        INSERT INTO dossier (code, procedure_code, procedure_name, field, applicant_name,
            applicant_fold, id_number, phone, address, email, channel, received_at,
            deadline_kind, deadline_days, due_at, sets, fee_vnd, result_delivery, note, status,
            counter_no, register_book, register_no, officer_name, created_at)
        VALUES
            ('000.00.12.H56-261124-2001', '1.000894', 'Thủ tục đăng ký kết hôn', 'Hộ tịch',
             'Nguyễn Thị Hường', 'nguyen thi huong', '038303001234', '0912345678',
             'Thôn Yên Kỳ', NULL, 1, '2026-11-24T09:15:00', 'same_day', 0,
             '2026-11-24T17:00:00', 1, 0, 'counter', '', 2, 2, 2026, 1, 'Lê Văn Tâm',
             '2026-11-24T09:15:00'),
            ('000.00.12.H56-261124-2002', '1.001193', 'Thủ tục đăng ký khai sinh', 'Hộ tịch',
             'Trần Văn Bình', 'tran van binh', '038203001235', '0912345679',
             'Thôn Yên Kỳ', NULL, 1, '2026-11-24T10:00:00', 'same_day', 0,
             '2026-11-24T17:00:00', 1, 0, 'counter', '', 2, 2, 2026, 2, 'Lê Văn Tâm',
             '2026-11-24T10:00:00');
        INSERT INTO dossier_document (dossier_id, position, name, kind, count)
            VALUES (1, 0, 'Tờ khai đăng ký kết hôn', 'original', 1);
        INSERT INTO dossier_sequence (day, counter_no, last_seq) VALUES ('2026-11-24', 2, 2);
        INSERT INTO register_sequence (book, counter_no, last_no) VALUES (2026, 2, 2);
        INSERT INTO outbox (event_id, kind, entity_key, payload, payload_version, created_at)
            VALUES ('01900000-0000-7000-8000-000000000002', 'dossier.received',
                    '000.00.12.H56-261124-2001', '{}', 1, '2026-11-24T09:15:00');
        INSERT INTO audit_log (at, actor, action, entity_key, before, after)
            VALUES ('2026-11-24T09:15:00', 'quầy 2', 'dossier.receive',
                    '000.00.12.H56-261124-2001', NULL, '{}');
        "#,
    )
    .unwrap();
}

#[test]
fn a_version_1_database_gains_the_queue_and_keeps_its_rows() {
    let (_dir, db) = temp_db();
    v1_database(&db);

    let mut store = Store::open(&db).unwrap();
    let version: i64 = {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(version, CURRENT_VERSION);
    const { assert!(CURRENT_VERSION >= 2) };
    assert_eq!(store.integrity_check().unwrap(), "ok");

    // The old rows survive, untouched.
    assert_eq!(
        store.dossier_codes().unwrap(),
        ["000.00.12.H56-261124-2001", "000.00.12.H56-261124-2002"]
    );
    let d = store.dossier_by_code("000.00.12.H56-261124-2001").unwrap();
    assert_eq!(d.applicant.name, "Nguyễn Thị Hường");
    assert_eq!(d.documents.len(), 1);
    let settings = store.settings().unwrap();
    assert_eq!(
        (settings.counter_no, settings.agency_id.as_str()),
        (2, "000.00.12.H56")
    );
    assert_eq!(
        store.station_id().unwrap(),
        "01900000-0000-7000-8000-000000000001"
    );
    assert_eq!(store.outbox_after(0, 10).unwrap().len(), 1);
    assert_eq!(
        store.procedures().unwrap().len(),
        0,
        "an upgrade does not re-seed"
    );

    // The queue tables exist and work; settings from before queues get the defaults.
    let c = rusqlite::Connection::open(&db).unwrap();
    for table in ["ticket", "ticket_sequence", "ticket_call", "ticket_dossier"] {
        let n: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "{table}");
    }
    drop(c);
    assert_eq!(store.queue_settings().unwrap(), QueueSettings::default());
    let now = NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    let mut q = LocalQueue::new(&mut store, Actor::system("quầy 2")).unwrap();
    let t = q.issue('A', None, now).unwrap();
    assert_eq!(t.number, "A-001");
    q.call_next(2, &['A'], now).unwrap();
    q.link_dossier(t.id, "000.00.12.H56-261124-2002").unwrap();
    drop(q);
    drop(store);

    // Opening again changes nothing more.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.dossier_codes().unwrap().len(), 2);
    assert_eq!(
        store.tickets_between(now.date(), now.date()).unwrap().len(),
        1
    );
}
