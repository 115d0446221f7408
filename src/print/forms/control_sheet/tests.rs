use super::*;
use crate::domain::dossier::{Applicant, Channel, Deadline};
use crate::domain::progress::{Apology, ResultReturn, Supplement, Transfer};
use DossierStatus::*;
use chrono::NaiveDate;

fn t(d: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, d)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .unwrap()
}

fn dossier() -> Dossier {
    Dossier {
        id: 1,
        code: "000.00.12.H56-260302-1001".into(),
        procedure_code: String::new(),
        procedure_name: "Thủ tục đăng ký kết hôn".into(),
        field: String::new(),
        applicant: Applicant {
            name: "Nguyễn Thị Hường".into(),
            ..Applicant::default()
        },
        channel: Channel::Direct,
        received_at: t(2, 8, 0),
        deadline: Deadline::WorkingDays(3),
        due_at: t(5, 8, 0),
        documents: Vec::new(),
        sets: 1,
        fee_vnd: 0,
        result_delivery: ResultDelivery::Counter,
        note: String::new(),
        attachments: Vec::new(),
        status: 10,
        counter_no: 1,
        register_book: 2026,
        register_no: 1,
        officer_name: String::new(),
        created_at: t(2, 8, 0),
        received_by: None,
    }
}

fn change(from: DossierStatus, to: DossierStatus, at: NaiveDateTime) -> StatusChange {
    StatusChange {
        code: String::new(),
        from,
        to,
        at,
        actor: "quầy 1 (Trần Thu Hà)".into(),
        note: String::new(),
    }
}

fn supplement(number: u32, at: NaiveDateTime, resumed: Option<NaiveDateTime>) -> Supplement {
    Supplement {
        number,
        requested_at: at,
        items: vec![format!("Giấy {number}")],
        reason: String::new(),
        contact: String::new(),
        due_before: t(5, 8, 0),
        remaining_minutes: 100,
        resumed_at: resumed,
        due_after: resumed.map(|_| t(9, 10, 0)),
        actor: String::new(),
    }
}

fn settings() -> CenterSettings {
    CenterSettings {
        reception_unit: "Bộ phận một cửa".into(),
        ..CenterSettings::default()
    }
}

#[test]
fn timeliness_compares_the_day_then_the_time() {
    let due = t(5, 8, 0);
    assert_eq!(timeliness(t(4, 16, 0), due), "Trước hạn");
    assert_eq!(timeliness(t(5, 7, 0), due), "Đúng hạn");
    assert_eq!(timeliness(due, due), "Đúng hạn");
    assert_eq!(timeliness(t(5, 8, 1), due), "Quá hạn");
    assert_eq!(timeliness(t(6, 7, 0), due), "Quá hạn");
}

#[test]
fn a_counter_dossier_starts_with_its_receipt() {
    let steps = steps(&dossier(), &Progress::default(), &settings());
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].at, t(2, 8, 0));
    assert_eq!(steps[0].giver, APPLICANT);
    assert_eq!(steps[0].taker, "Bộ phận một cửa");
    assert!(steps[0].notes[1].contains("08:00, ngày 05/03/2026"));
}

#[test]
fn an_online_filing_is_received_by_its_first_change() {
    let p = Progress {
        history: vec![change(New, Received, t(2, 9, 0))],
        ..Progress::default()
    };
    let steps = steps(&dossier(), &p, &settings());
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].at, t(2, 9, 0));
    assert_eq!(
        (steps[0].giver.as_str(), steps[0].taker.as_str()),
        (APPLICANT, "Bộ phận một cửa")
    );
    assert_eq!(
        steps[0].notes[0],
        "Chuyển từ “Mới đăng ký” sang “Được tiếp nhận”"
    );
}

#[test]
fn every_step_in_time_order_with_its_details() {
    let p = Progress {
        history: vec![
            change(Received, Processing, t(2, 9, 0)),
            change(Processing, SupplementRequested, t(2, 10, 0)),
            change(SupplementRequested, Processing, t(3, 8, 0)),
            change(Processing, SupplementRequested, t(3, 9, 0)),
            change(SupplementRequested, Processing, t(4, 8, 0)),
            change(Processing, Resolved, t(4, 15, 0)),
            change(Resolved, Returned, t(6, 9, 0)),
        ],
        supplements: vec![
            supplement(1, t(2, 10, 0), Some(t(3, 8, 0))),
            supplement(2, t(3, 9, 0), Some(t(4, 8, 0))),
        ],
        transfers: vec![Transfer {
            agency: "Chi cục Thuế".into(),
            sent_at: t(3, 14, 0),
            note: String::new(),
            back_at: Some(t(4, 7, 30)),
            back_note: None,
            actor: "quầy 1".into(),
        }],
        apology: Some(Apology {
            at: t(4, 10, 0),
            reason: "Chờ xác minh".into(),
            old_due_at: t(5, 8, 0),
            new_due_at: t(6, 8, 0),
            actor: "quầy 1".into(),
        }),
        returned: Some(ResultReturn {
            at: t(6, 9, 0),
            method: ResultDelivery::Counter,
            tracking_no: String::new(),
            receiver_name: "Lê Văn Đức".into(),
            actor: "quầy 1".into(),
        }),
        ..Progress::default()
    };
    let steps = steps(&dossier(), &p, &settings());
    let times: Vec<NaiveDateTime> = steps.iter().map(|s| s.at).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted);
    // Receipt, seven changes, transfer out and back, apology.
    assert_eq!(steps.len(), 11);

    let at = |when| steps.iter().find(|s| s.at == when).unwrap();
    assert!(
        at(t(2, 10, 0))
            .notes
            .iter()
            .any(|n| n == "Yêu cầu bổ sung lần 1: Giấy 1")
    );
    assert!(
        at(t(3, 9, 0))
            .notes
            .iter()
            .any(|n| n == "Yêu cầu bổ sung lần 2: Giấy 2")
    );
    assert!(
        at(t(4, 8, 0))
            .notes
            .iter()
            .any(|n| n.contains("hẹn trả mới: 10:00, ngày 09/03/2026"))
    );
    assert_eq!(at(t(3, 14, 0)).taker, "Chi cục Thuế");
    assert_eq!(at(t(4, 7, 30)).giver, "Chi cục Thuế");
    assert_eq!(at(t(4, 15, 0)).result, Some("Trước hạn"));
    assert_eq!(at(t(6, 9, 0)).taker, "Người nộp hồ sơ (Lê Văn Đức)");
    assert_eq!(at(t(6, 9, 0)).result, None);
    assert!(at(t(4, 10, 0)).notes[0].contains("08:00, ngày 06/03/2026"));
    assert!(
        steps
            .iter()
            .filter(|s| s.at != t(2, 8, 0) && s.at != t(4, 7, 30))
            .all(|s| s.notes.last().unwrap().starts_with("Người thực hiện: "))
    );
}

#[test]
fn a_request_without_its_record_still_gets_a_row() {
    // History and details out of step (an old database): nothing panics.
    let p = Progress {
        history: vec![
            change(Received, Processing, t(2, 9, 0)),
            change(Processing, SupplementRequested, t(2, 10, 0)),
            change(SupplementRequested, Processing, t(3, 8, 0)),
        ],
        ..Progress::default()
    };
    assert_eq!(steps(&dossier(), &p, &settings()).len(), 4);
}
