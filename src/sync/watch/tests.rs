use std::sync::atomic::AtomicU32;
use std::time::Instant;

use super::*;
use crate::sync::worker::fake::{FakeHub, receive};

fn db_with_events(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.sqlite3");
    let mut store = Store::open(&path).unwrap();
    for i in 0..n {
        receive(&mut store, i, Vec::new());
    }
    (dir, path)
}

fn quick(idle: Duration) -> WatchConfig {
    WatchConfig {
        idle,
        poll: Duration::from_millis(20),
        backoff: Backoff::new(Duration::from_millis(40), Duration::from_millis(200)),
        batch_events: 2,
    }
}

/// The next status that is not `Syncing`, within `limit`.
fn next_outcome(rx: &mpsc::Receiver<SyncStatus>, limit: Duration) -> SyncStatus {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(SyncStatus::Syncing) => continue,
            Ok(s) => return s,
            Err(e) => panic!("no status within {limit:?}: {e}"),
        }
    }
}

fn spawn_fake(
    path: PathBuf,
    config: WatchConfig,
    make: impl Fn() -> FakeHub + Send + 'static,
) -> (SyncHandle, mpsc::Receiver<SyncStatus>, Arc<AtomicU32>) {
    let (tx, rx) = mpsc::channel();
    let runs = Arc::new(AtomicU32::new(0));
    let counted = Arc::clone(&runs);
    let handle = spawn_with(
        path,
        config,
        move |_store: &mut Store| {
            counted.fetch_add(1, Ordering::SeqCst);
            Ok(Box::new(make()) as Box<dyn Receiver>)
        },
        move |s| {
            let _ = tx.send(s);
        },
    )
    .unwrap();
    (handle, rx, runs)
}

#[test]
fn syncs_rests_wakes_on_demand_and_stops() {
    let (_dir, path) = db_with_events(5);
    let (handle, rx, runs) = spawn_fake(path, quick(Duration::from_secs(60)), FakeHub::new);
    let SyncStatus::Synced {
        report,
        state,
        next_in,
    } = next_outcome(&rx, Duration::from_secs(5))
    else {
        panic!("expected a success")
    };
    assert_eq!(
        (report.batches, state.acked_through, state.pending),
        (3, 5, 0)
    );
    assert_eq!(next_in, Duration::from_secs(60));
    // "Đồng bộ ngay" starts a run long before the idle minute is over.
    let woken = Instant::now();
    let remote = handle.remote();
    std::thread::spawn(move || remote.wake());
    assert!(matches!(
        next_outcome(&rx, Duration::from_secs(5)),
        SyncStatus::Synced { .. }
    ));
    assert!(woken.elapsed() < Duration::from_secs(5));
    assert_eq!(runs.load(Ordering::SeqCst), 2);
    handle.stop();
    assert!(matches!(
        next_outcome(&rx, Duration::from_secs(5)),
        SyncStatus::Stopped
    ));
    handle.join();
}

#[test]
fn new_events_at_the_counter_are_picked_up_while_resting() {
    let (_dir, path) = db_with_events(1);
    let (handle, rx, _) = spawn_fake(path.clone(), quick(Duration::from_secs(60)), FakeHub::new);
    assert!(matches!(
        next_outcome(&rx, Duration::from_secs(5)),
        SyncStatus::Synced { .. }
    ));
    // The GUI, on its own connection, records a dossier.
    let mut gui = Store::open(&path).unwrap();
    receive(&mut gui, 9, Vec::new());
    let SyncStatus::Synced { state, .. } = next_outcome(&rx, Duration::from_secs(5)) else {
        panic!("expected a success")
    };
    assert_eq!((state.acked_through, state.pending), (2, 0));
    drop(handle);
    assert!(matches!(
        next_outcome(&rx, Duration::from_secs(5)),
        SyncStatus::Stopped
    ));
}

#[test]
fn failures_back_off_and_are_recorded() {
    let (_dir, path) = db_with_events(1);
    let (handle, rx, _) = spawn_fake(path.clone(), quick(Duration::from_secs(60)), || {
        let hub = FakeHub::new();
        hub.state().down_for = 1;
        hub
    });
    let mut waits = Vec::new();
    for _ in 0..4 {
        let SyncStatus::Failed {
            error,
            message,
            state,
            retry_in,
        } = next_outcome(&rx, Duration::from_secs(5))
        else {
            panic!("expected a failure")
        };
        assert!(error.is_unreachable());
        assert!(message.contains("thử lại"));
        assert_eq!(state.unwrap().last_error, Some(message));
        waits.push(retry_in.as_millis());
    }
    handle.stop();
    // 40 ms, 80, 160, then the 200 ms cap, each within ±25 %.
    for (wait, nominal) in waits.iter().zip([40u128, 80, 160, 200]) {
        assert!(
            *wait >= nominal * 3 / 4 && *wait <= (nominal * 5 / 4).min(200),
            "{waits:?}"
        );
    }
    let store = Store::open(&path).unwrap();
    assert!(store.sync_state().unwrap().last_error.is_some());
}

#[test]
fn without_a_hub_address_it_waits_for_one() {
    let (_dir, path) = db_with_events(0);
    if std::env::var(crate::domain::sync_settings::HUB_URL_ENV).is_ok() {
        return; // the environment configures a hub: nothing to test here
    }
    let (handle, rx) = spawn_channel(path, quick(Duration::from_secs(60))).unwrap();
    assert!(matches!(
        next_outcome(&rx, Duration::from_secs(5)),
        SyncStatus::NotConfigured { state: Some(_) }
    ));
    handle.stop();
    assert!(matches!(
        next_outcome(&rx, Duration::from_secs(5)),
        SyncStatus::Stopped
    ));
}
