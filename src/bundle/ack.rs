//! Acknowledgement files (tệp xác nhận): what the hub settled of a station,
//! signed by the hub, carried back on the same USB stick. Applying one is the
//! file twin of recording a `BatchReply`: the acknowledged mark moves forward
//! and rejected events go to quarantine.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDateTime;
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};

use super::BundleError;
use super::durable::write_durably;
use crate::domain::access::Permission;
use crate::store::{Actor, Store, StoreError, now_local};
use crate::sync::signing::{self, canonical_json};
use crate::sync::wire::Rejection;

/// The `format` field of every acknowledgement file.
pub const ACK_FORMAT: &str = "quay-ack";
pub const ACK_VERSION: u32 = 1;
/// An acknowledgement larger than this is not read (it lists rejections only).
const MAX_ACK_BYTES: u64 = 64 * 1024 * 1024;

/// An acknowledgement file's content, without its signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ack {
    pub format: String,
    pub version: u32,
    pub hub_id: String,
    /// The hub's Ed25519 key, 64 hex digits: the signature verifies with it.
    pub hub_public_key: String,
    pub station_id: String,
    /// Every event of the station up to here is settled at the hub.
    pub acked_through: i64,
    /// The station's events the hub rejected, each with its reason.
    pub rejections: Vec<Rejection>,
    /// The hub's clock, `YYYY-MM-DDTHH:MM:SS`.
    pub created_at: String,
}

/// What applying an acknowledgement did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AckSummary {
    pub hub_id: String,
    pub station_id: String,
    /// What the file says.
    pub acked_through: i64,
    /// The station's mark before and after (an older file never moves it back).
    pub previous_acked_through: i64,
    pub now_acked_through: i64,
    /// Rejections the file lists.
    pub rejections: usize,
    /// Rejected events waiting for staff after applying it.
    pub quarantined: i64,
    /// True when the station did not know the hub's key and now trusts the
    /// one in this file (trust on first use).
    pub trusted_new_hub_key: bool,
}

impl Ack {
    /// Canonical JSON with the hub's signature, then a line feed.
    pub fn encode(&self, key: &SigningKey) -> Result<Vec<u8>, BundleError> {
        let mut value =
            serde_json::to_value(self).map_err(|e| BundleError::BadAck(e.to_string()))?;
        let signature = signing::sign_hex(key, canonical_json(&value).as_bytes());
        if let Some(map) = value.as_object_mut() {
            map.insert("signature".into(), serde_json::Value::String(signature));
        }
        let mut bytes = canonical_json(&value).into_bytes();
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Parses an acknowledgement and checks it is signed by the key it names.
    /// Whether that key is the right hub's is the caller's question.
    pub fn decode(bytes: &[u8]) -> Result<Ack, BundleError> {
        let bad = |m: String| BundleError::BadAck(m);
        let mut value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
        let map = value
            .as_object_mut()
            .ok_or_else(|| bad("not a JSON object".into()))?;
        let signature = match map.remove("signature") {
            Some(serde_json::Value::String(s)) => s,
            _ => return Err(bad("no signature".into())),
        };
        // Signed in canonical form, so spacing a person or an editor added is harmless.
        let signed = canonical_json(&value);
        let ack: Ack = serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
        if ack.format != ACK_FORMAT {
            return Err(bad(format!(
                "format is {:?}, not {ACK_FORMAT:?}",
                ack.format
            )));
        }
        if ack.version != ACK_VERSION {
            return Err(bad(format!("version {} is not supported", ack.version)));
        }
        let key = signing::public_from_hex(&ack.hub_public_key)
            .map_err(|_| bad("hub_public_key is not an Ed25519 key".into()))?;
        signing::verify_hex(&key, signed.as_bytes(), &signature)
            .map_err(|_| BundleError::AckBadSignature)?;
        if ack.acked_through < 0 {
            return Err(bad(format!(
                "acked_through {} is negative",
                ack.acked_through
            )));
        }
        if let Some(r) = ack.rejections.iter().find(|r| r.seq > ack.acked_through) {
            return Err(bad(format!(
                "rejection of seq {} is beyond acked_through {}",
                r.seq, ack.acked_through
            )));
        }
        Ok(ack)
    }

    pub fn read(path: &Path) -> Result<Ack, BundleError> {
        let len = std::fs::metadata(path)
            .map_err(|e| BundleError::read(path, e))?
            .len();
        if len > MAX_ACK_BYTES {
            return Err(BundleError::BadAck(format!("{len} bytes is too large")));
        }
        // The length above is 0 for a device or a pipe (/dev/zero): read no
        // more than the limit whatever it said.
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_ACK_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| BundleError::read(path, e))?;
        if bytes.len() as u64 > MAX_ACK_BYTES {
            return Err(BundleError::BadAck(format!(
                "more than {MAX_ACK_BYTES} bytes is too large"
            )));
        }
        Ack::decode(&bytes)
    }

    /// Writes the signed file durably (whole or absent).
    pub fn write(&self, key: &SigningKey, out: &Path) -> Result<(), BundleError> {
        let bytes = self.encode(key)?;
        write_durably(out, |w| {
            std::io::Write::write_all(w, &bytes).map_err(|e| BundleError::write(out, e))
        })?;
        Ok(())
    }
}

/// Applies the hub's acknowledgement file at `path` to this station: checks
/// it is for this station and signed by the hub this station knows — or, if
/// it knows none yet, trusts the key in the file and keeps it (trust on first
/// use: the first file must come from the province by a trusted hand) — then
/// records it exactly like a network reply. Only an administrator may (`actor`).
pub fn apply_ack(store: &mut Store, path: &Path, actor: &Actor) -> Result<AckSummary, BundleError> {
    actor
        .require(Permission::Bundles)
        .map_err(StoreError::from)?;
    let ack = Ack::read(path)?;
    apply(store, &ack, now_local())
}

pub(crate) fn apply(
    store: &mut Store,
    ack: &Ack,
    at: NaiveDateTime,
) -> Result<AckSummary, BundleError> {
    let identity = store.station_identity()?;
    if ack.station_id != identity.station_id {
        return Err(BundleError::AckForAnotherStation {
            ours: identity.station_id,
            found: ack.station_id.clone(),
        });
    }
    let state = store.sync_state()?;
    // `decode` checked the signature with the file's key; the question left is
    // whether that key is the hub's.
    let file_key = signing::public_from_hex(&ack.hub_public_key)
        .map_err(|_| BundleError::BadAck("hub_public_key is not an Ed25519 key".into()))?;
    let known = match &state.hub_public_key {
        Some(stored) => {
            let stored_key = signing::public_from_hex(stored).ok();
            if stored_key != Some(file_key) {
                return Err(BundleError::AckWrongHubKey {
                    expected: stored.clone(),
                    found: ack.hub_public_key.clone(),
                });
            }
            true
        }
        None => false,
    };
    if ack.acked_through > state.last_seq {
        return Err(BundleError::AckBeyondNewest {
            acked_through: ack.acked_through,
            newest: state.last_seq,
        });
    }
    if !known {
        store.set_hub_public_key(&ack.hub_public_key)?;
    }
    store.record_delivery(ack.acked_through, &ack.rejections, at)?;
    let after = store.sync_state()?;
    Ok(AckSummary {
        hub_id: ack.hub_id.clone(),
        station_id: ack.station_id.clone(),
        acked_through: ack.acked_through,
        previous_acked_through: state.acked_through,
        now_acked_through: after.acked_through,
        rejections: ack.rejections.len(),
        quarantined: after.quarantined,
        trusted_new_hub_key: !known,
    })
}
