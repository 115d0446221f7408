//! Accounts work for the GUI, on the job thread like every other I/O:
//! logging in, unlocking the locked screen, the first administrator, and the
//! staff screen's changes. A job that logs someone in sets the session
//! itself, with the store still locked, so no other job runs in between
//! with the old one.

use chrono::NaiveDateTime;

use super::Message;
use super::job::Services;
use super::screen::{lock, login, staff};
use super::session::Secret;
use crate::domain::Localized;
use crate::domain::format::fmt_datetime;
use crate::domain::staff::SecretKind;
use crate::store::{Actor, LoginError, NewStaff, StaffChange, StaffError, Store, StoreError};

#[derive(Debug, Clone)]
pub enum AccessOp {
    Login {
        username: String,
        secret: Secret,
    },
    /// The same user again, on the lock screen.
    Unlock {
        username: String,
        secret: Secret,
    },
    /// The first administrator of a database without accounts.
    FirstAdmin(NewStaff),
    Staff(StaffOp),
}

/// The staff screen's work.
#[derive(Debug, Clone)]
pub enum StaffOp {
    List,
    Create(NewStaff),
    Update {
        username: String,
        change: StaffChange,
    },
    /// An administrator's reset; `old` only for their own account, which
    /// needs the current secret like any change of one's own.
    Reset {
        username: String,
        kind: SecretKind,
        secret: Secret,
        old: Option<Secret>,
    },
}

pub fn run(op: AccessOp, services: &Services) -> Message {
    let mut guard = match services.store.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    let store: &mut Store = &mut guard;
    let now = crate::store::now_local();
    match op {
        AccessOp::Login { username, secret } => {
            let result = store
                .authenticate(&username, secret.expose(), now)
                .inspect(|actor| services.set_session(Some(actor.clone())))
                .map_err(|e| login_error(&e, now));
            Message::Login(login::Message::Done(result))
        }
        AccessOp::Unlock { username, secret } => unlock(store, services, &username, &secret, now),
        AccessOp::FirstAdmin(new) => {
            let result = store
                .first_admin(&new)
                .inspect(|actor| services.set_session(Some(actor.clone())));
            Message::AdminCreated(result)
        }
        AccessOp::Staff(op) => Message::Staff(staff_op(store, services, op)),
    }
}

fn unlock(
    store: &mut Store,
    services: &Services,
    username: &str,
    secret: &Secret,
    now: NaiveDateTime,
) -> Message {
    let locked_by = services.session_now();
    if locked_by.as_ref().and_then(Actor::username) != Some(username) {
        // Logged out meanwhile (disabled, or by another window): start again.
        return Message::SessionEnded("Phiên làm việc đã kết thúc. Hãy đăng nhập lại.".into());
    }
    match store.authenticate(username, secret.expose(), now) {
        Ok(actor) => {
            services.set_session(Some(actor.clone()));
            Message::Lock(lock::Message::Done(Ok(actor)))
        }
        Err(LoginError::Disabled) => {
            services.set_session(None);
            Message::SessionEnded(
                "Tài khoản đã bị vô hiệu hoá nên đã đăng xuất. Hãy liên hệ quản trị viên.".into(),
            )
        }
        Err(LoginError::UnknownOrWrong) => {
            let left = store.staff(username).ok().flatten().map(|s| s.tries_left());
            let text = match left {
                Some(n) => format!(
                    "Mật khẩu hoặc mã PIN không đúng. Còn {n} lần thử trước khi tài khoản bị tạm khoá."
                ),
                None => "Mật khẩu hoặc mã PIN không đúng.".into(),
            };
            Message::Lock(lock::Message::Done(Err(text)))
        }
        Err(e) => Message::Lock(lock::Message::Done(Err(login_error(&e, now)))),
    }
}

/// The refusal in Vietnamese; a lock that ends today says just the time.
pub fn login_error(e: &LoginError, now: NaiveDateTime) -> String {
    match e {
        LoginError::Locked { until } => {
            let when = match until.date() == now.date() {
                true => until.format("%H:%M").to_string(),
                false => fmt_datetime(*until),
            };
            format!(
                "Đăng nhập sai nhiều lần: tài khoản bị khoá đến {when}. Hãy chờ, hoặc nhờ quản trị viên đặt lại mật khẩu."
            )
        }
        other => other.vi(),
    }
}

/// `r`, its refusal kept for the root's notice (`Services::note`).
fn noted<T>(services: &Services, r: Result<T, StaffError>) -> Result<T, StaffError> {
    if let Err(e) = &r {
        services.note(e);
    }
    r
}

fn staff_op(store: &mut Store, services: &Services, op: StaffOp) -> staff::Message {
    let who = services.actor(store).map_err(StaffError::from);
    match op {
        StaffOp::List => staff::Message::Listed(who.map_err(|e| services.vi(&e)).and_then(|who| {
            who.require(crate::domain::access::Permission::ManageStaff)
                .map_err(|d| services.vi(&StoreError::from(d)))?;
            store.staff_list().map_err(|e| services.vi(&e))
        })),
        StaffOp::Create(new) => staff::Message::Created(noted(
            services,
            who.and_then(|who| store.create_staff(&new, &who)),
        )),
        StaffOp::Update { username, change } => staff::Message::Changed(noted(
            services,
            who.and_then(|who| store.update_staff(&username, &change, &who)),
        )),
        StaffOp::Reset {
            username,
            kind,
            secret,
            old,
        } => {
            let result = who.and_then(|who| {
                let old = old.as_ref().map(Secret::expose);
                store.set_secret(&username, kind, secret.expose(), old, &who)
            });
            staff::Message::ResetDone(username, noted(services, result))
        }
    }
}
