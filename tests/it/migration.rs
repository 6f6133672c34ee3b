//! Migrating a store written by an older version: a 100,000-article store at schema 9 (its
//! search index holding a copy of every text, a removed feed waiting in the trash) moves to the
//! compact schema in under a minute, keeps every article, mark and search hit, can still undo
//! the removal, and ends smaller, its texts packed with a dictionary trained on its articles.

use std::time::{Duration, Instant};

use lamplight::store::{ArticleListFilter, Store, index_terms};

const ARTICLES: i64 = 100_000;
const REMOVED: i64 = 100;

/// The column names of `table`, comma-separated.
fn columns(conn: &rusqlite::Connection, table: &str) -> String {
    let mut stmt = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .expect("table info");
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("names")
        .collect::<Result<_, _>>()
        .expect("names");
    names.join(", ")
}

/// Fills a schema-9 store the way that version wrote: rows, marks, and a search row holding
/// the index terms and the plain text of each article; then removes feed 2 into the trash as
/// that version did (its search rows in `trash_search`).
fn fill_schema_9(path: &std::path::Path) {
    Store::create_at_version(path, 9).expect("schema 9");
    let mut conn = rusqlite::Connection::open(path).expect("open");
    let tx = conn.transaction().expect("tx");
    tx.execute_batch(
        "INSERT INTO feeds (id, url, title, created_at) VALUES
            (1, 'http://127.0.0.1:9/ops.xml', '运维进行时', 0),
            (2, 'http://127.0.0.1:9/harbour.xml', 'Harbour Notes', 0);",
    )
    .expect("feeds");
    {
        let mut article = tx
            .prepare(
                "INSERT INTO articles (id, feed_id, stable_key, title, content_html, summary,
                    content_hash, first_seen_at, published_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1700000000000, ?8)",
            )
            .expect("insert");
        let mut status = tx
            .prepare("INSERT INTO article_status (article_id, read, starred, arrived_at) VALUES (?1, ?2, ?3, 0)")
            .expect("status");
        let mut search = tx
            .prepare("INSERT INTO search (rowid, title_terms, body_terms, plain) VALUES (?1, ?2, ?3, ?4)")
            .expect("search");
        for id in 1..=ARTICLES + REMOVED {
            let feed = if id > ARTICLES { 2 } else { 1 };
            let (title, text) = if feed == 2 {
                (
                    format!("Harbour log {id}"),
                    format!(
                        "The breakwater held in the storm of night {id}; the lighthouse keeper wrote it down."
                    ),
                )
            } else {
                (
                    format!("第{id}篇：数据资产管理实践"),
                    format!(
                        "运维进行时：大数据资产管理在腾讯游戏的实践，第{id}篇。kubernetes docker {}",
                        ["celery", "saltstack", "django", "ansible"][id as usize % 4]
                    ),
                )
            };
            let html = format!("<p>{text}</p>");
            article
                .execute(rusqlite::params![
                    id,
                    feed,
                    format!("guid:{id}"),
                    title,
                    html,
                    text,
                    format!("hash{id}"),
                    1_700_000_000_000 - id * 60_000
                ])
                .expect("article");
            status
                .execute(rusqlite::params![id, id % 3 == 0, id % 1000 == 0])
                .expect("status");
            search
                .execute(rusqlite::params![
                    id,
                    index_terms(&title),
                    index_terms(&text),
                    text
                ])
                .expect("search row");
        }
    }
    // Feed 2 removed as schema 9 did it.
    tx.execute_batch(
        "INSERT INTO removals (id, feed_id, title, removed_at, articles) VALUES (1, 2, 'Harbour Notes', 0, 100);",
    )
    .expect("removal");
    for (table, rows) in [
        ("feeds", "id = 2"),
        ("articles", "feed_id = 2"),
        (
            "article_status",
            "article_id IN (SELECT id FROM articles WHERE feed_id = 2)",
        ),
    ] {
        let cols = columns(&tx, table);
        tx.execute(
            &format!(
                "INSERT INTO trash_{table} (removal_id, {cols}) SELECT 1, {cols} FROM {table} WHERE {rows}"
            ),
            [],
        )
        .expect("trash");
    }
    tx.execute_batch(
        "INSERT INTO trash_search (removal_id, article_id, title_terms, body_terms, plain)
            SELECT 1, rowid, title_terms, body_terms, plain FROM search
            WHERE rowid IN (SELECT id FROM articles WHERE feed_id = 2);
         DELETE FROM search WHERE rowid IN (SELECT id FROM articles WHERE feed_id = 2);
         DELETE FROM article_status WHERE article_id IN (SELECT id FROM articles WHERE feed_id = 2);
         DELETE FROM articles WHERE feed_id = 2;
         DELETE FROM feeds WHERE id = 2;",
    )
    .expect("removed");
    tx.commit().expect("commit");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
}

