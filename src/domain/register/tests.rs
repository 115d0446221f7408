use super::*;
use chrono::NaiveDate;

fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .unwrap()
}

fn entry(no: i64) -> RegisterEntry {
    RegisterEntry {
        code: format!("000.00.12.H56-261125-{:04}", 1000 + no),
        procedure_name: "Thủ tục đăng ký kết hôn".into(),
        sets: 1,
        applicant_name: "Nguyễn Thị Hường".into(),
        address: "Thôn Yên Kỳ, xã Yên Kỳ".into(),
        phone: "0912345678".into(),
        received_at: at(25, 9, 5),
        due_at: at(27, 9, 5),
        returned_at: None,
        note: String::new(),
        register_book: 2026,
        register_no: no,
    }
}

fn read(csv_text: &str) -> Vec<Vec<String>> {
    let body = csv_text.strip_prefix('\u{FEFF}').expect("BOM first");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn empty_register_is_the_bom_and_the_header() {
    let text = register_csv(&[]);
    assert!(text.starts_with('\u{FEFF}'));
    let rows = read(&text);
    assert_eq!(rows, vec![CSV_HEADER.map(String::from).to_vec()]);
    assert!(text.ends_with("\r\n"));
}

#[test]
fn dates_are_day_first_and_an_open_dossier_has_no_return_date() {
    let mut returned = entry(2);
    returned.returned_at = Some(at(26, 14, 30));
    let rows = read(&register_csv(&[entry(1), returned]));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][0], "2026");
    assert_eq!(rows[1][1], "1");
    assert_eq!(rows[1][8], "25/11/2026 09:05");
    assert_eq!(rows[1][9], "27/11/2026 09:05");
    assert_eq!(rows[1][10], "");
    assert_eq!(rows[2][10], "26/11/2026 14:30");
    assert_eq!(rows[2][7], "0912345678", "a phone keeps its leading zero");
}

#[test]
fn awkward_text_round_trips() {
    let mut e = entry(7);
    e.applicant_name = "Công ty TNHH \"Hoà Bình\", chi nhánh 2".into();
    e.address = "Số 5, ngõ 3\nThôn Đông; xã Yên Kỳ".into();
    e.note = "Ghi chú có dấu phẩy, dấu chấm phẩy; và \"ngoặc kép\"".into();
    e.sets = 12;
    let rows = read(&register_csv(std::slice::from_ref(&e)));
    assert_eq!(rows[1][5], e.applicant_name);
    assert_eq!(rows[1][6], e.address);
    assert_eq!(rows[1][11], e.note);
    assert_eq!(rows[1][4], "12");
    assert_eq!(rows[1].len(), CSV_HEADER.len());
}
