//! The appointment slip (Mẫu 01) read back the way a person or an archive would:
//! text through poppler's `pdftotext`, page sizes through `pdfinfo`. Needs the
//! poppler-utils package; the tests fail (not skip) without it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, NaiveDateTime};
use quay::domain::Localized;
use quay::domain::catalog::DocumentKind;
use quay::domain::dossier::{
    Applicant, Channel, Deadline, Dossier, ReceivedDocument, ResultDelivery,
};
use quay::domain::settings::{CenterSettings, PaperSize};
use quay::print::{
    PrintError, PrintJob, Printer, SlipOptions, SystemPrinter, render_slip, slip_media,
};

const CODE: &str = "000.00.12.H56-261125-1001";
const NAME: &str = "Nguyễn Thị Hường";
const TITLE: &str = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ";
const LONG_END: &str = "[hết-tên-giấy-tờ]";

fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .unwrap()
}

/// A catalog-style name of exactly 400 characters ending in [`LONG_END`], one
/// word so that wrapping cannot split it.
fn long_name() -> String {
    let phrase = "Bản sao Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất \
                  hoặc một trong các loại giấy tờ về quyền sử dụng đất theo quy định của pháp luật về đất đai; ";
    let mut s = String::new();
    while s.chars().count() + LONG_END.chars().count() < 400 {
        s.push_str(phrase);
    }
    let keep = 400 - LONG_END.chars().count() - 1;
    let mut s: String = s
        .chars()
        .take(keep)
        .collect::<String>()
        .trim_end()
        .to_string();
    while s.chars().count() < keep {
        s.push('.');
    }
    s.push(' ');
    s.push_str(LONG_END);
    assert_eq!(s.chars().count(), 400);
    s
}

fn doc(name: impl Into<String>, kind: DocumentKind, count: u16) -> ReceivedDocument {
    ReceivedDocument {
        name: name.into(),
        kind,
        count,
    }
}

fn dossier() -> Dossier {
    Dossier {
        id: 1,
        code: CODE.into(),
        procedure_code: "1.000894".into(),
        procedure_name: "Thủ tục đăng ký kết hôn".into(),
        field: "Hộ tịch".into(),
        applicant: Applicant {
            name: NAME.into(),
            id_number: "038303001234".into(),
            phone: "0912345678".into(),
            address: "Thôn Đồng Tâm, xã Yên Kỳ, tỉnh Phú Thọ".into(),
            email: None,
        },
        channel: Channel::Direct,
        received_at: at(25, 9, 15),
        deadline: Deadline::WorkingDays(2),
        due_at: at(27, 9, 15),
        documents: vec![
            doc(
                "Tờ khai đăng ký kết hôn theo mẫu",
                DocumentKind::Original,
                1,
            ),
            doc(
                "Giấy xác nhận tình trạng hôn nhân",
                DocumentKind::Original,
                1,
            ),
            doc(long_name(), DocumentKind::CertifiedCopy, 1),
            doc(
                "Căn cước công dân của hai bên nam, nữ",
                DocumentKind::Shown,
                2,
            ),
        ],
        sets: 1,
        fee_vnd: 0,
        result_delivery: ResultDelivery::Counter,
        note: String::new(),
        attachments: Vec::new(),
        status: 2,
        counter_no: 1,
        register_book: 2026,
        register_no: 1001,
        officer_name: "Trần Văn Bình".into(),
        created_at: at(25, 9, 15),
        received_by: None,
    }
}

fn settings() -> CenterSettings {
    CenterSettings {
        parent_agency: "Ủy ban nhân dân xã Yên Kỳ".into(),
        center_name: "Trung tâm Phục vụ hành chính công xã Yên Kỳ".into(),
        agency_id: "000.00.12.H56".into(),
        officer_name: "Trần Văn Bình".into(),
        hotline: "0210 3812 345".into(),
        ..CenterSettings::default()
    }
}

fn opts(paper: PaperSize, two_copies: bool, reprint: bool) -> SlipOptions {
    SlipOptions {
        paper,
        two_copies,
        reprint,
    }
}

fn render(d: &Dossier, o: SlipOptions) -> Vec<u8> {
    render_slip(d, &settings(), o).unwrap()
}

