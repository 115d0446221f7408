use chrono::NaiveDate;

use super::*;
use crate::domain::dossier::{Applicant, Channel, Deadline, NewDossier, ResultDelivery};
use crate::domain::settings::CenterSettings;
use crate::domain::sync_settings::HubSettings;

fn at(h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn store_with_dossier() -> (tempfile::TempDir, Store, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("q.sqlite3")).unwrap();
    let new = NewDossier {
        procedure_code: "1.000894".into(),
        procedure_name: "Đăng ký khai sinh".into(),
        field: "Hộ tịch".into(),
        applicant: Applicant {
            name: "Nguyễn Văn A".into(),
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
    let settings = CenterSettings {
        configured: true,
        ..CenterSettings::default()
    };
    let code = store
        .insert_dossier(&new, &settings, &Actor::system("test"))
        .unwrap()
        .code;
    (dir, store, code)
}

fn status_item(seq: i64, code: &str, status: u8, at: &str) -> DownItem {
    DownItem {
        seq,
        kind: "dossier.status_changed".into(),
        created_at: at.into(),
        payload: serde_json::json!({
            "code": code, "status": status, "note": "", "at": at,
            "actor": "Văn phòng đăng ký đất đai"
        }),
    }
}

#[test]
fn a_change_and_its_mark_are_one_transaction() {
    let (_dir, mut store, code) = store_with_dossier();
    let item = status_item(3, &code, 4, "2026-11-23T09:00");
    assert_eq!(
        store.apply_down_item(&item, at(17)).unwrap(),
        DownOutcome::Applied
    );
    assert_eq!(store.sync_state().unwrap().down_through, 3);
    assert_eq!(
        store.apply_down_item(&item, at(17)).unwrap(),
        DownOutcome::AlreadyDone
    );
    // An older item the hub sends late is not applied either.
    let older = status_item(2, &code, 9, "2026-11-23T10:00:00");
    assert_eq!(
        store.apply_down_item(&older, at(17)).unwrap(),
        DownOutcome::AlreadyDone
    );
    let history = store.status_history(&code).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].actor, "Văn phòng đăng ký đất đai");
    let audit = store.audit_entries(&code).unwrap();
    assert!(
        audit
            .iter()
            .any(|(actor, action)| actor == "Văn phòng đăng ký đất đai"
                && action == "dossier.status")
    );
}

#[test]
fn a_refused_change_leaves_no_trace_but_its_problem() {
    let (_dir, mut store, code) = store_with_dossier();
    let events_before = store.sync_state().unwrap().last_seq;
    // Dated before the receipt: the lifecycle refuses it.
    let item = status_item(1, &code, 4, "2026-11-22T09:00:00");
    let DownOutcome::Problem(problem) = store.apply_down_item(&item, at(17)).unwrap() else {
        panic!("should be refused")
    };
    assert!(problem.contains(&code), "{problem}");
    assert!(store.status_history(&code).unwrap().is_empty());
    let s = store.sync_state().unwrap();
    assert_eq!((s.down_through, s.last_seq), (1, events_before));
    let problems = store.down_problems(5).unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (
            problems[0].down_seq,
            problems[0].kind.as_str(),
            problems[0].at
        ),
        (1, "dossier.status_changed", at(17))
    );
}

#[test]
fn malformed_items_are_problems_not_failures() {
    let (_dir, mut store, code) = store_with_dossier();
    let cases = [
        serde_json::json!({"status": 4}),
        serde_json::json!({"code": code, "status": 11}),
        serde_json::json!({"code": code, "status": "4"}),
        serde_json::json!({"code": code, "status": 4, "at": "yesterday"}),
    ];
    for (i, payload) in cases.into_iter().enumerate() {
        let item = DownItem {
            seq: i as i64 + 1,
            kind: "dossier.status_changed".into(),
            created_at: String::new(),
            payload,
        };
        assert!(matches!(
            store.apply_down_item(&item, at(17)).unwrap(),
            DownOutcome::Problem(_)
        ));
    }
    let bad_csv = DownItem {
        seq: 5,
        kind: "calendar.updated".into(),
        created_at: String::new(),
        payload: serde_json::json!({"csv": "not,a\ncalendar"}),
    };
    assert!(matches!(
        store.apply_down_item(&bad_csv, at(17)).unwrap(),
        DownOutcome::Problem(p) if p.contains("Lịch nghỉ lễ")
    ));
    assert_eq!(store.down_problems(10).unwrap().len(), 5);
    assert_eq!(store.sync_state().unwrap().down_through, 5);
}

#[test]
fn a_catalog_from_the_hub_is_imported() {
    let (_dir, mut store, _) = store_with_dossier();
    let before = store.procedures().unwrap().len();
    let item = DownItem {
        seq: 1,
        kind: "catalog.updated".into(),
        created_at: String::new(),
        payload: serde_json::json!({"csv": crate::BUNDLED_CATALOG}),
    };
    assert_eq!(
        store.apply_down_item(&item, at(17)).unwrap(),
        DownOutcome::Applied
    );
    assert_eq!(store.procedures().unwrap().len(), before);
    assert_eq!(store.sync_state().unwrap().down_through, 1);
}

#[test]
fn hub_settings_round_trip_and_the_token_stays_out_of_the_audit() {
    let (_dir, mut store, _) = store_with_dossier();
    assert_eq!(store.hub_settings().unwrap(), HubSettings::default());
    let s = HubSettings {
        hub_url: "http://10.0.0.5:8443".into(),
        enrol_token: Some("bí-mật-123".into()),
    };
    store.save_hub_settings(&s, &Actor::system("test")).unwrap();
    assert_eq!(store.hub_settings().unwrap(), s);
    let audit: String = store
        .conn()
        .query_row(
            "SELECT after FROM audit_log WHERE action = 'settings.sync'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        audit.contains("10.0.0.5") && !audit.contains("bí-mật"),
        "{audit}"
    );
}
