//! The command line, run as a real process.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use common::{good_draft, quay, quay_stdin, stderr, stdout, temp_db};

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
            "--officer",
            "Lê Văn Tâm",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn catalog_list_searches_without_diacritics() {
    let (_dir, db) = temp_db();
    let o = quay(&db, &["catalog", "list", "--search", "ket hon"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l == "1.000894\tThủ tục đăng ký kết hôn"),
        "{out}"
    );
    assert!(out.lines().all(|l| l.split('\t').count() == 2));
    let all = stdout(&quay(&db, &["catalog", "list"]));
    assert_eq!(all.lines().count(), 80);
    let codes = stdout(&quay(&db, &["catalog", "list", "--search", "1.0011"]));
    assert!(
        !codes.is_empty() && codes.lines().all(|l| l.contains("1.0011")),
        "{codes}"
    );
}

#[test]
fn catalog_import_reports_the_bad_line_and_changes_nothing() {
    let (dir, db) = temp_db();
    let header = quay::BUNDLED_CATALOG.lines().next().unwrap();
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        format!(
            "{header}\n9.000001,A,B,C,3,FALSE,0,,x,s,,,,,\n9.000002,A,B,C,3,MAYBE,0,,x,s,,,,,\n"
        ),
    )
    .unwrap();
    let o = quay(&db, &["catalog", "import", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("line 3"), "{}", stderr(&o));
    assert_eq!(stdout(&quay(&db, &["catalog", "list"])).lines().count(), 80);

    let good = dir.path().join("good.csv");
    std::fs::write(&good, quay::BUNDLED_CATALOG).unwrap();
    let o = quay(&db, &["catalog", "import", good.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("0 added, 0 updated, 80 unchanged, 0 removed"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn calendar_import_and_due_dates() {
    let (dir, db) = temp_db();
    let due = |proc: &str, at: &str| {
        stdout(&quay(
            &db,
            &["due-date", "--procedure", proc, "--received", at],
        ))
    };
    // Same-day procedure received after 15:00 on the last working day before Tết 2026.
    assert_eq!(
        due("1.001193", "2026-02-13T15:30").trim(),
        "2026-02-23T17:00"
    );
    // 3 working days from Friday 24/04/2026 10:00: Mon 27/04 is the Giỗ Tổ compensatory day,
    // so Tue 28, Wed 29, then Thu 30/04 and Fri 01/05 are holidays → Mon 04/05.
    assert_eq!(
        due("1.004859", "2026-04-24T10:00").trim(),
        "2026-05-04T10:00"
    );

    let file = dir.path().join("cal.csv");
    std::fs::write(
        &file,
        "date,type,day_off_public_servants\n2026-02-23,swap_day_off,TRUE\n",
    )
    .unwrap();
    let o = quay(&db, &["calendar", "import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        due("1.001193", "2026-02-13T15:30").trim(),
        "2026-02-16T17:00",
        "Tết rows replaced"
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "date,type,day_off_public_servants\n2026-02-23,swap_day_off,TRUE\n2026-02-30,swap_day_off,TRUE\n").unwrap();
    let o = quay(&db, &["calendar", "import", bad.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("line 3"), "{}", stderr(&o));

    let o = quay(
        &db,
        &[
            "due-date",
            "--procedure",
            "1.001193",
            "--received",
            "13/02/2026",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("YYYY-MM-DDTHH:MM"));
    let o = quay(
        &db,
        &[
            "due-date",
            "--procedure",
            "9.999999",
            "--received",
            "2026-02-13T08:00",
        ],
    );
    assert!(!o.status.success());
}

#[test]
fn dossier_add_show_and_slip() {
    let (dir, db) = temp_db();
    configure(&db);
    let mut draft = good_draft();
    draft.received_at = Some(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(9, 15, 0)
            .unwrap(),
    );
    let json = serde_json::to_string(&draft).unwrap();
    let o = quay_stdin(&db, &["dossier", "add", "--json", "-"], Some(&json));
    assert!(o.status.success(), "{}", stderr(&o));
    let code = stdout(&o).trim().to_string();
    assert_eq!(code, "000.00.12.H56-261120-3001");

    let o = quay(&db, &["dossier", "show", &code, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let shown: quay::domain::dossier::Dossier = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(shown.applicant.name, "Nguyễn Thị Hường");
    assert_eq!(shown.officer_name, "Lê Văn Tâm");

    let pdf = dir.path().join("slip.pdf");
    let o = quay(&db, &["slip", &code, "--out", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    assert!(stderr(&o).contains("original"));
    let o = quay(&db, &["slip", &code, "--out", pdf.to_str().unwrap()]);
    assert!(stderr(&o).contains("reprint"));

    let o = quay(
        &db,
        &["dossier", "show", "000.00.12.H56-261120-3999", "--json"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no dossier"));
}

#[test]
fn invalid_dossier_json_exits_non_zero_and_stores_nothing() {
    let (dir, db) = temp_db();
    configure(&db);
    let mut draft = good_draft();
    draft.applicant.id_number = "12345".into();
    let o = quay_stdin(
        &db,
        &["dossier", "add", "--json", "-"],
        Some(&serde_json::to_string(&draft).unwrap()),
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("id_number"), "{}", stderr(&o));

    let o = quay_stdin(&db, &["dossier", "add", "--json", "-"], Some("{ not json"));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("invalid dossier JSON"),
        "{}",
        stderr(&o)
    );

    let o = quay_stdin(
        &db,
        &["dossier", "add", "--json", "-"],
        Some(
            r#"{"procedure_code":"1.000894","applicant":{"name":"A","id_number":"1"},"colour":"red"}"#,
        ),
    );
    assert!(!o.status.success(), "unknown fields are refused");

    let missing = dir.path().join("nope.json");
    let o = quay(
        &db,
        &["dossier", "add", "--json", missing.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot read"));

    let store = quay::store::Store::open(&db).unwrap();
    assert_eq!(store.dossier_count().unwrap(), 0);
}

#[test]
fn settings_refuse_bad_values() {
    let (_dir, db) = temp_db();
    let o = quay(&db, &["settings", "set", "--agency-id", "H56"]);
    assert!(!o.status.success());
    let o = quay(&db, &["settings", "set", "--counter", "12"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("1–9"), "{}", stderr(&o));
}

#[test]
fn form_texts_come_from_settings_and_the_db_can_come_from_the_environment() {
    let (dir, db) = temp_db();
    // QUAY_DB instead of --db.
    let run = |args: &[&str], stdin: Option<&str>| {
        use std::io::Write;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_quay"))
            .args(args)
            .env("QUAY_DB", &db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        if let (Some(mut pipe), Some(input)) = (child.stdin.take(), stdin) {
            pipe.write_all(input.as_bytes()).unwrap();
        }
        child.wait_with_output().unwrap()
    };
    let o = run(
        &[
            "settings",
            "set",
            "--agency-id",
            "000.00.12.H56",
            "--place",
            "Yên Kỳ",
            "--reception-unit",
            "Bộ phận Một cửa",
            "--slip-note",
            "Mang theo CCCD khi nhận kết quả.",
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(db.exists(), "QUAY_DB chose the database");
    let o = run(&["settings", "set", "--reception-unit", "  "], None);
    assert!(!o.status.success(), "a required text cannot be blank");

    let mut draft = good_draft();
    draft.received_at = Some(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
    );
    let o = run(
        &["dossier", "add", "--json", "-"],
        Some(&serde_json::to_string(&draft).unwrap()),
    );
    let code = stdout(&o).trim().to_string();
    let pdf = dir.path().join("s.pdf");
    let o = run(&["slip", &code, "--out", pdf.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Yên Kỳ, ngày 20 tháng 11 năm 2026"), "{text}");
    assert!(text.contains("BỘ PHẬN MỘT CỬA"), "{text}");
    assert!(text.contains("Mang theo CCCD khi nhận kết quả."), "{text}");
}
