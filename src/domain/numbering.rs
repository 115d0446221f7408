//! Dossier codes (mã hồ sơ): `{agency}-{yyMMdd}-{NNNN}`.
//!
//! Counters of one center never talk to each other, so each owns a disjoint part
//! of the number space: the first digit of NNNN is the counter number (1–9) and
//! the rest is that counter's own sequence for the day (001–999, then 1000… —
//! still unambiguous because the counter part is always exactly one digit).
//! Counter 2's third dossier on 12/09/2025 is `000.00.12.H56-250912-2003`.

use chrono::NaiveDate;

/// Highest counter number that fits the one-digit counter part.
pub const MAX_COUNTER: u8 = 9;

/// Builds the code of the `seq`-th dossier (from 1) received on `date` at `counter`.
pub fn dossier_code(agency_id: &str, date: NaiveDate, counter: u8, seq: u32) -> String {
    format!("{agency_id}-{}-{counter}{seq:03}", date.format("%y%m%d"))
}

#[cfg(test)]
mod tests {
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
}
