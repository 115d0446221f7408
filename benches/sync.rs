//! Sync and bundles measured as an administrator would see them: the real
//! release binaries as processes, wall-clock time of the whole process.
//! `cargo bench --bench sync` (or `bench/sync.sh`). Targets (issue 5):
//! - 100,000 events synced over loopback to a real `quay-hub`: ≤ 10 s;
//! - bundle export of a 500-dossier day: ≤ 200 ms;
//! - import of a 100,000-event bundle at the hub: ≤ 5 s.
//!
//! The counter databases are generated once through the store API (every
//! dossier a `dossier.received` event with its papers, like the counter's own)
//! and cached under `target/bench-data/`; each run works on a fresh copy.
//! `QUAY_BENCH_EVENTS=20000` measures a smaller sync.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails by panicking

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, NaiveDateTime};
use quay::domain::dossier::{
    Applicant, Channel, Deadline, NewDossier, ReceivedDocument, ResultDelivery,
};
use quay::domain::settings::CenterSettings;
use quay::store::{Actor, CURRENT_VERSION, Store};

const QUAY: &str = env!("CARGO_BIN_EXE_quay");
const HUB: &str = env!("CARGO_BIN_EXE_quay-hub");

/// Dossiers a counter receives on one day at most, spread over five counters.
const PER_DAY: usize = 500;

