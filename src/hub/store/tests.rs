#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use super::*;
use crate::hub::fixtures::{
    self, CCCD, STATION, code, received, received_dossier, status_changed, step,
};
use crate::sync::signing::sha256_hex;
use crate::sync::wire::{BatchReply, WireEvent};

fn open() -> (tempfile::TempDir, HubStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = HubStore::open(&dir.path().join("hub.sqlite3")).unwrap();
    (dir, store)
}

fn enrolment(station: &str, key: &SigningKey) -> StationEnrolment {
    StationEnrolment {
        station_id: station.into(),
        public_key: key.verifying_key(),
        name: "Trung tâm PVHCC xã Yên Kỳ".into(),
        agency_id: "000.00.12.H56".into(),
        counter_no: 1,
    }
}

fn enrolled() -> (tempfile::TempDir, HubStore) {
    let (dir, mut store) = open();
    store
        .enrol(&enrolment(STATION, &signing::generate().unwrap()))
        .unwrap();
    (dir, store)
}

fn held(store: &HubStore) -> (i64, u64, usize) {
    let s = store.station_status(STATION).unwrap();
    (s.acked_through, s.events, s.rejected.len())
}

/// received(1), status_changed(2), apology(3) for one dossier.
fn three() -> Vec<WireEvent> {
    vec![
        received(1, &code(1)),
        status_changed(2, &code(1), json!(4)),
        step(3, "dossier.apology", &code(1)),
    ]
}

#[test]
fn the_hub_keeps_its_identity_across_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.sqlite3");
    let first = HubStore::open(&path).unwrap();
    let (id, key) = (first.hub_id().unwrap(), first.hub_public_key_hex().unwrap());
    drop(first);
    let again = HubStore::open(&path).unwrap();
    assert_eq!(again.hub_id().unwrap(), id);
    assert_eq!(again.hub_public_key_hex().unwrap(), key);
    assert_eq!(
        signing::public_to_hex(&again.hub_signing_key().unwrap().verifying_key()),
        key
    );
    assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 7);
}

#[test]
fn enrolment_is_idempotent_and_a_new_key_waits_for_forget() {
    let (_dir, mut store) = open();
    let key = signing::generate().unwrap();
    let first = store.enrol(&enrolment(STATION, &key)).unwrap();
    assert_eq!(first.acked_through, 0);
    assert_eq!(first.hub_public_key, store.hub_public_key_hex().unwrap());
    assert_eq!(store.enrol(&enrolment(STATION, &key)).unwrap(), first);
    assert_eq!(
        store.station_key(STATION).unwrap(),
        Some(key.verifying_key())
    );
    store.store_events(STATION, &three(), Via::Network).unwrap();

    let other = signing::generate().unwrap();
    let err = store.enrol(&enrolment(STATION, &other)).unwrap_err();
    assert!(matches!(err, HubError::StationKeyMismatch(_)), "{err:?}");
    assert_eq!(
        store.station_key(STATION).unwrap(),
        Some(key.verifying_key())
    );

    assert!(store.forget(STATION).unwrap());
    assert!(!store.forget(STATION).unwrap());
    assert_eq!(store.station_key(STATION).unwrap(), None);
    assert!(!store.stations().unwrap()[0].enrolled);
    // The history stays: the re-enrolled station continues where it was.
    let again = store.enrol(&enrolment(STATION, &other)).unwrap();
    assert_eq!(again.acked_through, 3);
    assert_eq!(
        store.station_key(STATION).unwrap(),
        Some(other.verifying_key())
    );
    assert_eq!(store.station_key("nobody").unwrap(), None);
}

