//! Errors shared by the catalog and calendar CSV readers.

use std::collections::HashMap;

use super::Localized;
use crate::text::clean_line;

/// A malformed import file: the physical line (the header is line 1) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ImportError {
    pub line: u64,
    /// English, for the CLI and logs.
    pub message: String,
    /// Vietnamese, for the GUI.
    pub message_vi: String,
}

impl Localized for ImportError {
    fn vi(&self) -> String {
        format!("Dòng {}: {}", self.line, self.message_vi)
    }
}

// Helpers shared by the catalog and calendar readers.

/// TRUE / FALSE / UNKNOWN, any case; empty means UNKNOWN.
/// `None` when the text is none of these.
pub(crate) fn parse_tri_state(s: &str) -> Option<Option<bool>> {
    match s.to_ascii_uppercase().as_str() {
        "TRUE" => Some(Some(true)),
        "FALSE" => Some(Some(false)),
        "UNKNOWN" | "" => Some(None),
        _ => None,
    }
}

pub(crate) fn import_error(line: u64, message: String, message_vi: String) -> ImportError {
    ImportError {
        line,
        message,
        message_vi,
    }
}

/// `text` without the UTF-8 BOM that spreadsheet programs on Windows write;
/// it would otherwise become part of the first column's name.
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A reader over `text`, which must already be [`strip_bom`]med.
pub(crate) fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes())
}

/// Physical line numbers for csv positions.
///
/// The csv crate's own `line()` is one short for files with CRLF line ends
/// (Excel's default) and after blank lines, because a record's position is
/// taken at the line break before it. So the line is counted here from the
/// byte offset, after skipping those line breaks.
pub(crate) struct Lines<'a> {
    text: &'a str,
    byte: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            line: 1,
        }
    }

    pub(crate) fn at(&mut self, pos: Option<&csv::Position>) -> u64 {
        let Some(pos) = pos else {
            return self.line;
        };
        let bytes = self.text.as_bytes();
        let mut target = usize::try_from(pos.byte())
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        while matches!(bytes.get(target), Some(b'\r' | b'\n')) {
            target += 1;
        }
        // Records come in order; start over only if asked about an earlier one.
        if target < self.byte {
            (self.byte, self.line) = (0, 1);
        }
        let newlines = bytes[self.byte..target]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.line += newlines as u64;
        self.byte = target;
        self.line
    }
}

pub(crate) fn csv_error(e: csv::Error, lines: &mut Lines) -> ImportError {
    let line = lines.at(e.position());
    let vi = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "Dòng có {len} cột nhưng dòng tiêu đề có {expected_len} cột (kiểm tra dấu phẩy và dấu ngoặc kép)."
        ),
        csv::ErrorKind::Utf8 { .. } => {
            "Tệp không phải văn bản UTF-8: hãy lưu lại tệp CSV với bảng mã UTF-8.".into()
        }
        _ => "Tệp CSV bị lỗi định dạng ở dòng này.".into(),
    };
    // csv's English message carries its own (possibly short) line number.
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("found {len} fields, but the header has {expected_len}")
        }
        _ => e.to_string(),
    };
    import_error(line, message, vi)
}

/// Column positions by header name.
pub(crate) struct Columns {
    index: HashMap<String, usize>,
}

impl Columns {
    /// The cleaned value of column `name`, empty when the file has no such column.
    pub(crate) fn get(&self, record: &csv::StringRecord, name: &str) -> String {
        self.index
            .get(name)
            .and_then(|&i| record.get(i))
            .map(clean_line)
            .unwrap_or_default()
    }
}

/// Reads the header and checks every `required` column is present (any order,
/// any case, extra columns ignored).
pub(crate) fn header_columns(
    reader: &mut csv::Reader<&[u8]>,
    lines: &mut Lines,
    required: &[&str],
) -> Result<Columns, ImportError> {
    let headers = reader.headers().map_err(|e| csv_error(e, lines))?;
    let mut index = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let name = clean_line(h).to_ascii_lowercase();
        index.entry(name).or_insert(i);
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !index.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        return Err(import_error(
            1,
            format!("missing required column(s): {list}"),
            format!("Dòng tiêu đề thiếu cột bắt buộc: {list}."),
        ));
    }
    Ok(Columns { index })
}
