use std::cell::Cell;
use std::rc::Rc;

use chrono::{NaiveDate, NaiveDateTime};

use super::fake::{FakeHub, receive, refusal};
use super::*;
use crate::domain::dossier::Attachment;
use crate::domain::lifecycle::DossierStatus;
use crate::store::{Actor, DownOutcome};
use crate::sync::wire::{DownItem, ErrorReply};

fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

fn clock() -> NaiveDateTime {
    at(17, 0)
}

fn new_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("q.sqlite3")).unwrap();
    (dir, store)
}

fn receive_many(store: &mut Store, n: usize) -> Vec<String> {
    (0..n).map(|i| receive(store, i, Vec::new())).collect()
}

/// A scan of `len` bytes stored in the attachments directory.
fn scan(store: &Store, len: usize, seed: u8) -> Attachment {
    let bytes: Vec<u8> = (0..len)
        .map(|i| (i as u8).wrapping_mul(31) ^ seed)
        .collect();
    let sha = crate::sync::signing::sha256_hex(&bytes);
    let dir = store.attachments_dir();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(crate::attachments::stored_path(&dir, &sha), &bytes).unwrap();
    Attachment {
        file_name: format!("scan-{seed}.pdf"),
        sha256: sha,
        size_bytes: len as u64,
    }
}

#[test]
fn delivers_every_event_in_batches_of_200() {
    let (_dir, mut store) = new_store();
    receive_many(&mut store, 450);
    let hub = FakeHub::new();
    let report = sync_once(&mut store, &hub, clock).unwrap();
    assert_eq!(
        (report.batches, report.events_sent, report.accepted),
        (3, 450, 450)
    );
    let h = hub.state();
    assert_eq!(h.events.len(), 450);
    assert!(h.log.starts_with(&[
        "batch 1-200".to_string(),
        "batch 201-400".into(),
        "batch 401-450".into(),
        "down 0".into(),
    ]));
    let s = store.sync_state().unwrap();
    assert_eq!((s.acked_through, s.pending, s.last_error), (450, 0, None));
    assert_eq!(s.last_success_at, Some(clock()));
}

#[test]
fn a_backlog_goes_in_catch_up_batches_and_the_tail_in_normal_ones() {
    let (_dir, mut store) = new_store();
    receive_many(&mut store, 90);
    let hub = FakeHub::new();
    let options = SyncOptions {
        batch_events: 10,
        catch_up_events: 30,
        cancel: None,
    };
    let report = sync_with(&mut store, &hub, &clock, options).unwrap();
    assert_eq!(report.accepted, 90);
    let batches: Vec<String> = hub
        .state()
        .log
        .iter()
        .filter(|l| l.starts_with("batch"))
        .cloned()
        .collect();
    // 90 and 60 pending are more than five normal batches; 30 is not.
    assert_eq!(
        batches,
        [
            "batch 1-30",
            "batch 31-60",
            "batch 61-70",
            "batch 71-80",
            "batch 81-90"
        ]
    );
}

#[test]
fn a_batch_too_large_for_the_hub_is_split() {
    let (_dir, mut store) = new_store();
    receive_many(&mut store, 9);
    let hub = FakeHub::new();
    hub.state().max_events = Some(3);
    let report = in_batches_of(&mut store, &hub, 8).unwrap();
    assert_eq!((report.batches, report.accepted), (5, 9));
    let h = hub.state();
    let log: Vec<&str> = h.log.iter().map(String::as_str).collect();
    assert_eq!(
        log,
        [
            "batch 1-8",
            "batch 1-4",
            "batch 1-2",
            "batch 3-4",
            "batch 5-6",
            "batch 7-8",
            "batch 9-9",
            "down 0"
        ]
    );
}

#[test]
fn a_run_with_nothing_to_send_only_asks_what_came_back() {
    let (_dir, mut store) = new_store();
    let hub = FakeHub::new();
    let report = sync_once(&mut store, &hub, clock).unwrap();
    assert!(report.is_empty());
    assert_eq!(hub.state().log, ["down 0"]);
    assert_eq!(store.sync_state().unwrap().last_success_at, Some(clock()));
}

