//! Upgrading to corrections (migration 11) from a frozen version-8 database,
//! built from the frozen SQL exactly as a counter PC of that release has it:
//! the dossiers stored before are neither cancelled nor corrected, keep
//! counting, and can be corrected (the search follows) and cancelled (the due
//! filters, the report and the register follow).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::NaiveDate;
use common::temp_db;
use quay::domain::correction::DossierCorrection;
use quay::store::{Actor, CURRENT_VERSION, DossierFilter, DueFilter, Store};

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

/// A version-8 database with three dossiers received on 24/11/2026: one
/// processing and overdue by December, one waiting for papers, one returned.
fn version_8_database(path: &std::path::Path) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(SCHEMA_V1).unwrap();
    for sql in MIGRATIONS_2_TO_8 {
        c.execute_batch(sql).unwrap();
    }
    let dossier = |id: i64, name: &str, fold: &str, status: i64| {
        let paused = if status == 5 {
            "'2026-11-25T09:00:00'"
        } else {
            "NULL"
        };
        let (finished, returned) = if status == 10 {
            ("'2026-11-25T10:00:00'", "'2026-11-26T10:00:00'")
        } else {
            ("NULL", "NULL")
        };
        format!(
            "INSERT INTO dossier (id, code, procedure_code, procedure_name, field, applicant_name,
                applicant_fold, id_number, phone, address, email, channel, received_at,
                deadline_kind, deadline_days, due_at, sets, fee_vnd, result_delivery, note, status,
                counter_no, register_book, register_no, officer_name, created_at, paused_at,
                finished_at, returned_at)
             VALUES ({id}, '000.00.12.H56-261124-200{id}', '1.000894', 'Thủ tục đăng ký kết hôn',
                'Hộ tịch', '{name}', '{fold}', '03809000123{id}', '091234567{id}', 'Thôn Yên Kỳ',
                NULL, 1, '2026-11-24T09:0{id}:00', 'working_days', 3, '2026-11-27T09:0{id}:00',
                1, 0, 'counter', '', {status}, 2, 2026, {id}, 'Lê Văn Tâm',
                '2026-11-24T09:00:00', {paused}, {finished}, {returned});"
        )
    };
    let sql = [
        "PRAGMA user_version = 8;".to_string(),
        "INSERT INTO station (id, station_id, created_at)
            VALUES (1, '01900000-0000-7000-8000-000000000001', '2026-11-01T07:00:00');"
            .to_string(),
        dossier(1, "Nguyễn Văn Hùng", "nguyen van hung", 4),
        dossier(2, "Trần Thị Hường", "tran thi huong", 5),
        dossier(3, "Lê Hùng", "le hung", 10),
    ]
    .join("\n");
    c.execute_batch(&sql).unwrap();
}

fn at(month: u32, d: u32, h: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, month, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn codes(store: &Store, filter: &DossierFilter) -> Vec<String> {
    let mut codes: Vec<String> = store
        .list_dossiers(filter, at(12, 1, 10))
        .unwrap()
        .into_iter()
        .map(|r| r.code)
        .collect();
    codes.sort();
    codes
}

fn code(id: i64) -> String {
    format!("000.00.12.H56-261124-200{id}")
}

#[test]
fn a_version_8_database_gains_corrections_and_cancellations() {
    let (_dir, db) = temp_db();
    version_8_database(&db);
    let mut store = Store::open(&db).unwrap();
    const { assert!(CURRENT_VERSION >= 11) };
    assert_eq!(store.integrity_check().unwrap(), "ok");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        let n = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(n("PRAGMA user_version"), CURRENT_VERSION);
        assert_eq!(
            n("SELECT count(*) FROM dossier WHERE cancelled_at IS NULL"),
            3
        );
        assert_eq!(
            n("SELECT count(*) FROM dossier WHERE cancel_reason IS NULL"),
            3
        );
        assert_eq!(n("SELECT count(*) FROM dossier_correction"), 0);
        assert_eq!(
            n("SELECT count(*) FROM sqlite_schema WHERE name = 'dossier_correction_by_dossier'"),
            1
        );
    }
    for id in 1..=3 {
        assert!(store.corrections(&code(id)).unwrap().is_empty());
    }
    let overdue = DossierFilter {
        due: Some(DueFilter::Overdue),
        ..DossierFilter::default()
    };
    assert_eq!(codes(&store, &overdue), [code(1)]);
    let month = |store: &Store| {
        store
            .report(at(11, 1, 0).date(), at(11, 30, 0).date(), None)
            .unwrap()
    };
    assert_eq!(month(&store).total.received(), 3);

    // An old dossier is corrected: the search follows the new name.
    let lead = Actor::system("lãnh đạo");
    let changes = DossierCorrection {
        name: Some("Phạm Văn Hùng".into()),
        ..Default::default()
    };
    store
        .correct_dossier(&code(1), &changes, "Gõ nhầm tên", at(12, 1, 9), &lead)
        .unwrap();
    let text = |t: &str| DossierFilter {
        text: Some(t.into()),
        ..DossierFilter::default()
    };
    assert_eq!(codes(&store, &text("pham van")), [code(1)]);
    assert_eq!(codes(&store, &text("hung")), [code(1), code(3)]);
    assert!(codes(&store, &text("nguyen")).is_empty());
    let c = store.corrections(&code(1)).unwrap();
    assert_eq!(c[0].changes[0].before_vi(), "Nguyễn Văn Hùng");

    // And cancelled: no longer overdue, no longer counted, still registered.
    store
        .cancel_dossier(&code(1), "Trùng hồ sơ", at(12, 1, 9), &lead)
        .unwrap();
    assert!(codes(&store, &overdue).is_empty());
    let report = month(&store);
    assert_eq!(report.total.received(), 2);
    assert!(report.reconciles());
    let register = store
        .register_entries(at(11, 1, 0).date(), at(11, 30, 0).date())
        .unwrap();
    assert_eq!(register.len(), 3);
    assert_eq!(register[0].note, "Đã huỷ: Trùng hồ sơ");
    drop(store);

    // Opening again changes nothing more.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.corrections(&code(1)).unwrap().len(), 2);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}
