use super::super::tests::{at, ticket};
use super::*;

#[test]
fn a_ticket_through_its_day() {
    let t = ticket(1, 'A', false, 8, 0);
    let called = t.call(2, at(8, 10)).unwrap();
    assert_eq!(called.status, TicketStatus::Called);
    assert_eq!(called.counter_no, Some(2));
    assert_eq!(called.first_called_at, Some(at(8, 10)));
    let recalled = called.recall(at(8, 11)).unwrap().recall(at(8, 12)).unwrap();
    assert_eq!(recalled.recalls, 2);
    assert_eq!(recalled.first_called_at, Some(at(8, 10)));
    assert_eq!(recalled.last_called_at, Some(at(8, 12)));
    let skipped = recalled.skip().unwrap();
    assert_eq!((skipped.status, skipped.skips), (TicketStatus::Skipped, 1));
    let again = skipped.call_again(3, at(9, 0)).unwrap();
    assert_eq!(again.counter_no, Some(3));
    assert_eq!(
        again.first_called_at,
        Some(at(8, 10)),
        "wait ended at 08:10"
    );
    let linked = again
        .link("X-261125-3001")
        .unwrap()
        .link("X-261125-3001")
        .unwrap();
    assert_eq!(linked.dossiers, ["X-261125-3001"]);
    let done = linked.complete(at(9, 20)).unwrap();
    assert_eq!(done.status, TicketStatus::Done);
    assert_eq!(done.completed_at, Some(at(9, 20)));
}

#[test]
fn steps_refused_in_the_wrong_status() {
    let waiting = ticket(1, 'A', false, 8, 0);
    let called = waiting.call(1, at(8, 5)).unwrap();
    let skipped = called.skip().unwrap();
    let done = called.complete(at(8, 9)).unwrap();
    let wrong = |r: Result<Ticket, TicketError>, step: Step| match r {
        Err(TicketError::WrongStatus { step: s, .. }) => assert_eq!(s, step),
        other => panic!("{step:?}: {other:?}"),
    };
    wrong(called.call(1, at(8, 6)), Step::Call);
    wrong(waiting.recall(at(8, 6)), Step::Recall);
    wrong(skipped.recall(at(8, 6)), Step::Recall);
    wrong(waiting.skip(), Step::Skip);
    wrong(done.skip(), Step::Skip);
    wrong(waiting.complete(at(8, 6)), Step::Complete);
    wrong(skipped.complete(at(8, 6)), Step::Complete);
    wrong(waiting.call_again(1, at(8, 6)), Step::CallAgain);
    wrong(called.call_again(1, at(8, 6)), Step::CallAgain);
    wrong(done.transfer('B'), Step::Transfer);
    wrong(waiting.link("X"), Step::Link);
    wrong(skipped.link("X"), Step::Link);
    assert_eq!(
        waiting.call(0, at(8, 6)).unwrap_err(),
        TicketError::BadCounter(0)
    );
    assert_eq!(
        waiting.call(10, at(8, 6)).unwrap_err(),
        TicketError::BadCounter(10)
    );
}

#[test]
fn a_skipped_ticket_can_be_called_again_only_the_same_day() {
    let skipped = ticket(1, 'A', false, 8, 0)
        .call(1, at(8, 5))
        .unwrap()
        .skip()
        .unwrap();
    let tomorrow = at(8, 0) + chrono::Duration::days(1);
    assert!(matches!(
        skipped.call_again(1, tomorrow),
        Err(TicketError::NotToday { .. })
    ));
}

#[test]
fn a_transfer_keeps_issue_time_and_first_call() {
    let called = ticket(1, 'A', false, 8, 0).call(2, at(8, 5)).unwrap();
    let moved = called.transfer('B').unwrap();
    assert_eq!(moved.status, TicketStatus::Waiting);
    assert_eq!((moved.area, moved.issued_area), ('B', 'A'));
    assert_eq!(
        moved.number, "A-001",
        "the citizen keeps the slip they hold"
    );
    assert_eq!(moved.issued_at, at(8, 0));
    assert_eq!(moved.first_called_at, Some(at(8, 5)));
    assert_eq!((moved.counter_no, moved.transfers), (None, 1));
    assert!(matches!(
        moved.transfer('B'),
        Err(TicketError::SameArea { area: 'B', .. })
    ));
    let skipped = called.skip().unwrap();
    assert_eq!(skipped.transfer('C').unwrap().status, TicketStatus::Waiting);
}
