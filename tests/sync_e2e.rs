//! Network sync end to end: the real `quay` binary against the real `quay-hub`,
//! over loopback, with the failures the protocol is built for — connections cut
//! mid-request and mid-reply, the hub killed, the sync loop killed. After each,
//! the hub must hold every event exactly once and the counter must have lost
//! nothing it committed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use common::good_draft;
use quay::domain::settings::CenterSettings;
use quay::store::{Actor, Store};

// ---------------------------------------------------------------- processes

/// `quay` with this test's database and no stray configuration from the
/// environment (a proxy would swallow loopback requests).
fn quay_cmd(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quay"));
    cmd.arg("--db").arg(db).env_remove("QUAY_DB");
    for var in [
        "QUAY_HUB_URL",
        "ALL_PROXY",
        "all_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn quay(db: &Path, args: &[&str]) -> Output {
    quay_cmd(db)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run quay")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn hub_cmd(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quay-hub"));
    cmd.arg("--db").arg(db).env_remove("QUAY_HUB_DB");
    cmd
}

fn hub_run(db: &Path, args: &[&str]) -> String {
    ok(&hub_cmd(db).args(args).output().expect("run quay-hub"))
}

/// A running `quay-hub serve`, killed (SIGKILL) when dropped.
struct Hub {
    child: Child,
    addr: String,
    /// One line per request the hub answered ("… POST /v1/events -> 200").
    requests: mpsc::Receiver<String>,
}

impl Hub {
    fn start(db: &Path, addr: &str) -> Hub {
        Hub::start_with(db, addr, &[])
    }

    fn start_with(db: &Path, addr: &str, extra: &[&str]) -> Hub {
        let mut child = hub_cmd(db)
            .args(["serve", "--addr", addr])
            .args(extra)
            .env_remove("QUAY_HUB_ENROL_TOKEN")
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn quay-hub");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        let (tx, requests) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains(" -> ") {
                    let _ = tx.send(line);
                }
            }
        });
        Hub {
            child,
            addr,
            requests,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Waits until the hub has answered `n` more requests containing `what`.
    fn wait_for(&self, what: &str, n: usize, limit: Duration) {
        let deadline = Instant::now() + limit;
        let mut seen = 0;
        while seen < n {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .requests
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("the hub answered only {seen} of {n} {what}"));
            if line.contains(what) {
                seen += 1;
            }
        }
    }

    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------- fixtures

/// A configured counter database and a hub that knows it.
struct Setup {
    dir: tempfile::TempDir,
    db: PathBuf,
    hub_db: PathBuf,
    station: String,
}

/// A directory in memory where there is one: these tests are about what
/// survives a killed process (the page cache does), not a power cut, and an
/// fsync per dossier on disk would take most of the time budget.
fn scratch_dir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().unwrap()
}

fn setup() -> Setup {
    let dir = scratch_dir();
    let db = dir.path().join("quay.sqlite3");
    let hub_db = dir.path().join("hub.sqlite3");
    {
        let mut store = Store::open(&db).unwrap();
        let settings = CenterSettings {
            agency_id: "000.00.12.H56".into(),
            counter_no: 1,
            center_name: "Trung tâm Phục vụ hành chính công xã Yên Kỳ".into(),
            configured: true,
            ..CenterSettings::default()
        };
        store
            .save_settings(&settings, &Actor::system("test"))
            .unwrap();
    }
    let station: serde_json::Value =
        serde_json::from_str(&ok(&quay(&db, &["station", "--json"]))).unwrap();
    let id = station["station_id"].as_str().unwrap().to_string();
    let key = station["public_key"].as_str().unwrap();
    hub_run(
        &hub_db,
        &[
            "enrol",
            "--station",
            &id,
            "--public-key",
            key,
            "--name",
            "Yên Kỳ",
        ],
    );
    Setup {
        dir,
        db,
        hub_db,
        station: id,
    }
}

