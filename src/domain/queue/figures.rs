//! Queue figures (số liệu xếp hàng) for a day or a period: tickets issued, served,
//! no-shows, and waiting and service times, in all, per area and per counter.
//!
//! - Waiting time: issue → first call. A ticket never called has none.
//! - Service time: first call → completion, for completed tickets. (A ticket
//!   skipped and called again, or transferred, counts the whole span.)
//! - The 90th percentile is the **nearest-rank** one: sort the n times and take the
//!   ⌈0.9 n⌉-th. It is always a time that really occurred.
//! - A time that comes out negative (the PC's clock was set back) counts as zero.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{ServiceArea, Ticket, TicketError, TicketStatus};
use crate::domain::format::fmt_date;

/// What a row of figures is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureGroup {
    All,
    /// The area a ticket ended in (after any transfer).
    Area(char),
    /// The counter that called a ticket last.
    Counter(u8),
}

/// Average and 90th percentile of some durations, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimeStats {
    pub count: u32,
    pub mean_min: Option<f64>,
    pub p90_min: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureRow {
    pub group: FigureGroup,
    /// Tickets in the group (for a counter: the tickets it called last).
    pub issued: u32,
    /// Completed.
    pub served: u32,
    /// Skipped and not called again.
    pub no_shows: u32,
    pub wait: TimeStats,
    pub service: TimeStats,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `All` first, then each area and each counter that had tickets, in order.
    pub rows: Vec<FigureRow>,
}

/// The `percent`-th percentile of ascending `sorted` by nearest rank: the
/// ⌈percent·n/100⌉-th value. `None` when there are no values.
pub fn nearest_rank(sorted: &[i64], percent: u32) -> Option<i64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (n * percent as usize).div_ceil(100).clamp(1, n);
    sorted.get(rank - 1).copied()
}

fn stats(mut seconds: Vec<i64>) -> TimeStats {
    seconds.sort_unstable();
    let count = seconds.len() as u32;
    let minutes = |s: i64| s as f64 / 60.0;
    TimeStats {
        count,
        mean_min: (count > 0).then(|| minutes(seconds.iter().sum::<i64>()) / f64::from(count)),
        p90_min: nearest_rank(&seconds, 90).map(minutes),
    }
}

fn row(group: FigureGroup, tickets: &[&Ticket]) -> FigureRow {
    let count = |s: TicketStatus| tickets.iter().filter(|t| t.status == s).count() as u32;
    let span = |a: NaiveDateTime, b: NaiveDateTime| (b - a).num_seconds().max(0);
    let waits = tickets
        .iter()
        .filter_map(|t| Some(span(t.issued_at, t.first_called_at?)))
        .collect();
    let services = tickets
        .iter()
        .filter(|t| t.status == TicketStatus::Done)
        .filter_map(|t| Some(span(t.first_called_at?, t.completed_at?)))
        .collect();
    FigureRow {
        group,
        issued: tickets.len() as u32,
        served: count(TicketStatus::Done),
        no_shows: count(TicketStatus::Skipped),
        wait: stats(waits),
        service: stats(services),
    }
}

/// The figures of the tickets issued from `from` to `to`, both days included.
pub fn figures(tickets: &[Ticket], from: NaiveDate, to: NaiveDate) -> Figures {
    let period: Vec<&Ticket> = tickets
        .iter()
        .filter(|t| (from..=to).contains(&t.day))
        .collect();
    let mut groups: Vec<FigureGroup> = period
        .iter()
        .flat_map(|t| {
            std::iter::once(FigureGroup::Area(t.area)).chain(t.counter_no.map(FigureGroup::Counter))
        })
        .collect();
    groups.sort();
    groups.dedup();
    let mut rows = vec![row(FigureGroup::All, &period)];
    for g in groups {
        let members: Vec<&Ticket> = period
            .iter()
            .copied()
            .filter(|t| match g {
                FigureGroup::All => true,
                FigureGroup::Area(a) => t.area == a,
                FigureGroup::Counter(c) => t.counter_no == Some(c),
            })
            .collect();
        rows.push(row(g, &members));
    }
    Figures { from, to, rows }
}

fn minutes_cell(m: Option<f64>) -> String {
    m.map(|m| format!("{m:.1}")).unwrap_or_default()
}

/// The figures as CSV for Excel: UTF-8 with a byte-order mark (without it Excel
/// reads Vietnamese as mojibake), CRLF line ends, a Vietnamese header, dates
/// dd/mm/yyyy, times in minutes with one decimal (an empty cell: no such time).
pub fn figures_csv(f: &Figures, areas: &[ServiceArea]) -> Result<Vec<u8>, TicketError> {
    let export = |e: &dyn std::fmt::Display| TicketError::Export(e.to_string());
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{FEFF}".as_bytes().to_vec());
    w.write_record([
        "Từ ngày",
        "Đến ngày",
        "Nhóm",
        "Số phiếu",
        "Đã phục vụ",
        "Vắng mặt",
        "Chờ trung bình (phút)",
        "Chờ P90 (phút)",
        "Phục vụ trung bình (phút)",
        "Phục vụ P90 (phút)",
    ])
    .map_err(|e| export(&e))?;
    for r in &f.rows {
        let group = match r.group {
            FigureGroup::All => "Tất cả".to_string(),
            FigureGroup::Area(c) => match areas.iter().find(|a| a.letter == c) {
                Some(a) => format!("Khu vực {c} – {}", a.name),
                None => format!("Khu vực {c}"),
            },
            FigureGroup::Counter(n) => format!("Quầy {n}"),
        };
        w.write_record([
            fmt_date(f.from),
            fmt_date(f.to),
            group,
            r.issued.to_string(),
            r.served.to_string(),
            r.no_shows.to_string(),
            minutes_cell(r.wait.mean_min),
            minutes_cell(r.wait.p90_min),
            minutes_cell(r.service.mean_min),
            minutes_cell(r.service.p90_min),
        ])
        .map_err(|e| export(&e))?;
    }
    w.into_inner().map_err(|e| export(&e))
}

#[cfg(test)]
mod tests;
