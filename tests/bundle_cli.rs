//! `quay bundle export | verify | ack` driven through the real binary, as an
//! officer's script or the lead's checks would run them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{good_draft, quay, quay_stdin, stderr, stdout, temp_db};
use quay::bundle::{ACK_FORMAT, ACK_VERSION, Ack};
use quay::store::Store;
use quay::sync::signing;
use quay::sync::wire::Rejection;

fn configure(db: &Path) {
    let o = quay(
        db,
        &[
            "settings",
            "set",
            "--agency-id",
            "000.00.12.H56",
            "--counter",
            "1",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Receives a dossier through the CLI, with one scan when `scan` is given.
fn add_dossier(db: &Path, scan: Option<&[u8]>) -> String {
    let mut draft = good_draft();
    if let Some(bytes) = scan {
        let src = db.with_file_name("Tờ khai.pdf");
        std::fs::write(&src, bytes).unwrap();
        let attachments = db.with_file_name("attachments");
        draft.attachments = vec![quay::attachments::import_file(&src, &attachments).unwrap()];
    }
    let json = serde_json::to_string(&draft).unwrap();
    let o = quay_stdin(db, &["dossier", "add", "--json", "-"], Some(&json));
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).trim().to_string()
}

fn station_key_hex(db: &Path) -> String {
    Store::open(db)
        .unwrap()
        .station_identity()
        .unwrap()
        .public_key_hex()
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A configured database with two dossiers (one scan) and its exported bundle.
fn exported() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, db) = temp_db();
    configure(&db);
    add_dossier(&db, Some(b"%PDF-1.4 to khai ket hon"));
    add_dossier(&db, None);
    let out = dir.path().join("goi-23-11.quaybundle");
    let o = quay(&db, &["bundle", "export", "--out", path_str(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("events 1-2 (2), 1 attachments"),
        "{}",
        stdout(&o)
    );
    assert!(stderr(&o).contains("wrote"));
    (dir, db, out)
}

#[test]
fn export_then_verify_with_and_without_the_station_key() {
    let (_dir, db, out) = exported();
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"QUAYBNDL"));
    let sha = signing::sha256_hex(&bytes);
    assert!(stdout(&quay(&db, &["bundle", "verify", path_str(&out)])).contains("ok: intact"));

    let key = station_key_hex(&db);
    let o = quay(
        &db,
        &["bundle", "verify", path_str(&out), "--public-key", &key],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("events 1-2 (2), 1 attachments"));
    assert!(stdout(&o).contains("signed by the given key"));

    let o = quay(&db, &["bundle", "verify", path_str(&out), "--json"]);
    let info: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(info["station_public_key"], key.as_str());
    assert_eq!(info["last_seq"], 2);

    let other = signing::public_to_hex(&signing::generate().unwrap().verifying_key());
    let o = quay(
        &db,
        &["bundle", "verify", path_str(&out), "--public-key", &other],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("not the expected key"),
        "{}",
        stderr(&o)
    );

    // The export is logged with the file's hash; nothing became "sent".
    let store = Store::open(&db).unwrap();
    let log = store.bundles(5).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].sha256, sha);
    assert_eq!(log[0].file_name, "goi-23-11.quaybundle");
    assert_eq!(store.sync_state().unwrap().pending, 2);
}

#[test]
fn a_damaged_truncated_or_lengthened_bundle_is_refused() {
    let (dir, db, out) = exported();
    let bytes = std::fs::read(&out).unwrap();
    let bad = dir.path().join("bad.quaybundle");
    let refused = |content: &[u8], why: &str| {
        std::fs::write(&bad, content).unwrap();
        let o = quay(&db, &["bundle", "verify", path_str(&bad)]);
        assert_eq!(o.status.code(), Some(1), "{why}");
        assert!(stderr(&o).contains(why), "{why}: {}", stderr(&o));
    };
    let mut changed = bytes.clone();
    let last = changed.len() - 1;
    changed[last] ^= 0x01;
    refused(&changed, "does not hash to its name");
    let mut changed = bytes.clone();
    changed[200] ^= 0x01;
    refused(&changed, "bundle");
    refused(&bytes[..bytes.len() - 10], "truncated");
    refused(&bytes[..10], "truncated");
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"more");
    refused(&longer, "4 bytes after its end");
    refused(b"PK\x03\x04 a zip file", "not a Quầy sync bundle");
}

