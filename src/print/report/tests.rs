use super::*;
use crate::domain::dossier::Channel;
use crate::domain::lifecycle::DossierStatus;
use crate::domain::report::{ReportRow, build_report};

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// The fields a commune center typically reports on.
const FIELDS: [&str; 8] = [
    "Hộ tịch",
    "Chứng thực",
    "Đất đai",
    "Bảo trợ xã hội",
    "Người có công",
    "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
    "Hoạt động xây dựng",
    "Giảm nghèo",
];

/// `fields` fields, each with a resolved and an open dossier, in Q3 2026.
fn report(fields: usize) -> Report {
    report_of((0..fields).map(|i| format!("Lĩnh vực số {:02}", i + 1)))
}

fn report_of(fields: impl Iterator<Item = String>) -> Report {
    let rows = fields.flat_map(|field| {
        [
            ReportRow {
                field: field.clone(),
                channel: Channel::Online,
                received_at: at("2026-07-10 08:00"),
                due_at: at("2026-07-15 17:00"),
                finished_at: Some(at("2026-07-14 10:00")),
                returned_at: Some(at("2026-07-15 10:00")),
                paused_at: None,
                supplement_count: 0,
                apologized: false,
                status: DossierStatus::Returned,
            },
            ReportRow {
                field,
                channel: Channel::Post,
                received_at: at("2026-09-10 08:00"),
                due_at: at("2026-09-15 17:00"),
                finished_at: None,
                returned_at: None,
                paused_at: None,
                supplement_count: 0,
                apologized: false,
                status: DossierStatus::Processing,
            },
        ]
    });
    build_report(rows, date("2026-07-01"), date("2026-09-30"), None)
}

/// The text drawn on each page.
fn pages(r: &Report) -> Vec<Vec<String>> {
    let fonts = bundled().unwrap();
    let mut doc = PdfDocument::new("test");
    let ids = FontIds {
        regular: doc.add_font(&fonts.regular.parsed),
        bold: doc.add_font(&fonts.bold.parsed),
    };
    let settings = CenterSettings {
        place_name: "Yên Kỳ".into(),
        ..CenterSettings::default()
    };
    lay_out(r, &settings, date("2026-10-05"), fonts, &ids)
        .unwrap()
        .into_iter()
        .map(|c| {
            c.ops
                .into_iter()
                .filter_map(|op| match op {
                    printpdf::Op::ShowText { items } => items.into_iter().find_map(|i| match i {
                        printpdf::TextItem::Text(s) => Some(s),
                        _ => None,
                    }),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

#[test]
fn a_quarter_fits_one_page() {
    let pages = pages(&report_of(FIELDS.iter().map(|f| f.to_string())));
    assert_eq!(pages.len(), 1);
    let text = pages[0].join(" ");
    for expected in [
        TITLE,
        "Kỳ báo cáo: từ ngày 01/07/2026 đến ngày 30/09/2026",
        "Yên Kỳ, ngày 05 tháng 10 năm 2026",
        "Kỳ trước",
        "Tổng cộng",
        "Thành lập và hoạt động doanh",
        "Giảm nghèo",
        "07/2026",
        "01/09/2026 – 30/09/2026",
        "NGƯỜI LẬP BIỂU",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
    assert!(
        !text.contains("Trang 1/"),
        "one page carries no page number"
    );
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    let pages = pages(&report(60));
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        let label = format!("Trang {}/{}", i + 1, pages.len());
        assert!(page.contains(&label), "{label}");
    }
    let with_header = pages
        .iter()
        .filter(|p| p.iter().any(|s| s == "Đang giải quyết"))
        .count();
    let with_rows = pages
        .iter()
        .filter(|p| p.iter().any(|s| s.starts_with("Lĩnh vực số")))
        .count();
    assert_eq!(
        with_header, with_rows,
        "every page of the table has its header"
    );
    let rows: usize = pages
        .iter()
        .flatten()
        .filter(|s| s.starts_with("Lĩnh vực số"))
        .count();
    assert_eq!(rows, 60, "no row lost or doubled");
}

#[test]
fn summary_states_the_shares() {
    let t = Figures {
        received_carried: 120,
        received_new: 2692,
        online: 2684,
        in_person: 8,
        resolved: 2449,
        early: 2272,
        on_time: 144,
        late: 33,
        pending: 363,
        pending_within: 333,
        pending_overdue: 30,
        returned: 2400,
        ..Figures::default()
    };
    let text: String = summary_text(&t)
        .iter()
        .map(|p| p.iter().map(|s| s.text.as_str()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n");
    for expected in [
        "Tổng số hồ sơ tiếp nhận: 2.812 (kỳ trước chuyển qua 120, mới tiếp nhận 2.692",
        "tỷ lệ hồ sơ trực tuyến 99,7 %",
        "Đã giải quyết 2.449 hồ sơ (87,1 %",
        "trước hạn 2.272 (92,8 %)",
        "tỷ lệ giải quyết trước và đúng hạn 98,7 %.",
        "Đang giải quyết 363 hồ sơ, trong đó trong hạn 333, quá hạn 30.",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
}

#[test]
fn renders_a_pdf() {
    let pdf = render(&report(3), &CenterSettings::default(), date("2026-02-05")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}
