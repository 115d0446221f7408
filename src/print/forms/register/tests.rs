use super::*;

fn at(d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .and_then(|d| d.and_hms_opt(h, 5, 0))
        .unwrap()
}

fn entry(i: i64, book: i32) -> RegisterEntry {
    RegisterEntry {
        code: format!("000.00.12.H56-261125-{}", 1000 + i),
        procedure_name:
            "Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp"
                .into(),
        sets: 1,
        applicant_name: format!("Người nộp {i}"),
        address: "Thôn Đồng Tâm, xã Yên Kỳ".into(),
        phone: "0912345678".into(),
        received_at: at(25, 8),
        due_at: at(27, 8),
        returned_at: None,
        note: String::new(),
        register_book: book,
        register_no: i,
    }
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn lay_out(entries: &[RegisterEntry]) -> Vec<Vec<String>> {
    let text = Text::new(entries, day(1), day(30), &CenterSettings::default());
    let marks = PageMarks {
        reprint: None,
        copy_label: None,
        running_head: vec![Span::regular("Sổ theo dõi hồ sơ (tiếp theo)")],
    };
    super::super::page_strings(&style(), SHEET, &marks, |f| body(f, &text)).unwrap()
}

#[test]
fn the_period_is_written_day_first() {
    assert_eq!(
        period(day(1), day(30)),
        "Từ ngày 01/11/2026 đến ngày 30/11/2026"
    );
}

#[test]
fn every_page_repeats_the_header_and_every_entry_is_there() {
    let entries: Vec<RegisterEntry> = (1..=80).map(|i| entry(i, 2026)).collect();
    let pages = lay_out(&entries);
    assert!(pages.len() >= 4, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        assert!(page.iter().any(|s| s == "Mã hồ sơ"), "page {}", i + 1);
        assert!(page.iter().any(|s| s == "Ký nhận"), "page {}", i + 1);
        assert!(
            page.iter()
                .any(|s| s == &format!("Trang {}/{}", i + 1, pages.len()))
        );
    }
    for e in &entries {
        let found = pages
            .iter()
            .flatten()
            .filter(|s| **s == e.applicant_name)
            .count();
        assert_eq!(found, 1, "{}", e.applicant_name);
    }
}

#[test]
fn two_books_in_one_period_print_the_book_under_the_number() {
    let pages = lay_out(&[entry(3120, 2025), entry(1, 2026)]);
    let all: Vec<&String> = pages.iter().flatten().collect();
    assert!(all.iter().any(|s| s.as_str() == "(2025)"));
    assert!(all.iter().any(|s| s.contains("Quyển số: 2025, 2026")));
    let one = lay_out(&[entry(1, 2026)]);
    assert!(!one.iter().flatten().any(|s| s == "(2026)"));
}
