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
        summary         TEXT NOT NULL DEFAULT '',
        content_hash    TEXT NOT NULL,
        first_seen_at   INTEGER NOT NULL,
        UNIQUE (feed_id, stable_key)
    );
    CREATE INDEX articles_by_feed_time
        ON articles(feed_id, COALESCE(published_at, first_seen_at) DESC, id DESC);
    CREATE INDEX articles_by_time ON articles(COALESCE(published_at, first_seen_at) DESC, id DESC);

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
    // 2: the image cache: one row per image URL (WebP renditions as BLOBs, with what each
    // cost), the images of each article, covers, and counters for reader lookups.
    r#"
    CREATE TABLE images (
        id              INTEGER PRIMARY KEY,
        url             TEXT NOT NULL UNIQUE,
        feed_id         INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
        referer         TEXT,
        role            TEXT NOT NULL,
        status          TEXT NOT NULL,
        attempts        TEXT NOT NULL DEFAULT '[]',
        http_status     INTEGER,
        source_format   TEXT,
        source_bytes    INTEGER NOT NULL DEFAULT 0,
        source_width    INTEGER,
        source_height   INTEGER,
        webp            BLOB,
        webp_bytes      INTEGER NOT NULL DEFAULT 0,
        webp_width      INTEGER,
        webp_height     INTEGER,
        thumb           BLOB,
        thumb_bytes     INTEGER NOT NULL DEFAULT 0,
        thumb_width     INTEGER,
        thumb_height    INTEGER,
        quality         INTEGER NOT NULL,
        convert_ms      INTEGER NOT NULL DEFAULT 0,
        total_ms        INTEGER NOT NULL DEFAULT 0,
        error           TEXT,
        error_kind      TEXT,
        created_at      INTEGER NOT NULL,
        last_used_at    INTEGER NOT NULL
    );
    CREATE INDEX images_by_feed ON images(feed_id);
    CREATE INDEX images_lru ON images(last_used_at) WHERE status = 'cached';

    CREATE TABLE article_images (
        article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        image_id    INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, position)
    );
    CREATE INDEX article_images_by_image ON article_images(image_id);

    ALTER TABLE articles ADD COLUMN cover_image_id INTEGER REFERENCES images(id) ON DELETE SET NULL;
    ALTER TABLE articles ADD COLUMN has_picture INTEGER;

    CREATE TABLE counters (
        name    TEXT PRIMARY KEY,
        value   INTEGER NOT NULL
    );
    "#,
    // 3: organising and finding: folders, full-text search (CJK as character bigrams, see
    // search.rs), and the keys of articles retention deleted, so a feed that still lists them
    // does not bring them back as new.
    r#"
    CREATE TABLE folders (
        id      INTEGER PRIMARY KEY,
        name    TEXT NOT NULL UNIQUE
    );
    ALTER TABLE feeds ADD COLUMN folder_id INTEGER REFERENCES folders(id) ON DELETE SET NULL;
    ALTER TABLE feeds ADD COLUMN retention_days INTEGER;
    CREATE INDEX feeds_by_folder ON feeds(folder_id);

    CREATE VIRTUAL TABLE search USING fts5(
        title_terms, body_terms, plain UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2'
    );

    CREATE TABLE deleted_articles (
        feed_id     INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        stable_key  TEXT NOT NULL,
        deleted_at  INTEGER NOT NULL,
        PRIMARY KEY (feed_id, stable_key)
    );
    "#,
    // 4: managing subscriptions: a title the user gave, a feed that is gone (410) or moved
    // (permanent redirects seen in a row), a note on a fetch, the "Saved" place for starred
    // articles of removed feeds, and the trash that makes a removal undoable. A later
    // migration that adds a column to a trashed table adds it to its trash_ table too.
    r#"
    ALTER TABLE feeds ADD COLUMN user_title TEXT;
    ALTER TABLE feeds ADD COLUMN kind TEXT NOT NULL DEFAULT 'feed';
    ALTER TABLE feeds ADD COLUMN gone_reason TEXT;
    ALTER TABLE feeds ADD COLUMN moved_to TEXT;
    ALTER TABLE feeds ADD COLUMN moved_seen INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE feeds ADD COLUMN moved_note TEXT;
    ALTER TABLE fetches ADD COLUMN note TEXT;

    CREATE TABLE removals (
        id              INTEGER PRIMARY KEY,
        feed_id         INTEGER NOT NULL,
        title           TEXT NOT NULL,
        removed_at      INTEGER NOT NULL,
        articles        INTEGER NOT NULL DEFAULT 0,
        starred_kept    INTEGER NOT NULL DEFAULT 0,
        fetches         INTEGER NOT NULL DEFAULT 0,
        images          INTEGER NOT NULL DEFAULT 0,
        image_bytes     INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE trash_feeds AS SELECT 0 AS removal_id, * FROM feeds WHERE 0;
    CREATE TABLE trash_images AS SELECT 0 AS removal_id, * FROM images WHERE 0;
    CREATE TABLE trash_articles AS SELECT 0 AS removal_id, * FROM articles WHERE 0;
    CREATE TABLE trash_article_status AS SELECT 0 AS removal_id, * FROM article_status WHERE 0;
    CREATE TABLE trash_fetches AS SELECT 0 AS removal_id, * FROM fetches WHERE 0;
    CREATE TABLE trash_article_images AS SELECT 0 AS removal_id, * FROM article_images WHERE 0;
    CREATE TABLE trash_deleted_articles AS
        SELECT 0 AS removal_id, * FROM deleted_articles WHERE 0;
    CREATE TABLE trash_search (
        removal_id INTEGER NOT NULL, article_id INTEGER NOT NULL,
        title_terms, body_terms, plain
    );
    CREATE TABLE trash_kept (
        removal_id INTEGER NOT NULL, article_id INTEGER NOT NULL, stable_key TEXT NOT NULL
    );
    CREATE TABLE trash_image_owners (removal_id INTEGER NOT NULL, image_id INTEGER NOT NULL);
    CREATE INDEX trash_feeds_by_removal ON trash_feeds(removal_id);
    CREATE INDEX trash_images_by_removal ON trash_images(removal_id);
    CREATE INDEX trash_articles_by_removal ON trash_articles(removal_id);
    CREATE INDEX trash_article_status_by_removal ON trash_article_status(removal_id);
    CREATE INDEX trash_fetches_by_removal ON trash_fetches(removal_id);
    CREATE INDEX trash_article_images_by_removal ON trash_article_images(removal_id);
    CREATE INDEX trash_deleted_articles_by_removal ON trash_deleted_articles(removal_id);
    CREATE INDEX trash_search_by_removal ON trash_search(removal_id);
    CREATE INDEX trash_kept_by_removal ON trash_kept(removal_id);
    CREATE INDEX trash_image_owners_by_removal ON trash_image_owners(removal_id);
    "#,
    // 5: every millisecond of a fetch in a stage: waiting for a connection slot and retry
    // back-off, and the feed's icon (fetched after the articles are stored).
    r#"
    ALTER TABLE fetches ADD COLUMN wait_ms INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE fetches ADD COLUMN icon_ms INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trash_fetches ADD COLUMN wait_ms INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trash_fetches ADD COLUMN icon_ms INTEGER NOT NULL DEFAULT 0;
    "#,
    // 6: the language a feed and an entry declare (RSS <language>, Atom xml:lang), so the
    // reader sets Han characters in the Japanese, Traditional or Simplified Chinese shapes the
    // text is written in.
    r#"
    ALTER TABLE feeds ADD COLUMN language TEXT;
    ALTER TABLE trash_feeds ADD COLUMN language TEXT;
    ALTER TABLE articles ADD COLUMN language TEXT;
    ALTER TABLE trash_articles ADD COLUMN language TEXT;
    "#,
    // 7: full articles offline: per feed, whether its pages are fetched for their full text
    // (on, off, or auto with the decision and its reason) and whether the reader shows the
    // feed's own text; per article, the page's extracted HTML or why there is none; per fetch,
    // what the full-text stage cost.
    r#"
    ALTER TABLE feeds ADD COLUMN full_text_mode TEXT NOT NULL DEFAULT 'auto';
    ALTER TABLE feeds ADD COLUMN full_text_auto INTEGER;
    ALTER TABLE feeds ADD COLUMN full_text_reason TEXT;
    ALTER TABLE feeds ADD COLUMN reader_feed_text INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trash_feeds ADD COLUMN full_text_mode TEXT NOT NULL DEFAULT 'auto';
    ALTER TABLE trash_feeds ADD COLUMN full_text_auto INTEGER;
    ALTER TABLE trash_feeds ADD COLUMN full_text_reason TEXT;
    ALTER TABLE trash_feeds ADD COLUMN reader_feed_text INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN full_html TEXT;
    ALTER TABLE articles ADD COLUMN full_status TEXT;
    ALTER TABLE articles ADD COLUMN full_cause TEXT;
    ALTER TABLE trash_articles ADD COLUMN full_html TEXT;
    ALTER TABLE trash_articles ADD COLUMN full_status TEXT;
    ALTER TABLE trash_articles ADD COLUMN full_cause TEXT;
    ALTER TABLE fetches ADD COLUMN full_text_ms INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE fetches ADD COLUMN full_text_fetched INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE fetches ADD COLUMN full_text_failed INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trash_fetches ADD COLUMN full_text_ms INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trash_fetches ADD COLUMN full_text_fetched INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trash_fetches ADD COLUMN full_text_failed INTEGER NOT NULL DEFAULT 0;
    -- What keeps an article from being ready offline, found without reading article rows:
    -- its page not yet read (or failed), a picture of it not cached.
    CREATE INDEX articles_page_missing ON articles(feed_id)
        WHERE full_status IS NULL OR full_status = 'failed';
    CREATE INDEX images_not_cached ON images(id) WHERE status <> 'cached';
    CREATE INDEX articles_pictures_unknown ON articles(feed_id) WHERE has_picture IS NULL;
    "#,
    // 8: a schedule per feed: why its next refresh is when it is, a pin the user set, failures
    // in a row (for back-off), and the refresh hints its document gave (JSON, kept for fetches
    // that do not parse it: not modified, unchanged).
    r#"
    ALTER TABLE feeds ADD COLUMN refresh_reason TEXT;
    ALTER TABLE feeds ADD COLUMN pinned_interval_s INTEGER;
    ALTER TABLE feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE feeds ADD COLUMN hints TEXT;
    ALTER TABLE trash_feeds ADD COLUMN refresh_reason TEXT;
    ALTER TABLE trash_feeds ADD COLUMN pinned_interval_s INTEGER;
    ALTER TABLE trash_feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trash_feeds ADD COLUMN hints TEXT;
    "#,
    // 9: desktop notifications for a feed's new articles (off unless the user turns them on).
    r#"
    ALTER TABLE feeds ADD COLUMN notify_new INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trash_feeds ADD COLUMN notify_new INTEGER NOT NULL DEFAULT 0;
    "#,
    // 10: a compact store. The search index keeps no copy of the text (contentless, with
    // deletes) and no word positions (`detail = column`: every query is single terms ANDed, and
    // titles still weigh more); the plain text that snippets come from moves to the article
    // row, where it and the article's HTML may be zstd frames (`packed.rs`), and a summary that
    // is the whole text is not kept twice. The trash's search copies go: a restored feed is
    // indexed again from its articles.
    r#"
    ALTER TABLE articles ADD COLUMN plain_text;
    ALTER TABLE trash_articles ADD COLUMN plain_text;
    UPDATE articles SET plain_text = (SELECT plain FROM search WHERE search.rowid = articles.id);
    UPDATE trash_articles SET plain_text = (
        SELECT t.plain FROM trash_search t
        WHERE t.removal_id = trash_articles.removal_id AND t.article_id = trash_articles.id);
    DROP TABLE trash_search;
    UPDATE articles SET summary = '' WHERE summary = plain_text;
    UPDATE trash_articles SET summary = '' WHERE summary = plain_text;
    CREATE VIRTUAL TABLE search_compact USING fts5(
        title_terms, body_terms,
        content = '', contentless_delete = 1, detail = column,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO search_compact (rowid, title_terms, body_terms)
        SELECT rowid, title_terms, body_terms FROM search;
    DROP TABLE search;
    ALTER TABLE search_compact RENAME TO search;
    INSERT INTO search (search) VALUES ('optimize');
    "#,
    // 11: each feed's article and unread counts, kept by triggers (those on insert replaced in
    // 15), so the sidebar reads one
    // row per feed instead of walking every article (a million articles: 1.4 s before the
    // first frame). An article counts where it is; its mark counts when it is unread.
    r#"
    ALTER TABLE feeds ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE feeds ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trash_feeds ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE trash_feeds ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0;
    UPDATE feeds SET
        article_count = (SELECT COUNT(*) FROM articles a WHERE a.feed_id = feeds.id),
        unread_count = (SELECT COUNT(*) FROM articles a
            JOIN article_status s ON s.article_id = a.id
            WHERE a.feed_id = feeds.id AND s.read = 0);
    CREATE TRIGGER article_counted AFTER INSERT ON articles BEGIN
        UPDATE feeds SET article_count = article_count + 1 WHERE id = NEW.feed_id;
    END;
    -- Before the row goes: its mark is still there (a cascade deletes it after, when the
    -- article can no longer be found, so it is not counted twice).
    CREATE TRIGGER article_uncounted BEFORE DELETE ON articles BEGIN
        UPDATE feeds SET article_count = article_count - 1,
            unread_count = unread_count - (SELECT COUNT(*) FROM article_status
                WHERE article_id = OLD.id AND read = 0)
        WHERE id = OLD.feed_id;
    END;
    CREATE TRIGGER article_moved AFTER UPDATE OF feed_id ON articles
    WHEN OLD.feed_id IS NOT NEW.feed_id BEGIN
        UPDATE feeds SET article_count = article_count - 1,
            unread_count = unread_count - (SELECT COUNT(*) FROM article_status
                WHERE article_id = NEW.id AND read = 0)
        WHERE id = OLD.feed_id;
        UPDATE feeds SET article_count = article_count + 1,
            unread_count = unread_count + (SELECT COUNT(*) FROM article_status
                WHERE article_id = NEW.id AND read = 0)
        WHERE id = NEW.feed_id;
    END;
    CREATE TRIGGER status_counted AFTER INSERT ON article_status WHEN NEW.read = 0 BEGIN
        UPDATE feeds SET unread_count = unread_count + 1
        WHERE id = (SELECT feed_id FROM articles WHERE id = NEW.article_id);
    END;
    CREATE TRIGGER status_uncounted AFTER DELETE ON article_status WHEN OLD.read = 0 BEGIN
        UPDATE feeds SET unread_count = unread_count - 1
        WHERE id = (SELECT feed_id FROM articles WHERE id = OLD.article_id);
    END;
    CREATE TRIGGER status_changed AFTER UPDATE OF read ON article_status
    WHEN OLD.read IS NOT NEW.read BEGIN
        UPDATE feeds SET unread_count = unread_count + (CASE WHEN NEW.read = 0 THEN 1 ELSE -1 END)
        WHERE id = (SELECT feed_id FROM articles WHERE id = NEW.article_id);
    END;
    "#,
    // 12: sync accounts (a Fever server). Their feeds are fetched by the server, their articles
    // are its items (mapped by the server's ids, with the marks as the server last said them),
    // and every local change of a synced article's read or starred mark is queued, by trigger,
    // in the same transaction as the mark, until a sync pushes it.
    r#"
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        url TEXT NOT NULL,
        user_name TEXT NOT NULL,
        secret_in TEXT NOT NULL,
        last_item_id INTEGER NOT NULL DEFAULT 0,
        pulled_at INTEGER,
        synced_at INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL
    );
    ALTER TABLE feeds ADD COLUMN account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE;
    ALTER TABLE feeds ADD COLUMN remote_id INTEGER;
    ALTER TABLE trash_feeds ADD COLUMN account_id INTEGER;
    ALTER TABLE trash_feeds ADD COLUMN remote_id INTEGER;
    CREATE UNIQUE INDEX feeds_remote ON feeds(account_id, remote_id)
        WHERE account_id IS NOT NULL;
    CREATE TABLE account_items (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        remote_id INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        server_read INTEGER NOT NULL,
        server_saved INTEGER NOT NULL,
        PRIMARY KEY (account_id, remote_id)
    ) WITHOUT ROWID;
    CREATE INDEX account_items_article ON account_items(article_id);
    CREATE TABLE sync_queue (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        remote_id INTEGER NOT NULL,
        mark TEXT NOT NULL,
        made_at INTEGER NOT NULL
    );
    CREATE TRIGGER read_mark_queued AFTER UPDATE OF read ON article_status
    WHEN OLD.read IS NOT NEW.read BEGIN
        INSERT INTO sync_queue (account_id, remote_id, mark, made_at)
        SELECT account_id, remote_id, CASE WHEN NEW.read THEN 'read' ELSE 'unread' END,
            CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)
        FROM account_items WHERE article_id = NEW.article_id;
    END;
    CREATE TRIGGER star_mark_queued AFTER UPDATE OF starred ON article_status
    WHEN OLD.starred IS NOT NEW.starred BEGIN
        INSERT INTO sync_queue (account_id, remote_id, mark, made_at)
        SELECT account_id, remote_id, CASE WHEN NEW.starred THEN 'saved' ELSE 'unsaved' END,
            CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)
        FROM account_items WHERE article_id = NEW.article_id;
    END;
    "#,
    // 13: the last character of each CJK run is indexed on its own too (a one-character query
    // missed it: `维` did not find `运维。`). The articles are indexed again, in Rust
    // ([`REINDEX_VERSIONS`]).
    "",
    // 14: a smaller store. zstd dictionaries trained on the store's own articles, so short
    // items are packed too (`dictionary.rs`): a store with articles trains its first one from
    // them and packs them again with it, in Rust ([`REPACK_VERSION`]). Content hashes keep 64
    // bits (`articles.rs`); a guid that the stable key holds is not kept a second time. The
    // file is vacuumed after.
    r#"
    CREATE TABLE dictionaries (
        id          INTEGER PRIMARY KEY,
        bytes       BLOB NOT NULL,
        created_at  INTEGER NOT NULL
    );
    UPDATE articles SET content_hash = substr(content_hash, 1, 16),
        guid = CASE WHEN stable_key = 'guid:' || guid THEN NULL ELSE guid END;
    UPDATE trash_articles SET content_hash = substr(content_hash, 1, 16),
        guid = CASE WHEN stable_key = 'guid:' || guid THEN NULL ELSE guid END;
    "#,
    // 15: new articles and their marks are counted by the one place that inserts them (a
    // feed's ingest, `articles.rs`, once per feed; a restored removal counts its feed again).
    // A trigger on an insert made SQLite keep a statement journal, a copy of each page the
    // insert touched, and ran an UPDATE of the feed's row per article and per mark: a tenth of
    // the refresh writer's time. Deletes and moves keep their triggers.
    r#"
    DROP TRIGGER article_counted;
    DROP TRIGGER status_counted;
    "#,
    // 16: the index's terms are cut and folded before they are stored (`search.rs`, by
    // unicode61 while a feed is prepared), and the table only splits them at spaces: unicode61
    // in the table cut them again on the one writer, a quarter of its time in a refresh. The
    // articles are indexed again, in Rust ([`REINDEX_VERSIONS`]).
    r#"
    DROP TABLE search;
    CREATE VIRTUAL TABLE search USING fts5(
        title_terms, body_terms,
        content = '', contentless_delete = 1, detail = column,
        tokenize = 'ascii'
    );
    "#,
];

