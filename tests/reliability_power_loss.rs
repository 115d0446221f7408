//! Power-loss loop (issue 7): rounds of `quay dossier add --json -` and `quay
//! ticket issue` processes on one database, each killed with SIGKILL at a
//! seeded random moment of its life. After every round: every dossier code and
//! ticket number a process printed (it prints only after its commit) is stored,
//! with what that process sent; no code or number repeats, and their sequences
//! have no holes; `PRAGMA integrity_check` is ok; every dossier has its papers,
//! its audit row and its outbox event, every ticket its audit row; `quay audit
//! verify` accepts the hash chain.
//!
//! `cargo test` runs 25 rounds; `bench/reliability/power_loss.sh [ROUNDS]` runs
//! the same test with `QUAY_RELIABILITY_ROUNDS` (default 300). The figures go
//! to standard error on a line starting `RESULT power-loss`.
//!
//! `kill -9` stops the process at any instruction, but the kernel keeps what
//! it had been given: this tests the transaction boundaries (what is
//! acknowledged is committed, a half-done save leaves nothing), not the disk's
//! cache. `docs/reliability.md` says what that leaves out.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;
mod reliability;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Instant;

use chrono::NaiveDate;
use reliability::{Rng, letters, median, quay_cmd, run_ok};

/// One fixed moment for every ticket, so a run cannot straddle midnight.
const TICKET_AT: &str = "2026-11-25T09:00";
const TICKET_DAY: (i32, u32, u32) = (2026, 11, 25);
/// Writers started together in each round.
const DOSSIER_WRITERS: usize = 2;
const TICKET_WRITERS: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dossier,
    Ticket,
}

/// A write a process acknowledged by printing it.
#[derive(Debug, Clone)]
struct Ack {
    round: u64,
    /// The applicant's name sent, for a dossier.
    name: Option<String>,
}

#[derive(Debug, Default)]
struct Figures {
    rounds: u64,
    processes: u64,
    /// Still running when the signal came.
    killed: u64,
    killed_before_ack: u64,
    /// Killed after printing: while closing the database (checkpoint, WAL).
    killed_after_ack: u64,
    /// Finished before their moment came.
    finished: u64,
    dossiers_acked: u64,
    tickets_acked: u64,
    /// Acknowledged writes looked up, summed over rounds (each round checks
    /// every write acknowledged so far).
    checks: u64,
    lost: u64,
    repeated: u64,
}

