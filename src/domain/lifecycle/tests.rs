use super::*;

/// Row = from (1–10), column = to (1–10); 1 = allowed.
const EXPECTED: [[u8; 10]; 10] = [
    //1  2  3  4  5  6  7  8  9  10
    [0, 1, 1, 0, 0, 0, 0, 0, 0, 0], // 1 Mới đăng ký
    [0, 0, 0, 1, 0, 0, 1, 0, 0, 0], // 2 Được tiếp nhận
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // 3 Không được tiếp nhận
    [0, 0, 0, 0, 1, 1, 1, 1, 1, 0], // 4 Đang xử lý
    [0, 0, 0, 1, 0, 0, 1, 1, 0, 0], // 5 Yêu cầu bổ sung
    [0, 0, 0, 1, 0, 0, 1, 1, 0, 0], // 6 Yêu cầu nghĩa vụ tài chính
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // 7 Rút hồ sơ
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // 8 Dừng xử lý
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], // 9 Đã xử lý xong
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // 10 Đã trả kết quả
];

#[test]
fn every_pair_matches_the_expected_matrix() {
    for from in 1..=10u8 {
        for to in 1..=10u8 {
            let (f, t) = (
                DossierStatus::from_code(from).unwrap(),
                DossierStatus::from_code(to).unwrap(),
            );
            let want = EXPECTED[from as usize - 1][to as usize - 1] == 1;
            assert_eq!(allowed(f, t), want, "{from} → {to}");
            assert_eq!(check_transition(f, t).is_ok(), want, "{from} → {to}");
        }
    }
}

#[test]
fn final_statuses_have_no_way_out_and_others_do() {
    for s in DossierStatus::ALL {
        let outs = DossierStatus::ALL
            .into_iter()
            .filter(|t| allowed(s, *t))
            .count();
        assert_eq!(outs == 0, s.is_final(), "{s}");
    }
}

#[test]
fn refusals_say_why() {
    use DossierStatus::*;
    let cases = [
        (
            Processing,
            Processing,
            LifecycleError::Unchanged(Processing),
        ),
        (
            Returned,
            Processing,
            LifecycleError::Final { from: Returned },
        ),
        (
            Withdrawn,
            Received,
            LifecycleError::Final { from: Withdrawn },
        ),
        (
            Received,
            Resolved,
            LifecycleError::Refused {
                from: Received,
                to: Resolved,
            },
        ),
        (
            Resolved,
            Processing,
            LifecycleError::Refused {
                from: Resolved,
                to: Processing,
            },
        ),
    ];
    for (from, to, want) in cases {
        assert_eq!(check_transition(from, to), Err(want), "{from} → {to}");
    }
}

#[test]
fn messages_name_both_statuses() {
    let e = check_transition(DossierStatus::Received, DossierStatus::Returned).unwrap_err();
    assert_eq!(
        e.to_string(),
        "a dossier in status 2 (received) cannot go to status 10 (returned)"
    );
    assert_eq!(
        e.vi(),
        "Không chuyển được hồ sơ từ trạng thái \"Được tiếp nhận\" sang \"Đã trả kết quả\"."
    );
}

#[test]
fn codes_and_keys_round_trip() {
    for (i, s) in DossierStatus::ALL.into_iter().enumerate() {
        assert_eq!(s.code() as usize, i + 1);
        assert_eq!(DossierStatus::from_code(s.code()), Some(s));
        assert_eq!(DossierStatus::from_key(s.key()), Some(s));
        assert_eq!(DossierStatus::parse(&s.code().to_string()), Some(s));
        assert_eq!(DossierStatus::parse(s.key()), Some(s));
        assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!(s.key()));
    }
    assert_eq!(DossierStatus::from_code(0), None);
    assert_eq!(DossierStatus::from_code(11), None);
    assert_eq!(
        DossierStatus::parse("Processing"),
        Some(DossierStatus::Processing)
    );
    assert_eq!(DossierStatus::parse("done"), None);
    assert_eq!(DossierStatus::Processing.vi(), "Đang xử lý");
}
