//! Accounts in the counter window, driven in the iced_test simulator: the
//! first start creates the administrator and logs them in; logging out and
//! back in (a wrong password refused with the message); what an officer
//! sees and what the core refuses them; the idle lock and Ctrl+L, which
//! keep a half-filled intake form as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::sync::Arc;

use common::gui::{ADMIN, CapturingPrinter, apply, interact_with};
use iced::keyboard::{Key, Modifiers, key::Named};
use iced_test::selector::id;
use iced_test::{Error, Simulator};
use quay::domain::Localized;
use quay::domain::access::{Denied, Permission, Role};
use quay::domain::staff::SecretKind;
use quay::gui::screen::dossiers::DueChoice;
use quay::gui::screen::{account_form, intake, lock, login, setup};
use quay::gui::{App, Gate, IDLE_TICK, Message};
use quay::store::{Actor, LoginError, Store};

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

fn ready(app: &App) -> &quay::gui::Ready {
    let App::Ready(ready) = app else {
        panic!("not ready")
    };
    ready
}

fn locked(app: &App) -> bool {
    matches!(ready(app).gate, Gate::Locked(_))
}

fn idle_ticks(app: &mut App, n: u64) {
    apply(app, (0..n).map(|_| Message::IdleTick));
}

/// Ticks for `minutes` of idle time.
fn ticks_for(minutes: u64) -> u64 {
    minutes * 60 / IDLE_TICK.as_secs()
}

#[test]
fn the_first_start_creates_the_administrator_and_logs_them_in() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = common::gui::app_as_started(&db, Arc::new(CapturingPrinter::default()));
    interact(&mut app, |ui| {
        ui.find("Cài đặt lần đầu")?;
        ui.find("Tài khoản quản trị (bắt buộc)")?;
        // Nothing else opens before the administrator exists.
        assert!(ui.find("Hồ sơ").is_err());
        assert!(ui.find("Cài đặt").is_err());
        // Skipping the settings does not skip the administrator.
        ui.click("Bỏ qua, dùng mặc định")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find("Hãy tạo tài khoản quản trị trước: Quầy không chạy khi chưa có tài khoản nào.")?;
        ui.find("Hãy nhập họ và tên cán bộ.")?;
        Ok(())
    })?;
    {
        let store = Store::open(&db).unwrap();
        assert!(!store.has_staff().unwrap());
        assert!(!store.settings().unwrap().configured);
    }

    type_into(&mut app, account_form::NAME_ID, "Nguyễn Văn Quản")?;
    type_into(&mut app, account_form::USERNAME_ID, "Quan.NV")?;
    // A PIN too short, then typed differently twice: each refused in the form.
    // The radio button draws its own label: picked by its message.
    apply(
        &mut app,
        [Message::Setup(setup::Message::Admin(
            account_form::AccountMessage::Secret(account_form::SecretMessage::Kind(
                SecretKind::Pin,
            )),
        ))],
    );
    type_into(&mut app, account_form::SECRET_ID, "1234")?;
    type_into(&mut app, account_form::AGAIN_ID, "1234")?;
    interact(&mut app, |ui| {
        ui.click("Bỏ qua, dùng mặc định")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find("Mã PIN phải có ít nhất 6 chữ số.")?;
        Ok(())
    })?;
    type_into(&mut app, account_form::SECRET_ID, "5678")?;
    type_into(&mut app, account_form::AGAIN_ID, "5679")?;
    interact(&mut app, |ui| {
        ui.click("Bỏ qua, dùng mặc định")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find("Hai lần nhập mã PIN không giống nhau.")?;
        Ok(())
    })?;
    assert!(!Store::open(&db).unwrap().has_staff().unwrap());

    interact(&mut app, |ui| {
        ui.click(id(account_form::AGAIN_ID))?;
        let _ = ui.tap_key(Named::Backspace);
        let _ = ui.typewrite("8");
        // Enter in the form saves, as the button does.
        let _ = ui.tap_key(Named::Enter);
        Ok(())
    })?;
    // Saved with the settings typed on the screen (the defaults here), and
    // the administrator is logged in.
    interact(&mut app, |ui| {
        ui.find("Tiếp nhận hồ sơ")?;
        ui.find("Nguyễn Văn Quản")?;
        ui.find("Quản trị hệ thống")?;
        ui.find("Đăng xuất")?;
        ui.find("Cán bộ")?;
        ui.find("Cài đặt")?;
        Ok(())
    })?;
    let who = ready(&app).session().unwrap();
    assert_eq!((who.username(), who.role()), (Some("quan.nv"), Role::Admin));
    let store = Store::open(&db).unwrap();
    let staff = store.staff_list().unwrap();
    assert_eq!(staff.len(), 1);
    assert_eq!(staff[0].display_name, "Nguyễn Văn Quản");
    let settings = store.settings().unwrap();
    assert!(settings.configured);
    assert_eq!(settings.lock_minutes, 5);
    // The settings were saved by the administrator, not by the program.
    let saved = store
        .audit_list(&quay::domain::audit::AuditFilter::default())
        .unwrap()
        .into_iter()
        .find(|e| e.action == "settings.save")
        .expect("the settings save is in the trail");
    assert_eq!(saved.actor, "Nguyễn Văn Quản (quan.nv)");

    // The next start asks for a login.
    let mut again = common::gui::app_as_started(&db, Arc::new(CapturingPrinter::default()));
    interact(&mut again, |ui| {
        ui.find("Đăng nhập")?;
        ui.find(id(login::USERNAME_ID))?;
        Ok(())
    })?;
    Ok(())
}

