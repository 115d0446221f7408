use super::query::part;
use super::search::{Search, escape_like, trigram_query};
use super::*;
use crate::domain::dossier::{Applicant, Deadline, NewDossier, ResultDelivery};
use crate::domain::settings::CenterSettings;
use crate::store::{Actor, fmt_ts};

fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

/// The moment every test lists at.
fn now() -> NaiveDateTime {
    at(12, 1, 10, 0)
}

struct Person {
    name: &'static str,
    id_number: &'static str,
    phone: &'static str,
}

const PEOPLE: [Person; 10] = [
    Person {
        name: "Nguyễn Văn Hùng",
        id_number: "038090001234",
        phone: "0912345678",
    },
    Person {
        name: "Nguyễn Thị Hường",
        id_number: "038303001235",
        phone: "0987654321",
    },
    Person {
        name: "Phùng Văn Hải",
        id_number: "001085000123",
        phone: "0901112233",
    },
    Person {
        name: "Trần Hùng Dũng",
        id_number: "038201009999",
        phone: "0355000111",
    },
    Person {
        name: "Lê Đức Anh",
        id_number: "038090005678",
        phone: "",
    },
    Person {
        name: "Đặng Thu Hà",
        id_number: "079301004321",
        phone: "0912000999",
    },
    Person {
        name: "Hoàng Văn Hùng",
        id_number: "038090001299",
        phone: "0977000111",
    },
    Person {
        name: "Vũ 100% Vui",
        id_number: "038200000001",
        phone: "0933100100",
    },
    Person {
        name: "Mai_Anh Lan",
        id_number: "038200000002",
        phone: "0933100200",
    },
    Person {
        name: "Mai Anh Lan",
        id_number: "038200000003",
        phone: "0933100300",
    },
];

const FIELDS: [(&str, &str, &str); 3] = [
    ("1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch"),
    (
        "2.000815",
        "Thủ tục chứng thực bản sao từ bản chính",
        "Chứng thực",
    ),
    ("1.003001", "Thủ tục đăng ký biến động đất đai", "Đất đai"),
];

/// A store with `n` dossiers received from 1 October on, spread over the
/// people, fields and channels above, with statuses set the way the lifecycle
/// leaves them: most returned, some open, some waiting for papers (paused).
fn store_with(n: usize) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("q.sqlite3")).unwrap();
    let actor = Actor::system("test");
    let mut seed: u64 = 7;
    let mut next = move |m: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) % m
    };
    for i in 0..n {
        let settings = CenterSettings {
            agency_id: "000.00.12.H56".into(),
            counter_no: 1 + next(3) as u8,
            configured: true,
            ..CenterSettings::default()
        };
        let p = &PEOPLE[next(PEOPLE.len() as u64) as usize];
        let (code, name, field) = FIELDS[next(3) as usize];
        let received = at(10, 1, 8, 0) + chrono::Duration::minutes(97 * i as i64);
        let due = received + chrono::Duration::hours(next(24 * 14) as i64);
        let new = NewDossier {
            procedure_code: code.into(),
            procedure_name: name.into(),
            field: field.into(),
            applicant: Applicant {
                name: p.name.into(),
                id_number: p.id_number.into(),
                phone: p.phone.into(),
                address: "Thôn Yên Kỳ".into(),
                email: None,
            },
            channel: Channel::ALL[next(3) as usize],
            received_at: received,
            deadline: Deadline::WorkingDays(3),
            due_at: due,
            documents: Vec::new(),
            sets: 1,
            fee_vnd: 0,
            result_delivery: ResultDelivery::Counter,
            note: String::new(),
            attachments: Vec::new(),
        };
        let d = store.insert_dossier(&new, &settings, &actor).unwrap();
        let status = [10, 10, 10, 9, 4, 4, 2, 5, 6, 1, 3, 7][next(12) as usize];
        let paused = (status == 5 && next(4) > 0).then(|| fmt_ts(due - chrono::Duration::days(1)));
        let apology = (next(10) == 0).then(|| fmt_ts(due + chrono::Duration::days(2)));
        store
            .conn()
            .execute(
                "UPDATE dossier SET status = ?1, paused_at = ?2, apology_due_at = ?3,
                 supplement_count = ?4 WHERE id = ?5",
                rusqlite::params![status, paused, apology, i64::from(paused.is_some()), d.id],
            )
            .unwrap();
    }
    (dir, store)
}

