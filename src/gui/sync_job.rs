//! The sync screen's and status bar's work, run on a job thread like every
//! other `Job`: reading the sync figures, the hub settings and enrolment, the
//! quarantine, and the end-of-day bundle and acknowledgement files.
//!
//! Work that waits on the network or writes a large file (enrolment, bundle
//! export, applying an acknowledgement) opens its own connection on the same
//! database file instead of holding the shared one, so the counter keeps
//! working meanwhile; SQLite's WAL and busy timeout order the writes.

use std::path::{Path, PathBuf};

use super::Message;
use super::job::{Picked, Services, timed};
use super::screen::sync::{self as sync_screen, Details, Overview};
use crate::domain::Localized;
use crate::domain::access::Permission;
use crate::domain::sync_settings::{HubSettings, check_hub_url};
use crate::store::{Actor, Store, StoreError};

/// Bundles listed on the sync screen.
const BUNDLES_SHOWN: i64 = 20;

#[derive(Debug, Clone)]
pub enum SyncOp {
    /// The status bar's figures and whether a hub is configured.
    Overview,
    /// Everything the sync screen lists.
    Details,
    SaveHub(HubSettings),
    Enrol {
        url: String,
        token: String,
    },
    Resend(i64),
    Dismiss {
        seq: i64,
        note: String,
    },
    /// "Xuất gói đồng bộ cuối ngày": ask where (if there is anything to write).
    PickBundlePath,
    /// Write the bundle there; None: no dialog could be shown, write it
    /// beside the database.
    ExportBundle(Option<PathBuf>),
    /// "Nhập tệp xác nhận": ask which file.
    PickAck,
    ApplyAck(PathBuf),
    /// One dossier's sync state, for its detail pane.
    DossierSync(String),
}

pub fn run(op: SyncOp, services: &Services) -> Message {
    use sync_screen::Message as M;
    match op {
        SyncOp::Overview => Message::SyncOverview(with_shared(services, overview)),
        SyncOp::Details => Message::Sync(M::Loaded(
            with_shared(services, |store| {
                services.actor(store).map_err(|e| e.vi())?;
                details(store)
            })
            .map(Box::new),
        )),
        SyncOp::SaveHub(settings) => Message::Sync(M::HubSaved(with_shared(services, |store| {
            let who = services.actor(store).map_err(|e| e.vi())?;
            save_hub(store, &who, &settings)
        }))),
        SyncOp::Enrol { url, token } => Message::Sync(M::HubSaved(
            own_store(services).and_then(|(mut store, who)| enrol(&mut store, &who, &url, &token)),
        )),
        SyncOp::Resend(seq) => Message::Sync(M::Done(with_shared(services, |store| {
            let who = services.actor(store).map_err(|e| e.vi())?;
            let new_seq = store.resend(seq, &who).map_err(|e| e.vi())?;
            Ok(format!(
                "Đã gửi lại sự kiện số {seq} thành sự kiện mới số {new_seq}; sẽ lên tỉnh ở lần đồng bộ tới."
            ))
        }))),
        SyncOp::Dismiss { seq, note } => Message::Sync(M::Done(with_shared(services, |store| {
            let who = services.actor(store).map_err(|e| e.vi())?;
            store
                .dismiss_rejection(seq, &note, &who, crate::store::now_local())
                .map_err(|e| e.vi())?;
            Ok(format!("Đã gác lại sự kiện số {seq}."))
        }))),
        SyncOp::PickBundlePath => Message::Sync(M::BundlePathPicked(pick_bundle_path(services))),
        SyncOp::ExportBundle(path) => Message::Sync(M::Exported(
            own_store(services)
                .and_then(|(mut store, who)| export_bundle(&mut store, &who, path.as_deref())),
        )),
        SyncOp::PickAck => {
            let dialog = rfd::FileDialog::new()
                .set_title("Chọn tệp xác nhận của tỉnh")
                .add_filter("Tệp xác nhận (JSON)", &["json"])
                .add_filter("Mọi tệp", &["*"]);
            Message::Sync(M::AckPicked(timed(|| dialog.pick_file())))
        }
        SyncOp::ApplyAck(path) => Message::Sync(M::AckApplied(
            own_store(services).and_then(|(mut store, who)| apply_ack(&mut store, &who, &path)),
        )),
        SyncOp::DossierSync(code) => {
            let result = with_shared(services, |store| {
                services.actor(store).map_err(|e| e.vi())?;
                store.dossier_sync(&code).map_err(|e| e.vi())
            });
            Message::DossierSyncLoaded(code, result)
        }
    }
}

