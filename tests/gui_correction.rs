//! Corrections, not deletions, in the detail pane, driven in the iced_test
//! simulator: "Sửa thông tin…" refuses a change with no reason inside the form,
//! saves it with one, and the history shows the old name → the new; "Huỷ hồ
//! sơ…" asks for a reason and a confirmation, then the dossier shows "ĐÃ HUỶ"
//! and the list says "Đã huỷ". An officer sees neither button.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::sync::Arc;

use common::gui::{CapturingPrinter, apply, interact_with};
use iced_test::{Error, Simulator};
use quay::domain::access::Role;
use quay::gui::screen::dossiers::{CorrectionMessage, Message as DossiersMessage};
use quay::gui::{App, Message};
use quay::store::Actor;

/// The app on a fresh database, settings skipped, with one dossier received
/// for "Nguyễn Thị Hường"; its code.
fn app_with_dossier(db: &std::path::Path) -> (App, String) {
    let mut app = common::gui::app_with_printer(db, Arc::new(CapturingPrinter::default()));
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
        quay::intake::receive(
            &mut store,
            &common::good_draft(),
            &Actor::system("quầy 1"),
            quay::store::now_local(),
        )
        .unwrap()
        .code
    };
    (app, code)
}

/// One interaction with a window tall enough for the whole detail pane with
/// the correction form open (the real pane scrolls).
fn interact_tall(
    app: &mut App,
    f: impl FnOnce(&mut Simulator<'_, Message>) -> Result<(), Error>,
) -> Result<(), Error> {
    let messages: Vec<Message> = {
        let size = iced::Size::new(1024.0, 1400.0);
        let mut ui = Simulator::with_size(common::gui::settings(), size, app.view());
        f(&mut ui)?;
        ui.into_messages().collect()
    };
    apply(app, messages);
    Ok(())
}

fn correction(m: CorrectionMessage) -> Message {
    Message::Dossiers(DossiersMessage::Correction(m))
}

fn open(app: &mut App, code: &str) -> Result<(), Error> {
    interact_with(app, App::view, |ui| {
        ui.click("Hồ sơ")?;
        Ok(())
    })?;
    interact_with(app, App::view, |ui| {
        ui.click(code)?;
        Ok(())
    })
}

#[test]
fn a_lead_corrects_the_name_with_a_reason_and_the_original_stays_visible() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let (mut app, code) = app_with_dossier(&db);
    open(&mut app, &code)?;
    interact_tall(&mut app, |ui| {
        ui.find("Trạng thái: Được tiếp nhận")?;
        ui.click("Sửa thông tin…")?;
        Ok(())
    })?;
    apply(
        &mut app,
        [correction(CorrectionMessage::Name(
            "Nguyễn Thị Hương".into(),
        ))],
    );
    // No reason: refused in the form, nothing saved, nothing typed lost.
    interact_tall(&mut app, |ui| {
        ui.click("Lưu thay đổi")?;
        Ok(())
    })?;
    interact_tall(&mut app, |ui| {
        ui.find("Hãy ghi lý do sửa.")?;
        ui.find("Lý do sửa (bắt buộc)")?;
        Ok(())
    })?;
    {
        let store = quay::store::Store::open(&db).unwrap();
        assert!(store.corrections(&code).unwrap().is_empty());
    }
    // A bad CCCD is shown under its own field.
    apply(
        &mut app,
        [
            correction(CorrectionMessage::IdNumber("12345".into())),
            correction(CorrectionMessage::Reason("Gõ nhầm dấu".into())),
        ],
    );
    interact_tall(&mut app, |ui| {
        ui.click("Lưu thay đổi")?;
        Ok(())
    })?;
    interact_tall(&mut app, |ui| {
        ui.find("Số CCCD phải gồm đúng 12 chữ số (đã nhập 5).")?;
        Ok(())
    })?;
    apply(
        &mut app,
        [correction(CorrectionMessage::IdNumber(
            "038303001234".into(),
        ))],
    );
    interact_tall(&mut app, |ui| {
        ui.click("Lưu thay đổi")?;
        Ok(())
    })?;
    interact_tall(&mut app, |ui| {
        ui.find("Đã sửa thông tin hồ sơ; thông tin cũ vẫn xem được ở Lịch sử sửa đổi.")?;
        ui.find("Lịch sử sửa đổi")?;
        ui.find("Lý do: Gõ nhầm dấu")?;
        ui.find("Họ và tên:")?;
        ui.find("Nguyễn Thị Hường")?;
        ui.find("→")?;
        ui.find("Nguyễn Thị Hương")?;
        // The list reads the new name.
        ui.find("Nguyễn Thị Hương · Thủ tục đăng ký kết hôn")?;
        Ok(())
    })?;
    let store = quay::store::Store::open(&db).unwrap();
    let history = store.corrections(&code).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].changes.len(), 1, "only the name changed");
    assert_eq!(
        store.dossier_by_code(&code).unwrap().applicant.name,
        "Nguyễn Thị Hương"
    );
    Ok(())
}

#[test]
fn a_lead_cancels_with_a_reason_and_a_confirmation() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let (mut app, code) = app_with_dossier(&db);
    open(&mut app, &code)?;
    interact_tall(&mut app, |ui| {
        ui.click("Huỷ hồ sơ…")?;
        Ok(())
    })?;
    interact_tall(&mut app, |ui| {
        ui.click("Huỷ hồ sơ")?;
        Ok(())
    })?;
    interact_tall(&mut app, |ui| {
        ui.find("Hãy ghi lý do huỷ hồ sơ.")?;
        Ok(())
    })?;
    apply(
        &mut app,
        [correction(CorrectionMessage::Reason(
            "Công dân nộp trùng".into(),
        ))],
    );
    // The first press only asks to confirm.
    interact_tall(&mut app, |ui| {
        ui.click("Huỷ hồ sơ")?;
        Ok(())
    })?;
    {
        let store = quay::store::Store::open(&db).unwrap();
        assert!(store.corrections(&code).unwrap().is_empty());
    }
    interact_tall(&mut app, |ui| {
        ui.click("Xác nhận huỷ")?;
        Ok(())
    })?;
    interact_tall(&mut app, |ui| {
        ui.find("ĐÃ HUỶ – Công dân nộp trùng")?;
        ui.find("Hồ sơ đã huỷ: không xử lý tiếp được.")?;
        ui.find("Đã huỷ")?;
        ui.find("Lý do: Công dân nộp trùng")?;
        Ok(())
    })?;
    // No more steps, no more corrections.
    interact_tall(&mut app, |ui| {
        assert!(ui.find("Chuyển xử lý").is_err());
        assert!(ui.find("Sửa thông tin…").is_err());
        Ok(())
    })?;
    let store = quay::store::Store::open(&db).unwrap();
    assert_eq!(store.corrections(&code).unwrap().len(), 1);
    Ok(())
}

#[test]
fn an_officer_sees_no_correction_buttons() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let (mut app, code) = app_with_dossier(&db);
    {
        let App::Ready(ready) = &app else {
            panic!("not ready")
        };
        *ready.loaded.services.session.lock().unwrap() =
            Some(Actor::staff("an.tv", "Trần Văn An", Role::Officer));
    }
    open(&mut app, &code)?;
    interact_tall(&mut app, |ui| {
        ui.find("Trạng thái: Được tiếp nhận")?;
        assert!(ui.find("Sửa thông tin…").is_err());
        assert!(ui.find("Huỷ hồ sơ…").is_err());
        Ok(())
    })
}
