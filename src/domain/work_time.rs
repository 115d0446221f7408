//! Working time (thời gian làm việc) between two moments, in office minutes, and
//! the moment a given amount of it runs out: the paused clock of a supplement
//! request. While the center waits for the citizen's papers the clock stops; when
//! they come it starts again with exactly the working time that was left.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::calendar::{CalendarError, OfficeHours, WorkCalendar};

/// How many days a walk through the calendar may take: far beyond any real
/// remaining time, it only stops a table with no working day from hanging.
const MAX_DAYS: u32 = 3_700;

fn sessions(hours: &OfficeHours) -> [(NaiveTime, NaiveTime); 2] {
    [
        (hours.morning_open, hours.morning_close),
        (hours.afternoon_open, hours.afternoon_close),
    ]
}

/// Office minutes on working days between `from` and `to`; negative when `to`
/// is earlier. Lunch breaks, evenings, weekends and holidays count nothing.
pub fn working_minutes(
    cal: &WorkCalendar,
    hours: &OfficeHours,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<i64, CalendarError> {
    hours.validate()?;
    if to < from {
        return working_minutes(cal, hours, to, from).map(|m| -m);
    }
    let mut total = 0i64;
    let mut day = from.date();
    while day <= to.date() {
        if cal.is_working_day(day) {
            for (open, close) in sessions(hours) {
                let start = day.and_time(open).max(from);
                let end = day.and_time(close).min(to);
                if end > start {
                    total += (end - start).num_minutes();
                }
            }
        }
        day = next_day(day, from.date())?;
    }
    Ok(total)
}

/// The moment `minutes` of working time have passed after `start`. A clock that
/// runs out exactly at the end of a session is due then (17:00), not at the
/// next opening. Zero or fewer minutes: due at `start` itself.
pub fn add_working_minutes(
    cal: &WorkCalendar,
    hours: &OfficeHours,
    start: NaiveDateTime,
    minutes: i64,
) -> Result<NaiveDateTime, CalendarError> {
    hours.validate()?;
    if minutes <= 0 {
        return Ok(start);
    }
    let mut left = minutes;
    let mut day = start.date();
    for _ in 0..MAX_DAYS {
        if cal.is_working_day(day) {
            for (open, close) in sessions(hours) {
                let from = day.and_time(open).max(start);
                let end = day.and_time(close);
                if end <= from {
                    continue;
                }
                let available = (end - from).num_minutes();
                if left <= available {
                    return Ok(from + chrono::Duration::minutes(left));
                }
                left -= available;
            }
        }
        day = next_day(day, start.date())?;
    }
    Err(CalendarError::NoWorkingDay { from: start.date() })
}

fn next_day(day: NaiveDate, from: NaiveDate) -> Result<NaiveDate, CalendarError> {
    day.succ_opt().ok_or(CalendarError::NoWorkingDay { from })
}

/// The due time after a paused clock starts again at `resumed_at` with
/// `remaining` working minutes. A dossier that was already overdue when the
/// clock stopped (`remaining` ≤ 0) keeps its due time: waiting for papers does
/// not make it less late.
pub fn resumed_due(
    cal: &WorkCalendar,
    hours: &OfficeHours,
    due_before: NaiveDateTime,
    remaining: i64,
    resumed_at: NaiveDateTime,
) -> Result<NaiveDateTime, CalendarError> {
    if remaining <= 0 {
        return Ok(due_before);
    }
    add_working_minutes(cal, hours, resumed_at, remaining)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
