//! Why the queue refuses something. Nothing has changed when one of these is returned.

use chrono::NaiveDate;

use super::TicketStatus;
use crate::domain::Localized;
use crate::domain::format::fmt_date;

/// What was asked of a ticket, for the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Call,
    CallAgain,
    Recall,
    Skip,
    Transfer,
    Complete,
    Link,
}

impl Step {
    fn en(self) -> &'static str {
        match self {
            Step::Call => "called",
            Step::CallAgain => "called again (only a skipped ticket can be)",
            Step::Recall => "recalled",
            Step::Skip => "skipped (only a called ticket can be)",
            Step::Transfer => "transferred",
            Step::Complete => "completed (only a called ticket can be)",
            Step::Link => "linked to a dossier (only a called or completed ticket can be)",
        }
    }

    fn vi(self) -> &'static str {
        match self {
            Step::Call => "gọi số này",
            Step::CallAgain => "gọi lại (chỉ gọi lại được số đã bỏ qua)",
            Step::Recall => "gọi lại",
            Step::Skip => "bỏ qua (chỉ bỏ qua được số đang gọi)",
            Step::Transfer => "chuyển khu vực",
            Step::Complete => "hoàn thành (chỉ hoàn thành được số đang phục vụ)",
            Step::Link => "gắn hồ sơ (chỉ gắn được số đang phục vụ hoặc đã xong)",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    #[error("area {0:?} must be one letter A–Z")]
    BadAreaLetter(String),
    #[error("there is no service area {0}")]
    UnknownArea(char),
    #[error("area {0} is not served at this PC's counter, so its tickets could not be called here")]
    AreaNotServed(char),
    #[error("at least one service area is needed")]
    NoAreas,
    #[error("area letter {0} is used twice")]
    DuplicateArea(char),
    #[error("area {0} needs a name of at most 60 characters")]
    AreaName(char),
    #[error("field {0:?} is listed in two areas")]
    FieldTwice(String),
    #[error("queue prefix {0:?} must be at most 3 letters or digits")]
    BadPrefix(String),
    #[error("counter number {0} is outside 1–9")]
    BadCounter(u8),
    #[error("no such ticket: {0}")]
    NoSuchTicket(String),
    #[error("ticket {number} is {status}, so it cannot be {}", step.en())]
    WrongStatus {
        number: String,
        status: TicketStatus,
        step: Step,
    },
    #[error("ticket {number} is from {day}; only today's tickets can be called again")]
    NotToday { number: String, day: NaiveDate },
    #[error("ticket {number} is already in area {area}")]
    SameArea { number: String, area: char },
    #[error("no ticket is being called at counter {0}")]
    NothingCalled(u8),
    #[error("the period runs backwards: {from} is after {to}")]
    BadPeriod { from: NaiveDate, to: NaiveDate },
    #[error("cannot write the figures as CSV: {0}")]
    Export(String),
}

impl Localized for TicketError {
    fn vi(&self) -> String {
        match self {
            TicketError::BadAreaLetter(v) => {
                format!("Khu vực “{v}” không hợp lệ: phải là một chữ cái từ A đến Z.")
            }
            TicketError::UnknownArea(c) => {
                format!("Không có khu vực {c}. Kiểm tra danh sách khu vực trong Cài đặt.")
            }
            TicketError::AreaNotServed(c) => format!(
                "Quầy trên máy này không phục vụ khu vực {c}, nên số của khu vực này sẽ không được gọi. Thêm khu vực {c} cho quầy trong Cài đặt."
            ),
            TicketError::NoAreas => "Cần ít nhất một khu vực.".into(),
            TicketError::DuplicateArea(c) => format!("Chữ cái khu vực {c} bị dùng hai lần."),
            TicketError::AreaName(c) => {
                format!("Khu vực {c} cần có tên, tối đa 60 ký tự.")
            }
            TicketError::FieldTwice(f) => {
                format!(
                    "Lĩnh vực “{f}” được xếp vào hai khu vực; mỗi lĩnh vực chỉ thuộc một khu vực."
                )
            }
            TicketError::BadPrefix(p) => format!(
                "Tiền tố số thứ tự “{p}” không hợp lệ: tối đa 3 chữ cái hoặc chữ số, ví dụ số quầy “2”."
            ),
            TicketError::BadCounter(n) => {
                format!("Số quầy {n} không hợp lệ: số quầy phải từ 1 đến 9.")
            }
            TicketError::NoSuchTicket(t) => format!("Không tìm thấy số thứ tự {t}."),
            TicketError::WrongStatus {
                number,
                status,
                step,
            } => format!("Số {number} {}, không thể {}.", status.vi(), step.vi()),
            TicketError::NotToday { number, day } => format!(
                "Số {number} được cấp ngày {}; chỉ gọi lại được số của hôm nay.",
                fmt_date(*day)
            ),
            TicketError::SameArea { number, area } => {
                format!("Số {number} đã thuộc khu vực {area}.")
            }
            TicketError::NothingCalled(n) => format!("Quầy {n} chưa gọi số nào."),
            TicketError::BadPeriod { from, to } => format!(
                "Khoảng thời gian không hợp lệ: từ ngày {} sau đến ngày {}.",
                fmt_date(*from),
                fmt_date(*to)
            ),
            TicketError::Export(_) => "Không xuất được bảng số liệu. Hãy thử lại.".into(),
        }
    }
}

#[cfg(test)]
mod tests;