#[cfg(unix)]
#[test]
fn kill_9_at_random_moments_loses_no_acknowledged_write() {
    let rounds = reliability::rounds(25);
    let seed = reliability::seed(0x5eed_0007);
    let mut rng = Rng::new(seed);
    let (_dir, db) = common::temp_db();
    run_ok(quay_cmd(&db).args([
        "settings",
        "set",
        "--agency-id",
        "000.00.12.H56",
        "--counter",
        "1",
    ]));

    let mut dossiers: HashMap<String, Ack> = HashMap::new();
    let mut tickets: HashMap<String, Ack> = HashMap::new();
    let mut figures = Figures::default();
    let mut next_name = 0u64;
    let mut repeats: Vec<String> = Vec::new();

    // How long each kind of writer lives alone when nobody kills it. The
    // moments are drawn over `window` times that: writers started together
    // wait for each other, by how much depends on the machine and its load,
    // so the window follows what happens to keep about half the writers
    // dying before they acknowledge and half after (the seed fixes the
    // draws, the machine the window).
    let mut life = |kind: Kind, next_name: &mut u64| {
        let mut samples = Vec::new();
        for _ in 0..3 {
            let start = Instant::now();
            let (child, name) = spawn(&db, kind, next_name, &mut rng.fork());
            let out = child.wait_with_output().unwrap();
            samples.push(start.elapsed());
            assert!(out.status.success(), "{}", stderr(&out.stderr));
            let printed = stdout(&out.stdout);
            let ack = Ack { round: 0, name };
            match kind {
                Kind::Dossier => assert!(dossiers.insert(printed, ack).is_none()),
                Kind::Ticket => assert!(tickets.insert(printed, ack).is_none()),
            }
        }
        median(&mut samples)
    };
    let dossier_life = life(Kind::Dossier, &mut next_name);
    let ticket_life = life(Kind::Ticket, &mut next_name);
    figures.dossiers_acked = dossiers.len() as u64;
    figures.tickets_acked = tickets.len() as u64;

    let started = Instant::now();
    let mut window = 2.0_f64;
    for round in 1..=rounds {
        figures.rounds += 1;
        let acked_before = figures.dossiers_acked + figures.tickets_acked;
        // Start every writer, each with its own moment to die.
        let mut writers = Vec::new();
        for kind in [Kind::Dossier; DOSSIER_WRITERS]
            .into_iter()
            .chain([Kind::Ticket; TICKET_WRITERS])
        {
            let base = match kind {
                Kind::Dossier => dossier_life,
                Kind::Ticket => ticket_life,
            };
            let at = base.mul_f64(window * rng.unit());
            let (child, name) = spawn(&db, kind, &mut next_name, &mut rng.fork());
            writers.push((Instant::now() + at, kind, child, name));
        }
        figures.processes += writers.len() as u64;
        writers.sort_by_key(|w| w.0);
        for (at, kind, mut child, name) in writers {
            std::thread::sleep(at.saturating_duration_since(Instant::now()));
            let finished = child.try_wait().unwrap();
            let killed = finished.is_none();
            if killed {
                let _ = child.kill(); // SIGKILL
                figures.killed += 1;
            } else {
                figures.finished += 1;
            }
            let out = child.wait_with_output().unwrap();
            let printed = stdout(&out.stdout);
            if !killed {
                assert!(
                    out.status.success(),
                    "round {round}: a {kind:?} writer failed on its own: {}",
                    stderr(&out.stderr)
                );
            }
            if printed.is_empty() {
                figures.killed_before_ack += 1;
                continue;
            }
            if killed {
                figures.killed_after_ack += 1;
            }
            let ack = Ack { round, name };
            let ledger = match kind {
                Kind::Dossier => {
                    figures.dossiers_acked += 1;
                    &mut dossiers
                }
                Kind::Ticket => {
                    figures.tickets_acked += 1;
                    &mut tickets
                }
            };
            if let Some(before) = ledger.insert(printed.clone(), ack) {
                figures.repeated += 1;
                repeats.push(format!(
                    "{printed} was printed again (first in round {})",
                    before.round
                ));
            }
        }
        let acked = figures.dossiers_acked + figures.tickets_acked - acked_before;
        let share = acked as f64 / (DOSSIER_WRITERS + TICKET_WRITERS) as f64;
        if share < 0.3 {
            window = (window * 1.25).min(30.0);
        } else if share > 0.7 {
            window = (window / 1.25).max(0.5);
        }
        check_round(
            &db,
            round,
            seed,
            &dossiers,
            &tickets,
            &mut figures,
            &repeats,
        );
    }

    // The database takes new writes after all that, with new codes.
    let (child, _) = spawn(&db, Kind::Dossier, &mut next_name, &mut rng.fork());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out.stderr));
    assert!(
        !dossiers.contains_key(&stdout(&out.stdout)),
        "a code was reused"
    );
    let (child, _) = spawn(&db, Kind::Ticket, &mut next_name, &mut rng.fork());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out.stderr));
    assert!(
        !tickets.contains_key(&stdout(&out.stdout)),
        "a number was reused"
    );

    let f = &figures;
    eprintln!(
        "RESULT power-loss seed={seed:#x} rounds={} processes={} killed={} \
         (before_ack={} after_ack={}) finished={} acknowledged: dossiers={} tickets={} \
         checks={} lost={} repeated={} integrity_ok={} audit_verify_ok={} \
         dossier_life_ms={} ticket_life_ms={} window={window:.1} seconds={:.1}",
        f.rounds,
        f.processes,
        f.killed,
        f.killed_before_ack,
        f.killed_after_ack,
        f.finished,
        f.dossiers_acked,
        f.tickets_acked,
        f.checks,
        f.lost,
        f.repeated,
        f.rounds,
        f.rounds,
        dossier_life.as_millis(),
        ticket_life.as_millis(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        f.killed_before_ack > 0,
        "no writer was killed before acknowledging: the moments miss the writes"
    );
    assert!(
        f.dossiers_acked > 3 && f.tickets_acked > 3,
        "writers must also get through"
    );
}

