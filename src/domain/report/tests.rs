use super::*;

use DossierStatus::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// "2026-09-30 17:00" or "2026-09-30 23:59:59".
fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .unwrap()
}

/// An open dossier received on 10/07/2026, due 15/07 17:00.
fn row() -> ReportRow {
    ReportRow {
        field: "Hộ tịch".into(),
        channel: Channel::Online,
        received_at: at("2026-07-10 08:00"),
        due_at: at("2026-07-15 17:00"),
        finished_at: None,
        returned_at: None,
        paused_at: None,
        supplement_count: 0,
        apologized: false,
        status: Processing,
    }
}

/// Q3 2026.
const FROM: &str = "2026-07-01";
const TO: &str = "2026-09-30";

fn q3(rows: Vec<ReportRow>) -> Report {
    let r = build_report(rows, date(FROM), date(TO), None);
    assert!(r.reconciles(), "{r:#?}");
    r
}

#[test]
fn timeliness_compares_dates_not_times() {
    use Timeliness::*;
    // (finished, supplements, apology, expected, why); due 15/07/2026 17:00.
    let cases: &[(&str, u32, bool, Option<Timeliness>, &str)] = &[
        (
            "2026-07-14 16:00",
            0,
            false,
            Some(Early),
            "one day before the due date",
        ),
        (
            "2026-07-14 23:59:59",
            0,
            false,
            Some(Early),
            "last second of the day before",
        ),
        (
            "2026-07-15 00:00",
            0,
            false,
            Some(OnTime),
            "first second of the due date",
        ),
        (
            "2026-07-15 08:00",
            0,
            false,
            Some(OnTime),
            "due date, before the hour",
        ),
        (
            "2026-07-15 17:00",
            0,
            false,
            Some(OnTime),
            "exactly at the due time",
        ),
        (
            "2026-07-15 17:01",
            0,
            false,
            Some(OnTime),
            "due date, after the hour",
        ),
        (
            "2026-07-15 23:59",
            0,
            false,
            Some(OnTime),
            "23:59 on the due date vs due 17:00",
        ),
        (
            "2026-07-16 00:00",
            0,
            false,
            Some(Late),
            "midnight after the due date",
        ),
        ("2026-07-16 07:30", 0, false, Some(Late), "the day after"),
        (
            "2026-07-11 09:00",
            1,
            false,
            Some(Early),
            "one supplement request is allowed",
        ),
        (
            "2026-07-11 09:00",
            2,
            false,
            Some(Late),
            "two supplement requests: late",
        ),
        (
            "2026-07-15 10:00",
            3,
            false,
            Some(Late),
            "three: late even on the due date",
        ),
        (
            "2026-07-11 09:00",
            0,
            true,
            Some(Late),
            "apology letter: still late",
        ),
        (
            "2026-07-15 10:00",
            1,
            true,
            Some(Late),
            "apology on the due date: late",
        ),
    ];
    for &(finished, supplements, apologized, expected, why) in cases {
        let r = ReportRow {
            finished_at: Some(at(finished)),
            supplement_count: supplements,
            apologized,
            status: Resolved,
            ..row()
        };
        assert_eq!(classify_finished(&r), expected, "{why}");
    }
    assert_eq!(
        classify_finished(&row()),
        None,
        "open dossiers are not classified"
    );
}