#[test]
fn a_database_without_accounts_but_with_settings_asks_for_the_administrator() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    {
        let mut store = Store::open(&db).unwrap();
        let settings = quay::domain::settings::CenterSettings {
            center_name: "Trung tâm Phục vụ hành chính công xã Yên Kỳ".into(),
            configured: true,
            ..Default::default()
        };
        store
            .save_settings(&settings, &Actor::system("nâng cấp"))
            .unwrap();
    }
    let mut app = common::gui::app_as_started(&db, Arc::new(CapturingPrinter::default()));
    interact(&mut app, |ui| {
        ui.find("Tạo tài khoản quản trị")?;
        assert!(ui.find("Hồ sơ").is_err());
        Ok(())
    })?;
    // Esc does not get past it.
    apply(
        &mut app,
        [Message::Escape, Message::OpenDossiers(DueChoice::All)],
    );
    interact(&mut app, |ui| {
        ui.find("Tạo tài khoản quản trị")?;
        Ok(())
    })?;
    type_into(&mut app, account_form::NAME_ID, "Lê Thị Hoa")?;
    type_into(&mut app, account_form::USERNAME_ID, "hoa.lt")?;
    type_into(&mut app, account_form::SECRET_ID, "hoa-mat-khau")?;
    type_into(&mut app, account_form::AGAIN_ID, "hoa-mat-khau")?;
    interact(&mut app, |ui| {
        ui.click("Tạo tài khoản và đăng nhập")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find("Tiếp nhận hồ sơ")?;
        ui.find("Lê Thị Hoa")?;
        Ok(())
    })?;
    assert_eq!(Store::open(&db).unwrap().staff_list().unwrap().len(), 1);
    Ok(())
}

#[test]
fn log_out_then_a_wrong_password_is_refused_and_the_right_one_logs_in() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = common::gui::app_with_printer(&db, Arc::new(CapturingPrinter::default()));
    apply(&mut app, [Message::Setup(setup::Message::SkipWithDefaults)]);
    interact(&mut app, |ui| {
        ui.find(ADMIN.1)?;
        ui.click("Đăng xuất")?;
        Ok(())
    })?;
    assert!(ready(&app).session().is_none());
    interact(&mut app, |ui| {
        ui.find("Đã đăng xuất.")?;
        // The display and the kiosk keep working without a login.
        ui.find("Màn hình gọi số")?;
        ui.find("Máy lấy số")?;
        assert!(ui.find("Tiếp nhận hồ sơ").is_err());
        Ok(())
    })?;
    // Shortcuts do nothing on the login screen.
    apply(
        &mut app,
        [Message::OpenDossiers(DueChoice::All), Message::LockNow],
    );
    assert!(matches!(ready(&app).gate, Gate::Login(_)));

    type_into(&mut app, login::USERNAME_ID, ADMIN.0)?;
    // Enter in the username field goes on to the password.
    interact(&mut app, |ui| {
        ui.click(id(login::USERNAME_ID))?;
        let _ = ui.tap_key(Named::Enter);
        Ok(())
    })?;
    type_into(&mut app, login::SECRET_ID, "sai-mat-khau")?;
    interact(&mut app, |ui| {
        ui.click(id(login::SECRET_ID))?;
        let _ = ui.tap_key(Named::Enter);
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find(LoginError::UnknownOrWrong.vi().as_str())?;
        Ok(())
    })?;
    assert!(ready(&app).session().is_none());
    assert_eq!(
        Store::open(&db)
            .unwrap()
            .staff(ADMIN.0)
            .unwrap()
            .unwrap()
            .failed_logins,
        1
    );

    type_into(&mut app, login::SECRET_ID, ADMIN.2)?;
    interact(&mut app, |ui| {
        ui.click("Đăng nhập")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find("Tiếp nhận hồ sơ")?;
        ui.find(ADMIN.1)?;
        Ok(())
    })?;
    assert_eq!(
        ready(&app).session().unwrap().username(),
        Some(ADMIN.0),
        "logged in"
    );
    Ok(())
}

