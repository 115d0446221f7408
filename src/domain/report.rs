//! The periodic report on dossier handling (Báo cáo tình hình, kết quả giải
//! quyết thủ tục hành chính): per period and per field (lĩnh vực), dossiers
//! received, resolved, pending and returned. Pure code: the store hands in
//! [`ReportRow`]s and prints or exports the [`Report`].
//!
//! # The rules
//!
//! The period is the dates `from`–`to`, both included: it runs from
//! T0 = `from` 00:00 to T1 = the day after `to`, 00:00 (exclusive).
//!
//! - **Counted at all**: only dossiers that were received. Status 1 (Mới đăng
//!   ký, filed online and not yet received) and 3 (refused at reception) never
//!   count, whatever their times say.
//! - **In scope**: received before T1 and not finished before T0, i.e.
//!   `received_at < T1` and (`finished_at` is NULL or `finished_at >= T0`).
//!   Every dossier in scope is received (carried over or new) and either
//!   resolved or pending, so **carried + new = resolved + pending**, for the
//!   total and for every field ([`Figures::reconciles`]). (The store never lets
//!   a dossier end before its receipt, so for real data this is the same as
//!   taking every dossier received in the period as new.)
//! - **Received** (tổng số nhận) = carried over (kỳ trước chuyển qua:
//!   `received_at < T0`) + new (mới tiếp nhận: `T0 <= received_at < T1`). New
//!   dossiers are split by channel — online (trực tuyến), in person (trực
//!   tiếp), post (bưu chính) — and the **online share is online / new**.
//! - **Resolved** (đã giải quyết): `T0 <= finished_at < T1`, where
//!   `finished_at` is when processing ended with 9 resolved, 7 withdrawn or 8
//!   stopped. Each is classified by [`classify_finished`], comparing *dates*,
//!   not times: late (quá hạn) when there was more than one supplement request,
//!   or an apology letter with a new date (it keeps counting as late), or the
//!   date it finished is after the due date; otherwise early (trước hạn) when
//!   that date is before the due date; otherwise on time (đúng hạn). Withdrawn
//!   and stopped dossiers count as resolved and are classified like the
//!   others; [`Figures::withdrawn_or_stopped`] says how many of them there are.
//! - **Pending** (đang giải quyết): in scope and not finished before T1
//!   (`finished_at` NULL or `>= T1`). Overdue (quá hạn) or within time (trong
//!   hạn) at the end of the period by [`overdue_at`].
//! - **Returned** (đã trả kết quả): `T0 <= returned_at < T1`, whether or not
//!   the dossier is otherwise in scope (a result ready last quarter may be
//!   collected in this one).
//! - **Shares** (tỷ lệ) are in tenths of a percent, rounded half up, shown with
//!   a Vietnamese decimal comma: "95,4 %". Counts are shown with dots between
//!   thousands: "2.812".
//! - **Trend by month**: for each calendar month overlapping the period,
//!   clipped to it, the new dossiers, the resolved ones and their
//!   classification, by the same rules with that month as the period.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Serialize, Serializer};
use unicode_normalization::UnicodeNormalization;

use super::dossier::Channel;
use super::lifecycle::DossierStatus;

mod export;

pub use export::{CSV_HEADER, report_csv};

/// What the report needs to know about one dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    /// Lĩnh vực, as stored with the dossier.
    pub field: String,
    pub channel: Channel,
    pub received_at: NaiveDateTime,
    /// The statutory due time, already moved later by every paused stretch.
    pub due_at: NaiveDateTime,
    /// When processing ended (9, 7 or 8 reached); `None` while open.
    pub finished_at: Option<NaiveDateTime>,
    /// When the result was handed over (10).
    pub returned_at: Option<NaiveDateTime>,
    /// Set while a supplement request is open: the clock stopped then.
    pub paused_at: Option<NaiveDateTime>,
    pub supplement_count: u32,
    /// A letter of apology with a new date was issued (Mẫu 04).
    pub apologized: bool,
    pub status: DossierStatus,
}

/// How a resolved dossier met its due date (trước hạn / đúng hạn / quá hạn).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timeliness {
    Early,
    OnTime,
    Late,
}