/// Runs with batches of `n` (and no catch-up), to test batching with few events.
fn in_batches_of(store: &mut Store, hub: &FakeHub, n: usize) -> Result<SyncReport, SyncError> {
    let options = SyncOptions {
        batch_events: n,
        catch_up_events: n,
        cancel: None,
    };
    sync_with(store, hub, &clock, options)
}

#[test]
fn a_lost_reply_is_replayed_and_counted_as_duplicates() {
    let (_dir, mut store) = new_store();
    receive_many(&mut store, 25);
    let hub = FakeHub::new();
    hub.state().lose_batch_replies = 1;
    let err = in_batches_of(&mut store, &hub, 20).unwrap_err();
    assert!(err.is_unreachable(), "{err}");
    // The hub stored the first batch; the station does not know it yet.
    assert_eq!(hub.state().acked, 20);
    assert_eq!(store.sync_state().unwrap().acked_through, 0);
    let report = in_batches_of(&mut store, &hub, 20).unwrap();
    assert_eq!((report.duplicates, report.accepted), (20, 5));
    assert_eq!(hub.state().events.len(), 25);
    assert_eq!(store.sync_state().unwrap().acked_through, 25);
}

#[test]
fn a_hub_restored_from_an_older_backup_gets_the_missing_events_again() {
    let (_dir, mut store) = new_store();
    receive_many(&mut store, 30);
    let hub = FakeHub::new();
    in_batches_of(&mut store, &hub, 20).unwrap();
    {
        let mut h = hub.state();
        h.acked = 12;
        h.events.retain(|seq, _| *seq <= 12);
        h.log.clear();
    }
    receive_many(&mut store, 3);
    let report = in_batches_of(&mut store, &hub, 20).unwrap();
    assert_eq!(report.rewinds, 1);
    assert_eq!(report.accepted, 21);
    let h = hub.state();
    assert_eq!(h.log[..3], ["batch 31-33", "batch 13-32", "batch 33-33"]);
    assert_eq!(h.events.len(), 33);
    assert_eq!(h.acked, 33);
    drop(h);
    assert_eq!(store.sync_state().unwrap().acked_through, 33);
}

#[test]
fn a_gap_that_rewinding_cannot_close_stops_the_run() {
    let (_dir, mut store) = new_store();
    receive_many(&mut store, 5);
    let hub = FakeHub::new();
    hub.state().refuse_batches = Some((
        409,
        ErrorReply {
            error: "sequence_gap".into(),
            message: "gap".into(),
            expected_seq: Some(1),
            received: None,
        },
    ));
    let err = sync_once(&mut store, &hub, clock).unwrap_err();
    assert!(
        matches!(err, SyncError::RewindLoop { expected: 1 }),
        "{err}"
    );
    assert_eq!(hub.state().log.len(), 1);
    assert!(store.sync_state().unwrap().last_error.is_some());
}

#[test]
fn a_sequence_conflict_stops_with_a_clear_error_and_changes_nothing() {
    let (_dir, mut store) = new_store();
    receive_many(&mut store, 3);
    let hub = FakeHub::new();
    sync_once(&mut store, &hub, clock).unwrap();
    // Another database claims this station: the hub holds seq 2 differently.
    hub.state().events.get_mut(&2).unwrap().event_id = "someone-else".into();
    hub.state().acked = 1;
    store.rewind_delivery(1, clock()).unwrap();
    let err = sync_once(&mut store, &hub, clock).unwrap_err();
    assert!(matches!(err, SyncError::SequenceConflict(_)), "{err}");
    assert!(err.to_string().contains("administrator"));
    let s = store.sync_state().unwrap();
    assert_eq!(s.acked_through, 0);
    assert!(s.last_error.unwrap().contains("cán bộ kỹ thuật"));
}

