//! Staff accounts (tài khoản cán bộ): the rules for usernames, display names,
//! passwords and PINs, and the lockout after repeated failed logins. Pure
//! code: hashing and storage live in `store::staff`.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::Localized;

/// Shortest and longest username, in characters.
pub const USERNAME_CHARS: (usize, usize) = (3, 32);
/// Longest display name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Shortest password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest password or PIN: enough for any passphrase, short enough that a
/// pasted file cannot keep the hasher busy.
pub const MAX_SECRET_CHARS: usize = 128;
/// Shortest PIN, in digits.
pub const MIN_PIN_DIGITS: usize = 6;

/// Failed logins in a row that lock an account.
pub const LOCK_AFTER: u32 = 5;
/// The first lock; each later one doubles, up to [`MAX_LOCK`].
pub const FIRST_LOCK: Duration = Duration::from_secs(5 * 60);
pub const MAX_LOCK: Duration = Duration::from_secs(60 * 60);

/// What a staff member types to log in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    /// Mật khẩu: at least 8 characters, not all the same.
    Password,
    /// Mã PIN: at least 6 digits, quicker at a busy counter.
    Pin,
}

impl SecretKind {
    pub fn key(self) -> &'static str {
        match self {
            SecretKind::Password => "password",
            SecretKind::Pin => "pin",
        }
    }

    pub fn from_key(key: &str) -> Option<SecretKind> {
        match key {
            "password" => Some(SecretKind::Password),
            "pin" => Some(SecretKind::Pin),
            _ => None,
        }
    }
}

/// A username, display name, password or PIN that breaks a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StaffRuleError {
    #[error("a username has {min}–{max} characters", min = USERNAME_CHARS.0, max = USERNAME_CHARS.1)]
    UsernameLength,
    #[error("a username starts with a letter a–z")]
    UsernameStart,
    #[error("a username has only letters a–z, digits, '.', '_' and '-'")]
    UsernameChars,
    #[error("the display name is empty")]
    NameEmpty,
    #[error("the display name is longer than {MAX_NAME_CHARS} characters")]
    NameTooLong,
    #[error("a password has at least {MIN_PASSWORD_CHARS} characters")]
    PasswordShort,
    #[error("a password cannot be one character repeated")]
    PasswordRepeated,
    #[error("a password or PIN has at most {MAX_SECRET_CHARS} characters")]
    SecretTooLong,
    #[error("a PIN has at least {MIN_PIN_DIGITS} digits")]
    PinShort,
    #[error("a PIN has only the digits 0–9")]
    PinNotDigits,
}

impl Localized for StaffRuleError {
    fn vi(&self) -> String {
        match self {
            StaffRuleError::UsernameLength => format!(
                "Tên đăng nhập phải dài từ {} đến {} ký tự.",
                USERNAME_CHARS.0, USERNAME_CHARS.1
            ),
            StaffRuleError::UsernameStart => {
                "Tên đăng nhập phải bắt đầu bằng một chữ cái không dấu (a–z).".into()
            }
            StaffRuleError::UsernameChars => {
                "Tên đăng nhập chỉ gồm chữ cái không dấu, chữ số và các dấu . _ -".into()
            }
            StaffRuleError::NameEmpty => "Hãy nhập họ và tên cán bộ.".into(),
            StaffRuleError::NameTooLong => {
                format!("Họ và tên dài quá {MAX_NAME_CHARS} ký tự.")
            }
            StaffRuleError::PasswordShort => {
                format!("Mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự.")
            }
            StaffRuleError::PasswordRepeated => "Mật khẩu không được chỉ lặp lại một ký tự.".into(),
            StaffRuleError::SecretTooLong => {
                format!("Mật khẩu hoặc mã PIN dài quá {MAX_SECRET_CHARS} ký tự.")
            }
            StaffRuleError::PinShort => {
                format!("Mã PIN phải có ít nhất {MIN_PIN_DIGITS} chữ số.")
            }
            StaffRuleError::PinNotDigits => "Mã PIN chỉ gồm các chữ số 0–9.".into(),
        }
    }
}

/// The username as stored: trimmed and lower-case. Usernames are plain ASCII
/// so they can be typed on any keyboard layout, and a CLI `--user` never
/// depends on the terminal's Unicode normalisation.
pub fn check_username(raw: &str) -> Result<String, StaffRuleError> {
    let name = raw.trim().to_ascii_lowercase();
    let len = name.chars().count();
    if len < USERNAME_CHARS.0 || len > USERNAME_CHARS.1 {
        return Err(StaffRuleError::UsernameLength);
    }
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(StaffRuleError::UsernameStart);
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
    if !name.chars().all(allowed) {
        return Err(StaffRuleError::UsernameChars);
    }
    Ok(name)
}

/// The display name as stored ("Trần Văn An"): one clean line.
pub fn check_display_name(raw: &str) -> Result<String, StaffRuleError> {
    let name = crate::text::clean_line(raw);
    if name.is_empty() {
        return Err(StaffRuleError::NameEmpty);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(StaffRuleError::NameTooLong);
    }
    Ok(name)
}

/// A new password or PIN. The secret is checked exactly as typed: trimming
/// it would make a password with a trailing space unusable.
pub fn check_secret(kind: SecretKind, secret: &str) -> Result<(), StaffRuleError> {
    let chars = secret.chars().count();
    if chars > MAX_SECRET_CHARS {
        return Err(StaffRuleError::SecretTooLong);
    }
    match kind {
        SecretKind::Password => {
            if chars < MIN_PASSWORD_CHARS {
                return Err(StaffRuleError::PasswordShort);
            }
            let mut it = secret.chars();
            let first = it.next();
            if it.all(|c| Some(c) == first) {
                return Err(StaffRuleError::PasswordRepeated);
            }
        }
        SecretKind::Pin => {
            if !secret.chars().all(|c| c.is_ascii_digit()) {
                return Err(StaffRuleError::PinNotDigits);
            }
            if chars < MIN_PIN_DIGITS {
                return Err(StaffRuleError::PinShort);
            }
        }
    }
    Ok(())
}

/// How long an account is locked after its `failures`-th failed login in a
/// row, or `None` when that failure does not lock it. Every fifth failure
/// locks: 5 minutes, then 10, 20, 40, and 60 from then on. The count goes
/// back to zero only at a successful login, so someone guessing gets five
/// tries per lock while the locks grow; an officer who mistyped five times
/// waits five minutes.
pub fn lockout_after(failures: u32) -> Option<Duration> {
    if failures == 0 || !failures.is_multiple_of(LOCK_AFTER) {
        return None;
    }
    let doublings = (failures / LOCK_AFTER - 1).min(16);
    let lock = FIRST_LOCK.saturating_mul(1u32 << doublings);
    Some(lock.min(MAX_LOCK))
}

#[cfg(test)]
mod tests;
