//! `quay station` and `quay sync …`: the counter's network sync from the
//! command line (docs/sync-protocol.md).

use std::io::Write;

use clap::{Args, Subcommand};

use crate::domain::access::Permission;
use crate::domain::sync_settings::{HubSettings, check_hub_url};
use crate::store::{Actor, Store, SyncState};
use crate::sync::watch::{SyncStatus, WatchConfig};
use crate::sync::worker::{SyncError, SyncReport};
use crate::sync::{hub, sync_once};

type CliResult = Result<(), String>;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SyncArgs {
    /// Send every pending event, apply what the hub sent back, and exit.
    #[arg(long, conflicts_with = "watch")]
    pub once: bool,
    /// Keep syncing in the foreground until interrupted: one line per run.
    #[arg(long)]
    pub watch: bool,
    #[command(subcommand)]
    pub command: Option<SyncCommand>,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// What the hub has settled, what is pending or quarantined, the last
    /// attempt, success and error (the default with no option).
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Introduce this station to the hub with the province's enrolment token,
    /// and keep the address for later runs.
    Enrol {
        /// http://host:port of the hub
        #[arg(long, value_name = "URL")]
        hub: String,
        #[arg(long, value_name = "TOKEN")]
        token: String,
    },
    /// Set the hub's address (empty to turn network sync off).
    SetHub {
        #[arg(value_name = "URL")]
        url: String,
    },
    /// Events the hub rejected: `SEQ<TAB>KIND<TAB>ENTITY<TAB>CODE<TAB>REASON`.
    Quarantine {
        #[arg(long)]
        json: bool,
    },
    /// Send a quarantined event again once its cause is fixed; prints the new seq.
    Resend {
        #[arg(value_name = "SEQ")]
        seq: i64,
    },
    /// Set a quarantined event aside for good, saying why.
    Dismiss {
        #[arg(value_name = "SEQ")]
        seq: i64,
        #[arg(long, value_name = "TEXT")]
        note: String,
    },
    /// Items from the hub that could not be applied here, newest first.
    Problems {
        #[arg(long)]
        json: bool,
    },
}

/// `quay station`: this database's station id and public key.
pub fn station(store: &mut Store, json: bool) -> CliResult {
    let identity = store.station_identity().map_err(|e| e.to_string())?;
    if json {
        let value = serde_json::json!({
            "station_id": identity.station_id,
            "public_key": identity.public_key_hex(),
        });
        println!("{value}");
    } else {
        println!("station    {}", identity.station_id);
        println!("public key {}", identity.public_key_hex());
    }
    Ok(())
}

pub fn run(args: SyncArgs, store: &mut Store, actor: &Actor) -> CliResult {
    if args.once || args.watch {
        actor
            .require(Permission::SyncNow)
            .map_err(|e| e.to_string())?;
    }
    if args.once {
        return once(store);
    }
    if args.watch {
        return watch(store);
    }
    match args.command.unwrap_or(SyncCommand::Status { json: false }) {
        SyncCommand::Status { json } => status(store, json),
        SyncCommand::Enrol { hub, token } => enrol(store, actor, &hub, &token),
        SyncCommand::SetHub { url } => {
            let url = check_hub_url(&url).map_err(|e| e.to_string())?;
            let mut settings = store.hub_settings().map_err(|e| e.to_string())?;
            settings.hub_url = url;
            store
                .save_hub_settings(&settings, actor)
                .map_err(|e| e.to_string())
        }
        SyncCommand::Quarantine { json } => quarantine(store, json),
        SyncCommand::Resend { seq } => {
            let new_seq = store.resend(seq, actor).map_err(|e| e.to_string())?;
            println!("event {seq} resent as event {new_seq}");
            Ok(())
        }
        SyncCommand::Dismiss { seq, note } => {
            if note.trim().is_empty() {
                return Err("--note must say why the event is set aside".into());
            }
            store
                .dismiss_rejection(seq, &note, actor, crate::store::now_local())
                .map_err(|e| e.to_string())?;
            println!("event {seq} set aside");
            Ok(())
        }
        SyncCommand::Problems { json } => problems(store, json),
    }
}

fn once(store: &mut Store) -> CliResult {
    let receiver = hub::connect(store).map_err(|e| e.to_string())?;
    let report = sync_once(store, &receiver, crate::store::now_local).map_err(|e| e.to_string())?;
    for problem in &report.problems {
        eprintln!("warning: {problem}");
    }
    println!("{}", summary(&report));
    Ok(())
}