#[test]
fn five_wrong_passwords_lock_the_account_until_a_time() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    common::gui::ensure_account(&db, Role::Officer);
    let mut app = common::gui::app_as_started(&db, Arc::new(CapturingPrinter::default()));
    for _ in 0..5 {
        common::gui::login(&mut app, "canbo", "khong-dung-dau");
    }
    let until = Store::open(&db)
        .unwrap()
        .staff("canbo")
        .unwrap()
        .unwrap()
        .locked_until
        .expect("locked");
    interact(&mut app, |ui| {
        let shown = format!(
            "Đăng nhập sai nhiều lần: tài khoản bị khoá đến {}. Hãy chờ, hoặc nhờ quản trị viên đặt lại mật khẩu.",
            until.format("%H:%M")
        );
        ui.find(shown.as_str())?;
        Ok(())
    })?;
    // Even the right password waits for the lock.
    common::gui::login(&mut app, "canbo", common::gui::PASSWORD);
    assert!(ready(&app).session().is_none());
    Ok(())
}

#[test]
fn an_officer_sees_no_settings_and_a_refused_action_changes_nothing() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = common::gui::app_as(&db, Arc::new(CapturingPrinter::default()), Role::Officer);
    interact(&mut app, |ui| {
        ui.find("Trần Văn An")?;
        ui.find("Cán bộ tiếp nhận")?;
        ui.find("Hồ sơ")?;
        ui.find("Khoá màn hình")?;
        for hidden in ["Cài đặt", "Cán bộ", "Báo cáo", "Thống kê", "Nhật ký"] {
            assert!(
                ui.find(hidden).is_err(),
                "{hidden} is hidden from an officer"
            );
        }
        Ok(())
    })?;

    // The sync screen shows the officer where things stand, and no more.
    interact(&mut app, |ui| {
        ui.click("Đồng bộ")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find("Đồng bộ với hệ thống của tỉnh")?;
        for hidden in [
            "Lưu địa chỉ",
            "Đăng ký với máy chủ",
            "Xuất gói đồng bộ cuối ngày",
        ] {
            assert!(ui.find(hidden).is_err(), "{hidden} is for administrators");
        }
        ui.find("Chỉ quản trị viên được thay đổi phần này.")?;
        Ok(())
    })?;
    apply(&mut app, [Message::Escape]);

    // A settings save sent as messages (no button leads there): the core
    // refuses, the notice says why, and nothing is stored.
    apply(
        &mut app,
        [
            Message::OpenSettings,
            Message::Setup(setup::Message::CenterName("Trung tâm khác".into())),
            Message::Setup(setup::Message::Save),
        ],
    );
    let refusal = Denied {
        role: Role::Officer,
        permission: Permission::Settings,
    }
    .vi();
    let notice = format!("Không được phép: {refusal}");
    interact(&mut app, |ui| {
        ui.find(notice.as_str())?;
        // The settings screen says it too, where the officer looks.
        ui.find(refusal.as_str())?;
        ui.find("Trung tâm khác")?;
        Ok(())
    })?;
    let settings = Store::open(&db).unwrap().settings().unwrap();
    assert!(!settings.configured);
    assert_ne!(settings.center_name, "Trung tâm khác");
    interact(&mut app, |ui| {
        ui.click("Đã hiểu")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        assert!(ui.find(notice.as_str()).is_err(), "the notice closes");
        Ok(())
    })?;
    apply(&mut app, [Message::Escape]);

    // A dossier the administrator received: the officer may look, but the
    // core refuses to move it on.
    let code = {
        let mut store = Store::open(&db).unwrap();
        let admin = store.staff(ADMIN.0).unwrap().unwrap().actor();
        quay::intake::receive(
            &mut store,
            &common::good_draft(),
            &admin,
            quay::store::now_local(),
        )
        .unwrap()
        .code
    };
    interact(&mut app, |ui| {
        ui.click("Hồ sơ")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.click(code.as_str())?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.click("Chuyển xử lý")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.click("Xác nhận")?;
        Ok(())
    })?;
    let refusal = Denied {
        role: Role::Officer,
        permission: Permission::ChangeAnyDossier,
    }
    .vi();
    interact(&mut app, |ui| {
        ui.find(format!("Không được phép: {refusal}"))?;
        ui.find("Trạng thái: Được tiếp nhận")?;
        Ok(())
    })?;
    let store = Store::open(&db).unwrap();
    assert!(store.progress(&code).unwrap().history.is_empty());
    Ok(())
}

