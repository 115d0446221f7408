use chrono::NaiveDate;

use super::*;
use crate::domain::dossier::{Applicant, Channel, Deadline, NewDossier};
use crate::domain::settings::CenterSettings;
use crate::sync::wire::Rejection;

fn at(h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

/// A store with one received dossier; its code.
fn store_with_dossier() -> (tempfile::TempDir, Store, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("q.sqlite3")).unwrap();
    let settings = CenterSettings {
        configured: true,
        ..CenterSettings::default()
    };
    let new = NewDossier {
        procedure_code: "1.000894".into(),
        procedure_name: "Đăng ký khai sinh".into(),
        field: "Hộ tịch".into(),
        applicant: Applicant {
            name: "Nguyễn Văn Hùg".into(),
            id_number: "038090001234".into(),
            phone: "0912345678".into(),
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
    (dir, store, d.code)
}

#[test]
fn a_received_event_resent_after_a_correction_carries_the_corrected_values() {
    let (_dir, mut store, code) = store_with_dossier();
    let lead = Actor::system("lãnh đạo");
    let first = store.outbox_after(0, 10).unwrap().remove(0);
    store
        .record_delivery(
            first.seq,
            &[Rejection {
                seq: first.seq,
                event_id: first.event_id.clone(),
                code: "invalid_payload".into(),
                reason: "Họ tên sai".into(),
            }],
            at(9),
        )
        .unwrap();
    let changes = DossierCorrection {
        name: Some("Nguyễn Văn Hùng".into()),
        ..Default::default()
    };
    store
        .correct_dossier(&code, &changes, "Gõ thiếu chữ", at(10), &lead)
        .unwrap();
    let seq = store.resend(first.seq, &lead).unwrap();
    let resent = store.outbox_after(seq - 1, 1).unwrap().remove(0);
    assert_eq!(resent.kind, "dossier.received");
    assert_eq!(resent.payload["resend_of"], first.event_id.as_str());
    assert_eq!(
        resent.payload["dossier"]["applicant"]["name"],
        "Nguyễn Văn Hùng"
    );
    // Everything else as first received.
    assert_eq!(
        resent.payload["dossier"]["applicant"]["id_number"],
        first.payload["dossier"]["applicant"]["id_number"]
    );
    assert_eq!(
        resent.payload["dossier"]["status"],
        first.payload["dossier"]["status"]
    );
}

#[test]
fn a_cancelled_dossier_is_refused_when_steps_start() {
    let (_dir, mut store, code) = store_with_dossier();
    let tx = store.write().unwrap();
    assert!(refuse_if_cancelled(&tx, &code).is_ok());
    tx.execute(
        "UPDATE dossier SET cancelled_at = '2026-11-23T10:00:00', cancel_reason = 'Trùng' WHERE code = ?1",
        [&code],
    )
    .unwrap();
    let err = refuse_if_cancelled(&tx, &code).unwrap_err();
    assert!(
        err.vi().contains("đã bị huỷ (lý do: Trùng)"),
        "{}",
        err.vi()
    );
}
