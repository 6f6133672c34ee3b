//! Feed rows: subscriptions, their HTTP cache validators and their refresh schedule.

use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::{FeedId, Store, StoreError, StoreResult, now_ms};

fn url_without_password<S: serde::Serializer>(url: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::links::display_url(url))
}

/// A subscription as stored, with its unread and total article counts.
#[derive(Debug, Clone, Serialize)]
pub struct FeedRow {
    pub id: FeedId,
    /// As subscribed; serialised (for `--json`) without a password.
    #[serde(serialize_with = "url_without_password")]
    pub url: String,
    pub site_link: Option<String>,
    pub title: String,
    pub description: String,
    pub icon_url: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_hash: Option<String>,
    pub refresh_interval_s: i64,
    #[serde(rename = "next_refresh_at_ms")]
    pub next_refresh_at: i64,
    #[serde(rename = "last_fetched_at_ms")]
    pub last_fetched_at: Option<i64>,
    pub last_error: Option<String>,
    pub article_count: i64,
    pub unread_count: i64,
    pub folder_id: Option<super::FolderId>,
    /// The feed's own title (`title` is the user's, when given).
    pub own_title: String,
    /// The title the user gave, which refreshes never change.
    pub user_title: Option<String>,
    /// Why the feed is no longer refreshed (HTTP 410 Gone; the Saved place).
    pub gone_reason: Option<String>,
    /// When and why the address changed by itself (permanent redirects).
    pub moved_note: Option<String>,
    /// The "Saved" place for starred articles of removed feeds.
    pub saved: bool,
    /// Whether its articles' web pages are fetched for their full text, and why.
    pub full_text: super::FullTextSetting,
    /// The reader shows the feed's own text, not the full article (the user's choice).
    pub reader_feed_text: bool,
    /// How many of its articles are ready offline (text complete, every picture cached); read
    /// by [`Store::feeds`] only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offline_ready_count: Option<i64>,
    /// Why the next refresh is when it is ("publishes about every 3 days").
    pub refresh_reason: Option<String>,
    /// An interval the user fixed (`lamplight schedule --every`), in seconds.
    pub pinned_interval_s: Option<i64>,
    /// A desktop notification tells of its new articles after a background refresh.
    pub notify_new: bool,
    /// The sync account whose server fetches this feed (None: Lamplight fetches it itself).
    pub account_id: Option<i64>,
}

/// What a feed document says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedMeta {
    pub title: String,
    pub site_link: Option<String>,
    pub description: String,
    pub icon_url: Option<String>,
    /// The language tag the feed declares (`zh-cn`, `ja`), if any.
    pub language: Option<String>,
}

/// The validators and body hash of a feed's last successful download.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HttpCache {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_hash: Option<String>,
}

const FEED_COLUMNS: &str = "f.id, f.url, f.site_link, COALESCE(NULLIF(TRIM(f.user_title), ''), f.title), f.description, f.icon_url, f.etag,
    f.last_modified, f.content_hash, f.refresh_interval_s, f.next_refresh_at, f.last_fetched_at,
    f.last_error,
    f.article_count, f.unread_count,
    f.folder_id, f.title, f.user_title, f.gone_reason, f.moved_note, f.kind = 'saved',
    f.full_text_mode, f.full_text_auto, f.full_text_reason, f.reader_feed_text,
    f.refresh_reason, f.pinned_interval_s, f.notify_new, f.account_id";

fn feed_from_row(row: &Row<'_>) -> rusqlite::Result<FeedRow> {
    Ok(FeedRow {
        id: FeedId(row.get(0)?),
        url: row.get(1)?,
        site_link: row.get(2)?,
        title: row.get(3)?,
        description: row.get(4)?,
        icon_url: row.get(5)?,
        etag: row.get(6)?,
        last_modified: row.get(7)?,
        content_hash: row.get(8)?,
        refresh_interval_s: row.get(9)?,
        next_refresh_at: row.get(10)?,
        last_fetched_at: row.get(11)?,
        last_error: row.get(12)?,
        article_count: row.get(13)?,
        unread_count: row.get(14)?,
        folder_id: row.get::<_, Option<i64>>(15)?.map(super::FolderId),
        own_title: row.get(16)?,
        user_title: row.get(17)?,
        gone_reason: row.get(18)?,
        moved_note: row.get(19)?,
        saved: row.get(20)?,
        full_text: super::FullTextSetting {
            mode: super::FullTextMode::parse(&row.get::<_, String>(21)?),
            auto_decision: row.get(22)?,
            reason: row.get(23)?,
        },
        reader_feed_text: row.get(24)?,
        offline_ready_count: None,
        refresh_reason: row.get(25)?,
        pinned_interval_s: row.get(26)?,
        notify_new: row.get(27)?,
        account_id: row.get(28)?,
    })
}

impl Store {
    /// Adds a subscription for `url` (or returns the existing one's id) and sets its metadata.
    pub fn upsert_feed(&mut self, url: &str, meta: &FeedMeta) -> StoreResult<FeedId> {
        let id: i64 = self.conn.query_row(
            "INSERT INTO feeds (url, site_link, title, description, icon_url, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(url) DO UPDATE SET
                site_link = excluded.site_link, title = excluded.title,
                description = excluded.description, icon_url = excluded.icon_url
             RETURNING id",
            params![
                url,
                meta.site_link,
                meta.title,
                meta.description,
                meta.icon_url,
                now_ms()
            ],
            |r| r.get(0),
        )?;
        Ok(FeedId(id))
    }

