//! The queue driven like people would, in the iced_test simulator (tiny-skia):
//! a citizen takes a number at the kiosk, the counter calls and completes it,
//! the now-serving display shows it. Jobs run inline on a real database.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use iced::Settings;
use iced_test::{Error, Simulator};
use quay::gui::{App, DEFAULT_FONT, Effect, Message};
use quay::print::{PrintError, PrintJob, Printer};

#[derive(Default)]
struct CapturingPrinter {
    jobs: Mutex<Vec<PrintJob>>,
}

impl Printer for CapturingPrinter {
    fn print_pdf(&self, pdf: &[u8], job: &PrintJob) -> Result<(), PrintError> {
        assert!(pdf.starts_with(b"%PDF"));
        self.jobs.lock().unwrap().push(job.clone());
        Ok(())
    }
}

fn settings() -> Settings {
    Settings {
        fonts: vec![quay::FONT_REGULAR.into(), quay::FONT_BOLD.into()],
        default_font: DEFAULT_FONT,
        ..Settings::default()
    }
}

fn apply(app: &mut App, messages: impl IntoIterator<Item = Message>) {
    let mut queue: Vec<Message> = messages.into_iter().collect();
    queue.reverse();
    while let Some(message) = queue.pop() {
        if let Effect::Job(job) = app.react(message) {
            let App::Ready(ready) = app else {
                panic!("app not ready")
            };
            let services = ready.loaded.services.clone();
            queue.push(job.run(&services));
        }
    }
}

/// One interaction with one window's view.
fn interact(
    app: &mut App,
    view: fn(&App) -> iced::Element<'_, Message>,
    f: impl FnOnce(&mut Simulator<'_, Message>) -> Result<(), Error>,
) -> Result<(), Error> {
    let messages: Vec<Message> = {
        let mut ui = Simulator::with_settings(settings(), view(app));
        f(&mut ui)?;
        ui.into_messages().collect()
    };
    apply(app, messages);
    Ok(())
}

#[test]
fn kiosk_issue_then_counter_call_and_complete_shows_on_the_display() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let printer = Arc::new(CapturingPrinter::default());
    let loaded = quay::gui::load(&db, printer.clone()).expect("load");
    let now = NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(9, 15, 0)
        .unwrap();
    let mut app = App::ready(loaded, now);
    apply(
        &mut app,
        [
            Message::Setup(quay::gui::screen::setup::Message::SkipWithDefaults),
            Message::Tick,
        ],
    );

    // The kiosk: one touch on the area's button.
    interact(&mut app, App::view_kiosk, |ui| {
        ui.click("Hộ tịch – Chứng thực")?;
        Ok(())
    })?;
    interact(&mut app, App::view_kiosk, |ui| {
        ui.find("A-001")?;
        ui.find("Không có ai chờ trước quý vị")?;
        ui.find("Mời quý vị nhận phiếu và chờ gọi số.")?;
        Ok(())
    })?;
    {
        let jobs = printer.jobs.lock().unwrap();
        assert_eq!(jobs.len(), 1, "the ticket went to the printer");
        assert_eq!(jobs[0].media, quay::print::TICKET_MEDIA);
    }

    // The counter calls it (F2 is the same message) and completes it.
    interact(&mut app, App::view, |ui| {
        ui.find("Đang chờ: A 1 · B 0 · C 0 · D 0")?;
        ui.click("Gọi số tiếp theo (F2)")?;
        Ok(())
    })?;
    interact(&mut app, App::view, |ui| {
        ui.find("Đã gọi số A-001.")?;
        Ok(())
    })?;
    interact(&mut app, App::view_display, |ui| {
        ui.find("Quầy 1")?;
        ui.find("A-001")?;
        Ok(())
    })?;
    interact(&mut app, App::view, |ui| {
        ui.click("Hoàn thành")?;
        Ok(())
    })?;
    interact(&mut app, App::view, |ui| {
        ui.find("Đã hoàn thành số A-001.")?;
        ui.find("Chưa gọi số nào")?;
        Ok(())
    })?;
    interact(&mut app, App::view_display, |ui| {
        ui.find("Chưa có số nào được gọi")?;
        Ok(())
    })?;

    // Another call with nobody waiting says so.
    interact(&mut app, App::view, |ui| {
        ui.click("Gọi số tiếp theo (F2)")?;
        Ok(())
    })?;
    interact(&mut app, App::view, |ui| {
        ui.find("Không còn ai chờ ở các khu vực của quầy này.")?;
        Ok(())
    })?;
    let store = quay::store::Store::open(&db).unwrap();
    // Jobs stamp the real clock, as at a real counter.
    let today = quay::store::now_local().date();
    let tickets = store.tickets_between(today, today).unwrap();
    assert_eq!(tickets.len(), 1);
    assert!(tickets[0].completed_at.is_some());
    Ok(())
}
