//! The image cache: WebP renditions as BLOBs with what each cost and saved, the images of each
//! article, covers, reader lookups (with hit/miss counters) and LRU eviction under a byte cap
//! that never evicts an image of a starred article.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{ArticleId, AttemptRecord, FeedId, Store, StoreResult, now_ms};

/// One image's row, as the pipeline writes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImageRecord {
    pub url: String,
    pub feed_id: Option<FeedId>,
    pub referer: Option<String>,
    /// `cover` or `body`.
    pub role: String,
    /// `cached`, `failed` or `evicted`.
    pub status: String,
    pub attempts: Vec<AttemptRecord>,
    pub http_status: Option<u16>,
    pub source_format: Option<String>,
    pub source_bytes: u64,
    pub source_width: Option<u32>,
    pub source_height: Option<u32>,
    #[serde(skip)]
    pub webp: Option<Vec<u8>>,
    pub webp_bytes: u64,
    pub webp_width: Option<u32>,
    pub webp_height: Option<u32>,
    #[serde(skip)]
    pub thumb: Option<Vec<u8>>,
    pub thumb_bytes: u64,
    pub thumb_width: Option<u32>,
    pub thumb_height: Option<u32>,
    pub quality: u32,
    pub convert_ms: u64,
    pub total_ms: u64,
    pub error: Option<String>,
    pub error_kind: Option<String>,
}

/// A picture ready to paint: WebP bytes and their size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedPicture {
    pub webp: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Image-cache figures for all feeds or one.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImageStats {
    pub feed_id: Option<FeedId>,
    pub images: i64,
    pub cached: i64,
    pub failed: i64,
    pub evicted: i64,
    /// Failures grouped by cause kind.
    pub failed_by_cause: Vec<(String, i64)>,
    pub source_bytes: i64,
    pub webp_bytes: i64,
    pub thumb_bytes: i64,
    /// WebP bytes / source bytes over cached images (the seed's compressRate).
    pub compress_rate: f64,
    pub convert_ms_p50: u64,
    pub convert_ms_p95: u64,
    pub articles_with_picture: i64,
    pub articles_without_picture: i64,
}

/// Reader lookups of the cache since the database was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LookupCounts {
    /// Lookups of downloaded pictures that found them in the cache.
    pub hits: i64,
    /// Lookups of downloaded pictures the cache had evicted.
    pub misses: i64,
    /// Lookups of pictures never downloaded (failed, or not tried yet): not part of the hit rate.
    pub not_downloaded: i64,
}

