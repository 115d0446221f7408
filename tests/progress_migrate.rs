//! Upgrading a version-3 database: dossiers already resolved or returned get
//! their `finished_at` / `returned_at` from their history, so reports count
//! them; open ones stay open. The version-3 file is built from the frozen SQL.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use common::temp_db;
use quay::store::Store;

const SCHEMA_V1: &str = include_str!("../schema.sql");
const MIGRATION_2: &str = include_str!("../src/store/sql/migrations/0002_queue.sql");
const MIGRATION_3: &str = include_str!("../src/store/sql/migrations/0003_status.sql");

fn v3_database(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    for sql in [SCHEMA_V1, MIGRATION_2, MIGRATION_3] {
        c.execute_batch(sql).unwrap();
    }
    let dossier = |id: i64, status: i64| {
        format!(
            "INSERT INTO dossier (id, code, procedure_code, procedure_name, field, applicant_name,
                applicant_fold, id_number, phone, address, email, channel, received_at,
                deadline_kind, deadline_days, due_at, sets, fee_vnd, result_delivery, note, status,
                counter_no, register_book, register_no, officer_name, created_at)
             VALUES ({id}, 'C-{id}', '1.001022', 'Thủ tục đăng ký nhận cha, mẹ, con', 'Hộ tịch',
                'Nguyễn Văn An', 'nguyen van an', '038303001234', '0912345678', 'Thôn Yên Kỳ',
                NULL, 1, '2026-03-02T08:00:00', 'working_days', 3, '2026-03-05T08:00:00', 1, 0,
                'counter', '', {status}, 2, 2026, {id}, 'Lê Văn Tâm', '2026-03-02T08:00:00');"
        )
    };
    let change = |id: i64, from: i64, to: i64, at: &str| {
        format!(
            "INSERT INTO dossier_status_change (dossier_id, from_status, to_status, at, actor, note)
             VALUES ({id}, {from}, {to}, '{at}', 'quầy 2', '');"
        )
    };
    let sql = [
        "PRAGMA user_version = 3;".to_string(),
        "INSERT INTO station (id, station_id, created_at)
            VALUES (1, '01900000-0000-7000-8000-000000000001', '2026-03-01T07:00:00');"
            .into(),
        dossier(1, 10),
        change(1, 2, 4, "2026-03-02T09:00:00"),
        change(1, 4, 9, "2026-03-04T15:00:00"),
        change(1, 9, 10, "2026-03-06T08:30:00"),
        dossier(2, 4),
        change(2, 2, 4, "2026-03-02T09:00:00"),
        dossier(3, 7),
        change(3, 2, 7, "2026-03-03T10:00:00"),
    ]
    .join("\n");
    c.execute_batch(&sql).unwrap();
}

#[test]
fn closed_dossiers_get_their_end_times_and_open_ones_stay_open() {
    let (_dir, db) = temp_db();
    v3_database(&db);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let c = rusqlite::Connection::open(&db).unwrap();
    let mut rows: Vec<(String, Option<String>, Option<String>)> = c
        .prepare("SELECT code, finished_at, returned_at FROM dossier ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let want = [
        (
            "C-1",
            Some("2026-03-04T15:00:00"),
            Some("2026-03-06T08:30:00"),
        ),
        ("C-2", None, None),
        ("C-3", Some("2026-03-03T10:00:00"), None),
    ];
    for (got, want) in rows.drain(..).zip(want) {
        assert_eq!(got.0, want.0);
        assert_eq!(got.1.as_deref(), want.1, "{}", want.0);
        assert_eq!(got.2.as_deref(), want.2, "{}", want.0);
    }
    let p = store.progress("C-2").unwrap();
    assert!(p.supplements.is_empty() && p.paused_at.is_none());
}
