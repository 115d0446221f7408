//! Power-loss safety of ticket numbers: `kill -9` `quay ticket issue` while it
//! works. Every number it printed (it prints only after the commit) must be in the
//! database, no number may repeat, the stored sequence must have no holes (the
//! sequence advances in the ticket's own transaction), the database must pass
//! `PRAGMA integrity_check`, and the next number must be a new one.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use std::collections::HashSet;

use std::time::Duration;

use chrono::NaiveDate;
use common::temp_db;
use quay::queue::{LocalQueue, Queue};
use quay::store::{Actor, Store};

/// One fixed moment for every writer, so the test cannot straddle midnight.
const AT: &str = "2026-11-25T09:00";

#[cfg(unix)]
#[test]
fn kill_9_mid_issue_loses_no_printed_number_and_never_repeats_one() {
    let (_dir, db) = temp_db();
    drop(Store::open(&db).unwrap()); // created and seeded before the first kill

    // Three writers at once, killed after 0–42 ms in steps of 3 ms. One `quay
    // ticket issue` lives about 30 ms (debug build), so early rounds die before
    // committing, late ones after, and the ones between mid-transaction.
    let (printed, killed_before_print) = common::kill_rounds(
        &db,
        &["ticket", "issue", "--area", "A", "--at", AT],
        40,
        |round| Duration::from_millis((round * 3) % 45),
    );
    eprintln!(
        "{} numbers printed, {killed_before_print} writers killed first",
        printed.len()
    );
    assert!(
        killed_before_print > 0,
        "some writers must die before printing"
    );
    assert!(!printed.is_empty(), "some writers must finish");

    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let stored = store.tickets_between(day, day).unwrap();
    eprintln!("{} tickets stored", stored.len());
    let numbers: HashSet<&str> = stored.iter().map(|t| t.number.as_str()).collect();
    assert_eq!(numbers.len(), stored.len(), "a number was issued twice");
    let printed_set: HashSet<&str> = printed.iter().map(String::as_str).collect();
    assert_eq!(
        printed_set.len(),
        printed.len(),
        "a number was printed twice"
    );
    for n in &printed {
        assert!(numbers.contains(n.as_str()), "printed ticket {n} was lost");
    }
    let mut seqs: Vec<u32> = stored.iter().map(|t| t.seq).collect();
    seqs.sort_unstable();
    let want: Vec<u32> = (1..=stored.len() as u32).collect();
    assert_eq!(
        seqs, want,
        "the sequence moved without a ticket being stored"
    );

    let at = day.and_hms_opt(9, 0, 0).unwrap();
    let next = LocalQueue::new(&mut store, Actor::system("t"))
        .unwrap()
        .issue('A', None, at)
        .unwrap();
    assert!(
        !numbers.contains(next.number.as_str()),
        "{} reused",
        next.number
    );
    assert_eq!(next.seq, stored.len() as u32 + 1);
}
