//! Procedure catalog (danh mục thủ tục hành chính).

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::csv_import::ImportError;
use super::csv_import::{
    Columns, Lines, csv_error, csv_reader, header_columns, import_error, parse_tri_state, strip_bom,
};
use super::dossier::Deadline;
use super::format::fmt_vnd;
use crate::text::{char_len, clean_line, fold};

/// Form of a paper in the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Bản chính
    #[default]
    Original,
    /// Bản sao
    Copy,
    /// Bản sao có chứng thực
    CertifiedCopy,
    /// Xuất trình: shown to the officer and handed back.
    Shown,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::Original,
        DocumentKind::Copy,
        DocumentKind::CertifiedCopy,
        DocumentKind::Shown,
    ];

    pub fn vi(self) -> &'static str {
        match self {
            DocumentKind::Original => "Bản chính",
            DocumentKind::Copy => "Bản sao",
            DocumentKind::CertifiedCopy => "Bản sao có chứng thực",
            DocumentKind::Shown => "Xuất trình",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            DocumentKind::Original => "original",
            DocumentKind::Copy => "copy",
            DocumentKind::CertifiedCopy => "certified_copy",
            DocumentKind::Shown => "shown",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

impl std::fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.vi())
    }
}

/// Phí, lệ phí as the catalog states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fee {
    /// A national amount in đồng (0 = exempt).
    Fixed(i64),
    /// Set by the provincial People's Council: the amount is not in the catalog.
    Provincial,
    Unknown,
}

impl Fee {
    /// The amount to pre-fill, when the catalog knows it.
    pub fn amount(&self) -> Option<i64> {
        match self {
            Fee::Fixed(v) => Some(*v),
            Fee::Provincial | Fee::Unknown => None,
        }
    }

    pub fn vi(&self) -> String {
        match self {
            Fee::Fixed(v) => fmt_vnd(*v),
            Fee::Provincial => "Theo mức do HĐND tỉnh quy định".into(),
            Fee::Unknown => "Chưa có thông tin".into(),
        }
    }
}

/// One item of a procedure's thành phần hồ sơ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredDocument {
    pub name: String,
    pub kind: DocumentKind,
    pub count: u16,
    /// When only some applicants need it ("Nếu ủy quyền", "Trẻ bị bỏ rơi").
    pub condition: Option<String>,
    /// The catalog's remark on form and count, e.g. "1 bản chính; khi nộp trực tiếp".
    pub detail: String,
}

impl RequiredDocument {
    /// Conditional papers start unticked: the checklist must not claim a paper
    /// was received just because some applicants have to bring it.
    pub fn is_conditional(&self) -> bool {
        self.condition.is_some()
    }
}

/// A thủ tục hành chính.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Procedure {
    pub code: String,
    pub name: String,
    pub field: String,
    pub level: String,
    /// `None` where the catalog does not know it: the officer must type it.
    pub deadline: Option<Deadline>,
    pub fee: Fee,
    pub online_fee_note: String,
    pub documents: Vec<RequiredDocument>,
    pub documents_raw: String,
    pub deadline_note: String,
}

// ---------------------------------------------------------------------------
// documents column

const COUNT_UNITS: [&str; 5] = ["ban", "bo", "to", "anh", "trang"];

/// Splits the curated `documents` column into checklist items.
///
/// Each item (separated by " | ") may start with a tag in brackets and usually
/// carries a parenthetical on form and count:
/// - "[Xuất trình]" / "[Xuất trình, …]" → shown; what follows the comma is the
///   condition. "[Người dịch xuất trình]" → shown, and the subject is kept in
///   the name. Any other tag ("[Nếu ủy quyền]", "[Trẻ bị bỏ rơi]") → condition.
/// - The detail is the last parenthetical that speaks of form or count
///   ("(1 bản chính; khi nộp trực tiếp)", "(bản sao)") — in the catalog it is
///   sometimes followed by "hoặc Mẫu điện tử (trực tuyến)" — else a trailing
///   parenthetical. One starting with "+" is an extra paper, not a detail.
/// - Kind: shown when the tag says so or the detail has a clause "xuất trình"
///   (but not "kèm xuất trình bản chính", which describes the copy handed in);
///   a name starting "Bản sao [có|được] chứng thực" or "Bản sao" → certified
///   copy or copy; else "có chứng thực" before any "bản chính" → certified
///   copy, else whichever of "bản chính"/"bản gốc" or "bản sao" comes first;
///   default original.
/// - Count: the first number of the detail that opens it or is followed by a
///   unit ("1 bản", "02 bộ"), else a number opening the name ("02 ảnh"),
///   else 1; clamped to 1..=99.
/// - An item ending in "(nếu có)" is conditional ("Nếu có") unless a ";"
///   shows that the remark only covers its last part.
pub fn parse_documents(raw: &str) -> Vec<RequiredDocument> {
    raw.split('|').filter_map(parse_document).collect()
}

