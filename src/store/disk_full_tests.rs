//! Disk full (issue 7). SQLite answers "database or disk is full" when a
//! write needs a page the disk cannot give; `PRAGMA max_page_count` on the
//! store's own connection makes it answer exactly that at a chosen size, with
//! no hook in the product (the limit is per connection, so it must be this
//! one). The real thing, a small tmpfs filled up, is
//! `bench/reliability/disk_full.sh`, also run by `tests/reliability_disk_full.rs`
//! where the kernel allows.

use super::*;
use crate::domain::Localized;
use crate::domain::dossier::{Applicant, Channel, DossierDraft, ResultDelivery};
use crate::domain::settings::CenterSettings;
use crate::intake::IntakeError;
use crate::queue::{LocalQueue, Queue, QueueError};

const FULL: &str = "Ổ đĩa đã đầy: chưa lưu được.";

fn draft(name: &str, note_len: usize) -> DossierDraft {
    DossierDraft {
        procedure_code: "1.000894".into(),
        applicant: Applicant {
            name: name.into(),
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
        note: "ghi chú ".repeat(note_len / 8),
        deadline_working_days: None,
        attachments: Vec::new(),
    }
}

/// A distinct name per number (names take letters only).
fn name(i: usize) -> String {
    let mut part = String::new();
    let mut i = i;
    loop {
        part.insert(0, char::from(b'a' + (i % 26) as u8));
        i /= 26;
        if i == 0 {
            break;
        }
    }
    format!("Nguyễn Thị {part}")
}

fn configured_store(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::open(&dir.path().join("q.sqlite3")).unwrap();
    let settings = CenterSettings {
        agency_id: "000.00.12.H56".into(),
        counter_no: 1,
        configured: true,
        ..CenterSettings::default()
    };
    store
        .save_settings(&settings, &Actor::system("test"))
        .unwrap();
    store
}

/// Lets the database grow by `pages` more pages, from what it holds now.
fn room_for(store: &Store, pages: i64) {
    let c = store.conn();
    let count: i64 = c.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    let set: i64 = c
        .query_row(
            &format!("PRAGMA max_page_count = {}", count + pages),
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(set, count + pages);
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Everything the database holds of the dossiers saved so far agrees with
/// `saved` (code, name), and nothing else is there.
fn assert_only(store: &Store, saved: &[(String, String)]) {
    assert!(
        store.conn().is_autocommit(),
        "a failed save left its transaction open"
    );
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert!(matches!(
        store.verify_audit().unwrap(),
        crate::domain::audit::AuditVerdict::Intact { .. }
    ));
    let n = saved.len() as i64;
    assert_eq!(count(store, "SELECT count(*) FROM dossier"), n);
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM audit_log WHERE action = 'dossier.receive'"
        ),
        n
    );
    assert_eq!(
        count(
            store,
            "SELECT count(*) FROM outbox WHERE kind = 'dossier.received'"
        ),
        n
    );
    // Each with its papers: the one that failed left no row anywhere.
    assert_eq!(
        count(
            store,
            "SELECT count(DISTINCT dossier_id) FROM dossier_document"
        ),
        n
    );
    for (code, who) in saved {
        let d = store.dossier_by_code(code).unwrap();
        assert_eq!(&d.applicant.name, who);
        assert!(!d.documents.is_empty());
    }
}

fn seq_of(code: &str) -> u32 {
    code.rsplit('-').next().unwrap()[1..].parse().unwrap()
}

#[test]
fn a_full_disk_is_reported_and_keeps_every_dossier_saved_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = configured_store(&dir);
    let actor = Actor::system("test");
    let now = now_local();
    let mut saved: Vec<(String, String)> = Vec::new();
    let mut failures = 0;
    // Twelve times: a little room, fill it with dossiers of various sizes
    // until the disk is full, so the failure lands in different statements
    // (the dossier row, its papers, an index, the audit row, the outbox).
    for (fill, room) in [3, 1, 5, 2, 8, 1, 4, 2, 6, 1, 3, 7].into_iter().enumerate() {
        room_for(&store, room);
        let mut note_len = 40 * fill;
        loop {
            let who = name(saved.len() + failures);
            note_len = (note_len * 7 + 130) % 1_000;
            match crate::intake::receive(&mut store, &draft(&who, note_len), &actor, now) {
                Ok(d) => saved.push((d.code, who)),
                Err(IntakeError::Store(e)) => {
                    assert!(e.is_disk_full(), "{e:?}");
                    // What the intake screen shows, and what the CLI prints
                    // after "error: ".
                    assert!(e.vi().starts_with(FULL), "{}", e.vi());
                    assert!(
                        IntakeError::Store(e.clone()).vi().starts_with(FULL),
                        "{}",
                        e.vi()
                    );
                    assert_eq!(
                        e.to_string(),
                        "the disk is full: free some space and try again (database or disk is full)"
                    );
                    failures += 1;
                    break;
                }
                Err(e) => panic!("{e:?}"),
            }
        }
        assert_only(&store, &saved);
        // Nothing saved after the failure, and the sequence did not move: the
        // codes run on without a hole.
        let seqs: Vec<u32> = saved.iter().map(|(c, _)| seq_of(c)).collect();
        assert_eq!(seqs, (1..=saved.len() as u32).collect::<Vec<_>>());
    }
    assert_eq!(failures, 12);
    assert!(saved.len() > 12, "only {} saved", saved.len());

    // Space freed: the next save works and takes the next code.
    room_for(&store, 10_000);
    let who = name(10_000);
    let d = crate::intake::receive(&mut store, &draft(&who, 100), &actor, now).unwrap();
    assert_eq!(seq_of(&d.code), saved.len() as u32 + 1);
    saved.push((d.code, who));
    assert_only(&store, &saved);
    // The same holds after closing and opening again.
    drop(store);
    let store = Store::open(&dir.path().join("q.sqlite3")).unwrap();
    assert_only(&store, &saved);
}

