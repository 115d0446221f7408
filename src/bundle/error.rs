//! Why a bundle or an acknowledgement file was not written, read or applied.
//! Every refusal is of the whole file: nothing of a refused file is used.

use std::sync::Arc;

use crate::domain::Localized;
use crate::store::StoreError;

#[derive(Debug, Clone, thiserror::Error)]
pub enum BundleError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: Arc<std::io::Error>,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: Arc<std::io::Error>,
    },
    #[error("no event is waiting for the hub{}; nothing exported", until_text(*.until))]
    NothingToExport { until: Option<chrono::NaiveDate> },
    #[error("attachment {sha256} is named by an event but {path} is missing")]
    MissingAttachment { sha256: String, path: String },
    #[error(
        "the stored attachment {path} no longer hashes to its name; the scan was damaged on this disk"
    )]
    DamagedAttachment { path: String },
    #[error("an event names an attachment {0:?} that is not a SHA-256")]
    BadAttachmentName(String),
    #[error("not a Quầy sync bundle (the file does not start with QUAYBNDL)")]
    NotABundle,
    #[error("bundle format version {0} is not supported (this build reads version 1)")]
    UnsupportedVersion(u32),
    #[error("the bundle is truncated: it should be {expected} bytes, the file has {actual}")]
    Truncated { expected: u64, actual: u64 },
    #[error("the bundle has {extra} bytes after its end")]
    TrailingBytes { extra: u64 },
    #[error("the bundle's manifest is invalid: {0}")]
    BadManifest(String),
    #[error("the bundle's signature does not verify: the file was changed after it was written")]
    BadSignature,
    #[error(
        "the bundle of station {station_id} is signed with key {found}, not the expected key {expected}"
    )]
    WrongKey {
        station_id: String,
        expected: String,
        found: String,
    },
    #[error("the events section does not hash to the manifest's SHA-256: the file is damaged")]
    EventsDamaged,
    #[error("the events section is invalid: {0}")]
    BadEvents(String),
    #[error("attachment {sha256} in the bundle does not hash to its name: the file is damaged")]
    AttachmentDamaged { sha256: String },
    #[error("not a Quầy acknowledgement file: {0}")]
    BadAck(String),
    #[error(
        "the acknowledgement's signature does not verify: the file was changed after the hub wrote it"
    )]
    AckBadSignature,
    #[error("the acknowledgement is for station {found}, this is station {ours}")]
    AckForAnotherStation { ours: String, found: String },
    #[error(
        "the acknowledgement is signed by hub key {found}, but this station knows the hub by key {expected}"
    )]
    AckWrongHubKey { expected: String, found: String },
    #[error(
        "the acknowledgement settles events up to {acked_through}, but the newest event here is {newest}"
    )]
    AckBeyondNewest { acked_through: i64, newest: i64 },
    #[error("station {0} is not enrolled at this hub; enrol it first (quay-hub enrol)")]
    UnknownStation(String),
    #[error(
        "the hub expects seq {expected} next from station {station_id}, the bundle starts at {first_seq}; export a bundle that starts at {expected}"
    )]
    SequenceGap {
        station_id: String,
        expected: i64,
        first_seq: i64,
    },
    #[error(
        "the hub holds another event at seq {seq} of station {station_id} (two databases claim this station?); nothing imported"
    )]
    SequenceConflict { station_id: String, seq: i64 },
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("hub: {0}")]
    Hub(crate::hub::HubError),
}

fn until_text(until: Option<chrono::NaiveDate>) -> String {
    until
        .map(|d| format!(" from {d} or earlier"))
        .unwrap_or_default()
}

impl BundleError {
    pub(crate) fn read(path: &std::path::Path, source: std::io::Error) -> Self {
        BundleError::Read {
            path: path.display().to_string(),
            source: Arc::new(source),
        }
    }

    pub(crate) fn write(path: &std::path::Path, source: std::io::Error) -> Self {
        BundleError::Write {
            path: path.display().to_string(),
            source: Arc::new(source),
        }
    }
}

