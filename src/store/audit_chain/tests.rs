use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::store::{Actor, Store};

fn f<'a>(id: i64, actor: &'a str, action: &'a str, before: Option<&'a str>) -> Fields<'a> {
    Fields {
        id,
        at: b"2026-11-25T09:15:00",
        actor: actor.as_bytes(),
        action: action.as_bytes(),
        entity_key: b"000.00.12.H56-261125-1001",
        before: before.map(str::as_bytes),
        after: Some(b"{}"),
    }
}

/// Pinned values, computed independently (Python's hashlib over the encoding
/// written out by hand): a change to the encoding must be a new tag.
#[test]
fn the_encoding_is_pinned() {
    let first = Fields {
        id: 1,
        at: b"2026-11-25T09:15:00",
        actor: "quầy 1 (Trần Văn A)".as_bytes(),
        action: b"dossier.status",
        entity_key: b"000.00.12.H56-261125-1001",
        before: Some(br#"{"status":2}"#),
        after: Some(br#"{"status":4}"#),
    };
    assert_eq!(
        String::from_utf8(encode(GENESIS.as_bytes(), &first)).unwrap(),
        "12:quay-audit-1,64:0000000000000000000000000000000000000000000000000000000000000000,\
         1:1,19:2026-11-25T09:15:00,24:quầy 1 (Trần Văn A),14:dossier.status,\
         25:000.00.12.H56-261125-1001,12:{\"status\":2},12:{\"status\":4},"
    );
    let h1 = entry_hash(GENESIS.as_bytes(), &first);
    assert_eq!(
        h1,
        "ad9a5ce2e8adbb54d2381201f2640377e5c7913c6f7df3b68c2baf90ea020eb2"
    );
    let second = Fields {
        id: 2,
        at: b"2026-11-25T09:16:00",
        actor: b"cli:root",
        action: b"print.original",
        entity_key: b"X",
        before: None,
        after: Some(b""),
    };
    assert_eq!(
        entry_hash(h1.as_bytes(), &second),
        "6f492616c2019f9e747ae2b3116c3e2f0c5660517fabd97668a8bfa5f32656bf"
    );
}

#[test]
fn field_boundaries_and_null_matter() {
    let h = |x: &Fields| entry_hash(GENESIS.as_bytes(), x);
    // A character moved from one field to the next.
    assert_ne!(h(&f(1, "ab", "c", None)), h(&f(1, "a", "bc", None)));
    // NULL is not the empty text.
    assert_ne!(h(&f(1, "a", "b", None)), h(&f(1, "a", "b", Some(""))));
    // "before" and "after" are not interchangeable.
    let mut swapped = f(1, "a", "b", Some("{}"));
    swapped.after = None;
    assert_ne!(h(&f(1, "a", "b", None)), h(&swapped));
    // The id and the link are hashed.
    assert_ne!(h(&f(1, "a", "b", None)), h(&f(2, "a", "b", None)));
    assert_ne!(
        h(&f(1, "a", "b", None)),
        entry_hash(
            b"1111111111111111111111111111111111111111111111111111111111111111",
            &f(1, "a", "b", None)
        )
    );
}

/// Reads an encoding back: if every encoding decodes to the fields it came
/// from, no two different rows can encode (and so hash, barring SHA-256
/// collisions) alike.
fn decode(mut m: &[u8]) -> Option<Vec<Option<Vec<u8>>>> {
    let mut out = Vec::new();
    while !m.is_empty() {
        if let Some(rest) = m.strip_prefix(b"-,") {
            out.push(None);
            m = rest;
            continue;
        }
        let colon = m.iter().position(|&b| b == b':')?;
        let len: usize = std::str::from_utf8(&m[..colon]).ok()?.parse().ok()?;
        let body = m.get(colon + 1..colon + 1 + len)?;
        if m.get(colon + 1 + len) != Some(&b',') {
            return None;
        }
        out.push(Some(body.to_vec()));
        m = &m[colon + 2 + len..];
    }
    Some(out)
}

proptest! {
    #[test]
    fn every_encoding_decodes_to_its_fields(
        prev in "[0-9a-f]{0,64}",
        id in any::<i64>(),
        texts in proptest::collection::vec(".{0,12}", 4),
        before in proptest::option::of(".{0,12}"),
        after in proptest::option::of(".{0,12}"),
    ) {
        let fields = Fields {
            id,
            at: texts[0].as_bytes(),
            actor: texts[1].as_bytes(),
            action: texts[2].as_bytes(),
            entity_key: texts[3].as_bytes(),
            before: before.as_deref().map(str::as_bytes),
            after: after.as_deref().map(str::as_bytes),
        };
        let id = id.to_string();
        let mut want: Vec<Option<Vec<u8>>> = [TAG, prev.as_bytes(), id.as_bytes()]
            .iter()
            .chain(texts.iter().map(String::as_bytes).collect::<Vec<_>>().iter())
            .map(|b| Some(b.to_vec()))
            .collect();
        want.push(before.clone().map(String::into_bytes));
        want.push(after.clone().map(String::into_bytes));
        prop_assert_eq!(decode(&encode(prev.as_bytes(), &fields)), Some(want));
    }
}

/// A store with its seed entries and six more; the path for a second
/// connection.
fn store() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let actor = Actor::system("quầy 1");
    for i in 0..6 {
        let detail = serde_json::json!({ "n": i });
        store
            .record_event(
                &actor,
                "ticket.print.original",
                &format!("ticket:{i}"),
                &detail,
            )
            .unwrap();
    }
    (dir, path, store)
}

fn last_id(store: &Store) -> i64 {
    store.audit_head().unwrap().unwrap().last_id
}

/// Runs `sql` behind the app's back: a second connection, triggers dropped.
fn tamper(path: &Path, sql: &str) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(
        "DROP TRIGGER IF EXISTS audit_no_update;
         DROP TRIGGER IF EXISTS audit_no_delete;
         DROP TRIGGER IF EXISTS audit_chained;
         DROP TRIGGER IF EXISTS audit_head_no_delete;",
    )
    .unwrap();
    c.execute_batch(sql).unwrap();
}