/// The administrator on the intake screen with a procedure picked and the
/// applicant's name typed, not saved.
fn half_filled_intake(db: &std::path::Path) -> Result<App, Error> {
    let mut app = common::gui::app_with_printer(db, Arc::new(CapturingPrinter::default()));
    apply(&mut app, [Message::Setup(setup::Message::SkipWithDefaults)]);
    type_into(&mut app, intake::SEARCH_ID, "ket hon")?;
    interact(&mut app, |ui| {
        ui.click("Thủ tục đăng ký kết hôn")?;
        Ok(())
    })?;
    type_into(&mut app, intake::NAME_ID, "Nguyễn Thị Hường")?;
    Ok(app)
}

#[test]
fn the_idle_lock_hides_the_screen_and_unlocking_keeps_the_form() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = half_filled_intake(&db)?;

    // Input puts the lock off; five minutes without any bring it.
    idle_ticks(&mut app, ticks_for(5) - 1);
    apply(&mut app, [Message::Activity]);
    idle_ticks(&mut app, ticks_for(5) - 1);
    assert!(!locked(&app));
    idle_ticks(&mut app, 1);
    assert!(locked(&app));
    interact(&mut app, |ui| {
        ui.find("Màn hình đã khoá")?;
        ui.find(format!("Đang đăng nhập: {} ({})", ADMIN.1, ADMIN.0))?;
        ui.find(Role::Admin.vi())?;
        assert!(ui.find("Nguyễn Thị Hường").is_err(), "the form is hidden");
        assert!(ui.find("Tiếp nhận hồ sơ").is_err());
        Ok(())
    })?;
    // Shortcuts do nothing under the lock.
    apply(
        &mut app,
        [
            Message::SaveShortcut,
            Message::OpenSettings,
            Message::Logout,
        ],
    );
    assert!(locked(&app));

    // A wrong secret keeps it locked, and says so.
    type_into(&mut app, lock::SECRET_ID, "khong-phai")?;
    interact(&mut app, |ui| {
        ui.click("Mở khoá")?;
        Ok(())
    })?;
    assert!(locked(&app));
    interact(&mut app, |ui| {
        ui.find("Mật khẩu hoặc mã PIN không đúng. Còn 4 lần thử trước khi tài khoản bị tạm khoá.")?;
        Ok(())
    })?;
    type_into(&mut app, lock::SECRET_ID, ADMIN.2)?;
    interact(&mut app, |ui| {
        ui.click(id(lock::SECRET_ID))?;
        let _ = ui.tap_key(Named::Enter);
        Ok(())
    })?;
    assert!(!locked(&app));
    interact(&mut app, |ui| {
        ui.find("Nguyễn Thị Hường")?;
        ui.find("Thủ tục đăng ký kết hôn")?;
        Ok(())
    })?;
    assert_eq!(ready(&app).session().unwrap().username(), Some(ADMIN.0));
    Ok(())
}

