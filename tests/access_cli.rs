//! Staff accounts on the command line, run as real processes: the first
//! administrator, `--user` with the password from QUAY_PASSWORD or standard
//! input, an officer refused what only an administrator may do, wrong
//! passwords counted, and the lock.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::path::Path;
use std::process::Output;

use common::{good_draft, quay, quay_env, stderr, stdout, temp_db};

const ADMIN_PW: &str = "quản trị 2026";
const OFFICER_PW: &str = "mật khẩu 1";

/// `quay --user USER` with `password` in QUAY_PASSWORD (and `extra` env).
fn as_user(db: &Path, user: &str, password: &str, args: &[&str]) -> Output {
    let mut all = vec!["--user", user];
    all.extend_from_slice(args);
    quay_env(db, &all, None, &[("QUAY_PASSWORD", password)])
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    stdout(o)
}

/// Refused: exit status 1 and the reason on standard error.
fn refused(o: &Output, why: &str) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    assert!(stderr(o).contains(why), "expected {why:?} in {}", stderr(o));
}

/// A database with the administrator `quantri` and the officer `an.tv`.
fn two_accounts() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = temp_db();
    // The first account must be an administrator.
    let o = quay_env(
        &db,
        &[
            "staff",
            "add",
            "--username",
            "an.tv",
            "--name",
            "Trần Văn An",
            "--role",
            "officer",
        ],
        None,
        &[("QUAY_PASSWORD", OFFICER_PW)],
    );
    refused(&o, "must be an administrator");
    let o = quay_env(
        &db,
        &[
            "staff",
            "add",
            "--username",
            "quantri",
            "--name",
            "Quản Trị",
            "--role",
            "admin",
        ],
        None,
        &[("QUAY_PASSWORD", ADMIN_PW)],
    );
    assert_eq!(ok(&o), "Quản Trị (quantri)\tadmin\n");
    let o = quay_env(
        &db,
        &[
            "--user",
            "quantri",
            "staff",
            "add",
            "--username",
            "an.tv",
            "--name",
            "Trần Văn An",
            "--role",
            "officer",
        ],
        None,
        &[
            ("QUAY_PASSWORD", ADMIN_PW),
            ("QUAY_NEW_PASSWORD", OFFICER_PW),
        ],
    );
    assert_eq!(ok(&o), "Trần Văn An (an.tv)\tofficer\n");
    let o = as_user(
        &db,
        "quantri",
        ADMIN_PW,
        &[
            "settings",
            "set",
            "--agency-id",
            "000.00.12.H56",
            "--counter",
            "3",
        ],
    );
    ok(&o);
    (dir, db)
}

/// A dossier received on Fri 20/11/2026, as JSON for `dossier add`.
fn draft_json() -> String {
    let mut draft = good_draft();
    draft.received_at = Some(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(9, 15, 0)
            .unwrap(),
    );
    serde_json::to_string(&draft).unwrap()
}

fn failed_logins(db: &Path, user: &str) -> u64 {
    let list: serde_json::Value = serde_json::from_str(&ok(&as_user(
        db,
        "quantri",
        ADMIN_PW,
        &["staff", "list", "--json"],
    )))
    .unwrap();
    list.as_array()
        .unwrap()
        .iter()
        .find(|s| s["username"] == user)
        .unwrap()["failed_logins"]
        .as_u64()
        .unwrap()
}

