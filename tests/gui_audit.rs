//! The audit trail screen (Nhật ký) driven in the iced_test simulator: open
//! it, filter by a dossier code, open an entry, check the chain ("nguyên
//! vẹn"), break the chain through a second connection and check again (the
//! entry number in red), export as CSV; and the gate: an officer sees neither
//! the button nor the entries.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use common::gui::{CapturingPrinter, apply, configured_app, interact_with, with_store};
use iced_test::Error;
use iced_test::selector::id;
use quay::domain::access::Role;
use quay::domain::audit::{ActorMatch, AuditEntry, AuditFilter, pretty_json};
use quay::domain::lifecycle::DossierStatus;
use quay::gui::audit_job::AuditOp;
use quay::gui::job::{Job, Picked};
use quay::gui::screen::audit::{ENTITY_ID, Message as AuditMessage, allowed};
use quay::gui::{App, Message};
use quay::store::Actor;

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(hour, 0, 0))
        .unwrap()
}

/// Two dossiers received on 20/11/2026, the first moved on to processing.
fn two_dossiers(app: &App) -> (String, String) {
    with_store(app, |store| {
        let actor = Actor::system("quầy 1 (Lê Văn Tâm)");
        let mut codes = Vec::new();
        for i in 0..2 {
            let mut draft = common::good_draft();
            draft.applicant.id_number = format!("03830300{i:04}");
            draft.received_at = Some(at(20, 9 + i));
            let d = quay::intake::receive(store, &draft, &actor, at(20, 12)).unwrap();
            codes.push(d.code);
        }
        store
            .set_status(&codes[0], DossierStatus::Processing, "", at(20, 14), &actor)
            .unwrap();
        (codes.remove(0), codes.remove(0))
    })
}

fn entries_of(app: &App, code: &str) -> Vec<AuditEntry> {
    with_store(app, |store| {
        store
            .audit_list(&AuditFilter {
                entity: Some(code.into()),
                ..AuditFilter::default()
            })
            .unwrap()
    })
}

fn audit(m: AuditMessage) -> Message {
    Message::Audit(m)
}

#[test]
fn a_lead_filters_opens_checks_and_exports_the_trail() -> Result<(), Error> {
    let (dir, db) = common::temp_db();
    let mut app = configured_app(&db);
    let (a, b) = two_dossiers(&app);
    let mine = entries_of(&app, &a);
    assert_eq!(mine.len(), 2, "received, then processing");

    interact_with(&mut app, App::view, |ui| {
        ui.click("Nhật ký")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Nhật ký thao tác")?;
        // The newest entries, both dossiers among them.
        ui.find(b.as_str())?;
        ui.click(id(ENTITY_ID))?;
        let _ = ui.typewrite(&a);
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.click("Lọc")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("2 mục, mới nhất trước.")?;
        ui.find("Tiếp nhận hồ sơ")?;
        ui.find("Đổi trạng thái hồ sơ")?;
        ui.find("status: 2 → 4; at: 20/11/2026 14:00")?;
        assert!(ui.find(b.as_str()).is_err(), "only the dossier asked for");
        ui.click("Tiếp nhận hồ sơ")?;
        Ok(())
    })?;
    let received = &mine[0];
    let after = pretty_json(received.after.as_deref().unwrap());
    interact_with(&mut app, App::view, |ui| {
        ui.find(format!("Mục số {}", received.id).as_str())?;
        ui.find("Thao tác: Tiếp nhận hồ sơ (dossier.receive)")?;
        ui.find("Người thực hiện: quầy 1 (Lê Văn Tâm)")?;
        ui.find("(không có)")?;
        ui.find(after.as_str())?;
        ui.find(format!("Mã băm: {}", received.hash).as_str())?;
        ui.click("Kiểm tra tính toàn vẹn")?;
        Ok(())
    })?;
    let total = with_store(&app, |s| s.audit_head().unwrap().unwrap().entries);
    interact_with(&mut app, App::view, |ui| {
        ui.find(format!("Nhật ký nguyên vẹn: {total} mục").as_str())?;
        Ok(())
    })?;

    // Someone with the file changes who received the dossier.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch("DROP TRIGGER audit_no_update").unwrap();
    c.execute(
        "UPDATE audit_log SET actor = 'quầy 3' WHERE id = ?1",
        [received.id],
    )
    .unwrap();
    drop(c);
    interact_with(&mut app, App::view, |ui| {
        ui.click("Kiểm tra tính toàn vẹn")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        let red = format!("Nhật ký bị sửa tại mục {} (nội dung bị sửa)", received.id);
        ui.find(red.as_str())?;
        // The rows are read again: the entry as it is on disk now.
        ui.find("quầy 3")?;
        Ok(())
    })?;

    // "Xuất CSV…": the save dialog's answer, as its job brings it back.
    let out = dir.path().join("nhat-ky.csv");
    apply(
        &mut app,
        [audit(AuditMessage::ExportPathPicked(Picked::Path(
            out.clone(),
        )))],
    );
    let saved = format!("Đã lưu 2 mục nhật ký vào {}.", out.display());
    interact_with(&mut app, App::view, |ui| {
        ui.find(saved.as_str())?;
        Ok(())
    })?;
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with('\u{FEFF}'), "BOM for Excel");
    assert_eq!(
        csv.lines().count(),
        3,
        "header and the dossier's two entries"
    );
    assert!(csv.contains(&received.hash));
    // No dialog on this machine: beside the database, and said where.
    apply(
        &mut app,
        [audit(AuditMessage::ExportPathPicked(Picked::Unavailable))],
    );
    let exported: Vec<_> = std::fs::read_dir(dir.path().join("exports"))
        .unwrap()
        .collect();
    assert_eq!(exported.len(), 1);
    apply(
        &mut app,
        [audit(AuditMessage::ExportPathPicked(Picked::Cancelled))],
    );
    interact_with(&mut app, App::view, |ui| {
        ui.find("Chưa lưu: đã huỷ chọn nơi lưu.")?;
        ui.click("Đóng")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        assert!(ui.find("Nhật ký thao tác").is_err(), "closed");
        Ok(())
    })?;
    Ok(())
}