#[test]
fn a_batch_is_stored_and_its_replay_answers_the_same() {
    let (_dir, mut store) = enrolled();
    let batch = three();
    let first = store.store_events(STATION, &batch, Via::Network).unwrap();
    assert_eq!(
        first,
        BatchReply {
            acked_through: 3,
            accepted: 3,
            duplicates: 0,
            rejected: vec![],
        }
    );
    let replay = store.store_events(STATION, &batch, Via::Network).unwrap();
    assert_eq!(replay.acked_through, 3);
    assert_eq!((replay.accepted, replay.duplicates), (0, 3));
    assert!(replay.rejected.is_empty());
    assert_eq!(held(&store), (3, 3, 0));

    // Overlapping: two held, two new.
    let mut more = batch[1..].to_vec();
    more.push(step(4, "dossier.transfer_out", &code(1)));
    more.push(received(5, &code(2)));
    let reply = store.store_events(STATION, &more, Via::Network).unwrap();
    assert_eq!(
        (reply.acked_through, reply.accepted, reply.duplicates),
        (5, 2, 2)
    );
    assert_eq!(held(&store), (5, 5, 0));

    // An empty batch tells where the hub is.
    let empty = store.store_events(STATION, &[], Via::Network).unwrap();
    assert_eq!((empty.acked_through, empty.accepted), (5, 0));
}

#[test]
fn a_rejection_settles_its_event_without_blocking_the_next() {
    let (_dir, mut store) = enrolled();
    let bad = fixtures::dossier(&code(2), "1.000894", "12345", &[]);
    let batch = vec![
        received(1, &code(1)),
        received_dossier(2, &bad),
        received(3, &code(3)),
    ];
    let reply = store.store_events(STATION, &batch, Via::Network).unwrap();
    assert_eq!((reply.acked_through, reply.accepted), (3, 2));
    assert_eq!(reply.rejected.len(), 1);
    let rejection = &reply.rejected[0];
    assert_eq!(
        (rejection.seq, rejection.code.as_str()),
        (2, "invalid_payload")
    );
    assert_eq!(rejection.event_id, batch[1].event_id);
    assert!(rejection.reason.contains("CCCD"));

    // The replay repeats the rejection with the same reason.
    let replay = store.store_events(STATION, &batch, Via::Network).unwrap();
    assert_eq!((replay.accepted, replay.duplicates), (0, 3));
    assert_eq!(replay.rejected, reply.rejected);
    assert_eq!(
        store.station_status(STATION).unwrap().rejected,
        reply.rejected
    );

    let listed = store.station_events(STATION).unwrap();
    let states: Vec<_> = listed.iter().map(|e| (e.seq, e.state)).collect();
    assert_eq!(states, [(1, "stored"), (2, "rejected"), (3, "stored")]);
    assert_eq!(listed[1].code.as_deref(), Some("invalid_payload"));
    assert!(listed[1].payload.is_none() && listed[0].payload.is_some());
}

#[test]
fn a_gap_is_refused_with_the_seq_expected_and_nothing_stored() {
    let (_dir, mut store) = enrolled();
    store.store_events(STATION, &three(), Via::Network).unwrap();
    let ahead = vec![received(5, &code(5)), received(6, &code(6))];
    let err = store
        .store_events(STATION, &ahead, Via::Network)
        .unwrap_err();
    assert!(
        matches!(err, HubError::SequenceGap { expected: 4 }),
        "{err:?}"
    );
    assert_eq!(held(&store), (3, 3, 0));

    let err = store
        .store_events(
            STATION,
            &[received(2, &code(2)), received(4, &code(4))],
            Via::Network,
        )
        .unwrap_err();
    assert!(matches!(err, HubError::BadRequest(_)), "{err:?}");
    let err = store
        .store_events(STATION, &[received(0, &code(2))], Via::Network)
        .unwrap_err();
    assert!(matches!(err, HubError::BadRequest(_)), "{err:?}");
    assert_eq!(held(&store), (3, 3, 0));
}

