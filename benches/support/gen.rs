//! Synthetic dossier databases for the benchmarks, built once and kept under
//! `target/bench-data/`, keyed by size, schema version and generator version.
//!
//! The mix is meant to look like a busy commune center after eight years:
//! receipts on every working day from January 2019 to the end of November
//! 2026, Vietnamese names drawn from the common family, middle and given
//! names, 12-digit CCCDs (mostly from the local province), mobile numbers,
//! the bundled catalog's 80 procedures in 13 fields, mostly online filings,
//! nearly every dossier finished or returned and a few thousand still open
//! (recent ones, and a thin backlog of old overdue ones).
//!
//! Rows go in with direct SQL in one transaction, every NOT NULL column set,
//! through the schema's own triggers and indexes, so the file is exactly what
//! the application would have.
#![allow(dead_code)] // each bench uses part of it

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use quay::domain::catalog::{Procedure, parse_catalog_csv};
use quay::domain::dossier::Deadline;
use quay::store::{CURRENT_VERSION, Store};

/// Bump when the generated data changes, so cached files are built again.
/// 2: the code and register sequences are advanced past the generated rows,
/// so a dossier saved into a copy gets the next numbers, as in the app.
const GENERATOR_VERSION: u32 = 2;

/// The moment every bench query runs at: a Tuesday morning.
pub fn now() -> NaiveDateTime {
    at(2026, 12, 1, 10, 0)
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|d| d.and_hms_opt(h, min, 0))
        .expect("valid date")
}

/// A generated database and, when it was built just now, how long that took.
pub struct Generated {
    pub path: PathBuf,
    pub built_in: Option<Duration>,
}

/// The database of `n` dossiers, built if it is not cached yet.
pub fn dossier_db(n: usize) -> Generated {
    let dir = bench_dir();
    std::fs::create_dir_all(&dir).expect("bench-data dir");
    let path = dir.join(format!(
        "dossiers-{n}-schema{CURRENT_VERSION}-gen{GENERATOR_VERSION}.sqlite3"
    ));
    if path.exists() {
        return Generated {
            path,
            built_in: None,
        };
    }
    let start = Instant::now();
    let partial = path.with_extension("partial");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", partial.display()));
    }
    build(&partial, n);
    std::fs::rename(&partial, &path).expect("rename bench database");
    let built_in = start.elapsed();
    eprintln!(
        "bench data: {n} dossiers in {:.1} s, {} MB ({})",
        built_in.as_secs_f64(),
        file_mb(&path),
        path.display()
    );
    Generated {
        path,
        built_in: Some(built_in),
    }
}

/// Size of a database file in megabytes (10^6 bytes).
pub fn file_mb(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) / 1_000_000
}

fn bench_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench-data")
}

