//! What the listing commands print: aligned text for people, `--json` for scripts.

use std::io::Write;

use serde_json::json;

use super::stdout_error;
use crate::hub::store::HeldEvent;
use crate::hub::{HubError, HubStore, StationSummary};

pub(super) fn info(out: &mut impl Write, store: &HubStore, json: bool) -> Result<(), HubError> {
    let (id, key) = (store.hub_id()?, store.hub_public_key_hex()?);
    if json {
        return write_json(out, &json!({"hub_id": id, "public_key": key}));
    }
    writeln!(out, "hub_id: {id}\npublic_key: {key}").map_err(stdout_error)
}

pub(super) fn stations(
    out: &mut impl Write,
    stations: &[StationSummary],
    json: bool,
) -> Result<(), HubError> {
    if json {
        return write_json(out, &stations);
    }
    if stations.is_empty() {
        return writeln!(out, "no stations enrolled").map_err(stdout_error);
    }
    writeln!(
        out,
        "{:<36}  {:<24}  {:>7}  {:>6}  {:>8}  {:>7}",
        "station", "name", "acked", "events", "rejected", "missing"
    )
    .map_err(stdout_error)?;
    for s in stations {
        let name = if s.enrolled {
            s.name.clone()
        } else {
            format!("{} (forgotten)", s.name).trim().to_string()
        };
        writeln!(
            out,
            "{:<36}  {:<24}  {:>7}  {:>6}  {:>8}  {:>7}",
            s.station_id, name, s.acked_through, s.events, s.rejected, s.missing_blobs
        )
        .map_err(stdout_error)?;
    }
    Ok(())
}

pub(super) fn events(
    out: &mut impl Write,
    events: &[HeldEvent],
    json: bool,
) -> Result<(), HubError> {
    if json {
        return write_json(out, &events);
    }
    if events.is_empty() {
        return writeln!(out, "no events delivered").map_err(stdout_error);
    }
    for e in events {
        write!(
            out,
            "{:>6}  {:<8}  {:<29}  {:<32}  {}  {}",
            e.seq, e.state, e.kind, e.entity_key, e.created_at, e.via
        )
        .map_err(stdout_error)?;
        if let (Some(code), Some(reason)) = (&e.code, &e.reason) {
            write!(out, "  {code}: {reason}").map_err(stdout_error)?;
        }
        writeln!(out).map_err(stdout_error)?;
    }
    Ok(())
}

fn write_json<T: serde::Serialize>(out: &mut impl Write, value: &T) -> Result<(), HubError> {
    let text =
        serde_json::to_string_pretty(value).map_err(|e| HubError::corrupt("json output", e))?;
    writeln!(out, "{text}").map_err(stdout_error)
}
