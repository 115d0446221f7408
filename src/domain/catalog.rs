//! Procedure catalog (danh mục thủ tục hành chính).

use serde::{Deserialize, Serialize};

/// Form of a paper in the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Bản chính
    #[default]
    Original,
    /// Bản sao
    Copy,
    /// Bản sao có chứng thực
    CertifiedCopy,
    /// Xuất trình: shown to the officer and handed back.
    Shown,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::Original,
        DocumentKind::Copy,
        DocumentKind::CertifiedCopy,
        DocumentKind::Shown,
    ];

    pub fn vi(self) -> &'static str {
        match self {
            DocumentKind::Original => "Bản chính",
            DocumentKind::Copy => "Bản sao",
            DocumentKind::CertifiedCopy => "Bản sao có chứng thực",
            DocumentKind::Shown => "Xuất trình",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            DocumentKind::Original => "original",
            DocumentKind::Copy => "copy",
            DocumentKind::CertifiedCopy => "certified_copy",
            DocumentKind::Shown => "shown",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

impl std::fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.vi())
    }
}
