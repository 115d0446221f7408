//! Corrections, not deletions (sửa, huỷ hồ sơ đã lưu). A saved dossier is
//! never deleted: a lead corrects the applicant's details, the note or where
//! the result goes, or cancels the dossier, always with a reason, and every
//! correction keeps the values it replaced so the original stays visible.
//!
//! What a dossier was received as — its code, the time of receipt, the
//! procedure — is never corrected: those decide the register number, the due
//! date and the figures. A dossier received for the wrong procedure is
//! cancelled and received again.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Localized;
use super::dossier::{Dossier, ResultDelivery};
use super::validate::{
    FieldError, FormField, check_address, check_email, check_id_number, check_name, check_note,
    check_phone,
};

/// Longest reason kept with a correction or a cancellation, in characters.
pub const MAX_REASON_CHARS: usize = 1_000;

/// What a lead changes. `None` leaves a field as it is; `Some("")` for the
/// email removes it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DossierCorrection {
    #[serde(default)]
    pub name: Option<String>,
    /// CCCD, checked by the same rules as at intake.
    #[serde(default)]
    pub id_number: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub result_delivery: Option<ResultDelivery>,
}

/// A field a correction may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CorrectField {
    Name,
    IdNumber,
    Phone,
    Address,
    Email,
    Note,
    ResultDelivery,
}

impl CorrectField {
    pub const ALL: [CorrectField; 7] = [
        CorrectField::Name,
        CorrectField::IdNumber,
        CorrectField::Phone,
        CorrectField::Address,
        CorrectField::Email,
        CorrectField::Note,
        CorrectField::ResultDelivery,
    ];

    /// The field's name in the CLI and logs.
    pub fn key(self) -> &'static str {
        match self {
            CorrectField::Name => "name",
            CorrectField::IdNumber => "cccd",
            CorrectField::Phone => "phone",
            CorrectField::Address => "address",
            CorrectField::Email => "email",
            CorrectField::Note => "note",
            CorrectField::ResultDelivery => "delivery",
        }
    }

    /// Where the field sits in the dossier's JSON (as in `dossier.received`).
    pub fn path(self) -> [&'static str; 2] {
        match self {
            CorrectField::Name => ["applicant", "name"],
            CorrectField::IdNumber => ["applicant", "id_number"],
            CorrectField::Phone => ["applicant", "phone"],
            CorrectField::Address => ["applicant", "address"],
            CorrectField::Email => ["applicant", "email"],
            CorrectField::Note => ["note", ""],
            CorrectField::ResultDelivery => ["result_delivery", ""],
        }
    }

    /// The label on the form and in the history.
    pub fn vi(self) -> &'static str {
        match self {
            CorrectField::ResultDelivery => "Nơi nhận kết quả",
            other => other.form_field().map_or("", FormField::vi),
        }
    }

    /// The intake form's field, for the error messages shared with intake.
    pub fn form_field(self) -> Option<FormField> {
        match self {
            CorrectField::Name => Some(FormField::Name),
            CorrectField::IdNumber => Some(FormField::IdNumber),
            CorrectField::Phone => Some(FormField::Phone),
            CorrectField::Address => Some(FormField::Address),
            CorrectField::Email => Some(FormField::Email),
            CorrectField::Note => Some(FormField::Note),
            CorrectField::ResultDelivery => None,
        }
    }

    fn read(self, v: &Value) -> &Value {
        let [a, b] = self.path();
        let outer = v.get(a).unwrap_or(&Value::Null);
        if b.is_empty() {
            outer
        } else {
            outer.get(b).unwrap_or(&Value::Null)
        }
    }

    fn write(self, v: &mut Value, value: Value) {
        let [a, b] = self.path();
        let Some(obj) = v.as_object_mut() else {
            return;
        };
        if b.is_empty() {
            obj.insert(a.into(), value);
            return;
        }
        let inner = obj
            .entry(a)
            .or_insert_with(|| Value::Object(Default::default()));
        if let Some(inner) = inner.as_object_mut() {
            inner.insert(b.into(), value);
        }
    }
}

