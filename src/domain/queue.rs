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
pub(crate) mod tests {
    use super::*;

    pub(crate) fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    /// A waiting ticket issued at `h:m`; `id` follows issue order as in the store.
    pub(crate) fn ticket(id: i64, area: char, priority: bool, h: u32, m: u32) -> Ticket {
        Ticket {
            id,
            number: ticket_number("", area, id as u32),
            day: at(h, m).date(),
            issued_area: area,
            seq: id as u32,
            area,
            priority: priority.then_some(Priority::Elderly),
            status: TicketStatus::Waiting,
            issued_at: at(h, m),
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

    #[test]
    fn numbers_have_at_least_three_digits_and_carry_the_prefix() {
        assert_eq!(ticket_number("", 'A', 1), "A-001");
        assert_eq!(ticket_number("", 'B', 15), "B-015");
        assert_eq!(ticket_number("", 'A', 999), "A-999");
        assert_eq!(ticket_number("", 'A', 1000), "A-1000");
        assert_eq!(ticket_number("2", 'A', 15), "2A-015");
    }

    #[test]
    fn numbers_as_typed() {
        #[rustfmt::skip]
        let cases = [
            ("A-015", Some("A-015")), (" a-15 ", Some("A-015")), ("2a-0015", Some("2A-015")),
            ("A-1000", Some("A-1000")), ("A015", None), ("A-", None), ("-015", None),
            ("A-0", None), ("A-+15", None), ("1-015", None), ("Á-015", None),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_number(input).as_deref(), want, "{input}");
        }
    }

    fn pick(waiting: &[Ticket], areas: &[char], recent: &[bool]) -> Option<i64> {
        select_next(waiting, areas, recent).map(|t| t.id)
    }

    /// Name, waiting tickets, the counter's recent calls (true = priority), the pick.
    type Case<'a> = (&'a str, &'a [Ticket], &'a [bool], Option<i64>);

    #[test]
    fn fairness_table() {
        // Ordinary 1 (08:00), 3 (08:10); priority 2 (08:05), 4 (08:20), 5 (08:30); all area A.
        let q = vec![
            ticket(1, 'A', false, 8, 0),
            ticket(2, 'A', true, 8, 5),
            ticket(3, 'A', false, 8, 10),
            ticket(4, 'A', true, 8, 20),
            ticket(5, 'A', true, 8, 30),
        ];
        let only_ordinary = vec![ticket(1, 'A', false, 8, 0), ticket(3, 'A', false, 8, 10)];
        let only_priority = vec![ticket(2, 'A', true, 8, 5), ticket(4, 'A', true, 8, 20)];
        let (p, o) = (true, false);
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("nothing waiting", &[], &[], None),
            ("priority first, even if younger", &q, &[], Some(2)),
            ("one priority call is not a run", &q, &[p], Some(2)),
            ("two priority calls in a row: oldest ordinary", &q, &[p, p], Some(1)),
            ("the run is the latest calls only", &q, &[p, p, o], Some(2)),
            ("an ordinary call in between resets the run", &q, &[p, o, p], Some(2)),
            ("a long run, still the guard", &q, &[o, p, p, p], Some(1)),
            ("guard needs an ordinary ticket waiting", &only_priority, &[p, p], Some(2)),
            ("only ordinary: oldest", &only_ordinary, &[p, p], Some(1)),
            ("only ordinary, no history", &only_ordinary, &[], Some(1)),
        ];
        for (name, waiting, recent, want) in cases {
            assert_eq!(pick(waiting, &['A'], recent), *want, "{name}");
        }
    }

    #[test]
    fn only_waiting_tickets_of_the_counters_areas_are_taken() {
        let mut q = vec![
            ticket(1, 'B', true, 8, 0),
            ticket(2, 'A', false, 8, 1),
            ticket(3, 'A', true, 8, 2),
            ticket(4, 'A', true, 8, 3),
        ];
        q[2].status = TicketStatus::Skipped;
        q[3].status = TicketStatus::Called;
        assert_eq!(
            pick(&q, &['A'], &[]),
            Some(2),
            "skipped and called are not taken"
        );
        assert_eq!(pick(&q, &['A', 'B'], &[]), Some(1));
        assert_eq!(pick(&q, &['C'], &[]), None);
        assert_eq!(pick(&q, &[], &[]), None);
    }

    #[test]
    fn a_transferred_ticket_keeps_its_original_issue_time_place() {
        // B-001 issued at 08:00, transferred at 09:00 to area A, where A-005 waits
        // since 08:30: the transferred ticket is older, so it goes first.
        let mut moved = ticket(1, 'B', false, 8, 0);
        moved.area = 'A';
        moved.transfers = 1;
        let q = vec![moved, ticket(5, 'A', false, 8, 30)];
        assert_eq!(pick(&q, &['A'], &[]), Some(1));
        assert_eq!(pick(&q, &['B'], &[]), None, "it left area B");
    }

    #[test]
    fn recalls_and_specific_calls_do_not_change_the_order() {
        // The history only holds "next" picks, so a ticket recalled twice (its
        // counter stays the same) leaves the run where it was.
        let mut called = ticket(9, 'A', true, 7, 50);
        called.status = TicketStatus::Called;
        called.recalls = 2;
        let q = vec![
            called,
            ticket(1, 'A', false, 8, 0),
            ticket(2, 'A', true, 8, 5),
        ];
        assert_eq!(pick(&q, &['A'], &[true]), Some(2));
        assert_eq!(pick(&q, &['A'], &[true, true]), Some(1));
    }

    #[test]
    fn same_issue_time_goes_by_id() {
        let q = vec![ticket(7, 'A', false, 8, 0), ticket(3, 'A', false, 8, 0)];
        assert_eq!(pick(&q, &['A'], &[]), Some(3));
    }

    #[test]
    fn call_order_interleaves_one_ordinary_after_each_two_priority() {
        let q = vec![
            ticket(1, 'A', false, 8, 0),
            ticket(2, 'A', false, 8, 1),
            ticket(3, 'A', true, 8, 2),
            ticket(4, 'A', true, 8, 3),
            ticket(5, 'A', true, 8, 4),
            ticket(6, 'A', true, 8, 5),
            ticket(7, 'A', true, 8, 6),
        ];
        let order: Vec<i64> = call_order(&q, &['A'], &[]).iter().map(|t| t.id).collect();
        assert_eq!(order, [3, 4, 1, 5, 6, 2, 7]);
        let order: Vec<i64> = call_order(&q, &['A'], &[true, true])
            .iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(order, [1, 3, 4, 2, 5, 6, 7]);
    }
}
