//! Network faults during sync (issue 7): a counter keeps receiving dossiers
//! and syncing with the real `quay-hub` through a seeded fault-injecting proxy
//! that, exchange by exchange:
//!
//! - **drops** the connection before forwarding anything;
//! - **resets mid-request**: forwards part of the request, then closes both
//!   sides (the client's unread bytes make its side an RST);
//! - **cuts mid-response**: the hub has acted, its reply stops part-way;
//! - **delays** the request or the reply past the client's timeout (the
//!   held request reaches the hub late, after the client's retry);
//! - **duplicates** the request: the hub gets it twice, the client one of the
//!   two replies, which must agree;
//! - **replays** an older captured batch to the hub after newer ones.
//!
//! The hub is also killed (SIGKILL) mid-sync and restarted. Some syncs run
//! in-process with a short timeout (to exercise the delays), some as `quay sync
//! --once`. Dossiers carry attachments now and then (resumable uploads), three
//! are of a procedure the hub's catalog lacks (rejected, quarantined), and the
//! hub pushes status changes down. At the end the hub holds every event of the
//! counter's outbox exactly once with the same id and payload, acked_through is
//! the last seq, exactly the three bad dossiers are quarantined, every
//! attachment is complete, every pushed change is applied once, and replaying
//! every captured batch changes nothing.
//!
//! `cargo test` runs 30 rounds; `bench/reliability/network.sh [ROUNDS]` more.
//! The figures go to standard error on a line starting `RESULT network`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;
mod reliability;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Stdio};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::hub::hub_command as hub_cmd;
use quay::domain::lifecycle::DossierStatus;
use quay::domain::settings::CenterSettings;
use quay::store::{Actor, Store};
use quay::sync::HttpHub;
use quay::sync::client::Receiver;
use quay::sync::worker::{SyncOptions, sync_with};
use reliability::fault_proxy::{FAULTS, Fault, FaultProxy, HOLD, check_replay};
use reliability::{Rng, letters, quay_cmd, run_ok};

/// The client's limit in the in-process syncs: shorter than the proxy's
/// [`HOLD`], so a delayed exchange makes the client give up.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(500);
/// Not in the hub's catalog: these dossiers are rejected.
const BAD_PROCEDURE: &str = "1.001193";
const GOOD_PROCEDURE: &str = "1.000894";
const PUSH_ACTOR: &str = "Văn phòng đăng ký đất đai (kiểm thử)";

// ---------------------------------------------------------------- the hub

/// `quay-hub serve` on a fixed database and address, SIGKILLed when dropped.
struct Hub {
    child: Child,
    _stdout: BufReader<ChildStdout>,
}

