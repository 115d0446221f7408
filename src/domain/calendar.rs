//! Working-day calendar and due dates (hạn trả kết quả).
//!
//! Holidays, swap days and make-up Saturdays are announced every year by the
//! government, so they are data (`holidays.csv`), never computed here: this
//! module only applies the table.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use super::Localized;
use super::csv_import::{
    Columns, ImportError, Lines, csv_error, csv_reader, header_columns, import_error,
    parse_tri_state, strip_bom,
};
use super::dossier::Deadline;
use super::format::fmt_date;

/// Hour of the 15:00 rule (Luật Hộ tịch Đ5.3, NĐ 23/2015 Đ7): a same-day
/// dossier received at or after it is due the next working day.
pub const SAME_DAY_CUTOFF_HOUR: u32 = 15;

/// How far a search for a working day may run. Ten years is far beyond any
/// real holiday block; it only stops a table that marks every day off from
/// hanging the counter.
const MAX_SEARCH_DAYS: u32 = 3_700;

/// Office hours (giờ làm việc): two sessions a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeHours {
    pub morning_open: NaiveTime,
    pub morning_close: NaiveTime,
    pub afternoon_open: NaiveTime,
    pub afternoon_close: NaiveTime,
}

impl Default for OfficeHours {
    fn default() -> Self {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
        Self {
            morning_open: t(7, 0),
            morning_close: t(11, 30),
            afternoon_open: t(13, 30),
            afternoon_close: t(17, 0),
        }
    }
}

impl OfficeHours {
    /// Due dates assume the sessions are in order; a lunch break of zero length
    /// is allowed (centers that work through lunch).
    pub fn validate(&self) -> Result<(), CalendarError> {
        let ordered = self.morning_open < self.morning_close
            && self.morning_close <= self.afternoon_open
            && self.afternoon_open < self.afternoon_close;
        if ordered {
            Ok(())
        } else {
            Err(CalendarError::OfficeHoursOrder)
        }
    }
}

/// One row of the holiday table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub name: String,
    /// The CSV `type` column: statutory, compensatory, swap_day_off,
    /// makeup_workday, weekend_in_block, lunar_reference, …
    pub kind: String,
    /// `day_off_public_servants`: `Some(true)` off, `Some(false)` a working day
    /// even on a weekend, `None` (UNKNOWN) leaves the weekday rule in force.
    pub day_off: Option<bool>,
    pub status: String,
    pub note: String,
}

/// Something that stops a due date from being computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error(
        "no working day within {} days after {from}: the holiday table marks every day off",
        MAX_SEARCH_DAYS
    )]
    NoWorkingDay { from: NaiveDate },
    #[error(
        "office hours must run morning open < morning close ≤ afternoon open < afternoon close"
    )]
    OfficeHoursOrder,
}

impl Localized for CalendarError {
    fn vi(&self) -> String {
        match self {
            CalendarError::NoWorkingDay { from } => format!(
                "Không tìm được ngày làm việc nào trong vòng 10 năm sau ngày {}: bảng ngày nghỉ lễ đang đánh dấu mọi ngày là ngày nghỉ, cần kiểm tra lại.",
                fmt_date(*from)
            ),
            CalendarError::OfficeHoursOrder => "Giờ làm việc không hợp lệ: phải theo thứ tự mở cửa sáng < nghỉ trưa ≤ mở cửa chiều < đóng cửa chiều.".into(),
        }
    }
}

/// Which days the center works, from the holiday table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    /// Only rows that say TRUE or FALSE; UNKNOWN rows change nothing.
    overrides: HashMap<NaiveDate, bool>,
    years: HashSet<i32>,
    days: Vec<CalendarDay>,
}

impl WorkCalendar {
    pub fn new(days: &[CalendarDay]) -> Self {
        let overrides = days
            .iter()
            .filter_map(|d| d.day_off.map(|off| (d.date, !off)))
            .collect();
        let years = days.iter().map(|d| d.date.year()).collect();
        let mut days = days.to_vec();
        days.sort_by_key(|d| d.date);
        Self {
            overrides,
            years,
            days,
        }
    }

    /// A listed day that is off is off, a listed make-up Saturday is worked,
    /// and everything else follows Monday–Friday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.overrides.get(&d) {
            Some(&working) => working,
            None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The first working day strictly after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut day = d;
        for _ in 0..MAX_SEARCH_DAYS {
            day = day
                .succ_opt()
                .ok_or(CalendarError::NoWorkingDay { from: d })?;
            if self.is_working_day(day) {
                return Ok(day);
            }
        }
        Err(CalendarError::NoWorkingDay { from: d })
    }

    /// The `n`-th working day after `d`; `d` itself when `n` is 0.
    pub fn add_working_days(&self, d: NaiveDate, n: u16) -> Result<NaiveDate, CalendarError> {
        let mut day = d;
        for _ in 0..n {
            day = self.next_working_day(day)?;
        }
        Ok(day)
    }

    /// True when the table has at least one row in `d`'s year. A due date in a
    /// year without rows is computed from weekdays alone and may fall on a
    /// holiday nobody has loaded yet, so the GUI warns about it.
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.years.contains(&d.year())
    }

    /// The table's row for `d`, if any (to name the holiday on screen).
    pub fn day(&self, d: NaiveDate) -> Option<&CalendarDay> {
        self.days
            .binary_search_by_key(&d, |row| row.date)
            .ok()
            .and_then(|i| self.days.get(i))
    }

    /// Every row, sorted by date.
    pub fn days(&self) -> &[CalendarDay] {
        &self.days
    }
}

