//! The dossier list driven in the iced_test simulator: search without
//! diacritics, open a dossier, move it to "Đang xử lý", ask for missing papers
//! (the clock pauses), see the history.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::sync::Arc;

use common::gui::{CapturingPrinter, apply, interact_with};
use iced_test::Error;
use quay::domain::lifecycle::DossierStatus;
use quay::gui::screen::dossiers::{FormMessage, Message as DossiersMessage, SortOption};
use quay::gui::{App, Message};
use quay::store::DossierSort;

#[test]
fn search_open_and_move_a_dossier_on() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let printer = Arc::new(CapturingPrinter::default());
    let mut app = common::gui::app_with_printer(&db, printer.clone());
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
            &quay::store::Actor::system("quầy 1"),
            quay::store::now_local(),
        )
        .unwrap();
        (d.code, d.due_at.date() == quay::store::now_local().date())
    };
    let (code, due_today) = code;
    // Received now: never overdue; due today only before the 15:00 same-day cut-off.
    let due_today = format!("Đến hạn hôm nay: {}", u8::from(due_today));

    interact_with(&mut app, App::view, |ui| {
        ui.click("Hồ sơ")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Quá hạn: 0")?;
        ui.find(due_today.as_str())?;
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
    interact_with(&mut app, App::view, |ui| {
        ui.click("Chuyển xử lý")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.click("Xác nhận")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Đã chuyển sang \"Đang xử lý\".")?;
        ui.find("Trạng thái: Đang xử lý")?;
        ui.click("Yêu cầu bổ sung (Mẫu 02)…")?;
        Ok(())
    })?;
    // Confirming with no paper named is refused in the form, nothing is saved.
    interact_with(&mut app, App::view, |ui| {
        ui.click("Xác nhận")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Hãy ghi ít nhất một giấy tờ cần bổ sung.")?;
        Ok(())
    })?;
    apply(
        &mut app,
        [Message::Dossiers(DossiersMessage::Form(FormMessage::Item(
            0,
            "Bản sao giấy khai sinh".into(),
        )))],
    );
    interact_with(&mut app, App::view, |ui| {
        ui.click("Xác nhận")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Trạng thái: Yêu cầu bổ sung giấy tờ")?;
        ui.find("Đã nhận giấy tờ bổ sung")?;
        ui.click("In Mẫu 02 – Phiếu yêu cầu bổ sung")?;
        Ok(())
    })?;
    assert_eq!(printer.jobs.lock().unwrap().len(), 1, "Mẫu 02 was printed");
    let store = quay::store::Store::open(&db).unwrap();
    let progress = store.progress(&code).unwrap();
    assert_eq!(progress.history.len(), 2);
    assert_eq!(progress.history[0].to, DossierStatus::Processing);
    assert_eq!(progress.supplements[0].items, ["Bản sao giấy khai sinh"]);
    assert!(progress.paused_at.is_some());
    Ok(())
}

#[test]
fn the_reminder_names_overdue_dossiers_and_opens_them() -> Result<(), Error> {
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
        let mut draft = common::good_draft();
        draft.applicant.name = "Phạm Văn Quá".into();
        // Received long ago, same-day procedure: overdue whatever today is.
        draft.received_at = Some(
            chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        );
        quay::intake::receive(
            &mut store,
            &draft,
            &quay::store::Actor::system("quầy 1"),
            quay::store::now_local(),
        )
        .unwrap()
        .code
    };
    // The first clock tick after start asks for the reminder.
    apply(&mut app, [Message::Tick]);
    interact_with(&mut app, App::view, |ui| {
        ui.find("1 hồ sơ quá hạn")?;
        ui.click("Xem hồ sơ quá hạn")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find(code.as_str())?;
        ui.find("Quá hạn: 1")?;
        Ok(())
    })?;
    // Once closed it stays closed for the day: further ticks do not bring it back.
    apply(&mut app, [Message::Tick, Message::Tick]);
    interact_with(&mut app, App::view, |ui| {
        assert!(ui.find("1 hồ sơ quá hạn").is_err());
        Ok(())
    })?;
    Ok(())
}

#[test]
fn the_sort_choice_reorders_the_list() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = common::gui::app_with_printer(&db, Arc::new(CapturingPrinter::default()));
    apply(
        &mut app,
        [Message::Setup(
            quay::gui::screen::setup::Message::SkipWithDefaults,
        )],
    );
    let (older, newer) = {
        let App::Ready(ready) = &app else {
            panic!("not ready")
        };
        let mut store = ready.loaded.services.store.lock().unwrap();
        let mut receive = |day: u32| {
            let mut draft = common::good_draft();
            draft.received_at = Some(
                chrono::NaiveDate::from_ymd_opt(2026, 11, day)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
            );
            quay::intake::receive(
                &mut store,
                &draft,
                &quay::store::Actor::system("quầy 1"),
                quay::store::now_local(),
            )
            .unwrap()
            .code
        };
        (receive(2), receive(16))
    };
    let above = |app: &mut App, first: &str, second: &str| -> Result<(), Error> {
        interact_with(app, App::view, |ui| {
            let a = ui.find(first)?.bounds().y;
            let b = ui.find(second)?.bounds().y;
            assert!(a < b, "{first} ({a}) should be above {second} ({b})");
            Ok(())
        })
    };
    interact_with(&mut app, App::view, |ui| {
        ui.click("Hồ sơ")?;
        Ok(())
    })?;
    // Soonest due first by default: the older dossier.
    above(&mut app, &older, &newer)?;
    // The pick list draws its choices itself (no text widget to click): the
    // choice goes in as the message the pick list sends.
    apply(
        &mut app,
        [Message::Dossiers(DossiersMessage::Sort(SortOption(
            DossierSort::ReceivedDesc,
        )))],
    );
    above(&mut app, &newer, &older)?;
    apply(
        &mut app,
        [Message::Dossiers(DossiersMessage::Sort(SortOption(
            DossierSort::DueAsc,
        )))],
    );
    above(&mut app, &older, &newer)?;
    Ok(())
}
