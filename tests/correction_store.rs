//! Corrections, not deletions, through the store: a lead corrects a saved
//! dossier (the original stays in the correction row and the audit trail, the
//! search follows the new name) or cancels it once (it stays listed and in the
//! register, but never counts and takes no more steps), and each travels to
//! the province as an event.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{good_draft, temp_db};
use quay::domain::Localized;
use quay::domain::access::Role;
use quay::domain::correction::{CorrectField, CorrectionKind, DossierCorrection, ReasonError};
use quay::domain::dossier::Dossier;
use quay::domain::lifecycle::DossierStatus;
use quay::domain::validate::FormField;
use quay::store::{
    Actor, CorrectionError, DossierFilter, DueFilter, StatusError, Store, StoreError,
};
use serde_json::json;

fn lead() -> Actor {
    Actor::staff("lan.nt", "Nguyễn Thị Lan", Role::Lead)
}

fn at(day: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

/// A dossier for `name` received at `when` by the counter.
fn receive(store: &mut Store, name: &str, when: NaiveDateTime) -> Dossier {
    let mut draft = good_draft();
    draft.applicant.name = name.into();
    draft.received_at = Some(when);
    quay::intake::receive(store, &draft, &Actor::system("quầy 1"), when).unwrap()
}

fn rename(name: &str) -> DossierCorrection {
    DossierCorrection {
        name: Some(name.into()),
        ..Default::default()
    }
}

fn events(store: &Store) -> Vec<(String, serde_json::Value)> {
    store
        .outbox_after(0, 1000)
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.payload))
        .collect()
}

fn codes(store: &Store, filter: &DossierFilter, now: NaiveDateTime) -> Vec<String> {
    store
        .list_dossiers(filter, now)
        .unwrap()
        .into_iter()
        .map(|r| r.code)
        .collect()
}

fn text(t: &str) -> DossierFilter {
    DossierFilter {
        text: Some(t.into()),
        ..Default::default()
    }
}

