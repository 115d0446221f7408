//! Changing a dossier's status (chuyển trạng thái hồ sơ) and reading its history.
//! Every change — plain or carrying a supplement request, a refusal, a payment
//! request or the result's return — goes through [`Store::change_status`], one
//! transaction that also keeps the clock, the history, the audit trail and the
//! outbox in step.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Actor, Store, StoreError, audit, fmt_ts, outbox, parse_ts};
use crate::domain::Localized;
use crate::domain::access::{Denied, Permission};
use crate::domain::calendar::{CalendarError, OfficeHours, WorkCalendar};
use crate::domain::dossier::ResultDelivery;
use crate::domain::format::fmt_datetime;
use crate::domain::lifecycle::{DossierStatus, LifecycleError, check_transition};
use crate::domain::progress::SupplementRequest;
use crate::domain::work_time::{resumed_due, working_minutes};

pub use crate::domain::progress::StatusChange;

/// Longest note kept with a status change, in characters: enough for the reason
/// of a refusal or the list of missing papers, short enough for a printed form.
pub const MAX_NOTE_CHARS: usize = 1_000;

/// Why a change was refused. Nothing was changed in every case.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StatusError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("dossier {code}: {source}")]
    Transition {
        code: String,
        source: LifecycleError,
    },
    #[error("the text is {chars} characters long; at most {MAX_NOTE_CHARS} are kept")]
    NoteTooLong { chars: usize },
    #[error(
        "dossier {code} was received at {received_at}; its status cannot change earlier ({at})"
    )]
    BeforeReceipt {
        code: String,
        received_at: NaiveDateTime,
        at: NaiveDateTime,
    },
    #[error("dossier {code} last changed at {last}; a change cannot be dated earlier ({at})")]
    BeforeLastChange {
        code: String,
        last: NaiveDateTime,
        at: NaiveDateTime,
    },
    #[error("a supplement request needs at least one missing paper or a reason")]
    NoSupplementItems,
    #[error("a refusal needs at least one reason")]
    NoRefusalReason,
    #[error("dossier {code} already has an apology letter; only one is allowed")]
    ApologyTwice { code: String },
    #[error("an apology must be issued before the due time ({due_at})")]
    ApologyAfterDue { due_at: NaiveDateTime },
    #[error("dossier {code} is {status}: it owes no result, so no new date")]
    ApologyNotOpen { code: String, status: DossierStatus },
    #[error("the new date must be later than the due time ({due_at})")]
    NewDateNotLater { due_at: NaiveDateTime },
    #[error("an apology needs a reason")]
    NoApologyReason,
    #[error("only a dossier in processing (4) can be sent to another agency; this one is {0}")]
    TransferNotProcessing(DossierStatus),
    #[error("the dossier is still at {agency}; record it back first")]
    TransferOpen { agency: String },
    #[error("the dossier is not at another agency")]
    NoOpenTransfer,
    #[error("name the agency the dossier is sent to")]
    NoAgency,
    #[error("describe the payment requested")]
    NoPaymentDescription,
    #[error("a result sent by post needs the tracking number")]
    TrackingRequired,
    #[error("cannot move the deadline: {0}")]
    Calendar(#[from] CalendarError),
}

impl From<Denied> for StatusError {
    fn from(denied: Denied) -> Self {
        StatusError::Store(StoreError::Denied(denied))
    }
}

