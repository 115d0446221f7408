//! Who a command runs as. While the database has no staff account at all (a
//! fresh install, before the first administrator), the command line runs as
//! the program itself, as it always did. Once any account exists, a command
//! that reads or changes protected data needs `--user NAME` (or `QUAY_USER`)
//! and that account's password or PIN, and runs with its role; a wrong one
//! counts toward the account's lock like a wrong one in the GUI.

use std::io::{BufRead, IsTerminal};

use crate::store::{Actor, Store};

/// The password or PIN of `--user`.
pub const PASSWORD_ENV: &str = "QUAY_PASSWORD";
/// The new password or PIN of `staff add` and `staff password`, when the
/// run also logs in (so `QUAY_PASSWORD` is taken).
pub const NEW_PASSWORD_ENV: &str = "QUAY_NEW_PASSWORD";

/// The actor of this run, and the secret it logged in with (if it did).
pub(super) struct Login {
    pub actor: Actor,
    pub secret: Option<String>,
}

/// The program itself on a database without accounts: "cli:root".
fn system() -> Actor {
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME"));
    Actor::system(format!("cli:{}", user.unwrap_or_else(|_| "unknown".into())))
}

/// Logs in `user`, or runs as the program while there is no account.
pub(super) fn login(store: &mut Store, user: Option<&str>) -> Result<Login, String> {
    let user = user.map(str::trim).filter(|u| !u.is_empty());
    if !store.has_staff().map_err(|e| e.to_string())? {
        if let Some(user) = user {
            eprintln!("note: no staff account exists yet; --user {user} is not needed");
        }
        return Ok(Login {
            actor: system(),
            secret: None,
        });
    }
    let Some(user) = user else {
        return Err(format!(
            "this database has staff accounts: give --user NAME (or QUAY_USER) and the password \
             or PIN in {PASSWORD_ENV} or at the prompt"
        ));
    };
    let secret = read_secret(PASSWORD_ENV, &format!("Password or PIN for {user}: "))?;
    let actor = store
        .authenticate(user, &secret, crate::store::now_local())
        .map_err(|e| format!("login as {user} refused: {e}"))?;
    Ok(Login {
        actor,
        secret: Some(secret),
    })
}

/// A secret from the environment variable `env`, else a prompt without echo
/// on a terminal, else one line of standard input (its line end removed).
pub(super) fn read_secret(env: &str, prompt: &str) -> Result<String, String> {
    if let Ok(secret) = std::env::var(env) {
        return Ok(secret);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return rpassword::prompt_password(prompt)
            .map_err(|e| format!("cannot read the password from the terminal: {e}"));
    }
    // One line only: a command reading its own input (`dossier add --json -`)
    // finds the rest of standard input untouched.
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    if line.is_empty() {
        return Err(format!(
            "no password: set {env}, or type it at a terminal, or give it on standard input"
        ));
    }
    let end = line.trim_end_matches(['\n', '\r']).len();
    line.truncate(end);
    Ok(line)
}
