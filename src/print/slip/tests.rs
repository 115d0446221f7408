use super::*;
use crate::domain::catalog::DocumentKind;
use crate::domain::dossier::{Applicant, Channel, Deadline, ReceivedDocument, ResultDelivery};

fn t(d: u32) -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, d)
        .and_then(|d| d.and_hms_opt(9, 15, 0))
        .unwrap()
}

fn dossier(documents: Vec<ReceivedDocument>) -> Dossier {
    Dossier {
        id: 1,
        code: "000.00.12.H56-261125-1001".into(),
        procedure_code: String::new(),
        procedure_name: String::new(),
        field: String::new(),
        applicant: Applicant::default(),
        channel: Channel::Direct,
        received_at: t(25),
        deadline: Deadline::SameDay,
        due_at: t(25),
        documents,
        sets: 1,
        fee_vnd: 0,
        result_delivery: ResultDelivery::Counter,
        note: String::new(),
        attachments: Vec::new(),
        status: 2,
        counter_no: 1,
        register_book: 2026,
        register_no: 1,
        officer_name: String::new(),
        created_at: t(25),
        received_by: None,
    }
}

/// Pages of one copy and the text drawn on them.
fn lay_out(d: &Dossier, paper: PaperSize) -> Vec<Vec<String>> {
    let fonts = bundled().unwrap();
    let mut doc = PdfDocument::new("test");
    let ids = FontIds {
        regular: doc.add_font(&fonts.regular.parsed),
        bold: doc.add_font(&fonts.bold.parsed),
    };
    let st = Style::for_paper(paper);
    let text = SlipText::new(d, &CenterSettings::default(), None);
    let (w, h) = paper.mm();
    let pages = layout_copy(
        fonts,
        &ids,
        &st,
        &text,
        Panel {
            x0: 0.0,
            width: w,
            sheet_height: h,
        },
        None,
    )
    .unwrap();
    pages
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
fn a_row_taller_than_a_page_is_split_and_nothing_is_lost() {
    let giant = "giấy ".repeat(1500) + "KẾT-THÚC";
    let d = dossier(vec![ReceivedDocument {
        name: giant,
        kind: DocumentKind::Copy,
        count: 1,
    }]);
    let pages = lay_out(&d, PaperSize::A5);
    assert!(pages.len() >= 3, "{} pages", pages.len());
    let all: Vec<&String> = pages
        .iter()
        .flatten()
        .filter(|s| *s != "Tên giấy tờ")
        .collect();
    assert_eq!(
        all.iter().map(|s| s.matches("giấy").count()).sum::<usize>(),
        1500
    );
    assert!(all.iter().any(|s| s.contains("KẾT-THÚC")));
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.iter()
                .any(|s| s == &format!("Trang {}/{}", i + 1, pages.len()))
        );
        if i > 0 {
            assert!(
                page.iter().any(|s| s == "Tên giấy tờ"),
                "header not repeated on page {}",
                i + 1
            );
        }
    }
}

#[test]
fn an_empty_dossier_still_renders_one_page() {
    let d = dossier(Vec::new());
    let pages = lay_out(&d, PaperSize::A5);
    assert_eq!(pages.len(), 1);
    assert!(pages[0].iter().any(|s| s.contains("Không có giấy tờ")));
    assert!(!pages[0].iter().any(|s| s.starts_with("Trang")));
    let pdf = render(
        &d,
        &CenterSettings::default(),
        SlipOptions::default(),
        t(26),
    )
    .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn date_line_pads_like_nghi_dinh_30() {
    let t = |y, m, d| {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(9, 15, 0))
            .unwrap()
    };
    assert_eq!(date_line("", t(2026, 11, 25)), "Ngày 25 tháng 11 năm 2026");
    assert_eq!(
        date_line("Yên Kỳ", t(2026, 11, 25)),
        "Yên Kỳ, ngày 25 tháng 11 năm 2026"
    );
    assert_eq!(date_line("", t(2026, 2, 5)), "Ngày 05 tháng 02 năm 2026");
    assert_eq!(date_line("", t(2026, 3, 9)), "Ngày 09 tháng 3 năm 2026");
}
