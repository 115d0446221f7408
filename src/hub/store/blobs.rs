//! Attachments, content-addressed by SHA-256: bytes in `<db>.blobs/`, the
//! state in the `blob` table. A partial upload grows `<sha256>.part`, flushed
//! to disk after every piece, so a cut upload resumes from what the disk holds.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{HubStore, now_text};
use crate::hub::HubError;
use crate::hub::validate::is_sha256;
use crate::sync::signing::sha256_hex;
use crate::sync::wire::BlobState;

impl HubStore {
    /// What the hub holds of the attachment `sha256`, complete or partial.
    pub fn blob_state(&self, sha256: &str) -> Result<BlobState, HubError> {
        check_sha(sha256)?;
        if let Some((size, true)) = self.blob_row(sha256)? {
            return Ok(complete(sha256, size));
        }
        Ok(BlobState {
            sha256: sha256.to_string(),
            complete: false,
            received: self.part_len(sha256)?,
        })
    }

    /// The file of a complete attachment.
    pub fn blob_path(&self, sha256: &str) -> Result<Option<PathBuf>, HubError> {
        check_sha(sha256)?;
        Ok(match self.blob_row(sha256)? {
            Some((_, true)) => Some(self.blob_dir.join(sha256)),
            _ => None,
        })
    }

    /// `PUT /v1/blobs/{sha256}?offset=N&total=T`: appends `bytes` when `offset`
    /// is what the hub holds; checks the hash once it holds `total` bytes.
    pub fn put_blob_chunk(
        &mut self,
        sha256: &str,
        offset: u64,
        total: u64,
        bytes: &[u8],
    ) -> Result<BlobState, HubError> {
        check_sha(sha256)?;
        let row = self.blob_row(sha256)?;
        if let Some((size, true)) = row {
            // Complete: answer without looking at the piece again.
            return Ok(complete(sha256, size));
        }
        let end = offset
            .checked_add(bytes.len() as u64)
            .filter(|end| *end <= total)
            .ok_or_else(|| {
                HubError::BadRequest(format!(
                    "{} bytes at offset {offset} run past the total of {total}",
                    bytes.len()
                ))
            })?;
        if let Some((size, false)) = row
            && size != total
        {
            return Err(HubError::BadRequest(format!(
                "the attachment was announced with {size} bytes, not {total}"
            )));
        }
        let held = self.part_len(sha256)?;
        if offset != held {
            return Err(HubError::OffsetMismatch { received: held });
        }
        let part = self.part_path(sha256);
        fs::create_dir_all(&self.blob_dir).map_err(|e| HubError::io(&self.blob_dir, e))?;
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&part)
            .map_err(|e| HubError::io(&part, e))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| HubError::io(&part, e))?;
        self.conn
            .prepare_cached(include_str!("../sql/blob_upsert.sql"))?
            .execute(params![sha256, to_i64(total), false, now_text()])?;
        if end < total {
            return Ok(BlobState {
                sha256: sha256.to_string(),
                complete: false,
                received: end,
            });
        }
        let actual = hash_file(&part)?;
        if actual != sha256 {
            self.discard(sha256)?;
            return Err(HubError::BlobMismatch {
                expected: sha256.to_string(),
                actual,
            });
        }
        self.finish(sha256, total)
    }

    /// Stores a whole attachment at once (a bundle carries them whole).
    /// Nothing is stored when the bytes do not hash to `sha256`.
    pub fn put_blob_bytes(&mut self, sha256: &str, bytes: &[u8]) -> Result<BlobState, HubError> {
        check_sha(sha256)?;
        let actual = sha256_hex(bytes);
        if actual != sha256 {
            return Err(HubError::BlobMismatch {
                expected: sha256.to_string(),
                actual,
            });
        }
        if let Some((size, true)) = self.blob_row(sha256)? {
            return Ok(complete(sha256, size));
        }
        let part = self.part_path(sha256);
        fs::create_dir_all(&self.blob_dir).map_err(|e| HubError::io(&self.blob_dir, e))?;
        let mut file = File::create(&part).map_err(|e| HubError::io(&part, e))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| HubError::io(&part, e))?;
        self.finish(sha256, bytes.len() as u64)
    }

    /// The part file holds the whole attachment, hash checked: make it the blob.
    fn finish(&mut self, sha256: &str, size: u64) -> Result<BlobState, HubError> {
        let part = self.part_path(sha256);
        let path = self.blob_dir.join(sha256);
        fs::rename(&part, &path).map_err(|e| HubError::io(&path, e))?;
        sync_dir(&self.blob_dir)?;
        self.conn
            .prepare_cached(include_str!("../sql/blob_upsert.sql"))?
            .execute(params![sha256, to_i64(size), true, now_text()])?;
        Ok(complete(sha256, size))
    }

    fn discard(&mut self, sha256: &str) -> Result<(), HubError> {
        let part = self.part_path(sha256);
        match fs::remove_file(&part) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(HubError::io(&part, e)),
        }
        self.conn.execute(
            "DELETE FROM blob WHERE sha256 = ?1 AND complete = 0",
            [sha256],
        )?;
        Ok(())
    }

    /// (announced size, complete) from the `blob` table.
    fn blob_row(&self, sha256: &str) -> Result<Option<(u64, bool)>, HubError> {
        Ok(self
            .conn
            .query_row(
                "SELECT size, complete FROM blob WHERE sha256 = ?1",
                [sha256],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)),
            )
            .optional()?
            .map(|(size, done)| (u64::try_from(size).unwrap_or(0), done)))
    }

    fn part_path(&self, sha256: &str) -> PathBuf {
        self.blob_dir.join(format!("{sha256}.part"))
    }

    /// Bytes of the partial file on disk: the truth after a crash.
    fn part_len(&self, sha256: &str) -> Result<u64, HubError> {
        let part = self.part_path(sha256);
        match fs::metadata(&part) {
            Ok(meta) => Ok(meta.len()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
            Err(e) => Err(HubError::io(&part, e)),
        }
    }
}

fn check_sha(sha256: &str) -> Result<(), HubError> {
    if is_sha256(sha256) {
        Ok(())
    } else {
        Err(HubError::BadRequest(format!(
            "{sha256:?} is not a SHA-256 (64 lower-case hex digits)"
        )))
    }
}

fn complete(sha256: &str, size: u64) -> BlobState {
    BlobState {
        sha256: sha256.to_string(),
        complete: true,
        received: size,
    }
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn hash_file(path: &Path) -> Result<String, HubError> {
    let mut file = File::open(path).map_err(|e| HubError::io(path, e))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(|e| HubError::io(path, e))?;
    Ok(hex::encode(hasher.finalize()))
}

/// Makes a rename durable. Only Unix can open a directory to flush it.
fn sync_dir(dir: &Path) -> Result<(), HubError> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| HubError::io(dir, e))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
