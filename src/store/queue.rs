//! Queue tickets in the database. Every step is one IMMEDIATE transaction that
//! reads the ticket afresh, applies the rule from `domain::queue`, writes it back,
//! logs the call where there is one, and appends an audit row. Two counters
//! pressing "next" at once therefore never get the same ticket.
//!
//! No outbox events: tickets stay on this PC, and the province's system has no
//! use for them. What the province hears of is the dossier a ticket leads to.

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use rusqlite::{Connection, Row, Transaction, params};

use super::{Actor, Store, StoreError, audit, fmt_ts, parse_ts};
use crate::domain::access::Permission;
use crate::domain::queue::{
    PRIORITY_RUN, Priority, Ticket, TicketError, TicketStatus, select_next, ticket_number,
};
use crate::domain::settings::QueueSettings;

const QUEUE_KEY: &str = "queue";

/// The result of a step a rule may refuse. The outer error is the database's; the
/// inner one is the queue's refusal, after which the transaction was rolled back.
/// Either way, nothing changed.
pub type Refusable<T> = Result<Result<T, TicketError>, StoreError>;

/// Returns a rule's refusal from a function giving a [`Refusable`].
macro_rules! rule {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(refusal) => return Ok(Err(refusal)),
        }
    };
}

fn day_key(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Times are stored to the second; the ticket handed back must equal the stored one.
fn whole_seconds(t: NaiveDateTime) -> NaiveDateTime {
    t.with_nanosecond(0).unwrap_or(t)
}

fn to_json(t: &Ticket) -> Result<serde_json::Value, StoreError> {
    serde_json::to_value(t).map_err(|e| StoreError::corrupt("ticket", e))
}

impl Store {
    /// The queue settings; the defaults (areas A–D, all served, no prefix) until saved.
    pub fn queue_settings(&self) -> Result<QueueSettings, StoreError> {
        self.json_setting(QUEUE_KEY, "queue settings")
    }

    /// Saves settings already checked by `check_queue_settings`.
    pub(crate) fn save_queue_settings(
        &mut self,
        settings: &QueueSettings,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        actor.require(Permission::Settings)?;
        self.save_json_setting(
            QUEUE_KEY,
            "queue settings",
            "settings.queue",
            settings,
            actor,
        )
    }

    /// Issues the next ticket of `area` for `now`'s day and stores it, the
    /// sequence advanced in the same transaction: once this returns the number is
    /// on disk, and a number that was never returned was never stored.
    pub(crate) fn issue_ticket(
        &mut self,
        area: char,
        priority: Option<Priority>,
        prefix: &str,
        now: NaiveDateTime,
        actor: &Actor,
    ) -> Result<Ticket, StoreError> {
        actor.require(Permission::Tickets)?;
        let now = whole_seconds(now);
        let day = now.date();
        let tx = self.write()?;
        let seq: u32 = tx
            .prepare_cached(include_str!("sql/ticket_next_seq.sql"))?
            .query_row(params![day_key(day), area.to_string()], |r| r.get(0))?;
        let number = ticket_number(prefix, area, seq);
        tx.prepare_cached(include_str!("sql/ticket_insert.sql"))?
            .execute(params![
                number,
                day_key(day),
                area.to_string(),
                seq,
                priority.map(Priority::key),
                fmt_ts(now),
            ])?;
        let ticket = Ticket::issued(tx.last_insert_rowid(), number, area, seq, priority, now);
        let json = to_json(&ticket)?;
        audit::append(
            &tx,
            actor,
            "ticket.issue",
            &ticket.entity_key(),
            None,
            Some(&json),
        )?;
        tx.commit()?;
        Ok(ticket)
    }

    /// "Gọi số tiếp theo" at `counter` for `areas`: completes the ticket the counter
    /// was serving, then calls the one `select_next` chooses from today's waiting
    /// tickets and the counter's recent calls. `None` when nobody waits.
    pub(crate) fn call_next_ticket(
        &mut self,
        counter: u8,
        areas: &[char],
        now: NaiveDateTime,
        actor: &Actor,
    ) -> Refusable<Option<Ticket>> {
        actor.require(Permission::Tickets)?;
        let now = whole_seconds(now);
        let day = now.date();
        let tx = self.write()?;
        rule!(finish_current(&tx, day, counter, None, now, actor)?);
        let waiting = select(&tx, "WHERE day = ?1 AND status = 'waiting'", [day_key(day)])?;
        let recent = recent_calls(&tx, day, counter)?;
        let Some(next) = select_next(&waiting, areas, &recent) else {
            tx.commit()?;
            return Ok(Ok(None));
        };
        let called = rule!(next.call(counter, now));
        save(&tx, next, &called, "ticket.call", actor)?;
        log_call(&tx, &called, counter, "next", now)?;
        tx.commit()?;
        Ok(Ok(Some(called)))
    }

    /// A skipped ticket called specifically at `counter` (which first completes the
    /// ticket it was serving, as "next" does).
    pub(crate) fn call_ticket_again(
        &mut self,
        id: i64,
        counter: u8,
        now: NaiveDateTime,
        actor: &Actor,
    ) -> Refusable<Ticket> {
        actor.require(Permission::Tickets)?;
        let now = whole_seconds(now);
        let tx = self.write()?;
        let before = rule!(load(&tx, id)?);
        let called = rule!(before.call_again(counter, now));
        rule!(finish_current(
            &tx,
            now.date(),
            counter,
            Some(id),
            now,
            actor
        )?);
        save(&tx, &before, &called, "ticket.call_again", actor)?;
        log_call(&tx, &called, counter, "again", now)?;
        tx.commit()?;
        Ok(Ok(called))
    }

    /// "Gọi lại": announces again the ticket `counter` is calling today.
    pub(crate) fn recall_ticket(
        &mut self,
        counter: u8,
        now: NaiveDateTime,
        actor: &Actor,
    ) -> Refusable<Ticket> {
        actor.require(Permission::Tickets)?;
        let now = whole_seconds(now);
        let tx = self.write()?;
        let current = called_at(&tx, now.date(), counter)?;
        let Some(before) = current.last() else {
            return Ok(Err(TicketError::NothingCalled(counter)));
        };
        let after = rule!(before.recall(now));
        save(&tx, before, &after, "ticket.recall", actor)?;
        log_call(&tx, &after, counter, "recall", now)?;
        tx.commit()?;
        Ok(Ok(after))
    }

    /// Applies one step (skip, transfer, complete) to ticket `id`, recorded as `action`.
    pub(crate) fn change_ticket(
        &mut self,
        id: i64,
        action: &str,
        actor: &Actor,
        step: impl FnOnce(&Ticket) -> Result<Ticket, TicketError>,
    ) -> Refusable<Ticket> {
        actor.require(Permission::Tickets)?;
        let tx = self.write()?;
        let before = rule!(load(&tx, id)?);
        let after = rule!(step(&before));
        save(&tx, &before, &after, action, actor)?;
        tx.commit()?;
        Ok(Ok(after))
    }

    /// Records that dossier `code` was received from ticket `id`'s citizen.
    pub(crate) fn link_ticket_dossier(
        &mut self,
        id: i64,
        code: &str,
        actor: &Actor,
    ) -> Refusable<Ticket> {
        actor.require(Permission::Tickets)?;
        let tx = self.write()?;
        super::dossier::ensure_exists(&tx, code)?;
        let before = rule!(load(&tx, id)?);
        let after = rule!(before.link(code));
        if after != before {
            save(&tx, &before, &after, "ticket.link_dossier", actor)?;
            tx.commit()?;
        }
        Ok(Ok(after))
    }

    pub fn ticket(&self, id: i64) -> Result<Option<Ticket>, StoreError> {
        Ok(select(self.conn(), "WHERE id = ?1", [id])?.pop())
    }

    /// The ticket printed `number` on `day` (numbers repeat from day to day).
    pub fn ticket_by_number(
        &self,
        day: NaiveDate,
        number: &str,
    ) -> Result<Option<Ticket>, StoreError> {
        Ok(select(
            self.conn(),
            "WHERE day = ?1 AND number = ?2",
            params![day_key(day), number],
        )?
        .pop())
    }

    /// Tickets issued from `from` to `to` (both included), in issue order.
    pub fn tickets_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Ticket>, StoreError> {
        select(
            self.conn(),
            "WHERE day BETWEEN ?1 AND ?2 ORDER BY issued_at, id",
            [day_key(from), day_key(to)],
        )
    }
}

fn select(
    conn: &Connection,
    clause: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Ticket>, StoreError> {
    let sql = format!("{} {clause}", include_str!("sql/ticket_select.sql"));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, read_ticket)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

fn load(conn: &Connection, id: i64) -> Result<Result<Ticket, TicketError>, StoreError> {
    Ok(select(conn, "WHERE id = ?1", [id])?
        .pop()
        .ok_or_else(|| TicketError::NoSuchTicket(format!("#{id}"))))
}

/// Tickets `counter` is calling on `day`, oldest call first (normally one).
fn called_at(conn: &Connection, day: NaiveDate, counter: u8) -> Result<Vec<Ticket>, StoreError> {
    select(
        conn,
        "WHERE day = ?1 AND status = 'called' AND counter_no = ?2 ORDER BY last_called_at, id",
        params![day_key(day), counter],
    )
}

/// A counter serves one citizen at a time: calling another ticket completes the
/// one it was serving (to record a no-show, the officer presses "Bỏ qua" first).
fn finish_current(
    tx: &Transaction,
    day: NaiveDate,
    counter: u8,
    except: Option<i64>,
    now: NaiveDateTime,
    actor: &Actor,
) -> Refusable<()> {
    for t in called_at(tx, day, counter)?
        .iter()
        .filter(|t| Some(t.id) != except)
    {
        let done = rule!(t.complete(now));
        save(tx, t, &done, "ticket.complete_on_next_call", actor)?;
    }
    Ok(Ok(()))
}

/// This counter's latest "next" calls today, oldest first: true for a priority ticket.
fn recent_calls(conn: &Connection, day: NaiveDate, counter: u8) -> Result<Vec<bool>, StoreError> {
    let mut stmt = conn.prepare_cached(include_str!("sql/ticket_recent_calls.sql"))?;
    let rows = stmt.query_map(params![day_key(day), counter, PRIORITY_RUN as i64], |r| {
        r.get::<_, bool>(0)
    })?;
    let mut newest_first = rows.collect::<Result<Vec<bool>, _>>()?;
    newest_first.reverse();
    Ok(newest_first)
}

fn log_call(
    tx: &Transaction,
    t: &Ticket,
    counter: u8,
    kind: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    tx.prepare_cached(include_str!("sql/ticket_call_insert.sql"))?
        .execute(params![t.id, day_key(t.day), counter, kind, fmt_ts(now)])?;
    Ok(())
}

/// Writes `after` over `before` (the same ticket) with its audit row.
fn save(
    tx: &Transaction,
    before: &Ticket,
    after: &Ticket,
    action: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    tx.prepare_cached(include_str!("sql/ticket_update.sql"))?
        .execute(params![
            after.id,
            after.area.to_string(),
            after.status.key(),
            after.first_called_at.map(fmt_ts),
            after.last_called_at.map(fmt_ts),
            after.completed_at.map(fmt_ts),
            after.counter_no,
            after.recalls,
            after.skips,
            after.transfers,
        ])?;
    let mut link = tx.prepare_cached(include_str!("sql/ticket_link_dossier.sql"))?;
    for code in after
        .dossiers
        .iter()
        .filter(|c| !before.dossiers.contains(c))
    {
        link.execute(params![after.id, code])?;
    }
    audit::append(
        tx,
        actor,
        action,
        &after.entity_key(),
        Some(&to_json(before)?),
        Some(&to_json(after)?),
    )
}

fn letter(s: &str) -> Result<char, StoreError> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(StoreError::corrupt("ticket area", s)),
    }
}