#[test]
fn a_rejected_event_is_quarantined_and_the_later_ones_still_go() {
    let (_dir, mut store) = new_store();
    let codes = receive_many(&mut store, 5);
    let bad = codes[1].clone();
    let fixed = Rc::new(Cell::new(false));
    let seen = Rc::clone(&fixed);
    let hub = FakeHub::with_rule(Box::new(move |e| {
        (e.entity_key == bad && !seen.get()).then(|| {
            (
                "unknown_procedure".to_string(),
                "Thủ tục không có trong danh mục của tỉnh.".to_string(),
            )
        })
    }));
    let report = sync_once(&mut store, &hub, clock).unwrap();
    assert_eq!((report.accepted, report.rejected), (4, 1));
    let q = store.quarantine().unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!((q[0].seq, q[0].entity_key.as_str()), (2, codes[1].as_str()));
    let s = store.sync_state().unwrap();
    assert_eq!((s.acked_through, s.pending, s.quarantined), (5, 0, 1));

    // The cause is fixed upstream; staff resend it.
    fixed.set(true);
    let new_seq = store.resend(2, &Actor::system("test")).unwrap();
    let report = sync_once(&mut store, &hub, clock).unwrap();
    assert_eq!((report.accepted, report.rejected), (1, 0));
    assert!(store.quarantine().unwrap().is_empty());
    let h = hub.state();
    assert_eq!(
        h.events[&new_seq].payload["resend_of"],
        h.events[&2].event_id.as_str()
    );
}

#[test]
fn an_unreachable_hub_is_recorded_and_the_next_run_catches_up() {
    let (_dir, mut store) = new_store();
    receive_many(&mut store, 3);
    let hub = FakeHub::new();
    hub.state().down_for = 1;
    let err = sync_once(&mut store, &hub, clock).unwrap_err();
    assert!(err.is_unreachable());
    let s = store.sync_state().unwrap();
    assert_eq!(s.acked_through, 0);
    assert_eq!(s.last_attempt_at, Some(clock()));
    assert_eq!(s.last_success_at, None);
    assert!(s.last_error.unwrap().contains("thử lại"));

    sync_once(&mut store, &hub, clock).unwrap();
    let s = store.sync_state().unwrap();
    assert_eq!((s.acked_through, s.last_error), (3, None));
}

#[test]
fn other_refusals_are_shown_to_staff_in_vietnamese() {
    let (_dir, mut store) = new_store();
    receive_many(&mut store, 1);
    let hub = FakeHub::new();
    if let ClientError::Refused { status, reply } = refusal(401, "unknown_station") {
        hub.state().refuse_batches = Some((status, reply));
    }
    let err = sync_once(&mut store, &hub, clock).unwrap_err();
    assert!(!err.is_unreachable());
    assert!(
        store
            .sync_state()
            .unwrap()
            .last_error
            .unwrap()
            .contains("chưa được đăng ký")
    );
}

#[test]
fn attachments_go_before_their_batch_and_resume_after_a_cut() {
    let (_dir, mut store) = new_store();
    let big = scan(&store, 2 * BLOB_CHUNK + BLOB_CHUNK / 2, 7);
    let small = scan(&store, 10, 8);
    receive(&mut store, 0, vec![big.clone(), small.clone()]);
    let hub = FakeHub::new();
    // The second piece is cut half-way: the hub keeps what arrived.
    hub.state().cut_put = Some(2);
    let err = sync_once(&mut store, &hub, clock).unwrap_err();
    assert!(err.is_unreachable());
    assert_eq!(store.sync_state().unwrap().acked_through, 0);
    assert!(hub.state().events.is_empty());
    let held = hub.state().blobs[&big.sha256].0.len();
    assert_eq!(held, BLOB_CHUNK + BLOB_CHUNK / 2);

    hub.state().log.clear();
    let report = sync_once(&mut store, &hub, clock).unwrap();
    assert_eq!(report.blobs_sent, 2);
    let h = hub.state();
    let log: Vec<&str> = h.log.iter().map(String::as_str).collect();
    let (b, s) = (&big.sha256, &small.sha256);
    assert_eq!(
        log,
        [
            format!("blob {b}"),
            // From where the hub stood, not from the start.
            format!("put {b}@{held}+{}", BLOB_CHUNK),
            format!("blob {s}"),
            format!("put {s}@0+10"),
            "batch 1-1".into(),
            "down 0".into(),
        ]
    );
    assert!(h.blobs[b].1 && h.blobs[s].1);
    drop(h);
    assert!(store.blob_delivered(&big.sha256).unwrap());

    // Delivered attachments are not offered again, even with the event resent.
    hub.state().log.clear();
    store.rewind_delivery(1, clock()).unwrap();
    sync_once(&mut store, &hub, clock).unwrap();
    assert_eq!(hub.state().log, ["batch 1-1", "down 0"]);
}