fn build(path: &Path, n: usize) {
    // The schema, catalog, calendar and station, exactly as the app makes them.
    drop(Store::open(path).expect("create bench database"));
    let mut conn = rusqlite::Connection::open(path).expect("open bench database");
    // Bulk load: no fsync, a big page cache so index pages stay in memory.
    conn.execute_batch("PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;")
        .expect("pragmas");
    let procedures = weighted_procedures();
    let days = working_days(at(2019, 1, 2, 0, 0).date(), now().date());
    let mut rng = Rng(0x5EED_0000 ^ n as u64);
    let tx = conn.transaction().expect("transaction");
    {
        let mut insert = tx
            .prepare(include_str!("dossier_insert.sql"))
            .expect("prepare dossier insert");
        let mut apology = tx
            .prepare(include_str!("apology_insert.sql"))
            .expect("prepare apology insert");
        let mut register_no = std::collections::HashMap::<(i32, u8), i64>::new();
        let mut id: i64 = 0;
        for (day_index, day) in days.iter().enumerate() {
            // Spread n over the days; the remainder goes to the last ones.
            let before = n * day_index / days.len();
            let count = n * (day_index + 1) / days.len() - before;
            let mut seq = [0u32; 5];
            for k in 0..count {
                id += 1;
                let d = dossier(&mut rng, &procedures, &days, *day, k, count);
                let ci = usize::from(d.counter);
                seq[ci] += 1;
                let code = format!(
                    "{AGENCY}-{}-{}{:03}",
                    day.format("%y%m%d"),
                    d.counter,
                    seq[ci]
                );
                let book = day.year();
                let no = register_no.entry((book, d.counter)).or_insert(0);
                *no += 1;
                let (kind, days_n) = match d.deadline {
                    Deadline::SameDay => ("same_day", 0),
                    Deadline::WorkingDays(n) => ("working_days", n),
                };
                insert
                    .execute(rusqlite::params![
                        id,
                        code,
                        d.procedure.code,
                        d.procedure.name,
                        d.procedure.field,
                        d.name,
                        quay::text::fold(&d.name),
                        d.id_number,
                        d.phone,
                        d.address,
                        d.channel,
                        ts(d.received_at),
                        kind,
                        days_n,
                        ts(d.due_at),
                        d.sets,
                        d.fee_vnd,
                        d.result_delivery,
                        d.status,
                        d.counter,
                        book,
                        *no,
                        OFFICERS[usize::from(d.counter) - 1],
                        d.paused_at.map(ts),
                        d.finished_at.map(ts),
                        d.returned_at.map(ts),
                        d.supplement_count,
                        d.apology_due_at.map(ts),
                    ])
                    .expect("insert dossier");
                if let Some(new_due) = d.apology_due_at {
                    let letter = d.due_at - TimeDelta::days(1);
                    apology
                        .execute(rusqlite::params![id, ts(letter), ts(d.due_at), ts(new_due)])
                        .expect("insert apology");
                }
            }
        }
    }
    // The sequences the app advances with each dossier: the day's codes per
    // counter and the year's register book per counter.
    tx.execute_batch(
        "INSERT OR REPLACE INTO dossier_sequence (day, counter_no, last_seq)
             SELECT substr(received_at, 1, 10), counter_no, COUNT(*)
             FROM dossier GROUP BY 1, 2;
         INSERT OR REPLACE INTO register_sequence (book, counter_no, last_no)
             SELECT register_book, counter_no, MAX(register_no)
             FROM dossier GROUP BY 1, 2;",
    )
    .expect("advance sequences");
    tx.commit().expect("commit bench data");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("checkpoint");
}

const AGENCY: &str = "000.00.12.H56";
const OFFICERS: [&str; 4] = [
    "Lê Văn Tâm",
    "Trần Thị Mai",
    "Phạm Quốc Huy",
    "Đỗ Thu Trang",
];

struct Row<'a> {
    procedure: &'a Procedure,
    deadline: Deadline,
    counter: u8,
    name: String,
    id_number: String,
    phone: String,
    address: String,
    channel: u8,
    received_at: NaiveDateTime,
    due_at: NaiveDateTime,
    sets: u8,
    fee_vnd: i64,
    result_delivery: &'static str,
    status: u8,
    paused_at: Option<NaiveDateTime>,
    finished_at: Option<NaiveDateTime>,
    returned_at: Option<NaiveDateTime>,
    supplement_count: u32,
    apology_due_at: Option<NaiveDateTime>,
}

