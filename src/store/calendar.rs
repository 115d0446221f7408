use rusqlite::params;

use super::{Actor, ImportSummary, Store, StoreError, audit};
use crate::domain::access::Permission;
use crate::domain::calendar::{CalendarDay, WorkCalendar, parse_calendar_csv};

impl Store {
    /// Replaces the holiday calendar with `csv_text`; a malformed file is refused
    /// whole (with its line number) and nothing changes.
    pub fn import_calendar(
        &mut self,
        csv_text: &str,
        actor: &Actor,
    ) -> Result<ImportSummary, StoreError> {
        actor.require(Permission::ImportCatalog)?;
        let days = parse_calendar_csv(csv_text)?;
        let before = self.calendar_days()?;
        let mut summary = ImportSummary::default();
        for day in &days {
            match before.iter().find(|b| b.date == day.date) {
                Some(b) if b == day => summary.unchanged += 1,
                Some(_) => summary.updated += 1,
                None => summary.added += 1,
            }
        }
        summary.removed = before
            .iter()
            .filter(|b| !days.iter().any(|d| d.date == b.date))
            .count();
        if summary.unchanged == days.len() && summary.removed == 0 {
            return Ok(summary);
        }
        let tx = self.write()?;
        tx.execute("DELETE FROM calendar_day", [])?;
        {
            let mut insert = tx.prepare_cached(include_str!("sql/calendar_insert.sql"))?;
            for d in &days {
                insert.execute(params![
                    d.date.format("%Y-%m-%d").to_string(),
                    d.name,
                    d.kind,
                    d.day_off,
                    d.status,
                    d.note
                ])?;
            }
        }
        let after = serde_json::to_value(summary).map_err(|e| StoreError::corrupt("summary", e))?;
        audit::append(
            &tx,
            actor,
            "calendar.import",
            "calendar",
            None,
            Some(&after),
        )?;
        tx.commit()?;
        Ok(summary)
    }

    pub fn calendar_days(&self) -> Result<Vec<CalendarDay>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT date, name, kind, day_off, status, note FROM calendar_day ORDER BY date",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<bool>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut days = Vec::new();
        for row in rows {
            let (date, name, kind, day_off, status, note) = row?;
            let date = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                .map_err(|e| StoreError::corrupt("calendar date", e))?;
            days.push(CalendarDay {
                date,
                name,
                kind,
                day_off,
                status,
                note,
            });
        }
        Ok(days)
    }

    pub fn work_calendar(&self) -> Result<WorkCalendar, StoreError> {
        Ok(WorkCalendar::new(&self.calendar_days()?))
    }
}
