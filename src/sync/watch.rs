//! The sync loop that runs beside the GUI (or `quay sync --watch`): its own
//! database connection on the same file (WAL lets it write while the counter
//! works; writes wait for each other with a busy timeout), one run of the
//! worker after another, waiting per [`Backoff`] after a failure and a short
//! idle interval after a success.
//!
//! The GUI starts it with [`spawn`], gets a [`SyncHandle`] to press "Đồng bộ
//! ngay" ([`SyncHandle::wake`]) or stop it, and receives [`SyncStatus`]
//! updates through the callback (or the channel of [`spawn_channel`]). No
//! toolkit type crosses this boundary, so an iced `Subscription` can wrap it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::backoff::{Backoff, Jitter};
use super::client::Receiver;
use super::worker::{SyncError, SyncOptions, SyncReport, sync_with};
use crate::domain::Localized;
use crate::store::{Store, SyncState};

/// How long the loop rests after a run that left nothing pending.
pub const IDLE_INTERVAL: Duration = Duration::from_secs(30);
/// While resting, how often it looks for new events recorded at the counter.
pub const POLL_INTERVAL: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct WatchConfig {
    /// Rest after a successful run with nothing left to send.
    pub idle: Duration,
    /// While resting, check this often whether new events are waiting.
    pub poll: Duration,
    /// Waits after failures.
    pub backoff: Backoff,
    /// Events per batch.
    pub batch_events: usize,
}

impl Default for WatchConfig {
    fn default() -> Self {
        WatchConfig {
            idle: IDLE_INTERVAL,
            poll: POLL_INTERVAL,
            backoff: Backoff::default(),
            batch_events: super::worker::BATCH_EVENTS,
        }
    }
}

/// What the loop tells its owner, in order: `Syncing`, then one of the
/// outcomes, again and again, and `Stopped` last.
#[derive(Debug, Clone)]
pub enum SyncStatus {
    /// A run started.
    Syncing,
    /// The hub answered. `next_in` is the rest before the next run.
    Synced {
        report: SyncReport,
        state: SyncState,
        next_in: Duration,
    },
    /// The run failed; `message` is for staff (Vietnamese). The next run
    /// starts after `retry_in`, or at once on [`SyncHandle::wake`].
    Failed {
        error: SyncError,
        message: String,
        state: Option<SyncState>,
        retry_in: Duration,
    },
    /// No hub address configured: nothing to do until one is set (looked at
    /// again after the idle interval, or on wake).
    NotConfigured { state: Option<SyncState> },
    /// The loop ended.
    Stopped,
}

enum Control {
    Wake,
    Stop,
}

/// Wakes or stops a running loop from anywhere: cheap to clone, `Send`, and
/// `Debug`, so it can travel in a GUI message (e.g. handed to the sync screen
/// so its "Đồng bộ ngay" button reaches the loop).
#[derive(Clone)]
pub struct SyncRemote {
    control: mpsc::Sender<Control>,
    cancel: Arc<AtomicBool>,
}

impl std::fmt::Debug for SyncRemote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncRemote")
            .field("stopped", &self.cancel.load(Ordering::Relaxed))
            .finish()
    }
}

impl SyncRemote {
    /// "Đồng bộ ngay": start a run now instead of waiting.
    pub fn wake(&self) {
        // A loop that has ended has nobody to wake: nothing to do.
        let _ = self.control.send(Control::Wake);
    }

    /// Ends the loop after the request in flight (it does not wait for it).
    pub fn stop(&self) {
        self.cancel.store(true, Ordering::Relaxed);
        let _ = self.control.send(Control::Stop);
    }
}

/// The owner's side of a running loop. Dropping it stops the loop (the
/// thread finishes its current request and ends).
pub struct SyncHandle {
    control: mpsc::Sender<Control>,
    cancel: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl SyncHandle {
    /// "Đồng bộ ngay": start a run now instead of waiting.
    pub fn wake(&self) {
        self.remote().wake();
    }

    /// Ends the loop after the request in flight (it does not wait for it).
    pub fn stop(&self) {
        self.remote().stop();
    }

    /// A clonable way to wake or stop this loop from elsewhere. Unlike the
    /// handle, dropping a remote does not stop the loop.
    pub fn remote(&self) -> SyncRemote {
        SyncRemote {
            control: self.control.clone(),
            cancel: Arc::clone(&self.cancel),
        }
    }

    /// Waits for the loop to end (after [`stop`](Self::stop), or never).
    pub fn join(mut self) {
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            log::error!("the sync thread panicked");
        }
    }

    pub fn is_running(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }
}

impl Drop for SyncHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts the loop on its own thread for the database at `db_path`, talking
/// to the hub configured there (setting `sync`, or `QUAY_HUB_URL`).
pub fn spawn(
    db_path: PathBuf,
    config: WatchConfig,
    on_status: impl FnMut(SyncStatus) + Send + 'static,
) -> std::io::Result<SyncHandle> {
    spawn_with(db_path, config, connect_configured, on_status)
}

