use chrono::NaiveDate;

use super::*;
use crate::domain::dossier::{Applicant, Channel, Deadline, NewDossier, ResultDelivery};
use crate::domain::settings::CenterSettings;

/// A store with `n` received dossiers: events 1..=n, one per dossier.
fn store_with_events(n: usize) -> (tempfile::TempDir, Store, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("q.sqlite3")).unwrap();
    let settings = CenterSettings {
        configured: true,
        ..CenterSettings::default()
    };
    let mut codes = Vec::new();
    for i in 0..n {
        let new = NewDossier {
            procedure_code: "1.000894".into(),
            procedure_name: "Đăng ký khai sinh".into(),
            field: "Hộ tịch".into(),
            applicant: Applicant {
                name: format!("Nguyễn Văn {i}"),
                id_number: "038090001234".into(),
                phone: String::new(),
                address: "Thôn Yên Kỳ".into(),
                email: None,
            },
            channel: Channel::Direct,
            received_at: at(8),
            deadline: Deadline::WorkingDays(3),
            due_at: at(16),
            documents: Vec::new(),
            sets: 1,
            fee_vnd: 0,
            result_delivery: ResultDelivery::Counter,
            note: String::new(),
            attachments: Vec::new(),
        };
        let d = store
            .insert_dossier(&new, &settings, &Actor::system("test"))
            .unwrap();
        codes.push(d.code);
    }
    (dir, store, codes)
}

fn at(h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn rejection(store: &Store, seq: i64, reason: &str) -> Rejection {
    let e = &store.outbox_after(seq - 1, 1).unwrap()[0];
    Rejection {
        seq,
        event_id: e.event_id.clone(),
        code: "unknown_procedure".into(),
        reason: reason.into(),
    }
}

#[test]
fn the_signing_key_is_made_once_and_kept() {
    let (_dir, mut store, _) = store_with_events(0);
    let a = store.station_identity().unwrap();
    let b = store.station_identity().unwrap();
    assert_eq!(a.signing_key.to_bytes(), b.signing_key.to_bytes());
    assert_eq!(a.station_id, store.station_id().unwrap());
    assert_eq!(a.public_key_hex().len(), 64);
}

#[test]
fn delivery_moves_the_mark_and_quarantines_rejections_without_blocking() {
    let (_dir, mut store, codes) = store_with_events(3);
    let s = store.sync_state().unwrap();
    assert_eq!((s.acked_through, s.last_seq, s.pending), (0, 3, 3));
    assert_eq!(store.unsettled_events(10).unwrap().len(), 3);
    assert_eq!(
        store.dossier_sync(&codes[1]).unwrap(),
        DossierSync::Pending { events: 1 }
    );

    let r = rejection(&store, 2, "Thủ tục không có trong danh mục của tỉnh.");
    store
        .record_delivery(3, std::slice::from_ref(&r), at(9))
        .unwrap();
    let s = store.sync_state().unwrap();
    assert_eq!((s.acked_through, s.pending, s.quarantined), (3, 0, 1));
    assert_eq!(s.last_success_at, Some(at(9)));
    assert!(store.unsettled_events(10).unwrap().is_empty());
    assert_eq!(store.dossier_sync(&codes[0]).unwrap(), DossierSync::Sent);
    assert_eq!(
        store.dossier_sync(&codes[1]).unwrap(),
        DossierSync::Rejected {
            seq: 2,
            reason: r.reason.clone()
        }
    );
    // A late replay of an older answer moves nothing back and adds nothing twice.
    store
        .record_delivery(2, std::slice::from_ref(&r), at(10))
        .unwrap();
    assert_eq!(store.sync_state().unwrap().acked_through, 3);
    assert_eq!(store.quarantine().unwrap().len(), 1);
    // An answer beyond the newest event is refused.
    assert!(store.record_delivery(9, &[], at(10)).is_err());
    // A rejection naming another event id (not ours) is ignored.
    let mut foreign = rejection(&store, 1, "x");
    foreign.event_id = "someone-else".into();
    store.record_delivery(3, &[foreign], at(10)).unwrap();
    assert_eq!(store.quarantine().unwrap().len(), 1);
}

#[test]
fn a_resend_is_a_new_event_naming_the_old_one_and_leaves_quarantine() {
    let (_dir, mut store, codes) = store_with_events(2);
    let r = rejection(&store, 1, "lý do");
    store
        .record_delivery(2, std::slice::from_ref(&r), at(9))
        .unwrap();
    let q = store.quarantine().unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].entity_key, codes[0]);

    let actor = Actor::system("quầy 1");
    let new_seq = store.resend(1, &actor).unwrap();
    assert_eq!(new_seq, 3);
    let e = &store.outbox_after(2, 1).unwrap()[0];
    assert_eq!(e.kind, "dossier.received");
    assert_eq!(e.entity_key, codes[0]);
    assert_eq!(e.payload["resend_of"], r.event_id.as_str());
    assert!(store.quarantine().unwrap().is_empty());
    assert_eq!(
        store.dossier_sync(&codes[0]).unwrap(),
        DossierSync::Pending { events: 1 }
    );
    // Twice is refused: it is no longer in quarantine.
    assert!(matches!(
        store.resend(1, &actor),
        Err(StoreError::NotQuarantined(1))
    ));
    assert!(
        store
            .audit_entries(&codes[0])
            .unwrap()
            .iter()
            .any(|(_, a)| a == "sync.resend")
    );
}

