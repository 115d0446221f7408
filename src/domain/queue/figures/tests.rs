use super::super::tests::{at, ticket};
use super::super::{Ticket, default_areas};
use super::*;

#[test]
fn nearest_rank_table() {
    let ten: Vec<i64> = (1..=10).collect();
    let twenty: Vec<i64> = (1..=20).collect();
    #[rustfmt::skip]
    let cases: &[(&[i64], u32, Option<i64>)] = &[
        (&[], 90, None),
        (&[7], 90, Some(7)),
        (&[1, 2], 90, Some(2)),         // ⌈1.8⌉ = 2
        (&ten, 90, Some(9)),            // ⌈9.0⌉ = 9
        (&ten[..9], 90, Some(9)),       // ⌈8.1⌉ = 9
        (&twenty, 90, Some(18)),
        (&ten, 50, Some(5)),
        (&ten, 100, Some(10)),
        (&ten, 0, Some(1)),
    ];
    for (values, p, want) in cases {
        assert_eq!(nearest_rank(values, *p), *want, "{values:?} p{p}");
    }
}

/// A hand-built day whose figures are worked out by hand in the test below.
fn day() -> Vec<Ticket> {
    let mut out = Vec::new();
    // Area A, counter 1: ten tickets issued at 08:00; ticket i (1..=10) is
    // called after i minutes and completed 2·i minutes after that.
    for i in 1..=10u32 {
        let t = ticket(i as i64, 'A', false, 8, 0)
            .call(1, at(8, i))
            .unwrap()
            .complete(at(8, i + 2 * i))
            .unwrap();
        out.push(t);
    }
    // Area B, counter 2: one served (wait 30, service 15), one no-show (wait 5),
    // one still waiting.
    out.push(
        ticket(11, 'B', true, 9, 0)
            .call(2, at(9, 30))
            .unwrap()
            .complete(at(9, 45))
            .unwrap(),
    );
    out.push(
        ticket(12, 'B', false, 9, 0)
            .call(2, at(9, 5))
            .unwrap()
            .skip()
            .unwrap(),
    );
    out.push(ticket(13, 'B', false, 9, 10));
    // Another day: outside the period.
    let mut other = ticket(14, 'A', false, 8, 0);
    other.day = other.day.succ_opt().unwrap();
    out.push(other);
    out
}

fn find(f: &Figures, g: FigureGroup) -> &FigureRow {
    f.rows.iter().find(|r| r.group == g).unwrap()
}

#[test]
fn figures_of_a_hand_built_day() {
    let d = at(0, 0).date();
    let f = figures(&day(), d, d);
    let groups: Vec<FigureGroup> = f.rows.iter().map(|r| r.group).collect();
    use FigureGroup::*;
    assert_eq!(groups, [All, Area('A'), Area('B'), Counter(1), Counter(2)]);

    let a = find(&f, Area('A'));
    assert_eq!((a.issued, a.served, a.no_shows), (10, 10, 0));
    assert_eq!(a.wait.count, 10);
    assert_eq!(a.wait.mean_min, Some(5.5)); // (1+…+10)/10
    assert_eq!(a.wait.p90_min, Some(9.0)); // 9th of 10
    assert_eq!(a.service.mean_min, Some(11.0)); // 2·5.5
    assert_eq!(a.service.p90_min, Some(18.0));
    assert_eq!(
        find(&f, Counter(1)),
        &FigureRow {
            group: Counter(1),
            ..a.clone()
        }
    );

    let b = find(&f, Area('B'));
    assert_eq!((b.issued, b.served, b.no_shows), (3, 1, 1));
    assert_eq!(b.wait.count, 2);
    assert_eq!(b.wait.mean_min, Some(17.5)); // (30 + 5)/2
    assert_eq!(b.wait.p90_min, Some(30.0));
    assert_eq!(b.service.mean_min, Some(15.0));
    let c2 = find(&f, Counter(2));
    assert_eq!(
        (c2.issued, c2.served, c2.no_shows),
        (2, 1, 1),
        "ticket 13 was never called"
    );

    let all = find(&f, All);
    assert_eq!((all.issued, all.served, all.no_shows), (13, 11, 1));
    assert_eq!(all.wait.count, 12);
    assert_eq!(all.wait.mean_min, Some((55.0 + 35.0) / 12.0));
    assert_eq!(all.wait.p90_min, Some(10.0)); // ⌈10.8⌉ = 11th of 1,2,…,10,30,5 sorted
    assert_eq!(all.service.p90_min, Some(18.0)); // ⌈9.9⌉ = 10th of 2,4,…,20,15 sorted

    let two_days = figures(&day(), d, d.succ_opt().unwrap());
    assert_eq!(find(&two_days, All).issued, 14);
    assert!(figures(&day(), d.pred_opt().unwrap(), d.pred_opt().unwrap()).rows[0].issued == 0);
}

#[test]
fn a_clock_set_back_counts_zero() {
    let mut t = ticket(1, 'A', false, 8, 0).call(1, at(7, 50)).unwrap();
    t = t.complete(at(7, 40)).unwrap();
    let f = figures(&[t], at(0, 0).date(), at(0, 0).date());
    assert_eq!(f.rows[0].wait.mean_min, Some(0.0));
    assert_eq!(f.rows[0].service.mean_min, Some(0.0));
}

#[test]
fn csv_for_excel() {
    let d = at(0, 0).date();
    let bytes = figures_csv(&figures(&day(), d, d), &default_areas()).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 byte-order mark"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Từ ngày,Đến ngày,Nhóm,Số phiếu,Đã phục vụ,Vắng mặt,Chờ trung bình (phút),Chờ P90 (phút),Phục vụ trung bình (phút),Phục vụ P90 (phút)"
    );
    assert_eq!(
        lines[1],
        "25/11/2026,25/11/2026,Tất cả,13,11,1,7.5,10.0,11.4,18.0"
    );
    assert_eq!(
        lines[2],
        "25/11/2026,25/11/2026,Khu vực A – Hộ tịch – Chứng thực,10,10,0,5.5,9.0,11.0,18.0"
    );
    assert_eq!(
        lines[5],
        "25/11/2026,25/11/2026,Quầy 2,2,1,1,17.5,30.0,15.0,15.0"
    );
    assert_eq!(lines.len(), 7, "five rows, a header and the final line end");
    let empty = figures_csv(&figures(&[], d, d), &[]).unwrap();
    let text = String::from_utf8(empty[3..].to_vec()).unwrap();
    assert!(text.ends_with("Tất cả,0,0,0,,,,\r\n"), "{text}");
}
