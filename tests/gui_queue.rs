//! The queue driven like people would, in the iced_test simulator (tiny-skia):
//! a citizen takes a number at the kiosk, the counter calls and completes it,
//! the now-serving display shows it. Jobs run inline on a real database.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::sync::Arc;

use common::gui::{CapturingPrinter, apply, interact_with};
use iced_test::Error;
use quay::gui::{App, Message};

#[test]
fn kiosk_issue_then_counter_call_and_complete_shows_on_the_display() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let printer = Arc::new(CapturingPrinter::default());
    let mut app = common::gui::app_with_printer(&db, printer.clone());
    apply(
        &mut app,
        [
            Message::Setup(quay::gui::screen::setup::Message::SkipWithDefaults),
            Message::Tick,
        ],
    );

    // The kiosk: one touch on the area's button.
    interact_with(&mut app, App::view_kiosk, |ui| {
        ui.click("Hộ tịch – Chứng thực")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view_kiosk, |ui| {
        ui.find("A-001")?;
        ui.find("Không có ai chờ trước quý vị")?;
        ui.find("Mời quý vị nhận phiếu và chờ gọi số.")?;
        Ok(())
    })?;
    {
        let jobs = printer.jobs.lock().unwrap();
        assert_eq!(jobs.len(), 1, "the ticket went to the printer");
        assert_eq!(jobs[0].1.media, quay::print::TICKET_MEDIA);
    }

    // The counter calls it (F2 is the same message) and completes it.
    interact_with(&mut app, App::view, |ui| {
        ui.find("Đang chờ: A 1 · B 0 · C 0 · D 0")?;
        ui.click("Gọi số tiếp theo (F2)")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Đã gọi số A-001.")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view_display, |ui| {
        ui.find("Quầy 1")?;
        ui.find("A-001")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.click("Hoàn thành")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Đã hoàn thành số A-001.")?;
        ui.find("Chưa gọi số nào")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view_display, |ui| {
        ui.find("Chưa có số nào được gọi")?;
        Ok(())
    })?;

    // Another call with nobody waiting says so.
    interact_with(&mut app, App::view, |ui| {
        ui.click("Gọi số tiếp theo (F2)")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
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

#[test]
fn queue_settings_change_the_numbers_and_figures_count_the_day() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let printer = Arc::new(CapturingPrinter::default());
    let mut app = common::gui::app_with_printer(&db, printer);
    apply(
        &mut app,
        [
            Message::Setup(quay::gui::screen::setup::Message::SkipWithDefaults),
            Message::Tick,
        ],
    );

    // Settings → "Cài đặt lấy số…": this PC's prefix becomes 2.
    apply(&mut app, [Message::OpenSettings]);
    interact_with(&mut app, App::view, |ui| {
        ui.click("Cài đặt lấy số…")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Cài đặt lấy số thứ tự")?;
        ui.click("Lưu")?;
        Ok(())
    })?;
    // Typing the prefix: the only empty field on the screen.
    apply(
        &mut app,
        [Message::QueueSettings(
            quay::gui::screen::queue_settings::Message::Prefix("2".into()),
        )],
    );
    interact_with(&mut app, App::view, |ui| {
        ui.click("Lưu")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Đã lưu cài đặt lấy số.")?;
        ui.click("Đóng")?;
        Ok(())
    })?;

    interact_with(&mut app, App::view_kiosk, |ui| {
        ui.click("Đất đai – Xây dựng")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view_kiosk, |ui| {
        ui.find("2B-001")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.click("Gọi số tiếp theo (F2)")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.click("Hoàn thành")?;
        Ok(())
    })?;

    // Thống kê: the day's one ticket, issued and served, in all and for area B.
    interact_with(&mut app, App::view, |ui| {
        ui.click("Thống kê")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Thống kê lấy số thứ tự")?;
        ui.find("Tất cả")?;
        ui.find("Khu vực B Đất đai – Xây dựng")?;
        Ok(())
    })?;
    let App::Ready(ready) = &app else {
        panic!("not ready")
    };
    let services = ready.loaded.services.clone();
    let store = services.store.lock().unwrap();
    let today = quay::store::now_local().date();
    let tickets = store.tickets_between(today, today).unwrap();
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].number, "2B-001");
    assert!(tickets[0].completed_at.is_some());
    Ok(())
}
