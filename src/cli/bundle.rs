//! `quay bundle …`: end-of-day sync bundles carried on a USB stick when there
//! is no network (docs/bundle-format.md).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Subcommand;

use crate::bundle::{self, BundleInfo};
use crate::store::Store;
use crate::sync::signing;

type CliResult = Result<(), String>;

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Write every event the hub has not acknowledged, with the scans they
    /// name, to one signed file (Xuất gói đồng bộ cuối ngày).
    Export {
        /// Only events recorded on or before this day.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// The bundle file, or a directory to write it in under its suggested name.
        #[arg(long, value_name = "FILE|DIR")]
        out: PathBuf,
    },
    /// Check a bundle without importing it: layout, signature, hashes, seqs.
    /// Opens no database.
    Verify {
        file: PathBuf,
        /// The station's public key (as `quay station` prints it); without
        /// it the bundle is checked against the key it names, which proves
        /// it is intact but not who wrote it.
        #[arg(long, value_name = "HEX")]
        public_key: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Apply the hub's acknowledgement file: settled events stop being
    /// pending, rejected ones go to quarantine.
    Ack { file: PathBuf },
}

/// Runs a bundle command as `user`; the database is opened only by those
/// that need it.
pub fn run(command: BundleCommand, db: &Path, user: Option<&str>) -> CliResult {
    match command {
        BundleCommand::Export { date, out } => {
            let until = date.as_deref().map(parse_day).transpose()?;
            let mut store = open(db)?;
            let who = super::login::login(&mut store, user)?.actor;
            let s = bundle::export(&mut store, until, &out, &who).map_err(|e| e.to_string())?;
            println!(
                "events {}-{} ({}), {} attachments, {} bytes",
                s.first_seq, s.last_seq, s.events, s.attachments, s.file_bytes
            );
            println!("sha256 {}", s.sha256);
            eprintln!("wrote {}", s.path.display());
        }
        BundleCommand::Verify {
            file,
            public_key,
            json,
        } => {
            let key = public_key
                .as_deref()
                .map(signing::public_from_hex)
                .transpose()
                .map_err(|e| format!("--public-key: {e}"))?;
            let info = bundle::verify(&file, key.as_ref())
                .map_err(|e| format!("{}: {e}", file.display()))?;
            if json {
                let text = serde_json::to_string_pretty(&info).map_err(|e| e.to_string())?;
                println!("{text}");
            } else {
                print_info(&info, key.is_some());
            }
        }
        BundleCommand::Ack { file } => {
            let mut store = open(db)?;
            let who = super::login::login(&mut store, user)?.actor;
            let s = bundle::apply_ack(&mut store, &file, &who)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            if s.trusted_new_hub_key {
                eprintln!(
                    "trusting hub {} by the key in this file (first acknowledgement)",
                    s.hub_id
                );
            }
            println!(
                "settled through {} (was {}); {} rejections listed, {} waiting in quarantine",
                s.now_acked_through, s.previous_acked_through, s.rejections, s.quarantined
            );
        }
    }
    Ok(())
}

fn open(db: &Path) -> Result<Store, String> {
    Store::open(db).map_err(|e| format!("cannot open {}: {e}", db.display()))
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("invalid date {s:?}: expected YYYY-MM-DD"))
}

fn print_info(info: &BundleInfo, with_key: bool) {
    println!("station {}", info.station_id);
    println!("key {}", info.station_public_key);
    println!(
        "events {}-{} ({}), {} attachments ({} bytes), written {}",
        info.first_seq,
        info.last_seq,
        info.events,
        info.attachments,
        info.attachment_bytes,
        info.created_at.format("%Y-%m-%dT%H:%M:%S")
    );
    if with_key {
        println!("ok: intact and signed by the given key");
    } else {
        println!("ok: intact and signed by the key above (compare it with the station's)");
    }
}
