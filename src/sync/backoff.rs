//! How long the worker waits after a failed attempt: 2 s, 4 s, 8 s … up to five
//! minutes, each wait shifted by up to ±25 % so that the counters of a province
//! do not all knock on the hub at the same second after it comes back.

use std::time::Duration;

/// The first wait after a failure.
pub const FIRST_WAIT: Duration = Duration::from_secs(2);
/// No wait is longer than this, jitter included.
pub const LONGEST_WAIT: Duration = Duration::from_secs(5 * 60);
/// Each wait is its nominal length times a factor in `1 ± JITTER`.
pub const JITTER: f64 = 0.25;

/// Consecutive failures and the wait they call for. Pure: the random part is
/// passed in, so tests can pin it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backoff {
    first: Duration,
    cap: Duration,
    failures: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::new(FIRST_WAIT, LONGEST_WAIT)
    }
}

impl Backoff {
    pub fn new(first: Duration, cap: Duration) -> Backoff {
        Backoff {
            first,
            cap: cap.max(first),
            failures: 0,
        }
    }

    /// Failures since the last success.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// The wait before the next attempt after one more failure. `unit` is a
    /// random number in `[0, 1)`; 0.5 means no jitter.
    pub fn next_delay(&mut self, unit: f64) -> Duration {
        self.failures = self.failures.saturating_add(1);
        self.delay(unit)
    }

    /// The wait the current number of failures calls for (none before the first).
    pub fn delay(&self, unit: f64) -> Duration {
        if self.failures == 0 {
            return Duration::ZERO;
        }
        // 2^31 × 2 s is far past any cap: stop doubling long before overflow.
        let doublings = (self.failures - 1).min(31);
        let nominal = self
            .first
            .checked_mul(1u32 << doublings)
            .unwrap_or(self.cap)
            .min(self.cap);
        let unit = if unit.is_finite() {
            unit.clamp(0.0, 1.0)
        } else {
            0.5
        };
        let factor = 1.0 - JITTER + 2.0 * JITTER * unit;
        nominal.mul_f64(factor).min(self.cap)
    }

    /// The hub answered: the next failure starts again from the first wait.
    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

/// A small random source for the jitter (SplitMix64): no crate needed, and
/// seeded from the operating system so two counters started together differ.
#[derive(Debug, Clone)]
pub struct Jitter {
    state: u64,
}

impl Jitter {
    pub fn with_seed(seed: u64) -> Jitter {
        Jitter { state: seed }
    }

    /// Seeded from the operating system, or from the clock if it offers nothing.
    pub fn from_os() -> Jitter {
        let mut seed = [0u8; 8];
        if getrandom::fill(&mut seed).is_err() {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0x9e37_79b9_7f4a_7c15);
            seed = (nanos ^ u64::from(std::process::id())).to_le_bytes();
        }
        Jitter::with_seed(u64::from_le_bytes(seed))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests;
