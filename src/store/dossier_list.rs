//! The dossier list (danh sách hồ sơ): search and filters, soonest due first.

use chrono::{Days, NaiveDate, NaiveDateTime};
use rusqlite::params;
use serde::Serialize;

use super::{Store, StoreError, fmt_ts, parse_ts};
use crate::domain::dossier::Channel;
use crate::domain::lifecycle::DossierStatus;

/// Which due dates to show. Each one shows only dossiers that still owe a
/// result ([`DossierStatus::is_open`]): a returned dossier is never "overdue".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueFilter {
    /// Due some time today, whether or not the hour has passed.
    Today,
    /// Not yet overdue and due by the end of the N-th day from today
    /// (0 = the rest of today).
    WithinDays(u16),
    /// Due before now (quá hạn).
    Overdue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierFilter {
    /// Part of the code, of the applicant's name (diacritics optional), or the
    /// start of the CCCD or phone number.
    pub text: Option<String>,
    pub status: Option<DossierStatus>,
    /// Lĩnh vực, exactly as in the catalog ("Hộ tịch").
    pub field: Option<String>,
    pub channel: Option<Channel>,
    pub due: Option<DueFilter>,
    pub limit: u32,
}

impl Default for DossierFilter {
    fn default() -> Self {
        DossierFilter {
            text: None,
            status: None,
            field: None,
            channel: None,
            due: None,
            limit: 100,
        }
    }
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DossierRow {
    pub code: String,
    pub applicant_name: String,
    pub procedure_name: String,
    pub field: String,
    pub status: DossierStatus,
    pub received_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
}

impl Store {
    /// Dossiers matching `filter`, soonest due first, at most `filter.limit`.
    /// `now` decides what "today" and "overdue" mean.
    pub fn list_dossiers(
        &self,
        filter: &DossierFilter,
        now: NaiveDateTime,
    ) -> Result<Vec<DossierRow>, StoreError> {
        let text = filter
            .text
            .as_deref()
            .map(crate::text::clean_line)
            .filter(|t| !t.is_empty());
        let like = text.as_deref().map(contains_pattern);
        let fold_like = text
            .as_deref()
            .map(|t| contains_pattern(&crate::text::fold(t)));
        let field = filter
            .field
            .as_deref()
            .map(crate::text::clean_line)
            .filter(|f| !f.is_empty());
        let indexed = match text.as_deref() {
            Some(t) => self.few_matches(t)?,
            None => None,
        };
        let (due_from, due_to) = due_range(filter.due, now);
        let open_only = filter.due.is_some();
        let sql = if indexed.is_some() {
            concat!(
                include_str!("sql/dossier_list.sql"),
                "  AND id IN (SELECT rowid FROM dossier_search WHERE dossier_search MATCH ?10)\n",
                "ORDER BY +due_at, id LIMIT ?9"
            )
        } else {
            concat!(
                include_str!("sql/dossier_list.sql"),
                "  AND ?10 IS NULL\n",
                "ORDER BY due_at, id LIMIT ?9"
            )
        };
        let mut stmt = self.conn().prepare_cached(sql)?;
        let rows = stmt.query_map(
            params![
                like,
                fold_like,
                filter.status.map(|s| s.code()),
                field,
                filter.channel.map(|c| c.code()),
                due_from.map(fmt_ts),
                due_to.map(fmt_ts),
                open_only,
                filter.limit,
                indexed,
            ],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, u8>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (code, applicant_name, procedure_name, field, status, received_at, due_at) = row?;
            out.push(DossierRow {
                code,
                applicant_name,
                procedure_name,
                field,
                status: DossierStatus::from_code(status)
                    .ok_or_else(|| StoreError::corrupt("dossier status", status))?,
                received_at: parse_ts(&received_at)?,
                due_at: parse_ts(&due_at)?,
            });
        }
        Ok(out)
    }
}

/// Above this many index matches a text is common (a family name, a phone
/// prefix): walking the due-date index finds the first rows sooner than sorting
/// every match.
const FEW_MATCHES: i64 = 4_000;

impl Store {
    /// The FTS5 phrase for `text` when the trigram index holds at most
    /// [`FEW_MATCHES`] rows for it; None for a text under three characters (too
    /// short for trigrams) or a common one.
    fn few_matches(&self, text: &str) -> Result<Option<String>, StoreError> {
        let folded = crate::text::fold(text);
        if folded.chars().count() < 3 {
            return Ok(None);
        }
        let phrase = format!("\"{}\"", folded.replace('"', "\"\""));
        let n: i64 = self
            .conn()
            .prepare_cached(include_str!("sql/dossier_search_probe.sql"))?
            .query_row(params![phrase, FEW_MATCHES + 1], |r| r.get(0))?;
        Ok((n <= FEW_MATCHES).then_some(phrase))
    }
}

/// `%text%` for LIKE, with LIKE's own wildcards in the text taken literally.
/// The code, CCCD and phone are matched anywhere too: staff type the tail of a
/// code ("0012") as often as its head.
fn contains_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// `[from, to)` bounds on `due_at` for a due filter.
fn due_range(
    due: Option<DueFilter>,
    now: NaiveDateTime,
) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
    let today = now.date();
    match due {
        None => (None, None),
        Some(DueFilter::Today) => (Some(midnight(today)), next_midnight(today, 0)),
        Some(DueFilter::WithinDays(n)) => (Some(now), next_midnight(today, n)),
        Some(DueFilter::Overdue) => (None, Some(now)),
    }
}

fn midnight(day: NaiveDate) -> NaiveDateTime {
    day.and_time(chrono::NaiveTime::MIN)
}

/// Midnight ending the `n`-th day after `day`; None (no bound) past the calendar's end.
fn next_midnight(day: NaiveDate, n: u16) -> Option<NaiveDateTime> {
    day.checked_add_days(Days::new(u64::from(n) + 1))
        .map(midnight)
}

#[cfg(test)]
mod tests;
