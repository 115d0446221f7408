//! The report screen driven in the iced_test simulator: dossiers received and
//! resolved in October 2026, the report of that month by typed dates and by
//! "Tháng trước", one field only, and dates that make no period.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use common::gui::{CapturingPrinter, apply, interact_with};
use iced_test::Error;
use quay::domain::dossier::Channel;
use quay::domain::lifecycle::DossierStatus;
use quay::domain::report::{fmt_share, tenths_of_percent};
use quay::gui::screen::report::{FieldOption, Message as ReportMessage};
use quay::gui::{App, Message};
use quay::store::Actor;

fn at(day: u32, month: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, month, day)
        .and_then(|d| d.and_hms_opt(hour, 0, 0))
        .unwrap()
}

/// What one test dossier is and what happens to it.
struct Case {
    procedure: &'static str,
    channel: Channel,
    received: NaiveDateTime,
    /// Moved to 4 and then 9 at this time.
    resolved: Option<NaiveDateTime>,
}

/// The report's month: T1 is 01/11/2026 00:00.
fn end_of_october() -> NaiveDateTime {
    at(1, 11, 0)
}

/// Expected figures, counted from the cases as created.
#[derive(Default)]
struct Expected {
    carried: u32,
    new: u32,
    online: u32,
    early: u32,
    on_time: u32,
    late: u32,
    pending_within: u32,
    pending_overdue: u32,
}

fn create(app: &App, cases: &[Case]) -> Expected {
    let App::Ready(ready) = app else {
        panic!("not ready")
    };
    let mut store = ready.loaded.services.store.lock().unwrap();
    let actor = Actor::system("quầy 1");
    let now = at(25, 11, 9);
    let t0 = at(1, 10, 0);
    let mut e = Expected::default();
    for (i, case) in cases.iter().enumerate() {
        let mut draft = common::good_draft();
        draft.procedure_code = case.procedure.into();
        draft.channel = case.channel;
        draft.applicant.id_number = format!("03830300{i:04}");
        draft.received_at = Some(case.received);
        let d = quay::intake::receive(&mut store, &draft, &actor, now).unwrap();
        if case.received < t0 {
            e.carried += 1;
        } else {
            e.new += 1;
            e.online += u32::from(case.channel == Channel::Online);
        }
        if let Some(done) = case.resolved {
            let started = done - chrono::Duration::minutes(30);
            store
                .set_status(&d.code, DossierStatus::Processing, "", started, &actor)
                .unwrap();
            store
                .set_status(&d.code, DossierStatus::Resolved, "", done, &actor)
                .unwrap();
        }
        // Resolved in the period, or still pending at its end. None of the
        // cases has a supplement request or an apology letter.
        match case.resolved.filter(|t| *t < end_of_october()) {
            Some(done) => match done.date().cmp(&d.due_at.date()) {
                std::cmp::Ordering::Less => e.early += 1,
                std::cmp::Ordering::Equal => e.on_time += 1,
                std::cmp::Ordering::Greater => e.late += 1,
            },
            None if d.due_at < end_of_october() => e.pending_overdue += 1,
            None => e.pending_within += 1,
        }
    }
    e
}

fn cases() -> Vec<Case> {
    vec![
        // Carried over from September, still open.
        Case {
            procedure: "1.013949",
            channel: Channel::Direct,
            received: at(28, 9, 9),
            resolved: None,
        },
        // Marriage, same day: resolved the day it came in, on time.
        Case {
            procedure: "1.000894",
            channel: Channel::Direct,
            received: at(5, 10, 9),
            resolved: Some(at(5, 10, 11)),
        },
        // Civil status confirmation, 3 working days: resolved the next day, early.
        Case {
            procedure: "1.004873",
            channel: Channel::Online,
            received: at(6, 10, 9),
            resolved: Some(at(7, 10, 10)),
        },
        // Household business, 3 working days: still open at the end of October.
        Case {
            procedure: "1.001612",
            channel: Channel::Post,
            received: at(12, 10, 9),
            resolved: None,
        },
        // Received in October, resolved in November: pending at the end of October.
        Case {
            procedure: "1.013949",
            channel: Channel::Direct,
            received: at(29, 10, 9),
            resolved: Some(at(3, 11, 10)),
        },
    ]
}