/// Receives `n` dossiers in-process (one `dossier.received` event each):
/// thousands of `quay` processes would take most of the time budget.
fn receive(db: &Path, n: usize, procedure: &str) -> Vec<String> {
    let mut store = Store::open(db).unwrap();
    let mut draft = good_draft();
    draft.procedure_code = procedure.into();
    let now = quay::store::now_local();
    (0..n)
        .map(|i| {
            draft.applicant.name = format!("Nguyễn Thị {}", letters(i));
            quay::intake::receive(&mut store, &draft, &Actor::system("test"), now)
                .unwrap()
                .code
        })
        .collect()
}

fn set_hub(s: &Setup, url: &str) {
    ok(&quay(&s.db, &["sync", "set-hub", url]));
}

fn local_status(db: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(&quay(db, &["sync", "status", "--json"]))).unwrap()
}

/// What the hub holds of the station, by seq; fails if any seq is held twice.
fn hub_events(s: &Setup) -> BTreeMap<i64, serde_json::Value> {
    let out = hub_run(&s.hub_db, &["events", "--station", &s.station, "--json"]);
    let list: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let mut by_seq = BTreeMap::new();
    for e in list {
        let seq = e["seq"].as_i64().unwrap();
        assert!(by_seq.insert(seq, e).is_none(), "seq {seq} held twice");
    }
    by_seq
}

/// Every event of the counter is at the hub, once, with the same event id.
fn assert_exactly_once(s: &Setup) {
    let store = Store::open(&s.db).unwrap();
    let local = store.outbox_after(0, i64::MAX).unwrap();
    let held = hub_events(s);
    assert_eq!(
        held.len(),
        local.len(),
        "hub holds {} of {}",
        held.len(),
        local.len()
    );
    for e in &local {
        let h = &held[&e.seq];
        assert_eq!(
            h["event_id"].as_str(),
            Some(e.event_id.as_str()),
            "seq {}",
            e.seq
        );
    }
    let status = store.sync_state().unwrap();
    assert_eq!(
        (status.pending, status.acked_through),
        (0, local.len() as i64)
    );
}

/// Runs `quay sync --once` until nothing is pending (a run may fail: that is
/// the point); returns how many runs it took.
fn sync_until_settled(db: &Path, max_runs: usize) -> usize {
    for run in 1..=max_runs {
        let o = quay(db, &["sync", "--once"]);
        if o.status.success() && local_status(db)["pending"] == 0 {
            return run;
        }
    }
    panic!("still pending after {max_runs} runs: {}", local_status(db));
}

// ---------------------------------------------------------------- tests

#[test]
fn thousands_of_events_arrive_exactly_once() {
    let s = setup();
    receive(&s.db, 2_000, "1.000894");
    let hub = Hub::start(&s.hub_db, "127.0.0.1:0");
    set_hub(&s, &hub.url());
    let out = ok(&quay(&s.db, &["sync", "--once"]));
    // A backlog goes in catch-up batches of 1,000, the tail in batches of 200.
    assert!(
        out.contains("sent 2000 events in 6 batches (2000 accepted"),
        "{out}"
    );
    assert_exactly_once(&s);
    // A second run sends nothing again.
    let out = ok(&quay(&s.db, &["sync", "--once"]));
    assert!(out.starts_with("sent 0 events"), "{out}");
    let status = local_status(&s.db);
    assert_eq!(status["last_error"], serde_json::Value::Null);
    assert!(status["last_success_at"].is_string());
    assert_eq!(status["hub_url"], hub.url().as_str());
}

