//! The queue over a real database file: numbering, calling order, every step with
//! its audit row, refusals that change nothing, the board and the figures.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{good_draft, temp_db};
use quay::domain::queue::{FigureGroup, Priority, TicketError, TicketStatus};
use quay::domain::settings::{CenterSettings, QueueSettings};
use quay::queue::{LocalQueue, Queue, QueueError};
use quay::store::{Actor, Store};

fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn open() -> (tempfile::TempDir, Store) {
    let (dir, db) = temp_db();
    let store = Store::open(&db).unwrap();
    (dir, store)
}

fn q(store: &mut Store) -> LocalQueue<'_> {
    LocalQueue::new(store, Actor::system("quầy 1")).unwrap()
}

fn rule(r: Result<impl std::fmt::Debug, QueueError>) -> TicketError {
    match r {
        Err(QueueError::Rule(e)) => e,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn numbers_run_per_area_and_per_day() {
    let (_dir, mut store) = open();
    let mut q = q(&mut store);
    let mut issued = Vec::new();
    for (area, m) in [('A', 0), ('A', 1), ('B', 2), ('A', 3), ('C', 4), ('B', 5)] {
        issued.push(q.issue(area, None, at(25, 8, m)).unwrap().number);
    }
    assert_eq!(
        issued,
        ["A-001", "A-002", "B-001", "A-003", "C-001", "B-002"]
    );
    // The day rolls over between 23:59 and 00:01: every area starts again.
    assert_eq!(q.issue('A', None, at(25, 23, 59)).unwrap().number, "A-004");
    let next_day = q.issue('A', None, at(26, 0, 1)).unwrap();
    assert_eq!((next_day.number.as_str(), next_day.day), ("A-001", day(26)));
    assert_eq!(q.issue('B', None, at(26, 0, 2)).unwrap().number, "B-001");
    assert_eq!(q.issue('A', None, at(25, 23, 59)).unwrap().number, "A-005");
    assert_eq!(q.tickets(day(25)).unwrap().len(), 8);
    assert_eq!(q.tickets(day(26)).unwrap().len(), 2);
    let a1 = q.find(day(26), "a-1").unwrap();
    assert_eq!(a1, next_day, "found as typed, and round-trips");
    assert_eq!(q.ticket(a1.id).unwrap(), a1);
}

#[test]
fn numbers_grow_past_999() {
    let (_dir, mut store) = open();
    let mut q = q(&mut store);
    let mut last = String::new();
    for i in 0..1000u32 {
        let now = at(25, 8, 0) + chrono::Duration::seconds(i64::from(i));
        last = q.issue('D', None, now).unwrap().number;
    }
    assert_eq!(last, "D-1000");
}

#[test]
fn the_prefix_marks_this_pcs_numbers() {
    let (_dir, mut store) = open();
    let mut q = q(&mut store);
    let saved = q
        .save_settings(&QueueSettings {
            queue_prefix: " 2 ".into(),
            ..QueueSettings::default()
        })
        .unwrap();
    assert_eq!(saved.queue_prefix, "2");
    assert_eq!(q.issue('A', None, at(25, 8, 0)).unwrap().number, "2A-001");
    assert_eq!(q.find(day(25), "2a-1").unwrap().number, "2A-001");
    drop(q);
    assert_eq!(store.queue_settings().unwrap().queue_prefix, "2");
    let mut q = LocalQueue::new(&mut store, Actor::system("t")).unwrap();
    assert_eq!(q.issue('A', None, at(25, 8, 1)).unwrap().number, "2A-002");
}

#[test]
fn priority_first_then_the_starvation_guard() {
    let (_dir, mut store) = open();
    let mut q = q(&mut store);
    let o1 = q.issue('A', None, at(25, 8, 0)).unwrap();
    let o2 = q.issue('A', None, at(25, 8, 1)).unwrap();
    let p1 = q.issue('A', Some(Priority::Elderly), at(25, 8, 2)).unwrap();
    let p2 = q
        .issue('A', Some(Priority::Pregnant), at(25, 8, 3))
        .unwrap();
    let p3 = q
        .issue('A', Some(Priority::Disabled), at(25, 8, 4))
        .unwrap();
    let p4 = q.issue('A', Some(Priority::Child), at(25, 8, 5)).unwrap();
    let mut order = Vec::new();
    for m in 10..20 {
        match q.call_next(1, &['A'], at(25, 9, m)).unwrap() {
            Some(t) => order.push(t.number),
            None => break,
        }
    }
    let want: Vec<String> = [&p1, &p2, &o1, &p3, &p4, &o2]
        .iter()
        .map(|t| t.number.clone())
        .collect();
    assert_eq!(order, want);
    // Each call completed the one before it, the final empty call the last one.
    let done = q
        .tickets(day(25))
        .unwrap()
        .iter()
        .filter(|t| t.status == TicketStatus::Done)
        .count();
    assert_eq!(done, 6);
}

#[test]
fn the_guard_counts_each_counters_own_calls() {
    let (_dir, mut store) = open();
    let mut q = q(&mut store);
    let o = q.issue('A', None, at(25, 8, 0)).unwrap();
    for m in 1..=3 {
        q.issue('A', Some(Priority::Elderly), at(25, 8, m)).unwrap();
    }
    // Counter 1 calls two priority tickets; counter 2's first call still takes priority.
    q.call_next(1, &['A'], at(25, 9, 0)).unwrap();
    q.call_next(1, &['A'], at(25, 9, 1)).unwrap();
    let c2 = q.call_next(2, &['A'], at(25, 9, 2)).unwrap().unwrap();
    assert!(c2.priority.is_some());
    let c1 = q.call_next(1, &['A'], at(25, 9, 3)).unwrap().unwrap();
    assert_eq!(c1.id, o.id, "counter 1 had two priority calls in a row");
}

#[test]
fn a_transfer_keeps_its_place_by_original_issue_time() {
    let (_dir, mut store) = open();
    let mut q = q(&mut store);
    let b1 = q.issue('B', None, at(25, 8, 0)).unwrap();
    let a1 = q.issue('A', None, at(25, 8, 30)).unwrap();
    let called = q.call_next(2, &['B'], at(25, 9, 0)).unwrap().unwrap();
    assert_eq!(called.id, b1.id);
    let moved = q.transfer(b1.id, 'A').unwrap();
    assert_eq!(
        (moved.status, moved.area, moved.transfers),
        (TicketStatus::Waiting, 'A', 1)
    );
    assert_eq!(moved.number, "B-001");
    assert_eq!(
        q.call_next(1, &['A'], at(25, 9, 5)).unwrap().unwrap().id,
        b1.id,
        "issued 08:00, ahead of A-001 issued 08:30"
    );
    assert_eq!(
        q.call_next(1, &['A'], at(25, 9, 10)).unwrap().unwrap().id,
        a1.id
    );
    let t = q.ticket(b1.id).unwrap();
    assert_eq!(
        t.first_called_at,
        Some(at(25, 9, 0)),
        "waiting ended at the first call"
    );
    assert_eq!(t.counter_no, Some(1));
}

#[test]
fn skipped_tickets_wait_for_a_specific_call() {
    let (_dir, mut store) = open();
    let mut q = q(&mut store);
    let a1 = q.issue('A', None, at(25, 8, 0)).unwrap();
    let a2 = q.issue('A', None, at(25, 8, 1)).unwrap();
    q.call_next(1, &['A'], at(25, 9, 0)).unwrap();
    let skipped = q.skip(a1.id).unwrap();
    assert_eq!((skipped.status, skipped.skips), (TicketStatus::Skipped, 1));
    let next = q.call_next(1, &['A'], at(25, 9, 1)).unwrap().unwrap();
    assert_eq!(next.id, a2.id, "a skipped ticket is not taken by next");
    assert_eq!(q.call_next(1, &['A'], at(25, 9, 2)).unwrap(), None);
    assert_eq!(
        q.ticket(a1.id).unwrap().status,
        TicketStatus::Skipped,
        "still skipped after the queue ran dry"
    );
    // The citizen comes back: counter 3 calls the ticket specifically.
    let again = q.call_again(a1.id, 3, at(25, 10, 0)).unwrap();
    assert_eq!(
        (again.status, again.counter_no),
        (TicketStatus::Called, Some(3))
    );
    assert_eq!(again.first_called_at, Some(at(25, 9, 0)));
    assert_eq!(again.last_called_at, Some(at(25, 10, 0)));
    let done = q.complete(a1.id, at(25, 10, 5)).unwrap();
    assert_eq!(done.completed_at, Some(at(25, 10, 5)));
    // The next day it is refused: its holder has gone home.
    let b = q.issue('B', None, at(25, 11, 0)).unwrap();
    q.call_next(2, &['B'], at(25, 11, 1)).unwrap();
    q.skip(b.id).unwrap();
    assert!(matches!(
        rule(q.call_again(b.id, 2, at(26, 8, 0))),
        TicketError::NotToday { .. }
    ));
}

#[test]
fn recall_counts_and_does_not_change_the_order() {
    let (_dir, mut store) = open();
    let mut q = q(&mut store);
    let p1 = q.issue('A', Some(Priority::Elderly), at(25, 8, 0)).unwrap();
    let p2 = q.issue('A', Some(Priority::Elderly), at(25, 8, 1)).unwrap();
    let o1 = q.issue('A', None, at(25, 8, 2)).unwrap();
    let p3 = q.issue('A', Some(Priority::Elderly), at(25, 8, 3)).unwrap();
    assert_eq!(
        q.call_next(1, &['A'], at(25, 9, 0)).unwrap().unwrap().id,
        p1.id
    );
    let r = q.recall(1, at(25, 9, 1)).unwrap();
    let r = {
        assert_eq!(r.recalls, 1);
        q.recall(1, at(25, 9, 2)).unwrap()
    };
    assert_eq!(
        (r.id, r.recalls, r.last_called_at),
        (p1.id, 2, Some(at(25, 9, 2)))
    );
    assert_eq!(r.first_called_at, Some(at(25, 9, 0)));
    assert_eq!(
        q.call_next(1, &['A'], at(25, 9, 3)).unwrap().unwrap().id,
        p2.id
    );
    q.recall(1, at(25, 9, 4)).unwrap();
    assert_eq!(
        q.call_next(1, &['A'], at(25, 9, 5)).unwrap().unwrap().id,
        o1.id,
        "recalls are not calls: the run is still two priority tickets"
    );
    assert_eq!(
        q.call_next(1, &['A'], at(25, 9, 6)).unwrap().unwrap().id,
        p3.id
    );
    assert_eq!(
        rule(q.recall(2, at(25, 9, 7))),
        TicketError::NothingCalled(2)
    );
}

#[test]
fn every_step_appends_an_audit_row_and_refusals_change_nothing() {
    let (_dir, mut store) = open();
    let mut q = q(&mut store);
    let t = q.issue('A', None, at(25, 8, 0)).unwrap();
    q.call_next(1, &['A'], at(25, 8, 5)).unwrap();
    q.recall(1, at(25, 8, 6)).unwrap();
    q.skip(t.id).unwrap();
    q.call_again(t.id, 1, at(25, 8, 10)).unwrap();
    q.transfer(t.id, 'B').unwrap();
    q.call_next(2, &['B'], at(25, 8, 15)).unwrap();
    q.complete(t.id, at(25, 8, 20)).unwrap();

    let before = q.ticket(t.id).unwrap();
    assert_eq!(
        rule(q.issue('E', None, at(25, 9, 0))),
        TicketError::UnknownArea('E')
    );
    assert!(matches!(
        rule(q.skip(t.id)),
        TicketError::WrongStatus { .. }
    ));
    assert!(matches!(
        rule(q.complete(t.id, at(25, 9, 0))),
        TicketError::WrongStatus { .. }
    ));
    assert!(matches!(
        rule(q.transfer(t.id, 'C')),
        TicketError::WrongStatus { .. }
    ));
    assert!(matches!(rule(q.skip(9999)), TicketError::NoSuchTicket(_)));
    assert_eq!(
        rule(q.call_next(0, &['A'], at(25, 9, 0))),
        TicketError::BadCounter(0)
    );
    assert_eq!(
        rule(q.call_next(1, &[], at(25, 9, 0))),
        TicketError::NoAreas
    );
    assert_eq!(q.ticket(t.id).unwrap(), before);
    assert_eq!(q.tickets(day(25)).unwrap().len(), 1);
    drop(q);

    let actions: Vec<String> = store
        .audit_entries(&t.entity_key())
        .unwrap()
        .into_iter()
        .map(|(actor, action)| {
            assert_eq!(actor, "quầy 1");
            action
        })
        .collect();
    assert_eq!(
        actions,
        [
            "ticket.issue",
            "ticket.call",
            "ticket.recall",
            "ticket.skip",
            "ticket.call_again",
            "ticket.transfer",
            "ticket.call",
            "ticket.complete"
        ]
    );
    assert_eq!(t.entity_key(), "ticket:2026-11-25:A-001");
    assert!(
        store.outbox_after(0, 100).unwrap().is_empty(),
        "tickets stay local: no outbox events"
    );
}

#[test]
fn calling_next_completes_the_ticket_being_served() {
    let (_dir, mut store) = open();
    let mut q = q(&mut store);
    let a1 = q.issue('A', None, at(25, 8, 0)).unwrap();
    q.call_next(1, &['A'], at(25, 8, 5)).unwrap();
    assert_eq!(q.call_next(1, &['A'], at(25, 8, 9)).unwrap(), None);
    let t = q.ticket(a1.id).unwrap();
    assert_eq!(
        (t.status, t.completed_at),
        (TicketStatus::Done, Some(at(25, 8, 9)))
    );
    drop(q);
    let actions: Vec<String> = store
        .audit_entries(&a1.entity_key())
        .unwrap()
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    assert_eq!(actions.last().unwrap(), "ticket.complete_on_next_call");
}

#[test]
fn areas_the_counter_does_not_serve_are_refused() {
    let (_dir, mut store) = open();
    let mut q = q(&mut store);
    q.save_settings(&QueueSettings {
        counter_areas: vec!['A', 'B'],
        ..QueueSettings::default()
    })
    .unwrap();
    assert_eq!(
        rule(q.issue('C', None, at(25, 8, 0))),
        TicketError::AreaNotServed('C')
    );
    assert_eq!(
        rule(q.call_next(1, &['A', 'C'], at(25, 8, 0))),
        TicketError::AreaNotServed('C')
    );
    let t = q.issue('A', None, at(25, 8, 0)).unwrap();
    assert_eq!(rule(q.transfer(t.id, 'C')), TicketError::AreaNotServed('C'));
    assert_eq!(
        rule(q.transfer(t.id, 'A')),
        TicketError::SameArea {
            number: t.number,
            area: 'A'
        }
    );
    assert!(
        q.save_settings(&QueueSettings {
            counter_areas: vec!['Z'],
            ..QueueSettings::default()
        })
        .is_err()
    );
    assert_eq!(
        q.settings().counter_areas,
        ['A', 'B'],
        "refused settings are not kept"
    );
}

#[test]
fn dossiers_are_linked_to_the_ticket_they_came_from() {
    let (_dir, mut store) = open();
    store
        .save_settings(
            &CenterSettings {
                agency_id: "000.00.12.H56".into(),
                configured: true,
                ..CenterSettings::default()
            },
            &Actor::system("t"),
        )
        .unwrap();
    let d1 = quay::intake::receive(&mut store, &good_draft(), &Actor::system("t"), at(25, 9, 0))
        .unwrap();
    let d2 = quay::intake::receive(&mut store, &good_draft(), &Actor::system("t"), at(25, 9, 5))
        .unwrap();
    let mut q = q(&mut store);
    let t = q.issue('A', None, at(25, 8, 0)).unwrap();
    assert!(matches!(
        rule(q.link_dossier(t.id, &d1.code)),
        TicketError::WrongStatus { .. }
    ));
    q.call_next(1, &['A'], at(25, 8, 55)).unwrap();
    q.link_dossier(t.id, &d2.code).unwrap();
    q.link_dossier(t.id, &d1.code).unwrap();
    let linked = q.link_dossier(t.id, &d1.code).unwrap();
    assert_eq!(linked.dossiers, [d1.code.clone(), d2.code.clone()]);
    assert_eq!(q.ticket(t.id).unwrap(), linked);
    assert!(matches!(
        q.link_dossier(t.id, "000.00.12.H56-261125-9999"),
        Err(QueueError::Store(quay::store::StoreError::DossierNotFound(
            _
        )))
    ));
    drop(q);
    let links = store
        .audit_entries(&t.entity_key())
        .unwrap()
        .into_iter()
        .filter(|(_, a)| a == "ticket.link_dossier")
        .count();
    assert_eq!(links, 2, "linking twice records once");
}

#[test]
fn two_connections_calling_at_once_never_take_the_same_ticket() {
    let (_dir, db) = temp_db();
    let mut one = Store::open(&db).unwrap();
    let mut two = Store::open(&db).unwrap();
    {
        let mut q = q(&mut one);
        for m in 0..20 {
            q.issue('A', None, at(25, 8, m)).unwrap();
        }
    }
    let mut seen = std::collections::HashSet::new();
    for m in 0..10 {
        for (counter, store) in [(1, &mut one), (2, &mut two)] {
            let t = q(store)
                .call_next(counter, &['A'], at(25, 9, m))
                .unwrap()
                .unwrap();
            assert!(seen.insert(t.id), "{} called twice", t.number);
        }
    }
    assert_eq!(seen.len(), 20);
}

#[test]
fn board_and_figures_from_the_store() {
    let (_dir, mut store) = open();
    let mut q = q(&mut store);
    let a1 = q.issue('A', None, at(25, 8, 0)).unwrap();
    let a2 = q.issue('A', Some(Priority::Elderly), at(25, 8, 0)).unwrap();
    let b1 = q.issue('B', None, at(25, 8, 0)).unwrap();
    q.issue('B', None, at(25, 8, 0)).unwrap();
    q.call_next(1, &['A'], at(25, 8, 4)).unwrap(); // a2 (priority), waited 4 min
    q.complete(a2.id, at(25, 8, 10)).unwrap(); // served 6 min
    q.call_next(1, &['A'], at(25, 8, 12)).unwrap(); // a1, waited 12 min
    q.call_next(2, &['B'], at(25, 8, 20)).unwrap(); // b1, waited 20 min
    q.skip(b1.id).unwrap();

    let b = q.board(day(25)).unwrap();
    assert_eq!(b.serving.len(), 1);
    assert_eq!((b.serving[0].counter, b.serving[0].ticket.id), (1, a1.id));
    let recent: Vec<i64> = b.recent.iter().map(|t| t.id).collect();
    assert_eq!(recent, [b1.id, a1.id, a2.id]);
    let waiting: Vec<(char, u32)> = b.waiting.iter().map(|w| (w.area, w.waiting)).collect();
    assert_eq!(waiting, [('A', 0), ('B', 1), ('C', 0), ('D', 0)]);
    assert_eq!(q.waiting(day(25)).unwrap().len(), 1);

    let f = q.figures(day(25), day(25)).unwrap();
    let all = &f.rows[0];
    assert_eq!(all.group, FigureGroup::All);
    assert_eq!((all.issued, all.served, all.no_shows), (4, 1, 1));
    assert_eq!(all.wait.mean_min, Some(12.0)); // (4 + 12 + 20) / 3
    assert_eq!(all.wait.p90_min, Some(20.0));
    assert_eq!(all.service.mean_min, Some(6.0));
    assert_eq!(q.figures(day(26), day(26)).unwrap().rows[0].issued, 0);
    assert!(matches!(
        rule(q.figures(day(26), day(25))),
        TicketError::BadPeriod { .. }
    ));
}
