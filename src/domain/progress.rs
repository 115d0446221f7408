//! What happens to a dossier after receipt, beyond its status: supplement
//! requests (Mẫu 02), refusal (Mẫu 03), apology and new date (Mẫu 04), transfers
//! to other agencies (liên thông), payment requests and the result's return.
//! Plain records; the store writes them inside the status change they belong to.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::dossier::ResultDelivery;
use super::lifecycle::DossierStatus;

/// One row of a dossier's status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    pub code: String,
    pub from: DossierStatus,
    pub to: DossierStatus,
    pub at: NaiveDateTime,
    pub actor: String,
    pub note: String,
}

/// What the officer writes on a supplement request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementRequest {
    /// The papers to bring or complete, one per line of the form.
    pub items: Vec<String>,
    pub reason: String,
    /// Who to ask (officer, phone) — printed on the form.
    pub contact: String,
}

/// A supplement request as recorded, with the clock it stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Supplement {
    /// 1 for the first request on the dossier, 2 for the second…
    pub number: u32,
    pub requested_at: NaiveDateTime,
    pub items: Vec<String>,
    pub reason: String,
    pub contact: String,
    /// The due time when the clock stopped.
    pub due_before: NaiveDateTime,
    /// Working minutes left then; negative when it was already overdue.
    pub remaining_minutes: i64,
    /// When the papers came (or the dossier otherwise left status 5).
    pub resumed_at: Option<NaiveDateTime>,
    /// The due time after the clock started again.
    pub due_after: Option<NaiveDateTime>,
    pub actor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub at: NaiveDateTime,
    pub reasons: Vec<String>,
    pub actor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Apology {
    pub at: NaiveDateTime,
    pub reason: String,
    pub old_due_at: NaiveDateTime,
    pub new_due_at: NaiveDateTime,
    pub actor: String,
}

/// Liên thông: the dossier sent to another agency and, later, back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transfer {
    pub agency: String,
    pub sent_at: NaiveDateTime,
    pub note: String,
    pub back_at: Option<NaiveDateTime>,
    pub back_note: Option<String>,
    pub actor: String,
}

/// Yêu cầu thực hiện nghĩa vụ tài chính and its payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payment {
    pub requested_at: NaiveDateTime,
    pub description: String,
    pub amount_vnd: i64,
    pub paid_at: Option<NaiveDateTime>,
    pub receipt_no: Option<String>,
    pub actor: String,
}

/// How the result was handed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResultReturn {
    pub at: NaiveDateTime,
    pub method: ResultDelivery,
    /// Số hiệu bưu gửi, for results sent by post; empty otherwise.
    pub tracking_no: String,
    pub receiver_name: String,
    pub actor: String,
}

/// Everything recorded about a dossier after receipt, for its detail pane and
/// the control sheet (Mẫu 05).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub history: Vec<StatusChange>,
    pub supplements: Vec<Supplement>,
    pub refusal: Option<Refusal>,
    pub apology: Option<Apology>,
    pub transfers: Vec<Transfer>,
    pub payments: Vec<Payment>,
    pub returned: Option<ResultReturn>,
    /// Set while a supplement request is open: the clock is stopped.
    pub paused_at: Option<NaiveDateTime>,
    /// When processing ended (resolved, withdrawn or stopped).
    pub finished_at: Option<NaiveDateTime>,
}

impl Progress {
    /// The transfer still at another agency, if any.
    pub fn open_transfer(&self) -> Option<&Transfer> {
        self.transfers.iter().find(|t| t.back_at.is_none())
    }

    /// The payment requested and not yet made, if any.
    pub fn open_payment(&self) -> Option<&Payment> {
        self.payments.iter().find(|p| p.paid_at.is_none())
    }

    /// More than one supplement request: late in the national figures.
    pub fn flagged_supplements(&self) -> bool {
        self.supplements.len() > 1
    }
}

/// One thing an officer does to a dossier, as the GUI and scripts ask for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A plain status change (processing, resolved, withdrawn, stopped…).
    Status {
        to: DossierStatus,
        note: String,
    },
    /// Mẫu 02: 4 → 5, the clock stops.
    Supplement(SupplementRequest),
    /// The papers came: 5 → 4, the clock runs again.
    Supplied {
        note: String,
    },
    /// Mẫu 03: 1 → 3.
    Refuse {
        reasons: Vec<String>,
    },
    /// Mẫu 04.
    Apology {
        reason: String,
        new_due_at: NaiveDateTime,
    },
    TransferOut {
        agency: String,
        note: String,
    },
    TransferBack {
        note: String,
    },
    /// 4 → 6.
    Payment {
        description: String,
        amount_vnd: i64,
    },
    /// 6 → 4.
    Paid {
        receipt_no: String,
    },
    /// 9 → 10.
    Return {
        method: ResultDelivery,
        tracking_no: String,
        receiver: String,
    },
}

impl Step {
    /// What was done, for the notice after it succeeded.
    pub fn done_vi(&self) -> String {
        match self {
            Step::Status { to, .. } => format!("Đã chuyển sang \"{}\".", to.vi()),
            Step::Supplement(_) => {
                "Đã yêu cầu bổ sung; thời hạn tạm dừng đến khi công dân nộp đủ giấy tờ.".into()
            }
            Step::Supplied { .. } => {
                "Đã nhận giấy tờ bổ sung; thời hạn tiếp tục với thời gian còn lại.".into()
            }
            Step::Refuse { .. } => "Đã từ chối tiếp nhận.".into(),
            Step::Apology { .. } => "Đã lập phiếu xin lỗi và hẹn lại ngày trả.".into(),
            Step::TransferOut { agency, .. } => format!("Đã chuyển liên thông tới {agency}."),
            Step::TransferBack { .. } => "Đã nhận lại hồ sơ liên thông.".into(),
            Step::Payment { .. } => "Đã yêu cầu thực hiện nghĩa vụ tài chính.".into(),
            Step::Paid { .. } => "Đã ghi nhận công dân thực hiện nghĩa vụ tài chính.".into(),
            Step::Return { .. } => "Đã trả kết quả.".into(),
        }
    }
}
