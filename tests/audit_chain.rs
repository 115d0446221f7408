//! The audit trail's hash chain end to end: dossiers received and moved on
//! through the command line, `quay audit verify` finds the trail intact; then
//! the database is edited behind the app's back with the sqlite3 tool (the
//! append-only triggers dropped first, as anyone with the file can) and
//! `quay audit verify` names the entry and what was done to it. Also the head,
//! the list, the export, and the upgrade of a database from before the chain.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use common::{good_draft, quay, quay_stdin, stderr, stdout, temp_db};
use quay::store::{CURRENT_VERSION, Store};

/// A configured database with two dossiers, each moved on twice.
/// Returns the two codes.
fn counter_day(db: &Path) -> (String, String) {
    let o = quay(
        db,
        &[
            "settings",
            "set",
            "--agency-id",
            "000.00.12.H56",
            "--counter",
            "2",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut codes = Vec::new();
    for (i, name) in ["Nguyễn Thị Hường", "Trần Văn Bình"]
        .into_iter()
        .enumerate()
    {
        let mut draft = good_draft();
        draft.applicant.name = name.into();
        draft.applicant.id_number = format!("03830300123{i}");
        draft.received_at =
            NaiveDate::from_ymd_opt(2025, 11, 24).and_then(|d| d.and_hms_opt(9 + i as u32, 0, 0));
        let json = serde_json::to_string(&draft).unwrap();
        let o = quay_stdin(db, &["dossier", "add", "--json", "-"], Some(&json));
        assert!(o.status.success(), "{}", stderr(&o));
        let code = stdout(&o).trim().to_string();
        for (status, at) in [
            ("processing", "2025-11-24T11:00"),
            ("9", "2025-11-24T15:00"),
        ] {
            let o = quay(
                db,
                &["dossier", "status", &code, "--set", status, "--at", at],
            );
            assert!(o.status.success(), "{}", stderr(&o));
        }
        codes.push(code);
    }
    (codes.remove(0), codes.remove(0))
}

/// The entries as `quay audit list --json` prints them.
fn entries(db: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["audit", "list", "--json"];
    all.extend_from_slice(args);
    let o = quay(db, &all);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn id_of(entry: &serde_json::Value) -> i64 {
    entry["id"].as_i64().unwrap()
}

/// Runs `sql` with the sqlite3 command-line tool, the append-only triggers
/// dropped first.
fn behind_the_back(db: &Path, sql: &str) {
    let script = format!(
        "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; \
         DROP TRIGGER audit_chained; {sql}"
    );
    let o = Command::new("sqlite3")
        .arg(db)
        .arg(&script)
        .output()
        .expect("the sqlite3 tool (apt package sqlite3; scripts/deps.sh installs it)");
    assert!(o.status.success(), "sqlite3: {}", stderr(&o));
}

/// `quay audit verify` must fail naming `at` and `kind`.
fn assert_broken(db: &Path, at: i64, kind: &str) {
    let o = quay(db, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let want = format!("audit trail broken at entry {at}: {kind} (");
    assert!(
        stderr(&o).contains(&want),
        "want {want:?}, got {}",
        stderr(&o)
    );
}

/// `quay audit head`'s lines as (key, value).
fn head(db: &Path) -> Vec<(String, String)> {
    let o = quay(db, &["audit", "head"]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
        .lines()
        .map(|l| {
            let (k, v) = l.split_once('\t').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn head_value(db: &Path, key: &str) -> String {
    head(db).into_iter().find(|(k, _)| k == key).unwrap().1
}

#[test]
fn an_untouched_trail_verifies_and_its_head_is_printed() {
    let (_dir, db) = temp_db();
    let (a, _) = counter_day(&db);
    let all = entries(&db, &[]);
    let keys: Vec<String> = head(&db).into_iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["station", "entries", "last", "head"]);
    let n = head_value(&db, "entries");
    assert_eq!(n, all.len().to_string());
    assert_eq!(
        head_value(&db, "last"),
        id_of(all.last().unwrap()).to_string()
    );
    let hash = head_value(&db, "head");
    assert_eq!(all.last().unwrap()["hash"], hash.as_str());

    let o = quay(&db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!("audit trail intact: {n} entries, head {hash}\n")
    );

    // The dossier's own entries: received, then two status changes, each
    // linked to the entry before it.
    let mine = entries(&db, &["--entity", &a]);
    let actions: Vec<&str> = mine.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["dossier.receive", "dossier.status", "dossier.status"]
    );
    for e in &all {
        assert_eq!(e["hash"].as_str().unwrap().len(), 64);
    }
    for pair in all.windows(2) {
        assert_eq!(pair[1]["prev_hash"], pair[0]["hash"]);
    }
    assert_eq!(all[0]["prev_hash"], "0".repeat(64));

    // The triggers still refuse an edit through the app's own rules.
    let o = Command::new("sqlite3")
        .arg(&db)
        .arg("UPDATE audit_log SET actor = 'x' WHERE id = 1")
        .output()
        .unwrap();
    assert!(!o.status.success(), "append-only");
}

#[test]
fn an_edited_entry_is_found() {
    let (_dir, db) = temp_db();
    let (a, _) = counter_day(&db);
    let changed = id_of(&entries(&db, &["--entity", &a, "--action", "dossier.status"])[0]);
    behind_the_back(
        &db,
        &format!(
            r#"UPDATE audit_log SET after = json_set(after, '$.status', 10) WHERE id = {changed}"#
        ),
    );
    assert_broken(&db, changed, "edited");
}

#[test]
fn a_deleted_entry_in_the_middle_is_found() {
    let (_dir, db) = temp_db();
    let (a, _) = counter_day(&db);
    let gone = id_of(&entries(&db, &["--entity", &a, "--action", "dossier.receive"])[0]);
    behind_the_back(&db, &format!("DELETE FROM audit_log WHERE id = {gone}"));
    assert_broken(&db, gone, "deleted");
}

#[test]
fn a_forged_entry_is_found() {
    let (_dir, db) = temp_db();
    let (_, b) = counter_day(&db);
    let last: i64 = head_value(&db, "last").parse().unwrap();
    let hash = head_value(&db, "head");
    // A status change that never happened, linked to the last real entry.
    behind_the_back(
        &db,
        &format!(
            "INSERT INTO audit_log (at, actor, action, entity_key, before, after, prev_hash, hash)
             VALUES ('2026-11-24T16:00:00', 'quầy 2', 'dossier.status', '{b}',
                     '{{\"status\":9}}', '{{\"status\":10}}', '{hash}', '{}')",
            "f".repeat(64)
        ),
    );
    assert_broken(&db, last + 1, "inserted");
}

#[test]
fn the_last_entry_deleted_is_found() {
    let (_dir, db) = temp_db();
    counter_day(&db);
    let last: i64 = head_value(&db, "last").parse().unwrap();
    behind_the_back(
        &db,
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
    );
    assert_broken(&db, last, "deleted");
}

#[test]
fn the_list_filters_and_the_export_has_every_column() {
    let (dir, db) = temp_db();
    let (a, b) = counter_day(&db);
    // Newest first when limited, printed oldest first.
    let newest = entries(&db, &["--limit", "2"]);
    let all = entries(&db, &[]);
    assert_eq!(newest, all[all.len() - 2..]);
    assert_eq!(
        entries(&db, &["--entity", &b, "--action", "dossier.status"]).len(),
        2
    );
    assert_eq!(entries(&db, &["--action", "dossier."]).len(), 6);
    let cli_actor = entries(&db, &["--entity", &a])[0]["actor"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        entries(&db, &["--actor", &cli_actor]).len(),
        all.len() - 2,
        "all but the seed"
    );
    assert!(entries(&db, &["--from", "2000-01-01", "--to", "24/11/2000"]).is_empty());
    // The plain list: one tab-separated line an entry, the change summarised.
    let o = quay(
        &db,
        &[
            "audit",
            "list",
            "--entity",
            &a,
            "--action",
            "dossier.status",
        ],
    );
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    let cells: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!((cells[3], cells[4]), ("dossier.status", a.as_str()));
    assert!(cells[5].contains("status: 2 → 4"), "{}", cells[5]);

    let out = dir.path().join("nhat-ky.csv");
    let o = quay(
        &db,
        &[
            "audit",
            "export",
            "--out",
            out.to_str().unwrap(),
            "--entity",
            &a,
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let body = text.strip_prefix('\u{FEFF}').expect("BOM for Excel");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, quay::domain::audit::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mine = entries(&db, &["--entity", &a]);
    assert_eq!(rows.len(), mine.len());
    for (row, e) in rows.iter().zip(&mine) {
        assert_eq!(row[0], id_of(e).to_string());
        assert_eq!(&row[3], e["action"].as_str().unwrap());
        assert_eq!(&row[9], e["hash"].as_str().unwrap());
        assert_eq!(&row[8], e["prev_hash"].as_str().unwrap());
    }
    assert_eq!(&rows[0][4], "Tiếp nhận hồ sơ");
    let after: serde_json::Value = serde_json::from_str(&rows[0][7]).unwrap();
    assert_eq!(after["code"], a.as_str());
}

/// The documented encoding (docs/audit-trail.md), written again here from
/// the outside: netstrings, NULL as `-,`.
fn entry_hash(prev: &str, row: &rusqlite::Row<'_>) -> String {
    use sha2::Digest;
    let mut m = Vec::new();
    let mut ns = |b: Option<&[u8]>| match b {
        Some(b) => {
            m.extend_from_slice(format!("{}:", b.len()).as_bytes());
            m.extend_from_slice(b);
            m.push(b',');
        }
        None => m.extend_from_slice(b"-,"),
    };
    ns(Some(b"quay-audit-1"));
    ns(Some(prev.as_bytes()));
    ns(Some(row.get::<_, i64>(0).unwrap().to_string().as_bytes()));
    for i in 1..7 {
        ns(row
            .get::<_, Option<String>>(i)
            .unwrap()
            .as_deref()
            .map(str::as_bytes));
    }
    hex::encode(sha2::Sha256::digest(&m))
}

/// Someone who can compute SHA-256 edits an entry and recomputes the whole
/// chain and the head: the check alone passes, a head filed before does not.
#[test]
fn a_trail_rewritten_whole_fails_only_against_a_filed_head() {
    let (_dir, db) = temp_db();
    let (a, _) = counter_day(&db);
    let filed = head_value(&db, "head");
    let o = quay(&db, &["audit", "verify", "--anchor", &filed]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("filed head found at entry "));

    let changed = id_of(&entries(&db, &["--entity", &a, "--action", "dossier.status"])[0]);
    behind_the_back(
        &db,
        &format!("UPDATE audit_log SET actor = 'quầy 9' WHERE id = {changed}"),
    );
    let c = rusqlite::Connection::open(&db).unwrap();
    let rows: Vec<(i64, String)> = {
        let mut stmt = c
            .prepare("SELECT id, at, actor, action, entity_key, before, after FROM audit_log ORDER BY id")
            .unwrap();
        let mut prev = "0".repeat(64);
        let mut out = Vec::new();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let hash = entry_hash(&prev, r);
            out.push((r.get(0).unwrap(), hash.clone()));
            prev = hash;
        }
        out
    };
    let mut prev = "0".repeat(64);
    for (id, hash) in &rows {
        c.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
            rusqlite::params![prev, hash, id],
        )
        .unwrap();
        prev = hash.clone();
    }
    c.execute("UPDATE audit_head SET hash = ?1", [&prev])
        .unwrap();
    drop(c);

    let o = quay(&db, &["audit", "verify"]);
    assert!(
        o.status.success(),
        "a consistent rewrite passes: {}",
        stderr(&o)
    );
    let o = quay(&db, &["audit", "verify", "--anchor", &filed]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "audit trail rewritten: the filed head {filed} is not in it"
        )),
        "{}",
        stderr(&o)
    );
}

const SCHEMA_V1: &str = include_str!("../schema.sql");

/// A database from before the chain keeps its entries, now chained oldest
/// first from the genesis, and new entries continue the chain.
#[test]
fn an_older_database_gets_its_trail_chained() {
    let (_dir, db) = temp_db();
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(SCHEMA_V1).unwrap();
    c.execute_batch(
        r#"
        PRAGMA user_version = 1;
        INSERT INTO station (id, station_id, created_at)
            VALUES (1, '01900000-0000-7000-8000-000000000001', '2026-11-01T07:00:00');
        INSERT INTO audit_log (at, actor, action, entity_key, before, after) VALUES
            ('2026-11-01T07:00:00', 'hệ thống', 'catalog.import', 'catalog', NULL, '{"added":3}'),
            ('2026-11-24T09:15:00', 'quầy 2', 'dossier.receive', 'X-1', NULL, '{}'),
            ('2026-11-24T09:20:00', 'quầy 2', 'settings.save', 'center', '{"a":1}', NULL);
        "#,
    )
    .unwrap();
    drop(c);

    let store = Store::open(&db).unwrap();
    let head = store.audit_head().unwrap().unwrap();
    assert_eq!((head.entries, head.last_id), (3, 3));
    assert_eq!(
        store.verify_audit().unwrap(),
        quay::domain::audit::AuditVerdict::Intact {
            entries: 3,
            head: head.hash.clone()
        }
    );
    drop(store);
    let version: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, CURRENT_VERSION);

    // The CLI writes on; the chain goes on from the old entries.
    let o = quay(
        &db,
        &[
            "settings",
            "set",
            "--counter",
            "2",
            "--agency-id",
            "000.00.12.H56",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let all = entries(&db, &[]);
    assert_eq!(all.len(), 4);
    assert_eq!(all[3]["prev_hash"], head.hash.as_str());
    let o = quay(&db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("audit trail intact: 4 entries, head "));
}