#[test]
fn a_correction_keeps_the_original_in_its_row_and_in_the_audit() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let d = receive(&mut store, "Nguyễn Thị Hường", at(23, 9, 0));
    let changes = DossierCorrection {
        name: Some("Nguyễn Thị  Hương ".into()),
        // Given, but as stored: no change.
        phone: Some("0912 345 678".into()),
        address: Some("Thôn Yên Kỳ, xã Yên Kỳ".into()),
        ..Default::default()
    };
    let done = store
        .correct_dossier(&d.code, &changes, "Gõ nhầm dấu", at(23, 10, 0), &lead())
        .unwrap();
    let fields: Vec<_> = done.changes.iter().map(|c| c.field).collect();
    assert_eq!(fields, [CorrectField::Name, CorrectField::Address]);

    let now = store.dossier_by_code(&d.code).unwrap();
    assert_eq!(now.applicant.name, "Nguyễn Thị Hương");
    assert_eq!(now.applicant.address, "Thôn Yên Kỳ, xã Yên Kỳ");
    assert_eq!(now.applicant.phone, d.applicant.phone);

    let history = store.corrections(&d.code).unwrap();
    assert_eq!(history.len(), 1);
    let c = &history[0];
    assert_eq!(c.kind, CorrectionKind::Correct);
    assert_eq!(c.actor, "Nguyễn Thị Lan (lan.nt)");
    assert_eq!(c.reason, "Gõ nhầm dấu");
    assert_eq!(c.at, at(23, 10, 0));
    assert_eq!(c.changes[0].before, json!("Nguyễn Thị Hường"));
    assert_eq!(c.changes[0].after, json!("Nguyễn Thị Hương"));
    assert_eq!(c.changes[1].before_vi(), d.applicant.address);

    // Only the changed fields are kept, shaped like the dossier's JSON.
    let c = rusqlite::Connection::open(&db).unwrap();
    let (before, after): (String, String) = c
        .query_row("SELECT before, after FROM dossier_correction", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let before: serde_json::Value = serde_json::from_str(&before).unwrap();
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(
        before,
        json!({"applicant": {"name": "Nguyễn Thị Hường", "address": d.applicant.address}})
    );
    assert_eq!(after["applicant"]["name"], "Nguyễn Thị Hương");
    let (actor, audit_before): (String, String) = c
        .query_row(
            "SELECT actor, before FROM audit_log WHERE action = 'dossier.correct' AND entity_key = ?1",
            [&d.code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(actor, "Nguyễn Thị Lan (lan.nt)");
    assert!(audit_before.contains("Nguyễn Thị Hường"), "{audit_before}");
    // The rows are append-only.
    assert!(
        c.execute("DELETE FROM dossier_correction", []).is_err(),
        "a correction row cannot be deleted"
    );
}

#[test]
fn the_search_finds_the_new_name_and_number_and_not_the_old() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let d = receive(&mut store, "Nguyễn Văn Hùng", at(23, 9, 0));
    let now = at(24, 9, 0);
    assert_eq!(
        codes(&store, &text("nguyen van"), now),
        std::slice::from_ref(&d.code)
    );
    let changes = DossierCorrection {
        name: Some("Trần Văn Hùng".into()),
        id_number: Some("001 085 000 123".into()),
        ..Default::default()
    };
    store
        .correct_dossier(
            &d.code,
            &changes,
            "Nhầm họ, nhầm CCCD",
            at(23, 10, 0),
            &lead(),
        )
        .unwrap();
    for found in ["tran", "Trần Văn", "van hung", "hung", "001085"] {
        assert_eq!(
            codes(&store, &text(found), now),
            std::slice::from_ref(&d.code),
            "{found}"
        );
    }
    for gone in ["nguyen", "nguyen van hung", "038303"] {
        assert!(codes(&store, &text(gone), now).is_empty(), "{gone}");
    }
}

#[test]
fn a_correction_is_checked_by_the_intake_rules_and_needs_a_reason_and_a_change() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let d = receive(&mut store, "Nguyễn Thị Hường", at(23, 9, 0));
    let before = events(&store).len();
    let bad_cccd = DossierCorrection {
        id_number: Some("99930300123".into()),
        email: Some("khong-phai-email".into()),
        ..Default::default()
    };
    match store.correct_dossier(&d.code, &bad_cccd, "Sai số", at(23, 10, 0), &lead()) {
        Err(CorrectionError::Invalid(errors)) => {
            let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
            assert_eq!(fields, [FormField::IdNumber, FormField::Email]);
        }
        other => panic!("{other:?}"),
    }
    for reason in ["", "  \n "] {
        let err = store
            .correct_dossier(
                &d.code,
                &rename("Trần Văn B"),
                reason,
                at(23, 10, 0),
                &lead(),
            )
            .unwrap_err();
        assert!(
            matches!(err, CorrectionError::Reason(ReasonError::Missing)),
            "{err:?}"
        );
        assert_eq!(err.vi(), "Hãy ghi lý do sửa hoặc huỷ hồ sơ.");
    }
    let same = DossierCorrection {
        name: Some(" Nguyễn Thị  Hường".into()),
        id_number: Some(d.applicant.id_number.clone()),
        result_delivery: Some(d.result_delivery),
        ..Default::default()
    };
    let err = store
        .correct_dossier(&d.code, &same, "Kiểm tra", at(23, 10, 0), &lead())
        .unwrap_err();
    assert!(matches!(err, CorrectionError::NothingChanged), "{err:?}");
    // Nothing was written by any refusal.
    assert_eq!(events(&store).len(), before);
    assert!(store.corrections(&d.code).unwrap().is_empty());
    assert_eq!(store.dossier_by_code(&d.code).unwrap(), d);
}

#[test]
fn an_officer_may_neither_correct_nor_cancel() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let d = receive(&mut store, "Nguyễn Thị Hường", at(23, 9, 0));
    let officer = Actor::staff("an.tv", "Trần Văn An", Role::Officer);
    let err = store
        .correct_dossier(
            &d.code,
            &rename("Trần Văn B"),
            "Gõ nhầm",
            at(23, 10, 0),
            &officer,
        )
        .unwrap_err();
    assert!(
        matches!(err, CorrectionError::Store(StoreError::Denied(_))),
        "{err:?}"
    );
    let err = store
        .cancel_dossier(&d.code, "Trùng", at(23, 10, 0), &officer)
        .unwrap_err();
    assert!(
        err.vi()
            .contains("không có quyền sửa hoặc huỷ hồ sơ đã lưu"),
        "{}",
        err.vi()
    );
    // An administrator may.
    store
        .cancel_dossier(&d.code, "Trùng", at(23, 10, 0), &Actor::system("quản trị"))
        .unwrap();
}

