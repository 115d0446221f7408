//! The small form under a dossier for one step (supplement request, refusal,
//! apology, transfer, payment, return…): what the officer types, checked and
//! turned into a [`Step`]. Nothing typed is lost when a check fails.

use chrono::{Datelike, NaiveDateTime};

use crate::domain::dossier::{Dossier, ResultDelivery};
use crate::domain::format::{fmt_date, parse_dmy, parse_hm, parse_vnd};
use crate::domain::lifecycle::DossierStatus;
use crate::domain::progress::{Progress, Step, SupplementRequest};

/// Which step the officer picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    Status(DossierStatus),
    Supplement,
    Supplied,
    Refuse,
    Apology,
    TransferOut,
    TransferBack,
    Payment,
    Paid,
    Return,
}

impl StepKind {
    pub fn label(self) -> &'static str {
        match self {
            StepKind::Status(DossierStatus::Received) => "Tiếp nhận",
            StepKind::Status(DossierStatus::Processing) => "Chuyển xử lý",
            StepKind::Status(DossierStatus::Resolved) => "Đã xử lý xong",
            StepKind::Status(DossierStatus::Withdrawn) => "Công dân rút hồ sơ",
            StepKind::Status(DossierStatus::Stopped) => "Dừng xử lý",
            StepKind::Status(s) => s.vi(),
            StepKind::Supplement => "Yêu cầu bổ sung (Mẫu 02)…",
            StepKind::Supplied => "Đã nhận giấy tờ bổ sung",
            StepKind::Refuse => "Từ chối tiếp nhận (Mẫu 03)…",
            StepKind::Apology => "Xin lỗi, hẹn lại (Mẫu 04)…",
            StepKind::TransferOut => "Chuyển liên thông…",
            StepKind::TransferBack => "Nhận lại hồ sơ liên thông",
            StepKind::Payment => "Yêu cầu nghĩa vụ tài chính…",
            StepKind::Paid => "Đã nộp nghĩa vụ tài chính",
            StepKind::Return => "Trả kết quả…",
        }
    }
}

/// The steps open to a dossier now, in the order a counter works them.
pub fn available(d: &Dossier, p: &Progress, now: NaiveDateTime) -> Vec<StepKind> {
    use DossierStatus::*;
    let Some(status) = DossierStatus::from_code(d.status) else {
        return Vec::new();
    };
    let mut steps = match status {
        New => vec![StepKind::Status(Received), StepKind::Refuse],
        Received => vec![StepKind::Status(Processing), StepKind::Status(Withdrawn)],
        Processing => {
            let mut s = vec![StepKind::Supplement, StepKind::Payment];
            if p.open_transfer().is_some() {
                s.push(StepKind::TransferBack);
            } else {
                s.push(StepKind::TransferOut);
                s.push(StepKind::Status(Resolved));
            }
            s.extend([StepKind::Status(Withdrawn), StepKind::Status(Stopped)]);
            s
        }
        SupplementRequested => vec![
            StepKind::Supplied,
            StepKind::Status(Withdrawn),
            StepKind::Status(Stopped),
        ],
        PaymentRequested => vec![
            StepKind::Paid,
            StepKind::Status(Withdrawn),
            StepKind::Status(Stopped),
        ],
        Resolved => vec![StepKind::Return],
        Refused | Withdrawn | Stopped | Returned => Vec::new(),
    };
    if status.is_open() && p.apology.is_none() && p.paused_at.is_none() && now < d.due_at {
        steps.push(StepKind::Apology);
    }
    steps
}

#[derive(Debug, Clone)]
pub enum FormMessage {
    Note(String),
    Item(usize, String),
    AddItem,
    RemoveItem(usize),
    Reason(String),
    Contact(String),
    Agency(String),
    Amount(String),
    Receipt(String),
    Method(ResultDelivery),
    Tracking(String),
    Receiver(String),
    NewDate(String),
    NewTime(String),
}

#[derive(Debug, Clone)]
pub struct StepForm {
    pub kind: StepKind,
    pub note: String,
    /// Missing papers (supplement) or reasons (refusal), one per line.
    pub items: Vec<String>,
    pub reason: String,
    pub contact: String,
    pub agency: String,
    pub amount: String,
    pub receipt: String,
    pub method: ResultDelivery,
    pub tracking: String,
    pub receiver: String,
    pub new_date: String,
    pub new_time: String,
    pub error: Option<String>,
}

