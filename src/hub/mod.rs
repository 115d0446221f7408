//! `quay-hub`, the reference receiver of the sync protocol
//! (`docs/sync-protocol.md`): what a province's one-stop system must do to
//! take the counters' events exactly once in effect. It keeps its own SQLite
//! database and never touches the GUI.
//!
//! - [`store`]: the database — events, rejections, attachments, down items.
//! - [`validate`]: the checks an event must pass, without a database.
//! - [`http`]: the endpoints, over tiny_http.
//! - [`cli`]: the `quay-hub` command line.

pub mod cli;
mod error;
pub mod http;
pub mod store;
pub mod validate;

pub use error::HubError;
pub use store::{HubStore, StationEnrolment, StationSummary, Via};

#[cfg(test)]
pub(crate) mod fixtures;