#[test]
fn connections_cut_mid_request_and_mid_reply_lose_and_repeat_nothing() {
    let s = setup();
    let hub = Hub::start(&s.hub_db, "127.0.0.1:0");
    let proxy = CuttingProxy::start(&hub.addr, 0x5eed_0001, 30);
    set_hub(&s, &format!("http://{}", proxy.addr));
    let mut runs = 0;
    // Rounds of new work, as a counter's day goes: each with a scan of
    // 2.5 MiB (three pieces, each one cut-prone) and a few batches.
    for round in 0..4u8 {
        let scan = s.dir.path().join(format!("scan-{round}.pdf"));
        let bytes: Vec<u8> = (0..(5u32 << 19))
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 ^ round)
            .collect();
        std::fs::write(&scan, &bytes).unwrap();
        {
            let mut store = Store::open(&s.db).unwrap();
            let attachment =
                quay::attachments::import_file(&scan, &store.attachments_dir()).unwrap();
            let mut draft = good_draft();
            draft.attachments = vec![attachment];
            let now = quay::store::now_local();
            quay::intake::receive(&mut store, &draft, &Actor::system("test"), now).unwrap();
        }
        receive(&s.db, 250, "1.000894");
        runs += sync_until_settled(&s.db, 40);
        assert_exactly_once(&s);
    }
    let (in_requests, in_replies) = proxy.cuts();
    assert!(
        in_requests > 0 && in_replies > 0,
        "{in_requests} requests and {in_replies} replies cut in {runs} runs"
    );
    // Every scan arrived whole (the hub checks its SHA-256 before keeping it).
    let stations: serde_json::Value =
        serde_json::from_str(&hub_run(&s.hub_db, &["stations", "--json"])).unwrap();
    assert_eq!(stations[0]["missing_blobs"], 0, "{stations}");
}