#[test]
fn overdue_at_the_end_of_the_period() {
    let t1 = at("2026-10-01 00:00");
    // (due, paused, overdue, why); the period ends 30/09/2026.
    let cases: &[(&str, Option<&str>, bool, &str)] = &[
        (
            "2026-09-30 17:00",
            None,
            true,
            "due 17:00 on the last day, open at midnight",
        ),
        (
            "2026-09-30 23:59:59",
            None,
            true,
            "due the last second of the period",
        ),
        ("2026-10-01 00:00", None, false, "due exactly at T1"),
        ("2026-10-02 17:00", None, false, "due after the period"),
        ("2026-09-01 17:00", None, true, "a month overdue"),
        (
            "2026-09-25 17:00",
            Some("2026-09-20 10:00"),
            false,
            "paused before the due time",
        ),
        (
            "2026-09-25 17:00",
            Some("2026-09-25 17:00"),
            false,
            "paused exactly at the due time",
        ),
        (
            "2026-09-25 17:00",
            Some("2026-09-28 10:00"),
            true,
            "paused after the due time",
        ),
        (
            "2026-09-25 17:00",
            Some("2026-10-03 10:00"),
            true,
            "paused after T1: the clock ran at T1",
        ),
        (
            "2026-10-05 17:00",
            Some("2026-10-03 10:00"),
            false,
            "paused after T1, due later",
        ),
        (
            "2026-09-30 17:00",
            Some("2026-10-01 00:00"),
            true,
            "paused exactly at T1 counts as running",
        ),
        (
            "2026-09-30 17:00",
            Some("2026-09-30 16:00"),
            false,
            "paused an hour before the last due time",
        ),
    ];
    for &(due, paused, expected, why) in cases {
        let r = ReportRow {
            due_at: at(due),
            paused_at: paused.map(at),
            status: if paused.is_some() {
                SupplementRequested
            } else {
                Processing
            },
            ..row()
        };
        assert_eq!(overdue_at(&r, t1), expected, "{why}");
        // And as counted in the report.
        let f = q3(vec![r]).total;
        assert_eq!(f.pending, 1, "{why}");
        assert_eq!(f.pending_overdue, u32::from(expected), "{why}");
        assert_eq!(f.pending_within, u32::from(!expected), "{why}");
    }
}

#[test]
fn period_boundaries() {
    // (received, finished, returned, status,
    //  [carried, new, resolved, pending, returned], why); the period is Q3 2026.
    type Case<'a> = (
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        DossierStatus,
        [u32; 5],
        &'a str,
    );
    let cases: &[Case] = &[
        (
            "2026-06-30 23:59:59",
            None,
            None,
            Processing,
            [1, 0, 0, 1, 0],
            "received just before T0, open",
        ),
        (
            "2026-07-01 00:00",
            None,
            None,
            Received,
            [0, 1, 0, 1, 0],
            "received exactly at T0 is new",
        ),
        (
            "2026-09-30 23:59:59",
            None,
            None,
            Received,
            [0, 1, 0, 1, 0],
            "received the last second",
        ),
        (
            "2026-10-01 00:00",
            None,
            None,
            Received,
            [0, 0, 0, 0, 0],
            "received exactly at T1",
        ),
        (
            "2026-06-01 08:00",
            Some("2026-07-01 00:00"),
            None,
            Resolved,
            [1, 0, 1, 0, 0],
            "finished exactly at T0",
        ),
        (
            "2026-06-01 08:00",
            Some("2026-06-30 23:59:59"),
            None,
            Resolved,
            [0, 0, 0, 0, 0],
            "finished just before T0",
        ),
        (
            "2026-07-05 08:00",
            Some("2026-09-30 23:59:59"),
            None,
            Resolved,
            [0, 1, 1, 0, 0],
            "finished the last second",
        ),
        (
            "2026-07-05 08:00",
            Some("2026-10-01 00:00"),
            None,
            Resolved,
            [0, 1, 0, 1, 0],
            "finished exactly at T1: pending",
        ),
        (
            "2026-05-05 08:00",
            Some("2026-10-20 10:00"),
            None,
            Resolved,
            [1, 0, 0, 1, 0],
            "carried and still pending",
        ),
        (
            "2026-06-01 08:00",
            Some("2026-06-20 10:00"),
            Some("2026-07-01 00:00"),
            Returned,
            [0, 0, 0, 0, 1],
            "returned exactly at T0, finished before",
        ),
        (
            "2026-07-05 08:00",
            Some("2026-07-06 10:00"),
            Some("2026-10-01 00:00"),
            Returned,
            [0, 1, 1, 0, 0],
            "returned exactly at T1",
        ),
        (
            "2026-07-05 08:00",
            Some("2026-07-06 10:00"),
            Some("2026-09-30 23:59:59"),
            Returned,
            [0, 1, 1, 0, 1],
            "returned the last second",
        ),
        (
            "2026-07-05 08:00",
            None,
            None,
            New,
            [0, 0, 0, 0, 0],
            "status 1: not yet received",
        ),
        (
            "2026-07-05 08:00",
            Some("2026-07-05 09:00"),
            None,
            Refused,
            [0, 0, 0, 0, 0],
            "status 3: refused at reception",
        ),
        (
            "2026-07-05 08:00",
            Some("2026-07-20 09:00"),
            None,
            Withdrawn,
            [0, 1, 1, 0, 0],
            "withdrawn counts as resolved",
        ),
        (
            "2026-06-05 08:00",
            Some("2026-07-20 09:00"),
            None,
            Stopped,
            [1, 0, 1, 0, 0],
            "stopped counts as resolved",
        ),
    ];
    for &(received, finished, returned, status, expected, why) in cases {
        let r = ReportRow {
            received_at: at(received),
            due_at: at(received) + chrono::Duration::days(5),
            finished_at: finished.map(at),
            returned_at: returned.map(at),
            status,
            ..row()
        };
        let f = q3(vec![r]).total;
        let got = [
            f.received_carried,
            f.received_new,
            f.resolved,
            f.pending,
            f.returned,
        ];
        assert_eq!(got, expected, "{why}");
        let ended_otherwise = matches!(status, Withdrawn | Stopped);
        assert_eq!(
            f.withdrawn_or_stopped,
            u32::from(ended_otherwise && f.resolved == 1),
            "{why}"
        );
    }
}

