//! Power-loss safety: `kill -9` the CLI while it is saving dossiers. Every code it
//! printed (it prints only after the commit) must be in the database, the database
//! must pass `PRAGMA integrity_check`, and no code may ever be issued twice.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::collections::HashSet;
use std::process::{Command, Stdio};
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

    let mut acknowledged = Vec::new();
    let mut killed_before_ack = 0;
    for round in 0..30u64 {
        // Three writers at once, killed after 0–290 ms: early rounds die before
        // committing, late ones after, the middle ones mid-transaction.
        let children: Vec<_> = (0..3)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_quay"))
                    .arg("--db")
                    .arg(&db)
                    .args(["dossier", "add", "--json"])
                    .arg(&json)
                    .env_remove("QUAY_DB")
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        std::thread::sleep(Duration::from_millis((round * 37) % 300));
        for mut child in children {
            let _ = child.kill(); // SIGKILL
            let out = child.wait_with_output().unwrap();
            let printed = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if printed.is_empty() {
                killed_before_ack += 1;
            } else {
                acknowledged.push(printed);
            }
        }
    }
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
        &quay::store::Actor("t".into()),
        quay::store::now_local(),
    )
    .unwrap();
    assert!(
        !unique.contains(&after.code),
        "a code was reused after the crashes"
    );
}
