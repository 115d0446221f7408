//! The USB-stick round trip as two administrators would run it, both programs
//! real processes: `quay bundle export` on the counter, `quay-hub import` (twice,
//! and a damaged copy) at the province, `quay-hub ack`, `quay bundle ack` back
//! on the counter.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{good_draft, quay, quay_stdin, stderr, stdout, temp_db};

fn hub(hub_db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quay-hub"))
        .arg("--db")
        .arg(hub_db)
        .args(args)
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    stdout(o)
}

fn hub_events(hub_db: &Path, station: &str) -> Vec<serde_json::Value> {
    let o = hub(hub_db, &["events", "--station", station, "--json"]);
    serde_json::from_str::<serde_json::Value>(&ok(&o))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_bundle_goes_to_the_hub_once_and_its_acknowledgement_comes_back() {
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
    ok(&o);
    for _ in 0..3 {
        let json = serde_json::to_string(&good_draft()).unwrap();
        ok(&quay_stdin(
            &db,
            &["dossier", "add", "--json", "-"],
            Some(&json),
        ));
    }
    let station: serde_json::Value =
        serde_json::from_str(&ok(&quay(&db, &["station", "--json"]))).unwrap();
    let id = station["station_id"].as_str().unwrap().to_string();
    let key = station["public_key"].as_str().unwrap().to_string();

    let hub_db = dir.path().join("hub.sqlite3");
    ok(&hub(
        &hub_db,
        &["enrol", "--station", &id, "--public-key", &key],
    ));

    let bundle = dir.path().join("day.quaybundle");
    ok(&quay(
        &db,
        &["bundle", "export", "--out", bundle.to_str().unwrap()],
    ));

    // A copy with one byte changed in the middle is refused whole.
    let mut bytes = std::fs::read(&bundle).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x20;
    let damaged = dir.path().join("damaged.quaybundle");
    std::fs::write(&damaged, &bytes).unwrap();
    let o = hub(&hub_db, &["import", damaged.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
    assert!(hub_events(&hub_db, &id).is_empty(), "nothing imported");

    let first = ok(&hub(&hub_db, &["import", bundle.to_str().unwrap()]));
    assert!(first.contains("3 events, 3 new, 0 already held"), "{first}");
    let again = ok(&hub(&hub_db, &["import", bundle.to_str().unwrap()]));
    assert!(again.contains("imported before"), "{again}");
    assert!(again.contains("0 new, 3 already held"), "{again}");
    let held = hub_events(&hub_db, &id);
    assert_eq!(held.len(), 3, "each event once");
    let seqs: Vec<i64> = held.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, [1, 2, 3]);

    let ack = dir.path().join("ack.json");
    let wrote = ok(&hub(
        &hub_db,
        &["ack", "--station", &id, "--out", ack.to_str().unwrap()],
    ));
    assert!(wrote.contains("through seq 3"), "{wrote}");
    let o = hub(&hub_db, &["ack", "--station", "nobody", "--out", "x.json"]);
    assert_eq!(o.status.code(), Some(1), "unknown station");

    ok(&quay(&db, &["bundle", "ack", ack.to_str().unwrap()]));
    let status: serde_json::Value =
        serde_json::from_str(&ok(&quay(&db, &["sync", "status", "--json"]))).unwrap();
    assert_eq!(status["pending"], 0, "{status}");
    assert_eq!(status["acked_through"], 3, "{status}");
    // Nothing left to carry.
    let o = quay(
        &db,
        &["bundle", "export", "--out", bundle.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
}
