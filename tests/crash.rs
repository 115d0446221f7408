//! Power-loss safety: `kill -9` the CLI while it is saving dossiers. Every code it
//! printed (it prints only after the commit) must be in the database, the database
//! must pass `PRAGMA integrity_check`, and no code may ever be issued twice.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::{good_draft, quay, temp_db};

#[cfg(unix)]
#[test]
fn kill_9_mid_save_loses_no_acknowledged_dossier_and_never_repeats_a_code() {
    let (dir, db) = temp_db();
    let o = quay(
        &db,
        &[
            "settings",
            "set",
            "--agency-id",
            "000.00.12.H56",
            "--counter",
            "1",
        ],
    );
    assert!(o.status.success());
    let json = dir.path().join("dossier.json");
    std::fs::write(&json, serde_json::to_string(&good_draft()).unwrap()).unwrap();

    // Three writers at once, killed after 0–290 ms: early rounds die before
    // committing, late ones after, the middle ones mid-transaction.
    let (acknowledged, killed_before_ack) = common::kill_rounds(
        &db,
        &["dossier", "add", "--json", json.to_str().unwrap()],
        30,
        |round| Duration::from_millis((round * 37) % 300),
    );
    assert!(
        killed_before_ack > 0,
        "some writers must have been killed before acknowledging"
    );
    assert!(!acknowledged.is_empty(), "some writers must have finished");

    let mut store = quay::store::Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let stored = store.dossier_codes().unwrap();
    let unique: HashSet<&String> = stored.iter().collect();
    assert_eq!(unique.len(), stored.len(), "a code was issued twice");
    for code in &acknowledged {
        assert!(
            unique.contains(code),
            "acknowledged dossier {code} was lost"
        );
    }
    for code in &stored {
        let d = store.dossier_by_code(code).unwrap();
        assert!(
            !d.documents.is_empty(),
            "{code} lost its papers: the save was not atomic"
        );
    }
    let events = store.outbox_after(0, 10_000).unwrap();
    assert_eq!(
        events.len(),
        stored.len(),
        "one outbox event per stored dossier"
    );

    let after = quay::intake::receive(
        &mut store,
        &good_draft(),
        &quay::store::Actor::system("t"),
        quay::store::now_local(),
    )
    .unwrap();
    assert!(
        !unique.contains(&after.code),
        "a code was reused after the crashes"
    );
}
