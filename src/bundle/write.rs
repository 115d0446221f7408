//! Writing a bundle's bytes: header, signed manifest, events, attachments —
//! each attachment streamed from the data directory and checked against its
//! name on the way, so a scan damaged on this disk is never shipped.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha256};

use super::BundleError;
use super::durable::{Written, write_durably};
use super::format::{FORMAT_VERSION, MAGIC, MAX_MANIFEST_BYTES, Manifest};

/// Writes the bundle to `out` (whole or not at all). `attachments` are the
/// files whose bytes follow the events, in the manifest's order.
pub(crate) fn write_bundle(
    out: &Path,
    manifest: &Manifest,
    key: &SigningKey,
    events: &[u8],
    attachments: &[PathBuf],
) -> Result<Written, BundleError> {
    let manifest_bytes = manifest.encode(key)?;
    let manifest_len = u32::try_from(manifest_bytes.len())
        .ok()
        .filter(|n| *n <= MAX_MANIFEST_BYTES)
        .ok_or_else(|| BundleError::BadManifest("too many attachments for one bundle".into()))?;
    write_durably(out, |w| {
        let werr = |e| BundleError::write(out, e);
        w.write_all(MAGIC).map_err(werr)?;
        w.write_all(&FORMAT_VERSION.to_le_bytes()).map_err(werr)?;
        w.write_all(&manifest_len.to_le_bytes()).map_err(werr)?;
        w.write_all(&manifest_bytes).map_err(werr)?;
        w.write_all(events).map_err(werr)?;
        for (entry, path) in manifest.attachments.iter().zip(attachments) {
            copy_checked(path, &entry.sha256, entry.size, w, out)?;
        }
        Ok(())
    })
}

/// Copies one stored attachment, refusing it unless it is exactly `size`
/// bytes that hash to `sha256`.
fn copy_checked(
    path: &Path,
    sha256: &str,
    size: u64,
    w: &mut impl Write,
    out: &Path,
) -> Result<(), BundleError> {
    let damaged = || BundleError::DamagedAttachment {
        path: path.display().to_string(),
    };
    let mut file = File::open(path).map_err(|e| BundleError::read(path, e))?;
    let mut hasher = Sha256::new();
    let mut copied = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| BundleError::read(path, e))?;
        if n == 0 {
            break;
        }
        copied += n as u64;
        if copied > size {
            return Err(damaged());
        }
        hasher.update(&buf[..n]);
        w.write_all(&buf[..n])
            .map_err(|e| BundleError::write(out, e))?;
    }
    if copied != size || hex::encode(hasher.finalize()) != sha256 {
        return Err(damaged());
    }
    Ok(())
}
