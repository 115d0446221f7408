//! Hostile command lines (issue 7, "bad input"): the `quay` binary as a
//! process, fed bad JSON, bad codes, statuses and dates, files that are not
//! what they claim (binary, empty, a directory, a FIFO, /dev/zero, missing),
//! bad bundles, bad settings and passwords. Every row must exit with status
//! 1, print exactly one line `error: …` in English on standard error (no
//! panic, no backtrace, nothing on standard output), and leave what was
//! already saved exactly as it was (every table of the database hashed
//! before and after).
//!
//! The last tests run `quay bundle verify` under a memory limit: a header
//! or a manifest claiming gigabytes is refused without reserving them.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;
mod fuzzing;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::good_draft;

/// One refusal: the arguments (after `--db`), standard input, and a piece
/// of the one error line.
struct Case {
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    env: Vec<(&'static str, String)>,
    says: String,
}

fn case(args: &[&str], says: &str) -> Case {
    Case {
        args: args.iter().map(|s| s.to_string()).collect(),
        stdin: None,
        env: Vec::new(),
        says: says.to_string(),
    }
}

fn with_stdin(args: &[&str], stdin: impl Into<Vec<u8>>, says: &str) -> Case {
    Case {
        stdin: Some(stdin.into()),
        ..case(args, says)
    }
}

fn with_env(args: &[&str], env: &[(&'static str, &str)], says: &str) -> Case {
    Case {
        env: env.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        ..case(args, says)
    }
}

fn quay_raw(db: &Path, c: &Case) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quay"));
    cmd.arg("--db").arg(db).args(&c.args);
    for var in [
        "QUAY_DB",
        "QUAY_USER",
        "QUAY_PASSWORD",
        "QUAY_NEW_PASSWORD",
        "RUST_LOG",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("RUST_BACKTRACE", "1");
    for (k, v) in &c.env {
        cmd.env(k, v);
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn quay");
    let stdin = child.stdin.take().unwrap();
    let input = c.stdin.clone();
    // A refusal may come before the input is read: a broken pipe is fine.
    let writer = std::thread::spawn(move || {
        let mut stdin = stdin;
        if let Some(bytes) = input {
            let _ = stdin.write_all(&bytes);
        }
    });
    let out = child.wait_with_output().expect("quay output");
    writer.join().unwrap();
    out
}

/// Checks the refusal of one row; returns the error line.
fn refused(db: &Path, c: &Case) -> String {
    let label = c
        .args
        .iter()
        .map(|a| short(a))
        .collect::<Vec<_>>()
        .join(" ");
    let before = fuzzing::fingerprint(db);
    let out = quay_raw(db, c);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{label}: {stderr}{stdout}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{label}: not one line:\n{stderr}");
    let line = lines[0];
    assert!(line.starts_with("error: "), "{label}: {line}");
    for bad in [
        "panicked",
        "backtrace",
        "RUST_BACKTRACE",
        "memory allocation",
    ] {
        assert!(!stderr.contains(bad), "{label}: {stderr}");
    }
    assert!(
        line.len() < 1_000,
        "{label}: a line of {} bytes",
        line.len()
    );
    assert!(
        line.contains(&c.says),
        "{label}: {line:?} does not say {:?}",
        c.says
    );
    assert!(stdout.is_empty(), "{label}: printed {stdout:?}");
    assert_eq!(
        fuzzing::fingerprint(db),
        before,
        "{label}: the database changed"
    );
    eprintln!("{label}\n    {}", short_line(line));
    line.to_string()
}

fn short_line(s: &str) -> String {
    if s.chars().count() > 200 {
        format!("{}…", s.chars().take(200).collect::<String>())
    } else {
        s.to_string()
    }
}

fn short(s: &str) -> String {
    if s.chars().count() > 40 {
        format!(
            "{}…({} bytes)",
            s.chars().take(40).collect::<String>(),
            s.len()
        )
    } else {
        s.to_string()
    }
}

/// A configured counter with one dossier and one ticket, and files to
/// throw at it.
struct Counter {
    dir: tempfile::TempDir,
    db: PathBuf,
    code: String,
    ticket: String,
}

impl Counter {
    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }

    fn write(&self, name: &str, bytes: &[u8]) -> String {
        std::fs::write(self.dir.path().join(name), bytes).unwrap();
        self.path(name)
    }
}

fn ok(db: &Path, args: &[&str], stdin: Option<&str>) -> String {
    let o = common::quay_stdin(db, args, stdin);
    assert!(o.status.success(), "{args:?}: {}", common::stderr(&o));
    common::stdout(&o).trim().to_string()
}

fn counter() -> Counter {
    let (dir, db) = common::temp_db();
    ok(
        &db,
        &[
            "settings",
            "set",
            "--agency-id",
            "000.00.12.H56",
            "--counter",
            "3",
        ],
        None,
    );
    let mut draft = good_draft();
    draft.received_at = Some(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(9, 15, 0)
            .unwrap(),
    );
    let json = serde_json::to_string(&draft).unwrap();
    let code = ok(&db, &["dossier", "add", "--json", "-"], Some(&json));
    let ticket = ok(&db, &["ticket", "issue", "--area", "A"], None);
    // The station's key is made once, on first use: a real counter has it.
    ok(&db, &["station"], None);
    Counter {
        dir,
        db,
        code,
        ticket,
    }
}

/// Some random-looking bytes (not UTF-8, not a bundle).
fn noise(n: usize) -> Vec<u8> {
    let mut x: u32 = 0x9E37_79B9;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8 | 0x80
        })
        .collect()
}

/// A draft as JSON with one member replaced by `value` (raw JSON text).
fn draft_with(member: &str, value: &str) -> String {
    let mut v = serde_json::to_value(good_draft()).unwrap();
    v[member] = serde_json::from_str(value).unwrap();
    serde_json::to_string(&v).unwrap()
}

fn applicant_with(member: &str, value: &str) -> String {
    let mut v = serde_json::to_value(good_draft()).unwrap();
    v["applicant"][member] = serde_json::from_str(value).unwrap();
    serde_json::to_string(&v).unwrap()
}

#[test]
fn dossier_add_refuses_hostile_json() {
    let c = counter();
    let add = ["dossier", "add", "--json", "-"];
    let bad = "invalid dossier JSON";
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge_name = applicant_with("name", &format!("\"{}\"", "a".repeat(10 * 1024 * 1024)));
    let mut not_utf8 = serde_json::to_vec(&good_draft()).unwrap();
    not_utf8.splice(20..20, [0xC3, 0x28]);
    let rows = vec![
        with_stdin(&add, "", bad),
        with_stdin(&add, "{ not json", bad),
        with_stdin(&add, "null", bad),
        with_stdin(&add, "[]", bad),
        with_stdin(&add, "42", bad),
        with_stdin(&add, "\"1.000894\"", bad),
        with_stdin(&add, nested, bad),
        with_stdin(&add, not_utf8, "standard input is not UTF-8 text"),
        with_stdin(
            &add,
            vec![b' '; 33 * 1024 * 1024],
            "standard input is larger than 32 MiB",
        ),
        with_stdin(&add, huge_name, "name is 10485760 characters long"),
        with_stdin(&add, draft_with("procedure_code", "1"), bad),
        with_stdin(&add, draft_with("sets", "-1"), bad),
        with_stdin(&add, draft_with("sets", "70000"), bad),
        with_stdin(&add, draft_with("sets", "\"1\""), bad),
        with_stdin(&add, draft_with("sets", "0"), "sets must be 1–99"),
        with_stdin(&add, draft_with("fee_vnd", "1e30"), bad),
        with_stdin(&add, draft_with("fee_vnd", "\"free\""), bad),
        with_stdin(&add, draft_with("fee_vnd", "-5"), "fee must be"),
        with_stdin(&add, draft_with("channel", "\"fax\""), bad),
        with_stdin(&add, draft_with("result_delivery", "null"), bad),
        with_stdin(
            &add,
            draft_with("received_at", "\"2026-02-30T10:00:00\""),
            bad,
        ),
        with_stdin(
            &add,
            draft_with("received_at", "\"2026-11-23T24:00:00\""),
            bad,
        ),
        with_stdin(
            &add,
            draft_with("received_at", "\"2026-13-01T25:00:00\""),
            bad,
        ),
        with_stdin(&add, draft_with("received_at", "\"23/11/2026 09:00\""), bad),
        with_stdin(
            &add,
            draft_with("received_at", "\"0000-01-01T08:00:00\""),
            "received_at 0000-01-01 08:00:00 is before 2000",
        ),
        with_stdin(
            &add,
            draft_with("received_at", "\"9999-12-31T23:59:00\""),
            "is in the future",
        ),
        with_stdin(&add, draft_with("documents", "{}"), bad),
        with_stdin(
            &add,
            draft_with("documents", "[{\"name\":\"Tờ khai\",\"count\":-1}]"),
            bad,
        ),
        with_stdin(
            &add,
            draft_with("documents", "[{\"name\":\"Tờ khai\",\"kind\":\"forged\"}]"),
            bad,
        ),
        with_stdin(
            &add,
            draft_with("colour", "\"red\""),
            "unknown field `colour`",
        ),
        with_stdin(
            &add,
            draft_with(
                "attachments",
                r#"[{"file_name":"scan.pdf","sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","size_bytes":0}]"#,
            ),
            "is not in the attachments directory",
        ),
        with_stdin(
            &add,
            draft_with(
                "attachments",
                r#"[{"file_name":"passwd","sha256":"../../../../../../../../../../../../../../../../../../../etc/passwd","size_bytes":1}]"#,
            ),
            "invalid sha256",
        ),
        with_stdin(
            &add,
            applicant_with("name", "\"'; DROP TABLE dossier; --\""),
            "name contains ';'",
        ),
        with_stdin(&add, applicant_with("id_number", "\"%\""), "id_number"),
        with_stdin(&add, applicant_with("phone", "12345"), bad),
        with_stdin(&add, applicant_with("email", "[]"), bad),
        with_stdin(
            &add,
            draft_with("procedure_code", "\"%\""),
            "procedure \"%\" is not in the catalog",
        ),
        with_stdin(
            &add,
            r#"{"procedure_code":"1.000894","procedure_code":"1.000894"}"#,
            bad,
        ),
        case(
            &["dossier", "add", "--json", "/dev/zero"],
            "/dev/zero is larger than 32 MiB",
        ),
        case(&["dossier", "add", "--json", "/dev/null"], bad),
        case(&["dossier", "add", "--json", &c.path("")], "Is a directory"),
        case(
            &["dossier", "add", "--json", &c.path("missing.json")],
            "cannot read",
        ),
        case(
            &[
                "dossier",
                "add",
                "--json",
                &c.write("bin.json", &noise(4096)),
            ],
            "is not UTF-8 text",
        ),
        case(&["dossier", "add"], "--json"),
    ];
    for r in &rows {
        refused(&c.db, r);
    }
}

#[test]
fn dossier_steps_refuse_bad_codes_statuses_and_dates() {
    let c = counter();
    let code = c.code.as_str();
    let rows = vec![
        case(
            &[
                "dossier",
                "status",
                "000.00.12.H56-261120-3999",
                "--set",
                "4",
            ],
            "no dossier with code",
        ),
        case(
            &["dossier", "status", "%", "--set", "4"],
            "no dossier with code %",
        ),
        case(
            &["dossier", "status", "'; DROP TABLE dossier; --"],
            "no dossier with code",
        ),
        case(
            &["dossier", "status", "", "--set", "4"],
            "no dossier with code",
        ),
        case(
            &["dossier", "status", code, "--set", "99"],
            "unknown status \"99\"",
        ),
        case(&["dossier", "status", code, "--set", "0"], "unknown status"),
        case(
            &["dossier", "status", code, "--set", "-1"],
            "unexpected argument '-1'",
        ),
        case(
            &[
                "dossier",
                "status",
                code,
                "--set",
                "'; DROP TABLE dossier; --",
            ],
            "unknown status",
        ),
        case(
            &[
                "dossier",
                "status",
                code,
                "--set",
                "4",
                "--at",
                "2026-13-01T25:00",
            ],
            "invalid time \"2026-13-01T25:00\"",
        ),
        case(
            &[
                "dossier",
                "status",
                code,
                "--set",
                "4",
                "--at",
                "2026-02-30T10:00",
            ],
            "invalid time",
        ),
        case(
            &[
                "dossier",
                "status",
                code,
                "--set",
                "4",
                "--at",
                "2026-11-23T24:00",
            ],
            "invalid time",
        ),
        case(
            &["dossier", "status", code, "--set", "4", "--at", ""],
            "invalid time",
        ),
        case(
            &[
                "dossier",
                "status",
                code,
                "--set",
                "4",
                "--at",
                "0000-01-01T08:00",
            ],
            "its status cannot change earlier",
        ),
        case(&["dossier", "status", code, "--note", "x"], "--set"),
        case(&["dossier", "show", "%"], "no dossier with code %"),
        case(
            &["dossier", "list", "--status", "bogus"],
            "unknown status \"bogus\"",
        ),
        case(
            &["dossier", "list", "--limit", "-5"],
            "unexpected argument '-5'",
        ),
        case(
            &["dossier", "list", "--limit", "abc"],
            "invalid value 'abc' for '--limit",
        ),
        case(
            &["dossier", "list", "--limit", "99999999999999999999999"],
            "invalid value",
        ),
        case(
            &["dossier", "list", "--due-within", "-1"],
            "unexpected argument '-1'",
        ),
        case(&["dossier", "list", "--sort", "sideways"], "sideways"),
        case(&["dossier", "list", "--channel", "fax"], "fax"),
        case(
            &["dossier", "list", "--due-today", "--overdue"],
            "cannot be used with",
        ),
        case(
            &["dossier", "correct", code, "--name", "Nguyễn Văn B"],
            "--reason",
        ),
        case(
            &[
                "dossier",
                "correct",
                code,
                "--name",
                "Nguyễn Văn B",
                "--reason",
                " ",
            ],
            "reason",
        ),
        case(
            &[
                "dossier", "correct", code, "--name", "", "--reason", "sai tên",
            ],
            "name is required",
        ),
        case(
            &[
                "dossier",
                "correct",
                code,
                "--name",
                "'; DROP TABLE dossier; --",
                "--reason",
                "x",
            ],
            "name contains",
        ),
        case(
            &["dossier", "correct", code, "--cccd", "123", "--reason", "x"],
            "12 digits",
        ),
        case(
            &[
                "dossier",
                "correct",
                code,
                "--phone",
                "../../etc/passwd",
                "--reason",
                "x",
            ],
            "phone",
        ),
        case(
            &[
                "dossier", "correct", code, "--email", "a b@c", "--reason", "x",
            ],
            "email",
        ),
        case(
            &[
                "dossier",
                "correct",
                code,
                "--delivery",
                "pigeon",
                "--reason",
                "x",
            ],
            "unknown delivery \"pigeon\"",
        ),
        case(
            &[
                "dossier",
                "correct",
                code,
                "--procedure",
                "1.000656",
                "--reason",
                "x",
            ],
            "procedure",
        ),
        case(
            &[
                "dossier",
                "correct",
                "NOPE",
                "--name",
                "Nguyễn Văn B",
                "--reason",
                "x",
            ],
            "no dossier",
        ),
        case(&["dossier", "cancel", code, "--reason", ""], "reason"),
        case(&["dossier", "refuse", code, "--reason", "x"], "status"),
        case(
            &[
                "dossier",
                "apology",
                code,
                "--reason",
                "x",
                "--new-date",
                "2026-02-30T10:00",
            ],
            "invalid time",
        ),
        case(
            &[
                "dossier",
                "payment",
                code,
                "--description",
                "x",
                "--amount",
                "-1",
            ],
            "unexpected argument '-1'",
        ),
        case(
            &[
                "dossier",
                "payment",
                code,
                "--description",
                "x",
                "--amount",
                "abc",
            ],
            "amount",
        ),
        case(
            &["dossier", "return", code, "--method", "teleport"],
            "teleport",
        ),
        case(
            &[
                "due-date",
                "--procedure",
                "1.001193",
                "--received",
                "2026-02-30T10:00",
            ],
            "invalid time",
        ),
        case(
            &[
                "due-date",
                "--procedure",
                "1.001193",
                "--received",
                "2026-01-01T24:00",
            ],
            "invalid time",
        ),
        case(
            &[
                "due-date",
                "--procedure",
                "%",
                "--received",
                "2026-01-01T10:00",
            ],
            "unknown procedure code %",
        ),
        case(&["slip", "NOPE", "--out", &c.path("s.pdf")], "no dossier"),
        case(
            &["slip", code, "--out", &c.path("no/such/dir/s.pdf")],
            "no/such/dir",
        ),
        case(&["slip", code, "--out", &c.path("")], "cannot write"),
        case(
            &[
                "form",
                "control-sheet",
                code,
                "--out",
                "/nonexistent/dir/x.pdf",
            ],
            "/nonexistent/dir/x.pdf",
        ),
    ];
    for r in &rows {
        refused(&c.db, r);
    }
}

#[test]
fn reports_refuse_bad_periods() {
    let c = counter();
    let rows = vec![
        case(
            &[
                "report",
                "--from",
                "2026-12-01",
                "--to",
                "2026-01-01",
                "--format",
                "json",
            ],
            "--from 2026-12-01 is after --to 2026-01-01",
        ),
        case(
            &[
                "report",
                "--from",
                "2026-02-30",
                "--to",
                "2026-03-01",
                "--format",
                "json",
            ],
            "invalid date \"2026-02-30\"",
        ),
        case(
            &[
                "report",
                "--from",
                "2026-1-5",
                "--to",
                "2026-03-01",
                "--format",
                "json",
            ],
            "invalid date",
        ),
        case(
            &[
                "report",
                "--from",
                "",
                "--to",
                "2026-03-01",
                "--format",
                "json",
            ],
            "invalid date",
        ),
        case(
            &[
                "report",
                "--from",
                "2026-01-01",
                "--to",
                "+99999-01-01",
                "--format",
                "json",
            ],
            "invalid date",
        ),
        case(
            &[
                "report",
                "--from",
                "2026-01-01",
                "--to",
                "2026-03-01",
                "--format",
                "xml",
            ],
            "xml",
        ),
        case(
            &[
                "report",
                "--from",
                "2026-01-01",
                "--to",
                "2026-03-01",
                "--format",
                "pdf",
            ],
            "--out",
        ),
        case(
            &[
                "report",
                "--from",
                "2026-01-01",
                "--to",
                "2026-03-01",
                "--format",
                "csv",
                "--out",
                "/nonexistent/dir/r.csv",
            ],
            "/nonexistent/dir/r.csv",
        ),
        case(
            &[
                "register",
                "--from",
                "2026-12-01",
                "--to",
                "2026-01-01",
                "--out",
                &c.path("r.pdf"),
            ],
            "after",
        ),
        case(
            &[
                "register",
                "--from",
                "2026-01-01",
                "--to",
                "2026-03-01",
                "--out",
                &c.path("r.doc"),
            ],
            ".doc",
        ),
        case(&["audit", "list", "--from", "2026-13-01"], "2026-13-01"),
        case(
            &["audit", "verify", "--anchor", "zz"],
            "--anchor \"zz\" is not an audit head",
        ),
        case(
            &[
                "ticket",
                "figures",
                "--from",
                "2026-12-01",
                "--to",
                "2026-01-01",
            ],
            "after",
        ),
    ];
    for r in &rows {
        refused(&c.db, r);
    }
}

#[test]
fn imports_refuse_files_that_are_not_csv() {
    let c = counter();
    let binary = c.write("binary.csv", &noise(10_000));
    let empty = c.write("empty.csv", b"");
    let header_only = c.write("header.csv", b"date,type,day_off_public_servants\n");
    let latin1 = c.write("latin1.csv", b"code,name\n1.1,Th\xe9\n");
    let big = c.dir.path().join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(33 * 1024 * 1024)
        .unwrap();
    let big = big.to_string_lossy().into_owned();
    let dir = c.path("");
    let missing = c.path("missing.csv");
    let mut rows = Vec::new();
    for what in ["catalog", "calendar"] {
        rows.extend([
            case(&[what, "import", &binary], "is not UTF-8 text (byte 0)"),
            case(&[what, "import", &latin1], "is not UTF-8 text (byte 16)"),
            case(
                &[what, "import", &empty],
                "line 1: missing required column(s)",
            ),
            case(&[what, "import", &header_only], "line 1"),
            case(
                &[what, "import", "/dev/null"],
                "line 1: missing required column(s)",
            ),
            case(
                &[what, "import", "/dev/zero"],
                "/dev/zero is larger than 32 MiB",
            ),
            case(&[what, "import", &big], "is larger than 32 MiB"),
            case(&[what, "import", &dir], "Is a directory"),
            case(&[what, "import", &missing], "No such file or directory"),
            case(&[what, "import"], "FILE"),
        ]);
    }
    for r in &rows {
        refused(&c.db, r);
    }
    // A FIFO is read like any stream: garbage through it is refused too.
    let fifo = c.dir.path().join("fifo.csv");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let path = fifo.clone();
        let writer = std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
            let _ = f.write_all(&noise(100_000));
        });
        refused(
            &c.db,
            &case(
                &["catalog", "import", &fifo.to_string_lossy()],
                "is not UTF-8 text",
            ),
        );
        writer.join().unwrap();
    }
}