#[test]
fn a_dismissed_rejection_leaves_quarantine_with_its_note() {
    let (_dir, mut store, codes) = store_with_events(1);
    let r = rejection(&store, 1, "lý do");
    store.record_delivery(1, &[r], at(9)).unwrap();
    let actor = Actor::system("quầy 1");
    store
        .dismiss_rejection(1, "Đã nhập tay trên hệ thống tỉnh", &actor, at(10))
        .unwrap();
    assert!(store.quarantine().unwrap().is_empty());
    assert_eq!(store.dossier_sync(&codes[0]).unwrap(), DossierSync::Sent);
    assert!(store.dismiss_rejection(1, "", &actor, at(10)).is_err());
}

#[test]
fn rewind_goes_back_to_what_the_hub_expects_and_failures_are_shown() {
    let (_dir, mut store, _) = store_with_events(4);
    store.record_delivery(4, &[], at(9)).unwrap();
    store.rewind_delivery(3, at(10)).unwrap();
    assert_eq!(store.sync_state().unwrap().acked_through, 2);
    // Never forward.
    store.rewind_delivery(9, at(10)).unwrap();
    assert_eq!(store.sync_state().unwrap().acked_through, 2);
    store
        .record_sync_failure("Không kết nối được máy chủ tỉnh.", at(11))
        .unwrap();
    let s = store.sync_state().unwrap();
    assert_eq!(
        s.last_error.as_deref(),
        Some("Không kết nối được máy chủ tỉnh.")
    );
    assert_eq!(s.last_attempt_at, Some(at(11)));
    assert_eq!(s.last_success_at, Some(at(9)));
    store.record_delivery(4, &[], at(12)).unwrap();
    assert_eq!(store.sync_state().unwrap().last_error, None);
}

#[test]
fn attachments_named_by_events_and_delivered_ones_are_remembered() {
    let (_dir, mut store, _) = store_with_events(1);
    let mut events = store.outbox_after(0, 10).unwrap();
    events[0].payload["dossier"]["attachments"] = serde_json::json!([
        {"sha256": "a".repeat(64)}, {"sha256": "b".repeat(64)}, {"sha256": "a".repeat(64)}
    ]);
    assert_eq!(attachment_hashes(&events), ["a".repeat(64), "b".repeat(64)]);
    assert!(!store.blob_delivered(&"a".repeat(64)).unwrap());
    store.mark_blob_delivered(&"a".repeat(64), at(9)).unwrap();
    store.mark_blob_delivered(&"a".repeat(64), at(9)).unwrap();
    assert!(store.blob_delivered(&"a".repeat(64)).unwrap());
}
