//! Reading a bundle, checking everything docs/bundle-format.md promises. The
//! events are read into memory; attachments are streamed one at a time in
//! chunks, so a bundle with gigabytes of scans needs little memory to verify.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use ed25519_dalek::VerifyingKey;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::BundleError;
use super::format::{
    AttachmentEntry, FORMAT_VERSION, HEADER_BYTES, MAGIC, MAX_MANIFEST_BYTES, Manifest,
    named_attachments,
};
use crate::sync::wire::WireEvent;

/// What a verified bundle holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleInfo {
    pub station_id: String,
    /// The key that signed it, 64 hex digits.
    pub station_public_key: String,
    pub created_at: NaiveDateTime,
    pub until: Option<NaiveDate>,
    pub first_seq: i64,
    pub last_seq: i64,
    pub events: u64,
    pub attachments: usize,
    pub attachment_bytes: u64,
    pub file_bytes: u64,
}

/// Checks a whole bundle without importing it: header, exact length,
/// signature (by `expected_key` when given, else by the key the bundle names,
/// which proves it is intact but not who wrote it), every hash, seq continuity.
pub fn verify(path: &Path, expected_key: Option<&VerifyingKey>) -> Result<BundleInfo, BundleError> {
    let mut bundle = BundleFile::open(path, |_| Ok(expected_key.copied()))?;
    bundle.check_events()?;
    bundle.check_attachments()?;
    Ok(bundle.info())
}

/// An open bundle whose header, manifest, signature and length are checked.
pub(crate) struct BundleFile {
    path: PathBuf,
    file: BufReader<HashingReader>,
    pub(crate) manifest: Manifest,
    manifest_len: u64,
    file_bytes: u64,
}

impl BundleFile {
    /// `expected` names the key the station must have signed with (None:
    /// the key the manifest names), as in [`Manifest::decode`].
    pub(crate) fn open(
        path: &Path,
        expected: impl FnOnce(&Manifest) -> Result<Option<VerifyingKey>, BundleError>,
    ) -> Result<Self, BundleError> {
        let read_err = |e| BundleError::read(path, e);
        let file = File::open(path).map_err(read_err)?;
        let file_bytes = file.metadata().map_err(read_err)?.len();
        let mut file = BufReader::with_capacity(
            256 * 1024,
            HashingReader {
                file,
                hasher: Some(Sha256::new()),
            },
        );
        let mut header = [0u8; HEADER_BYTES as usize];
        let got = read_up_to(&mut file, &mut header).map_err(read_err)?;
        // Some other file (a PDF, a zip) is named as such even when short.
        let seen = got.min(MAGIC.len());
        if header[..seen] != MAGIC[..seen] {
            return Err(BundleError::NotABundle);
        }
        if got < header.len() {
            return Err(BundleError::Truncated {
                expected: HEADER_BYTES,
                actual: file_bytes,
            });
        }
        let version = u32::from_le_bytes([header[8], header[9], header[10], header[11]]);
        if version != FORMAT_VERSION {
            return Err(BundleError::UnsupportedVersion(version));
        }
        let manifest_len = u32::from_le_bytes([header[12], header[13], header[14], header[15]]);
        if manifest_len > MAX_MANIFEST_BYTES {
            return Err(BundleError::BadManifest(format!(
                "a manifest of {manifest_len} bytes is larger than {MAX_MANIFEST_BYTES}"
            )));
        }
        let manifest_len = u64::from(manifest_len);
        // A length the file cannot hold is refused before any buffer is made
        // for it: a 20-byte file claiming a 64 MiB manifest costs nothing.
        if file_bytes < HEADER_BYTES + manifest_len {
            return Err(BundleError::Truncated {
                expected: HEADER_BYTES + manifest_len,
                actual: file_bytes,
            });
        }
        let mut bytes = vec![0u8; manifest_len as usize];
        read_exact(
            &mut file,
            &mut bytes,
            path,
            HEADER_BYTES + manifest_len,
            file_bytes,
        )?;
        let manifest = Manifest::decode(&bytes, expected)?;
        let expected_len = manifest
            .file_len(manifest_len)
            .ok_or_else(|| BundleError::BadManifest("sizes overflow".into()))?;
        if file_bytes < expected_len {
            return Err(BundleError::Truncated {
                expected: expected_len,
                actual: file_bytes,
            });
        }
        if file_bytes > expected_len {
            return Err(BundleError::TrailingBytes {
                extra: file_bytes - expected_len,
            });
        }
        Ok(BundleFile {
            path: path.to_path_buf(),
            file,
            manifest,
            manifest_len,
            file_bytes,
        })
    }

