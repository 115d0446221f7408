//! Hostile input at intake (issue 7, "bad input"): a table over every field
//! of the dossier draft — empty, blank, huge (100 KB, 10 MB), control
//! characters, bidi overrides, decomposed Unicode, zero-width characters,
//! SQL and LIKE tricks, path tricks, impossible dates — each row with the one
//! outcome it must have: stored after normalisation, with the stored value
//! read back and checked, or refused with a Vietnamese message that names the
//! field. A refusal leaves the database byte for byte as it was (every table
//! hashed), and after every row `PRAGMA integrity_check` is ok.
//!
//! Dates that cannot even be written (2026-02-30, 24:00) never reach a
//! `DossierDraft`: they are refused with the JSON in `tests/hostile_cli.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;
mod fuzzing;

use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate, NaiveDateTime};
use quay::domain::Localized;
use quay::domain::dossier::{Attachment, Deadline, Dossier, DossierDraft, ReceivedDocument};
use quay::domain::settings::CenterSettings;
use quay::domain::validate::FormField;
use quay::intake::{self, IntakeError};
use quay::store::{Actor, Store};

use common::good_draft;

/// Monday 23/11/2026, 10:00: "now" for every row.
fn now() -> NaiveDateTime {
    at(2026, 11, 23, 10, 0)
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

/// A configured counter that already holds one dossier (something to lose).
struct Counter {
    _dir: tempfile::TempDir,
    db: PathBuf,
    store: Store,
    /// Two real scans in the attachments directory, and a file outside it.
    scans: [Attachment; 2],
}

fn counter() -> Counter {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("quay.sqlite3");
    let mut store = Store::open(&db).unwrap();
    let settings = CenterSettings {
        agency_id: "000.00.12.H56".into(),
        counter_no: 3,
        officer_name: "Lê Văn Tâm".into(),
        configured: true,
        ..CenterSettings::default()
    };
    let admin = Actor::system("test");
    store.save_settings(&settings, &admin).unwrap();
    intake::receive(
        &mut store,
        &good_draft(),
        &admin,
        now() - Duration::hours(1),
    )
    .unwrap();
    let scans = [0, 1].map(|i| {
        let src = dir.path().join(format!("scan-{i}.pdf"));
        std::fs::write(&src, format!("%PDF-1.4 bản quét {i}")).unwrap();
        quay::attachments::import_file(&src, &store.attachments_dir()).unwrap()
    });
    Counter {
        _dir: dir,
        db,
        store,
        scans,
    }
}

/// Reads a stored dossier back and says what is wrong with it.
type Check = Box<dyn Fn(&Dossier) -> Result<(), String>>;
/// Makes a good draft hostile (with the counter's scans at hand).
type Edit = Box<dyn Fn(&mut DossierDraft, &Counter)>;

/// What a row must come to.
enum Expect {
    /// Stored; `check` reads the stored dossier back and says what is wrong.
    Stored(Check),
    /// Refused, every error on the row's field.
    Refused,
}

struct Row {
    field: FormField,
    what: &'static str,
    edit: Edit,
    expect: Expect,
}

fn row(
    field: FormField,
    what: &'static str,
    edit: impl Fn(&mut DossierDraft, &Counter) + 'static,
    expect: Expect,
) -> Row {
    Row {
        field,
        what,
        edit: Box::new(edit),
        expect,
    }
}

fn refused() -> Expect {
    Expect::Refused
}

/// Stored, and `get` of the stored dossier equals `want`.
fn stored<T: PartialEq + std::fmt::Debug + 'static>(
    get: impl Fn(&Dossier) -> T + 'static,
    want: T,
) -> Expect {
    Expect::Stored(Box::new(move |d| {
        let got = get(d);
        if got == want {
            Ok(())
        } else {
            Err(format!("stored {got:?}, expected {want:?}"))
        }
    }))
}