#[test]
fn an_offset_mismatch_continues_from_what_the_hub_holds() {
    let (_dir, mut store) = new_store();
    let big = scan(&store, BLOB_CHUNK + 100, 3);
    receive(&mut store, 0, vec![big.clone()]);
    let hub = FakeHub::new();
    // The hub got the first piece in an earlier run whose reply was lost, and
    // the state request of this run is answered before it is written.
    let bytes = std::fs::read(crate::attachments::stored_path(
        &store.attachments_dir(),
        &big.sha256,
    ))
    .unwrap();
    hub.state()
        .blobs
        .insert(big.sha256.clone(), (bytes[..BLOB_CHUNK].to_vec(), false));
    // Ask the state (0 held, as if stale) by hiding the piece during the GET.
    let report = {
        let stale = FakeStale { inner: &hub };
        sync_once(&mut store, &stale, clock).unwrap()
    };
    assert_eq!(report.blobs_sent, 1);
    let log = hub.state().log.clone();
    assert!(log.contains(&format!("put {}@0+{BLOB_CHUNK}", big.sha256)));
    assert!(log.contains(&format!("put {}@{BLOB_CHUNK}+100", big.sha256)));
    assert!(hub.state().blobs[&big.sha256].1);
}

/// Answers every blob state as "nothing held" (a stale read).
struct FakeStale<'a> {
    inner: &'a FakeHub,
}

impl Receiver for FakeStale<'_> {
    fn health(&self) -> Result<crate::sync::client::Health, ClientError> {
        self.inner.health()
    }
    fn enrol(
        &self,
        e: &crate::sync::wire::Enrolment,
    ) -> Result<crate::sync::wire::EnrolReply, ClientError> {
        self.inner.enrol(e)
    }
    fn send_batch(
        &self,
        b: &crate::sync::wire::Batch,
    ) -> Result<crate::sync::wire::BatchReply, ClientError> {
        self.inner.send_batch(b)
    }
    fn blob_state(&self, sha256: &str) -> Result<crate::sync::wire::BlobState, ClientError> {
        Ok(crate::sync::wire::BlobState {
            sha256: sha256.into(),
            complete: false,
            received: 0,
        })
    }
    fn put_blob_chunk(
        &self,
        sha256: &str,
        offset: u64,
        total: u64,
        bytes: &[u8],
    ) -> Result<crate::sync::wire::BlobState, ClientError> {
        self.inner.put_blob_chunk(sha256, offset, total, bytes)
    }
    fn status(&self) -> Result<crate::sync::wire::StationStatus, ClientError> {
        self.inner.status()
    }
    fn down(&self, after: i64) -> Result<crate::sync::wire::DownReply, ClientError> {
        self.inner.down(after)
    }
}

const BLOB_CHUNK: usize = crate::sync::wire::BLOB_CHUNK_BYTES;

#[test]
fn a_missing_attachment_file_never_blocks_the_events() {
    let (_dir, mut store) = new_store();
    let gone = scan(&store, 50, 1);
    std::fs::remove_file(crate::attachments::stored_path(
        &store.attachments_dir(),
        &gone.sha256,
    ))
    .unwrap();
    receive(&mut store, 0, vec![gone.clone()]);
    receive_many(&mut store, 2);
    let hub = FakeHub::new();
    let report = sync_once(&mut store, &hub, clock).unwrap();
    assert_eq!(report.accepted, 3);
    assert_eq!(report.blobs_sent, 0);
    assert_eq!(report.problems.len(), 1);
    assert!(report.problems[0].contains(&gone.sha256));
    assert!(!store.blob_delivered(&gone.sha256).unwrap());
}

fn down_item(seq: i64, kind: &str, payload: serde_json::Value) -> DownItem {
    DownItem {
        seq,
        kind: kind.into(),
        created_at: "2026-11-24T10:00:00".into(),
        payload,
    }
}

