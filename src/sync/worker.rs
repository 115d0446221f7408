//! The sync worker: delivers the outbox to a [`Receiver`] and applies what
//! comes back, per `docs/sync-protocol.md` ("The station's side").
//!
//! Its only state is in the database (`sync_state`): a run can stop anywhere —
//! power cut, connection cut, process killed — and the next run starts from
//! what is stored, because every request is idempotent at the hub.

mod blobs;
mod down;

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDateTime;
use serde::Serialize;

use super::client::{ClientError, Receiver};
use super::wire::{Batch, PROTOCOL_VERSION, WireEvent};
use crate::domain::Localized;
use crate::store::{OutboxEvent, Store, StoreError};

/// Events per request in the daily trickle: 200 keeps a request under a
/// second on a slow commune link, and a cut one cheap to send again.
pub const BATCH_EVENTS: usize = 200;

/// Events per request while catching up a backlog (after days offline, or a
/// hub restored from an old backup): the protocol's maximum. Each batch costs
/// a transaction with its fsync on both sides, so fewer, larger ones are what
/// make 100,000 events take seconds rather than a minute.
pub const CATCH_UP_EVENTS: usize = super::wire::MAX_BATCH_EVENTS;

/// A backlog larger than this many normal batches is sent in catch-up batches.
const CATCH_UP_AFTER_BATCHES: i64 = 5;

/// A `sequence_gap` answered this many times in a row without a batch going
/// through means the hub and station disagree in a way rewinding cannot fix.
const MAX_REWINDS: u32 = 3;

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// Events sent in batches the hub answered (replays included).
    pub events_sent: u64,
    /// Stored by the hub for the first time.
    pub accepted: u64,
    /// Already held by the hub (a replay after a cut).
    pub duplicates: u64,
    /// Rejected by the hub, now in quarantine.
    pub rejected: u64,
    pub batches: u64,
    /// Times the hub said it holds less than the station thought.
    pub rewinds: u64,
    /// Attachments the hub now holds complete thanks to this run.
    pub blobs_sent: u64,
    /// Items from the hub applied here.
    pub down_applied: u64,
    /// Items from the hub that could not be applied (recorded, passed over).
    pub down_problems: u64,
    /// What went wrong without stopping the run, for the log and the screen
    /// (Vietnamese): a missing attachment file, an item that could not apply.
    pub problems: Vec<String>,
}

impl SyncReport {
    /// Whether anything moved at all.
    pub fn is_empty(&self) -> bool {
        self.batches == 0
            && self.blobs_sent == 0
            && self.down_applied == 0
            && self.down_problems == 0
    }
}

/// Why a run stopped. What was settled before it stays settled.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(
        "no hub address: run `quay sync set-hub URL` (or `quay sync enrol`) or set {}",
        crate::domain::sync_settings::HUB_URL_ENV
    )]
    NoHub,
    /// The hub holds other events under this station's sequence numbers.
    #[error(
        "the hub holds different events under this station's sequence numbers ({0}); an administrator must look (two databases claim one station?)"
    )]
    SequenceConflict(String),
    #[error("the hub keeps asking for events from {expected} on; rewinding does not help")]
    RewindLoop { expected: i64 },
    #[error("the hub settled nothing of the batch {first}–{last} (answered {acked})")]
    NoProgress { first: i64, last: i64, acked: i64 },
    #[error("stopped")]
    Cancelled,
}

impl SyncError {
    /// Nothing to fix at the counter: the hub or the link is down; retry later.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, SyncError::Client(ClientError::Unreachable(_)))
    }
}

