//! Article rows and their statuses: listing, reading, marking (storing a parsed feed is
//! `ingest.rs`).
//!
//! Content is immutable once written, except for a real update from the feed (same stable key,
//! different content hash). Read/starred live in `article_status`, which a refresh never touches:
//! a feed that rewrites an article never loses what the user did with it.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::full_text::OFFLINE_READY;
use super::packed::Packed;
use super::{ArticleId, FeedId, Store, StoreError, StoreResult};

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
    /// The article's whole text as the reader shows it (from the render layer), for search.
    pub text: String,
    /// A hash of everything above that the reader shows; a change means a real update.
    pub content_hash: String,
    /// Image URLs from the item's media/enclosure elements. Not stored as such: the image
    /// pipeline reads them after ingest.
    pub media_image_urls: Vec<String>,
    /// The language tag the entry itself declares (Atom `xml:lang`), if any.
    pub language: Option<String>,
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
    /// The time the list sorts by (published, else first seen), in ms.
    #[serde(skip)]
    pub list_time: i64,
    /// The article's web page was read and its full text is stored.
    pub full_text: bool,
    /// Its text is complete (the page read, or the feed's text is the whole article) and every
    /// picture of it is cached.
    pub offline_ready: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_html: Option<String>,
    /// The language the entry, else its feed, declares; read with the content, for the reader.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl ArticleRow {
    /// Where this row stands in list order, for [`ArticleListFilter::after`].
    pub fn sort_key(&self) -> (i64, ArticleId) {
        (self.list_time, self.id)
    }
}

/// Which articles to list.
#[derive(Debug, Clone, Default)]
pub struct ArticleListFilter {
    pub feed: Option<FeedId>,
    /// Only articles of feeds in this folder.
    pub folder: Option<super::FolderId>,
    pub unread_only: bool,
    pub starred_only: bool,
    /// Only articles published (or first seen) at or after this time, in ms.
    pub since: Option<i64>,
    /// Only articles after this one in list order: its (time, id), from [`ArticleRow::sort_key`].
    pub after: Option<(i64, ArticleId)>,
    pub limit: Option<i64>,
    pub offset: i64,
    /// Oldest first (and `after` means "newer than") instead of newest first.
    pub oldest_first: bool,
}

const ARTICLE_COLUMNS: &str = "a.id, a.feed_id, COALESCE(NULLIF(TRIM(f.user_title), ''), f.title), a.title, a.link, a.author, a.published_at,
    s.read, s.starred, CASE WHEN a.summary = '' THEN a.plain_text ELSE a.summary END,
    a.cover_image_id IS NOT NULL,
    COALESCE(a.published_at, a.first_seen_at), a.full_status IS 'extracted'";

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
        summary: row.get::<_, Packed>(9)?.0,
        has_cover: row.get(10)?,
        list_time: row.get(11)?,
        full_text: row.get(12)?,
        offline_ready: row.get(13)?,
        content_html: None,
        language: None,
    })
}

/// The WHERE conditions (each starting with " AND") and their values for a filter.
fn filter_sql(filter: &ArticleListFilter) -> (String, Vec<Value>) {
    let mut sql = String::new();
    let mut values = Vec::new();
    if let Some(feed) = filter.feed {
        sql.push_str(" AND a.feed_id = ?");
        values.push(Value::Integer(feed.0));
    }
    if let Some(folder) = filter.folder {
        sql.push_str(" AND a.feed_id IN (SELECT id FROM feeds WHERE folder_id = ?)");
        values.push(Value::Integer(folder.0));
    }
    if filter.unread_only {
        sql.push_str(" AND s.read = 0");
    }
    if filter.starred_only {
        sql.push_str(" AND s.starred = 1");
    }
    if let Some(since) = filter.since {
        sql.push_str(" AND COALESCE(a.published_at, a.first_seen_at) >= ?");
        values.push(Value::Integer(since));
    }
    (sql, values)
}

