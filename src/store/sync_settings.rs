//! The hub's address and enrolment token (setting `sync`).

use rusqlite::params;

use super::{Actor, Store, StoreError, audit};
use crate::domain::access::Permission;
use crate::domain::sync_settings::HubSettings;

const SYNC_KEY: &str = "sync";

impl Store {
    /// Where to send events; defaults (no address) until configured.
    pub fn hub_settings(&self) -> Result<HubSettings, StoreError> {
        self.json_setting(SYNC_KEY, "sync settings")
    }

    /// Replaces the hub settings, with an audit row. The token is a secret the
    /// province handed out: the audit says whether it changed, never what it is.
    pub fn save_hub_settings(
        &mut self,
        settings: &HubSettings,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        actor.require(Permission::SyncSettings)?;
        let before = self.hub_settings()?;
        let json =
            serde_json::to_string(settings).map_err(|e| StoreError::corrupt("sync settings", e))?;
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![SYNC_KEY, json],
        )?;
        let shown = |s: &HubSettings| {
            serde_json::json!({
                "hub_url": s.hub_url,
                "enrol_token": s.enrol_token.as_ref().map(|_| "(set)"),
            })
        };
        let mut after = shown(settings);
        if before.enrol_token.is_some() && before.enrol_token != settings.enrol_token {
            after["enrol_token"] = "(changed)".into();
        }
        audit::append(
            &tx,
            actor,
            "settings.sync",
            SYNC_KEY,
            Some(&shown(&before)),
            Some(&after),
        )?;
        tx.commit()?;
        Ok(())
    }
}
