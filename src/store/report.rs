//! The periodic report (báo cáo tình hình, kết quả giải quyết TTHC) read from
//! the database. The rules live in [`crate::domain::report`]; this reads only
//! the dossiers they may count and hands them to [`build_report`].

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{Row, params};

use super::{Store, StoreError, fmt_ts, parse_ts};
use crate::domain::dossier::Channel;
use crate::domain::lifecycle::DossierStatus;
use crate::domain::report::{Report, ReportRow, build_report, period_bounds};

/// A period bound as stored text. Stored times compare as text, which holds
/// only for four-digit years: a bound past 9999 becomes a string that sorts
/// after every stored time.
fn bound(t: NaiveDateTime) -> String {
    if t.year() > 9999 {
        "9999-99".into()
    } else {
        fmt_ts(t)
    }
}

type RawRow = (
    String,
    u8,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    bool,
    u8,
);

fn raw(r: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
    ))
}

/// A stored time, read by hand: a quarter is ~35,000 rows of four times each,
/// and chrono's format-string parser took most of the report's time. Anything
/// not exactly `YYYY-MM-DDTHH:MM:SS` goes through [`parse_ts`] for its error.
fn time(s: &str) -> Result<NaiveDateTime, StoreError> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let shape = b.len() == 19
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':';
    let fast = shape
        .then(|| {
            let date =
                NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)?;
            date.and_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)
        })
        .flatten();
    match fast {
        Some(t) => Ok(t),
        None => parse_ts(s),
    }
}

fn report_row(raw: RawRow) -> Result<ReportRow, StoreError> {
    let (
        field,
        channel,
        received,
        due,
        finished,
        returned,
        paused,
        supplements,
        apologized,
        status,
    ) = raw;
    let opt = |t: Option<String>| t.as_deref().map(time).transpose();
    Ok(ReportRow {
        field,
        channel: Channel::ALL
            .into_iter()
            .find(|c| c.code() == channel)
            .ok_or_else(|| StoreError::corrupt("dossier channel", channel))?,
        received_at: time(&received)?,
        due_at: time(&due)?,
        finished_at: opt(finished)?,
        returned_at: opt(returned)?,
        paused_at: opt(paused)?,
        supplement_count: u32::try_from(supplements)
            .map_err(|_| StoreError::corrupt("supplement count", supplements))?,
        apologized,
        status: DossierStatus::from_code(status)
            .ok_or_else(|| StoreError::corrupt("dossier status", status))?,
    })
}

/// How far the probe counts each way of reading the dossiers pending at T1:
/// past this many index entries both ways cost about the same.
const PROBE_CAP: i64 = 100_000;

impl Store {
    /// The report of the dates `from`–`to`, both included, for one field
    /// (lĩnh vực, as stored: "Hộ tịch") or, with `None`, for all.
    ///
    /// Reads only the dossiers received before the period ends and not
    /// finished before it starts, plus those whose result was returned in it,
    /// each part a range on one index (see `sql/report_rows.sql`). The part
    /// that is hard to bound — received before the end, finished after it —
    /// is read from whichever of `dossier_by_received` (up to T1) and
    /// `dossier_by_finished_received` (from T1 on) has fewer entries to walk: the
    /// latter for recent periods, the former for the first years.
    pub fn report(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        field: Option<&str>,
    ) -> Result<Report, StoreError> {
        let field = field.map(crate::text::clean_line).filter(|f| !f.is_empty());
        let (t0, t1) = period_bounds(from, to);
        let (t0, t1) = (bound(t0), bound(t1));
        let conn = self.conn();
        let (before, after): (i64, i64) = conn
            .prepare_cached(include_str!("sql/report_probe.sql"))?
            .query_row(params![t1, PROBE_CAP], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let sql = if before < after {
            concat!(
                include_str!("sql/report_rows.sql"),
                include_str!("sql/report_later_by_received.sql")
            )
        } else {
            concat!(
                include_str!("sql/report_rows.sql"),
                include_str!("sql/report_later_by_finished.sql")
            )
        };
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt
            .query_map(params![t0, t1, field], raw)?
            .map(|r| report_row(r?))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(build_report(rows, from, to, field.as_deref()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn times_read_by_hand_as_chrono_reads_them() {
        for s in [
            "2026-09-30T17:00:00",
            "2026-01-01T00:00:00",
            "2028-02-29T23:59:59",
            "0999-12-31T08:05:09",
        ] {
            assert_eq!(time(s).unwrap(), parse_ts(s).unwrap(), "{s}");
        }
        for bad in [
            "2026-02-30T10:00:00",
            "2026-09-30T24:00:00",
            "2026-09-30 17:00:00",
            "2026-09-30T17:00",
            "2026-9-30T17:00:000",
            "",
        ] {
            assert!(time(bad).is_err(), "{bad}");
        }
    }
}