#[cfg(unix)]
#[test]
fn the_hub_killed_mid_sync_and_restarted_on_its_database_loses_nothing() {
    let s = setup();
    receive(&s.db, 2_000, "1.000894");
    let hub = Hub::start(&s.hub_db, "127.0.0.1:0");
    let addr = hub.addr.clone();
    set_hub(&s, &hub.url());
    let sync = quay_cmd(&s.db)
        .args(["sync", "--once"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    hub.wait_for("POST /v1/events", 2, Duration::from_secs(20));
    hub.kill(); // SIGKILL
    let first = sync.wait_with_output().unwrap();
    assert!(
        !first.status.success(),
        "the run should notice the hub died"
    );
    let status = local_status(&s.db);
    assert!(status["pending"].as_i64().unwrap() > 0);
    assert!(status["last_error"].is_string());

    let _hub = Hub::start(&s.hub_db, &addr);
    sync_until_settled(&s.db, 5);
    assert_exactly_once(&s);
}

#[cfg(unix)]
#[test]
fn the_sync_loop_killed_mid_sync_and_restarted_loses_nothing() {
    let s = setup();
    receive(&s.db, 2_000, "1.000894");
    let hub = Hub::start(&s.hub_db, "127.0.0.1:0");
    set_hub(&s, &hub.url());
    let spawn_watch = || {
        quay_cmd(&s.db)
            .args(["sync", "--watch"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let mut watch = spawn_watch();
    hub.wait_for("POST /v1/events", 2, Duration::from_secs(20));
    watch.kill().unwrap(); // SIGKILL
    watch.wait().unwrap();
    let left = local_status(&s.db)["pending"].as_i64().unwrap();
    assert!(left > 0 && left < 2_000, "killed mid-sync: {left} pending");
    // The counter keeps working while nothing syncs.
    receive(&s.db, 5, "1.000894");
    let mut watch = spawn_watch();
    let deadline = Instant::now() + Duration::from_secs(30);
    while local_status(&s.db)["pending"] != 0 {
        assert!(Instant::now() < deadline, "{}", local_status(&s.db));
        thread::sleep(Duration::from_millis(100));
    }
    watch.kill().unwrap();
    watch.wait().unwrap();
    assert_exactly_once(&s);
    assert_eq!(hub_events(&s).len(), 2_005);
}

#[test]
fn a_rejected_event_is_quarantined_without_blocking_and_resent_once_fixed() {
    let s = setup();
    let hub = Hub::start(&s.hub_db, "127.0.0.1:0");
    set_hub(&s, &hub.url());
    // The province's catalog lacks the birth registration procedure.
    let missing = "1.001193";
    let full = s.dir.path().join("full.csv");
    let reduced = s.dir.path().join("reduced.csv");
    std::fs::write(&full, quay::BUNDLED_CATALOG).unwrap();
    std::fs::write(&reduced, catalog_without(missing)).unwrap();
    hub_run(&s.hub_db, &["publish-catalog", reduced.to_str().unwrap()]);

    receive(&s.db, 2, "1.000894");
    let bad = receive(&s.db, 1, missing).remove(0);
    receive(&s.db, 2, "1.000894");
    let out = ok(&quay(&s.db, &["sync", "--once"]));
    assert!(
        out.contains("(4 accepted, 0 duplicates, 1 rejected)"),
        "{out}"
    );
    let status = local_status(&s.db);
    assert_eq!(
        (status["pending"].as_i64(), status["quarantined"].as_i64()),
        (Some(0), Some(1))
    );
    let q: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&quay(&s.db, &["sync", "quarantine", "--json"]))).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(
        (q[0]["seq"].as_i64(), q[0]["entity_key"].as_str()),
        (Some(3), Some(bad.as_str()))
    );
    assert_eq!(q[0]["code"], "unknown_procedure");
    let held = hub_events(&s);
    assert_eq!(held[&3]["state"], "rejected");
    assert_eq!(held[&5]["state"], "stored");

    // Resending before the cause is fixed is rejected again, and stays visible.
    ok(&quay(&s.db, &["sync", "resend", "3"]));
    ok(&quay(&s.db, &["sync", "--once"]));
    let q: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&quay(&s.db, &["sync", "quarantine", "--json"]))).unwrap();
    assert_eq!(q.len(), 1);
    let again = q[0]["seq"].as_i64().unwrap();
    assert!(again > 5);

    // The province adds the procedure; the officer resends; it goes through.
    hub_run(&s.hub_db, &["publish-catalog", full.to_str().unwrap()]);
    let out = ok(&quay(&s.db, &["sync", "resend", &again.to_string()]));
    let new_seq: i64 = out.trim().rsplit(' ').next().unwrap().parse().unwrap();
    ok(&quay(&s.db, &["sync", "--once"]));
    assert_eq!(ok(&quay(&s.db, &["sync", "quarantine"])), "");
    let held = hub_events(&s);
    assert_eq!(held[&new_seq]["state"], "stored");
    assert_exactly_once(&s);
    // Nothing is resent twice, and a dismissed one needs a note.
    let o = quay(&s.db, &["sync", "resend", "3"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).starts_with("error: "));
}

#[test]
fn a_status_change_made_upstream_arrives_and_is_applied_once() {
    let s = setup();
    let codes = receive(&s.db, 2, "1.000894");
    let hub = Hub::start(&s.hub_db, "127.0.0.1:0");
    set_hub(&s, &hub.url());
    ok(&quay(&s.db, &["sync", "--once"]));
    let office = "Văn phòng đăng ký đất đai (liên thông)";
    hub_run(
        &s.hub_db,
        &[
            "push-status",
            "--station",
            &s.station,
            "--code",
            &codes[0],
            "--status",
            "4",
            "--note",
            "Đang thẩm định hồ sơ",
            "--actor",
            office,
        ],
    );
    // Not allowed from "received": recorded as a problem, never retried.
    hub_run(
        &s.hub_db,
        &[
            "push-status",
            "--station",
            &s.station,
            "--code",
            &codes[1],
            "--status",
            "10",
        ],
    );
    let out = ok(&quay(&s.db, &["sync", "--once"]));
    assert!(
        out.contains("1 items from the hub applied, 1 not applicable"),
        "{out}"
    );
    for _ in 0..2 {
        let out = ok(&quay(&s.db, &["sync", "--once"]));
        assert!(
            out.contains("0 items from the hub applied, 0 not applicable"),
            "{out}"
        );
    }
    let history = ok(&quay(&s.db, &["dossier", "status", &codes[0]]));
    assert_eq!(history.matches(office).count(), 1, "{history}");
    let problems = ok(&quay(&s.db, &["sync", "problems"]));
    assert_eq!(problems.lines().count(), 1, "{problems}");
    assert!(problems.contains(&codes[1]), "{problems}");
    // The change applied here went back up like any other: the hub holds it.
    let held = hub_events(&s);
    assert_eq!(
        held.values().last().unwrap()["kind"],
        "dossier.status_changed"
    );
    assert_exactly_once(&s);
}

#[test]
fn a_station_enrols_itself_with_the_province_token() {
    let s = setup();
    let other = s.dir.path().join("other.sqlite3");
    ok(&quay(
        &other,
        &[
            "settings",
            "set",
            "--agency-id",
            "000.00.12.H56",
            "--counter",
            "2",
        ],
    ));
    let hub = Hub::start_with(&s.hub_db, "127.0.0.1:0", &["--enrol-token", "tinh-2026"]);
    let o = quay(
        &other,
        &["sync", "enrol", "--hub", &hub.url(), "--token", "sai"],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad_token"));
    assert_eq!(local_status(&other)["hub_url"], serde_json::Value::Null);

    let out = ok(&quay(
        &other,
        &["sync", "enrol", "--hub", &hub.url(), "--token", "tinh-2026"],
    ));
    assert!(out.starts_with("enrolled with hub"), "{out}");
    let info: serde_json::Value =
        serde_json::from_str(&hub_run(&s.hub_db, &["info", "--json"])).unwrap();
    let status = local_status(&other);
    assert_eq!(status["hub_public_key"], info["public_key"]);
    assert_eq!(status["hub_url"], hub.url().as_str());
    // Enrolling again with the same key is harmless.
    ok(&quay(
        &other,
        &["sync", "enrol", "--hub", &hub.url(), "--token", "tinh-2026"],
    ));
    receive(&other, 3, "1.000894");
    let out = ok(&quay(&other, &["sync", "--once"]));
    assert!(out.contains("(3 accepted"), "{out}");
}

#[test]
fn cli_errors_are_one_line_and_change_nothing() {
    let s = setup();
    let o = quay(&s.db, &["sync", "--once"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("error: no hub address"), "{err}");
    let o = quay(&s.db, &["sync", "set-hub", "hub.tinh:8750"]);
    assert!(!o.status.success());
    assert_eq!(local_status(&s.db)["hub_url"], serde_json::Value::Null);
    // Nothing listens on port 9 of loopback: unreachable, recorded for the screen.
    ok(&quay(&s.db, &["sync", "set-hub", "http://127.0.0.1:9/"]));
    receive(&s.db, 1, "1.000894");
    let o = quay(&s.db, &["sync", "--once"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot be reached"));
    let status = local_status(&s.db);
    assert_eq!(status["hub_url"], "http://127.0.0.1:9");
    assert_eq!(status["pending"], 1);
    assert!(status["last_error"].as_str().unwrap().contains("thử lại"));
    let o = quay(&s.db, &["sync", "dismiss", "1", "--note", "x"]);
    assert!(!o.status.success());
    let text = ok(&quay(&s.db, &["station"]));
    assert!(text.contains(&s.station), "{text}");
}

// ---------------------------------------------------------------- helpers

/// A distinct name part per number (names take letters only): a, b, … z, ba, …
fn letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'a' + (i % 26) as u8));
        i /= 26;
        if i == 0 {
            break;
        }
    }
    out.iter().rev().collect::<String>()
}

/// The bundled catalog without procedure `code`.
fn catalog_without(code: &str) -> String {
    let mut reader = csv::Reader::from_reader(quay::BUNDLED_CATALOG.as_bytes());
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(reader.headers().unwrap()).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        if &record[0] != code {
            out.write_record(&record).unwrap();
        }
    }
    String::from_utf8(out.into_inner().unwrap()).unwrap()
}

