//! The checks an event must pass before the hub stores it — the part that
//! needs no database. The store adds the two that do (`unknown_procedure`,
//! `unknown_dossier`). Reasons are Vietnamese: the counter shows them as is.

use serde_json::Value;

use crate::sync::wire::WireEvent;

/// The kind that carries a whole dossier; every other kind changes one.
pub const RECEIVED: &str = "dossier.received";

/// Every kind the reference hub accepts (docs/sync-protocol.md, "Events").
pub const EVENT_KINDS: [&str; 13] = [
    RECEIVED,
    "dossier.status_changed",
    "dossier.supplement_requested",
    "dossier.supplement_received",
    "dossier.refused",
    "dossier.apology",
    "dossier.transfer_out",
    "dossier.transfer_back",
    "dossier.payment_requested",
    "dossier.payment_made",
    "dossier.result_returned",
    CORRECTED,
    CANCELLED,
];

/// A lead corrected a dossier's details: `before`/`after` hold the fields changed.
pub const CORRECTED: &str = "dossier.corrected";
/// A lead cancelled a dossier: it stays, but never counts.
pub const CANCELLED: &str = "dossier.cancelled";

/// The payload layouts this hub understands.
pub const PAYLOAD_VERSION: i64 = 1;

/// Why an event is refused: `Rejection.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectCode {
    UnknownKind,
    UnsupportedPayloadVersion,
    InvalidPayload,
    UnknownProcedure,
    UnknownDossier,
}

impl RejectCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::UnknownKind => "unknown_kind",
            RejectCode::UnsupportedPayloadVersion => "unsupported_payload_version",
            RejectCode::InvalidPayload => "invalid_payload",
            RejectCode::UnknownProcedure => "unknown_procedure",
            RejectCode::UnknownDossier => "unknown_dossier",
        }
    }
}

/// An event refused, before the store adds its seq and event id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: RejectCode,
    /// Vietnamese, for the counter staff.
    pub reason: String,
}

impl Refusal {
    fn new(code: RejectCode, reason: impl Into<String>) -> Self {
        Refusal {
            code,
            reason: reason.into(),
        }
    }

    fn invalid(reason: impl Into<String>) -> Self {
        Refusal::new(RejectCode::InvalidPayload, reason)
    }

    pub fn unknown_procedure(code: &str) -> Self {
        Refusal::new(
            RejectCode::UnknownProcedure,
            format!("Thủ tục {code} không có trong danh mục của tỉnh."),
        )
    }

    pub fn unknown_dossier(code: &str) -> Self {
        Refusal::new(
            RejectCode::UnknownDossier,
            format!(
                "Hệ thống của tỉnh chưa nhận hồ sơ {code} nên không ghi nhận được thay đổi này. \
                 Hãy gửi lại sự kiện tiếp nhận hồ sơ trước."
            ),
        )
    }
}

/// What an event that passed the checks says, for the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The dossier code (also the event's `entity_key`).
    pub code: String,
    /// `dossier.received` only: the procedure and the attachments' SHA-256.
    pub received: Option<ReceivedDossier>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedDossier {
    pub procedure_code: String,
    pub attachments: Vec<String>,
}

/// Checks `event` sent by `station_id`, in the order the protocol lists the
/// codes: kind, payload version, then the payload's fields.
pub fn check(event: &WireEvent, station_id: &str) -> Result<Checked, Refusal> {
    if !EVENT_KINDS.contains(&event.kind.as_str()) {
        return Err(Refusal::new(
            RejectCode::UnknownKind,
            format!(
                "Hệ thống của tỉnh không nhận loại sự kiện «{}».",
                event.kind
            ),
        ));
    }
    if event.payload_version != PAYLOAD_VERSION {
        return Err(Refusal::new(
            RejectCode::UnsupportedPayloadVersion,
            format!(
                "Hệ thống của tỉnh chưa hỗ trợ phiên bản dữ liệu {} của sự kiện (chỉ nhận phiên bản {PAYLOAD_VERSION}).",
                event.payload_version
            ),
        ));
    }
    let payload = &event.payload;
    if !payload.is_object() {
        return Err(Refusal::invalid("Dữ liệu của sự kiện không đúng cấu trúc."));
    }
    match payload.get("station_id").and_then(Value::as_str) {
        Some(s) if s == station_id => {}
        _ => {
            return Err(Refusal::invalid(
                "Dữ liệu của sự kiện thiếu mã máy trạm hoặc ghi mã máy trạm khác.",
            ));
        }
    }
    if let Some(v) = payload.get("resend_of")
        && !v.is_string()
    {
        return Err(Refusal::invalid(
            "Trường «resend_of» phải là mã của sự kiện được gửi lại.",
        ));
    }
    if event.kind == RECEIVED {
        check_received(event)
    } else {
        check_change(event)
    }
}