#[test]
fn filters_by_officer_and_kind_and_refuses_bad_dates() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = configured_app(&db);
    let (a, _) = two_dossiers(&app);
    apply(&mut app, [Message::OpenAudit]);
    use quay::gui::screen::audit::{ActorOption, KindOption};
    apply(
        &mut app,
        [audit(AuditMessage::Actor(ActorOption(Some(
            "hệ thống".into(),
        ))))],
    );
    interact_with(&mut app, App::view, |ui| {
        // The catalog and the calendar of a new database.
        ui.find("2 mục, mới nhất trước.")?;
        ui.find("Nhập danh mục thủ tục")?;
        ui.find("Nhập lịch nghỉ lễ")?;
        Ok(())
    })?;
    let status = KindOption::all()
        .into_iter()
        .find(|k| k.to_string() == "Hồ sơ")
        .unwrap();
    apply(
        &mut app,
        [
            audit(AuditMessage::Actor(ActorOption(Some(
                "quầy 1 (Lê Văn Tâm)".into(),
            )))),
            audit(AuditMessage::Kind(status)),
        ],
    );
    let want = with_store(&app, |s| {
        s.audit_list(&AuditFilter {
            actor: Some(ActorMatch::Exact("quầy 1 (Lê Văn Tâm)".into())),
            action_prefix: Some("dossier.".into()),
            ..AuditFilter::default()
        })
        .unwrap()
        .len()
    });
    assert_eq!(want, 3);
    interact_with(&mut app, App::view, |ui| {
        ui.find("3 mục, mới nhất trước.")?;
        ui.find(a.as_str())?;
        Ok(())
    })?;
    apply(
        &mut app,
        [
            audit(AuditMessage::From("31/02/2026".into())),
            audit(AuditMessage::Apply),
        ],
    );
    interact_with(&mut app, App::view, |ui| {
        ui.find("“Từ ngày” không phải một ngày: hãy viết dạng dd/mm/yyyy, ví dụ 01/11/2026.")?;
        Ok(())
    })?;
    apply(
        &mut app,
        [
            audit(AuditMessage::From("21/11/2026".into())),
            audit(AuditMessage::To("20/11/2026".into())),
            audit(AuditMessage::Apply),
        ],
    );
    interact_with(&mut app, App::view, |ui| {
        ui.find("“Từ ngày” phải trước hoặc bằng “đến ngày”.")?;
        ui.click("Bỏ lọc")?;
        Ok(())
    })?;
    let all = with_store(&app, |s| s.audit_head().unwrap().unwrap().entries);
    interact_with(&mut app, App::view, |ui| {
        ui.find(format!("{all} mục, mới nhất trước.").as_str())?;
        Ok(())
    })?;
    Ok(())
}

#[test]
fn only_leads_and_administrators_see_the_trail() -> Result<(), Error> {
    assert!(!allowed(Role::Officer));
    assert!(allowed(Role::Lead));
    assert!(allowed(Role::Admin));

    let (_dir, db) = common::temp_db();
    drop(configured_app(&db));
    let printer = || Arc::new(CapturingPrinter::default());
    let mut app = common::gui::app_as(&db, printer(), Role::Officer);
    interact_with(&mut app, App::view, |ui| {
        ui.find("Hồ sơ")?;
        assert!(ui.find("Nhật ký").is_err(), "no button for an officer");
        Ok(())
    })?;
    apply(&mut app, [Message::OpenAudit]);
    interact_with(&mut app, App::view, |ui| {
        assert!(
            ui.find("Nhật ký thao tác").is_err(),
            "the screen stays shut"
        );
        Ok(())
    })?;
    // Hiding is not the check: the jobs refuse too.
    let App::Ready(ready) = &app else {
        panic!("not ready")
    };
    let services = ready.loaded.services.clone();
    let Message::Audit(AuditMessage::Verified(Err(_))) = Job::Audit(AuditOp::Verify).run(&services)
    else {
        panic!("an officer's check is refused")
    };
    let listed = Job::Audit(AuditOp::List(Box::default())).run(&services);
    assert!(matches!(
        listed,
        Message::Audit(AuditMessage::Listed(Err(_)))
    ));

    let mut app = common::gui::app_as(&db, printer(), Role::Lead);
    interact_with(&mut app, App::view, |ui| {
        ui.click("Nhật ký")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Nhật ký thao tác")?;
        ui.find("Đăng nhập")?;
        Ok(())
    })?;
    Ok(())
}