/// A word of the field's label that its Vietnamese messages must contain.
fn field_word(f: FormField) -> &'static str {
    match f {
        FormField::Procedure => "thủ tục",
        FormField::Name => "họ và tên",
        FormField::IdNumber => "cccd",
        FormField::Phone => "điện thoại",
        FormField::Address => "địa chỉ",
        FormField::Email => "email",
        FormField::Documents => "giấy tờ",
        FormField::Sets => "số bộ",
        FormField::Fee => "lệ phí",
        FormField::Note => "ghi chú",
        FormField::Deadline => "thời hạn",
        FormField::ReceivedAt => "thời điểm tiếp nhận",
        FormField::Attachments => "tệp đính kèm",
    }
}

/// Runs each row on a fresh draft against one counter.
fn run(rows: Vec<Row>) {
    let mut c = counter();
    let admin = Actor::system("test");
    for r in rows {
        let label = format!("{:?} / {}", r.field, r.what);
        let mut draft = good_draft();
        (r.edit)(&mut draft, &c);
        let before = matches!(r.expect, Expect::Refused).then(|| fuzzing::fingerprint(&c.db));
        let count = c.store.dossier_count().unwrap();
        let result = intake::receive(&mut c.store, &draft, &admin, now());
        match (&r.expect, result) {
            (Expect::Refused, Err(IntakeError::Invalid(errors))) => {
                assert!(!errors.is_empty(), "{label}");
                for e in &errors {
                    assert_eq!(e.field, r.field, "{label}: an error on another field: {e}");
                    let vi = e.vi.to_lowercase();
                    assert!(
                        vi.contains(field_word(r.field)),
                        "{label}: the message does not name the field: {}",
                        e.vi
                    );
                    // A clear sentence: short, even when the input was 10 MB.
                    assert!(
                        e.vi.chars().count() < 300 && e.en.chars().count() < 300,
                        "{label}: a message of {} characters",
                        e.vi.chars().count()
                    );
                    assert!(!e.vi.chars().any(char::is_control), "{label}: {:?}", e.vi);
                }
                let whole = IntakeError::Invalid(errors).vi();
                assert!(whole.starts_with("Hồ sơ chưa lưu"), "{label}: {whole}");
                assert_eq!(
                    Some(fuzzing::fingerprint(&c.db)),
                    before,
                    "{label}: a refusal changed the database"
                );
                assert_eq!(c.store.dossier_count().unwrap(), count, "{label}");
            }
            (Expect::Stored(check), Ok(saved)) => {
                let read = c.store.dossier_by_code(&saved.code).unwrap();
                assert_eq!(
                    read, saved,
                    "{label}: read back differs from what was saved"
                );
                if let Err(why) = check(&read) {
                    panic!("{label}: {why}");
                }
                assert_eq!(c.store.dossier_count().unwrap(), count + 1, "{label}");
            }
            (Expect::Refused, Ok(d)) => panic!("{label}: stored as {}, expected a refusal", d.code),
            (Expect::Refused, Err(e)) => panic!("{label}: refused, but not as invalid: {e}"),
            (Expect::Stored(_), Err(e)) => panic!("{label}: refused ({e}), expected stored"),
        }
    }
    // Every refusal left the file as it was, every save is whole.
    assert!(fuzzing::integrity_ok(&c.db));
}

const KB100: usize = 100 * 1024;
const MB10: usize = 10 * 1024 * 1024;

fn name(d: &Dossier) -> String {
    d.applicant.name.clone()
}

