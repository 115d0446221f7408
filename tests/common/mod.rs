//! Helpers shared by the integration tests.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail
#![allow(dead_code)]

pub mod gui;
pub mod hub;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use quay::domain::dossier::{Applicant, Channel, DossierDraft, ResultDelivery};

pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("quay.sqlite3");
    (dir, db)
}

/// A dossier for "Thủ tục đăng ký kết hôn" that passes validation.
pub fn good_draft() -> DossierDraft {
    DossierDraft {
        procedure_code: "1.000894".into(),
        applicant: Applicant {
            name: "Nguyễn Thị Hường".into(),
            id_number: "038303001234".into(),
            phone: "0912345678".into(),
            address: "Thôn Yên Kỳ, xã Yên Kỳ, tỉnh Thanh Hóa".into(),
            email: None,
        },
        channel: Channel::Direct,
        received_at: None,
        documents: None,
        sets: 1,
        fee_vnd: None,
        result_delivery: ResultDelivery::Counter,
        note: String::new(),
        deadline_working_days: None,
        attachments: Vec::new(),
    }
}

pub fn quay(db: &Path, args: &[&str]) -> Output {
    quay_stdin(db, args, None)
}

pub fn quay_stdin(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    quay_env(db, args, stdin, &[])
}

/// `quay` with `env` set (and none of the caller's QUAY_* variables).
pub fn quay_env(db: &Path, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quay"));
    cmd.arg("--db").arg(db).args(args);
    for var in ["QUAY_DB", "QUAY_USER", "QUAY_PASSWORD", "QUAY_NEW_PASSWORD"] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn quay");
    if let (Some(mut pipe), Some(input)) = (child.stdin.take(), stdin) {
        pipe.write_all(input.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("quay output")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `rounds` rounds of three `quay` processes with `args` against `db`, each
/// round killed with SIGKILL after `delay(round)`. Returns what the killed
/// processes printed (each prints only after its commit) and how many died
/// before printing.
#[cfg(unix)]
pub fn kill_rounds(
    db: &Path,
    args: &[&str],
    rounds: u64,
    delay: impl Fn(u64) -> std::time::Duration,
) -> (Vec<String>, usize) {
    let mut printed = Vec::new();
    let mut killed_before_print = 0;
    for round in 0..rounds {
        let children: Vec<_> = (0..3)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_quay"))
                    .arg("--db")
                    .arg(db)
                    .args(args)
                    .env_remove("QUAY_DB")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("spawn quay")
            })
            .collect();
        std::thread::sleep(delay(round));
        for mut child in children {
            let _ = child.kill(); // SIGKILL
            let out = child.wait_with_output().expect("quay output");
            let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if line.is_empty() {
                killed_before_print += 1;
            } else {
                printed.push(line);
            }
        }
    }
    (printed, killed_before_print)
}
