//! Bundles at the hub: a counter's real store exports, `quay-hub`'s real
//! store imports (the same code path as network delivery), writes the
//! acknowledgement file, and the counter applies it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use quay::bundle::{self, BundleError};
use quay::domain::settings::CenterSettings;
use quay::hub::{HubStore, StationEnrolment, Via};
use quay::store::{Actor, Store};
use quay::sync::wire::WireEvent;

struct Setup {
    dir: tempfile::TempDir,
    counter: Store,
    hub: HubStore,
    station_id: String,
}

fn at(h: u32) -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

/// A configured counter and a hub that enrolled it.
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let mut counter = Store::open(&dir.path().join("counter").join("quay.sqlite3")).unwrap();
    let settings = CenterSettings {
        agency_id: "000.00.12.H56".into(),
        counter_no: 1,
        officer_name: "Lê Văn Tâm".into(),
        configured: true,
        ..CenterSettings::default()
    };
    counter
        .save_settings(&settings, &Actor::system("t"))
        .unwrap();
    let identity = counter.station_identity().unwrap();
    let mut hub = HubStore::open(&dir.path().join("hub").join("hub.sqlite3")).unwrap();
    hub.enrol(&StationEnrolment {
        station_id: identity.station_id.clone(),
        public_key: identity.signing_key.verifying_key(),
        name: "Xã Yên Kỳ".into(),
        agency_id: "000.00.12.H56".into(),
        counter_no: 1,
    })
    .unwrap();
    Setup {
        dir,
        counter,
        hub,
        station_id: identity.station_id,
    }
}

impl Setup {
    /// Receives a dossier at the counter (one event), with a scan if given.
    fn receive(&mut self, procedure: &str, scan: Option<&[u8]>) {
        let mut draft = common::good_draft();
        draft.procedure_code = procedure.into();
        if let Some(bytes) = scan {
            let src = self.dir.path().join("scan.pdf");
            std::fs::write(&src, bytes).unwrap();
            let a = quay::attachments::import_file(&src, &self.counter.attachments_dir()).unwrap();
            draft.attachments = vec![a];
        }
        quay::intake::receive(&mut self.counter, &draft, &Actor::system("t"), at(9)).unwrap();
    }

    fn export(&mut self, name: &str) -> PathBuf {
        let out = self.dir.path().join(name);
        bundle::export(&mut self.counter, None, &out, &Actor::system("test")).unwrap();
        out
    }

    fn hub_events(&self) -> u64 {
        self.hub.station_status(&self.station_id).unwrap().events
    }

    fn wire(&self, after: i64, limit: i64) -> Vec<WireEvent> {
        self.counter
            .outbox_after(after, limit)
            .unwrap()
            .into_iter()
            .map(|e| WireEvent {
                seq: e.seq,
                event_id: e.event_id,
                kind: e.kind,
                entity_key: e.entity_key,
                payload_version: e.payload_version,
                created_at: e.created_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                payload: e.payload,
            })
            .collect()
    }
}

fn flip(path: &Path, pos: usize, to: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[pos] ^= 0x01;
    std::fs::write(to, bytes).unwrap();
}

#[test]
fn a_bundle_is_imported_once_with_its_scans() {
    let mut s = setup();
    s.receive("1.000894", Some(b"%PDF-1.4 to khai"));
    s.receive("1.000894", None);
    let file = s.export("day1.quaybundle");

    let r = bundle::import_bundle(&mut s.hub, &file).unwrap();
    assert_eq!((r.first_seq, r.last_seq, r.events), (1, 2, 2));
    assert_eq!((r.accepted, r.duplicates, r.acked_through), (2, 0, 2));
    assert!(r.rejected.is_empty());
    assert!(r.first_import);
    assert_eq!(r.attachments, 1);
    let status = s.hub.station_status(&s.station_id).unwrap();
    assert_eq!((status.acked_through, status.events), (2, 2));
    assert!(
        status.missing_blobs.is_empty(),
        "{:?}",
        status.missing_blobs
    );
    let events = s.hub.station_events(&s.station_id).unwrap();
    assert!(events.iter().all(|e| e.via == "bundle"));
    let sha =
        s.counter.outbox_after(0, 1).unwrap()[0].payload["dossier"]["attachments"][0]["sha256"]
            .as_str()
            .unwrap()
            .to_string();
    assert!(s.hub.blob_state(&sha).unwrap().complete);

    // The same file again: nothing changes, the reply is the same.
    let again = bundle::import_bundle(&mut s.hub, &file).unwrap();
    assert_eq!(
        (again.accepted, again.duplicates, again.acked_through),
        (0, 2, 2)
    );
    assert!(!again.first_import);
    assert_eq!(again.sha256, r.sha256);
    assert_eq!(s.hub_events(), 2);
}

