use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

#[test]
fn valid_numbers() {
    let a = validate_cccd("001099012345", today()).unwrap();
    assert_eq!(
        a,
        CccdInfo {
            province_code: 1,
            province_name: "Hà Nội",
            male: true,
            birth_year: 1999
        }
    );
    let b = validate_cccd("038303001234", today()).unwrap();
    assert_eq!(b.province_name, "Thanh Hóa");
    assert!(!b.male);
    assert_eq!(b.birth_year, 2003);
    let c = validate_cccd("096226000001", today()).unwrap();
    assert_eq!(
        (c.province_name, c.male, c.birth_year),
        ("Cà Mau", true, 2026)
    );
    let old = validate_cccd("079196000001", today()).unwrap();
    assert_eq!(
        (old.province_name, old.birth_year),
        ("TP. Hồ Chí Minh", 1996)
    );
}

#[test]
fn spaces_are_stripped() {
    let a = validate_cccd(" 001 099 012 345 ", today()).unwrap();
    assert_eq!(a.birth_year, 1999);
    assert!(validate_cccd("001\u{00A0}099\t012345", today()).is_ok());
    assert_eq!(normalize_cccd(" 001 099 012 345 "), "001099012345");
}

#[test]
fn each_error() {
    assert_eq!(validate_cccd("   ", today()), Err(CccdError::Empty));
    assert_eq!(
        validate_cccd("00109901234", today()),
        Err(CccdError::Length(11))
    );
    assert_eq!(
        validate_cccd("0010990123456", today()),
        Err(CccdError::Length(13))
    );
    assert_eq!(
        validate_cccd("00109901234a", today()),
        Err(CccdError::NotDigit('a'))
    );
    assert_eq!(
        validate_cccd("001-099-012-345", today()),
        Err(CccdError::NotDigit('-'))
    );
    // Full-width digits look right on screen but are not what the card says.
    assert_eq!(
        validate_cccd("００１099012345", today()),
        Err(CccdError::NotDigit('０'))
    );
    assert_eq!(
        validate_cccd("099099012345", today()),
        Err(CccdError::Province(99))
    );
    assert_eq!(
        validate_cccd("000099012345", today()),
        Err(CccdError::Province(0))
    );
    assert_eq!(
        validate_cccd("003099012345", today()),
        Err(CccdError::Province(3))
    );
    assert_eq!(
        validate_cccd("001231012345", today()),
        Err(CccdError::FutureYear(2031))
    );
    assert_eq!(
        validate_cccd("001427012345", today()),
        Err(CccdError::FutureYear(2127))
    );
}

#[test]
fn age_bounds() {
    let t = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    // 1900 is 130 years before 2030: still accepted; 1899 cannot be written
    // (digit 4 = 0 means 1900–1999), so test the bound with a later today.
    assert_eq!(validate_cccd("001000012345", t).unwrap().birth_year, 1900);
    let t = NaiveDate::from_ymd_opt(2031, 6, 1).unwrap();
    assert_eq!(
        validate_cccd("001000012345", t),
        Err(CccdError::TooOld(1900))
    );
}

#[test]
fn messages() {
    assert_eq!(
        CccdError::Length(11).vi(),
        "Số CCCD phải gồm đúng 12 chữ số (đã nhập 11)."
    );
    assert_eq!(
        CccdError::Province(99).vi(),
        "Ba chữ số đầu của CCCD (099) không phải mã tỉnh nơi đăng ký khai sinh hợp lệ."
    );
    assert_eq!(
        CccdError::FutureYear(2031).vi(),
        "Năm sinh trong số CCCD (2031) ở tương lai: kiểm tra chữ số thứ 4 (thế kỷ, giới tính) và chữ số thứ 5–6 (năm sinh)."
    );
    assert!(CccdError::TooOld(1890).vi().contains("130 năm"));
    assert!(CccdError::Province(99).to_string().contains("099"));
}

#[test]
fn province_table_is_complete_and_sorted() {
    assert_eq!(PROVINCES.len(), 63);
    assert!(PROVINCES.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(province_name(46), Some("Thừa Thiên Huế"));
    assert_eq!(province_name(77), Some("Bà Rịa – Vũng Tàu"));
    assert_eq!(province_name(3), None);
    assert!(
        PROVINCES
            .iter()
            .all(|(_, n)| unicode_normalization::is_nfc(n))
    );
}
