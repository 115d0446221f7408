//! Checking a dossier draft before it is stored: every rule, every message.
//!
//! All problems are reported at once, each tied to the form field to fix, so
//! the officer corrects the form in one pass while the citizen waits.

use chrono::{Datelike, Duration, NaiveDateTime};
use unicode_normalization::char::is_combining_mark;

use super::Localized;
use super::calendar::{OfficeHours, WorkCalendar, due_at};
use super::catalog::Procedure;
use super::cccd::{normalize_cccd, validate_cccd};
use super::dossier::{Applicant, Attachment, Deadline, DossierDraft, NewDossier, ReceivedDocument};
use super::format::{fmt_datetime, fmt_vnd};
use crate::text::{char_len, clean_line, clean_multiline};

const MAX_NAME: usize = 100;
const MAX_ADDRESS: usize = 300;
const MAX_EMAIL: usize = 254;
const MAX_DOCUMENT_NAME: usize = 500;
/// A checklist is a few dozen papers; thousands would print a slip of
/// hundreds of pages.
const MAX_DOCUMENTS: usize = 100;
const MAX_COUNT: u16 = 99;
const MAX_SETS: u16 = 99;
const MAX_FEE: i64 = 100_000_000;
const MAX_NOTE: usize = 1_000;
const MAX_DEADLINE_DAYS: u16 = 365;
const MAX_ATTACHMENTS: usize = 20;
const MAX_FILE_NAME: usize = 255;
/// Two PCs' clocks drift; a receipt a few minutes "ahead" is not an error.
const CLOCK_SKEW_MINUTES: i64 = 5;
/// The dossier code carries the receipt date as `yyMMdd`: a receipt in 1926
/// would get the code of the same day in 2026, and the day's real dossiers
/// could then not be saved (codes are unique). No receipt predates 2000.
const EARLIEST_RECEIPT_YEAR: i32 = 2000;
/// Typed text quoted back in a message is cut here: a 10 MB paste must not
/// become a 10 MB error message.
const MAX_ECHO: usize = 40;

/// A field of the intake form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormField {
    Procedure,
    Name,
    IdNumber,
    Phone,
    Address,
    Email,
    Documents,
    Sets,
    Fee,
    Note,
    Deadline,
    ReceivedAt,
    Attachments,
}

impl FormField {
    pub const ALL: [FormField; 13] = [
        FormField::Procedure,
        FormField::Name,
        FormField::IdNumber,
        FormField::Phone,
        FormField::Address,
        FormField::Email,
        FormField::Documents,
        FormField::Sets,
        FormField::Fee,
        FormField::Note,
        FormField::Deadline,
        FormField::ReceivedAt,
        FormField::Attachments,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FormField::Procedure => "procedure",
            FormField::Name => "name",
            FormField::IdNumber => "id_number",
            FormField::Phone => "phone",
            FormField::Address => "address",
            FormField::Email => "email",
            FormField::Documents => "documents",
            FormField::Sets => "sets",
            FormField::Fee => "fee",
            FormField::Note => "note",
            FormField::Deadline => "deadline",
            FormField::ReceivedAt => "received_at",
            FormField::Attachments => "attachments",
        }
    }

    /// The label of the field on the form.
    pub fn vi(self) -> &'static str {
        match self {
            FormField::Procedure => "Thủ tục",
            FormField::Name => "Họ và tên",
            FormField::IdNumber => "Số CCCD",
            FormField::Phone => "Số điện thoại",
            FormField::Address => "Địa chỉ",
            FormField::Email => "Email",
            FormField::Documents => "Thành phần hồ sơ",
            FormField::Sets => "Số bộ hồ sơ",
            FormField::Fee => "Lệ phí",
            FormField::Note => "Ghi chú",
            FormField::Deadline => "Thời hạn giải quyết",
            FormField::ReceivedAt => "Thời điểm tiếp nhận",
            FormField::Attachments => "Tệp đính kèm",
        }
    }
}

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: FormField,
    /// What to fix, in Vietnamese, for the GUI.
    pub vi: String,
    /// The same in English, for the CLI and logs.
    pub en: String,
}

impl FieldError {
    fn new(field: FormField, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            field,
            vi: vi.into(),
            en: en.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field.key(), self.en)
    }
}

impl Localized for FieldError {
    fn vi(&self) -> String {
        self.vi.clone()
    }
}