impl Localized for BundleError {
    fn vi(&self) -> String {
        use BundleError as E;
        const DAMAGED: &str = "Tệp đã bị hỏng hoặc bị sửa sau khi xuất; không nhập gì. Hãy xuất lại gói ở máy quầy và chép lại.";
        match self {
            E::Read { path, .. } => {
                format!("Không đọc được tệp {path}. Kiểm tra USB còn cắm và tệp còn tồn tại.")
            }
            E::Write { path, .. } => format!(
                "Không ghi được tệp {path} (USB đầy, bị khóa ghi hoặc đã rút ra). Chưa có gói nào được ghi."
            ),
            E::NothingToExport { until: None } => {
                "Không có dữ liệu nào đang chờ gửi lên tỉnh: không cần xuất gói.".into()
            }
            E::NothingToExport { until: Some(d) } => format!(
                "Không có dữ liệu nào từ ngày {} trở về trước đang chờ gửi: không cần xuất gói.",
                d.format("%d/%m/%Y")
            ),
            E::MissingAttachment { sha256, .. } => format!(
                "Thiếu tệp đính kèm {} trong thư mục dữ liệu nên chưa xuất được gói. Báo cán bộ kỹ thuật.",
                short(sha256)
            ),
            E::DamagedAttachment { .. } | E::BadAttachmentName(_) => {
                "Một tệp đính kèm trong thư mục dữ liệu đã bị hỏng nên chưa xuất được gói. Báo cán bộ kỹ thuật.".into()
            }
            E::NotABundle => "Tệp này không phải là gói đồng bộ của Quầy.".into(),
            E::UnsupportedVersion(v) => format!(
                "Gói đồng bộ có định dạng phiên bản {v}, phiên bản này chưa đọc được. Hãy cập nhật phần mềm."
            ),
            E::Truncated { .. } => format!(
                "Gói đồng bộ bị thiếu phần cuối (chép chưa xong hoặc USB bị rút sớm). {DAMAGED}"
            ),
            E::TrailingBytes { .. }
            | E::BadManifest(_)
            | E::BadSignature
            | E::EventsDamaged
            | E::BadEvents(_)
            | E::AttachmentDamaged { .. } => format!("Gói đồng bộ không hợp lệ. {DAMAGED}"),
            E::WrongKey { station_id, .. } => format!(
                "Gói đồng bộ không được ký bằng khóa đã đăng ký của máy trạm {station_id}; không nhập gì."
            ),
            E::BadAck(_) => "Tệp này không phải là tệp xác nhận hợp lệ của hệ thống tỉnh.".into(),
            E::AckBadSignature => {
                "Chữ ký của tệp xác nhận không đúng: tệp đã bị sửa hoặc hỏng. Hãy xin tỉnh tệp mới.".into()
            }
            E::AckForAnotherStation { .. } => {
                "Tệp xác nhận này dành cho máy quầy khác, không áp dụng cho máy này.".into()
            }
            E::AckWrongHubKey { .. } => {
                "Tệp xác nhận không được ký bằng khóa của hệ thống tỉnh mà máy này đã biết; không áp dụng.".into()
            }
            E::AckBeyondNewest { .. } => {
                "Tệp xác nhận nói tỉnh đã nhận nhiều dữ liệu hơn máy này từng có (cơ sở dữ liệu được khôi phục từ bản cũ?). Báo cán bộ kỹ thuật.".into()
            }
            E::UnknownStation(id) => format!(
                "Máy trạm {id} chưa được đăng ký với hệ thống tỉnh; không nhập gì."
            ),
            E::SequenceGap { expected, .. } => format!(
                "Gói đồng bộ bắt đầu sau chỗ tỉnh đã nhận: tỉnh cần dữ liệu từ số {expected}. Hãy xuất lại gói ở máy quầy."
            ),
            E::SequenceConflict { .. } => {
                "Hai cơ sở dữ liệu cùng nhận là một máy trạm; không nhập gì. Báo cán bộ kỹ thuật.".into()
            }
            E::Store(e) => e.vi(),
            E::Hub(e) => format!("Lỗi của hệ thống tỉnh, không nhập gì thêm ({e})."),
        }
    }
}

fn short(sha256: &str) -> &str {
    sha256.get(..12).unwrap_or(sha256)
}
