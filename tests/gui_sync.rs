//! Sync in the GUI, driven in the iced_test simulator: the status bar on every
//! screen, the quarantine of events the hub rejected (set aside with a note,
//! or resent), the dossier's sync line, and enrolment with a real `quay-hub`
//! followed by the real background loop.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::time::Duration;

use common::gui::{apply, configured_app, interact_with, with_store};
use iced_test::Error;
use iced_test::selector::id;
use quay::gui::job::Job;
use quay::gui::job::Picked;
use quay::gui::screen::sync::{
    ACK_PATH_ID, DISMISS_NOTE_ID, HUB_URL_ID, Message as SyncMessage, TOKEN_ID,
};
use quay::gui::sync_loop::SyncEvent;
use quay::gui::{App, Message};
use quay::store::Store;
use quay::sync::watch::{SyncStatus, WatchConfig};
use quay::sync::wire::Rejection;

const REASON: &str = "Thủ tục 1.000894 không có trong danh mục của tỉnh.";

/// A dossier received at the counter, through the same job the intake screen runs.
fn receive(app: &mut App, name: &str) -> String {
    let services = {
        let App::Ready(ready) = &*app else {
            panic!("not ready")
        };
        ready.loaded.services.clone()
    };
    let mut draft = common::good_draft();
    draft.applicant.name = name.into();
    let saved = Job::Receive(Box::new(draft)).run(&services);
    let Message::Intake(quay::gui::screen::intake::Message::Saved(Ok(d))) = &saved else {
        panic!("not received: {saved:?}")
    };
    let code = d.code.clone();
    apply(app, [saved]);
    code
}

/// The hub rejects events `seqs`, as a batch reply settling all of them would.
fn reject(app: &App, seqs: &[i64]) {
    with_store(app, |store| {
        let events = store.outbox_after(0, 100).unwrap();
        let rejected: Vec<Rejection> = seqs
            .iter()
            .map(|&seq| Rejection {
                seq,
                event_id: events
                    .iter()
                    .find(|e| e.seq == seq)
                    .unwrap()
                    .event_id
                    .clone(),
                code: "unknown_procedure".into(),
                reason: REASON.into(),
            })
            .collect();
        let last = events.last().unwrap().seq;
        store
            .record_delivery(last, &rejected, quay::store::now_local())
            .unwrap();
    });
}

fn app_is_ready(app: &App) -> &quay::gui::Ready {
    let App::Ready(ready) = app else {
        panic!("not ready")
    };
    ready
}

#[test]
fn the_status_bar_counts_pending_events_and_says_no_hub_is_set() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = configured_app(&db);
    receive(&mut app, "Nguyễn Thị Hường");
    interact_with(&mut app, App::view, |ui| {
        ui.find("Chưa cài đặt máy chủ đồng bộ")?;
        ui.find("Chờ gửi: 1")?;
        ui.find("Chưa đồng bộ lần nào")?;
        assert!(ui.find("Bị từ chối: 1").is_err(), "nothing rejected yet");
        Ok(())
    })?;
    // No hub: the app asks for no sync loop.
    assert_eq!(app_is_ready(&app).sync_bar.hub_url(), None);
    assert!(!app_is_ready(&app).sync_bar.can_wake());

    // The bar stays on other screens, and the sync screen says where to set the hub.
    interact_with(&mut app, App::view, |ui| {
        ui.click("Hồ sơ")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Chờ gửi: 1")?;
        ui.click("Đồng bộ")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Đồng bộ với hệ thống của tỉnh")?;
        ui.find("Máy chủ: chưa có địa chỉ (nhập ở mục bên dưới)")?;
        ui.find("Tỉnh đã xác nhận: 0 trên 1 sự kiện")?;
        ui.find("Không có sự kiện nào bị từ chối.")?;
        ui.find("Chưa xuất gói nào.")?;
        Ok(())
    })?;

    // Enrolling without a token is refused in the form, before any network wait.
    interact_with(&mut app, App::view, |ui| {
        ui.click(id(HUB_URL_ID))?;
        let _ = ui.typewrite("http://127.0.0.1:9");
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.click("Đăng ký với máy chủ")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Hãy nhập mã đăng ký do tỉnh cấp.")?;
        Ok(())
    })?;
    // Saving the address turns the loop on (the status bar stops saying "not set").
    interact_with(&mut app, App::view, |ui| {
        ui.click("Lưu địa chỉ")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Đã lưu địa chỉ máy chủ http://127.0.0.1:9.")?;
        ui.find("Đang kết nối máy chủ tỉnh…")?;
        Ok(())
    })?;
    assert_eq!(
        app_is_ready(&app).sync_bar.hub_url(),
        Some("http://127.0.0.1:9")
    );
    Ok(())
}