fn parse_document(item: &str) -> Option<RequiredDocument> {
    let item = clean_line(item);
    if item.is_empty() {
        return None;
    }
    let (tag, body) = split_tag(&item);
    let groups = paren_groups(body);
    let detail_range = pick_detail(body, &groups);
    let detail = detail_range
        .clone()
        .map(|r| clean_line(&body[r.start + 1..r.end - 1]))
        .unwrap_or_default();
    let mut name = tidy_name(&without(body, detail_range));
    let tag = tag.map(classify_tag).unwrap_or_default();
    if let Some(subject) = &tag.subject {
        name = format!("{name} ({})", lower_first(subject));
    }
    if name.is_empty() {
        name.clone_from(&item);
    }
    let condition = tag.condition.or_else(|| optional_marker(&name, &detail));
    let kind = if tag.shown || has_shown_clause(&detail) {
        DocumentKind::Shown
    } else {
        kind_from_name(&name)
            .or_else(|| kind_in_text(&detail))
            .unwrap_or_default()
    };
    let count = count_in_detail(&detail)
        .or_else(|| leading_count(&name))
        .unwrap_or(1)
        .clamp(1, 99);
    Some(RequiredDocument {
        name,
        kind,
        count,
        condition,
        detail,
    })
}

/// "[tag] rest" → (Some("tag"), "rest"); no tag → (None, whole).
fn split_tag(item: &str) -> (Option<&str>, &str) {
    let Some(rest) = item.strip_prefix('[') else {
        return (None, item);
    };
    match rest.find(']') {
        Some(end) => (Some(rest[..end].trim()), rest[end + 1..].trim()),
        None => (None, item),
    }
}

#[derive(Default)]
struct Tag {
    shown: bool,
    condition: Option<String>,
    /// Who shows the paper, for "[Người dịch xuất trình]".
    subject: Option<String>,
}

const SHOWN: &str = "xuat trinh";
/// "Xuất trình" is 10 characters in NFC and in its folded form alike.
const SHOWN_CHARS: usize = 10;

fn classify_tag(tag: &str) -> Tag {
    let folded = fold(tag);
    let non_empty = |s: String| Some(s).filter(|s| !s.is_empty());
    if folded.starts_with(SHOWN) {
        let rest: String = tag.chars().skip(SHOWN_CHARS).collect();
        let rest = rest
            .trim_start_matches([',', ':', ';', '-', '–', ' '])
            .trim();
        return Tag {
            shown: true,
            condition: non_empty(rest.to_string()),
            subject: None,
        };
    }
    if folded.ends_with(SHOWN) {
        let count = tag.chars().count().saturating_sub(SHOWN_CHARS);
        let subject: String = tag.chars().take(count).collect();
        return Tag {
            shown: true,
            condition: None,
            subject: non_empty(subject.trim().to_string()),
        };
    }
    Tag {
        shown: false,
        condition: non_empty(tag.to_string()),
        subject: None,
    }
}

/// Byte ranges of the top-level "(…)" groups, parentheses included.
fn paren_groups(s: &str) -> Vec<Range<usize>> {
    let mut groups = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    groups.push(start..i + 1);
                }
            }
            _ => {}
        }
    }
    groups
}

fn pick_detail(body: &str, groups: &[Range<usize>]) -> Option<Range<usize>> {
    let inner = |r: &Range<usize>| body[r.start + 1..r.end - 1].trim();
    let candidates = || groups.iter().filter(|r| !inner(r).starts_with('+'));
    if let Some(r) = candidates().rfind(|r| describes_form(inner(r))) {
        return Some(r.clone());
    }
    candidates()
        .next_back()
        .filter(|r| r.end == body.len())
        .cloned()
}

fn describes_form(text: &str) -> bool {
    let f = fold(text);
    [
        "ban chinh",
        "ban sao",
        "ban goc",
        "ban pho to",
        "ban chup",
        SHOWN,
    ]
    .iter()
    .any(|k| f.contains(k))
        || counted_numbers(&f).next().is_some()
}

/// `s` with `range` cut out.
fn without(s: &str, range: Option<Range<usize>>) -> String {
    match range {
        Some(r) => format!("{} {}", &s[..r.start], &s[r.end..]),
        None => s.to_string(),
    }
}