#[test]
fn tickets_settings_and_staff_refuse_bad_values() {
    let c = counter();
    let ticket = c.ticket.as_str();
    let pw = |p: &str| vec![("QUAY_PASSWORD", p.to_string())];
    let rows = vec![
        case(
            &["ticket", "issue", "--area", "Z"],
            "there is no service area Z",
        ),
        case(&["ticket", "issue", "--area", ""], "area"),
        case(&["ticket", "issue", "--area", "AB"], "one letter"),
        case(
            &["ticket", "issue", "--area", "'; DROP TABLE ticket; --"],
            "must be one letter A–Z",
        ),
        case(
            &["ticket", "issue", "--area", "A", "--priority", "vip"],
            "vip",
        ),
        case(&["ticket", "call", "--counter", "0"], "counter"),
        case(&["ticket", "call", "--counter", "10"], "counter"),
        case(
            &["ticket", "call", "--counter", "abc"],
            "invalid value 'abc'",
        ),
        case(&["ticket", "skip", "Z-999"], "Z-999"),
        case(
            &["ticket", "skip", ticket, "--date", "2026-02-30"],
            "2026-02-30",
        ),
        case(&["ticket", "transfer", ticket, "--to", "Q"], "Q"),
        case(&["ticket", "list", "--date", "2026-13-01"], "2026-13-01"),
        case(
            &["ticket", "print", ticket, "--out", "/nonexistent/dir/t.pdf"],
            "/nonexistent/dir/t.pdf",
        ),
        case(
            &["ticket", "settings", "--areas", "/dev/zero"],
            "/dev/zero is larger than 32 MiB",
        ),
        with_stdin(
            &["ticket", "settings", "--areas", "-"],
            "{ not json",
            "invalid areas JSON",
        ),
        with_stdin(&["ticket", "settings", "--areas", "-"], "[]", "area"),
        case(&["ticket", "settings", "--counter-areas", "1"], "1"),
        case(
            &["settings", "set", "--counter", "0"],
            "counter number 0 is outside 1–9",
        ),
        case(
            &["settings", "set", "--counter", "10"],
            "counter number 10 is outside 1–9",
        ),
        case(
            &["settings", "set", "--counter", "-1"],
            "unexpected argument '-1'",
        ),
        case(
            &["settings", "set", "--counter", "abc"],
            "invalid value 'abc' for '--counter",
        ),
        case(
            &["settings", "set", "--counter", "256"],
            "invalid value '256'",
        ),
        case(&["settings", "set", "--agency-id", ""], "agency"),
        case(
            &[
                "settings",
                "set",
                "--agency-id",
                "'; DROP TABLE settings; --",
            ],
            "agency",
        ),
        case(&["settings", "set", "--paper", "a3"], "a3"),
        case(&["settings", "set", "--two-copies", "maybe"], "maybe"),
        case(&["settings", "set", "--center-name", " \t "], "center"),
        case(
            &["settings", "set", "--center-name", &"a".repeat(100_000)],
            "center",
        ),
        with_env(
            &[
                "staff",
                "add",
                "--username",
                "an",
                "--name",
                "Lê An",
                "--role",
                "admin",
            ],
            &[("QUAY_PASSWORD", "ab")],
            "at least 8 characters",
        ),
        Case {
            env: pw("mật khẩu dài"),
            ..case(
                &[
                    "staff",
                    "add",
                    "--username",
                    "an",
                    "--name",
                    "Lê An",
                    "--role",
                    "god",
                ],
                "god",
            )
        },
        Case {
            env: pw("mật khẩu dài"),
            ..case(
                &[
                    "staff",
                    "add",
                    "--username",
                    "",
                    "--name",
                    "Lê An",
                    "--role",
                    "admin",
                ],
                "username",
            )
        },
        Case {
            env: pw("mật khẩu dài"),
            ..case(
                &[
                    "staff",
                    "add",
                    "--username",
                    "'; DROP TABLE staff; --",
                    "--name",
                    "Lê An",
                    "--role",
                    "admin",
                ],
                "username",
            )
        },
        Case {
            env: pw("12ab34"),
            ..case(
                &[
                    "staff",
                    "add",
                    "--username",
                    "an",
                    "--name",
                    "Lê An",
                    "--role",
                    "admin",
                    "--pin",
                ],
                "PIN",
            )
        },
        case(&["staff", "set", "nobody", "--active", "false"], "nobody"),
        case(&["sync", "set-hub", "not a url"], "not a url"),
        case(&["sync", "resend", "abc"], "invalid value 'abc'"),
        case(&["sync", "resend", "999"], "999"),
        case(&["nonsense"], "unrecognized subcommand 'nonsense'"),
        case(&["dossier"], "quay dossier needs a subcommand"),
    ];
    for r in &rows {
        refused(&c.db, r);
    }
}

