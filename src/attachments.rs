//! Scanned files attached to a dossier: copied into the data directory under their
//! SHA-256 (content-addressed, so the same scan is stored once and sync can verify
//! it), written to a temporary name, flushed to disk, then renamed into place.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::domain::Localized;
use crate::domain::dossier::Attachment;

/// Larger scans are refused: a counter PC's disk and the sync link are small.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

#[derive(Debug, Clone, thiserror::Error)]
pub enum AttachmentError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: Arc<io::Error>,
    },
    #[error("cannot store the file in {dir}: {source}")]
    Write { dir: String, source: Arc<io::Error> },
    #[error("{path} is {size} bytes; the limit is {MAX_BYTES}")]
    TooLarge { path: String, size: u64 },
    #[error("{0} is not a regular file")]
    NotAFile(String),
}

impl Localized for AttachmentError {
    fn vi(&self) -> String {
        match self {
            AttachmentError::Read { path, .. } => {
                format!("Không đọc được tệp {path}. Kiểm tra tệp còn tồn tại và được phép đọc.")
            }
            AttachmentError::Write { .. } => {
                "Không chép được tệp vào thư mục dữ liệu (ổ đĩa đầy hoặc không có quyền ghi)."
                    .into()
            }
            AttachmentError::TooLarge { path, size } => format!(
                "Tệp {path} nặng {:.1} MB, vượt giới hạn {} MB. Hãy quét lại với độ phân giải thấp hơn.",
                *size as f64 / 1_048_576.0,
                MAX_BYTES / 1_048_576
            ),
            AttachmentError::NotAFile(path) => format!("{path} không phải là một tệp."),
        }
    }
}

/// Where the bytes of a stored attachment are.
pub fn stored_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(sha256)
}

/// Copies `source` into `dir` and describes it.
pub fn import_file(source: &Path, dir: &Path) -> Result<Attachment, AttachmentError> {
    let shown = source.display().to_string();
    let read_err = |e| AttachmentError::Read {
        path: shown.clone(),
        source: Arc::new(e),
    };
    let meta = fs::metadata(source).map_err(read_err)?;
    if !meta.is_file() {
        return Err(AttachmentError::NotAFile(shown));
    }
    if meta.len() > MAX_BYTES {
        return Err(AttachmentError::TooLarge {
            path: shown,
            size: meta.len(),
        });
    }
    let write_err = |e| AttachmentError::Write {
        dir: dir.display().to_string(),
        source: Arc::new(e),
    };
    fs::create_dir_all(dir).map_err(write_err)?;
    let tmp = dir.join(format!(".incoming-{}", uuid::Uuid::now_v7()));
    let result = copy_hashing(source, &tmp);
    let (sha256, size) = match result {
        Ok(v) => v,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    let target = stored_path(dir, &sha256);
    if target.exists() {
        let _ = fs::remove_file(&tmp);
    } else {
        fs::rename(&tmp, &target).map_err(write_err)?;
    }
    let file_name = source
        .file_name()
        .map(|n| crate::text::clean_line(&n.to_string_lossy()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| sha256.clone());
    Ok(Attachment {
        file_name,
        sha256,
        size_bytes: size,
    })
}

fn copy_hashing(source: &Path, tmp: &Path) -> Result<(String, u64), AttachmentError> {
    let shown = source.display().to_string();
    let mut input = File::open(source).map_err(|e| AttachmentError::Read {
        path: shown.clone(),
        source: Arc::new(e),
    })?;
    let write_err = |e| AttachmentError::Write {
        dir: tmp.display().to_string(),
        source: Arc::new(e),
    };
    let mut output = File::create(tmp).map_err(write_err)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = input.read(&mut buf).map_err(|e| AttachmentError::Read {
            path: shown.clone(),
            source: Arc::new(e),
        })?;
        if n == 0 {
            break;
        }
        size += n as u64;
        if size > MAX_BYTES {
            return Err(AttachmentError::TooLarge { path: shown, size });
        }
        hasher.update(&buf[..n]);
        output.write_all(&buf[..n]).map_err(write_err)?;
    }
    output.sync_all().map_err(write_err)?;
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok((hex, size))
}

#[cfg(test)]
mod tests;