impl Localized for StatusError {
    fn vi(&self) -> String {
        match self {
            StatusError::Store(e) => e.vi(),
            StatusError::Transition { code, source } => format!("Hồ sơ {code}: {}", source.vi()),
            StatusError::NoteTooLong { chars } => format!(
                "Nội dung dài {chars} ký tự; chỉ được tối đa {MAX_NOTE_CHARS} ký tự. Hãy rút gọn."
            ),
            StatusError::BeforeReceipt {
                code, received_at, ..
            } => format!(
                "Hồ sơ {code} được tiếp nhận lúc {}; thời điểm chuyển trạng thái không được sớm hơn.",
                fmt_datetime(*received_at)
            ),
            StatusError::BeforeLastChange { code, last, .. } => format!(
                "Hồ sơ {code} được cập nhật lần cuối lúc {}; thời điểm mới không được sớm hơn.",
                fmt_datetime(*last)
            ),
            StatusError::NoSupplementItems => {
                "Hãy ghi ít nhất một giấy tờ cần bổ sung hoặc lý do yêu cầu bổ sung.".into()
            }
            StatusError::NoRefusalReason => "Hãy ghi lý do từ chối tiếp nhận.".into(),
            StatusError::ApologyTwice { code } => format!(
                "Hồ sơ {code} đã có phiếu xin lỗi và hẹn lại ngày trả; mỗi hồ sơ chỉ được hẹn lại một lần."
            ),
            StatusError::ApologyAfterDue { due_at } => format!(
                "Phiếu xin lỗi phải lập trước thời hạn trả kết quả ({}).",
                fmt_datetime(*due_at)
            ),
            StatusError::ApologyNotOpen { status, .. } => format!(
                "Hồ sơ đang ở trạng thái \"{}\", không còn phải trả kết quả nên không hẹn lại.",
                status.vi()
            ),
            StatusError::NewDateNotLater { due_at } => format!(
                "Ngày hẹn trả mới phải sau thời hạn hiện tại ({}).",
                fmt_datetime(*due_at)
            ),
            StatusError::NoApologyReason => "Hãy ghi lý do chậm trả kết quả.".into(),
            StatusError::TransferNotProcessing(s) => format!(
                "Chỉ chuyển liên thông được hồ sơ đang xử lý; hồ sơ này đang ở trạng thái \"{}\".",
                s.vi()
            ),
            StatusError::TransferOpen { agency } => format!(
                "Hồ sơ đang được chuyển liên thông tới {agency}; hãy ghi nhận hồ sơ đã chuyển về trước."
            ),
            StatusError::NoOpenTransfer => "Hồ sơ không đang chuyển liên thông.".into(),
            StatusError::NoAgency => "Hãy ghi tên cơ quan nhận hồ sơ liên thông.".into(),
            StatusError::NoPaymentDescription => {
                "Hãy ghi nội dung nghĩa vụ tài chính (loại phí, thuế…).".into()
            }
            StatusError::TrackingRequired => {
                "Trả kết quả qua bưu chính: hãy ghi số hiệu bưu gửi.".into()
            }
            StatusError::Calendar(e) => e.vi(),
        }
    }
}