/// Starts one writer; returns it and, for a dossier, the applicant's name it
/// was given.
fn spawn(db: &Path, kind: Kind, next_name: &mut u64, rng: &mut Rng) -> (Child, Option<String>) {
    let mut cmd = quay_cmd(db);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    match kind {
        Kind::Dossier => {
            let name = format!("Nguyễn Thị {}", letters(*next_name));
            *next_name += 1;
            let mut draft = common::good_draft();
            draft.applicant.name = name.clone();
            // Different sizes, so the kill lands in different statements.
            draft.note = "Ghi chú kiểm thử. ".repeat(rng.below(50) as usize);
            let json = serde_json::to_string(&draft).unwrap();
            let mut child = cmd
                .args(["dossier", "add", "--json", "-"])
                .stdin(Stdio::piped())
                .spawn()
                .expect("spawn quay");
            let mut stdin = child.stdin.take().unwrap();
            // A writer killed before it reads its input closes the pipe.
            let _ = stdin.write_all(json.as_bytes());
            drop(stdin);
            (child, Some(name))
        }
        Kind::Ticket => {
            cmd.args(["ticket", "issue", "--area", "A", "--at", TICKET_AT]);
            if rng.percent(25) {
                cmd.args(["--priority", "elderly"]);
            }
            let child = cmd.stdin(Stdio::null()).spawn().expect("spawn quay");
            (child, None)
        }
    }
}

fn stdout(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_string()
}