#[test]
fn another_event_at_a_held_seq_is_a_conflict_and_stores_nothing() {
    let (_dir, mut store) = enrolled();
    let batch = three();
    store.store_events(STATION, &batch, Via::Network).unwrap();
    // Seq 3 claimed by another event, followed by a new one.
    let other = vec![
        batch[1].clone(),
        step(3, "dossier.apology", &code(1)),
        received(4, &code(4)),
    ];
    let err = store
        .store_events(STATION, &other, Via::Network)
        .unwrap_err();
    assert!(
        matches!(err, HubError::SequenceConflict { seq: 3 }),
        "{err:?}"
    );
    assert_eq!(held(&store), (3, 3, 0));
    // A rejected seq is held too.
    let mut bad = received(4, &code(4));
    bad.kind = "dossier.unknown".into();
    store.store_events(STATION, &[bad], Via::Network).unwrap();
    let err = store
        .store_events(STATION, &[received(4, &code(4))], Via::Network)
        .unwrap_err();
    assert!(
        matches!(err, HubError::SequenceConflict { seq: 4 }),
        "{err:?}"
    );
}

#[test]
fn a_batch_is_one_transaction() {
    let (_dir, mut store) = enrolled();
    // Make the database fail on the third insert, after two succeeded.
    store
        .conn
        .execute_batch(
            "CREATE TEMP TRIGGER boom BEFORE INSERT ON event WHEN NEW.seq = 3
             BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;",
        )
        .unwrap();
    let batch = three();
    let err = store
        .store_events(STATION, &batch, Via::Network)
        .unwrap_err();
    assert!(matches!(err, HubError::Sqlite(_)), "{err:?}");
    assert_eq!(held(&store), (0, 0, 0));
    assert!(store.station_events(STATION).unwrap().is_empty());

    store.conn.execute_batch("DROP TRIGGER boom").unwrap();
    let reply = store.store_events(STATION, &batch, Via::Network).unwrap();
    assert_eq!(
        (reply.acked_through, reply.accepted, reply.duplicates),
        (3, 3, 0)
    );
}

#[test]
fn a_change_to_an_unknown_dossier_is_rejected_until_it_is_resent() {
    let (_dir, mut store) = enrolled();
    let bad = fixtures::dossier(&code(1), "1.000894", "0383", &[]);
    let mut fixed = received(3, &code(1));
    fixed.payload["resend_of"] = json!("will-be-seq-1");
    let batch = vec![
        received_dossier(1, &bad),
        status_changed(2, &code(1), json!(4)),
        fixed,
        status_changed(4, &code(1), json!(4)),
    ];
    let reply = store.store_events(STATION, &batch, Via::Network).unwrap();
    let codes: Vec<_> = reply
        .rejected
        .iter()
        .map(|r| (r.seq, r.code.as_str()))
        .collect();
    assert_eq!(codes, [(1, "invalid_payload"), (2, "unknown_dossier")]);
    assert_eq!((reply.acked_through, reply.accepted), (4, 2));

    // Dossiers are known per station.
    let other = "019aa7d2-0000-7000-8000-0000000000b2";
    store
        .enrol(&enrolment(other, &signing::generate().unwrap()))
        .unwrap();
    let mut change = status_changed(1, &code(1), json!(4));
    change.payload["station_id"] = json!(other);
    let reply = store.store_events(other, &[change], Via::Network).unwrap();
    assert_eq!(reply.rejected[0].code, "unknown_dossier");
}

#[test]
fn procedures_are_checked_only_once_a_catalog_is_published() {
    let (_dir, mut store) = enrolled();
    let odd = fixtures::dossier(&code(1), "1.009999", CCCD, &[]);
    let reply = store
        .store_events(STATION, &[received_dossier(1, &odd)], Via::Network)
        .unwrap();
    assert!(reply.rejected.is_empty());

    let published = store.publish_catalog(crate::BUNDLED_CATALOG).unwrap();
    assert!(published.entries > 10);
    assert_eq!(published.stations, 1);
    let odd = fixtures::dossier(&code(2), "1.009999", CCCD, &[]);
    let batch = vec![received_dossier(2, &odd), received(3, &code(3))];
    let reply = store.store_events(STATION, &batch, Via::Network).unwrap();
    assert_eq!(reply.accepted, 1);
    assert_eq!(reply.rejected.len(), 1);
    assert_eq!(reply.rejected[0].code, "unknown_procedure");
    assert_eq!(
        reply.rejected[0].reason,
        "Thủ tục 1.009999 không có trong danh mục của tỉnh."
    );
}

