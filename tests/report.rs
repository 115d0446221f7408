//! The periodic report (báo cáo kết quả giải quyết TTHC) on a generated
//! quarter: ~1,500 dossiers received and moved through their statuses with the
//! real store API, then `Store::report` checked against a recount written here
//! straight from the rules, dossier by dossier; and `quay report` as a process.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use common::{good_draft, quay, stderr, stdout, temp_db};
use quay::domain::dossier::Channel;
use quay::domain::lifecycle::DossierStatus;
use quay::domain::progress::SupplementRequest;
use quay::domain::report::{CSV_HEADER, Figures};
use quay::domain::settings::CenterSettings;
use quay::intake::{receive, refuse};
use quay::store::{Actor, Store};

use DossierStatus::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
}

fn actor() -> Actor {
    Actor::system("quầy 2 (Lê Văn Tâm)")
}

/// The simulation stops here: later steps never happen, so their dossiers
/// stay open.
fn now() -> NaiveDateTime {
    at("2026-10-12T17:00")
}

/// xorshift64*: small, seeded, the same sequence on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn minutes(&mut self, lo: i64, hi: i64) -> Duration {
        Duration::minutes(lo + self.below((hi - lo) as u64) as i64)
    }
}

/// Procedures across fields: same-day ones and N working days.
const PROCEDURES: [&str; 10] = [
    "1.001193", // Hộ tịch, same day
    "1.001022", // Hộ tịch, 3 working days
    "2.000815", // Chứng thực, same day
    "2.001035", // Chứng thực, 2 working days
    "1.012796", // Đất đai, 8 working days
    "1.013978", // Đất đai, 27 working days
    "1.001731", // Bảo trợ xã hội, 3 working days
    "1.001776", // Bảo trợ xã hội, 10 working days
    "1.010833", // Người có công, 5 working days
    "1.001612", // Hộ kinh doanh, 3 working days
];

/// What the test itself did to one dossier: the times it passed to the store.
#[derive(Debug, Clone)]
struct Sim {
    code: String,
    field: String,
    channel: Channel,
    received_at: NaiveDateTime,
    refused: bool,
    status: DossierStatus,
    /// The time of the latest step, so the next one comes after it.
    last: NaiveDateTime,
    finished_at: Option<NaiveDateTime>,
    returned_at: Option<NaiveDateTime>,
    paused_at: Option<NaiveDateTime>,
    supplements: u32,
    apologized: bool,
    /// As the store has it at the end (moved by every paused stretch).
    due_at: NaiveDateTime,
}

struct World {
    store: Store,
    rng: Rng,
    sims: Vec<Sim>,
}

impl World {
    /// Receives a dossier (or refuses it at the counter) at `received`.
    fn receive(
        &mut self,
        procedure: &str,
        channel: Channel,
        received: NaiveDateTime,
        refused: bool,
    ) -> usize {
        let mut draft = good_draft();
        draft.procedure_code = procedure.into();
        draft.channel = channel;
        draft.received_at = Some(received);
        let d = if refused {
            refuse(
                &mut self.store,
                &draft,
                &["Hồ sơ không thuộc thẩm quyền".to_string()],
                &actor(),
                now(),
            )
            .unwrap()
        } else {
            receive(&mut self.store, &draft, &actor(), now()).unwrap()
        };
        self.sims.push(Sim {
            code: d.code,
            field: d.field,
            channel,
            received_at: received,
            refused,
            status: if refused { Refused } else { Received },
            last: received,
            finished_at: None,
            returned_at: None,
            paused_at: None,
            supplements: 0,
            apologized: false,
            due_at: d.due_at,
        });
        self.sims.len() - 1
    }

    fn due(&self, i: usize) -> NaiveDateTime {
        self.store
            .dossier_by_code(&self.sims[i].code)
            .unwrap()
            .due_at
    }