#[test]
fn applicant_name() {
    use FormField::Name as F;
    let set = |v: String| move |d: &mut DossierDraft, _: &Counter| d.applicant.name = v.clone();
    run(vec![
        row(F, "empty", set(String::new()), refused()),
        row(F, "blank", set(" \t\r\n ".into()), refused()),
        row(F, "100 KB", set("a".repeat(KB100)), refused()),
        row(F, "10 MB", set("ễ".repeat(MB10 / 3)), refused()),
        row(
            F,
            "NUL inside",
            set("Nguyễn\0Văn An".into()),
            stored(name, "Nguyễn Văn An".into()),
        ),
        row(
            F,
            "CR LF inside",
            set("Nguyễn\r\nVăn An".into()),
            stored(name, "Nguyễn Văn An".into()),
        ),
        row(
            F,
            "terminal escape",
            set("\u{1b}[31mNguyễn".into()),
            refused(),
        ),
        row(
            F,
            "bidi override",
            set("Nguyễn \u{202E}Văn An\u{202C}".into()),
            stored(name, "Nguyễn Văn An".into()),
        ),
        row(
            F,
            "NFD",
            set("Nguye\u{302}\u{303}n Thi\u{323} Hu\u{31b}o\u{31b}\u{300}ng".into()),
            stored(name, "Nguyễn Thị Hường".into()),
        ),
        row(
            F,
            "NFD, 100 letters",
            set("e\u{302}\u{303}".repeat(100)),
            stored(name, "ễ".repeat(100)),
        ),
        row(F, "101 letters", set("ễ".repeat(101)), refused()),
        row(
            F,
            "zero-width joiner and BOM",
            set("\u{FEFF}Nguy\u{200D}ễn Văn\u{200B} An".into()),
            stored(name, "Nguyễn Văn An".into()),
        ),
        row(F, "SQL", set("'; DROP TABLE dossier; --".into()), refused()),
        row(F, "LIKE wildcards", set("Nguyễn Văn %_".into()), refused()),
        row(F, "path", set("../../etc/passwd".into()), refused()),
        row(
            F,
            "apostrophe, hyphen, dot",
            set("H'Hen Niê-Ksor Jr.".into()),
            stored(name, "H'Hen Niê-Ksor Jr.".into()),
        ),
        row(F, "no letter", set("- . '".into()), refused()),
        row(
            F,
            "invisible function character",
            set("Nguyễn\u{2061}An".into()),
            refused(),
        ),
    ]);
}

fn cccd(d: &Dossier) -> String {
    d.applicant.id_number.clone()
}

#[test]
fn citizen_id_number() {
    use FormField::IdNumber as F;
    let set =
        |v: String| move |d: &mut DossierDraft, _: &Counter| d.applicant.id_number = v.clone();
    let ok = || stored(cccd, "038303001234".to_string());
    run(vec![
        row(F, "empty", set(String::new()), refused()),
        row(F, "blank", set("   ".into()), refused()),
        row(F, "digit groups", set(" 0383 0300 1234 ".into()), ok()),
        row(F, "NUL inside", set("038303\u{0}001234".into()), ok()),
        row(F, "bidi override", set("\u{202E}038303001234".into()), ok()),
        row(
            F,
            "zero-width joiner",
            set("0383\u{200D}03001234".into()),
            ok(),
        ),
        row(F, "100 KB of digits", set("0".repeat(KB100)), refused()),
        row(F, "10 MB of digits", set("1".repeat(MB10)), refused()),
        row(F, "11 digits", set("03830300123".into()), refused()),
        row(
            F,
            "full-width digits",
            set("０３８３０３００１２３４".into()),
            refused(),
        ),
        row(F, "SQL", set("'; DROP TABLE dossier; --".into()), refused()),
        row(F, "LIKE wildcard", set("0383030012%_".into()), refused()),
        row(F, "path", set("../../etc/passwd".into()), refused()),
        row(F, "no such province", set("999303001234".into()), refused()),
        row(
            F,
            "born in the future",
            set("038399001234".into()),
            refused(),
        ),
    ]);
}

fn phone(d: &Dossier) -> String {
    d.applicant.phone.clone()
}

