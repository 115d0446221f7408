//! Due dates against the bundled holiday table (assets/data/holidays.csv) and
//! the default office hours 07:00–11:30, 13:30–17:00.
//!
//! Every expected value below was worked out by hand from the CSV rows and a
//! wall calendar, never from the code under test; the comment on each case
//! shows the count.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use proptest::prelude::*;
use quay::domain::calendar::{OfficeHours, WorkCalendar, due_at, parse_calendar_csv};
use quay::domain::dossier::Deadline;

/// Parsed once: the property tests call this thousands of times.
fn calendar() -> &'static WorkCalendar {
    static CALENDAR: LazyLock<WorkCalendar> = LazyLock::new(|| {
        let days = parse_calendar_csv(quay::BUNDLED_CALENDAR).expect("bundled calendar");
        WorkCalendar::new(&days)
    });
    &CALENDAR
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|day| day.and_hms_opt(h, min, 0))
        .expect("valid date")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

const SAME: Deadline = Deadline::SameDay;
const fn wd(n: u16) -> Deadline {
    Deadline::WorkingDays(n)
}

struct Case {
    what: &'static str,
    received: NaiveDateTime,
    deadline: Deadline,
    due: NaiveDateTime,
}

fn cases() -> Vec<Case> {
    let c = |what, received, deadline, due| Case {
        what,
        received,
        deadline,
        due,
    };
    vec![
        // --- Tết Bính Ngọ 2026: office closed Sat 14/02 – Sun 22/02.
        c(
            "Tết 2026: Fri 13/02 10:00 + 3 wd → Mon 23 (1), Tue 24 (2), Wed 25 (3)",
            at(2026, 2, 13, 10, 0),
            wd(3),
            at(2026, 2, 25, 10, 0),
        ),
        c(
            "Tết 2026: same day, Fri 13/02 15:30 ≥ 15:00 → next working day Mon 23/02",
            at(2026, 2, 13, 15, 30),
            SAME,
            at(2026, 2, 23, 17, 0),
        ),
        c(
            "15:00 rule: 14:59 is before the cutoff → same day",
            at(2026, 2, 13, 14, 59),
            SAME,
            at(2026, 2, 13, 17, 0),
        ),
        c(
            "15:00 rule: 15:00 exactly is at the cutoff → next working day",
            at(2026, 2, 13, 15, 0),
            SAME,
            at(2026, 2, 23, 17, 0),
        ),
        c(
            "WorkingDays(0) is same day too: Fri 13/02 15:30 → Mon 23/02",
            at(2026, 2, 13, 15, 30),
            wd(0),
            at(2026, 2, 23, 17, 0),
        ),
        c(
            "Online filing during Tết, Tue 17/02 → counts from Mon 23/02 07:00, +1 → Tue 24/02",
            at(2026, 2, 17, 20, 15),
            wd(1),
            at(2026, 2, 24, 7, 0),
        ),
        c(
            "Tue 03/02 + 10 wd: 4,5,6,9,10,11,12,13 (8), Tết, 23 (9), 24 (10)",
            at(2026, 2, 3, 10, 0),
            wd(10),
            at(2026, 2, 24, 10, 0),
        ),
        // --- Make-up Saturdays are working days.
        c(
            "Make-up Sat 10/01/2026 09:00, same day → counted that day",
            at(2026, 1, 10, 9, 0),
            SAME,
            at(2026, 1, 10, 17, 0),
        ),
        c(
            "Make-up Sat 10/01/2026 09:00 + 1 wd → Sun 11 off → Mon 12/01",
            at(2026, 1, 10, 9, 0),
            wd(1),
            at(2026, 1, 12, 9, 0),
        ),
        c(
            "Fri 09/01/2026 + 1 wd → make-up Sat 10/01",
            at(2026, 1, 9, 10, 0),
            wd(1),
            at(2026, 1, 10, 10, 0),
        ),
        c(
            "Fri 21/08/2026 + 1 wd → make-up Sat 22/08",
            at(2026, 8, 21, 10, 0),
            wd(1),
            at(2026, 8, 22, 10, 0),
        ),
        c(
            "Fri 21/08/2026 16:00 same day (after 15:00) → Sat 22/08 17:00",
            at(2026, 8, 21, 16, 0),
            SAME,
            at(2026, 8, 22, 17, 0),
        ),
        c(
            "Make-up Sat 22/08/2026 15:30 same day → Sun 23 off → Mon 24/08",
            at(2026, 8, 22, 15, 30),
            SAME,
            at(2026, 8, 24, 17, 0),
        ),
        c(
            "2025 make-up Sat 26/04: Fri 25/04/2025 + 1 wd → Sat 26/04",
            at(2025, 4, 25, 10, 0),
            wd(1),
            at(2025, 4, 26, 10, 0),
        ),
        // --- Giỗ Tổ 2026 on a Sunday, compensatory Mon 27/04; then 30/04–03/05.
        c(
            "Fri 24/04/2026 + 1 wd: Sat 25, Sun 26, Mon 27 (nghỉ bù) off → Tue 28/04",
            at(2026, 4, 24, 10, 0),
            wd(1),
            at(2026, 4, 28, 10, 0),
        ),
        c(
            "Mon 27/04/2026 is off: a receipt that day counts from Tue 28/04 07:00",
            at(2026, 4, 27, 9, 0),
            SAME,
            at(2026, 4, 28, 17, 0),
        ),
        c(
            "Wed 29/04/2026 + 1 wd: 30/04, 01/05, 02/05, 03/05 off → Mon 04/05",
            at(2026, 4, 29, 10, 0),
            wd(1),
            at(2026, 5, 4, 10, 0),
        ),
        c(
            "Wed 29/04/2026 15:10 same day → Mon 04/05 17:00",
            at(2026, 4, 29, 15, 10),
            SAME,
            at(2026, 5, 4, 17, 0),
        ),
        c(
            "Tue 28/04/2026 15:00 same day → Wed 29/04 17:00",
            at(2026, 4, 28, 15, 0),
            SAME,
            at(2026, 4, 29, 17, 0),
        ),
        c(
            "Sun 03/05/2026 (in the block) + 1 wd → from Mon 04/05 07:00 → Tue 05/05",
            at(2026, 5, 3, 11, 0),
            wd(1),
            at(2026, 5, 5, 7, 0),
        ),
        // --- Quốc khánh 2026: swap day Mon 31/08, holidays 01–02/09.
        c(
            "Fri 28/08/2026 + 1 wd: 29, 30, 31 (swap), 1/9, 2/9 off → Thu 03/09",
            at(2026, 8, 28, 10, 0),
            wd(1),
            at(2026, 9, 3, 10, 0),
        ),
        c(
            "Fri 28/08/2026 + 5 wd: Thu 3 (1), Fri 4 (2), Mon 7 (3), Tue 8 (4), Wed 9 (5)",
            at(2026, 8, 28, 10, 0),
            wd(5),
            at(2026, 9, 9, 10, 0),
        ),
        c(
            "Mon 31/08/2026 (swap day) same day → counts from Thu 03/09 07:00",
            at(2026, 8, 31, 9, 0),
            SAME,
            at(2026, 9, 3, 17, 0),
        ),
        c(
            "Quốc khánh 2025: Fri 29/08/2025 + 1 wd: 30, 31, 1/9, 2/9 off → Wed 03/09",
            at(2025, 8, 29, 10, 0),
            wd(1),
            at(2025, 9, 3, 10, 0),
        ),
        // --- Year ends.
        c(
            "Wed 31/12/2025 16:00 + 2 wd: 1/1, 2/1 (swap), 3, 4 off → Mon 5 (1), Tue 6 (2)",
            at(2025, 12, 31, 16, 0),
            wd(2),
            at(2026, 1, 6, 16, 0),
        ),
        c(
            "Thu 31/12/2026 + 1 wd: Fri 1/1/2027 holiday, Sat 2, Sun 3 → Mon 04/01/2027",
            at(2026, 12, 31, 10, 0),
            wd(1),
            at(2027, 1, 4, 10, 0),
        ),
        c(
            "Thu 31/12/2026 16:30 same day → Mon 04/01/2027 17:00",
            at(2026, 12, 31, 16, 30),
            SAME,
            at(2027, 1, 4, 17, 0),
        ),
        c(
            "Tết Ất Tỵ 2025: Fri 24/01/2025 + 1 wd: 25/01–02/02 off → Mon 03/02",
            at(2025, 1, 24, 10, 0),
            wd(1),
            at(2025, 2, 3, 10, 0),
        ),
        c(
            "30/4–4/5/2025: Tue 29/04/2025 + 1 wd: 30/4, 1/5, 2/5 (swap), 3, 4 → Mon 05/05",
            at(2025, 4, 29, 10, 0),
            wd(1),
            at(2025, 5, 5, 10, 0),
        ),
        // --- Weekend, after hours, before opening, lunch.
        c(
            "Sunday 08/03/2026 + 3 wd → from Mon 09/03 07:00: Tue 10, Wed 11, Thu 12",
            at(2026, 3, 8, 10, 0),
            wd(3),
            at(2026, 3, 12, 7, 0),
        ),
        c(
            "Sunday 08/03/2026 same day → Mon 09/03 17:00",
            at(2026, 3, 8, 10, 0),
            SAME,
            at(2026, 3, 9, 17, 0),
        ),
        c(
            "After closing: Mon 09/03/2026 17:30 + 2 wd → from Tue 10 07:00 → Thu 12/03 07:00",
            at(2026, 3, 9, 17, 30),
            wd(2),
            at(2026, 3, 12, 7, 0),
        ),
        c(
            "At closing: Mon 09/03/2026 17:00 same day → Tue 10/03 17:00",
            at(2026, 3, 9, 17, 0),
            SAME,
            at(2026, 3, 10, 17, 0),
        ),
        c(
            "At closing: Mon 09/03/2026 17:00 + 1 wd → from Tue 10 07:00 → Wed 11/03 07:00",
            at(2026, 3, 9, 17, 0),
            wd(1),
            at(2026, 3, 11, 7, 0),
        ),
        c(
            "Last minute: Mon 09/03/2026 16:59 + 1 wd → Tue 10/03 16:59",
            at(2026, 3, 9, 16, 59),
            wd(1),
            at(2026, 3, 10, 16, 59),
        ),
        c(
            "Fri 06/03/2026 18:00 + 1 wd → from Mon 09 07:00 → Tue 10/03 07:00",
            at(2026, 3, 6, 18, 0),
            wd(1),
            at(2026, 3, 10, 7, 0),
        ),
        c(
            "Before opening: Mon 09/03/2026 06:30 + 1 wd → from 07:00 → Tue 10/03 07:00",
            at(2026, 3, 9, 6, 30),
            wd(1),
            at(2026, 3, 10, 7, 0),
        ),
        c(
            "Before opening: Mon 09/03/2026 06:30 same day → Mon 09/03 17:00",
            at(2026, 3, 9, 6, 30),
            SAME,
            at(2026, 3, 9, 17, 0),
        ),
        c(
            "Lunch: Mon 09/03/2026 12:00 + 2 wd → from 13:30 → Wed 11/03 13:30",
            at(2026, 3, 9, 12, 0),
            wd(2),
            at(2026, 3, 11, 13, 30),
        ),
        c(
            "Lunch starts at 11:30: Mon 09/03/2026 11:30 + 1 wd → Tue 10/03 13:30",
            at(2026, 3, 9, 11, 30),
            wd(1),
            at(2026, 3, 10, 13, 30),
        ),
        c(
            "Lunch ends at 13:30: Mon 09/03/2026 13:30 + 1 wd → Tue 10/03 13:30",
            at(2026, 3, 9, 13, 30),
            wd(1),
            at(2026, 3, 10, 13, 30),
        ),
        c(
            "Last morning minute: Mon 09/03/2026 11:29 + 1 wd → Tue 10/03 11:29",
            at(2026, 3, 9, 11, 29),
            wd(1),
            at(2026, 3, 10, 11, 29),
        ),
        c(
            "Lunch, same day: Mon 09/03/2026 12:00 → from 13:30 < 15:00 → Mon 09/03 17:00",
            at(2026, 3, 9, 12, 0),
            SAME,
            at(2026, 3, 9, 17, 0),
        ),
        // --- UNKNOWN rows do not change the weekday rule.
        c(
            "24/11/2026 (pending_law, UNKNOWN) is a working Tuesday: Mon 23/11 + 1 wd → Tue 24/11",
            at(2026, 11, 23, 10, 0),
            wd(1),
            at(2026, 11, 24, 10, 0),
        ),
        c(
            "24/11/2026 receipt, same day → that day",
            at(2026, 11, 24, 9, 0),
            SAME,
            at(2026, 11, 24, 17, 0),
        ),
        c(
            "2027 Tết not decided: Thu 04/02/2027 + 2 wd → Fri 05/02 (1), Mon 08/02 (2)",
            at(2027, 2, 4, 10, 0),
            wd(2),
            at(2027, 2, 8, 10, 0),
        ),
        c(
            "2027: Thu 29/04 + 1 wd: 30/4, Sat 1/5, Sun 2/5, Mon 3/5 (nghỉ bù) → Tue 04/05",
            at(2027, 4, 29, 10, 0),
            wd(1),
            at(2027, 5, 4, 10, 0),
        ),
        c(
            "2027 Quốc khánh: Tue 31/08 + 2 wd: Wed 1/9 (UNKNOWN, 1), Thu 2/9 off, Fri 3/9 (UNKNOWN, 2)",
            at(2027, 8, 31, 10, 0),
            wd(2),
            at(2027, 9, 3, 10, 0),
        ),
    ]
}