#[test]
fn an_overlapping_bundle_and_network_deliveries_mix() {
    let mut s = setup();
    for _ in 0..3 {
        s.receive("1.000894", None);
    }
    // Events 1–2 went over the network before the link dropped.
    let early = s.wire(0, 2);
    s.hub
        .store_events(&s.station_id, &early, Via::Network)
        .unwrap();

    // The counter never heard the reply: its bundle starts at 1 again.
    let first = s.export("day1.quaybundle");
    let r = bundle::import_bundle(&mut s.hub, &first).unwrap();
    assert_eq!((r.accepted, r.duplicates, r.acked_through), (1, 2, 3));

    // The next day's bundle overlaps the first (no acknowledgement applied).
    s.receive("1.000894", None);
    s.receive("1.000894", None);
    let second = s.export("day2.quaybundle");
    let r = bundle::import_bundle(&mut s.hub, &second).unwrap();
    assert_eq!((r.first_seq, r.last_seq), (1, 5));
    assert_eq!((r.accepted, r.duplicates, r.acked_through), (2, 3, 5));
    // And the network replaying the tail changes nothing either.
    let tail = s.wire(3, 10);
    let reply = s
        .hub
        .store_events(&s.station_id, &tail, Via::Network)
        .unwrap();
    assert_eq!((reply.accepted, reply.duplicates), (0, 2));
    assert_eq!(s.hub_events(), 5);
    let via: Vec<String> = s
        .hub
        .station_events(&s.station_id)
        .unwrap()
        .into_iter()
        .map(|e| e.via)
        .collect();
    assert_eq!(via, ["network", "network", "bundle", "bundle", "bundle"]);
}

#[test]
fn a_bundle_after_a_gap_is_refused_whole_with_the_expected_seq() {
    let mut s = setup();
    for _ in 0..4 {
        s.receive("1.000894", None);
    }
    // The counter believes 1–2 were settled (say, by a hub restored from an
    // older backup since): its bundle starts at 3.
    s.counter.record_delivery(2, &[], at(12)).unwrap();
    let file = s.export("gap.quaybundle");
    let e = bundle::import_bundle(&mut s.hub, &file).unwrap_err();
    assert!(
        matches!(
            e,
            BundleError::SequenceGap {
                expected: 1,
                first_seq: 3,
                ..
            }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("expects seq 1"));
    assert_eq!(s.hub_events(), 0);
    assert!(
        s.hub
            .station_status(&s.station_id)
            .unwrap()
            .missing_blobs
            .is_empty()
    );
}

#[test]
fn a_tampered_bundle_stores_nothing_not_even_its_sound_events() {
    let mut s = setup();
    s.receive("1.000894", Some(b"%PDF-1.4 ban quet"));
    s.receive("1.000894", None);
    let file = s.export("day1.quaybundle");
    let len = std::fs::metadata(&file).unwrap().len() as usize;
    let bad = s.dir.path().join("bad.quaybundle");

    // The last byte is the scan's: the events are sound, the bundle is not.
    flip(&file, len - 1, &bad);
    let e = bundle::import_bundle(&mut s.hub, &bad).unwrap_err();
    assert!(matches!(e, BundleError::AttachmentDamaged { .. }), "{e}");
    assert_eq!(s.hub_events(), 0);

    flip(&file, 100, &bad);
    assert!(bundle::import_bundle(&mut s.hub, &bad).is_err());
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&bad, &bytes[..len - 3]).unwrap();
    assert!(matches!(
        bundle::import_bundle(&mut s.hub, &bad),
        Err(BundleError::Truncated { .. })
    ));
    assert_eq!(s.hub_events(), 0);

    // The sound file still goes in afterwards.
    bundle::import_bundle(&mut s.hub, &file).unwrap();
    assert_eq!(s.hub_events(), 2);
}