#[test]
fn a_rejected_event_is_set_aside_with_a_note_or_resent() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = configured_app(&db);
    let first = receive(&mut app, "Nguyễn Thị Hường");
    let second = receive(&mut app, "Trần Văn Bình");
    reject(&app, &[1, 2]);
    // The next clock tick reads the figures again.
    apply(&mut app, [Message::Tick]);

    // The dossier's detail pane says it was rejected, and leads to the sync screen.
    interact_with(&mut app, App::view, |ui| {
        ui.find("Bị từ chối: 2")?;
        ui.find("Chờ gửi: 0")?;
        ui.click("Hồ sơ")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.click(second.as_str())?;
        Ok(())
    })?;
    let rejected_line = format!("Bị từ chối: {REASON}");
    interact_with(&mut app, App::view, |ui| {
        ui.find(rejected_line.as_str())?;
        ui.click("Xem ở mục Đồng bộ")?;
        Ok(())
    })?;
    let reason_line = format!("Lý do: {REASON}");
    interact_with(&mut app, App::view, |ui| {
        ui.find("Đồng bộ với hệ thống của tỉnh")?;
        ui.find(first.as_str())?;
        ui.find(second.as_str())?;
        ui.find(reason_line.as_str())?;
        ui.find("Tiếp nhận hồ sơ")?;
        ui.find("Bị từ chối, chờ xử lý: 2")?;
        // The oldest first: this is the first dossier's event.
        ui.click("Gác lại…")?;
        Ok(())
    })?;
    // An empty note is refused in the form; nothing is set aside.
    interact_with(&mut app, App::view, |ui| {
        ui.click("Xác nhận gác lại")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Hãy ghi lý do gác lại, ví dụ: đã nhập tay trên hệ thống của tỉnh.")?;
        Ok(())
    })?;
    assert_eq!(with_store(&app, |s| s.quarantine().unwrap().len()), 2);
    interact_with(&mut app, App::view, |ui| {
        ui.click(id(DISMISS_NOTE_ID))?;
        let _ = ui.typewrite("Đã nhập tay trên hệ thống của tỉnh");
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.click("Xác nhận gác lại")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Đã gác lại sự kiện số 1.")?;
        ui.find("Bị từ chối: 1")?;
        assert!(ui.find(first.as_str()).is_err(), "set aside: off the list");
        Ok(())
    })?;

    // The other one is resent: off the list, a new event waits to be sent.
    interact_with(&mut app, App::view, |ui| {
        ui.click("Gửi lại")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Đã gửi lại sự kiện số 2 thành sự kiện mới số 3; sẽ lên tỉnh ở lần đồng bộ tới.")?;
        ui.find("Không có sự kiện nào bị từ chối.")?;
        ui.find("Chờ gửi: 1")?;
        assert!(
            ui.find("Bị từ chối: 1").is_err(),
            "the bar's red button is gone"
        );
        Ok(())
    })?;
    let store = Store::open(&db).unwrap();
    assert!(store.quarantine().unwrap().is_empty());
    let state = store.sync_state().unwrap();
    assert_eq!((state.last_seq, state.pending), (3, 1));
    let events = store.outbox_after(2, 10).unwrap();
    let original = store.outbox_after(1, 1).unwrap().remove(0);
    assert_eq!(events[0].kind, "dossier.received");
    assert_eq!(events[0].entity_key, second);
    assert_eq!(
        events[0].payload["resend_of"].as_str(),
        Some(original.event_id.as_str())
    );
    assert!(matches!(
        store.dossier_sync(&second).unwrap(),
        quay::store::DossierSync::Pending { events: 1 }
    ));
    Ok(())
}