impl Store {
    /// The id and status of the image stored for `url`, if any.
    pub fn image_status(&self, url: &str) -> StoreResult<Option<(i64, String)>> {
        Ok(self
            .conn
            .query_row("SELECT id, status FROM images WHERE url = ?1", [url], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }

    /// Stores (or replaces) the row for `image.url`; returns its id.
    pub fn save_image(&mut self, image: &ImageRecord) -> StoreResult<i64> {
        let attempts = serde_json::to_string(&image.attempts).unwrap_or_else(|_| "[]".into());
        let now = now_ms();
        let id = self.conn.query_row(
            "INSERT INTO images (url, feed_id, referer, role, status, attempts, http_status,
                source_format, source_bytes, source_width, source_height, webp, webp_bytes,
                webp_width, webp_height, thumb, thumb_bytes, thumb_width, thumb_height, quality,
                convert_ms, total_ms, error, error_kind, created_at, last_used_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?25)
             ON CONFLICT(url) DO UPDATE SET
                referer = excluded.referer,
                role = CASE WHEN images.role = 'cover' THEN 'cover' ELSE excluded.role END,
                status = excluded.status, attempts = excluded.attempts,
                http_status = excluded.http_status, source_format = excluded.source_format,
                source_bytes = excluded.source_bytes, source_width = excluded.source_width,
                source_height = excluded.source_height, webp = excluded.webp,
                webp_bytes = excluded.webp_bytes, webp_width = excluded.webp_width,
                webp_height = excluded.webp_height, thumb = excluded.thumb,
                thumb_bytes = excluded.thumb_bytes, thumb_width = excluded.thumb_width,
                thumb_height = excluded.thumb_height, quality = excluded.quality,
                convert_ms = excluded.convert_ms, total_ms = excluded.total_ms,
                error = excluded.error, error_kind = excluded.error_kind,
                last_used_at = excluded.last_used_at
             RETURNING id",
            params![
                image.url,
                image.feed_id.map(|f| f.0),
                image.referer,
                image.role,
                image.status,
                attempts,
                image.http_status,
                image.source_format,
                image.source_bytes,
                image.source_width,
                image.source_height,
                image.webp,
                image.webp_bytes,
                image.webp_width,
                image.webp_height,
                image.thumb,
                image.thumb_bytes,
                image.thumb_width,
                image.thumb_height,
                image.quality,
                image.convert_ms,
                image.total_ms,
                image.error,
                image.error_kind,
                now
            ],
            |r| r.get(0),
        )?;
        Ok(id)
    }

    /// Links an article to its images (in order) and sets its cover — the first of them that
    /// is cached — and whether it has a picture at all. One transaction.
    pub fn set_article_images(&mut self, article: ArticleId, image_ids: &[i64]) -> StoreResult<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM article_images WHERE article_id = ?1",
            [article.0],
        )?;
        {
            let mut link = tx.prepare_cached(
                "INSERT INTO article_images (article_id, position, image_id) VALUES (?1, ?2, ?3)",
            )?;
            for (position, id) in image_ids.iter().enumerate() {
                link.execute(params![article.0, position as i64, id])?;
            }
        }
        tx.execute(
            "UPDATE articles SET
                cover_image_id = (SELECT ai.image_id FROM article_images ai
                    JOIN images i ON i.id = ai.image_id
                    WHERE ai.article_id = ?1 AND i.status = 'cached'
                    ORDER BY ai.position LIMIT 1),
                has_picture = EXISTS (SELECT 1 FROM article_images ai
                    JOIN images i ON i.id = ai.image_id
                    WHERE ai.article_id = ?1 AND i.status = 'cached')
             WHERE id = ?1",
            [article.0],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The reader rendition of `url`, counting a hit or a miss and marking it used.
    pub fn reader_image(&mut self, url: &str) -> StoreResult<Option<CachedPicture>> {
        let picture = self
            .conn
            .query_row(
                "SELECT webp, webp_width, webp_height FROM images
                 WHERE url = ?1 AND status = 'cached' AND webp IS NOT NULL",
                [url],
                |r| {
                    Ok(CachedPicture {
                        webp: r.get(0)?,
                        width: r.get(1)?,
                        height: r.get(2)?,
                    })
                },
            )
            .optional()?;
        // The hit rate is of pictures that were downloaded: one never downloaded (or that
        // failed) is counted apart, with its cause in the images table.
        let counter = if picture.is_some() {
            self.conn.execute(
                "UPDATE images SET last_used_at = ?2 WHERE url = ?1",
                params![url, now_ms()],
            )?;
            "reader_hits"
        } else if self.image_status(url)?.is_some_and(|(_, s)| s == "evicted") {
            "reader_misses"
        } else {
            "reader_not_downloaded"
        };
        self.bump_counter(counter)?;
        Ok(picture)
    }

    /// The list thumbnail of an article's cover, if one is cached.
    pub fn cover_thumbnail(&self, article: ArticleId) -> StoreResult<Option<CachedPicture>> {
        Ok(self
            .conn
            .query_row(
                "SELECT i.thumb, i.thumb_width, i.thumb_height FROM articles a
                 JOIN images i ON i.id = a.cover_image_id
                 WHERE a.id = ?1 AND i.status = 'cached' AND i.thumb IS NOT NULL",
                [article.0],
                |r| {
                    Ok(CachedPicture {
                        webp: r.get(0)?,
                        width: r.get(1)?,
                        height: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// The stored row of `url` (BLOBs included).
    pub fn image(&self, url: &str) -> StoreResult<Option<ImageRecord>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {IMAGE_COLUMNS} FROM images WHERE url = ?1"),
                [url],
                image_from_row,
            )
            .optional()?)
    }

    /// The image rows of one feed, or of one article, without their BLOBs: what the image
    /// list of `lamplight stats images --list` and the window's image view show.
    pub fn image_list(
        &self,
        feed: Option<FeedId>,
        article: Option<ArticleId>,
    ) -> StoreResult<Vec<ImageRecord>> {
        let columns = IMAGE_COLUMNS
            .replace("webp,", "NULL,")
            .replace("thumb,", "NULL,");
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {columns} FROM images i
             WHERE (?1 IS NULL OR i.feed_id = ?1)
               AND (?2 IS NULL OR i.id IN (SELECT image_id FROM article_images WHERE article_id = ?2))
             ORDER BY i.created_at, i.id"
        ))?;
        let rows = stmt.query_map(
            params![feed.map(|f| f.0), article.map(|a| a.0)],
            image_from_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Bytes the cache holds now (reader images and thumbnails).
    pub fn image_cache_bytes(&self) -> StoreResult<i64> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(SUM(webp_bytes + thumb_bytes), 0) FROM images WHERE status = 'cached'",
            [],
            |r| r.get(0),
        )?)
    }

    /// Evicts least-recently-used images until the cache holds at most `cap_bytes`, never an
    /// image of a starred article. Returns how many were evicted.
    pub fn evict_images(&mut self, cap_bytes: i64) -> StoreResult<usize> {
        let mut over = self.image_cache_bytes()? - cap_bytes;
        if over <= 0 {
            return Ok(0);
        }
        let tx = self.conn.transaction()?;
        let candidates: Vec<(i64, i64)> = {
            let mut stmt = tx.prepare(
                "SELECT i.id, i.webp_bytes + i.thumb_bytes FROM images i
                 WHERE i.status = 'cached' AND NOT EXISTS (
                    SELECT 1 FROM article_images ai
                    JOIN article_status s ON s.article_id = ai.article_id
                    WHERE ai.image_id = i.id AND s.starred = 1)
                 ORDER BY i.last_used_at, i.id",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let mut evicted = 0;
        for (id, bytes) in candidates {
            if over <= 0 {
                break;
            }
            tx.execute(
                "UPDATE images SET status = 'evicted', webp = NULL, thumb = NULL,
                    webp_bytes = 0, thumb_bytes = 0 WHERE id = ?1",
                [id],
            )?;
            over -= bytes;
            evicted += 1;
        }
        tx.commit()?;
        Ok(evicted)
    }

    /// Article-image figures over all feeds (`None`) or one (feed icons are not counted).
    pub fn image_stats(&self, feed: Option<FeedId>) -> StoreResult<ImageStats> {
        let f = feed.map(|f| f.0);
        let mut stats = self.conn.query_row(
            "SELECT COUNT(*),
                COALESCE(SUM(status = 'cached'), 0), COALESCE(SUM(status = 'failed'), 0),
                COALESCE(SUM(status = 'evicted'), 0),
                COALESCE(SUM(CASE WHEN status != 'failed' THEN source_bytes END), 0),
                COALESCE(SUM(webp_bytes), 0), COALESCE(SUM(thumb_bytes), 0),
                COALESCE(SUM(CASE WHEN status = 'cached' THEN source_bytes END), 0)
             FROM images WHERE role != 'icon' AND (?1 IS NULL OR feed_id = ?1)",
            [f],
            |r| {
                let cached_source: i64 = r.get(7)?;
                let webp: i64 = r.get(5)?;
                Ok(ImageStats {
                    feed_id: feed,
                    images: r.get(0)?,
                    cached: r.get(1)?,
                    failed: r.get(2)?,
                    evicted: r.get(3)?,
                    source_bytes: r.get(4)?,
                    webp_bytes: webp,
                    thumb_bytes: r.get(6)?,
                    compress_rate: if cached_source > 0 {
                        webp as f64 / cached_source as f64
                    } else {
                        0.0
                    },
                    ..ImageStats::default()
                })
            },
        )?;
        let mut causes = self.conn.prepare_cached(
            "SELECT COALESCE(error_kind, 'unknown'), COUNT(*) FROM images
             WHERE status = 'failed' AND role != 'icon' AND (?1 IS NULL OR feed_id = ?1)
             GROUP BY 1 ORDER BY 2 DESC, 1",
        )?;
        stats.failed_by_cause = causes
            .query_map([f], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut convert = self.conn.prepare_cached(
            "SELECT convert_ms FROM images
             WHERE status != 'failed' AND role != 'icon' AND (?1 IS NULL OR feed_id = ?1)
             ORDER BY convert_ms",
        )?;
        let ms: Vec<u64> = convert
            .query_map([f], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        stats.convert_ms_p50 = super::percentile(&ms, 50.0);
        stats.convert_ms_p95 = super::percentile(&ms, 95.0);
        let (with, without) = self.conn.query_row(
            "SELECT COALESCE(SUM(has_picture = 1), 0), COALESCE(SUM(has_picture = 0), 0)
             FROM articles WHERE (?1 IS NULL OR feed_id = ?1)",
            [f],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        stats.articles_with_picture = with;
        stats.articles_without_picture = without;
        Ok(stats)
    }

    /// The cache's size over time: (created at ms, cumulative bytes) of images still cached.
    pub fn image_cache_history(&self) -> StoreResult<Vec<(i64, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT created_at, webp_bytes + thumb_bytes FROM images
             WHERE status = 'cached' ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
        let mut total = 0;
        let mut out = Vec::new();
        for row in rows {
            let (at, bytes) = row?;
            total += bytes;
            out.push((at, total));
        }
        Ok(out)
    }

    /// A named counter's value (0 when never bumped).
    pub fn counter(&self, name: &str) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("SELECT value FROM counters WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?
            .unwrap_or(0))
    }

    /// Adds one to a named counter.
    pub fn bump_counter(&mut self, name: &str) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO counters (name, value) VALUES (?1, 1)
             ON CONFLICT(name) DO UPDATE SET value = value + 1",
            [name],
        )?;
        Ok(())
    }

    /// Reader lookups so far.
    pub fn lookup_counts(&self) -> StoreResult<LookupCounts> {
        Ok(LookupCounts {
            hits: self.counter("reader_hits")?,
            misses: self.counter("reader_misses")?,
            not_downloaded: self.counter("reader_not_downloaded")?,
        })
    }
}

/// The columns [`image_from_row`] reads, in its order.
const IMAGE_COLUMNS: &str = "url, feed_id, referer, role, status, attempts, http_status,
    source_format, source_bytes, source_width, source_height, webp, webp_bytes,
    webp_width, webp_height, thumb, thumb_bytes, thumb_width, thumb_height,
    quality, convert_ms, total_ms, error, error_kind";

fn image_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ImageRecord> {
    let attempts: String = r.get(5)?;
    Ok(ImageRecord {
        url: r.get(0)?,
        feed_id: r.get::<_, Option<i64>>(1)?.map(FeedId),
        referer: r.get(2)?,
        role: r.get(3)?,
        status: r.get(4)?,
        attempts: serde_json::from_str(&attempts).unwrap_or_default(),
        http_status: r.get(6)?,
        source_format: r.get(7)?,
        source_bytes: r.get(8)?,
        source_width: r.get(9)?,
        source_height: r.get(10)?,
        webp: r.get(11)?,
        webp_bytes: r.get(12)?,
        webp_width: r.get(13)?,
        webp_height: r.get(14)?,
        thumb: r.get(15)?,
        thumb_bytes: r.get(16)?,
        thumb_width: r.get(17)?,
        thumb_height: r.get(18)?,
        quality: r.get(19)?,
        convert_ms: r.get(20)?,
        total_ms: r.get(21)?,
        error: r.get(22)?,
        error_kind: r.get(23)?,
    })
}