/// The values a correction may change, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correctable {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub email: Option<String>,
    pub note: String,
    pub result_delivery: ResultDelivery,
}

impl Correctable {
    pub fn of(d: &Dossier) -> Self {
        Correctable {
            name: d.applicant.name.clone(),
            id_number: d.applicant.id_number.clone(),
            phone: d.applicant.phone.clone(),
            address: d.applicant.address.clone(),
            email: d.applicant.email.clone(),
            note: d.note.clone(),
            result_delivery: d.result_delivery,
        }
    }

    /// The value of `field` as it travels in JSON: a string, `null` for no
    /// email, the delivery's key.
    pub fn json(&self, field: CorrectField) -> Value {
        match field {
            CorrectField::Name => self.name.clone().into(),
            CorrectField::IdNumber => self.id_number.clone().into(),
            CorrectField::Phone => self.phone.clone().into(),
            CorrectField::Address => self.address.clone().into(),
            CorrectField::Email => self.email.clone().map_or(Value::Null, Value::String),
            CorrectField::Note => self.note.clone().into(),
            CorrectField::ResultDelivery => self.result_delivery.key().into(),
        }
    }
}

/// One field a correction changed, values as in [`Correctable::json`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: CorrectField,
    pub before: Value,
    pub after: Value,
}

impl FieldChange {
    /// "Nguyễn Văn A" → "Nguyễn Văn B", for the history.
    pub fn before_vi(&self) -> String {
        shown(self.field, &self.before)
    }

    pub fn after_vi(&self) -> String {
        shown(self.field, &self.after)
    }
}

fn shown(field: CorrectField, v: &Value) -> String {
    match (field, v) {
        (CorrectField::ResultDelivery, Value::String(k)) => {
            ResultDelivery::from_key(k).map_or_else(|| k.clone(), |d| d.vi_short().to_string())
        }
        (_, Value::String(s)) if !s.is_empty() => s.clone(),
        _ => "(trống)".into(),
    }
}

/// A correction or a cancellation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectionKind {
    Correct,
    Cancel,
}

impl CorrectionKind {
    pub fn key(self) -> &'static str {
        match self {
            CorrectionKind::Correct => "correct",
            CorrectionKind::Cancel => "cancel",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [CorrectionKind::Correct, CorrectionKind::Cancel]
            .into_iter()
            .find(|k| k.key() == key)
    }
}

/// A correction or cancellation as recorded, for the dossier's "Lịch sử sửa
/// đổi". The `before` of each change keeps the original value visible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub kind: CorrectionKind,
    pub at: NaiveDateTime,
    pub actor: String,
    pub reason: String,
    /// The fields changed; empty for a cancellation.
    pub changes: Vec<FieldChange>,
}

/// What is never corrected, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixed {
    Code,
    ReceivedAt,
    Procedure,
}

impl Fixed {
    pub fn en(self) -> &'static str {
        match self {
            Fixed::Code => {
                "a dossier's code is never corrected: it is printed on the slip and known to the province"
            }
            Fixed::ReceivedAt => {
                "the time of receipt is never corrected: it decides the due date and the register; cancel the dossier and receive it again"
            }
            Fixed::Procedure => {
                "the procedure is never corrected: it decides the deadline, fee and papers; cancel the dossier and receive it again"
            }
        }
    }

    pub fn vi(self) -> &'static str {
        match self {
            Fixed::Code => {
                "Không sửa được mã hồ sơ: mã đã in trên giấy tiếp nhận và đã báo lên tỉnh."
            }
            Fixed::ReceivedAt => {
                "Không sửa được thời điểm tiếp nhận: nó quyết định ngày hẹn trả và số sổ. Hãy huỷ hồ sơ rồi tiếp nhận lại."
            }
            Fixed::Procedure => {
                "Không sửa được thủ tục: thủ tục quyết định thời hạn, lệ phí và thành phần hồ sơ. Hãy huỷ hồ sơ rồi tiếp nhận lại."
            }
        }
    }
}