/// Whether a dossier in `status` was ever received, and so counts at all: not
/// 1 (filed online, not yet received) and not 3 (refused at reception).
pub fn was_received(status: DossierStatus) -> bool {
    !matches!(status, DossierStatus::New | DossierStatus::Refused)
}

/// Early, on time or late, for a dossier that has finished; `None` while it
/// is open. Dates are compared, not times: finished at 23:59 on a day whose
/// due time was 17:00 is on time. More than one supplement request, or an
/// apology letter, makes it late whatever the dates say.
pub fn classify_finished(row: &ReportRow) -> Option<Timeliness> {
    let finished = row.finished_at?.date();
    let due = row.due_at.date();
    Some(
        if row.supplement_count > 1 || row.apologized || finished > due {
            Timeliness::Late
        } else if finished < due {
            Timeliness::Early
        } else {
            Timeliness::OnTime
        },
    )
}

/// Whether a dossier still open at `t1` (the end of a period, exclusive) was
/// overdue then. Its clock is compared by time, not date: a dossier due at
/// 17:00 on the last day of the period and still open at midnight is overdue.
///
/// - Paused before `t1` (a supplement request open at the end of the period):
///   the clock stopped at `paused_at`, so it is overdue only if it had already
///   run past the due time when it stopped (`paused_at > due_at`).
/// - Otherwise (never paused, or paused only after `t1`): overdue when
///   `due_at < t1`.
pub fn overdue_at(row: &ReportRow, t1: NaiveDateTime) -> bool {
    match row.paused_at {
        Some(paused) if paused < t1 => paused > row.due_at,
        _ => row.due_at < t1,
    }
}

/// The figures of one field, or of all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    /// Kỳ trước chuyển qua: received before the period, still open at its start.
    pub received_carried: u32,
    /// Mới tiếp nhận: received in the period.
    pub received_new: u32,
    /// Of the new: trực tuyến.
    pub online: u32,
    /// Of the new: trực tiếp.
    pub in_person: u32,
    /// Of the new: bưu chính công ích.
    pub post: u32,
    /// Đã giải quyết: processing ended in the period.
    pub resolved: u32,
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    /// Of the resolved: withdrawn (7) or stopped (8). For information; they
    /// are already counted early, on time or late.
    pub withdrawn_or_stopped: u32,
    /// Đang giải quyết: still open at the end of the period.
    pub pending: u32,
    pub pending_within: u32,
    pub pending_overdue: u32,
    /// Đã trả kết quả: results handed over in the period.
    pub returned: u32,
}

/// `part / whole` in tenths of a percent, rounded half up (954 is 95,4 %);
/// `None` when `whole` is 0.
pub fn tenths_of_percent(part: u32, whole: u32) -> Option<u32> {
    if whole == 0 {
        return None;
    }
    let (part, whole) = (u64::from(part), u64::from(whole));
    // Integer arithmetic, so 92,75 % always shows as 92,8 % (no binary float
    // rounding to even).
    u32::try_from((part * 2000 + whole) / (2 * whole)).ok()
}

/// "95,4 %", or "–" when there is nothing to take a share of.
pub fn fmt_share(tenths: Option<u32>) -> String {
    match tenths {
        Some(t) => format!("{},{} %", fmt_count(t / 10), t % 10),
        None => "–".into(),
    }
}

