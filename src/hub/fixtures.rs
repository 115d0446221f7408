//! Events as the counter builds them, for the hub's unit tests. The received
//! dossier is a real `Dossier` serialized, so a renamed field fails here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use serde_json::json;

use crate::domain::catalog::DocumentKind;
use crate::domain::dossier::{
    Applicant, Attachment, Channel, Deadline, Dossier, ReceivedDocument, ResultDelivery,
};
use crate::sync::wire::WireEvent;

pub const STATION: &str = "019aa7d2-0000-7000-8000-0000000000a1";
pub const CCCD: &str = "038303001234";

pub fn dossier(code: &str, procedure: &str, id_number: &str, attachments: &[&str]) -> Dossier {
    let at = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(9, 15, 2)
        .unwrap();
    Dossier {
        id: 1,
        code: code.into(),
        procedure_code: procedure.into(),
        procedure_name: "Thủ tục đăng ký kết hôn".into(),
        field: "Hộ tịch".into(),
        applicant: Applicant {
            name: "Nguyễn Thị Hường".into(),
            id_number: id_number.into(),
            phone: "0912345678".into(),
            address: "Thôn Yên Kỳ".into(),
            email: None,
        },
        channel: Channel::Direct,
        received_at: at,
        deadline: Deadline::WorkingDays(5),
        due_at: at,
        documents: vec![ReceivedDocument {
            name: "Tờ khai".into(),
            kind: DocumentKind::Original,
            count: 1,
        }],
        sets: 1,
        fee_vnd: 0,
        result_delivery: ResultDelivery::Counter,
        note: String::new(),
        attachments: attachments
            .iter()
            .map(|sha| Attachment {
                file_name: "scan.pdf".into(),
                sha256: (*sha).into(),
                size_bytes: 3,
            })
            .collect(),
        status: 2,
        counter_no: 1,
        register_book: 2026,
        register_no: 1,
        officer_name: "Trần Văn A".into(),
        created_at: at,
        received_by: None,
    }
}

fn event(seq: i64, kind: &str, code: &str, payload: serde_json::Value) -> WireEvent {
    WireEvent {
        seq,
        event_id: uuid::Uuid::now_v7().to_string(),
        kind: kind.into(),
        entity_key: code.into(),
        payload_version: 1,
        created_at: "2026-11-23T09:15:02".into(),
        payload,
    }
}

/// `dossier.received` with the payload `store::dossier::insert_recorded` builds.
pub fn received_dossier(seq: i64, dossier: &Dossier) -> WireEvent {
    event(
        seq,
        "dossier.received",
        &dossier.code,
        json!({
            "station_id": STATION,
            "agency_id": "000.00.12.H56",
            "counter_no": 1,
            "actor": "quầy 1 (Trần Văn A)",
            "dossier": serde_json::to_value(dossier).unwrap(),
        }),
    )
}

pub fn received(seq: i64, code: &str) -> WireEvent {
    received_dossier(seq, &dossier(code, "1.000894", CCCD, &[]))
}

/// `dossier.status_changed` as `store::lifecycle` builds it.
pub fn status_changed(seq: i64, code: &str, to: serde_json::Value) -> WireEvent {
    event(
        seq,
        "dossier.status_changed",
        code,
        json!({
            "station_id": STATION, "code": code, "from": 2, "to": to,
            "at": "2026-11-23T10:00:00", "actor": "quầy 1", "note": "", "detail": null,
        }),
    )
}

/// A step that changes no status, as `store::progress::record` builds it.
pub fn step(seq: i64, kind: &str, code: &str) -> WireEvent {
    event(
        seq,
        kind,
        code,
        json!({"station_id": STATION, "code": code, "actor": "quầy 1", "detail": {}}),
    )
}

pub fn code(n: u32) -> String {
    format!("000.00.12.H56-261123-1{n:03}")
}
