//! The dossier list and the quarterly report on big databases, measured with
//! criterion (`cargo bench --bench dossiers`, or `bench/dossiers.sh` for a
//! table of medians). Target: every list and search ≤ 20 ms median at 100,000
//! and 1,000,000 dossiers; a quarter's report ≤ 200 ms at 1,000,000.
//!
//! The databases are generated once (see `support/gen.rs`) and cached under
//! `target/bench-data/`. `QUAY_BENCH_SIZES=100000` limits the sizes measured.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

#[path = "support/gen.rs"]
mod synth;

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use quay::domain::lifecycle::DossierStatus;
use quay::store::{DossierFilter, DossierSort, DueFilter, Store};

fn sizes() -> Vec<usize> {
    std::env::var("QUAY_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000])
}

/// Texts taken from the generated data, so they match what is there.
struct Samples {
    code: String,
    name: String,
    cccd_prefix: String,
    phone_prefix: String,
}

fn samples(store_path: &std::path::Path, n: usize) -> Samples {
    let c = rusqlite::Connection::open(store_path).expect("open for samples");
    let row = |id: usize| {
        c.query_row(
            "SELECT code, applicant_name, id_number, phone FROM dossier WHERE id = ?1",
            [id as i64],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            },
        )
        .expect("sample row")
    };
    let (code, name, id_number, _) = row(n / 2);
    let phone = (0..)
        .map(|k| row(n / 3 + k).3)
        .find(|p| !p.is_empty())
        .expect("a phone");
    Samples {
        code,
        name: quay::text::fold(&name),
        cccd_prefix: id_number[..6].to_string(),
        phone_prefix: phone[..6].to_string(),
    }
}

fn list(c: &mut Criterion) {
    for n in sizes() {
        let data = synth::dossier_db(n);
        eprintln!(
            "{n} dossiers: {} MB{}",
            synth::file_mb(&data.path),
            data.built_in
                .map(|d| format!(", generated in {:.1} s", d.as_secs_f64()))
                .unwrap_or_default()
        );
        let s = samples(&data.path, n);
        let store = Store::open(&data.path).expect("open bench database");
        let now = synth::now();
        let text = |t: &str| DossierFilter {
            text: Some(t.to_string()),
            ..DossierFilter::default()
        };
        let cases: Vec<(&str, DossierFilter)> = vec![
            ("no_text", DossierFilter::default()),
            ("code_tail", text(&s.code[s.code.len() - 4..])),
            ("code_whole", text(&s.code)),
            ("name_full_unaccented", text(&s.name)),
            ("name_most_common", text("nguyen van hung")),
            ("name_accented", text("Nguyễn Văn Hùng")),
            ("family_name", text("nguyen")),
            ("given_name", text("hung")),
            ("cccd_prefix", text(&s.cccd_prefix)),
            ("phone_prefix", text(&s.phone_prefix)),
            ("absent_text", text("zzzz")),
            ("one_char", text("x")),
            (
                "status_processing",
                DossierFilter {
                    status: Some(DossierStatus::Processing),
                    ..DossierFilter::default()
                },
            ),
            (
                "overdue",
                DossierFilter {
                    due: Some(DueFilter::Overdue),
                    ..DossierFilter::default()
                },
            ),
            (
                "within_3_days",
                DossierFilter {
                    due: Some(DueFilter::WithinDays(3)),
                    ..DossierFilter::default()
                },
            ),
            (
                "family_name_processing",
                DossierFilter {
                    status: Some(DossierStatus::Processing),
                    ..text("nguyen")
                },
            ),
            (
                "name_overdue",
                DossierFilter {
                    due: Some(DueFilter::Overdue),
                    ..text("nguyen van hung")
                },
            ),
            (
                "received_desc_paused",
                DossierFilter {
                    status: Some(DossierStatus::SupplementRequested),
                    sort: DossierSort::ReceivedDesc,
                    ..DossierFilter::default()
                },
            ),
            (
                "code_sort_overdue",
                DossierFilter {
                    due: Some(DueFilter::Overdue),
                    sort: DossierSort::Code,
                    ..DossierFilter::default()
                },
            ),
            (
                "received_asc_field_post",
                DossierFilter {
                    field: Some("Nuôi con nuôi".into()),
                    channel: Some(quay::domain::dossier::Channel::Post),
                    sort: DossierSort::ReceivedAsc,
                    ..DossierFilter::default()
                },
            ),
        ];
        let mut group = c.benchmark_group(format!("dossiers_{n}"));
        group
            .sample_size(30)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        for (name, filter) in &cases {
            let rows = store.list_dossiers(filter, now).expect("list").len();
            eprintln!("  {name}: {rows} rows");
            group.bench_function(*name, |b| {
                b.iter(|| store.list_dossiers(black_box(filter), now).expect("list"))
            });
        }
        group.finish();
    }
}

fn report(c: &mut Criterion) {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    for n in sizes() {
        let data = synth::dossier_db(n);
        let store = Store::open(&data.path).expect("open bench database");
        let mut group = c.benchmark_group(format!("report_{n}"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        // The latest full quarter, and one in the middle of eight years.
        for (name, from, to) in [
            ("quarter_latest", day(2026, 7, 1), day(2026, 9, 30)),
            ("quarter_2022q2", day(2022, 4, 1), day(2022, 6, 30)),
        ] {
            group.bench_function(name, |b| {
                b.iter(|| store.report(black_box(from), to, None).expect("report"))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, list, report);
criterion_main!(benches);
