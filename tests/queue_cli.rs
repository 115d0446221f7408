//! `quay ticket …` run as a real process: every command, and refusals that exit 1
//! with a clear message and change nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::path::Path;

use common::{good_draft, quay, quay_stdin, stderr, stdout, temp_db};

const DAY: &str = "2026-11-25";

/// `quay ticket ARGS --at 2026-11-25THH:MM`, which must succeed; its standard output.
fn ok(db: &Path, hhmm: &str, args: &[&str]) -> String {
    let at = format!("{DAY}T{hhmm}");
    let mut all = vec!["ticket"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--at", &at]);
    let o = quay(db, &all);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o).trim_end().to_string()
}

/// The same, for a command that must be refused; its standard error.
fn refused(db: &Path, args: &[&str]) -> String {
    let mut all = vec!["ticket"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--at", "2026-11-25T12:00"]);
    let o = quay(db, &all);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{args:?} must exit 1: {}",
        stdout(&o)
    );
    assert!(stdout(&o).is_empty(), "{args:?}: {}", stdout(&o));
    stderr(&o)
}

fn list(db: &Path) -> String {
    ok(db, "12:00", &["list", "--date", DAY])
}

#[test]
fn issue_call_recall_skip_again_transfer_complete_list() {
    let (_dir, db) = temp_db();
    assert_eq!(ok(&db, "08:00", &["issue", "--area", "A"]), "A-001");
    assert_eq!(ok(&db, "08:01", &["issue", "--area", "a"]), "A-002");
    assert_eq!(
        ok(
            &db,
            "08:02",
            &["issue", "--area", "A", "--priority", "pregnant"]
        ),
        "A-003"
    );
    assert_eq!(ok(&db, "08:03", &["issue", "--area", "B"]), "B-001");

    assert_eq!(
        ok(&db, "08:10", &["call", "--counter", "2"]),
        "A-003",
        "priority first"
    );
    assert_eq!(ok(&db, "08:11", &["recall", "--counter", "2"]), "A-003");
    assert_eq!(
        ok(&db, "08:12", &["skip", "A-003"]),
        "A-003\tA\tskipped (no-show)"
    );
    assert_eq!(ok(&db, "08:13", &["call", "--counter", "2"]), "A-001");
    assert_eq!(
        ok(&db, "08:14", &["transfer", "a-1", "--to", "B"]),
        "A-001\tB\twaiting"
    );
    assert_eq!(
        ok(&db, "08:15", &["call", "--counter", "3", "--areas", "B"]),
        "A-001",
        "issued before B-001, so it keeps its place in B"
    );
    assert_eq!(ok(&db, "08:20", &["complete", "A-001"]), "A-001\tB\tdone");
    assert_eq!(
        ok(&db, "08:30", &["call-again", "A-003", "--counter", "1"]),
        "A-003"
    );

    let lines = list(&db);
    let rows: Vec<Vec<&str>> = lines.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 4, "{lines}");
    assert_eq!(rows[0][..6], ["A-001", "B", "done", "-", "08:00:00", "3"]);
    assert_eq!(
        rows[2][..6],
        ["A-003", "A", "called", "pregnant", "08:02:00", "1"]
    );
    assert_eq!(
        rows[3][..6],
        ["B-001", "B", "waiting", "-", "08:03:00", "-"]
    );

    let json = ok(&db, "12:00", &["list", "--date", DAY, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let a3 = &v.as_array().unwrap()[2];
    assert_eq!(a3["number"], "A-003");
    assert_eq!(a3["priority"], "pregnant");
    assert_eq!(a3["recalls"], 1);
    assert_eq!(a3["skips"], 1);
    assert_eq!(a3["first_called_at"], "2026-11-25T08:10:00");
    assert_eq!(a3["last_called_at"], "2026-11-25T08:30:00");
    assert_eq!(v[0]["transfers"], 1);
    assert_eq!(v[0]["completed_at"], "2026-11-25T08:20:00");

    assert!(
        ok(&db, "12:00", &["list", "--date", "2026-11-26"]).is_empty(),
        "another day has its own tickets"
    );
}

#[test]
fn call_on_an_empty_queue_says_so_and_succeeds() {
    let (_dir, db) = temp_db();
    let o = quay(&db, &["ticket", "call", "--counter", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("queue is empty"), "{}", stderr(&o));
}

#[test]
fn refusals_exit_1_and_change_nothing() {
    let (_dir, db) = temp_db();
    ok(&db, "08:00", &["issue", "--area", "A"]);
    let before = list(&db);

    let cases: &[(&[&str], &str)] = &[
        (&["issue", "--area", "E"], "no service area E"),
        (&["issue", "--area", "AB"], "one letter"),
        (
            &["issue", "--area", "A", "--priority", "vip"],
            "priority must be",
        ),
        (&["call", "--counter", "0"], "counter number 0"),
        (
            &["call", "--counter", "1", "--areas", "AZ"],
            "no service area Z",
        ),
        (
            &["recall", "--counter", "1"],
            "no ticket is being called at counter 1",
        ),
        (&["skip", "A-001"], "cannot be skipped"),
        (&["complete", "A-001"], "cannot be completed"),
        (&["skip", "A-002"], "no such ticket: A-002"),
        (&["skip", "hello"], "no such ticket: hello"),
        (&["skip", "A-001", "--date", "25/11/2026"], "invalid date"),
        (&["transfer", "A-001", "--to", "A"], "already in area A"),
        (&["transfer", "A-001", "--to", "Q"], "no service area Q"),
        (
            &["call-again", "A-001", "--counter", "1"],
            "cannot be called again",
        ),
        (&["link", "A-001", "X-1"], "no dossier with code X-1"),
        (&["list", "--date", "2026-02-30"], "invalid date"),
        (
            &["figures", "--from", "2026-11-26", "--to", "2026-11-25"],
            "runs backwards",
        ),
        (&["settings", "--counter-areas", "Z"], "no service area Z"),
        (&["settings", "--prefix", "A-B"], "queue prefix"),
    ];
    for (args, message) in cases {
        let err = refused(&db, args);
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let o = quay(
        &db,
        &["ticket", "issue", "--area", "A", "--at", "yesterday"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("invalid time"), "{}", stderr(&o));
    assert_eq!(list(&db), before, "nothing changed");
}

#[test]
fn an_area_this_pc_does_not_serve_is_refused() {
    let (_dir, db) = temp_db();
    let s = ok(
        &db,
        "08:00",
        &["settings", "--counter-areas", "a,b", "--prefix", "2"],
    );
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    assert_eq!(v["counter_areas"], serde_json::json!(["A", "B"]));
    assert_eq!(v["queue_prefix"], "2");
    assert_eq!(ok(&db, "08:00", &["issue", "--area", "B"]), "2B-001");
    let err = refused(&db, &["issue", "--area", "C"]);
    assert!(err.contains("area C is not served"), "{err}");
    let err = refused(&db, &["call", "--areas", "C"]);
    assert!(err.contains("area C is not served"), "{err}");
    assert_eq!(
        ok(&db, "08:05", &["call"]),
        "2B-001",
        "default areas: A and B"
    );
}

#[test]
fn areas_can_be_replaced_from_json() {
    let (dir, db) = temp_db();
    let areas = r#"[
        {"letter": "A", "name": "Hộ tịch", "fields": ["Hộ tịch", "Chứng thực"]},
        {"letter": "E", "name": "Một cửa chung", "fields": []}
    ]"#;
    let o = quay_stdin(
        &db,
        &[
            "ticket",
            "settings",
            "--areas",
            "-",
            "--counter-areas",
            "AE",
        ],
        Some(areas),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(ok(&db, "08:00", &["issue", "--area", "E"]), "E-001");
    assert!(refused(&db, &["issue", "--area", "B"]).contains("no service area B"));
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"[{"letter": "A", "name": ""}]"#).unwrap();
    let err = refused(&db, &["settings", "--areas", bad.to_str().unwrap()]);
    assert!(err.contains("area A needs a name"), "{err}");
    std::fs::write(&bad, "[{").unwrap();
    let err = refused(&db, &["settings", "--areas", bad.to_str().unwrap()]);
    assert!(err.contains("invalid areas JSON"), "{err}");
}

#[test]
fn link_a_dossier_to_the_called_ticket() {
    let (dir, db) = temp_db();
    let o = quay(&db, &["settings", "set", "--agency-id", "000.00.12.H56"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json = dir.path().join("d.json");
    std::fs::write(&json, serde_json::to_string(&good_draft()).unwrap()).unwrap();
    let o = quay(&db, &["dossier", "add", "--json", json.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let code = stdout(&o).trim().to_string();
    ok(&db, "08:00", &["issue", "--area", "A"]);
    ok(&db, "08:05", &["call"]);
    assert_eq!(
        ok(&db, "08:06", &["link", "A-001", &code, "--date", DAY]),
        format!("A-001\t{code}")
    );
    assert!(list(&db).lines().next().unwrap().ends_with(&code));
}

#[test]
fn figures_as_a_table_and_as_csv_for_excel() {
    let (_dir, db) = temp_db();
    // A-001 waits 10 min and is served 5; A-002 waits 20 and does not come.
    ok(&db, "08:00", &["issue", "--area", "A"]);
    ok(&db, "08:00", &["issue", "--area", "A"]);
    ok(&db, "08:10", &["call", "--counter", "1"]);
    ok(&db, "08:15", &["complete", "A-001"]);
    ok(&db, "08:20", &["call", "--counter", "1"]);
    ok(&db, "08:21", &["skip", "A-002"]);

    let table = ok(&db, "12:00", &["figures", "--from", DAY, "--to", DAY]);
    let all: Vec<&str> = table.lines().nth(1).unwrap().split_whitespace().collect();
    assert_eq!(
        all,
        ["all", "2", "1", "1", "15.0", "20.0", "5.0", "5.0"],
        "{table}"
    );
    assert!(table.contains("counter 1"), "{table}");

    let o = quay(
        &db,
        &["ticket", "figures", "--from", DAY, "--to", DAY, "--csv"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        o.stdout.starts_with(b"\xEF\xBB\xBF"),
        "byte-order mark for Excel"
    );
    let text = String::from_utf8(o.stdout[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("Từ ngày,Đến ngày,Nhóm,Số phiếu")
    );
    assert_eq!(
        lines.next().unwrap(),
        "25/11/2026,25/11/2026,Tất cả,2,1,1,15.0,20.0,5.0,5.0"
    );
    assert_eq!(
        lines.next().unwrap(),
        "25/11/2026,25/11/2026,Khu vực A – Hộ tịch – Chứng thực,2,1,1,15.0,20.0,5.0,5.0"
    );
}

#[test]
fn a_ticket_prints_as_pdf_and_later_copies_are_marked_reprints() {
    let (dir, db) = common::temp_db();
    let run = |args: &[&str]| common::quay(&db, args);
    let number = common::stdout(&run(&["ticket", "issue", "--area", "A"]))
        .trim()
        .to_string();
    assert_eq!(number, "A-001");
    let pdf = dir.path().join("ticket.pdf");
    let out = pdf.to_str().unwrap();
    let first = run(&["ticket", "print", "a-1", "--out", out]);
    assert!(first.status.success(), "{}", common::stderr(&first));
    assert!(common::stderr(&first).contains("original"));
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(text.contains("A-001") && !text.contains("IN LẠI"), "{text}");
    let second = run(&["ticket", "print", "A-001", "--out", out]);
    assert!(common::stderr(&second).contains("reprint"));
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("IN LẠI"));
    let missing = run(&["ticket", "print", "A-009", "--out", out]);
    assert!(!missing.status.success());
}