#[test]
fn phone_number() {
    use FormField::Phone as F;
    let set = |v: String| move |d: &mut DossierDraft, _: &Counter| d.applicant.phone = v.clone();
    let ok = || stored(phone, "0912345678".to_string());
    run(vec![
        row(F, "empty", set(String::new()), refused()),
        row(F, "blank", set(" \t ".into()), refused()),
        row(F, "groups and dots", set("0912.345 678".into()), ok()),
        row(F, "+84", set("+84 912 345 678".into()), ok()),
        row(F, "NUL inside", set("0912\u{0}345678".into()), ok()),
        row(F, "bidi override", set("0912\u{202E}345678".into()), ok()),
        row(F, "100 KB", set("9".repeat(KB100)), refused()),
        row(F, "10 MB", set("9".repeat(MB10)), refused()),
        row(
            F,
            "SQL",
            set("0912345678'; DROP TABLE dossier; --".into()),
            refused(),
        ),
        row(F, "LIKE wildcards", set("091234567%".into()), refused()),
        row(F, "path", set("../../etc/passwd".into()), refused()),
        row(
            F,
            "full-width digits",
            set("０９１２３４５６７８".into()),
            refused(),
        ),
        row(F, "nine digits", set("091234567".into()), refused()),
    ]);
}

fn address(d: &Dossier) -> String {
    d.applicant.address.clone()
}

#[test]
fn address_line() {
    use FormField::Address as F;
    let set = |v: String| move |d: &mut DossierDraft, _: &Counter| d.applicant.address = v.clone();
    let same = |v: &'static str| row(F, v, set(v.into()), stored(address, v.to_string()));
    run(vec![
        row(F, "empty", set(String::new()), refused()),
        row(F, "blank", set("\r\n \t".into()), refused()),
        row(F, "100 KB", set("a".repeat(KB100)), refused()),
        row(F, "10 MB", set("Thôn ".repeat(MB10 / 6)), refused()),
        row(
            F,
            "300 characters",
            set("ễ".repeat(300)),
            stored(address, "ễ".repeat(300)),
        ),
        row(
            F,
            "NUL and CR LF",
            set("Thôn Yên Kỳ\0, xã\r\nYên Kỳ".into()),
            stored(address, "Thôn Yên Kỳ , xã Yên Kỳ".to_string()),
        ),
        row(
            F,
            "terminal escapes",
            set("\u{1b}[2J\u{1b}[HThôn 3".into()),
            stored(address, "[2J [HThôn 3".to_string()),
        ),
        row(
            F,
            "bidi override",
            set("Thôn \u{202E}3 nôhT\u{202C}".into()),
            stored(address, "Thôn 3 nôhT".to_string()),
        ),
        row(
            F,
            "NFD",
            set("Tho\u{302}n Ye\u{302}n Ky\u{300}".into()),
            stored(address, "Thôn Yên Kỳ".to_string()),
        ),
        row(
            F,
            "zero-width",
            set("Thôn\u{200B} Yên\u{200D} Kỳ".into()),
            stored(address, "Thôn Yên Kỳ".to_string()),
        ),
        same("'; DROP TABLE dossier; --"),
        same("100% _thôn_ \\ %"),
        same("../../etc/passwd"),
        same("/dev/zero"),
    ]);
}

fn email(d: &Dossier) -> Option<String> {
    d.applicant.email.clone()
}

#[test]
fn email_address() {
    use FormField::Email as F;
    let set = |v: &'static str| {
        move |d: &mut DossierDraft, _: &Counter| d.applicant.email = Some(v.into())
    };
    let huge = |n: usize| {
        move |d: &mut DossierDraft, _: &Counter| {
            d.applicant.email = Some(format!("{}@x.vn", "a".repeat(n)))
        }
    };
    run(vec![
        row(F, "empty", set(""), stored(email, None)),
        row(F, "blank", set(" \t "), stored(email, None)),
        row(
            F,
            "padded",
            set("  Huong@Gmail.com "),
            stored(email, Some("Huong@Gmail.com".into())),
        ),
        row(
            F,
            "NUL at the end",
            set("huong@gmail.com\0"),
            stored(email, Some("huong@gmail.com".into())),
        ),
        row(
            F,
            "bidi override",
            set("huong@gmail.com\u{202E}"),
            stored(email, Some("huong@gmail.com".into())),
        ),
        row(F, "no domain dot", set("huong@gmail"), refused()),
        row(F, "space inside", set("huong @gmail.com"), refused()),
        row(F, "two @", set("a@b@gmail.com"), refused()),
        row(F, "SQL", set("'; DROP TABLE dossier; --@x.vn"), refused()),
        row(
            F,
            "LIKE wildcards",
            set("%_@x.vn"),
            stored(email, Some("%_@x.vn".into())),
        ),
        row(F, "path", set("../../etc/passwd"), refused()),
        row(F, "100 KB", huge(KB100), refused()),
        row(F, "10 MB", huge(MB10), refused()),
    ]);
}

