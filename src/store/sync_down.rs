//! Applying what the hub sends back (`GET /v1/down`, docs/sync-protocol.md):
//! a status change decided upstream, a new catalog or calendar. Each item
//! moves `sync_state.down_through` in the same transaction as its effect, so
//! it is applied once even if the station dies in between; an item that
//! cannot be applied is kept in `sync_down_problem` and passed over, never
//! retried forever.

use chrono::NaiveDateTime;
use rusqlite::{Transaction, params};
use serde::Serialize;

use super::lifecycle::{StatusError, set_status_in};
use super::{Actor, Store, StoreError, fmt_ts, parse_ts};
use crate::domain::Localized;
use crate::domain::lifecycle::DossierStatus;
use crate::sync::wire::DownItem;

/// Who a change from upstream is recorded as when it names nobody.
const UPSTREAM: &str = "hệ thống của tỉnh";

/// What became of one item from the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum DownOutcome {
    Applied,
    /// Could not be applied here; recorded for staff with this reason (Vietnamese).
    Problem(String),
    /// Applied or recorded before (the hub sent it again): nothing changed.
    AlreadyDone,
}

/// An item from the hub that could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DownProblem {
    pub down_seq: i64,
    pub kind: String,
    /// The item's payload as it came (JSON).
    pub payload: String,
    /// Why, in Vietnamese.
    pub problem: String,
    pub at: NaiveDateTime,
}

/// A `dossier.status_changed` item's payload, checked.
struct UpstreamChange {
    code: String,
    to: DossierStatus,
    note: String,
    at: Option<NaiveDateTime>,
    actor: Actor,
}

impl Store {
    /// Applies the hub's item `item` (numbered per station) unless it was
    /// applied before. Fails only when the database itself fails: the caller
    /// stops and asks again later from `down_through`.
    pub fn apply_down_item(
        &mut self,
        item: &DownItem,
        at: NaiveDateTime,
    ) -> Result<DownOutcome, StoreError> {
        if item.seq <= self.sync_state()?.down_through {
            return Ok(DownOutcome::AlreadyDone);
        }
        match item.kind.as_str() {
            "dossier.status_changed" => match parse_change(&item.payload) {
                Ok(change) => self.apply_upstream_change(item, &change, at),
                Err(problem) => self.pass_over(item, &problem, at),
            },
            "catalog.updated" | "calendar.updated" => self.apply_import(item, at),
            other => self.pass_over(
                item,
                &format!("Loại dữ liệu \"{other}\" từ hệ thống của tỉnh chưa được hỗ trợ."),
                at,
            ),
        }
    }

    /// Items the hub sent that could not be applied, newest first.
    pub fn down_problems(&self, limit: i64) -> Result<Vec<DownProblem>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached(include_str!("sql/sync/down_problems.sql"))?;
        let rows = stmt.query_map([limit], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (down_seq, kind, payload, problem, at) = row?;
            out.push(DownProblem {
                down_seq,
                kind,
                payload,
                problem,
                at: parse_ts(&at)?,
            });
        }
        Ok(out)
    }

    fn apply_upstream_change(
        &mut self,
        item: &DownItem,
        change: &UpstreamChange,
        at: NaiveDateTime,
    ) -> Result<DownOutcome, StoreError> {
        let clock = self.clock()?;
        let tx = self.write()?;
        if done(&tx, item.seq)? {
            return Ok(DownOutcome::AlreadyDone);
        }
        let when = change.at.unwrap_or(at);
        match set_status_in(
            &tx,
            &clock,
            &change.code,
            change.to,
            &change.note,
            when,
            &change.actor,
        ) {
            Ok(_) => {
                finish(&tx, item.seq)?;
                tx.commit()?;
                Ok(DownOutcome::Applied)
            }
            Err(StatusError::Store(e)) if transient(&e) => Err(e),
            Err(refused) => {
                // Whatever the refused change wrote is rolled back with `tx`.
                drop(tx);
                let problem = format!(
                    "Không áp dụng được thay đổi trạng thái hồ sơ {} sang \"{}\" do {} gửi về: {}",
                    change.code,
                    change.to.vi(),
                    change.actor.name(),
                    refused.vi()
                );
                self.pass_over(item, &problem, at)
            }
        }
    }

    /// A catalog or calendar from the province, applied as an import. The
    /// import is its own transaction; doing it twice changes nothing, so the
    /// mark can follow in a second one.
    fn apply_import(
        &mut self,
        item: &DownItem,
        at: NaiveDateTime,
    ) -> Result<DownOutcome, StoreError> {
        let Some(csv) = item.payload.get("csv").and_then(|c| c.as_str()) else {
            return self.pass_over(
                item,
                "Dữ liệu từ hệ thống của tỉnh thiếu nội dung tệp (csv).",
                at,
            );
        };
        let actor = upstream_actor(&item.payload);
        let imported = if item.kind == "catalog.updated" {
            self.import_catalog(csv, &actor)
        } else {
            self.import_calendar(csv, &actor)
        };
        match imported {
            Ok(_) => {
                let tx = self.write()?;
                finish(&tx, item.seq)?;
                tx.commit()?;
                Ok(DownOutcome::Applied)
            }
            Err(e) if transient(&e) => Err(e),
            Err(e) => {
                let what = if item.kind == "catalog.updated" {
                    "Danh mục thủ tục"
                } else {
                    "Lịch nghỉ lễ"
                };
                let problem = format!("{what} từ hệ thống của tỉnh không nhập được: {}", e.vi());
                self.pass_over(item, &problem, at)
            }
        }
    }

    /// Records why `item` cannot be applied and moves past it.
    fn pass_over(
        &mut self,
        item: &DownItem,
        problem: &str,
        at: NaiveDateTime,
    ) -> Result<DownOutcome, StoreError> {
        let tx = self.write()?;
        if done(&tx, item.seq)? {
            return Ok(DownOutcome::AlreadyDone);
        }
        tx.prepare_cached(include_str!("sql/sync/down_problem_insert.sql"))?
            .execute(params![
                item.seq,
                item.kind,
                item.payload.to_string(),
                problem,
                fmt_ts(at)
            ])?;
        finish(&tx, item.seq)?;
        tx.commit()?;
        log::warn!(
            "hub item {} ({}) passed over: {problem}",
            item.seq,
            item.kind
        );
        Ok(DownOutcome::Problem(problem.to_string()))
    }
}

