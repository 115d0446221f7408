//! The dossier list driven in the iced_test simulator: search without
//! diacritics, open a dossier, move it to "Đang xử lý", see the history.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::sync::Arc;

use common::gui::{CapturingPrinter, apply, interact_with};
use iced_test::Error;
use quay::domain::lifecycle::DossierStatus;
use quay::gui::screen::dossiers::{Message as DossiersMessage, StatusOption};
use quay::gui::{App, Message};

#[test]
fn search_open_and_move_a_dossier_on() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = common::gui::app_with_printer(&db, Arc::new(CapturingPrinter::default()));
    apply(
        &mut app,
        [Message::Setup(
            quay::gui::screen::setup::Message::SkipWithDefaults,
        )],
    );
    let code = {
        let App::Ready(ready) = &app else {
            panic!("not ready")
        };
        let mut store = ready.loaded.services.store.lock().unwrap();
        let d = quay::intake::receive(
            &mut store,
            &common::good_draft(),
            &quay::store::Actor("quầy 1".into()),
            quay::store::now_local(),
        )
        .unwrap();
        (d.code, d.due_at.date() == quay::store::now_local().date())
    };
    let (code, due_today) = code;
    // Received now: never overdue; due today only before the 15:00 same-day cut-off.
    let counts = format!("Quá hạn: 0 · Đến hạn hôm nay: {}", u8::from(due_today));

    interact_with(&mut app, App::view, |ui| {
        ui.click("Hồ sơ")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find(counts.as_str())?;
        Ok(())
    })?;
    // The officer types the name without diacritics.
    apply(
        &mut app,
        [Message::Dossiers(DossiersMessage::Search("huong".into()))],
    );
    interact_with(&mut app, App::view, |ui| {
        ui.click(code.as_str())?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Trạng thái: Được tiếp nhận")?;
        Ok(())
    })?;
    apply(
        &mut app,
        [Message::Dossiers(DossiersMessage::Target(StatusOption(
            Some(DossierStatus::Processing),
        )))],
    );
    interact_with(&mut app, App::view, |ui| {
        ui.click("Cập nhật trạng thái")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find(format!("Hồ sơ {code}: Được tiếp nhận → Đang xử lý.").as_str())?;
        ui.find("Trạng thái: Đang xử lý")?;
        Ok(())
    })?;
    let store = quay::store::Store::open(&db).unwrap();
    let history = store.status_history(&code).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].to, DossierStatus::Processing);
    Ok(())
}