/// Keeps the value or records the error; the `Option` lets checking go on.
fn keep<T>(result: Result<T, FieldError>, errors: &mut Vec<FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

fn keep_all<T>(result: Result<T, Vec<FieldError>>, errors: &mut Vec<FieldError>) -> Option<T> {
    result.map_err(|e| errors.extend(e)).ok()
}

/// Checks `draft` and returns the dossier to store, or every problem found.
///
/// `procedure` is the catalog entry for `draft.procedure_code` (`None` when the
/// code is unknown). Omitted values take their defaults: documents from the
/// catalog's unconditional papers, the fee from the catalog, the receipt time
/// from `now`, the deadline from the catalog. The due date follows
/// [`due_at`].
pub fn validate_draft(
    draft: &DossierDraft,
    procedure: Option<&Procedure>,
    calendar: &WorkCalendar,
    hours: &OfficeHours,
    now: NaiveDateTime,
) -> Result<NewDossier, Vec<FieldError>> {
    let mut errors = Vec::new();
    let e = &mut errors;
    let a = &draft.applicant;
    let procedure = keep(check_procedure(&draft.procedure_code, procedure), e);
    let name = keep(check_name(&a.name), e);
    let id_number = keep(check_id_number(&a.id_number, now), e);
    let phone = keep(check_phone(&a.phone), e);
    let address = keep(check_address(&a.address), e);
    let email = keep(check_email(a.email.as_deref()), e);
    let documents = keep_all(check_documents(draft.documents.as_deref(), procedure), e);
    let sets = keep(check_sets(draft.sets), e);
    let fee_vnd = keep(check_fee(draft.fee_vnd, procedure), e);
    let note = keep(check_note(&draft.note), e);
    let received_at = keep(check_received_at(draft.received_at, now), e);
    let deadline = keep(check_deadline(draft.deadline_working_days, procedure), e).flatten();
    let attachments = keep_all(check_attachments(&draft.attachments), e);
    let due = match (deadline, received_at) {
        (Some(d), Some(r)) => keep(check_due(calendar, hours, d, r), e),
        _ => None,
    };
    match (
        procedure,
        name,
        id_number,
        phone,
        address,
        email,
        documents,
        sets,
        fee_vnd,
        note,
        received_at,
        deadline,
        due,
        attachments,
    ) {
        (
            Some(p),
            Some(name),
            Some(id_number),
            Some(phone),
            Some(address),
            Some(email),
            Some(documents),
            Some(sets),
            Some(fee_vnd),
            Some(note),
            Some(received_at),
            Some(deadline),
            Some(due_at),
            Some(attachments),
        ) if errors.is_empty() => Ok(NewDossier {
            procedure_code: p.code.clone(),
            procedure_name: p.name.clone(),
            field: p.field.clone(),
            applicant: Applicant {
                name,
                id_number,
                phone,
                address,
                email,
            },
            channel: draft.channel,
            received_at,
            deadline,
            due_at,
            documents,
            sets,
            fee_vnd,
            result_delivery: draft.result_delivery,
            note,
            attachments,
        }),
        _ => Err(errors),
    }
}

fn check_procedure<'p>(
    code: &str,
    procedure: Option<&'p Procedure>,
) -> Result<&'p Procedure, FieldError> {
    let code = clean_line(code);
    match procedure {
        Some(p) if code.is_empty() || code == p.code => Ok(p),
        Some(p) => {
            let code = echo(&code);
            Err(FieldError::new(
                FormField::Procedure,
                format!(
                    "Mã thủ tục “{code}” không khớp với thủ tục đã chọn ({}): chọn lại thủ tục.",
                    p.code
                ),
                format!(
                    "procedure code {code:?} does not match the selected procedure {}",
                    p.code
                ),
            ))
        }
        None if code.is_empty() => Err(FieldError::new(
            FormField::Procedure,
            "Chưa chọn thủ tục: gõ tên hoặc mã thủ tục vào ô tìm kiếm rồi chọn.",
            "no procedure selected",
        )),
        None => {
            let code = echo(&code);
            Err(FieldError::new(
                FormField::Procedure,
                format!("Không tìm thấy thủ tục có mã “{code}” trong danh mục: chọn lại thủ tục."),
                format!("procedure {code:?} is not in the catalog"),
            ))
        }
    }
}

/// `text` as quoted in a message: at most [`MAX_ECHO`] characters, then "…".
fn echo(text: &str) -> String {
    if char_len(text) <= MAX_ECHO {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MAX_ECHO).collect();
    cut.push('…');
    cut
}

fn too_long(field: FormField, what_vi: &str, what_en: &str, n: usize, max: usize) -> FieldError {
    FieldError::new(
        field,
        format!("{what_vi} dài {n} ký tự, tối đa {max} ký tự: hãy rút gọn."),
        format!("{what_en} is {n} characters long (at most {max})"),
    )
}

fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c) || matches!(c, ' ' | '\'' | '’' | '-' | '.')
}

pub(crate) fn check_name(raw: &str) -> Result<String, FieldError> {
    let name = clean_line(raw);
    let f = FormField::Name;
    if name.is_empty() {
        return Err(FieldError::new(
            f,
            "Chưa nhập họ và tên người nộp hồ sơ.",
            "name is required",
        ));
    }
    let n = char_len(&name);
    if n > MAX_NAME {
        return Err(too_long(f, "Họ và tên", "name", n, MAX_NAME));
    }
    if let Some(c) = name.chars().find(|c| !is_name_char(*c)) {
        return Err(FieldError::new(
            f,
            format!(
                "Họ và tên có ký tự không hợp lệ “{c}” (U+{:04X}): chỉ được dùng chữ cái, dấu cách, dấu nháy ('), dấu gạch nối (-) và dấu chấm.",
                u32::from(c)
            ),
            format!(
                "name contains {c:?}: only letters, spaces, apostrophes, hyphens and dots are allowed"
            ),
        ));
    }
    if !name.chars().any(char::is_alphabetic) {
        return Err(FieldError::new(
            f,
            "Họ và tên phải có chữ cái.",
            "name must contain letters",
        ));
    }
    Ok(name)
}

/// Cleaned as every text is first (a NUL or a U+202E pasted with the
/// number goes), then the spaces people type between digit groups.
pub(crate) fn check_id_number(raw: &str, now: NaiveDateTime) -> Result<String, FieldError> {
    let raw = clean_line(raw);
    validate_cccd(&raw, now.date())
        .map(|_| normalize_cccd(&raw))
        .map_err(|e| FieldError::new(FormField::IdNumber, e.vi(), e.to_string()))
}

/// Vietnamese numbers as people write them: "0912 345 678", "0912.345.678",
/// "+84 912 345 678", "84912345678", even "+84 0912…". Stored as 0xxxxxxxxx.
pub(crate) fn check_phone(raw: &str) -> Result<String, FieldError> {
    let f = FormField::Phone;
    let compact: String = clean_line(raw)
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    if compact.is_empty() {
        return Err(FieldError::new(
            f,
            "Chưa nhập số điện thoại.",
            "phone is required",
        ));
    }
    let (plus, digits) = match compact.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, compact.as_str()),
    };
    if let Some(c) = digits.chars().find(|c| !c.is_ascii_digit()) {
        return Err(FieldError::new(
            f,
            format!(
                "Số điện thoại có ký tự không hợp lệ “{c}”: chỉ được gồm chữ số, có thể có dấu + ở đầu, dấu cách, dấu chấm hoặc dấu gạch nối."
            ),
            format!(
                "phone contains {c:?}: only digits, a leading +, spaces, dots and hyphens are allowed"
            ),
        ));
    }
    let national = match digits.strip_prefix("84") {
        Some(rest) if plus || rest.len() >= 9 => rest.strip_prefix('0').unwrap_or(rest),
        _ if plus => "",
        _ => digits.strip_prefix('0').unwrap_or("x"),
    };
    let ok = national.len() == 9
        && national.bytes().all(|b| b.is_ascii_digit())
        && !national.starts_with('0');
    if ok {
        return Ok(format!("0{national}"));
    }
    Err(FieldError::new(
        f,
        format!(
            "Số điện thoại “{}” không hợp lệ: phải có 10 chữ số bắt đầu bằng 0 (ví dụ 0912 345 678), hoặc +84 và 9 chữ số.",
            echo(&clean_line(raw))
        ),
        "phone must be 10 digits starting with 0, or +84 followed by 9 digits",
    ))
}

pub(crate) fn check_address(raw: &str) -> Result<String, FieldError> {
    let address = clean_line(raw);
    if address.is_empty() {
        return Err(FieldError::new(
            FormField::Address,
            "Chưa nhập địa chỉ.",
            "address is required",
        ));
    }
    let n = char_len(&address);
    if n > MAX_ADDRESS {
        return Err(too_long(
            FormField::Address,
            "Địa chỉ",
            "address",
            n,
            MAX_ADDRESS,
        ));
    }
    Ok(address)
}

pub(crate) fn check_email(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let email = clean_line(raw.unwrap_or(""));
    if email.is_empty() {
        return Ok(None);
    }
    let n = char_len(&email);
    if n > MAX_EMAIL {
        return Err(too_long(FormField::Email, "Email", "email", n, MAX_EMAIL));
    }
    if is_plausible_email(&email) {
        return Ok(Some(email));
    }
    Err(FieldError::new(
        FormField::Email,
        format!(
            "Email “{email}” không đúng dạng, ví dụ ten@gmail.com (để trống nếu công dân không có email)."
        ),
        format!("email {email:?} is not an address like name@example.com"),
    ))
}