fn procedure(d: &Dossier) -> String {
    d.procedure_code.clone()
}

#[test]
fn procedure_code() {
    use FormField::Procedure as F;
    let set = |v: String| move |d: &mut DossierDraft, _: &Counter| d.procedure_code = v.clone();
    let ok = || stored(procedure, "1.000894".to_string());
    run(vec![
        row(F, "empty", set(String::new()), refused()),
        row(F, "blank", set("  \t".into()), refused()),
        row(F, "padded", set(" 1.000894 ".into()), ok()),
        row(F, "NUL at the end", set("1.000894\0".into()), ok()),
        row(
            F,
            "BOM and zero-width",
            set("\u{FEFF}1.000\u{200B}894".into()),
            ok(),
        ),
        row(F, "unknown", set("9.999999".into()), refused()),
        row(
            F,
            "SQL",
            set("1.000894'; DROP TABLE dossier; --".into()),
            refused(),
        ),
        row(F, "LIKE wildcard %", set("1.000%".into()), refused()),
        row(F, "LIKE wildcard _", set("1.00089_".into()), refused()),
        row(F, "path", set("../../etc/passwd".into()), refused()),
        row(F, "100 KB", set("1".repeat(KB100)), refused()),
        row(F, "10 MB", set("1".repeat(MB10)), refused()),
    ]);
}

fn papers(d: &Dossier) -> Vec<(String, u16)> {
    d.documents
        .iter()
        .map(|p| (p.name.clone(), p.count))
        .collect()
}

fn one_paper(name: &str, count: u16) -> Option<Vec<ReceivedDocument>> {
    Some(vec![ReceivedDocument {
        name: name.into(),
        kind: Default::default(),
        count,
    }])
}

#[test]
fn documents() {
    use FormField::Documents as F;
    let set = |name: String, count: u16| {
        move |d: &mut DossierDraft, _: &Counter| d.documents = one_paper(&name, count)
    };
    let many = |n: usize| {
        move |d: &mut DossierDraft, _: &Counter| {
            d.documents = Some(
                (0..n)
                    .map(|i| ReceivedDocument {
                        name: format!("Giấy tờ {i}"),
                        kind: Default::default(),
                        count: 1,
                    })
                    .collect(),
            );
        }
    };
    let paper = |name: &str, count: u16| stored(papers, vec![(name.to_string(), count)]);
    run(vec![
        row(
            F,
            "none ticked",
            |d, _| d.documents = Some(Vec::new()),
            refused(),
        ),
        row(F, "empty name", set(String::new(), 1), refused()),
        row(F, "blank name", set(" \u{200B} ".into(), 1), refused()),
        row(F, "100 KB name", set("a".repeat(KB100), 1), refused()),
        row(F, "10 MB name", set("a".repeat(MB10), 1), refused()),
        row(
            F,
            "control characters",
            set("Tờ khai\0\r\n\u{1b}".into(), 1),
            paper("Tờ khai", 1),
        ),
        row(
            F,
            "NFD",
            set("To\u{31b}\u{300} khai".into(), 2),
            paper("Tờ khai", 2),
        ),
        row(
            F,
            "SQL",
            set("'; DROP TABLE paper; --".into(), 1),
            paper("'; DROP TABLE paper; --", 1),
        ),
        row(F, "count 0", set("Tờ khai".into(), 0), refused()),
        row(
            F,
            "count 99",
            set("Tờ khai".into(), 99),
            paper("Tờ khai", 99),
        ),
        row(F, "count 100", set("Tờ khai".into(), 100), refused()),
        row(F, "count 65535", set("Tờ khai".into(), u16::MAX), refused()),
        row(
            F,
            "100 papers",
            many(100),
            stored(|d: &Dossier| d.documents.len(), 100),
        ),
        row(F, "101 papers", many(101), refused()),
        row(F, "10,000 papers", many(10_000), refused()),
    ]);
}