#[test]
fn bundle_commands_refuse_what_is_not_a_bundle() {
    let c = counter();
    let random = c.write("random.quaybundle", &noise(1024 * 1024));
    let mut claims_4gb = b"QUAYBNDL".to_vec();
    claims_4gb.extend_from_slice(&1u32.to_le_bytes());
    claims_4gb.extend_from_slice(&u32::MAX.to_le_bytes());
    claims_4gb.extend_from_slice(b"{}");
    let claims_4gb = c.write("4gb.quaybundle", &claims_4gb);
    let dir = c.path("");
    let rows = vec![
        case(
            &["bundle", "verify", "/dev/null"],
            "the bundle is truncated",
        ),
        case(&["bundle", "verify", "/dev/zero"], "not a Quầy sync bundle"),
        case(&["bundle", "verify", &dir], "Is a directory"),
        case(
            &["bundle", "verify", &c.path("missing")],
            "No such file or directory",
        ),
        case(&["bundle", "verify", &random], "not a Quầy sync bundle"),
        case(&["bundle", "verify", &claims_4gb], "larger than 67108864"),
        case(
            &["bundle", "verify", &random, "--public-key", "zz"],
            "--public-key",
        ),
        case(
            &["bundle", "export", "--date", "2026-02-30", "--out", &dir],
            "invalid date \"2026-02-30\"",
        ),
        case(
            &["bundle", "export", "--out", "/nonexistent/dir/b.quaybundle"],
            "/nonexistent/dir/b.quaybundle",
        ),
        case(&["bundle", "ack", "/dev/zero"], "too large"),
        case(
            &["bundle", "ack", "/dev/null"],
            "not a Quầy acknowledgement file",
        ),
        case(&["bundle", "ack", &dir], "Is a directory"),
        case(
            &["bundle", "ack", &random],
            "not a Quầy acknowledgement file",
        ),
    ];
    for r in &rows {
        refused(&c.db, r);
    }
    // Nothing was left behind by the refused export.
    assert!(!Path::new("/nonexistent").exists());
}

