//! The staff screen (Cán bộ) driven in the iced_test simulator: an
//! administrator adds an account, changes its role, disables it and resets
//! its password; the core's refusals (a taken username, demoting the last
//! administrator) show in the form; an officer cannot list the accounts.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::sync::Arc;

use common::gui::{ADMIN, CapturingPrinter, apply, interact_with};
use iced_test::selector::id;
use iced_test::{Error, Simulator};
use quay::domain::Localized;
use quay::domain::access::{Denied, Permission, Role};
use quay::gui::screen::account_form::{AGAIN_ID, NAME_ID, SECRET_ID, USERNAME_ID};
use quay::gui::screen::{setup, staff};
use quay::gui::{App, Message};
use quay::store::{LoginError, Store};

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

fn click(app: &mut App, label: &str) -> Result<(), Error> {
    interact(app, |ui| {
        ui.click(label)?;
        Ok(())
    })
}

fn add_account(app: &mut App, name: &str, username: &str, password: &str) -> Result<(), Error> {
    type_into(app, NAME_ID, name)?;
    type_into(app, USERNAME_ID, username)?;
    type_into(app, SECRET_ID, password)?;
    type_into(app, AGAIN_ID, password)?;
    click(app, "Tạo tài khoản")
}

#[test]
fn an_administrator_adds_changes_disables_and_resets_an_account() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = common::gui::app_with_printer(&db, Arc::new(CapturingPrinter::default()));
    apply(&mut app, [Message::Setup(setup::Message::SkipWithDefaults)]);
    click(&mut app, "Cán bộ")?;
    interact(&mut app, |ui| {
        ui.find("Cán bộ — tài khoản đăng nhập")?;
        ui.find(ADMIN.0)?;
        ui.find("Thêm cán bộ")?;
        Ok(())
    })?;

    add_account(&mut app, "Trần Văn Bình", "Binh.TV", "mat-khau-binh")?;
    interact(&mut app, |ui| {
        ui.find("Đã tạo tài khoản binh.tv cho Trần Văn Bình (Cán bộ tiếp nhận).")?;
        ui.find("binh.tv")?;
        Ok(())
    })?;
    // The same username again: refused under the field, nothing added.
    add_account(&mut app, "Trần Văn Bình", "binh.tv", "mat-khau-binh")?;
    interact(&mut app, |ui| {
        ui.find("Tên đăng nhập binh.tv đã có người dùng. Hãy chọn tên khác.")?;
        Ok(())
    })?;
    assert_eq!(Store::open(&db).unwrap().staff_list().unwrap().len(), 2);

    // Promoted to lead, renamed, then disabled.
    click(&mut app, "binh.tv")?;
    interact(&mut app, |ui| {
        ui.find("Tài khoản binh.tv")?;
        ui.click(id(staff::EDIT_NAME_ID))?;
        let _ = ui.typewrite(" Hai");
        Ok(())
    })?;
    apply(
        &mut app,
        [Message::Staff(staff::Message::EditRole(Role::Lead))],
    );
    click(&mut app, "Lưu thay đổi")?;
    interact(&mut app, |ui| {
        ui.find("Đã lưu tài khoản binh.tv.")?;
        ui.find("Trần Văn Bình Hai")?;
        ui.find("Lãnh đạo trung tâm")?;
        Ok(())
    })?;
    apply(
        &mut app,
        [Message::Staff(staff::Message::EditActive(false))],
    );
    click(&mut app, "Lưu thay đổi")?;
    interact(&mut app, |ui| {
        ui.find("Vô hiệu hoá")?;
        Ok(())
    })?;
    {
        let s = Store::open(&db).unwrap().staff("binh.tv").unwrap().unwrap();
        assert_eq!(
            (s.display_name.as_str(), s.role, s.active),
            ("Trần Văn Bình Hai", Role::Lead, false)
        );
    }

    // A new password: the disabled account still cannot log in with it,
    // but the refusal says the password itself was right.
    type_into(&mut app, SECRET_ID, "mat-khau-moi-1")?;
    type_into(&mut app, AGAIN_ID, "mat-khau-moi-1")?;
    click(&mut app, "Đặt lại")?;
    interact(&mut app, |ui| {
        ui.find("Đã đặt lại mật khẩu/mã PIN của binh.tv; tài khoản đã được mở khoá.")?;
        Ok(())
    })?;
    let refused = Store::open(&db)
        .unwrap()
        .authenticate("binh.tv", "mat-khau-moi-1", quay::store::now_local())
        .unwrap_err();
    assert!(matches!(refused, LoginError::Disabled), "{refused:?}");

    // The last administrator cannot make themselves an officer.
    click(&mut app, ADMIN.0)?;
    interact(&mut app, |ui| {
        // Their own reset asks for their current password.
        ui.find("Mật khẩu hoặc mã PIN hiện tại của bạn")?;
        Ok(())
    })?;
    apply(
        &mut app,
        [Message::Staff(staff::Message::EditRole(Role::Officer))],
    );
    click(&mut app, "Lưu thay đổi")?;
    interact(&mut app, |ui| {
        ui.find(
            "quantri là quản trị viên duy nhất còn hoạt động: hãy tạo hoặc cấp quyền quản trị cho người khác trước.",
        )?;
        Ok(())
    })?;
    let admin = Store::open(&db).unwrap().staff(ADMIN.0).unwrap().unwrap();
    assert_eq!((admin.role, admin.active), (Role::Admin, true));
    Ok(())
}

#[test]
fn an_officer_cannot_list_the_accounts() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = common::gui::app_as(&db, Arc::new(CapturingPrinter::default()), Role::Officer);
    interact(&mut app, |ui| {
        assert!(ui.find("Cán bộ").is_err(), "no button");
        Ok(())
    })?;
    // Sent as a message: the screen opens, the core refuses the list.
    apply(&mut app, [Message::OpenStaff]);
    let refusal = Denied {
        role: Role::Officer,
        permission: Permission::ManageStaff,
    }
    .vi();
    interact(&mut app, |ui| {
        ui.find(format!("Không được phép: {refusal}"))?;
        assert!(ui.find(ADMIN.0).is_err(), "no account is shown");
        Ok(())
    })?;
    Ok(())
}
