//! Dossiers (hồ sơ) as received at the counter.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::catalog::DocumentKind;

/// Kênh nộp hồ sơ. The national codes are 1, 2, 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Trực tiếp
    #[default]
    Direct,
    /// Trực tuyến
    Online,
    /// Bưu chính công ích
    Post,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Direct, Channel::Online, Channel::Post];

    pub fn code(self) -> u8 {
        match self {
            Channel::Direct => 1,
            Channel::Online => 2,
            Channel::Post => 3,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Channel::Direct => "direct",
            Channel::Online => "online",
            Channel::Post => "post",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn vi(self) -> &'static str {
        match self {
            Channel::Direct => "Trực tiếp",
            Channel::Online => "Trực tuyến",
            Channel::Post => "Bưu chính công ích",
        }
    }
}

/// Where the citizen collects the result (nơi nhận kết quả).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResultDelivery {
    #[default]
    Counter,
    Post,
    Online,
}

impl ResultDelivery {
    pub const ALL: [ResultDelivery; 3] = [
        ResultDelivery::Counter,
        ResultDelivery::Post,
        ResultDelivery::Online,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ResultDelivery::Counter => "counter",
            ResultDelivery::Post => "post",
            ResultDelivery::Online => "online",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn vi(self) -> &'static str {
        match self {
            ResultDelivery::Counter => "Tại Bộ phận tiếp nhận và trả kết quả",
            ResultDelivery::Post => "Qua dịch vụ bưu chính công ích",
            ResultDelivery::Online => "Trực tuyến (bản điện tử)",
        }
    }

    /// Short label for radio buttons.
    pub fn vi_short(self) -> &'static str {
        match self {
            ResultDelivery::Counter => "Tại quầy",
            ResultDelivery::Post => "Bưu chính",
            ResultDelivery::Online => "Trực tuyến",
        }
    }
}

/// Người nộp hồ sơ.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Applicant {
    pub name: String,
    /// CCCD: the 12-digit citizen ID.
    pub id_number: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub email: Option<String>,
}

/// One paper received (thành phần hồ sơ đã nhận).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedDocument {
    pub name: String,
    #[serde(default)]
    pub kind: DocumentKind,
    #[serde(default = "one")]
    pub count: u16,
}

fn one() -> u16 {
    1
}

/// A scanned file already copied into the data directory (content-addressed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// File name as the officer picked it (shown to people).
    pub file_name: String,
    /// SHA-256 of the content, lower-case hex; also its name in the store.
    pub sha256: String,
    pub size_bytes: u64,
}

/// What the counter officer (or a script) submits. Unvalidated: see
/// [`super::validate::validate_draft`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierDraft {
    pub procedure_code: String,
    pub applicant: Applicant,
    #[serde(default)]
    pub channel: Channel,
    /// Defaults to now.
    #[serde(default)]
    pub received_at: Option<NaiveDateTime>,
    /// Defaults to the catalog's checklist, every required paper as received.
    #[serde(default)]
    pub documents: Option<Vec<ReceivedDocument>>,
    #[serde(default = "one")]
    pub sets: u16,
    /// Defaults to the catalog fee where it is a number, else 0.
    #[serde(default)]
    pub fee_vnd: Option<i64>,
    #[serde(default)]
    pub result_delivery: ResultDelivery,
    #[serde(default)]
    pub note: String,
    /// Working days, for procedures whose catalog entry gives none.
    #[serde(default)]
    pub deadline_working_days: Option<u16>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// Processing time as printed on the slip and used for the due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    /// Ngay trong ngày, with the 15:00 rule.
    SameDay,
    WorkingDays(u16),
}

impl Deadline {
    /// "Trong ngày" or "05 ngày làm việc".
    pub fn vi(self) -> String {
        match self {
            Deadline::SameDay => "Trong ngày (nhận sau 15 giờ: ngày làm việc tiếp theo)".into(),
            Deadline::WorkingDays(n) => format!("{n:02} ngày làm việc"),
        }
    }
}

/// A dossier after validation, ready to store: every text NFC, trimmed, bounded.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDossier {
    pub procedure_code: String,
    pub procedure_name: String,
    pub field: String,
    pub applicant: Applicant,
    pub channel: Channel,
    pub received_at: NaiveDateTime,
    pub deadline: Deadline,
    pub due_at: NaiveDateTime,
    pub documents: Vec<ReceivedDocument>,
    pub sets: u16,
    pub fee_vnd: i64,
    pub result_delivery: ResultDelivery,
    pub note: String,
    pub attachments: Vec<Attachment>,
}

/// A stored dossier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dossier {
    pub id: i64,
    /// Mã hồ sơ.
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub field: String,
    pub applicant: Applicant,
    pub channel: Channel,
    pub received_at: NaiveDateTime,
    pub deadline: Deadline,
    pub due_at: NaiveDateTime,
    pub documents: Vec<ReceivedDocument>,
    pub sets: u16,
    pub fee_vnd: i64,
    pub result_delivery: ResultDelivery,
    pub note: String,
    pub attachments: Vec<Attachment>,
    /// National status 1–10; 2 = Được tiếp nhận.
    pub status: u8,
    pub counter_no: u8,
    /// Sổ theo dõi hồ sơ: book (the year) and entry number in it.
    pub register_book: i32,
    pub register_no: i64,
    pub officer_name: String,
    pub created_at: NaiveDateTime,
    /// Username of the staff member who received it; `None` for dossiers
    /// from before staff accounts (and those received by the program itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_by: Option<String>,
}
