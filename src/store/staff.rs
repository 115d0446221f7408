//! Staff accounts on this PC (tài khoản cán bộ): created, changed and reset by
//! an administrator, a user's own password change, and logging in
//! (`staff/login.rs`). Every change is one transaction with its audit row;
//! the audit never holds a secret or its hash.

mod login;
mod secret;

use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::Serialize;

use super::{Actor, Store, StoreError, audit, fmt_ts, now, parse_ts};
use crate::domain::Localized;
use crate::domain::access::{Denied, Permission, Role};
use crate::domain::staff::{
    SecretKind, StaffRuleError, check_display_name, check_secret, check_username,
};

pub use login::LoginError;

/// A staff account as stored, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Staff {
    pub id: i64,
    /// Tên đăng nhập, lower-case ASCII ("an.tv").
    pub username: String,
    /// Họ và tên ("Trần Văn An").
    pub display_name: String,
    pub role: Role,
    pub secret_kind: SecretKind,
    /// A disabled account cannot log in; it stays for the audit trail.
    pub active: bool,
    /// Failed logins since the last successful one.
    pub failed_logins: u32,
    pub locked_until: Option<NaiveDateTime>,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Staff {
    /// Who this account acts as once logged in.
    pub fn actor(&self) -> Actor {
        Actor::staff(&self.username, &self.display_name, self.role)
    }

    /// Whether a login at `now` is refused for the lock.
    pub fn locked_at(&self, now: NaiveDateTime) -> Option<NaiveDateTime> {
        self.locked_until.filter(|until| *until > now)
    }

    /// What the audit trail keeps of the account.
    fn audit_json(&self) -> serde_json::Value {
        serde_json::json!({
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role.key(),
            "secret_kind": self.secret_kind.key(),
            "active": self.active,
        })
    }
}

/// A new account, as the form or `quay staff add` gives it.
#[derive(Clone, PartialEq, Eq)]
pub struct NewStaff {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub secret_kind: SecretKind,
    /// The password or PIN as typed; only its argon2 hash is stored.
    pub secret: String,
}

// Written by hand so that a log line or a panic message never shows the secret.
impl std::fmt::Debug for NewStaff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewStaff")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("secret_kind", &self.secret_kind)
            .finish_non_exhaustive()
    }
}

/// What an administrator changes about an account; `None` keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffChange {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub active: Option<bool>,
}

/// Why a change to the staff accounts was refused. Nothing changed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StaffError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Rule(#[from] StaffRuleError),
    #[error("the username {0} is taken")]
    UsernameTaken(String),
    #[error("no staff account {0}")]
    NotFound(String),
    #[error("the current password or PIN is wrong")]
    WrongSecret,
    #[error("staff accounts exist already: an administrator adds the others")]
    NotFirst,
    #[error("the first account must be an administrator")]
    FirstMustBeAdmin,
    #[error("{0} is the last active administrator: make another one first")]
    LastAdmin(String),
    #[error("cannot hash the secret: {0}")]
    Hash(String),
}

impl From<rusqlite::Error> for StaffError {
    fn from(e: rusqlite::Error) -> Self {
        StaffError::Store(e.into())
    }
}

impl From<Denied> for StaffError {
    fn from(denied: Denied) -> Self {
        StaffError::Store(StoreError::Denied(denied))
    }
}

impl Localized for StaffError {
    fn vi(&self) -> String {
        match self {
            StaffError::Store(e) => e.vi(),
            StaffError::Rule(e) => e.vi(),
            StaffError::UsernameTaken(u) => {
                format!("Tên đăng nhập {u} đã có người dùng. Hãy chọn tên khác.")
            }
            StaffError::NotFound(u) => format!("Không có tài khoản cán bộ {u}."),
            StaffError::WrongSecret => "Mật khẩu hoặc mã PIN hiện tại không đúng.".into(),
            StaffError::NotFirst => {
                "Đã có tài khoản cán bộ: quản trị viên tạo thêm tài khoản khác.".into()
            }
            StaffError::FirstMustBeAdmin => "Tài khoản đầu tiên phải là quản trị hệ thống.".into(),
            StaffError::LastAdmin(u) => format!(
                "{u} là quản trị viên duy nhất còn hoạt động: hãy tạo hoặc cấp quyền quản trị cho người khác trước."
            ),
            StaffError::Hash(_) => {
                "Không lưu được mật khẩu. Hãy thử lại; nếu vẫn lỗi, báo cán bộ kỹ thuật.".into()
            }
        }
    }
}

/// Entity key of an account in the audit trail.
fn entity(username: &str) -> String {
    format!("staff:{username}")
}

