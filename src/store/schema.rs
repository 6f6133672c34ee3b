//! The schema and its migrations, versioned with `PRAGMA user_version`.
//!
//! Each entry of [`MIGRATIONS`] moves the schema one version up and runs in its own transaction,
//! so a crash mid-migration leaves the previous version intact. Never edit a shipped migration:
//! add a new one.

use rusqlite::Connection;

use super::{StoreError, StoreResult};

const MIGRATIONS: &[&str] = &[
    // 1: feeds, articles, statuses kept apart from content, and one row per fetch.
    r#"
    CREATE TABLE feeds (
        id                  INTEGER PRIMARY KEY,
        url                 TEXT NOT NULL UNIQUE,
        site_link           TEXT,
        title               TEXT NOT NULL DEFAULT '',
        description         TEXT NOT NULL DEFAULT '',
        icon_url            TEXT,
        etag                TEXT,
        last_modified       TEXT,
        content_hash        TEXT,
        refresh_interval_s  INTEGER NOT NULL DEFAULT 1800,
        next_refresh_at     INTEGER NOT NULL DEFAULT 0,
        last_fetched_at     INTEGER,
        last_error          TEXT,
        created_at          INTEGER NOT NULL
    );

    CREATE TABLE articles (
        id              INTEGER PRIMARY KEY,
        feed_id         INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        stable_key      TEXT NOT NULL,
        guid            TEXT,
        title           TEXT NOT NULL DEFAULT '',
        link            TEXT,
        author          TEXT,
        published_at    INTEGER,
        updated_at      INTEGER,
        content_html    TEXT NOT NULL DEFAULT '',
        content_hash    TEXT NOT NULL,
        first_seen_at   INTEGER NOT NULL,
        UNIQUE (feed_id, stable_key)
    );
    CREATE INDEX articles_by_feed_date ON articles(feed_id, published_at DESC);
    CREATE INDEX articles_by_date ON articles(published_at DESC);

    CREATE TABLE article_status (
        article_id  INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        read        INTEGER NOT NULL DEFAULT 0,
        starred     INTEGER NOT NULL DEFAULT 0,
        arrived_at  INTEGER NOT NULL
    );
    CREATE INDEX article_status_unread ON article_status(read) WHERE read = 0;
    CREATE INDEX article_status_starred ON article_status(starred) WHERE starred = 1;

    CREATE TABLE fetches (
        id                  INTEGER PRIMARY KEY,
        feed_id             INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        started_at          INTEGER NOT NULL,
        outcome             TEXT NOT NULL,
        error               TEXT,
        http_status         INTEGER,
        content_type        TEXT,
        bytes               INTEGER NOT NULL DEFAULT 0,
        attempts            TEXT NOT NULL DEFAULT '[]',
        request_ms          INTEGER NOT NULL DEFAULT 0,
        download_ms         INTEGER NOT NULL DEFAULT 0,
        parse_ms            INTEGER NOT NULL DEFAULT 0,
        store_ms            INTEGER NOT NULL DEFAULT 0,
        cover_images_ms     INTEGER NOT NULL DEFAULT 0,
        retry_covers_ms     INTEGER NOT NULL DEFAULT 0,
        body_images_ms      INTEGER NOT NULL DEFAULT 0,
        total_ms            INTEGER NOT NULL DEFAULT 0,
        new_articles        INTEGER NOT NULL DEFAULT 0,
        updated_articles    INTEGER NOT NULL DEFAULT 0,
        total_articles      INTEGER NOT NULL DEFAULT 0,
        images_found        INTEGER NOT NULL DEFAULT 0,
        images_cached       INTEGER NOT NULL DEFAULT 0,
        images_failed       INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX fetches_by_feed ON fetches(feed_id, started_at);
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database up to [`SCHEMA_VERSION`], one transaction per step.
pub(super) fn migrate(conn: &mut Connection) -> StoreResult<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
