use rusqlite::{OptionalExtension, Transaction, params};

use super::{Actor, Store, StoreError, audit, fmt_ts, now};
use crate::domain::access::Permission;
use crate::domain::numbering::MAX_COUNTER;
use crate::domain::settings::CenterSettings;

const CENTER_KEY: &str = "center";

pub(crate) fn create_station(tx: &Transaction) -> Result<(), StoreError> {
    tx.execute(
        "INSERT OR IGNORE INTO station (id, station_id, created_at) VALUES (1, ?1, ?2)",
        params![uuid::Uuid::now_v7().to_string(), fmt_ts(now())],
    )?;
    Ok(())
}

impl Store {
    /// The center's settings; defaults (with `configured == false`) before the
    /// first-run screen has been saved.
    pub fn settings(&self) -> Result<CenterSettings, StoreError> {
        self.json_setting(CENTER_KEY, "settings")
    }

    pub fn save_settings(
        &mut self,
        settings: &CenterSettings,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        actor.require(Permission::Settings)?;
        if settings.counter_no == 0 || settings.counter_no > MAX_COUNTER {
            return Err(StoreError::BadCounter(settings.counter_no));
        }
        self.save_json_setting(CENTER_KEY, "settings", "settings.save", settings, actor)
    }

    /// A setting stored as JSON under `key`, or its default while unsaved.
    /// `#[serde(default)]` on the type lets rows from older versions load.
    pub(crate) fn json_setting<T: serde::de::DeserializeOwned + Default>(
        &self,
        key: &str,
        what: &'static str,
    ) -> Result<T, StoreError> {
        let value: Option<String> = self
            .conn()
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?;
        match value {
            None => Ok(T::default()),
            Some(json) => serde_json::from_str(&json).map_err(|e| StoreError::corrupt(what, e)),
        }
    }

    /// Replaces the JSON setting `key` in one transaction with its audit row
    /// (before and after).
    pub(crate) fn save_json_setting<T: serde::Serialize + serde::de::DeserializeOwned + Default>(
        &mut self,
        key: &str,
        what: &'static str,
        action: &str,
        value: &T,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let json = |v: &T| serde_json::to_value(v).map_err(|e| StoreError::corrupt(what, e));
        let before = json(&self.json_setting::<T>(key, what)?)?;
        let after = json(value)?;
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, after.to_string()],
        )?;
        audit::append(&tx, actor, action, key, Some(&before), Some(&after))?;
        tx.commit()?;
        Ok(())
    }

    /// This database's sync identity, created with the database.
    pub fn station_id(&self) -> Result<String, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT station_id FROM station WHERE id = 1", [], |r| {
                r.get(0)
            })?)
    }
}
