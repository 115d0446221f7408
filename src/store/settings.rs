use rusqlite::{OptionalExtension, Transaction, params};

use super::{Actor, Store, StoreError, audit, fmt_ts, now};
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
        let value: Option<String> = self
            .conn()
            .query_row(
                "SELECT value FROM setting WHERE key = ?1",
                [CENTER_KEY],
                |r| r.get(0),
            )
            .optional()?;
        match value {
            None => Ok(CenterSettings::default()),
            Some(json) => {
                serde_json::from_str(&json).map_err(|e| StoreError::corrupt("settings", e))
            }
        }
    }

    pub fn save_settings(
        &mut self,
        settings: &CenterSettings,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        if settings.counter_no == 0 || settings.counter_no > MAX_COUNTER {
            return Err(StoreError::BadCounter(settings.counter_no));
        }
        let before = self.settings()?;
        let after_json =
            serde_json::to_value(settings).map_err(|e| StoreError::corrupt("settings", e))?;
        let before_json =
            serde_json::to_value(&before).map_err(|e| StoreError::corrupt("settings", e))?;
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![CENTER_KEY, after_json.to_string()],
        )?;
        audit::append(
            &tx,
            actor,
            "settings.save",
            CENTER_KEY,
            Some(&before_json),
            Some(&after_json),
        )?;
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