fn stderr(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every check after a round; panics with all that failed.
fn check_round(
    db: &Path,
    round: u64,
    seed: u64,
    dossiers: &HashMap<String, Ack>,
    tickets: &HashMap<String, Ack>,
    figures: &mut Figures,
    repeats: &[String],
) {
    let mut failures: Vec<String> = repeats.to_vec();
    let store = quay::store::Store::open(db).unwrap();
    let integrity = store.integrity_check().unwrap();
    if integrity != "ok" {
        failures.push(format!("integrity_check: {integrity}"));
    }
    let conn = rusqlite::Connection::open(db).unwrap();
    let all = |sql: &str| -> Vec<(String, String)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };

    // Dossiers: what was printed is stored, as it was sent.
    let stored: Vec<(String, String)> = all("SELECT code, applicant_name FROM dossier");
    let by_code: HashMap<&str, &str> = stored
        .iter()
        .map(|(c, n)| (c.as_str(), n.as_str()))
        .collect();
    if by_code.len() != stored.len() {
        failures.push("a dossier code is stored twice".into());
    }
    for (code, ack) in dossiers {
        figures.checks += 1;
        match by_code.get(code.as_str()) {
            None => {
                figures.lost += 1;
                failures.push(format!(
                    "dossier {code}, printed in round {}, is lost",
                    ack.round
                ));
            }
            Some(name) if Some(*name) != ack.name.as_deref() => failures.push(format!(
                "dossier {code} holds {name:?}, its writer sent {:?}",
                ack.name
            )),
            Some(_) => {}
        }
    }
    // Codes are {agency}-{yyMMdd}-{counter}{seq}: per day, seqs 1..=n.
    let mut seqs: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (code, _) in &stored {
        let mut parts = code.rsplitn(3, '-');
        let (number, day) = (parts.next().unwrap(), parts.next().unwrap());
        seqs.entry(day.to_string())
            .or_default()
            .push(number[1..].parse().unwrap());
    }
    for (day, mut list) in seqs {
        list.sort_unstable();
        if list != (1..=list.len() as u32).collect::<Vec<_>>() {
            failures.push(format!("dossier sequence of {day} has holes: {list:?}"));
        }
    }
    // Each dossier: its papers, one audit row, one outbox event.
    let audit = all("SELECT entity_key, action FROM audit_log");
    let mut audit_count: HashMap<(&str, &str), usize> = HashMap::new();
    for (entity, action) in &audit {
        *audit_count.entry((entity, action)).or_default() += 1;
    }
    let outbox = all("SELECT entity_key, kind FROM outbox ORDER BY seq");
    let mut outbox_count: HashMap<(&str, &str), usize> = HashMap::new();
    for (entity, kind) in &outbox {
        *outbox_count.entry((entity, kind)).or_default() += 1;
    }
    for (code, _) in &stored {
        let receive = audit_count.get(&(code.as_str(), "dossier.receive"));
        if receive != Some(&1) {
            failures.push(format!("{code} has {receive:?} dossier.receive audit rows"));
        }
        let event = outbox_count.get(&(code.as_str(), "dossier.received"));
        if event != Some(&1) {
            failures.push(format!("{code} has {event:?} dossier.received events"));
        }
        if store.dossier_by_code(code).unwrap().documents.is_empty() {
            failures.push(format!("{code} lost its papers: the save was not atomic"));
        }
    }
    if outbox.len() != stored.len() {
        failures.push(format!(
            "{} outbox events for {} dossiers",
            outbox.len(),
            stored.len()
        ));
    }
    let outbox_seqs: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT seq FROM outbox ORDER BY seq").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    if outbox_seqs != (1..=outbox_seqs.len() as i64).collect::<Vec<_>>() {
        failures.push("the outbox sequence has holes".into());
    }

    // Tickets: printed ones stored, numbers unique, the sequence without holes.
    let (y, m, d) = TICKET_DAY;
    let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let stored_tickets = store.tickets_between(day, day).unwrap();
    let numbers: HashSet<&str> = stored_tickets.iter().map(|t| t.number.as_str()).collect();
    if numbers.len() != stored_tickets.len() {
        failures.push("a ticket number is stored twice".into());
    }
    for (number, ack) in tickets {
        figures.checks += 1;
        if !numbers.contains(number.as_str()) {
            figures.lost += 1;
            failures.push(format!(
                "ticket {number}, printed in round {}, is lost",
                ack.round
            ));
        }
    }
    let mut ticket_seqs: Vec<u32> = stored_tickets.iter().map(|t| t.seq).collect();
    ticket_seqs.sort_unstable();
    if ticket_seqs != (1..=ticket_seqs.len() as u32).collect::<Vec<_>>() {
        failures.push(format!("ticket sequence has holes: {ticket_seqs:?}"));
    }
    for t in &stored_tickets {
        let key = t.entity_key();
        let rows = audit_count.get(&(key.as_str(), "ticket.issue"));
        if rows != Some(&1) {
            failures.push(format!("{key} has {rows:?} ticket.issue audit rows"));
        }
    }
    drop(conn);
    drop(store);

    // The hash chain, as an officer would check it.
    let out = quay_cmd(db)
        .args(["audit", "verify"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    if !out.status.success() || !stdout(&out.stdout).starts_with("audit trail intact") {
        failures.push(format!(
            "quay audit verify: {}{}",
            stdout(&out.stdout),
            stderr(&out.stderr)
        ));
    }
    assert!(
        failures.is_empty(),
        "round {round} (QUAY_RELIABILITY_SEED={seed:#x}):\n{}",
        failures.join("\n")
    );
}