#[test]
fn items_from_the_hub_are_applied_once_even_when_sent_twice() {
    let (_dir, mut store) = new_store();
    let codes = receive_many(&mut store, 2);
    let office = "Văn phòng đăng ký đất đai (liên thông)";
    let items = vec![
        down_item(
            1,
            "dossier.status_changed",
            serde_json::json!({"code": codes[0], "status": 4, "note": "Đang thẩm định",
                               "at": "2026-11-23T09:00:00", "actor": office}),
        ),
        // Not allowed from 2 (received): recorded, passed over.
        down_item(
            2,
            "dossier.status_changed",
            serde_json::json!({"code": codes[1], "status": 10, "note": "",
                               "at": "2026-11-23T09:30:00", "actor": office}),
        ),
        down_item(
            3,
            "catalog.updated",
            serde_json::json!({"csv": crate::BUNDLED_CATALOG}),
        ),
        down_item(
            4,
            "dossier.status_changed",
            serde_json::json!({"code": "không-có", "status": 4}),
        ),
        down_item(5, "dossier.exploded", serde_json::json!({})),
    ];
    let hub = FakeHub::new();
    hub.state().down = items.clone();
    let report = sync_once(&mut store, &hub, clock).unwrap();
    assert_eq!((report.down_applied, report.down_problems), (2, 3));
    // Pages of two: 0 → 2 → 4 → 5, then an empty page.
    let downs: Vec<String> = hub
        .state()
        .log
        .iter()
        .filter(|l| l.starts_with("down"))
        .cloned()
        .collect();
    assert_eq!(downs, ["down 0", "down 2", "down 4", "down 5"]);

    let history = store.status_history(&codes[0]).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].to, DossierStatus::Processing);
    assert_eq!(history[0].actor, office);
    assert_eq!(history[0].at, at(9, 0));
    assert!(store.status_history(&codes[1]).unwrap().is_empty());
    let problems = store.down_problems(10).unwrap();
    let seqs: Vec<i64> = problems.iter().map(|p| p.down_seq).collect();
    assert_eq!(seqs, [5, 4, 2]);
    assert!(
        problems[2].problem.contains(&codes[1]),
        "{}",
        problems[2].problem
    );
    // The change made upstream is itself an event for the hub, sent in the same run.
    assert!(store.unsettled_events(10).unwrap().is_empty());
    assert_eq!(
        hub.state().events.values().last().unwrap().kind,
        "dossier.status_changed"
    );

    // The hub sends everything again (it lost track): nothing changes.
    for item in &items {
        assert_eq!(
            store.apply_down_item(item, clock()).unwrap(),
            DownOutcome::AlreadyDone
        );
    }
    let report = sync_once(&mut store, &hub, clock).unwrap();
    assert_eq!((report.down_applied, report.down_problems), (0, 0));
    assert_eq!(store.status_history(&codes[0]).unwrap().len(), 1);
    assert_eq!(store.sync_state().unwrap().down_through, 5);
}

#[test]
fn a_cancelled_run_stops_between_requests_without_recording_a_failure() {
    let (_dir, mut store) = new_store();
    receive_many(&mut store, 3);
    let hub = FakeHub::new();
    let stop = AtomicBool::new(true);
    let options = SyncOptions {
        batch_events: 1,
        catch_up_events: 1,
        cancel: Some(&stop),
    };
    let err = sync_with(&mut store, &hub, &clock, options).unwrap_err();
    assert!(matches!(err, SyncError::Cancelled));
    assert!(hub.state().log.is_empty());
    assert_eq!(store.sync_state().unwrap().last_error, None);
}

#[test]
fn enrolment_keeps_the_hub_key() {
    let (_dir, mut store) = new_store();
    let hub = FakeHub::new();
    let reply = crate::sync::hub::enrol(&mut store, &hub, " token ").unwrap();
    assert_eq!(reply.hub_id, "fake");
    assert_eq!(
        store.sync_state().unwrap().hub_public_key,
        Some("11".repeat(32))
    );
    let station = store.station_id().unwrap();
    assert_eq!(hub.state().log, [format!("enrol {station}")]);
}
