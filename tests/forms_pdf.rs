//! Mẫu 02–06 read back the way a person or an archive would: text through
//! poppler's `pdftotext`, page sizes through `pdfinfo`. Needs the poppler-utils
//! package; the tests fail (not skip) without it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::path::Path;
use std::process::Command;

use chrono::{NaiveDate, NaiveDateTime};
use common::{good_draft, quay, stderr, temp_db};
use quay::domain::Localized;
use quay::domain::dossier::{Applicant, Channel, Deadline, Dossier, ResultDelivery};
use quay::domain::lifecycle::DossierStatus;
use quay::domain::progress::{
    Apology, Progress, Refusal, StatusChange, Supplement, SupplementRequest, Transfer,
};
use quay::domain::register::{CSV_HEADER, RegisterEntry};
use quay::domain::settings::CenterSettings;
use quay::forms::{Form, FormError};
use quay::print::{
    APOLOGY_TITLE, CONTROL_SHEET_TITLE, PrintError, PrintJob, Printer, REFUSAL_TITLE,
    REGISTER_TITLE, SUPPLEMENT_TITLE, render_apology, render_control_sheet, render_refusal,
    render_register, render_supplement,
};
use quay::store::{Actor, Store};

const CODE: &str = "000.00.12.H56-261125-1001";
const NAME: &str = "Nguyễn Thị Hường";

fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d)
        .and_then(|d| d.and_hms_opt(h, min, 0))
        .unwrap()
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
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
            email: Some("huong.nguyen@example.vn".into()),
        },
        channel: Channel::Direct,
        received_at: at(11, 25, 9, 15),
        deadline: Deadline::WorkingDays(3),
        due_at: at(11, 30, 9, 15),
        documents: Vec::new(),
        sets: 1,
        fee_vnd: 0,
        result_delivery: ResultDelivery::Counter,
        note: String::new(),
        attachments: Vec::new(),
        status: 5,
        counter_no: 1,
        register_book: 2026,
        register_no: 1001,
        officer_name: "Trần Văn Bình".into(),
        created_at: at(11, 25, 9, 15),
        received_by: None,
    }
}

fn settings() -> CenterSettings {
    CenterSettings {
        parent_agency: "Ủy ban nhân dân xã Yên Kỳ".into(),
        center_name: "Trung tâm Phục vụ hành chính công xã Yên Kỳ".into(),
        place_name: "Yên Kỳ".into(),
        agency_id: "000.00.12.H56".into(),
        officer_name: "Trần Văn Bình".into(),
        hotline: "0210 3812 345".into(),
        ..CenterSettings::default()
    }
}

fn supplement(number: u32, items: &[&str]) -> Supplement {
    Supplement {
        number,
        requested_at: at(11, 26, 10, 0),
        items: items.iter().map(|s| s.to_string()).collect(),
        reason: "Giấy xác nhận tình trạng hôn nhân đã quá 6 tháng kể từ ngày cấp".into(),
        contact: "Trần Văn Bình, công chức Tư pháp – Hộ tịch, 0912 000 111".into(),
        due_before: at(11, 30, 9, 15),
        remaining_minutes: 1_110,
        resumed_at: None,
        due_after: None,
        actor: "quầy 1 (Trần Văn Bình)".into(),
    }
}

const ITEMS: [&str; 3] = [
    "Giấy xác nhận tình trạng hôn nhân còn thời hạn (bản chính)",
    "Bản sao có chứng thực Căn cước công dân của bên nữ",
    "Tờ khai đăng ký kết hôn có đủ chữ ký của hai bên nam, nữ",
];

fn refusal() -> Refusal {
    Refusal {
        at: at(11, 25, 9, 30),
        reasons: vec![
            "Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã".into(),
            "Hồ sơ thiếu Giấy xác nhận tình trạng hôn nhân".into(),
        ],
        actor: "quầy 1 (Trần Văn Bình)".into(),
    }
}

fn apology() -> Apology {
    Apology {
        at: at(11, 29, 15, 0),
        reason: "Cần xác minh thêm thông tin hộ tịch tại nơi cư trú trước đây của bên nam".into(),
        old_due_at: at(11, 30, 9, 15),
        new_due_at: at(12, 3, 14, 0),
        actor: "quầy 1 (Trần Văn Bình)".into(),
    }
}

fn change(from: DossierStatus, to: DossierStatus, when: NaiveDateTime, note: &str) -> StatusChange {
    StatusChange {
        code: CODE.into(),
        from,
        to,
        at: when,
        actor: "quầy 1 (Trần Văn Bình)".into(),
        note: note.into(),
    }
}

