//! One module per screen: its state, its `Message`, `update` returning an
//! `Action` for the root, and `view`.

pub mod account_form;
pub mod audit;
pub mod display;
pub mod dossiers;
pub mod figures;
pub mod first_admin;
pub mod intake;
pub mod kiosk;
pub mod lock;
pub mod login;
pub mod queue_bar;
pub mod queue_settings;
pub mod reminder;
pub mod report;
pub mod setup;
pub mod staff;
pub mod sync;