/// Runs `f` on the shared connection, for quick reads and writes.
fn with_shared<T>(
    services: &Services,
    f: impl FnOnce(&mut Store) -> Result<T, String>,
) -> Result<T, String> {
    // A panic while holding the lock leaves the connection usable (SQLite rolled
    // the transaction back): carry on with it.
    let mut guard = match services.store.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    f(&mut guard)
}

/// A connection of its own on the same file, for slow work, and who does it.
fn own_store(services: &Services) -> Result<(Store, Actor), String> {
    let (path, who) = {
        let guard = match services.store.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let who = services.actor(&guard).map_err(|e| e.vi())?;
        (guard.path().to_path_buf(), who)
    };
    Ok((Store::open(&path).map_err(|e| e.vi_at_open())?, who))
}

fn overview(store: &mut Store) -> Result<Overview, String> {
    let state = store.sync_state().map_err(|e| e.vi())?;
    let hub_url = crate::sync::hub::hub_url(store).map_err(|e| e.vi())?;
    Ok(Overview { state, hub_url })
}

fn details(store: &mut Store) -> Result<Details, String> {
    let read = |store: &mut Store| -> Result<Details, StoreError> {
        Ok(Details {
            quarantine: store.quarantine()?,
            bundles: store.bundles(BUNDLES_SHOWN)?,
            hub: store.hub_settings()?,
            station_id: store.station_identity()?.station_id,
        })
    };
    read(store).map_err(|e| e.vi())
}

fn save_hub(store: &mut Store, who: &Actor, settings: &HubSettings) -> Result<String, String> {
    let url = check_hub_url(&settings.hub_url).map_err(|e| e.vi())?;
    let token = settings
        .enrol_token
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    let clean = HubSettings {
        hub_url: url.clone(),
        enrol_token: token,
    };
    store.save_hub_settings(&clean, who).map_err(|e| e.vi())?;
    Ok(match url.is_empty() {
        true => "Đã xoá địa chỉ máy chủ: quầy này không đồng bộ qua mạng nữa.".into(),
        false => format!("Đã lưu địa chỉ máy chủ {url}."),
    })
}

/// Enrols with the hub at `url`, then keeps the address and the token for the
/// sync loop (as `quay sync enrol` does).
fn enrol(store: &mut Store, who: &Actor, url: &str, token: &str) -> Result<String, String> {
    // Checked before the hub is contacted: a refusal must not enrol half-way.
    who.require(Permission::SyncSettings)
        .map_err(|e| StoreError::from(e).vi())?;
    let url = check_hub_url(url).map_err(|e| e.vi())?;
    if url.is_empty() {
        return Err("Hãy nhập địa chỉ máy chủ, ví dụ http://10.0.0.5:8750.".into());
    }
    if token.trim().is_empty() {
        return Err("Hãy nhập mã đăng ký do tỉnh cấp.".into());
    }
    let receiver = crate::sync::hub::connect_to(store, &url).map_err(|e| e.vi())?;
    let reply = crate::sync::hub::enrol(store, &receiver, token).map_err(|e| e.vi())?;
    store
        .save_hub_settings(
            &HubSettings {
                hub_url: url.clone(),
                enrol_token: Some(token.trim().to_string()),
            },
            who,
        )
        .map_err(|e| e.vi())?;
    Ok(format!(
        "Đã đăng ký với máy chủ {} ({url}). Máy chủ đang giữ {} sự kiện của quầy này.",
        reply.hub_id, reply.acked_through
    ))
}