#[test]
fn sets_fee_and_deadline() {
    let sets = |n: u16| move |d: &mut DossierDraft, _: &Counter| d.sets = n;
    let fee = |v: i64| move |d: &mut DossierDraft, _: &Counter| d.fee_vnd = Some(v);
    let days = |n: u16| move |d: &mut DossierDraft, _: &Counter| d.deadline_working_days = Some(n);
    let (s, f, dl) = (FormField::Sets, FormField::Fee, FormField::Deadline);
    run(vec![
        row(s, "0", sets(0), refused()),
        row(s, "99", sets(99), stored(|d: &Dossier| d.sets, 99)),
        row(s, "100", sets(100), refused()),
        row(s, "65535", sets(u16::MAX), refused()),
        row(f, "-1", fee(-1), refused()),
        row(f, "i64::MIN", fee(i64::MIN), refused()),
        row(f, "i64::MAX", fee(i64::MAX), refused()),
        row(f, "0", fee(0), stored(|d: &Dossier| d.fee_vnd, 0)),
        row(
            f,
            "100,000,000",
            fee(100_000_000),
            stored(|d: &Dossier| d.fee_vnd, 100_000_000),
        ),
        row(f, "100,000,001", fee(100_000_001), refused()),
        row(
            dl,
            "0 = same day",
            days(0),
            stored(|d: &Dossier| d.deadline, Deadline::SameDay),
        ),
        row(
            dl,
            "365",
            days(365),
            stored(|d: &Dossier| d.deadline, Deadline::WorkingDays(365)),
        ),
        row(dl, "366", days(366), refused()),
        row(dl, "65535", days(u16::MAX), refused()),
    ]);
}

fn note(d: &Dossier) -> String {
    d.note.clone()
}

#[test]
fn note_text() {
    use FormField::Note as F;
    let set = |v: String| move |d: &mut DossierDraft, _: &Counter| d.note = v.clone();
    run(vec![
        row(F, "empty", set(String::new()), stored(note, String::new())),
        row(
            F,
            "blank",
            set(" \r\n\t ".into()),
            stored(note, String::new()),
        ),
        row(
            F,
            "1,000 characters",
            set("ễ".repeat(1000)),
            stored(note, "ễ".repeat(1000)),
        ),
        row(F, "1,001 characters", set("ễ".repeat(1001)), refused()),
        row(F, "100 KB", set("a".repeat(KB100)), refused()),
        row(F, "10 MB", set("a\n".repeat(MB10 / 2)), refused()),
        row(
            F,
            "CRLF and lone CR",
            set("dòng 1\r\ndòng 2\rdòng 3".into()),
            stored(note, "dòng 1\ndòng 2\ndòng 3".to_string()),
        ),
        row(
            F,
            "NUL, ESC, DEL",
            set("a\0b\u{1b}c\u{7f}d".into()),
            stored(note, "abcd".to_string()),
        ),
        row(
            F,
            "bidi override",
            set("ghi \u{202E}chú".into()),
            stored(note, "ghi chú".to_string()),
        ),
        row(
            F,
            "NFD",
            set("Ghi chu\u{301}".into()),
            stored(note, "Ghi chú".to_string()),
        ),
        row(
            F,
            "SQL",
            set("'; DROP TABLE dossier; --".into()),
            stored(note, "'; DROP TABLE dossier; --".to_string()),
        ),
        row(
            F,
            "path",
            set("../../etc/passwd".into()),
            stored(note, "../../etc/passwd".to_string()),
        ),
    ]);
}

