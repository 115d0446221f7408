//! The dossier list (danh sách hồ sơ): search, filters and sort orders, fast on
//! a million dossiers.
//!
//! # How a list is read
//!
//! There are two ways to the first `limit` rows:
//!
//! - **walk** an index in the list's order, checking each dossier against the
//!   filter, and stop at the `limit`-th match: fast when matches are common
//!   ("nguyen", no text at all);
//! - **gather** the candidates an index finds for one part of the filter (the
//!   search text, the status, the field, the running dossiers), check them and
//!   sort them: fast when they are few (a code, a full name, a CCCD).
//!
//! Every index that could gather first counts its candidates, up to [`CAP`];
//! the fewest are the ones to gather. If matches spread evenly along the order,
//! the walk would find its rows after `limit × rows / candidates` rows; when
//! that costs more than gathering, the list gathers at once. Otherwise it walks,
//! but only for as many rows as gathering would cost, then gathers: matches may
//! bunch up at the far end of the order (a code's date part does), and then a
//! list still costs at most about twice the cheaper way. When no index narrows
//! the filter below [`CAP`], the walk runs until it has its rows. For the due
//! orders the walk uses the narrowest index kept in due order: the running
//! dossiers for the due filters, else the status or field index.
//!
//! Each request's SQL holds only the conditions it has (see
//! `sql/dossier_list/parts.sql`): on a walk over many rows every condition costs.
//!
//! # What the search text matches
//!
//! Folded (no diacritics, lower case): a text of digits (spaces and dots
//! ignored) matches the start of the CCCD or the phone; any other text matches
//! the start of a word of the applicant's name ("hung", "van hung", "Nguyễn
//! Văn Hùng"); either, from three characters, matches any part of the code
//! ("2001", "261124-2001", the whole code). LIKE's wildcards `%` and `_` are
//! plain characters.

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{Store, StoreError};
use crate::domain::dossier::Channel;
use crate::domain::lifecycle::DossierStatus;

mod query;
mod search;

use query::{Query, Source};
use search::Search;

/// Which due dates to show. Each one shows only dossiers that still owe a
/// result ([`DossierStatus::is_open`]) and whose clock runs: a returned
/// dossier is never "overdue", and one waiting for the citizen's papers
/// (status 5, clock stopped) is neither due nor overdue until they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueFilter {
    /// Due later today: not yet overdue, due before midnight. One whose hour
    /// has passed is overdue, so "overdue" and "due today" never count a
    /// dossier twice.
    Today,
    /// Not yet overdue and due by the end of the N-th day from today
    /// (0 = the rest of today).
    WithinDays(u16),
    /// Due before now (quá hạn).
    Overdue,
}

/// The list's order. Ties go to the dossier stored first (last, when descending).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DossierSort {
    /// Soonest due first: what needs work now.
    #[default]
    DueAsc,
    /// Latest due first.
    DueDesc,
    /// Latest received first.
    ReceivedDesc,
    /// Earliest received first.
    ReceivedAsc,
    /// By code (mã hồ sơ): by date of receipt, then counter and number.
    Code,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierFilter {
    /// The start of a word of the applicant's name (diacritics optional) or,
    /// for digits, of the CCCD or phone number; from three characters also any
    /// part of the code.
    pub text: Option<String>,
    pub status: Option<DossierStatus>,
    /// Lĩnh vực, exactly as in the catalog ("Hộ tịch").
    pub field: Option<String>,
    pub channel: Option<Channel>,
    pub due: Option<DueFilter>,
    pub sort: DossierSort,
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
            sort: DossierSort::default(),
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
    pub channel: Channel,
    pub received_at: NaiveDateTime,
    /// The statutory due time, moved later by every stretch the clock stood still.
    pub due_at: NaiveDateTime,
    /// The new date promised in a letter of apology (Mẫu 04); the dossier is late anyway.
    pub apology_due_at: Option<NaiveDateTime>,
    /// Waiting for the citizen's papers: the clock is stopped.
    pub paused: bool,
    /// Supplement requests (Mẫu 02) made so far.
    pub supplement_count: u32,
    /// Cancelled (đã huỷ): listed, but never due and never counted.
    pub cancelled: bool,
}

/// Candidates are counted no further than this; a part of the filter with more
/// is never gathered (reading and sorting that many rows costs ≈ 25 ms).
const CAP: u64 = 20_000;

/// Rows a walk of a whole sort index examines for the cost of gathering one
/// candidate. Measured at 1,000,000 dossiers: ≈ 0.35–0.4 µs per walked row
/// (its table row is next to the previous one's: the sort orders follow the
/// order dossiers were stored in) against ≈ 1.2–1.6 µs per gathered one (a row
/// read from anywhere, then the sort). A walk of a status, field or running
/// range reads rows from anywhere too: one row per candidate.
const WALK_ROWS_PER_GATHERED: u64 = 4;

/// The indexes the list walks or gathers through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Index {
    Due,
    Received,
    Code,
    /// (status, due_at)
    Status,
    /// (field, due_at)
    Field,
    /// due_at of the running dossiers only (migration 6).
    Running,
}

