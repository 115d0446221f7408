//! Hashing passwords and PINs with argon2id (the crate's default parameters:
//! 19 MiB, two passes), stored as PHC strings that carry their own salt and
//! parameters, so stronger settings later still verify old hashes.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::StaffError;

/// The PHC string of `secret` with a fresh random salt.
pub(super) fn hash(secret: &str) -> Result<String, StaffError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| StaffError::Hash(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| StaffError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StaffError::Hash(e.to_string()))
}

/// Whether `secret` matches the stored `phc`. A damaged hash matches nothing
/// (an administrator resets it).
pub(super) fn verify(secret: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(secret.as_bytes(), &parsed)
            .is_ok(),
        Err(e) => {
            log::error!("a stored password hash is unreadable: {e}");
            false
        }
    }
}

/// Spends the time of one verification for a username that does not exist,
/// so how long a refusal takes does not tell which usernames do.
pub(super) fn verify_nothing(secret: &str) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    if let Some(phc) = DUMMY.get_or_init(|| hash("quầy: không có tài khoản này").ok()) {
        let _ = verify(secret, phc);
    }
}
