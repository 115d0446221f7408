//! The bundle's layout (docs/bundle-format.md): a 16-byte header, the signed
//! manifest, the events as JSON lines, then each attachment's bytes.
//! This file holds the constants and the manifest; `read.rs` and `write.rs`
//! move the bytes.

use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use super::BundleError;
use crate::sync::signing::{self, canonical_json};

/// The first eight bytes of every bundle.
pub const MAGIC: &[u8; 8] = b"QUAYBNDL";
/// The layout described in docs/bundle-format.md; bump it when the layout changes.
pub const FORMAT_VERSION: u32 = 1;
/// Magic, version, manifest length.
pub const HEADER_BYTES: u64 = 16;
/// The manifest's `format` field.
pub const MANIFEST_FORMAT: &str = "quay-bundle";
/// A manifest larger than this is refused before it is read (about 500,000
/// attachments' worth): a damaged length must not make a reader allocate gigabytes.
pub const MAX_MANIFEST_BYTES: u32 = 64 * 1024 * 1024;
/// The events are read into memory; larger sections are refused.
pub const MAX_EVENTS_BYTES: u64 = 1024 * 1024 * 1024;

/// What the station signs: everything a reader needs to check the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`MANIFEST_FORMAT`].
    pub format: String,
    /// Always [`FORMAT_VERSION`] (the header says the same).
    pub version: u32,
    /// `sync::wire::PROTOCOL_VERSION` of the events.
    pub protocol: u32,
    pub station_id: String,
    /// Ed25519, 64 hex digits: the key the signature verifies with.
    pub station_public_key: String,
    /// Local time at the station, `YYYY-MM-DDTHH:MM:SS`.
    pub created_at: String,
    /// The day the export was limited to (`YYYY-MM-DD`), if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    pub first_seq: i64,
    pub last_seq: i64,
    pub event_count: u64,
    /// Exact length of the events section.
    pub events_bytes: u64,
    /// SHA-256 of the events section, 64 lower-case hex digits.
    pub events_sha256: String,
    /// In the order their bytes follow the events.
    pub attachments: Vec<AttachmentEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentEntry {
    pub sha256: String,
    pub size: u64,
}

impl Manifest {
    /// Bytes from the start of the file to its end, as the manifest declares.
    pub fn file_len(&self, manifest_len: u64) -> Option<u64> {
        self.attachments
            .iter()
            .try_fold(HEADER_BYTES + manifest_len + self.events_bytes, |n, a| {
                n.checked_add(a.size)
            })
    }

    /// The canonical JSON with the station's signature added.
    pub fn encode(&self, key: &SigningKey) -> Result<Vec<u8>, BundleError> {
        let mut value =
            serde_json::to_value(self).map_err(|e| BundleError::BadManifest(e.to_string()))?;
        let signature = signing::sign_hex(key, canonical_json(&value).as_bytes());
        if let Some(map) = value.as_object_mut() {
            map.insert("signature".into(), serde_json::Value::String(signature));
        }
        Ok(canonical_json(&value).into_bytes())
    }

