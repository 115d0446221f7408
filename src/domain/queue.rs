//! Queue tickets (số thứ tự): numbering, the order tickets are called in, the
//! board and the figures. Pure code: no I/O, no GUI, time passed in.
//!
//! **Numbers.** `{prefix}{area}-{NNN}`: the area letter, then the ticket's place in
//! that area's sequence for the day, at least three digits (`A-015`, … `A-999`,
//! `A-1000`). Every area starts again from 001 each day. The prefix is a setting,
//! empty by default: a center where more than one PC issues tickets gives each PC
//! its own (its counter digit, say), so `2A-015` and `3A-015` can never be
//! confused while the PCs do not share one queue.
//!
//! **Calling order** ([`select_next`]): priority tickets (người cao tuổi, người
//! khuyết tật, phụ nữ mang thai, người đi cùng trẻ nhỏ) go first; but once a counter
//! has called [`PRIORITY_RUN`] priority tickets in a row, if an ordinary ticket is
//! waiting, the oldest ordinary ticket is called next. Within each kind, the oldest
//! issue time goes first — the original issue time, so a ticket transferred to
//! another area keeps its place there.

mod area;
mod board;
mod error;
mod figures;
mod transition;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub use area::{
    MAX_PREFIX_LEN, ServiceArea, area_for_field, check_queue_settings, default_areas,
    parse_area_letter, parse_area_letters,
};
pub use board::{AreaWaiting, BOARD_RECENT, Board, Serving, board};
pub use error::{Step, TicketError};
pub use figures::{FigureGroup, FigureRow, Figures, TimeStats, figures, figures_csv, nearest_rank};
pub use transition::check_counter;

/// How many priority tickets a counter may call in a row while an ordinary ticket
/// is waiting; the next call then takes the oldest ordinary ticket.
pub const PRIORITY_RUN: usize = 2;

/// Đối tượng ưu tiên: who may take a priority ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Người cao tuổi
    Elderly,
    /// Người khuyết tật
    Disabled,
    /// Phụ nữ mang thai
    Pregnant,
    /// Người đi cùng trẻ nhỏ
    Child,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Elderly,
        Priority::Disabled,
        Priority::Pregnant,
        Priority::Child,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Priority::Elderly => "elderly",
            Priority::Disabled => "disabled",
            Priority::Pregnant => "pregnant",
            Priority::Child => "child",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }

    pub fn vi(self) -> &'static str {
        match self {
            Priority::Elderly => "Người cao tuổi",
            Priority::Disabled => "Người khuyết tật",
            Priority::Pregnant => "Phụ nữ mang thai",
            Priority::Child => "Người đi cùng trẻ nhỏ",
        }
    }
}

/// Where a ticket stands. There is no separate "being served" state: the officer
/// who called a ticket is serving it until they skip, transfer or complete it (or
/// call the next one), and an extra button press per citizen would only be
/// forgotten. A transfer is a change of area back to `Waiting`, not a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TicketStatus {
    /// Đang chờ
    Waiting,
    /// Đã gọi: called to a counter, and served there.
    Called,
    /// Vắng mặt: called, did not come; can be called again the same day.
    Skipped,
    /// Đã xong
    Done,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 4] = [
        TicketStatus::Waiting,
        TicketStatus::Called,
        TicketStatus::Skipped,
        TicketStatus::Done,
    ];

    pub fn key(self) -> &'static str {
        match self {
            TicketStatus::Waiting => "waiting",
            TicketStatus::Called => "called",
            TicketStatus::Skipped => "skipped",
            TicketStatus::Done => "done",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn vi(self) -> &'static str {
        match self {
            TicketStatus::Waiting => "đang chờ",
            TicketStatus::Called => "đang được phục vụ",
            TicketStatus::Skipped => "vắng mặt (đã bỏ qua)",
            TicketStatus::Done => "đã xong",
        }
    }
}

impl std::fmt::Display for TicketStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TicketStatus::Skipped => "skipped (no-show)",
            s => s.key(),
        })
    }
}

/// A queue ticket (phiếu số thứ tự) and every moment of its life, so that waiting
/// and service times can be computed afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: i64,
    /// As printed and announced: `A-015`, `2A-015`.
    pub number: String,
    /// The day of issue; numbers start again each day.
    pub day: NaiveDate,
    /// The area letter in the number: where it was issued.
    pub issued_area: char,
    /// Its place in `issued_area`'s sequence for `day`, from 1.
    pub seq: u32,
    /// The area it belongs to now; differs from `issued_area` after a transfer.
    pub area: char,
    pub priority: Option<Priority>,
    pub status: TicketStatus,
    pub issued_at: NaiveDateTime,
    pub first_called_at: Option<NaiveDateTime>,
    pub last_called_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    /// The counter that called it last (and so serves, skipped or completed it).
    pub counter_no: Option<u8>,
    /// "Gọi lại" presses: the same call announced again.
    pub recalls: u32,
    /// "Bỏ qua" presses: called and not there.
    pub skips: u32,
    pub transfers: u32,
    /// Dossier codes received from this ticket's citizen (one visit, maybe several dossiers).
    pub dossiers: Vec<String>,
}

