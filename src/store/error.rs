use std::sync::Arc;

use crate::domain::Localized;
use crate::domain::access::Denied;
use crate::domain::csv_import::ImportError;

/// Everything that can go wrong reading or writing the local database.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(Arc<rusqlite::Error>),
    /// Kept apart from other database errors because the officer can fix it.
    #[error("the disk is full: free some space and try again ({0})")]
    DiskFull(Arc<rusqlite::Error>),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: Arc<std::io::Error>,
    },
    #[error("stored data is unreadable ({what}): {detail}")]
    Corrupt { what: &'static str, detail: String },
    #[error(
        "the database was written by a newer Quầy (schema {found}, this build knows {known}); upgrade Quầy"
    )]
    TooNew { found: i64, known: i64 },
    #[error("import refused, nothing changed: {0}")]
    Import(#[from] ImportError),
    #[error("no dossier with code {0}")]
    DossierNotFound(String),
    /// Corrections, not deletions: a cancelled dossier stays, but takes no
    /// more steps and no more corrections (src/store/correction.rs).
    #[error("dossier {code} is cancelled ({reason}): it takes no more steps or corrections")]
    Cancelled { code: String, reason: String },
    #[error("unknown procedure code {0}")]
    ProcedureNotFound(String),
    #[error("counter number {0} is outside 1–9")]
    BadCounter(u8),
    #[error("event {0} is not waiting in quarantine")]
    NotQuarantined(i64),
    #[error("refused: {0}")]
    Denied(#[from] Denied),
    #[error("nobody is logged in on this PC")]
    NotSignedIn,
}

/// SQLite's extended code when it cannot grow the `-shm` file: on a disk
/// full to the last byte, opening a database fails with this "disk I/O error".
const IOERR_SHMSIZE: std::ffi::c_int = rusqlite::ffi::SQLITE_IOERR_SHMSIZE;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        let full = match &e {
            rusqlite::Error::SqliteFailure(f, _) => {
                f.code == rusqlite::ErrorCode::DiskFull || f.extended_code == IOERR_SHMSIZE
            }
            _ => false,
        };
        if full {
            StoreError::DiskFull(Arc::new(e))
        } else {
            StoreError::Sqlite(Arc::new(e))
        }
    }
}

impl StoreError {
    pub fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> Self {
        StoreError::Corrupt {
            what,
            detail: detail.to_string(),
        }
    }

    /// True when the disk is full: the one database failure an officer can fix.
    pub fn is_disk_full(&self) -> bool {
        matches!(self, StoreError::DiskFull(_))
    }

    /// What the window says when the database cannot be opened: at that
    /// point nothing has been typed, so the save-time wording would mislead.
    pub fn vi_at_open(&self) -> String {
        match self {
            StoreError::DiskFull(_) => "Ổ đĩa đã đầy nên chưa mở được cơ sở dữ liệu. Hãy giải phóng dung lượng ổ đĩa rồi mở lại Quầy; dữ liệu đã lưu không bị mất.".into(),
            other => other.vi(),
        }
    }
}

impl Localized for StoreError {
    fn vi(&self) -> String {
        match self {
            StoreError::DiskFull(_) => {
                "Ổ đĩa đã đầy: chưa lưu được. Hãy giải phóng dung lượng rồi bấm Lưu lại; dữ liệu đã nhập vẫn còn trên màn hình.".into()
            }
            StoreError::Sqlite(e) => format!(
                "Lỗi cơ sở dữ liệu, thao tác chưa được lưu. Hãy thử lại; nếu vẫn lỗi, báo cán bộ kỹ thuật ({e})."
            ),
            StoreError::DataDir { path, .. } => {
                format!("Không tạo được thư mục dữ liệu {path}. Kiểm tra quyền ghi của ổ đĩa.")
            }
            StoreError::Corrupt { what, .. } => {
                format!("Dữ liệu lưu trữ bị hỏng ({what}). Báo cán bộ kỹ thuật.")
            }
            StoreError::TooNew { .. } => {
                "Cơ sở dữ liệu do phiên bản Quầy mới hơn tạo ra. Hãy cập nhật Quầy.".into()
            }
            StoreError::Import(e) => format!("Tệp không hợp lệ, chưa thay đổi gì. {}", e.vi()),
            StoreError::DossierNotFound(code) => format!("Không tìm thấy hồ sơ mã {code}."),
            StoreError::Cancelled { code, reason } => format!(
                "Hồ sơ {code} đã bị huỷ (lý do: {reason}). Hồ sơ đã huỷ không được chuyển trạng thái, xử lý tiếp hay sửa."
            ),
            StoreError::ProcedureNotFound(code) => {
                format!("Không có thủ tục mã {code} trong danh mục.")
            }
            StoreError::BadCounter(n) => {
                format!("Số quầy {n} không hợp lệ: số quầy phải từ 1 đến 9.")
            }
            StoreError::NotQuarantined(seq) => format!(
                "Sự kiện số {seq} không còn trong danh sách bị từ chối (đã gửi lại hoặc đã gác lại)."
            ),
            StoreError::Denied(d) => d.vi(),
            StoreError::NotSignedIn => {
                "Chưa đăng nhập: hãy đăng nhập bằng tài khoản cán bộ rồi làm lại.".into()
            }
        }
    }
}
