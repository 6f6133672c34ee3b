//! Unsubscribing, undoably: a feed, its articles, statuses, fetch records, search rows and the
//! images only it uses leave the live tables in one transaction and wait in `trash_*` tables,
//! so [`Store::restore_feed`] can put every row back as it was (ids and marks included; the
//! search index, which keeps no text, is written again from the restored articles).
//! Starred articles can be kept: they move to the "Saved" feed, which is never refreshed.
//! `lamplight vacuum` empties the trash ([`Store::purge_trash`]).

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::packed::Packed;
use super::{FeedId, Store, StoreError, StoreResult, now_ms};

/// The address of the feed that holds starred articles of removed feeds.
pub const SAVED_FEED_URL: &str = "lamplight:saved";

/// What a removal took away (and what Undo puts back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemovalReport {
    /// The removal's id: [`Store::restore_feed`] takes it.
    pub removal_id: i64,
    pub feed_id: FeedId,
    pub title: String,
    pub articles: i64,
    pub starred_kept: i64,
    pub fetches: i64,
    pub images: i64,
    pub image_bytes: i64,
}

/// The tables a removal empties, in the order rows go back (parents first).
const TABLES: [&str; 7] = [
    "feeds",
    "images",
    "articles",
    "article_status",
    "fetches",
    "article_images",
    "deleted_articles",
];

/// The columns of `table`, as SQLite lists them.
fn columns(tx: &Transaction<'_>, table: &str) -> StoreResult<String> {
    let mut stmt = tx.prepare(&format!("PRAGMA table_info({table})"))?;
    let names: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<Result<_, _>>()?;
    Ok(names.join(", "))
}

/// Which rows of each table belong to the feed `?1` (articles are listed in `gone_articles`,
/// images in `gone_images`).
fn rows_of(table: &str) -> &'static str {
    match table {
        "feeds" => "id = ?1",
        "images" => "id IN (SELECT id FROM gone_images)",
        "article_status" | "article_images" => "article_id IN (SELECT id FROM gone_articles)",
        _ => "feed_id = ?1",
    }
}