/// [`spawn`], with the updates arriving on a channel.
pub fn spawn_channel(
    db_path: PathBuf,
    config: WatchConfig,
) -> std::io::Result<(SyncHandle, mpsc::Receiver<SyncStatus>)> {
    let (tx, rx) = mpsc::channel();
    let handle = spawn(db_path, config, move |s| {
        // The owner hung up: it will stop the loop; nothing else to do.
        let _ = tx.send(s);
    })?;
    Ok((handle, rx))
}

/// [`spawn`] with another receiving side: `connect` gives the run's
/// [`Receiver`] (e.g. an adapter for a province's own system). It is called
/// before every run, so a changed setting takes effect at the next one.
pub fn spawn_with<C>(
    db_path: PathBuf,
    config: WatchConfig,
    connect: C,
    on_status: impl FnMut(SyncStatus) + Send + 'static,
) -> std::io::Result<SyncHandle>
where
    C: FnMut(&mut Store) -> Result<Box<dyn Receiver>, SyncError> + Send + 'static,
{
    let (control_tx, control_rx) = mpsc::channel();
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    let thread = std::thread::Builder::new()
        .name("quay-sync".into())
        .spawn(move || run(&db_path, &config, &control_rx, &flag, connect, on_status))?;
    Ok(SyncHandle {
        control: control_tx,
        cancel,
        thread: Some(thread),
    })
}

fn connect_configured(store: &mut Store) -> Result<Box<dyn Receiver>, SyncError> {
    Ok(Box::new(super::hub::connect(store)?))
}

/// The loop itself.
fn run<C>(
    db_path: &Path,
    config: &WatchConfig,
    control: &mpsc::Receiver<Control>,
    cancel: &AtomicBool,
    mut connect: C,
    mut on_status: impl FnMut(SyncStatus),
) where
    C: FnMut(&mut Store) -> Result<Box<dyn Receiver>, SyncError>,
{
    let mut store: Option<Store> = None;
    let mut backoff = config.backoff.clone();
    let mut jitter = Jitter::from_os();
    while !cancel.load(Ordering::Relaxed) {
        on_status(SyncStatus::Syncing);
        let options = SyncOptions {
            batch_events: config.batch_events,
            cancel: Some(cancel),
            ..SyncOptions::default()
        };
        let outcome = attempt(db_path, &mut store, &mut connect, options);
        let state = store.as_ref().and_then(|s| s.sync_state().ok());
        let rest = match outcome {
            Ok(report) => {
                backoff.reset();
                let pending = state.as_ref().map_or(0, |s| s.pending);
                let next_in = if pending > 0 {
                    Duration::ZERO
                } else {
                    config.idle
                };
                if let Some(state) = state {
                    on_status(SyncStatus::Synced {
                        report,
                        state,
                        next_in,
                    });
                }
                Rest::Idle(next_in)
            }
            Err(SyncError::Cancelled) => break,
            Err(SyncError::NoHub) => {
                on_status(SyncStatus::NotConfigured { state });
                Rest::Backoff(config.idle)
            }
            Err(error) => {
                let retry_in = backoff.next_delay(jitter.unit());
                if matches!(error, SyncError::Store(_)) {
                    // Open the database afresh next time: the file may have moved.
                    store = None;
                }
                on_status(SyncStatus::Failed {
                    message: error.vi(),
                    error,
                    state,
                    retry_in,
                });
                Rest::Backoff(retry_in)
            }
        };
        if !rest_until_next(rest, config.poll, control, store.as_ref()) {
            break;
        }
    }
    on_status(SyncStatus::Stopped);
}

fn attempt<C>(
    db_path: &Path,
    store: &mut Option<Store>,
    connect: &mut C,
    options: SyncOptions<'_>,
) -> Result<SyncReport, SyncError>
where
    C: FnMut(&mut Store) -> Result<Box<dyn Receiver>, SyncError>,
{
    let store = match store {
        Some(s) => s,
        None => store.insert(Store::open(db_path)?),
    };
    let receiver = connect(store)?;
    sync_with(store, receiver.as_ref(), &crate::store::now_local, options)
}

enum Rest {
    /// After a success: cut short as soon as new events are recorded.
    Idle(Duration),
    /// After a failure: the whole wait, unless woken.
    Backoff(Duration),
}

/// Waits before the next run. False when the loop must end.
fn rest_until_next(
    rest: Rest,
    poll: Duration,
    control: &mpsc::Receiver<Control>,
    store: Option<&Store>,
) -> bool {
    let (total, watch_outbox) = match rest {
        Rest::Idle(d) => (d, true),
        Rest::Backoff(d) => (d, false),
    };
    let deadline = Instant::now() + total;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let slice = if watch_outbox { left.min(poll) } else { left };
        match control.recv_timeout(slice) {
            Ok(Control::Wake) => return true,
            Ok(Control::Stop) | Err(RecvTimeoutError::Disconnected) => return false,
            Err(RecvTimeoutError::Timeout) => {}
        }
        if Instant::now() >= deadline {
            return true;
        }
        let pending = store
            .and_then(|s| s.sync_state().ok())
            .is_some_and(|s| s.pending > 0);
        if watch_outbox && pending {
            return true;
        }
    }
}

#[cfg(test)]
mod tests;
