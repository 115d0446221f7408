//! Fuzzing the catalog and calendar CSV imports (issue 7, "bad input").
//!
//! Inputs: arbitrary bytes; CSV-looking garbage under the real header; and,
//! mostly, "almost valid" files — the bundled `procedures.csv` and
//! `holidays.csv` with fields dropped, duplicated or swapped, rows dropped,
//! duplicated or swapped, hostile values set into one field, CRLF, a BOM,
//! then bytes flipped, cut, inserted (quotes, invalid UTF-8, huge runs).
//!
//! Properties, for every input:
//! - the parser and the store's import never panic, and agree;
//! - an accepted file gives clean rows (NFC, no control characters,
//!   trimmed, unique codes / dates, values within their ranges);
//! - a refused file names a line that exists, and the store commits
//!   nothing (`PRAGMA data_version` of a second connection is unchanged);
//! - an accepted file, imported again, changes nothing;
//! - for a single edit whose effect is known, the outcome is exactly the
//!   one expected: accepted with the stored value checked, or refused at
//!   the edited line.
//!
//! `cargo test` runs 200 cases (both kinds); `bench/reliability/fuzz.sh`
//! runs the same properties for minutes in release.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod fuzzing;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use quay::domain::calendar::{CalendarDay, parse_calendar_csv};
use quay::domain::catalog::{Procedure, parse_catalog_csv};
use quay::domain::csv_import::ImportError;
use quay::domain::dossier::Deadline;
use quay::store::{Actor, Store, StoreError};
use quay::text::clean_line;

use fuzzing::{Observer, check};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Catalog,
    Calendar,
}

impl Kind {
    fn bundled(self) -> &'static str {
        match self {
            Kind::Catalog => quay::BUNDLED_CATALOG,
            Kind::Calendar => quay::BUNDLED_CALENDAR,
        }
    }
}

/// One parsed file, whichever kind.
#[derive(Debug, Clone, PartialEq)]
enum Parsed {
    Catalog(Vec<Procedure>),
    Calendar(Vec<CalendarDay>),
}

fn parse(kind: Kind, text: &str) -> Result<Parsed, ImportError> {
    match kind {
        Kind::Catalog => parse_catalog_csv(text).map(Parsed::Catalog),
        Kind::Calendar => parse_calendar_csv(text).map(Parsed::Calendar),
    }
}

/// The rows of a file, the header first, as the csv crate reads them.
fn rows_of(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).unwrap()
}

// ---------------------------------------------------------------------------
// Hostile values, each with the outcome it must have.

/// What a value set into one field must do to the whole file.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    /// Accepted; when given, the field reads back as this.
    Accepted(Option<String>),
    /// The file is refused at the edited row.
    Refused,
}

use Expect::{Accepted, Refused};

fn ok(stored: &str) -> Expect {
    Accepted(Some(stored.to_string()))
}

