use super::*;

#[test]
fn keys_are_stable_and_read_back() {
    let keys: Vec<&str> = Form::ALL.iter().map(|f| f.key()).collect();
    assert_eq!(
        keys,
        vec!["supplement", "refusal", "apology", "control_sheet"]
    );
    for f in Form::ALL {
        assert_eq!(Form::from_key(f.key()), Some(f));
    }
    assert_eq!(Form::from_key("control-sheet"), Some(Form::ControlSheet));
    assert_eq!(Form::from_key("slip"), None);
}

#[test]
fn names_carry_the_form_number() {
    for (f, n) in Form::ALL.into_iter().zip(["02", "03", "04", "05"]) {
        assert!(
            f.vi().starts_with(&format!("Mẫu {n} – Phiếu")),
            "{}",
            f.vi()
        );
        assert!(f.en().contains(&format!("form {n}")), "{}", f.en());
    }
    assert_eq!(
        Form::Supplement.vi(),
        "Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
    );
}

#[test]
fn errors_speak_english_and_vietnamese() {
    let e = FormError::NotApplicable {
        code: "X-1".into(),
        form: Form::Supplement,
        what: "supplement request",
    };
    assert_eq!(
        e.to_string(),
        "dossier X-1 has no supplement request, so there is no supplement request (form 02) to print"
    );
    assert_eq!(e.vi(), "Hồ sơ chưa có yêu cầu bổ sung nào.");
    let d = |day| NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
    let e = FormError::BadPeriod {
        from: d(9),
        to: d(1),
    };
    assert!(e.to_string().contains("2026-03-09"));
    assert!(e.vi().contains("09/03/2026") && e.vi().contains("01/03/2026"));
    assert!(check_period(d(1), d(1)).is_ok());
    assert!(check_period(d(2), d(1)).is_err());
}

#[test]
fn register_format_follows_the_extension() {
    let f = |p: &str| RegisterFormat::from_path(Path::new(p));
    assert_eq!(f("so.pdf"), Some(RegisterFormat::Pdf));
    assert_eq!(f("/tmp/SO.CSV"), Some(RegisterFormat::Csv));
    assert_eq!(f("so.xlsx"), None);
    assert_eq!(f("so"), None);
}