fn check_code(found: Option<&Value>, entity_key: &str) -> Result<String, Refusal> {
    let code = found
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| Refusal::invalid("Dữ liệu của sự kiện thiếu mã hồ sơ."))?;
    if code != entity_key {
        return Err(Refusal::invalid(format!(
            "Mã hồ sơ trong dữ liệu ({code}) khác với mã hồ sơ của sự kiện ({entity_key})."
        )));
    }
    Ok(code.to_string())
}

fn check_received(event: &WireEvent) -> Result<Checked, Refusal> {
    let dossier = event
        .payload
        .get("dossier")
        .filter(|d| d.is_object())
        .ok_or_else(|| Refusal::invalid("Dữ liệu của sự kiện thiếu hồ sơ."))?;
    let code = check_code(dossier.get("code"), &event.entity_key)?;
    let procedure_code = dossier
        .get("procedure_code")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or_else(|| Refusal::invalid("Hồ sơ thiếu mã thủ tục hành chính."))?;
    let id_number = dossier
        .pointer("/applicant/id_number")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !is_cccd(id_number) {
        return Err(Refusal::invalid(
            "Số CCCD của người nộp hồ sơ phải gồm đúng 12 chữ số.",
        ));
    }
    let attachments = match dossier.get("attachments") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|a| {
                a.get("sha256")
                    .and_then(Value::as_str)
                    .filter(|s| is_sha256(s))
                    .map(str::to_string)
                    .ok_or_else(|| {
                        Refusal::invalid("Tệp đính kèm của hồ sơ có mã băm SHA-256 không hợp lệ.")
                    })
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(Refusal::invalid(
                "Danh sách tệp đính kèm của hồ sơ không đúng cấu trúc.",
            ));
        }
    };
    Ok(Checked {
        code,
        received: Some(ReceivedDossier {
            procedure_code: procedure_code.to_string(),
            attachments,
        }),
    })
}

fn check_change(event: &WireEvent) -> Result<Checked, Refusal> {
    let code = check_code(event.payload.get("code"), &event.entity_key)?;
    if event.kind == "dossier.status_changed" {
        let status_ok = |key: &str, required: bool| match event.payload.get(key) {
            None | Some(Value::Null) => !required,
            Some(v) => v.as_u64().is_some_and(|s| (1..=10).contains(&s)),
        };
        if !status_ok("to", true) || !status_ok("from", false) {
            return Err(Refusal::invalid(
                "Trạng thái hồ sơ phải là một số từ 1 đến 10.",
            ));
        }
    }
    if event.kind == CORRECTED || event.kind == CANCELLED {
        check_correction(&event.payload, event.kind == CORRECTED)?;
    }
    Ok(Checked {
        code,
        received: None,
    })
}

/// A correction or cancellation names its reason; a correction's new values
/// are an object, and a corrected CCCD follows the rule of a received one.
fn check_correction(payload: &Value, corrected: bool) -> Result<(), Refusal> {
    let reason = payload.get("reason").and_then(Value::as_str).map(str::trim);
    if reason.is_none_or(str::is_empty) {
        return Err(Refusal::invalid("Sự kiện sửa hoặc huỷ hồ sơ thiếu lý do."));
    }
    if !corrected {
        return Ok(());
    }
    let after = payload
        .get("after")
        .and_then(Value::as_object)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| Refusal::invalid("Sự kiện sửa hồ sơ thiếu thông tin sau khi sửa."))?;
    match after.get("applicant").and_then(|a| a.get("id_number")) {
        Some(v) if !v.as_str().is_some_and(is_cccd) => Err(Refusal::invalid(
            "Số CCCD sau khi sửa phải gồm đúng 12 chữ số.",
        )),
        _ => Ok(()),
    }
}

/// Căn cước công dân: exactly 12 ASCII digits.
pub fn is_cccd(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// 64 lower-case hex digits, as attachments are named.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests;