impl Index {
    fn name(self) -> &'static str {
        match self {
            Index::Due => "dossier_by_due",
            Index::Received => "dossier_by_received",
            // UNIQUE (code), the first constraint of schema.sql's dossier table.
            Index::Code => "sqlite_autoindex_dossier_1",
            Index::Status => "dossier_by_status_due",
            Index::Field => "dossier_by_field",
            Index::Running => "dossier_running_by_due",
        }
    }

    /// Walking it reads only the rows of one filter condition.
    fn narrows(self) -> bool {
        matches!(self, Index::Status | Index::Field | Index::Running)
    }
}

impl DossierSort {
    fn order(self) -> &'static str {
        match self {
            DossierSort::DueAsc => "d.due_at, d.id",
            DossierSort::DueDesc => "d.due_at DESC, d.id DESC",
            DossierSort::ReceivedDesc => "d.received_at DESC, d.id DESC",
            DossierSort::ReceivedAsc => "d.received_at, d.id",
            DossierSort::Code => "d.code",
        }
    }

    fn index(self) -> Index {
        match self {
            DossierSort::DueAsc | DossierSort::DueDesc => Index::Due,
            DossierSort::ReceivedDesc | DossierSort::ReceivedAsc => Index::Received,
            DossierSort::Code => Index::Code,
        }
    }
}

impl Store {
    /// Dossiers matching `filter` in `filter.sort` order, at most
    /// `filter.limit`. `now` decides what "today" and "overdue" mean.
    pub fn list_dossiers(
        &self,
        filter: &DossierFilter,
        now: NaiveDateTime,
    ) -> Result<Vec<DossierRow>, StoreError> {
        self.list_dossiers_capped(filter, now, CAP)
    }

    /// [`Store::list_dossiers`] with the gathering cap as a parameter, so tests
    /// can force every way to the rows (0: always walk; `u64::MAX`: gather
    /// whenever an index narrows the filter) and check they agree.
    fn list_dossiers_capped(
        &self,
        filter: &DossierFilter,
        now: NaiveDateTime,
        cap: u64,
    ) -> Result<Vec<DossierRow>, StoreError> {
        if filter.limit == 0 {
            return Ok(Vec::new());
        }
        let search = filter.text.as_deref().and_then(Search::new);
        let field = filter
            .field
            .as_deref()
            .map(crate::text::clean_line)
            .filter(|f| !f.is_empty());
        let mut narrowing = Vec::new();
        if filter.due.is_some() {
            narrowing.push(Index::Running);
        }
        if filter.status.is_some() {
            narrowing.push(Index::Status);
        }
        if field.is_some() {
            narrowing.push(Index::Field);
        }
        let query = Query::new(self.conn(), filter, search.as_ref(), field, now)?;

        // Every index that could gather, with its count.
        let mut sources: Vec<(Source, u64)> = Vec::new();
        for index in narrowing {
            let source = Source::Index(index);
            sources.push((source, query.count(source, cap)?));
        }
        // The due orders walk the narrowest index kept in due order.
        let (walk, walk_rows) = match filter.sort {
            DossierSort::DueAsc | DossierSort::DueDesc => {
                match sources.iter().enumerate().min_by_key(|(_, (_, n))| *n) {
                    Some((i, &(Source::Index(index), n))) => {
                        sources.remove(i);
                        (index, Some(n))
                    }
                    _ => (Index::Due, None),
                }
            }
            sort => (sort.index(), None),
        };
        if search.is_some() {
            sources.push((Source::Text, query.count(Source::Text, cap)?));
        }

        let gather = sources
            .iter()
            .copied()
            .filter(|(_, n)| *n < cap)
            .min_by_key(|(_, n)| *n);
        let Some((source, candidates)) = gather else {
            let chosen = query.walk(walk, None, filter.limit)?.unwrap_or_default();
            return query.chosen_rows(&chosen);
        };
        if candidates == 0 {
            return Ok(Vec::new());
        }
        let per_candidate = if walk.narrows() {
            1
        } else {
            WALK_ROWS_PER_GATHERED
        };
        let budget = candidates.saturating_mul(per_candidate);
        let range = match walk_rows {
            Some(n) if n < cap => n,
            _ => query.total()?,
        };
        let expected = (u64::from(filter.limit).saturating_mul(range) / candidates).min(range);
        if expected < budget
            && let Some(chosen) = query.walk(walk, Some(budget), filter.limit)?
        {
            return query.chosen_rows(&chosen);
        }
        query.rows(source, filter.limit)
    }
}

/// `[from, to)` bounds on `due_at` for a due filter.
fn due_range(
    due: Option<DueFilter>,
    now: NaiveDateTime,
) -> (Option<NaiveDateTime>, Option<NaiveDateTime>) {
    let today = now.date();
    match due {
        None => (None, None),
        Some(DueFilter::Today) => (Some(now), next_midnight(today, 0)),
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