fn tidy_name(s: &str) -> String {
    clean_line(s)
        .replace(" ;", ";")
        .replace(" ,", ",")
        .trim_end_matches([' ', ';', ',', ':', '-', '–'])
        .to_string()
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "(xuất trình, 1 bản chính)": the paper itself is only shown.
fn has_shown_clause(detail: &str) -> bool {
    fold(detail)
        .split([';', ','])
        .any(|clause| clause.trim() == SHOWN)
}

fn kind_from_name(name: &str) -> Option<DocumentKind> {
    let f = fold(name);
    let rest = f.strip_prefix("ban sao")?;
    let certified = ["chung thuc", "co chung thuc", "duoc chung thuc"]
        .iter()
        .any(|k| rest.trim_start().starts_with(k));
    Some(if certified {
        DocumentKind::CertifiedCopy
    } else {
        DocumentKind::Copy
    })
}

fn kind_in_text(text: &str) -> Option<DocumentKind> {
    let f = fold(text);
    let original = [f.find("ban chinh"), f.find("ban goc")]
        .into_iter()
        .flatten()
        .min();
    let copy = f.find("ban sao");
    let certified = f.find("co chung thuc");
    if certified.is_some_and(|c| original.is_none_or(|o| c < o)) {
        return Some(DocumentKind::CertifiedCopy);
    }
    match (original, copy) {
        (Some(o), Some(c)) if c < o => Some(DocumentKind::Copy),
        (Some(_), _) => Some(DocumentKind::Original),
        (None, Some(_)) => Some(DocumentKind::Copy),
        (None, None) => None,
    }
}

/// Numbers in folded text that count papers: "1 ban", "02 bo", "1 ban chinh/nguoi".
fn counted_numbers(folded: &str) -> impl Iterator<Item = u16> + '_ {
    digit_runs(folded).filter_map(move |(start, end)| {
        let after = folded[end..].trim_start();
        let at_start = folded[..start].trim().is_empty();
        let unit = COUNT_UNITS.iter().any(|u| {
            after
                .strip_prefix(u)
                .is_some_and(|tail| !tail.starts_with(|c: char| c.is_alphanumeric()))
        });
        (at_start || unit).then(|| parse_count(&folded[start..end]))
    })
}

fn digit_runs(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        Some((start, i))
    })
}

/// Saturates instead of failing: the count is clamped to 99 anyway.
fn parse_count(digits: &str) -> u16 {
    digits.parse::<u16>().unwrap_or(u16::MAX)
}

fn count_in_detail(detail: &str) -> Option<u16> {
    counted_numbers(&fold(detail)).next()
}

/// "02 bộ bản vẽ …", "02 ảnh …": a count written into the name itself.
fn leading_count(name: &str) -> Option<u16> {
    let f = fold(name);
    counted_numbers(&f)
        .next()
        .filter(|_| f.starts_with(|c: char| c.is_ascii_digit()))
}

fn optional_marker(name: &str, detail: &str) -> Option<String> {
    let name_f = fold(name);
    let ends_optional =
        fold(detail) == "neu co" || name_f.ends_with("(neu co)") || name_f.ends_with(" neu co");
    let outside: String = without_groups(&name_f);
    (ends_optional && !outside.contains(';')).then(|| "Nếu có".to_string())
}

fn without_groups(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for r in paren_groups(s) {
        out.push_str(&s[last..r.start]);
        last = r.end;
    }
    out.push_str(&s[last..]);
    out
}

// ---------------------------------------------------------------------------
// procedures.csv

const REQUIRED: [&str; 7] = [
    "code",
    "name",
    "field",
    "deadline_working_days",
    "same_day",
    "fee_vnd",
    "documents",
];
const MAX_NAME_CHARS: usize = 500;
const MAX_DEADLINE_DAYS: u32 = 365;

/// Reads the procedure catalog (`procedures.csv`, RFC 4180). The whole file is
/// refused at the first bad row with its physical line number (the header is
/// line 1; a quoted field may span lines).
pub fn parse_catalog_csv(text: &str) -> Result<Vec<Procedure>, ImportError> {
    let text = strip_bom(text);
    let mut reader = csv_reader(text);
    let mut lines = Lines::new(text);
    let columns = header_columns(&mut reader, &mut lines, &REQUIRED)?;
    let mut procedures = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for result in reader.records() {
        let record = result.map_err(|e| csv_error(e, &mut lines))?;
        let line = lines.at(record.position());
        let p = procedure_row(&record, &columns, line)?;
        if let Some(first) = seen.insert(p.code.clone(), line) {
            return Err(import_error(
                line,
                format!("code {} is already used at line {first}", p.code),
                format!(
                    "Mã thủ tục {} đã có ở dòng {first}: mỗi mã chỉ được ghi một lần.",
                    p.code
                ),
            ));
        }
        procedures.push(p);
    }
    if procedures.is_empty() {
        return Err(import_error(
            1,
            "the file has a header but no procedures".into(),
            "Tệp chỉ có dòng tiêu đề, không có thủ tục nào.".into(),
        ));
    }
    Ok(procedures)
}