    /// The events, checked against the manifest's hash, count and seqs, and
    /// against its list of attachments. Call once, right after `open`.
    pub(crate) fn read_events(&mut self) -> Result<Vec<WireEvent>, BundleError> {
        let mut events = Vec::new();
        self.each_event(|e| events.push(e))?;
        Ok(events)
    }

    /// The same checks as [`Self::read_events`], keeping no event: a
    /// catch-up bundle of 100,000 events parsed whole takes ≈ 1 GB, which a
    /// counter PC verifying it before the USB trip may not have.
    pub(crate) fn check_events(&mut self) -> Result<(), BundleError> {
        self.each_event(drop)
    }

    fn each_event(&mut self, mut take: impl FnMut(WireEvent)) -> Result<(), BundleError> {
        let m = &self.manifest;
        let end = HEADER_BYTES + self.manifest_len + m.events_bytes;
        let mut bytes = vec![0u8; m.events_bytes as usize];
        read_exact(&mut self.file, &mut bytes, &self.path, end, self.file_bytes)?;
        if hex::encode(Sha256::digest(&bytes)) != m.events_sha256 {
            return Err(BundleError::EventsDamaged);
        }
        let mut named: HashSet<String> = HashSet::new();
        parse_events(&bytes, m, |event| {
            named.extend(named_attachments(&event.payload).map(str::to_string));
            take(event);
        })?;
        let listed: HashSet<&str> = m.attachments.iter().map(|a| a.sha256.as_str()).collect();
        if named.len() != listed.len() || !named.iter().all(|n| listed.contains(n.as_str())) {
            return Err(BundleError::BadManifest(
                "the attachments listed are not those the events name".into(),
            ));
        }
        Ok(())
    }

    /// Streams every attachment through its hash, then checks nothing follows.
    pub(crate) fn check_attachments(&mut self) -> Result<(), BundleError> {
        self.each_attachment(|_, _| Ok(()), false)
    }

    /// Hands each attachment's checked bytes to `take`, one at a time (an
    /// attachment is at most `attachments::MAX_BYTES`). Call after `read_events`.
    pub(crate) fn each_attachment(
        &mut self,
        mut take: impl FnMut(&AttachmentEntry, Vec<u8>) -> Result<(), BundleError>,
        keep: bool,
    ) -> Result<(), BundleError> {
        let mut at = HEADER_BYTES + self.manifest_len + self.manifest.events_bytes;
        let entries = self.manifest.attachments.clone();
        for entry in &entries {
            at += entry.size;
            let mut kept = Vec::new();
            if keep {
                kept.reserve_exact(entry.size as usize);
                self.copy_attachment(entry, &mut kept, at)?;
            } else {
                self.copy_attachment(entry, &mut std::io::sink(), at)?;
            }
            take(entry, kept)?;
        }
        // The length was checked at open; a file that grew since is refused too.
        let mut probe = [0u8; 1];
        match self.file.read(&mut probe) {
            Ok(0) => Ok(()),
            Ok(_) => Err(BundleError::TrailingBytes { extra: 1 }),
            Err(e) => Err(BundleError::read(&self.path, e)),
        }
    }

    /// SHA-256 of the whole file, once it has been read to its end in one
    /// pass (`read_events` then `each_attachment`); None after a seek.
    pub(crate) fn file_sha256(&self) -> Option<String> {
        self.file
            .get_ref()
            .hasher
            .clone()
            .map(|h| hex::encode(h.finalize()))
    }