/// When the clock starts: the receipt moved into office hours.
fn effective_receipt(
    cal: &WorkCalendar,
    hours: &OfficeHours,
    received: NaiveDateTime,
) -> Result<NaiveDateTime, CalendarError> {
    let (date, time) = (received.date(), received.time());
    if !cal.is_working_day(date) || time >= hours.afternoon_close {
        let next = cal.next_working_day(date)?;
        return Ok(next.and_time(hours.morning_open));
    }
    if time < hours.morning_open {
        return Ok(date.and_time(hours.morning_open));
    }
    if time >= hours.morning_close && time < hours.afternoon_open {
        return Ok(date.and_time(hours.afternoon_open));
    }
    Ok(received)
}

fn cutoff() -> NaiveTime {
    NaiveTime::from_hms_opt(SAME_DAY_CUTOFF_HOUR, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// The promised result time (ngày giờ hẹn trả) of a dossier received at `received`.
///
/// 1. **Effective receipt.** A dossier received on a day that is not a working
///    day (a weekend, a holiday, a swap day; online filings arrive at any time),
///    or at or after the afternoon closing time, counts as received at the
///    morning opening of the next working day. One received before the morning
///    opening of a working day counts from that opening; one received during the
///    lunch break (morning close ≤ t < afternoon open) counts from the afternoon
///    opening.
/// 2. **Same day** (`SameDay`, and `WorkingDays(0)`): effective receipt before
///    15:00 → due at the afternoon closing time of that day; at or after 15:00 →
///    due at the afternoon closing time of the next working day (Luật Hộ tịch
///    2014 Đ5.3, NĐ 23/2015/NĐ-CP Đ7).
/// 3. **N working days** (N ≥ 1): due on the N-th working day after the
///    effective receipt date, at the effective receipt time of day, so the
///    dossier gets N full working days.
///
/// Working days come from [`WorkCalendar::is_working_day`]; make-up Saturdays
/// count, holidays and swap days do not.
pub fn due_at(
    cal: &WorkCalendar,
    hours: &OfficeHours,
    deadline: Deadline,
    received: NaiveDateTime,
) -> Result<NaiveDateTime, CalendarError> {
    hours.validate()?;
    let start = effective_receipt(cal, hours, received)?;
    match deadline {
        Deadline::SameDay | Deadline::WorkingDays(0) => {
            let day = if start.time() < cutoff() {
                start.date()
            } else {
                cal.next_working_day(start.date())?
            };
            Ok(day.and_time(hours.afternoon_close))
        }
        Deadline::WorkingDays(n) => {
            let day = cal.add_working_days(start.date(), n)?;
            Ok(day.and_time(start.time()))
        }
    }
}

// ---------------------------------------------------------------------------
// holidays.csv

const CAL_REQUIRED: [&str; 3] = ["date", "type", "day_off_public_servants"];

/// Reads the holiday table (`holidays.csv`). The whole file is refused at the
/// first bad row, with its physical line number (the header is line 1), so a
/// half-imported calendar never computes wrong due dates.
pub fn parse_calendar_csv(text: &str) -> Result<Vec<CalendarDay>, ImportError> {
    let text = strip_bom(text);
    let mut reader = csv_reader(text);
    let mut lines = Lines::new(text);
    let columns = header_columns(&mut reader, &mut lines, &CAL_REQUIRED)?;
    let mut days: Vec<CalendarDay> = Vec::new();
    let mut seen: HashMap<NaiveDate, u64> = HashMap::new();
    for result in reader.records() {
        let record = result.map_err(|e| csv_error(e, &mut lines))?;
        let line = lines.at(record.position());
        let day = calendar_row(&record, &columns, line)?;
        if let Some(first) = seen.insert(day.date, line) {
            return Err(import_error(
                line,
                format!("date {} is already listed at line {first}", day.date),
                format!(
                    "Ngày {} đã có ở dòng {first}: mỗi ngày chỉ được ghi một lần.",
                    fmt_date(day.date)
                ),
            ));
        }
        days.push(day);
    }
    if days.is_empty() {
        return Err(import_error(
            1,
            "the file has a header but no rows".into(),
            "Tệp chỉ có dòng tiêu đề, không có ngày nào.".into(),
        ));
    }
    Ok(days)
}

fn calendar_row(
    record: &csv::StringRecord,
    columns: &Columns,
    line: u64,
) -> Result<CalendarDay, ImportError> {
    let date_text = columns.get(record, "date");
    let date = parse_iso_date(&date_text).ok_or_else(|| {
        import_error(
            line,
            format!("date {date_text:?} must be YYYY-MM-DD, e.g. 2026-01-01"),
            format!("Ngày “{date_text}” không đúng dạng NNNN-TT-NN (ví dụ 2026-01-01)."),
        )
    })?;
    let kind = columns.get(record, "type");
    if kind.is_empty() {
        return Err(import_error(
            line,
            "type is empty".into(),
            "Cột type (loại ngày) đang để trống.".into(),
        ));
    }
    let day_off_text = columns.get(record, "day_off_public_servants");
    let day_off = parse_tri_state(&day_off_text).ok_or_else(|| {
        import_error(
            line,
            format!("day_off_public_servants {day_off_text:?} must be TRUE, FALSE or UNKNOWN"),
            format!(
                "Cột day_off_public_servants có giá trị “{day_off_text}”: chỉ được ghi TRUE, FALSE hoặc UNKNOWN."
            ),
        )
    })?;
    Ok(CalendarDay {
        date,
        name: columns.get(record, "name"),
        kind,
        day_off,
        status: columns.get(record, "status"),
        note: columns.get(record, "note"),
    })
}

/// Strict `YYYY-MM-DD`: chrono alone also takes `2026-1-5`, which is more
/// likely a typo than a date someone meant.
fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