#[test]
fn receipt_time() {
    use FormField::ReceivedAt as F;
    let set = |t: NaiveDateTime| move |d: &mut DossierDraft, _: &Counter| d.received_at = Some(t);
    let received = |t: NaiveDateTime| stored(|d: &Dossier| d.received_at, t);
    run(vec![
        row(
            F,
            "4 minutes ahead (clock skew)",
            set(now() + Duration::minutes(4)),
            received(now() + Duration::minutes(4)),
        ),
        row(
            F,
            "6 minutes ahead",
            set(now() + Duration::minutes(6)),
            refused(),
        ),
        row(F, "far future", set(at(9999, 12, 31, 23, 59)), refused()),
        row(F, "latest chrono time", set(NaiveDateTime::MAX), refused()),
        row(F, "year 0", set(at(0, 1, 1, 8, 0)), refused()),
        row(
            F,
            "earliest chrono time",
            set(NaiveDateTime::MIN),
            refused(),
        ),
        // The code's yyMMdd would be that of 23/11/2026: refused, or every
        // dossier of that day would collide with it.
        row(
            F,
            "a century ago today",
            set(at(1926, 11, 23, 9, 0)),
            refused(),
        ),
        row(F, "1999-12-31", set(at(1999, 12, 31, 9, 0)), refused()),
        row(
            F,
            "2000-01-03",
            set(at(2000, 1, 3, 9, 0)),
            received(at(2000, 1, 3, 9, 0)),
        ),
        row(
            F,
            "a Sunday night",
            set(at(2026, 11, 22, 23, 59)),
            received(at(2026, 11, 22, 23, 59)),
        ),
    ]);
}

fn scan_names(d: &Dossier) -> Vec<String> {
    d.attachments.iter().map(|a| a.file_name.clone()).collect()
}

#[test]
fn attachments() {
    use FormField::Attachments as F;
    let named = |file_name: &'static str| {
        move |d: &mut DossierDraft, c: &Counter| {
            d.attachments = vec![Attachment {
                file_name: file_name.into(),
                ..c.scans[0].clone()
            }];
        }
    };
    let huge_name = |n: usize| {
        move |d: &mut DossierDraft, c: &Counter| {
            d.attachments = vec![Attachment {
                file_name: "a".repeat(n),
                ..c.scans[0].clone()
            }];
        }
    };
    let sha = |sha256: &'static str| {
        move |d: &mut DossierDraft, c: &Counter| {
            d.attachments = vec![Attachment {
                sha256: sha256.into(),
                ..c.scans[0].clone()
            }];
        }
    };
    let names = |v: &[&str]| stored(scan_names, v.iter().map(|s| s.to_string()).collect());
    run(vec![
        row(
            F,
            "two real scans",
            |d, c| d.attachments = c.scans.to_vec(),
            names(&["scan-0.pdf", "scan-1.pdf"]),
        ),
        row(F, "empty file name", named(""), refused()),
        row(F, "blank file name", named(" \u{200B} "), refused()),
        row(F, "100 KB file name", huge_name(KB100), refused()),
        row(F, "10 MB file name", huge_name(MB10), refused()),
        row(
            F,
            "control characters in the name",
            named("scan\0\r\n.pdf"),
            names(&["scan .pdf"]),
        ),
        row(
            F,
            // Shown as "hosoexe.pdf" while it is an .exe.
            "bidi override in the name",
            named("hoso\u{202E}fdp.exe"),
            names(&["hosofdp.exe"]),
        ),
        row(
            F,
            "NFD name",
            named("To\u{31b}\u{300} khai.pdf"),
            names(&["Tờ khai.pdf"]),
        ),
        // The name is only shown; the scan is found by its hash.
        row(
            F,
            "path as a name",
            named("../../etc/passwd"),
            names(&["../../etc/passwd"]),
        ),
        row(
            F,
            "SQL as a name",
            named("'; DROP TABLE attachment; --"),
            names(&["'; DROP TABLE attachment; --"]),
        ),
        row(
            F,
            "hash is a path",
            sha("../../../../../../../../../../../../../../../../../../etc/passwd"),
            refused(),
        ),
        row(
            F,
            "hash in capitals",
            sha("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"),
            refused(),
        ),
        row(
            F,
            "hash with SQL",
            sha("'; DROP TABLE attachment; --"),
            refused(),
        ),
        // Well formed, but no such scan on this PC: it would stop every bundle export.
        row(
            F,
            "hash of no stored scan",
            sha("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            refused(),
        ),
        row(
            F,
            "wrong size",
            |d, c| {
                d.attachments = vec![Attachment {
                    size_bytes: 1 << 40,
                    ..c.scans[0].clone()
                }]
            },
            refused(),
        ),
        row(
            F,
            "20 scans",
            |d, c| d.attachments = vec![c.scans[0].clone(); 20],
            stored(|d: &Dossier| d.attachments.len(), 20),
        ),
        row(
            F,
            "21 scans",
            |d, c| d.attachments = vec![c.scans[0].clone(); 21],
            refused(),
        ),
    ]);
}

