//! `quay staff …`: staff accounts from the command line. The first account
//! of a new installation is made here (or on the GUI's first-start screen)
//! and must be an administrator; after that, only an administrator logged
//! in with `--user` adds, changes or resets accounts, and anyone may change
//! their own password.

use std::io::IsTerminal;
use std::path::Path;

use clap::Subcommand;

use super::login::{NEW_PASSWORD_ENV, PASSWORD_ENV, login, read_secret};
use crate::domain::access::{Permission, Role};
use crate::domain::staff::{SecretKind, check_secret};
use crate::store::{NewStaff, StaffChange, Store};

type CliResult = Result<(), String>;

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a staff account. Its password (or PIN, with --pin) comes from
    /// QUAY_NEW_PASSWORD (or QUAY_PASSWORD on a database without accounts),
    /// else a prompt, else a line of standard input. The first account must
    /// be an administrator.
    Add {
        /// Letters a–z, digits, '.', '_', '-', e.g. an.tv
        #[arg(long)]
        username: String,
        /// Full name, e.g. "Trần Văn An"
        #[arg(long)]
        name: String,
        /// officer, lead or admin
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// A PIN of at least 6 digits instead of a password
        #[arg(long)]
        pin: bool,
    },
    /// Every account: USERNAME<TAB>ROLE<TAB>STATE<TAB>SECRET<TAB>NAME.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change an account's name, role, or whether it may log in.
    Set {
        username: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_parser = parse_role)]
        role: Option<Role>,
        #[arg(long, value_name = "true|false")]
        active: Option<bool>,
    },
    /// Set a new password (or PIN, with --pin): an administrator for anyone,
    /// or a user for themselves. The new one comes from QUAY_NEW_PASSWORD,
    /// a prompt or standard input; it also lifts a lock.
    Password {
        username: String,
        #[arg(long)]
        pin: bool,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("unknown role {s:?}: expected officer, lead or admin"))
}

fn kind(pin: bool) -> SecretKind {
    if pin {
        SecretKind::Pin
    } else {
        SecretKind::Password
    }
}

/// Runs a staff command against the database at `db`, as `user`.
pub fn run(command: StaffCommand, db: &Path, user: Option<&str>) -> CliResult {
    let mut store = Store::open(db).map_err(|e| format!("cannot open {}: {e}", db.display()))?;
    match command {
        StaffCommand::Add {
            username,
            name,
            role,
            pin,
        } => add(&mut store, user, username, name, role, kind(pin)),
        StaffCommand::List { json } => {
            let who = login(&mut store, user)?.actor;
            who.require(Permission::ManageStaff)
                .map_err(|e| e.to_string())?;
            list(&store, json)
        }
        StaffCommand::Set {
            username,
            name,
            role,
            active,
        } => {
            if name.is_none() && role.is_none() && active.is_none() {
                return Err("nothing to change: give --name, --role or --active".into());
            }
            let who = login(&mut store, user)?.actor;
            let change = StaffChange {
                display_name: name,
                role,
                active,
            };
            let s = store
                .update_staff(&username, &change, &who)
                .map_err(|e| e.to_string())?;
            let state = if s.active { "active" } else { "disabled" };
            println!(
                "{}\t{}\t{state}\t{}",
                s.username,
                s.role.key(),
                s.display_name
            );
            Ok(())
        }
        StaffCommand::Password { username, pin } => {
            let session = login(&mut store, user)?;
            let own = session
                .actor
                .username()
                .is_some_and(|me| me.eq_ignore_ascii_case(username.trim()));
            if !own {
                session
                    .actor
                    .require(Permission::ManageStaff)
                    .map_err(|e| e.to_string())?;
            }
            let secret = new_secret(session.secret.is_some(), &username, kind(pin))?;
            // Changing one's own: the login just proved the current one.
            let old = session.secret.as_deref().filter(|_| own);
            store
                .set_secret(&username, kind(pin), &secret, old, &session.actor)
                .map_err(|e| e.to_string())?;
            eprintln!("new {} set for {}", kind_en(kind(pin)), username.trim());
            Ok(())
        }
    }
}

fn add(
    store: &mut Store,
    user: Option<&str>,
    username: String,
    display_name: String,
    role: Role,
    kind: SecretKind,
) -> CliResult {
    let first = !store.has_staff().map_err(|e| e.to_string())?;
    if first && role != Role::Admin {
        return Err(
            "there is no staff account yet: the first one must be an administrator (--role admin)"
                .into(),
        );
    }
    let by = match first {
        true => None,
        false => {
            let who = login(store, user)?.actor;
            // Refused before asking for the new account's password.
            who.require(Permission::ManageStaff)
                .map_err(|e| e.to_string())?;
            Some(who)
        }
    };
    let secret = new_secret(by.is_some(), &username, kind)?;
    let new = NewStaff {
        username,
        display_name,
        role,
        secret_kind: kind,
        secret,
    };
    let added = match &by {
        None => store.first_admin(&new).map(|a| a.name().to_string()),
        Some(by) => store
            .create_staff(&new, by)
            .map(|s| s.actor().name().to_string()),
    }
    .map_err(|e| e.to_string())?;
    println!("{added}\t{}", role.key());
    if first {
        eprintln!(
            "the first administrator exists: from now on commands need --user and a password"
        );
    }
    Ok(())
}

fn list(store: &Store, json: bool) -> CliResult {
    let staff = store.staff_list().map_err(|e| e.to_string())?;
    if json {
        let text = serde_json::to_string_pretty(&staff).map_err(|e| e.to_string())?;
        println!("{text}");
        return Ok(());
    }
    let now = crate::store::now_local();
    let mut out = String::new();
    for s in staff {
        let state = match (s.active, s.locked_at(now)) {
            (false, _) => "disabled".to_string(),
            (true, Some(until)) => format!("locked until {}", until.format("%Y-%m-%dT%H:%M")),
            (true, None) => "active".to_string(),
        };
        out.push_str(&format!(
            "{}\t{}\t{state}\t{}\t{}\n",
            s.username,
            s.role.key(),
            s.secret_kind.key(),
            s.display_name
        ));
    }
    print!("{out}");
    Ok(())
}

fn kind_en(kind: SecretKind) -> &'static str {
    match kind {
        SecretKind::Password => "password",
        SecretKind::Pin => "PIN",
    }
}

/// The new password or PIN. `logged_in`: this run took `QUAY_PASSWORD` (or
/// the first prompt) for the login, so the new one has its own variable.
fn new_secret(logged_in: bool, username: &str, kind: SecretKind) -> Result<String, String> {
    let env = if logged_in || std::env::var(NEW_PASSWORD_ENV).is_ok() {
        NEW_PASSWORD_ENV
    } else {
        PASSWORD_ENV
    };
    let what = kind_en(kind);
    let prompt = format!("New {what} for {}: ", username.trim());
    let secret = read_secret(env, &prompt)?;
    check_secret(kind, &secret).map_err(|e| e.to_string())?;
    // Typed blind at a terminal: asked twice, so a slip does not lock anyone out.
    if std::env::var(env).is_err() && std::io::stdin().is_terminal() {
        let again = read_secret(env, &format!("The same {what} again: "))?;
        if again != secret {
            return Err(format!("the two {what}s differ; nothing changed"));
        }
    }
    Ok(secret)
}
