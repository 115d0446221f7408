//! Dossier statuses (trạng thái hồ sơ) and which changes between them are allowed.
//! Pure code: the store applies [`check_transition`] inside its transaction.

use serde::{Deserialize, Serialize};

use super::Localized;

/// The national status vocabulary, codes 1–10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DossierStatus {
    /// 1 Mới đăng ký (filed online, not yet received)
    New,
    /// 2 Được tiếp nhận
    Received,
    /// 3 Không được tiếp nhận
    Refused,
    /// 4 Đang xử lý
    Processing,
    /// 5 Yêu cầu bổ sung giấy tờ (the clock pauses)
    SupplementRequested,
    /// 6 Yêu cầu thực hiện nghĩa vụ tài chính
    PaymentRequested,
    /// 7 Công dân yêu cầu rút hồ sơ
    Withdrawn,
    /// 8 Dừng xử lý
    Stopped,
    /// 9 Đã xử lý xong
    Resolved,
    /// 10 Đã trả kết quả
    Returned,
}

impl DossierStatus {
    pub const ALL: [DossierStatus; 10] = [
        DossierStatus::New,
        DossierStatus::Received,
        DossierStatus::Refused,
        DossierStatus::Processing,
        DossierStatus::SupplementRequested,
        DossierStatus::PaymentRequested,
        DossierStatus::Withdrawn,
        DossierStatus::Stopped,
        DossierStatus::Resolved,
        DossierStatus::Returned,
    ];

    /// The national code, 1–10.
    pub fn code(self) -> u8 {
        match self {
            DossierStatus::New => 1,
            DossierStatus::Received => 2,
            DossierStatus::Refused => 3,
            DossierStatus::Processing => 4,
            DossierStatus::SupplementRequested => 5,
            DossierStatus::PaymentRequested => 6,
            DossierStatus::Withdrawn => 7,
            DossierStatus::Stopped => 8,
            DossierStatus::Resolved => 9,
            DossierStatus::Returned => 10,
        }
    }

    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Stable English name for scripts and JSON, e.g. "processing".
    pub fn key(self) -> &'static str {
        match self {
            DossierStatus::New => "new",
            DossierStatus::Received => "received",
            DossierStatus::Refused => "refused",
            DossierStatus::Processing => "processing",
            DossierStatus::SupplementRequested => "supplement_requested",
            DossierStatus::PaymentRequested => "payment_requested",
            DossierStatus::Withdrawn => "withdrawn",
            DossierStatus::Stopped => "stopped",
            DossierStatus::Resolved => "resolved",
            DossierStatus::Returned => "returned",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// What a person types: the number 1–10 or the English key.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        match s.parse::<u8>() {
            Ok(n) => Self::from_code(n),
            Err(_) => Self::from_key(&s.to_ascii_lowercase()),
        }
    }

    /// The national Vietnamese name.
    pub fn vi(self) -> &'static str {
        match self {
            DossierStatus::New => "Mới đăng ký",
            DossierStatus::Received => "Được tiếp nhận",
            DossierStatus::Refused => "Không được tiếp nhận",
            DossierStatus::Processing => "Đang xử lý",
            DossierStatus::SupplementRequested => "Yêu cầu bổ sung giấy tờ",
            DossierStatus::PaymentRequested => "Yêu cầu thực hiện nghĩa vụ tài chính",
            DossierStatus::Withdrawn => "Công dân yêu cầu rút hồ sơ",
            DossierStatus::Stopped => "Dừng xử lý",
            DossierStatus::Resolved => "Đã xử lý xong",
            DossierStatus::Returned => "Đã trả kết quả",
        }
    }

    /// No change can leave this status.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            DossierStatus::Refused
                | DossierStatus::Withdrawn
                | DossierStatus::Stopped
                | DossierStatus::Returned
        )
    }

    /// Still owes the citizen a result, so its due date can pass: not final and
    /// not yet resolved (a resolved dossier waits for collection, not for us).
    pub fn is_open(self) -> bool {
        !self.is_final() && self != DossierStatus::Resolved
    }
}

impl std::fmt::Display for DossierStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.code(), self.key())
    }
}

/// Whether a dossier may go from `from` to `to`. The table:
///
/// | from | to | why |
/// |---|---|---|
/// | 1 Mới đăng ký | 2, 3 | an online filing is received or refused at the counter |
/// | 2 Được tiếp nhận | 4, 7 | processing starts; the citizen may withdraw |
/// | 4 Đang xử lý | 5, 6, 7, 8, 9 | papers or payment requested, withdrawn, stopped, resolved |
/// | 5 Yêu cầu bổ sung | 4, 7, 8 | papers brought (the clock runs again), withdrawn, or stopped when they never come |
/// | 6 Yêu cầu nghĩa vụ tài chính | 4, 7, 8 | paid, withdrawn, or stopped when payment never comes |
/// | 9 Đã xử lý xong | 10 | the result is handed over |
/// | 3, 7, 8, 10 | — | final |
///
/// A status never changes to itself: that would be a history row saying nothing.
pub fn allowed(from: DossierStatus, to: DossierStatus) -> bool {
    use DossierStatus::*;
    matches!(
        (from, to),
        (New, Received | Refused)
            | (Received, Processing | Withdrawn)
            | (
                Processing,
                SupplementRequested | PaymentRequested | Withdrawn | Stopped | Resolved
            )
            | (SupplementRequested, Processing | Withdrawn | Stopped)
            | (PaymentRequested, Processing | Withdrawn | Stopped)
            | (Resolved, Returned)
    )
}

/// A status change the table in [`allowed`] refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("a dossier in status {from} cannot change: it is final")]
    Final { from: DossierStatus },
    #[error("the dossier is already in status {0}")]
    Unchanged(DossierStatus),
    #[error("a dossier in status {from} cannot go to status {to}")]
    Refused {
        from: DossierStatus,
        to: DossierStatus,
    },
}

impl Localized for LifecycleError {
    fn vi(&self) -> String {
        match self {
            LifecycleError::Final { from } => format!(
                "Hồ sơ đang ở trạng thái \"{}\" là trạng thái kết thúc, không chuyển sang trạng thái khác được.",
                from.vi()
            ),
            LifecycleError::Unchanged(s) => {
                format!("Hồ sơ đã ở trạng thái \"{}\".", s.vi())
            }
            LifecycleError::Refused { from, to } => format!(
                "Không chuyển được hồ sơ từ trạng thái \"{}\" sang \"{}\".",
                from.vi(),
                to.vi()
            ),
        }
    }
}

/// [`allowed`], with the reason when it is not.
pub fn check_transition(from: DossierStatus, to: DossierStatus) -> Result<(), LifecycleError> {
    if allowed(from, to) {
        Ok(())
    } else if from == to {
        Err(LifecycleError::Unchanged(from))
    } else if from.is_final() {
        Err(LifecycleError::Final { from })
    } else {
        Err(LifecycleError::Refused { from, to })
    }
}

#[cfg(test)]
mod tests;
