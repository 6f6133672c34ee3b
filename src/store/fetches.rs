//! Fetch records: one row per fetch of a feed, with what each stage cost.
//!
//! The record keeps at least what the seed's hosted reader kept (fetchMs, handleMs, totalMs,
//! content type, bytes, new/total articles, image counts, the stage list).

use rusqlite::{Row, params};
use serde::{Deserialize, Serialize};

use super::{FeedId, Store, StoreResult};

/// How a fetch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FetchOutcomeKind {
    /// A body was downloaded, parsed and stored.
    Ok,
    /// The server answered 304 Not Modified to a conditional request.
    NotModified,
    /// The body hashed the same as last time, so it was not parsed again.
    Unchanged,
    /// The fetch failed; `error` says why.
    Error,
}

impl FetchOutcomeKind {
    /// The name used in the database and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FetchOutcomeKind::Ok => "ok",
            FetchOutcomeKind::NotModified => "not_modified",
            FetchOutcomeKind::Unchanged => "unchanged",
            FetchOutcomeKind::Error => "error",
        }
    }

    /// The outcome in the reader's words (the store and `--json` keep [`Self::as_str`]).
    pub fn in_words(self) -> &'static str {
        match self {
            FetchOutcomeKind::Ok => crate::t!("fetch-outcome-ok"),
            FetchOutcomeKind::NotModified => crate::t!("fetch-outcome-not_modified"),
            FetchOutcomeKind::Unchanged => crate::t!("fetch-outcome-unchanged"),
            FetchOutcomeKind::Error => crate::t!("fetch-outcome-error"),
        }
    }

    fn parse(s: &str) -> FetchOutcomeKind {
        match s {
            "ok" => FetchOutcomeKind::Ok,
            "not_modified" => FetchOutcomeKind::NotModified,
            "unchanged" => FetchOutcomeKind::Unchanged,
            _ => FetchOutcomeKind::Error,
        }
    }
}

/// One HTTP attempt of a fetch: its status (if a response came) or its error, and its duration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRecord {
    pub status: Option<u16>,
    pub error: Option<String>,
    pub ms: u64,
}

/// One named stage of a fetch and how long it took.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageTiming {
    /// A stable machine name (`request`, `download`, `parse`, …).
    pub name: &'static str,
    /// What the stage did, for people.
    pub label: &'static str,
    pub ms: u64,
}

/// Everything Lamplight knows about one fetch of one feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FetchRecord {
    /// The row id, once stored.
    pub id: Option<i64>,
    pub feed_id: FeedId,
    /// Milliseconds since the Unix epoch.
    #[serde(rename = "started_at_ms")]
    pub started_at: i64,
    pub outcome: FetchOutcomeKind,
    pub error: Option<String>,
    pub http_status: Option<u16>,
    pub content_type: Option<String>,
    /// Body bytes received (after content decoding).
    pub bytes: u64,
    /// Every HTTP attempt, in order (the seed's retry history).
    pub attempts: Vec<AttemptRecord>,
    /// From sending the request until the response headers arrived (all attempts).
    pub request_ms: u64,
    /// Receiving the body.
    pub download_ms: u64,
    pub parse_ms: u64,
    pub store_ms: u64,
    pub cover_images_ms: u64,
    pub retry_covers_ms: u64,
    pub body_images_ms: u64,
    pub total_ms: u64,
    /// Waiting for a connection slot (per-host and global limits) and retry back-off.
    pub wait_ms: u64,
    /// Fetching the feed's icon, after the articles were stored.
    pub icon_ms: u64,
    pub new_articles: i64,
    pub updated_articles: i64,
    pub total_articles: i64,
    pub images_found: i64,
    pub images_cached: i64,
    pub images_failed: i64,
    /// Something this fetch changed besides articles ("moved: the address is now …").
    pub note: Option<String>,
    /// Fetching new articles' web pages and extracting their full text.
    pub full_text_ms: u64,
    /// Pages whose article text was extracted and stored.
    pub full_text_fetched: i64,
    /// Pages that were tried and left the feed's text in place (each article says why).
    pub full_text_failed: i64,
}

impl FetchRecord {
    /// An empty record for a fetch of `feed_id` starting at `started_at`.
    pub fn new(feed_id: FeedId, started_at: i64) -> FetchRecord {
        FetchRecord {
            id: None,
            feed_id,
            started_at,
            outcome: FetchOutcomeKind::Error,
            error: None,
            http_status: None,
            content_type: None,
            bytes: 0,
            attempts: Vec::new(),
            request_ms: 0,
            download_ms: 0,
            parse_ms: 0,
            store_ms: 0,
            cover_images_ms: 0,
            retry_covers_ms: 0,
            body_images_ms: 0,
            total_ms: 0,
            wait_ms: 0,
            icon_ms: 0,
            new_articles: 0,
            updated_articles: 0,
            total_articles: 0,
            images_found: 0,
            images_cached: 0,
            images_failed: 0,
            note: None,
            full_text_ms: 0,
            full_text_fetched: 0,
            full_text_failed: 0,
        }
    }

    /// Download time as the seed counted it (`fetchMs`): request plus body.
    pub fn fetch_ms(&self) -> u64 {
        self.request_ms + self.download_ms
    }