/// The `k`-th of `count` dossiers received on `day`.
// Clippy's auto-deref suggestion for the `*rng.pick(..)` of a `&str` does not
// type-check (the field wants `&'a str`, the pick gives `&&str`).
#[allow(clippy::explicit_auto_deref)]
fn dossier<'a>(
    rng: &mut Rng,
    procedures: &'a [(u32, Procedure)],
    days: &[NaiveDate],
    day: NaiveDate,
    k: usize,
    count: usize,
) -> Row<'a> {
    let procedure = rng.pick(procedures);
    let deadline = procedure.deadline.unwrap_or(Deadline::WorkingDays(5));
    // Office hours 07:30–16:45, in order through the day.
    let span = 9 * 60 + 15;
    let minute = 7 * 60 + 30 + (span * k / count.max(1)) as u32;
    let received_at = day.and_time(
        NaiveTime::from_hms_opt(minute / 60, minute % 60, rng.below(60) as u32).expect("time"),
    );
    let due_at = due(days, received_at, deadline);
    let female = rng.chance(0.52);
    let name = format!(
        "{} {} {}",
        rng.pick(FAMILY),
        rng.pick(if female { MIDDLE_F } else { MIDDLE_M }),
        rng.pick(if female { GIVEN_F } else { GIVEN_M })
    );
    let channel = *rng.pick(&[(70, 2u8), (26, 1), (4, 3)]);
    let mut d = Row {
        procedure,
        deadline,
        counter: *rng.pick(&[(40, 1u8), (30, 2), (20, 3), (10, 4)]),
        name,
        id_number: cccd(rng, female),
        phone: phone(rng),
        address: format!("{}, xã Yên Kỳ, tỉnh Thanh Hóa", rng.pick(HAMLETS)),
        channel,
        received_at,
        due_at,
        sets: *rng.pick(&[(85, 1u8), (12, 2), (3, 3)]),
        fee_vnd: procedure.fee.amount().unwrap_or(0),
        result_delivery: if channel == 2 {
            *rng.pick(&[(60, "online"), (30, "counter"), (10, "post")])
        } else {
            *rng.pick(&[(85, "counter"), (15, "post")])
        },
        status: 10,
        paused_at: None,
        finished_at: None,
        returned_at: None,
        supplement_count: 0,
        apology_due_at: None,
    };
    settle(rng, &mut d);
    d
}

/// Where the dossier stands now: the last 30 days are partly still open; older
/// ones are done, except a thin backlog stuck in processing.
fn settle(rng: &mut Rng, d: &mut Row) {
    let age_days = (now() - d.received_at).num_days();
    let open = if age_days < 30 {
        rng.chance(1.0 - age_days as f64 / 30.0)
    } else {
        rng.chance(0.0012)
    };
    if rng.chance(0.035) {
        d.supplement_count = if rng.chance(0.15) { 2 } else { 1 };
    }
    if open {
        d.status = if age_days >= 30 {
            4
        } else {
            *rng.pick(&[(7, 1u8), (20, 2), (58, 4), (9, 5), (6, 6)])
        };
        if d.status == 5 {
            d.supplement_count = d.supplement_count.max(1);
            let waited = rng.below(6 * 24 * 60) as i64;
            d.paused_at = Some((d.received_at + TimeDelta::minutes(waited)).min(now()));
        }
        return;
    }
    let u = rng.unit();
    d.status = match u {
        u if u < 0.02 => 3,
        u if u < 0.035 => 7,
        u if u < 0.04 => 8,
        u if u < 0.08 => 9,
        _ => 10,
    };
    if d.status == 3 {
        d.supplement_count = 0;
        return;
    }
    // Mostly early, some on the due date, a few late.
    let window = (d.due_at - d.received_at).num_minutes().max(1);
    let finished = match rng.unit() {
        u if u < 0.85 => d.received_at + TimeDelta::minutes(rng.below(window as u64) as i64),
        u if u < 0.95 => d.due_at - TimeDelta::minutes(rng.below(120) as i64),
        _ => {
            if rng.chance(0.3) {
                d.apology_due_at = Some(d.due_at + TimeDelta::days(1 + rng.below(7) as i64));
            }
            d.due_at + TimeDelta::hours(2 + rng.below(10 * 24) as i64)
        }
    };
    let finished = finished.max(d.received_at).min(now());
    d.finished_at = Some(finished);
    if d.status == 10 {
        let returned = finished + TimeDelta::minutes(rng.below(5 * 24 * 60) as i64);
        d.returned_at = Some(returned.min(now()));
    }
}