impl Store {
    /// Removes `feed` with everything that is only its own, in one transaction; with
    /// `keep_starred` its starred articles move to the "Saved" feed instead. The rows wait in
    /// the trash until [`Store::purge_trash`], so the removal can be undone.
    pub fn remove_feed(&mut self, feed: FeedId, keep_starred: bool) -> StoreResult<RemovalReport> {
        let row = self.feed(feed)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO removals (feed_id, title, removed_at) VALUES (?1, ?2, ?3)",
            params![feed.0, row.title, now_ms()],
        )?;
        let removal = tx.last_insert_rowid();
        let starred_kept = if keep_starred {
            keep_starred_articles(&tx, feed, removal)?
        } else {
            0
        };
        tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS gone_articles (id INTEGER PRIMARY KEY);
             CREATE TEMP TABLE IF NOT EXISTS gone_images (id INTEGER PRIMARY KEY);
             DELETE FROM gone_articles; DELETE FROM gone_images;",
        )?;
        tx.execute(
            "INSERT INTO gone_articles SELECT id FROM articles WHERE feed_id = ?1",
            [feed.0],
        )?;
        // Images no other feed's article (or icon) uses.
        tx.execute(
            "INSERT INTO gone_images
             SELECT i.id FROM images i
             WHERE (i.feed_id = ?1
                    OR i.id IN (SELECT ai.image_id FROM article_images ai
                                JOIN gone_articles g ON g.id = ai.article_id))
               AND NOT EXISTS (SELECT 1 FROM article_images ai
                               JOIN articles a ON a.id = ai.article_id
                               WHERE ai.image_id = i.id AND a.feed_id != ?1)
               AND NOT EXISTS (SELECT 1 FROM articles a
                               WHERE a.cover_image_id = i.id AND a.feed_id != ?1)
               AND NOT EXISTS (SELECT 1 FROM feeds f
                               WHERE f.icon_url = i.url AND f.id != ?1)",
            [feed.0],
        )?;
        // Shared images first cached for this feed pass to a feed that still shows them (Undo
        // gives them back) ...
        tx.execute(
            "INSERT INTO trash_image_owners (removal_id, image_id)
             SELECT ?2, id FROM images WHERE feed_id = ?1
               AND id NOT IN (SELECT id FROM gone_images)",
            params![feed.0, removal],
        )?;
        // ... to the feed that still shows them.
        tx.execute(
            "UPDATE images SET feed_id = (
                SELECT a.feed_id FROM article_images ai JOIN articles a ON a.id = ai.article_id
                WHERE ai.image_id = images.id AND a.feed_id != ?1 LIMIT 1)
             WHERE feed_id = ?1 AND id NOT IN (SELECT id FROM gone_images)",
            [feed.0],
        )?;
        for table in TABLES {
            let cols = columns(&tx, table)?;
            tx.execute(
                &format!(
                    "INSERT INTO trash_{table} (removal_id, {cols})
                     SELECT ?2, {cols} FROM {table} WHERE {}",
                    rows_of(table)
                ),
                params![feed.0, removal],
            )?;
        }
        let count =
            |sql: &str| -> StoreResult<i64> { Ok(tx.query_row(sql, [removal], |r| r.get(0))?) };
        let articles = count("SELECT COUNT(*) FROM trash_articles WHERE removal_id = ?1")?;
        let fetches = count("SELECT COUNT(*) FROM trash_fetches WHERE removal_id = ?1")?;
        let images = count("SELECT COUNT(*) FROM trash_images WHERE removal_id = ?1")?;
        let image_bytes = count(
            "SELECT COALESCE(SUM(webp_bytes + thumb_bytes), 0)
             FROM trash_images WHERE removal_id = ?1",
        )?;
        tx.execute(
            "DELETE FROM search WHERE rowid IN (SELECT id FROM gone_articles)",
            [],
        )?;
        tx.execute(
            "DELETE FROM images WHERE id IN (SELECT id FROM gone_images)",
            [],
        )?;
        // Articles, statuses, fetches, picture links and tombstones go with the feed (cascade).
        tx.execute("DELETE FROM feeds WHERE id = ?1", [feed.0])?;
        tx.execute(
            "UPDATE removals SET articles = ?2, starred_kept = ?3, fetches = ?4, images = ?5,
                image_bytes = ?6 WHERE id = ?1",
            params![
                removal,
                articles,
                starred_kept,
                fetches,
                images,
                image_bytes
            ],
        )?;
        tx.commit()?;
        Ok(RemovalReport {
            removal_id: removal,
            feed_id: feed,
            title: row.title,
            articles,
            starred_kept,
            fetches,
            images,
            image_bytes,
        })
    }

    /// Puts a removed feed back exactly as it was: its rows, ids, marks, fetch records, search
    /// rows and images; starred articles kept in "Saved" return to it.
    pub fn restore_feed(&mut self, removal: i64) -> StoreResult<FeedId> {
        self.load_new_dictionaries()?;
        let tx = self.conn.transaction()?;
        let feed: Option<i64> = tx
            .query_row(
                "SELECT feed_id FROM removals WHERE id = ?1",
                [removal],
                |r| r.get(0),
            )
            .optional()?;
        let feed = feed.ok_or(StoreError::NoSuchRemoval(removal))?;
        let url: Option<String> = tx
            .query_row(
                "SELECT url FROM trash_feeds WHERE removal_id = ?1",
                [removal],
                |r| r.get(0),
            )
            .optional()?;
        let url = url.ok_or(StoreError::NoSuchRemoval(removal))?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM feeds WHERE id = ?1 OR url = ?2)",
            params![feed, url],
            |r| r.get(0),
        )?;
        if taken {
            return Err(StoreError::Conflict(format!(
                "{} is subscribed again; remove that subscription first",
                crate::links::display_url(&url)
            )));
        }
        for table in TABLES {
            let cols = columns(&tx, table)?;
            tx.execute(
                &format!(
                    "INSERT INTO {table} ({cols})
                     SELECT {cols} FROM trash_{table} WHERE removal_id = ?1"
                ),
                [removal],
            )?;
        }
        // The index keeps no text: the restored articles are indexed again from their rows.
        {
            let mut restored = tx.prepare(
                "SELECT id, title, plain_text FROM trash_articles WHERE removal_id = ?1",
            )?;
            let rows = restored.query_map([removal], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Packed>(2)?,
                ))
            })?;
            for row in rows {
                let (id, title, plain) = row?;
                super::search::index_article(&tx, id, &title, &plain.0)?;
            }
        }
        tx.execute(
            "UPDATE articles SET feed_id = ?2, stable_key = k.stable_key
             FROM trash_kept k WHERE articles.id = k.article_id AND k.removal_id = ?1",
            params![removal, feed],
        )?;
        tx.execute(
            "UPDATE images SET feed_id = ?2
             WHERE id IN (SELECT image_id FROM trash_image_owners WHERE removal_id = ?1)",
            params![removal, feed],
        )?;
        // The feed's row came back with the counts it had, and its articles were counted again
        // as they came back: count them once, now.
        tx.execute(
            "UPDATE feeds SET
                article_count = (SELECT COUNT(*) FROM articles a WHERE a.feed_id = feeds.id),
                unread_count = (SELECT COUNT(*) FROM articles a
                    JOIN article_status s ON s.article_id = a.id
                    WHERE a.feed_id = feeds.id AND s.read = 0)
             WHERE id = ?1",
            [feed],
        )?;
        // A Saved place left empty goes (a removal makes it again when it needs it).
        tx.execute(
            "DELETE FROM feeds WHERE kind = 'saved'
               AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.feed_id = feeds.id)",
            [],
        )?;
        forget(&tx, Some(removal))?;
        tx.commit()?;
        Ok(FeedId(feed))
    }

    /// Empties the trash of removals (all of them, or those older than `before_ms`).
    pub fn purge_trash(&mut self, before_ms: Option<i64>) -> StoreResult<usize> {
        let tx = self.conn.transaction()?;
        let ids: Vec<i64> = {
            let mut stmt = tx.prepare("SELECT id FROM removals WHERE removed_at < ?1")?;
            stmt.query_map([before_ms.unwrap_or(i64::MAX)], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        for id in &ids {
            forget(&tx, Some(*id))?;
        }
        tx.commit()?;
        Ok(ids.len())
    }
}

/// Moves `feed`'s starred articles to the Saved feed (made if needed); returns how many.
fn keep_starred_articles(tx: &Transaction<'_>, feed: FeedId, removal: i64) -> StoreResult<i64> {
    tx.execute(
        "INSERT OR IGNORE INTO feeds (url, title, kind, gone_reason, created_at)
         VALUES (?1, 'Saved', 'saved', 'holds starred articles of removed feeds', ?2)",
        params![SAVED_FEED_URL, now_ms()],
    )?;
    let saved: i64 = tx.query_row(
        "SELECT id FROM feeds WHERE url = ?1",
        [SAVED_FEED_URL],
        |r| r.get(0),
    )?;
    let starred = "SELECT a.id FROM articles a JOIN article_status s ON s.article_id = a.id
                   WHERE a.feed_id = ?1 AND s.starred = 1";
    tx.execute(
        &format!(
            "INSERT INTO trash_kept (removal_id, article_id, stable_key)
             SELECT ?2, id, stable_key FROM articles WHERE id IN ({starred})"
        ),
        params![feed.0, removal],
    )?;
    // Keys stay unique inside Saved: each carries the removal it came from.
    let moved = tx.execute(
        &format!(
            "UPDATE articles SET feed_id = ?2, stable_key = 'removal-' || ?3 || ':' || stable_key
             WHERE id IN ({starred})"
        ),
        params![feed.0, saved, removal],
    )?;
    Ok(moved as i64)
}

/// Drops the trash rows of one removal.
fn forget(tx: &Transaction<'_>, removal: Option<i64>) -> StoreResult<()> {
    for table in TABLES.iter().copied().chain(["kept", "image_owners"]) {
        tx.execute(
            &format!("DELETE FROM trash_{table} WHERE removal_id = ?1"),
            [removal],
        )?;
    }
    tx.execute("DELETE FROM removals WHERE id = ?1", [removal])?;
    Ok(())
}
