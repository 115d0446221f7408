//! Where the database lives: `--db PATH`, else `$QUAY_DB`, else the user's data
//! directory (`~/.local/share/quay/quay.sqlite3` on Linux,
//! `%APPDATA%\quay\quay.sqlite3` on Windows).

use std::path::PathBuf;

pub const DB_ENV: &str = "QUAY_DB";
const FILE_NAME: &str = "quay.sqlite3";

/// The database path to use, given the `--db` argument (clap already folds in
/// `$QUAY_DB` when the flag is absent).
pub fn database_path(explicit: Option<PathBuf>) -> PathBuf {
    explicit.unwrap_or_else(default_database_path)
}

pub fn default_database_path() -> PathBuf {
    dirs::data_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("quay")
        .join(FILE_NAME)
}