#[test]
fn a_foreign_station_or_another_key_is_refused() {
    let mut s = setup();
    s.receive("1.000894", None);
    let file = s.export("day1.quaybundle");

    // A hub that never enrolled this station.
    let mut other_hub = HubStore::open(&s.dir.path().join("other.sqlite3")).unwrap();
    let e = bundle::import_bundle(&mut other_hub, &file).unwrap_err();
    assert!(matches!(e, BundleError::UnknownStation(_)), "{e}");

    // The hub enrolled this station id with another key (another database
    // claiming the id, or a forged bundle).
    let mut third = HubStore::open(&s.dir.path().join("third.sqlite3")).unwrap();
    third
        .enrol(&StationEnrolment {
            station_id: s.station_id.clone(),
            public_key: quay::sync::signing::generate().unwrap().verifying_key(),
            name: String::new(),
            agency_id: String::new(),
            counter_no: 1,
        })
        .unwrap();
    let e = bundle::import_bundle(&mut third, &file).unwrap_err();
    assert!(matches!(e, BundleError::WrongKey { .. }), "{e}");
    assert_eq!(third.station_status(&s.station_id).unwrap().events, 0);

    // After `forget` the key is gone and the station is unknown again.
    s.hub.forget(&s.station_id).unwrap();
    assert!(matches!(
        bundle::import_bundle(&mut s.hub, &file),
        Err(BundleError::UnknownStation(_))
    ));
}

#[test]
fn the_ack_file_round_trip_settles_and_quarantines_at_the_counter() {
    let mut s = setup();
    // The province's catalog lacks "đăng ký kết hôn" (1.000894).
    let catalog: String = quay::BUNDLED_CATALOG
        .lines()
        .take(2)
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!catalog.contains("1.000894,"));
    s.hub.publish_catalog(&catalog).unwrap();
    s.receive("1.001193", None);
    s.receive("1.000894", None);
    s.receive("1.001193", None);
    let file = s.export("day1.quaybundle");
    let r = bundle::import_bundle(&mut s.hub, &file).unwrap();
    assert_eq!(r.acked_through, 3);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(
        (r.rejected[0].seq, r.rejected[0].code.as_str()),
        (2, "unknown_procedure")
    );

    let ack = s.dir.path().join("ack.json");
    let w = bundle::write_ack(&s.hub, &s.station_id, &ack).unwrap();
    assert_eq!((w.acked_through, w.rejections), (3, 1));

    let applied = bundle::apply_ack(&mut s.counter, &ack, &Actor::system("test")).unwrap();
    assert!(applied.trusted_new_hub_key);
    assert_eq!(applied.hub_id, s.hub.hub_id().unwrap());
    let state = s.counter.sync_state().unwrap();
    assert_eq!(
        (state.acked_through, state.pending, state.quarantined),
        (3, 0, 1)
    );
    assert_eq!(
        state.hub_public_key,
        Some(s.hub.hub_public_key_hex().unwrap())
    );
    let q = s.counter.quarantine().unwrap();
    assert_eq!((q[0].seq, q[0].code.as_str()), (2, "unknown_procedure"));
    assert!(matches!(
        bundle::export(
            &mut s.counter,
            None,
            &s.dir.path().join("x"),
            &Actor::system("test")
        ),
        Err(BundleError::NothingToExport { .. })
    ));

    // Another hub's acknowledgement is refused now that the key is known.
    let mut impostor = HubStore::open(&s.dir.path().join("impostor.sqlite3")).unwrap();
    let identity = s.counter.station_identity().unwrap();
    impostor
        .enrol(&StationEnrolment {
            station_id: identity.station_id.clone(),
            public_key: identity.signing_key.verifying_key(),
            name: String::new(),
            agency_id: String::new(),
            counter_no: 1,
        })
        .unwrap();
    bundle::import_bundle(&mut impostor, &file).unwrap();
    bundle::write_ack(&impostor, &s.station_id, &ack).unwrap();
    assert!(matches!(
        bundle::apply_ack(&mut s.counter, &ack, &Actor::system("test")),
        Err(BundleError::AckWrongHubKey { .. })
    ));

    // An acknowledgement for a station the hub does not know is not written.
    let missing = s.dir.path().join("none.json");
    assert!(matches!(
        bundle::write_ack(&s.hub, "no-such-station", &missing),
        Err(BundleError::UnknownStation(_))
    ));
    assert!(!missing.exists());
}