fn progress() -> Progress {
    use DossierStatus::*;
    let mut sup = supplement(1, &ITEMS);
    sup.resumed_at = Some(at(11, 27, 8, 30));
    sup.due_after = Some(at(12, 1, 8, 0));
    Progress {
        history: vec![
            change(Received, Processing, at(11, 25, 10, 0), ""),
            change(
                Processing,
                SupplementRequested,
                at(11, 26, 10, 0),
                &sup.reason,
            ),
            change(
                SupplementRequested,
                Processing,
                at(11, 27, 8, 30),
                "Đã bổ sung đủ",
            ),
            change(
                Processing,
                Resolved,
                at(11, 30, 9, 0),
                "Đã ký Giấy chứng nhận kết hôn",
            ),
            change(
                Resolved,
                Returned,
                at(12, 1, 9, 0),
                "Trả tại quầy, người nhận: Nguyễn Thị Hường",
            ),
        ],
        supplements: vec![sup],
        transfers: vec![Transfer {
            agency: "Phòng Tư pháp huyện Yên Lập".into(),
            sent_at: at(11, 27, 14, 0),
            note: "Xin ý kiến về việc xác minh".into(),
            back_at: Some(at(11, 28, 16, 30)),
            back_note: Some("Đủ điều kiện".into()),
            actor: "quầy 1 (Trần Văn Bình)".into(),
        }],
        apology: Some(apology()),
        ..Progress::default()
    }
}