#[test]
fn network_and_bundle_deliveries_are_one_path() {
    let (_dir, mut store) = enrolled();
    let batch = three();
    store
        .store_events(STATION, &batch[..2], Via::Bundle)
        .unwrap();
    let reply = store.store_events(STATION, &batch, Via::Network).unwrap();
    assert_eq!((reply.accepted, reply.duplicates), (1, 2));
    let via: Vec<_> = store
        .station_events(STATION)
        .unwrap()
        .into_iter()
        .map(|e| e.via)
        .collect();
    assert_eq!(via, ["bundle", "bundle", "network"]);

    let err = store
        .store_events("nobody", &batch, Via::Bundle)
        .unwrap_err();
    assert!(matches!(err, HubError::UnknownStation(_)), "{err:?}");

    let bundle = ImportedBundle {
        sha256: sha256_hex(b"bundle"),
        station_id: STATION.into(),
        first_seq: 1,
        last_seq: 2,
        imported_at: now_text(),
        accepted: 2,
        duplicates: 0,
    };
    assert!(store.record_bundle(&bundle).unwrap());
    assert!(!store.record_bundle(&bundle).unwrap());
    assert_eq!(store.imported_bundle(&bundle.sha256).unwrap(), Some(bundle));
}

#[test]
fn attachments_arrive_in_pieces_and_resume() {
    let (_dir, mut store) = enrolled();
    let bytes = b"scanned dossier, page one and two".to_vec();
    let sha = sha256_hex(&bytes);
    let other = sha256_hex(b"abc");
    let d = fixtures::dossier(&code(1), "1.000894", CCCD, &[&sha, &other]);
    store
        .store_events(STATION, &[received_dossier(1, &d)], Via::Network)
        .unwrap();
    assert_eq!(
        store.station_status(STATION).unwrap().missing_blobs,
        [sha.clone(), other.clone()]
    );
    assert_eq!(store.stations().unwrap()[0].missing_blobs, 2);

    let total = bytes.len() as u64;
    let state = store.put_blob_chunk(&sha, 0, total, &bytes[..10]).unwrap();
    assert_eq!((state.complete, state.received), (false, 10));
    // A piece sent again after a cut answer: the hub says where it is.
    let err = store
        .put_blob_chunk(&sha, 0, total, &bytes[..10])
        .unwrap_err();
    assert!(
        matches!(err, HubError::OffsetMismatch { received: 10 }),
        "{err:?}"
    );
    let err = store
        .put_blob_chunk(&sha, 12, total, &bytes[12..])
        .unwrap_err();
    assert!(
        matches!(err, HubError::OffsetMismatch { received: 10 }),
        "{err:?}"
    );
    assert_eq!(store.blob_state(&sha).unwrap().received, 10);
    let err = store
        .put_blob_chunk(&sha, 10, total + 1, &bytes[10..])
        .unwrap_err();
    assert!(matches!(err, HubError::BadRequest(_)), "{err:?}");

    let state = store.put_blob_chunk(&sha, 10, total, &bytes[10..]).unwrap();
    assert_eq!((state.complete, state.received), (true, total));
    let path = store.blob_path(&sha).unwrap().unwrap();
    assert_eq!(std::fs::read(path).unwrap(), bytes);
    // Complete: any further piece is answered without being read.
    let state = store.put_blob_chunk(&sha, 0, total, b"whatever").unwrap();
    assert!(state.complete);
    assert_eq!(
        store.station_status(STATION).unwrap().missing_blobs,
        std::slice::from_ref(&other)
    );

    // Whole, as a bundle carries them; a wrong hash stores nothing.
    let err = store.put_blob_bytes(&other, b"abd").unwrap_err();
    assert!(matches!(err, HubError::BlobMismatch { .. }), "{err:?}");
    assert!(!store.blob_state(&other).unwrap().complete);
    assert!(store.put_blob_bytes(&other, b"abc").unwrap().complete);
    assert!(
        store
            .station_status(STATION)
            .unwrap()
            .missing_blobs
            .is_empty()
    );

    let err = store.blob_state("ABC").unwrap_err();
    assert!(matches!(err, HubError::BadRequest(_)), "{err:?}");
}

