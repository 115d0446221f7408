//! Disk full with a real full disk (issue 7): `bench/reliability/disk_full.sh`
//! mounts a 2 MB tmpfs, fills it with `quay dossier add` and `quay ticket
//! issue` until SQLite says "database or disk is full", and checks that every
//! acknowledged write survives and the database still opens and verifies.
//! Mounting needs root: this test runs the script as root of a user namespace
//! (`unshare --user --map-root-user --mount`) where the kernel allows it, and
//! says it skipped otherwise. The store-level test that always runs, with
//! `PRAGMA max_page_count`, is `src/store/disk_full_tests.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

use std::path::Path;
use std::process::Command;

/// Whether this machine lets an ordinary user mount a tmpfs in a namespace
/// of their own (Debian allows it; some containers and Ubuntu's AppArmor
/// profiles do not).
fn user_namespaces_mount() -> bool {
    Command::new("unshare")
        .args([
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            "d=$(mktemp -d) && mount -t tmpfs -o size=1m tmpfs \"$d\" && umount \"$d\" && rmdir \"$d\"",
        ])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_tmpfs_refuses_new_writes_and_keeps_every_acknowledged_one() {
    if !user_namespaces_mount() {
        eprintln!(
            "skipped: no user namespace with mounts here; run `sudo bench/reliability/disk_full.sh`"
        );
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/reliability/disk_full.sh");
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "bash"])
        .arg(&script)
        .env("QUAY_BIN", env!("CARGO_BIN_EXE_quay"))
        .env("QUAY_DISK_FULL_SIZE", "2m")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    assert!(out.status.success(), "disk_full.sh failed");
    let result = stdout
        .lines()
        .find(|l| l.starts_with("RESULT disk-full"))
        .expect("a RESULT line");
    assert!(result.contains(" lost=0 "), "{result}");
    // The disk really filled: some dossiers fitted, then the refusals came.
    let acked: u64 = field(result, "dossiers_acked").parse().unwrap();
    let refusals: u64 = field(result, "refusals").parse().unwrap();
    assert!(acked > 10 && refusals >= 6, "{result}");
}

fn field<'a>(line: &'a str, name: &str) -> &'a str {
    line.split(' ')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {name} in {line}"))
}