fn entries(n: usize) -> Vec<RegisterEntry> {
    (0..n)
        .map(|i| {
            let received = at(11, 2 + (i as u32 % 26), 8 + (i as u32 % 8), 5);
            RegisterEntry {
                code: format!("000.00.12.H56-2611{:02}-{}", 2 + i % 26, 1001 + i),
                procedure_name: if i % 3 == 0 {
                    "Thủ tục đăng ký kết hôn".into()
                } else {
                    "Thủ tục chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận".into()
                },
                sets: 1 + (i % 2) as u16,
                applicant_name: format!("Nguyễn Thị Hường {i}"),
                address: "Thôn Đồng Tâm, xã Yên Kỳ, tỉnh Phú Thọ".into(),
                phone: "0912345678".into(),
                received_at: received,
                due_at: received + chrono::Duration::days(2),
                returned_at: (i % 2 == 0).then(|| received + chrono::Duration::days(1)),
                note: if i % 5 == 0 {
                    "Đã bổ sung giấy tờ; trả kết quả qua bưu chính".into()
                } else {
                    String::new()
                },
                register_book: 2026,
                register_no: 1001 + i as i64,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// poppler

fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("form.pdf");
    std::fs::write(&file, pdf).unwrap();
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(&file);
    if tool != "pdfinfo" {
        cmd.arg("-");
    }
    let output = match cmd.output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{tool}` is not installed: the form tests read PDFs with poppler. \
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

/// The text without line breaks and repeated spaces, so a phrase wrapped
/// over two lines is still found.
fn text(pdf: &[u8]) -> String {
    flat(&poppler("pdftotext", &[], pdf))
}

fn page_text(pdf: &[u8], page: usize) -> String {
    let p = page.to_string();
    flat(&poppler("pdftotext", &["-f", &p, "-l", &p], pdf))
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pages(pdf: &[u8]) -> usize {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap()
}

/// (width, height) in points.
fn page_size(pdf: &[u8]) -> (f32, f32) {
    let info = poppler("pdfinfo", &[], pdf);
    let line = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .unwrap();
    let mut nums = line
        .split_whitespace()
        .filter_map(|w| w.parse::<f32>().ok());
    (nums.next().unwrap(), nums.next().unwrap())
}

fn close(a: (f32, f32), b: (f32, f32)) -> bool {
    (a.0 - b.0).abs() < 1.0 && (a.1 - b.1).abs() < 1.0
}

const A4: (f32, f32) = (595.28, 841.89);
const A4_LANDSCAPE: (f32, f32) = (841.89, 595.28);

fn assert_contains(t: &str, needles: &[&str]) {
    for needle in needles {
        assert!(t.contains(needle), "missing {needle:?} in:\n{t}");
    }
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

/// Every word at least 8 mm inside the sheet and none drawn over another.
fn assert_inside_margins_and_apart(pdf: &[u8]) {
    let margin = 8.0 * 72.0 / 25.4;
    for (p, (w, h, words)) in word_boxes(pdf).iter().enumerate() {
        assert!(!words.is_empty());
        for (word, b) in words {
            assert!(
                b[0] >= margin && b[1] >= margin && b[2] <= w - margin && b[3] <= h - margin,
                "page {}: {word:?} at {b:?} is within 8 mm of the edge of {w}x{h}",
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

// ---------------------------------------------------------------------------
// the forms drawn from plain values

#[test]
fn supplement_request_lists_what_to_bring_and_why() {
    let pdf = render_supplement(&dossier(), &supplement(1, &ITEMS), &settings(), false).unwrap();
    assert!(close(page_size(&pdf), A4));
    assert_eq!(pages(&pdf), 1);
    let t = text(&pdf);
    assert_contains(
        &t,
        &[
            SUPPLEMENT_TITLE,
            "ỦY BAN NHÂN DÂN XÃ YÊN KỲ",
            "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ YÊN KỲ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Yên Kỳ, ngày 26 tháng 11 năm 2026",
            &format!("Hồ sơ của: {NAME}"),
            &format!("Mã hồ sơ: {CODE}"),
            "Thủ tục đăng ký kết hôn",
            "09 giờ 15 phút, ngày 25/11/2026",
            "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
            &format!("1. {}", ITEMS[0]),
            &format!("2. {}", ITEMS[1]),
            &format!("3. {}", ITEMS[2]),
            "Lý do: Giấy xác nhận tình trạng hôn nhân đã quá 6 tháng",
            "tạm dừng kể từ ngày 26/11/2026",
            "tiếp tục tính với thời gian còn lại (02 ngày 2 giờ 30 phút làm việc)",
            "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ Trần Văn Bình, công chức Tư pháp – Hộ tịch, 0912 000 111",
            "NGƯỜI HƯỚNG DẪN",
            "Trần Văn Bình",
        ],
    );
    assert!(!t.contains("Lần yêu cầu bổ sung thứ"), "{t}");
    assert!(!t.contains("BẢN IN LẠI"), "{t}");
    assert_inside_margins_and_apart(&pdf);
}

#[test]
fn a_second_request_says_so_and_a_reprint_is_marked() {
    let pdf = render_supplement(&dossier(), &supplement(2, &ITEMS), &settings(), true).unwrap();
    let t = text(&pdf);
    assert_contains(
        &t,
        &["(Lần yêu cầu bổ sung thứ 2)", "BẢN IN LẠI", "In lại lúc"],
    );
}

#[test]
fn a_long_list_of_papers_continues_on_further_pages() {
    let items: Vec<String> = (1..=45)
        .map(|i| format!("Giấy tờ bổ sung số {i}: bản sao có chứng thực giấy khai sinh, sổ hộ khẩu hoặc giấy tờ chứng minh nơi cư trú của người yêu cầu"))
        .collect();
    let refs: Vec<&str> = items.iter().map(String::as_str).collect();
    let pdf = render_supplement(&dossier(), &supplement(1, &refs), &settings(), true).unwrap();
    let n = pages(&pdf);
    assert!(n >= 2, "{n} pages");
    let t = text(&pdf);
    for i in [1, 23, 45] {
        assert!(
            t.contains(&format!("{i}. Giấy tờ bổ sung số {i}:")),
            "item {i}:\n{t}"
        );
    }
    for p in 1..=n {
        let page = page_text(&pdf, p);
        assert!(page.contains(&format!("Trang {p}/{n}")), "page {p}: {page}");
        assert!(page.contains("BẢN IN LẠI"), "page {p}: {page}");
    }
    assert!(page_text(&pdf, 2).contains("(tiếp theo)"));
    assert!(page_text(&pdf, n).contains("NGƯỜI HƯỚNG DẪN"));
    assert_inside_margins_and_apart(&pdf);
}

#[test]
fn a_request_made_by_a_bare_status_change_lists_its_text() {
    let mut s = supplement(1, &[]);
    s.reason = "Bổ sung bản sao giấy khai sinh của con".into();
    s.contact = String::new();
    s.remaining_minutes = -30;
    let t = text(&render_supplement(&dossier(), &s, &settings(), false).unwrap());
    assert_contains(
        &t,
        &[
            "1. Bổ sung bản sao giấy khai sinh của con",
            // No written contact: the officer, the unit, the hotline.
            "liên hệ Trần Văn Bình – Bộ phận tiếp nhận và trả kết quả, số điện thoại 0210 3812 345",
            // Already overdue: no negative time is printed.
            "tiếp tục tính với thời gian còn lại.",
        ],
    );
    assert!(!t.contains("Lý do:"), "{t}");
}

#[test]
fn refusal_gives_every_reason() {
    let pdf = render_refusal(&dossier(), &refusal(), &settings(), false).unwrap();
    assert!(close(page_size(&pdf), A4));
    let t = text(&pdf);
    assert_contains(
        &t,
        &[
            REFUSAL_TITLE,
            "Yên Kỳ, ngày 25 tháng 11 năm 2026",
            "Bộ phận tiếp nhận và trả kết quả Trung tâm Phục vụ hành chính công xã Yên Kỳ tiếp nhận hồ sơ của:",
            &format!("Ông/Bà: {NAME}"),
            &format!("Mã hồ sơ: {CODE}"),
            "Email: huong.nguyen@example.vn",
            "không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
            "1. Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân cấp xã",
            "2. Hồ sơ thiếu Giấy xác nhận tình trạng hôn nhân",
            "Xin thông báo để ông/bà biết và thực hiện./.",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
        ],
    );
    assert_inside_margins_and_apart(&pdf);
}

#[test]
fn apology_names_the_old_and_the_new_date() {
    let pdf = render_apology(&dossier(), &apology(), &settings(), false).unwrap();
    assert!(close(page_size(&pdf), A4));
    let t = text(&pdf);
    assert_contains(
        &t,
        &[
            APOLOGY_TITLE,
            "Yên Kỳ, ngày 29 tháng 11 năm 2026",
            &format!("Kính gửi: Ông/Bà {NAME}"),
            "Ngày 25 tháng 11 năm 2026, Trung tâm Phục vụ hành chính công xã Yên Kỳ tiếp nhận hồ sơ của ông/bà Nguyễn Thị Hường",
            &format!("Mã hồ sơ: {CODE}"),
            "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09:15, ngày 30/11/2026.",
            "Tuy nhiên đến nay, Trung tâm Phục vụ hành chính công xã Yên Kỳ chưa trả kết quả giải quyết hồ sơ cho ông/bà.",
            "Lý do: Cần xác minh thêm thông tin hộ tịch",
            "Sự chậm trễ này đã gây phiền hà cho ông/bà. Trung tâm Phục vụ hành chính công xã Yên Kỳ xin lỗi ông/bà và hẹn trả kết quả vào lúc 14:00, ngày 03/12/2026.",
        ],
    );
    assert_inside_margins_and_apart(&pdf);
}

#[test]
fn control_sheet_has_one_row_per_step() {
    let pdf = render_control_sheet(&dossier(), &progress(), &settings(), false).unwrap();
    assert!(close(page_size(&pdf), A4));
    let t = text(&pdf);
    assert_contains(
        &t,
        &[
            CONTROL_SHEET_TITLE,
            &format!("Mã hồ sơ: {CODE}"),
            &format!("Người nộp hồ sơ: {NAME}"),
            "Thời gian tiếp nhận: 09:15, ngày 25/11/2026",
            "Thời gian hẹn trả kết quả: 09:15, ngày 30/11/2026",
            "Hẹn lại ngày trả kết quả (phiếu xin lỗi): 14:00, ngày 03/12/2026",
            "Ghi chú",
            "Giao: Người nộp hồ sơ",
            "Nhận: Bộ phận tiếp nhận và trả kết quả",
            "Nhận: Phòng Tư pháp huyện Yên Lập",
            "“Đang xử lý” sang “Yêu cầu bổ sung giấy tờ”",
            "Yêu cầu bổ sung lần 1",
            "hẹn trả mới: 08:00, ngày 01/12/2026",
            "Đúng hạn",
            "Đã ký Giấy chứng nhận kết hôn",
        ],
    );
    // Receipt, five changes, transfer out and back, apology.
    let rows = (1..=9).filter(|i| t.contains(&format!(" {i} "))).count();
    assert_eq!(rows, 9, "{t}");
    assert_inside_margins_and_apart(&pdf);
}

#[test]
fn a_long_history_repeats_the_table_header() {
    let mut p = progress();
    let base = p.history[0].clone();
    for i in 0..60 {
        let mut c = base.clone();
        c.note = format!("Ghi chú bước {i} với nội dung khá dài để xuống dòng trong ô ghi chú");
        p.history.push(c);
    }
    let pdf = render_control_sheet(&dossier(), &p, &settings(), true).unwrap();
    let n = pages(&pdf);
    assert!(n >= 3, "{n} pages");
    for page in 1..=n {
        let t = page_text(&pdf, page);
        assert!(
            t.contains("Ghi chú Thời gian") || t.contains("Thời gian giao, nhận"),
            "page {page}: {t}"
        );
        assert!(t.contains(&format!("Trang {page}/{n}")), "page {page}");
        assert!(t.contains("BẢN IN LẠI"));
    }
    assert!(text(&pdf).contains("Ghi chú bước 59 "));
    assert_inside_margins_and_apart(&pdf);
}

#[test]
fn register_is_landscape_with_every_column() {
    let list = entries(3);
    let pdf = render_register(&list, day(11, 1), day(11, 30), &settings()).unwrap();
    assert!(close(page_size(&pdf), A4_LANDSCAPE));
    assert_eq!(pages(&pdf), 1);
    let t = text(&pdf);
    assert_contains(
        &t,
        &[
            REGISTER_TITLE,
            "Từ ngày 01/11/2026 đến ngày 30/11/2026",
            "STT",
            "Mã hồ sơ",
            "Tên thủ tục hành chính",
            "Số lượng hồ sơ (bộ)",
            "Tên cá nhân, tổ chức",
            "Địa chỉ",
            "Số điện thoại",
            "Ngày tiếp nhận",
            "Hẹn trả",
            "Ngày trả kết quả",
            "Ký nhận",
            "Ghi chú",
            "000.00.12.H56-261102-1001",
            "Nguyễn Thị Hường 0",
            "Đã bổ sung giấy tờ; trả kết quả qua bưu chính",
            "02/11/2026",
            "Quyển số: 2026",
        ],
    );
    assert_inside_margins_and_apart(&pdf);
}

#[test]
fn a_register_of_sixty_spans_pages_with_the_header_on_each() {
    let list = entries(60);
    let pdf = render_register(&list, day(11, 1), day(11, 30), &settings()).unwrap();
    let n = pages(&pdf);
    assert!(n >= 3, "{n} pages");
    let all = text(&pdf);
    assert!(all.contains("Trang 2/"), "{all}");
    for page in 1..=n {
        let t = page_text(&pdf, page);
        assert!(t.contains("Tên thủ tục hành chính"), "page {page}: {t}");
        assert!(t.contains("Ký nhận"), "page {page}: {t}");
        assert!(t.contains(&format!("Trang {page}/{n}")), "page {page}: {t}");
        if page > 1 {
            assert!(t.contains("(tiếp theo)"), "page {page}: {t}");
        }
    }
    for e in &list {
        assert!(
            all.contains(&e.applicant_name),
            "{} missing",
            e.applicant_name
        );
    }
    assert_inside_margins_and_apart(&pdf);
}

#[test]
fn an_empty_register_says_so() {
    let pdf = render_register(&[], day(11, 1), day(11, 30), &settings()).unwrap();
    assert_eq!(pages(&pdf), 1);
    assert!(text(&pdf).contains("(Không có hồ sơ trong kỳ)"));
}

#[test]
fn forms_stay_small() {
    let sizes = [
        render_supplement(&dossier(), &supplement(1, &ITEMS), &settings(), true).unwrap(),
        render_refusal(&dossier(), &refusal(), &settings(), false).unwrap(),
        render_apology(&dossier(), &apology(), &settings(), false).unwrap(),
        render_control_sheet(&dossier(), &progress(), &settings(), false).unwrap(),
    ];
    for pdf in sizes {
        assert!(pdf.len() < 80_000, "{} bytes", pdf.len());
    }
}

// ---------------------------------------------------------------------------
// through the store and the action layer

fn actor() -> Actor {
    Actor::system("quầy 1 (Trần Văn Bình)")
}

fn configured(db: &Path) -> Store {
    let mut store = Store::open(db).unwrap();
    store.save_settings(&settings(), &actor()).unwrap();
    store
}

/// A three-working-day dossier received at `when`.
fn receive(store: &mut Store, name: &str, when: NaiveDateTime) -> String {
    let mut d = good_draft();
    d.procedure_code = "1.001022".into();
    d.applicant.name = name.into();
    d.received_at = Some(when);
    quay::intake::receive(store, &d, &actor(), when)
        .unwrap()
        .code
}

fn request(items: &[&str]) -> SupplementRequest {
    SupplementRequest {
        items: items.iter().map(|s| s.to_string()).collect(),
        reason: "Thiếu giấy tờ theo quy định".into(),
        contact: "Trần Thu Hà, 0912 000 111".into(),
    }
}

fn print_log(db: &Path) -> Vec<(String, bool)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut stmt = c
        .prepare("SELECT form, reprint FROM print_log ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn saved_forms_are_logged_and_the_second_copy_is_a_reprint() {
    let (dir, db) = temp_db();
    let mut store = configured(&db);
    let code = receive(&mut store, NAME, at(3, 2, 8, 0));
    store
        .set_status(
            &code,
            DossierStatus::Processing,
            "",
            at(3, 2, 9, 0),
            &actor(),
        )
        .unwrap();
    store
        .request_supplement(&code, &request(&ITEMS), at(3, 3, 10, 0), &actor())
        .unwrap();

    let out = dir.path().join("mau02.pdf");
    let first = quay::forms::save(&mut store, &code, Form::Supplement, &out, &actor()).unwrap();
    assert!(!first);
    let t = text(&std::fs::read(&out).unwrap());
    assert_contains(
        &t,
        &[
            SUPPLEMENT_TITLE,
            &code,
            ITEMS[0],
            ITEMS[2],
            "Trần Thu Hà, 0912 000 111",
        ],
    );
    assert!(!t.contains("BẢN IN LẠI"));
    let second = quay::forms::save(&mut store, &code, Form::Supplement, &out, &actor()).unwrap();
    assert!(second);
    assert!(text(&std::fs::read(&out).unwrap()).contains("BẢN IN LẠI"));

    // A second request is a new form, not a reprint of the first.
    store
        .supplement_received(&code, "Đã bổ sung", at(3, 4, 8, 0), &actor())
        .unwrap();
    store
        .request_supplement(
            &code,
            &request(&["Sơ đồ vị trí thửa đất"]),
            at(3, 4, 9, 0),
            &actor(),
        )
        .unwrap();
    let third = quay::forms::save(&mut store, &code, Form::Supplement, &out, &actor()).unwrap();
    assert!(!third);
    let t = text(&std::fs::read(&out).unwrap());
    assert_contains(
        &t,
        &["(Lần yêu cầu bổ sung thứ 2)", "Sơ đồ vị trí thửa đất"],
    );

    let control = dir.path().join("mau05.pdf");
    quay::forms::save(&mut store, &code, Form::ControlSheet, &control, &actor()).unwrap();
    let t = text(&std::fs::read(&control).unwrap());
    assert_contains(
        &t,
        &[
            CONTROL_SHEET_TITLE,
            "Yêu cầu bổ sung lần 2: Sơ đồ vị trí thửa đất",
        ],
    );

    assert_eq!(
        print_log(&db),
        vec![
            ("supplement".to_string(), false),
            ("supplement".to_string(), true),
            ("supplement:2".to_string(), false),
            ("control_sheet".to_string(), false),
        ]
    );
}

/// A printer that keeps the jobs, or refuses them all.
#[derive(Default)]
struct FakePrinter {
    jobs: std::sync::Mutex<Vec<(Vec<u8>, PrintJob)>>,
    refuse: bool,
}

impl Printer for FakePrinter {
    fn print_pdf(&self, pdf: &[u8], job: &PrintJob) -> Result<(), PrintError> {
        if self.refuse {
            return Err(PrintError::PrinterRefused("out of paper".into()));
        }
        self.jobs.lock().unwrap().push((pdf.to_vec(), job.clone()));
        Ok(())
    }
}

#[test]
fn printing_sends_an_a4_job_and_logs_only_what_the_printer_took() {
    let (_dir, db) = temp_db();
    let mut store = configured(&db);
    let code = receive(&mut store, NAME, at(3, 2, 8, 0));

    let broken = FakePrinter {
        refuse: true,
        ..FakePrinter::default()
    };
    let err =
        quay::forms::print(&mut store, &code, Form::ControlSheet, &broken, &actor()).unwrap_err();
    assert!(matches!(err, FormError::Print(_)), "{err:?}");
    assert!(print_log(&db).is_empty(), "a refused job is not a copy");

    let printer = FakePrinter::default();
    assert!(
        !quay::forms::print(&mut store, &code, Form::ControlSheet, &printer, &actor()).unwrap()
    );
    assert!(quay::forms::print(&mut store, &code, Form::ControlSheet, &printer, &actor()).unwrap());
    let jobs = printer.jobs.lock().unwrap();
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[0].1.media, "A4");
    assert_eq!(jobs[0].1.title, format!("Phiếu kiểm soát {code}"));
    assert!(!text(&jobs[0].0).contains("BẢN IN LẠI"));
    assert!(text(&jobs[1].0).contains("BẢN IN LẠI"));
    assert_eq!(
        print_log(&db),
        vec![
            ("control_sheet".to_string(), false),
            ("control_sheet".to_string(), true)
        ]
    );
}

#[test]
fn a_form_the_dossier_does_not_have_is_refused_in_both_languages() {
    let (dir, db) = temp_db();
    let mut store = configured(&db);
    let code = receive(&mut store, NAME, at(3, 2, 8, 0));
    for (form, vi) in [
        (Form::Supplement, "Hồ sơ chưa có yêu cầu bổ sung nào."),
        (Form::Refusal, "không có phiếu từ chối"),
        (Form::Apology, "chưa có phiếu xin lỗi"),
    ] {
        let out = dir.path().join(format!("{}.pdf", form.key()));
        let err = quay::forms::save(&mut store, &code, form, &out, &actor()).unwrap_err();
        assert!(matches!(err, FormError::NotApplicable { .. }), "{err:?}");
        assert!(err.vi().contains(vi), "{}", err.vi());
        assert!(err.to_string().contains(&code), "{err}");
        assert!(!out.exists(), "nothing is written");
    }
    assert!(print_log(&db).is_empty());
    let missing = quay::forms::render(&store, "000.00.12.H56-260302-9999", Form::ControlSheet);
    assert!(missing.is_err());
}

#[test]
fn refusal_and_apology_come_from_the_store() {
    let (dir, db) = temp_db();
    let mut store = configured(&db);
    let mut draft = good_draft();
    draft.received_at = Some(at(3, 2, 8, 0));
    let refused = quay::intake::refuse(
        &mut store,
        &draft,
        &["Hồ sơ không thuộc thẩm quyền của xã".to_string()],
        &actor(),
        at(3, 2, 8, 0),
    )
    .unwrap()
    .code;
    let r = quay::forms::render(&store, &refused, Form::Refusal).unwrap();
    assert!(!r.reprint);
    assert_eq!(r.media, "A4");
    assert_contains(
        &text(&r.pdf),
        &[REFUSAL_TITLE, "1. Hồ sơ không thuộc thẩm quyền của xã"],
    );

    let code = receive(&mut store, "Lê Văn Đức", at(3, 2, 8, 0));
    store
        .set_status(
            &code,
            DossierStatus::Processing,
            "",
            at(3, 2, 9, 0),
            &actor(),
        )
        .unwrap();
    store
        .apologize(
            &code,
            "Chờ ý kiến của Phòng Tài nguyên",
            at(3, 9, 16, 0),
            at(3, 4, 9, 0),
            &actor(),
        )
        .unwrap();
    let out = dir.path().join("mau04.pdf");
    quay::forms::save(&mut store, &code, Form::Apology, &out, &actor()).unwrap();
    let t = text(&std::fs::read(&out).unwrap());
    assert_contains(
        &t,
        &[
            APOLOGY_TITLE,
            "Lê Văn Đức",
            "Lý do: Chờ ý kiến của Phòng Tài nguyên",
            "hẹn trả kết quả vào lúc 16:00, ngày 09/03/2026",
        ],
    );
}

#[test]
fn the_register_covers_the_days_asked_for_in_order() {
    let (dir, db) = temp_db();
    let mut store = configured(&db);
    let before = receive(&mut store, "Trước kỳ", at(2, 27, 16, 0));
    let late = receive(&mut store, "Cuối ngày", at(3, 3, 16, 59));
    let early = receive(&mut store, "Đầu kỳ", at(3, 2, 7, 30));
    let after = receive(&mut store, "Sau kỳ", at(3, 4, 8, 0));
    // Returned: its return date is in the register.
    for (to, when) in [
        (DossierStatus::Processing, at(3, 2, 8, 0)),
        (DossierStatus::Resolved, at(3, 2, 10, 0)),
    ] {
        store.set_status(&early, to, "", when, &actor()).unwrap();
    }
    store
        .return_result(
            &early,
            ResultDelivery::Counter,
            "",
            "Đầu kỳ",
            at(3, 2, 14, 0),
            &actor(),
        )
        .unwrap();

    let list = store.register_entries(day(3, 2), day(3, 3)).unwrap();
    let codes: Vec<&str> = list.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(codes, vec![early.as_str(), late.as_str()]);
    assert!(!codes.contains(&before.as_str()) && !codes.contains(&after.as_str()));
    assert_eq!(list[0].returned_at, Some(at(3, 2, 14, 0)));
    assert_eq!(list[1].returned_at, None);
    assert_eq!(list[0].applicant_name, "Đầu kỳ");
    assert_eq!(list[0].register_book, 2026);
    assert!(
        store
            .register_entries(day(3, 3), day(3, 2))
            .unwrap()
            .is_empty()
    );

    // CSV: BOM, the Vietnamese header, one row each, read back by the csv crate.
    let csv_text = quay::forms::register_csv(&store, day(3, 2), day(3, 3)).unwrap();
    let body = csv_text.strip_prefix('\u{FEFF}').unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, CSV_HEADER.to_vec());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][2], early.as_str());
    assert_eq!(&rows[0][5], "Đầu kỳ");
    assert_eq!(&rows[0][8], "02/03/2026 07:30");
    assert_eq!(&rows[0][10], "02/03/2026 14:00");
    assert_eq!(&rows[1][10], "");

    let pdf = quay::forms::register_pdf(&store, day(3, 2), day(3, 3)).unwrap();
    assert_contains(
        &text(&pdf),
        &[
            "Từ ngày 02/03/2026 đến ngày 03/03/2026",
            "Đầu kỳ",
            "Cuối ngày",
        ],
    );
    assert!(!text(&pdf).contains("Trước kỳ"));

    let err = quay::forms::register_pdf(&store, day(3, 3), day(3, 2)).unwrap_err();
    assert!(matches!(err, FormError::BadPeriod { .. }));
    assert!(err.vi().contains("03/03/2026"), "{}", err.vi());
    drop(dir);
}

// ---------------------------------------------------------------------------
// the command line

#[test]
fn cli_writes_forms_and_the_register() {
    let (dir, db) = temp_db();
    let code = {
        let mut store = configured(&db);
        let code = receive(&mut store, NAME, at(3, 2, 8, 0));
        store
            .set_status(
                &code,
                DossierStatus::Processing,
                "",
                at(3, 2, 9, 0),
                &actor(),
            )
            .unwrap();
        store
            .request_supplement(&code, &request(&ITEMS), at(3, 3, 10, 0), &actor())
            .unwrap();
        code
    };
    let out = dir.path().join("bo-sung.pdf");
    let o = quay(
        &db,
        &["form", "supplement", &code, "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("original"), "{}", stderr(&o));
    assert_contains(
        &text(&std::fs::read(&out).unwrap()),
        &[SUPPLEMENT_TITLE, &code, ITEMS[1]],
    );
    let o = quay(
        &db,
        &["form", "supplement", &code, "--out", out.to_str().unwrap()],
    );
    assert!(stderr(&o).contains("reprint"), "{}", stderr(&o));

    let sheet = dir.path().join("kiem-soat.pdf");
    let o = quay(
        &db,
        &[
            "form",
            "control-sheet",
            &code,
            "--out",
            sheet.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(text(&std::fs::read(&sheet).unwrap()).contains(CONTROL_SHEET_TITLE));

    let none = dir.path().join("tu-choi.pdf");
    let o = quay(
        &db,
        &["form", "refusal", &code, "--out", none.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no refusal"), "{}", stderr(&o));
    assert!(!none.exists());

    let csv_out = dir.path().join("so.csv");
    let args = [
        "register",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--out",
    ];
    let o = quay(&db, &[&args[..], &[csv_out.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 dossier"), "{}", stderr(&o));
    let csv_text = std::fs::read_to_string(&csv_out).unwrap();
    assert!(csv_text.starts_with('\u{FEFF}'));
    assert!(csv_text.contains(&code));

    let pdf_out = dir.path().join("so.pdf");
    let o = quay(&db, &[&args[..], &[pdf_out.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = std::fs::read(&pdf_out).unwrap();
    assert!(close(page_size(&pdf), A4_LANDSCAPE));
    assert!(text(&pdf).contains(&code));

    // --format wins over the extension.
    let odd = dir.path().join("so.txt");
    let o = quay(
        &db,
        &[&args[..], &[odd.to_str().unwrap(), "--format", "csv"]].concat(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&odd)
            .unwrap()
            .starts_with('\u{FEFF}')
    );
    let o = quay(&db, &[&args[..], &[odd.to_str().unwrap()]].concat());
    assert!(!o.status.success());
    assert!(stderr(&o).contains(".pdf or .csv"), "{}", stderr(&o));

    let o = quay(
        &db,
        &[
            "register",
            "--from",
            "2026-03-31",
            "--to",
            "2026-03-01",
            "--out",
            csv_out.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("after it ends"), "{}", stderr(&o));
    let o = quay(
        &db,
        &[
            "register",
            "--from",
            "31/03/2026",
            "--to",
            "2026-03-01",
            "--out",
            csv_out.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------
// for people

/// Writes one sample of each form to /tmp/forms for a person to look at:
/// `cargo test --test forms_pdf -- --ignored write_samples --nocapture`, then
/// `pdftoppm -png -r 60 /tmp/forms/form-02.pdf /tmp/forms/form-02`.
type Sample = (&'static str, Box<dyn Fn() -> Vec<u8>>);

/// Also prints each form's size and median render time over 10 runs (fonts
/// already parsed); `--release` for the figures a counter PC sees.
#[test]
#[ignore]
fn write_samples() {
    let out = Path::new("/tmp/forms");
    std::fs::create_dir_all(out).unwrap();
    let samples: Vec<Sample> = vec![
        (
            "form-02",
            Box::new(|| {
                render_supplement(&dossier(), &supplement(2, &ITEMS), &settings(), false).unwrap()
            }),
        ),
        (
            "form-03",
            Box::new(|| render_refusal(&dossier(), &refusal(), &settings(), false).unwrap()),
        ),
        (
            "form-04",
            Box::new(|| render_apology(&dossier(), &apology(), &settings(), true).unwrap()),
        ),
        (
            "form-05",
            Box::new(|| render_control_sheet(&dossier(), &progress(), &settings(), false).unwrap()),
        ),
        (
            "form-06",
            Box::new(|| {
                render_register(&entries(60), day(11, 1), day(11, 30), &settings()).unwrap()
            }),
        ),
    ];
    // Fonts are parsed once per process: the first render pays for it.
    render_refusal(&dossier(), &refusal(), &settings(), false).unwrap();
    for (name, make) in samples {
        let mut times: Vec<_> = (0..10)
            .map(|_| {
                let start = std::time::Instant::now();
                make();
                start.elapsed()
            })
            .collect();
        times.sort();
        let pdf = make();
        std::fs::write(out.join(format!("{name}.pdf")), &pdf).unwrap();
        println!(
            "{name}: {} bytes, {} pages, median {:?}",
            pdf.len(),
            pages(&pdf),
            times[5]
        );
    }
}
