//! Text as people type it and as it is stored.
//!
//! Vietnamese can reach us in two byte forms (precomposed "ễ" or "e" + two
//! combining marks), with stray tabs, non-breaking spaces and invisible
//! characters pasted from web pages and PDFs. Everything stored goes through
//! [`clean_line`] or [`clean_multiline`] so equal text is equal bytes, and
//! everything searched goes through [`fold`] so "KẾT HÔN", "kết hôn" and
//! "ket hon" meet.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Zero-width characters that render as nothing but break equality and
/// search, and the bidirectional controls (LRM, RLM, embeddings, overrides,
/// isolates): Vietnamese never needs them, and a pasted U+202E would print a
/// name or address on the slip with its letters in another order than stored.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{00AD}'
    )
}

/// One line of text: NFC, every control character (tab, CR, LF included) and
/// every run of whitespace becomes a single space, trimmed.
///
/// Invisible characters go before composing: "a", U+202A, U+0309 must
/// become "ả", not "a" + a loose hook above.
pub fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars().filter(|c| !is_invisible(*c)).nfc() {
        if c.is_control() || c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Free text that may span lines (a note): NFC, CRLF and lone CR become LF,
/// a tab becomes a space (dropping it would glue two words together), other
/// control characters are dropped, trailing spaces of every line and blank
/// space around the whole text are removed.
pub fn clean_multiline(s: &str) -> String {
    let unified = s.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<String> = Vec::new();
    for line in unified.split('\n') {
        // Dropped before composing, as in `clean_line`.
        let kept: String = line
            .chars()
            .filter(|c| !is_invisible(*c))
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if c.is_control() => None,
                c => Some(c),
            })
            .nfc()
            .collect();
        lines.push(kept.trim_end().to_string());
    }
    lines.join("\n").trim().to_string()
}

/// The search key of a text: accents removed, "đ" → "d", lower case.
/// "Thủ tục đăng ký kết hôn" → "thu tuc dang ky ket hon".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        match c {
            // U+00D0 (Icelandic eth) looks like "Đ" and is sometimes typed for it.
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Length as a person counts it: characters, not bytes.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn clean_line_makes_nfc_and_collapses_space() {
        assert_eq!(
            clean_line("  Nguye\u{0302}\u{0303}n \t Văn\r\nA  "),
            "Nguyễn Văn A"
        );
        assert_eq!(clean_line("a\u{00A0}\u{00A0}b"), "a b");
        assert_eq!(clean_line("a\u{0007}b"), "a b");
        assert_eq!(clean_line("\u{FEFF}Hà\u{200B} Nội"), "Hà Nội");
        assert_eq!(clean_line("Hà \u{202E}iộN\u{202C}"), "Hà iộN");
        assert_eq!(clean_line("\u{2067}Yên\u{2069} Kỳ\u{200F}"), "Yên Kỳ");
        assert_eq!(clean_line(""), "");
        assert_eq!(clean_line(" \n\t "), "");
    }

    #[test]
    fn clean_line_output_is_nfc() {
        let s = clean_line("Thu\u{0309} tu\u{0323}c");
        assert_eq!(s, "Thủ tục");
        assert!(unicode_normalization::is_nfc(&s));
    }

    #[test]
    fn what_is_dropped_does_not_keep_a_mark_from_composing() {
        // Found by tests/fuzz_import.rs: "a", U+202A, U+0309 came out as
        // "a" + U+0309, not NFC.
        for s in ["a\u{202A}\u{309}", "a\u{200B}\u{309}", "a\u{FEFF}\u{309}"] {
            assert_eq!(clean_line(s), "ả");
            assert_eq!(clean_multiline(s), "ả");
        }
        assert_eq!(clean_multiline("a\u{1}\u{309}"), "ả");
        assert!(unicode_normalization::is_nfc(&clean_line("a\u{0}\u{309}")));
    }

    #[test]
    fn clean_multiline_keeps_line_breaks() {
        assert_eq!(
            clean_multiline("  \r\ndòng 1  \r\ndòng\t2\u{0001}\rdòng 3 \n\n"),
            "dòng 1\ndòng 2\ndòng 3"
        );
        assert_eq!(clean_multiline("a\n\nb"), "a\n\nb");
        assert_eq!(clean_multiline("Nguye\u{0302}\u{0303}n"), "Nguyễn");
        assert_eq!(clean_multiline(" \n \n"), "");
    }

    #[test]
    fn fold_removes_accents_and_case() {
        assert_eq!(fold("Thủ tục đăng ký kết hôn"), "thu tuc dang ky ket hon");
        assert_eq!(fold("KẾT HÔN"), "ket hon");
        assert_eq!(fold("ĐỒNG THÁP"), "dong thap");
        assert_eq!(fold("Người có công"), "nguoi co cong");
        assert_eq!(fold("Nguye\u{0302}\u{0303}n"), "nguyen");
        assert_eq!(fold("1.001193"), "1.001193");
    }

    #[test]
    fn char_len_counts_characters() {
        assert_eq!(char_len("Nguyễn"), 6);
        assert_eq!("Nguyễn".len(), 8);
        assert_eq!(char_len(""), 0);
    }
}
