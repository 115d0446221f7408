//! `quay dossier correct` and `quay dossier cancel` as processes: a correction
//! with a reason, the fields that are never corrected refused with why, a
//! cancellation once, and an officer's account refused.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{good_draft, quay, stderr, stdout, temp_db};
use quay::store::{Actor, Store};

fn received(db: &Path) -> String {
    let mut store = Store::open(db).unwrap();
    quay::intake::receive(
        &mut store,
        &good_draft(),
        &Actor::system("quầy 1"),
        quay::store::now_local(),
    )
    .unwrap()
    .code
}

/// `quay` with extra environment variables (logins).
fn quay_env(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quay"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("QUAY_DB")
        .env_remove("QUAY_USER")
        .env_remove("QUAY_PASSWORD")
        .env_remove("QUAY_NEW_PASSWORD")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

#[test]
fn correct_then_cancel_from_the_command_line() {
    let (_dir, db) = temp_db();
    let code = received(&db);

    let out = quay(
        &db,
        &[
            "dossier",
            "correct",
            &code,
            "--name",
            "Nguyễn Thị Hương",
            "--phone",
            "0912345678",
            "--reason",
            "Gõ nhầm dấu",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!("{code}: name corrected: \"Nguyễn Thị Hường\" -> \"Nguyễn Thị Hương\"\n")
    );

    // A reason is required by the parser and by the store.
    let out = quay(&db, &["dossier", "correct", &code, "--name", "Lê Văn C"]);
    assert!(!out.status.success());
    let out = quay(
        &db,
        &[
            "dossier",
            "correct",
            &code,
            "--name",
            "Lê Văn C",
            "--reason",
            " ",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("a reason is required"),
        "{}",
        stderr(&out)
    );
    // Never corrected, and said why.
    let out = quay(
        &db,
        &[
            "dossier",
            "correct",
            &code,
            "--procedure",
            "1.001193",
            "--reason",
            "Nhầm",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the procedure is never corrected"),
        "{}",
        stderr(&out)
    );
    let out = quay(
        &db,
        &[
            "dossier", "correct", &code, "--cccd", "12345", "--reason", "Nhầm",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("id_number"), "{}", stderr(&out));

    let out = quay(&db, &["dossier", "cancel", &code, "--reason", "Nộp trùng"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), format!("{code}: cancelled\n"));
    let out = quay(&db, &["dossier", "cancel", &code, "--reason", "Lần nữa"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("already cancelled"),
        "{}",
        stderr(&out)
    );
    let out = quay(&db, &["dossier", "status", &code, "--set", "processing"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is cancelled (Nộp trùng)"),
        "{}",
        stderr(&out)
    );

    let out = quay(&db, &["dossier", "list"]);
    assert!(
        stdout(&out).starts_with(&format!("{code}\tcancelled\t")),
        "{}",
        stdout(&out)
    );

    let store = Store::open(&db).unwrap();
    assert_eq!(store.corrections(&code).unwrap().len(), 2);
}

#[test]
fn an_officer_account_may_not_correct() {
    let (_dir, db) = temp_db();
    let code = received(&db);
    let admin = [("QUAY_PASSWORD", "mat-khau-quan-tri")];
    let out = quay_env(
        &db,
        &[
            "staff",
            "add",
            "--username",
            "admin",
            "--name",
            "Quản Trị",
            "--role",
            "admin",
        ],
        &admin,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = quay_env(
        &db,
        &[
            "--user",
            "admin",
            "staff",
            "add",
            "--username",
            "an.tv",
            "--name",
            "Trần Văn An",
            "--role",
            "officer",
        ],
        &[
            ("QUAY_PASSWORD", "mat-khau-quan-tri"),
            ("QUAY_NEW_PASSWORD", "mat-khau-can-bo"),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let officer = [("QUAY_PASSWORD", "mat-khau-can-bo")];
    for args in [
        vec![
            "--user",
            "an.tv",
            "dossier",
            "correct",
            &code,
            "--name",
            "Lê Văn C",
            "--reason",
            "Nhầm",
        ],
        vec![
            "--user", "an.tv", "dossier", "cancel", &code, "--reason", "Trùng",
        ],
    ] {
        let out = quay_env(&db, &args, &officer);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains("may not correct or cancel saved dossiers"),
            "{}",
            stderr(&out)
        );
    }
    let out = quay_env(
        &db,
        &[
            "--user", "admin", "dossier", "cancel", &code, "--reason", "Trùng",
        ],
        &admin,
    );
    assert!(out.status.success(), "{}", stderr(&out));
}