impl Hub {
    /// Starts on `addr` ("127.0.0.1:0" for any port); returns the address bound.
    fn start(db: &Path, addr: &str) -> (Hub, String) {
        // The port of a hub just killed can take a moment to free.
        for _ in 0..100 {
            let mut child = hub_cmd(db)
                .args(["serve", "--addr", addr])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn quay-hub");
            let mut stdout = BufReader::new(child.stdout.take().unwrap());
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            if let Some(bound) = line.trim().strip_prefix("listening on http://") {
                let bound = bound.to_string();
                return (
                    Hub {
                        child,
                        _stdout: stdout,
                    },
                    bound,
                );
            }
            let _ = child.wait();
            thread::sleep(Duration::from_millis(100));
        }
        panic!("quay-hub could not listen on {addr}");
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------- the counter

struct Counter {
    dir: tempfile::TempDir,
    db: PathBuf,
    hub_db: PathBuf,
    station: String,
    store: Store,
    /// Dossiers received, by code: (bad procedure?, attachment sha).
    dossiers: BTreeMap<String, (bool, Option<String>)>,
    /// Dossiers moved to "processing" here.
    processing: BTreeSet<String>,
    /// Status changes the hub pushed down, by dossier code.
    pushed: BTreeSet<String>,
    next_name: u64,
}

impl Counter {
    fn new() -> Counter {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("quay.sqlite3");
        let hub_db = dir.path().join("hub.sqlite3");
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
        let identity = store.station_identity().unwrap();
        run_ok(hub_cmd(&hub_db).args([
            "enrol",
            "--station",
            &identity.station_id,
            "--public-key",
            &identity.public_key_hex(),
            "--name",
            "Yên Kỳ",
        ]));
        // The province's catalog lacks one procedure: its dossiers are rejected.
        let reduced = dir.path().join("reduced.csv");
        std::fs::write(&reduced, catalog_without(BAD_PROCEDURE)).unwrap();
        run_ok(hub_cmd(&hub_db).arg("publish-catalog").arg(&reduced));
        Counter {
            dir,
            db,
            hub_db,
            station: identity.station_id,
            store,
            dossiers: BTreeMap::new(),
            processing: BTreeSet::new(),
            pushed: BTreeSet::new(),
            next_name: 0,
        }
    }

    fn receive(&mut self, procedure: &str, attachment_bytes: Option<usize>, rng: &mut Rng) {
        let mut draft = common::good_draft();
        draft.procedure_code = procedure.into();
        draft.applicant.name = format!("Trần Văn {}", letters(self.next_name));
        self.next_name += 1;
        let mut sha = None;
        if let Some(n) = attachment_bytes {
            let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
            let source = self.dir.path().join("scan.pdf");
            std::fs::write(&source, &bytes).unwrap();
            let a = quay::attachments::import_file(&source, &self.store.attachments_dir()).unwrap();
            sha = Some(a.sha256.clone());
            draft.attachments = vec![a];
        }
        let d = quay::intake::receive(
            &mut self.store,
            &draft,
            &Actor::system("test"),
            quay::store::now_local(),
        )
        .unwrap();
        self.dossiers
            .insert(d.code, (procedure == BAD_PROCEDURE, sha));
    }

    /// Moves a received good dossier on to "processing": another event kind.
    fn process_one(&mut self, rng: &mut Rng) {
        let open: Vec<&String> = self
            .dossiers
            .iter()
            .filter(|(c, (bad, _))| {
                !bad && !self.processing.contains(*c) && !self.pushed.contains(*c)
            })
            .map(|(c, _)| c)
            .collect();
        if open.is_empty() {
            return;
        }
        let code = open[rng.below(open.len() as u64) as usize].clone();
        self.store
            .set_status(
                &code,
                DossierStatus::Processing,
                "Chuyển bộ phận chuyên môn",
                quay::store::now_local(),
                &Actor::system("test"),
            )
            .unwrap();
        self.processing.insert(code);
    }

    /// The hub queues a status change for a dossier it holds; the station
    /// must apply it exactly once.
    fn push_down(&mut self, rng: &mut Rng) {
        let acked = self.store.sync_state().unwrap().acked_through;
        let held: BTreeSet<String> = self
            .store
            .outbox_after(0, acked)
            .unwrap()
            .into_iter()
            .map(|e| e.entity_key)
            .collect();
        let candidates: Vec<&String> = self
            .dossiers
            .iter()
            .filter(|(c, (bad, _))| {
                !bad && held.contains(*c)
                    && !self.processing.contains(*c)
                    && !self.pushed.contains(*c)
            })
            .map(|(c, _)| c)
            .collect();
        if candidates.is_empty() {
            return;
        }
        let code = candidates[rng.below(candidates.len() as u64) as usize].clone();
        run_ok(hub_cmd(&self.hub_db).args([
            "push-status",
            "--station",
            &self.station,
            "--code",
            &code,
            "--status",
            "4",
            "--note",
            "Đang thẩm định",
            "--actor",
            PUSH_ACTOR,
        ]));
        self.pushed.insert(code);
    }
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

/// Whether an in-process HTTP client here would go straight to loopback:
/// ureq follows the proxy variables of the environment.
fn direct_http() -> bool {
    let proxied = [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ]
    .iter()
    .any(|v| std::env::var_os(v).is_some());
    let bypassed = ["NO_PROXY", "no_proxy"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .any(|v| v.contains("127.0.0.1") || v.trim() == "*");
    !proxied || bypassed
}

#[derive(Debug, Default)]
struct Runs {
    in_process: u64,
    cli: u64,
    failed: u64,
    timed_out: u64,
    hub_restarts: u64,
}

/// Starts the hub again on its address if it was killed.
fn restart_if_down(hub: &Mutex<Option<Hub>>, db: &Path, addr: &str, runs: &mut Runs) {
    let mut slot = hub.lock().unwrap();
    if slot.is_none() {
        *slot = Some(Hub::start(db, addr).0);
        runs.hub_restarts += 1;
    }
}

// ---------------------------------------------------------------- the test

#[test]
fn every_event_arrives_exactly_once_through_drops_resets_delays_duplicates_replays_and_restarts() {
    let rounds = reliability::rounds(30);
    let seed = reliability::seed(0x5eed_0d07);
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let mut counter = Counter::new();
    let (hub, hub_addr) = Hub::start(&counter.hub_db, "127.0.0.1:0");
    let hub = Arc::new(Mutex::new(Some(hub)));
    let proxy = FaultProxy::start(&hub_addr, rng.fork());
    let in_process = direct_http();
    if !in_process {
        eprintln!("a proxy is set in the environment: every sync runs as `quay sync --once`");
    }
    let identity = counter.store.station_identity().unwrap();
    let client = HttpHub::with_timeouts(
        &proxy.url(),
        &identity.station_id,
        identity.signing_key.clone(),
        Duration::from_secs(2),
        CLIENT_TIMEOUT,
    )
    .unwrap();
    // Small batches: more exchanges, more faults.
    let options = SyncOptions {
        batch_events: 4,
        catch_up_events: 16,
        cancel: None,
    };
    let mut runs = Runs::default();
    let mut attachments = 0u64;

    let sync = |counter: &mut Counter, runs: &mut Runs, cli: bool| -> bool {
        if cli || !in_process {
            runs.cli += 1;
            let out = quay_cmd(&counter.db)
                .args(["sync", "--once"])
                .env("QUAY_HUB_URL", proxy.url())
                .stdin(Stdio::null())
                .output()
                .unwrap();
            if !out.status.success() {
                runs.failed += 1;
            }
            out.status.success()
        } else {
            runs.in_process += 1;
            match sync_with(
                &mut counter.store,
                &client,
                &quay::store::now_local,
                options,
            ) {
                Ok(_) => true,
                Err(e) => {
                    runs.failed += 1;
                    let text = e.to_string().to_lowercase();
                    if text.contains("timeout") || text.contains("timed out") {
                        runs.timed_out += 1;
                    }
                    false
                }
            }
        }
    };

    // Before the first sync: the three dossiers the hub will reject.
    for _ in 0..3 {
        counter.receive(BAD_PROCEDURE, None, &mut rng);
        counter.receive(GOOD_PROCEDURE, None, &mut rng);
    }
    for round in 1..=rounds {
        for _ in 0..1 + rng.below(5) {
            // Now and then (at most 8 times) a scan of 1–1.6 MB: uploaded
            // in 1 MiB pieces.
            let scan = (attachments < 8 && rng.percent(8))
                .then(|| 1_000_000 + rng.below(600_000) as usize);
            attachments += u64::from(scan.is_some());
            counter.receive(GOOD_PROCEDURE, scan, &mut rng);
        }
        if rng.percent(30) {
            counter.process_one(&mut rng);
        }
        if round % 9 == 4 {
            counter.push_down(&mut rng);
        }
        // Every eighth round the hub is killed (SIGKILL) while it handles a
        // request; every thirteenth it restarts between syncs.
        if round % 8 == 3 {
            let hub = Arc::clone(&hub);
            proxy.kill_hub_soon(
                rng.below(3),
                Box::new(move || drop(hub.lock().unwrap().take())),
            );
        }
        sync(&mut counter, &mut runs, round % 5 == 0);
        if round % 13 == 7 {
            drop(hub.lock().unwrap().take());
        }
        restart_if_down(&hub, &counter.hub_db, &hub_addr, &mut runs);
    }

    // Settle, faults and all: until nothing is pending and every item the hub
    // pushed down has been applied.
    let mut settle_runs = 0;
    loop {
        settle_runs += 1;
        assert!(
            settle_runs <= 500,
            "not settled after 500 runs (seed {seed:#x}): {:?}",
            counter.store.sync_state().unwrap()
        );
        let ok = sync(&mut counter, &mut runs, settle_runs % 4 == 0);
        restart_if_down(&hub, &counter.hub_db, &hub_addr, &mut runs);
        let state = counter.store.sync_state().unwrap();
        if ok && state.pending == 0 && pushed_applied(&counter) {
            break;
        }
    }

    // Let the requests the proxy still holds reach the hub first.
    thread::sleep(HOLD + Duration::from_millis(300));
    // Every batch ever sent, again, in a shuffled order: nothing changes.
    let captured: Vec<(Vec<u8>, i64)> = proxy
        .shared
        .captured
        .lock()
        .unwrap()
        .iter()
        .map(|c| (c.raw.clone(), c.last))
        .collect();
    let mut order: Vec<usize> = (0..captured.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    let mut final_replays = 0;
    for i in order {
        let (raw, last) = &captured[i];
        assert!(check_replay(&proxy.shared, raw, *last, "final replay"));
        final_replays += 1;
    }

    let checked = check_exactly_once(&mut counter, &hub_addr, seed);
    let s = &proxy.shared;
    let anomalies = s.anomalies.lock().unwrap().clone();
    eprintln!(
        "RESULT network seed={seed:#x} rounds={rounds} events={} dossiers={} attachments={attachments} \
         requests={} pass={} drop={} reset_mid_request={} cut_mid_response={} delay_request={} \
         delay_response={} duplicate={} late_replays={} hub_killed_mid_request={} \
         hub_down_refusals={} hub_restarts={} syncs_in_process={} syncs_cli={} syncs_failed={} \
         client_timeouts={} settle_runs={settle_runs} final_replays={final_replays} \
         quarantined={} pushed_down={} lost=0 doubled=0 anomalies={} seconds={:.1}",
        checked,
        counter.dossiers.len(),
        s.requests.load(Ordering::SeqCst),
        s.count(Fault::Pass),
        s.count(Fault::Drop),
        s.count(Fault::ResetMidRequest),
        s.count(Fault::CutMidResponse),
        s.count(Fault::DelayRequest),
        s.count(Fault::DelayResponse),
        s.count(Fault::Duplicate),
        s.replays.load(Ordering::SeqCst),
        s.hub_killed.load(Ordering::SeqCst),
        s.hub_down.load(Ordering::SeqCst),
        runs.hub_restarts,
        runs.in_process,
        runs.cli,
        runs.failed,
        runs.timed_out,
        counter.dossiers.values().filter(|(bad, _)| *bad).count(),
        counter.pushed.len(),
        anomalies.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(anomalies.is_empty(), "{anomalies:#?}");
    // The faults really happened.
    for (fault, _) in FAULTS {
        assert!(s.count(fault) > 0, "no {fault:?} injected");
    }
    assert!(s.replays.load(Ordering::SeqCst) > 0, "no late replay");
    assert!(s.hub_killed.load(Ordering::SeqCst) > 0 && runs.failed > 0);
}

/// Whether every status change the hub pushed has been applied here.
fn pushed_applied(counter: &Counter) -> bool {
    counter.pushed.iter().all(|code| {
        counter
            .store
            .status_history(code)
            .unwrap()
            .iter()
            .any(|c| c.actor.contains(PUSH_ACTOR))
    })
}

/// The final comparison; returns how many events were checked.
fn check_exactly_once(counter: &mut Counter, hub_addr: &str, seed: u64) -> usize {
    let local = counter.store.outbox_after(0, i64::MAX).unwrap();
    let out =
        run_ok(hub_cmd(&counter.hub_db).args(["events", "--station", &counter.station, "--json"]));
    let held: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let mut by_seq: BTreeMap<i64, &serde_json::Value> = BTreeMap::new();
    for e in &held {
        let seq = e["seq"].as_i64().unwrap();
        assert!(
            by_seq.insert(seq, e).is_none(),
            "seq {seq} held twice (seed {seed:#x})"
        );
    }
    assert_eq!(
        held.len(),
        local.len(),
        "the hub holds {} of {} events",
        held.len(),
        local.len()
    );
    let bad: BTreeSet<&str> = counter
        .dossiers
        .iter()
        .filter(|(_, (bad, _))| *bad)
        .map(|(c, _)| c.as_str())
        .collect();
    let mut rejected_seqs = BTreeSet::new();
    for e in &local {
        let h = by_seq
            .get(&e.seq)
            .unwrap_or_else(|| panic!("seq {} never arrived (seed {seed:#x})", e.seq));
        assert_eq!(
            h["event_id"].as_str(),
            Some(e.event_id.as_str()),
            "seq {}",
            e.seq
        );
        let should_reject = bad.contains(e.entity_key.as_str());
        let state = h["state"].as_str().unwrap();
        assert_eq!(
            state,
            if should_reject { "rejected" } else { "stored" },
            "seq {} ({} {}): {h}",
            e.seq,
            e.kind,
            e.entity_key
        );
        if should_reject {
            assert_eq!(h["code"], "unknown_procedure");
            rejected_seqs.insert(e.seq);
        } else {
            // A stored event holds exactly what the counter sent.
            assert_eq!(
                h.get("payload"),
                Some(&e.payload),
                "seq {} arrived changed",
                e.seq
            );
        }
    }
    // The counter's side: all settled, exactly the bad ones quarantined, once.
    let state = counter.store.sync_state().unwrap();
    let last = local.last().unwrap().seq;
    assert_eq!(
        (state.pending, state.acked_through, state.last_seq),
        (0, last, last)
    );
    let quarantined: Vec<i64> = counter
        .store
        .quarantine()
        .unwrap()
        .iter()
        .map(|q| q.seq)
        .collect();
    assert_eq!(
        quarantined.iter().copied().collect::<BTreeSet<_>>(),
        rejected_seqs,
        "quarantine"
    );
    assert_eq!(quarantined.len(), rejected_seqs.len(), "quarantined twice");
    assert_eq!(state.quarantined, rejected_seqs.len() as i64);
    // The hub's side: acked through the last seq, no attachment missing, each
    // one complete and whole.
    let stations: Vec<serde_json::Value> = serde_json::from_str(&run_ok(
        hub_cmd(&counter.hub_db).args(["stations", "--json"]),
    ))
    .unwrap();
    let me = stations
        .iter()
        .find(|s| s["station_id"] == counter.station.as_str())
        .unwrap();
    assert_eq!(me["acked_through"], last);
    assert_eq!(me["missing_blobs"], 0, "{me}");
    let identity = counter.store.station_identity().unwrap();
    let direct = HttpHub::new(
        &format!("http://{hub_addr}"),
        &identity.station_id,
        identity.signing_key,
    )
    .unwrap();
    for (code, (_, sha)) in &counter.dossiers {
        if let Some(sha) = sha {
            let blob = direct.blob_state(sha).unwrap();
            let size = std::fs::metadata(quay::attachments::stored_path(
                &counter.store.attachments_dir(),
                sha,
            ))
            .unwrap()
            .len();
            assert!(blob.complete && blob.received == size, "{code}: {blob:?}");
        }
    }
    // Each change pushed down applied exactly once.
    for code in &counter.pushed {
        let applied = counter
            .store
            .status_history(code)
            .unwrap()
            .iter()
            .filter(|c| c.actor.contains(PUSH_ACTOR))
            .count();
        assert_eq!(applied, 1, "{code}: pushed change applied {applied} times");
    }
    local.len()
}
