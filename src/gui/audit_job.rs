//! The Nhật ký screen's work, run on a job thread like every other `Job`:
//! reading the trail, checking its chain, and saving it as CSV. Every one
//! checks that whoever is logged in may see the trail (a lead or an
//! administrator): hiding the button is never the check.
//!
//! The check and the export walk the whole trail, so they run on a
//! connection of their own to the same file and the counter keeps working
//! meanwhile.

use std::path::PathBuf;

use super::Message;
use super::job::{Services, timed};
use super::screen::audit::{self as audit_screen, LIMIT, Listing};
use crate::domain::Localized;
use crate::domain::access::Permission;
use crate::domain::audit::AuditFilter;
use crate::store::{Store, StoreError};

#[derive(Debug, Clone)]
pub enum AuditOp {
    /// The newest entries that pass the filter (at most [`LIMIT`]), and the
    /// names for the officer filter.
    List(Box<AuditFilter>),
    /// "Kiểm tra tính toàn vẹn".
    Verify,
    /// "Xuất CSV…": ask where.
    PickExportPath,
    /// Write the entries that pass the filter there; `None`: no dialog could
    /// be shown, write into `exports/` beside the database.
    Export(Box<AuditFilter>, Option<PathBuf>),
}

pub fn run(op: AuditOp, services: &Services) -> Message {
    use audit_screen::Message as M;
    let result = match op {
        AuditOp::List(filter) => M::Listed(list(services, *filter).map(Box::new)),
        AuditOp::Verify => M::Verified(
            own_store(services).and_then(|store| store.verify_audit().map_err(|e| e.vi())),
        ),
        AuditOp::PickExportPath => {
            let dialog = rfd::FileDialog::new()
                .set_title("Lưu nhật ký thao tác (CSV)")
                .set_file_name(file_name())
                .add_filter("CSV", &["csv"]);
            M::ExportPathPicked(timed(|| dialog.save_file()))
        }
        AuditOp::Export(filter, path) => M::Exported(export(services, &filter, path)),
    };
    Message::Audit(result)
}

/// Checks the logged-in role on the shared connection, then runs `f` there.
fn allowed<T>(
    services: &Services,
    f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
) -> Result<T, String> {
    let mut guard = match services.store.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    let run = |store: &mut Store| {
        services.actor(store)?.require(Permission::ViewAudit)?;
        f(store)
    };
    run(&mut guard).map_err(|e| e.vi())
}

fn list(services: &Services, filter: AuditFilter) -> Result<Listing, String> {
    allowed(services, |store| {
        // One more than shown, to know whether there are more.
        let asked = AuditFilter {
            limit: Some(LIMIT + 1),
            newest_first: true,
            ..filter.clone()
        };
        let mut entries = store.audit_list(&asked)?;
        let more = entries.len() > LIMIT as usize;
        entries.truncate(LIMIT as usize);
        Ok(Listing {
            filter,
            entries,
            more,
            actors: store.audit_actors()?,
        })
    })
}

/// A connection of its own on the same file, once the role is checked.
fn own_store(services: &Services) -> Result<Store, String> {
    let path = allowed(services, |store| Ok(store.path().to_path_buf()))?;
    Store::open(&path).map_err(|e| e.vi_at_open())
}

fn file_name() -> String {
    let now = crate::store::now_local();
    format!("nhat-ky-thao-tac-{}.csv", now.format("%Y%m%d-%H%M"))
}

fn export(
    services: &Services,
    filter: &AuditFilter,
    path: Option<PathBuf>,
) -> Result<String, String> {
    let store = own_store(services)?;
    let (path, fallback) = match path {
        Some(p) => (p, false),
        None => {
            let dir = store
                .path()
                .parent()
                .map(|d| d.join("exports"))
                .unwrap_or_else(|| PathBuf::from("exports"));
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("Không tạo được thư mục {}: {e}", dir.display()))?;
            (dir.join(file_name()), true)
        }
    };
    let n = crate::audit::export_csv(&store, filter, &path).map_err(|e| e.vi())?;
    Ok(match fallback {
        true => format!(
            "Máy này không mở được hộp chọn nơi lưu; đã lưu {n} mục nhật ký vào {}.",
            path.display()
        ),
        false => format!("Đã lưu {n} mục nhật ký vào {}.", path.display()),
    })
}