impl StepForm {
    pub fn new(kind: StepKind, d: &Dossier, contact: String) -> Self {
        // A proposal the officer corrects: a week after the due date, 16:00.
        let proposed = d.due_at.date() + chrono::Days::new(7);
        let proposed = match proposed.weekday() {
            chrono::Weekday::Sat => proposed + chrono::Days::new(2),
            chrono::Weekday::Sun => proposed + chrono::Days::new(1),
            _ => proposed,
        };
        StepForm {
            kind,
            note: String::new(),
            items: vec![String::new()],
            reason: String::new(),
            contact,
            agency: String::new(),
            amount: String::new(),
            receipt: String::new(),
            method: d.result_delivery,
            tracking: String::new(),
            receiver: d.applicant.name.clone(),
            new_date: fmt_date(proposed),
            new_time: "16:00".into(),
            error: None,
        }
    }

    pub fn update(&mut self, m: FormMessage) {
        self.error = None;
        match m {
            FormMessage::Note(s) => self.note = s,
            FormMessage::Item(i, s) => {
                if let Some(item) = self.items.get_mut(i) {
                    *item = s;
                }
            }
            FormMessage::AddItem => self.items.push(String::new()),
            FormMessage::RemoveItem(i) => {
                if self.items.len() > 1 && i < self.items.len() {
                    self.items.remove(i);
                }
            }
            FormMessage::Reason(s) => self.reason = s,
            FormMessage::Contact(s) => self.contact = s,
            FormMessage::Agency(s) => self.agency = s,
            FormMessage::Amount(s) => self.amount = s,
            FormMessage::Receipt(s) => self.receipt = s,
            FormMessage::Method(m) => self.method = m,
            FormMessage::Tracking(s) => self.tracking = s,
            FormMessage::Receiver(s) => self.receiver = s,
            FormMessage::NewDate(s) => self.new_date = s,
            FormMessage::NewTime(s) => self.new_time = s,
        }
    }

    fn filled_items(&self) -> Vec<String> {
        self.items
            .iter()
            .map(|i| i.trim().to_string())
            .filter(|i| !i.is_empty())
            .collect()
    }

    /// The step, or what to fix (in Vietnamese). The store checks the rest.
    pub fn step(&self) -> Result<Step, String> {
        Ok(match self.kind {
            StepKind::Status(to) => Step::Status {
                to,
                note: self.note.clone(),
            },
            StepKind::Supplement => {
                let items = self.filled_items();
                if items.is_empty() {
                    return Err("Hãy ghi ít nhất một giấy tờ cần bổ sung.".into());
                }
                Step::Supplement(SupplementRequest {
                    items,
                    reason: self.reason.clone(),
                    contact: self.contact.clone(),
                })
            }
            StepKind::Supplied => Step::Supplied {
                note: self.note.clone(),
            },
            StepKind::Refuse => {
                let reasons = self.filled_items();
                if reasons.is_empty() {
                    return Err("Hãy ghi ít nhất một lý do từ chối.".into());
                }
                Step::Refuse { reasons }
            }
            StepKind::Apology => {
                let date = parse_dmy(&self.new_date)
                    .ok_or("Ngày hẹn mới phải viết dạng dd/mm/yyyy, ví dụ 30/11/2026.")?;
                let time = parse_hm(&self.new_time)
                    .ok_or("Giờ hẹn mới phải viết dạng hh:mm, ví dụ 16:00.")?;
                Step::Apology {
                    reason: self.reason.clone(),
                    new_due_at: date.and_time(time),
                }
            }
            StepKind::TransferOut => Step::TransferOut {
                agency: self.agency.clone(),
                note: self.note.clone(),
            },
            StepKind::TransferBack => Step::TransferBack {
                note: self.note.clone(),
            },
            StepKind::Payment => Step::Payment {
                description: self.reason.clone(),
                amount_vnd: parse_vnd(&self.amount)
                    .ok_or("Số tiền phải là số đồng, ví dụ 250.000.")?,
            },
            StepKind::Paid => Step::Paid {
                receipt_no: self.receipt.clone(),
            },
            StepKind::Return => Step::Return {
                method: self.method,
                tracking_no: self.tracking.clone(),
                receiver: self.receiver.clone(),
            },
        })
    }
}
