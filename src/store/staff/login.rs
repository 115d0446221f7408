//! Logging in on this PC (đăng nhập), offline: the secret is checked against
//! its argon2 hash; failures are counted in the account's row, and every
//! fifth in a row locks it (`domain::staff::lockout_after`), so neither
//! closing the program nor another counter's PC resets a lock.

use chrono::NaiveDateTime;
use rusqlite::params;

use super::{Staff, entity, find, secret};
use crate::domain::Localized;
use crate::domain::format::fmt_datetime;
use crate::domain::staff::lockout_after;
use crate::store::{Actor, Store, StoreError, audit, fmt_ts};

/// Why a login was refused.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LoginError {
    /// One answer for both, so a guesser cannot learn which usernames exist.
    #[error("unknown username or wrong password")]
    UnknownOrWrong,
    #[error("too many failed logins: the account is locked until {until}")]
    Locked { until: NaiveDateTime },
    #[error("the account is disabled")]
    Disabled,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for LoginError {
    fn from(e: rusqlite::Error) -> Self {
        LoginError::Store(e.into())
    }
}

impl Localized for LoginError {
    fn vi(&self) -> String {
        match self {
            LoginError::UnknownOrWrong => "Tên đăng nhập hoặc mật khẩu không đúng.".into(),
            LoginError::Locked { until } => format!(
                "Đăng nhập sai nhiều lần: tài khoản bị khoá đến {}. Hãy chờ, hoặc nhờ quản trị viên đặt lại mật khẩu.",
                fmt_datetime(*until)
            ),
            LoginError::Disabled => {
                "Tài khoản đã bị vô hiệu hoá. Hãy liên hệ quản trị viên.".into()
            }
            LoginError::Store(e) => e.vi(),
        }
    }
}

impl Store {
    /// Logs `username` in with `secret` at `now`, giving the actor every
    /// later action runs as. A locked account is refused without checking
    /// the secret (and without counting), so waiting is the only way on.
    pub fn authenticate(
        &mut self,
        username: &str,
        secret: &str,
        now: NaiveDateTime,
    ) -> Result<Actor, LoginError> {
        let username = username.trim();
        let Some((staff, stored)) = find(self.conn(), username)? else {
            secret::verify_nothing(secret);
            return Err(LoginError::UnknownOrWrong);
        };
        if let Some(until) = staff.locked_at(now) {
            return Err(LoginError::Locked { until });
        }
        // Checked before the write lock: it takes a moment, and other
        // counters should not wait on it.
        let ok = secret::verify(secret, &stored);
        if ok && !staff.active {
            return Err(LoginError::Disabled);
        }
        let tx = self.write()?;
        // Read again under the lock: two wrong tries at once both count.
        let Some((staff, _)) = find(&tx, &staff.username)? else {
            return Err(LoginError::UnknownOrWrong);
        };
        if !ok {
            let failures = staff.failed_logins.saturating_add(1);
            let until = lockout_after(failures).map(|lock| now + lock);
            tx.prepare_cached(include_str!("../sql/staff/login_failed.sql"))?
                .execute(params![staff.id, failures, until.map(fmt_ts)])?;
            audit::append(
                &tx,
                &Actor::system("hệ thống"),
                "staff.login_failed",
                &entity(&staff.username),
                None,
                Some(&serde_json::json!({
                    "failed_logins": failures,
                    "locked_until": until.map(fmt_ts),
                })),
            )?;
            tx.commit()?;
            return Err(match until {
                Some(until) => LoginError::Locked { until },
                None => LoginError::UnknownOrWrong,
            });
        }
        tx.prepare_cached(include_str!("../sql/staff/login_ok.sql"))?
            .execute(params![staff.id, fmt_ts(now)])?;
        let actor = staff.actor();
        audit::append(
            &tx,
            &actor,
            "staff.login",
            &entity(&staff.username),
            None,
            None,
        )?;
        tx.commit()?;
        Ok(actor)
    }
}

impl Staff {
    /// Failed logins left before the next lock.
    pub fn tries_left(&self) -> u32 {
        let every = crate::domain::staff::LOCK_AFTER;
        every - self.failed_logins % every
    }
}
