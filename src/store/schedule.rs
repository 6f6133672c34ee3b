//! A feed's schedule as stored: its next refresh with the reason, a pin the user set, failures
//! in a row, the refresh hints its document gave, and when its items were published.

use rusqlite::{OptionalExtension, params};

use super::{FeedId, Store, StoreError, StoreResult, now_ms};

/// What the schedule needs to know of a feed besides the fetch that just ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleState {
    pub failures: i64,
    pub pinned_s: Option<i64>,
    /// The document's refresh hints, as JSON (the engine reads them).
    pub hints: Option<String>,
}

/// A schedule to store after a fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextRefresh<'a> {
    pub at_ms: i64,
    pub reason: &'a str,
    pub failures: i64,
    /// New hints from a parsed document (`None`: keep the stored ones).
    pub hints: Option<&'a str>,
}

impl Store {
    pub fn schedule_state(&self, feed: FeedId) -> StoreResult<ScheduleState> {
        self.conn
            .prepare_cached("SELECT failures, pinned_interval_s, hints FROM feeds WHERE id = ?1")?
            .query_row([feed.0], |r| {
                Ok(ScheduleState {
                    failures: r.get(0)?,
                    pinned_s: r.get(1)?,
                    hints: r.get(2)?,
                })
            })
            .optional()?
            .ok_or(StoreError::NoSuchFeed(feed))
    }

    pub fn save_schedule(&mut self, feed: FeedId, next: &NextRefresh<'_>) -> StoreResult<()> {
        self.conn
            .prepare_cached(
                "UPDATE feeds SET next_refresh_at = ?2, refresh_reason = ?3, failures = ?4,
                    hints = COALESCE(?5, hints)
                 WHERE id = ?1",
            )?
            .execute(params![
                feed.0,
                next.at_ms,
                next.reason,
                next.failures,
                next.hints
            ])?;
        Ok(())
    }

    /// Keeps every feed in `feeds` from being fetched before `until` (a server asked its
    /// clients to wait), saying so.
    pub fn hold_feeds(&mut self, feeds: &[FeedId], until: i64, reason: &str) -> StoreResult<()> {
        // A savepoint: the refresh's writer calls this inside its batch's transaction.
        let tx = self.conn.savepoint()?;
        for feed in feeds {
            tx.execute(
                "UPDATE feeds SET next_refresh_at = ?2, refresh_reason = ?3
                 WHERE id = ?1 AND next_refresh_at < ?2",
                params![feed.0, until, reason],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Pins a feed to a fixed interval (`None`: automatic again). A pin applies from now; the
    /// automatic schedule comes back with the next fetch.
    pub fn set_pinned_interval(
        &mut self,
        feed: FeedId,
        seconds: Option<i64>,
        reason: &str,
    ) -> StoreResult<()> {
        let changed = match seconds {
            Some(s) => self.conn.execute(
                "UPDATE feeds SET pinned_interval_s = ?2, next_refresh_at = ?3 + ?2 * 1000,
                    refresh_reason = ?4
                 WHERE id = ?1",
                params![feed.0, s, now_ms(), reason],
            )?,
            None => self.conn.execute(
                "UPDATE feeds SET pinned_interval_s = NULL, refresh_reason = ?2 WHERE id = ?1",
                params![feed.0, reason],
            )?,
        };
        if changed == 0 {
            return Err(StoreError::NoSuchFeed(feed));
        }
        Ok(())
    }

    /// The user's bounds on automatic intervals, in seconds (`None`: the defaults).
    pub fn schedule_limits(&self) -> StoreResult<(Option<i64>, Option<i64>)> {
        Ok((
            self.named_value("schedule_min_s")?,
            self.named_value("schedule_max_s")?,
        ))
    }

    /// Sets the bounds on automatic intervals (each `None` leaves that bound as it is).
    pub fn set_schedule_limits(
        &mut self,
        min_s: Option<i64>,
        max_s: Option<i64>,
    ) -> StoreResult<()> {
        for (name, value) in [("schedule_min_s", min_s), ("schedule_max_s", max_s)] {
            if let Some(value) = value {
                self.conn.execute(
                    "INSERT INTO counters (name, value) VALUES (?1, ?2)
                     ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                    params![name, value],
                )?;
            }
        }
        Ok(())
    }

    /// When a feed's newest items (up to `limit`) were published (else first seen), in ms.
    pub fn publish_times(&self, feed: FeedId, limit: i64) -> StoreResult<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT COALESCE(published_at, first_seen_at) FROM articles WHERE feed_id = ?1
             ORDER BY COALESCE(published_at, first_seen_at) DESC, id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![feed.0, limit], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
