use super::*;
use crate::domain::catalog::parse_catalog_csv;

fn index() -> ProcedureIndex {
    ProcedureIndex::new(parse_catalog_csv(crate::BUNDLED_CATALOG).unwrap())
}

fn codes(hits: &[&Procedure]) -> Vec<String> {
    hits.iter().map(|p| p.code.clone()).collect()
}

#[test]
fn ket_hon_finds_marriage_first() {
    let idx = index();
    let hits = idx.search("ket hon", 100);
    let c = codes(&hits);
    assert_eq!(c.first().map(String::as_str), Some("1.000894"));
    assert!(c.contains(&"2.000806".to_string()));
    assert!(hits.iter().all(|p| fold(&p.name).contains("ket hon")
        || fold(&p.field).contains("ket hon")
        || (fold(&p.name).contains("ket") && fold(&p.name).contains("hon"))));
}

#[test]
fn case_and_accents_do_not_matter() {
    let idx = index();
    let a = codes(&idx.search("KẾT HÔN", 100));
    let b = codes(&idx.search("kết hôn", 100));
    let c = codes(&idx.search("  ket   hon ", 100));
    let d = codes(&idx.search("Ke\u{0302}\u{0301}t ho\u{0302}n", 100));
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(a, d);
}

#[test]
fn code_prefix() {
    let idx = index();
    let hits = idx.search("1.0011", 100);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|p| p.code.starts_with("1.0011")));
    assert_eq!(codes(&hits), vec!["1.001193"]);
    assert_eq!(codes(&idx.search("2.000806", 10)), vec!["2.000806"]);
    let ranked = idx.search("1.00", 100);
    assert!(ranked.iter().all(|p| p.code.contains("1.00")));
}

#[test]
fn khai_sinh() {
    let idx = index();
    let hits = idx.search("khai sinh", 100);
    assert_eq!(hits[0].code, "1.001193");
    assert!(hits.len() >= 5);
    assert!(hits.iter().any(|p| p.code == "2.000528"));
}

#[test]
fn nonsense_finds_nothing() {
    let idx = index();
    assert!(idx.search("xyzzy qwerty", 10).is_empty());
    assert!(idx.search("ket hon xyzzy", 10).is_empty());
}

#[test]
fn field_words_match() {
    let idx = index();
    let hits = idx.search("chung thuc", 100);
    assert!(hits.len() >= 12);
    let hits = idx.search("cha, mẹ", 100);
    assert!(hits.iter().any(|p| p.code == "1.001022"));
}

#[test]
fn empty_query_lists_catalog_order_and_limit_applies() {
    let idx = index();
    assert_eq!(idx.len(), 80);
    assert!(!idx.is_empty());
    let first = idx.search("", 3);
    assert_eq!(codes(&first), vec!["1.001193", "1.000656", "1.000894"]);
    assert_eq!(idx.search("  ", 5).len(), 5);
    assert_eq!(idx.search("ket hon", 1).len(), 1);
    assert!(idx.search("ket hon", 0).is_empty());
    assert_eq!(idx.all().len(), 80);
}

#[test]
fn get_by_code() {
    let idx = index();
    assert_eq!(
        idx.get("1.000894").map(|p| p.name.as_str()),
        Some("Thủ tục đăng ký kết hôn")
    );
    assert_eq!(
        idx.get(" 1.000894 ").map(|p| p.code.as_str()),
        Some("1.000894")
    );
    assert!(idx.get("9.999999").is_none());
    assert!(ProcedureIndex::default().is_empty());
}

#[test]
fn fast_enough_for_a_big_catalog() {
    let base = parse_catalog_csv(crate::BUNDLED_CATALOG).unwrap();
    let big: Vec<Procedure> = (0..2_500)
        .map(|i| {
            let mut p = base[i % base.len()].clone();
            p.code = format!("{}.{:06}", 1 + i / 1000, i);
            p.name = format!("{} (biến thể {i})", p.name);
            p
        })
        .collect();
    let idx = ProcedureIndex::new(big);
    let queries = [
        "d",
        "da",
        "dang ky",
        "dang ky ket hon",
        "1.0011",
        "xyz",
        "ho tich",
    ];
    let start = std::time::Instant::now();
    let rounds = 20;
    for _ in 0..rounds {
        for q in queries {
            std::hint::black_box(idx.search(q, 60));
        }
    }
    let per_query = start.elapsed() / (rounds * queries.len() as u32);
    // Debug builds are ~10× slower than release; the 2 ms target is for release.
    assert!(per_query.as_millis() < 20, "{per_query:?} per query");
}
