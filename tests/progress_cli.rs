//! `quay dossier supplement|supplied|apology|transfer|transfer-back|payment|paid|return`,
//! run as real processes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::NaiveDate;
use common::{good_draft, quay, quay_stdin, stderr, stdout, temp_db};

/// A three-working-day dossier received Mon 02/03/2026 08:00 (due Thu 05/03
/// 08:00), moved to processing at 09:00.
fn processing(db: &std::path::Path) -> String {
    let mut draft = good_draft();
    draft.procedure_code = "1.001022".into();
    draft.received_at = Some(
        NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap(),
    );
    let json = serde_json::to_string(&draft).unwrap();
    let o = quay_stdin(db, &["dossier", "add", "--json", "-"], Some(&json));
    assert!(o.status.success(), "{}", stderr(&o));
    let code = stdout(&o).trim().to_string();
    ok(
        db,
        &[
            "dossier",
            "status",
            &code,
            "--set",
            "4",
            "--at",
            "2026-03-02T09:00",
        ],
    );
    code
}

fn ok(db: &std::path::Path, args: &[&str]) -> String {
    let o = quay(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn fails(db: &std::path::Path, args: &[&str]) -> String {
    let o = quay(db, args);
    assert!(!o.status.success(), "{args:?} should fail");
    stderr(&o)
}

#[test]
fn supplement_pauses_and_the_papers_move_the_due_time() {
    let (_dir, db) = temp_db();
    let code = processing(&db);
    let args = ["dossier", "supplement", &code, "--at", "2026-03-03T10:00"];
    assert!(fails(&db, &args).contains("missing paper"));
    ok(
        &db,
        &[
            "dossier",
            "supplement",
            &code,
            "--item",
            "Bản sao giấy khai sinh",
            "--item",
            "Ảnh 4x6",
            "--reason",
            "Thiếu giấy tờ",
            "--at",
            "2026-03-03T10:00",
        ],
    );
    let out = ok(
        &db,
        &["dossier", "supplied", &code, "--at", "2026-03-09T14:00"],
    );
    assert!(out.contains("now due 2026-03-11T10:00"), "{out}");
}

#[test]
fn apology_transfer_payment_and_return() {
    let (_dir, db) = temp_db();
    let code = processing(&db);
    ok(
        &db,
        &[
            "dossier",
            "apology",
            &code,
            "--reason",
            "Chờ xác minh",
            "--new-date",
            "2026-03-10T16:00",
            "--at",
            "2026-03-04T08:00",
        ],
    );
    let again = fails(
        &db,
        &[
            "dossier",
            "apology",
            &code,
            "--reason",
            "x",
            "--new-date",
            "2026-03-12T16:00",
            "--at",
            "2026-03-04T09:00",
        ],
    );
    assert!(again.contains("only one"), "{again}");
    ok(
        &db,
        &[
            "dossier",
            "transfer",
            &code,
            "--to",
            "Chi cục Thuế",
            "--at",
            "2026-03-04T10:00",
        ],
    );
    assert!(
        fails(
            &db,
            &[
                "dossier",
                "status",
                &code,
                "--set",
                "9",
                "--at",
                "2026-03-04T11:00"
            ]
        )
        .contains("Chi cục Thuế")
    );
    ok(
        &db,
        &[
            "dossier",
            "transfer-back",
            &code,
            "--at",
            "2026-03-05T10:00",
        ],
    );
    ok(
        &db,
        &[
            "dossier",
            "payment",
            &code,
            "--description",
            "Lệ phí",
            "--amount",
            "50.000",
            "--at",
            "2026-03-05T11:00",
        ],
    );
    ok(
        &db,
        &[
            "dossier",
            "paid",
            &code,
            "--receipt",
            "BL-1",
            "--at",
            "2026-03-06T08:00",
        ],
    );
    ok(
        &db,
        &[
            "dossier",
            "status",
            &code,
            "--set",
            "resolved",
            "--at",
            "2026-03-06T09:00",
        ],
    );
    assert!(
        fails(
            &db,
            &[
                "dossier",
                "return",
                &code,
                "--method",
                "post",
                "--at",
                "2026-03-06T10:00",
            ]
        )
        .contains("tracking")
    );
    ok(
        &db,
        &[
            "dossier",
            "return",
            &code,
            "--method",
            "post",
            "--tracking",
            "EB1VN",
            "--at",
            "2026-03-06T10:00",
        ],
    );
    let history = ok(&db, &["dossier", "status", &code]);
    assert!(
        history.starts_with(&format!("{code}: 10 (returned)")),
        "{history}"
    );
    assert!(history.contains("EB1VN"), "{history}");
}
