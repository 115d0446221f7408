use super::*;

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

#[test]
fn no_failure_means_no_wait() {
    assert_eq!(Backoff::default().delay(0.9), Duration::ZERO);
}

#[test]
fn waits_double_from_two_seconds_without_jitter() {
    let mut b = Backoff::default();
    let waits: Vec<f64> = (0..9).map(|_| secs(b.next_delay(0.5))).collect();
    assert_eq!(
        waits,
        [2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 300.0]
    );
    assert_eq!(b.failures(), 9);
}

#[test]
fn jitter_stays_within_a_quarter_either_way() {
    let mut b = Backoff::default();
    assert_eq!(secs(b.next_delay(0.0)), 1.5);
    assert_eq!(secs(b.delay(1.0)), 2.5);
    b.next_delay(0.5);
    b.next_delay(0.5);
    // Third failure: nominal 8 s.
    assert_eq!(secs(b.delay(0.0)), 6.0);
    assert_eq!(secs(b.delay(1.0)), 10.0);
    assert_eq!(secs(b.delay(0.25)), 7.0);
}

#[test]
fn the_cap_holds_with_jitter_and_many_failures() {
    let mut b = Backoff::default();
    for _ in 0..1_000 {
        b.next_delay(0.5);
    }
    assert_eq!(b.delay(1.0), LONGEST_WAIT);
    assert_eq!(secs(b.delay(0.0)), 225.0);
    assert_eq!(b.delay(f64::NAN), LONGEST_WAIT);
}

#[test]
fn success_starts_again_from_the_first_wait() {
    let mut b = Backoff::default();
    for _ in 0..6 {
        b.next_delay(0.5);
    }
    b.reset();
    assert_eq!(b.failures(), 0);
    assert_eq!(secs(b.next_delay(0.5)), 2.0);
}

#[test]
fn every_random_wait_is_within_bounds() {
    let mut jitter = Jitter::with_seed(42);
    let mut b = Backoff::default();
    let mut seen_low = false;
    let mut seen_high = false;
    for n in 1..=2_000u32 {
        if n % 12 == 0 {
            b.reset();
        }
        let d = secs(b.next_delay(jitter.unit()));
        let nominal = (2.0 * 2f64.powi(b.failures() as i32 - 1)).min(300.0);
        assert!(d >= nominal * 0.75 - 1e-9, "{d} < 0.75 × {nominal}");
        assert!(
            d <= (nominal * 1.25).min(300.0) + 1e-9,
            "{d} > 1.25 × {nominal}"
        );
        seen_low |= d < nominal * 0.8;
        seen_high |= d > nominal * 1.2 && nominal < 240.0;
    }
    assert!(seen_low && seen_high, "jitter should reach both ends");
}

#[test]
fn jitter_units_are_in_range_and_seeds_differ() {
    let mut a = Jitter::with_seed(1);
    let mut b = Jitter::with_seed(2);
    let xs: Vec<f64> = (0..1_000).map(|_| a.unit()).collect();
    assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
    let mean = xs.iter().sum::<f64>() / xs.len() as f64;
    assert!((0.4..0.6).contains(&mean), "mean {mean}");
    assert_ne!(a.next_u64(), b.next_u64());
}