fn opt_ts(s: Option<String>) -> Result<Option<NaiveDateTime>, StoreError> {
    s.as_deref().map(parse_ts).transpose()
}

/// Reads the columns of `ticket_select.sql`.
fn read_ticket(r: &Row) -> rusqlite::Result<Result<Ticket, StoreError>> {
    let day: String = r.get("day")?;
    let issued_area: String = r.get("issued_area")?;
    let area: String = r.get("area")?;
    let priority: Option<String> = r.get("priority")?;
    let status: String = r.get("status")?;
    let issued_at: String = r.get("issued_at")?;
    let times: [Option<String>; 3] = [
        r.get("first_called_at")?,
        r.get("last_called_at")?,
        r.get("completed_at")?,
    ];
    let dossiers: Option<String> = r.get("dossiers")?;
    let (id, number, seq, counter_no) = (
        r.get("id")?,
        r.get("number")?,
        r.get("seq")?,
        r.get("counter_no")?,
    );
    let (recalls, skips, transfers) = (r.get("recalls")?, r.get("skips")?, r.get("transfers")?);
    Ok((|| {
        let [first_called_at, last_called_at, completed_at] = times;
        let mut dossiers: Vec<String> = dossiers
            .map(|d| d.split('\n').map(str::to_string).collect())
            .unwrap_or_default();
        dossiers.sort();
        Ok(Ticket {
            id,
            number,
            day: NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .map_err(|e| StoreError::corrupt("ticket day", format!("{day}: {e}")))?,
            issued_area: letter(&issued_area)?,
            seq,
            area: letter(&area)?,
            priority: match priority {
                None => None,
                Some(p) => Some(
                    Priority::from_key(&p).ok_or_else(|| StoreError::corrupt("priority", &p))?,
                ),
            },
            status: TicketStatus::from_key(&status)
                .ok_or_else(|| StoreError::corrupt("ticket status", &status))?,
            issued_at: parse_ts(&issued_at)?,
            first_called_at: opt_ts(first_called_at)?,
            last_called_at: opt_ts(last_called_at)?,
            completed_at: opt_ts(completed_at)?,
            counter_no,
            recalls,
            skips,
            transfers,
            dossiers,
        })
    })())
}
