//! Managing one subscription: a title the user gives (refreshes keep it), a new address, a
//! feed the server says is gone (410), and a feed that moved (the same permanent redirect on
//! consecutive fetches).

use rusqlite::params;

use super::{FeedId, Store, StoreError, StoreResult, now_ms};

/// The longest title a user may give, in characters.
pub const MAX_USER_TITLE_CHARS: usize = 300;

/// Permanent redirects to the same address, in a row, before the stored address follows.
pub const MOVED_AFTER: i64 = 3;

/// What a permanent redirect did to a feed's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moved {
    /// Seen `n` times in a row so far.
    Seen(i64),
    /// The address changed; the note says from what to what.
    Updated(String),
}

impl Store {
    /// Gives `feed` a title of the user's (`None` goes back to the feed's own).
    pub fn rename_feed(&mut self, feed: FeedId, title: Option<&str>) -> StoreResult<()> {
        self.feed(feed)?;
        let title = match title.map(str::trim) {
            Some("") => {
                return Err(StoreError::Invalid(
                    crate::english!("engine-title-empty").into(),
                ));
            }
            Some(t) if t.chars().count() > MAX_USER_TITLE_CHARS => {
                return Err(StoreError::Invalid(format!(
                    "a title can have at most {MAX_USER_TITLE_CHARS} characters, not {}",
                    t.chars().count()
                )));
            }
            Some(t) if t.chars().any(char::is_control) => {
                return Err(StoreError::Invalid(
                    crate::english!("engine-title-control").into(),
                ));
            }
            other => other,
        };
        self.conn.execute(
            "UPDATE feeds SET user_title = ?2 WHERE id = ?1",
            params![feed.0, title],
        )?;
        Ok(())
    }

    /// Moves `feed` to a new address (checked by the caller): validators are dropped so the
    /// next fetch is unconditional, and a gone or moved state is cleared.
    pub fn set_feed_url(&mut self, feed: FeedId, url: &str) -> StoreResult<()> {
        self.feed(feed)?;
        if let Some(other) = self.feed_by_url(url)?
            && other.id != feed
        {
            return Err(StoreError::Conflict(format!(
                "feed {} already has that address",
                other.id
            )));
        }
        self.conn.execute(
            "UPDATE feeds SET url = ?2, etag = NULL, last_modified = NULL, content_hash = NULL,
                gone_reason = NULL, moved_to = NULL, moved_seen = 0, next_refresh_at = 0
             WHERE id = ?1",
            params![feed.0, url],
        )?;
        Ok(())
    }

    /// Marks `feed` gone: it is no longer refreshed, and `reason` says why.
    pub fn mark_feed_gone(&mut self, feed: FeedId, reason: &str) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE feeds SET gone_reason = ?2 WHERE id = ?1 AND kind = 'feed'",
            params![feed.0, reason],
        )?;
        Ok(())
    }

    /// Counts a permanent redirect of `feed` to `target`; on the [`MOVED_AFTER`]th in a row the
    /// stored address becomes `target` (unless another subscription has it).
    pub fn note_permanent_redirect(&mut self, feed: FeedId, target: &str) -> StoreResult<Moved> {
        let row = self.feed(feed)?;
        // A savepoint: the refresh's writer calls this inside its batch's transaction.
        let tx = self.conn.savepoint()?;
        let (moved_to, seen): (Option<String>, i64) = tx.query_row(
            "SELECT moved_to, moved_seen FROM feeds WHERE id = ?1",
            [feed.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let seen = if moved_to.as_deref() == Some(target) {
            seen + 1
        } else {
            1
        };
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM feeds WHERE url = ?1 AND id != ?2)",
            params![target, feed.0],
            |r| r.get(0),
        )?;
        let moved = if seen >= MOVED_AFTER && !taken {
            let when = crate::render::format_timestamp(Some(now_ms()));
            let note = crate::english!(
                "engine-moved",
                old = crate::links::display_url(&row.url),
                seen = seen,
                new = crate::links::display_url(target),
                when = when
            );
            tx.execute(
                "UPDATE feeds SET url = ?2, moved_to = NULL, moved_seen = 0, moved_note = ?3
                 WHERE id = ?1",
                params![feed.0, target, note],
            )?;
            Moved::Updated(note)
        } else {
            tx.execute(
                "UPDATE feeds SET moved_to = ?2, moved_seen = ?3 WHERE id = ?1",
                params![feed.0, target, seen],
            )?;
            Moved::Seen(seen)
        };
        tx.commit()?;
        Ok(moved)
    }

    /// A fetch of `feed` reached it without a permanent redirect: the count starts over.
    pub fn clear_permanent_redirect(&mut self, feed: FeedId) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE feeds SET moved_to = NULL, moved_seen = 0 WHERE id = ?1 AND moved_seen > 0",
            [feed.0],
        )?;
        Ok(())
    }
}
