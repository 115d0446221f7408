use super::*;

#[test]
fn counter_digit_then_sequence() {
    let d = NaiveDate::from_ymd_opt(2025, 9, 12).unwrap();
    assert_eq!(
        dossier_code("000.00.12.H56", d, 1, 1),
        "000.00.12.H56-250912-1001"
    );
    assert_eq!(
        dossier_code("000.00.12.H56", d, 2, 3),
        "000.00.12.H56-250912-2003"
    );
    assert_eq!(dossier_code("X", d, 9, 999), "X-250912-9999");
    assert_eq!(dossier_code("X", d, 1, 1000), "X-250912-11000");
}

#[test]
fn codes_of_different_counters_never_collide() {
    let d = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let mut seen = std::collections::HashSet::new();
    for counter in 1..=MAX_COUNTER {
        for seq in 1..=1200 {
            assert!(seen.insert(dossier_code("A", d, counter, seq)));
        }
    }
}
