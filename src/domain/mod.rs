//! The rules of the counter: catalog, calendar and due dates, citizen IDs,
//! dossiers and their codes. Pure code: no I/O, no GUI.

pub mod access;
pub mod audit;
pub mod calendar;
pub mod catalog;
pub mod cccd;
pub mod correction;
pub mod csv_import;
pub mod dossier;
pub mod format;
pub mod lifecycle;
pub mod numbering;
pub mod progress;
pub mod queue;
pub mod register;
pub mod report;
pub mod search;
pub mod settings;
pub mod staff;
pub mod sync_settings;
pub mod validate;
pub mod work_time;

/// A message for a person: Vietnamese for the GUI, English for the CLI and logs.
pub trait Localized {
    /// The Vietnamese sentence shown in the GUI.
    fn vi(&self) -> String;
}
