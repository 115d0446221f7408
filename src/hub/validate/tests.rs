#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use super::*;
use crate::hub::fixtures::{
    self, CCCD, STATION, code, received, received_dossier, status_changed, step,
};

const SHA: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

fn refused(event: &WireEvent) -> RejectCode {
    check(event, STATION).expect_err("should be refused").code
}

#[test]
fn a_received_dossier_as_the_counter_sends_it_passes() {
    let d = fixtures::dossier(&code(1), "1.000894", CCCD, &[SHA]);
    let checked = check(&received_dossier(1, &d), STATION).unwrap();
    assert_eq!(checked.code, code(1));
    assert_eq!(
        checked.received,
        Some(ReceivedDossier {
            procedure_code: "1.000894".into(),
            attachments: vec![SHA.into()],
        })
    );
}

#[test]
fn changes_pass_with_their_code_and_no_dossier() {
    for kind in EVENT_KINDS.iter().filter(|k| **k != RECEIVED) {
        let checked = check(&step(2, kind, &code(1)), STATION);
        if ["dossier.status_changed", CORRECTED, CANCELLED].contains(kind) {
            // A step payload carries no status, no reason: those kinds need them.
            assert_eq!(checked.unwrap_err().code, RejectCode::InvalidPayload);
        } else {
            assert_eq!(checked.unwrap().code, code(1), "{kind}");
        }
    }
    let checked = check(&status_changed(2, &code(1), json!(9)), STATION).unwrap();
    assert_eq!(checked.received, None);
}

#[test]
fn kind_and_version_are_checked_first() {
    let mut e = received(1, &code(1));
    e.kind = "dossier.teleported".into();
    e.payload_version = 7;
    assert_eq!(refused(&e), RejectCode::UnknownKind);
    let mut e = received(1, &code(1));
    e.payload_version = 2;
    e.payload = json!(null);
    assert_eq!(refused(&e), RejectCode::UnsupportedPayloadVersion);
}

#[test]
fn malformed_received_payloads_are_invalid() {
    type Mutation = fn(&mut serde_json::Value);
    let cases: &[(&str, Mutation)] = &[
        ("no station", |p| p["station_id"] = json!(null)),
        ("another station", |p| {
            p["station_id"] = json!("someone-else")
        }),
        ("no dossier", |p| p["dossier"] = json!(null)),
        ("no code", |p| p["dossier"]["code"] = json!("")),
        ("code differs", |p| p["dossier"]["code"] = json!("X-1")),
        ("no procedure", |p| {
            p["dossier"]["procedure_code"] = json!(" ")
        }),
        ("11-digit CCCD", |p| {
            p["dossier"]["applicant"]["id_number"] = json!("03830300123")
        }),
        ("13-digit CCCD", |p| {
            p["dossier"]["applicant"]["id_number"] = json!("0383030012345")
        }),
        ("letters in CCCD", |p| {
            p["dossier"]["applicant"]["id_number"] = json!("03830300123a")
        }),
        ("full-width digits", |p| {
            p["dossier"]["applicant"]["id_number"] = json!("０３８３０３００１２３４")
        }),
        ("no applicant", |p| p["dossier"]["applicant"] = json!(null)),
        ("upper-case sha", |p| {
            p["dossier"]["attachments"] = json!([{"sha256": SHA.to_uppercase()}])
        }),
        ("short sha", |p| {
            p["dossier"]["attachments"] = json!([{"sha256": "abc"}])
        }),
        ("attachments not a list", |p| {
            p["dossier"]["attachments"] = json!({})
        }),
        ("resend_of a number", |p| p["resend_of"] = json!(5)),
    ];
    for (what, mutate) in cases {
        let mut e = received(1, &code(1));
        mutate(&mut e.payload);
        let refusal = check(&e, STATION).expect_err(what);
        assert_eq!(refusal.code, RejectCode::InvalidPayload, "{what}");
        // Staff read the reason as is: Vietnamese, with diacritics.
        assert!(!refusal.reason.is_ascii(), "{what}: {}", refusal.reason);
    }
    let mut e = received(1, &code(1));
    e.payload = json!([1, 2]);
    assert_eq!(refused(&e), RejectCode::InvalidPayload);
}

#[test]
fn a_status_change_needs_a_status_from_1_to_10() {
    for bad in [
        json!(0),
        json!(11),
        json!("9"),
        json!(-1),
        json!(null),
        json!(2.5),
    ] {
        let e = status_changed(2, &code(1), bad.clone());
        assert_eq!(refused(&e), RejectCode::InvalidPayload, "{bad}");
    }
    for good in [1, 10] {
        assert!(check(&status_changed(2, &code(1), json!(good)), STATION).is_ok());
    }
    let mut e = status_changed(2, &code(1), json!(9));
    e.payload["from"] = json!(42);
    assert_eq!(refused(&e), RejectCode::InvalidPayload);
    let mut e = status_changed(2, &code(1), json!(9));
    e.payload["code"] = json!(null);
    assert_eq!(refused(&e), RejectCode::InvalidPayload);
}

#[test]
fn a_resent_event_names_the_one_it_replaces() {
    let mut e = received(3, &code(1));
    e.payload["resend_of"] = json!("019aa7d2-0000-7000-8000-000000000009");
    assert!(check(&e, STATION).is_ok());
}

#[test]
fn the_store_side_refusals_speak_vietnamese() {
    let r = Refusal::unknown_procedure("1.009999");
    assert_eq!(r.code.as_str(), "unknown_procedure");
    assert_eq!(
        r.reason,
        "Thủ tục 1.009999 không có trong danh mục của tỉnh."
    );
    let r = Refusal::unknown_dossier(&code(1));
    assert_eq!(r.code.as_str(), "unknown_dossier");
    assert!(r.reason.contains(&code(1)) && !r.reason.is_ascii());
}

#[test]
fn corrections_and_cancellations_need_a_reason_and_a_valid_cccd() {
    let with = |kind: &str, payload: serde_json::Value| {
        let mut e = step(2, kind, &code(1));
        if let (Some(obj), Some(extra)) = (e.payload.as_object_mut(), payload.as_object()) {
            obj.extend(extra.clone());
        }
        check(&e, STATION)
    };
    let after = json!({"applicant": {"name": "Nguyễn Văn B", "id_number": CCCD}});
    assert!(with(CORRECTED, json!({"reason": "Gõ nhầm", "after": after})).is_ok());
    assert!(with(CANCELLED, json!({"reason": "Trùng hồ sơ"})).is_ok());
    let bad_cccd = json!({"applicant": {"id_number": "12345"}});
    for (kind, payload) in [
        (CORRECTED, json!({"reason": "Gõ nhầm", "after": bad_cccd})),
        (CORRECTED, json!({"reason": "Gõ nhầm", "after": {}})),
        (CORRECTED, json!({"reason": " ", "after": after})),
        (CANCELLED, json!({"reason": ""})),
    ] {
        assert_eq!(
            with(kind, payload.clone()).unwrap_err().code,
            RejectCode::InvalidPayload,
            "{kind} {payload}"
        );
    }
}