/// Asks where to write the bundle (a USB stick), once there is something to
/// write. The dialog runs without holding the database.
fn pick_bundle_path(services: &Services) -> Result<Picked, String> {
    let name = with_shared(services, |store| {
        // Refused before the dialog, not after the officer picked a place.
        services
            .actor(store)
            .and_then(|who| Ok(who.require(Permission::Bundles)?))
            .map_err(|e| e.vi())?;
        let state = store.sync_state().map_err(|e| e.vi())?;
        if state.pending == 0 {
            return Err("Không có dữ liệu nào đang chờ gửi lên tỉnh: không cần xuất gói.".into());
        }
        default_bundle_name(store)
    })?;
    let dialog = rfd::FileDialog::new()
        .set_title("Lưu gói đồng bộ cuối ngày")
        .set_file_name(&name)
        .add_filter("Gói đồng bộ Quầy", &["quaybundle"]);
    Ok(timed(|| dialog.save_file()))
}

fn default_bundle_name(store: &mut Store) -> Result<String, String> {
    let station = store.station_identity().map_err(|e| e.vi())?.station_id;
    Ok(bundle_file_name(&station, crate::store::now_local().date()))
}

/// Writes the bundle to `path`; with none (no dialog on this machine), into
/// `exports/` beside the database, and says where.
fn export_bundle(store: &mut Store, who: &Actor, path: Option<&Path>) -> Result<String, String> {
    let beside_db = path.is_none();
    let fallback;
    let path = match path {
        Some(p) => p,
        None => {
            let dir = store
                .path()
                .parent()
                .map(|d| d.join("exports"))
                .unwrap_or_else(|| PathBuf::from("exports"));
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("Không tạo được thư mục {}: {e}", dir.display()))?;
            fallback = dir.join(default_bundle_name(store)?);
            fallback.as_path()
        }
    };
    let summary = crate::bundle::export(store, None, path, who).map_err(|e| e.vi())?;
    let what = format!(
        "{} sự kiện (số {}–{}), {} tệp đính kèm, {}",
        summary.events,
        summary.first_seq,
        summary.last_seq,
        summary.attachments,
        fmt_bytes(summary.file_bytes)
    );
    Ok(match beside_db {
        true => format!(
            "Máy này không mở được hộp chọn nơi lưu; đã xuất gói vào {}: {what}.",
            summary.path.display()
        ),
        false => format!("Đã xuất gói vào {}: {what}.", summary.path.display()),
    })
}

/// `quay-1a2b3c4d-2026-11-23.quaybundle`: the station id's last eight digits
/// (the random part of a UUIDv7) tell two counters' bundles apart.
pub fn bundle_file_name(station_id: &str, day: chrono::NaiveDate) -> String {
    let hex: String = station_id.chars().filter(char::is_ascii_hexdigit).collect();
    let short = &hex[hex.len().saturating_sub(8)..];
    format!("quay-{short}-{}.quaybundle", day.format("%Y-%m-%d"))
}

fn apply_ack(store: &mut Store, who: &Actor, path: &Path) -> Result<String, String> {
    let s = crate::bundle::apply_ack(store, path, who).map_err(|e| e.vi())?;
    let mut out = format!(
        "Đã nhập tệp xác nhận: tỉnh đã nhận đến sự kiện số {} (trước đó: {}).",
        s.now_acked_through, s.previous_acked_through
    );
    if s.rejections > 0 {
        out.push_str(&format!(" Tỉnh từ chối {} sự kiện.", s.rejections));
    }
    if s.quarantined > 0 {
        out.push_str(&format!(
            " Còn {} sự kiện bị từ chối cần xử lý.",
            s.quarantined
        ));
    }
    if s.trusted_new_hub_key {
        out.push_str(" Đã ghi nhận khóa của máy chủ tỉnh từ tệp này.");
    }
    Ok(out)
}

/// `812 B`, `48 KB`, `1,2 MB`: Vietnamese decimal comma.
pub fn fmt_bytes(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    let s = if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB)
    };
    s.replace('.', ",")
}