    /// The stage list: the seed's `extra4.statList` in the order the stages run, then the
    /// feed's icon and the time spent waiting. Together they make up `total_ms`.
    pub fn stages(&self) -> Vec<StageTiming> {
        let stage = |name, label, ms| StageTiming { name, label, ms };
        // Stages added later come last, so that the list scripts read keeps its order; the
        // wait is spread over the fetch (before requests, between attempts).
        vec![
            stage("request", "request until response headers", self.request_ms),
            stage("download", "download body", self.download_ms),
            stage("parse", "parse articles", self.parse_ms),
            stage("store", "store articles", self.store_ms),
            stage("cover_images", "cache cover images", self.cover_images_ms),
            stage("retry_covers", "retry failed covers", self.retry_covers_ms),
            stage("body_images", "cache body images", self.body_images_ms),
            stage("icon", "fetch the feed's icon", self.icon_ms),
            stage(
                "wait",
                "wait for a connection slot and retry back-off",
                self.wait_ms,
            ),
            stage(
                "full_text",
                "fetch and extract full articles",
                self.full_text_ms,
            ),
        ]
    }
}

const FETCH_COLUMNS: &str = "id, feed_id, started_at, outcome, error, http_status, content_type,
    bytes, attempts, request_ms, download_ms, parse_ms, store_ms, cover_images_ms,
    retry_covers_ms, body_images_ms, total_ms, new_articles, updated_articles, total_articles,
    images_found, images_cached, images_failed, note, wait_ms, icon_ms, full_text_ms,
    full_text_fetched, full_text_failed";

fn fetch_from_row(row: &Row<'_>) -> rusqlite::Result<FetchRecord> {
    let outcome: String = row.get(3)?;
    let attempts: String = row.get(8)?;
    Ok(FetchRecord {
        id: Some(row.get(0)?),
        feed_id: FeedId(row.get(1)?),
        started_at: row.get(2)?,
        outcome: FetchOutcomeKind::parse(&outcome),
        error: row.get(4)?,
        http_status: row.get(5)?,
        content_type: row.get(6)?,
        bytes: row.get(7)?,
        // The column is only ever written by `insert_fetch`; a damaged value loses the history
        // of attempts, not the record.
        attempts: serde_json::from_str(&attempts).unwrap_or_default(),
        request_ms: row.get(9)?,
        download_ms: row.get(10)?,
        parse_ms: row.get(11)?,
        store_ms: row.get(12)?,
        cover_images_ms: row.get(13)?,
        retry_covers_ms: row.get(14)?,
        body_images_ms: row.get(15)?,
        total_ms: row.get(16)?,
        new_articles: row.get(17)?,
        updated_articles: row.get(18)?,
        total_articles: row.get(19)?,
        images_found: row.get(20)?,
        images_cached: row.get(21)?,
        images_failed: row.get(22)?,
        note: row.get(23)?,
        wait_ms: row.get(24)?,
        icon_ms: row.get(25)?,
        full_text_ms: row.get(26)?,
        full_text_fetched: row.get(27)?,
        full_text_failed: row.get(28)?,
    })
}

impl Store {
    /// Stores a fetch record and returns its row id.
    pub fn insert_fetch(&mut self, r: &FetchRecord) -> StoreResult<i64> {
        let attempts = serde_json::to_string(&r.attempts).unwrap_or_else(|_| "[]".to_owned());
        // No `RETURNING id`: SQLite would open a temporary table for it at every insert.
        self.conn.prepare_cached(
            "INSERT INTO fetches (feed_id, started_at, outcome, error, http_status, content_type,
                bytes, attempts, request_ms, download_ms, parse_ms, store_ms, cover_images_ms,
                retry_covers_ms, body_images_ms, total_ms, new_articles, updated_articles,
                total_articles, images_found, images_cached, images_failed, note, wait_ms, icon_ms,
                full_text_ms, full_text_fetched, full_text_failed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)",
        )?
        .execute(params![
                r.feed_id.0,
                r.started_at,
                r.outcome.as_str(),
                r.error,
                r.http_status,
                r.content_type,
                r.bytes,
                attempts,
                r.request_ms,
                r.download_ms,
                r.parse_ms,
                r.store_ms,
                r.cover_images_ms,
                r.retry_covers_ms,
                r.body_images_ms,
                r.total_ms,
                r.new_articles,
                r.updated_articles,
                r.total_articles,
                r.images_found,
                r.images_cached,
                r.images_failed,
                r.note,
                r.wait_ms,
                r.icon_ms,
                r.full_text_ms,
                r.full_text_fetched,
                r.full_text_failed
        ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Fetch records, newest first: of one feed or of all, at most `limit`.
    pub fn fetches(&self, feed: Option<FeedId>, limit: i64) -> StoreResult<Vec<FetchRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FETCH_COLUMNS} FROM fetches WHERE (?1 IS NULL OR feed_id = ?1)
             ORDER BY started_at DESC, id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![feed.map(|f| f.0), limit], fetch_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The total milliseconds of every fetch of `feed`, oldest first (for percentiles).
    pub fn fetch_totals_ms(&self, feed: FeedId) -> StoreResult<Vec<u64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT total_ms FROM fetches WHERE feed_id = ?1 ORDER BY started_at",
        )?;
        let rows = stmt.query_map([feed.0], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
