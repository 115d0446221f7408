//! Sync with the provincial system: the protocol's messages and keys, shared by
//! the counter and the reference receiver `quay-hub`, and the counter's side —
//! the client seam, the worker and the watch loop. Never imports the GUI.

pub mod backoff;
pub mod client;
pub mod hub;
pub mod signing;
pub mod watch;
pub mod wire;
pub mod worker;

pub use backoff::Backoff;
pub use client::{ClientError, HttpHub, Receiver};
pub use watch::{SyncHandle, SyncRemote, SyncStatus, WatchConfig};
pub use worker::{SyncError, SyncReport, sync_once};
