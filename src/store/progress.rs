//! The dossier's steps beyond a plain status change — supplement request and the
//! papers' arrival, refusal, apology with a new date, transfers to other agencies
//! (liên thông), payment, the result's return — and reading them all back.

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};

use super::dossier::insert_recorded;
use super::lifecycle::{
    Detail, StatusError, apply_change, check_len, check_time, read_current, station_id,
};
use super::{Actor, Store, StoreError, audit, fmt_ts, outbox, parse_ts};
use crate::domain::access::Permission;
use crate::domain::dossier::{Dossier, NewDossier, ResultDelivery};
use crate::domain::lifecycle::DossierStatus;
use crate::domain::progress::{
    Apology, Payment, Progress, Refusal, ResultReturn, StatusChange, Step, Supplement,
    SupplementRequest, Transfer,
};
use crate::domain::settings::CenterSettings;

fn clean(text: &str) -> Result<String, StatusError> {
    let text = crate::text::clean_multiline(text);
    check_len(&text)?;
    Ok(text)
}

impl Store {
    /// Mẫu 02: asks the citizen for missing papers; the clock stops (4 → 5).
    pub fn request_supplement(
        &mut self,
        code: &str,
        request: &SupplementRequest,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<StatusChange, StatusError> {
        let note = request.reason.clone();
        self.change_status(
            code,
            DossierStatus::SupplementRequested,
            &note,
            at,
            actor,
            Detail::Supplement(request),
        )
    }

    /// The papers came (5 → 4): the clock runs again with the time that was left.
    pub fn supplement_received(
        &mut self,
        code: &str,
        note: &str,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<StatusChange, StatusError> {
        self.change_status(
            code,
            DossierStatus::Processing,
            note,
            at,
            actor,
            Detail::Plain,
        )
    }

    /// Mẫu 03: refuses an online filing at reception (1 → 3).
    pub fn refuse(
        &mut self,
        code: &str,
        reasons: &[String],
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<StatusChange, StatusError> {
        actor.require(Permission::Refuse)?;
        let reasons = clean_reasons(reasons)?;
        let note = reasons.join("; ");
        self.change_status(
            code,
            DossierStatus::Refused,
            &note,
            at,
            actor,
            Detail::Refusal(&reasons),
        )
    }

    /// Mẫu 04: the letter of apology with a new date. Once per dossier, before
    /// the due time, for a dossier that still owes a result. The status does not
    /// change; the statutory due time stays, so the dossier still counts late.
    pub fn apologize(
        &mut self,
        code: &str,
        reason: &str,
        new_due_at: NaiveDateTime,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<Apology, StatusError> {
        actor.require(Permission::Apology)?;
        let reason = clean(reason)?;
        if reason.is_empty() {
            return Err(StatusError::NoApologyReason);
        }
        let tx = self.write()?;
        let cur = read_current(&tx, code)?;
        if !cur.status.is_open() {
            return Err(StatusError::ApologyNotOpen {
                code: code.to_string(),
                status: cur.status,
            });
        }
        if cur.apology {
            return Err(StatusError::ApologyTwice {
                code: code.to_string(),
            });
        }
        check_time(code, &cur, at)?;
        if at >= cur.due_at {
            return Err(StatusError::ApologyAfterDue { due_at: cur.due_at });
        }
        if new_due_at <= cur.due_at {
            return Err(StatusError::NewDateNotLater { due_at: cur.due_at });
        }
        let ts = fmt_ts(at);
        tx.execute(
            "INSERT INTO dossier_apology (dossier_id, at, reason, old_due_at, new_due_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                cur.id,
                ts,
                reason,
                fmt_ts(cur.due_at),
                fmt_ts(new_due_at),
                actor.name()
            ],
        )
        .map_err(StoreError::from)?;
        tx.execute(
            "UPDATE dossier SET apology_due_at = ?1 WHERE id = ?2",
            params![fmt_ts(new_due_at), cur.id],
        )
        .map_err(StoreError::from)?;
        let apology = Apology {
            at,
            reason,
            old_due_at: cur.due_at,
            new_due_at,
            actor: actor.name().to_string(),
        };
        record(
            &tx,
            actor,
            "dossier.apology",
            code,
            &serde_json::json!({
                "at": ts,
                "reason": apology.reason,
                "old_due_at": fmt_ts(cur.due_at),
                "new_due_at": fmt_ts(new_due_at),
            }),
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(apology)
    }

    /// Mẫu 03 at the counter: records a walk-in's dossier that is refused at
    /// reception, in one transaction — stored as 1 (Mới đăng ký, never
    /// received) and moved to 3 with the reasons — so the refusal has a code to
    /// print and to sync, and never counts as received.
    pub fn receive_refused(
        &mut self,
        new: &NewDossier,
        settings: &CenterSettings,
        reasons: &[String],
        actor: &Actor,
    ) -> Result<Dossier, StatusError> {
        actor.require(Permission::Intake)?;
        let reasons = clean_reasons(reasons)?;
        let at = new.received_at;
        let clock = self.clock()?;
        let tx = self.write()?;
        let mut dossier = insert_recorded(&tx, new, settings, actor, DossierStatus::New.code())?;
        let note = reasons.join("; ");
        apply_change(
            &tx,
            &clock,
            &dossier.code,
            DossierStatus::Refused,
            &note,
            at,
            actor,
            Detail::WalkInRefusal(&reasons),
        )?;
        tx.commit().map_err(StoreError::from)?;
        dossier.status = DossierStatus::Refused.code();
        Ok(dossier)
    }

    /// Liên thông: sends a dossier in processing to another agency.
    pub fn transfer_out(
        &mut self,
        code: &str,
        agency: &str,
        note: &str,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<Transfer, StatusError> {
        let agency = crate::text::clean_line(agency);
        check_len(&agency)?;
        let note = clean(note)?;
        if agency.is_empty() {
            return Err(StatusError::NoAgency);
        }
        let tx = self.write()?;
        let cur = read_current(&tx, code)?;
        actor.require_dossier(cur.received_by.as_deref())?;
        if cur.status != DossierStatus::Processing {
            return Err(StatusError::TransferNotProcessing(cur.status));
        }
        if let Some(open) = cur.open_transfer.clone() {
            return Err(StatusError::TransferOpen { agency: open });
        }
        check_time(code, &cur, at)?;
        let ts = fmt_ts(at);
        tx.execute(
            "INSERT INTO dossier_transfer (dossier_id, agency, sent_at, note, actor)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![cur.id, agency, ts, note, actor.name()],
        )
        .map_err(StoreError::from)?;
        record(
            &tx,
            actor,
            "dossier.transfer_out",
            code,
            &serde_json::json!({
                "at": ts, "agency": agency, "note": note,
            }),
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(Transfer {
            agency,
            sent_at: at,
            note,
            back_at: None,
            back_note: None,
            actor: actor.name().to_string(),
        })
    }

    /// The dossier came back from the agency it was sent to.
    pub fn transfer_back(
        &mut self,
        code: &str,
        note: &str,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<(), StatusError> {
        let note = clean(note)?;
        let tx = self.write()?;
        let cur = read_current(&tx, code)?;
        actor.require_dossier(cur.received_by.as_deref())?;
        let Some(agency) = cur.open_transfer.clone() else {
            return Err(StatusError::NoOpenTransfer);
        };
        check_time(code, &cur, at)?;
        let sent: String = tx
            .query_row(
                "SELECT sent_at FROM dossier_transfer WHERE dossier_id = ?1 AND back_at IS NULL",
                [cur.id],
                |r| r.get(0),
            )
            .map_err(StoreError::from)?;
        let sent = parse_ts(&sent)?;
        if at < sent {
            return Err(StatusError::BeforeLastChange {
                code: code.to_string(),
                last: sent,
                at,
            });
        }
        let ts = fmt_ts(at);
        tx.execute(
            "UPDATE dossier_transfer SET back_at = ?1, back_note = ?2
             WHERE dossier_id = ?3 AND back_at IS NULL",
            params![ts, note, cur.id],
        )
        .map_err(StoreError::from)?;
        record(
            &tx,
            actor,
            "dossier.transfer_back",
            code,
            &serde_json::json!({
                "at": ts, "agency": agency, "note": note,
            }),
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// Yêu cầu thực hiện nghĩa vụ tài chính (4 → 6).
    pub fn request_payment(
        &mut self,
        code: &str,
        description: &str,
        amount_vnd: i64,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<StatusChange, StatusError> {
        let description = clean(description)?;
        if description.is_empty() {
            return Err(StatusError::NoPaymentDescription);
        }
        let note = format!(
            "{description}: {}",
            crate::domain::format::fmt_vnd(amount_vnd.max(0))
        );
        self.change_status(
            code,
            DossierStatus::PaymentRequested,
            &note,
            at,
            actor,
            Detail::Payment {
                description: &description,
                amount_vnd: amount_vnd.max(0),
            },
        )
    }

    /// The citizen paid (6 → 4), with the receipt number if there is one.
    pub fn payment_made(
        &mut self,
        code: &str,
        receipt_no: &str,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<StatusChange, StatusError> {
        let receipt_no = crate::text::clean_line(receipt_no);
        check_len(&receipt_no)?;
        let note = if receipt_no.is_empty() {
            "Đã thực hiện nghĩa vụ tài chính".to_string()
        } else {
            format!("Đã thực hiện nghĩa vụ tài chính, biên lai {receipt_no}")
        };
        self.change_status(
            code,
            DossierStatus::Processing,
            &note,
            at,
            actor,
            Detail::Paid {
                receipt_no: &receipt_no,
            },
        )
    }

    /// Hands over the result (9 → 10): at the counter, by post with its
    /// tracking number, or online.
    pub fn return_result(
        &mut self,
        code: &str,
        method: ResultDelivery,
        tracking_no: &str,
        receiver: &str,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<StatusChange, StatusError> {
        let tracking_no = crate::text::clean_line(tracking_no);
        let receiver = crate::text::clean_line(receiver);
        check_len(&tracking_no)?;
        check_len(&receiver)?;
        if method == ResultDelivery::Post && tracking_no.is_empty() {
            return Err(StatusError::TrackingRequired);
        }
        let note = match method {
            ResultDelivery::Counter if !receiver.is_empty() => {
                format!("Trả tại quầy, người nhận: {receiver}")
            }
            ResultDelivery::Counter => "Trả tại quầy".to_string(),
            ResultDelivery::Post => format!("Gửi qua bưu chính, số hiệu {tracking_no}"),
            ResultDelivery::Online => "Trả kết quả trực tuyến".to_string(),
        };
        self.change_status(
            code,
            DossierStatus::Returned,
            &note,
            at,
            actor,
            Detail::Return {
                method,
                tracking_no: &tracking_no,
                receiver: &receiver,
            },
        )
    }

    /// Everything recorded about dossier `code` after receipt.
    pub fn progress(&self, code: &str) -> Result<Progress, StoreError> {
        let history = self.status_history(code)?;
        let conn = self.conn();
        let (id, paused_at, finished_at): (i64, Option<String>, Option<String>) = conn.query_row(
            "SELECT id, paused_at, finished_at FROM dossier WHERE code = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let opt_ts = |s: Option<String>| s.as_deref().map(parse_ts).transpose();
        let list = |s: String| -> Result<Vec<String>, StoreError> {
            serde_json::from_str(&s).map_err(|e| StoreError::corrupt("JSON list", e))
        };

        let mut supplements = Vec::new();
        let mut stmt = conn.prepare_cached(include_str!("sql/supplement_select.sql"))?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            supplements.push(Supplement {
                number: supplements.len() as u32 + 1,
                requested_at: parse_ts(&r.get::<_, String>(0)?)?,
                items: list(r.get(1)?)?,
                reason: r.get(2)?,
                contact: r.get(3)?,
                due_before: parse_ts(&r.get::<_, String>(4)?)?,
                remaining_minutes: r.get(5)?,
                resumed_at: opt_ts(r.get(6)?)?,
                due_after: opt_ts(r.get(7)?)?,
                actor: r.get(8)?,
            });
        }

        let refusal = conn
            .query_row(
                "SELECT at, reasons, actor FROM dossier_refusal WHERE dossier_id = ?1",
                [id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?)),
            )
            .optional()?
            .map(|(at, reasons, actor)| -> Result<Refusal, StoreError> {
                Ok(Refusal {
                    at: parse_ts(&at)?,
                    reasons: list(reasons)?,
                    actor,
                })
            })
            .transpose()?;

        let apology = conn
            .query_row(
                "SELECT at, reason, old_due_at, new_due_at, actor FROM dossier_apology
                 WHERE dossier_id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?
            .map(
                |(at, reason, old, new, actor)| -> Result<Apology, StoreError> {
                    Ok(Apology {
                        at: parse_ts(&at)?,
                        reason,
                        old_due_at: parse_ts(&old)?,
                        new_due_at: parse_ts(&new)?,
                        actor,
                    })
                },
            )
            .transpose()?;

        let mut transfers = Vec::new();
        let mut stmt = conn.prepare_cached(
            "SELECT agency, sent_at, note, back_at, back_note, actor FROM dossier_transfer
             WHERE dossier_id = ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            transfers.push(Transfer {
                agency: r.get(0)?,
                sent_at: parse_ts(&r.get::<_, String>(1)?)?,
                note: r.get(2)?,
                back_at: opt_ts(r.get(3)?)?,
                back_note: r.get(4)?,
                actor: r.get(5)?,
            });
        }

        let mut payments = Vec::new();
        let mut stmt = conn.prepare_cached(
            "SELECT requested_at, description, amount_vnd, paid_at, receipt_no, actor
             FROM dossier_payment WHERE dossier_id = ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            payments.push(Payment {
                requested_at: parse_ts(&r.get::<_, String>(0)?)?,
                description: r.get(1)?,
                amount_vnd: r.get(2)?,
                paid_at: opt_ts(r.get(3)?)?,
                receipt_no: r.get(4)?,
                actor: r.get(5)?,
            });
        }

        let returned = conn
            .query_row(
                "SELECT at, method, tracking_no, receiver_name, actor FROM dossier_return
                 WHERE dossier_id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?
            .map(|(at, method, tracking_no, receiver_name, actor)| {
                Ok::<_, StoreError>(ResultReturn {
                    at: parse_ts(&at)?,
                    method: ResultDelivery::from_key(&method)
                        .ok_or_else(|| StoreError::corrupt("return method", &method))?,
                    tracking_no,
                    receiver_name,
                    actor,
                })
            })
            .transpose()?;

        Ok(Progress {
            history,
            supplements,
            refusal,
            apology,
            transfers,
            payments,
            returned,
            paused_at: opt_ts(paused_at)?,
            finished_at: opt_ts(finished_at)?,
        })
    }
}

fn clean_reasons(reasons: &[String]) -> Result<Vec<String>, StatusError> {
    let reasons: Vec<String> = reasons
        .iter()
        .map(|r| clean(r))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|r| !r.is_empty())
        .collect();
    if reasons.is_empty() {
        return Err(StatusError::NoRefusalReason);
    }
    Ok(reasons)
}

/// An audit row and an outbox event for a step that changes no status.
fn record(
    tx: &rusqlite::Transaction<'_>,
    actor: &Actor,
    kind: &str,
    code: &str,
    detail: &serde_json::Value,
) -> Result<(), StatusError> {
    audit::append(tx, actor, kind, code, None, Some(detail))?;
    let payload = serde_json::json!({
        "station_id": station_id(tx)?,
        "code": code,
        "actor": actor.name(),
        "officer": actor.officer_json(),
        "detail": detail,
    });
    outbox::append(tx, kind, code, &payload)?;
    Ok(())
}

impl Store {
    /// Does `step` to dossier `code` at `at`.
    pub fn apply_step(
        &mut self,
        code: &str,
        step: &Step,
        at: NaiveDateTime,
        actor: &Actor,
    ) -> Result<(), StatusError> {
        match step {
            Step::Status { to, note } => self.set_status(code, *to, note, at, actor).map(drop),
            Step::Supplement(request) => {
                self.request_supplement(code, request, at, actor).map(drop)
            }
            Step::Supplied { note } => self.supplement_received(code, note, at, actor).map(drop),
            Step::Refuse { reasons } => self.refuse(code, reasons, at, actor).map(drop),
            Step::Apology { reason, new_due_at } => self
                .apologize(code, reason, *new_due_at, at, actor)
                .map(drop),
            Step::TransferOut { agency, note } => {
                self.transfer_out(code, agency, note, at, actor).map(drop)
            }
            Step::TransferBack { note } => self.transfer_back(code, note, at, actor),
            Step::Payment {
                description,
                amount_vnd,
            } => self
                .request_payment(code, description, *amount_vnd, at, actor)
                .map(drop),
            Step::Paid { receipt_no } => self.payment_made(code, receipt_no, at, actor).map(drop),
            Step::Return {
                method,
                tracking_no,
                receiver,
            } => self
                .return_result(code, *method, tracking_no, receiver, at, actor)
                .map(drop),
        }
    }
}
