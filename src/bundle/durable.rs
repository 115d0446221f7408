//! Writing a file so that it is whole or absent under its final name: a temp
//! file beside it, written and flushed to disk, renamed over the final name,
//! then the directory flushed so the rename itself survives a power cut. A
//! USB stick pulled half-way leaves at most a `.part` file nobody will import.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::BundleError;

/// What was written: the whole file's SHA-256 and length.
pub(crate) struct Written {
    pub sha256: String,
    pub bytes: u64,
}

/// A writer that hashes and counts what passes through it.
pub(crate) struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `out` through `body`; on any error the temp file is removed and
/// `out` is untouched (an older file of that name stays as it was).
pub(crate) fn write_durably(
    out: &Path,
    body: impl FnOnce(&mut HashingWriter<BufWriter<File>>) -> Result<(), BundleError>,
) -> Result<Written, BundleError> {
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".into());
    let tmp = dir.join(format!(".{name}.{}.part", uuid::Uuid::now_v7()));
    let result = write_then_rename(&tmp, out, body);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    let written = result?;
    sync_dir(&dir).map_err(|e| BundleError::write(&dir, e))?;
    Ok(written)
}

fn write_then_rename(
    tmp: &Path,
    out: &Path,
    body: impl FnOnce(&mut HashingWriter<BufWriter<File>>) -> Result<(), BundleError>,
) -> Result<Written, BundleError> {
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(tmp)
        .map_err(|e| BundleError::write(out, e))?;
    let mut writer = HashingWriter {
        inner: BufWriter::with_capacity(256 * 1024, file),
        hasher: Sha256::new(),
        bytes: 0,
    };
    body(&mut writer)?;
    writer.flush().map_err(|e| BundleError::write(out, e))?;
    let HashingWriter {
        inner,
        hasher,
        bytes,
    } = writer;
    let file = inner
        .into_inner()
        .map_err(|e| BundleError::write(out, e.into_error()))?;
    file.sync_all().map_err(|e| BundleError::write(out, e))?;
    drop(file);
    fs::rename(tmp, out).map_err(|e| BundleError::write(out, e))?;
    Ok(Written {
        sha256: hex::encode(hasher.finalize()),
        bytes,
    })
}

/// Flushes a directory's entries (the rename) to disk. Windows cannot open a
/// directory as a file and commits renames on its own; there it is a no-op.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
