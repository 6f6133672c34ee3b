//! Article rows and their statuses.
//!
//! Content is immutable once written, except for a real update from the feed (same stable key,
//! different content hash). Read/starred live in `article_status`, which a refresh never touches:
//! a feed that rewrites an article never loses what the user did with it.

use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::{ArticleId, FeedId, FeedMeta, Store, StoreError, StoreResult, now_ms};

/// An article as parsed from a feed, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewArticle {
    /// The deduplication key: guid, else resolved link, else a hash of the content.
    pub stable_key: String,
    pub guid: Option<String>,
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
    pub published_at: Option<i64>,
    pub updated_at: Option<i64>,
    pub content_html: String,
    /// The first words of the article's text, for list rows (filled by the engine from the
    /// render layer; empty until then).
    pub summary: String,
    /// A hash of everything above that the reader shows; a change means a real update.
    pub content_hash: String,
    /// Image URLs from the item's media/enclosure elements. Not stored as such: the image
    /// pipeline reads them after ingest.
    pub media_image_urls: Vec<String>,
}

/// What one ingest did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct IngestCounts {
    pub new_articles: i64,
    pub updated_articles: i64,
    pub total_articles: i64,
}

/// An article as the reader lists and shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRow {
    pub id: ArticleId,
    pub feed_id: FeedId,
    pub feed_title: String,
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
    /// Milliseconds since the Unix epoch.
    #[serde(rename = "published_at_ms")]
    pub published_at: Option<i64>,
    pub read: bool,
    pub starred: bool,
    pub summary: String,
    /// Whether a cover thumbnail is cached for this article.
    pub has_cover: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_html: Option<String>,
}

/// Which articles to list.
#[derive(Debug, Clone, Default)]
pub struct ArticleListFilter {
    pub feed: Option<FeedId>,
    pub unread_only: bool,
    pub starred_only: bool,
    /// Only articles published (or first seen) at or after this time, in ms.
    pub since: Option<i64>,
    pub limit: Option<i64>,
    pub offset: i64,
}

const ARTICLE_COLUMNS: &str = "a.id, a.feed_id, f.title, a.title, a.link, a.author, a.published_at,
    s.read, s.starred, a.summary, a.cover_image_id IS NOT NULL";

fn article_from_row(row: &Row<'_>) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: ArticleId(row.get(0)?),
        feed_id: FeedId(row.get(1)?),
        feed_title: row.get(2)?,
        title: row.get(3)?,
        link: row.get(4)?,
        author: row.get(5)?,
        published_at: row.get(6)?,
        read: row.get(7)?,
        starred: row.get(8)?,
        summary: row.get(9)?,
        has_cover: row.get(10)?,
        content_html: None,
    })
}