fn main() {
    let events: usize = std::env::var("QUAY_BENCH_EVENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let work = tempfile::tempdir().expect("temp dir");

    // A 500-dossier day, exported again and again (export changes nothing).
    let day = counter_db(PER_DAY);
    let day_db = copy_db(&day, work.path(), "day");
    let out = work.path().join("day.quaybundle");
    let mut times = Vec::new();
    for _ in 0..11 {
        let t = Instant::now();
        run_ok(quay(&day_db, &["bundle", "export", "--out", s(&out)]));
        times.push(t.elapsed());
    }
    println!(
        "bundle export, {PER_DAY}-dossier day: median {} (min {}, max {}), {} KB",
        ms(median(&mut times)),
        ms(times[0]),
        ms(times[times.len() - 1]),
        std::fs::metadata(&out).unwrap().len() / 1000
    );

    // The big one: export, import at a fresh hub, and sync over loopback.
    let big = counter_db(events);
    let big_db = copy_db(&big, work.path(), "big");
    let bundle = work.path().join("big.quaybundle");
    let t = Instant::now();
    run_ok(quay(&big_db, &["bundle", "export", "--out", s(&bundle)]));
    println!(
        "bundle export, {events} events: {}, {} MB",
        secs(t.elapsed()),
        std::fs::metadata(&bundle).unwrap().len() / 1_000_000
    );

    // What the counter does before the USB trip: check the file it wrote.
    let t = Instant::now();
    run_ok(quay(&big_db, &["bundle", "verify", s(&bundle)]));
    println!("bundle verify, {events} events: {}", secs(t.elapsed()));

    // The hub holds a bundle's events in memory to store them in one
    // transaction; under a small memory budget (bench/old_pc.sh) it may not
    // fit, which is reported and the network figure still taken.
    let hub_db = work.path().join("hub-import.sqlite3");
    enrol(&big_db, &hub_db);
    let t = Instant::now();
    let o = hub(&hub_db, &["import", s(&bundle)]);
    if o.status.success() {
        println!(
            "hub import, {events}-event bundle: {} ({})",
            secs(t.elapsed()),
            String::from_utf8_lossy(&o.stdout).trim()
        );
        let t = Instant::now();
        run_ok(hub(&hub_db, &["import", s(&bundle)]));
        println!("hub import again (all duplicates): {}", secs(t.elapsed()));
    } else {
        println!(
            "hub import, {events}-event bundle: FAILED after {} ({}; {})",
            secs(t.elapsed()),
            o.status,
            String::from_utf8_lossy(&o.stderr).trim()
        );
    }

    let net_db = copy_db(&big, work.path(), "net");
    let hub_db = work.path().join("hub-net.sqlite3");
    enrol(&net_db, &hub_db);
    let (mut server, url) = serve(&hub_db);
    run_ok(quay(&net_db, &["sync", "set-hub", &url]));
    let t = Instant::now();
    let o = run_ok(quay(&net_db, &["sync", "--once"]));
    let took = t.elapsed();
    server.kill().ok();
    server.wait().ok();
    println!(
        "network sync, {events} events over loopback: {} ({})",
        secs(took),
        String::from_utf8_lossy(&o.stdout).trim()
    );
}

/// A counter database holding `n` received dossiers (n events), built once.
fn counter_db(n: usize) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("sync-{n}-schema{CURRENT_VERSION}-gen1.sqlite3"));
    if path.exists() {
        return path;
    }
    let partial = path.with_extension("partial");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    let t = Instant::now();
    let mut store = Store::open(&partial).unwrap();
    let actor = Actor::system("quầy 1 (Nguyễn Thị Lan)");
    let first_day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let papers = [
        "Tờ khai đăng ký khai sinh theo mẫu",
        "Bản chính giấy chứng sinh",
        "Giấy tờ tùy thân của người đi đăng ký",
    ];
    for i in 0..n {
        let day = first_day
            .checked_add_days(Days::new((i / PER_DAY) as u64))
            .unwrap();
        let k = i % PER_DAY;
        let settings = CenterSettings {
            agency_id: "000.00.12.H56".into(),
            counter_no: 1 + (k % 5) as u8,
            configured: true,
            ..CenterSettings::default()
        };
        let received: NaiveDateTime =
            day.and_hms_opt(8, 0, 0).unwrap() + chrono::Duration::seconds((k as i64) * 60);
        let new = NewDossier {
            procedure_code: "1.000894".into(),
            procedure_name: "Thủ tục đăng ký khai sinh".into(),
            field: "Hộ tịch".into(),
            applicant: Applicant {
                name: format!("Nguyễn Văn Số {i}"),
                id_number: format!("038{:09}", 90_000_000 + i),
                phone: format!("09{:08}", i),
                address: "Thôn Yên Kỳ, xã Yên Kỳ, tỉnh Thanh Hóa".into(),
                email: None,
            },
            channel: Channel::ALL[i % 3],
            received_at: received,
            deadline: Deadline::WorkingDays(3),
            due_at: received + chrono::Duration::days(3),
            documents: papers
                .iter()
                .map(|p| {
                    // The kind's type is private to the domain: the JSON form
                    // takes its default, as a counter's draft does.
                    serde_json::from_value::<ReceivedDocument>(serde_json::json!({ "name": p }))
                        .unwrap()
                })
                .collect(),
            sets: 1,
            fee_vnd: 0,
            result_delivery: ResultDelivery::Counter,
            note: String::new(),
            attachments: Vec::new(),
        };
        store.insert_dossier(&new, &settings, &actor).unwrap();
    }
    drop(store);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    std::fs::rename(&partial, &path).unwrap();
    eprintln!(
        "bench data: {n} dossiers generated in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    path
}

fn copy_db(from: &Path, dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(format!("{name}.sqlite3"));
    std::fs::copy(from, &to).unwrap();
    to
}

/// Enrols the counter's station at the hub (as `quay station` prints it).
fn enrol(counter: &Path, hub_db: &Path) {
    let o = run_ok(quay(counter, &["station", "--json"]));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    run_ok(hub(
        hub_db,
        &[
            "enrol",
            "--station",
            v["station_id"].as_str().unwrap(),
            "--public-key",
            v["public_key"].as_str().unwrap(),
        ],
    ));
}

/// `quay-hub serve` on a free loopback port, and its URL.
fn serve(hub_db: &Path) -> (Child, String) {
    let mut child = Command::new(HUB)
        .arg("--db")
        .arg(hub_db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("hub said {line:?}"))
        .to_string();
    (child, url)
}

fn quay(db: &Path, args: &[&str]) -> Output {
    Command::new(QUAY)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("QUAY_HUB_URL")
        .output()
        .unwrap()
}

fn hub(db: &Path, args: &[&str]) -> Output {
    Command::new(HUB)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn run_ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}
