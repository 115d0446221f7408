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
    let opt = |t: Option<String>| t.as_deref().map(parse_ts).transpose();
    Ok(ReportRow {
        field,
        channel: Channel::ALL
            .into_iter()
            .find(|c| c.code() == channel)
            .ok_or_else(|| StoreError::corrupt("dossier channel", channel))?,
        received_at: parse_ts(&received)?,
        due_at: parse_ts(&due)?,
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

impl Store {
    /// The report of the dates `from`–`to`, both included, for one field
    /// (lĩnh vực, as stored: "Hộ tịch") or, with `None`, for all.
    ///
    /// Reads only the dossiers received before the period ends and not
    /// finished before it starts, plus those whose result was returned in it,
    /// each part a range on `dossier_by_finished` or `dossier_by_returned`
    /// (see `sql/report_rows.sql`).
    pub fn report(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        field: Option<&str>,
    ) -> Result<Report, StoreError> {
        let field = field.map(crate::text::clean_line).filter(|f| !f.is_empty());
        let (t0, t1) = period_bounds(from, to);
        let mut stmt = self
            .conn()
            .prepare_cached(include_str!("sql/report_rows.sql"))?;
        let rows = stmt
            .query_map(params![bound(t0), bound(t1), field], raw)?
            .map(|r| report_row(r?))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(build_report(rows, from, to, field.as_deref()))
    }
}