/// What a change carries beyond the new status and its note.
#[derive(Debug, Clone, Copy)]
pub(super) enum Detail<'a> {
    Plain,
    Supplement(&'a SupplementRequest),
    /// A refusal of a dossier already stored (Mẫu 03 after intake).
    Refusal(&'a [String]),
    /// A walk-in refused at reception, stored a moment ago in the same
    /// transaction: part of intake, so an officer may do it.
    WalkInRefusal(&'a [String]),
    Payment {
        description: &'a str,
        amount_vnd: i64,
    },
    Paid {
        receipt_no: &'a str,
    },
    Return {
        method: ResultDelivery,
        tracking_no: &'a str,
        receiver: &'a str,
    },
}

/// The dossier as a change finds it, read inside the write transaction so two
/// counters changing one dossier at once cannot both pass the checks.
pub(super) struct Current {
    pub id: i64,
    pub status: DossierStatus,
    pub received_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub apology: bool,
    pub result_delivery: ResultDelivery,
    /// The latest moment recorded on the dossier: receipt or its last change.
    pub last_change: Option<NaiveDateTime>,
    pub open_transfer: Option<String>,
    /// Username of the officer who received it (see [`Actor::require_dossier`]).
    pub received_by: Option<String>,
}

/// The working calendar and office hours that move a paused clock.
pub(super) struct Clock {
    pub calendar: WorkCalendar,
    pub hours: OfficeHours,
}

pub(super) fn check_len(text: &str) -> Result<(), StatusError> {
    let chars = text.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(StatusError::NoteTooLong { chars });
    }
    Ok(())
}

pub(super) fn read_current(tx: &Transaction<'_>, code: &str) -> Result<Current, StoreError> {
    // A cancelled dossier takes no more steps (corrections, not deletions).
    super::correction::refuse_if_cancelled(tx, code)?;
    let row = tx
        .query_row(
            "SELECT id, status, received_at, due_at, paused_at, apology_due_at IS NOT NULL,
                    result_delivery,
                    (SELECT max(at) FROM dossier_status_change c WHERE c.dossier_id = dossier.id),
                    (SELECT agency FROM dossier_transfer t
                     WHERE t.dossier_id = dossier.id AND t.back_at IS NULL),
                    received_by
             FROM dossier WHERE code = ?1",
            [code],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, u8>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, bool>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, Option<String>>(9)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::DossierNotFound(code.to_string()))?;
    let (id, status, received, due, _paused, apology, delivery, last, transfer, received_by) = row;
    Ok(Current {
        id,
        status: DossierStatus::from_code(status)
            .ok_or_else(|| StoreError::corrupt("dossier status", status))?,
        received_at: parse_ts(&received)?,
        due_at: parse_ts(&due)?,
        apology,
        result_delivery: ResultDelivery::from_key(&delivery)
            .ok_or_else(|| StoreError::corrupt("result delivery", &delivery))?,
        last_change: last.as_deref().map(parse_ts).transpose()?,
        open_transfer: transfer,
        received_by,
    })
}

/// May `actor` move dossier `cur` to `to`? Moving on needs the dossier to be
/// the officer's own (or a lead's or administrator's rights); refusing one
/// already stored needs [`Permission::Refuse`], refusing a walk-in at
/// reception only [`Permission::Intake`].
pub(super) fn authorize(
    actor: &Actor,
    cur: &Current,
    to: DossierStatus,
    detail: Detail<'_>,
) -> Result<(), Denied> {
    actor.require_dossier(cur.received_by.as_deref())?;
    if to == DossierStatus::Refused {
        actor.require(match detail {
            Detail::WalkInRefusal(_) => Permission::Intake,
            _ => Permission::Refuse,
        })?;
    }
    Ok(())
}

/// Refuses a time before receipt or before the dossier's last change, so its
/// history always reads forward.
pub(super) fn check_time(code: &str, cur: &Current, at: NaiveDateTime) -> Result<(), StatusError> {
    if at < cur.received_at {
        return Err(StatusError::BeforeReceipt {
            code: code.to_string(),
            received_at: cur.received_at,
            at,
        });
    }
    if let Some(last) = cur.last_change.filter(|last| at < *last) {
        return Err(StatusError::BeforeLastChange {
            code: code.to_string(),
            last,
            at,
        });
    }
    Ok(())
}

pub(super) fn station_id(tx: &Transaction<'_>) -> Result<String, StoreError> {
    Ok(
        tx.query_row("SELECT station_id FROM station WHERE id = 1", [], |r| {
            r.get::<_, String>(0)
        })?,
    )
}

impl Store {
    /// The calendar and office hours, read before a change's transaction: they
    /// only change by an administrator's import, never mid-counter.
    pub(super) fn clock(&self) -> Result<Clock, StoreError> {
        Ok(Clock {
            calendar: self.work_calendar()?,
            hours: self.settings()?.hours,
        })
    }

    /// Moves the dossier `code` to `to`. A move to 5 opens a supplement request
    /// whose text is the note; the specific methods in `progress.rs` carry more.
    pub fn set_status(
        &mut self,
        code: &str,
        to: DossierStatus,
        note: &str,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<StatusChange, StatusError> {
        let clock = self.clock()?;
        let tx = self.write()?;
        let change = set_status_in(&tx, &clock, code, to, note, at, actor)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(change)
    }

    /// One status change in one transaction: the dossier's status and clock, a
    /// history row, the detail row (supplement, refusal, payment, return), an
    /// audit row and a `dossier.status_changed` outbox event.
    ///
    /// The clock: entering 5 stops it (`paused_at`, the working minutes left
    /// are kept with the request); leaving 5, for whatever status, starts it
    /// again and moves `due_at` by exactly the working time spent waiting.
    /// Entering 7, 8 or 9 ends processing (`finished_at`); 10 sets `returned_at`.
    pub(super) fn change_status(
        &mut self,
        code: &str,
        to: DossierStatus,
        note: &str,
        at: NaiveDateTime,
        actor: &Actor,
        detail: Detail<'_>,
    ) -> Result<StatusChange, StatusError> {
        let clock = self.clock()?;
        let tx = self.write()?;
        let change = apply_change(&tx, &clock, code, to, note, at, actor, detail)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(change)
    }

    /// The status changes of dossier `code`, oldest first. Fails when there is no
    /// such dossier, so an empty list means "never changed since receipt".
    pub fn status_history(&self, code: &str) -> Result<Vec<StatusChange>, StoreError> {
        let conn = self.conn();
        super::dossier::ensure_exists(conn, code)?;
        let mut stmt = conn.prepare_cached(include_str!("sql/status_history.sql"))?;
        let rows = stmt.query_map([code], |r| {
            Ok((
                r.get::<_, u8>(0)?,
                r.get::<_, u8>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (from, to, at, actor, note) = row?;
            let status = |c: u8| {
                DossierStatus::from_code(c).ok_or_else(|| StoreError::corrupt("dossier status", c))
            };
            out.push(StatusChange {
                code: code.to_string(),
                from: status(from)?,
                to: status(to)?,
                at: parse_ts(&at)?,
                actor,
                note,
            });
        }
        Ok(out)
    }
}

/// The body of [`Store::set_status`], inside the caller's transaction (a
/// change pulled from the hub is applied with the mark of what was pulled).
pub(super) fn set_status_in(
    tx: &Transaction<'_>,
    clock: &Clock,
    code: &str,
    to: DossierStatus,
    note: &str,
    at: NaiveDateTime,
    actor: &Actor,
) -> Result<StatusChange, StatusError> {
    let request;
    let reasons;
    let detail = match to {
        DossierStatus::SupplementRequested => {
            request = SupplementRequest {
                items: Vec::new(),
                reason: note.trim().to_string(),
                contact: String::new(),
            };
            Detail::Supplement(&request)
        }
        DossierStatus::Refused => {
            reasons = [note.trim().to_string()];
            if reasons[0].is_empty() {
                return Err(StatusError::NoRefusalReason);
            }
            Detail::Refusal(&reasons)
        }
        _ => Detail::Plain,
    };
    apply_change(tx, clock, code, to, note, at, actor, detail)
}

/// The body of [`Store::change_status`], inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub(super) fn apply_change(
    tx: &Transaction<'_>,
    clock: &Clock,
    code: &str,
    to: DossierStatus,
    note: &str,
    at: NaiveDateTime,
    actor: &Actor,
    detail: Detail<'_>,
) -> Result<StatusChange, StatusError> {
    let note = crate::text::clean_multiline(note);
    check_len(&note)?;
    let cur = read_current(tx, code)?;
    authorize(actor, &cur, to, detail)?;
    let from = cur.status;
    check_transition(from, to).map_err(|source| StatusError::Transition {
        code: code.to_string(),
        source,
    })?;
    check_time(code, &cur, at)?;
    if to == DossierStatus::Resolved
        && let Some(agency) = &cur.open_transfer
    {
        return Err(StatusError::TransferOpen {
            agency: agency.clone(),
        });
    }
    let ts = fmt_ts(at);
    let mut event_detail = serde_json::Map::new();

    if from == DossierStatus::SupplementRequested {
        let due_after = resume_clock(tx, clock, &cur, at)?;
        event_detail.insert("due_at".into(), fmt_ts(due_after).into());
    }
    match to {
        DossierStatus::SupplementRequested => {
            let (due_before, remaining) = open_supplement(tx, clock, &cur, at, actor, detail)?;
            event_detail.insert("due_before".into(), fmt_ts(due_before).into());
            event_detail.insert("remaining_minutes".into(), remaining.into());
        }
        DossierStatus::Withdrawn | DossierStatus::Stopped | DossierStatus::Resolved => {
            tx.execute(
                "UPDATE dossier SET finished_at = ?1 WHERE id = ?2",
                params![ts, cur.id],
            )
            .map_err(StoreError::from)?;
        }
        DossierStatus::Returned => {
            let (method, tracking_no, receiver) = match detail {
                Detail::Return {
                    method,
                    tracking_no,
                    receiver,
                } => (method, tracking_no, receiver),
                _ => (cur.result_delivery, "", ""),
            };
            tx.execute(
                "UPDATE dossier SET returned_at = ?1 WHERE id = ?2",
                params![ts, cur.id],
            )
            .map_err(StoreError::from)?;
            tx.prepare_cached(include_str!("sql/return_insert.sql"))
                .and_then(|mut s| {
                    s.execute(params![
                        cur.id,
                        ts,
                        method.key(),
                        tracking_no,
                        receiver,
                        actor.name()
                    ])
                })
                .map_err(StoreError::from)?;
            event_detail.insert("method".into(), method.key().into());
            event_detail.insert("tracking_no".into(), tracking_no.into());
        }
        DossierStatus::Refused => {
            let reasons: Vec<String> = match detail {
                Detail::Refusal(r) | Detail::WalkInRefusal(r) => r.to_vec(),
                _ => vec![note.clone()],
            };
            tx.execute(
                "INSERT INTO dossier_refusal (dossier_id, at, reasons, actor)
                 VALUES (?1, ?2, ?3, ?4)",
                params![cur.id, ts, json_list(&reasons), actor.name()],
            )
            .map_err(StoreError::from)?;
            event_detail.insert("reasons".into(), reasons.into());
        }
        DossierStatus::PaymentRequested => {
            let (description, amount) = match detail {
                Detail::Payment {
                    description,
                    amount_vnd,
                } => (description.to_string(), amount_vnd),
                _ => (note.clone(), 0),
            };
            tx.prepare_cached(include_str!("sql/payment_insert.sql"))
                .and_then(|mut s| s.execute(params![cur.id, ts, description, amount, actor.name()]))
                .map_err(StoreError::from)?;
            event_detail.insert("description".into(), description.into());
            event_detail.insert("amount_vnd".into(), amount.into());
        }
        _ => {}
    }
    if from == DossierStatus::PaymentRequested {
        let receipt = match detail {
            Detail::Paid { receipt_no } => receipt_no,
            _ => "",
        };
        // Withdrawn or stopped while waiting: the request stays unpaid.
        if to == DossierStatus::Processing {
            tx.execute(
                "UPDATE dossier_payment SET paid_at = ?1, receipt_no = ?2
                 WHERE dossier_id = ?3 AND paid_at IS NULL",
                params![ts, receipt, cur.id],
            )
            .map_err(StoreError::from)?;
            event_detail.insert("receipt_no".into(), receipt.into());
        }
    }

    tx.execute(
        "UPDATE dossier SET status = ?1 WHERE id = ?2",
        params![to.code(), cur.id],
    )
    .map_err(StoreError::from)?;
    tx.prepare_cached(include_str!("sql/status_change_insert.sql"))
        .and_then(|mut s| {
            s.execute(params![
                cur.id,
                from.code(),
                to.code(),
                ts,
                actor.name(),
                note
            ])
        })
        .map_err(StoreError::from)?;
    audit::append(
        tx,
        actor,
        "dossier.status",
        code,
        Some(&serde_json::json!({ "status": from.code() })),
        Some(&serde_json::json!({
            "status": to.code(),
            "at": ts,
            "note": note,
            "detail": event_detail,
        })),
    )?;
    // The province's vocabulary is the numeric code, so the event carries it.
    let payload = serde_json::json!({
        "station_id": station_id(tx)?,
        "code": code,
        "from": from.code(),
        "to": to.code(),
        "at": ts,
        "actor": actor.name(),
        "officer": actor.officer_json(),
        "note": note,
        "detail": event_detail,
    });
    outbox::append(tx, "dossier.status_changed", code, &payload)?;
    Ok(StatusChange {
        code: code.to_string(),
        from,
        to,
        at,
        actor: actor.name().to_string(),
        note,
    })
}

pub(super) fn json_list(items: &[String]) -> String {
    serde_json::Value::from(items.to_vec()).to_string()
}

/// Stops the clock: records the request with the working time left.
fn open_supplement(
    tx: &Transaction<'_>,
    clock: &Clock,
    cur: &Current,
    at: NaiveDateTime,
    actor: &Actor,
    detail: Detail<'_>,
) -> Result<(NaiveDateTime, i64), StatusError> {
    let empty = SupplementRequest::default();
    let request = match detail {
        Detail::Supplement(r) => r,
        _ => &empty,
    };
    let items: Vec<String> = request
        .items
        .iter()
        .map(|i| crate::text::clean_line(i))
        .filter(|i| !i.is_empty())
        .collect();
    let reason = crate::text::clean_multiline(&request.reason);
    let contact = crate::text::clean_line(&request.contact);
    for text in items.iter().chain([&reason, &contact]) {
        check_len(text)?;
    }
    if items.is_empty() && reason.is_empty() {
        return Err(StatusError::NoSupplementItems);
    }
    let remaining = working_minutes(&clock.calendar, &clock.hours, at, cur.due_at)?;
    let ts = fmt_ts(at);
    tx.prepare_cached(include_str!("sql/supplement_insert.sql"))
        .and_then(|mut s| {
            s.execute(params![
                cur.id,
                ts,
                json_list(&items),
                reason,
                contact,
                fmt_ts(cur.due_at),
                remaining,
                actor.name()
            ])
        })
        .map_err(StoreError::from)?;
    tx.execute(
        "UPDATE dossier SET paused_at = ?1, supplement_count = supplement_count + 1
         WHERE id = ?2",
        params![ts, cur.id],
    )
    .map_err(StoreError::from)?;
    Ok((cur.due_at, remaining))
}

/// Starts the clock again at `at` with the working time left when it stopped.
fn resume_clock(
    tx: &Transaction<'_>,
    clock: &Clock,
    cur: &Current,
    at: NaiveDateTime,
) -> Result<NaiveDateTime, StatusError> {
    let (id, due_before, remaining) = tx
        .query_row(
            "SELECT id, due_before, remaining_minutes FROM dossier_supplement
             WHERE dossier_id = ?1 AND resumed_at IS NULL ORDER BY id DESC LIMIT 1",
            [cur.id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )
        .optional()
        .map_err(StoreError::from)?
        .ok_or_else(|| StoreError::corrupt("open supplement request", cur.id))?;
    let due_before = parse_ts(&due_before)?;
    let due_after = resumed_due(&clock.calendar, &clock.hours, due_before, remaining, at)?;
    tx.execute(
        "UPDATE dossier_supplement SET resumed_at = ?1, due_after = ?2 WHERE id = ?3",
        params![fmt_ts(at), fmt_ts(due_after), id],
    )
    .map_err(StoreError::from)?;
    tx.execute(
        "UPDATE dossier SET paused_at = NULL, due_at = ?1 WHERE id = ?2",
        params![fmt_ts(due_after), cur.id],
    )
    .map_err(StoreError::from)?;
    Ok(due_after)
}
