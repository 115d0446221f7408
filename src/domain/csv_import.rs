//! Errors shared by the catalog and calendar CSV readers.

use super::Localized;

/// A malformed import file: the physical line (the header is line 1) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ImportError {
    pub line: u64,
    /// English, for the CLI and logs.
    pub message: String,
    /// Vietnamese, for the GUI.
    pub message_vi: String,
}

impl Localized for ImportError {
    fn vi(&self) -> String {
        format!("Dòng {}: {}", self.line, self.message_vi)
    }
}
