use chrono::Datelike;
use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::{Actor, Store, StoreError, audit, fmt_ts, now, outbox, parse_ts};
use crate::domain::access::Permission;
use crate::domain::catalog::DocumentKind;
use crate::domain::dossier::{
    Applicant, Attachment, Channel, Deadline, Dossier, NewDossier, ReceivedDocument, ResultDelivery,
};
use crate::domain::numbering::{MAX_COUNTER, dossier_code};
use crate::domain::settings::CenterSettings;

/// National status 2, "Được tiếp nhận".
const STATUS_RECEIVED: u8 = 2;

impl Store {
    /// Stores a validated dossier in one transaction with its papers, attachment
    /// records, an audit row and a `dossier.received` outbox event, and gives it
    /// its code. The sequence behind the code is advanced in the same
    /// transaction, so a code is either committed with its dossier or never seen.
    pub fn insert_dossier(
        &mut self,
        new: &NewDossier,
        settings: &CenterSettings,
        actor: &Actor,
    ) -> Result<Dossier, StoreError> {
        actor.require(Permission::Intake)?;
        if settings.counter_no == 0 || settings.counter_no > MAX_COUNTER {
            return Err(StoreError::BadCounter(settings.counter_no));
        }
        let tx = self.write()?;
        let dossier = insert_recorded(&tx, new, settings, actor, STATUS_RECEIVED)?;
        tx.commit()?;
        Ok(dossier)
    }

