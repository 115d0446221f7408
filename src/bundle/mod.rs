//! End-of-day sync bundles (gói đồng bộ cuối ngày): the station's events and
//! scans in one signed file, carried on a USB stick when there is no network,
//! and the hub's signed acknowledgement file carried back. The format is
//! specified in `docs/bundle-format.md`; the events are the same
//! `sync::wire::WireEvent`s the network delivers, and the hub stores them
//! through the same code path, so the two ways mix safely.
//!
//! Never imports the GUI.

mod ack;
mod durable;
mod error;
mod export;
pub mod format;
mod hub_import;
mod read;
mod write;

pub use ack::{ACK_FORMAT, ACK_VERSION, Ack, AckSummary, apply_ack};
pub use error::BundleError;
pub use export::{ExportSummary, export};
pub use hub_import::{AckWritten, ImportSummary, import_bundle, write_ack};
pub use read::{BundleInfo, verify};

#[cfg(test)]
mod tests;
