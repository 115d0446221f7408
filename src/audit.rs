//! The audit trail written out as CSV, shared by `quay audit export` and the
//! Nhật ký screen. The entries come from the store one at a time, so a long
//! trail never sits in memory whole.

use std::path::Path;

use crate::domain::Localized;
use crate::domain::audit::{AuditCsv, AuditFilter};
use crate::store::{Store, StoreError};

#[derive(Debug, Clone, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
}

impl Localized for ExportError {
    fn vi(&self) -> String {
        match self {
            ExportError::Store(e) => e.vi(),
            ExportError::Write { path, detail } => format!(
                "Không ghi được tệp {path} ({detail}). Hãy chọn thư mục khác hoặc kiểm tra ổ đĩa."
            ),
        }
    }
}

/// Writes the entries that pass `filter`, oldest first, to `path` as CSV
/// for Excel (see [`AuditCsv`]) and syncs it to disk. Returns how many
/// entries it holds. A file left half-written by an error is removed.
pub fn export_csv(store: &Store, filter: &AuditFilter, path: &Path) -> Result<usize, ExportError> {
    let filter = AuditFilter {
        limit: None,
        newest_first: false,
        ..filter.clone()
    };
    let result = write(store, &filter, path);
    if result.is_err() {
        let _ = std::fs::remove_file(path);
    }
    result
}

fn write(store: &Store, filter: &AuditFilter, path: &Path) -> Result<usize, ExportError> {
    let fail = |detail: String| ExportError::Write {
        path: path.display().to_string(),
        detail,
    };
    let file = std::fs::File::create(path).map_err(|e| fail(e.to_string()))?;
    let mut csv = AuditCsv::new(std::io::BufWriter::new(file)).map_err(|e| fail(e.to_string()))?;
    store.audit_each(filter, |entry| {
        csv.write(&entry).map_err(|e| fail(e.to_string()))
    })?;
    let (out, rows) = csv.finish().map_err(|e| fail(e.to_string()))?;
    let file = out.into_inner().map_err(|e| fail(e.error().to_string()))?;
    file.sync_all().map_err(|e| fail(e.to_string()))?;
    Ok(rows)
}
