//! New-article notifications, as stored: which feeds want them (off by default) and which of
//! their articles arrived unread since a moment — what a refresh found that is worth telling.

use rusqlite::params;

use super::{ArticleId, FeedId, Store, StoreError, StoreResult};

/// An article that arrived in a feed whose notifications are on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrivedArticle {
    pub feed_id: FeedId,
    /// The feed's title as the sidebar shows it (the user's, when given).
    pub feed_title: String,
    pub article_id: ArticleId,
    pub title: String,
}

impl Store {
    /// Turns a feed's new-article notifications on or off.
    pub fn set_notify_new(&mut self, feed: FeedId, on: bool) -> StoreResult<()> {
        let changed = self.conn.execute(
            "UPDATE feeds SET notify_new = ?2 WHERE id = ?1",
            params![feed.0, on],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSuchFeed(feed));
        }
        Ok(())
    }

    /// Unread articles first seen at or after `since_ms` in feeds whose notifications are on,
    /// grouped by feed, newest first within each feed.
    pub fn arrived_unread_since(&self, since_ms: i64) -> StoreResult<Vec<ArrivedArticle>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.feed_id, COALESCE(NULLIF(TRIM(f.user_title), ''), f.title), a.id, a.title
             FROM feeds f
             JOIN articles a ON a.feed_id = f.id
             JOIN article_status s ON s.article_id = a.id
             WHERE f.notify_new = 1 AND a.first_seen_at >= ?1 AND s.read = 0
             ORDER BY a.feed_id, COALESCE(a.published_at, a.first_seen_at) DESC, a.id DESC",
        )?;
        let rows = stmt.query_map([since_ms], |row| {
            Ok(ArrivedArticle {
                feed_id: FeedId(row.get(0)?),
                feed_title: row.get(1)?,
                article_id: ArticleId(row.get(2)?),
                title: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