    /// Subscribes to each `(url, title, site, folder)` not yet subscribed, in one transaction
    /// (all or nothing). New feeds are due at once. Returns the URLs added and those already
    /// there.
    pub fn import_subscriptions(
        &mut self,
        entries: &[(String, String, Option<String>, Option<String>)],
    ) -> StoreResult<(Vec<String>, Vec<String>)> {
        let tx = self.conn.transaction()?;
        let (mut added, mut existing) = (Vec::new(), Vec::new());
        for (url, title, site, folder) in entries {
            let folder_id: Option<i64> = match folder {
                Some(name) => {
                    tx.execute(
                        "INSERT INTO folders (name) VALUES (?1) ON CONFLICT(name) DO NOTHING",
                        [name],
                    )?;
                    Some(
                        tx.query_row("SELECT id FROM folders WHERE name = ?1", [name], |r| {
                            r.get(0)
                        })?,
                    )
                }
                None => None,
            };
            let inserted = tx.execute(
                "INSERT INTO feeds (url, title, site_link, folder_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(url) DO NOTHING",
                params![url, title, site, folder_id, now_ms()],
            )?;
            if inserted == 1 {
                added.push(url.clone());
            } else {
                existing.push(url.clone());
            }
        }
        tx.commit()?;
        Ok((added, existing))
    }

    /// One feed by id.
    pub fn feed(&self, id: FeedId) -> StoreResult<FeedRow> {
        self.conn
            .query_row(
                &format!("SELECT {FEED_COLUMNS} FROM feeds f WHERE f.id = ?1"),
                [id.0],
                feed_from_row,
            )
            .optional()?
            .ok_or(StoreError::NoSuchFeed(id))
    }

    /// The feed subscribed at exactly `url`, if any.
    pub fn feed_by_url(&self, url: &str) -> StoreResult<Option<FeedRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {FEED_COLUMNS} FROM feeds f WHERE f.url = ?1"),
                [url],
                feed_from_row,
            )
            .optional()?)
    }

    /// Every subscription, ordered by title, with how many of its articles are ready offline.
    pub fn feeds(&self) -> StoreResult<Vec<FeedRow>> {
        let mut feeds = self.feeds_uncounted()?;
        let not_ready = self.not_offline_ready_counts()?;
        for feed in &mut feeds {
            let missing = not_ready.get(&feed.id).copied().unwrap_or(0);
            feed.offline_ready_count = Some((feed.article_count - missing).max(0));
        }
        Ok(feeds)
    }

    /// Every subscription, ordered by title, its offline count not read (`None`): that count
    /// tests every article (a third of a second at a million), the rest comes from counts the
    /// store keeps. What the window's first frame shows; a reading thread fills the rest in.
    pub fn feeds_uncounted(&self) -> StoreResult<Vec<FeedRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {FEED_COLUMNS} FROM feeds f ORDER BY COALESCE(NULLIF(TRIM(f.user_title), ''), f.title) COLLATE NOCASE, f.id"
        ))?;
        let rows = stmt.query_map([], feed_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Subscriptions whose next refresh time has come.
    pub fn due_feeds(&self, now: i64) -> StoreResult<Vec<FeedRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {FEED_COLUMNS} FROM feeds f
             WHERE f.next_refresh_at <= ?1 AND f.gone_reason IS NULL AND f.account_id IS NULL
             ORDER BY f.id"
        ))?;
        let rows = stmt.query_map([now], feed_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every feed that Lamplight refreshes itself (not gone, not the Saved place, not one a
    /// sync account's server fetches).
    pub fn live_feeds(&self) -> StoreResult<Vec<FeedRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {FEED_COLUMNS} FROM feeds f
             WHERE f.gone_reason IS NULL AND f.account_id IS NULL ORDER BY f.id"
        ))?;
        let rows = stmt.query_map([], feed_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records that a fetch of `id` succeeded (fully or as not-modified): new validators, the
    /// next refresh time, and no error.
    pub fn mark_feed_fetched(&mut self, id: FeedId, cache: &HttpCache) -> StoreResult<()> {
        let now = now_ms();
        self.conn
            .prepare_cached(
                "UPDATE feeds SET etag = ?2, last_modified = ?3, content_hash = ?4,
                    last_fetched_at = ?5, next_refresh_at = ?5 + refresh_interval_s * 1000,
                    last_error = NULL,
                    gone_reason = CASE WHEN kind = 'feed' THEN NULL ELSE gone_reason END
                 WHERE id = ?1",
            )?
            .execute(params![
                id.0,
                cache.etag,
                cache.last_modified,
                cache.content_hash,
                now
            ])?;
        Ok(())
    }

    /// Sets the URL of a feed's cached icon.
    pub fn set_feed_icon(&mut self, id: FeedId, url: &str) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE feeds SET icon_url = ?2 WHERE id = ?1",
            params![id.0, url],
        )?;
        Ok(())
    }

    /// Records that a fetch of `id` failed with `error`; validators and articles stay as they were.
    pub fn mark_feed_failed(&mut self, id: FeedId, error: &str) -> StoreResult<()> {
        let now = now_ms();
        self.conn.execute(
            "UPDATE feeds SET last_error = ?2, last_fetched_at = ?3,
                next_refresh_at = ?3 + refresh_interval_s * 1000
             WHERE id = ?1",
            params![id.0, error, now],
        )?;
        Ok(())
    }
}
