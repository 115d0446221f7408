//! How dates, times and money are written for people: dd/mm/yyyy, `50.000 đ`.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// `25/11/2026`
pub fn fmt_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `08:05`
pub fn fmt_time(t: NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}

/// `08:05 25/11/2026`
pub fn fmt_datetime(t: NaiveDateTime) -> String {
    t.format("%H:%M %d/%m/%Y").to_string()
}

/// `16 giờ 30 phút, ngày 25/11/2026` — the wording of the appointment slip.
pub fn fmt_datetime_long(t: NaiveDateTime) -> String {
    format!(
        "{:02} giờ {:02} phút, {} ngày {}",
        t.hour(),
        t.minute(),
        weekday_vi(t.date()).to_lowercase(),
        fmt_date(t.date())
    )
}

/// `Thứ Hai` … `Chủ nhật`
pub fn weekday_vi(d: NaiveDate) -> &'static str {
    use chrono::Weekday::*;
    match d.weekday() {
        Mon => "Thứ Hai",
        Tue => "Thứ Ba",
        Wed => "Thứ Tư",
        Thu => "Thứ Năm",
        Fri => "Thứ Sáu",
        Sat => "Thứ Bảy",
        Sun => "Chủ nhật",
    }
}

/// `50.000 đ`, `-1.200 đ`, `0 đ`
pub fn fmt_vnd(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}{grouped} đ")
}

/// Reads what an officer types as an amount: `50.000`, `50000`, `50.000 đ`, `50,000`.
/// `None` for anything that is not a whole, non-negative number of đồng.
pub fn parse_vnd(input: &str) -> Option<i64> {
    let s = input.trim();
    let s = s
        .strip_suffix("đ")
        .or_else(|| s.strip_suffix("VND"))
        .unwrap_or(s)
        .trim();
    if s.is_empty() {
        return None;
    }
    let mut value: i64 = 0;
    for c in s.chars() {
        match c {
            '0'..='9' => {
                value = value
                    .checked_mul(10)?
                    .checked_add(i64::from(c as u8 - b'0'))?;
            }
            '.' | ',' | ' ' => {}
            _ => return None,
        }
    }
    Some(value)
}

#[cfg(test)]
mod tests;

/// A date as people type it: "23/11/2026" (four-digit years only, as printed
/// everywhere).
pub fn parse_dmy(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y").ok()
}

/// A time of day as people type it: "16:00" or "16h00".
pub fn parse_hm(s: &str) -> Option<chrono::NaiveTime> {
    let s = s.trim().replace(['h', 'g'], ":");
    chrono::NaiveTime::parse_from_str(&s, "%H:%M").ok()
}