/// Due time: same day by 17:00 (the next working morning after 15:00), else
/// that many working days later at the same hour. Weekends only; good enough.
fn due(days: &[NaiveDate], received: NaiveDateTime, deadline: Deadline) -> NaiveDateTime {
    let day = received.date();
    let i = days.partition_point(|d| *d < day);
    let nth = |k: usize| {
        days.get(i + k).copied().unwrap_or_else(|| {
            let mut d = day;
            let mut left = k;
            while left > 0 {
                d = d.succ_opt().expect("date");
                if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                    left -= 1;
                }
            }
            d
        })
    };
    match deadline {
        Deadline::SameDay
            if received.time() < NaiveTime::from_hms_opt(15, 0, 0).expect("15:00") =>
        {
            day.and_hms_opt(17, 0, 0).expect("17:00")
        }
        Deadline::SameDay => nth(1).and_hms_opt(11, 0, 0).expect("11:00"),
        Deadline::WorkingDays(n) => nth(usize::from(n.max(1))).and_time(received.time()),
    }
}

fn working_days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d < to)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect()
}

/// The catalog, the busiest fields weighted up (civil status and
/// certification are most of a commune's work).
fn weighted_procedures() -> Vec<(u32, Procedure)> {
    parse_catalog_csv(quay::BUNDLED_CATALOG)
        .expect("bundled catalog")
        .into_iter()
        .map(|p| {
            let w = match p.field.as_str() {
                "Chứng thực" => 40,
                "Hộ tịch" => 12,
                "Đất đai" => 8,
                "Bảo trợ xã hội" | "Người có công" => 5,
                _ => 2,
            };
            (w, p)
        })
        .collect()
}

/// 12 digits: province, century and sex, birth year, six random digits.
fn cccd(rng: &mut Rng, female: bool) -> String {
    let province = if rng.chance(0.7) {
        38
    } else {
        *rng.pick(&PROVINCES.map(|p| (1, p)))
    };
    let year = 1940 + rng.below(68) as u32;
    let century = if year >= 2000 { 2 } else { 0 } + u32::from(female);
    format!(
        "{province:03}{century}{:02}{:06}",
        year % 100,
        rng.below(1_000_000)
    )
}

fn phone(rng: &mut Rng) -> String {
    if rng.chance(0.03) {
        return String::new();
    }
    let prefix = *rng.pick(&MOBILE_PREFIXES.map(|p| (1, p)));
    format!("{prefix}{:07}", rng.below(10_000_000))
}

const PROVINCES: [u16; 14] = [1, 24, 26, 27, 30, 31, 33, 34, 35, 36, 37, 40, 42, 79];
const MOBILE_PREFIXES: [&str; 20] = [
    "090", "091", "093", "094", "096", "097", "098", "086", "088", "032", "033", "034", "035",
    "036", "037", "038", "039", "070", "077", "085",
];