/// "2.812": dots between thousands, as Vietnamese documents write counts.
pub fn fmt_count(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

impl Figures {
    /// Tổng số nhận: carried over + new.
    pub fn received(&self) -> u32 {
        self.received_carried + self.received_new
    }

    /// Received = resolved + pending, and each part adds up.
    pub fn reconciles(&self) -> bool {
        self.received() == self.resolved + self.pending
            && self.received_new == self.online + self.in_person + self.post
            && self.resolved == self.early + self.on_time + self.late
            && self.pending == self.pending_within + self.pending_overdue
            && self.withdrawn_or_stopped <= self.resolved
    }

    /// Online share of the new dossiers.
    pub fn online_share(&self) -> Option<u32> {
        tenths_of_percent(self.online, self.received_new)
    }

    /// Resolved share of all received.
    pub fn resolved_share(&self) -> Option<u32> {
        tenths_of_percent(self.resolved, self.received())
    }

    /// Early share of the resolved.
    pub fn early_share(&self) -> Option<u32> {
        tenths_of_percent(self.early, self.resolved)
    }

    /// On-time share of the resolved.
    pub fn on_time_share(&self) -> Option<u32> {
        tenths_of_percent(self.on_time, self.resolved)
    }

    /// Late share of the resolved.
    pub fn late_share(&self) -> Option<u32> {
        tenths_of_percent(self.late, self.resolved)
    }

    /// Early or on time, of the resolved: the headline figure.
    pub fn early_or_on_time_share(&self) -> Option<u32> {
        tenths_of_percent(self.early + self.on_time, self.resolved)
    }

    /// Overdue share of the pending.
    pub fn pending_overdue_share(&self) -> Option<u32> {
        tenths_of_percent(self.pending_overdue, self.pending)
    }

    fn touched(&self) -> bool {
        *self != Figures::default()
    }
}

/// One calendar month of the period (clipped to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthTrend {
    pub year: i32,
    pub month: u32,
    /// First and last day of the month that lie in the period.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub received_new: u32,
    pub resolved: u32,
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
}

/// The report of a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The one field reported on, when the report was asked for one.
    pub field_filter: Option<String>,
    pub total: Figures,
    /// Each field with something to report, in Vietnamese alphabetical order.
    pub by_field: Vec<(String, Figures)>,
    /// Each calendar month overlapping the period, in order.
    pub by_month: Vec<MonthTrend>,
}

impl Report {
    /// [`Figures::reconciles`] for the total and every field, and the fields
    /// add up to the total.
    pub fn reconciles(&self) -> bool {
        let mut sum = Figures::default();
        for (_, f) in &self.by_field {
            add_figures(&mut sum, f);
        }
        self.total.reconciles()
            && self.by_field.iter().all(|(_, f)| f.reconciles())
            && sum == self.total
    }
}

fn add_figures(sum: &mut Figures, f: &Figures) {
    sum.received_carried += f.received_carried;
    sum.received_new += f.received_new;
    sum.online += f.online;
    sum.in_person += f.in_person;
    sum.post += f.post;
    sum.resolved += f.resolved;
    sum.early += f.early;
    sum.on_time += f.on_time;
    sum.late += f.late;
    sum.withdrawn_or_stopped += f.withdrawn_or_stopped;
    sum.pending += f.pending;
    sum.pending_within += f.pending_within;
    sum.pending_overdue += f.pending_overdue;
    sum.returned += f.returned;
}

/// T0 and T1 of the dates `from`–`to`: `from` 00:00 and the day after `to`,
/// 00:00.
pub fn period_bounds(from: NaiveDate, to: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
    let t0 = from.and_time(NaiveTime::MIN);
    let t1 = to
        .succ_opt()
        .map_or(NaiveDateTime::MAX, |d| d.and_time(NaiveTime::MIN));
    (t0, t1)
}

/// What one dossier adds to the figures of the period [t0, t1).
fn tally(f: &mut Figures, row: &ReportRow, t0: NaiveDateTime, t1: NaiveDateTime) {
    let within = |t: Option<NaiveDateTime>| t.is_some_and(|t| t0 <= t && t < t1);
    if within(row.returned_at) {
        f.returned += 1;
    }
    let in_scope = row.received_at < t1 && row.finished_at.is_none_or(|t| t >= t0);
    if !in_scope {
        return;
    }
    if row.received_at < t0 {
        f.received_carried += 1;
    } else {
        f.received_new += 1;
        match row.channel {
            Channel::Online => f.online += 1,
            Channel::Direct => f.in_person += 1,
            Channel::Post => f.post += 1,
        }
    }
    match row
        .finished_at
        .filter(|t| *t < t1)
        .and(classify_finished(row))
    {
        Some(class) => {
            f.resolved += 1;
            match class {
                Timeliness::Early => f.early += 1,
                Timeliness::OnTime => f.on_time += 1,
                Timeliness::Late => f.late += 1,
            }
            if matches!(
                row.status,
                DossierStatus::Withdrawn | DossierStatus::Stopped
            ) {
                f.withdrawn_or_stopped += 1;
            }
        }
        None => {
            f.pending += 1;
            if overdue_at(row, t1) {
                f.pending_overdue += 1;
            } else {
                f.pending_within += 1;
            }
        }
    }
}