fn broken(at_id: i64, kind: BreakKind) -> AuditVerdict {
    AuditVerdict::Broken { at_id, kind }
}

#[test]
fn a_new_trail_is_intact_and_its_head_is_the_last_hash() {
    let (_dir, _path, store) = store();
    let head = store.audit_head().unwrap().unwrap();
    assert!(head.entries >= 6);
    assert_eq!(head.entries, head.last_id, "ids run 1..N");
    assert_eq!(
        store.verify_audit().unwrap(),
        AuditVerdict::Intact {
            entries: head.entries,
            head: head.hash.clone()
        }
    );
    let first = store
        .audit_list(&crate::domain::audit::AuditFilter::default())
        .unwrap()
        .remove(0);
    assert_eq!((first.id, first.prev_hash.as_str()), (1, GENESIS));
}

#[test]
fn an_edited_entry_is_found() {
    let (_dir, path, store) = store();
    tamper(
        &path,
        r#"UPDATE audit_log SET after = '{"n":99}' WHERE id = 4"#,
    );
    assert_eq!(store.verify_audit().unwrap(), broken(4, BreakKind::Edited));
}

#[test]
fn an_entry_edited_and_rehashed_shows_at_the_next_link() {
    let (_dir, path, store) = store();
    let e = store
        .audit_list(&crate::domain::audit::AuditFilter::default())
        .unwrap()
        .into_iter()
        .find(|e| e.id == 4)
        .unwrap();
    let after = r#"{"n":99}"#;
    let rehashed = entry_hash(
        e.prev_hash.as_bytes(),
        &Fields {
            id: 4,
            at: e.at.as_bytes(),
            actor: e.actor.as_bytes(),
            action: e.action.as_bytes(),
            entity_key: e.entity_key.as_bytes(),
            before: e.before.as_deref().map(str::as_bytes),
            after: Some(after.as_bytes()),
        },
    );
    tamper(
        &path,
        &format!("UPDATE audit_log SET after = '{after}', hash = '{rehashed}' WHERE id = 4"),
    );
    assert_eq!(store.verify_audit().unwrap(), broken(4, BreakKind::Edited));
}

#[test]
fn deleted_entries_are_found_first_middle_and_last() {
    let (_dir, path, store) = store();
    let n = last_id(&store);
    tamper(&path, &format!("DELETE FROM audit_log WHERE id = {n}"));
    assert_eq!(store.verify_audit().unwrap(), broken(n, BreakKind::Deleted));
    tamper(&path, "DELETE FROM audit_log WHERE id = 3");
    assert_eq!(store.verify_audit().unwrap(), broken(3, BreakKind::Deleted));
    tamper(&path, "DELETE FROM audit_log WHERE id = 1");
    assert_eq!(store.verify_audit().unwrap(), broken(1, BreakKind::Deleted));
}