/// A value for a field: a fixed hostile one, or free text / a huge run for
/// a column that takes anything.
#[derive(Debug, Clone)]
enum Value {
    Fixed(&'static str, &'static str, Expect),
    /// Arbitrary text into a free-text column; stored as `clean_line` of it.
    Free(&'static str, String),
    /// `len` copies of `unit` into `column` (a 100 KB name, a 1 MB note).
    Huge(&'static str, &'static str, usize),
    /// The key of another data row (a code or a date used twice).
    DuplicateKey(Index),
}

fn catalog_values() -> Vec<(&'static str, &'static str, Expect)> {
    vec![
        ("code", "9.999001", ok("9.999001")),
        ("code", "  9.999002 ", ok("9.999002")),
        ("code", "\u{FEFF}9.999003\u{200B}", ok("9.999003")),
        ("code", "", Refused),
        ("code", " \t ", Refused),
        ("code", "abc", Refused),
        ("code", "1.", Refused),
        ("code", ".1", Refused),
        ("code", "1.0.1", Refused),
        ("code", "'; DROP TABLE procedure; --", Refused),
        ("code", "9.99\u{0}9", Refused),
        ("code", "１.０００１", Refused),
        ("code", "../../etc/passwd", Refused),
        ("code", "%", Refused),
        ("name", "Thủ tục thử", ok("Thủ tục thử")),
        ("name", "Thu\u{309} tu\u{323}c NFD", ok("Thủ tục NFD")),
        ("name", "  a \t\r\n b  ", ok("a b")),
        (
            "name",
            "'; DROP TABLE procedure; --",
            ok("'; DROP TABLE procedure; --"),
        ),
        ("name", "%_", ok("%_")),
        ("name", "Hà\u{202E} Nội\u{200D}", ok("Hà Nội")),
        ("name", "\u{1b}[31mđỏ\u{0}", ok("[31mđỏ")),
        ("name", "", Refused),
        ("name", "   ", Refused),
        ("name", "\u{200B}\u{FEFF}\u{0}", Refused),
        ("deadline_working_days", "0", Accepted(None)),
        ("deadline_working_days", "365", Accepted(None)),
        ("deadline_working_days", "UNKNOWN", Accepted(None)),
        ("deadline_working_days", "unknown", Accepted(None)),
        ("deadline_working_days", "", Accepted(None)),
        ("deadline_working_days", " 7 ", Accepted(None)),
        ("deadline_working_days", "366", Refused),
        ("deadline_working_days", "-1", Refused),
        ("deadline_working_days", "1.5", Refused),
        ("deadline_working_days", "99999999999", Refused),
        ("deadline_working_days", "１", Refused),
        ("deadline_working_days", "2026-02-30", Refused),
        ("same_day", "TRUE", Accepted(None)),
        ("same_day", "false", Accepted(None)),
        ("same_day", "Unknown", Accepted(None)),
        ("same_day", "TRUE\u{0}", Accepted(None)),
        ("same_day", "MAYBE", Refused),
        ("same_day", "1", Refused),
        ("fee_vnd", "0", Accepted(None)),
        ("fee_vnd", "9223372036854775807", Accepted(None)),
        ("fee_vnd", "PROVINCIAL", Accepted(None)),
        ("fee_vnd", "", Accepted(None)),
        ("fee_vnd", "-1", Refused),
        ("fee_vnd", "250.000", Refused),
        ("fee_vnd", "250,000", Refused),
        ("fee_vnd", "9223372036854775808", Refused),
        ("fee_vnd", "1e3", Refused),
        (
            "field",
            "'; DROP TABLE procedure; --",
            ok("'; DROP TABLE procedure; --"),
        ),
        ("field", "Ho\u{302}\u{323} ti\u{323}ch", ok("Hộ tịch")),
        ("documents", "[", Accepted(None)),
        ("documents", "(((((((", Accepted(None)),
        ("documents", "[Xuất trình] | | () | (+) | ]", Accepted(None)),
        ("documents", "99999999999999999999 bản", Accepted(None)),
    ]
}

fn calendar_values() -> Vec<(&'static str, &'static str, Expect)> {
    vec![
        ("date", "2040-01-02", ok("2040-01-02")),
        ("date", " 2040-01-03\u{200B} ", ok("2040-01-03")),
        ("date", "0000-01-01", ok("0000-01-01")),
        ("date", "9999-12-31", ok("9999-12-31")),
        ("date", "", Refused),
        ("date", "2026-02-30", Refused),
        ("date", "2026-13-01", Refused),
        ("date", "2026-00-10", Refused),
        ("date", "2026-1-5", Refused),
        ("date", "26-01-01", Refused),
        ("date", "2026/01/01", Refused),
        ("date", "2026-01-01T24:00", Refused),
        ("date", "+2026-01-01", Refused),
        ("date", "２０２６-01-01", Refused),
        ("date", "'; DROP TABLE calendar_day; --", Refused),
        ("type", "statutory", ok("statutory")),
        ("type", " x\u{0} ", ok("x")),
        ("type", "", Refused),
        ("type", " \u{200B} ", Refused),
        ("day_off_public_servants", "TRUE", Accepted(None)),
        ("day_off_public_servants", "unknown", Accepted(None)),
        ("day_off_public_servants", "", Accepted(None)),
        ("day_off_public_servants", "yes", Refused),
        ("day_off_public_servants", "0", Refused),
        ("name", "Te\u{302}\u{301}t", ok("Tết")),
        (
            "note",
            "'; DROP TABLE calendar_day; --",
            ok("'; DROP TABLE calendar_day; --"),
        ),
    ]
}

fn values(kind: Kind) -> Vec<(&'static str, &'static str, Expect)> {
    match kind {
        Kind::Catalog => catalog_values(),
        Kind::Calendar => calendar_values(),
    }
}

/// Columns that take any text.
fn free_columns(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Catalog => &["field", "level", "documents", "deadline_note", "source"],
        Kind::Calendar => &["name", "status", "note", "weekday", "source"],
    }
}

