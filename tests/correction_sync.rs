//! A correction on its way to the province, against the reference hub's
//! store: a dossier the hub rejected is corrected at the counter, the
//! correction itself is `unknown_dossier` like any change to a dossier the hub
//! never stored, and the received event resent afterwards carries the
//! corrected values and is stored.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::NaiveDate;
use common::{good_draft, temp_db};
use quay::domain::access::Role;
use quay::domain::correction::DossierCorrection;
use quay::hub::{HubStore, StationEnrolment, Via};
use quay::store::{Actor, DossierSync, Store};
use quay::sync::wire::WireEvent;

fn at(h: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

/// What the station would send: its unsettled events as they travel.
fn batch(store: &Store) -> Vec<WireEvent> {
    store
        .unsettled_events(100)
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

/// Sends the station's unsettled events to the hub and records the reply.
fn deliver(station: &mut Store, hub: &mut HubStore, id: &str) -> Vec<(i64, String)> {
    let events = batch(station);
    let reply = hub.store_events(id, &events, Via::Network).unwrap();
    station
        .record_delivery(reply.acked_through, &reply.rejected, at(12))
        .unwrap();
    reply
        .rejected
        .iter()
        .map(|r| (r.seq, r.code.clone()))
        .collect()
}

#[test]
fn a_rejected_dossier_is_corrected_then_resent_and_stored() {
    let (_dir, db) = temp_db();
    let mut station = Store::open(&db).unwrap();
    let admin = Actor::system("quầy 1");
    let mut draft = good_draft();
    draft.applicant.name = "Nguyễn Thị Hườg".into();
    draft.received_at = Some(at(9));
    let code = quay::intake::receive(&mut station, &draft, &admin, at(9))
        .unwrap()
        .code;
    let identity = station.station_identity().unwrap();

    let hub_dir = tempfile::tempdir().unwrap();
    let mut hub = HubStore::open(&hub_dir.path().join("hub.sqlite3")).unwrap();
    hub.enrol(&StationEnrolment {
        station_id: identity.station_id.clone(),
        public_key: identity.signing_key.verifying_key(),
        name: "Trung tâm PVHCC xã Yên Kỳ".into(),
        agency_id: "000.00.12.H56".into(),
        counter_no: 1,
    })
    .unwrap();
    // The province's catalog lacks the procedure for now: the dossier is rejected.
    let header = quay::BUNDLED_CATALOG.lines().next().unwrap();
    let other = quay::BUNDLED_CATALOG
        .lines()
        .skip(1)
        .find(|l| !l.starts_with("1.000894,"))
        .unwrap();
    hub.publish_catalog(&format!("{header}\n{other}\n"))
        .unwrap();
    let id = identity.station_id.as_str();
    assert_eq!(
        deliver(&mut station, &mut hub, id),
        [(1, "unknown_procedure".into())]
    );
    assert!(matches!(
        station.dossier_sync(&code).unwrap(),
        DossierSync::Rejected { seq: 1, .. }
    ));

    // The lead corrects the name meanwhile: the hub never stored the dossier.
    let lead = Actor::staff("lan.nt", "Nguyễn Thị Lan", Role::Lead);
    let changes = DossierCorrection {
        name: Some("Nguyễn Thị Hường".into()),
        ..Default::default()
    };
    station
        .correct_dossier(&code, &changes, "Gõ thiếu chữ", at(10), &lead)
        .unwrap();
    assert_eq!(
        deliver(&mut station, &mut hub, id),
        [(2, "unknown_dossier".into())]
    );

    // The catalog is fixed; the dossier goes again, as corrected.
    hub.publish_catalog(quay::BUNDLED_CATALOG).unwrap();
    let resent = station.resend(1, &admin).unwrap();
    assert!(deliver(&mut station, &mut hub, id).is_empty());
    let held = hub.station_events(id).unwrap();
    let stored = held.iter().find(|e| e.seq == resent).unwrap();
    assert_eq!(stored.state, "stored");
    let payload = stored.payload.as_ref().unwrap();
    assert_eq!(payload["dossier"]["applicant"]["name"], "Nguyễn Thị Hường");
    // The correction's own event is now welcome too.
    let again = station.resend(2, &admin).unwrap();
    assert!(deliver(&mut station, &mut hub, id).is_empty());
    let stored = hub.station_events(id).unwrap();
    let corrected = stored.iter().find(|e| e.seq == again).unwrap();
    assert_eq!(
        (corrected.kind.as_str(), corrected.state),
        ("dossier.corrected", "stored")
    );
    assert_eq!(station.dossier_sync(&code).unwrap(), DossierSync::Sent);
}