fn summary(r: &SyncReport) -> String {
    format!(
        "sent {} events in {} batches ({} accepted, {} duplicates, {} rejected), {} attachments; {} items from the hub applied, {} not applicable",
        r.events_sent,
        r.batches,
        r.accepted,
        r.duplicates,
        r.rejected,
        r.blobs_sent,
        r.down_applied,
        r.down_problems
    )
}

/// Runs the same loop as the GUI in the foreground until the process is
/// stopped; each line starts with the local time.
fn watch(store: &mut Store) -> CliResult {
    // Checked here so a missing address is an error, not a silent wait.
    hub::connect(store).map_err(|e| e.to_string())?;
    let handle = crate::sync::watch::spawn(
        store.path().to_path_buf(),
        WatchConfig::default(),
        |status| {
            let time = crate::store::now_local().format("%Y-%m-%dT%H:%M:%S");
            let line = match status {
                SyncStatus::Syncing => return,
                SyncStatus::Synced { report, state, .. } => format!(
                    "{}; acked {}, pending {}, quarantined {}",
                    summary(&report),
                    state.acked_through,
                    state.pending,
                    state.quarantined
                ),
                SyncStatus::Failed {
                    error, retry_in, ..
                } => format!(
                    "error: {error}; retrying in {:.0} s",
                    retry_in.as_secs_f64()
                ),
                SyncStatus::NotConfigured { .. } => {
                    "no hub address configured; waiting".to_string()
                }
                SyncStatus::Stopped => "stopped".to_string(),
            };
            let mut out = std::io::stdout().lock();
            // Nobody reading our output is no reason to stop syncing.
            let _ = writeln!(out, "{time} {line}");
            let _ = out.flush();
        },
    )
    .map_err(|e| format!("cannot start the sync thread: {e}"))?;
    handle.join();
    Ok(())
}

#[derive(serde::Serialize)]
struct StatusJson<'a> {
    hub_url: Option<String>,
    #[serde(flatten)]
    state: &'a SyncState,
}

fn status(store: &mut Store, json: bool) -> CliResult {
    let state = store.sync_state().map_err(|e| e.to_string())?;
    let hub_url = hub::hub_url(store).map_err(|e| e.to_string())?;
    if json {
        let value = StatusJson {
            hub_url,
            state: &state,
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    let time = |t: Option<chrono::NaiveDateTime>| {
        t.map_or_else(
            || "never".to_string(),
            |t| t.format("%Y-%m-%dT%H:%M:%S").to_string(),
        )
    };
    println!("hub          {}", hub_url.as_deref().unwrap_or("(not set)"));
    println!("acked        {} of {}", state.acked_through, state.last_seq);
    println!("pending      {}", state.pending);
    println!("quarantined  {}", state.quarantined);
    println!("last attempt {}", time(state.last_attempt_at));
    println!("last success {}", time(state.last_success_at));
    if let Some(error) = &state.last_error {
        println!("last error   {error}");
    }
    Ok(())
}

fn enrol(store: &mut Store, actor: &Actor, url: &str, token: &str) -> CliResult {
    // Checked before the hub is contacted: a refusal must not enrol half-way.
    actor
        .require(Permission::SyncSettings)
        .map_err(|e| e.to_string())?;
    let url = check_hub_url(url).map_err(|e| e.to_string())?;
    if url.is_empty() {
        return Err("--hub must be the hub's address, e.g. http://10.0.0.5:8443".into());
    }
    if token.trim().is_empty() {
        return Err("--token must be the enrolment token the province gave".into());
    }
    let receiver = hub::connect_to(store, &url).map_err(|e: SyncError| e.to_string())?;
    let reply = hub::enrol(store, &receiver, token).map_err(|e| e.to_string())?;
    store
        .save_hub_settings(
            &HubSettings {
                hub_url: url.clone(),
                enrol_token: Some(token.trim().to_string()),
            },
            actor,
        )
        .map_err(|e| e.to_string())?;
    println!(
        "enrolled with hub {} at {url}; it holds events up to {} of this station",
        reply.hub_id, reply.acked_through
    );
    Ok(())
}

fn quarantine(store: &Store, json: bool) -> CliResult {
    let list = store.quarantine().map_err(|e| e.to_string())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    let mut out = String::new();
    for q in list {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\n",
            q.seq, q.kind, q.entity_key, q.code, q.reason
        ));
    }
    print!("{out}");
    Ok(())
}

fn problems(store: &Store, json: bool) -> CliResult {
    let list = store.down_problems(1_000).map_err(|e| e.to_string())?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    let mut out = String::new();
    for p in list {
        out.push_str(&format!("{}\t{}\t{}\n", p.down_seq, p.kind, p.problem));
    }
    print!("{out}");
    Ok(())
}