impl Localized for SyncError {
    fn vi(&self) -> String {
        match self {
            SyncError::Store(e) => e.vi(),
            SyncError::Client(ClientError::Unreachable(_)) => {
                "Chưa kết nối được với hệ thống của tỉnh; sẽ tự thử lại. Dữ liệu vẫn được lưu an toàn trên máy này.".into()
            }
            SyncError::Client(ClientError::Refused { reply, .. }) => match reply.error.as_str() {
                "unknown_station" => "Quầy này chưa được đăng ký với hệ thống của tỉnh. Hãy đăng ký bằng mã do tỉnh cấp.".into(),
                "unauthenticated" => "Hệ thống của tỉnh không xác thực được quầy này (khóa không khớp). Báo cán bộ kỹ thuật.".into(),
                "bad_token" => "Mã đăng ký không đúng. Kiểm tra lại mã do tỉnh cấp.".into(),
                "station_key_mismatch" => "Hệ thống của tỉnh đã ghi nhận quầy này với một khóa khác. Báo quản trị hệ thống của tỉnh.".into(),
                code => format!(
                    "Hệ thống của tỉnh từ chối yêu cầu ({code}). Báo cán bộ kỹ thuật: {}",
                    reply.message
                ),
            },
            SyncError::Client(ClientError::Protocol(_)) => {
                "Hệ thống của tỉnh trả lời không đúng giao thức. Báo cán bộ kỹ thuật.".into()
            }
            SyncError::Client(ClientError::BadAddress(_)) | SyncError::NoHub => {
                "Chưa cài đặt đúng địa chỉ máy chủ đồng bộ của tỉnh.".into()
            }
            SyncError::SequenceConflict(_) => "Hệ thống của tỉnh đang giữ dữ liệu khác với cùng số thứ tự của quầy này (có thể hai máy dùng chung một cơ sở dữ liệu). Việc đồng bộ tạm dừng; báo cán bộ kỹ thuật.".into(),
            SyncError::RewindLoop { .. } | SyncError::NoProgress { .. } => {
                "Hệ thống của tỉnh trả lời không nhất quán; việc đồng bộ tạm dừng. Báo cán bộ kỹ thuật.".into()
            }
            SyncError::Cancelled => "Đã dừng đồng bộ.".into(),
        }
    }
}

/// How a run goes; [`Default`] is what [`sync_once`] uses.
#[derive(Debug, Clone, Copy)]
pub struct SyncOptions<'a> {
    /// Events per batch, 1 to [`super::wire::MAX_BATCH_EVENTS`].
    pub batch_events: usize,
    /// Events per batch while the backlog is large (see [`CATCH_UP_EVENTS`]).
    pub catch_up_events: usize,
    /// Checked between requests: set it to stop the run early.
    pub cancel: Option<&'a AtomicBool>,
}

impl Default for SyncOptions<'_> {
    fn default() -> Self {
        SyncOptions {
            batch_events: BATCH_EVENTS,
            catch_up_events: CATCH_UP_EVENTS,
            cancel: None,
        }
    }
}

impl SyncOptions<'_> {
    fn check(&self) -> Result<(), SyncError> {
        match self.cancel {
            Some(flag) if flag.load(Ordering::Relaxed) => Err(SyncError::Cancelled),
            _ => Ok(()),
        }
    }
}

/// One run: sends every unsettled event (attachments first, then the batch),
/// then pulls and applies what the hub queued for this station. A failure is
/// recorded for the status bar (`last_error`, in Vietnamese) and returned.
pub fn sync_once(
    store: &mut Store,
    receiver: &dyn Receiver,
    now: impl Fn() -> NaiveDateTime,
) -> Result<SyncReport, SyncError> {
    sync_with(store, receiver, &now, SyncOptions::default())
}

/// [`sync_once`] with options.
pub fn sync_with(
    store: &mut Store,
    receiver: &dyn Receiver,
    now: &dyn Fn() -> NaiveDateTime,
    options: SyncOptions<'_>,
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let result = deliver(store, receiver, now, options, &mut report)
        .and_then(|()| down::pull(store, receiver, now, options, &mut report))
        .and_then(|()| {
            // A change applied from upstream is itself an event for the hub.
            if report.down_applied > 0 {
                deliver(store, receiver, now, options, &mut report)
            } else {
                Ok(())
            }
        });
    // A run with nothing to send still tells the status bar the hub answered.
    let result = result.and_then(|()| {
        let acked = store.sync_state()?.acked_through;
        store.record_delivery(acked, &[], now())?;
        Ok(())
    });
    match result {
        Ok(()) => Ok(report),
        Err(SyncError::Cancelled) => Err(SyncError::Cancelled),
        Err(e) => {
            log::warn!("sync stopped: {e}");
            // The run's own failure matters more than a second one recording it.
            if let Err(record) = store.record_sync_failure(&e.vi(), now()) {
                log::error!("cannot record the sync failure: {record}");
            }
            Err(e)
        }
    }
}