#[test]
fn a_dossier_is_cancelled_once_and_then_neither_corrected_nor_moved_on() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let d = receive(&mut store, "Nguyễn Thị Hường", at(23, 9, 0));
    let c = store
        .cancel_dossier(&d.code, " Trùng với hồ sơ đã nhận ", at(23, 10, 0), &lead())
        .unwrap();
    assert_eq!(c.reason, "Trùng với hồ sơ đã nhận");
    let err = store
        .cancel_dossier(&d.code, "Lần nữa", at(23, 11, 0), &lead())
        .unwrap_err();
    assert!(
        matches!(err, CorrectionError::AlreadyCancelled { .. }),
        "{err:?}"
    );
    let err = store
        .correct_dossier(
            &d.code,
            &rename("Trần Văn B"),
            "Gõ nhầm",
            at(23, 11, 0),
            &lead(),
        )
        .unwrap_err();
    assert!(
        matches!(err, CorrectionError::Store(StoreError::Cancelled { .. })),
        "{err:?}"
    );

    // Steps are refused with a clear sentence, and nothing moves.
    let admin = Actor::system("quầy 1");
    let err = store
        .set_status(
            &d.code,
            DossierStatus::Processing,
            "",
            at(23, 11, 0),
            &admin,
        )
        .unwrap_err();
    assert!(
        matches!(err, StatusError::Store(StoreError::Cancelled { .. })),
        "{err:?}"
    );
    assert_eq!(
        err.vi(),
        format!(
            "Hồ sơ {} đã bị huỷ (lý do: Trùng với hồ sơ đã nhận). Hồ sơ đã huỷ không được chuyển trạng thái, xử lý tiếp hay sửa.",
            d.code
        )
    );
    assert!(
        store
            .apologize(&d.code, "Chậm", at(23, 20, 0), at(23, 11, 0), &admin)
            .is_err()
    );
    assert!(store.status_history(&d.code).unwrap().is_empty());
    assert_eq!(store.dossier_by_code(&d.code).unwrap().status, 2);

    let history = store.corrections(&d.code).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].kind, CorrectionKind::Cancel);
    assert!(history[0].changes.is_empty());
}

#[test]
fn a_cancelled_dossier_never_counts_but_stays_listed_and_in_the_register() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    // Monday 2 November: all three long overdue by the 25th.
    let kept = receive(&mut store, "Nguyễn Văn An", at(2, 9, 0));
    let gone = receive(&mut store, "Trần Thị Bình", at(2, 9, 5));
    let done = receive(&mut store, "Lê Văn Cường", at(2, 9, 10));
    let admin = Actor::system("quầy 1");
    for to in [DossierStatus::Processing, DossierStatus::Resolved] {
        store
            .set_status(&done.code, to, "", at(2, 10, 0), &admin)
            .unwrap();
    }
    let now = at(25, 9, 15);
    let overdue = DossierFilter {
        due: Some(DueFilter::Overdue),
        limit: u32::MAX,
        ..Default::default()
    };
    assert_eq!(codes(&store, &overdue, now).len(), 2);
    let report = store
        .report(at(1, 0, 0).date(), at(30, 0, 0).date(), None)
        .unwrap();
    assert_eq!(report.total.received(), 3);

    store
        .cancel_dossier(&gone.code, "Trùng hồ sơ", at(3, 8, 0), &lead())
        .unwrap();
    // Cancelled after it was resolved: it leaves the resolved figures too.
    store
        .cancel_dossier(&done.code, "Nhập nhầm thủ tục", at(3, 8, 0), &lead())
        .unwrap();

    assert_eq!(
        codes(&store, &overdue, now),
        std::slice::from_ref(&kept.code)
    );
    for due in [DueFilter::Today, DueFilter::WithinDays(30)] {
        let f = DossierFilter {
            due: Some(due),
            ..Default::default()
        };
        // Early on the 2nd, before the day's deadline: only the kept one can show.
        assert!(
            codes(&store, &f, at(2, 8, 0))
                .iter()
                .all(|c| *c == kept.code),
            "{due:?}"
        );
    }
    let report = store
        .report(at(1, 0, 0).date(), at(30, 0, 0).date(), None)
        .unwrap();
    assert_eq!(report.total.received(), 1);
    assert_eq!(report.total.resolved, 0);
    assert_eq!(report.total.pending_overdue, 1);
    assert!(report.reconciles());

    // The plain list still shows all three, the cancelled ones marked.
    let all = store.list_dossiers(&DossierFilter::default(), now).unwrap();
    assert_eq!(all.len(), 3);
    let cancelled: Vec<_> = all
        .iter()
        .filter(|r| r.cancelled)
        .map(|r| &r.code)
        .collect();
    assert_eq!(cancelled.len(), 2);
    assert!(cancelled.contains(&&gone.code) && cancelled.contains(&&done.code));
    assert_eq!(
        codes(&store, &text("binh"), now),
        std::slice::from_ref(&gone.code)
    );

    // The register loses no number.
    let register = store
        .register_entries(at(1, 0, 0).date(), at(30, 0, 0).date())
        .unwrap();
    assert_eq!(register.len(), 3);
    let entry = register.iter().find(|e| e.code == gone.code).unwrap();
    assert_eq!(entry.note, "Đã huỷ: Trùng hồ sơ");
    let entry = register.iter().find(|e| e.code == kept.code).unwrap();
    assert_eq!(entry.note, "");
}