#[test]
fn enrol_with_a_real_hub_then_the_loop_reports_a_rejection() -> Result<(), Error> {
    let hub = common::hub::Hub::start(&["--enrol-token", "MA-TINH-2026"]);
    // The province's catalog lacks the procedure the counter will receive.
    let catalog = hub.db.with_file_name("catalog.csv");
    std::fs::write(&catalog, catalog_without("1.000894")).unwrap();
    hub.cli_ok(&["publish-catalog", catalog.to_str().unwrap()]);

    let (_dir, db) = common::temp_db();
    let mut app = configured_app(&db);
    let code = receive(&mut app, "Nguyễn Thị Hường");
    interact_with(&mut app, App::view, |ui| {
        ui.click("Đồng bộ")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.click(id(HUB_URL_ID))?;
        let _ = ui.typewrite(&hub.url);
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.click(id(TOKEN_ID))?;
        let _ = ui.typewrite("MA-TINH-2026");
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.click("Đăng ký với máy chủ")?;
        Ok(())
    })?;
    let hub_id = hub
        .cli_ok(&["info"])
        .lines()
        .find_map(|l| l.strip_prefix("hub_id: ").map(str::to_string))
        .expect("the hub's id");
    let enrolled = format!(
        "Đã đăng ký với máy chủ {hub_id} ({}). Máy chủ đang giữ 0 sự kiện của quầy này.",
        hub.url
    );
    interact_with(&mut app, App::view, |ui| {
        ui.find(enrolled.as_str())?;
        ui.find("Đang kết nối máy chủ tỉnh…")?;
        Ok(())
    })?;
    assert_eq!(
        app_is_ready(&app).sync_bar.hub_url(),
        Some(hub.url.as_str())
    );

    // The subscription's loop, run here by hand: its statuses go to the app
    // exactly as the subscription forwards them.
    let (handle, statuses) = quay::sync::watch::spawn_channel(db.clone(), WatchConfig::default())
        .expect("the sync thread starts");
    loop {
        let status = statuses
            .recv_timeout(Duration::from_secs(30))
            .expect("the loop reports");
        let synced = matches!(status, SyncStatus::Synced { .. });
        assert!(
            !matches!(status, SyncStatus::Failed { .. }),
            "the loop failed: {status:?}"
        );
        apply(
            &mut app,
            [Message::SyncLoop(SyncEvent::Status(Box::new(status)))],
        );
        if synced {
            break;
        }
    }
    handle.stop();
    handle.join();
    apply(&mut app, [Message::Tick]);
    interact_with(&mut app, App::view, |ui| {
        ui.find("Đã kết nối máy chủ tỉnh")?;
        ui.find("Chờ gửi: 0")?;
        ui.find("Bị từ chối: 1")?;
        ui.find(code.as_str())?;
        ui.find("Tiếp nhận hồ sơ")?;
        Ok(())
    })?;
    let store = Store::open(&db).unwrap();
    let quarantine = store.quarantine().unwrap();
    assert_eq!(quarantine.len(), 1);
    // The hub's own wording, shown as it is.
    let reason = format!("Lý do: {}", quarantine[0].reason);
    interact_with(&mut app, App::view, |ui| {
        ui.find(reason.as_str())?;
        Ok(())
    })?;
    assert!(store.sync_state().unwrap().last_success_at.is_some());
    Ok(())
}

