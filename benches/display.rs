//! The now-serving display on a busy day: 500 tickets issued, 300 served. What
//! the GUI does every two seconds (read the day, build the board) and what one
//! frame of the display costs to lay out and draw with the software renderer.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark that cannot set up should stop

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use quay::domain::settings::CenterSettings;
use quay::gui::queue_job::{Origin, QueueOp, run};
use quay::gui::{App, DEFAULT_FONT};
use quay::queue::{LocalQueue, Queue};
use quay::store::{Actor, Store, now_local};

struct NoPrinter;

impl quay::print::Printer for NoPrinter {
    fn print_pdf(
        &self,
        _: &[u8],
        _: &quay::print::PrintJob,
    ) -> Result<(), quay::print::PrintError> {
        Ok(())
    }
}

fn busy_day(db: &std::path::Path) {
    let mut store = Store::open(db).unwrap();
    let actor = Actor::system("bench");
    store
        .save_settings(
            &CenterSettings {
                configured: true,
                ..CenterSettings::default()
            },
            &actor,
        )
        .unwrap();
    let mut q = LocalQueue::new(&mut store, actor).unwrap();
    let now = now_local();
    for i in 0..500 {
        q.issue(['A', 'B', 'C', 'D'][i % 4], None, now).unwrap();
    }
    for i in 0..300 {
        let counter = 1 + (i % 4) as u8;
        if let Some(t) = q.call_next(counter, &['A', 'B', 'C', 'D'], now).unwrap() {
            q.complete(t.id, now).unwrap();
        }
    }
    for counter in 1..=4 {
        q.call_next(counter, &['A', 'B', 'C', 'D'], now).unwrap();
    }
}

fn display(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.sqlite3");
    busy_day(&db);

    let mut store = Store::open(&db).unwrap();
    c.bench_function("queue_poll_500_tickets", |b| {
        b.iter(|| {
            black_box(run(
                &mut store,
                Actor::system("bench"),
                Origin::Poll,
                QueueOp::Refresh,
                now_local(),
            ))
        })
    });
    drop(store);

    let loaded = quay::gui::load(&db, Arc::new(NoPrinter)).unwrap();
    let services = loaded.services.clone();
    let mut app = App::ready(loaded, now_local());
    let reply = quay::gui::job::Job::Queue(Origin::Poll, QueueOp::Refresh).run(&services);
    let _ = app.react(reply);
    let settings = iced::Settings {
        fonts: vec![quay::FONT_REGULAR.into(), quay::FONT_BOLD.into()],
        default_font: DEFAULT_FONT,
        ..iced::Settings::default()
    };
    c.bench_function("display_frame_500_tickets_1280x720", |b| {
        b.iter(|| {
            let mut ui = iced_test::Simulator::with_size(
                settings.clone(),
                (1280.0, 720.0),
                app.view_display(),
            );
            black_box(ui.snapshot(&iced::Theme::Light).unwrap())
        })
    });
}

criterion_group!(benches, display);
criterion_main!(benches);