/// Runs a poppler tool on `pdf`; a missing tool is a test failure with the fix.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("slip.pdf");
    std::fs::write(&file, pdf).unwrap();
    let output = match Command::new(tool).args(args).arg(&file).arg("-").output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{tool}` is not installed: the slip tests read PDFs with poppler. \
             Install poppler-utils (e.g. `sudo apt-get install poppler-utils`)."
        ),
        Err(e) => panic!("cannot run {tool}: {e}"),
    };
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn text(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-layout"], pdf)
}

fn page_text(pdf: &[u8], page: usize) -> String {
    let p = page.to_string();
    poppler("pdftotext", &["-layout", "-f", &p, "-l", &p], pdf)
}

/// `pdfinfo` prints to stdout and takes no `-` argument.
fn info(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("slip.pdf");
    std::fs::write(&file, pdf).unwrap();
    let output = match Command::new("pdfinfo").arg(&file).output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`pdfinfo` is not installed: install poppler-utils (e.g. `sudo apt-get install poppler-utils`)."
        ),
        Err(e) => panic!("cannot run pdfinfo: {e}"),
    };
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

fn pages(info: &str) -> usize {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in {info}"))
}

/// (width, height) in points from pdfinfo's "Page size: 419.53 x 595.28 pts".
fn page_size(info: &str) -> (f32, f32) {
    let line = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .expect("page size");
    let mut nums = line
        .split_whitespace()
        .filter_map(|w| w.parse::<f32>().ok());
    (nums.next().unwrap(), nums.next().unwrap())
}

fn close(a: (f32, f32), b: (f32, f32)) -> bool {
    (a.0 - b.0).abs() < 1.0 && (a.1 - b.1).abs() < 1.0
}

const A5: (f32, f32) = (419.53, 595.28);
const A4: (f32, f32) = (595.28, 841.89);
const A4_LANDSCAPE: (f32, f32) = (841.89, 595.28);

#[test]
fn slip_shows_the_applicant_the_code_and_the_due_date() {
    let pdf = render(&dossier(), opts(PaperSize::A5, false, false));
    assert!(pdf.starts_with(b"%PDF"));
    let t = text(&pdf);
    for needle in [
        NAME,
        CODE,
        TITLE,
        "27/11/2026",
        "09 giờ 15 phút",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN XÃ YÊN KỲ",
        "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "Ngày 25 tháng 11 năm 2026",
        "Thôn Đồng Tâm, xã Yên Kỳ, tỉnh Phú Thọ",
        "Thủ tục đăng ký kết hôn",
        "Xuất trình",
        "01 bộ",
        "02 ngày làm việc",
        "Quyển số: 2026",
        "Số thứ tự: 1001",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Trần Văn Bình",
        "0210 3812 345",
        LONG_END,
    ] {
        assert!(t.contains(needle), "missing {needle:?} in:\n{t}");
    }
    assert!(
        !t.contains("BẢN IN LẠI"),
        "an original must not say it is a reprint:\n{t}"
    );
    assert!(!t.contains("Email"), "no email was given:\n{t}");
    assert!(!t.contains("Bản lưu"));
    assert!(close(page_size(&info(&pdf)), A5));
}

#[test]
fn reprint_is_marked_on_every_page() {
    let original = text(&render(&dossier(), opts(PaperSize::A5, false, false)));
    let pdf = render(&dossier(), opts(PaperSize::A5, false, true));
    let t = text(&pdf);
    assert!(!original.contains("BẢN IN LẠI"));
    assert!(t.contains("BẢN IN LẠI"), "{t}");
    assert!(t.contains("In lại lúc"), "{t}");
    let n = pages(&info(&pdf));
    for p in 1..=n {
        assert!(
            page_text(&pdf, p).contains("BẢN IN LẠI"),
            "page {p} is not marked"
        );
    }
}

#[test]
fn two_a5_copies_share_one_a4_landscape_sheet() {
    let d = dossier();
    let o = opts(PaperSize::A5, true, false);
    assert_eq!(slip_media(o), "A4");
    let single = render(&d, opts(PaperSize::A5, false, false));
    let pdf = render(&d, o);
    let i = info(&pdf);
    assert!(close(page_size(&i), A4_LANDSCAPE), "{i}");
    assert_eq!(
        pages(&i),
        pages(&info(&single)),
        "two copies side by side need no extra sheets"
    );
    let t = text(&pdf);
    let once = text(&single).matches(NAME).count();
    assert!(once >= 1);
    assert_eq!(t.matches(NAME).count(), 2 * once, "{t}");
    assert_eq!(
        t.matches(CODE).count(),
        2 * text(&single).matches(CODE).count()
    );
    assert!(
        t.contains("Bản giao công dân") && t.contains("Bản lưu"),
        "{t}"
    );
}

#[test]
fn two_a4_copies_are_two_labelled_pages() {
    let d = dossier();
    let o = opts(PaperSize::A4, true, false);
    assert_eq!(slip_media(o), "A4");
    let single = render(&d, opts(PaperSize::A4, false, false));
    assert_eq!(
        pages(&info(&single)),
        1,
        "the sample dossier fits one A4 page"
    );
    assert!(close(page_size(&info(&single)), A4));
    let pdf = render(&d, o);
    let i = info(&pdf);
    assert_eq!(pages(&i), 2);
    assert!(close(page_size(&i), A4));
    let (first, second) = (page_text(&pdf, 1), page_text(&pdf, 2));
    assert!(
        first.contains("Bản giao công dân") && !first.contains("Bản lưu"),
        "{first}"
    );
    assert!(
        second.contains("Bản lưu") && !second.contains("Bản giao công dân"),
        "{second}"
    );
    assert!(first.contains(NAME) && second.contains(NAME));
}

#[test]
fn decomposed_input_prints_composed_text() {
    let mut d = dossier();
    // "Nguyễn Thị Hường" with every mark as a separate combining character.
    d.applicant.name = "Nguye\u{302}\u{303}n Thi\u{323} Hu\u{31b}o\u{31b}\u{300}ng".into();
    d.applicant.address = "Tho\u{302}n \u{110}o\u{302}\u{300}ng Ta\u{302}m".into();
    assert_ne!(d.applicant.name, NAME);
    let t = text(&render(&d, opts(PaperSize::A5, false, false)));
    assert!(t.contains(NAME), "{t}");
    assert!(t.contains("Thôn Đồng Tâm"), "{t}");
    assert!(
        !t.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)),
        "combining marks leaked:\n{t}"
    );
}

#[test]
fn email_is_printed_when_given() {
    let mut d = dossier();
    d.applicant.email = Some("huong.nguyen@example.vn".into());
    let t = text(&render(&d, opts(PaperSize::A5, false, false)));
    assert!(t.contains("Email: huong.nguyen@example.vn"), "{t}");
}

fn many_documents() -> Dossier {
    let mut d = dossier();
    d.documents = (1..=12)
        .map(|i| {
            let name = if i % 3 == 0 {
                format!("Giấy tờ số {i:02}: {}", long_name())
            } else {
                format!("Giấy tờ số {i:02}: Văn bản ủy quyền có công chứng hoặc chứng thực theo quy định")
            };
            doc(name, DocumentKind::ALL[i % 4], 1)
        })
        .collect();
    d
}

#[test]
fn long_checklists_continue_on_further_pages() {
    let pdf = render(&many_documents(), opts(PaperSize::A5, false, false));
    let i = info(&pdf);
    let n = pages(&i);
    assert!(n >= 2, "twelve long documents cannot fit one A5 page:\n{i}");
    let t = text(&pdf);
    for k in 1..=12 {
        assert!(
            t.contains(&format!("Giấy tờ số {k:02}")),
            "document {k} lost:\n{t}"
        );
    }
    assert_eq!(t.matches(LONG_END).count(), 4);
    assert!(t.contains(&format!("Trang 1/{n}")) && t.contains(&format!("Trang {n}/{n}")));
    // The table header is repeated on the page the table continues on.
    assert!(
        page_text(&pdf, 2).contains("Tên giấy tờ"),
        "{}",
        page_text(&pdf, 2)
    );
    assert!(page_text(&pdf, n).contains("NGƯỜI NỘP HỒ SƠ"));
}

/// Word boxes from `pdftotext -bbox`: (page width, page height, words).
#[allow(clippy::type_complexity)]
fn word_boxes(pdf: &[u8]) -> Vec<(f32, f32, Vec<(String, [f32; 4])>)> {
    let html = poppler("pdftotext", &["-bbox"], pdf);
    let attr = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    let mut out: Vec<(f32, f32, Vec<(String, [f32; 4])>)> = Vec::new();
    for part in html.split('<').skip(1) {
        if part.starts_with("page ") {
            out.push((attr(part, "width"), attr(part, "height"), Vec::new()));
        } else if part.starts_with("word ") {
            let word = part.split('>').nth(1).unwrap_or("").to_string();
            let b = [
                attr(part, "xMin"),
                attr(part, "yMin"),
                attr(part, "xMax"),
                attr(part, "yMax"),
            ];
            out.last_mut().unwrap().2.push((word, b));
        }
    }
    out
}

fn assert_inside_margins_and_apart(pdf: &[u8]) {
    let margin = 10.0 * 72.0 / 25.4 - 1.5;
    for (p, (w, h, words)) in word_boxes(pdf).iter().enumerate() {
        assert!(!words.is_empty());
        for (word, b) in words {
            assert!(
                b[0] >= margin && b[1] >= margin && b[2] <= w - margin && b[3] <= h - margin,
                "page {}: {word:?} at {b:?} is within 10 mm of the edge of {w}x{h}",
                p + 1
            );
        }
        for (i, (wa, a)) in words.iter().enumerate() {
            for (wb, b) in &words[i + 1..] {
                let ix = (a[2].min(b[2]) - a[0].max(b[0])).max(0.0);
                let iy = (a[3].min(b[3]) - a[1].max(b[1])).max(0.0);
                let smaller = ((a[2] - a[0]) * (a[3] - a[1])).min((b[2] - b[0]) * (b[3] - b[1]));
                assert!(
                    ix * iy <= 0.2 * smaller,
                    "page {}: {wa:?} {a:?} overlaps {wb:?} {b:?}",
                    p + 1
                );
            }
        }
    }
}

#[test]
fn nothing_is_drawn_off_the_page_or_over_other_text() {
    for o in [
        opts(PaperSize::A5, false, true),
        opts(PaperSize::A5, true, true),
        opts(PaperSize::A4, false, false),
    ] {
        assert_inside_margins_and_apart(&render(&dossier(), o));
        assert_inside_margins_and_apart(&render(&many_documents(), o));
    }
    // One paper whose name is longer than a whole page can hold.
    let mut giant = dossier();
    giant.documents[0].name = "Giấy tờ kèm theo ".repeat(300);
    assert_inside_margins_and_apart(&render(&giant, opts(PaperSize::A5, false, false)));
}

#[test]
fn long_header_texts_wrap_instead_of_overflowing() {
    let mut s = settings();
    s.parent_agency = "Ủy ban nhân dân xã Quảng Phú Cầu huyện Ứng Hòa thành phố Hà Nội".into();
    s.center_name =
        "Trung tâm Phục vụ hành chính công xã Quảng Phú Cầu (Điểm tiếp nhận số 2)".into();
    let mut d = dossier();
    d.applicant.address = "Số 1234567890123456789012345678901234567890, ngõ 5, ".repeat(3);
    let pdf = render_slip(&d, &s, opts(PaperSize::A5, false, false)).unwrap();
    assert_inside_margins_and_apart(&pdf);
    assert!(text(&pdf).contains("ỦY BAN NHÂN DÂN XÃ QUẢNG PHÚ CẦU"));
}

#[test]
fn fonts_are_subset_so_slips_stay_small() {
    let pdf = render(&dossier(), opts(PaperSize::A5, true, true));
    assert!(pdf.len() < 60_000, "slip is {} bytes", pdf.len());
}

#[derive(Default)]
struct CapturingPrinter {
    jobs: Mutex<Vec<(Vec<u8>, PrintJob)>>,
}

impl Printer for CapturingPrinter {
    fn print_pdf(&self, pdf: &[u8], job: &PrintJob) -> Result<(), PrintError> {
        self.jobs.lock().unwrap().push((pdf.to_vec(), job.clone()));
        Ok(())
    }
}

#[test]
fn a_fake_printer_captures_the_job() {
    let fake = Arc::new(CapturingPrinter::default());
    let printer: Arc<dyn Printer> = fake.clone();
    let o = opts(PaperSize::A5, true, false);
    let job = PrintJob {
        title: format!("Giấy tiếp nhận {CODE}"),
        media: slip_media(o).into(),
        printer: None,
    };
    printer.print_pdf(&render(&dossier(), o), &job).unwrap();
    let jobs = fake.jobs.lock().unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].1, job);
    assert!(jobs[0].0.starts_with(b"%PDF"));
}

#[test]
fn missing_print_system_is_reported_as_such() {
    let printer = SystemPrinter::with_program("/nonexistent/lp");
    let job = PrintJob {
        title: "x".into(),
        media: "A5".into(),
        printer: None,
    };
    let err = printer.print_pdf(b"%PDF-1.3", &job).unwrap_err();
    assert_eq!(err, PrintError::NoPrintSystem);
    assert!(
        err.vi().contains("CUPS") && err.vi().contains("Lưu PDF"),
        "{}",
        err.vi()
    );
}

#[cfg(unix)]
fn fake_lp(dir: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("lp");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn lp_gets_queue_title_media_and_the_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("args.txt");
    let copy = dir.path().join("received.pdf");
    // Records each argument on its own line and copies the file it was given.
    let lp = fake_lp(
        dir.path(),
        &format!(
            "for a in \"$@\"; do printf '%s\\n' \"$a\" >> '{log}'; last=\"$a\"; done\ncp \"$last\" '{copy}'",
            log = log.display(),
            copy = copy.display()
        ),
    );
    let job = PrintJob {
        title: format!("Giấy tiếp nhận {CODE}"),
        media: "A5".into(),
        printer: Some("Quay_HP".into()),
    };
    let pdf = render(&dossier(), opts(PaperSize::A5, false, false));
    SystemPrinter::with_program(&lp)
        .print_pdf(&pdf, &job)
        .unwrap();
    let args: Vec<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        &args[..8],
        [
            "-d",
            "Quay_HP",
            "-t",
            job.title.as_str(),
            "-o",
            "media=A5",
            "-o",
            "fit-to-page"
        ]
    );
    assert_eq!(std::fs::read(&copy).unwrap(), pdf);
    assert!(
        !Path::new(&args[8]).exists(),
        "the temporary PDF must be removed after lp took it"
    );
}

#[cfg(unix)]
#[test]
fn lp_failure_is_a_refusal_with_its_message() {
    let dir = tempfile::tempdir().unwrap();
    let lp = fake_lp(
        dir.path(),
        "echo 'lp: Error - No default destination.' >&2\nexit 1",
    );
    let job = PrintJob {
        title: "x".into(),
        media: "A5".into(),
        printer: None,
    };
    let err = SystemPrinter::with_program(&lp)
        .print_pdf(b"%PDF-1.3", &job)
        .unwrap_err();
    assert_eq!(
        err,
        PrintError::PrinterRefused("lp: Error - No default destination.".into())
    );
    assert!(
        err.vi().contains("máy in mặc định") && err.vi().contains("Lưu PDF"),
        "{}",
        err.vi()
    );
}

/// Writes sample slips to /tmp/slips for a person to look at:
/// `cargo test --test slip_pdf -- --ignored write_samples`, then
/// `pdftoppm -png -r 80 /tmp/slips/x.pdf /tmp/slips/x`.
#[test]
#[ignore]
fn write_samples() {
    let out = Path::new("/tmp/slips");
    std::fs::create_dir_all(out).unwrap();
    let samples = [
        ("single-a5", dossier(), opts(PaperSize::A5, false, false)),
        ("two-copies-a5", dossier(), opts(PaperSize::A5, true, false)),
        ("reprint-a5", dossier(), opts(PaperSize::A5, false, true)),
        (
            "overflow-a5",
            many_documents(),
            opts(PaperSize::A5, false, false),
        ),
        ("single-a4", dossier(), opts(PaperSize::A4, false, false)),
        (
            "two-copies-a4-reprint",
            dossier(),
            opts(PaperSize::A4, true, true),
        ),
    ];
    for (name, d, o) in samples {
        let start = std::time::Instant::now();
        let pdf = render(&d, o);
        let took = start.elapsed();
        std::fs::write(out.join(format!("{name}.pdf")), &pdf).unwrap();
        println!("{name}: {} bytes in {took:?}", pdf.len());
    }
}

/// Render time, to compare with the 50 ms budget:
/// `cargo test --release --test slip_pdf -- --ignored render_speed --nocapture`.
#[test]
#[ignore]
fn render_speed() {
    let d = dossier();
    let start = std::time::Instant::now();
    render(&d, opts(PaperSize::A5, false, false));
    println!("first slip (parses the fonts): {:?}", start.elapsed());
    for o in [
        opts(PaperSize::A5, false, false),
        opts(PaperSize::A5, true, true),
    ] {
        let mut times: Vec<_> = (0..20)
            .map(|_| {
                let start = std::time::Instant::now();
                render(&d, o);
                start.elapsed()
            })
            .collect();
        times.sort();
        println!("{o:?}: median {:?}, max {:?}", times[10], times[19]);
    }
}
