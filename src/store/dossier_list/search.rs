//! The search text as the list's queries take it: LIKE patterns that re-check a
//! dossier, and the index keys that find candidates.

/// Trigrams come from this many characters at the end of the text. A code's
/// head is the agency id, the same in every code, so its trigrams match every
/// row and only slow the index down; its tail (date, counter, number) is what
/// tells codes apart. The LIKE re-check still compares the whole text.
const CODE_TAIL_CHARS: usize = 9;

/// A search text, cleaned and folded ("Nguyễn  Văn" → "nguyen van").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Search {
    /// Digits only (spaces and dots aside): a CCCD or phone, not a name.
    pub is_number: bool,
    /// LIKE pattern: the folded name starts with the text.
    pub name: String,
    /// LIKE pattern: a later word of the folded name starts with the text.
    pub name_word: String,
    /// LIKE pattern: the CCCD or phone starts with the number (for a number).
    pub number: String,
    /// LIKE pattern: the code contains the text; None under three characters.
    pub code: Option<String>,
    /// Range [lo, hi) of the keys that start with the folded text.
    pub lo: String,
    pub hi: String,
    /// Range of the CCCDs and phones that start with the number.
    pub number_lo: String,
    pub number_hi: String,
    /// FTS5 query for the code's trigram index; None under three characters.
    pub trigrams: Option<String>,
}

impl Search {
    /// None for a text that is blank once cleaned.
    pub fn new(text: &str) -> Option<Search> {
        let folded = crate::text::fold(&crate::text::clean_line(text));
        if folded.is_empty() {
            return None;
        }
        let number = number(&folded);
        let long = folded.chars().count() >= 3;
        Some(Search {
            is_number: number.is_some(),
            name: format!("{}%", escape_like(&folded)),
            name_word: format!("% {}%", escape_like(&folded)),
            number: format!("{}%", escape_like(number.as_deref().unwrap_or(&folded))),
            code: long.then(|| format!("%{}%", escape_like(&folded))),
            hi: upper_bound(&folded),
            lo: folded.clone(),
            number_hi: upper_bound(number.as_deref().unwrap_or(&folded)),
            number_lo: number.unwrap_or_else(|| folded.clone()),
            trigrams: long.then(|| trigram_query(&folded)),
        })
    }
}

/// The digits of a text that is a number, typed with spaces or dots or not
/// ("038 303 001234"); None for any other text.
fn number(folded: &str) -> Option<String> {
    let digits: String = folded.chars().filter(char::is_ascii_digit).collect();
    let only_digits = folded
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '.');
    (only_digits && !digits.is_empty()).then_some(digits)
}

/// `text` for LIKE with LIKE's own wildcards taken literally (ESCAPE '\').
pub(super) fn escape_like(text: &str) -> String {
    let mut p = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p
}

/// Above every text that starts with `prefix`, in SQLite's binary order
/// (U+10FFFF is the largest character UTF-8 can encode).
fn upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Every distinct trigram of the text's last [`CODE_TAIL_CHARS`] characters,
/// each quoted, all required: `"261" AND "612" …`. The index keeps no positions
/// (detail=none), so phrases are not available; rows holding all the pieces
/// are a superset that the LIKE re-check narrows.
pub(super) fn trigram_query(folded: &str) -> String {
    let chars: Vec<char> = folded.chars().collect();
    let tail = &chars[chars.len().saturating_sub(CODE_TAIL_CHARS)..];
    let mut terms: Vec<String> = Vec::new();
    for w in tail.windows(3) {
        let piece: String = w.iter().collect();
        let term = format!("\"{}\"", piece.replace('"', "\"\""));
        if !terms.contains(&term) {
            terms.push(term);
        }
    }
    terms.join(" AND ")
}
