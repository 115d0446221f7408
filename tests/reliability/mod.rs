//! Helpers shared by the reliability suite (`tests/reliability_*.rs`, issue 7):
//! the seeded random source, the knobs the scripts under `bench/reliability/`
//! turn, and `quay` commands without stray configuration (`quay-hub`:
//! `common::hub::hub_command`).
#![allow(dead_code)]

pub mod fault_proxy;

use std::path::Path;
use std::process::Command;

/// Rounds of a test: `QUAY_RELIABILITY_ROUNDS` if set (the scripts set it),
/// else `default` (what `cargo test` runs).
pub fn rounds(default: u64) -> u64 {
    env_u64("QUAY_RELIABILITY_ROUNDS").unwrap_or(default)
}

/// The seed: `QUAY_RELIABILITY_SEED` if set, else `default`. Printed with the
/// results, so a failure can be run again with the same draws.
pub fn seed(default: u64) -> u64 {
    env_u64("QUAY_RELIABILITY_SEED").unwrap_or(default)
}

fn env_u64(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim();
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|e| panic!("{name}={text:?}: {e}")))
}

/// SplitMix64: small, seeded, the same draws on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `percent` / 100.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A new generator for a sub-task, independent of how many draws the
    /// parent makes afterwards.
    pub fn fork(&mut self) -> Rng {
        Rng(self.next_u64())
    }
}

/// A distinct name part per number (names take letters only): a, b, … z, ba, …
pub fn letters(mut i: u64) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'a' + (i % 26) as u8));
        i /= 26;
        if i == 0 {
            break;
        }
    }
    out.iter().rev().collect()
}

/// `quay --db DB` without the caller's QUAY_* settings or proxies (a proxy
/// would swallow requests to loopback).
pub fn quay_cmd(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quay"));
    cmd.arg("--db").arg(db);
    for var in [
        "QUAY_DB",
        "QUAY_USER",
        "QUAY_PASSWORD",
        "QUAY_NEW_PASSWORD",
        "QUAY_HUB_URL",
        "ALL_PROXY",
        "all_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs `cmd` and returns its standard output; panics with both outputs if
/// it fails.
pub fn run_ok(cmd: &mut Command) -> String {
    let out = cmd
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run command");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The median of `samples` (not empty).
pub fn median(samples: &mut [std::time::Duration]) -> std::time::Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}