/// Family names with rough shares in per mille.
const FAMILY: &[(u32, &str)] = &[
    (380, "Nguyễn"),
    (110, "Trần"),
    (95, "Lê"),
    (70, "Phạm"),
    (40, "Hoàng"),
    (15, "Huỳnh"),
    (45, "Phan"),
    (25, "Vũ"),
    (14, "Võ"),
    (21, "Đặng"),
    (20, "Bùi"),
    (14, "Đỗ"),
    (13, "Hồ"),
    (13, "Ngô"),
    (10, "Dương"),
    (5, "Lý"),
    (10, "Đinh"),
    (6, "Trịnh"),
    (6, "Mai"),
    (6, "Cao"),
    (6, "Lương"),
    (5, "Hà"),
    (5, "Đào"),
    (3, "Lâm"),
    (3, "Tạ"),
];
const MIDDLE_M: &[(u32, &str)] = &[
    (45, "Văn"),
    (8, "Đức"),
    (7, "Hữu"),
    (7, "Minh"),
    (6, "Quang"),
    (5, "Thanh"),
    (5, "Công"),
    (4, "Xuân"),
    (3, "Ngọc"),
    (3, "Duy"),
    (3, "Tiến"),
    (3, "Trọng"),
    (2, "Mạnh"),
    (2, "Anh"),
];
const MIDDLE_F: &[(u32, &str)] = &[
    (60, "Thị"),
    (6, "Thu"),
    (6, "Ngọc"),
    (5, "Thanh"),
    (4, "Minh"),
    (4, "Hồng"),
    (3, "Kim"),
    (3, "Phương"),
    (3, "Thùy"),
    (2, "Bích"),
    (2, "Diệu"),
    (2, "Mai"),
];
const GIVEN_M: &[(u32, &str)] = &[
    (30, "Hùng"),
    (28, "Dũng"),
    (26, "Tuấn"),
    (24, "Minh"),
    (22, "Nam"),
    (20, "Hải"),
    (18, "Long"),
    (17, "Thắng"),
    (16, "Sơn"),
    (15, "Cường"),
    (14, "Đức"),
    (13, "Phong"),
    (12, "Quân"),
    (12, "Huy"),
    (11, "Hoàng"),
    (11, "Trung"),
    (10, "Thành"),
    (10, "Bình"),
    (9, "Hiếu"),
    (9, "Khánh"),
    (8, "Tùng"),
    (8, "Việt"),
    (7, "Toàn"),
    (7, "Tâm"),
    (7, "Vinh"),
    (6, "Phúc"),
    (6, "Thịnh"),
    (6, "Hưng"),
    (5, "Kiên"),
    (5, "Đạt"),
    (5, "An"),
    (4, "Bảo"),
    (4, "Khoa"),
    (4, "Lộc"),
    (3, "Nghĩa"),
    (3, "Tú"),
];
const GIVEN_F: &[(u32, &str)] = &[
    (30, "Hương"),
    (28, "Lan"),
    (26, "Hoa"),
    (24, "Mai"),
    (23, "Linh"),
    (22, "Trang"),
    (20, "Hằng"),
    (18, "Nga"),
    (17, "Thảo"),
    (16, "Huyền"),
    (15, "Ngọc"),
    (14, "Thủy"),
    (13, "Hà"),
    (12, "Phương"),
    (12, "Yến"),
    (11, "Nhung"),
    (10, "Loan"),
    (10, "Dung"),
    (9, "Hạnh"),
    (9, "Vân"),
    (8, "Oanh"),
    (8, "Liên"),
    (7, "Anh"),
    (7, "Tuyết"),
    (6, "Hồng"),
    (6, "Nhi"),
    (5, "Vy"),
    (5, "Giang"),
    (4, "My"),
    (4, "Thu"),
];
const HAMLETS: &[(u32, &str)] = &[
    (1, "Thôn Yên Kỳ"),
    (1, "Thôn Đông"),
    (1, "Thôn Tây"),
    (1, "Thôn Nam"),
    (1, "Thôn Bắc"),
    (1, "Thôn Trung Hòa"),
    (1, "Thôn Phú Lâm"),
    (1, "Thôn Xuân Lai"),
    (1, "Thôn Cẩm Tú"),
    (1, "Thôn Hòa Bình"),
];

fn ts(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// SplitMix64: small, fast, and the same numbers on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One of `items`, each as likely as its weight.
    fn pick<'a, T>(&mut self, items: &'a [(u32, T)]) -> &'a T {
        let total: u64 = items.iter().map(|(w, _)| u64::from(*w)).sum();
        let mut x = self.below(total);
        for (w, item) in items {
            if x < u64::from(*w) {
                return item;
            }
            x -= u64::from(*w);
        }
        &items[items.len() - 1].1
    }
}
