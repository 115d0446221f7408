use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Actor, Store, StoreError, audit};
use crate::domain::access::Permission;
use crate::domain::catalog::{Procedure, parse_catalog_csv};

/// What an import changed. Importing the same file twice changes nothing the second time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Procedures (or calendar days) present before but absent from the file.
    pub removed: usize,
}

impl Store {
    /// Replaces the catalog with the procedures in `csv_text`. A malformed file is
    /// refused whole (with its line number) and nothing changes. Procedures missing
    /// from the file are deactivated, not deleted: stored dossiers refer to them.
    pub fn import_catalog(
        &mut self,
        csv_text: &str,
        actor: &Actor,
    ) -> Result<ImportSummary, StoreError> {
        actor.require(Permission::ImportCatalog)?;
        let procedures = parse_catalog_csv(csv_text)?;
        let tx = self.write()?;
        let mut summary = ImportSummary::default();
        {
            let mut existing =
                tx.prepare_cached("SELECT data, position, active FROM procedure WHERE code = ?1")?;
            let mut upsert = tx.prepare_cached(include_str!("sql/procedure_upsert.sql"))?;
            for (position, p) in procedures.iter().enumerate() {
                let data =
                    serde_json::to_string(p).map_err(|e| StoreError::corrupt("procedure", e))?;
                let old: Option<(String, i64, i64)> = existing
                    .query_row([&p.code], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()?;
                match old {
                    Some((d, pos, 1)) if d == data && pos == position as i64 => {
                        summary.unchanged += 1;
                        continue;
                    }
                    Some(_) => summary.updated += 1,
                    None => summary.added += 1,
                }
                upsert.execute(params![p.code, p.name, p.field, position as i64, data])?;
            }
        }
        let codes: Vec<&str> = procedures.iter().map(|p| p.code.as_str()).collect();
        let codes_json =
            serde_json::to_string(&codes).map_err(|e| StoreError::corrupt("codes", e))?;
        summary.removed = tx.execute(
            "UPDATE procedure SET active = 0
             WHERE active = 1 AND code NOT IN (SELECT value FROM json_each(?1))",
            [codes_json],
        )?;
        let after = serde_json::to_value(summary).map_err(|e| StoreError::corrupt("summary", e))?;
        if summary.added + summary.updated + summary.removed > 0 {
            audit::append(&tx, actor, "catalog.import", "catalog", None, Some(&after))?;
        }
        tx.commit()?;
        Ok(summary)
    }

    /// Active procedures in the order of the imported file.
    pub fn procedures(&self) -> Result<Vec<Procedure>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT data FROM procedure WHERE active = 1 ORDER BY position")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|row| {
            let data = row?;
            serde_json::from_str(&data).map_err(|e| StoreError::corrupt("procedure", e))
        })
        .collect()
    }

    /// One procedure by code, active or not.
    pub fn procedure(&self, code: &str) -> Result<Option<Procedure>, StoreError> {
        let data: Option<String> = self
            .conn()
            .query_row("SELECT data FROM procedure WHERE code = ?1", [code], |r| {
                r.get(0)
            })
            .optional()?;
        data.map(|d| serde_json::from_str(&d).map_err(|e| StoreError::corrupt("procedure", e)))
            .transpose()
    }
}