/// The calendar months overlapping `from`–`to`, clipped to it.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<MonthTrend> {
    let mut out = Vec::new();
    let mut start = from;
    while start <= to {
        let next = month_start(start.year(), start.month() + 1);
        let end = next.and_then(|n| n.pred_opt()).map_or(to, |e| e.min(to));
        out.push(MonthTrend {
            year: start.year(),
            month: start.month(),
            from: start,
            to: end,
            received_new: 0,
            resolved: 0,
            early: 0,
            on_time: 0,
            late: 0,
        });
        match next {
            Some(n) => start = n,
            None => break,
        }
    }
    out
}

/// The first of `month` (13 is January of the next year).
fn month_start(year: i32, month: u32) -> Option<NaiveDate> {
    if month > 12 {
        NaiveDate::from_ymd_opt(year + 1, month - 12, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month, 1)
    }
}

/// Index in `months(from, …)` of the month holding `t`.
fn month_index(from: NaiveDate, t: NaiveDateTime) -> Option<usize> {
    let n = |y: i32, m: u32| i64::from(y) * 12 + i64::from(m);
    usize::try_from(n(t.year(), t.month()) - n(from.year(), from.month())).ok()
}

/// What one dossier, counted in `one` for the whole period, adds to the month
/// it was received in and the month it finished in. Taken from the period's
/// own tally so the months always add up to the period.
fn tally_month(trend: &mut [MonthTrend], from: NaiveDate, row: &ReportRow, one: &Figures) {
    if one.received_new > 0
        && let Some(m) = month_index(from, row.received_at).and_then(|i| trend.get_mut(i))
    {
        m.received_new += 1;
    }
    if one.resolved > 0
        && let Some(done) = row.finished_at
        && let Some(m) = month_index(from, done).and_then(|i| trend.get_mut(i))
    {
        m.resolved += 1;
        m.early += one.early;
        m.on_time += one.on_time;
        m.late += one.late;
    }
}

/// Builds the report of the dates `from`–`to` from every dossier that may
/// matter (extra rows are harmless: the rules in the module documentation
/// pick what counts). With `field`, only dossiers of that field are counted.
pub fn build_report(
    rows: impl IntoIterator<Item = ReportRow>,
    from: NaiveDate,
    to: NaiveDate,
    field: Option<&str>,
) -> Report {
    let (t0, t1) = period_bounds(from, to);
    let mut total = Figures::default();
    let mut fields: BTreeMap<String, Figures> = BTreeMap::new();
    let mut by_month = months(from, to);
    for row in rows {
        if !was_received(row.status) || field.is_some_and(|f| f != row.field) {
            continue;
        }
        let mut one = Figures::default();
        tally(&mut one, &row, t0, t1);
        if !one.touched() {
            continue;
        }
        add_figures(&mut total, &one);
        add_figures(fields.entry(row.field.clone()).or_default(), &one);
        tally_month(&mut by_month, from, &row, &one);
    }
    let mut by_field: Vec<(String, Figures)> = fields.into_iter().collect();
    by_field.sort_by_cached_key(|(name, _)| collation_key(name));
    Report {
        from,
        to,
        field_filter: field.map(str::to_string),
        total,
        by_field,
        by_month,
    }
}

