//! Staff accounts in the store: the first administrator, accounts made and
//! changed by an administrator, passwords, logging in and the lock.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic: that is how they fail

mod common;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use common::temp_db;
use quay::domain::access::Role;
use quay::domain::staff::{SecretKind, StaffRuleError};
use quay::store::{Actor, LoginError, NewStaff, StaffChange, StaffError, Store, StoreError};

fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

fn new(username: &str, role: Role, secret: &str) -> NewStaff {
    NewStaff {
        username: username.into(),
        display_name: format!("Cán bộ {username}"),
        role,
        secret_kind: SecretKind::Password,
        secret: secret.into(),
    }
}

/// A database with an administrator `admin` (password "quản trị 2026").
fn with_admin() -> (tempfile::TempDir, Store, Actor) {
    let (dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    assert!(!store.has_staff().unwrap());
    let admin = store
        .first_admin(&new("admin", Role::Admin, "quản trị 2026"))
        .unwrap();
    assert!(store.has_staff().unwrap());
    (dir, store, admin)
}

/// Everything the audit trail holds about accounts, as one text.
fn staff_audit(store: &Store) -> String {
    let c = rusqlite::Connection::open(store.path()).unwrap();
    let mut stmt = c
        .prepare(
            "SELECT actor || ' ' || action || ' ' || coalesce(before, '') || ' ' || coalesce(after, '')
             FROM audit_log WHERE entity_key LIKE 'staff:%' ORDER BY id",
        )
        .unwrap();
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.join("\n")
}

#[test]
fn the_first_account_is_an_administrator_and_only_the_first() {
    let (_dir, db) = temp_db();
    let mut store = Store::open(&db).unwrap();
    let officer = new("an.tv", Role::Officer, "mật khẩu 1");
    assert!(matches!(
        store.first_admin(&officer),
        Err(StaffError::FirstMustBeAdmin)
    ));
    // Neither may the program make an officer first: nobody could manage it.
    assert!(matches!(
        store.create_staff(&officer, &Actor::system("test")),
        Err(StaffError::FirstMustBeAdmin)
    ));
    assert!(!store.has_staff().unwrap());

    let admin = store
        .first_admin(&new(" Admin ", Role::Admin, "quản trị 2026"))
        .unwrap();
    assert_eq!(admin.username(), Some("admin"));
    assert_eq!(admin.role(), Role::Admin);
    assert_eq!(admin.name(), "Cán bộ Admin (admin)");
    assert!(matches!(
        store.first_admin(&new("admin2", Role::Admin, "quản trị 2026")),
        Err(StaffError::NotFirst)
    ));
}

#[test]
fn an_administrator_adds_changes_and_lists_accounts() {
    let (_dir, mut store, admin) = with_admin();
    let an = store
        .create_staff(&new("An.TV", Role::Officer, "mật khẩu 1"), &admin)
        .unwrap();
    assert_eq!(an.username, "an.tv");
    assert!(an.active);
    assert!(matches!(
        store.create_staff(&new("AN.tv", Role::Lead, "mật khẩu 1"), &admin),
        Err(StaffError::UsernameTaken(u)) if u == "an.tv"
    ));
    assert!(matches!(
        store.create_staff(&new("an tv", Role::Lead, "mật khẩu 1"), &admin),
        Err(StaffError::Rule(StaffRuleError::UsernameChars))
    ));
    assert!(matches!(
        store.create_staff(&new("binh", Role::Lead, "1111111111"), &admin),
        Err(StaffError::Rule(StaffRuleError::PasswordRepeated))
    ));
    let pin = NewStaff {
        secret_kind: SecretKind::Pin,
        secret: "12345".into(),
        ..new("binh", Role::Lead, "")
    };
    assert!(matches!(
        store.create_staff(&pin, &admin),
        Err(StaffError::Rule(StaffRuleError::PinShort))
    ));
    let binh = store
        .create_staff(
            &NewStaff {
                secret: "246810".into(),
                ..pin
            },
            &admin,
        )
        .unwrap();
    assert_eq!(binh.secret_kind, SecretKind::Pin);

    let changed = store
        .update_staff(
            "AN.TV",
            &StaffChange {
                display_name: Some("  Trần  Văn An ".into()),
                role: Some(Role::Lead),
                active: Some(false),
            },
            &admin,
        )
        .unwrap();
    assert_eq!(
        (changed.display_name.as_str(), changed.role, changed.active),
        ("Trần Văn An", Role::Lead, false)
    );
    let list: Vec<(String, bool)> = store
        .staff_list()
        .unwrap()
        .into_iter()
        .map(|s| (s.username, s.active))
        .collect();
    assert_eq!(
        list,
        [
            ("admin".to_string(), true),
            ("binh".to_string(), true),
            ("an.tv".to_string(), false)
        ]
    );
    assert!(matches!(
        store.update_staff("nobody", &StaffChange::default(), &admin),
        Err(StaffError::NotFound(_))
    ));

    // Never a secret or its hash in the trail.
    let trail = staff_audit(&store);
    for action in ["staff.create_first", "staff.create", "staff.update"] {
        assert!(trail.contains(action), "{trail}");
    }
    for secret in ["quản trị 2026", "mật khẩu 1", "246810", "$argon2"] {
        assert!(!trail.contains(secret), "{secret} in {trail}");
    }
}

#[test]
fn the_last_active_administrator_stays_one() {
    let (_dir, mut store, admin) = with_admin();
    let demote = StaffChange {
        role: Some(Role::Lead),
        ..StaffChange::default()
    };
    let disable = StaffChange {
        active: Some(false),
        ..StaffChange::default()
    };
    for change in [&demote, &disable] {
        assert!(matches!(
            store.update_staff("admin", change, &admin),
            Err(StaffError::LastAdmin(u)) if u == "admin"
        ));
    }
    store
        .create_staff(&new("quantri2", Role::Admin, "quản trị 2027"), &admin)
        .unwrap();
    store.update_staff("admin", &disable, &admin).unwrap();
}

#[test]
fn only_an_administrator_manages_accounts() {
    let (_dir, mut store, admin) = with_admin();
    store
        .create_staff(&new("an.tv", Role::Officer, "mật khẩu 1"), &admin)
        .unwrap();
    for role in [Role::Officer, Role::Lead] {
        let who = Actor::staff("an.tv", "Trần Văn An", role);
        let denied =
            |e: StaffError| matches!(e, StaffError::Store(StoreError::Denied(d)) if d.role == role);
        assert!(denied(
            store
                .create_staff(&new("khac", Role::Admin, "mật khẩu 2"), &who)
                .unwrap_err()
        ));
        assert!(denied(
            store
                .update_staff(
                    "an.tv",
                    &StaffChange {
                        role: Some(Role::Admin),
                        ..StaffChange::default()
                    },
                    &who
                )
                .unwrap_err()
        ));
        assert!(denied(
            store
                .set_secret("admin", SecretKind::Password, "chiếm quyền 1", None, &who)
                .unwrap_err()
        ));
    }
    assert_eq!(store.staff_list().unwrap().len(), 2);
}

#[test]
fn login_counts_failures_locks_and_forgets_them_on_success() {
    let (_dir, mut store, admin) = with_admin();
    store
        .create_staff(&new("an.tv", Role::Officer, "mật khẩu 1"), &admin)
        .unwrap();
    let t = at(9, 0);
    let ok = store.authenticate(" AN.TV ", "mật khẩu 1", t).unwrap();
    assert_eq!(ok, Actor::staff("an.tv", "Cán bộ an.tv", Role::Officer));
    assert_eq!(ok.name(), "Cán bộ an.tv (an.tv)");

    // The same answer for a wrong password and an unknown user.
    assert!(matches!(
        store.authenticate("nobody", "mật khẩu 1", t),
        Err(LoginError::UnknownOrWrong)
    ));
    assert_eq!(
        LoginError::UnknownOrWrong.to_string(),
        "unknown username or wrong password"
    );
    for i in 1..=4 {
        assert!(
            matches!(
                store.authenticate("an.tv", "sai rồi", t),
                Err(LoginError::UnknownOrWrong)
            ),
            "try {i}"
        );
    }
    assert_eq!(store.staff("an.tv").unwrap().unwrap().failed_logins, 4);
    let until = t + Duration::minutes(5);
    assert!(matches!(
        store.authenticate("an.tv", "sai rồi", t),
        Err(LoginError::Locked { until: u }) if u == until
    ));
    // Locked: even the right password waits, and waiting is not counted.
    assert!(matches!(
        store.authenticate("an.tv", "mật khẩu 1", t + Duration::minutes(4)),
        Err(LoginError::Locked { until: u }) if u == until
    ));
    // The lock and the count are on disk: another connection sees them.
    let again = Store::open(store.path()).unwrap();
    let s = again.staff("an.tv").unwrap().unwrap();
    assert_eq!((s.failed_logins, s.locked_until), (5, Some(until)));

    // After the lock, five more tries before a lock twice as long.
    let later = until + Duration::seconds(1);
    for _ in 0..4 {
        assert!(store.authenticate("an.tv", "sai nữa", later).is_err());
    }
    assert!(matches!(
        store.authenticate("an.tv", "sai nữa", later),
        Err(LoginError::Locked { until: u }) if u == later + Duration::minutes(10)
    ));
    let free = later + Duration::minutes(10);
    store.authenticate("an.tv", "mật khẩu 1", free).unwrap();
    let s = store.staff("an.tv").unwrap().unwrap();
    assert_eq!(
        (s.failed_logins, s.locked_until, s.last_login_at),
        (0, None, Some(free))
    );
    let trail = staff_audit(&store);
    assert!(trail.contains("staff.login_failed"), "{trail}");
    assert!(trail.contains("staff.login"), "{trail}");
    assert!(!trail.contains("sai rồi") && !trail.contains("mật khẩu 1"));
}

#[test]
fn a_disabled_account_cannot_log_in() {
    let (_dir, mut store, admin) = with_admin();
    store
        .create_staff(&new("an.tv", Role::Officer, "mật khẩu 1"), &admin)
        .unwrap();
    let off = StaffChange {
        active: Some(false),
        ..StaffChange::default()
    };
    store.update_staff("an.tv", &off, &admin).unwrap();
    assert!(matches!(
        store.authenticate("an.tv", "mật khẩu 1", at(9, 0)),
        Err(LoginError::Disabled)
    ));
    // A wrong password does not even tell that the account exists.
    assert!(matches!(
        store.authenticate("an.tv", "sai rồi", at(9, 0)),
        Err(LoginError::UnknownOrWrong)
    ));
}

#[test]
fn passwords_change_with_the_old_one_or_by_an_administrator() {
    let (_dir, mut store, admin) = with_admin();
    store
        .create_staff(&new("an.tv", Role::Officer, "mật khẩu 1"), &admin)
        .unwrap();
    let an = store.authenticate("an.tv", "mật khẩu 1", at(9, 0)).unwrap();
    assert!(matches!(
        store.set_secret("an.tv", SecretKind::Pin, "135790", Some("sai"), &an),
        Err(StaffError::WrongSecret)
    ));
    assert!(matches!(
        store.set_secret("an.tv", SecretKind::Pin, "135790", None, &an),
        Err(StaffError::WrongSecret)
    ));
    store
        .set_secret("an.tv", SecretKind::Pin, "135790", Some("mật khẩu 1"), &an)
        .unwrap();
    assert!(store.authenticate("an.tv", "mật khẩu 1", at(9, 1)).is_err());
    store.authenticate("an.tv", "135790", at(9, 2)).unwrap();

    // Locked out, then reset by the administrator: the lock is lifted.
    for _ in 0..5 {
        let _ = store.authenticate("an.tv", "000000", at(10, 0));
    }
    assert!(matches!(
        store.authenticate("an.tv", "135790", at(10, 1)),
        Err(LoginError::Locked { .. })
    ));
    store
        .set_secret("an.tv", SecretKind::Password, "mật khẩu mới", None, &admin)
        .unwrap();
    let s = store.staff("an.tv").unwrap().unwrap();
    assert_eq!(
        (s.failed_logins, s.locked_until, s.secret_kind),
        (0, None, SecretKind::Password)
    );
    store
        .authenticate("an.tv", "mật khẩu mới", at(10, 2))
        .unwrap();
    let trail = staff_audit(&store);
    assert!(trail.contains("staff.secret_change") && trail.contains("staff.secret_reset"));
    assert!(!trail.contains("135790") && !trail.contains("mật khẩu mới"));
}