#[test]
fn once_accounts_exist_commands_need_a_user() {
    let (_dir, db) = two_accounts();
    refused(&quay(&db, &["settings", "show"]), "give --user NAME");
    refused(&quay(&db, &["dossier", "list"]), "give --user NAME");
    // Public facts still need nobody.
    assert_eq!(
        ok(&quay(&db, &["catalog", "list", "--search", "1.000894"]))
            .lines()
            .count(),
        1
    );
    ok(&quay(&db, &["station"]));
    // The password on standard input, one line, when there is no terminal.
    let o = quay_env(
        &db,
        &["--user", "an.tv", "settings", "show"],
        Some("mật khẩu 1\n"),
        &[],
    );
    assert!(ok(&o).contains("counter_no"));
    // …and the rest of standard input is the command's own.
    let json = draft_json();
    let o = quay_env(
        &db,
        &["--user", "an.tv", "dossier", "add", "--json", "-"],
        Some(&format!("{OFFICER_PW}\n{json}")),
        &[("QUAY_USER", "ignored-because-of---user")],
    );
    let code = ok(&o).trim().to_string();
    let o = as_user(
        &db,
        "an.tv",
        OFFICER_PW,
        &["dossier", "show", &code, "--json"],
    );
    let shown: serde_json::Value = serde_json::from_str(&ok(&o)).unwrap();
    assert_eq!(shown["received_by"], "an.tv");
    assert_eq!(shown["officer_name"], "Trần Văn An");
    // QUAY_USER alone names the user.
    let o = quay_env(
        &db,
        &["dossier", "list"],
        None,
        &[("QUAY_USER", "an.tv"), ("QUAY_PASSWORD", OFFICER_PW)],
    );
    assert!(ok(&o).contains(&code));
}

#[test]
fn an_officer_is_refused_what_only_an_administrator_may_do() {
    let (dir, db) = two_accounts();
    let catalog = dir.path().join("catalog.csv");
    let mut lines: Vec<&str> = quay::BUNDLED_CATALOG.lines().collect();
    lines.pop();
    std::fs::write(&catalog, lines.join("\n")).unwrap();
    let catalog = catalog.to_str().unwrap();
    let out = dir.path().join("bundle.quaybundle");
    let out = out.to_str().unwrap();
    let json = draft_json();
    let o = quay_env(
        &db,
        &["--user", "an.tv", "dossier", "add", "--json", "-"],
        Some(&json),
        &[("QUAY_PASSWORD", OFFICER_PW)],
    );
    ok(&o);
    let before = ok(&as_user(&db, "quantri", ADMIN_PW, &["settings", "show"]));

    let officer = |args: &[&str]| as_user(&db, "an.tv", OFFICER_PW, args);
    refused(
        &officer(&["catalog", "import", catalog]),
        "may not import the catalog",
    );
    refused(
        &officer(&["settings", "set", "--counter", "5"]),
        "may not change settings",
    );
    refused(
        &officer(&["bundle", "export", "--out", out]),
        "may not export bundles",
    );
    let o = quay_env(
        &db,
        &[
            "--user",
            "an.tv",
            "staff",
            "add",
            "--username",
            "moi",
            "--name",
            "Người Mới",
            "--role",
            "admin",
        ],
        None,
        &[
            ("QUAY_PASSWORD", OFFICER_PW),
            ("QUAY_NEW_PASSWORD", "mật khẩu 2"),
        ],
    );
    refused(&o, "may not manage staff accounts");
    refused(
        &officer(&[
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "json",
        ]),
        "may not view and export reports",
    );
    // Nothing changed.
    assert_eq!(
        ok(&as_user(&db, "quantri", ADMIN_PW, &["settings", "show"])),
        before
    );
    assert!(!Path::new(out).exists());
    assert_eq!(
        ok(&as_user(&db, "quantri", ADMIN_PW, &["staff", "list"]))
            .lines()
            .count(),
        2
    );
    assert_eq!(ok(&quay(&db, &["catalog", "list"])).lines().count(), 80);

    // The administrator may.
    let admin = |args: &[&str]| as_user(&db, "quantri", ADMIN_PW, args);
    assert!(ok(&admin(&["catalog", "import", catalog])).contains("1 removed"));
    ok(&admin(&["settings", "set", "--counter", "5"]));
    assert!(ok(&admin(&["settings", "show"])).contains("\"counter_no\": 5"));
    ok(&admin(&["bundle", "export", "--out", out]));
    assert!(Path::new(out).exists());
    let o = quay_env(
        &db,
        &[
            "--user",
            "quantri",
            "staff",
            "add",
            "--username",
            "moi",
            "--name",
            "Người Mới",
            "--role",
            "lead",
            "--pin",
        ],
        None,
        &[("QUAY_PASSWORD", ADMIN_PW), ("QUAY_NEW_PASSWORD", "246810")],
    );
    assert_eq!(ok(&o), "Người Mới (moi)\tlead\n");
    ok(&as_user(
        &db,
        "moi",
        "246810",
        &[
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "json",
        ],
    ));
    let list = ok(&admin(&["staff", "list"]));
    assert!(list.contains("moi\tlead\tactive\tpin\tNgười Mới"), "{list}");
}

