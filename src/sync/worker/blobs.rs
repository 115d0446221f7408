//! Attachments go before the batch that names them: `GET` what the hub holds,
//! then `PUT` the rest in pieces from there. A cut upload resumes from what
//! the hub says it received; nothing is sent twice in full.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use chrono::NaiveDateTime;

use super::{SyncError, SyncOptions, SyncReport};
use crate::store::{OutboxEvent, Store, attachment_hashes};
use crate::sync::client::{ClientError, Receiver};
use crate::sync::wire::{BLOB_CHUNK_BYTES, BlobState};

/// Sends the attachments `events` name that the hub does not hold yet. A
/// file missing here is reported and skipped: the hub stores the events
/// anyway and lists the attachment as missing.
pub(super) fn upload(
    store: &mut Store,
    receiver: &dyn Receiver,
    events: &[OutboxEvent],
    now: &dyn Fn() -> NaiveDateTime,
    options: SyncOptions<'_>,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let dir = store.attachments_dir();
    for sha in attachment_hashes(events) {
        if store.blob_delivered(&sha)? {
            continue;
        }
        options.check()?;
        let path = crate::attachments::stored_path(&dir, &sha);
        match send_one(receiver, &sha, &path, options)? {
            Sent::Complete => {
                store.mark_blob_delivered(&sha, now())?;
                report.blobs_sent += 1;
            }
            Sent::Skipped(problem) => {
                log::warn!("attachment {sha} not sent: {problem}");
                report.problems.push(problem);
            }
        }
    }
    Ok(())
}

enum Sent {
    Complete,
    /// Not sent, and why (Vietnamese); the events go anyway.
    Skipped(String),
}

fn send_one(
    receiver: &dyn Receiver,
    sha: &str,
    path: &Path,
    options: SyncOptions<'_>,
) -> Result<Sent, SyncError> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return Ok(Sent::Skipped(format!(
                "Không đọc được tệp đính kèm {sha} trên máy này ({e}); hồ sơ vẫn được gửi, tệp chưa được gửi."
            )));
        }
    };
    let total = file
        .metadata()
        .map_err(|e| io_problem(sha, &e))
        .map(|m| m.len());
    let total = match total {
        Ok(t) => t,
        Err(problem) => return Ok(Sent::Skipped(problem)),
    };
    let mut state = receiver.blob_state(sha)?;
    // Each piece either moves `received` forward or is answered with where
    // the hub stands; a hub that does neither must not keep the worker here.
    let pieces = total / BLOB_CHUNK_BYTES as u64 + 1;
    let mut budget = pieces * 2 + 4;
    let mut buf = Vec::new();
    while !state.complete {
        options.check()?;
        if budget == 0 {
            return Ok(Sent::Skipped(format!(
                "Hệ thống của tỉnh không nhận hết tệp đính kèm {sha}; sẽ gửi lại lần sau."
            )));
        }
        budget -= 1;
        let offset = state.received;
        if offset > total {
            return Ok(Sent::Skipped(format!(
                "Hệ thống của tỉnh giữ {offset} byte của tệp đính kèm {sha}, nhiều hơn tệp trên máy này ({total} byte)."
            )));
        }
        if let Err(e) = read_piece(&mut file, offset, &mut buf) {
            return Ok(Sent::Skipped(io_problem(sha, &e)));
        }
        match receiver.put_blob_chunk(sha, offset, total, &buf) {
            Ok(next) => state = next,
            Err(ClientError::Refused { reply, .. }) if reply.error == "offset_mismatch" => {
                let Some(received) = reply.received else {
                    return Err(
                        ClientError::Protocol("offset_mismatch without `received`".into()).into(),
                    );
                };
                state = BlobState {
                    sha256: sha.to_string(),
                    complete: false,
                    received,
                };
            }
            Err(ClientError::Refused { reply, .. }) if reply.error == "blob_mismatch" => {
                return Ok(Sent::Skipped(format!(
                    "Tệp đính kèm {sha} trên máy này không còn khớp với mã băm (tệp bị hỏng?); chưa gửi được."
                )));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Sent::Complete)
}

/// Up to one piece of the file from `offset` into `buf`.
fn read_piece(file: &mut File, offset: u64, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.clear();
    file.seek(SeekFrom::Start(offset))?;
    file.by_ref()
        .take(BLOB_CHUNK_BYTES as u64)
        .read_to_end(buf)?;
    Ok(())
}

fn io_problem(sha: &str, e: &io::Error) -> String {
    format!("Không đọc được tệp đính kèm {sha} trên máy này ({e}); tệp chưa được gửi.")
}