/// Catches typing slips, not every RFC 5322 rule: one '@', no spaces, a dot
/// inside the domain.
fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

fn check_documents(
    draft: Option<&[ReceivedDocument]>,
    procedure: Option<&Procedure>,
) -> Result<Vec<ReceivedDocument>, Vec<FieldError>> {
    let documents = match (draft, procedure) {
        (Some(list), _) => check_document_list(list)?,
        (None, Some(p)) => p
            .documents
            .iter()
            .filter(|d| !d.is_conditional())
            .map(|d| ReceivedDocument {
                name: d.name.clone(),
                kind: d.kind,
                count: d.count,
            })
            .collect(),
        // The procedure error already says what to do.
        (None, None) => return Ok(Vec::new()),
    };
    if documents.is_empty() {
        return Err(vec![FieldError::new(
            FormField::Documents,
            "Chưa đánh dấu giấy tờ nào đã nhận: đánh dấu ít nhất một giấy tờ trong thành phần hồ sơ.",
            "no document is marked as received",
        )]);
    }
    Ok(documents)
}

fn check_document_list(
    list: &[ReceivedDocument],
) -> Result<Vec<ReceivedDocument>, Vec<FieldError>> {
    if list.len() > MAX_DOCUMENTS {
        return Err(vec![FieldError::new(
            FormField::Documents,
            format!(
                "Thành phần hồ sơ có {} giấy tờ, tối đa {MAX_DOCUMENTS}: bỏ bớt giấy tờ.",
                list.len()
            ),
            format!("at most {MAX_DOCUMENTS} documents (got {})", list.len()),
        )]);
    }
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(list.len());
    for (i, d) in list.iter().enumerate() {
        match check_document(i + 1, d) {
            Ok(d) => out.push(d),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn check_document(no: usize, d: &ReceivedDocument) -> Result<ReceivedDocument, FieldError> {
    let f = FormField::Documents;
    let name = clean_line(&d.name);
    if name.is_empty() {
        return Err(FieldError::new(
            f,
            format!("Giấy tờ thứ {no} chưa có tên."),
            format!("document {no} has no name"),
        ));
    }
    let n = char_len(&name);
    if n > MAX_DOCUMENT_NAME {
        return Err(too_long(
            f,
            &format!("Tên giấy tờ thứ {no}"),
            &format!("name of document {no}"),
            n,
            MAX_DOCUMENT_NAME,
        ));
    }
    if !(1..=MAX_COUNT).contains(&d.count) {
        return Err(FieldError::new(
            f,
            format!(
                "Số lượng của giấy tờ thứ {no} phải từ 1 đến {MAX_COUNT} (đã nhập {}).",
                d.count
            ),
            format!(
                "count of document {no} must be 1–{MAX_COUNT} (got {})",
                d.count
            ),
        ));
    }
    Ok(ReceivedDocument {
        name,
        kind: d.kind,
        count: d.count,
    })
}

fn check_sets(sets: u16) -> Result<u16, FieldError> {
    if (1..=MAX_SETS).contains(&sets) {
        return Ok(sets);
    }
    Err(FieldError::new(
        FormField::Sets,
        format!("Số bộ hồ sơ phải từ 1 đến {MAX_SETS} (đã nhập {sets})."),
        format!("sets must be 1–{MAX_SETS} (got {sets})"),
    ))
}

fn check_fee(fee: Option<i64>, procedure: Option<&Procedure>) -> Result<i64, FieldError> {
    let Some(fee) = fee else {
        return Ok(procedure.and_then(|p| p.fee.amount()).unwrap_or(0));
    };
    if (0..=MAX_FEE).contains(&fee) {
        return Ok(fee);
    }
    Err(FieldError::new(
        FormField::Fee,
        format!(
            "Lệ phí phải từ 0 đến {} (đã nhập {}).",
            fmt_vnd(MAX_FEE),
            fmt_vnd(fee)
        ),
        format!("fee must be 0–{MAX_FEE} VND (got {fee})"),
    ))
}

pub(crate) fn check_note(raw: &str) -> Result<String, FieldError> {
    let note = clean_multiline(raw);
    let n = char_len(&note);
    if n > MAX_NOTE {
        return Err(too_long(FormField::Note, "Ghi chú", "note", n, MAX_NOTE));
    }
    Ok(note)
}

fn check_received_at(
    received: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<NaiveDateTime, FieldError> {
    let Some(t) = received else {
        return Ok(now);
    };
    if t.year() < EARLIEST_RECEIPT_YEAR {
        return Err(FieldError::new(
            FormField::ReceivedAt,
            format!(
                "Thời điểm tiếp nhận ({}) trước năm {EARLIEST_RECEIPT_YEAR}: kiểm tra lại ngày giờ.",
                fmt_datetime(t)
            ),
            format!("received_at {t} is before {EARLIEST_RECEIPT_YEAR}"),
        ));
    }
    if t <= now + Duration::minutes(CLOCK_SKEW_MINUTES) {
        return Ok(t);
    }
    Err(FieldError::new(
        FormField::ReceivedAt,
        format!(
            "Thời điểm tiếp nhận ({}) ở tương lai, muộn hơn bây giờ ({}): kiểm tra lại ngày giờ, hoặc đồng hồ của máy tính.",
            fmt_datetime(t),
            fmt_datetime(now)
        ),
        format!("received_at {t} is in the future (now {now})"),
    ))
}

/// `Ok(None)` only when the procedure itself is unknown (already reported).
/// The processing time: the officer's typed working days (0 = same day) win,
/// else the catalog's. The intake screen's live preview uses the same rule.
pub fn check_deadline(
    typed: Option<u16>,
    procedure: Option<&Procedure>,
) -> Result<Option<Deadline>, FieldError> {
    match (typed, procedure) {
        (Some(0), _) => Ok(Some(Deadline::SameDay)),
        (Some(n), _) if n <= MAX_DEADLINE_DAYS => Ok(Some(Deadline::WorkingDays(n))),
        (Some(n), _) => Err(FieldError::new(
            FormField::Deadline,
            format!("Thời hạn giải quyết tối đa {MAX_DEADLINE_DAYS} ngày làm việc (đã nhập {n})."),
            format!("deadline must be 0–{MAX_DEADLINE_DAYS} working days (got {n})"),
        )),
        (None, Some(p)) => p.deadline.map(Some).ok_or_else(|| {
            FieldError::new(
                FormField::Deadline,
                "Thủ tục này chưa có thời hạn giải quyết trong danh mục: nhập số ngày làm việc.",
                format!(
                    "the catalog gives no deadline for {}: enter a number of working days",
                    p.code
                ),
            )
        }),
        (None, None) => Ok(None),
    }
}

fn check_attachments(list: &[Attachment]) -> Result<Vec<Attachment>, Vec<FieldError>> {
    let f = FormField::Attachments;
    if list.len() > MAX_ATTACHMENTS {
        return Err(vec![FieldError::new(
            f,
            format!(
                "Tối đa {MAX_ATTACHMENTS} tệp đính kèm cho một hồ sơ (đang có {}): bỏ bớt tệp.",
                list.len()
            ),
            format!("at most {MAX_ATTACHMENTS} attachments (got {})", list.len()),
        )]);
    }
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(list.len());
    for (i, a) in list.iter().enumerate() {
        match check_attachment(i + 1, a) {
            Ok(a) => out.push(a),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn check_attachment(no: usize, a: &Attachment) -> Result<Attachment, FieldError> {
    let f = FormField::Attachments;
    let file_name = clean_line(&a.file_name);
    if file_name.is_empty() {
        return Err(FieldError::new(
            f,
            format!("Tệp đính kèm thứ {no} chưa có tên."),
            format!("attachment {no} has no file name"),
        ));
    }
    let n = char_len(&file_name);
    if n > MAX_FILE_NAME {
        return Err(too_long(
            f,
            &format!("Tên tệp đính kèm thứ {no}"),
            &format!("file name of attachment {no}"),
            n,
            MAX_FILE_NAME,
        ));
    }
    if !is_sha256_hex(&a.sha256) {
        return Err(FieldError::new(
            f,
            format!(
                "Tệp đính kèm “{file_name}” bị lỗi (mã kiểm tra không hợp lệ): hãy đính kèm lại tệp."
            ),
            format!(
                "attachment {no} ({file_name:?}) has an invalid sha256 (need 64 lower-case hex digits)"
            ),
        ));
    }
    Ok(Attachment {
        file_name,
        sha256: a.sha256.clone(),
        size_bytes: a.size_bytes,
    })
}

fn check_due(
    calendar: &WorkCalendar,
    hours: &OfficeHours,
    deadline: Deadline,
    received: NaiveDateTime,
) -> Result<NaiveDateTime, FieldError> {
    due_at(calendar, hours, deadline, received)
        .map_err(|e| FieldError::new(FormField::Deadline, e.vi(), e.to_string()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
