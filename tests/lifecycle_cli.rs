//! `quay dossier status` and `quay dossier list`, run as real processes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::NaiveDate;
use common::{good_draft, quay, quay_stdin, stderr, stdout, temp_db};
use quay::domain::dossier::Channel;

fn configure(db: &std::path::Path) {
    let o = quay(
        db,
        &[
            "settings",
            "set",
            "--agency-id",
            "000.00.12.H56",
            "--counter",
            "3",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Stores a dossier received on `day` at 09:00 (in the past, so overdue by now).
fn add(db: &std::path::Path, name: &str, procedure: &str, channel: Channel, day: u32) -> String {
    let mut draft = good_draft();
    draft.applicant.name = name.into();
    draft.procedure_code = procedure.into();
    draft.channel = channel;
    draft.received_at = Some(
        NaiveDate::from_ymd_opt(2025, 12, day)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
    );
    let json = serde_json::to_string(&draft).unwrap();
    let o = quay_stdin(db, &["dossier", "add", "--json", "-"], Some(&json));
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o).trim().to_string()
}

fn shown_status(db: &std::path::Path, code: &str) -> u8 {
    let o = quay(db, &["dossier", "show", code, "--json"]);
    let d: quay::domain::dossier::Dossier = serde_json::from_str(&stdout(&o)).unwrap();
    d.status
}

#[test]
fn status_changes_print_from_and_to_and_refusals_change_nothing() {
    let (_dir, db) = temp_db();
    configure(&db);
    let code = add(&db, "Nguyễn Thị Hường", "1.000894", Channel::Direct, 1);

    let o = quay(
        &db,
        &[
            "dossier",
            "status",
            &code,
            "--set",
            "processing",
            "--at",
            "2025-12-01T10:00",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        format!("{code}: 2 (received) → 4 (processing)")
    );

    let o = quay(
        &db,
        &[
            "dossier",
            "status",
            &code,
            "--set",
            "9",
            "--note",
            "Đã ký",
            "--at",
            "2025-12-01T11:00",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        format!("{code}: 4 (processing) → 9 (resolved)")
    );

    // Illegal transition, unknown status, unknown code, a time before receipt.
    let refusals: [(&[&str], &str); 4] = [
        (&["--set", "received"], "cannot go to status 2 (received)"),
        (&["--set", "done"], "unknown status \"done\""),
        (&["--set", "11"], "unknown status \"11\""),
        (
            &["--set", "10", "--at", "2025-11-30T09:00"],
            "cannot change earlier",
        ),
    ];
    for (args, message) in refusals {
        let mut all = vec!["dossier", "status", code.as_str()];
        all.extend_from_slice(args);
        let o = quay(&db, &all);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
    let o = quay(
        &db,
        &[
            "dossier",
            "status",
            "000.00.12.H56-251201-3999",
            "--set",
            "4",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no dossier with code 000.00.12.H56-251201-3999"),
        "{}",
        stderr(&o)
    );
    assert_eq!(shown_status(&db, &code), 9, "nothing changed");

    // Without --set: the current status and the history.
    let o = quay(&db, &["dossier", "status", &code]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], format!("{code}: 9 (resolved)"));
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[2].starts_with("2025-12-01T11:00\t4 (processing) → 9 (resolved)\tcli:"),
        "{out}"
    );
    assert!(lines[2].ends_with("\tĐã ký"), "{out}");

    let o = quay(&db, &["dossier", "status", &code, "--set", "returned"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(shown_status(&db, &code), 10);
}

#[test]
fn list_filters_and_prints_json_or_tab_separated_lines() {
    let (_dir, db) = temp_db();
    configure(&db);
    let a = add(&db, "Nguyễn Thị Hường", "1.000894", Channel::Direct, 1);
    let b = add(&db, "Trần Văn Bình", "2.000815", Channel::Online, 2);

    let list = |args: &[&str]| {
        let mut all = vec!["dossier", "list"];
        all.extend_from_slice(args);
        let o = quay(&db, &all);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(list(&[]), [a.as_str(), b.as_str()]);
    assert_eq!(list(&["--search", "binh"]), [b.as_str()]);
    assert_eq!(list(&["--search", "Hường"]), [a.as_str()]);
    assert_eq!(list(&["--channel", "online"]), [b.as_str()]);
    assert_eq!(list(&["--field", "Hộ tịch"]), [a.as_str()]);
    assert_eq!(list(&["--limit", "1"]), [a.as_str()]);
    assert_eq!(list(&["--sort", "due-desc"]), [b.as_str(), a.as_str()]);
    assert_eq!(list(&["--sort", "received"]), [b.as_str(), a.as_str()]);
    assert_eq!(list(&["--sort", "received-asc"]), [a.as_str(), b.as_str()]);
    assert_eq!(list(&["--sort", "code", "--limit", "1"]).len(), 1);
    assert_eq!(list(&["--overdue"]), [a.as_str(), b.as_str()]);
    assert_eq!(
        list(&["--due-within", "3"]),
        Vec::<String>::new(),
        "both are overdue"
    );

    let o = quay(
        &db,
        &[
            "dossier",
            "status",
            &a,
            "--set",
            "4",
            "--at",
            "2025-12-01T10:00",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(list(&["--status", "processing"]), [a.as_str()]);
    assert_eq!(list(&["--status", "2"]), [b.as_str()]);
    let o = quay(
        &db,
        &[
            "dossier",
            "status",
            &a,
            "--set",
            "9",
            "--at",
            "2025-12-01T11:00",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        list(&["--overdue"]),
        [b.as_str()],
        "a resolved dossier is not overdue"
    );

    // The plain form: one tab-separated line of seven columns per dossier.
    let o = quay(&db, &["dossier", "list", "--search", "binh"]);
    let line = stdout(&o);
    let cols: Vec<&str> = line.trim_end().split('\t').collect();
    assert_eq!(
        cols,
        [
            b.as_str(),
            "received",
            "2025-12-02T09:00",
            "2025-12-02T17:00",
            "Chứng thực",
            "Trần Văn Bình",
            cols[6],
        ]
    );
    assert!(cols[6].starts_with("Chứng thực bản sao"), "{line}");

    let o = quay(&db, &["dossier", "list", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["code"], a.as_str());
    assert_eq!(rows[0]["status"], "resolved");
    assert_eq!(rows[0]["applicant_name"], "Nguyễn Thị Hường");
    assert_eq!(rows[0]["field"], "Hộ tịch");
    assert_eq!(rows[0]["received_at"], "2025-12-01T09:00:00");
    assert_eq!(rows[0]["due_at"], "2025-12-01T17:00:00");
    assert_eq!(
        rows[1]["procedure_name"]
            .as_str()
            .map(|s| s.starts_with("Chứng thực")),
        Some(true)
    );

    // Bad filters are refused with a sentence, exit 1.
    for (args, message) in [
        (["--status", "done"], "unknown status"),
        (["--channel", "fax"], "unknown channel \"fax\""),
    ] {
        let mut all = vec!["dossier", "list"];
        all.extend_from_slice(&args);
        let o = quay(&db, &all);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains(message), "{}", stderr(&o));
    }
    let o = quay(&db, &["dossier", "list", "--due-today", "--overdue"]);
    assert!(!o.status.success(), "the due filters exclude each other");
}
