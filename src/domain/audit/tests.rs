use super::*;

fn entry(before: Option<&str>, after: Option<&str>) -> AuditEntry {
    AuditEntry {
        id: 7,
        at: "2026-11-25T09:15:42".into(),
        actor: "quầy 1 (Trần Văn A)".into(),
        action: "dossier.status".into(),
        entity_key: "000.00.12.H56-261125-1001".into(),
        before: before.map(Into::into),
        after: after.map(Into::into),
        prev_hash: "0".repeat(64),
        hash: "a".repeat(64),
    }
}

#[test]
fn summaries_name_what_changed() {
    let cases = [
        (
            Some(r#"{"status":2}"#),
            Some(r#"{"status":4,"at":"2026-11-25T09:15:00","note":""}"#),
            "status: 2 → 4; at: 25/11/2026 09:15",
        ),
        (
            None,
            Some(r#"{"form":"slip","target":"printer"}"#),
            "form: slip; target: printer",
        ),
        (
            Some(r#"{"a":1,"b":1,"c":1,"d":1}"#),
            Some(r#"{"a":2,"b":2,"c":2,"d":2}"#),
            "a: 1 → 2; b: 1 → 2; c: 1 → 2; … (+1)",
        ),
        (Some(r#"{"a":1}"#), Some(r#"{"a":1}"#), "không đổi"),
        (Some(r#"{"a":1,"b":2}"#), Some(r#"{"a":1}"#), "b: 2 → ∅"),
        (
            None,
            Some(r#"{"note":"dòng 1\ndòng 2"}"#),
            "note: dòng 1 dòng 2",
        ),
        (Some("not json"), None, "not json → (không còn)"),
        (None, None, ""),
        (
            None,
            Some(
                r#"{"code":"X-1","applicant":{"name":"Nguyễn Thị Hường","phone":"09"},"procedure_name":"Kết hôn","documents":[1]}"#,
            ),
            "applicant.name: Nguyễn Thị Hường; procedure_name: Kết hôn; applicant.phone: 09; … (+1)",
        ),
    ];
    for (before, after, want) in cases {
        assert_eq!(
            change_summary(before, after),
            want,
            "{before:?} → {after:?}"
        );
    }
    let long = format!(r#"{{"name":"{}"}}"#, "x".repeat(60));
    let s = change_summary(None, Some(&long));
    assert_eq!(s.chars().count(), "name: ".len() + VALUE_CHARS);
    assert!(s.ends_with('…'));
}

#[test]
fn known_actions_read_in_vietnamese() {
    assert_eq!(action_label("dossier.receive"), "Tiếp nhận hồ sơ");
    assert_eq!(
        action_label("ticket.print.reprint"),
        "In lại phiếu số thứ tự"
    );
    assert_eq!(action_label("something.new"), "something.new");
    // Every action this build writes has a Vietnamese name and a kind to
    // filter it by.
    let written = [
        "dossier.receive",
        "dossier.status",
        "dossier.apology",
        "dossier.transfer_out",
        "dossier.transfer_back",
        "print.original",
        "print.reprint",
        "ticket.issue",
        "ticket.call",
        "ticket.call_again",
        "ticket.recall",
        "ticket.skip",
        "ticket.transfer",
        "ticket.complete",
        "ticket.complete_on_next_call",
        "ticket.link_dossier",
        "ticket.print.original",
        "ticket.print.reprint",
        "settings.save",
        "settings.queue",
        "settings.sync",
        "catalog.import",
        "calendar.import",
        "sync.resend",
        "sync.dismiss",
        "staff.login",
        "staff.login_failed",
        "staff.create_first",
        "staff.create",
        "staff.update",
        "staff.secret_change",
        "staff.secret_reset",
    ];
    for action in written {
        assert!(action_vi(action).is_some(), "{action} has a name");
        assert!(
            ACTION_KINDS.iter().any(|(p, _)| action.starts_with(p)),
            "{action} has a kind"
        );
    }
}

#[test]
fn times_read_dd_mm_yyyy() {
    let e = entry(None, None);
    assert_eq!(e.time_dmy_hm(), "25/11/2026 09:15");
    assert_eq!(e.time_dmy_hms(), "25/11/2026 09:15:42");
    let bad = AuditEntry {
        at: "hôm qua".into(),
        ..e
    };
    assert_eq!(bad.time_dmy_hm(), "hôm qua");
}

#[test]
fn the_csv_has_a_bom_every_column_and_quotes_json() {
    let mut csv = AuditCsv::new(Vec::new()).unwrap();
    csv.write(&entry(
        Some(r#"{"status":2}"#),
        Some(r#"{"status":4,"note":"a, b"}"#),
    ))
    .unwrap();
    let (bytes, rows) = csv.finish().unwrap();
    assert_eq!(rows, 1);
    let text = String::from_utf8(bytes).unwrap();
    let body = text.strip_prefix('\u{FEFF}').expect("BOM first");
    let lines: Vec<&str> = body.split("\r\n").collect();
    assert_eq!(lines[0], CSV_HEADER.join(","));
    assert_eq!(
        lines[1],
        format!(
            "7,25/11/2026 09:15:42,quầy 1 (Trần Văn A),dossier.status,Đổi trạng thái hồ sơ,\
             000.00.12.H56-261125-1001,\"{{\"\"status\"\":2}}\",\
             \"{{\"\"status\"\":4,\"\"note\"\":\"\"a, b\"\"}}\",{},{}",
            "0".repeat(64),
            "a".repeat(64)
        )
    );
    assert_eq!(lines[2], "");
}

#[test]
fn pretty_json_lays_out_or_keeps_the_text() {
    assert_eq!(pretty_json(r#"{"a":1}"#), "{\n  \"a\": 1\n}");
    assert_eq!(pretty_json("not json"), "not json");
}
