//! Retention: old articles go, starred ones never, and each feed keeps at least its newest few.
//! A deleted article's key is remembered (`deleted_articles`) so that a feed that still lists it
//! does not bring it back as new (NetNewsWire's Technotes/RetentionPolicy makes the same point
//! with statuses).

use rusqlite::params;

use super::{Store, StoreResult, now_ms};

/// How long articles are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// Articles older than this many days may go (a feed's own `retention_days` wins).
    pub keep_days: i64,
    /// Each feed keeps at least its newest this many articles, however old.
    pub keep_at_least: i64,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        RetentionPolicy {
            keep_days: 90,
            keep_at_least: 50,
        }
    }
}

const DAY_MS: i64 = 86_400_000;

impl Store {
    /// Sets (or with `None` clears) a feed's own retention in days.
    pub fn set_feed_retention(
        &mut self,
        feed: super::FeedId,
        days: Option<i64>,
    ) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE feeds SET retention_days = ?2 WHERE id = ?1",
            params![feed.0, days],
        )?;
        Ok(())
    }

    /// Deletes what `policy` lets go as of `now` (ms), in one transaction; returns how many
    /// articles were deleted. Starred articles and each feed's newest `keep_at_least` stay.
    pub fn apply_retention(&mut self, policy: RetentionPolicy, now: i64) -> StoreResult<usize> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS doomed (id INTEGER PRIMARY KEY);
             DELETE FROM doomed;",
        )?;
        tx.execute(
            // Only feeds with more articles than are kept can lose any: their counts are kept
            // by triggers, so a store of small feeds is not walked article by article (each
            // old article tested against its feed's newest: 6,000 articles, 7 ms, after every
            // refresh).
            "INSERT INTO doomed (id)
             SELECT a.id FROM feeds f
             CROSS JOIN articles a ON a.feed_id = f.id
             JOIN article_status s ON s.article_id = a.id
             WHERE f.article_count > ?4 AND s.starred = 0
               AND COALESCE(a.published_at, a.first_seen_at)
                   < ?1 - COALESCE(f.retention_days, ?2) * ?3
               AND a.id NOT IN (
                   SELECT b.id FROM articles b WHERE b.feed_id = a.feed_id
                   ORDER BY COALESCE(b.published_at, b.first_seen_at) DESC, b.id DESC
                   LIMIT ?4)",
            params![now, policy.keep_days, DAY_MS, policy.keep_at_least],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO deleted_articles (feed_id, stable_key, deleted_at)
             SELECT feed_id, stable_key, ?1 FROM articles WHERE id IN (SELECT id FROM doomed)",
            [now],
        )?;
        tx.execute(
            "DELETE FROM search WHERE rowid IN (SELECT id FROM doomed)",
            [],
        )?;
        let deleted = tx.execute(
            "DELETE FROM articles WHERE id IN (SELECT id FROM doomed)",
            [],
        )?;
        // Tombstones outlive the articles by a year: long enough for any feed to drop them.
        tx.execute(
            "DELETE FROM deleted_articles WHERE deleted_at < ?1",
            [now - 365 * DAY_MS],
        )?;
        tx.execute("DELETE FROM doomed", [])?;
        tx.commit()?;
        Ok(deleted)
    }

    /// Retention with the default policy, now.
    pub fn apply_default_retention(&mut self) -> StoreResult<usize> {
        self.apply_retention(RetentionPolicy::default(), now_ms())
    }

    /// Gives the file's free pages back to the file system (what retention, search-index
    /// merges and packing freed), without rewriting the file: a store from before schema 14
    /// does so only after its next `compact`.
    pub fn give_back_free_pages(&mut self) -> StoreResult<()> {
        // The pragma frees a page per step: step it to the end.
        let mut vacuum = self.conn.prepare("PRAGMA incremental_vacuum")?;
        let mut steps = vacuum.query([])?;
        while steps.next()?.is_some() {}
        Ok(())
    }

    /// Gives back free pages and refreshes the query planner's statistics.
    pub fn compact(&mut self) -> StoreResult<()> {
        self.conn.execute_batch(
            "INSERT INTO search(search) VALUES ('optimize');
             PRAGMA optimize;
             VACUUM;
             PRAGMA wal_checkpoint(TRUNCATE);",
        )?;
        Ok(())
    }
}