#[test]
fn a_100000_article_store_moves_to_the_compact_schema_in_under_a_minute_losing_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = lamplight::paths::database_path(dir.path());
    fill_schema_9(&path);
    let before = std::fs::metadata(&path).expect("file").len();
    let hits_before = {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.query_row(
            "SELECT COUNT(*) FROM search WHERE search MATCH '\"kubernetes\" AND \"celery\"'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .expect("count")
    };

    let clock = Instant::now();
    let mut store = Store::open(&path).expect("the migration runs");
    let took = clock.elapsed();
    eprintln!("migrated {ARTICLES} articles in {took:?}");
    assert!(took < Duration::from_secs(60), "took {took:?}");
    assert_eq!(
        store.schema_version().expect("version"),
        lamplight::store::SCHEMA_VERSION
    );
    assert_eq!(store.integrity_check().expect("check"), "ok");

    // Every article and mark is there; search finds the same articles, with snippets.
    let all = ArticleListFilter::default();
    assert_eq!(store.count_articles(&all).expect("count"), ARTICLES);
    let unread = ArticleListFilter {
        unread_only: true,
        ..ArticleListFilter::default()
    };
    assert_eq!(
        store.count_articles(&unread).expect("count"),
        ARTICLES - ARTICLES / 3
    );
    // The per-feed counts the migration computed.
    let ops = store.feed(lamplight::store::FeedId(1)).expect("feed");
    assert_eq!(
        (ops.article_count, ops.unread_count),
        (ARTICLES, ARTICLES - ARTICLES / 3)
    );
    let hits = store.search("kubernetes celery", 5).expect("search");
    assert_eq!(hits.len(), 5);
    assert!(hits_before >= 5);
    assert!(hits[0].snippet.contains("«kubernetes»"), "{:?}", hits[0]);
    // Schema 16: the terms are stored cut and folded, the table splits them at spaces only;
    // a query in other case finds the same articles.
    assert_eq!(
        store.search("KUBERNETES Celery", 5).expect("search").len(),
        5
    );
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        let declared: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'search'",
                [],
                |r| r.get(0),
            )
            .expect("search table");
        assert!(declared.contains("tokenize = 'ascii'"), "{declared}");
    }
    let chinese = store.search("资产管理", 3).expect("search");
    assert_eq!(chinese.len(), 3, "{chinese:?}");
    // Indexed again by schema 13: a character that ends a run ("实践，") is found on its own.
    let last = store.search("践", 3).expect("search");
    assert_eq!(last.len(), 3, "{last:?}");

    // Packed again by schema 14 with a dictionary trained on the store's articles: each
    // reads back as written.
    let seventh = store
        .article(lamplight::store::ArticleId(7))
        .expect("article");
    assert_eq!(
        seventh.content_html.as_deref(),
        Some("<p>运维进行时：大数据资产管理在腾讯游戏的实践，第7篇。kubernetes docker ansible</p>")
    );
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
        assert_eq!(count("SELECT COUNT(*) FROM dictionaries"), 1);
        assert_eq!(
            count("SELECT COUNT(*) FROM articles WHERE typeof(content_html) = 'blob'"),
            ARTICLES
        );
    }

    // The removal made before the migration can still be undone, and its articles are found.
    assert!(store.search("lighthouse", 5).expect("search").is_empty());
    store.restore_feed(1).expect("restore");
    let restored = store.feed(lamplight::store::FeedId(2)).expect("feed");
    let unread_restored = (ARTICLES + 1..=ARTICLES + REMOVED)
        .filter(|id| id % 3 != 0)
        .count() as i64;
    assert_eq!(
        (restored.article_count, restored.unread_count),
        (REMOVED, unread_restored),
        "a restored feed is counted once"
    );
    let harbour = store.search("lighthouse keeper", 500).expect("search");
    assert_eq!(harbour.len() as i64, REMOVED);
    assert!(
        harbour[0].snippet.contains("«lighthouse»"),
        "{:?}",
        harbour[0]
    );
    // Schema 15: inserts are counted by the ingest, not by triggers.
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        let triggers: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'
                   AND name IN ('article_counted', 'status_counted')",
                [],
                |r| r.get(0),
            )
            .expect("triggers");
        assert_eq!(triggers, 0);
    }
    let ops = lamplight::store::FeedId(1);
    let counted = store.feed(ops).expect("feed");
    let fresh = lamplight::store::NewArticle {
        stable_key: "guid:after-the-migration".into(),
        guid: Some("after-the-migration".into()),
        title: "After the migration".into(),
        content_html: "<p>new</p>".into(),
        text: "new".into(),
        content_hash: "0123456789abcdef".into(),
        link: None,
        author: None,
        published_at: None,
        updated_at: None,
        summary: String::new(),
        media_image_urls: Vec::new(),
        language: None,
    };
    let (counts, _) = store
        .ingest(ops, &lamplight::store::FeedMeta::default(), &[fresh])
        .expect("ingest");
    assert_eq!(counts.new_articles, 1);
    let now = store.feed(ops).expect("feed");
    assert_eq!(
        (now.article_count, now.unread_count),
        (counted.article_count + 1, counted.unread_count + 1)
    );
    drop(store);

    let after = std::fs::metadata(&path).expect("file").len();
    eprintln!("file: {before} bytes before, {after} after");
    assert!(
        after * 10 < before * 8,
        "the compact store is at least a fifth smaller: {before} → {after}"
    );
}