// ---------------------------------------------------------------------------
// Memory: claims of gigabytes are refused without reserving them.

/// `quay ARGS` with its address space limited to `limit_kb` (ulimit -v).
fn quay_limited(limit_kb: u64, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {limit_kb} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_quay"))
        .args(args)
        .env_remove("QUAY_DB")
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// The smallest address space (KB, in 8 MB steps) in which `quay bundle
/// verify /dev/null` starts and answers, plus `margin_mb`.
fn memory_limit(margin_mb: u64) -> u64 {
    let mut kb = 16 * 1024;
    while kb < 4 * 1024 * 1024 {
        let o = quay_limited(kb, &["bundle", "verify", "/dev/null"]);
        if o.status.code() == Some(1) && String::from_utf8_lossy(&o.stderr).contains("truncated") {
            return kb + margin_mb * 1024;
        }
        kb += 8 * 1024;
    }
    panic!("quay does not start even with 4 GB of address space");
}

/// A bundle whose manifest is re-signed by its own key (so `verify`
/// without a key reads on) after `change` edits it.
fn forged_bundle(c: &Counter, change: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    use quay::sync::signing::{self, canonical_json};
    let key = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    let events = br#"{"seq":1,"event_id":"e","kind":"k","entity_key":"x","payload_version":1,"created_at":"2026-11-23T17:05:41","payload":{}}
"#
    .to_vec();
    let mut manifest = serde_json::json!({
        "attachments": [],
        "created_at": "2026-11-23T17:05:41",
        "event_count": 1,
        "events_bytes": events.len(),
        "events_sha256": signing::sha256_hex(&events),
        "first_seq": 1,
        "format": "quay-bundle",
        "last_seq": 1,
        "protocol": quay::sync::wire::PROTOCOL_VERSION,
        "station_id": "forged",
        "station_public_key": signing::public_to_hex(&key.verifying_key()),
        "version": 1,
    });
    change(&mut manifest);
    let signature = signing::sign_hex(&key, canonical_json(&manifest).as_bytes());
    manifest["signature"] = serde_json::json!(signature);
    let text = canonical_json(&manifest);
    let mut out = b"QUAYBNDL".to_vec();
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(&events);
    let _ = c;
    out
}

#[test]
fn gigabyte_claims_are_refused_within_a_small_memory_limit() {
    let c = counter();
    // 32 MB above what the program needs to start: less than any of the
    // claims below, so reserving one would abort the process.
    let limit = memory_limit(32);
    let mut tiny = b"QUAYBNDL".to_vec();
    tiny.extend_from_slice(&1u32.to_le_bytes());
    tiny.extend_from_slice(&(64u32 * 1024 * 1024).to_le_bytes());
    tiny.extend_from_slice(b"{}{}");
    let tiny = c.write("tiny.quaybundle", &tiny);
    // Self-consistent and signed, claiming a million events in 3 bytes.
    let million = forged_bundle(&c, |m| {
        m["event_count"] = serde_json::json!(1_000_000);
        m["last_seq"] = serde_json::json!(1_000_000);
    });
    let million = c.write("million.quaybundle", &million);
    // The same without the claim is well formed, and verifies within the
    // same limit (without a key it proves integrity, not origin).
    let fine = c.write("fine.quaybundle", &forged_bundle(&c, |_| {}));
    let o = quay_limited(limit, &["bundle", "verify", &fine]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (file, says) in [
        (
            tiny.as_str(),
            "the bundle is truncated: it should be 67108880 bytes, the file has 20",
        ),
        (million.as_str(), "1 events, the manifest says 1000000"),
    ] {
        let o = quay_limited(limit, &["bundle", "verify", file]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{file}: {err}");
        assert!(err.contains(says), "{file}: {err}");
        assert!(!err.contains("memory allocation"), "{file}: {err}");
    }
    // Reading a catalog from /dev/zero stops at 32 MiB, not at the memory's end.
    let o = quay_limited(
        limit + 64 * 1024,
        &[
            "--db",
            &c.db.to_string_lossy(),
            "catalog",
            "import",
            "/dev/zero",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("larger than 32 MiB"), "{err}");
}

/// The hub's own command line reads catalogs and calendars to publish the
/// same way: /dev/zero is refused at 32 MiB, and nothing is published.
#[test]
fn the_hub_refuses_to_publish_an_endless_file() {
    let dir = tempfile::tempdir().unwrap();
    let hub_db = dir.path().join("hub.sqlite3");
    for what in ["publish-catalog", "publish-calendar"] {
        let o = Command::new(env!("CARGO_BIN_EXE_quay-hub"))
            .arg("--db")
            .arg(&hub_db)
            .args([what, "/dev/zero"])
            .env_remove("QUAY_HUB_DB")
            .env("RUST_LOG", "off")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{what}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{what}: {err}");
        assert!(
            err.contains("larger than 32 MiB; nothing published"),
            "{what}: {err}"
        );
    }
}
