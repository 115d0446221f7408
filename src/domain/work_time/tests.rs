use chrono::{NaiveDate, NaiveDateTime};

use super::*;
use crate::domain::calendar::CalendarDay;

fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn row(m: u32, d: u32, day_off: bool) -> CalendarDay {
    CalendarDay {
        date: NaiveDate::from_ymd_opt(2026, m, d).unwrap(),
        name: String::new(),
        kind: if day_off {
            "statutory"
        } else {
            "makeup_workday"
        }
        .into(),
        day_off: Some(day_off),
        status: String::new(),
        note: String::new(),
    }
}

/// March 2026: Mon 2, Fri 6, Sat 7, Mon 9, Tue 10 (a made-up holiday here),
/// Sat 14 (a made-up make-up working Saturday). Hours 07:00–11:30, 13:30–17:00:
/// 480 minutes a day.
fn cal() -> WorkCalendar {
    WorkCalendar::new(&[row(3, 10, true), row(3, 14, false)])
}

#[test]
fn working_minutes_count_only_office_time() {
    let h = OfficeHours::default();
    let c = cal();
    let cases = [
        // (from, to, minutes, why)
        (at(3, 2, 7, 0), at(3, 2, 17, 0), 480, "one whole day"),
        (
            at(3, 2, 10, 0),
            at(3, 2, 14, 0),
            120,
            "lunch break not counted",
        ),
        (
            at(3, 2, 12, 0),
            at(3, 2, 13, 0),
            0,
            "inside the lunch break",
        ),
        (at(3, 2, 18, 0), at(3, 3, 6, 0), 0, "overnight"),
        (at(3, 6, 16, 0), at(3, 9, 8, 0), 120, "over a weekend"),
        (at(3, 9, 16, 0), at(3, 11, 8, 0), 120, "over a holiday"),
        (
            at(3, 13, 16, 0),
            at(3, 16, 8, 0),
            600,
            "a make-up Saturday counts",
        ),
        (
            at(3, 4, 10, 0),
            at(3, 3, 10, 0),
            -480,
            "backwards is negative",
        ),
    ];
    for (from, to, want, why) in cases {
        assert_eq!(working_minutes(&c, &h, from, to).unwrap(), want, "{why}");
    }
}

/// A five-working-day dossier received Mon 02/03 08:00 is due Mon 09/03 08:00.
/// Each row: when the clock stopped, when the papers came, the new due time.
#[test]
fn paused_clock_resumes_with_the_remaining_working_time() {
    let h = OfficeHours::default();
    let c = cal();
    let due = at(3, 9, 8, 0);
    let cases = [
        (
            at(3, 4, 10, 0),
            at(3, 4, 14, 0),
            at(3, 9, 10, 0),
            "paused 10:00–14:00 the same day: two working hours later",
        ),
        (
            at(3, 6, 16, 0),
            at(3, 9, 7, 30),
            at(3, 9, 9, 30),
            "120 minutes left, papers Monday 07:30",
        ),
        (
            at(3, 6, 16, 0),
            at(3, 9, 16, 30),
            at(3, 11, 8, 30),
            "30 minutes on Monday, Tuesday is a holiday, 90 on Wednesday",
        ),
        (
            at(3, 6, 16, 0),
            at(3, 7, 10, 0),
            at(3, 9, 9, 0),
            "papers brought on a Saturday: the clock starts Monday 07:00",
        ),
        (
            at(3, 6, 16, 0),
            at(3, 13, 16, 30),
            at(3, 14, 8, 30),
            "a make-up Saturday is a working day",
        ),
        (
            at(3, 6, 15, 30),
            at(3, 9, 13, 30),
            at(3, 9, 16, 0),
            "150 minutes from 13:30",
        ),
        (
            at(3, 6, 15, 0),
            at(3, 9, 12, 0),
            at(3, 9, 16, 30),
            "resumed in the lunch break: counts from 13:30",
        ),
        (
            at(3, 9, 9, 0),
            at(3, 12, 9, 0),
            due,
            "already overdue when paused: due time unchanged",
        ),
        (
            at(3, 9, 8, 0),
            at(3, 12, 9, 0),
            due,
            "paused exactly at the due time",
        ),
    ];
    for (paused, resumed, want, why) in cases {
        let remaining = working_minutes(&c, &h, paused, due).unwrap();
        let got = resumed_due(&c, &h, due, remaining, resumed).unwrap();
        assert_eq!(got, want, "{why} (remaining {remaining} min)");
    }
}

#[test]
fn a_clock_ending_at_a_session_end_is_due_then() {
    let h = OfficeHours::default();
    let c = cal();
    assert_eq!(
        add_working_minutes(&c, &h, at(3, 2, 13, 30), 210).unwrap(),
        at(3, 2, 17, 0)
    );
    assert_eq!(
        add_working_minutes(&c, &h, at(3, 2, 7, 0), 270).unwrap(),
        at(3, 2, 11, 30)
    );
    assert_eq!(
        add_working_minutes(&c, &h, at(3, 2, 7, 0), 271).unwrap(),
        at(3, 2, 13, 31)
    );
}

#[test]
fn adding_what_was_measured_gives_back_the_end() {
    let h = OfficeHours::default();
    let c = cal();
    let start = at(3, 2, 9, 17);
    for end in [
        at(3, 2, 9, 18),
        at(3, 5, 15, 2),
        at(3, 11, 7, 1),
        at(3, 16, 11, 29),
    ] {
        let m = working_minutes(&c, &h, start, end).unwrap();
        assert_eq!(add_working_minutes(&c, &h, start, m).unwrap(), end);
    }
}