fn procedure_row(
    record: &csv::StringRecord,
    columns: &Columns,
    line: u64,
) -> Result<Procedure, ImportError> {
    let code = parse_code(&columns.get(record, "code"), line)?;
    let name = parse_name(columns.get(record, "name"), line)?;
    let days = parse_days(&columns.get(record, "deadline_working_days"), line)?;
    let same_day = parse_same_day(&columns.get(record, "same_day"), line)?;
    let deadline = match (same_day, days) {
        (Some(true), _) | (_, Some(0)) => Some(Deadline::SameDay),
        (_, Some(n)) => Some(Deadline::WorkingDays(n)),
        (_, None) => None,
    };
    let fee = parse_fee(&columns.get(record, "fee_vnd"), line)?;
    let documents_raw = columns.get(record, "documents");
    Ok(Procedure {
        code,
        name,
        field: columns.get(record, "field"),
        level: columns.get(record, "level"),
        deadline,
        fee,
        online_fee_note: columns.get(record, "online_fee_note"),
        documents: parse_documents(&documents_raw),
        documents_raw,
        deadline_note: columns.get(record, "deadline_note"),
    })
}

/// National codes look like 1.001193 or 2.000806.
fn is_procedure_code(s: &str) -> bool {
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    s.split_once('.')
        .is_some_and(|(a, b)| digits(a) && digits(b))
}

fn parse_code(code: &str, line: u64) -> Result<String, ImportError> {
    if is_procedure_code(code) {
        return Ok(code.to_string());
    }
    Err(import_error(
        line,
        format!("code {code:?} must look like 1.001193 (digits, a dot, digits)"),
        format!(
            "Mã thủ tục “{code}” không đúng dạng: phải là chữ số, dấu chấm, chữ số (ví dụ 1.001193)."
        ),
    ))
}

fn parse_name(name: String, line: u64) -> Result<String, ImportError> {
    if name.is_empty() {
        return Err(import_error(
            line,
            "name is empty".into(),
            "Tên thủ tục đang để trống.".into(),
        ));
    }
    let n = char_len(&name);
    if n > MAX_NAME_CHARS {
        return Err(import_error(
            line,
            format!("name is {n} characters long (at most {MAX_NAME_CHARS})"),
            format!("Tên thủ tục dài {n} ký tự, vượt quá {MAX_NAME_CHARS} ký tự cho phép."),
        ));
    }
    Ok(name)
}

fn parse_days(s: &str, line: u64) -> Result<Option<u16>, ImportError> {
    if s.is_empty() || s.eq_ignore_ascii_case("UNKNOWN") {
        return Ok(None);
    }
    let n = s
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| s.parse::<u32>().ok())
        .flatten()
        .filter(|n| *n <= MAX_DEADLINE_DAYS)
        .and_then(|n| u16::try_from(n).ok());
    n.map(Some).ok_or_else(|| {
        import_error(
            line,
            format!(
                "deadline_working_days {s:?} must be a whole number from 0 to {MAX_DEADLINE_DAYS}, or UNKNOWN"
            ),
            format!(
                "Cột deadline_working_days có giá trị “{s}”: phải là số ngày làm việc từ 0 đến {MAX_DEADLINE_DAYS}, hoặc UNKNOWN."
            ),
        )
    })
}

fn parse_same_day(s: &str, line: u64) -> Result<Option<bool>, ImportError> {
    parse_tri_state(s).ok_or_else(|| {
        import_error(
            line,
            format!("same_day {s:?} must be TRUE, FALSE or UNKNOWN"),
            format!("Cột same_day có giá trị “{s}”: chỉ được ghi TRUE, FALSE hoặc UNKNOWN."),
        )
    })
}

fn parse_fee(s: &str, line: u64) -> Result<Fee, ImportError> {
    if s.is_empty() || s.eq_ignore_ascii_case("UNKNOWN") {
        return Ok(Fee::Unknown);
    }
    if s.eq_ignore_ascii_case("PROVINCIAL") {
        return Ok(Fee::Provincial);
    }
    let amount = s
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| s.parse::<i64>().ok())
        .flatten();
    amount.map(Fee::Fixed).ok_or_else(|| {
        import_error(
            line,
            format!("fee_vnd {s:?} must be a whole number of đồng, PROVINCIAL or UNKNOWN"),
            format!(
                "Cột fee_vnd có giá trị “{s}”: phải là số tiền (đồng, không dấu chấm), PROVINCIAL hoặc UNKNOWN."
            ),
        )
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