    /// Parses and checks a manifest read from a file, and verifies its
    /// signature: with the key `expected` gives for the manifest's station
    /// when the reader knows it, else (None) with the key the manifest names,
    /// which proves integrity but not origin.
    pub fn decode(
        bytes: &[u8],
        expected: impl FnOnce(&Manifest) -> Result<Option<VerifyingKey>, BundleError>,
    ) -> Result<Manifest, BundleError> {
        let bad = |m: &str| BundleError::BadManifest(m.to_string());
        let mut value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| BundleError::BadManifest(e.to_string()))?;
        // One byte string per manifest: a changed space or key order is a
        // changed file, refused like any other change.
        if canonical_json(&value).as_bytes() != bytes {
            return Err(bad("not in canonical JSON form"));
        }
        let map = value
            .as_object_mut()
            .ok_or_else(|| bad("not a JSON object"))?;
        let signature = match map.remove("signature") {
            Some(serde_json::Value::String(s)) => s,
            _ => return Err(bad("no signature")),
        };
        // Lower case only: hex decoders accept either, and a bundle must have
        // exactly one spelling.
        if signature.len() != 128 || !is_lower_hex(&signature) {
            return Err(BundleError::BadSignature);
        }
        let signed = canonical_json(&value);
        let manifest: Manifest =
            serde_json::from_value(value).map_err(|e| BundleError::BadManifest(e.to_string()))?;
        manifest.check()?;
        let own = signing::public_from_hex(&manifest.station_public_key)
            .map_err(|_| bad("station_public_key is not an Ed25519 key"))?;
        if let Some(expected) = expected(&manifest)?
            && expected != own
        {
            return Err(BundleError::WrongKey {
                station_id: manifest.station_id.clone(),
                expected: signing::public_to_hex(&expected),
                found: manifest.station_public_key.clone(),
            });
        }
        signing::verify_hex(&own, signed.as_bytes(), &signature)
            .map_err(|_| BundleError::BadSignature)?;
        Ok(manifest)
    }

    /// Everything a manifest must say, checked before any of it is trusted.
    fn check(&self) -> Result<(), BundleError> {
        let bad = |m: String| Err(BundleError::BadManifest(m));
        if self.format != MANIFEST_FORMAT {
            return bad(format!(
                "format is {:?}, not {MANIFEST_FORMAT:?}",
                self.format
            ));
        }
        if self.version != FORMAT_VERSION {
            return Err(BundleError::UnsupportedVersion(self.version));
        }
        if self.protocol != crate::sync::wire::PROTOCOL_VERSION {
            return bad(format!(
                "events of protocol {} are not supported",
                self.protocol
            ));
        }
        if self.station_id.trim().is_empty() || self.station_id.len() > 100 {
            return bad("station_id is empty or too long".into());
        }
        if chrono::NaiveDateTime::parse_from_str(&self.created_at, "%Y-%m-%dT%H:%M:%S").is_err() {
            return bad(format!(
                "created_at {:?} is not YYYY-MM-DDTHH:MM:SS",
                self.created_at
            ));
        }
        if let Some(until) = &self.until
            && chrono::NaiveDate::parse_from_str(until, "%Y-%m-%d").is_err()
        {
            return bad(format!("until {until:?} is not YYYY-MM-DD"));
        }
        let count = i64::try_from(self.event_count).unwrap_or(i64::MAX);
        if self.first_seq < 1
            || count < 1
            || self.first_seq.checked_add(count - 1) != Some(self.last_seq)
        {
            return bad(format!(
                "seqs {}–{} do not hold {} events",
                self.first_seq, self.last_seq, self.event_count
            ));
        }
        if self.events_bytes > MAX_EVENTS_BYTES {
            return bad(format!(
                "events section of {} bytes is too large",
                self.events_bytes
            ));
        }
        if !is_sha256(&self.events_sha256) {
            return bad("events_sha256 is not 64 lower-case hex digits".into());
        }
        let mut seen = std::collections::HashSet::new();
        for a in &self.attachments {
            if !is_sha256(&a.sha256) {
                return bad(format!("attachment name {:?} is not a SHA-256", a.sha256));
            }
            if !seen.insert(a.sha256.as_str()) {
                return bad(format!("attachment {} is listed twice", a.sha256));
            }
            if a.size > crate::attachments::MAX_BYTES {
                return bad(format!(
                    "attachment {} of {} bytes is too large",
                    a.sha256, a.size
                ));
            }
        }
        Ok(())
    }
}

/// 64 lower-case hex digits: the only names attachments have, so a name is
/// also safe as a file name.
pub fn is_sha256(text: &str) -> bool {
    text.len() == 64 && is_lower_hex(text)
}

fn is_lower_hex(text: &str) -> bool {
    text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The attachments an event's payload names (a received dossier's scans), as
/// `sync-protocol.md` defines them: `payload.dossier.attachments[].sha256`.
pub fn named_attachments(payload: &serde_json::Value) -> impl Iterator<Item = &str> {
    payload
        .pointer("/dossier/attachments")
        .and_then(|a| a.as_array())
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("sha256").and_then(|s| s.as_str()))
}
