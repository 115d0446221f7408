//! One list request's SQL, put together from `sql/dossier_list/parts.sql`, and
//! the three things the list does with it: count candidates, walk an index,
//! read the rows.

use std::sync::OnceLock;

use chrono::NaiveDateTime;
use rusqlite::types::Value;
use rusqlite::{CachedStatement, Connection};

use super::search::Search;
use super::{DossierFilter, DossierRow, DossierSort, Index, due_range};
use crate::domain::dossier::Channel;
use crate::domain::lifecycle::DossierStatus;
use crate::store::{StoreError, fmt_ts, parse_ts};

/// Where candidates are gathered from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// The indexes of the search text.
    Text,
    /// The range of an index that one filter condition selects.
    Index(Index),
}

pub(super) struct Query<'c> {
    conn: &'c Connection,
    /// Named parameters; each statement gets the ones it names.
    params: Vec<(&'static str, Value)>,
    /// The whole filter, as a condition on `d`.
    filter: String,
    /// Candidate ids for the search text.
    text_ids: Option<String>,
    sort: DossierSort,
}

impl<'c> Query<'c> {
    pub fn new(
        conn: &'c Connection,
        filter: &DossierFilter,
        search: Option<&Search>,
        field: Option<String>,
        now: NaiveDateTime,
    ) -> Result<Self, StoreError> {
        let mut and: Vec<String> = Vec::new();
        let mut text_ids = None;
        if let Some(s) = search {
            let (matches, ids) = if s.is_number {
                ("number", "ids_number")
            } else {
                ("name", "ids_name")
            };
            let mut or = vec![format!("({})", part(matches)?)];
            let mut union = vec![part(ids)?];
            if s.trigrams.is_some() {
                or.push(format!("({})", part("code")?));
                union.push(part("ids_code")?);
            }
            and.push(or.join(" OR "));
            text_ids = Some(union.join("\nUNION ALL\n"));
        }
        for (present, name) in [
            (filter.status.is_some(), "status"),
            (field.is_some(), "field"),
            (filter.channel.is_some(), "channel"),
            (filter.due.is_some(), "running"),
        ] {
            if present {
                and.push(part(name)?.to_string());
            }
        }
        let filter_sql = if and.is_empty() {
            "1".to_string()
        } else {
            let and: Vec<String> = and.iter().map(|c| format!("({c})")).collect();
            and.join("\nAND ")
        };
        Ok(Query {
            conn,
            params: params(filter, search, field, now),
            filter: filter_sql,
            text_ids,
            sort: filter.sort,
        })
    }

    /// `sql` prepared (cached), with every parameter it names bound.
    fn prepare(
        &self,
        sql: &str,
        extra: &[(&str, Value)],
    ) -> Result<CachedStatement<'c>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        for (name, value) in self.params.iter().chain(extra) {
            if let Some(i) = stmt.parameter_index(&format!(":{name}"))? {
                stmt.raw_bind_parameter(i, value)?;
            }
        }
        Ok(stmt)
    }

    /// A query of the candidate ids `source` yields.
    fn ids(&self, source: Source) -> Result<String, StoreError> {
        match source {
            Source::Text => self
                .text_ids
                .clone()
                .ok_or_else(|| StoreError::corrupt("dossier list query", "no search text")),
            Source::Index(index) => Ok(part("ids_index")?
                .replace("{index}", index.name())
                .replace("{range}", &range(index)?)),
        }
    }

    /// Candidates `source` yields, counted no further than `cap`.
    pub fn count(&self, source: Source, cap: u64) -> Result<u64, StoreError> {
        let sql =
            include_str!("../sql/dossier_list/count.sql").replace("{ids}", &self.ids(source)?);
        let cap = Value::Integer(i64::try_from(cap).unwrap_or(i64::MAX));
        self.one_number(&sql, &[("cap", cap)])
    }

    /// Dossiers stored (the highest id: rows are never deleted).
    pub fn total(&self) -> Result<u64, StoreError> {
        self.one_number(part("total")?, &[])
    }

    fn one_number(&self, sql: &str, extra: &[(&str, Value)]) -> Result<u64, StoreError> {
        let mut stmt = self.prepare(sql, extra)?;
        let mut rows = stmt.raw_query();
        let n: i64 = match rows.next()? {
            Some(r) => r.get(0)?,
            None => 0,
        };
        Ok(n.max(0) as u64)
    }

    /// Walks `index` in the list's order: the ids of the first `limit`
    /// matches, or None when `budget` rows went by before they were found.
    pub fn walk(
        &self,
        index: Index,
        budget: Option<u64>,
        limit: u32,
    ) -> Result<Option<Vec<i64>>, StoreError> {
        let sql = include_str!("../sql/dossier_list/walk.sql")
            .replace("{filter}", &self.filter)
            .replace("{index}", index.name())
            .replace("{range}", &range(index)?)
            .replace("{order}", self.sort.order());
        let mut stmt = self.prepare(&sql, &[])?;
        let mut rows = stmt.raw_query();
        let mut chosen = Vec::new();
        let mut walked: u64 = 0;
        while let Some(r) = rows.next()? {
            if r.get::<_, Option<bool>>(1)? == Some(true) {
                chosen.push(r.get::<_, i64>(0)?);
                if chosen.len() >= limit as usize {
                    break;
                }
            }
            walked += 1;
            if budget.is_some_and(|b| walked >= b) {
                return Ok(None);
            }
        }
        Ok(Some(chosen))
    }

    /// The rows of the dossiers a walk chose.
    pub fn chosen_rows(&self, chosen: &[i64]) -> Result<Vec<DossierRow>, StoreError> {
        if chosen.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = chosen.iter().map(i64::to_string).collect();
        let json = Value::Text(format!("[{}]", list.join(",")));
        self.read(part("ids_chosen")?, u32::MAX, &[("chosen", json)])
    }

    /// The list's rows among the candidates of `source`, at most `limit`.
    pub fn rows(&self, source: Source, limit: u32) -> Result<Vec<DossierRow>, StoreError> {
        self.read(&self.ids(source)?, limit, &[])
    }

    fn read(
        &self,
        ids: &str,
        limit: u32,
        extra: &[(&str, Value)],
    ) -> Result<Vec<DossierRow>, StoreError> {
        let sql = include_str!("../sql/dossier_list.sql")
            .replace("{ids}", ids)
            .replace("{filter}", &self.filter)
            .replace("{order}", self.sort.order());
        let mut extra = extra.to_vec();
        extra.push(("limit", Value::Integer(i64::from(limit))));
        let mut stmt = self.prepare(&sql, &extra)?;
        let mut rows = stmt.raw_query();
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(read_row(r)?);
        }
        Ok(out)
    }
}

