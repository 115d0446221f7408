//! The 80 mm queue ticket read back the way a person or a printer driver would:
//! text through poppler's `pdftotext`, the page through `pdfinfo`, the fonts
//! through `pdffonts`, the ink through `pdftoppm`. Needs the poppler-utils
//! package; the tests fail (not skip) without it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use chrono::{NaiveDate, NaiveDateTime};
use quay::print::{TICKET_HEIGHT_MM, TICKET_MEDIA, TICKET_WIDTH_MM, TicketSlip, render_ticket};

const CENTER: &str = "Trung tâm Phục vụ hành chính công xã Yên Kỳ";
const AREA: &str = "Hộ tịch – Chứng thực";
const FOOTER: &str = "Vui lòng chờ đến khi số của quý vị được gọi.";
/// Two to three lines on the ticket, all of it kept.
const LONG_CENTER: &str =
    "Trung tâm Phục vụ hành chính công xã Quảng Phú Cầu (Điểm tiếp nhận số 2 – thôn Đồng Tâm)";
const PT_PER_MM: f32 = 72.0 / 25.4;
/// Noto Sans vertical metrics in em, as pdftotext uses them for word boxes.
const ASCENT: f32 = 1.069;
const DESCENT: f32 = 0.293;
const CAP_HEIGHT: f32 = 0.714;

fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 5)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .unwrap()
}

fn ticket() -> TicketSlip {
    TicketSlip {
        center_name: CENTER.into(),
        label: "A-015".into(),
        area_name: AREA.into(),
        issued_at: at(9, 5),
        waiting_ahead: 3,
        priority: None,
        reprint: false,
        footer: FOOTER.into(),
    }
}

/// Every field long: the most a ticket can be asked to hold.
fn crowded() -> TicketSlip {
    TicketSlip {
        center_name: "Trung tâm Phục vụ hành chính công xã Quảng Phú Cầu, huyện Ứng Hòa, \
                      thành phố Hà Nội (Điểm tiếp nhận số 2 – Nhà văn hóa thôn Đồng Tâm)"
            .into(),
        label: "12AB-0153".into(),
        area_name: "Đất đai – Xây dựng – Tài nguyên môi trường – Nông nghiệp và phát triển nông thôn"
            .into(),
        priority: Some(
            "Ưu tiên: người cao tuổi, người khuyết tật, phụ nữ mang thai, người có công với cách mạng"
                .into(),
        ),
        reprint: true,
        waiting_ahead: 128,
        footer: "Vui lòng chờ đến khi số của quý vị được gọi và hiển thị trên màn hình. \
                 Số thứ tự chỉ có giá trị trong ngày. Quý vị vắng mặt khi được gọi sẽ được \
                 gọi lại sau ba số tiếp theo. Đường dây nóng: 0210 3812 345."
            .into(),
        ..ticket()
    }
}

fn render(t: &TicketSlip) -> Vec<u8> {
    render_ticket(t).unwrap()
}

