//! Helpers for tests that run the real `quay-hub` binary and talk to it as a
//! station would: signed requests over HTTP (ureq).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Output, Stdio};

use ed25519_dalek::SigningKey;
use quay::sync::signing::{self, HEADER_SIGNATURE, HEADER_STATION, HEADER_TIME};

/// A running `quay-hub serve` on a free port, killed when dropped.
pub struct Hub {
    child: Child,
    _stdout: BufReader<ChildStdout>,
    pub url: String,
    pub db: PathBuf,
    _dir: tempfile::TempDir,
}

impl Hub {
    pub fn start(extra: &[&str]) -> Hub {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("hub.sqlite3");
        let mut child = hub_command(&db)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn quay-hub");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout
            .read_line(&mut line)
            .expect("read the listening line");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Hub {
            child,
            _stdout: stdout,
            url,
            db,
            _dir: dir,
        }
    }

    /// Runs a `quay-hub` command against this hub's database.
    pub fn cli(&self, args: &[&str]) -> Output {
        hub_command(&self.db)
            .args(args)
            .output()
            .expect("run quay-hub")
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn cli_ok(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        assert!(
            out.status.success(),
            "quay-hub {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `quay-hub enrol` for `station`.
    pub fn enrol(&self, station: &Station) {
        self.cli_ok(&[
            "enrol",
            "--station",
            &station.id,
            "--public-key",
            &station.public_hex(),
            "--name",
            "Trung tâm PVHCC xã Yên Kỳ",
        ]);
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn hub_command(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quay-hub"));
    cmd.arg("--db")
        .arg(db)
        .env_remove("QUAY_HUB_DB")
        .env_remove("QUAY_HUB_ENROL_TOKEN")
        .env("RUST_LOG", "warn");
    cmd
}

/// A station: its id and key pair.
pub struct Station {
    pub id: String,
    pub key: SigningKey,
}

impl Station {
    pub fn new() -> Station {
        Station {
            id: uuid::Uuid::now_v7().to_string(),
            key: signing::generate().expect("key"),
        }
    }

    pub fn public_hex(&self) -> String {
        signing::public_to_hex(&self.key.verifying_key())
    }

    /// A signed request; returns the status and the body.
    pub fn send(&self, hub: &Hub, method: &str, path: &str, body: &[u8]) -> (u16, String) {
        let time = "2026-11-23T01:00:00Z";
        let message = signing::request_message(method, path, time, body);
        let signature = signing::sign_hex(&self.key, message.as_bytes());
        send_raw(
            hub,
            method,
            path,
            &[
                (HEADER_STATION, self.id.as_str()),
                (HEADER_TIME, time),
                (HEADER_SIGNATURE, signature.as_str()),
            ],
            body,
        )
    }

    pub fn send_json(
        &self,
        hub: &Hub,
        method: &str,
        path: &str,
        body: &serde_json::Value,
    ) -> (u16, serde_json::Value) {
        // A GET carries no body: its signature covers zero bytes.
        let bytes = if method == "GET" {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        let (status, text) = self.send(hub, method, path, &bytes);
        (status, parse(&text))
    }
}

pub fn parse(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// Any request with the headers given; status ≥ 400 is an answer, not an error.
pub fn send_raw(
    hub: &Hub,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(5)))
        .build()
        .into();
    let url = format!("{}{path}", hub.url);
    let result = match method {
        "GET" => {
            let mut req = agent.get(&url);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            req.call()
        }
        "POST" | "PUT" => {
            let mut req = if method == "POST" {
                agent.post(&url)
            } else {
                agent.put(&url)
            };
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            req.send(body)
        }
        other => panic!("no helper for {other}"),
    };
    let mut response = result.expect("hub unreachable");
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().expect("body");
    (status, text)
}