#[test]
fn a_wrong_password_is_refused_and_counted() {
    let (_dir, db) = two_accounts();
    let o = as_user(&db, "an.tv", "sai rồi", &["dossier", "list"]);
    refused(&o, "unknown username or wrong password");
    assert_eq!(failed_logins(&db, "an.tv"), 1);
    // An unknown user gets the same answer.
    refused(
        &as_user(&db, "nobody", "sai rồi", &["dossier", "list"]),
        "unknown username or wrong password",
    );
    // No password at all (no variable, no terminal, nothing on standard input).
    let o = quay_env(&db, &["--user", "an.tv", "dossier", "list"], None, &[]);
    refused(&o, "no password");
    // A success forgets the failures.
    ok(&as_user(&db, "an.tv", OFFICER_PW, &["dossier", "list"]));
    assert_eq!(failed_logins(&db, "an.tv"), 0);
}

#[test]
fn five_failures_lock_the_account_until_an_administrator_resets_it() {
    let (_dir, db) = two_accounts();
    for _ in 0..4 {
        refused(
            &as_user(&db, "an.tv", "sai rồi", &["dossier", "list"]),
            "wrong password",
        );
    }
    refused(
        &as_user(&db, "an.tv", "sai rồi", &["dossier", "list"]),
        "locked until",
    );
    // Even the right password waits now.
    refused(
        &as_user(&db, "an.tv", OFFICER_PW, &["dossier", "list"]),
        "locked until",
    );
    let list = ok(&as_user(&db, "quantri", ADMIN_PW, &["staff", "list"]));
    assert!(list.contains("an.tv\tofficer\tlocked until"), "{list}");

    // The officer cannot reset their own while locked; the administrator can.
    let o = quay_env(
        &db,
        &["--user", "quantri", "staff", "password", "an.tv"],
        None,
        &[
            ("QUAY_PASSWORD", ADMIN_PW),
            ("QUAY_NEW_PASSWORD", "mật khẩu mới"),
        ],
    );
    ok(&o);
    refused(
        &as_user(&db, "an.tv", OFFICER_PW, &["dossier", "list"]),
        "wrong password",
    );
    ok(&as_user(&db, "an.tv", "mật khẩu mới", &["dossier", "list"]));

    // Changing one's own: the login proves the old one.
    let o = quay_env(
        &db,
        &["--user", "an.tv", "staff", "password", "an.tv", "--pin"],
        None,
        &[
            ("QUAY_PASSWORD", "mật khẩu mới"),
            ("QUAY_NEW_PASSWORD", "135790"),
        ],
    );
    ok(&o);
    ok(&as_user(&db, "an.tv", "135790", &["dossier", "list"]));
    // …but not someone else's.
    let o = quay_env(
        &db,
        &["--user", "an.tv", "staff", "password", "quantri"],
        None,
        &[
            ("QUAY_PASSWORD", "135790"),
            ("QUAY_NEW_PASSWORD", "chiếm quyền 1"),
        ],
    );
    refused(&o, "may not manage staff accounts");

    // Disabled by the administrator: refused even with the right PIN.
    ok(&as_user(
        &db,
        "quantri",
        ADMIN_PW,
        &["staff", "set", "an.tv", "--active", "false"],
    ));
    refused(
        &as_user(&db, "an.tv", "135790", &["dossier", "list"]),
        "disabled",
    );
    // The last administrator stays one.
    refused(
        &as_user(
            &db,
            "quantri",
            ADMIN_PW,
            &["staff", "set", "quantri", "--role", "officer"],
        ),
        "last active administrator",
    );
}

#[test]
fn without_accounts_the_command_line_runs_as_before() {
    let (_dir, db) = temp_db();
    ok(&quay(&db, &["settings", "set", "--counter", "3"]));
    let o = as_user(&db, "someone", "whatever", &["settings", "show"]);
    assert!(ok(&o).contains("\"counter_no\": 3"));
    assert!(
        stderr(&o).contains("no staff account exists yet"),
        "{}",
        stderr(&o)
    );
}