/// A TCP proxy on loopback between the counter and the hub that cuts about
/// `percent` % of the exchanges: half of them part-way through the request
/// (the hub gets a truncated message or none), half part-way through the
/// reply (the hub has acted; the counter does not know). It follows the
/// HTTP/1.1 framing (headers, then `Content-Length` bytes) only to know where
/// an exchange starts. Seeded, so a failure can be replayed.
struct CuttingProxy {
    addr: String,
    /// Exchanges cut in the request, and in the reply.
    cuts: [Arc<AtomicUsize>; 2],
}

impl CuttingProxy {
    fn start(upstream: &str, seed: u64, percent: u64) -> CuttingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let upstream = upstream.to_string();
        let cuts = [Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0))];
        let counted = cuts.clone();
        thread::spawn(move || {
            for (n, client) in listener.incoming().enumerate() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(&upstream) else {
                    continue;
                };
                // The fate of the i-th exchange on this connection: both
                // directions work it out alike, without talking to each other.
                let conn = seed ^ ((n as u64) << 32);
                let fate = move |i: usize| {
                    let mut state = conn ^ i as u64;
                    let h = next(&mut state);
                    (h % 100, h >> 8)
                };
                let half = percent / 2;
                let up = move |i| {
                    let (roll, at) = fate(i);
                    (roll < half).then_some(at)
                };
                let down = move |i| {
                    let (roll, at) = fate(i);
                    (half <= roll && roll < percent).then_some(at)
                };
                relay(&client, &server, up, Arc::clone(&counted[0]));
                relay(&server, &client, down, Arc::clone(&counted[1]));
            }
        });
        CuttingProxy { addr, cuts }
    }

    fn cuts(&self) -> (usize, usize) {
        (
            self.cuts[0].load(Ordering::SeqCst),
            self.cuts[1].load(Ordering::SeqCst),
        )
    }
}

