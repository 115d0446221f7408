//! Quầy: an offline-first counter application for commune Public Administrative
//! Service Centers (Trung tâm Phục vụ hành chính công cấp xã).
//!
//! The domain, store and print modules never touch the GUI toolkit: the GUI
//! (`gui`) and the command line (`cli`) are two thin layers over them.

pub mod attachments;
pub mod audit;
pub mod bundle;
pub mod cli;
pub mod domain;
pub mod forms;
pub mod gui;
pub mod hub;
pub mod intake;
pub mod paths;
pub mod print;
pub mod queue;
pub mod slips;
pub mod sound;
pub mod store;
pub mod sync;
pub mod text;
pub mod tickets;

/// The font bundled for both the GUI and the PDFs (full Vietnamese coverage).
pub const FONT_REGULAR: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSans-Bold.ttf");

/// The catalog and calendar loaded on first start.
pub const BUNDLED_CATALOG: &str = include_str!("../assets/data/procedures.csv");
pub const BUNDLED_CALENDAR: &str = include_str!("../assets/data/holidays.csv");