#[test]
fn new_dossiers_split_by_channel() {
    let mut rows = Vec::new();
    for (channel, n) in [
        (Channel::Online, 7),
        (Channel::Direct, 2),
        (Channel::Post, 1),
    ] {
        for _ in 0..n {
            rows.push(ReportRow { channel, ..row() });
        }
    }
    // Carried-over dossiers are not in the split.
    rows.push(ReportRow {
        received_at: at("2026-06-10 08:00"),
        channel: Channel::Direct,
        ..row()
    });
    let f = q3(rows).total;
    assert_eq!((f.online, f.in_person, f.post), (7, 2, 1));
    assert_eq!(
        (f.received_new, f.received_carried, f.received()),
        (10, 1, 11)
    );
    assert_eq!(
        fmt_share(f.online_share()),
        "70,0 %",
        "online / new, not / received"
    );
}

#[test]
fn shares_and_counts_are_written_the_vietnamese_way() {
    let cases: &[(u32, u32, &str)] = &[
        (2684, 2812, "95,4 %"),
        (2449, 2812, "87,1 %"),
        (2272, 2449, "92,8 %"),
        (1855, 2000, "92,8 %"), // 92,75: half rounds up
        (1, 3, "33,3 %"),
        (2, 3, "66,7 %"),
        (0, 5, "0,0 %"),
        (5, 5, "100,0 %"),
        (1, 2000, "0,1 %"), // 0,05 rounds up
        (1, 2001, "0,0 %"),
    ];
    for &(part, whole, expected) in cases {
        assert_eq!(
            fmt_share(tenths_of_percent(part, whole)),
            expected,
            "{part}/{whole}"
        );
    }
    assert_eq!(tenths_of_percent(3, 0), None);
    assert_eq!(fmt_share(None), "–");
    assert_eq!(tenths_of_percent(u32::MAX, u32::MAX), Some(1000));
    for (n, s) in [
        (0, "0"),
        (999, "999"),
        (2812, "2.812"),
        (1_234_567, "1.234.567"),
    ] {
        assert_eq!(fmt_count(n), s);
    }
}

#[test]
fn fields_sort_in_vietnamese_order() {
    let names = [
        "Xây dựng",
        "Đất đai",
        "Hộ tịch",
        "Dân số",
        "Chứng thực",
        "Bảo trợ xã hội",
        "Hộ kinh doanh",
        "Ấn phẩm",
        "An ninh",
        "Ăn uống",
        "Người có công",
    ];
    let rows = names.iter().map(|n| ReportRow {
        field: (*n).into(),
        ..row()
    });
    let r = build_report(rows, date(FROM), date(TO), None);
    let order: Vec<&str> = r.by_field.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        order,
        [
            "An ninh",
            "Ăn uống",
            "Ấn phẩm",
            "Bảo trợ xã hội",
            "Chứng thực",
            "Dân số",
            "Đất đai",
            "Hộ kinh doanh",
            "Hộ tịch",
            "Người có công",
            "Xây dựng",
        ]
    );
    // Tones only break ties, in the order ngang, huyền, hỏi, ngã, sắc, nặng.
    let mut tones = ["ma", "mạ", "má", "mã", "mả", "mà", "mac"];
    tones.sort_by_key(|s| collation_key(s));
    assert_eq!(tones, ["ma", "mà", "mả", "mã", "má", "mạ", "mac"]);
}