/// Checks `changes` against the dossier's `current` values with the intake
/// rules (the CCCD against `now`'s year). Returns the values after the
/// correction and the fields that really change (a field typed as it already
/// was is no change), or every problem found.
pub fn check_correction(
    current: &Correctable,
    changes: &DossierCorrection,
    now: NaiveDateTime,
) -> Result<(Correctable, Vec<FieldChange>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut next = current.clone();
    let mut keep = |r: Result<String, FieldError>, slot: &mut String| match r {
        Ok(v) => *slot = v,
        Err(e) => errors.push(e),
    };
    if let Some(v) = &changes.name {
        keep(check_name(v), &mut next.name);
    }
    if let Some(v) = &changes.id_number {
        keep(check_id_number(v, now), &mut next.id_number);
    }
    if let Some(v) = &changes.phone {
        keep(check_phone(v), &mut next.phone);
    }
    if let Some(v) = &changes.address {
        keep(check_address(v), &mut next.address);
    }
    if let Some(v) = &changes.note {
        keep(check_note(v), &mut next.note);
    }
    if let Some(v) = &changes.email {
        match check_email(Some(v)) {
            Ok(e) => next.email = e,
            Err(e) => errors.push(e),
        }
    }
    if let Some(d) = changes.result_delivery {
        next.result_delivery = d;
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let changed = CorrectField::ALL
        .into_iter()
        .filter_map(|field| {
            let (before, after) = (current.json(field), next.json(field));
            (before != after).then_some(FieldChange {
                field,
                before,
                after,
            })
        })
        .collect();
    Ok((next, changed))
}

/// The `before` (or `after`) side of `changes` as a JSON object shaped like
/// the dossier's own JSON: `{"applicant": {"name": …}, "note": …}`. The
/// `after` side is what a receiver sets on the dossier it holds.
pub fn side(changes: &[FieldChange], after: bool) -> Value {
    let mut v = Value::Object(Default::default());
    for c in changes {
        let value = if after { &c.after } else { &c.before };
        c.field.write(&mut v, value.clone());
    }
    v
}

/// The changes recorded as two [`side`]s, read back.
pub fn changes_of(before: &Value, after: &Value) -> Vec<FieldChange> {
    CorrectField::ALL
        .into_iter()
        .filter(|f| {
            let [a, b] = f.path();
            let holds = |v: &Value| match v.get(a) {
                Some(inner) if !b.is_empty() => inner.get(b).is_some(),
                Some(_) => true,
                None => false,
            };
            holds(after) || holds(before)
        })
        .map(|field| FieldChange {
            field,
            before: field.read(before).clone(),
            after: field.read(after).clone(),
        })
        .collect()
}

/// Sets the `after` side of `changes` on a dossier's JSON (a `dossier.received`
/// payload's `dossier`), so an event resent after a correction carries the
/// corrected values.
pub fn apply_to(dossier: &mut Value, changes: &[FieldChange]) {
    for c in changes {
        c.field.write(dossier, c.after.clone());
    }
}

/// The reason as kept: one clean text, required, bounded.
pub fn clean_reason(raw: &str) -> Result<String, ReasonError> {
    let reason = crate::text::clean_multiline(raw);
    let chars = reason.chars().count();
    if reason.is_empty() {
        return Err(ReasonError::Missing);
    }
    if chars > MAX_REASON_CHARS {
        return Err(ReasonError::TooLong { chars });
    }
    Ok(reason)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReasonError {
    #[error("a reason is required")]
    Missing,
    #[error("the reason is {chars} characters long; at most {MAX_REASON_CHARS} are kept")]
    TooLong { chars: usize },
}

impl Localized for ReasonError {
    fn vi(&self) -> String {
        match self {
            ReasonError::Missing => "Hãy ghi lý do.".into(),
            ReasonError::TooLong { chars } => format!(
                "Lý do dài {chars} ký tự; chỉ được tối đa {MAX_REASON_CHARS} ký tự. Hãy rút gọn."
            ),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
