use super::*;

#[test]
fn usernames_are_lower_case_ascii_starting_with_a_letter() {
    let cases: &[(&str, Result<&str, StaffRuleError>)] = &[
        ("an.tv", Ok("an.tv")),
        ("  An.TV ", Ok("an.tv")),
        ("admin_2", Ok("admin_2")),
        ("le-hoa", Ok("le-hoa")),
        ("ab", Err(StaffRuleError::UsernameLength)),
        (&"a".repeat(33), Err(StaffRuleError::UsernameLength)),
        ("2an", Err(StaffRuleError::UsernameStart)),
        (".an", Err(StaffRuleError::UsernameStart)),
        ("an tv", Err(StaffRuleError::UsernameChars)),
        ("ân.tv", Err(StaffRuleError::UsernameStart)),
        ("an.tú", Err(StaffRuleError::UsernameChars)),
    ];
    for (raw, want) in cases {
        assert_eq!(check_username(raw), want.map(str::to_string), "{raw:?}");
    }
}

#[test]
fn display_names_are_one_clean_line() {
    assert_eq!(
        check_display_name("  Trần   Văn An\n").as_deref(),
        Ok("Trần Văn An")
    );
    assert_eq!(check_display_name(" \t "), Err(StaffRuleError::NameEmpty));
    assert_eq!(
        check_display_name(&"a".repeat(MAX_NAME_CHARS + 1)),
        Err(StaffRuleError::NameTooLong)
    );
}

#[test]
fn passwords_and_pins() {
    use SecretKind::{Password, Pin};
    let cases: &[(SecretKind, &str, Result<(), StaffRuleError>)] = &[
        (Password, "mật khẩu1", Ok(())),
        (Password, "12345678", Ok(())),
        (Password, "abc1234", Err(StaffRuleError::PasswordShort)),
        (
            Password,
            "aaaaaaaaaaa",
            Err(StaffRuleError::PasswordRepeated),
        ),
        (Password, "ẫẫẫẫẫẫẫẫ", Err(StaffRuleError::PasswordRepeated)),
        (Password, "ẫẫẫẫẫẫẫ", Err(StaffRuleError::PasswordShort)),
        (
            Password,
            &"ab".repeat(65),
            Err(StaffRuleError::SecretTooLong),
        ),
        (Pin, "123456", Ok(())),
        (Pin, "000000", Ok(())),
        (Pin, "12345", Err(StaffRuleError::PinShort)),
        (Pin, "12345a", Err(StaffRuleError::PinNotDigits)),
        (Pin, "１２３４５６", Err(StaffRuleError::PinNotDigits)),
        (Pin, " 123456", Err(StaffRuleError::PinNotDigits)),
    ];
    for (kind, secret, want) in cases {
        assert_eq!(check_secret(*kind, secret), *want, "{kind:?} {secret:?}");
    }
}

#[test]
fn every_fifth_failure_locks_for_twice_as_long_up_to_an_hour() {
    let min = |m: u64| Some(Duration::from_secs(m * 60));
    let cases = [
        (0, None),
        (1, None),
        (4, None),
        (5, min(5)),
        (6, None),
        (9, None),
        (10, min(10)),
        (15, min(20)),
        (20, min(40)),
        (25, min(60)),
        (30, min(60)),
        (u32::MAX, min(60)), // a multiple of 5
    ];
    for (failures, want) in cases {
        assert_eq!(lockout_after(failures), want, "{failures}");
    }
}

#[test]
fn secret_kinds_round_trip_their_keys() {
    for kind in [SecretKind::Password, SecretKind::Pin] {
        assert_eq!(SecretKind::from_key(kind.key()), Some(kind));
    }
    assert_eq!(SecretKind::from_key("PIN"), None);
}

#[test]
fn every_rule_has_a_vietnamese_sentence() {
    use StaffRuleError as E;
    for e in [
        E::UsernameLength,
        E::UsernameStart,
        E::UsernameChars,
        E::NameEmpty,
        E::NameTooLong,
        E::PasswordShort,
        E::PasswordRepeated,
        E::SecretTooLong,
        E::PinShort,
        E::PinNotDigits,
    ] {
        assert!(e.vi().ends_with('.') || e.vi().ends_with('-'), "{e:?}");
        assert!(!e.to_string().is_empty());
    }
}