impl Store {
    /// Articles matching `filter`, newest first. The query walks the time index (per feed or
    /// overall) so a page costs its rows, not a sort of the table; with `filter.after` it starts
    /// right after a known row instead of counting an offset.
    pub fn articles(&self, filter: &ArticleListFilter) -> StoreResult<Vec<ArticleRow>> {
        self.load_new_dictionaries()?;
        let (conditions, mut values) = filter_sql(filter);
        let mut sql = format!(
            "SELECT {ARTICLE_COLUMNS}, {OFFLINE_READY} FROM articles a
             CROSS JOIN article_status s ON s.article_id = a.id
             JOIN feeds f ON f.id = a.feed_id
             WHERE 1 = 1{conditions}"
        );
        let (beyond, order) = if filter.oldest_first {
            (">", "ASC")
        } else {
            ("<", "DESC")
        };
        if let Some((time, id)) = filter.after {
            // Spelled out rather than as a row value `(t, id) < (?, ?)`, which SQLite cannot
            // seek the time index with: it scanned from the top, 8 ms a page 90,000 rows down.
            let n = values.len();
            sql.push_str(&format!(
                " AND COALESCE(a.published_at, a.first_seen_at) {beyond}= ?{t} \
                 AND (COALESCE(a.published_at, a.first_seen_at) {beyond} ?{t} OR a.id {beyond} ?{i})",
                t = n + 1,
                i = n + 2,
            ));
            values.push(Value::Integer(time));
            values.push(Value::Integer(id.0));
        }
        sql.push_str(&format!(
            " ORDER BY COALESCE(a.published_at, a.first_seen_at) {order}, a.id {order} \
             LIMIT ? OFFSET ?"
        ));
        values.push(Value::Integer(filter.limit.unwrap_or(-1)));
        values.push(Value::Integer(filter.offset));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), article_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many articles match `filter` (its limit, offset and `after` ignored).
    pub fn count_articles(&self, filter: &ArticleListFilter) -> StoreResult<i64> {
        if let Some(count) = self.count_kept(filter)? {
            return Ok(count);
        }
        let (conditions, values) = filter_sql(filter);
        let sql = format!(
            "SELECT COUNT(*) FROM articles a
             CROSS JOIN article_status s ON s.article_id = a.id
             WHERE 1 = 1{conditions}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row(rusqlite::params_from_iter(values), |r| r.get(0))?)
    }

    /// The count from what the store keeps counted, when the filter allows: per-feed article
    /// and unread counts (kept by ingest and triggers), the starred marks (a partial index). A million
    /// articles are otherwise walked one by one.
    fn count_kept(&self, filter: &ArticleListFilter) -> StoreResult<Option<i64>> {
        if filter.since.is_some() {
            return Ok(None);
        }
        let column = if filter.unread_only {
            "unread_count"
        } else {
            "article_count"
        };
        let (sql, value) = match (filter.starred_only, filter.feed, filter.folder) {
            (true, None, None) if !filter.unread_only => (
                "SELECT COUNT(*) FROM article_status WHERE starred = 1".to_owned(),
                None,
            ),
            (true, ..) => return Ok(None),
            (false, Some(feed), None) => (
                format!("SELECT COALESCE(SUM({column}), 0) FROM feeds WHERE id = ?1"),
                Some(feed.0),
            ),
            (false, None, Some(folder)) => (
                format!("SELECT COALESCE(SUM({column}), 0) FROM feeds WHERE folder_id = ?1"),
                Some(folder.0),
            ),
            (false, None, None) => (
                format!("SELECT COALESCE(SUM({column}), 0) FROM feeds"),
                None,
            ),
            (false, Some(_), Some(_)) => return Ok(None),
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let count = match value {
            Some(v) => stmt.query_row([v], |r| r.get(0))?,
            None => stmt.query_row([], |r| r.get(0))?,
        };
        Ok(Some(count))
    }

    /// One article with its content HTML.
    pub fn article(&self, id: ArticleId) -> StoreResult<ArticleRow> {
        self.load_new_dictionaries()?;
        self.conn
            .query_row(
                &format!(
                    "SELECT {ARTICLE_COLUMNS}, {OFFLINE_READY}, a.content_html, COALESCE(a.language, f.language) FROM articles a
                     JOIN feeds f ON f.id = a.feed_id
                     JOIN article_status s ON s.article_id = a.id
                     WHERE a.id = ?1"
                ),
                [id.0],
                |row| {
                    let mut article = article_from_row(row)?;
                    article.content_html = Some(row.get::<_, Packed>(14)?.0);
                    article.language = row.get(15)?;
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

    /// Sets read on each of `ids` (those that still exist) in one transaction; returns how
    /// many rows changed.
    pub fn set_read_many(&mut self, ids: &[ArticleId], read: bool) -> StoreResult<usize> {
        let tx = self.conn.transaction()?;
        let mut changed = 0;
        {
            let mut stmt =
                tx.prepare_cached("UPDATE article_status SET read = ?2 WHERE article_id = ?1")?;
            for id in ids {
                changed += stmt.execute(params![id.0, read])?;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// The (read, starred) status of each of `ids` that exists, in one indexed query per
    /// hundred ids: how a view refreshes the rows it shows without re-reading them.
    pub fn statuses(&self, ids: &[ArticleId]) -> StoreResult<Vec<(ArticleId, bool, bool)>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(100) {
            let marks = vec!["?"; chunk.len()].join(",");
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT article_id, read, starred FROM article_status WHERE article_id IN ({marks})"
            ))?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(chunk.iter().map(|i| i.0)), |r| {
                    Ok((ArticleId(r.get(0)?), r.get(1)?, r.get(2)?))
                })?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
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