fn report(m: ReportMessage) -> Message {
    Message::Report(m)
}

#[test]
fn the_report_of_october_adds_up() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = common::gui::app_with_printer(&db, Arc::new(CapturingPrinter::default()));
    apply(
        &mut app,
        [Message::Setup(
            quay::gui::screen::setup::Message::SkipWithDefaults,
        )],
    );
    let e = create(&app, &cases());
    let resolved = e.early + e.on_time + e.late;
    let pending = e.pending_within + e.pending_overdue;
    let share = |part, whole| fmt_share(tenths_of_percent(part, whole));
    // The cases cover each kind at least once; the exact shares follow from them.
    assert_eq!((e.carried, e.new, e.online), (1, 4, 1));
    assert_eq!((e.early, e.on_time, e.late), (1, 1, 0));
    assert_eq!((e.pending_within, e.pending_overdue), (1, 2));

    interact_with(&mut app, App::view, |ui| {
        ui.click("Báo cáo")?;
        Ok(())
    })?;
    apply(
        &mut app,
        [
            report(ReportMessage::From("01/10/2026".into())),
            report(ReportMessage::To("31/10/2026".into())),
        ],
    );
    interact_with(&mut app, App::view, |ui| {
        ui.click("Xem báo cáo")?;
        Ok(())
    })?;
    let received_new = format!("Mới tiếp nhận: {}", e.new);
    interact_with(&mut app, App::view, |ui| {
        ui.find("Kỳ báo cáo: từ 01/10/2026 đến 31/10/2026 · mọi lĩnh vực")?;
        ui.find(format!("Kỳ trước chuyển qua: {}", e.carried).as_str())?;
        ui.find(received_new.as_str())?;
        let online = format!("Trực tuyến: {} ({})", e.online, share(e.online, e.new));
        ui.find(online.as_str())?;
        ui.find(format!("Trước hạn: {} ({})", e.early, share(e.early, resolved)).as_str())?;
        ui.find(format!("Đúng hạn: {} ({})", e.on_time, share(e.on_time, resolved)).as_str())?;
        ui.find("Trước và đúng hạn: 100,0 %")?;
        ui.find(format!("Trong hạn: {}", e.pending_within).as_str())?;
        let overdue = format!(
            "Quá hạn: {} ({})",
            e.pending_overdue,
            share(e.pending_overdue, pending)
        );
        ui.find(overdue.as_str())?;
        ui.find(
            format!(
                "Số liệu khớp: kỳ trước {} + mới {} = đã giải quyết {resolved} + đang giải quyết {pending}.",
                e.carried, e.new
            )
            .as_str(),
        )?;
        // The table and the charts name every field and month.
        ui.find("Hộ tịch")?;
        ui.find("Đất đai")?;
        ui.find("Tổng cộng")?;
        ui.find("10/2026")?;
        Ok(())
    })?;

    // "Tháng trước" from 25/11/2026 is the same October.
    interact_with(&mut app, App::view, |ui| {
        ui.click("Tháng trước")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Kỳ báo cáo: từ 01/10/2026 đến 31/10/2026 · mọi lĩnh vực")?;
        ui.find(received_new.as_str())?;
        Ok(())
    })?;

    // One field: the two civil status dossiers, both resolved.
    apply(
        &mut app,
        [report(ReportMessage::Field(FieldOption(Some(
            "Hộ tịch".into(),
        ))))],
    );
    interact_with(&mut app, App::view, |ui| {
        ui.click("Xem báo cáo")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("Kỳ báo cáo: từ 01/10/2026 đến 31/10/2026 · Hộ tịch")?;
        ui.find("Mới tiếp nhận: 2")?;
        ui.find("Kỳ trước chuyển qua: 0")?;
        ui.find("Số liệu khớp: kỳ trước 0 + mới 2 = đã giải quyết 2 + đang giải quyết 0.")?;
        Ok(())
    })?;
    Ok(())
}

