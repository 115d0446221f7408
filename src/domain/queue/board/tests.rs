use super::super::default_areas;
use super::super::tests::{at, ticket};
use super::*;

#[test]
fn the_board_of_a_morning() {
    let t1 = ticket(1, 'A', false, 8, 0).call(1, at(8, 5)).unwrap();
    let t2 = ticket(2, 'A', false, 8, 1)
        .call(2, at(8, 6))
        .unwrap()
        .complete(at(8, 20))
        .unwrap();
    let t3 = ticket(3, 'B', false, 8, 2).call(2, at(8, 21)).unwrap();
    let t4 = ticket(4, 'A', true, 8, 3);
    let t5 = ticket(5, 'A', false, 8, 4);
    let t6 = ticket(6, 'E', false, 8, 5);
    let mut yesterday = ticket(7, 'A', false, 8, 0);
    yesterday.day = yesterday.day.pred_opt().unwrap();
    let recalled = t1.recall(at(8, 30)).unwrap();
    let all = [recalled, t2, t3, t4, t5, t6, yesterday];
    let b = board(at(0, 0).date(), &all, &default_areas(), 2);
    let serving: Vec<(u8, &str)> = b
        .serving
        .iter()
        .map(|s| (s.counter, s.ticket.number.as_str()))
        .collect();
    assert_eq!(serving, [(1, "A-001"), (2, "B-003")]);
    let recent: Vec<&str> = b.recent.iter().map(|t| t.number.as_str()).collect();
    assert_eq!(recent, ["A-001", "B-003"], "a recall is a fresh call");
    let waiting: Vec<(char, u32, u32)> = b
        .waiting
        .iter()
        .map(|w| (w.area, w.waiting, w.priority))
        .collect();
    assert_eq!(
        waiting,
        [
            ('A', 2, 1),
            ('B', 0, 0),
            ('C', 0, 0),
            ('D', 0, 0),
            ('E', 1, 0)
        ]
    );
}