/// The versions whose migrations index every article again (`search::index_all_articles`):
/// once, at the last of them a migration reaches.
const REINDEX_VERSIONS: [i64; 2] = [13, 16];

/// The version whose migration packs every article's texts again with a trained dictionary.
const REPACK_VERSION: i64 = 14;

/// The versions whose migrations rewrite most of the file: after migrating past one the file
/// is vacuumed once, so the space the old rows held is given back.
const COMPACTING_VERSIONS: [i64; 2] = [10, REPACK_VERSION];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database up to [`SCHEMA_VERSION`], one transaction per step.
pub(super) fn migrate(conn: &mut Connection) -> StoreResult<()> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Brings the database up to `target` (at most [`SCHEMA_VERSION`]).
pub(super) fn migrate_to(conn: &mut Connection, target: i64) -> StoreResult<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    let steps = MIGRATIONS.iter().take(target.min(SCHEMA_VERSION) as usize);
    for (index, sql) in steps.enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        let version = index as i64 + 1;
        let reindexes = |v: i64| REINDEX_VERSIONS.contains(&v) && v <= target;
        if reindexes(version) && !(version + 1..=target).any(reindexes) {
            super::search::index_all_articles(&tx)?;
        }
        if index as i64 + 1 == REPACK_VERSION {
            super::dictionary::pack_existing(&tx)?;
        }
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    let had_rows = found > 0;
    let compacted = |version: i64| found < version && target >= version;
    if had_rows && COMPACTING_VERSIONS.into_iter().any(compacted) {
        conn.execute_batch("VACUUM")?;
    }
    Ok(())
}
