//! Writes grouped into one transaction (a refresh writes many feeds at a time: group commit),
//! and savepoints inside it, so that a write that fails is undone without losing the others'.

use super::{Store, StoreResult, now_ms};

impl Store {
    /// Runs `write` in one transaction, committed when it returns `Ok` and rolled back
    /// otherwise. A dictionary trained meanwhile by another thread is stored with the first
    /// rows packed with it, in the same transaction.
    pub fn in_transaction<T>(
        &mut self,
        write: impl FnOnce(&mut Store) -> StoreResult<T>,
    ) -> StoreResult<T> {
        self.conn.prepare_cached("BEGIN IMMEDIATE")?.execute([])?;
        let written = write(self).and_then(|value| {
            let ensured = self.packing.store_newest(&self.conn, now_ms())?;
            self.conn.prepare_cached("COMMIT")?.execute([])?;
            self.packing.stored(ensured);
            Ok(value)
        });
        if written.is_err() {
            self.abandon_transaction();
        }
        written
    }

    /// Runs `write` inside a savepoint of the open transaction: when it fails, what it wrote is
    /// undone and the rest of the transaction stands.
    pub fn in_savepoint<T>(
        &mut self,
        write: impl FnOnce(&mut Store) -> StoreResult<T>,
    ) -> StoreResult<T> {
        self.conn
            .prepare_cached("SAVEPOINT one_write")?
            .execute([])?;
        match write(self) {
            Ok(value) => {
                self.conn.prepare_cached("RELEASE one_write")?.execute([])?;
                Ok(value)
            }
            Err(e) => {
                self.conn
                    .execute_batch("ROLLBACK TO one_write; RELEASE one_write")?;
                Err(e)
            }
        }
    }

    /// Rolls back a transaction left open (by a failed write, or by a thread that panicked
    /// while it held the writer), so the next write starts clean.
    pub fn abandon_transaction(&mut self) {
        if !self.conn.is_autocommit()
            && let Err(e) = self.conn.execute_batch("ROLLBACK")
        {
            tracing::error!("cannot roll back an unfinished transaction: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{FeedMeta, StoreError};

    fn feed_count(store: &Store) -> i64 {
        store
            .conn
            .query_row("SELECT COUNT(*) FROM feeds", [], |r| r.get(0))
            .expect("count")
    }

    #[test]
    fn a_failed_savepoint_is_undone_and_the_rest_of_the_transaction_commits() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("t.db")).expect("open");
        store
            .in_transaction(|store| {
                store
                    .in_savepoint(|s| s.upsert_feed("http://a.test/feed", &FeedMeta::default()))?;
                let failed: StoreResult<()> = store.in_savepoint(|s| {
                    s.upsert_feed("http://b.test/feed", &FeedMeta::default())?;
                    Err(StoreError::Invalid("refused".into()))
                });
                assert!(failed.is_err());
                store
                    .in_savepoint(|s| s.upsert_feed("http://c.test/feed", &FeedMeta::default()))?;
                Ok(())
            })
            .expect("transaction");
        let urls: Vec<String> = store
            .feeds()
            .expect("feeds")
            .into_iter()
            .map(|f| f.url)
            .collect();
        assert_eq!(urls, ["http://a.test/feed", "http://c.test/feed"]);
    }

    #[test]
    fn a_failed_transaction_leaves_nothing_and_the_next_one_starts_clean() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("t.db")).expect("open");
        let failed: StoreResult<()> = store.in_transaction(|s| {
            s.upsert_feed("http://a.test/feed", &FeedMeta::default())?;
            Err(StoreError::Invalid("refused".into()))
        });
        assert!(failed.is_err());
        assert_eq!(feed_count(&store), 0);
        store
            .in_transaction(|s| s.upsert_feed("http://b.test/feed", &FeedMeta::default()))
            .expect("next transaction");
        assert_eq!(feed_count(&store), 1);
        // A transaction a panicking thread left open is rolled back before the next write.
        store.conn.execute_batch("BEGIN").expect("begin");
        store
            .upsert_feed("http://c.test/feed", &FeedMeta::default())
            .expect("feed");
        store.abandon_transaction();
        assert_eq!(feed_count(&store), 1);
        assert!(store.conn.is_autocommit());
    }
}