/// Copies HTTP messages from `from` to `to`. When `cut_at(i)` names a byte of
/// the i-th message, only the bytes before it pass and both sockets close.
fn relay(
    from: &TcpStream,
    to: &TcpStream,
    cut_at: impl Fn(usize) -> Option<u64> + Send + 'static,
    cuts: Arc<AtomicUsize>,
) {
    let (mut from, mut to) = (from.try_clone().unwrap(), to.try_clone().unwrap());
    thread::spawn(move || {
        let mut pending: Vec<u8> = Vec::new();
        let mut index = 0;
        'messages: loop {
            let header_end = loop {
                if let Some(p) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                    break p + 4;
                }
                if !fill(&mut from, &mut pending) {
                    break 'messages;
                }
            };
            let len = header_end + content_length(&pending[..header_end]);
            let cut = cut_at(index).map(|at| (at % len as u64) as usize);
            let stop = cut.unwrap_or(len);
            let mut sent = 0;
            while sent < stop {
                if pending.is_empty() && !fill(&mut from, &mut pending) {
                    break 'messages;
                }
                let n = pending.len().min(stop - sent);
                if to.write_all(&pending[..n]).is_err() {
                    break 'messages;
                }
                pending.drain(..n);
                sent += n;
            }
            if cut.is_some() {
                cuts.fetch_add(1, Ordering::SeqCst);
                break;
            }
            index += 1;
        }
        let _ = from.shutdown(Shutdown::Both);
        let _ = to.shutdown(Shutdown::Both);
    });
}

/// Reads what is there into `buf`; false at the end of the stream.
fn fill(from: &mut TcpStream, buf: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 64 * 1024];
    match from.read(&mut chunk) {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buf.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

fn content_length(header: &[u8]) -> usize {
    String::from_utf8_lossy(header)
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

/// SplitMix64.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
