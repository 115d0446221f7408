//! Core operations, measured with criterion (`cargo bench`). Targets from issue 2:
//! durable save ≤ 5 ms median, procedure search ≤ 2 ms over 2,500 procedures,
//! slip PDF ≤ 50 ms.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

#[path = "support/walk_in.rs"]
mod walk_in;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use quay::domain::catalog::{Procedure, parse_catalog_csv};
use quay::domain::search::ProcedureIndex;
use quay::domain::settings::CenterSettings;
use quay::print::{SlipOptions, render_slip};
use quay::store::{Actor, Store};

/// 2,500 procedures: the bundled 80, repeated with distinct codes and names.
fn big_catalog() -> Vec<Procedure> {
    let base = parse_catalog_csv(quay::BUNDLED_CATALOG).expect("bundled catalog");
    (0..2_500)
        .map(|i| {
            let mut p = base[i % base.len()].clone();
            p.code = format!("{}.{:06}", 1 + i / 1000, i);
            p.name = format!("{} (biến thể {i})", p.name);
            p
        })
        .collect()
}

fn save(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).expect("open");
    let settings = CenterSettings {
        configured: true,
        ..CenterSettings::default()
    };
    let actor = Actor::system("bench");
    store.save_settings(&settings, &actor).expect("settings");
    let d = walk_in::draft();
    c.bench_function("save_dossier_durable", |b| {
        b.iter(|| {
            quay::intake::receive(&mut store, black_box(&d), &actor, quay::store::now_local())
                .expect("save")
        })
    });
}

fn search(c: &mut Criterion) {
    let index = ProcedureIndex::new(big_catalog());
    // What the officer types, one keystroke at a time.
    let keystrokes: Vec<String> = "dang ky ket hon"
        .char_indices()
        .map(|(i, ch)| format!("{}{ch}", &"dang ky ket hon"[..i]))
        .collect();
    c.bench_function("procedure_search_keystroke_2500", |b| {
        b.iter(|| {
            for q in &keystrokes {
                black_box(index.search(black_box(q), 60));
            }
        })
    });
    c.bench_function("procedure_search_code_2500", |b| {
        b.iter(|| black_box(index.search("1.0011", 60)))
    });
}

fn slip(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("bench.sqlite3")).expect("open");
    let settings = CenterSettings {
        configured: true,
        ..CenterSettings::default()
    };
    let actor = Actor::system("bench");
    store.save_settings(&settings, &actor).expect("settings");
    let dossier = quay::intake::receive(
        &mut store,
        &walk_in::draft(),
        &actor,
        quay::store::now_local(),
    )
    .expect("save");
    let opts = SlipOptions {
        paper: settings.paper,
        two_copies: false,
        reprint: false,
    };
    c.bench_function("slip_pdf_a5", |b| {
        b.iter(|| render_slip(black_box(&dossier), &settings, opts).expect("slip"))
    });
    let two = SlipOptions {
        two_copies: true,
        ..opts
    };
    c.bench_function("slip_pdf_two_copies", |b| {
        b.iter(|| render_slip(black_box(&dossier), &settings, two).expect("slip"))
    });
}

criterion_group!(benches, save, search, slip);
criterion_main!(benches);