#[test]
fn an_entry_deleted_from_the_end_stays_a_gap_after_new_entries() {
    let (_dir, path, mut store) = store();
    let n = last_id(&store);
    tamper(&path, &format!("DELETE FROM audit_log WHERE id = {n}"));
    let actor = Actor::system("quầy 1");
    store
        .record_event(
            &actor,
            "ticket.print.reprint",
            "ticket:0",
            &serde_json::json!({}),
        )
        .unwrap();
    assert_eq!(
        last_id(&store),
        n + 1,
        "the deleted id is not handed out again"
    );
    assert_eq!(store.verify_audit().unwrap(), broken(n, BreakKind::Deleted));
}

const FORGED: &str =
    "INSERT INTO audit_log (id, at, actor, action, entity_key, before, after, prev_hash, hash)
    VALUES ({id}, '2026-11-25T10:00:00', 'quầy 1', 'dossier.status', 'X', NULL, '{}', '{prev}',
            'abababababababababababababababababababababababababababababababab')";

fn forged(id: i64, prev: &str) -> String {
    FORGED
        .replace("{id}", &id.to_string())
        .replace("{prev}", prev)
}

#[test]
fn inserted_entries_are_found() {
    let (_dir, path, mut store) = store();
    let head = store.audit_head().unwrap().unwrap();
    let n = head.last_id;
    // After the head, copying its link.
    tamper(&path, &forged(n + 1, &head.hash));
    assert_eq!(
        store.verify_audit().unwrap(),
        broken(n + 1, BreakKind::Inserted)
    );
    // The app goes on from its head: the forged entry stays stepped over.
    let actor = Actor::system("quầy 1");
    store
        .record_event(
            &actor,
            "ticket.print.reprint",
            "ticket:0",
            &serde_json::json!({}),
        )
        .unwrap();
    assert_eq!(last_id(&store), n + 2);
    assert_eq!(
        store.verify_audit().unwrap(),
        broken(n + 1, BreakKind::Inserted)
    );
}

#[test]
fn an_entry_before_the_first_id_is_inserted() {
    let (_dir, path, store) = store();
    tamper(&path, &forged(0, GENESIS));
    assert_eq!(
        store.verify_audit().unwrap(),
        broken(0, BreakKind::Inserted)
    );
}

#[test]
fn swapped_entries_are_reordered() {
    let (_dir, path, store) = store();
    let cols = "at, actor, action, entity_key, before, after, prev_hash, hash";
    tamper(
        &path,
        &format!(
            "CREATE TEMP TABLE s AS SELECT id, {cols} FROM audit_log WHERE id IN (3, 4);
             UPDATE audit_log SET ({cols}) = (SELECT {cols} FROM s WHERE s.id = 7 - audit_log.id)
             WHERE id IN (3, 4);"
        ),
    );
    assert_eq!(
        store.verify_audit().unwrap(),
        broken(3, BreakKind::Reordered { links_to: 4 })
    );
}

#[test]
fn a_head_that_does_not_match_is_reported() {
    let (_dir, path, store) = store();
    let n = last_id(&store);
    tamper(&path, "UPDATE audit_head SET entries = entries + 1");
    assert_eq!(
        store.verify_audit().unwrap(),
        broken(n, BreakKind::HeadMismatch)
    );
    tamper(&path, "DELETE FROM audit_head");
    assert_eq!(
        store.verify_audit().unwrap(),
        broken(n, BreakKind::HeadMismatch)
    );
}

/// The limit of a chain kept in the same file: someone who recomputes every
/// hash and the head gets a trail that checks out. Only a head filed
/// elsewhere before shows it.
#[test]
fn a_trail_rewritten_whole_passes_but_its_head_changes() {
    let (_dir, path, store) = store();
    let filed = store.audit_head().unwrap().unwrap();
    tamper(
        &path,
        r#"UPDATE audit_log SET after = '{"n":99}' WHERE id = 4"#,
    );
    let c = rusqlite::Connection::open(&path).unwrap();
    let mut prev = GENESIS.to_string();
    let ids: Vec<i64> = c
        .prepare("SELECT id FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for id in ids {
        let hash = c
            .query_row(
                "SELECT id, at, actor, action, entity_key, before, after FROM audit_log WHERE id = ?1",
                [id],
                |r| Ok(entry_hash(prev.as_bytes(), &fields(r, 0).unwrap())),
            )
            .unwrap();
        c.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3",
            params![prev, hash, id],
        )
        .unwrap();
        prev = hash;
    }
    c.execute("UPDATE audit_head SET hash = ?1", [&prev])
        .unwrap();
    let AuditVerdict::Intact { entries, head } = store.verify_audit().unwrap() else {
        panic!("a consistent rewrite passes the check")
    };
    assert_eq!(entries, filed.entries);
    assert_ne!(head, filed.hash, "but not the filed head");
}