    /// One status change at `t`, if `t` is not after [`now`]; false when it
    /// is (the dossier stays as it is).
    fn step(&mut self, i: usize, to: DossierStatus, t: NaiveDateTime) -> bool {
        let t = t.max(self.sims[i].last);
        if t > now() {
            return false;
        }
        let code = self.sims[i].code.clone();
        if to == SupplementRequested {
            let request = SupplementRequest {
                items: vec!["Bản sao Giấy chứng nhận quyền sử dụng đất".into()],
                reason: "Thiếu giấy tờ".into(),
                contact: "Lê Văn Tâm".into(),
            };
            self.store
                .request_supplement(&code, &request, t, &actor())
                .unwrap();
        } else {
            self.store.set_status(&code, to, "", t, &actor()).unwrap();
        }
        let s = &mut self.sims[i];
        if s.status == SupplementRequested {
            s.paused_at = None;
        }
        match to {
            SupplementRequested => {
                s.paused_at = Some(t);
                s.supplements += 1;
            }
            Withdrawn | Stopped | Resolved => s.finished_at = Some(t),
            Returned => s.returned_at = Some(t),
            _ => {}
        }
        s.status = to;
        s.last = t;
        true
    }

    /// Letter of apology a day (or less) before the due time.
    fn apologize(&mut self, i: usize) {
        let due = self.due(i);
        let t = (due - Duration::hours(20)).max(self.sims[i].last);
        if t >= due || t > now() {
            return;
        }
        let code = self.sims[i].code.clone();
        self.store
            .apologize(
                &code,
                "Chờ ý kiến cơ quan chuyên môn",
                due + Duration::days(3),
                t,
                &actor(),
            )
            .unwrap();
        self.sims[i].apologized = true;
        self.sims[i].last = t;
    }

    /// The whole life of one dossier, chosen by the dice.
    fn live(&mut self, i: usize) {
        let received = self.sims[i].received_at;
        let start = received + self.rng.minutes(5, 120);
        if self.rng.chance(2) {
            self.step(i, Withdrawn, start);
            return;
        }
        if !self.step(i, Processing, start) {
            return;
        }
        // Supplement requests: some twice, some never answered.
        let mut requests = if self.rng.chance(15) { 1 } else { 0 };
        if requests == 1 && self.rng.chance(25) {
            requests = 2;
        }
        for _ in 0..requests {
            let t = self.sims[i].last + self.rng.minutes(30, 3 * 24 * 60);
            if !self.step(i, SupplementRequested, t) {
                return;
            }
            let wait = self.rng.minutes(60, 8 * 24 * 60);
            if self.rng.chance(15) {
                // Never brought: some are stopped, the rest wait on.
                if self.rng.chance(40) {
                    self.step(i, Stopped, self.sims[i].last + wait + Duration::days(10));
                }
                return;
            }
            if !self.step(i, Processing, self.sims[i].last + wait) {
                return;
            }
        }
        if self.rng.chance(4) {
            self.apologize(i);
        }
        if self.rng.chance(1) {
            let t = self.sims[i].last + self.rng.minutes(60, 5 * 24 * 60);
            self.step(i, Stopped, t);
            return;
        }
        // Resolved early, on the due date (any hour, past the due hour too),
        // or late.
        let due = self.due(i);
        let roll = self.rng.below(100);
        let t = if roll < 55 {
            due - self.rng.minutes(60, 6 * 24 * 60)
        } else if roll < 85 {
            due.date().and_hms_opt(7, 30, 0).unwrap() + self.rng.minutes(0, 16 * 60 + 29)
        } else {
            due + self.rng.minutes(60, 12 * 24 * 60)
        };
        let t = t.max(self.sims[i].last + Duration::minutes(10));
        if !self.step(i, Resolved, t) {
            return;
        }
        if self.rng.chance(90) {
            let t = self.sims[i].last + self.rng.minutes(10, 6 * 24 * 60);
            self.step(i, Returned, t);
        }
    }
}