    pub fn dossier_by_code(&self, code: &str) -> Result<Dossier, StoreError> {
        let conn = self.conn();
        let mut dossier = conn
            .prepare_cached(concat!(
                include_str!("sql/dossier_select.sql"),
                " WHERE code = ?1"
            ))?
            .query_row([code], read_dossier)
            .optional()?
            .ok_or_else(|| StoreError::DossierNotFound(code.to_string()))??;
        let mut docs = conn.prepare_cached(
            "SELECT name, kind, count FROM dossier_document WHERE dossier_id = ?1 ORDER BY position",
        )?;
        for row in docs.query_map([dossier.id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u16>(2)?,
            ))
        })? {
            let (name, kind, count) = row?;
            let kind = DocumentKind::from_key(&kind)
                .ok_or_else(|| StoreError::corrupt("document kind", &kind))?;
            dossier
                .documents
                .push(ReceivedDocument { name, kind, count });
        }
        let mut files = conn.prepare_cached(
            "SELECT file_name, sha256, size_bytes FROM attachment WHERE dossier_id = ?1 ORDER BY position",
        )?;
        for row in files.query_map([dossier.id], |r| {
            Ok(Attachment {
                file_name: r.get(0)?,
                sha256: r.get(1)?,
                size_bytes: r.get::<_, i64>(2)?.max(0) as u64,
            })
        })? {
            dossier.attachments.push(row?);
        }
        Ok(dossier)
    }

    /// Number of dossiers stored; for tests and the status bar.
    pub fn dossier_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM dossier", [], |r| r.get(0))?)
    }

    /// Every dossier code, oldest first (for consistency checks and scripts).
    pub fn dossier_codes(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT code FROM dossier ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Inserts `new` with its initial `status` (2 received; 1 for a walk-in about
/// to be refused), with its audit row and `dossier.received` outbox event.
/// The actor's username is kept as `received_by`: it makes the dossier the
/// officer's own.
pub(super) fn insert_recorded(
    tx: &Transaction,
    new: &NewDossier,
    settings: &CenterSettings,
    actor: &Actor,
    status: u8,
) -> Result<Dossier, StoreError> {
    actor.require(Permission::Intake)?;
    if settings.counter_no == 0 || settings.counter_no > MAX_COUNTER {
        return Err(StoreError::BadCounter(settings.counter_no));
    }
    let dossier = insert(tx, new, settings, actor, status)?;
    let json = serde_json::to_value(&dossier).map_err(|e| StoreError::corrupt("dossier", e))?;
    audit::append(
        tx,
        actor,
        "dossier.receive",
        &dossier.code,
        None,
        Some(&json),
    )?;
    let station = tx.query_row("SELECT station_id FROM station WHERE id = 1", [], |r| {
        r.get::<_, String>(0)
    })?;
    let payload = serde_json::json!({
        "station_id": station,
        "agency_id": settings.agency_id,
        "counter_no": settings.counter_no,
        "actor": actor.name(),
        "officer": actor.officer_json(),
        "dossier": json,
    });
    outbox::append(tx, "dossier.received", &dossier.code, &payload)?;
    Ok(dossier)
}

fn insert(
    tx: &Transaction,
    new: &NewDossier,
    settings: &CenterSettings,
    actor: &Actor,
    status: u8,
) -> Result<Dossier, StoreError> {
    // A logged-in officer is the one who received it, whatever name the
    // counter's settings carry from before accounts.
    let officer_name = match actor.username() {
        Some(_) => actor.display_name().to_string(),
        None => settings.officer_name.clone(),
    };
    let received_by = actor.username().map(str::to_string);
    let day = new.received_at.date();
    let seq: u32 = tx
        .prepare_cached(include_str!("sql/dossier_next_seq.sql"))?
        .query_row(
            params![day.format("%Y-%m-%d").to_string(), settings.counter_no],
            |r| r.get(0),
        )?;
    let code = dossier_code(&settings.agency_id, day, settings.counter_no, seq);
    let book = day.year();
    let register_no: i64 = tx
        .prepare_cached(include_str!("sql/register_next_no.sql"))?
        .query_row(params![book, settings.counter_no], |r| r.get(0))?;
    let created_at = now();
    let (deadline_kind, deadline_days) = match new.deadline {
        Deadline::SameDay => ("same_day", 0),
        Deadline::WorkingDays(n) => ("working_days", n),
    };
    tx.prepare_cached(include_str!("sql/dossier_insert.sql"))?
        .execute(params![
            code,
            new.procedure_code,
            new.procedure_name,
            new.field,
            new.applicant.name,
            crate::text::fold(&new.applicant.name),
            new.applicant.id_number,
            new.applicant.phone,
            new.applicant.address,
            new.applicant.email,
            new.channel.code(),
            fmt_ts(new.received_at),
            deadline_kind,
            deadline_days,
            fmt_ts(new.due_at),
            new.sets,
            new.fee_vnd,
            new.result_delivery.key(),
            new.note,
            status,
            settings.counter_no,
            book,
            register_no,
            officer_name,
            fmt_ts(created_at),
            received_by,
        ])?;
    let id = tx.last_insert_rowid();
    let mut doc_stmt = tx.prepare_cached(
        "INSERT INTO dossier_document (dossier_id, position, name, kind, count) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, d) in new.documents.iter().enumerate() {
        doc_stmt.execute(params![id, i as i64, d.name, d.kind.key(), d.count])?;
    }
    let mut file_stmt = tx.prepare_cached(
        "INSERT INTO attachment (dossier_id, position, file_name, sha256, size_bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, a) in new.attachments.iter().enumerate() {
        file_stmt.execute(params![
            id,
            i as i64,
            a.file_name,
            a.sha256,
            a.size_bytes as i64
        ])?;
    }
    Ok(Dossier {
        id,
        code,
        procedure_code: new.procedure_code.clone(),
        procedure_name: new.procedure_name.clone(),
        field: new.field.clone(),
        applicant: new.applicant.clone(),
        channel: new.channel,
        received_at: new.received_at,
        deadline: new.deadline,
        due_at: new.due_at,
        documents: new.documents.clone(),
        sets: new.sets,
        fee_vnd: new.fee_vnd,
        result_delivery: new.result_delivery,
        note: new.note.clone(),
        attachments: new.attachments.clone(),
        status,
        counter_no: settings.counter_no,
        register_book: book,
        register_no,
        officer_name,
        created_at,
        received_by,
    })
}

/// Reads the columns of `dossier_select.sql`; papers and attachments come separately.
fn read_dossier(r: &Row) -> rusqlite::Result<Result<Dossier, StoreError>> {
    let channel: u8 = r.get("channel")?;
    let delivery: String = r.get("result_delivery")?;
    let deadline_kind: String = r.get("deadline_kind")?;
    let deadline_days: u16 = r.get("deadline_days")?;
    let received_at: String = r.get("received_at")?;
    let due_at: String = r.get("due_at")?;
    let created_at: String = r.get("created_at")?;
    let applicant = Applicant {
        name: r.get("applicant_name")?,
        id_number: r.get("id_number")?,
        phone: r.get("phone")?,
        address: r.get("address")?,
        email: r.get("email")?,
    };
    let (id, code, procedure_code, procedure_name, field) = (
        r.get("id")?,
        r.get("code")?,
        r.get("procedure_code")?,
        r.get("procedure_name")?,
        r.get("field")?,
    );
    let (sets, fee_vnd, note, status, counter_no) = (
        r.get("sets")?,
        r.get("fee_vnd")?,
        r.get("note")?,
        r.get("status")?,
        r.get("counter_no")?,
    );
    let (register_book, register_no, officer_name, received_by) = (
        r.get("register_book")?,
        r.get("register_no")?,
        r.get("officer_name")?,
        r.get("received_by")?,
    );
    Ok((|| {
        Ok(Dossier {
            id,
            code,
            procedure_code,
            procedure_name,
            field,
            applicant,
            channel: Channel::ALL
                .into_iter()
                .find(|c| c.code() == channel)
                .ok_or_else(|| StoreError::corrupt("channel", channel))?,
            received_at: parse_ts(&received_at)?,
            deadline: match deadline_kind.as_str() {
                "same_day" => Deadline::SameDay,
                _ => Deadline::WorkingDays(deadline_days),
            },
            due_at: parse_ts(&due_at)?,
            documents: Vec::new(),
            sets,
            fee_vnd,
            result_delivery: ResultDelivery::from_key(&delivery)
                .ok_or_else(|| StoreError::corrupt("result delivery", &delivery))?,
            note,
            attachments: Vec::new(),
            status,
            counter_no,
            register_book,
            register_no,
            officer_name,
            created_at: parse_ts(&created_at)?,
            received_by,
        })
    })())
}

/// `DossierNotFound` unless a dossier has code `code`: a history reader
/// says "no such dossier" rather than returning an empty list.
pub(super) fn ensure_exists(conn: &rusqlite::Connection, code: &str) -> Result<(), StoreError> {
    conn.prepare_cached(include_str!("sql/dossier_exists.sql"))?
        .query_row([code], |_| Ok(()))
        .optional()?
        .ok_or_else(|| StoreError::DossierNotFound(code.to_string()))
}
