//! The intake screen driven like a person would: the iced_test simulator renders
//! the real view headless (tiny-skia), clicks and types; every job the app asks
//! for (database, printer) runs inline against a real temporary database.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::sync::Arc;

use common::gui::{CapturingPrinter, apply, interact_with, settings};
use iced::Theme;
use iced::keyboard::key::Named;
use iced_test::selector::id;
use iced_test::{Error, Simulator};
use quay::gui::screen::intake::{Message as IntakeMessage, NAME_ID, SEARCH_ID};
use quay::gui::{App, Message};

fn simulator(app: &App) -> Simulator<'_, Message> {
    Simulator::with_settings(settings(), app.view())
}

/// The app on a fresh database at 09:15 on Wednesday 25/11/2026.
fn ready_app(db: &std::path::Path) -> App {
    common::gui::app_with_printer(db, Arc::new(CapturingPrinter::default()))
}

/// One interaction against a fresh simulator of the current view.
fn interact(
    app: &mut App,
    f: impl FnOnce(&mut Simulator<'_, Message>) -> Result<(), Error>,
) -> Result<(), Error> {
    interact_with(app, App::view, f)
}

fn type_into(app: &mut App, field: &'static str, text: &str) -> Result<(), Error> {
    interact(app, |ui| {
        ui.click(id(field))?;
        let _ = ui.typewrite(text);
        Ok(())
    })
}

#[test]
fn first_run_then_search_fill_save_and_print() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let printer = Arc::new(CapturingPrinter::default());
    let mut app = common::gui::app_with_printer(&db, printer.clone());

    // First start: the settings screen, skippable with defaults.
    interact(&mut app, |ui| {
        ui.find("Cài đặt lần đầu")?;
        ui.click("Bỏ qua, dùng mặc định")?;
        Ok(())
    })?;

    // Search without diacritics; the result list updates on every keystroke.
    type_into(&mut app, SEARCH_ID, "ket hon")?;
    interact(&mut app, |ui| {
        ui.click("Thủ tục đăng ký kết hôn")?;
        Ok(())
    })?;

    // Save with nothing typed: refused, field errors shown, nothing lost.
    interact(&mut app, |ui| {
        ui.click("Lưu hồ sơ")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find("Chưa nhập họ và tên người nộp.").map(|_| ()).or_else(|_| {
            // The exact sentence belongs to the validation rules; any red notice will do.
            ui.find("Hồ sơ chưa lưu: 4 mục cần sửa (ghi màu đỏ). Thông tin đã nhập vẫn được giữ nguyên.").map(|_| ())
        })
    })?;

    type_into(&mut app, NAME_ID, "Nguyễn Thị Hường")?;
    type_into(&mut app, "cccd", "038303001234")?;
    interact(&mut app, |ui| {
        ui.find("Thanh Hóa · Nữ · sinh năm 2003")?;
        Ok(())
    })?;
    type_into(&mut app, "dien-thoai", "0912 345 678")?;
    type_into(&mut app, "dia-chi", "Thôn Yên Kỳ, xã Yên Kỳ")?;

    // Enter saves.
    interact(&mut app, |ui| {
        ui.click(id("dia-chi"))?;
        let _ = ui.tap_key(Named::Enter);
        Ok(())
    })?;

    let code = {
        let App::Ready(ready) = &app else {
            panic!("not ready")
        };
        let d = ready.intake.saved().expect("the dossier was saved");
        assert_eq!(d.applicant.name, "Nguyễn Thị Hường");
        assert_eq!(d.applicant.phone, "0912345678");
        d.code.clone()
    };
    assert!(code.starts_with("000.00.00.H00-"), "{code}");
    interact(&mut app, |ui| {
        ui.find(code.as_str())?;
        ui.find("Đã lưu hồ sơ")?;
        ui.click("In Giấy tiếp nhận (Ctrl+P)")?;
        Ok(())
    })?;
    {
        let jobs = printer.jobs.lock().unwrap();
        assert_eq!(jobs.len(), 1);
        assert!(jobs[0].0 > 1000, "a real PDF was sent");
        assert_eq!(jobs[0].1.media, "A5");
    }
    let store = quay::store::Store::open(&db).unwrap();
    assert_eq!(
        store.dossier_by_code(&code).unwrap().applicant.address,
        "Thôn Yên Kỳ, xã Yên Kỳ"
    );
    assert!(
        store
            .is_reprint(store.dossier_by_code(&code).unwrap().id, "slip")
            .unwrap()
    );

    // Esc starts the next dossier.
    apply(&mut app, [Message::Escape]);
    interact(&mut app, |ui| {
        ui.find("Tiếp nhận hồ sơ")?;
        Ok(())
    })?;
    let snapshot = simulator(&app).snapshot(&Theme::Light)?;
    let _ = snapshot;
    Ok(())
}

