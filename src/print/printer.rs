//! Sending a finished PDF to the operating system's printing.
//!
//! Behind one small trait so the GUI and tests can swap in a printer that just
//! records jobs.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

use super::error::PrintError;

/// What the print system needs besides the PDF itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJob {
    /// Shown in the printer queue, e.g. "Giấy tiếp nhận 000.00.12.H56-261125-1001".
    pub title: String,
    /// CUPS media name of the sheet the PDF is laid out on ("A5", "A4").
    pub media: String,
    /// Queue name; `None` sends to the system's default printer.
    pub printer: Option<String>,
}

pub trait Printer: Send + Sync {
    fn print_pdf(&self, pdf: &[u8], job: &PrintJob) -> Result<(), PrintError>;
}

/// Prints through CUPS `lp` on Linux and macOS, and through the shell's "Print"
/// verb (the default PDF viewer) on Windows.
#[derive(Debug, Clone, Default)]
pub struct SystemPrinter {
    /// Overrides the print command; tests point it at a missing or fake `lp`.
    program: Option<PathBuf>,
}

impl SystemPrinter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses `program` instead of `lp` (Unix) or `powershell` (Windows).
    pub fn with_program(program: impl Into<PathBuf>) -> Self {
        Self {
            program: Some(program.into()),
        }
    }

    fn program(&self) -> OsString {
        match &self.program {
            Some(p) => p.clone().into_os_string(),
            None if cfg!(windows) => "powershell".into(),
            None => "lp".into(),
        }
    }
}

/// Arguments for CUPS `lp`. `fit-to-page` lets a printer whose tray holds a
/// different size still print the whole form rather than crop it.
pub fn lp_args(job: &PrintJob, file: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> = Vec::new();
    if let Some(queue) = job
        .printer
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
    {
        args.extend(["-d".into(), queue.into()]);
    }
    args.extend([
        "-t".into(),
        job.title.clone().into(),
        "-o".into(),
        format!("media={}", job.media).into(),
        "-o".into(),
        "fit-to-page".into(),
        file.as_os_str().to_owned(),
    ]);
    args
}

/// The PowerShell command asking the default PDF viewer to print `file`.
/// PowerShell single-quoted strings take no escapes except a doubled quote.
pub fn powershell_print_command(file: &Path) -> String {
    let quoted = file.display().to_string().replace('\'', "''");
    format!("Start-Process -FilePath '{quoted}' -Verb Print")
}

impl Printer for SystemPrinter {
    fn print_pdf(&self, pdf: &[u8], job: &PrintJob) -> Result<(), PrintError> {
        let program = self.program();
        let file = write_temp_pdf(pdf)?;
        let mut command = Command::new(&program);
        if cfg!(windows) {
            // The viewer opens the file after PowerShell returns, so the file
            // must outlive this call; the temp directory is cleaned by Windows.
            command.args(["-NoProfile", "-NonInteractive", "-Command"]);
            command.arg(powershell_print_command(&file));
        } else {
            command.args(lp_args(job, &file));
        }
        let output = command.stdin(Stdio::null()).output();
        if !cfg!(windows) {
            // lp has handed the data to the CUPS scheduler by the time it exits,
            // so the copy here is no longer needed, whatever the outcome.
            let _ = std::fs::remove_file(&file);
        }
        let program = program.to_string_lossy().into_owned();
        match output {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(PrintError::NoPrintSystem),
            Err(e) => Err(PrintError::Command {
                program,
                detail: e.to_string(),
            }),
            Ok(out) if out.status.success() => Ok(()),
            Ok(out) => {
                let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
                let detail = if stderr.is_empty() {
                    format!("{program} exited with {}", out.status)
                } else {
                    stderr
                };
                Err(PrintError::PrinterRefused(detail))
            }
        }
    }
}

/// Writes the PDF under a name no other job (or other Quầy process) uses.
fn write_temp_pdf(pdf: &[u8]) -> Result<PathBuf, PrintError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let mut last_error = String::new();
    for _ in 0..8 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(
            "quay-print-{}-{nanos:09}-{n}.pdf",
            std::process::id()
        ));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        match file {
            Ok(mut f) => {
                return match f.write_all(pdf).and_then(|()| f.flush()) {
                    Ok(()) => Ok(path),
                    Err(e) => {
                        let _ = std::fs::remove_file(&path);
                        Err(PrintError::TempFile {
                            path: path.display().to_string(),
                            detail: e.to_string(),
                        })
                    }
                };
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_error = e.to_string(),
            Err(e) => {
                return Err(PrintError::TempFile {
                    path: path.display().to_string(),
                    detail: e.to_string(),
                });
            }
        }
    }
    Err(PrintError::TempFile {
        path: dir.display().to_string(),
        detail: last_error,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