/// Short text from letters, combining marks, invisible and bidi characters,
/// control characters and spaces: where normalisation goes wrong.
fn tricky_text() -> impl Strategy<Value = String> {
    "[aeouAEđ\u{300}-\u{303}\u{309}\u{323}\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069}\u{FEFF}\u{0}-\u{1f}\u{7f}\u{a0} ,\"]{0,24}"
}

fn value(kind: Kind) -> BoxedStrategy<Value> {
    let fixed = values(kind);
    let free = free_columns(kind);
    let huge_column = match kind {
        Kind::Catalog => prop_oneof![Just("name"), Just("documents"), Just("field")].boxed(),
        Kind::Calendar => prop_oneof![Just("note"), Just("name")].boxed(),
    };
    prop_oneof![
        6 => (0..fixed.len()).prop_map(move |i| {
            let (c, v, e) = fixed[i].clone();
            Value::Fixed(c, v, e)
        }),
        1 => (prop::sample::select(free), any::<String>()).prop_map(|(c, s)| Value::Free(c, s)),
        2 => (prop::sample::select(free), tricky_text()).prop_map(|(c, s)| Value::Free(c, s)),
        1 => (huge_column, prop_oneof![Just("a"), Just("ễ"), Just("(1 bản) |"), Just("\""), Just("\u{0}")], 0usize..200_000)
            .prop_map(|(c, u, n)| Value::Huge(c, u, n)),
        1 => any::<Index>().prop_map(Value::DuplicateKey),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------
// Edits of the rows, then of the bytes.

#[derive(Debug, Clone)]
enum Edit {
    DropField { row: Index, col: Index },
    DuplicateField { row: Index, col: Index },
    SwapFields { row: Index, a: Index, b: Index },
    DropHeaderField(Index),
    DropRow(Index),
    DuplicateRow(Index),
    SwapRows(Index, Index),
    Set { row: Index, value: Value },
}

#[derive(Debug, Clone)]
enum ByteEdit {
    Flip { at: Index, mask: u8 },
    Truncate(Index),
    Insert { at: Index, bytes: Vec<u8> },
    Quote(Index),
    InvalidUtf8(Index),
    Delete { at: Index, len: u8 },
    Run { at: Index, byte: u8, len: usize },
}

#[derive(Debug, Clone, Copy)]
struct Layout {
    crlf: bool,
    bom: bool,
    final_newline: bool,
}

fn edit(kind: Kind) -> BoxedStrategy<Edit> {
    let i = any::<Index>;
    prop_oneof![
        1 => (i(), i()).prop_map(|(row, col)| Edit::DropField { row, col }),
        1 => (i(), i()).prop_map(|(row, col)| Edit::DuplicateField { row, col }),
        1 => (i(), i(), i()).prop_map(|(row, a, b)| Edit::SwapFields { row, a, b }),
        1 => i().prop_map(Edit::DropHeaderField),
        1 => i().prop_map(Edit::DropRow),
        1 => i().prop_map(Edit::DuplicateRow),
        1 => (i(), i()).prop_map(|(a, b)| Edit::SwapRows(a, b)),
        4 => (i(), value(kind)).prop_map(|(row, value)| Edit::Set { row, value }),
    ]
    .boxed()
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    let i = any::<Index>;
    prop_oneof![
        (i(), 1u8..=255).prop_map(|(at, mask)| ByteEdit::Flip { at, mask }),
        i().prop_map(ByteEdit::Truncate),
        (i(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| ByteEdit::Insert { at, bytes }),
        i().prop_map(ByteEdit::Quote),
        i().prop_map(ByteEdit::InvalidUtf8),
        (i(), any::<u8>()).prop_map(|(at, len)| ByteEdit::Delete { at, len }),
        (
            i(),
            prop_oneof![Just(b'"'), Just(b','), Just(b'\n'), Just(b'\r'), Just(0u8)],
            1usize..100_000
        )
            .prop_map(|(at, byte, len)| ByteEdit::Run { at, byte, len }),
    ]
}

fn layout() -> impl Strategy<Value = Layout> {
    (any::<bool>(), any::<bool>(), prop::bool::weighted(0.9)).prop_map(
        |(crlf, bom, final_newline)| Layout {
            crlf,
            bom,
            final_newline,
        },
    )
}

/// A test input and, when it is known, the outcome it must have.
#[derive(Debug, Clone)]
enum Input {
    /// The bundled file, edited.
    Edited {
        kind: Kind,
        edits: Vec<Edit>,
        layout: Layout,
        bytes: Vec<ByteEdit>,
    },
    /// Anything at all.
    Bytes(Kind, Vec<u8>),
    /// The real header, then CSV-looking garbage.
    Garbage(Kind, String),
}

fn input() -> impl Strategy<Value = Input> {
    let kind = prop_oneof![Just(Kind::Catalog), Just(Kind::Calendar)];
    let single = kind.clone().prop_flat_map(|k| {
        (edit(k), layout()).prop_map(move |(e, layout)| Input::Edited {
            kind: k,
            edits: vec![e],
            layout,
            bytes: Vec::new(),
        })
    });
    let many = kind.clone().prop_flat_map(|k| {
        (
            prop::collection::vec(edit(k), 0..4),
            layout(),
            prop::collection::vec(byte_edit(), 0..3),
        )
            .prop_map(move |(edits, layout, bytes)| Input::Edited {
                kind: k,
                edits,
                layout,
                bytes,
            })
    });
    let bytes = (kind.clone(), prop::collection::vec(any::<u8>(), 0..2048))
        .prop_map(|(k, b)| Input::Bytes(k, b));
    let garbage =
        (kind, "[a-z0-9A-Z,\"\r\n .;:|()\\[\\]+-]{0,400}").prop_map(|(k, g)| Input::Garbage(k, g));
    prop_oneof![4 => single, 3 => many, 1 => bytes, 2 => garbage]
}

/// Where a single edit's outcome is known in advance.
#[derive(Debug, Clone, PartialEq)]
enum Known {
    /// Accepted; in data row `row` (0-based) `column` reads back as `value`.
    Accepted {
        row: usize,
        column: &'static str,
        value: Option<String>,
    },
    /// Accepted with exactly the original rows, in this order (indexes into
    /// the original parse).
    SameRows(Vec<usize>),
    /// Refused at this physical line.
    RefusedAt(u64),
    /// Refused, at whichever line.
    Refused,
}

/// Applies the row edits; returns the rows and, for a single edit, what
/// must come of it.
fn apply_edits(kind: Kind, edits: &[Edit]) -> (Vec<Vec<String>>, Option<Known>) {
    let mut rows = rows_of(kind.bundled());
    let n = rows.len() - 1; // data rows
    let mut known = None;
    let key = match kind {
        Kind::Catalog => column(&rows, "code"),
        Kind::Calendar => column(&rows, "date"),
    };
    for e in edits {
        let data = rows.len() - 1;
        if data == 0 {
            known = None;
            continue;
        }
        let pick = |i: &Index| 1 + i.index(data);
        known = match e {
            Edit::DropField { row, col } => {
                let r = pick(row);
                if rows[r].is_empty() {
                    continue;
                }
                let c = col.index(rows[r].len());
                rows[r].remove(c);
                Some(Known::RefusedAt(r as u64 + 1))
            }
            Edit::DuplicateField { row, col } => {
                let r = pick(row);
                if rows[r].is_empty() {
                    continue;
                }
                let c = col.index(rows[r].len());
                let v = rows[r][c].clone();
                rows[r].insert(c, v);
                Some(Known::RefusedAt(r as u64 + 1))
            }
            Edit::SwapFields { row, a, b } => {
                let r = pick(row);
                if rows[r].is_empty() {
                    continue;
                }
                let (a, b) = (a.index(rows[r].len()), b.index(rows[r].len()));
                let same = rows[r][a] == rows[r][b];
                rows[r].swap(a, b);
                (same && data == n).then(|| Known::SameRows((0..n).collect()))
            }
            Edit::DropHeaderField(col) => {
                if rows[0].is_empty() {
                    continue;
                }
                let c = col.index(rows[0].len());
                rows[0].remove(c);
                Some(Known::Refused)
            }
            Edit::DropRow(row) => {
                let r = pick(row);
                rows.remove(r);
                match data {
                    1 => Some(Known::RefusedAt(1)),
                    d if d == n => Some(Known::SameRows((0..n).filter(|i| *i != r - 1).collect())),
                    _ => None,
                }
            }
            Edit::DuplicateRow(row) => {
                let r = pick(row);
                let copy = rows[r].clone();
                rows.insert(r + 1, copy);
                Some(Known::RefusedAt(r as u64 + 2))
            }
            Edit::SwapRows(a, b) => {
                let (a, b) = (pick(a), pick(b));
                rows.swap(a, b);
                // Known only while the rows are the original ones.
                (data == n).then(|| {
                    let mut order: Vec<usize> = (0..n).collect();
                    order.swap(a - 1, b - 1);
                    Known::SameRows(order)
                })
            }
            Edit::Set { row, value } => {
                let r = pick(row);
                set(&mut rows, r, key, value)
            }
        };
    }
    (rows, if edits.len() == 1 { known } else { None })
}

fn set(rows: &mut [Vec<String>], r: usize, key: usize, value: &Value) -> Option<Known> {
    let data = rows.len() - 1;
    let (column, text, expect) = match value {
        Value::Fixed(c, v, e) => (*c, v.to_string(), e.clone()),
        Value::Free(c, v) => (*c, v.clone(), ok(&clean_line(v))),
        Value::Huge(c, unit, len) => {
            let text = unit.repeat(*len);
            let cleaned = clean_line(&text);
            // A name is at most 500 characters and never blank.
            let expect = if *c == "name" && rows[0][0] == "code" {
                if cleaned.is_empty() || cleaned.chars().count() > 500 {
                    Refused
                } else {
                    ok(&cleaned)
                }
            } else {
                ok(&cleaned)
            };
            (*c, text, expect)
        }
        Value::DuplicateKey(other) => {
            let o = 1 + other.index(data);
            if o == r || data < 2 {
                return None;
            }
            let v = rows[o][key].clone();
            rows[r][key] = v;
            return Some(Known::RefusedAt(r.max(o) as u64 + 1));
        }
    };
    let c = column_of(&rows[0], column)?;
    if c >= rows[r].len() {
        return None;
    }
    rows[r][c] = text;
    Some(match expect {
        Refused => Known::RefusedAt(r as u64 + 1),
        Accepted(value) => Known::Accepted {
            row: r - 1,
            column,
            // Columns the parsed rows do not keep are only checked as accepted.
            value: value.filter(|_| READABLE.contains(&column)),
        },
    })
}

/// The columns `field_of` reads back.
const READABLE: [&str; 9] = [
    "code",
    "name",
    "field",
    "level",
    "documents",
    "deadline_note",
    "date",
    "type",
    "note",
];

fn column_of(header: &[String], name: &str) -> Option<usize> {
    header.iter().position(|h| h == name)
}

fn write_rows(rows: &[Vec<String>], layout: Layout) -> Vec<u8> {
    let terminator = if layout.crlf {
        csv::Terminator::CRLF
    } else {
        csv::Terminator::Any(b'\n')
    };
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(terminator)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    let mut bytes = w.into_inner().unwrap();
    if !layout.final_newline {
        while matches!(bytes.last(), Some(b'\n' | b'\r')) {
            bytes.pop();
        }
    }
    if layout.bom {
        let mut with = "\u{FEFF}".as_bytes().to_vec();
        with.extend_from_slice(&bytes);
        bytes = with;
    }
    bytes
}

fn apply_bytes(bytes: &mut Vec<u8>, edit: &ByteEdit) {
    let at = |i: &Index, len: usize| i.index(len + 1);
    match edit {
        ByteEdit::Flip { at: i, mask } => {
            if !bytes.is_empty() {
                let p = i.index(bytes.len());
                bytes[p] ^= mask;
            }
        }
        ByteEdit::Truncate(i) => bytes.truncate(at(i, bytes.len())),
        ByteEdit::Insert { at: i, bytes: b } => {
            let p = at(i, bytes.len());
            bytes.splice(p..p, b.iter().copied());
        }
        ByteEdit::Quote(i) => {
            let p = at(i, bytes.len());
            bytes.insert(p, b'"');
        }
        ByteEdit::InvalidUtf8(i) => {
            let p = at(i, bytes.len());
            bytes.splice(p..p, [0xC3, 0x28, 0xFF]);
        }
        ByteEdit::Delete { at: i, len } => {
            let p = at(i, bytes.len());
            let end = (p + *len as usize).min(bytes.len());
            bytes.drain(p..end);
        }
        ByteEdit::Run { at: i, byte, len } => {
            let p = at(i, bytes.len());
            bytes.splice(p..p, std::iter::repeat_n(*byte, *len));
        }
    }
}

/// The bytes of an input, its kind, and what is known of its outcome.
fn materialise(input: &Input) -> (Kind, Vec<u8>, Option<Known>) {
    match input {
        Input::Edited {
            kind,
            edits,
            layout,
            bytes: byte_edits,
        } => {
            let (rows, known) = apply_edits(*kind, edits);
            let mut bytes = write_rows(&rows, *layout);
            for e in byte_edits {
                apply_bytes(&mut bytes, e);
            }
            let known = if byte_edits.is_empty() { known } else { None };
            // No edit at all: the bundled file in another layout.
            let known = if edits.is_empty() && byte_edits.is_empty() {
                Some(Known::SameRows((0..rows.len() - 1).collect()))
            } else {
                known
            };
            (*kind, bytes, known)
        }
        Input::Bytes(kind, b) => (*kind, b.clone(), None),
        Input::Garbage(kind, g) => {
            let header = kind.bundled().lines().next().unwrap();
            (*kind, format!("{header}\n{g}").into_bytes(), None)
        }
    }
}

// ---------------------------------------------------------------------------
// The properties.

fn is_clean(s: &str) -> bool {
    unicode_normalization::is_nfc(s)
        && !s
            .chars()
            .any(|c| c.is_control() || c == '\u{202E}' || c == '\u{200B}')
        && s.trim() == s
}

fn check_catalog(procedures: &[Procedure]) -> Result<(), TestCaseError> {
    check(!procedures.is_empty(), || {
        "an empty catalog was accepted".into()
    })?;
    let mut codes = std::collections::HashSet::new();
    for p in procedures {
        check(codes.insert(p.code.clone()), || {
            format!("code {} twice", p.code)
        })?;
        let shape = p.code.split_once('.').is_some_and(|(a, b)| {
            [a, b]
                .iter()
                .all(|s| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
        });
        check(shape, || format!("code {:?} accepted", p.code))?;
        let n = p.name.chars().count();
        check((1..=500).contains(&n), || {
            format!("name of {n} characters accepted")
        })?;
        for (what, s) in [
            ("code", &p.code),
            ("name", &p.name),
            ("field", &p.field),
            ("level", &p.level),
            ("online_fee_note", &p.online_fee_note),
            ("documents", &p.documents_raw),
            ("deadline_note", &p.deadline_note),
        ] {
            check(is_clean(s), || format!("{what} {s:?} is not clean"))?;
        }
        if let Some(Deadline::WorkingDays(d)) = p.deadline {
            check((1..=365).contains(&d), || format!("deadline {d} accepted"))?;
        }
        if let Some(fee) = p.fee.amount() {
            check(fee >= 0, || format!("fee {fee} accepted"))?;
        }
        for d in &p.documents {
            check(!d.name.is_empty() && (1..=99).contains(&d.count), || {
                format!("document {d:?}")
            })?;
            check(!d.name.chars().any(char::is_control), || {
                format!("document name {:?}", d.name)
            })?;
        }
    }
    Ok(())
}

fn check_calendar(days: &[CalendarDay]) -> Result<(), TestCaseError> {
    check(!days.is_empty(), || "an empty calendar was accepted".into())?;
    let mut dates = std::collections::HashSet::new();
    for d in days {
        check(dates.insert(d.date), || format!("date {} twice", d.date))?;
        check(!d.kind.is_empty(), || format!("{}: empty type", d.date))?;
        for s in [&d.name, &d.kind, &d.status, &d.note] {
            check(is_clean(s), || format!("{}: {s:?} is not clean", d.date))?;
        }
    }
    Ok(())
}

/// The value of `column` in a parsed row, as text.
fn field_of(parsed: &Parsed, row: usize, column: &str) -> Option<String> {
    match parsed {
        Parsed::Catalog(p) => {
            let p = p.get(row)?;
            Some(match column {
                "code" => p.code.clone(),
                "name" => p.name.clone(),
                "field" => p.field.clone(),
                "level" => p.level.clone(),
                "documents" => p.documents_raw.clone(),
                "deadline_note" => p.deadline_note.clone(),
                _ => return None,
            })
        }
        Parsed::Calendar(d) => {
            let d = d.get(row)?;
            Some(match column {
                "date" => d.date.format("%Y-%m-%d").to_string(),
                "type" => d.kind.clone(),
                "name" => d.name.clone(),
                "note" => d.note.clone(),
                _ => return None,
            })
        }
    }
}

fn pick_rows(parsed: &Parsed, order: &[usize]) -> Parsed {
    match parsed {
        Parsed::Catalog(p) => Parsed::Catalog(order.iter().map(|i| p[*i].clone()).collect()),
        Parsed::Calendar(d) => Parsed::Calendar(order.iter().map(|i| d[*i].clone()).collect()),
    }
}

fn check_known(
    kind: Kind,
    result: &Result<Parsed, ImportError>,
    known: &Known,
) -> Result<(), TestCaseError> {
    match (known, result) {
        (Known::Accepted { row, column, value }, Ok(parsed)) => {
            if let Some(want) = value {
                let got = field_of(parsed, *row, column);
                check(got.as_deref() == Some(want.as_str()), || {
                    format!("row {row} {column}: stored {got:?}, expected {want:?}")
                })?;
            }
            Ok(())
        }
        (Known::SameRows(order), Ok(parsed)) => {
            let original = parse(kind, kind.bundled()).unwrap();
            let want = pick_rows(&original, order);
            check(*parsed == want, || "the rows read back differ".into())
        }
        (Known::RefusedAt(line), Err(e)) => check(e.line == *line, || {
            format!("refused at line {}, expected {line}: {e}", e.line)
        }),
        (Known::Refused, Err(_)) => Ok(()),
        (known, result) => Err(TestCaseError::fail(format!(
            "expected {known:?}, got {}",
            match result {
                Ok(_) => "accepted".to_string(),
                Err(e) => format!("refused: {e}"),
            }
        ))),
    }
}

struct Stores {
    _dir: tempfile::TempDir,
    store: Store,
    observer: Observer,
    db: std::path::PathBuf,
}

impl Stores {
    fn new() -> Stores {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("quay.sqlite3");
        let store = Store::open(&db).unwrap();
        let observer = Observer::new(&db);
        Stores {
            _dir: dir,
            store,
            observer,
            db,
        }
    }

    fn import(&mut self, kind: Kind, text: &str) -> Result<(), StoreError> {
        let admin = Actor::system("fuzz");
        match kind {
            Kind::Catalog => self.store.import_catalog(text, &admin).map(drop),
            Kind::Calendar => self.store.import_calendar(text, &admin).map(drop),
        }
    }

    fn stored(&self, kind: Kind) -> Parsed {
        match kind {
            Kind::Catalog => Parsed::Catalog(self.store.procedures().unwrap()),
            Kind::Calendar => Parsed::Calendar(self.store.calendar_days().unwrap()),
        }
    }
}

/// Every property, for one input.
fn check_input(
    stores: &mut Stores,
    kind: Kind,
    bytes: &[u8],
    known: Option<&Known>,
) -> Result<(), TestCaseError> {
    // The CLI refuses a file that is not UTF-8 before parsing; the parser
    // still gets to see what is left of it.
    let text = String::from_utf8_lossy(bytes);
    let result = parse(kind, &text);
    match &result {
        Ok(Parsed::Catalog(p)) => check_catalog(p)?,
        Ok(Parsed::Calendar(d)) => check_calendar(d)?,
        Err(e) => {
            let lines = text.lines().count() as u64 + 1;
            check(e.line >= 1 && e.line <= lines, || {
                format!("line {} of a {lines}-line file", e.line)
            })?;
            check(!e.message.is_empty() && !e.message_vi.is_empty(), || {
                "an empty message".into()
            })?;
        }
    }
    if let Some(known) = known {
        check_known(kind, &result, known)?;
    }

    let before = stores.observer.version();
    let imported = stores.import(kind, &text);
    match (&result, imported) {
        (Err(parsed), Err(StoreError::Import(e))) => {
            check(*parsed == e, || {
                format!("parser said {parsed}, store said {e}")
            })?;
            check(stores.observer.version() == before, || {
                "a refused import committed something".into()
            })?;
        }
        (Ok(parsed), Ok(())) => {
            let mut stored = stores.stored(kind);
            let mut parsed = parsed.clone();
            // The calendar is stored by date, the catalog in file order.
            if let (Parsed::Calendar(a), Parsed::Calendar(b)) = (&mut stored, &mut parsed) {
                a.sort_by_key(|d| d.date);
                b.sort_by_key(|d| d.date);
            }
            check(stored == parsed, || {
                "the store holds other rows than the file".into()
            })?;
            // Idempotent: the same file again changes nothing.
            let admin = Actor::system("fuzz");
            let again = match kind {
                Kind::Catalog => stores.store.import_catalog(&text, &admin),
                Kind::Calendar => stores.store.import_calendar(&text, &admin),
            }
            .unwrap();
            check(again.added + again.updated + again.removed == 0, || {
                format!("a second import changed {again:?}")
            })?;
        }
        (r, i) => {
            return Err(TestCaseError::fail(format!(
                "parser and store disagree: {:?} / {i:?}",
                r.as_ref().map(drop)
            )));
        }
    }
    Ok(())
}

#[test]
fn imports_never_panic_and_refuse_bad_files_whole() {
    let stores = std::cell::RefCell::new(Stores::new());
    fuzzing::run("import", 200, &input(), |input| {
        let (kind, bytes, known) = materialise(&input);
        check_input(&mut stores.borrow_mut(), kind, &bytes, known.as_ref())
    });
    assert!(fuzzing::integrity_ok(&stores.borrow().db));
}

// ---------------------------------------------------------------------------
// Fixed cases: the bundled files themselves, and inputs worth keeping.

fn one(kind: Kind, bytes: &[u8]) -> Result<(), TestCaseError> {
    let mut stores = Stores::new();
    check_input(&mut stores, kind, bytes, None)
}

#[test]
fn the_bundled_files_pass_every_property() {
    for kind in [Kind::Catalog, Kind::Calendar] {
        let (k, bytes, known) = materialise(&Input::Edited {
            kind,
            edits: Vec::new(),
            layout: Layout {
                crlf: true,
                bom: true,
                final_newline: false,
            },
            bytes: Vec::new(),
        });
        let mut stores = Stores::new();
        check_input(&mut stores, k, &bytes, known.as_ref()).unwrap();
    }
}

#[test]
fn degenerate_files_are_refused_at_line_one() {
    for kind in [Kind::Catalog, Kind::Calendar] {
        let header = kind.bundled().lines().next().unwrap();
        for text in [
            String::new(),
            "\u{FEFF}".into(),
            "\n\n\n".into(),
            "\"".into(),
            header.to_string(),
            format!("{header}\r\n"),
            format!("\u{FEFF}\u{FEFF}{header}\n"),
        ] {
            let mut stores = Stores::new();
            check_input(
                &mut stores,
                kind,
                text.as_bytes(),
                Some(&Known::RefusedAt(1)),
            )
            .unwrap_or_else(|e| panic!("{kind:?} {text:?}: {e}"));
        }
    }
}

#[test]
fn a_huge_quoted_field_and_an_unclosed_quote_are_handled() {
    let header = Kind::Catalog.bundled().lines().next().unwrap();
    // One row whose documents column is a 200 KB quoted field full of quotes,
    // commas and line breaks: accepted, and stored clean.
    let documents = "\"\"(1 bản),\n|".repeat(20_000);
    let text =
        format!("{header}\n9.000001,Thủ tục,Hộ tịch,Cấp xã,3,FALSE,0,,\"{documents}\",,,,,,\n");
    one(Kind::Catalog, text.as_bytes()).unwrap();
    // The same with its closing quote lost: the rest of the file is one field.
    let text =
        format!("{header}\n9.000001,Thủ tục,Hộ tịch,Cấp xã,3,FALSE,0,,\"{documents},,,,,,\n");
    one(Kind::Catalog, text.as_bytes()).unwrap();
}

#[test]
fn a_file_that_is_not_utf8_is_refused_by_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("q.sqlite3");
    let file = dir.path().join("latin1.csv");
    let mut bytes = Kind::Calendar.bundled().as_bytes().to_vec();
    bytes.extend_from_slice(b"2041-01-01,,,T\xeat,statutory,TRUE,,,,\n");
    std::fs::write(&file, &bytes).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_quay"))
        .arg("--db")
        .arg(&db)
        .args(["calendar", "import"])
        .arg(&file)
        .env_remove("QUAY_DB")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is not UTF-8 text"), "{err}");
}

// ---------------------------------------------------------------------------
// Regressions: inputs the fuzzer found, kept as they were found.

/// The bundled file with one field of data row `row` (0-based) set.
fn with_field(kind: Kind, row: usize, column: &str, value: &str) -> Vec<u8> {
    let mut rows = rows_of(kind.bundled());
    let c = column_of(&rows[0], column).unwrap();
    rows[row + 1][c] = value.to_string();
    let layout = Layout {
        crlf: false,
        bom: false,
        final_newline: false,
    };
    write_rows(&rows, layout)
}

/// Found by this fuzzer: U+202A between "a" and a combining hook above was
/// dropped after NFC composition, so the stored field "a\u{309}" was not NFC
/// (fixed in `text::clean_line`: invisible characters go first).
#[test]
fn regression_invisible_character_before_a_combining_mark() {
    let bytes = with_field(Kind::Catalog, 0, "field", "a\u{202a}\u{309}");
    let known = Known::Accepted {
        row: 0,
        column: "field",
        value: Some("ả".into()),
    };
    let mut stores = Stores::new();
    check_input(&mut stores, Kind::Catalog, &bytes, Some(&known)).unwrap();
}