#[test]
fn esc_clears_the_form_and_it_can_be_restored() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = ready_app(&db);
    apply(
        &mut app,
        [Message::Setup(
            quay::gui::screen::setup::Message::SkipWithDefaults,
        )],
    );
    type_into(&mut app, SEARCH_ID, "1.001193")?;
    apply(
        &mut app,
        [Message::Intake(
            quay::gui::screen::intake::Message::PickFirst,
        )],
    );
    type_into(&mut app, NAME_ID, "Trần Văn Bình")?;
    apply(&mut app, [Message::Escape]);
    interact(&mut app, |ui| {
        assert!(ui.find("Trần Văn Bình").is_err(), "cleared");
        ui.click("Khôi phục biểu mẫu vừa xoá")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find("Trần Văn Bình")?;
        Ok(())
    })
}

#[test]
fn settings_screen_refuses_bad_values_and_keeps_them_typed() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = ready_app(&db);
    interact(&mut app, |ui| {
        ui.click("000.00.00.H00")?;
        let _ = ui.typewrite("-X");
        ui.click("1")?;
        let _ = ui.typewrite("2");
        ui.click("Lưu cài đặt")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find("Số quầy phải từ 1 đến 9.")?;
        ui.find("000.00.00.H00-X")?;
        ui.find("12")?;
        Ok(())
    })?;
    let store = quay::store::Store::open(&db).unwrap();
    assert!(!store.settings().unwrap().configured, "nothing saved");
    Ok(())
}

#[test]
fn an_extra_paper_can_be_added_to_the_checklist() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = ready_app(&db);
    apply(
        &mut app,
        [Message::Setup(
            quay::gui::screen::setup::Message::SkipWithDefaults,
        )],
    );
    type_into(&mut app, SEARCH_ID, "khai sinh")?;
    apply(
        &mut app,
        [Message::Intake(
            quay::gui::screen::intake::Message::PickFirst,
        )],
    );
    // The field is below the fold: scroll the form like a person would, each time
    // (a fresh simulator starts scrolled to the top).
    let scroll_down = |ui: &mut Simulator<'_, Message>| {
        ui.point_at(iced::Point::new(600.0, 400.0));
        let _ = ui.simulate([iced::Event::Mouse(iced::mouse::Event::WheelScrolled {
            delta: iced::mouse::ScrollDelta::Lines { x: 0.0, y: -30.0 },
        })]);
    };
    interact(&mut app, |ui| {
        scroll_down(ui);
        ui.click(id("giay-to-khac"))?;
        let _ = ui.typewrite("Giấy xác nhận của trưởng thôn");
        Ok(())
    })?;
    interact(&mut app, |ui| {
        scroll_down(ui);
        ui.click("Thêm")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find("Giấy xác nhận của trưởng thôn")?;
        Ok(())
    })
}

#[test]
fn a_walk_in_refused_at_reception_gets_its_form_03_printed() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let printer = Arc::new(CapturingPrinter::default());
    let mut app = common::gui::app_with_printer(&db, printer.clone());
    interact(&mut app, |ui| {
        ui.click("Bỏ qua, dùng mặc định")?;
        Ok(())
    })?;
    type_into(&mut app, SEARCH_ID, "ket hon")?;
    interact(&mut app, |ui| {
        ui.click("Thủ tục đăng ký kết hôn")?;
        Ok(())
    })?;
    type_into(&mut app, NAME_ID, "Lò Văn Páo")?;
    type_into(&mut app, "cccd", "038303001234")?;
    type_into(&mut app, "dien-thoai", "0912345678")?;
    type_into(&mut app, "dia-chi", "Bản Hua Pầu")?;
    interact(&mut app, |ui| {
        ui.click("Từ chối tiếp nhận…")?;
        Ok(())
    })?;
    // No reason: refused, nothing stored.
    interact(&mut app, |ui| {
        ui.click("Xác nhận từ chối")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find("Hãy ghi lý do từ chối tiếp nhận.")?;
        Ok(())
    })?;
    apply(
        &mut app,
        [Message::Intake(IntakeMessage::RefuseReasons(
            "Không thuộc thẩm quyền của UBND xã; Đề nghị liên hệ Sở Tư pháp".into(),
        ))],
    );
    interact(&mut app, |ui| {
        ui.click("Xác nhận từ chối")?;
        Ok(())
    })?;
    let store = quay::store::Store::open(&db).unwrap();
    let codes = store.dossier_codes().unwrap();
    assert_eq!(codes.len(), 1);
    let refusal = store.progress(&codes[0]).unwrap().refusal.unwrap();
    assert_eq!(refusal.reasons.len(), 2);
    assert_eq!(store.dossier_by_code(&codes[0]).unwrap().status, 3);
    interact(&mut app, |ui| {
        let notice = format!(
            "Đã gửi {} của hồ sơ {} tới máy in.",
            quay::forms::Form::Refusal.vi(),
            codes[0]
        );
        ui.find(notice.as_str()).map(|_| ())
    })?;
    let jobs = printer.jobs.lock().unwrap();
    assert_eq!(jobs.len(), 1, "Mẫu 03 went to the printer");
    assert_eq!(jobs[0].1.media, "A4");
    Ok(())
}
