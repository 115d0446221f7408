use super::*;

pub(crate) fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .unwrap()
}

/// A waiting ticket issued at `h:m`; `id` follows issue order as in the store.
pub(crate) fn ticket(id: i64, area: char, priority: bool, h: u32, m: u32) -> Ticket {
    Ticket::issued(
        id,
        ticket_number("", area, id as u32),
        area,
        id as u32,
        priority.then_some(Priority::Elderly),
        at(h, m),
    )
}

#[test]
fn numbers_have_at_least_three_digits_and_carry_the_prefix() {
    assert_eq!(ticket_number("", 'A', 1), "A-001");
    assert_eq!(ticket_number("", 'B', 15), "B-015");
    assert_eq!(ticket_number("", 'A', 999), "A-999");
    assert_eq!(ticket_number("", 'A', 1000), "A-1000");
    assert_eq!(ticket_number("2", 'A', 15), "2A-015");
}

#[test]
fn numbers_as_typed() {
    #[rustfmt::skip]
    let cases = [
        ("A-015", Some("A-015")), (" a-15 ", Some("A-015")), ("2a-0015", Some("2A-015")),
        ("A-1000", Some("A-1000")), ("A015", None), ("A-", None), ("-015", None),
        ("A-0", None), ("A-+15", None), ("1-015", None), ("Á-015", None),
    ];
    for (input, want) in cases {
        assert_eq!(normalize_number(input).as_deref(), want, "{input}");
    }
}

fn pick(waiting: &[Ticket], areas: &[char], recent: &[bool]) -> Option<i64> {
    select_next(waiting, areas, recent).map(|t| t.id)
}

/// Name, waiting tickets, the counter's recent calls (true = priority), the pick.
type Case<'a> = (&'a str, &'a [Ticket], &'a [bool], Option<i64>);

#[test]
fn fairness_table() {
    // Ordinary 1 (08:00), 3 (08:10); priority 2 (08:05), 4 (08:20), 5 (08:30); all area A.
    let q = vec![
        ticket(1, 'A', false, 8, 0),
        ticket(2, 'A', true, 8, 5),
        ticket(3, 'A', false, 8, 10),
        ticket(4, 'A', true, 8, 20),
        ticket(5, 'A', true, 8, 30),
    ];
    let only_ordinary = vec![ticket(1, 'A', false, 8, 0), ticket(3, 'A', false, 8, 10)];
    let only_priority = vec![ticket(2, 'A', true, 8, 5), ticket(4, 'A', true, 8, 20)];
    let (p, o) = (true, false);
    #[rustfmt::skip]
    let cases: &[Case] = &[
        ("nothing waiting", &[], &[], None),
        ("priority first, even if younger", &q, &[], Some(2)),
        ("one priority call is not a run", &q, &[p], Some(2)),
        ("two priority calls in a row: oldest ordinary", &q, &[p, p], Some(1)),
        ("the run is the latest calls only", &q, &[p, p, o], Some(2)),
        ("an ordinary call in between resets the run", &q, &[p, o, p], Some(2)),
        ("a long run, still the guard", &q, &[o, p, p, p], Some(1)),
        ("guard needs an ordinary ticket waiting", &only_priority, &[p, p], Some(2)),
        ("only ordinary: oldest", &only_ordinary, &[p, p], Some(1)),
        ("only ordinary, no history", &only_ordinary, &[], Some(1)),
    ];
    for (name, waiting, recent, want) in cases {
        assert_eq!(pick(waiting, &['A'], recent), *want, "{name}");
    }
}

#[test]
fn only_waiting_tickets_of_the_counters_areas_are_taken() {
    let mut q = vec![
        ticket(1, 'B', true, 8, 0),
        ticket(2, 'A', false, 8, 1),
        ticket(3, 'A', true, 8, 2),
        ticket(4, 'A', true, 8, 3),
    ];
    q[2].status = TicketStatus::Skipped;
    q[3].status = TicketStatus::Called;
    assert_eq!(
        pick(&q, &['A'], &[]),
        Some(2),
        "skipped and called are not taken"
    );
    assert_eq!(pick(&q, &['A', 'B'], &[]), Some(1));
    assert_eq!(pick(&q, &['C'], &[]), None);
    assert_eq!(pick(&q, &[], &[]), None);
}

#[test]
fn a_transferred_ticket_keeps_its_original_issue_time_place() {
    // B-001 issued at 08:00, transferred at 09:00 to area A, where A-005 waits
    // since 08:30: the transferred ticket is older, so it goes first.
    let mut moved = ticket(1, 'B', false, 8, 0);
    moved.area = 'A';
    moved.transfers = 1;
    let q = vec![moved, ticket(5, 'A', false, 8, 30)];
    assert_eq!(pick(&q, &['A'], &[]), Some(1));
    assert_eq!(pick(&q, &['B'], &[]), None, "it left area B");
}

#[test]
fn recalls_and_specific_calls_do_not_change_the_order() {
    // The history only holds "next" picks, so a ticket recalled twice (its
    // counter stays the same) leaves the run where it was.
    let mut called = ticket(9, 'A', true, 7, 50);
    called.status = TicketStatus::Called;
    called.recalls = 2;
    let q = vec![
        called,
        ticket(1, 'A', false, 8, 0),
        ticket(2, 'A', true, 8, 5),
    ];
    assert_eq!(pick(&q, &['A'], &[true]), Some(2));
    assert_eq!(pick(&q, &['A'], &[true, true]), Some(1));
}

#[test]
fn same_issue_time_goes_by_id() {
    let q = vec![ticket(7, 'A', false, 8, 0), ticket(3, 'A', false, 8, 0)];
    assert_eq!(pick(&q, &['A'], &[]), Some(3));
}

#[test]
fn call_order_interleaves_one_ordinary_after_each_two_priority() {
    let q = vec![
        ticket(1, 'A', false, 8, 0),
        ticket(2, 'A', false, 8, 1),
        ticket(3, 'A', true, 8, 2),
        ticket(4, 'A', true, 8, 3),
        ticket(5, 'A', true, 8, 4),
        ticket(6, 'A', true, 8, 5),
        ticket(7, 'A', true, 8, 6),
    ];
    let order: Vec<i64> = call_order(&q, &['A'], &[]).iter().map(|t| t.id).collect();
    assert_eq!(order, [3, 4, 1, 5, 6, 2, 7]);
    let order: Vec<i64> = call_order(&q, &['A'], &[true, true])
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(order, [1, 3, 4, 2, 5, 6, 7]);
}
