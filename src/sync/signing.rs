//! Station and hub keys (Ed25519) and what they sign.
//!
//! A request is signed over one text that names everything a forger would want
//! to change: method, path with query, the time the client claims and the
//! SHA-256 of the body (see `docs/sync-protocol.md`, "Authentication").

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

/// Request headers that carry the signature.
pub const HEADER_STATION: &str = "X-Quay-Station";
pub const HEADER_TIME: &str = "X-Quay-Time";
pub const HEADER_SIGNATURE: &str = "X-Quay-Signature";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("a key must be 64 hex digits")]
    BadKey,
    #[error("a signature must be 128 hex digits")]
    BadSignature,
    #[error("the signature does not match")]
    Mismatch,
    #[error("the system offered no random bytes for a new key: {0}")]
    NoRandom(String),
}

/// A new secret key from the operating system's random source.
pub fn generate() -> Result<SigningKey, KeyError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| KeyError::NoRandom(e.to_string()))?;
    Ok(SigningKey::from_bytes(&seed))
}

pub fn secret_from_hex(hex_text: &str) -> Result<SigningKey, KeyError> {
    let bytes: [u8; 32] = hex::decode(hex_text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(KeyError::BadKey)?;
    Ok(SigningKey::from_bytes(&bytes))
}

pub fn secret_to_hex(key: &SigningKey) -> String {
    hex::encode(key.to_bytes())
}

pub fn public_from_hex(hex_text: &str) -> Result<VerifyingKey, KeyError> {
    let bytes: [u8; 32] = hex::decode(hex_text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(KeyError::BadKey)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::BadKey)
}

pub fn public_to_hex(key: &VerifyingKey) -> String {
    hex::encode(key.to_bytes())
}

/// SHA-256 as 64 lower-case hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The text a request's signature covers.
pub fn request_message(method: &str, path_and_query: &str, time: &str, body: &[u8]) -> String {
    format!(
        "quay-v1\n{}\n{}\n{}\n{}",
        method.to_ascii_uppercase(),
        path_and_query,
        time,
        sha256_hex(body)
    )
}

/// `message` signed, as 128 hex digits.
pub fn sign_hex(key: &SigningKey, message: &[u8]) -> String {
    hex::encode(key.sign(message).to_bytes())
}

/// Whether `signature_hex` is `key`'s signature of `message`.
pub fn verify_hex(key: &VerifyingKey, message: &[u8], signature_hex: &str) -> Result<(), KeyError> {
    let bytes: [u8; 64] = hex::decode(signature_hex.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(KeyError::BadSignature)?;
    key.verify(message, &Signature::from_bytes(&bytes))
        .map_err(|_| KeyError::Mismatch)
}

/// The canonical text of a JSON value, the form that signed files (bundle
/// manifests, acknowledgement files) are signed in: RFC 8785 (JCS) for the
/// values those files hold — object keys sorted, no whitespace, strings escaped
/// as JSON requires and nothing more, integers in plain decimal. Keys are
/// sorted here rather than trusting the map type, so the form does not depend
/// on serde_json's `preserve_order` feature.
pub fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            // JCS orders by UTF-16 code units; for the ASCII keys these files
            // use that is the same as byte order.
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        // Strings, integers, booleans and null print the same in JCS and serde_json.
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests;