#[test]
fn end_of_day_bundle_out_and_acknowledgement_file_in() -> Result<(), Error> {
    let (dir, db) = common::temp_db();
    let mut app = configured_app(&db);
    receive(&mut app, "Nguyễn Thị Hường");
    let second = receive(&mut app, "Trần Văn Bình");
    interact_with(&mut app, App::view, |ui| {
        ui.click("Đồng bộ")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Chưa xuất gói nào.")?;
        Ok(())
    })?;
    // The save dialog's answer, as its job brings it back (a USB stick).
    let usb = dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let out = usb.join("quay-cuoi-ngay.quaybundle");
    apply(
        &mut app,
        [Message::Sync(SyncMessage::BundlePathPicked(Ok(
            Picked::Path(out.clone()),
        )))],
    );
    let info = quay::bundle::verify(&out, None).expect("a valid bundle");
    assert_eq!((info.first_seq, info.last_seq, info.events), (1, 2, 2));
    let written = format!(
        "Đã xuất gói vào {}: 2 sự kiện (số 1–2), 0 tệp đính kèm, {}.",
        out.display(),
        quay::gui::sync_job::fmt_bytes(info.file_bytes)
    );
    let logged = with_store(&app, |s| s.bundles(1).unwrap().remove(0));
    let listed = format!(
        "{} · sự kiện số 1–2 (2 sự kiện) · 0 tệp đính kèm",
        quay::domain::format::fmt_datetime(logged.created_at)
    );
    interact_with(&mut app, App::view, |ui| {
        ui.find(written.as_str())?;
        ui.find("quay-cuoi-ngay.quaybundle")?;
        ui.find(listed.as_str())?;
        // Exported is not delivered: the events still wait for the hub's answer.
        ui.find("Chờ gửi: 2")?;
        Ok(())
    })?;

    // The hub's acknowledgement comes back on the stick: both settled, one rejected.
    let hub_key = quay::sync::signing::generate().unwrap();
    let (station_id, second_event) = with_store(&app, |s| {
        (
            s.station_identity().unwrap().station_id,
            s.outbox_after(1, 1).unwrap().remove(0).event_id,
        )
    });
    let ack_path = usb.join("quay-ack.json");
    quay::bundle::Ack {
        format: quay::bundle::ACK_FORMAT.into(),
        version: quay::bundle::ACK_VERSION,
        hub_id: "hub-thanh-hoa".into(),
        hub_public_key: quay::sync::signing::public_to_hex(&hub_key.verifying_key()),
        station_id,
        acked_through: 2,
        rejections: vec![Rejection {
            seq: 2,
            event_id: second_event,
            code: "unknown_procedure".into(),
            reason: REASON.into(),
        }],
        created_at: "2026-11-24T07:30:00".into(),
    }
    .write(&hub_key, &ack_path)
    .unwrap();
    // No file dialog on this machine: the screen asks for a typed path.
    apply(
        &mut app,
        [Message::Sync(SyncMessage::AckPicked(Picked::Unavailable))],
    );
    interact_with(&mut app, App::view, |ui| {
        ui.find("Máy này không mở được hộp chọn tệp. Gõ đường dẫn tệp xác nhận:")?;
        ui.click(id(ACK_PATH_ID))?;
        let _ = ui.typewrite(ack_path.to_str().unwrap());
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.click("Nhập tệp này")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find(
            "Đã nhập tệp xác nhận: tỉnh đã nhận đến sự kiện số 2 (trước đó: 0). \
             Tỉnh từ chối 1 sự kiện. Còn 1 sự kiện bị từ chối cần xử lý. \
             Đã ghi nhận khóa của máy chủ tỉnh từ tệp này.",
        )?;
        ui.find("Chờ gửi: 0")?;
        ui.find("Bị từ chối: 1")?;
        ui.find(second.as_str())?;
        Ok(())
    })?;
    Ok(())
}

fn catalog_without(code: &str) -> String {
    let mut reader = csv::Reader::from_reader(quay::BUNDLED_CATALOG.as_bytes());
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(reader.headers().unwrap()).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        if &record[0] != code {
            out.write_record(&record).unwrap();
        }
    }
    String::from_utf8(out.into_inner().unwrap()).unwrap()
}

#[test]
fn bundle_names_and_sizes_read_well() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert_eq!(
        quay::gui::sync_job::bundle_file_name("019aa7d2-7c3e-7b21-9f0e-5d2a1b3c4d5e", day),
        "quay-1b3c4d5e-2026-11-23.quaybundle"
    );
    use quay::gui::sync_job::fmt_bytes;
    assert_eq!(fmt_bytes(812), "812 B");
    assert_eq!(fmt_bytes(48 * 1024), "48 KB");
    assert_eq!(fmt_bytes(1_258_291), "1,2 MB");
}
