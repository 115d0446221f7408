//! Citizen identity numbers (số CCCD / số định danh cá nhân, 12 digits).
//!
//! Layout (Thông tư 07/2016/TT-BCA, amended by Thông tư 59/2021/TT-BCA):
//! digits 1–3 the province where the birth was registered, digit 4 century
//! and gender, digits 5–6 the last two digits of the birth year, digits 7–12
//! a random sequence. There is no check digit, so this catches typos in the
//! first six digits only.

use chrono::{Datelike, NaiveDate};

use super::Localized;

/// A birth year further back than this is taken for a typo, not a citizen.
const MAX_AGE_YEARS: i32 = 130;

/// What the first six digits of a valid number say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CccdInfo {
    pub province_code: u16,
    pub province_name: &'static str,
    pub male: bool,
    pub birth_year: i32,
}

/// Why a number is refused; each says which digits to check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CccdError {
    #[error("citizen ID number is empty")]
    Empty,
    #[error("citizen ID number may contain only digits (found {0:?})")]
    NotDigit(char),
    #[error("citizen ID number must have exactly 12 digits (got {0})")]
    Length(usize),
    #[error("first three digits {0:03} are not a province code of Circular 07/2016/TT-BCA")]
    Province(u16),
    #[error("birth year {0} encoded in the ID number is in the future")]
    FutureYear(i32),
    #[error("birth year {0} encoded in the ID number is more than 130 years ago")]
    TooOld(i32),
}

impl Localized for CccdError {
    fn vi(&self) -> String {
        match self {
            CccdError::Empty => "Chưa nhập số CCCD (12 chữ số).".into(),
            CccdError::NotDigit(c) => format!(
                "Số CCCD chỉ được gồm chữ số, không có ký tự “{c}” (U+{:04X}).",
                u32::from(*c)
            ),
            CccdError::Length(n) => format!("Số CCCD phải gồm đúng 12 chữ số (đã nhập {n})."),
            CccdError::Province(code) => format!(
                "Ba chữ số đầu của CCCD ({code:03}) không phải mã tỉnh nơi đăng ký khai sinh hợp lệ."
            ),
            CccdError::FutureYear(y) => format!(
                "Năm sinh trong số CCCD ({y}) ở tương lai: kiểm tra chữ số thứ 4 (thế kỷ, giới tính) và chữ số thứ 5–6 (năm sinh)."
            ),
            CccdError::TooOld(y) => format!(
                "Năm sinh trong số CCCD ({y}) cách đây hơn {MAX_AGE_YEARS} năm: kiểm tra chữ số thứ 4 (thế kỷ, giới tính) và chữ số thứ 5–6 (năm sinh)."
            ),
        }
    }
}

/// Province codes of Thông tư 07/2016/TT-BCA (the 63 provinces before the
/// 2025 merger: the code records where the birth was registered, so it never
/// changes with later boundaries).
const PROVINCES: [(u16, &str); 63] = [
    (1, "Hà Nội"),
    (2, "Hà Giang"),
    (4, "Cao Bằng"),
    (6, "Bắc Kạn"),
    (8, "Tuyên Quang"),
    (10, "Lào Cai"),
    (11, "Điện Biên"),
    (12, "Lai Châu"),
    (14, "Sơn La"),
    (15, "Yên Bái"),
    (17, "Hòa Bình"),
    (19, "Thái Nguyên"),
    (20, "Lạng Sơn"),
    (22, "Quảng Ninh"),
    (24, "Bắc Giang"),
    (25, "Phú Thọ"),
    (26, "Vĩnh Phúc"),
    (27, "Bắc Ninh"),
    (30, "Hải Dương"),
    (31, "Hải Phòng"),
    (33, "Hưng Yên"),
    (34, "Thái Bình"),
    (35, "Hà Nam"),
    (36, "Nam Định"),
    (37, "Ninh Bình"),
    (38, "Thanh Hóa"),
    (40, "Nghệ An"),
    (42, "Hà Tĩnh"),
    (44, "Quảng Bình"),
    (45, "Quảng Trị"),
    (46, "Thừa Thiên Huế"),
    (48, "Đà Nẵng"),
    (49, "Quảng Nam"),
    (51, "Quảng Ngãi"),
    (52, "Bình Định"),
    (54, "Phú Yên"),
    (56, "Khánh Hòa"),
    (58, "Ninh Thuận"),
    (60, "Bình Thuận"),
    (62, "Kon Tum"),
    (64, "Gia Lai"),
    (66, "Đắk Lắk"),
    (67, "Đắk Nông"),
    (68, "Lâm Đồng"),
    (70, "Bình Phước"),
    (72, "Tây Ninh"),
    (74, "Bình Dương"),
    (75, "Đồng Nai"),
    (77, "Bà Rịa – Vũng Tàu"),
    (79, "TP. Hồ Chí Minh"),
    (80, "Long An"),
    (82, "Tiền Giang"),
    (83, "Bến Tre"),
    (84, "Trà Vinh"),
    (86, "Vĩnh Long"),
    (87, "Đồng Tháp"),
    (89, "An Giang"),
    (91, "Kiên Giang"),
    (92, "Cần Thơ"),
    (93, "Hậu Giang"),
    (94, "Sóc Trăng"),
    (95, "Bạc Liêu"),
    (96, "Cà Mau"),
];

/// The province of birth registration for a three-digit code.
pub fn province_name(code: u16) -> Option<&'static str> {
    PROVINCES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// The number as stored: `input` without any whitespace ("001 099 012 345"
/// is how it is printed on the card and often typed).
pub fn normalize_cccd(input: &str) -> String {
    input.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Checks a CCCD number typed at the counter (spaces allowed) and reads its
/// first six digits; `today` bounds the birth year.
pub fn validate_cccd(input: &str, today: NaiveDate) -> Result<CccdInfo, CccdError> {
    let digits = normalize_cccd(input);
    if digits.is_empty() {
        return Err(CccdError::Empty);
    }
    if let Some(c) = digits.chars().find(|c| !c.is_ascii_digit()) {
        return Err(CccdError::NotDigit(c));
    }
    if digits.len() != 12 {
        return Err(CccdError::Length(digits.len()));
    }
    let d: Vec<u16> = digits.bytes().map(|b| u16::from(b - b'0')).collect();
    let province_code = d[0] * 100 + d[1] * 10 + d[2];
    let province_name = province_name(province_code).ok_or(CccdError::Province(province_code))?;
    let century = 1900 + 100 * i32::from(d[3] / 2);
    let birth_year = century + i32::from(d[4] * 10 + d[5]);
    if birth_year > today.year() {
        return Err(CccdError::FutureYear(birth_year));
    }
    if today.year() - birth_year > MAX_AGE_YEARS {
        return Err(CccdError::TooOld(birth_year));
    }
    Ok(CccdInfo {
        province_code,
        province_name,
        male: d[3].is_multiple_of(2),
        birth_year,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