/// Picking a file to attach: what `attachments::import_file` does with
/// paths that are not a scan. Nothing is left in the attachments directory.
#[test]
fn attaching_paths_that_are_not_files() {
    let c = counter();
    let dir = c.store.attachments_dir();
    let listing = || {
        let mut v: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        v.sort();
        v
    };
    let before = listing();
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.pdf");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(quay::attachments::MAX_BYTES + 1)
        .unwrap();
    let fifo = tmp.path().join("fifo");
    let made_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let link = tmp.path().join("zero.pdf");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let mut cases: Vec<(PathBuf, &str)> = vec![
        (PathBuf::from("/dev/zero"), "không phải là một tệp"),
        (PathBuf::from("/dev/null"), "không phải là một tệp"),
        (tmp.path().to_path_buf(), "không phải là một tệp"),
        (link, "không phải là một tệp"),
        (
            tmp.path().join("../../nonexistent/../x.pdf"),
            "Không đọc được tệp",
        ),
        (tmp.path().join("missing.pdf"), "Không đọc được tệp"),
        (big, "vượt giới hạn 50 MB"),
    ];
    if made_fifo {
        cases.push((fifo, "không phải là một tệp"));
    }
    for (path, words) in cases {
        let e = quay::attachments::import_file(&path, &dir).unwrap_err();
        assert!(e.vi().contains(words), "{}: {}", path.display(), e.vi());
        assert_eq!(listing(), before, "{}", path.display());
    }
    // A real file anywhere may be attached; it is copied under its hash.
    let passwd = Path::new("/etc/passwd");
    if passwd.is_file() {
        let a = quay::attachments::import_file(passwd, &dir).unwrap();
        assert_eq!(a.file_name, "passwd");
        assert!(dir.join(&a.sha256).is_file());
    }
}

/// The refusal that matters most: a receipt dated a century back used to be
/// stored with the code of the same day this century, after which every
/// dossier received that day collided with it and could not be saved.
#[test]
fn a_back_dated_receipt_cannot_block_todays_codes() {
    let mut c = counter();
    let admin = Actor::system("test");
    let mut old = good_draft();
    old.received_at = Some(at(1926, 11, 20, 9, 30));
    match intake::receive(&mut c.store, &old, &admin, now()) {
        Err(IntakeError::Invalid(errors)) => {
            assert!(errors.iter().all(|e| e.field == FormField::ReceivedAt));
        }
        other => panic!("expected a refusal of the receipt time, got {other:?}"),
    }
    // Friday 20/11/2026, entered on Monday: codes …-261120-3001, 3002, 3003.
    for n in 1..=3 {
        let mut d = good_draft();
        d.received_at = Some(at(2026, 11, 20, 9, 0));
        let saved = intake::receive(&mut c.store, &d, &admin, now()).unwrap();
        assert!(
            saved.code.ends_with(&format!("-261120-300{n}")),
            "{}",
            saved.code
        );
    }
    assert_eq!(c.store.dossier_count().unwrap(), 4);
}