/// Runs a poppler tool on `pdf` (written to a temporary file, placed before
/// `after`); a missing tool is a test failure with the fix.
fn poppler(tool: &str, args: &[&str], pdf: &[u8], after: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ticket.pdf");
    std::fs::write(&file, pdf).unwrap();
    let output = match Command::new(tool)
        .args(args)
        .arg(&file)
        .args(after)
        .output()
    {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{tool}` is not installed: the ticket tests read PDFs with poppler. \
             Install poppler-utils (e.g. `sudo apt-get install poppler-utils`)."
        ),
        Err(e) => panic!("cannot run {tool}: {e}"),
    };
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
}

fn text(pdf: &[u8]) -> String {
    utf8(poppler("pdftotext", &["-layout"], pdf, &["-"]))
}

/// The text with each run of whitespace as one space: centred lines come out
/// indented, and a wrapped name continues on the next line.
fn flat(pdf: &[u8]) -> String {
    text(pdf).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn info(pdf: &[u8]) -> String {
    utf8(poppler("pdfinfo", &[], pdf, &[]))
}

/// (width, height) in points from pdfinfo's "Page size: 226.77 x 283.46 pts".
fn page_size(info: &str) -> (f32, f32) {
    let line = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap_or_else(|| panic!("no page size in {info}"));
    let mut nums = line
        .split_whitespace()
        .filter_map(|w| w.parse::<f32>().ok());
    (nums.next().unwrap(), nums.next().unwrap())
}

fn pages(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

struct Word {
    text: String,
    /// xMin, yMin, xMax, yMax in points from the top-left.
    b: [f32; 4],
}

/// Page size and word boxes from `pdftotext -bbox` (one page).
fn word_boxes(pdf: &[u8]) -> (f32, f32, Vec<Word>) {
    let html = utf8(poppler("pdftotext", &["-bbox"], pdf, &["-"]));
    let attr = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    let (mut w, mut h, mut words) = (0.0, 0.0, Vec::new());
    for part in html.split('<').skip(1) {
        if part.starts_with("page ") {
            (w, h) = (attr(part, "width"), attr(part, "height"));
        } else if part.starts_with("word ") {
            words.push(Word {
                text: part.split('>').nth(1).unwrap_or("").to_string(),
                b: [
                    attr(part, "xMin"),
                    attr(part, "yMin"),
                    attr(part, "xMax"),
                    attr(part, "yMax"),
                ],
            });
        }
    }
    assert!(w > 0.0 && !words.is_empty(), "no words in:\n{html}");
    (w, h, words)
}

/// Every word at least 4 mm from the left and right edges (an 80 mm printer
/// prints only the middle 72 mm) and on the page vertically.
fn assert_inside_printable_width(pdf: &[u8]) {
    let (w, h, words) = word_boxes(pdf);
    let margin = 4.0 * PT_PER_MM - 0.5;
    for word in &words {
        let b = word.b;
        assert!(
            b[0] >= margin && b[2] <= w - margin && b[1] >= 0.0 && b[3] <= h,
            "{:?} at {b:?} is outside the printable 72 mm of the {w}x{h} page",
            word.text
        );
    }
}

#[test]
fn ticket_shows_center_number_area_time_and_queue() {
    let pdf = render(&ticket());
    assert!(pdf.starts_with(b"%PDF"));
    let t = flat(&pdf);
    for needle in [
        CENTER,
        "SỐ THỨ TỰ",
        "A-015",
        AREA,
        "Đang chờ trước quý vị: 3 người",
        "Lấy số lúc: 09:05, 05/11/2026",
        FOOTER,
    ] {
        assert!(t.contains(needle), "missing {needle:?} in:\n{t}");
    }
    assert!(!t.contains("Ưu tiên"), "not a priority ticket:\n{t}");
}

#[test]
fn page_is_80_mm_wide_and_matches_the_media_name() {
    let i = info(&render(&ticket()));
    assert_eq!(pages(&i), 1, "{i}");
    let (w, h) = page_size(&i);
    assert!((w - 226.77).abs() <= 0.5, "width {w} pt is not 80 mm:\n{i}");
    assert!(
        (h - TICKET_HEIGHT_MM * PT_PER_MM).abs() <= 0.5,
        "height {h} pt:\n{i}"
    );
    assert_eq!(TICKET_WIDTH_MM, 80.0);
    // CUPS custom sizes are "Custom.WxHunit"; the driver must be asked for
    // the size the PDF was laid out on.
    assert_eq!(
        TICKET_MEDIA,
        format!(
            "Custom.{}x{}mm",
            (w / PT_PER_MM).round(),
            (h / PT_PER_MM).round()
        )
    );
}

#[test]
fn nobody_waiting_is_said_in_words() {
    let mut t = ticket();
    t.waiting_ahead = 0;
    let text = flat(&render(&t));
    assert!(text.contains("Không có ai chờ trước quý vị"), "{text}");
    assert!(!text.contains("Đang chờ"), "{text}");
}

#[test]
fn reprint_is_marked_and_original_is_not() {
    let original = flat(&render(&ticket()));
    assert!(!original.contains("IN LẠI"), "{original}");
    assert!(!original.contains("In lại lúc"), "{original}");

    let mut t = ticket();
    t.reprint = true;
    let before = chrono::Local::now().naive_local();
    let reprint = flat(&render(&t));
    assert!(reprint.contains("IN LẠI"), "{reprint}");
    // Stamped with the time of reprinting, not the time the number was taken.
    // Either minute is fine when the test straddles a minute boundary.
    let after = chrono::Local::now().naive_local();
    let stamp = |t: NaiveDateTime| format!("In lại lúc {}", t.format("%H:%M %d/%m/%Y"));
    assert!(
        reprint.contains(&stamp(before)) || reprint.contains(&stamp(after)),
        "{reprint}"
    );
    assert!(
        reprint.contains("Lấy số lúc: 09:05, 05/11/2026"),
        "{reprint}"
    );
    assert!(reprint.contains("A-015"));
}

#[test]
fn priority_is_printed_when_given() {
    let mut t = ticket();
    t.priority = Some("Ưu tiên: người cao tuổi".into());
    let text = flat(&render(&t));
    assert!(text.contains("Ưu tiên: người cao tuổi"), "{text}");
    // A blank priority is no priority.
    t.priority = Some("  ".into());
    assert!(!flat(&render(&t)).contains("Ưu tiên"));
}

#[test]
fn decomposed_input_prints_composed_text() {
    let t = TicketSlip {
        // "Yên Kỳ", "Hộ tịch – Chứng thực", "Ưu tiên: người cao tuổi" with every
        // mark a separate combining character.
        center_name: "Trung ta\u{302}m xa\u{303} Ye\u{302}n Ky\u{300}".into(),
        area_name: "Ho\u{302}\u{323} ti\u{323}ch – Chu\u{31b}\u{301}ng thu\u{31b}\u{323}c".into(),
        priority: Some(
            "U\u{31b}u tie\u{302}n: ngu\u{31b}o\u{31b}\u{300}i cao tuo\u{302}\u{309}i".into(),
        ),
        ..ticket()
    };
    assert_ne!(t.area_name, AREA);
    let text = flat(&render(&t));
    for needle in ["Trung tâm xã Yên Kỳ", AREA, "Ưu tiên: người cao tuổi"] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert!(
        !text.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)),
        "combining marks leaked:\n{text}"
    );
}

#[test]
fn long_center_name_wraps_inside_the_page() {
    let t = TicketSlip {
        center_name: LONG_CENTER.into(),
        ..ticket()
    };
    let pdf = render(&t);
    assert_inside_printable_width(&pdf);
    let (_, _, words) = word_boxes(&pdf);
    // The name's words on the page, in order, over more than one line.
    let name: Vec<&str> = t.center_name.split_whitespace().collect();
    let start = words
        .windows(name.len())
        .position(|w| w.iter().zip(&name).all(|(a, b)| a.text == *b))
        .unwrap_or_else(|| {
            panic!(
                "center name not found whole among {:?}",
                words.iter().map(|w| &w.text).collect::<Vec<_>>()
            )
        });
    let rows: std::collections::BTreeSet<i32> = words[start..start + name.len()]
        .iter()
        .map(|w| w.b[3].round() as i32)
        .collect();
    assert!(rows.len() >= 2, "the long name did not wrap: {rows:?}");
    assert_eq!(pages(&info(&pdf)), 1);
}

#[test]
fn the_fullest_ticket_keeps_everything_readable_on_one_page() {
    let pdf = render(&crowded());
    assert_eq!(pages(&info(&pdf)), 1);
    assert_inside_printable_width(&pdf);
    let text = flat(&pdf);
    for needle in [
        "12AB-0153",
        "IN LẠI",
        "Đang chờ trước quý vị: 128 người",
        "Lấy số lúc: 09:05, 05/11/2026",
        "Đất đai – Xây dựng",
        "Ưu tiên: người cao tuổi",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // No two words drawn over each other. pdftotext boxes a word from the
    // font's ascent (room for Vietnamese stacked marks) to its descent; the
    // label has neither, so its box is narrowed to its capitals.
    let (_, _, mut words) = word_boxes(&pdf);
    for w in words.iter_mut().filter(|w| w.text == "12AB-0153") {
        let size = (w.b[3] - w.b[1]) / (ASCENT + DESCENT);
        let baseline = w.b[3] - DESCENT * size;
        w.b = [w.b[0], baseline - CAP_HEIGHT * size, w.b[2], baseline];
    }
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            let ix = (a.b[2].min(b.b[2]) - a.b[0].max(b.b[0])).max(0.0);
            let iy = (a.b[3].min(b.b[3]) - a.b[1].max(b.b[1])).max(0.0);
            let area = |w: &Word| (w.b[2] - w.b[0]) * (w.b[3] - w.b[1]);
            assert!(
                ix * iy <= 0.2 * area(a).min(area(b)),
                "{:?} {:?} overlaps {:?} {:?}",
                a.text,
                a.b,
                b.text,
                b.b
            );
        }
    }
}

/// The label's box as pdftotext sees it.
fn label_box(pdf: &[u8], label: &str) -> [f32; 4] {
    let (_, _, words) = word_boxes(pdf);
    words
        .iter()
        .find(|w| w.text == label)
        .unwrap_or_else(|| panic!("{label:?} not drawn as one word"))
        .b
}

#[test]
fn the_number_is_big_and_a_six_character_label_still_fits() {
    let short = label_box(&render(&ticket()), "A-015");
    let mut t = ticket();
    t.label = "2A-015".into();
    let pdf = render(&t);
    assert_inside_printable_width(&pdf);
    let six = label_box(&pdf, "2A-015");
    // pdftotext's box spans the font's ascent and descent: 40 pt or more of
    // type, readable at arm's length.
    let em = |b: [f32; 4]| (b[3] - b[1]) / (ASCENT + DESCENT);
    assert!(em(short) >= 40.0, "A-015 is set at {} pt", em(short));
    assert!(em(six) >= 40.0, "2A-015 is set at {} pt", em(six));
    // A label too long for the biggest size is shrunk, not cut or wrapped.
    t.label = "12AB-01530".into();
    let pdf = render(&t);
    assert_inside_printable_width(&pdf);
    let long = label_box(&pdf, "12AB-01530");
    assert!(em(long) < em(six));
}

#[test]
fn fonts_are_embedded_and_subset() {
    let pdf = render(&crowded());
    let fonts = utf8(poppler("pdffonts", &[], &pdf, &[]));
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 2, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID: the fixed columns at the end.
        let n = cols.len();
        assert!(n >= 7, "{fonts}");
        assert_eq!(cols[n - 5], "yes", "font not embedded:\n{fonts}");
        assert_eq!(cols[n - 4], "yes", "font not subset:\n{fonts}");
    }
    assert!(pdf.len() < 40_000, "ticket is {} bytes", pdf.len());
}

/// Thermal paper prints black only: every pixel of the rendered ticket is a
/// shade of grey (anti-aliased black), none coloured.
#[test]
fn ink_is_black_only() {
    let ppm = poppler(
        "pdftoppm",
        &["-r", "60", "-singlefile"],
        &render(&crowded()),
        &[],
    );
    // Binary PPM: "P6\n<w> <h>\n255\n" then RGB triples.
    let mut header_end = 0;
    let mut newlines = 0;
    for (i, b) in ppm.iter().enumerate() {
        if *b == b'\n' {
            newlines += 1;
            if newlines == 3 {
                header_end = i + 1;
                break;
            }
        }
    }
    assert!(ppm.starts_with(b"P6") && header_end > 0);
    let pixels = &ppm[header_end..];
    assert!(!pixels.is_empty());
    let mut dark = 0;
    for rgb in pixels.chunks_exact(3) {
        assert!(
            rgb[0] == rgb[1] && rgb[1] == rgb[2],
            "coloured pixel {rgb:?}"
        );
        if rgb[0] < 128 {
            dark += 1;
        }
    }
    assert!(dark > 1000, "almost nothing printed: {dark} dark pixels");
}

/// Writes sample tickets to /tmp/tickets for a person to look at and times
/// them: `cargo test --release --test ticket_pdf -- --ignored --nocapture`,
/// then `pdftoppm -png -r 150 /tmp/tickets/x.pdf /tmp/tickets/x`.
#[test]
#[ignore]
fn write_samples() {
    let out = Path::new("/tmp/tickets");
    std::fs::create_dir_all(out).unwrap();
    let start = std::time::Instant::now();
    render(&ticket());
    println!("first ticket (parses the fonts): {:?}", start.elapsed());

    let mut priority = ticket();
    priority.label = "2A-016".into();
    priority.priority = Some("Ưu tiên: người cao tuổi".into());
    priority.waiting_ahead = 0;
    let mut reprint = ticket();
    reprint.reprint = true;
    let mut long_center = ticket();
    long_center.center_name = LONG_CENTER.into();
    long_center.area_name = "Đất đai – Xây dựng – Tài nguyên môi trường".into();
    long_center.waiting_ahead = 27;
    let mut no_footer = ticket();
    no_footer.footer = String::new();
    let samples = [
        ("original", ticket()),
        ("priority", priority),
        ("reprint", reprint),
        ("long-center", long_center),
        ("no-footer", no_footer),
        ("crowded", crowded()),
    ];
    for (name, t) in samples {
        let mut times: Vec<_> = (0..20)
            .map(|_| {
                let start = std::time::Instant::now();
                render(&t);
                start.elapsed()
            })
            .collect();
        times.sort();
        let pdf = render(&t);
        std::fs::write(out.join(format!("{name}.pdf")), &pdf).unwrap();
        println!(
            "{name}: {} bytes, median {:?}, max {:?}",
            pdf.len(),
            times[10],
            times[19]
        );
    }
}