impl Ticket {
    /// A ticket just issued: waiting in its own area, nothing else happened yet.
    pub fn issued(
        id: i64,
        number: String,
        area: char,
        seq: u32,
        priority: Option<Priority>,
        at: NaiveDateTime,
    ) -> Ticket {
        Ticket {
            id,
            number,
            day: at.date(),
            issued_area: area,
            seq,
            area,
            priority,
            status: TicketStatus::Waiting,
            issued_at: at,
            first_called_at: None,
            last_called_at: None,
            completed_at: None,
            counter_no: None,
            recalls: 0,
            skips: 0,
            transfers: 0,
            dossiers: Vec::new(),
        }
    }

    /// The audit trail's key: numbers repeat every day, so the day is part of it.
    pub fn entity_key(&self) -> String {
        format!("ticket:{}:{}", self.day.format("%Y-%m-%d"), self.number)
    }

    /// Whether it was issued as a priority ticket.
    pub fn is_priority(&self) -> bool {
        self.priority.is_some()
    }
}

/// `A-015`, `2A-015`, `A-1000`: the number printed on the `seq`-th ticket of `area`.
pub fn ticket_number(prefix: &str, area: char, seq: u32) -> String {
    format!("{prefix}{area}-{seq:03}")
}

/// Reads a ticket number as typed — `a-15`, ` 2A-0015 ` — in its printed form
/// (`A-015`, `2A-015`); `None` when it cannot be one.
pub fn normalize_number(input: &str) -> Option<String> {
    let upper = input.trim().to_ascii_uppercase();
    let (head, digits) = upper.rsplit_once('-')?;
    let seq: u32 = digits.parse().ok()?;
    let area = head.chars().last()?;
    let ok = seq > 0
        && digits.chars().all(|c| c.is_ascii_digit())
        && area.is_ascii_uppercase()
        && head.chars().all(|c| c.is_ascii_alphanumeric());
    ok.then(|| format!("{head}-{seq:03}"))
}

/// The ticket "Gọi số tiếp theo" takes at a counter serving `areas`, or `None` when
/// none of them has a ticket waiting.
///
/// `recent` says, for this counter's recent "next" calls today, oldest first,
/// whether each took a priority ticket (calls of a specific ticket and recalls do
/// not count: they are not the queue's choice). The rule: the oldest priority
/// ticket goes first, unless the last [`PRIORITY_RUN`] calls all took priority
/// tickets and an ordinary ticket is waiting — then the oldest ordinary ticket.
/// So while ordinary tickets wait, at least one call in every `PRIORITY_RUN + 1`
/// serves one of them. "Oldest" is by original issue time, then by id.
pub fn select_next<'a>(
    waiting: &'a [Ticket],
    areas: &[char],
    recent: &[bool],
) -> Option<&'a Ticket> {
    let oldest = |priority: bool| {
        waiting
            .iter()
            .filter(|t| t.status == TicketStatus::Waiting && areas.contains(&t.area))
            .filter(|t| t.is_priority() == priority)
            .min_by_key(|t| (t.issued_at, t.id))
    };
    let ordinary = oldest(false);
    let priority = oldest(true);
    let run_full =
        recent.len() >= PRIORITY_RUN && recent[recent.len() - PRIORITY_RUN..].iter().all(|&p| p);
    match (priority, ordinary) {
        (Some(_), Some(o)) if run_full => Some(o),
        (Some(p), _) => Some(p),
        (None, o) => o,
    }
}

/// The order in which repeated "next" calls at one counter would take the waiting
/// tickets, if nobody else called and nothing new arrived: what the counter's
/// screen shows as "next up".
pub fn call_order<'a>(waiting: &'a [Ticket], areas: &[char], recent: &[bool]) -> Vec<&'a Ticket> {
    let mut left: Vec<Ticket> = waiting.to_vec();
    let mut history = recent.to_vec();
    let mut order = Vec::new();
    while let Some(next) = select_next(&left, areas, &history) {
        let id = next.id;
        history.push(next.is_priority());
        left.retain(|t| t.id != id);
        if let Some(t) = waiting.iter().find(|t| t.id == id) {
            order.push(t);
        }
    }
    order
}

#[cfg(test)]
pub(crate) mod tests;
