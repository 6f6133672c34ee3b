//! The SQLite store: schema, migrations and every query. The only module that speaks SQL.
//!
//! It owns one connection per [`Store`]. Writers share one `Store` behind a mutex (the engine's
//! single writer); readers (the CLI, the GUI) open their own. WAL mode lets readers and the writer
//! proceed together; `busy_timeout` turns short lock waits into waits instead of errors.
//! The store imports no other Lamplight module: other layers hand it plain values.

mod accounts;
mod articles;
mod batch;
mod dictionary;
mod feeds;
mod fetches;
mod folders;
mod full_text;
mod images;
mod ingest;
mod notify;
mod packed;
mod removal;
mod report;
mod retention;
mod schedule;
mod schema;
mod search;
mod search_window;
mod settings;
mod subscriptions;
mod tokenizer;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;

pub use accounts::{AccountId, AccountRow, MarkToPush, QueuedMark, SyncedItem};
pub use articles::{ArticleListFilter, ArticleRow, IngestCounts, NewArticle};
pub use dictionary::Packing;
pub use feeds::{FeedMeta, FeedRow, HttpCache};
pub use fetches::{AttemptRecord, FetchOutcomeKind, FetchRecord, StageTiming};
pub use folders::{FolderId, FolderRow, MarkScope};
pub use full_text::{
    ArticleTexts, FullTextMode, FullTextSetting, PageOutcome, PageWanted, PictureGap,
};
pub use images::{CachedPicture, ImageRecord, ImageStats, LookupCounts};
pub use ingest::{
    PreparedArticle, ToIndex, WrittenRows, offer_samples, prepare_articles,
    prepare_offered_articles,
};
pub use notify::ArrivedArticle;
pub use removal::{RemovalReport, SAVED_FEED_URL};
pub use report::{FeedImages, FetchSummary, ImageReport, PERCENTILES_FROM, failure_in_words, mib};
pub use retention::RetentionPolicy;
pub use schedule::{NextRefresh, ScheduleState};
pub use schema::SCHEMA_VERSION;
pub use search::{SearchHit, fts_query, index_terms};
pub use settings::PicturePrefs;
pub use subscriptions::{MAX_USER_TITLE_CHARS, MOVED_AFTER, Moved};

/// A feed's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct FeedId(pub i64);

/// An article's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct ArticleId(pub i64);

impl std::fmt::Display for FeedId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "the database was written by a newer Lamplight (schema {found}, this build knows {known})"
    )]
    TooNew { found: i64, known: i64 },
    #[error("no feed with id {0}")]
    NoSuchFeed(FeedId),
    #[error("no article with id {0}")]
    NoSuchArticle(ArticleId),
    #[error("no folder with id {0}")]
    NoSuchFolder(FolderId),
    #[error(
        "nothing to undo: removal {0} is not in the trash (it was undone, or emptied by vacuum)"
    )]
    NoSuchRemoval(i64),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
}

/// Result alias for store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// How many prepared statements a connection keeps (see [`Store::configure`]).
const STATEMENT_CACHE: usize = 128;

/// One connection to the Lamplight database.
pub struct Store {
    conn: Connection,
    /// The dictionary texts are packed with (shared with the threads preparing articles).
    packing: Arc<Packing>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> StoreResult<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                path: parent.display().to_string(),
                source,
            })?;
        }
        let conn = Connection::open(path)?;
        Self::configure(conn)
    }

    /// Creates the database at `path` at an older schema `version` (for tests of the
    /// migrations: fill it as that version would have, then [`Store::open`] it).
    #[doc(hidden)]
    pub fn create_at_version(path: &Path, version: i64) -> StoreResult<()> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        schema::migrate_to(&mut conn, version)
    }

    /// Opens a private in-memory database (for pure tests and benchmarks).
    pub fn open_in_memory() -> StoreResult<Store> {
        Self::configure(Connection::open_in_memory()?)
    }

    fn configure(mut conn: Connection) -> StoreResult<Store> {
        conn.busy_timeout(Duration::from_secs(10))?;
        // More distinct statements than rusqlite's default 16 are cached: a refresh's writer
        // runs more than that per feed, and they pushed each other out.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Free pages can be given back after a refresh (`give_back_free_pages`). Takes effect
        // on a new file (it must come before WAL) and on an old one at its next VACUUM.
        conn.pragma_update(None, "auto_vacuum", "INCREMENTAL")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut conn)?;
        let packing = Arc::new(Packing::load(&conn)?);
        Ok(Store { conn, packing })
    }

    /// The connection itself, for tests that change the database underneath (a trigger that
    /// refuses a write).
    #[cfg(test)]
    pub(crate) fn conn_for_tests(&self) -> &Connection {
        &self.conn
    }

    /// What this store packs texts with, for the threads that prepare articles
    /// ([`prepare_articles`]) before they take the writer.
    pub fn packing(&self) -> Arc<Packing> {
        self.packing.clone()
    }

    /// Loads the dictionaries another process stored since this store was opened, before a
    /// read of packed texts (a frame naming one not loaded could not be read).
    fn load_new_dictionaries(&self) -> StoreResult<()> {
        Ok(self.packing.load_new(&self.conn)?)
    }

    /// Caps this connection's page cache (SQLite's default is 2 MiB). The engine's writer makes
    /// short transactions that touch few pages twice, so a small cache costs it no time and
    /// keeps a refresh's memory down; readers keep the default.
    pub fn set_cache_kib(&self, kib: u32) -> StoreResult<()> {
        self.conn
            .pragma_update(None, "cache_size", -i64::from(kib))?;
        Ok(())
    }

    /// Plans each statement once, without looking at the values bound to it, for a writer that
    /// runs the same few statements thousands of times. SQLite otherwise plans some statements
    /// with their bound values (a `LIMIT ?`, a value compared with a partial index's condition)
    /// and, since rusqlite clears a cached statement's bindings, parses such a statement again
    /// at every use: with the statement cache above, 6% of a cold refresh's CPU was SQLite's
    /// parser. Readers keep value-aware plans (a list's `LIMIT` can favour an ordered walk).
    pub fn plan_once(&self) -> StoreResult<()> {
        self.conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        Ok(())
    }

    /// The schema version this database is at.
    pub fn schema_version(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// SQLite's `data_version`: it changes whenever another connection (the engine's writer,
    /// another process) commits to the database, so a reader can tell its views went stale
    /// without re-reading them.
    pub fn data_version(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check`'s answer: `"ok"` for a sound database.
    pub fn integrity_check(&self) -> StoreResult<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// The value at percentile `p` (0–100) of `values` by nearest rank; 0 for none.
pub fn percentile(values: &[u64], p: f64) -> u64 {
    if values.is_empty() {
        return 0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Milliseconds since the Unix epoch, the store's one time unit.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
