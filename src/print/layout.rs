//! Measuring and wrapping text for printed forms.
//!
//! printpdf places glyphs one after another and does no line breaking, so every
//! width, centring and wrap in a form is computed here from the font's own
//! advance widths. Every form (the slip, and later queue tickets and Mẫu 02–06)
//! measures through [`text_width`] so that what is measured is what is drawn.

use unicode_normalization::UnicodeNormalization;

/// Millimetres per PostScript point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// The two faces a form uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weight {
    Regular,
    Bold,
}

/// Advance widths of a font family, in em (fractions of the font size).
///
/// A trait rather than the concrete fonts so wrapping can be unit-tested with a
/// predictable fake.
pub trait Metrics {
    fn advance_em(&self, weight: Weight, c: char) -> f32;
}

/// A run of text in one weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub weight: Weight,
    pub text: String,
}

impl Span {
    pub fn regular(text: impl Into<String>) -> Self {
        Self {
            weight: Weight::Regular,
            text: text.into(),
        }
    }

    pub fn bold(text: impl Into<String>) -> Self {
        Self {
            weight: Weight::Bold,
            text: text.into(),
        }
    }
}

/// One wrapped line: spans to draw left to right, and their total width in mm.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub spans: Vec<Span>,
    pub width_mm: f32,
}