#[test]
fn a_wrong_attachment_is_discarded_whole() {
    let (_dir, mut store) = open();
    let sha = sha256_hex(b"the real bytes");
    store.put_blob_chunk(&sha, 0, 14, b"the fake").unwrap();
    let err = store.put_blob_chunk(&sha, 8, 14, b" bytes").unwrap_err();
    assert!(matches!(err, HubError::BlobMismatch { .. }), "{err:?}");
    let state = store.blob_state(&sha).unwrap();
    assert_eq!((state.complete, state.received), (false, 0));
    store.put_blob_chunk(&sha, 0, 14, b"the real").unwrap();
    assert!(
        store
            .put_blob_chunk(&sha, 8, 14, b" bytes")
            .unwrap()
            .complete
    );
    // An empty file is an attachment too.
    let empty = sha256_hex(b"");
    assert!(store.put_blob_chunk(&empty, 0, 0, b"").unwrap().complete);
}

#[test]
fn status_changes_and_publications_flow_back() {
    let (_dir, mut store) = enrolled();
    store.store_events(STATION, &three(), Via::Network).unwrap();
    let err = store
        .push_status(STATION, &code(9), 9, "", "x")
        .unwrap_err();
    assert!(matches!(err, HubError::UnknownDossier { .. }), "{err:?}");
    let err = store
        .push_status(STATION, &code(1), 11, "", "x")
        .unwrap_err();
    assert!(matches!(err, HubError::BadRequest(_)), "{err:?}");
    let err = store
        .push_status("nobody", &code(1), 9, "", "x")
        .unwrap_err();
    assert!(matches!(err, HubError::UnknownStation(_)), "{err:?}");

    assert_eq!(
        store
            .push_status(STATION, &code(1), 9, "Đã có kết quả", DEFAULT_ACTOR)
            .unwrap(),
        1
    );
    let published = store.publish_calendar(crate::BUNDLED_CALENDAR).unwrap();
    assert_eq!(published.stations, 1);

    let down = store.down_after(STATION, 0).unwrap();
    assert_eq!(down.through, 2);
    let kinds: Vec<_> = down
        .items
        .iter()
        .map(|i| (i.seq, i.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [(1, "dossier.status_changed"), (2, "calendar.updated")]
    );
    let status = &down.items[0].payload;
    assert_eq!(status["code"], json!(code(1)));
    assert_eq!(status["status"], json!(9));
    assert_eq!(status["note"], json!("Đã có kết quả"));
    assert_eq!(down.items[1].payload["csv"], json!(crate::BUNDLED_CALENDAR));

    let rest = store.down_after(STATION, 2).unwrap();
    assert!(rest.items.is_empty());
    assert_eq!(rest.through, 2);

    // A station enrolled later gets what was published before it.
    let other = "019aa7d2-0000-7000-8000-0000000000c3";
    store
        .enrol(&enrolment(other, &signing::generate().unwrap()))
        .unwrap();
    let down = store.down_after(other, 0).unwrap();
    let kinds: Vec<_> = down
        .items
        .iter()
        .map(|i| (i.seq, i.kind.as_str()))
        .collect();
    assert_eq!(kinds, [(1, "calendar.updated")]);
    assert!(store.publish_calendar("not,a\ncalendar").is_err());
    assert_eq!(store.down_after(other, 0).unwrap().items.len(), 1);
}