impl Store {
    /// Stores one parsed feed document in a single transaction: the feed's metadata, new
    /// articles (with an unread status), and real updates of known ones. Statuses are untouched.
    /// Returns the counts and, for each new or updated article, its index in `articles` and id.
    pub fn ingest(
        &mut self,
        feed: FeedId,
        meta: &FeedMeta,
        articles: &[NewArticle],
    ) -> StoreResult<(IngestCounts, Vec<(usize, ArticleId)>)> {
        let mut changed = Vec::new();
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE feeds SET title = ?2, site_link = ?3, description = ?4,
                icon_url = COALESCE(?5, icon_url)
             WHERE id = ?1",
            params![
                feed.0,
                meta.title,
                meta.site_link,
                meta.description,
                meta.icon_url
            ],
        )?;
        let mut counts = IngestCounts {
            total_articles: articles.len() as i64,
            ..IngestCounts::default()
        };
        let now = now_ms();
        {
            let mut find = tx.prepare_cached(
                "SELECT id, content_hash FROM articles WHERE feed_id = ?1 AND stable_key = ?2",
            )?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO articles (feed_id, stable_key, guid, title, link, author,
                    published_at, updated_at, content_html, content_hash, first_seen_at, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 RETURNING id",
            )?;
            let mut insert_status = tx.prepare_cached(
                "INSERT OR IGNORE INTO article_status (article_id, arrived_at) VALUES (?1, ?2)",
            )?;
            let mut update = tx.prepare_cached(
                "UPDATE articles SET guid = ?2, title = ?3, link = ?4, author = ?5,
                    published_at = COALESCE(?6, published_at), updated_at = ?7,
                    content_html = ?8, content_hash = ?9, summary = ?10
                 WHERE id = ?1",
            )?;
            for (index, a) in articles.iter().enumerate() {
                let existing: Option<(i64, String)> = find
                    .query_row(params![feed.0, a.stable_key], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })
                    .optional()?;
                match existing {
                    None => {
                        let id: i64 = insert.query_row(
                            params![
                                feed.0,
                                a.stable_key,
                                a.guid,
                                a.title,
                                a.link,
                                a.author,
                                a.published_at,
                                a.updated_at,
                                a.content_html,
                                a.content_hash,
                                now,
                                a.summary
                            ],
                            |r| r.get(0),
                        )?;
                        insert_status.execute(params![id, now])?;
                        counts.new_articles += 1;
                        changed.push((index, ArticleId(id)));
                    }
                    Some((id, hash)) if hash != a.content_hash => {
                        update.execute(params![
                            id,
                            a.guid,
                            a.title,
                            a.link,
                            a.author,
                            a.published_at,
                            a.updated_at,
                            a.content_html,
                            a.content_hash,
                            a.summary
                        ])?;
                        counts.updated_articles += 1;
                        changed.push((index, ArticleId(id)));
                    }
                    Some(_) => {}
                }
            }
        }
        tx.commit()?;
        Ok((counts, changed))
    }

    /// Articles matching `filter`, newest first.
    pub fn articles(&self, filter: &ArticleListFilter) -> StoreResult<Vec<ArticleRow>> {
        let mut sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a
             JOIN feeds f ON f.id = a.feed_id
             JOIN article_status s ON s.article_id = a.id
             WHERE (?1 IS NULL OR a.feed_id = ?1)"
        );
        if filter.unread_only {
            sql.push_str(" AND s.read = 0");
        }
        if filter.starred_only {
            sql.push_str(" AND s.starred = 1");
        }
        sql.push_str(
            " AND COALESCE(a.published_at, a.first_seen_at) >= ?4
              ORDER BY COALESCE(a.published_at, a.first_seen_at) DESC, a.id DESC
              LIMIT ?2 OFFSET ?3",
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                filter.feed.map(|f| f.0),
                filter.limit.unwrap_or(-1),
                filter.offset,
                filter.since.unwrap_or(i64::MIN)
            ],
            article_from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many articles match `filter` (its limit and offset ignored).
    pub fn count_articles(&self, filter: &ArticleListFilter) -> StoreResult<i64> {
        let mut sql = "SELECT COUNT(*) FROM articles a
             JOIN article_status s ON s.article_id = a.id
             WHERE (?1 IS NULL OR a.feed_id = ?1)"
            .to_owned();
        if filter.unread_only {
            sql.push_str(" AND s.read = 0");
        }
        if filter.starred_only {
            sql.push_str(" AND s.starred = 1");
        }
        if filter.since.is_some() {
            sql.push_str(" AND COALESCE(a.published_at, a.first_seen_at) >= ?2");
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let feed = filter.feed.map(|f| f.0);
        let count = match filter.since {
            Some(since) => stmt.query_row(params![feed, since], |r| r.get(0))?,
            None => stmt.query_row(params![feed], |r| r.get(0))?,
        };
        Ok(count)
    }

    /// One article with its content HTML.
    pub fn article(&self, id: ArticleId) -> StoreResult<ArticleRow> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {ARTICLE_COLUMNS}, a.content_html FROM articles a
                     JOIN feeds f ON f.id = a.feed_id
                     JOIN article_status s ON s.article_id = a.id
                     WHERE a.id = ?1"
                ),
                [id.0],
                |row| {
                    let mut article = article_from_row(row)?;
                    article.content_html = Some(row.get(11)?);
                    Ok(article)
                },
            )
            .optional()?
            .ok_or(StoreError::NoSuchArticle(id))
    }

    /// Marks an article read or unread.
    pub fn set_read(&mut self, id: ArticleId, read: bool) -> StoreResult<()> {
        self.update_status(id, "read", read)
    }

    /// Stars or unstars an article.
    pub fn set_starred(&mut self, id: ArticleId, starred: bool) -> StoreResult<()> {
        self.update_status(id, "starred", starred)
    }

    fn update_status(&mut self, id: ArticleId, column: &str, value: bool) -> StoreResult<()> {
        // `column` is one of two literals above, never outside input.
        let changed = self.conn.execute(
            &format!("UPDATE article_status SET {column} = ?2 WHERE article_id = ?1"),
            params![id.0, value],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSuchArticle(id));
        }
        Ok(())
    }
}