    /// Jumps over the events to the first attachment (a second pass).
    pub(crate) fn skip_events(&mut self) -> Result<(), BundleError> {
        let start = HEADER_BYTES + self.manifest_len + self.manifest.events_bytes;
        self.file
            .seek(SeekFrom::Start(start))
            .map_err(|e| BundleError::read(&self.path, e))?;
        Ok(())
    }

    fn copy_attachment(
        &mut self,
        entry: &AttachmentEntry,
        out: &mut impl Write,
        end: u64,
    ) -> Result<(), BundleError> {
        let mut hasher = Sha256::new();
        let mut left = entry.size;
        let mut buf = vec![0u8; 64 * 1024];
        while left > 0 {
            let n = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            read_exact(
                &mut self.file,
                &mut buf[..n],
                &self.path,
                end,
                self.file_bytes,
            )?;
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])
                .map_err(|e| BundleError::read(&self.path, e))?;
            left -= n as u64;
        }
        if hex::encode(hasher.finalize()) != entry.sha256 {
            return Err(BundleError::AttachmentDamaged {
                sha256: entry.sha256.clone(),
            });
        }
        Ok(())
    }

    pub(crate) fn info(&self) -> BundleInfo {
        let m = &self.manifest;
        BundleInfo {
            station_id: m.station_id.clone(),
            station_public_key: m.station_public_key.clone(),
            // Both were checked by `Manifest::decode`.
            created_at: NaiveDateTime::parse_from_str(&m.created_at, "%Y-%m-%dT%H:%M:%S")
                .unwrap_or_default(),
            until: m
                .until
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            first_seq: m.first_seq,
            last_seq: m.last_seq,
            events: m.event_count,
            attachments: m.attachments.len(),
            attachment_bytes: m.attachments.iter().map(|a| a.size).sum(),
            file_bytes: self.file_bytes,
        }
    }
}

/// The file, hashed as it is read, so the whole file's SHA-256 (which names
/// an imported bundle at the hub) costs no second pass.
struct HashingReader {
    file: File,
    /// None once the reader seeked: the hash would not be the file's.
    hasher: Option<Sha256>,
}

impl Read for HashingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        if let Some(h) = &mut self.hasher {
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

impl Seek for HashingReader {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.hasher = None;
        self.file.seek(pos)
    }
}

/// JSON lines, each ending in `\n`, seqs `first_seq`, `first_seq + 1`, …,
/// handed to `take` one at a time.
fn parse_events(
    bytes: &[u8],
    m: &Manifest,
    mut take: impl FnMut(WireEvent),
) -> Result<(), BundleError> {
    let bad = |msg: String| BundleError::BadEvents(msg);
    let Some(body) = bytes.strip_suffix(b"\n") else {
        return Err(bad("the last event does not end with a line feed".into()));
    };
    let mut count: u64 = 0;
    for (i, line) in body.split(|b| *b == b'\n').enumerate() {
        let expected = m.first_seq + i as i64;
        let event: WireEvent =
            serde_json::from_slice(line).map_err(|e| bad(format!("line {}: {e}", i + 1)))?;
        if event.seq != expected {
            return Err(bad(format!(
                "line {} holds seq {}, expected {expected}",
                i + 1,
                event.seq
            )));
        }
        count += 1;
        take(event);
    }
    if count != m.event_count {
        return Err(bad(format!(
            "{count} events, the manifest says {}",
            m.event_count
        )));
    }
    Ok(())
}

/// Fills `buf` as far as the file goes; the number of bytes read.
fn read_up_to(file: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// `read_exact`, with a short read reported as a truncated bundle of the
/// length the reader needed (`needed` bytes from the start of the file).
fn read_exact(
    file: &mut impl Read,
    buf: &mut [u8],
    path: &Path,
    needed: u64,
    actual: u64,
) -> Result<(), BundleError> {
    file.read_exact(buf).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            BundleError::Truncated {
                expected: needed,
                actual,
            }
        } else {
            BundleError::read(path, e)
        }
    })
}