impl Store {
    /// Whether any account exists. Until one does, the program runs as
    /// before accounts (see `Actor::system`); the first must be made with
    /// [`Store::first_admin`].
    pub fn has_staff(&self) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT EXISTS (SELECT 1 FROM staff)", [], |r| r.get(0))?)
    }

    /// Every account, active ones first, by username.
    pub fn staff_list(&self) -> Result<Vec<Staff>, StoreError> {
        let mut stmt = self.conn().prepare_cached(concat!(
            include_str!("sql/staff/select.sql"),
            " ORDER BY active DESC, username"
        ))?;
        let rows = stmt.query_map([], read_staff)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row??.0);
        }
        Ok(out)
    }

    /// One account by username (any case).
    pub fn staff(&self, username: &str) -> Result<Option<Staff>, StoreError> {
        Ok(find(self.conn(), username.trim())?.map(|(s, _)| s))
    }

    /// The first administrator of a new installation, on the first-start
    /// screen or with `quay staff add`: only while there is no account at
    /// all. Returns the new administrator, logged in.
    pub fn first_admin(&mut self, new: &NewStaff) -> Result<Actor, StaffError> {
        if new.role != Role::Admin {
            return Err(StaffError::FirstMustBeAdmin);
        }
        let (username, display_name) = check_new(new)?;
        let hash = secret::hash(&new.secret)?;
        let tx = self.write()?;
        if count(&tx)? > 0 {
            return Err(StaffError::NotFirst);
        }
        let staff = insert(&tx, &username, &display_name, new, &hash)?;
        let actor = staff.actor();
        audit::append(
            &tx,
            &actor,
            "staff.create_first",
            &entity(&username),
            None,
            Some(&staff.audit_json()),
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(actor)
    }

    /// A new account, by an administrator.
    pub fn create_staff(&mut self, new: &NewStaff, by: &Actor) -> Result<Staff, StaffError> {
        by.require(Permission::ManageStaff)?;
        let (username, display_name) = check_new(new)?;
        // Hashing takes a moment: done before the write lock is taken.
        let hash = secret::hash(&new.secret)?;
        let tx = self.write()?;
        if new.role != Role::Admin && count(&tx)? == 0 {
            return Err(StaffError::FirstMustBeAdmin);
        }
        let staff = insert(&tx, &username, &display_name, new, &hash)?;
        audit::append(
            &tx,
            by,
            "staff.create",
            &entity(&username),
            None,
            Some(&staff.audit_json()),
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(staff)
    }

    /// Changes an account's display name, role or whether it may log in. The
    /// last active administrator cannot be demoted or disabled: nobody could
    /// manage the accounts after.
    pub fn update_staff(
        &mut self,
        username: &str,
        change: &StaffChange,
        by: &Actor,
    ) -> Result<Staff, StaffError> {
        by.require(Permission::ManageStaff)?;
        let display_name = change
            .display_name
            .as_deref()
            .map(check_display_name)
            .transpose()?;
        let tx = self.write()?;
        let (before, _) = find(&tx, username.trim())?
            .ok_or_else(|| StaffError::NotFound(username.trim().to_string()))?;
        let mut after = before.clone();
        if let Some(name) = display_name {
            after.display_name = name;
        }
        after.role = change.role.unwrap_or(before.role);
        after.active = change.active.unwrap_or(before.active);
        if after == before {
            return Ok(before);
        }
        let was_admin = before.role == Role::Admin && before.active;
        let still_admin = after.role == Role::Admin && after.active;
        if was_admin && !still_admin {
            let admins: i64 =
                tx.query_row(include_str!("sql/staff/active_admins.sql"), [], |r| {
                    r.get(0)
                })?;
            if admins <= 1 {
                return Err(StaffError::LastAdmin(before.username));
            }
        }
        after.updated_at = now();
        tx.prepare_cached(include_str!("sql/staff/update.sql"))
            .and_then(|mut s| {
                s.execute(params![
                    after.id,
                    after.display_name,
                    after.role.key(),
                    after.active,
                    fmt_ts(after.updated_at)
                ])
            })
            .map_err(StoreError::from)?;
        audit::append(
            &tx,
            by,
            "staff.update",
            &entity(&after.username),
            Some(&before.audit_json()),
            Some(&after.audit_json()),
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(after)
    }

    /// Sets a new password or PIN for `username`. A user changing their own
    /// gives the current one in `old`; an administrator resets anyone's
    /// without it. Either way a lock is lifted and the failures forgotten.
    pub fn set_secret(
        &mut self,
        username: &str,
        kind: SecretKind,
        new_secret: &str,
        old: Option<&str>,
        by: &Actor,
    ) -> Result<(), StaffError> {
        let username = username.trim();
        let own = by
            .username()
            .is_some_and(|me| me.eq_ignore_ascii_case(username));
        if !own {
            by.require(Permission::ManageStaff)?;
        }
        check_secret(kind, new_secret)?;
        let (staff, stored) =
            find(self.conn(), username)?.ok_or_else(|| StaffError::NotFound(username.into()))?;
        if own && !old.is_some_and(|old| secret::verify(old, &stored)) {
            return Err(StaffError::WrongSecret);
        }
        let hash = secret::hash(new_secret)?;
        let tx = self.write()?;
        let at = now();
        tx.prepare_cached(include_str!("sql/staff/set_secret.sql"))
            .and_then(|mut s| s.execute(params![staff.id, hash, kind.key(), fmt_ts(at)]))
            .map_err(StoreError::from)?;
        let action = if own {
            "staff.secret_change"
        } else {
            "staff.secret_reset"
        };
        audit::append(
            &tx,
            by,
            action,
            &entity(&staff.username),
            Some(&serde_json::json!({ "secret_kind": staff.secret_kind.key() })),
            Some(&serde_json::json!({ "secret_kind": kind.key() })),
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }
}

/// The cleaned username and display name of `new`, and its secret checked.
fn check_new(new: &NewStaff) -> Result<(String, String), StaffError> {
    let username = check_username(&new.username)?;
    let display_name = check_display_name(&new.display_name)?;
    check_secret(new.secret_kind, &new.secret)?;
    Ok((username, display_name))
}

fn count(tx: &Transaction<'_>) -> Result<i64, StoreError> {
    Ok(tx.query_row("SELECT count(*) FROM staff", [], |r| r.get(0))?)
}

fn insert(
    tx: &Transaction<'_>,
    username: &str,
    display_name: &str,
    new: &NewStaff,
    hash: &str,
) -> Result<Staff, StaffError> {
    let at = now();
    let inserted = tx
        .prepare_cached(include_str!("sql/staff/insert.sql"))
        .and_then(|mut s| {
            s.execute(params![
                username,
                display_name,
                new.role.key(),
                hash,
                new.secret_kind.key(),
                fmt_ts(at)
            ])
        });
    match inserted {
        Ok(_) => {}
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            return Err(StaffError::UsernameTaken(username.to_string()));
        }
        Err(e) => return Err(StoreError::from(e).into()),
    }
    Ok(Staff {
        id: tx.last_insert_rowid(),
        username: username.to_string(),
        display_name: display_name.to_string(),
        role: new.role,
        secret_kind: new.secret_kind,
        active: true,
        failed_logins: 0,
        locked_until: None,
        last_login_at: None,
        created_at: at,
        updated_at: at,
    })
}

/// The account `username` (any case) and its stored hash.
fn find(
    conn: &rusqlite::Connection,
    username: &str,
) -> Result<Option<(Staff, String)>, StoreError> {
    conn.prepare_cached(concat!(
        include_str!("sql/staff/select.sql"),
        " WHERE username = ?1"
    ))?
    .query_row([username], read_staff)
    .optional()?
    .transpose()
}

/// Reads the columns of `staff/select.sql`.
fn read_staff(r: &Row) -> rusqlite::Result<Result<(Staff, String), StoreError>> {
    let role: String = r.get("role")?;
    let kind: String = r.get("secret_kind")?;
    let times: [Option<String>; 4] = [
        r.get("locked_until")?,
        r.get("last_login_at")?,
        r.get("created_at")?,
        r.get("updated_at")?,
    ];
    let (id, username, display_name, active, failed_logins, hash) = (
        r.get("id")?,
        r.get("username")?,
        r.get("display_name")?,
        r.get("active")?,
        r.get("failed_logins")?,
        r.get("secret_hash")?,
    );
    Ok((|| {
        let ts = |t: &Option<String>| t.as_deref().map(parse_ts).transpose();
        let [locked_until, last_login_at, created_at, updated_at] = &times;
        let staff = Staff {
            id,
            username,
            display_name,
            role: Role::parse(&role).ok_or_else(|| StoreError::corrupt("staff role", &role))?,
            secret_kind: SecretKind::from_key(&kind)
                .ok_or_else(|| StoreError::corrupt("secret kind", &kind))?,
            active,
            failed_logins,
            locked_until: ts(locked_until)?,
            last_login_at: ts(last_login_at)?,
            created_at: ts(created_at)?.unwrap_or_default(),
            updated_at: ts(updated_at)?.unwrap_or_default(),
        };
        Ok((staff, hash))
    })())
}
