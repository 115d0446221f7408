//! The dossier register (Sổ theo dõi hồ sơ, Mẫu 06): one line per dossier
//! received in a period, and its CSV export for the spreadsheet the province
//! asks for. Pure code: the store reads the entries, `print` draws the book.

use chrono::NaiveDateTime;
use serde::Serialize;

/// One line of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterEntry {
    /// Mã hồ sơ.
    pub code: String,
    /// Tên thủ tục hành chính.
    pub procedure_name: String,
    /// Số lượng hồ sơ (bộ).
    pub sets: u16,
    /// Tên cá nhân, tổ chức.
    pub applicant_name: String,
    pub address: String,
    pub phone: String,
    pub received_at: NaiveDateTime,
    /// Hẹn trả kết quả.
    pub due_at: NaiveDateTime,
    /// Ngày trả kết quả; `None` while the result has not been handed over.
    pub returned_at: Option<NaiveDateTime>,
    pub note: String,
    /// Quyển số (the year) and số thứ tự in it, as printed on the slip.
    pub register_book: i32,
    pub register_no: i64,
}

/// Column titles of the CSV export, in order.
pub const CSV_HEADER: [&str; 12] = [
    "Quyển số",
    "Số thứ tự",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ",
    "Số điện thoại",
    "Ngày tiếp nhận",
    "Hẹn trả kết quả",
    "Ngày trả kết quả",
    "Ghi chú",
];

/// How the CSV writes a time: `25/11/2026 09:15`.
pub fn fmt_csv_time(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y %H:%M").to_string()
}

/// The register as CSV: UTF-8 with a byte-order mark (without it Excel on
/// Windows reads the file as the ANSI code page and garbles every diacritic),
/// a Vietnamese header row, CRLF line ends, RFC 4180 quoting.
pub fn register_csv(entries: &[RegisterEntry]) -> String {
    let mut buf = Vec::with_capacity(128 * (entries.len() + 1));
    // Writing into memory cannot fail: the only errors the csv crate reports
    // come from the underlying writer, and a Vec<u8> never returns one.
    if let Err(e) = write_csv(&mut buf, entries) {
        log::error!("register CSV: {e}");
    }
    let mut out = String::with_capacity(buf.len() + 3);
    out.push('\u{FEFF}');
    // Every field was a &str, so the bytes are UTF-8; lossy only to avoid a
    // panic path.
    out.push_str(&String::from_utf8_lossy(&buf));
    out
}

fn write_csv(buf: &mut Vec<u8>, entries: &[RegisterEntry]) -> csv::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(buf);
    w.write_record(CSV_HEADER)?;
    for e in entries {
        w.write_record([
            e.register_book.to_string(),
            e.register_no.to_string(),
            e.code.clone(),
            e.procedure_name.clone(),
            e.sets.to_string(),
            e.applicant_name.clone(),
            e.address.clone(),
            e.phone.clone(),
            fmt_csv_time(e.received_at),
            fmt_csv_time(e.due_at),
            e.returned_at.map(fmt_csv_time).unwrap_or_default(),
            e.note.clone(),
        ])?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
