//! The background sync loop (`sync::watch`) as an iced `Subscription`.
//!
//! The subscription is keyed by the database path and the hub address: it
//! runs while the app wants it (ready, a hub configured), restarts when the
//! address changes, and when it is dropped the loop's handle goes with it,
//! which stops the loop. Its first message hands the app a control channel
//! (for "Đồng bộ ngay"); after that it forwards every status update.

use std::path::PathBuf;

use iced::Subscription;
use iced::futures::channel::mpsc;
use iced::futures::{SinkExt, Stream, StreamExt};

use super::Message;
use crate::sync::watch::{self, SyncStatus, WatchConfig};

/// What the loop tells the app.
#[derive(Debug, Clone)]
pub enum SyncEvent {
    /// The loop runs; wake it through this.
    Started(SyncControl),
    Status(Box<SyncStatus>),
    /// The loop's thread could not be started (Vietnamese).
    Failed(String),
}

/// The app's side of a running loop: only "sync now". Stopping is done by
/// dropping the subscription.
#[derive(Clone)]
pub struct SyncControl(mpsc::UnboundedSender<()>);

impl SyncControl {
    /// "Đồng bộ ngay". A loop that has ended has nobody to wake: nothing to do.
    pub fn wake(&self) {
        let _ = self.0.unbounded_send(());
    }
}

impl std::fmt::Debug for SyncControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SyncControl")
    }
}

/// The loop on the database at `db`, sending to `hub_url`.
pub fn subscription(db: PathBuf, hub_url: String) -> Subscription<Message> {
    Subscription::run_with((db, hub_url), run).map(Message::SyncLoop)
}

enum Inbound {
    Status(Box<SyncStatus>),
    /// The loop's thread is gone without saying `Stopped` (it panicked).
    Gone,
    Wake,
}

fn run(key: &(PathBuf, String)) -> impl Stream<Item = SyncEvent> + use<> {
    let db = key.0.clone();
    iced::stream::channel(16, async move |mut output| {
        let (status_tx, status_rx) = mpsc::unbounded();
        // The loop reads the address from the database before every run, so the
        // key's address only decides when to restart it.
        let spawned = watch::spawn(db, WatchConfig::default(), move |status| {
            // The subscription ended: the handle is dropped and the loop stops.
            let _ = status_tx.unbounded_send(Box::new(status));
        });
        let handle = match spawned {
            Ok(handle) => handle,
            Err(e) => {
                log::error!("cannot start the sync thread: {e}");
                let _ = output
                    .send(SyncEvent::Failed(format!(
                        "Không chạy được việc đồng bộ nền ({e}). Hãy khởi động lại Quầy."
                    )))
                    .await;
                return;
            }
        };
        let (wake_tx, wake_rx) = mpsc::unbounded();
        if output
            .send(SyncEvent::Started(SyncControl(wake_tx)))
            .await
            .is_err()
        {
            return;
        }
        let mut inbound = iced::futures::stream::select(
            status_rx
                .map(Inbound::Status)
                .chain(iced::futures::stream::iter([Inbound::Gone])),
            wake_rx.map(|()| Inbound::Wake),
        );
        while let Some(item) = inbound.next().await {
            match item {
                Inbound::Wake => handle.wake(),
                Inbound::Status(status) if matches!(*status, SyncStatus::Stopped) => break,
                Inbound::Gone => {
                    log::error!("the sync thread ended without stopping");
                    let _ = output
                        .send(SyncEvent::Failed(
                            "Việc đồng bộ nền đã dừng vì lỗi. Hãy khởi động lại Quầy.".into(),
                        ))
                        .await;
                    break;
                }
                Inbound::Status(status) => {
                    if output.send(SyncEvent::Status(status)).await.is_err() {
                        break;
                    }
                }
            }
        }
        // Dropping the handle stops the loop (after the request in flight).
        drop(handle);
    })
}