/// Sort key in Vietnamese alphabetical order: a ă â b c d đ e ê … o ô ơ … u ư
/// …, letters before tone marks (tones break ties in the order ngang, huyền,
/// hỏi, ngã, sắc, nặng), case ignored until everything else is equal.
pub fn collation_key(s: &str) -> (Vec<u32>, Vec<u8>, String) {
    let mut letters = Vec::with_capacity(s.len());
    let mut tones = Vec::with_capacity(s.len());
    for c in s.to_lowercase().nfd() {
        match c {
            // Letter modifiers: part of the letter.
            '\u{0306}' | '\u{0302}' | '\u{031B}' => {
                if let Some(last) = letters.last_mut() {
                    *last += match c {
                        '\u{0306}' => 1, // ă
                        '\u{0302}' => 2, // â ê ô
                        _ => 3,          // ơ ư
                    };
                }
            }
            '\u{0300}' => tone(&mut tones, 1),
            '\u{0309}' => tone(&mut tones, 2),
            '\u{0303}' => tone(&mut tones, 3),
            '\u{0301}' => tone(&mut tones, 4),
            '\u{0323}' => tone(&mut tones, 5),
            'đ' => {
                letters.push(u32::from('d') * 4 + 1);
                tones.push(0);
            }
            _ => {
                letters.push(u32::from(c) * 4);
                tones.push(0);
            }
        }
    }
    (letters, tones, s.to_string())
}

fn tone(tones: &mut [u8], t: u8) {
    if let Some(last) = tones.last_mut() {
        *last = t;
    }
}

/// The share as a JSON number in percent with one decimal (95.4), or null.
fn share_json(tenths: Option<u32>) -> Option<f64> {
    tenths.map(|t| f64::from(t) / 10.0)
}

#[derive(Serialize)]
struct SharesJson {
    online: Option<f64>,
    resolved: Option<f64>,
    early: Option<f64>,
    on_time: Option<f64>,
    late: Option<f64>,
    early_or_on_time: Option<f64>,
    pending_overdue: Option<f64>,
}

#[derive(Serialize)]
struct FiguresJson {
    received: u32,
    received_carried: u32,
    received_new: u32,
    online: u32,
    in_person: u32,
    post: u32,
    resolved: u32,
    early: u32,
    on_time: u32,
    late: u32,
    withdrawn_or_stopped: u32,
    pending: u32,
    pending_within: u32,
    pending_overdue: u32,
    returned: u32,
    /// In percent, one decimal.
    shares: SharesJson,
}

impl From<&Figures> for FiguresJson {
    fn from(f: &Figures) -> Self {
        FiguresJson {
            received: f.received(),
            received_carried: f.received_carried,
            received_new: f.received_new,
            online: f.online,
            in_person: f.in_person,
            post: f.post,
            resolved: f.resolved,
            early: f.early,
            on_time: f.on_time,
            late: f.late,
            withdrawn_or_stopped: f.withdrawn_or_stopped,
            pending: f.pending,
            pending_within: f.pending_within,
            pending_overdue: f.pending_overdue,
            returned: f.returned,
            shares: SharesJson {
                online: share_json(f.online_share()),
                resolved: share_json(f.resolved_share()),
                early: share_json(f.early_share()),
                on_time: share_json(f.on_time_share()),
                late: share_json(f.late_share()),
                early_or_on_time: share_json(f.early_or_on_time_share()),
                pending_overdue: share_json(f.pending_overdue_share()),
            },
        }
    }
}

/// JSON: the counts under stable English keys, with `received` (their sum)
/// and `shares` (percent, one decimal, null when there is nothing to share).
impl Serialize for Figures {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FiguresJson::from(self).serialize(s)
    }
}

#[derive(Serialize)]
struct FieldJson<'a> {
    field: &'a str,
    #[serde(flatten)]
    figures: &'a Figures,
}

#[derive(Serialize)]
struct ReportJson<'a> {
    from: NaiveDate,
    to: NaiveDate,
    field: Option<&'a str>,
    reconciles: bool,
    total: &'a Figures,
    by_field: Vec<FieldJson<'a>>,
    by_month: &'a [MonthTrend],
}

/// JSON: `{"from", "to", "field", "reconciles", "total", "by_field": [{"field",
/// …figures}], "by_month": […]}`; dates as `YYYY-MM-DD`.
impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ReportJson {
            from: self.from,
            to: self.to,
            field: self.field_filter.as_deref(),
            reconciles: self.reconciles(),
            total: &self.total,
            by_field: self
                .by_field
                .iter()
                .map(|(field, figures)| FieldJson { field, figures })
                .collect(),
            by_month: &self.by_month,
        }
        .serialize(s)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