#[test]
fn a_ticket_refused_by_a_full_disk_takes_no_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = configured_store(&dir);
    let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let mut issued = Vec::new();
    room_for(&store, 2);
    let error = loop {
        let mut q = LocalQueue::new(&mut store, Actor::kiosk()).unwrap();
        match q.issue('A', None, at) {
            Ok(t) => issued.push(t.number),
            Err(e) => break e,
        }
        assert!(issued.len() < 10_000, "the limit was never reached");
    };
    let QueueError::Store(e) = &error else {
        panic!("{error:?}")
    };
    assert!(e.is_disk_full(), "{e:?}");
    assert!(error.vi().starts_with(FULL), "{}", error.vi());
    assert!(store.conn().is_autocommit());
    assert_eq!(store.integrity_check().unwrap(), "ok");
    room_for(&store, 10_000);
    let next = LocalQueue::new(&mut store, Actor::kiosk())
        .unwrap()
        .issue('A', None, at)
        .unwrap();
    assert_eq!(next.seq as usize, issued.len() + 1, "a number was burned");
    let day = at.date();
    let stored = store.tickets_between(day, day).unwrap();
    assert_eq!(stored.len(), issued.len() + 1);
}

#[test]
fn an_up_to_date_database_opens_without_writing() {
    // Regression: opening used to rewrite `user_version` every time, a
    // commit that needs a free page, so on a full disk nothing could even be
    // read or listed. The WAL stays empty when opening writes nothing.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.sqlite3");
    drop(configured_store(&dir));
    let wal = dir.path().join("q.sqlite3-wal");
    assert!(!wal.exists(), "a clean close removes the WAL");
    let store = Store::open(&path).unwrap();
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
    let version: i64 = store
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, CURRENT_VERSION);
}

#[test]
fn a_shm_file_that_cannot_grow_is_a_full_disk() {
    // Found by bench/reliability/disk_full.sh: with the disk full to the last
    // byte, opening fails with "disk I/O error" (SQLITE_IOERR_SHMSIZE), which
    // used to reach the officer as a generic database error.
    let shm = rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR_SHMSIZE),
        None,
    );
    let e = StoreError::from(shm);
    assert!(e.is_disk_full(), "{e:?}");
    assert!(e.vi().starts_with(FULL), "{}", e.vi());
    assert!(e.to_string().starts_with("the disk is full"), "{e}");
    assert!(
        e.vi_at_open().starts_with("Ổ đĩa đã đầy nên chưa mở được"),
        "{}",
        e.vi_at_open()
    );
    // Any other I/O error stays a database error.
    let other = StoreError::from(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR_WRITE),
        None,
    ));
    assert!(!other.is_disk_full(), "{other:?}");
}