/// Sends batches until the hub has settled every event.
fn deliver(
    store: &mut Store,
    receiver: &dyn Receiver,
    now: &dyn Fn() -> NaiveDateTime,
    options: SyncOptions<'_>,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let station_id = store.station_id()?;
    let max = super::wire::MAX_BATCH_EVENTS;
    let normal = options.batch_events.clamp(1, max) as i64;
    let catch_up = options.catch_up_events.clamp(1, max) as i64;
    let mut rewinds = 0u32;
    // Lowered when the hub finds a batch too large (events with long texts).
    let mut cap = max as i64;
    loop {
        options.check()?;
        let state = store.sync_state()?;
        let limit = if state.pending > normal * CATCH_UP_AFTER_BATCHES {
            catch_up.max(normal)
        } else {
            normal
        }
        .min(cap);
        let events = store.outbox_after(state.acked_through, limit)?;
        let (Some(first), Some(last)) = (events.first(), events.last()) else {
            return Ok(());
        };
        let (first, last) = (first.seq, last.seq);
        blobs::upload(store, receiver, &events, now, options, report)?;
        options.check()?;
        let batch = Batch {
            protocol: PROTOCOL_VERSION,
            station_id: station_id.clone(),
            events: events.into_iter().map(to_wire).collect(),
        };
        match receiver.send_batch(&batch) {
            Ok(reply) => {
                if reply.acked_through < first {
                    return Err(SyncError::NoProgress {
                        first,
                        last,
                        acked: reply.acked_through,
                    });
                }
                store.record_delivery(reply.acked_through, &reply.rejected, now())?;
                report.batches += 1;
                report.events_sent += batch.events.len() as u64;
                report.accepted += u64::from(reply.accepted);
                report.duplicates += u64::from(reply.duplicates);
                report.rejected += reply.rejected.len() as u64;
                rewinds = 0;
            }
            Err(ClientError::Refused { reply, .. }) if reply.error == "sequence_gap" => {
                let expected = reply.expected_seq.unwrap_or(0);
                // A gap means the hub holds less than this station thought:
                // expected_seq is at most the first seq sent. Anything else
                // would make the station send the same batch forever.
                rewinds += 1;
                if expected < 1 || expected >= first || rewinds > MAX_REWINDS {
                    return Err(SyncError::RewindLoop { expected });
                }
                log::warn!(
                    "hub expects seq {expected}, station had {} settled: rewinding",
                    first - 1
                );
                store.rewind_delivery(expected, now())?;
                report.rewinds += 1;
            }
            Err(ClientError::Refused { reply, .. })
                if reply.error == "too_large" && batch.events.len() > 1 =>
            {
                cap = (batch.events.len() as i64 / 2).max(1);
                log::warn!(
                    "batch of {} events too large: sending {cap} at a time",
                    batch.events.len()
                );
            }
            Err(ClientError::Refused { reply, .. }) if reply.error == "sequence_conflict" => {
                return Err(SyncError::SequenceConflict(reply.message));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

fn to_wire(e: OutboxEvent) -> WireEvent {
    WireEvent {
        seq: e.seq,
        event_id: e.event_id,
        kind: e.kind,
        entity_key: e.entity_key,
        payload_version: e.payload_version,
        created_at: e.created_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        payload: e.payload,
    }
}

#[cfg(test)]
pub(crate) mod fake;
#[cfg(test)]
mod tests;