/// A random receipt time between `from` and `to`: office hours on weekdays;
/// online filings also at night and at weekends.
fn receipt_time(rng: &mut Rng, from: NaiveDate, to: NaiveDate, channel: Channel) -> NaiveDateTime {
    let days = (to - from).num_days() as u64 + 1;
    loop {
        let day = from + Duration::days(rng.below(days) as i64);
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        if channel == Channel::Online && rng.chance(20) {
            return day.and_hms_opt(0, 0, 0).unwrap() + rng.minutes(0, 24 * 60);
        }
        if !weekend {
            return day.and_hms_opt(7, 30, 0).unwrap() + rng.minutes(0, 9 * 60);
        }
    }
}

fn channel(rng: &mut Rng) -> Channel {
    match rng.below(100) {
        0..=89 => Channel::Online,
        90..=96 => Channel::Direct,
        _ => Channel::Post,
    }
}

/// ~1,500 dossiers: Q3 2026 and the months before it, every field above,
/// every path (refused, withdrawn, stopped, paused, apology, late, returned),
/// plus dossiers placed exactly on the period's edges.
fn generated_quarter() -> (tempfile::TempDir, World) {
    let (dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let settings = CenterSettings {
        agency_id: "000.00.12.H56".into(),
        counter_no: 2,
        officer_name: "Lê Văn Tâm".into(),
        place_name: "Yên Kỳ".into(),
        configured: true,
        ..CenterSettings::default()
    };
    store.save_settings(&settings, &actor()).unwrap();
    let mut w = World {
        store,
        rng: Rng(0x5EED_2026_0930_0001),
        sims: Vec::new(),
    };
    // Receipts in order of time, as a counter makes them.
    let mut plan: Vec<(NaiveDateTime, &str, Channel)> = Vec::new();
    for (from, to, n, procedures) in [
        // Long land and social dossiers from the start of the year: some are
        // still open when Q3 starts.
        ("2026-01-05", "2026-03-31", 60, &PROCEDURES[4..8]),
        ("2026-04-01", "2026-06-30", 520, &PROCEDURES[..]),
        ("2026-07-01", "2026-09-30", 900, &PROCEDURES[..]),
        ("2026-10-01", "2026-10-09", 40, &PROCEDURES[..]),
    ] {
        for _ in 0..n {
            let c = channel(&mut w.rng);
            let p = procedures[w.rng.below(procedures.len() as u64) as usize];
            plan.push((receipt_time(&mut w.rng, date(from), date(to), c), p, c));
        }
    }
    plan.sort_by_key(|(t, p, _)| (*t, *p));
    for (received, procedure, c) in plan {
        let refused = w.rng.chance(2);
        let i = w.receive(procedure, c, received, refused);
        if !refused {
            w.live(i);
        }
    }

    // The edges: received exactly at T0; finished exactly at T0 and at T1;
    // due at 17:00 on the last day and still open at midnight.
    let i = w.receive("1.001193", Channel::Online, at("2026-07-01T00:00"), false);
    w.step(i, Processing, at("2026-07-01T07:30"));
    let i = w.receive("1.012796", Channel::Direct, at("2026-06-22T08:00"), false);
    w.step(i, Processing, at("2026-06-22T09:00"));
    w.step(i, Resolved, at("2026-07-01T00:00"));
    let i = w.receive("1.012796", Channel::Post, at("2026-09-21T08:00"), false);
    w.step(i, Processing, at("2026-09-21T09:00"));
    w.step(i, Resolved, at("2026-10-01T00:00"));
    let i = w.receive("1.001193", Channel::Direct, at("2026-09-30T10:00"), false);
    assert_eq!(w.sims[i].due_at, at("2026-09-30T17:00"));
    w.step(i, Processing, at("2026-09-30T10:30"));
    let i = w.receive("2.000815", Channel::Online, at("2026-09-30T23:59"), false);
    w.step(i, Processing, at("2026-10-01T07:45"));

    for s in &mut w.sims {
        let d = w.store.dossier_by_code(&s.code).unwrap();
        assert_eq!(d.status, s.status.code(), "{}", s.code);
        s.due_at = d.due_at;
    }
    (dir, w)
}

/// The figures, recounted dossier by dossier straight from the rules (not
/// through `build_report`), per field.
fn recount(
    sims: &[Sim],
    from: NaiveDate,
    to: NaiveDate,
    field: Option<&str>,
) -> BTreeMap<String, Figures> {
    let t0 = from.and_hms_opt(0, 0, 0).unwrap();
    let t1 = (to + Duration::days(1)).and_hms_opt(0, 0, 0).unwrap();
    let mut out: BTreeMap<String, Figures> = BTreeMap::new();
    for d in sims {
        if d.refused || field.is_some_and(|f| f != d.field) {
            continue;
        }
        let mut e = Figures::default();
        if d.returned_at.is_some_and(|r| t0 <= r && r < t1) {
            e.returned = 1;
        }
        let not_finished_before = |t: NaiveDateTime| d.finished_at.is_none_or(|f| f >= t);
        if d.received_at < t0 && not_finished_before(t0) {
            e.received_carried = 1;
        }
        if t0 <= d.received_at && d.received_at < t1 {
            e.received_new = 1;
            match d.channel {
                Channel::Online => e.online = 1,
                Channel::Direct => e.in_person = 1,
                Channel::Post => e.post = 1,
            }
        }
        if let Some(f) = d.finished_at.filter(|f| t0 <= *f && *f < t1) {
            e.resolved = 1;
            if d.supplements > 1 || d.apologized || f.date() > d.due_at.date() {
                e.late = 1;
            } else if f.date() < d.due_at.date() {
                e.early = 1;
            } else {
                e.on_time = 1;
            }
            if matches!(d.status, Withdrawn | Stopped) {
                e.withdrawn_or_stopped = 1;
            }
        }
        if d.received_at < t1 && not_finished_before(t1) {
            e.pending = 1;
            let overdue = match d.paused_at {
                Some(p) if p < t1 => p > d.due_at,
                _ => d.due_at < t1,
            };
            if overdue {
                e.pending_overdue = 1;
            } else {
                e.pending_within = 1;
            }
        }
        if e == Figures::default() {
            continue;
        }
        let f = out.entry(d.field.clone()).or_default();
        f.received_carried += e.received_carried;
        f.received_new += e.received_new;
        f.online += e.online;
        f.in_person += e.in_person;
        f.post += e.post;
        f.resolved += e.resolved;
        f.early += e.early;
        f.on_time += e.on_time;
        f.late += e.late;
        f.withdrawn_or_stopped += e.withdrawn_or_stopped;
        f.pending += e.pending;
        f.pending_within += e.pending_within;
        f.pending_overdue += e.pending_overdue;
        f.returned += e.returned;
    }
    out
}

fn sum(fields: &BTreeMap<String, Figures>) -> Figures {
    let mut t = Figures::default();
    for f in fields.values() {
        t.received_carried += f.received_carried;
        t.received_new += f.received_new;
        t.online += f.online;
        t.in_person += f.in_person;
        t.post += f.post;
        t.resolved += f.resolved;
        t.early += f.early;
        t.on_time += f.on_time;
        t.late += f.late;
        t.withdrawn_or_stopped += f.withdrawn_or_stopped;
        t.pending += f.pending;
        t.pending_within += f.pending_within;
        t.pending_overdue += f.pending_overdue;
        t.returned += f.returned;
    }
    t
}

fn check(w: &World, from: &str, to: &str, field: Option<&str>) -> Figures {
    let (from, to) = (date(from), date(to));
    let report = w.store.report(from, to, field).unwrap();
    let expected = recount(&w.sims, from, to, field);
    let got: BTreeMap<String, Figures> = report.by_field.iter().cloned().collect();
    for (name, e) in &expected {
        assert_eq!(got.get(name), Some(e), "{from}–{to} field {name}");
    }
    assert_eq!(got.len(), expected.len(), "{from}–{to}: the same fields");
    assert_eq!(report.total, sum(&expected), "{from}–{to} total");
    assert!(report.reconciles(), "{from}–{to}: {report:#?}");
    for (name, f) in report
        .by_field
        .iter()
        .chain([&("Tổng cộng".to_string(), report.total)])
    {
        assert_eq!(f.received(), f.resolved + f.pending, "{from}–{to} {name}");
        assert!(f.reconciles(), "{from}–{to} {name}");
    }
    let months = |g: fn(&quay::domain::report::MonthTrend) -> u32| {
        report.by_month.iter().map(g).sum::<u32>()
    };
    assert_eq!(months(|m| m.received_new), report.total.received_new);
    assert_eq!(months(|m| m.resolved), report.total.resolved);
    assert_eq!(
        months(|m| m.early) + months(|m| m.on_time) + months(|m| m.late),
        report.total.resolved
    );
    report.total
}

#[test]
fn a_generated_quarter_matches_the_recount() {
    let (_dir, w) = generated_quarter();
    assert!(w.sims.len() >= 1_500, "{} dossiers", w.sims.len());

    let q3 = check(&w, "2026-07-01", "2026-09-30", None);
    // Every case the rules distinguish happened.
    assert!(q3.received_carried > 20, "{q3:?}");
    assert!(q3.received_new > 800, "{q3:?}");
    for (what, n) in [
        ("in person", q3.in_person),
        ("post", q3.post),
        ("early", q3.early),
        ("on time", q3.on_time),
        ("late", q3.late),
        ("withdrawn or stopped", q3.withdrawn_or_stopped),
        ("pending within time", q3.pending_within),
        ("pending overdue", q3.pending_overdue),
        ("returned", q3.returned),
    ] {
        assert!(n > 0, "no {what} in {q3:?}");
    }
    assert!(
        w.sims.iter().any(|s| s.refused),
        "refused dossiers are left out"
    );
    assert!(
        w.sims.iter().any(|s| s.supplements > 1),
        "two supplement requests"
    );
    assert!(w.sims.iter().any(|s| s.apologized), "apology letters");
    assert!(
        w.sims.iter().any(|s| s.paused_at.is_some()),
        "dossiers paused at the end"
    );

    // Other periods, and one field.
    check(&w, "2026-04-01", "2026-06-30", None);
    check(&w, "2026-08-01", "2026-08-31", None);
    check(&w, "2026-09-30", "2026-09-30", None);
    check(&w, "2026-01-01", "2026-12-31", None);
    let land = check(&w, "2026-07-01", "2026-09-30", Some("Đất đai"));
    assert!(land.received() > 0 && land.received() < q3.received());
    let none = check(
        &w,
        "2026-07-01",
        "2026-09-30",
        Some("Không có lĩnh vực này"),
    );
    assert_eq!(none, Figures::default());
}

/// A few dossiers in Q3 2026 for the command line.
fn small_db(db: &Path) {
    let mut store = Store::open(db).unwrap();
    let mut w = World {
        store: {
            let settings = CenterSettings {
                agency_id: "000.00.12.H56".into(),
                counter_no: 2,
                configured: true,
                ..CenterSettings::default()
            };
            store.save_settings(&settings, &actor()).unwrap();
            store
        },
        rng: Rng(7),
        sims: Vec::new(),
    };
    for (i, (p, t)) in [
        ("1.001193", "2026-07-06T09:00"),
        ("1.012796", "2026-08-03T09:00"),
        ("2.000815", "2026-09-29T14:00"),
    ]
    .into_iter()
    .enumerate()
    {
        let k = w.receive(p, Channel::ALL[i], at(t), false);
        w.step(k, Processing, at(t) + Duration::minutes(30));
        if i < 2 {
            w.step(k, Resolved, at(t) + Duration::hours(3));
        }
    }
}

#[test]
fn cli_writes_json_csv_and_pdf() {
    let (dir, db) = temp_db();
    small_db(&db);
    let period = ["report", "--from", "2026-07-01", "--to", "2026-09-30"];

    let out = quay(&db, &[&period[..], &["--format", "json"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["from"], "2026-07-01");
    assert_eq!(v["total"]["received"], 3);
    assert_eq!(v["total"]["resolved"], 2);
    assert_eq!(v["total"]["pending"], 1);
    assert_eq!(v["reconciles"], true);
    assert_eq!(v["by_field"].as_array().unwrap().len(), 3);
    assert_eq!(v["by_month"].as_array().unwrap().len(), 3);

    let out = quay(&db, &[&period[..], &["--format", "csv"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(csv.starts_with('\u{FEFF}'));
    let lines: Vec<&str> = csv.trim_start_matches('\u{FEFF}').lines().collect();
    assert_eq!(lines[0], CSV_HEADER.join(","));
    assert_eq!(lines.len(), 5, "header, three fields, total");
    assert!(
        lines[4].starts_with("01/07/2026,30/09/2026,,Tổng cộng,3,"),
        "{}",
        lines[4]
    );

    let field = quay(
        &db,
        &[&period[..], &["--format", "json", "--field", "Đất đai"]].concat(),
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&field)).unwrap();
    assert_eq!(v["field"], "Đất đai");
    assert_eq!(v["total"]["received"], 1);

    let pdf = dir.path().join("q3.pdf");
    let out = quay(
        &db,
        &[
            &period[..],
            &["--format", "pdf", "--out", pdf.to_str().unwrap()],
        ]
        .concat(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    assert!(stdout(&out).is_empty());
}

#[test]
fn cli_refuses_bad_input_with_status_1() {
    let (dir, db) = temp_db();
    let out_file = dir.path().join("report.csv");
    let out_arg = out_file.to_str().unwrap();
    for (args, why) in [
        (
            vec![
                "--from",
                "2026-13-01",
                "--to",
                "2026-12-31",
                "--format",
                "csv",
            ],
            "month 13",
        ),
        (
            vec![
                "--from",
                "2026-02-30",
                "--to",
                "2026-03-31",
                "--format",
                "csv",
            ],
            "30 February",
        ),
        (
            vec![
                "--from",
                "01/07/2026",
                "--to",
                "2026-09-30",
                "--format",
                "csv",
            ],
            "dd/mm/yyyy",
        ),
        (
            vec![
                "--from",
                "2026-10-01",
                "--to",
                "2026-09-30",
                "--format",
                "csv",
            ],
            "from after to",
        ),
        (
            vec![
                "--from",
                "2026-07-01",
                "--to",
                "2026-09-30",
                "--format",
                "xml",
            ],
            "unknown format",
        ),
        (
            vec!["--from", "2026-07-01", "--to", "2026-09-30"],
            "no format",
        ),
        (
            vec![
                "--from",
                "2026-07-01",
                "--to",
                "2026-09-30",
                "--format",
                "pdf",
            ],
            "pdf without --out",
        ),
    ] {
        let mut all = vec!["report"];
        all.extend(&args);
        all.extend(["--out", out_arg]);
        if why == "pdf without --out" {
            all.truncate(all.len() - 2);
        }
        let out = quay(&db, &all);
        // Like every refusal: status 1 and one `error: …` line.
        assert_eq!(out.status.code(), Some(1), "{why}: {}", stderr(&out));
        assert_eq!(
            stderr(&out).trim().lines().count(),
            1,
            "{why}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).starts_with("error: "), "{why}: says why");
        assert!(stdout(&out).is_empty(), "{why}: prints nothing");
        assert!(!out_file.exists(), "{why}: writes nothing");
        assert!(!db.exists(), "{why}: does not even create the database");
    }
    let out = quay(
        &db,
        &[
            "report",
            "--from",
            "2026-10-01",
            "--to",
            "2026-09-30",
            "--format",
            "json",
        ],
    );
    assert!(stderr(&out).contains("after"), "{}", stderr(&out));
}
