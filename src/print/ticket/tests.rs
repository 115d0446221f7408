use super::*;

fn at(h: u32, m: u32) -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .unwrap()
}

fn ids() -> FontIds {
    let fonts = bundled().unwrap();
    let mut doc = PdfDocument::new("test");
    FontIds {
        regular: doc.add_font(&fonts.regular.parsed),
        bold: doc.add_font(&fonts.bold.parsed),
    }
}

fn shown(c: &Canvas) -> Vec<String> {
    c.ops
        .iter()
        .filter_map(|op| match op {
            printpdf::Op::ShowText { items } => items.iter().find_map(|i| match i {
                printpdf::TextItem::Text(s) => Some(s.clone()),
                _ => None,
            }),
            _ => None,
        })
        .collect()
}

fn ticket() -> TicketSlip {
    TicketSlip {
        center_name: "Trung tâm Phục vụ hành chính công xã Yên Kỳ".into(),
        label: "A-015".into(),
        area_name: "Hộ tịch – Chứng thực".into(),
        issued_at: at(9, 15),
        waiting_ahead: 3,
        priority: None,
        reprint: false,
        footer: "Vui lòng chờ đến khi số của quý vị được gọi.".into(),
    }
}

#[test]
fn media_names_the_page_size() {
    assert_eq!(
        TICKET_MEDIA,
        format!("Custom.{TICKET_WIDTH_MM}x{TICKET_HEIGHT_MM}mm")
    );
}

/// Every field at its line limit, in the widest capitals: the tallest
/// ticket there can be must still end above the bottom margin.
#[test]
fn the_tallest_ticket_fits_its_page() {
    let fonts = bundled().unwrap();
    let long = "ẨM WỸ ".repeat(60);
    let t = TicketSlip {
        center_name: long.clone(),
        label: "WWWWWWWWWWWWWWWWWWWW".into(),
        area_name: long.clone(),
        priority: Some(long.clone()),
        reprint: true,
        footer: long,
        waiting_ahead: 4_000_000_000,
        ..ticket()
    };
    let text = TicketText::new(&t, at(10, 0));
    let (canvas, bottom) = lay_out_fitted(fonts, &ids(), &text);
    assert!(
        bottom <= TICKET_HEIGHT_MM - MARGIN_BOTTOM + 0.01,
        "ends at {bottom} mm"
    );
    let drawn = shown(&canvas);
    assert!(drawn.iter().any(|s| s.ends_with('\u{2026}')), "{drawn:?}");
    assert!(drawn.iter().any(|s| s == "4000000000"), "{drawn:?}");
}

#[test]
fn a_short_ticket_spreads_out_but_keeps_its_sizes() {
    let fonts = bundled().unwrap();
    let text = TicketText::new(&ticket(), at(10, 0));
    let (_, natural, _) = lay_out(fonts, &ids(), &text, 1.0, 0.0);
    let (_, bottom) = lay_out_fitted(fonts, &ids(), &text);
    assert!(natural < bottom, "{natural} → {bottom}");
    assert!(bottom <= TICKET_HEIGHT_MM - MARGIN_BOTTOM + 0.01);
}

#[test]
fn waiting_sentence_depends_on_the_count() {
    let text = |n| {
        let mut t = ticket();
        t.waiting_ahead = n;
        TicketText::new(&t, at(10, 0))
            .waiting
            .iter()
            .map(|s| s.text.clone())
            .collect::<String>()
    };
    assert_eq!(text(0), "Không có ai chờ trước quý vị");
    assert_eq!(text(1), "Đang chờ trước quý vị: 1 người");
    assert_eq!(text(12), "Đang chờ trước quý vị: 12 người");
}

#[test]
fn reprint_time_is_the_time_of_printing() {
    let mut t = ticket();
    t.reprint = true;
    let text = TicketText::new(&t, at(10, 5));
    assert_eq!(
        text.reprinted_at.as_deref(),
        Some("In lại lúc 10:05 25/11/2026")
    );
    assert_eq!(text.issued, "Lấy số lúc: 09:15, 25/11/2026");
    assert!(TicketText::new(&ticket(), at(10, 5)).reprinted_at.is_none());
}
