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
mod tests;
