use super::*;

#[test]
fn every_bundled_field_has_an_area() {
    let areas = default_areas();
    let catalog = crate::domain::catalog::parse_catalog_csv(crate::BUNDLED_CATALOG).unwrap();
    #[rustfmt::skip]
    let cases = [
        ("Hộ tịch", 'A'), ("Chứng thực", 'A'), ("Nuôi con nuôi", 'A'),
        ("Đất đai", 'B'), ("Hoạt động xây dựng", 'B'), ("Nhà ở và công sở", 'B'),
        ("Bảo trợ xã hội", 'C'), ("Người có công", 'C'), ("Giảm nghèo", 'C'),
        ("Hòa giải ở cơ sở", 'D'), ("Văn hóa (lễ hội)", 'D'),
        ("Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)", 'D'),
        ("  hộ  TỊCH ", 'A'),
        ("Ho\u{0302}\u{0323} ti\u{0323}ch", 'A'),
    ];
    for (field, want) in cases {
        assert_eq!(area_for_field(&areas, field), Some(want), "{field}");
    }
    for p in catalog {
        assert!(area_for_field(&areas, &p.field).is_some(), "{}", p.field);
    }
    let no_catch_all = &areas[..3];
    assert_eq!(area_for_field(no_catch_all, "Hòa giải ở cơ sở"), None);
}

#[test]
fn area_letters_as_typed() {
    assert_eq!(parse_area_letter(" a ").unwrap(), 'A');
    for bad in ["", "AB", "1", "Đ", "-"] {
        assert!(parse_area_letter(bad).is_err(), "{bad}");
    }
    assert_eq!(parse_area_letters("a, b d").unwrap(), ['A', 'B', 'D']);
    assert_eq!(parse_area_letters("AA").unwrap(), ['A']);
    assert!(matches!(
        parse_area_letters(" , "),
        Err(TicketError::NoAreas)
    ));
    assert!(parse_area_letters("A1").is_err());
}

#[test]
fn settings_are_cleaned_or_refused() {
    let good = QueueSettings {
        counter_areas: vec!['a', 'B', 'A'],
        queue_prefix: " 2 ".into(),
        ..QueueSettings::default()
    };
    let ok = check_queue_settings(&good).unwrap();
    assert_eq!(ok.counter_areas, ['A', 'B']);
    assert_eq!(ok.queue_prefix, "2");
    assert_eq!(ok.areas, default_areas());

    let refuse = |change: &dyn Fn(&mut QueueSettings)| {
        let mut s = QueueSettings::default();
        change(&mut s);
        check_queue_settings(&s).unwrap_err()
    };
    assert_eq!(refuse(&|s| s.areas.clear()), TicketError::NoAreas);
    assert_eq!(refuse(&|s| s.counter_areas.clear()), TicketError::NoAreas);
    assert_eq!(
        refuse(&|s| s.areas[1].letter = 'a'),
        TicketError::DuplicateArea('A')
    );
    assert_eq!(
        refuse(&|s| s.areas[2].name = "  ".into()),
        TicketError::AreaName('C')
    );
    assert_eq!(
        refuse(&|s| s.areas[1].fields.push("hộ tịch".into())),
        TicketError::FieldTwice("hộ tịch".into())
    );
    assert_eq!(
        refuse(&|s| s.counter_areas = vec!['E']),
        TicketError::UnknownArea('E')
    );
    assert_eq!(
        refuse(&|s| s.queue_prefix = "Q-1".into()),
        TicketError::BadPrefix("Q-1".into())
    );
    assert_eq!(
        refuse(&|s| s.queue_prefix = "ABCD".into()),
        TicketError::BadPrefix("ABCD".into())
    );
}
