//! Where Lamplight keeps its state: one data directory holding the SQLite file.
//!
//! The directory comes from `--data-dir`, then `LAMPLIGHT_DATA_DIR`, then the platform's data
//! directory from `directories` (`ProjectDirs::from("org", "Lamplight", "Lamplight")`).

use std::path::{Path, PathBuf};

/// The reverse-DNS id used for the window, the desktop file, the metainfo and notifications.
pub const APP_ID: &str = "org.lamplight.Lamplight";

/// The file name of the database inside the data directory.
pub const DATABASE_FILE: &str = "lamplight.db";

/// The platform's default data directory, if the platform has a home directory at all.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Lamplight", "Lamplight").map(|d| d.data_dir().to_owned())
}

/// The database path inside a data directory.
pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DATABASE_FILE)
}
