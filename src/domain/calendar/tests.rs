use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, min, 0).unwrap()
}

fn row(date: NaiveDate, day_off: Option<bool>) -> CalendarDay {
    CalendarDay {
        date,
        name: String::new(),
        kind: "statutory".into(),
        day_off,
        status: String::new(),
        note: String::new(),
    }
}

#[test]
fn weekday_rule_without_table() {
    let cal = WorkCalendar::default();
    assert!(cal.is_working_day(d(2026, 3, 2))); // Monday
    assert!(cal.is_working_day(d(2026, 3, 6))); // Friday
    assert!(!cal.is_working_day(d(2026, 3, 7))); // Saturday
    assert!(!cal.is_working_day(d(2026, 3, 8))); // Sunday
}

#[test]
fn table_overrides_weekdays_and_unknown_does_not() {
    let cal = WorkCalendar::new(&[
        row(d(2026, 3, 2), Some(true)),  // Monday off
        row(d(2026, 3, 7), Some(false)), // Saturday worked
        row(d(2026, 3, 3), None),        // Tuesday, unknown: still worked
        row(d(2026, 3, 8), None),        // Sunday, unknown: still off
    ]);
    assert!(!cal.is_working_day(d(2026, 3, 2)));
    assert!(cal.is_working_day(d(2026, 3, 7)));
    assert!(cal.is_working_day(d(2026, 3, 3)));
    assert!(!cal.is_working_day(d(2026, 3, 8)));
}

#[test]
fn next_and_add_working_days() {
    let cal = WorkCalendar::new(&[row(d(2026, 3, 9), Some(true))]);
    assert_eq!(cal.next_working_day(d(2026, 3, 6)).unwrap(), d(2026, 3, 10));
    assert_eq!(
        cal.add_working_days(d(2026, 3, 6), 0).unwrap(),
        d(2026, 3, 6)
    );
    assert_eq!(
        cal.add_working_days(d(2026, 3, 6), 2).unwrap(),
        d(2026, 3, 11)
    );
    // From a Saturday, the first working day after it.
    assert_eq!(
        cal.add_working_days(d(2026, 3, 7), 1).unwrap(),
        d(2026, 3, 10)
    );
}

#[test]
fn pathological_table_stops_instead_of_hanging() {
    let start = d(2026, 1, 1);
    let all_off: Vec<CalendarDay> = (0..4_000)
        .filter_map(|i| start.checked_add_days(chrono::Days::new(i)))
        .map(|day| row(day, Some(true)))
        .collect();
    let cal = WorkCalendar::new(&all_off);
    assert_eq!(
        cal.next_working_day(start),
        Err(CalendarError::NoWorkingDay { from: start })
    );
    assert!(cal.add_working_days(start, 3).is_err());
    let r = due_at(
        &cal,
        &OfficeHours::default(),
        Deadline::SameDay,
        at(2026, 1, 2, 9, 0),
    );
    assert!(matches!(r, Err(CalendarError::NoWorkingDay { .. })));
    assert!(
        CalendarError::NoWorkingDay { from: start }
            .vi()
            .contains("10 năm")
    );
}

#[test]
fn end_of_time_is_an_error_not_a_panic() {
    let cal = WorkCalendar::default();
    assert!(cal.next_working_day(NaiveDate::MAX).is_err());
}

#[test]
fn covers_years_with_rows() {
    let cal = WorkCalendar::new(&[row(d(2026, 1, 1), Some(true)), row(d(2027, 2, 6), None)]);
    assert!(cal.covers(d(2026, 12, 31)));
    assert!(cal.covers(d(2027, 6, 1)));
    assert!(!cal.covers(d(2028, 1, 3)));
    assert!(!cal.covers(d(2025, 12, 31)));
    assert_eq!(cal.day(d(2027, 2, 6)).map(|r| r.day_off), Some(None));
    assert!(cal.day(d(2027, 2, 7)).is_none());
}

#[test]
fn office_hours_order() {
    let ok = OfficeHours::default();
    assert!(ok.validate().is_ok());
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let no_lunch = OfficeHours {
        morning_close: t(12, 0),
        afternoon_open: t(12, 0),
        ..ok
    };
    assert!(no_lunch.validate().is_ok());
    let bad = [
        OfficeHours {
            morning_open: t(11, 30),
            ..ok
        },
        OfficeHours {
            morning_close: t(14, 0),
            ..ok
        },
        OfficeHours {
            afternoon_close: t(13, 30),
            ..ok
        },
        OfficeHours {
            afternoon_open: t(18, 0),
            ..ok
        },
    ];
    for h in bad {
        assert_eq!(h.validate(), Err(CalendarError::OfficeHoursOrder), "{h:?}");
        assert!(
            due_at(
                &WorkCalendar::default(),
                &h,
                Deadline::SameDay,
                at(2026, 3, 2, 9, 0)
            )
            .is_err()
        );
    }
}

#[test]
fn due_at_with_custom_hours() {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let hours = OfficeHours {
        morning_open: t(7, 30),
        morning_close: t(11, 30),
        afternoon_open: t(13, 0),
        afternoon_close: t(16, 30),
    };
    let cal = WorkCalendar::default();
    // Monday 16:40 is after closing: counts from Tuesday 07:30.
    assert_eq!(
        due_at(
            &cal,
            &hours,
            Deadline::WorkingDays(1),
            at(2026, 3, 2, 16, 40)
        )
        .unwrap(),
        at(2026, 3, 4, 7, 30)
    );
    assert_eq!(
        due_at(&cal, &hours, Deadline::SameDay, at(2026, 3, 2, 12, 0)).unwrap(),
        at(2026, 3, 2, 16, 30)
    );
}