#[test]
fn dates_that_make_no_period_load_nothing() -> Result<(), Error> {
    let (_dir, db) = common::temp_db();
    let mut app = common::gui::app_with_printer(&db, Arc::new(CapturingPrinter::default()));
    apply(
        &mut app,
        [Message::Setup(
            quay::gui::screen::setup::Message::SkipWithDefaults,
        )],
    );
    create(&app, &cases());
    interact_with(&mut app, App::view, |ui| {
        ui.click("Báo cáo")?;
        Ok(())
    })?;
    // Opening shows this month at once: 01/11–25/11/2026.
    interact_with(&mut app, App::view, |ui| {
        ui.find("Kỳ báo cáo: từ 01/11/2026 đến 25/11/2026 · mọi lĩnh vực")?;
        Ok(())
    })?;

    apply(&mut app, [report(ReportMessage::From("31/02/2026".into()))]);
    interact_with(&mut app, App::view, |ui| {
        ui.click("Xem báo cáo")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("“Từ ngày” không phải một ngày: hãy viết dạng dd/mm/yyyy, ví dụ 01/11/2026.")?;
        assert!(ui.find("Tổng cộng").is_err(), "no report under a bad date");
        Ok(())
    })?;

    apply(
        &mut app,
        [
            report(ReportMessage::From("31/10/2026".into())),
            report(ReportMessage::To("01/10/2026".into())),
        ],
    );
    interact_with(&mut app, App::view, |ui| {
        ui.click("Xem báo cáo")?;
        Ok(())
    })?;
    interact_with(&mut app, App::view, |ui| {
        ui.find("“Từ ngày” phải trước hoặc bằng “đến ngày”. Hãy sửa lại kỳ báo cáo.")?;
        assert!(
            ui.find("Tổng cộng").is_err(),
            "no report for a reversed period"
        );
        Ok(())
    })?;
    Ok(())
}

#[test]
fn quick_periods_count_from_today() {
    use quay::gui::screen::report::Quick;
    let d = |day, month, year| NaiveDate::from_ymd_opt(year, month, day).unwrap();
    let cases = [
        // Periods still running end today.
        (
            d(25, 11, 2026),
            Quick::ThisMonth,
            (d(1, 11, 2026), d(25, 11, 2026)),
        ),
        (
            d(25, 11, 2026),
            Quick::LastMonth,
            (d(1, 10, 2026), d(31, 10, 2026)),
        ),
        (
            d(25, 11, 2026),
            Quick::ThisQuarter,
            (d(1, 10, 2026), d(25, 11, 2026)),
        ),
        (
            d(25, 11, 2026),
            Quick::LastQuarter,
            (d(1, 7, 2026), d(30, 9, 2026)),
        ),
        (
            d(25, 11, 2026),
            Quick::ThisYear,
            (d(1, 1, 2026), d(25, 11, 2026)),
        ),
        // Across the turn of the year, and a leap February.
        (
            d(10, 1, 2028),
            Quick::LastMonth,
            (d(1, 12, 2027), d(31, 12, 2027)),
        ),
        (
            d(10, 2, 2027),
            Quick::LastQuarter,
            (d(1, 10, 2026), d(31, 12, 2026)),
        ),
        (
            d(15, 3, 2028),
            Quick::LastMonth,
            (d(1, 2, 2028), d(29, 2, 2028)),
        ),
        (
            d(1, 4, 2026),
            Quick::ThisQuarter,
            (d(1, 4, 2026), d(1, 4, 2026)),
        ),
    ];
    for (today, quick, want) in cases {
        assert_eq!(
            quick.period(today),
            Some(want),
            "{} on {today}",
            quick.label()
        );
    }
}
