//! Upgrading to the list's search indexes (migration 6): dossiers stored before
//! are found by every kind of search, the ones stored after too, and version
//! 5's trigram index is gone. The older files are built from the frozen SQL,
//! exactly as a counter PC has them.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::NaiveDate;
use common::{good_draft, temp_db};
use quay::domain::settings::CenterSettings;
use quay::store::{Actor, CURRENT_VERSION, DossierFilter, DueFilter, Store};

const SCHEMA_V1: &str = include_str!("../schema.sql");
const MIGRATIONS_2_TO_4: [&str; 3] = [
    include_str!("../src/store/sql/migrations/0002_queue.sql"),
    include_str!("../src/store/sql/migrations/0003_status.sql"),
    include_str!("../src/store/sql/migrations/0004_progress.sql"),
];
const MIGRATION_5: &str = include_str!("../src/store/sql/migrations/0005_search.sql");

/// A database at `version` (4 or 5) with three dossiers: one open and overdue,
/// one waiting for papers (paused), one returned.
fn old_database(path: &std::path::Path, version: i64) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(SCHEMA_V1).unwrap();
    for sql in MIGRATIONS_2_TO_4 {
        c.execute_batch(sql).unwrap();
    }
    if version == 5 {
        c.execute_batch(MIGRATION_5).unwrap();
    }
    let dossier = |id: i64, name: &str, fold: &str, cccd: &str, phone: &str, status: i64| {
        let paused = if status == 5 {
            "'2026-11-25T09:00:00'"
        } else {
            "NULL"
        };
        format!(
            "INSERT INTO dossier (id, code, procedure_code, procedure_name, field, applicant_name,
                applicant_fold, id_number, phone, address, email, channel, received_at,
                deadline_kind, deadline_days, due_at, sets, fee_vnd, result_delivery, note, status,
                counter_no, register_book, register_no, officer_name, created_at, paused_at)
             VALUES ({id}, '000.00.12.H56-261124-200{id}', '1.000894', 'Thủ tục đăng ký kết hôn',
                'Hộ tịch', '{name}', '{fold}', '{cccd}', '{phone}', 'Thôn Yên Kỳ', NULL, 1,
                '2026-11-24T09:0{id}:00', 'working_days', 3, '2026-11-27T09:0{id}:00', 1, 0,
                'counter', '', {status}, 2, 2026, {id}, 'Lê Văn Tâm', '2026-11-24T09:00:00',
                {paused});"
        )
    };
    let sql = [
        format!("PRAGMA user_version = {version};"),
        "INSERT INTO station (id, station_id, created_at)
            VALUES (1, '01900000-0000-7000-8000-000000000001', '2026-11-01T07:00:00');"
            .to_string(),
        dossier(
            1,
            "Nguyễn Văn Hùng",
            "nguyen van hung",
            "038090001234",
            "0912345678",
            4,
        ),
        dossier(
            2,
            "Trần Thị Hường",
            "tran thi huong",
            "001185000123",
            "0987000111",
            5,
        ),
        dossier(3, "Lê Hùng", "le hung", "038303009999", "0355000222", 10),
    ]
    .join("\n");
    c.execute_batch(&sql).unwrap();
}

fn at(d: u32, h: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn search(store: &Store, text: &str) -> Vec<String> {
    let f = DossierFilter {
        text: Some(text.into()),
        ..DossierFilter::default()
    };
    let mut codes: Vec<String> = store
        .list_dossiers(&f, at(1, 10))
        .unwrap()
        .into_iter()
        .map(|r| r.code)
        .collect();
    codes.sort();
    codes
}

fn count(c: &rusqlite::Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn upgrades_and_finds_old_and_new_dossiers(version: i64) {
    let (_dir, db) = temp_db();
    old_database(&db, version);
    let mut store = Store::open(&db).unwrap();
    const { assert!(CURRENT_VERSION >= 6) };
    assert_eq!(store.integrity_check().unwrap(), "ok");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        assert_eq!(count(&c, "PRAGMA user_version"), CURRENT_VERSION);
        assert_eq!(
            count(
                &c,
                "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'dossier_search%'"
            ),
            0,
            "version 5's trigram index is dropped"
        );
        for name in [
            "dossier_code_trigram",
            "dossier_name_word",
            "dossier_running_by_due",
        ] {
            let n: i64 = c
                .query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "{name}");
        }
        // The backfill: every later word of every name, every code's trigrams.
        assert_eq!(count(&c, "SELECT count(*) FROM dossier_name_word"), 5);
        c.execute_batch(
            "INSERT INTO dossier_code_trigram (dossier_code_trigram, rank)
             VALUES ('integrity-check', 1)",
        )
        .unwrap();
    }

    // Stored before the upgrade: found by code tail, name word, numbers.
    let code = |id: i64| format!("000.00.12.H56-261124-200{id}");
    assert_eq!(search(&store, "2001"), [code(1)]);
    assert_eq!(search(&store, &code(2)), [code(2)]);
    assert_eq!(search(&store, "hung"), [code(1), code(3)]);
    assert_eq!(search(&store, "Văn Hùng"), [code(1)]);
    assert_eq!(search(&store, "0011"), [code(2)]);
    assert_eq!(search(&store, "0355"), [code(3)]);
    // The paused one is not overdue; the open one is.
    let overdue = DossierFilter {
        due: Some(DueFilter::Overdue),
        ..DossierFilter::default()
    };
    let rows = store.list_dossiers(&overdue, at(1, 10)).unwrap();
    assert_eq!(
        rows.iter().map(|r| r.code.clone()).collect::<Vec<_>>(),
        [code(1)]
    );

    // Stored after: the triggers index it.
    let settings = CenterSettings {
        agency_id: "000.00.12.H56".into(),
        counter_no: 3,
        configured: true,
        ..CenterSettings::default()
    };
    let actor = Actor::system("test");
    store.save_settings(&settings, &actor).unwrap();
    store.import_catalog(quay::BUNDLED_CATALOG, &actor).unwrap();
    store
        .import_calendar(quay::BUNDLED_CALENDAR, &actor)
        .unwrap();
    let mut draft = good_draft();
    draft.applicant.name = "Phạm Ngọc Hùng".into();
    draft.applicant.id_number = "079301004321".into();
    let new = quay::intake::receive(&mut store, &draft, &actor, at(1, 9))
        .unwrap()
        .code;
    assert_eq!(search(&store, "ngoc hung"), std::slice::from_ref(&new));
    assert_eq!(search(&store, "hung").len(), 3);
    assert_eq!(
        search(&store, &new[new.len() - 6..]),
        std::slice::from_ref(&new)
    );
    assert_eq!(search(&store, "079301"), [new]);
    drop(store);

    // Opening again changes nothing more.
    let store = Store::open(&db).unwrap();
    assert_eq!(search(&store, "hung").len(), 3);
}

#[test]
fn a_version_4_database_gains_the_search_indexes() {
    upgrades_and_finds_old_and_new_dossiers(4);
}

#[test]
fn a_version_5_database_trades_its_trigram_index_for_the_search_indexes() {
    upgrades_and_finds_old_and_new_dossiers(5);
}