const GOOD: &str = "date,type,day_off_public_servants,name\n2026-01-01,statutory,TRUE,Tết\n2026-01-10,makeup_workday,false,Làm bù\n2026-11-24,proposed_holiday,,Văn hóa\n";

#[test]
fn parses_small_file() {
    let days = parse_calendar_csv(GOOD).unwrap();
    assert_eq!(days.len(), 3);
    assert_eq!(days[0].day_off, Some(true));
    assert_eq!(days[1].day_off, Some(false));
    assert_eq!(days[2].day_off, None);
    assert_eq!(days[0].name, "Tết");
    assert_eq!(days[0].status, "");
}

#[test]
fn tolerates_bom_and_column_order() {
    let text = "\u{feff}Day_Off_Public_Servants,Date,Type\nTRUE,2026-01-01,statutory\n";
    let days = parse_calendar_csv(text).unwrap();
    assert_eq!(days[0].date, d(2026, 1, 1));
}

fn err_line(text: &str) -> u64 {
    parse_calendar_csv(text).unwrap_err().line
}

#[test]
fn malformed_files_report_physical_line() {
    let bad_date =
        "date,type,day_off_public_servants\n2026-01-01,statutory,TRUE\n01/02/2026,statutory,TRUE\n";
    assert_eq!(err_line(bad_date), 3);
    let short_date = "date,type,day_off_public_servants\n2026-1-1,statutory,TRUE\n";
    assert_eq!(err_line(short_date), 2);
    let impossible = "date,type,day_off_public_servants\n2026-02-30,statutory,TRUE\n";
    assert_eq!(err_line(impossible), 2);
    let bad_flag = "date,type,day_off_public_servants\n2026-01-01,statutory,yes\n";
    let e = parse_calendar_csv(bad_flag).unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.message.contains("TRUE, FALSE or UNKNOWN"));
    assert!(e.vi().starts_with("Dòng 2: "));
    let empty_type = "date,type,day_off_public_servants\n2026-01-01,,TRUE\n";
    assert_eq!(err_line(empty_type), 2);
    let missing = "date,name,day_off_public_servants\n2026-01-01,x,TRUE\n";
    let e = parse_calendar_csv(missing).unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.message.contains("type"));
    let header_only = "date,type,day_off_public_servants\n";
    assert_eq!(err_line(header_only), 1);
    assert_eq!(err_line(""), 1);
    let ragged = "date,type,day_off_public_servants\n2026-01-01,statutory\n";
    assert_eq!(err_line(ragged), 2);
}

#[test]
fn crlf_files_count_lines_the_same() {
    let text = "\u{feff}date,type,day_off_public_servants\r\n2026-01-01,statutory,TRUE\r\nbad,statutory,TRUE\r\n";
    assert_eq!(err_line(text), 3);
    let ok = "date,type,day_off_public_servants\r\n2026-01-01,statutory,TRUE\r\n";
    assert_eq!(parse_calendar_csv(ok).unwrap()[0].day_off, Some(true));
}

#[test]
fn multiline_note_keeps_physical_line_numbers() {
    let text = "date,type,day_off_public_servants,note\n2026-01-01,statutory,TRUE,\"dòng một\ndòng hai\ndòng ba\"\n2026-13-01,statutory,TRUE,\n";
    assert_eq!(err_line(text), 5);
    let ok = "date,type,day_off_public_servants,note\n2026-01-01,statutory,TRUE,\"a\nb\"\n";
    assert_eq!(parse_calendar_csv(ok).unwrap()[0].note, "a b");
}

#[test]
fn duplicate_date_names_both_lines() {
    let text = "date,type,day_off_public_servants\n2026-01-01,statutory,TRUE\n2026-01-02,swap_day_off,TRUE\n2026-01-01,statutory,TRUE\n";
    let e = parse_calendar_csv(text).unwrap_err();
    assert_eq!(e.line, 4);
    assert!(e.message.contains("line 2"), "{}", e.message);
    assert!(e.message_vi.contains("dòng 2"), "{}", e.message_vi);
}

#[test]
fn bundled_calendar_parses() {
    let days = parse_calendar_csv(crate::BUNDLED_CALENDAR).unwrap();
    assert_eq!(days.len(), 63);
    let unknown = days.iter().filter(|d| d.day_off.is_none()).count();
    assert_eq!(unknown, 10);
    let makeup: Vec<NaiveDate> = days
        .iter()
        .filter(|d| d.kind == "makeup_workday")
        .map(|d| d.date)
        .collect();
    assert_eq!(makeup, vec![d(2025, 4, 26), d(2026, 1, 10), d(2026, 8, 22)]);
    assert!(days.iter().all(|d| unicode_normalization::is_nfc(&d.name)));
}

#[test]
fn errors_have_vietnamese_text() {
    assert!(
        CalendarError::OfficeHoursOrder
            .vi()
            .contains("Giờ làm việc")
    );
    assert!(
        CalendarError::OfficeHoursOrder
            .to_string()
            .contains("office hours")
    );
}