#[test]
fn nothing_pending_or_a_day_before_everything_writes_no_file() {
    let (dir, db) = temp_db();
    configure(&db);
    let out = dir.path().join("empty.quaybundle");
    let o = quay(&db, &["bundle", "export", "--out", path_str(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nothing exported"), "{}", stderr(&o));
    assert!(!out.exists());

    add_dossier(&db, None);
    let o = quay(
        &db,
        &[
            "bundle",
            "export",
            "--date",
            "2020-01-01",
            "--out",
            path_str(&out),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("from 2020-01-01 or earlier"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());

    let o = quay(
        &db,
        &[
            "bundle",
            "export",
            "--date",
            "23/11/2026",
            "--out",
            path_str(&out),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("expected YYYY-MM-DD"));

    // Into a directory that does not exist: refused, nothing left behind.
    let missing = dir.path().join("no-such-usb").join("b.quaybundle");
    let o = quay(&db, &["bundle", "export", "--out", path_str(&missing)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!dir.path().join("no-such-usb").exists());

    // A directory gets the suggested name; only the finished file is there.
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let o = quay(&db, &["bundle", "export", "--out", path_str(&usb)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(&usb)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1);
    assert!(names[0].starts_with("quay-") && names[0].ends_with("-1-1.quaybundle"));
}

fn write_ack(
    db: &Path,
    path: &Path,
    hub: &ed25519_dalek::SigningKey,
    acked: i64,
    rejections: Vec<Rejection>,
) {
    let store = Store::open(db).unwrap();
    Ack {
        format: ACK_FORMAT.into(),
        version: ACK_VERSION,
        hub_id: "hub-test".into(),
        hub_public_key: signing::public_to_hex(&hub.verifying_key()),
        station_id: store.station_id().unwrap(),
        acked_through: acked,
        rejections,
        created_at: "2026-11-24T07:30:00".into(),
    }
    .write(hub, path)
    .unwrap();
}

#[test]
fn an_ack_file_settles_the_bundle_and_quarantines_rejections() {
    let (dir, db, out) = exported();
    let hub = signing::generate().unwrap();
    let second = Store::open(&db)
        .unwrap()
        .outbox_after(1, 1)
        .unwrap()
        .remove(0);
    let ack = dir.path().join("ack.json");
    let reason = "Thủ tục không có trong danh mục của tỉnh.";
    write_ack(
        &db,
        &ack,
        &hub,
        2,
        vec![Rejection {
            seq: 2,
            event_id: second.event_id,
            code: "unknown_procedure".into(),
            reason: reason.into(),
        }],
    );
    let o = quay(&db, &["bundle", "ack", path_str(&ack)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("settled through 2 (was 0)"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("1 waiting in quarantine"));
    assert!(stderr(&o).contains("trusting hub hub-test"));
    let store = Store::open(&db).unwrap();
    let state = store.sync_state().unwrap();
    assert_eq!((state.pending, state.quarantined), (0, 1));
    assert_eq!(store.quarantine().unwrap()[0].reason, reason);
    drop(store);

    // Nothing left to carry.
    let o = quay(&db, &["bundle", "export", "--out", path_str(&out)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nothing exported"));

    // A file from another hub key is refused, and changes nothing.
    let impostor = signing::generate().unwrap();
    write_ack(&db, &ack, &impostor, 2, vec![]);
    let o = quay(&db, &["bundle", "ack", path_str(&ack)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("this station knows the hub by key"),
        "{}",
        stderr(&o)
    );

    // A changed file is refused.
    write_ack(&db, &ack, &hub, 1, vec![]);
    let text = std::fs::read_to_string(&ack).unwrap();
    std::fs::write(
        &ack,
        text.replace("\"acked_through\":1", "\"acked_through\":2"),
    )
    .unwrap();
    let o = quay(&db, &["bundle", "ack", path_str(&ack)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("signature does not verify"),
        "{}",
        stderr(&o)
    );
}