#[test]
fn corrections_and_cancellations_travel_as_events() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let d = receive(&mut store, "Nguyễn Thị Hường", at(23, 9, 0));
    let station = store.station_id().unwrap();
    store
        .correct_dossier(
            &d.code,
            &rename("Nguyễn Thị Hương"),
            "Gõ nhầm dấu",
            at(23, 10, 0),
            &lead(),
        )
        .unwrap();
    store
        .cancel_dossier(&d.code, "Công dân nộp trùng", at(23, 11, 0), &lead())
        .unwrap();
    let all = events(&store);
    let kinds: Vec<_> = all.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        ["dossier.received", "dossier.corrected", "dossier.cancelled"]
    );
    let corrected = &all[1].1;
    assert_eq!(corrected["station_id"], station.as_str());
    assert_eq!(corrected["code"], d.code.as_str());
    assert_eq!(corrected["at"], "2026-11-23T10:00:00");
    assert_eq!(corrected["reason"], "Gõ nhầm dấu");
    assert_eq!(corrected["actor"], "Nguyễn Thị Lan (lan.nt)");
    assert_eq!(corrected["officer"]["username"], "lan.nt");
    assert_eq!(corrected["officer"]["role"], "lead");
    assert_eq!(
        corrected["before"],
        json!({"applicant": {"name": "Nguyễn Thị Hường"}})
    );
    assert_eq!(
        corrected["after"],
        json!({"applicant": {"name": "Nguyễn Thị Hương"}})
    );
    let cancelled = &all[2].1;
    assert_eq!(cancelled["reason"], "Công dân nộp trùng");
    assert_eq!(cancelled["status"], 2);
    assert_eq!(cancelled["officer"]["username"], "lan.nt");
    // Every event passes the reference hub's checks.
    for e in store.outbox_after(0, 10).unwrap() {
        let wire = quay::sync::wire::WireEvent {
            seq: e.seq,
            event_id: e.event_id,
            kind: e.kind,
            entity_key: e.entity_key,
            payload_version: e.payload_version,
            created_at: e.created_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            payload: e.payload,
        };
        quay::hub::validate::check(&wire, &station).unwrap();
    }
}

/// The due filters read the running dossiers through the partial index of
/// migration 6; the cancellation term added after its own terms must not cost
/// the index (SQLite uses a partial index only when the WHERE implies its
/// condition).
#[test]
fn the_due_filters_still_use_the_partial_index_of_running_dossiers() {
    let (_dir, db) = temp_db();
    drop(Store::open(&db).unwrap());
    let parts = include_str!("../src/store/sql/dossier_list/parts.sql");
    let running: String = parts
        .split("-- @")
        .find(|p| p.starts_with("running"))
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().starts_with("--") && !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(running.contains("d.cancelled_at IS NULL"), "{running}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let plan = |sql: &str| -> String {
        let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt
            .query_map(
                &[
                    (":due_from", "2026-11-25T09:00:00"),
                    (":due_to", "2026-11-26T00:00:00"),
                ],
                |r| r.get::<_, String>(3),
            )
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        rows.join("\n")
    };
    // As the list gathers and walks it: a range of the partial index, in due
    // order, with no sort.
    let indexed = |condition: &str| {
        format!(
            "SELECT d.id FROM dossier AS d INDEXED BY dossier_running_by_due \
             WHERE {condition} ORDER BY d.due_at"
        )
    };
    let listed = plan(&indexed(&running));
    assert!(
        listed.contains("USING INDEX dossier_running_by_due (due_at>? AND due_at<?)"),
        "{listed}"
    );
    assert!(!listed.contains("TEMP B-TREE"), "{listed}");
    // The check has teeth: without a term of the index's condition, INDEXED
    // BY cannot be satisfied and the statement does not even prepare.
    let weaker = running.replace("AND d.paused_at IS NULL", "");
    let Err(err) = c.prepare(&format!("EXPLAIN QUERY PLAN {}", indexed(&weaker))) else {
        panic!("the index is unusable without its condition");
    };
    assert!(err.to_string().contains("no query solution"), "{err}");
}
