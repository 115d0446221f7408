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
mod tests {
    use super::super::tests::{at, ticket};
    use super::super::{Ticket, default_areas};
    use super::*;

    #[test]
    fn nearest_rank_table() {
        let ten: Vec<i64> = (1..=10).collect();
        let twenty: Vec<i64> = (1..=20).collect();
        #[rustfmt::skip]
        let cases: &[(&[i64], u32, Option<i64>)] = &[
            (&[], 90, None),
            (&[7], 90, Some(7)),
            (&[1, 2], 90, Some(2)),         // ⌈1.8⌉ = 2
            (&ten, 90, Some(9)),            // ⌈9.0⌉ = 9
            (&ten[..9], 90, Some(9)),       // ⌈8.1⌉ = 9
            (&twenty, 90, Some(18)),
            (&ten, 50, Some(5)),
            (&ten, 100, Some(10)),
            (&ten, 0, Some(1)),
        ];
        for (values, p, want) in cases {
            assert_eq!(nearest_rank(values, *p), *want, "{values:?} p{p}");
        }
    }

    /// A hand-built day whose figures are worked out by hand in the test below.
    fn day() -> Vec<Ticket> {
        let mut out = Vec::new();
        // Area A, counter 1: ten tickets issued at 08:00; ticket i (1..=10) is
        // called after i minutes and completed 2·i minutes after that.
        for i in 1..=10u32 {
            let t = ticket(i as i64, 'A', false, 8, 0)
                .call(1, at(8, i))
                .unwrap()
                .complete(at(8, i + 2 * i))
                .unwrap();
            out.push(t);
        }
        // Area B, counter 2: one served (wait 30, service 15), one no-show (wait 5),
        // one still waiting.
        out.push(
            ticket(11, 'B', true, 9, 0)
                .call(2, at(9, 30))
                .unwrap()
                .complete(at(9, 45))
                .unwrap(),
        );
        out.push(
            ticket(12, 'B', false, 9, 0)
                .call(2, at(9, 5))
                .unwrap()
                .skip()
                .unwrap(),
        );
        out.push(ticket(13, 'B', false, 9, 10));
        // Another day: outside the period.
        let mut other = ticket(14, 'A', false, 8, 0);
        other.day = other.day.succ_opt().unwrap();
        out.push(other);
        out
    }

    fn find(f: &Figures, g: FigureGroup) -> &FigureRow {
        f.rows.iter().find(|r| r.group == g).unwrap()
    }

    #[test]
    fn figures_of_a_hand_built_day() {
        let d = at(0, 0).date();
        let f = figures(&day(), d, d);
        let groups: Vec<FigureGroup> = f.rows.iter().map(|r| r.group).collect();
        use FigureGroup::*;
        assert_eq!(groups, [All, Area('A'), Area('B'), Counter(1), Counter(2)]);

        let a = find(&f, Area('A'));
        assert_eq!((a.issued, a.served, a.no_shows), (10, 10, 0));
        assert_eq!(a.wait.count, 10);
        assert_eq!(a.wait.mean_min, Some(5.5)); // (1+…+10)/10
        assert_eq!(a.wait.p90_min, Some(9.0)); // 9th of 10
        assert_eq!(a.service.mean_min, Some(11.0)); // 2·5.5
        assert_eq!(a.service.p90_min, Some(18.0));
        assert_eq!(
            find(&f, Counter(1)),
            &FigureRow {
                group: Counter(1),
                ..a.clone()
            }
        );

        let b = find(&f, Area('B'));
        assert_eq!((b.issued, b.served, b.no_shows), (3, 1, 1));
        assert_eq!(b.wait.count, 2);
        assert_eq!(b.wait.mean_min, Some(17.5)); // (30 + 5)/2
        assert_eq!(b.wait.p90_min, Some(30.0));
        assert_eq!(b.service.mean_min, Some(15.0));
        let c2 = find(&f, Counter(2));
        assert_eq!(
            (c2.issued, c2.served, c2.no_shows),
            (2, 1, 1),
            "ticket 13 was never called"
        );

        let all = find(&f, All);
        assert_eq!((all.issued, all.served, all.no_shows), (13, 11, 1));
        assert_eq!(all.wait.count, 12);
        assert_eq!(all.wait.mean_min, Some((55.0 + 35.0) / 12.0));
        assert_eq!(all.wait.p90_min, Some(10.0)); // ⌈10.8⌉ = 11th of 1,2,…,10,30,5 sorted
        assert_eq!(all.service.p90_min, Some(18.0)); // ⌈9.9⌉ = 10th of 2,4,…,20,15 sorted

        let two_days = figures(&day(), d, d.succ_opt().unwrap());
        assert_eq!(find(&two_days, All).issued, 14);
        assert!(figures(&day(), d.pred_opt().unwrap(), d.pred_opt().unwrap()).rows[0].issued == 0);
    }

    #[test]
    fn a_clock_set_back_counts_zero() {
        let mut t = ticket(1, 'A', false, 8, 0).call(1, at(7, 50)).unwrap();
        t = t.complete(at(7, 40)).unwrap();
        let f = figures(&[t], at(0, 0).date(), at(0, 0).date());
        assert_eq!(f.rows[0].wait.mean_min, Some(0.0));
        assert_eq!(f.rows[0].service.mean_min, Some(0.0));
    }

    #[test]
    fn csv_for_excel() {
        let d = at(0, 0).date();
        let bytes = figures_csv(&figures(&day(), d, d), &default_areas()).unwrap();
        assert!(
            bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
            "UTF-8 byte-order mark"
        );
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Từ ngày,Đến ngày,Nhóm,Số phiếu,Đã phục vụ,Vắng mặt,Chờ trung bình (phút),Chờ P90 (phút),Phục vụ trung bình (phút),Phục vụ P90 (phút)"
        );
        assert_eq!(
            lines[1],
            "25/11/2026,25/11/2026,Tất cả,13,11,1,7.5,10.0,11.4,18.0"
        );
        assert_eq!(
            lines[2],
            "25/11/2026,25/11/2026,Khu vực A – Hộ tịch – Chứng thực,10,10,0,5.5,9.0,11.0,18.0"
        );
        assert_eq!(
            lines[5],
            "25/11/2026,25/11/2026,Quầy 2,2,1,1,17.5,30.0,15.0,15.0"
        );
        assert_eq!(lines.len(), 7, "five rows, a header and the final line end");
        let empty = figures_csv(&figures(&[], d, d), &[]).unwrap();
        let text = String::from_utf8(empty[3..].to_vec()).unwrap();
        assert!(text.ends_with("Tất cả,0,0,0,,,,\r\n"), "{text}");
    }
}