fn codes(store: &Store, filter: &DossierFilter) -> Vec<String> {
    store
        .list_dossiers(filter, now())
        .unwrap()
        .into_iter()
        .map(|r| r.code)
        .collect()
}

fn search(store: &Store, text: &str) -> Vec<String> {
    let mut found = codes(
        store,
        &DossierFilter {
            text: Some(text.into()),
            limit: u32::MAX,
            ..DossierFilter::default()
        },
    );
    found.sort();
    found
}

/// What every stored dossier holds that the list looks at.
struct Stored {
    id: i64,
    code: String,
    fold: String,
    id_number: String,
    phone: String,
    status: u8,
    field: String,
    channel: u8,
    received_at: String,
    due_at: String,
    paused: bool,
}

fn stored(store: &Store) -> Vec<Stored> {
    let mut stmt = store
        .conn()
        .prepare(
            "SELECT id, code, applicant_fold, id_number, phone, status, field, channel,
                    received_at, due_at, paused_at IS NOT NULL FROM dossier",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(Stored {
            id: r.get(0)?,
            code: r.get(1)?,
            fold: r.get(2)?,
            id_number: r.get(3)?,
            phone: r.get(4)?,
            status: r.get(5)?,
            field: r.get(6)?,
            channel: r.get(7)?,
            received_at: r.get(8)?,
            due_at: r.get(9)?,
            paused: r.get(10)?,
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The list as documented, computed the slow way: every row, in Rust.
fn expected(rows: &[Stored], f: &DossierFilter) -> Vec<String> {
    let q = f
        .text
        .as_deref()
        .map(|t| crate::text::fold(&crate::text::clean_line(t)))
        .filter(|q| !q.is_empty());
    // A text of digits (spaces and dots aside) is a number: CCCD or phone.
    let number = q.as_deref().and_then(|q| {
        let digits = q.chars().any(|c| c.is_ascii_digit());
        let only = q
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '.');
        (digits && only).then(|| q.replace([' ', '.'], ""))
    });
    let (from, to) = due_range(f.due, now());
    let mut hits: Vec<&Stored> = rows
        .iter()
        .filter(|r| {
            let Some(q) = &q else { return true };
            let in_code = q.chars().count() >= 3 && r.code.to_lowercase().contains(q.as_str());
            in_code
                || match &number {
                    Some(n) => {
                        r.id_number.starts_with(n.as_str()) || r.phone.starts_with(n.as_str())
                    }
                    None => r.fold.starts_with(q.as_str()) || r.fold.contains(&format!(" {q}")),
                }
        })
        .filter(|r| f.status.is_none_or(|s| s.code() == r.status))
        .filter(|r| f.field.as_deref().is_none_or(|x| x == r.field))
        .filter(|r| f.channel.is_none_or(|c| c.code() == r.channel))
        .filter(|r| f.due.is_none() || ([1, 2, 4, 5, 6].contains(&r.status) && !r.paused))
        .filter(|r| from.is_none_or(|t| r.due_at >= fmt_ts(t)))
        .filter(|r| to.is_none_or(|t| r.due_at < fmt_ts(t)))
        .collect();
    hits.sort_by(|a, b| match f.sort {
        DossierSort::DueAsc => (&a.due_at, a.id).cmp(&(&b.due_at, b.id)),
        DossierSort::DueDesc => (&b.due_at, b.id).cmp(&(&a.due_at, a.id)),
        DossierSort::ReceivedDesc => (&b.received_at, b.id).cmp(&(&a.received_at, a.id)),
        DossierSort::ReceivedAsc => (&a.received_at, a.id).cmp(&(&b.received_at, b.id)),
        DossierSort::Code => a.code.cmp(&b.code),
    });
    hits.into_iter()
        .take(f.limit as usize)
        .map(|r| r.code.clone())
        .collect()
}

#[test]
fn search_finds_every_kind_of_text_staff_type() {
    let (_dir, store) = store_with(60);
    let rows = stored(&store);
    let with = |pred: &dyn Fn(&Stored) -> bool| {
        let mut v: Vec<String> = rows
            .iter()
            .filter(|r| pred(r))
            .map(|r| r.code.clone())
            .collect();
        v.sort();
        v
    };
    let hung = with(&|r| r.fold == "nguyen van hung");
    assert!(!hung.is_empty());
    // The name, with or without diacritics, whole or from any word on.
    assert_eq!(search(&store, "nguyen van hung"), hung);
    assert_eq!(search(&store, "Nguyễn Văn Hùng"), hung);
    assert_eq!(search(&store, "  NGUYỄN   văn hùng "), hung);
    assert_eq!(
        search(&store, "nguyen van"),
        with(&|r| r.fold.starts_with("nguyen van"))
    );
    assert_eq!(
        search(&store, "hung"),
        with(
            &|r| ["nguyen van hung", "tran hung dung", "hoang van hung"].contains(&r.fold.as_str())
        )
    );
    assert_eq!(
        search(&store, "van hung"),
        with(&|r| r.fold.ends_with("van hung"))
    );
    assert_eq!(
        search(&store, "dang"),
        with(&|r| r.fold == "dang thu ha"),
        "Đ folds to d"
    );
    // The start of a word only: "hung" is not found inside "Phùng".
    assert!(
        search(&store, "hung")
            .iter()
            .all(|c| !with(&|r| r.fold.starts_with("phung")).contains(c))
    );
    assert!(search(&store, "guyen").is_empty());
    // CCCD and phone from their start, typed with or without spaces.
    assert_eq!(
        search(&store, "038090"),
        with(&|r| r.id_number.starts_with("038090"))
    );
    assert_eq!(
        search(&store, "038 090 001234"),
        with(&|r| r.id_number == "038090001234")
    );
    assert_eq!(
        search(&store, "0912"),
        with(&|r| r.phone.starts_with("0912"))
    );
    assert!(
        search(&store, "001234").is_empty(),
        "not the middle of a CCCD"
    );
    // Any part of the code from three characters: its tail, its date, all of it.
    let one = rows[17].code.clone();
    assert_eq!(search(&store, &one), std::slice::from_ref(&one));
    assert_eq!(
        search(&store, &one.to_lowercase()),
        std::slice::from_ref(&one)
    );
    let tail = &one[one.len() - 4..];
    assert_eq!(
        search(&store, tail),
        with(&|r| r.code.contains(tail)
            || r.id_number.starts_with(tail)
            || r.phone.starts_with(tail))
    );
    let date = &one[14..20];
    assert_eq!(search(&store, date), with(&|r| r.code.contains(date)));
    assert_eq!(search(&store, "zzzz"), Vec::<String>::new());
}

#[test]
fn like_wildcards_are_plain_characters() {
    let (_dir, store) = store_with(60);
    let rows = stored(&store);
    let named = |fold: &str| {
        let mut v: Vec<String> = rows
            .iter()
            .filter(|r| r.fold == fold)
            .map(|r| r.code.clone())
            .collect();
        v.sort();
        v
    };
    assert!(!named("vu 100% vui").is_empty() && !named("mai_anh lan").is_empty());
    assert!(search(&store, "%").is_empty());
    assert!(search(&store, "_").is_empty());
    assert!(search(&store, "\\").is_empty());
    assert_eq!(search(&store, "100%"), named("vu 100% vui"));
    assert_eq!(search(&store, "mai_"), named("mai_anh lan"));
    assert_eq!(
        search(&store, "mai_anh"),
        named("mai_anh lan"),
        "_ is not any character"
    );
    assert_eq!(search(&store, "mai anh"), named("mai anh lan"));
    assert_eq!(escape_like("a%b_c\\"), "a\\%b\\_c\\\\");
}

#[test]
fn one_and_two_characters_match_the_start_of_names_and_numbers() {
    let (_dir, store) = store_with(60);
    let rows = stored(&store);
    for q in ["h", "hu", "ng", "0", "09", "03", "12", "%", "đ"] {
        let f = DossierFilter {
            text: Some(q.into()),
            limit: u32::MAX,
            ..DossierFilter::default()
        };
        assert_eq!(codes(&store, &f), expected(&rows, &f), "{q:?}");
    }
    // Short texts never match inside a code: "12" is in every code here.
    assert!(search(&store, "12").is_empty());
    assert!(!search(&store, "hu").is_empty());
}

#[test]
fn every_sort_order_and_filter_matches_the_documented_list() {
    let (_dir, store) = store_with(150);
    let rows = stored(&store);
    let texts = [
        None,
        Some("hung"),
        Some("nguyen van hung"),
        Some("0912"),
        Some("van"),
        Some("H56-2610"),
        Some("038"),
    ];
    let sorts = [
        DossierSort::DueAsc,
        DossierSort::DueDesc,
        DossierSort::ReceivedDesc,
        DossierSort::ReceivedAsc,
        DossierSort::Code,
    ];
    let statuses = [
        None,
        Some(DossierStatus::Processing),
        Some(DossierStatus::Returned),
    ];
    let dues = [
        None,
        Some(DueFilter::Overdue),
        Some(DueFilter::Today),
        Some(DueFilter::WithinDays(5)),
    ];
    let mut checked = 0;
    for text in texts {
        for sort in sorts {
            for status in statuses {
                for due in dues {
                    for (field, channel, limit) in [
                        (None, None, 100),
                        (None, None, 3),
                        (Some("Hộ tịch"), None, 7),
                        (None, Some(Channel::Online), 100),
                    ] {
                        let f = DossierFilter {
                            text: text.map(String::from),
                            status,
                            field: field.map(String::from),
                            channel,
                            due,
                            sort,
                            limit,
                        };
                        let want = expected(&rows, &f);
                        assert_eq!(codes(&store, &f), want, "{f:?}");
                        // The other ways to the rows give the same list: only
                        // walking the order, and gathering whenever an index
                        // narrows the filter (a million-dossier database picks
                        // between them by counts this small one never reaches).
                        for cap in [0, u64::MAX] {
                            let got: Vec<String> = store
                                .list_dossiers_capped(&f, now(), cap)
                                .unwrap()
                                .into_iter()
                                .map(|r| r.code)
                                .collect();
                            assert_eq!(got, want, "cap {cap}: {f:?}");
                        }
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 7 * 5 * 3 * 4 * 4);
    // Some of those lists are long enough to mean something.
    let all = DossierFilter {
        sort: DossierSort::ReceivedAsc,
        limit: u32::MAX,
        ..DossierFilter::default()
    };
    assert_eq!(codes(&store, &all).len(), 150);
}

#[test]
fn sort_orders_break_ties_by_the_dossier_stored_first() {
    let (_dir, store) = store_with(12);
    store
        .conn()
        .execute_batch("UPDATE dossier SET due_at = '2026-12-05T17:00:00', received_at = '2026-11-30T08:00:00'")
        .unwrap();
    let by_id: Vec<String> = stored(&store).into_iter().map(|r| r.code).collect();
    let list = |sort| {
        codes(
            &store,
            &DossierFilter {
                sort,
                ..DossierFilter::default()
            },
        )
    };
    let mut reversed = by_id.clone();
    reversed.reverse();
    assert_eq!(list(DossierSort::DueAsc), by_id);
    assert_eq!(list(DossierSort::ReceivedAsc), by_id);
    assert_eq!(list(DossierSort::DueDesc), reversed);
    assert_eq!(list(DossierSort::ReceivedDesc), reversed);
    let mut by_code = by_id.clone();
    by_code.sort();
    assert_eq!(list(DossierSort::Code), by_code);
}

#[test]
fn a_paused_dossier_is_neither_due_nor_overdue_until_its_clock_runs_again() {
    let (_dir, store) = store_with(1);
    let code = stored(&store)[0].code.clone();
    let set = |status: u8, paused: Option<&str>, due: &str| {
        store
            .conn()
            .execute(
                "UPDATE dossier SET status = ?1, paused_at = ?2, due_at = ?3",
                rusqlite::params![status, paused, due],
            )
            .unwrap();
    };
    let due = |d| {
        codes(
            &store,
            &DossierFilter {
                due: Some(d),
                ..DossierFilter::default()
            },
        )
    };
    let every = || {
        [
            DueFilter::Overdue,
            DueFilter::Today,
            DueFilter::WithinDays(3),
        ]
        .map(due)
    };

    set(4, None, "2026-11-30T17:00:00");
    assert_eq!(due(DueFilter::Overdue), std::slice::from_ref(&code));
    set(5, Some("2026-11-28T09:00:00"), "2026-11-30T17:00:00");
    assert!(every().iter().all(Vec::is_empty), "paused: not overdue");
    set(5, Some("2026-11-28T09:00:00"), "2026-12-01T16:00:00");
    assert!(every().iter().all(Vec::is_empty), "paused: not due today");
    // The papers came: the clock runs again (status 4, paused_at cleared).
    set(4, None, "2026-12-01T16:00:00");
    assert_eq!(due(DueFilter::Today), std::slice::from_ref(&code));
    assert_eq!(due(DueFilter::WithinDays(3)), std::slice::from_ref(&code));
    assert!(due(DueFilter::Overdue).is_empty());
    // Without a due filter a paused dossier is listed like any other, marked.
    set(5, Some("2026-11-28T09:00:00"), "2026-11-30T17:00:00");
    let rows = store
        .list_dossiers(&DossierFilter::default(), now())
        .unwrap();
    assert!(rows[0].paused);
    assert_eq!(rows[0].status, DossierStatus::SupplementRequested);
}

#[test]
fn rows_carry_channel_apology_pause_and_supplements() {
    let (_dir, store) = store_with(1);
    store
        .conn()
        .execute_batch(
            "UPDATE dossier SET channel = 3, status = 5, paused_at = '2026-11-28T09:00:00',
             supplement_count = 2, apology_due_at = '2026-12-09T17:00:00'",
        )
        .unwrap();
    let row = &store
        .list_dossiers(&DossierFilter::default(), now())
        .unwrap()[0];
    assert_eq!(row.channel, Channel::Post);
    assert_eq!(row.apology_due_at, Some(at(12, 9, 17, 0)));
    assert!(row.paused);
    assert_eq!(row.supplement_count, 2);
    assert!(
        store
            .list_dossiers(
                &DossierFilter {
                    limit: 0,
                    ..DossierFilter::default()
                },
                now()
            )
            .unwrap()
            .is_empty()
    );
}

#[test]
fn search_indexes_follow_a_changed_code_or_name() {
    // Never done by the application today; the triggers must still be right.
    let (_dir, store) = store_with(3);
    let c = store.conn();
    c.execute_batch(
        "UPDATE dossier SET applicant_name = 'Tô Ngọc Vân', applicant_fold = 'to ngoc van',
                code = 'X-999999-9999' WHERE id = 2;
         DELETE FROM dossier WHERE id = 3;",
    )
    .unwrap();
    assert_eq!(search(&store, "ngoc van"), ["X-999999-9999"]);
    assert_eq!(search(&store, "99999-9"), ["X-999999-9999"]);
    let word_rows: i64 = c
        .query_row(
            "SELECT count(*) FROM dossier_name_word WHERE dossier_id IN (2, 3)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(word_rows, 2, "'ngoc van' and 'van' only");
    c.execute_batch("INSERT INTO dossier_code_trigram (dossier_code_trigram, rank) VALUES ('integrity-check', 1)")
        .unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn the_search_text_becomes_patterns_ranges_and_trigrams() {
    let s = Search::new(" Nguyễn  Văn_ ").unwrap();
    assert_eq!(
        (s.name.as_str(), s.name_word.as_str()),
        ("nguyen van\\_%", "% nguyen van\\_%")
    );
    assert_eq!(s.code.as_deref(), Some("%nguyen van\\_%"));
    assert_eq!(s.lo, "nguyen van_");
    assert!(s.hi > s.lo && s.hi.starts_with("nguyen van_"));
    assert_eq!(
        Search::new("038 303.001234").unwrap().number_lo,
        "038303001234"
    );
    assert_eq!(Search::new("0912-3").unwrap().number_lo, "0912-3");
    assert!(Search::new(" \t").is_none());
    let short = Search::new("Hà").unwrap();
    assert_eq!((short.code, short.trigrams), (None, None));
    assert_eq!(trigram_query("0012"), "\"001\" AND \"012\"");
    assert_eq!(trigram_query("a\"bc"), "\"a\"\"b\" AND \"\"\"bc\"");
    // Only the tail's trigrams: the agency id at a code's head is in every code.
    assert_eq!(
        trigram_query("000.00.12.h56-261124-2001"),
        "\"112\" AND \"124\" AND \"24-\" AND \"4-2\" AND \"-20\" AND \"200\" AND \"001\""
    );
    assert_eq!(trigram_query("aaaa"), "\"aaa\"");
}

#[test]
fn every_query_part_is_in_parts_sql() {
    for name in [
        "name",
        "number",
        "code",
        "status",
        "field",
        "channel",
        "running",
        "ids_name",
        "ids_number",
        "ids_code",
        "ids_chosen",
        "ids_index",
        "total",
    ] {
        let sql = part(name).unwrap();
        assert!(!sql.is_empty() && !sql.contains("--"), "{name}: {sql:?}");
    }
    assert!(part("nothing").is_err());
    assert_eq!(
        part("running").unwrap(),
        "d.status IN (1, 2, 4, 5, 6) AND d.paused_at IS NULL\nAND d.due_at >= :due_from AND d.due_at < :due_to\nAND d.cancelled_at IS NULL"
    );
}

#[test]
fn a_text_of_digits_is_a_number_and_anything_else_a_name() {
    for (text, number) in [
        ("038 303.001234", true),
        ("0912", true),
        ("2001", true),
        ("Hà", false),
        ("12a", false),
        ("261124-2001", false),
        ("100%", false),
        (". .", false),
    ] {
        assert_eq!(
            Search::new(text).map(|s| s.is_number),
            Some(number),
            "{text:?}"
        );
    }
}

#[test]
fn due_ranges_end_at_midnight() {
    let now = at(12, 1, 10, 30);
    let day = |d| at(12, d, 0, 0);
    assert_eq!(
        due_range(Some(DueFilter::Today), now),
        (Some(now), Some(day(2))),
        "a dossier due earlier today is overdue, not due today"
    );
    assert_eq!(
        due_range(Some(DueFilter::WithinDays(3)), now),
        (Some(now), Some(day(5)))
    );
    assert_eq!(due_range(Some(DueFilter::Overdue), now), (None, Some(now)));
    assert_eq!(due_range(None, now), (None, None));
}
