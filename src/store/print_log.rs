use rusqlite::params;

use super::{Actor, Store, StoreError, audit, fmt_ts, now};
use crate::domain::access::Permission;

/// Where a printed form went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintTarget {
    Printer,
    Pdf,
}

impl PrintTarget {
    fn key(self) -> &'static str {
        match self {
            PrintTarget::Printer => "printer",
            PrintTarget::Pdf => "pdf",
        }
    }
}

impl Store {
    /// True once `form` has been printed or saved for this dossier: every later
    /// copy is marked "BẢN IN LẠI".
    pub fn is_reprint(&self, dossier_id: i64, form: &str) -> Result<bool, StoreError> {
        let n: i64 = self.conn().query_row(
            "SELECT count(*) FROM print_log WHERE dossier_id = ?1 AND form = ?2",
            params![dossier_id, form],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }

    /// Logs a print that has happened (the PDF was handed to the printer or saved).
    pub fn record_print(
        &mut self,
        dossier_id: i64,
        code: &str,
        form: &str,
        target: PrintTarget,
        reprint: bool,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        actor.require(Permission::Print)?;
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO print_log (dossier_id, form, target, reprint, at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![dossier_id, form, target.key(), reprint, fmt_ts(now()), actor.name()],
        )?;
        let action = if reprint {
            "print.reprint"
        } else {
            "print.original"
        };
        let detail = serde_json::json!({ "form": form, "target": target.key() });
        audit::append(&tx, actor, action, code, None, Some(&detail))?;
        tx.commit()?;
        Ok(())
    }
}
