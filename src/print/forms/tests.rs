use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn date_line_pads_like_nghi_dinh_30() {
    assert_eq!(date_line("", d(2026, 11, 25)), "Ngày 25 tháng 11 năm 2026");
    assert_eq!(
        date_line("Yên Kỳ", d(2026, 2, 5)),
        "Yên Kỳ, ngày 05 tháng 02 năm 2026"
    );
    assert_eq!(date_line("", d(2026, 3, 9)), "Ngày 09 tháng 3 năm 2026");
}

#[test]
fn moments_are_written_as_the_forms_do() {
    let t = d(2026, 11, 25).and_hms_opt(9, 5, 0).unwrap();
    assert_eq!(fmt_moment(t), "09 giờ 05 phút, ngày 25/11/2026");
    assert_eq!(fmt_short_moment(t), "09:05, ngày 25/11/2026");
}

#[test]
fn heading_texts_come_from_the_settings_in_capitals() {
    let s = CenterSettings {
        parent_agency: "Ủy ban nhân dân xã Quảng Phú Cầu".into(),
        center_name: "Trung tâm Phục vụ hành chính công xã Quảng Phú Cầu".into(),
        reception_unit: "Bộ phận một cửa".into(),
        place_name: "Quảng Phú Cầu".into(),
        ..CenterSettings::default()
    };
    let h = Heading::new(&s, Some(d(2026, 1, 2)));
    assert_eq!(h.parent_agency, "ỦY BAN NHÂN DÂN XÃ QUẢNG PHÚ CẦU");
    assert_eq!(
        h.center,
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ QUẢNG PHÚ CẦU"
    );
    assert_eq!(h.unit, "BỘ PHẬN MỘT CỬA");
    assert_eq!(
        h.date_line.as_deref(),
        Some("Quảng Phú Cầu, ngày 02 tháng 01 năm 2026")
    );
}

fn marks(reprint: bool) -> PageMarks {
    PageMarks {
        reprint: reprint.then(|| "In lại lúc 10:00 01/12/2026".to_string()),
        copy_label: None,
        running_head: vec![Span::regular("Phiếu thử (tiếp theo)")],
    }
}

#[test]
fn a_numbered_item_longer_than_a_page_continues_and_nothing_is_lost() {
    let giant = "giấy ".repeat(1200) + "KẾT-THÚC";
    let items = vec!["Mục đầu".to_string(), giant, "Mục cuối".to_string()];
    let pages = page_strings(&a4_style(), PaperSize::A4.mm(), &marks(true), |f| {
        numbered(f, &items);
        Ok(())
    })
    .unwrap();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    let all: Vec<&String> = pages.iter().flatten().collect();
    assert_eq!(
        all.iter().map(|s| s.matches("giấy").count()).sum::<usize>(),
        1200
    );
    for label in ["1.", "2.", "3."] {
        assert_eq!(all.iter().filter(|s| s.as_str() == label).count(), 1);
    }
    assert!(all.iter().any(|s| s.contains("Mục cuối")));
    for (i, page) in pages.iter().enumerate() {
        assert!(page.iter().any(|s| s == super::super::REPRINT_MARK));
        assert!(
            page.iter()
                .any(|s| s == &format!("Trang {}/{}", i + 1, pages.len()))
        );
    }
}

#[test]
fn the_signature_stays_with_the_closing_sentence() {
    // Fill the page almost to the foot, then close: both move on together.
    let pages = page_strings(&a4_style(), PaperSize::A4.mm(), &marks(false), |f| {
        while f.y < f.bottom() - 25.0 {
            f.para(&[Span::regular("dòng")], f.st.body, Align::Left);
        }
        closing_and_signature(
            f,
            &[vec![Span::regular("Xin trân trọng./.")]],
            "NGƯỜI HƯỚNG DẪN",
            "(Ký và ghi rõ họ tên)",
            "Trần Văn Bình",
        );
        Ok(())
    })
    .unwrap();
    assert_eq!(pages.len(), 2);
    let last = &pages[1];
    for s in ["Xin trân trọng./.", "NGƯỜI HƯỚNG DẪN", "Trần Văn Bình"] {
        assert!(last.iter().any(|x| x == s), "{s} not on page 2: {last:?}");
    }
}

#[test]
fn a_one_page_form_has_no_page_number() {
    let pages = page_strings(&a4_style(), PaperSize::A4.mm(), &marks(false), |f| {
        header(f, &Heading::new(&CenterSettings::default(), None));
        title(f, "PHIẾU THỬ");
        Ok(())
    })
    .unwrap();
    assert_eq!(pages.len(), 1);
    assert!(!pages[0].iter().any(|s| s.starts_with("Trang")));
    assert!(
        pages[0]
            .iter()
            .any(|s| s == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    );
}