impl Line {
    /// The line's text with the weights dropped (for tests and logs).
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// Width in millimetres of `text` set at `size_pt`. No kerning: printpdf does
/// not apply any, so summing advances is exact.
pub fn text_width(m: &impl Metrics, weight: Weight, text: &str, size_pt: f32) -> f32 {
    let em: f32 = text.chars().map(|c| m.advance_em(weight, c)).sum();
    em * size_pt * MM_PER_PT
}

/// Width of a sequence of spans laid end to end.
pub fn spans_width(m: &impl Metrics, spans: &[Span], size_pt: f32) -> f32 {
    spans
        .iter()
        .map(|s| text_width(m, s.weight, &s.text, size_pt))
        .sum()
}

/// Makes text safe to hand to printpdf: NFC (printpdf maps characters one to
/// one to glyphs, so a decomposed "ễ" would print its marks beside the "e"),
/// and every run of whitespace or control characters becomes one space, since
/// a PDF text run has no notion of line breaks or tabs.
pub fn clean(text: &str) -> String {
    crate::text::clean_line(text)
}

/// Upper-cases Vietnamese text (headers of administrative forms are in capitals).
pub fn upper(text: &str) -> String {
    clean(text).to_uppercase().nfc().collect()
}

/// The largest size ≤ `size_pt` (and ≥ `min_pt`) at which `text` fits in
/// `max_mm` on one line. Fixed headings such as the national motto must stay on
/// one line; shrinking them a little reads better than wrapping.
pub fn fit_size(
    m: &impl Metrics,
    weight: Weight,
    text: &str,
    size_pt: f32,
    min_pt: f32,
    max_mm: f32,
) -> f32 {
    let width = text_width(m, weight, text, size_pt);
    if width <= max_mm || width <= 0.0 {
        return size_pt;
    }
    // Width is proportional to size, so one division finds the fit; the small
    // safety factor absorbs rounding in the PDF's number formatting.
    (size_pt * max_mm / width * 0.995).max(min_pt)
}

/// `text` cut to fit `max_mm` on one line, ending in "…" when cut. For fields
/// that must keep a fixed number of lines (a ticket has a fixed page height):
/// a visibly shortened line reads better than one running off the paper.
pub fn ellipsize(
    m: &impl Metrics,
    weight: Weight,
    text: &str,
    size_pt: f32,
    max_mm: f32,
) -> String {
    if text_width(m, weight, text, size_pt) <= max_mm {
        return text.to_string();
    }
    const ELLIPSIS: char = '\u{2026}';
    let budget = max_mm - m.advance_em(weight, ELLIPSIS) * size_pt * MM_PER_PT;
    let mut out = String::new();
    let mut width = 0.0;
    let mut cut_in_word = false;
    for c in text.nfc() {
        let w = m.advance_em(weight, c) * size_pt * MM_PER_PT;
        if width + w > budget {
            cut_in_word = !c.is_whitespace();
            break;
        }
        out.push(c);
        width += w;
    }
    // Whole words only ("thôn…" rather than "thôn Đồn…") unless one word is
    // all there is. Cut in NFC so a letter never loses its marks.
    if cut_in_word && let Some(space) = out.trim_end().rfind(' ') {
        out.truncate(space);
    }
    let mut out = out.trim_end().to_string();
    out.push(ELLIPSIS);
    out
}

/// Wraps one string in one weight; see [`wrap_spans`].
pub fn wrap(
    m: &impl Metrics,
    weight: Weight,
    text: &str,
    size_pt: f32,
    max_mm: f32,
) -> Vec<String> {
    wrap_spans(
        m,
        &[Span {
            weight,
            text: text.to_string(),
        }],
        size_pt,
        max_mm,
    )
    .into_iter()
    .map(|l| l.text())
    .collect()
}

/// Wraps like [`wrap`] into as many lines, but as evenly as possible: a centred
/// heading reads better as two halves ("Trung tâm Phục vụ hành chính / công xã
/// Yên Kỳ") than with one word left alone on the last line.
pub fn wrap_balanced(
    m: &impl Metrics,
    weight: Weight,
    text: &str,
    size_pt: f32,
    max_mm: f32,
) -> Vec<String> {
    let lines = wrap(m, weight, text, size_pt, max_mm);
    let n = lines.len();
    if n < 2 {
        return lines;
    }
    // The narrowest measure that still needs no more lines; `hi` always
    // satisfies that, so the result never has more lines than `lines`.
    let (mut lo, mut hi) = (0.0_f32, max_mm);
    for _ in 0..16 {
        let mid = (lo + hi) / 2.0;
        if wrap(m, weight, text, size_pt, mid).len() <= n {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    wrap(m, weight, text, size_pt, hi)
}

struct Word {
    weight: Weight,
    text: String,
    space_before: bool,
}

/// Greedy line breaking at spaces across spans of mixed weight. A word wider
/// than the line (a long file number, a URL) is cut between characters rather
/// than allowed to run off the page. Always returns at least one line, so an
/// empty field still takes its row on the form.
pub fn wrap_spans(m: &impl Metrics, spans: &[Span], size_pt: f32, max_mm: f32) -> Vec<Line> {
    let words = split_words(spans);
    let mut lines: Vec<Line> = Vec::new();
    let mut current = Line {
        spans: Vec::new(),
        width_mm: 0.0,
    };

    for word in words {
        let space = if word.space_before && !current.spans.is_empty() {
            text_width(m, word.weight, " ", size_pt)
        } else {
            0.0
        };
        let width = text_width(m, word.weight, &word.text, size_pt);
        if current.width_mm + space + width <= max_mm {
            push_word(
                &mut current,
                word.weight,
                &word.text,
                space > 0.0,
                space + width,
            );
            continue;
        }
        if !current.spans.is_empty() && width <= max_mm {
            lines.push(std::mem::replace(
                &mut current,
                Line {
                    spans: Vec::new(),
                    width_mm: 0.0,
                },
            ));
            push_word(&mut current, word.weight, &word.text, false, width);
            continue;
        }
        // Too long for any line: fill the rest of this line (or a fresh one)
        // character by character.
        let mut glue = space > 0.0;
        let mut piece = String::new();
        let mut piece_width = if glue { space } else { 0.0 };
        for c in word.text.chars() {
            let w = m.advance_em(word.weight, c) * size_pt * MM_PER_PT;
            if current.width_mm + piece_width + w > max_mm
                && (!piece.is_empty() || !current.spans.is_empty())
            {
                if !piece.is_empty() {
                    push_word(&mut current, word.weight, &piece, glue, piece_width);
                }
                lines.push(std::mem::replace(
                    &mut current,
                    Line {
                        spans: Vec::new(),
                        width_mm: 0.0,
                    },
                ));
                piece.clear();
                piece_width = 0.0;
                glue = false;
            }
            piece.push(c);
            piece_width += w;
        }
        if !piece.is_empty() {
            push_word(&mut current, word.weight, &piece, glue, piece_width);
        }
    }
    if !current.spans.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

fn split_words(spans: &[Span]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut space_before = false;
    for span in spans {
        let text = span.text.nfc().collect::<String>();
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c.is_control());
            if trimmed.len() != rest.len() {
                space_before = true;
            }
            rest = trimmed;
            if rest.is_empty() {
                break;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || c.is_control())
                .unwrap_or(rest.len());
            words.push(Word {
                weight: span.weight,
                text: rest[..end].to_string(),
                space_before,
            });
            space_before = false;
            rest = &rest[end..];
        }
    }
    words
}

fn push_word(line: &mut Line, weight: Weight, text: &str, space: bool, width: f32) {
    line.width_mm += width;
    match line.spans.last_mut() {
        Some(last) if last.weight == weight => {
            if space {
                last.text.push(' ');
            }
            last.text.push_str(text);
        }
        _ => {
            let mut t = String::with_capacity(text.len() + 1);
            if space {
                t.push(' ');
            }
            t.push_str(text);
            line.spans.push(Span { weight, text: t });
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// Every character 0.5 em, bold 0.6 em: 10 pt → 1.764 mm per regular char.
    struct Mono;
    impl Metrics for Mono {
        fn advance_em(&self, weight: Weight, _c: char) -> f32 {
            match weight {
                Weight::Regular => 0.5,
                Weight::Bold => 0.6,
            }
        }
    }

    fn char_mm() -> f32 {
        0.5 * 10.0 * MM_PER_PT
    }

    #[test]
    fn width_sums_advances() {
        let w = text_width(&Mono, Weight::Regular, "abcd", 10.0);
        assert!((w - 4.0 * char_mm()).abs() < 1e-4);
        let b = text_width(&Mono, Weight::Bold, "abcd", 10.0);
        assert!(b > w);
    }

    #[test]
    fn wraps_at_spaces_within_width() {
        let max = 10.0 * char_mm() + 0.01;
        let lines = wrap(
            &Mono,
            Weight::Regular,
            "một hai ba bốn năm sáu bảy",
            10.0,
            max,
        );
        assert_eq!(lines, vec!["một hai ba", "bốn năm", "sáu bảy"]);
        for l in &lines {
            assert!(text_width(&Mono, Weight::Regular, l, 10.0) <= max);
        }
    }

    #[test]
    fn breaks_words_longer_than_the_line() {
        let max = 4.0 * char_mm() + 0.01;
        let lines = wrap(&Mono, Weight::Regular, "ab 0123456789", 10.0, max);
        assert_eq!(lines, vec!["ab 0", "1234", "5678", "9"]);
    }

    #[test]
    fn mixed_weights_keep_their_spans_and_spaces() {
        let lines = wrap_spans(
            &Mono,
            &[Span::regular("Ông/Bà: "), Span::bold("Nguyễn Thị Hường")],
            10.0,
            100.0,
        );
        assert_eq!(lines.len(), 1);
        assert_eq!(
            lines[0].spans,
            vec![Span::regular("Ông/Bà:"), Span::bold(" Nguyễn Thị Hường")]
        );
        assert_eq!(lines[0].text(), "Ông/Bà: Nguyễn Thị Hường");
        let expected = spans_width(&Mono, &lines[0].spans, 10.0);
        assert!((lines[0].width_mm - expected).abs() < 1e-3);
    }

    #[test]
    fn empty_text_still_gives_one_line() {
        assert_eq!(
            wrap(&Mono, Weight::Regular, "   ", 10.0, 50.0),
            vec![String::new()]
        );
    }

    #[test]
    fn clean_composes_and_flattens_whitespace() {
        let nfd = "Nguye\u{302}\u{303}n\tThi\u{323}\n  Hu\u{31b}o\u{31b}\u{300}ng ";
        assert_eq!(clean(nfd), "Nguyễn Thị Hường");
        assert_eq!(upper("ủy ban nhân dân xã"), "ỦY BAN NHÂN DÂN XÃ");
    }

    #[test]
    fn balanced_wrap_evens_out_the_lines() {
        let max = 10.0 * char_mm() + 0.01;
        let text = "một hai ba bốn năm";
        assert_eq!(
            wrap(&Mono, Weight::Regular, text, 10.0, max),
            vec!["một hai ba", "bốn năm"]
        );
        assert_eq!(
            wrap_balanced(&Mono, Weight::Regular, "một hai ba bốn", 10.0, max),
            vec!["một hai", "ba bốn"]
        );
        assert_eq!(
            wrap_balanced(&Mono, Weight::Regular, "một hai", 10.0, max),
            vec!["một hai"]
        );
    }

    #[test]
    fn ellipsize_cuts_only_what_does_not_fit() {
        assert_eq!(ellipsize(&Mono, Weight::Regular, "abc", 10.0, 100.0), "abc");
        let max = 5.0 * char_mm() + 0.01;
        let cut = ellipsize(&Mono, Weight::Regular, "ab cdefgh", 10.0, max);
        assert_eq!(cut, "ab\u{2026}", "whole words only");
        let cut = ellipsize(&Mono, Weight::Regular, "abc defgh", 10.0, max);
        assert_eq!(cut, "abc\u{2026}", "no space before the ellipsis");
        let cut = ellipsize(&Mono, Weight::Regular, "abcdefgh", 10.0, max);
        assert_eq!(cut, "abcd\u{2026}", "one long word is cut inside");
        assert!(text_width(&Mono, Weight::Regular, &cut, 10.0) <= max);
    }

    #[test]
    fn fit_size_shrinks_only_when_needed() {
        assert_eq!(
            fit_size(&Mono, Weight::Regular, "abc", 10.0, 6.0, 100.0),
            10.0
        );
        let max = 5.0 * char_mm();
        let s = fit_size(&Mono, Weight::Regular, "0123456789", 10.0, 4.0, max);
        assert!((4.0..10.0).contains(&s));
        assert!(text_width(&Mono, Weight::Regular, "0123456789", s) <= max);
    }
}
