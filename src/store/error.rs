use std::sync::Arc;

use crate::domain::Localized;
use crate::domain::access::Denied;
use crate::domain::csv_import::ImportError;

/// Everything that can go wrong reading or writing the local database.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(Arc<rusqlite::Error>),
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

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(Arc::new(e))
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
        matches!(self, StoreError::Sqlite(e) if matches!(
            e.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DiskFull)
        ))
    }
}

impl Localized for StoreError {
    fn vi(&self) -> String {
        match self {
            _ if self.is_disk_full() => {
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