/// The rows of `index` a filter condition selects (all of a sort index).
fn range(index: Index) -> Result<String, StoreError> {
    Ok(match index {
        Index::Due | Index::Received | Index::Code => "1".to_string(),
        Index::Status => part("status")?.to_string(),
        Index::Field => part("field")?.to_string(),
        Index::Running => part("running")?.to_string(),
    })
}

/// The named parameters of the list's statements.
fn params(
    filter: &DossierFilter,
    search: Option<&Search>,
    field: Option<String>,
    now: NaiveDateTime,
) -> Vec<(&'static str, Value)> {
    let text =
        |f: fn(&Search) -> Option<String>| search.and_then(f).map_or(Value::Null, Value::Text);
    let (due_from, due_to) = due_range(filter.due, now);
    vec![
        ("name", text(|s| Some(s.name.clone()))),
        ("name_word", text(|s| Some(s.name_word.clone()))),
        ("number", text(|s| Some(s.number.clone()))),
        ("code", text(|s| s.code.clone())),
        ("lo", text(|s| Some(s.lo.clone()))),
        ("hi", text(|s| Some(s.hi.clone()))),
        ("number_lo", text(|s| Some(s.number_lo.clone()))),
        ("number_hi", text(|s| Some(s.number_hi.clone()))),
        ("trigrams", text(|s| s.trigrams.clone())),
        (
            "status",
            filter
                .status
                .map_or(Value::Null, |s| Value::Integer(i64::from(s.code()))),
        ),
        ("field", field.map_or(Value::Null, Value::Text)),
        (
            "channel",
            filter
                .channel
                .map_or(Value::Null, |c| Value::Integer(i64::from(c.code()))),
        ),
        // An open side as a bound no stored time passes: the running index's
        // range is always a range.
        (
            "due_from",
            Value::Text(due_from.map_or_else(String::new, fmt_ts)),
        ),
        (
            "due_to",
            Value::Text(due_to.map_or_else(|| "9999-12-31T23:59:59".into(), fmt_ts)),
        ),
    ]
}

/// The piece `name` of `parts.sql`: the lines after its `-- @name` line up to
/// the next such line, comments left out.
pub(super) fn part(name: &str) -> Result<&'static str, StoreError> {
    static PARTS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    PARTS
        .get_or_init(|| parse_parts(include_str!("../sql/dossier_list/parts.sql")))
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, sql)| sql.as_str())
        .ok_or_else(|| StoreError::corrupt("dossier list query", format!("no part {name}")))
}

fn parse_parts(text: &'static str) -> Vec<(&'static str, String)> {
    let mut parts: Vec<(&'static str, String)> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(header) = trimmed.strip_prefix("-- @") {
            let name = header
                .split(|c: char| c == ':' || c.is_whitespace())
                .next()
                .unwrap_or(header);
            parts.push((name, String::new()));
        } else if !trimmed.is_empty()
            && !trimmed.starts_with("--")
            && let Some((_, sql)) = parts.last_mut()
        {
            if !sql.is_empty() {
                sql.push('\n');
            }
            sql.push_str(line);
        }
    }
    parts
}

fn read_row(r: &rusqlite::Row) -> Result<DossierRow, StoreError> {
    let status: u8 = r.get(4)?;
    let channel: u8 = r.get(7)?;
    let received_at: String = r.get(5)?;
    let due_at: String = r.get(6)?;
    let apology_due_at: Option<String> = r.get(8)?;
    Ok(DossierRow {
        code: r.get(0)?,
        applicant_name: r.get(1)?,
        procedure_name: r.get(2)?,
        field: r.get(3)?,
        status: DossierStatus::from_code(status)
            .ok_or_else(|| StoreError::corrupt("dossier status", status))?,
        channel: Channel::ALL
            .into_iter()
            .find(|c| c.code() == channel)
            .ok_or_else(|| StoreError::corrupt("channel", channel))?,
        received_at: parse_ts(&received_at)?,
        due_at: parse_ts(&due_at)?,
        apology_due_at: apology_due_at.as_deref().map(parse_ts).transpose()?,
        paused: r.get(9)?,
        supplement_count: r.get(10)?,
        cancelled: r.get(11)?,
    })
}
