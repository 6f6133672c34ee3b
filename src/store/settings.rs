//! Library-wide settings the user changes (in the window's Settings or the command line),
//! kept as named values in the `counters` table: whether new articles' pictures are
//! downloaded, and the picture cache's size cap. (The refresh interval bounds, also there,
//! are read by `schedule.rs`.)

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Store, StoreResult};

/// The pictures of new articles: downloaded or not, and how much the cache may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PicturePrefs {
    pub download: bool,
    pub cache_cap_bytes: i64,
}

const DOWNLOAD: &str = "pictures_download";
const CACHE_CAP: &str = "picture_cache_cap_bytes";

impl Store {
    /// The stored picture settings; what was never set comes from `defaults`.
    pub fn picture_prefs(&self, defaults: PicturePrefs) -> StoreResult<PicturePrefs> {
        Ok(PicturePrefs {
            download: self
                .named_value(DOWNLOAD)?
                .map_or(defaults.download, |v| v != 0),
            cache_cap_bytes: self
                .named_value(CACHE_CAP)?
                .unwrap_or(defaults.cache_cap_bytes),
        })
    }

    /// A setting kept by name (`None`: never set).
    pub(super) fn named_value(&self, name: &str) -> StoreResult<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM counters WHERE name = ?1")?
            .query_row([name], |r| r.get(0))
            .optional()?)
    }

    /// Sets the picture settings (each `None` leaves that one as it is).
    pub fn set_picture_prefs(
        &mut self,
        download: Option<bool>,
        cache_cap_bytes: Option<i64>,
    ) -> StoreResult<()> {
        let tx = self.conn.transaction()?;
        for (name, value) in [
            (DOWNLOAD, download.map(i64::from)),
            (CACHE_CAP, cache_cap_bytes),
        ] {
            if let Some(value) = value {
                tx.execute(
                    "INSERT INTO counters (name, value) VALUES (?1, ?2)
                     ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                    params![name, value],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