#[test]
fn ctrl_l_locks_and_logging_out_from_the_lock_drops_the_form() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = half_filled_intake(&db)?;
    let ctrl_l = quay::gui::main_window_key(&Key::Character("l".into()), Modifiers::CTRL);
    assert!(matches!(ctrl_l, Some(Message::LockNow)));
    apply(&mut app, ctrl_l);
    assert!(locked(&app));

    // "Đăng xuất" warns first; "Quay lại" goes back to the lock.
    interact(&mut app, |ui| {
        ui.click("Đăng xuất")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.find(
            "Đăng xuất sẽ bỏ mọi thông tin đang nhập dở trên màn hình (hồ sơ chưa lưu, biểu mẫu đang điền). Những gì đã lưu vẫn còn. Vẫn đăng xuất?",
        )?;
        ui.click("Quay lại")?;
        Ok(())
    })?;
    assert!(locked(&app));
    interact(&mut app, |ui| {
        ui.click("Đăng xuất")?;
        Ok(())
    })?;
    interact(&mut app, |ui| {
        ui.click("Đăng xuất, bỏ phần chưa lưu")?;
        Ok(())
    })?;
    assert!(ready(&app).session().is_none());
    common::gui::login(&mut app, ADMIN.0, ADMIN.2);
    interact(&mut app, |ui| {
        ui.find("Tiếp nhận hồ sơ")?;
        assert!(
            ui.find("Nguyễn Thị Hường").is_err(),
            "the next person starts clean"
        );
        Ok(())
    })?;
    Ok(())
}

#[test]
fn no_idle_lock_when_set_to_zero_minutes_and_none_before_login() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = common::gui::app_with_printer(&db, Arc::new(CapturingPrinter::default()));
    apply(&mut app, [Message::Setup(setup::Message::SkipWithDefaults)]);
    apply(
        &mut app,
        [
            Message::OpenSettings,
            Message::Setup(setup::Message::LockMinutes("abc".into())),
            Message::Setup(setup::Message::Save),
        ],
    );
    interact(&mut app, |ui| {
        ui.find("Thời gian tự khoá màn hình phải là số phút từ 0 đến 600 (0: không tự khoá).")?;
        Ok(())
    })?;
    apply(
        &mut app,
        [
            Message::Setup(setup::Message::LockMinutes("0".into())),
            Message::Setup(setup::Message::Save),
        ],
    );
    assert_eq!(
        Store::open(&db).unwrap().settings().unwrap().lock_minutes,
        0
    );
    idle_ticks(&mut app, ticks_for(60));
    assert!(!locked(&app));

    // Nobody logged in: nothing to lock.
    apply(&mut app, [Message::Logout]);
    idle_ticks(&mut app, ticks_for(60));
    apply(&mut app, [Message::LockNow]);
    assert!(matches!(ready(&app).gate, Gate::Login(_)));
    Ok(())
}

#[test]
fn a_session_ends_when_its_account_is_disabled() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = common::gui::app_as(&db, Arc::new(CapturingPrinter::default()), Role::Officer);
    {
        let mut store = Store::open(&db).unwrap();
        let admin = store.staff(ADMIN.0).unwrap().unwrap().actor();
        store
            .update_staff(
                "canbo",
                &quay::store::StaffChange {
                    active: Some(false),
                    ..Default::default()
                },
                &admin,
            )
            .unwrap();
    }
    // The next job (the clock's queue refresh) notices.
    apply(&mut app, [Message::Tick]);
    assert!(ready(&app).session().is_none());
    interact(&mut app, |ui| {
        ui.find("Tài khoản Trần Văn An (canbo) đã bị vô hiệu hoá nên đã đăng xuất. Hãy liên hệ quản trị viên.")?;
        Ok(())
    })?;
    common::gui::login(&mut app, "canbo", common::gui::PASSWORD);
    interact(&mut app, |ui| {
        ui.find(LoginError::Disabled.vi().as_str())?;
        Ok(())
    })?;
    Ok(())
}

#[test]
fn the_kiosk_issues_tickets_while_nobody_is_logged_in() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let printer = Arc::new(CapturingPrinter::default());
    let mut app = common::gui::app_with_printer(&db, printer.clone());
    apply(
        &mut app,
        [
            Message::Setup(setup::Message::SkipWithDefaults),
            Message::Logout,
            Message::Tick,
            Message::Kiosk(quay::gui::screen::kiosk::Message::Issue('A')),
        ],
    );
    assert_eq!(
        printer.jobs.lock().unwrap().len(),
        1,
        "the ticket was printed"
    );
    let store = Store::open(&db).unwrap();
    let today = quay::store::now_local().date();
    let tickets = store.tickets_between(today, today).unwrap();
    assert_eq!(tickets.len(), 1);
    Ok(())
}