/// Whether item `seq` was applied or passed over already (read inside the
/// write transaction, so two processes cannot both apply it).
fn done(tx: &Transaction<'_>, seq: i64) -> Result<bool, StoreError> {
    let through: i64 = tx.query_row(
        "SELECT down_through FROM sync_state WHERE id = 1",
        [],
        |r| r.get(0),
    )?;
    Ok(seq <= through)
}

fn finish(tx: &Transaction<'_>, seq: i64) -> Result<(), StoreError> {
    tx.prepare_cached(include_str!("sql/sync/down_finish.sql"))?
        .execute([seq])?;
    Ok(())
}

/// A failure of the database rather than of the item: try the item again later.
fn transient(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Sqlite(_) | StoreError::DiskFull(_) | StoreError::DataDir { .. }
    )
}

fn upstream_actor(payload: &serde_json::Value) -> Actor {
    let named = payload
        .get("actor")
        .and_then(|a| a.as_str())
        .map(crate::text::clean_line)
        .unwrap_or_default();
    // The province's own decision: applied with the program's rights, under
    // the name of whoever made it there.
    Actor::system(if named.is_empty() {
        UPSTREAM.to_string()
    } else {
        named
    })
}

/// `{code, status (1–10), note, at, actor}`; the reason in Vietnamese when not.
fn parse_change(payload: &serde_json::Value) -> Result<UpstreamChange, String> {
    let code = payload
        .get("code")
        .and_then(|c| c.as_str())
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .ok_or("Thay đổi trạng thái từ hệ thống của tỉnh thiếu mã hồ sơ.")?;
    let status = payload.get("status").and_then(|s| s.as_u64());
    let to = status
        .and_then(|s| u8::try_from(s).ok())
        .and_then(DossierStatus::from_code)
        .ok_or_else(|| {
            format!("Thay đổi trạng thái hồ sơ {code} từ hệ thống của tỉnh có mã trạng thái không hợp lệ.")
        })?;
    let at = match payload.get("at").and_then(|a| a.as_str()) {
        None => None,
        Some(text) => Some(parse_upstream_time(text).ok_or_else(|| {
            format!("Thay đổi trạng thái hồ sơ {code} từ hệ thống của tỉnh có thời điểm không hợp lệ ({text}).")
        })?),
    };
    Ok(UpstreamChange {
        code: code.to_string(),
        to,
        note: payload
            .get("note")
            .and_then(|n| n.as_str())
            .unwrap_or("")
            .to_string(),
        at,
        actor: upstream_actor(payload),
    })
}

/// Local time as the protocol writes it, with or without seconds.
fn parse_upstream_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    parse_ts(text)
        .ok()
        .or_else(|| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").ok())
}

#[cfg(test)]
mod tests;
