//! How the core operations grow with the size of the database: each one
//! measured with criterion at 1,000, 100,000 and 1,000,000 dossiers
//! (`cargo bench --bench growth`, or `bench/growth.sh` for the CSV and the
//! plot in `docs/`).
//!
//! The databases are the synthetic eight-year ones of `support/gen.rs`
//! (cached under `target/bench-data/`). Each size is measured on a fresh copy,
//! because saving a dossier, issuing a ticket and printing a slip write to it;
//! the copy is deleted afterwards. `QUAY_BENCH_SIZES=1000,100000` limits the
//! sizes; a criterion filter (`cargo bench --bench growth -- report`) limits
//! the operations.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark fails by panicking

#[path = "support/gen.rs"]
mod synth;
#[path = "support/walk_in.rs"]
mod walk_in;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main};
use quay::domain::search::ProcedureIndex;
use quay::domain::settings::CenterSettings;
use quay::queue::{LocalQueue, Queue};
use quay::store::{Actor, DossierFilter, DueFilter, Store};

fn sizes() -> Vec<usize> {
    std::env::var("QUAY_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 100_000, 1_000_000])
}

/// A working copy of the cached database, removed when dropped.
struct Copy {
    path: PathBuf,
}

impl Copy {
    fn of(from: &Path) -> Copy {
        let path = from.with_extension("growth-copy");
        Copy::remove(&path);
        std::fs::copy(from, &path).expect("copy bench database");
        // On disk before the first durable save: otherwise that save's fsync
        // waits for the copy's dirty pages too.
        std::fs::File::open(&path)
            .and_then(|f| f.sync_all())
            .expect("flush the copy");
        Copy { path }
    }

    fn remove(path: &Path) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        Copy::remove(&self.path);
    }
}

/// Texts taken from the generated data, so the searches find something.
struct Samples {
    code: String,
    cccd_prefix: String,
}

fn samples(store: &Store, n: usize) -> Samples {
    let codes = store.dossier_codes().expect("codes");
    let code = codes[n / 2 % codes.len()].clone();
    let d = store.dossier_by_code(&code).expect("sample dossier");
    Samples {
        code,
        cccd_prefix: d.applicant.id_number[..6].to_string(),
    }
}

/// A group for one operation; its benchmarks are the sizes.
fn quick<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(format!("growth_{name}"));
    g.sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    g
}

fn growth(c: &mut Criterion) {
    let now = synth::now();
    let (q_from, q_to) = (
        NaiveDate::from_ymd_opt(2026, 7, 1).expect("date"),
        NaiveDate::from_ymd_opt(2026, 9, 30).expect("date"),
    );
    for n in sizes() {
        let data = synth::dossier_db(n);
        eprintln!(
            "{n} dossiers: {} MB{}",
            synth::file_mb(&data.path),
            data.built_in
                .map(|d| format!(", generated in {:.1} s", d.as_secs_f64()))
                .unwrap_or_default()
        );
        let copy = Copy::of(&data.path);
        let mut store = Store::open(&copy.path).expect("open bench database");
        let actor = Actor::system("bench");
        store
            .save_settings(
                &CenterSettings {
                    configured: true,
                    ..CenterSettings::default()
                },
                &actor,
            )
            .expect("settings");
        let s = samples(&store, n);
        let id = BenchmarkId::from_parameter(n);

        // The procedure search reads the catalog (80 procedures), not the
        // dossiers: measured at every size to show it does not move.
        {
            let index = ProcedureIndex::new(store.procedures().expect("catalog"));
            let mut g = quick(c, "procedure_search");
            g.bench_function(id.clone(), |b| {
                b.iter(|| black_box(index.search(black_box("ket hon"), 60)))
            });
            g.finish();
        }

        // The dossier list, first 100, as the "Hồ sơ" screen asks for it.
        let text = |t: &str| DossierFilter {
            text: Some(t.to_string()),
            ..DossierFilter::default()
        };
        for (name, filter) in [
            ("dossier_search_name", text("nguyen van hung")),
            ("dossier_search_code", text(&s.code[s.code.len() - 4..])),
            ("dossier_search_cccd", text(&s.cccd_prefix)),
        ] {
            let mut g = quick(c, name);
            g.bench_function(id.clone(), |b| {
                b.iter(|| store.list_dossiers(black_box(&filter), now).expect("list"))
            });
            g.finish();
        }

        // The morning reminder: every dossier overdue and due today, whole
        // lists, exactly as the GUI's reminder job asks.
        {
            let whole = |due| DossierFilter {
                due: Some(due),
                limit: u32::MAX,
                ..DossierFilter::default()
            };
            let (overdue, today) = (whole(DueFilter::Overdue), whole(DueFilter::Today));
            eprintln!(
                "  due list: {} overdue, {} due today",
                store.list_dossiers(&overdue, now).expect("list").len(),
                store.list_dossiers(&today, now).expect("list").len()
            );
            let mut g = quick(c, "daily_due_list");
            g.bench_function(id.clone(), |b| {
                b.iter(|| {
                    (
                        store.list_dossiers(black_box(&overdue), now).expect("list"),
                        store.list_dossiers(black_box(&today), now).expect("list"),
                    )
                })
            });
            g.finish();
        }

        {
            let mut g = c.benchmark_group("growth_quarterly_report");
            g.sample_size(10)
                .warm_up_time(Duration::from_millis(500))
                .measurement_time(Duration::from_secs(3));
            g.bench_function(id.clone(), |b| {
                b.iter(|| store.report(black_box(q_from), q_to, None).expect("report"))
            });
            g.finish();
        }

        // The slip of a stored dossier: find it by code, ask whether it is a
        // reprint, render the A5 PDF (what "In" does before the printer).
        {
            let settings = store.settings().expect("settings");
            let mut g = quick(c, "slip_pdf");
            g.bench_function(id.clone(), |b| {
                b.iter(|| {
                    let d = store.dossier_by_code(black_box(&s.code)).expect("dossier");
                    quay::slips::render(&store, &d, &settings)
                        .expect("slip")
                        .pdf
                })
            });
            g.finish();
        }
        // Writes last, so the reads above see the generated data only: one
        // durable transaction each (WAL, synchronous=FULL).
        {
            let d = walk_in::draft();
            let mut g = quick(c, "save_dossier_durable");
            g.bench_function(id.clone(), |b| {
                b.iter(|| {
                    quay::intake::receive(
                        &mut store,
                        black_box(&d),
                        &actor,
                        quay::store::now_local(),
                    )
                    .expect("save")
                })
            });
            g.finish();
        }
        {
            let mut g = quick(c, "ticket_issue_durable");
            g.bench_function(id.clone(), |b| {
                b.iter(|| {
                    LocalQueue::new(&mut store, actor.clone())
                        .expect("queue")
                        .issue(black_box('A'), None, quay::store::now_local())
                        .expect("issue")
                })
            });
            g.finish();
        }

        drop(store);
        drop(copy);
    }
}

criterion_group!(benches, growth);
criterion_main!(benches);
