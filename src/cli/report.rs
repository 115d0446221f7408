//! `quay report`: the periodic report (báo cáo tình hình, kết quả giải quyết
//! TTHC) as JSON, CSV or PDF.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::access::Permission;
use crate::domain::report::report_csv;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Stable English keys, for scripts.
    Json,
    /// For Excel: UTF-8 with BOM, one line per field and a total.
    Csv,
    /// A4 landscape, to print and sign (needs --out).
    Pdf,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// First day of the period, included
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: NaiveDate,
    /// Last day of the period, included
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub to: NaiveDate,
    /// Only this field (lĩnh vực), as in the catalog, e.g. "Hộ tịch"
    #[arg(long, value_name = "FIELD")]
    pub field: Option<String>,
    #[arg(long, value_enum)]
    pub format: ReportFormat,
    /// Write to FILE instead of standard output (required for pdf)
    #[arg(long, value_name = "FILE", required_if_eq("format", "pdf"))]
    pub out: Option<PathBuf>,
}

/// A calendar date written exactly `YYYY-MM-DD`.
fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    let bad = || format!("invalid date {s:?}: expected YYYY-MM-DD, e.g. 2026-09-30");
    if s.len() != 10 {
        return Err(bad());
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad())
}

/// Refuses a period that ends before it starts, before the database is opened.
fn check(args: &ReportArgs) -> Result<(), String> {
    if args.from > args.to {
        return Err(format!(
            "--from {} is after --to {}: the period must start before it ends",
            args.from, args.to
        ));
    }
    Ok(())
}

/// Runs `quay report` against the database at `db`, as `user`.
pub fn run(args: ReportArgs, db: &Path, user: Option<&str>) -> Result<(), String> {
    check(&args)?;
    let mut store = Store::open(db).map_err(|e| format!("cannot open {}: {e}", db.display()))?;
    // The report is a read; who may see it is checked here.
    super::login::login(&mut store, user)?
        .actor
        .require(Permission::Reports)
        .map_err(|e| e.to_string())?;
    let report = store
        .report(args.from, args.to, args.field.as_deref())
        .map_err(|e| e.to_string())?;
    let bytes = match args.format {
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
            s.push('\n');
            s.into_bytes()
        }
        ReportFormat::Csv => report_csv(&report).into_bytes(),
        ReportFormat::Pdf => {
            let settings = store.settings().map_err(|e| e.to_string())?;
            crate::print::render_report(&report, &settings).map_err(|e| e.to_string())?
        }
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|e| format!("cannot write to standard output: {e}"))?;
        }
    }
    Ok(())
}