#[test]
fn table_of_due_dates() {
    let cal = calendar();
    let hours = OfficeHours::default();
    let mut failures = Vec::new();
    for case in cases() {
        match due_at(cal, &hours, case.deadline, case.received) {
            Ok(got) if got == case.due => {}
            other => failures.push(format!(
                "{}\n    received {} {:?}: expected {}, got {:?}",
                case.what, case.received, case.deadline, case.due, other
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn expectations_are_self_consistent() {
    // Guards the table itself: every expected due date must be a day the
    // CSV and the weekday rule make a working day.
    let cal = calendar();
    for case in cases() {
        assert!(cal.is_working_day(case.due.date()), "{}", case.what);
        assert!(case.due >= case.received, "{}", case.what);
    }
}

#[test]
fn working_day_flags_from_the_csv() {
    let cal = calendar();
    let off = [
        date(2026, 1, 1),
        date(2026, 1, 2),
        date(2026, 2, 16),
        date(2026, 2, 20),
        date(2026, 4, 27),
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 8, 31),
        date(2026, 9, 1),
        date(2026, 9, 2),
        date(2027, 1, 1),
        date(2027, 5, 3),
        date(2027, 9, 2),
    ];
    for d in off {
        assert!(!cal.is_working_day(d), "{d} should be off");
    }
    let working = [
        date(2025, 4, 26),  // make-up Saturday
        date(2026, 1, 10),  // make-up Saturday
        date(2026, 8, 22),  // make-up Saturday
        date(2026, 11, 24), // pending_law, UNKNOWN
        date(2027, 2, 5),   // lunar_reference, UNKNOWN, a Friday
        date(2027, 2, 8),   // lunar_reference, UNKNOWN, a Monday
        date(2027, 9, 1),   // adjacent_day_option, UNKNOWN
        date(2027, 9, 3),   // adjacent_day_option, UNKNOWN
    ];
    for d in working {
        assert!(cal.is_working_day(d), "{d} should be a working day");
    }
    // UNKNOWN on a weekend stays a weekend.
    assert!(!cal.is_working_day(date(2027, 2, 6)));
    assert!(!cal.is_working_day(date(2027, 2, 7)));
}

#[test]
fn covered_years() {
    let cal = calendar();
    assert!(cal.covers(date(2025, 6, 1)));
    assert!(cal.covers(date(2026, 6, 1)));
    assert!(cal.covers(date(2027, 6, 1)));
    assert!(!cal.covers(date(2028, 1, 4)));
    assert!(!cal.covers(date(2024, 12, 31)));
}

fn receipt_2025_2027() -> impl Strategy<Value = NaiveDateTime> {
    let first = date(2025, 1, 1);
    let days = (date(2027, 12, 31) - first).num_days();
    (0..=days, 0u32..24, 0u32..60).prop_map(move |(offset, h, m)| {
        let day = first + chrono::Duration::days(offset);
        day.and_hms_opt(h, m, 0).unwrap_or_default()
    })
}

fn deadline_of(n: u16) -> Deadline {
    if n == 0 {
        Deadline::SameDay
    } else {
        Deadline::WorkingDays(n)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn due_is_after_receipt_on_a_working_day(received in receipt_2025_2027(), n in 0u16..60) {
        let cal = calendar();
        let hours = OfficeHours::default();
        let due = due_at(cal, &hours, deadline_of(n), received).unwrap();
        prop_assert!(due >= received, "{} → {}", received, due);
        prop_assert!(cal.is_working_day(due.date()), "{} → {} ({:?})", received, due, due.weekday());
        prop_assert!(due.time() >= hours.morning_open && due.time() <= hours.afternoon_close);
    }

    #[test]
    fn later_receipt_is_never_due_earlier(a in receipt_2025_2027(), b in receipt_2025_2027(), n in 0u16..60) {
        let cal = calendar();
        let hours = OfficeHours::default();
        let (early, late) = if a <= b { (a, b) } else { (b, a) };
        let d1 = due_at(cal, &hours, deadline_of(n), early).unwrap();
        let d2 = due_at(cal, &hours, deadline_of(n), late).unwrap();
        prop_assert!(d1 <= d2, "{} → {}, {} → {}", early, d1, late, d2);
    }

    #[test]
    fn n_working_days_lie_between_receipt_and_due(received in receipt_2025_2027(), n in 1u16..60) {
        let cal = calendar();
        let hours = OfficeHours::default();
        let due = due_at(cal, &hours, Deadline::WorkingDays(n), received).unwrap();
        // Counted independently: working days after the receipt day, up to and
        // including the due day, by walking the calendar one day at a time.
        let mut day = received.date();
        let mut counted = 0u16;
        while day < due.date() {
            day = day.succ_opt().unwrap_or(day);
            if cal.is_working_day(day) {
                counted += 1;
            }
        }
        let effective_shift = u16::from(
            !cal.is_working_day(received.date()) || received.time() >= hours.afternoon_close,
        );
        prop_assert_eq!(counted, n + effective_shift, "{} → {}", received, due);
    }
}

#[test]
fn weekend_rule_for_a_year_without_rows() {
    let cal = calendar();
    // 2028 has no rows: only weekdays count. Fri 07/01/2028 + 1 → Mon 10/01/2028.
    let due = due_at(cal, &OfficeHours::default(), wd(1), at(2028, 1, 7, 9, 0)).unwrap();
    assert_eq!(due, at(2028, 1, 10, 9, 0));
    assert_eq!(due.weekday(), Weekday::Mon);
}
