//! The `quay-hub` command line: a thin layer over [`HubStore`] and the server.

mod print;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use super::http::HubServer;
use super::store::DEFAULT_ACTOR;
use super::{HubError, HubStore, StationEnrolment};
use crate::sync::signing;

#[derive(Debug, Parser)]
#[command(
    name = "quay-hub",
    version,
    about = "Reference receiver of the Quầy sync protocol (docs/sync-protocol.md)"
)]
pub struct HubCli {
    /// The hub's database (attachments go to `<db>.blobs/` beside it).
    #[arg(
        long,
        global = true,
        env = "QUAY_HUB_DB",
        default_value = "quay-hub.sqlite3"
    )]
    pub db: PathBuf,
    #[command(subcommand)]
    pub command: HubCommand,
}

#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Answer the sync protocol over HTTP until stopped.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8750")]
        addr: String,
        /// Token a station must send to enrol itself (`POST /v1/enrol`);
        /// without it only `quay-hub enrol` enrols.
        #[arg(long, env = "QUAY_HUB_ENROL_TOKEN")]
        enrol_token: Option<String>,
    },
    /// Print the hub's id and public key.
    Info {
        #[arg(long)]
        json: bool,
    },
    /// Enrol a station's public key (as `quay station` prints it).
    Enrol {
        #[arg(long)]
        station: String,
        #[arg(long)]
        public_key: String,
        #[arg(long, default_value = "")]
        name: String,
        #[arg(long, default_value = "")]
        agency: String,
        #[arg(long, default_value_t = 0)]
        counter: u8,
    },
    /// Remove a station's key so it can enrol with another one; its history stays.
    Forget {
        #[arg(long)]
        station: String,
    },
    /// List stations: events, rejections, missing attachments.
    Stations {
        #[arg(long)]
        json: bool,
    },
    /// List what a station delivered, stored or rejected.
    Events {
        #[arg(long)]
        station: String,
        #[arg(long)]
        json: bool,
    },
    /// Queue a status change made upstream for the station that received the dossier.
    PushStatus {
        #[arg(long)]
        station: String,
        #[arg(long)]
        code: String,
        /// National status code, 1–10.
        #[arg(long)]
        status: u8,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long, default_value = DEFAULT_ACTOR)]
        actor: String,
    },
    /// Publish a procedure catalog (procedures.csv format) to every station;
    /// received dossiers of other procedures are rejected from then on.
    PublishCatalog { file: PathBuf },
    /// Publish a holiday calendar (holidays.csv format) to every station.
    PublishCalendar { file: PathBuf },
    /// Import an end-of-day bundle (docs/bundle-format.md) carried from a
    /// station: all of it or, if anything is wrong with it, nothing.
    Import { file: PathBuf },
    /// Write a signed acknowledgement file for a station (`quay bundle ack FILE`
    /// on the counter marks its events delivered).
    Ack {
        #[arg(long)]
        station: String,
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs one command; the caller prints the error and exits 1.
pub fn run(cli: HubCli) -> Result<(), HubError> {
    let mut store = HubStore::open(&cli.db)?;
    let out = &mut std::io::stdout().lock();
    match cli.command {
        HubCommand::Serve { addr, enrol_token } => {
            let server = HubServer::bind(&addr)?;
            let bound = server
                .local_addr()
                .map_or_else(|| addr.clone(), |a| a.to_string());
            // Tests and scripts wait for this line: print it only once bound.
            writeln!(out, "listening on http://{bound}").map_err(stdout_error)?;
            out.flush().map_err(stdout_error)?;
            let token = enrol_token.filter(|t| !t.trim().is_empty());
            server.run(store, token.as_deref());
            Ok(())
        }
        HubCommand::Info { json } => print::info(out, &store, json),
        HubCommand::Enrol {
            station,
            public_key,
            name,
            agency,
            counter,
        } => {
            let reply = store.enrol(&StationEnrolment {
                station_id: station.clone(),
                public_key: signing::public_from_hex(&public_key)?,
                name,
                agency_id: agency,
                counter_no: counter,
            })?;
            writeln!(
                out,
                "enrolled station {station} (acked through {})",
                reply.acked_through
            )
            .map_err(stdout_error)
        }
        HubCommand::Forget { station } => {
            if !store.forget(&station)? {
                return Err(HubError::UnknownStation(station));
            }
            writeln!(
                out,
                "forgot the key of station {station}; its history stays"
            )
            .map_err(stdout_error)
        }
        HubCommand::Stations { json } => print::stations(out, &store.stations()?, json),
        HubCommand::Events { station, json } => {
            print::events(out, &store.station_events(&station)?, json)
        }
        HubCommand::PushStatus {
            station,
            code,
            status,
            note,
            actor,
        } => {
            let seq = store.push_status(&station, &code, status, &note, &actor)?;
            writeln!(out, "queued down item {seq} for station {station}").map_err(stdout_error)
        }
        HubCommand::PublishCatalog { file } => {
            let published = store.publish_catalog(&read_text(&file)?)?;
            writeln!(
                out,
                "published {} procedures to {} stations",
                published.entries, published.stations
            )
            .map_err(stdout_error)
        }
        HubCommand::Import { file } => {
            let s = crate::bundle::import_bundle(&mut store, &file).map_err(bundle_error)?;
            let again = if s.first_import {
                ""
            } else {
                " (this file was imported before)"
            };
            writeln!(
                out,
                "imported bundle of station {} seq {}–{}{again}: {} events, {} new, {} already held, {} rejected, {} attachments; acked through {}",
                s.station_id,
                s.first_seq,
                s.last_seq,
                s.events,
                s.accepted,
                s.duplicates,
                s.rejected.len(),
                s.attachments,
                s.acked_through
            )
            .map_err(stdout_error)?;
            for r in &s.rejected {
                writeln!(out, "rejected seq {} ({}): {}", r.seq, r.code, r.reason)
                    .map_err(stdout_error)?;
            }
            Ok(())
        }
        HubCommand::Ack { station, out: file } => {
            let w = crate::bundle::write_ack(&store, &station, &file).map_err(bundle_error)?;
            writeln!(
                out,
                "wrote acknowledgement for station {} through seq {} ({} rejections) to {}",
                w.station_id,
                w.acked_through,
                w.rejections,
                file.display()
            )
            .map_err(stdout_error)
        }
        HubCommand::PublishCalendar { file } => {
            let published = store.publish_calendar(&read_text(&file)?)?;
            writeln!(
                out,
                "published {} calendar days to {} stations",
                published.entries, published.stations
            )
            .map_err(stdout_error)
        }
    }
}

fn bundle_error(e: crate::bundle::BundleError) -> HubError {
    HubError::Bundle(e.to_string())
}

/// A catalog or calendar to publish, at most 32 MiB: /dev/zero or a runaway
/// pipe must not fill the hub's memory.
fn read_text(path: &std::path::Path) -> Result<String, HubError> {
    use std::io::Read;
    const MAX_BYTES: u64 = 32 * 1024 * 1024;
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_BYTES + 1).read_to_string(&mut text))
        .map_err(|e| HubError::io(path, e))?;
    if text.len() as u64 > MAX_BYTES {
        let e = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "larger than 32 MiB; nothing published",
        );
        return Err(HubError::io(path, e));
    }
    Ok(text)
}

fn stdout_error(e: std::io::Error) -> HubError {
    HubError::io(std::path::Path::new("stdout"), e)
}