#[test]
fn field_filter_keeps_one_field() {
    let rows = vec![
        row(),
        ReportRow {
            field: "Đất đai".into(),
            ..row()
        },
        ReportRow {
            field: "Đất đai".into(),
            ..row()
        },
    ];
    let r = build_report(rows, date(FROM), date(TO), Some("Đất đai"));
    assert_eq!(r.field_filter.as_deref(), Some("Đất đai"));
    assert_eq!(r.total.received(), 2);
    assert_eq!(r.by_field.len(), 1);
    assert_eq!(r.by_field[0].0, "Đất đai");
    assert!(r.reconciles());
}

#[test]
fn by_field_adds_up_to_the_total() {
    let rows = vec![
        row(),
        ReportRow {
            field: "Đất đai".into(),
            finished_at: Some(at("2026-08-01 10:00")),
            status: Resolved,
            ..row()
        },
        ReportRow {
            field: "Đất đai".into(),
            received_at: at("2026-05-01 08:00"),
            due_at: at("2026-06-01 17:00"),
            ..row()
        },
    ];
    let r = q3(rows);
    assert_eq!(r.by_field.len(), 2);
    let land = &r.by_field[0];
    assert_eq!(land.0, "Đất đai");
    assert_eq!(
        (
            land.1.received_carried,
            land.1.received_new,
            land.1.resolved,
            land.1.late
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(land.1.pending_overdue, 1);
    assert_eq!(r.total.received(), 3);
}

#[test]
fn month_trend_is_clipped_to_the_period() {
    let rows = vec![
        // Received in July before the period: not new.
        ReportRow {
            received_at: at("2026-07-10 08:00"),
            ..row()
        },
        // Received 15/07, finished early 20/08.
        ReportRow {
            received_at: at("2026-07-15 08:00"),
            due_at: at("2026-08-25 17:00"),
            finished_at: Some(at("2026-08-20 10:00")),
            status: Resolved,
            ..row()
        },
        // Received in August, finished late in September.
        ReportRow {
            received_at: at("2026-08-03 08:00"),
            due_at: at("2026-08-05 17:00"),
            finished_at: Some(at("2026-09-10 23:00")),
            status: Returned,
            returned_at: Some(at("2026-09-11 08:00")),
            ..row()
        },
        // Finished after the period.
        ReportRow {
            received_at: at("2026-09-10 08:00"),
            due_at: at("2026-09-10 17:00"),
            finished_at: Some(at("2026-09-11 00:00")),
            status: Resolved,
            ..row()
        },
    ];
    let r = build_report(rows, date("2026-07-15"), date("2026-09-10"), None);
    assert!(r.reconciles());
    let months: Vec<(i32, u32, NaiveDate, NaiveDate)> = r
        .by_month
        .iter()
        .map(|m| (m.year, m.month, m.from, m.to))
        .collect();
    assert_eq!(
        months,
        [
            (2026, 7, date("2026-07-15"), date("2026-07-31")),
            (2026, 8, date("2026-08-01"), date("2026-08-31")),
            (2026, 9, date("2026-09-01"), date("2026-09-10")),
        ]
    );
    let counts: Vec<[u32; 5]> = r
        .by_month
        .iter()
        .map(|m| [m.received_new, m.resolved, m.early, m.on_time, m.late])
        .collect();
    assert_eq!(counts, [[1, 0, 0, 0, 0], [1, 1, 1, 0, 0], [1, 1, 0, 0, 1]]);
    assert_eq!(r.total.received_new, 3);
    assert_eq!(r.total.resolved, 2);
}

#[test]
fn month_trend_crosses_the_year() {
    let r = build_report(Vec::new(), date("2026-12-20"), date("2027-02-03"), None);
    let months: Vec<(i32, u32)> = r.by_month.iter().map(|m| (m.year, m.month)).collect();
    assert_eq!(months, [(2026, 12), (2027, 1), (2027, 2)]);
    assert_eq!(r.by_month[2].to, date("2027-02-03"));
    let one_day = build_report(Vec::new(), date("2026-03-31"), date("2026-03-31"), None);
    assert_eq!(one_day.by_month.len(), 1);
    assert!(one_day.by_field.is_empty());
    assert!(one_day.reconciles());
}

#[test]
fn csv_has_a_line_per_field_and_a_total() {
    let rows = vec![
        row(),
        ReportRow {
            field: "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh, hợp tác xã)".into(),
            channel: Channel::Direct,
            ..row()
        },
    ];
    let csv = report_csv(&q3(rows));
    assert!(csv.starts_with('\u{FEFF}'), "BOM for Excel");
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').split("\r\n").collect();
    assert_eq!(
        lines.len(),
        5,
        "header, two fields, total, and the empty rest"
    );
    assert_eq!(lines[0], CSV_HEADER.join(","));
    assert!(lines[1].starts_with("01/07/2026,30/09/2026,1,Hộ tịch,1,0,1,1,0,0,\"100,0\","));
    assert!(
        lines[2].contains(",\"Thành lập và hoạt động doanh nghiệp (hộ kinh doanh, hợp tác xã)\","),
        "a comma in a field name is quoted: {}",
        lines[2]
    );
    assert!(
        lines[3].starts_with("01/07/2026,30/09/2026,,Tổng cộng,2,0,2,1,1,0,\"50,0\",0,\"0,0\",")
    );
    assert_eq!(lines[4], "");
    let mut reader = ::csv::Reader::from_reader(csv.trim_start_matches('\u{FEFF}').as_bytes());
    let records: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 3);
    assert!(records.iter().all(|r| r.len() == CSV_HEADER.len()));
}

#[test]
fn json_keys_are_stable_english() {
    let r = q3(vec![ReportRow {
        finished_at: Some(at("2026-07-14 10:00")),
        status: Resolved,
        ..row()
    }]);
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["from"], "2026-07-01");
    assert_eq!(v["to"], "2026-09-30");
    assert_eq!(v["field"], serde_json::Value::Null);
    assert_eq!(v["reconciles"], true);
    assert_eq!(v["total"]["received"], 1);
    assert_eq!(v["total"]["early"], 1);
    assert_eq!(v["total"]["shares"]["early"], 100.0);
    assert_eq!(
        v["total"]["shares"]["pending_overdue"],
        serde_json::Value::Null
    );
    assert_eq!(v["by_field"][0]["field"], "Hộ tịch");
    assert_eq!(v["by_field"][0]["resolved"], 1);
    assert_eq!(v["by_month"][0]["month"], 7);
    assert_eq!(v["by_month"][0]["from"], "2026-07-01");
    assert_eq!(v["by_month"][0]["received_new"], 1);
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn any_row() -> impl Strategy<Value = ReportRow> {
        let base = at("2026-05-01 00:00");
        (
            0..3usize,
            0..3usize,
            0i64..200 * 24,
            0i64..60 * 24,
            prop::option::of(0i64..90 * 24),
            prop::option::of(0i64..10 * 24),
            prop::option::of(0i64..40 * 24),
            0u32..4,
            any::<bool>(),
            0..10usize,
        )
            .prop_map(
                move |(field, channel, recv_h, due_h, fin_h, ret_h, pause_h, sup, apo, status)| {
                    let received_at = base + chrono::Duration::hours(recv_h);
                    let finished_at = fin_h.map(|h| received_at + chrono::Duration::hours(h));
                    ReportRow {
                        field: ["Hộ tịch", "Đất đai", "Chứng thực"][field].into(),
                        channel: Channel::ALL[channel],
                        received_at,
                        due_at: received_at + chrono::Duration::hours(due_h),
                        finished_at,
                        returned_at: finished_at
                            .zip(ret_h)
                            .map(|(f, h)| f + chrono::Duration::hours(h)),
                        paused_at: pause_h.map(|h| received_at + chrono::Duration::hours(h)),
                        supplement_count: sup,
                        apologized: apo,
                        status: DossierStatus::ALL[status],
                    }
                },
            )
    }

    proptest! {
        #[test]
        fn figures_always_reconcile(
            rows in prop::collection::vec(any_row(), 0..60),
            start in 0i64..150,
            len in 0i64..100,
        ) {
            let from = date("2026-05-01") + chrono::Duration::days(start);
            let to = from + chrono::Duration::days(len);
            let r = build_report(rows, from, to, None);
            prop_assert!(r.reconciles());
            let sum = |f: fn(&MonthTrend) -> u32| r.by_month.iter().map(f).sum::<u32>();
            prop_assert_eq!(sum(|m| m.received_new), r.total.received_new);
            prop_assert_eq!(sum(|m| m.resolved), r.total.resolved);
            prop_assert_eq!(sum(|m| m.late), r.total.late);
        }
    }
}
