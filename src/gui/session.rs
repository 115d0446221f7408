//! Who the GUI's jobs act as (`Services::session`). The login screen sets
//! the session after `Store::authenticate` and clears it to log out; every
//! job reads it through [`Services::actor`] with the store locked.
//!
//! Before the first staff account exists (a fresh install) the counter works
//! as it did before accounts, as the program itself ([`counter_actor`]),
//! only long enough to create the first administrator.

use super::job::Services;
use crate::domain::Localized;
use crate::domain::access::Denied;
use crate::domain::settings::CenterSettings;
use crate::store::{Actor, Store, StoreError};

impl Services {
    /// The actor a job runs as, read with the store locked. A system session
    /// is kept only while the database has no staff account: once one
    /// exists (made here or by `quay staff add`), the session ends and
    /// someone has to log in. A staff session ends when an administrator
    /// disables the account meanwhile, and follows a change of role or
    /// name at once (a demotion takes effect on the next action, not at the
    /// next login).
    pub fn actor(&self, store: &Store) -> Result<Actor, StoreError> {
        let current = self.session_now();
        let Some(actor) = current else {
            return Err(StoreError::NotSignedIn);
        };
        let stored = match actor.username() {
            Some(username) => Some(store.staff(username)?),
            None => None,
        };
        let has_staff = match stored {
            Some(_) => true,
            None => store.has_staff()?,
        };
        let mut session = self.session_guard();
        // Logged out (or in as someone else) while the store was read.
        if session.as_ref() != Some(&actor) {
            return session.clone().ok_or(StoreError::NotSignedIn);
        }
        match stored {
            // Disabled meanwhile: the root sees the empty session and says so.
            Some(Some(staff)) if !staff.active => {
                *session = None;
                Err(StoreError::NotSignedIn)
            }
            Some(Some(staff)) => {
                let fresh = staff.actor();
                if fresh != actor {
                    *session = Some(fresh.clone());
                }
                Ok(fresh)
            }
            // No such account (an actor set by a test): taken as given.
            Some(None) => Ok(actor),
            None if has_staff => {
                *session = None;
                Err(StoreError::NotSignedIn)
            }
            // Named from the settings of the moment, as the trail named the
            // counter before accounts: "quầy 2 (Lê Văn Tâm)".
            None => Ok(counter_actor(&store.settings()?)),
        }
    }

    /// Who is logged in now, without the store (the root's view and gate).
    pub fn session_now(&self) -> Option<Actor> {
        self.session_guard().clone()
    }

    /// Sets or clears (`None`: logged out) who the jobs act as.
    pub fn set_session(&self, actor: Option<Actor>) {
        *self.session_guard() = actor;
    }

    fn session_guard(&self) -> std::sync::MutexGuard<'_, Option<Actor>> {
        match self.session.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// `e` in Vietnamese for the screen that asked. When the core refused
    /// because of the role ([`Denied`] anywhere in its chain of causes),
    /// the refusal is also kept for the root, which shows it as a notice
    /// ([`Services::take_refusal`]).
    pub fn vi<E: Localized + std::error::Error + 'static>(&self, e: &E) -> String {
        self.note(e);
        e.vi()
    }

    /// Keeps the refusal in `e`, if it is one.
    pub fn note(&self, e: &(dyn std::error::Error + 'static)) {
        if let Some(denied) = refusal(e) {
            let mut kept = match self.refused.lock() {
                Ok(g) => g,
                Err(poisoned) => poisoned.into_inner(),
            };
            *kept = Some(denied);
        }
    }

    /// The last refusal a job met, once.
    pub fn take_refusal(&self) -> Option<Denied> {
        match self.refused.lock() {
            Ok(mut g) => g.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        }
    }
}

/// The role refusal behind `e`, if any: errors wrap the store's
/// `StoreError::Denied` (`QueueError::Store`, `StaffError::Store`, …), and
/// each level names the next as its source.
pub fn refusal(e: &(dyn std::error::Error + 'static)) -> Option<Denied> {
    let mut current = Some(e);
    while let Some(e) = current {
        if let Some(denied) = e.downcast_ref::<Denied>() {
            return Some(*denied);
        }
        current = e.source();
    }
    None
}

/// The counter itself, before any staff account exists.
pub fn counter_actor(settings: &CenterSettings) -> Actor {
    let name = settings.officer_name.trim();
    if name.is_empty() {
        Actor::system(format!("quầy {}", settings.counter_no))
    } else {
        Actor::system(format!("quầy {} ({name})", settings.counter_no))
    }
}

/// A password or PIN as typed, on its way from a form to a job. Its `Debug`
/// never shows it, so neither a log line nor a panic message can.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(typed: impl Into<String>) -> Secret {
        Secret(typed.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}
