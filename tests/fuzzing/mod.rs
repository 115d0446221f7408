//! What the fuzz tests (`fuzz_import.rs`, `fuzz_bundle.rs`) share: the
//! proptest configuration, the time budget of a long run, and the checks
//! that a refused input left the database as it was.
//!
//! `cargo test` runs a fixed, modest number of cases with a fixed seed, so
//! it is fast and never flaky. `bench/reliability/fuzz.sh` runs the same
//! tests in release with a new `PROPTEST_RNG_SEED` each round and
//! `QUAY_FUZZ_SECONDS` as each test's time budget.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail
#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use rusqlite::Connection;
use sha2::{Digest, Sha256};

/// The seed of `cargo test` (any fixed number: the point is repeatability).
const DEFAULT_SEED: u64 = 0x5155_4159; // "QUAY"

/// Runs `test` on inputs from `strategy`: `cases` of them (or
/// `PROPTEST_CASES`), from a fixed seed (or `PROPTEST_RNG_SEED`). With
/// `QUAY_FUZZ_SECONDS` set it goes on, one batch of cases after another
/// with the next seed, until that time is spent. A failure names the seed
/// of its batch: `PROPTEST_RNG_SEED=that PROPTEST_CASES=same cargo test
/// --release --test …` replays it. Failures are kept as named regression
/// tests in the test files, not in proptest's own files.
pub fn run<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: &S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let mut config = Config::default(); // reads PROPTEST_CASES, PROPTEST_RNG_SEED
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    let base = match config.rng_seed {
        RngSeed::Fixed(seed) if std::env::var_os("PROPTEST_RNG_SEED").is_some() => seed,
        _ => DEFAULT_SEED,
    };
    config.failure_persistence = None;
    // A failing case of a long run is shrunk for at most a minute.
    config.max_shrink_time = 60_000;
    let limit = std::env::var("QUAY_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let start = Instant::now();
    let spent = || limit.is_some_and(|l| start.elapsed() >= l);
    let ran = std::cell::Cell::new(0u64);
    let mut batch = 0u64;
    loop {
        let seed = base.wrapping_add(batch);
        config.rng_seed = RngSeed::Fixed(seed);
        let result = TestRunner::new(config.clone()).run(strategy, |input| {
            // Once the time is up the rest of the batch is skipped cheaply.
            if spent() {
                return Ok(());
            }
            ran.set(ran.get() + 1);
            test(input)
        });
        batch += 1;
        let done = result.is_err() || limit.is_none() || spent();
        if let Err(e) = result {
            report(name, ran.get(), start, batch);
            panic!("fuzz {name}: failed in the batch of seed {seed}: {e}");
        }
        if done {
            break;
        }
    }
    report(name, ran.get(), start, batch);
}

/// One line for `fuzz.sh` to add up: `fuzz NAME: N cases in S s`.
fn report(name: &str, cases: u64, start: Instant, batches: u64) {
    eprintln!(
        "fuzz {name}: {cases} cases in {:.1} s ({batches} batches)",
        start.elapsed().as_secs_f64()
    );
}

/// Turns a failed check into a proptest failure (so the case is shrunk).
pub fn check(ok: bool, what: impl FnOnce() -> String) -> Result<(), TestCaseError> {
    if ok {
        Ok(())
    } else {
        Err(TestCaseError::fail(what()))
    }
}

/// A second connection to a database that notices any commit made by
/// another connection (`PRAGMA data_version`): a refused import must commit
/// nothing at all.
pub struct Observer {
    conn: Connection,
}

impl Observer {
    pub fn new(db: &Path) -> Observer {
        Observer {
            conn: Connection::open(db).unwrap(),
        }
    }

    pub fn version(&self) -> i64 {
        self.conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))
            .unwrap()
    }
}

/// Every row of every table, hashed: equal before and after means nothing
/// changed.
pub fn fingerprint(db: &Path) -> String {
    let conn = Connection::open(db).unwrap();
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables.retain(|t| !t.starts_with("sqlite_"));
    let mut hash = Sha256::new();
    for table in tables {
        hash.update(table.as_bytes());
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                hash.update(format!("{:?}|", row.get_ref(i).unwrap()).as_bytes());
            }
            hash.update(b"\n");
        }
    }
    hex::encode(hash.finalize())
}

/// `PRAGMA integrity_check` says "ok".
pub fn integrity_ok(db: &Path) -> bool {
    let conn = Connection::open(db).unwrap();
    let result: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    result == "ok"
}
