//! The store's list queries on a real SQLite file: keyset pages equal offset pages, counts agree
//! with filters, and the list query walks an index instead of sorting the table; search ranks
//! by the query's words in titles, then the newer first; short items are packed with a
//! dictionary the store trains (in one process, or from its stored articles when they came a
//! few at a time) and read back whole.

use lamplight::store::{ArticleListFilter, FeedMeta, NewArticle, Store};

fn article(feed: usize, n: usize, published: Option<i64>) -> NewArticle {
    NewArticle {
        stable_key: format!("guid:{feed}-{n}"),
        guid: Some(format!("{feed}-{n}")),
        title: format!("article {n} of feed {feed}"),
        link: None,
        author: None,
        // Ties on purpose: the id breaks them.
        published_at: published,
        updated_at: None,
        content_html: String::new(),
        summary: String::new(),
        content_hash: format!("{feed}-{n}"),
        text: String::new(),
        media_image_urls: Vec::new(),
        language: None,
    }
}

#[test]
fn keyset_pages_match_offset_pages_for_every_filter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("lamplight.db")).expect("store");
    let mut feeds = Vec::new();
    for f in 0..3 {
        let id = store
            .upsert_feed(&format!("https://ex.org/{f}"), &FeedMeta::default())
            .expect("feed");
        let articles: Vec<NewArticle> = (0..120)
            .map(|n| {
                article(
                    f,
                    n,
                    (n % 7 != 0).then_some(1_000_000 - (n as i64 / 3) * 1000),
                )
            })
            .collect();
        store
            .ingest(id, &FeedMeta::default(), &articles)
            .expect("ingest");
        feeds.push(id);
    }
    let all = store.articles(&ArticleListFilter::default()).expect("all");
    for (i, a) in all.iter().enumerate().step_by(5) {
        store.set_read(a.id, true).expect("read");
        if i % 3 == 0 {
            store.set_starred(a.id, true).expect("star");
        }
    }
    let filters = [
        ArticleListFilter::default(),
        ArticleListFilter {
            unread_only: true,
            ..ArticleListFilter::default()
        },
        ArticleListFilter {
            starred_only: true,
            ..ArticleListFilter::default()
        },
        ArticleListFilter {
            feed: Some(feeds[1]),
            unread_only: true,
            ..ArticleListFilter::default()
        },
    ];
    for filter in filters {
        let everything = store.articles(&filter).expect("list");
        assert_eq!(
            everything.len() as i64,
            store.count_articles(&filter).expect("count")
        );
        assert!(!everything.is_empty());
        let mut keyset = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .articles(&ArticleListFilter {
                    limit: Some(17),
                    after,
                    ..filter.clone()
                })
                .expect("page");
            let Some(last) = page.last() else { break };
            after = Some(last.sort_key());
            keyset.extend(page.iter().map(|a| a.id));
        }
        let ids: Vec<_> = everything.iter().map(|a| a.id).collect();
        assert_eq!(keyset, ids, "{filter:?}");
        let offset_page = store
            .articles(&ArticleListFilter {
                limit: Some(17),
                offset: 34,
                ..filter.clone()
            })
            .expect("offset page");
        assert_eq!(
            offset_page.iter().map(|a| a.id).collect::<Vec<_>>(),
            ids[34.min(ids.len())..(34 + 17).min(ids.len())]
        );
    }
}

/// Every feed's (articles, unread) as the rows say, counted the slow way.
fn counted(path: &std::path::Path) -> Vec<(i64, i64, i64)> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT f.id, (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id),
                (SELECT COUNT(*) FROM articles a JOIN article_status s ON s.article_id = a.id
                 WHERE a.feed_id = f.id AND s.read = 0)
             FROM feeds f ORDER BY f.id",
        )
        .expect("query");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn assert_counts_agree(store: &Store, path: &std::path::Path, after: &str) {
    let conn = rusqlite::Connection::open(path).expect("open");
    let slow = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect("count") };
    for (filter, sql) in [
        (
            ArticleListFilter::default(),
            "SELECT COUNT(*) FROM articles",
        ),
        (
            ArticleListFilter {
                unread_only: true,
                ..ArticleListFilter::default()
            },
            "SELECT COUNT(*) FROM article_status WHERE read = 0",
        ),
        (
            ArticleListFilter {
                starred_only: true,
                ..ArticleListFilter::default()
            },
            "SELECT COUNT(*) FROM article_status WHERE starred = 1",
        ),
        (
            ArticleListFilter {
                unread_only: true,
                starred_only: true,
                ..ArticleListFilter::default()
            },
            "SELECT COUNT(*) FROM article_status WHERE starred = 1 AND read = 0",
        ),
    ] {
        assert_eq!(
            store.count_articles(&filter).expect("count"),
            slow(sql),
            "{filter:?} after {after}"
        );
    }
    for (id, articles, unread) in counted(path) {
        let by_feed = ArticleListFilter {
            feed: Some(lamplight::store::FeedId(id)),
            unread_only: true,
            ..ArticleListFilter::default()
        };
        assert_eq!(store.count_articles(&by_feed).expect("count"), unread);
        let feed = store.feed(lamplight::store::FeedId(id)).expect("feed");
        assert_eq!(
            (feed.article_count, feed.unread_count),
            (articles, unread),
            "feed {id} after {after}"
        );
    }
}

#[test]
fn per_feed_counts_kept_by_the_store_match_its_rows_through_every_kind_of_write() {
    use lamplight::store::{MarkScope, RetentionPolicy};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lamplight.db");
    let mut store = Store::open(&path).expect("store");
    let mut feeds = Vec::new();
    for f in 0..3 {
        let meta = FeedMeta::default();
        let id = store
            .upsert_feed(&format!("http://127.0.0.1:9/{f}.xml"), &meta)
            .expect("feed");
        let articles: Vec<_> = (0..30)
            .map(|n| article(f, n, Some(1_000_000 + n as i64 * 1000)))
            .collect();
        store.ingest(id, &meta, &articles).expect("ingest");
        feeds.push(id);
    }
    assert_counts_agree(&store, &path, "ingest");

    let ids: Vec<_> = store
        .articles(&ArticleListFilter::default())
        .expect("articles")
        .iter()
        .map(|a| a.id)
        .collect();
    for id in &ids[..10] {
        store.set_read(*id, true).expect("read");
    }
    store.set_read(ids[3], false).expect("unread");
    store.set_read(ids[4], true).expect("read twice");
    for id in ids.iter().step_by(7) {
        store.set_starred(*id, true).expect("star");
    }
    store.set_read_many(&ids[20..50], true).expect("many");
    assert_counts_agree(&store, &path, "marks");

    // The same items again, one of them changed: an update, not a new article.
    let mut again: Vec<_> = (0..30)
        .map(|n| article(1, n, Some(1_000_000 + n as i64 * 1000)))
        .collect();
    again[0].content_hash = "changed".into();
    store
        .ingest(feeds[1], &FeedMeta::default(), &again)
        .expect("again");
    store
        .mark_all_read(MarkScope::Feed(feeds[1]))
        .expect("all read");
    assert_counts_agree(&store, &path, "an update and mark-all-read");

    let removal = store.remove_feed(feeds[0], true).expect("remove");
    assert!(removal.starred_kept > 0);
    assert_counts_agree(&store, &path, "a removal keeping starred in Saved");
    store.restore_feed(removal.removal_id).expect("restore");
    assert_counts_agree(&store, &path, "its undo");

    store
        .apply_retention(
            RetentionPolicy {
                keep_days: 0,
                keep_at_least: 5,
            },
            i64::MAX / 2,
        )
        .expect("retention");
    assert_counts_agree(&store, &path, "retention");
    store.remove_feed(feeds[2], false).expect("remove");
    store.purge_trash(None).expect("purge");
    assert_counts_agree(&store, &path, "a removal and an emptied trash");
    let left = store.feed(feeds[1]).expect("feed");
    assert!(left.article_count >= 5, "{left:?}");
}

/// A store in a temp dir holding `articles` in one feed (the dir goes with the guard).
fn store_of(articles: &[NewArticle]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("lamplight.db")).expect("store");
    let feed = store
        .upsert_feed("http://127.0.0.1:9/feed.xml", &FeedMeta::default())
        .expect("feed");
    store
        .ingest(feed, &FeedMeta::default(), articles)
        .expect("ingest");
    (dir, store)
}

/// The titles of the first ten hits of `query`.
fn search_titles(store: &Store, query: &str) -> Vec<String> {
    store
        .search(query, 10)
        .expect("search")
        .into_iter()
        .map(|hit| hit.title)
        .collect()
}

#[test]
fn search_ranks_by_the_words_in_the_title_then_the_newer_first() {
    let with = |n: usize, title: &str, text: &str| NewArticle {
        title: title.to_owned(),
        text: text.to_owned(),
        ..article(0, n, Some(1_700_000_000_000 + n as i64))
    };
    let articles = [
        with(1, "Lighthouse keeper diaries", "an old story"),
        with(2, "The lighthouse", "a keeper of lights"),
        with(3, "Evening news", "the lighthouse keeper retired"),
        with(4, "Morning news", "the lighthouse keeper woke"),
        with(5, "Unrelated", "nothing to see"),
        with(6, "运维手记", "灯塔看守人的一天"),
        with(7, "灯塔", "新的一天"),
    ];
    let (_dir, store) = store_of(&articles);
    let titles = |query: &str| search_titles(&store, query);
    assert_eq!(
        titles("lighthouse keeper"),
        [
            "Lighthouse keeper diaries",
            "The lighthouse",
            "Morning news",
            "Evening news"
        ],
        "both words in the title, then one, then the newer of the body matches"
    );
    assert_eq!(titles("看守"), ["运维手记"]);
    // A character that ends a run of Chinese ("一天") is found on its own too.
    assert_eq!(titles("天"), ["灯塔", "运维手记"]);
    // A lone Chinese character matches as a prefix; its matches come newest first.
    assert_eq!(titles("灯"), ["灯塔", "运维手记"]);
    assert!(titles("lighthouse zzzqqq").is_empty());
    // A lone character beside a word that few articles have: those are tested by their text.
    assert_eq!(titles("一天 的"), ["灯塔", "运维手记"]);
    assert_eq!(titles("一天 守"), ["运维手记"]);
    assert!(titles("一天 猫").is_empty());
}

#[test]
fn a_lone_character_is_found_however_old_its_article() {
    // The oldest article has 鹤; the 800 after it do not: more than the newest articles a
    // one-character query tests by their text, so the index answers.
    let articles: Vec<NewArticle> = (0..801)
        .map(|n| NewArticle {
            title: if n == 0 {
                "仙鹤".into()
            } else {
                format!("第{n}篇")
            },
            text: if n == 0 {
                "白鹤飞过，运维日常".into()
            } else {
                "运维日常".into()
            },
            ..article(0, n, Some(1_700_000_000_000 + n as i64))
        })
        .collect();
    let (_dir, store) = store_of(&articles);
    let titles = |query: &str| search_titles(&store, query);
    assert_eq!(titles("鹤"), ["仙鹤"]);
    // A character every article has: the newest ten, newest first.
    let common = titles("维");
    assert_eq!(common.len(), 10);
    assert_eq!(common[0], "第800篇");
    assert_eq!(common[9], "第791篇");
    // Beside a word only the oldest has.
    assert_eq!(titles("白鹤 飞"), ["仙鹤"]);
    // Beside a word every article has: the newest of them are tested in turn for the
    // character (`第` is in each one's title) ...
    let numbered = titles("运维 第");
    assert_eq!(numbered.first().map(String::as_str), Some("第800篇"));
    assert_eq!(numbered.len(), 10);
    // ... and when the newest hundreds do not have it, the index answers.
    assert_eq!(titles("运维 鹤"), ["仙鹤"]);
}

#[test]
fn a_rare_word_beside_one_in_every_article_is_matched_as_the_index_would() {
    // "daily" is in every one of 3,000 articles, "zebra" in four spread over all of them: the
    // four are read and tested for "daily" by their text (cheaper than walking the index
    // through 3,000 articles), token for token as the index cuts them, case and accents folded.
    let articles: Vec<NewArticle> = (0..3_000)
        .map(|n| {
            let (title, text) = match n {
                0 => ("Zebra crossing", "a daily note"),
                1_000 => ("Notes", "the ZÉBRA, daily"),
                2_000 => ("Zebra only", "no common word here"),
                2_999 => ("Daily zebra", "daily"),
                _ => ("Notes", "a daily note"),
            };
            NewArticle {
                title: title.into(),
                text: text.into(),
                ..article(0, n, Some(1_700_000_000_000 + n as i64))
            }
        })
        .collect();
    let (_dir, store) = store_of(&articles);
    let titles = |query: &str| search_titles(&store, query);
    let expected = ["Daily zebra", "Zebra crossing", "Notes"];
    assert_eq!(titles("daily zebra"), expected);
    assert_eq!(titles("Zebra DAILY"), expected);
    assert_eq!(
        titles("zébra"),
        ["Daily zebra", "Zebra only", "Zebra crossing", "Notes"]
    );
    assert!(titles("zebra nothere").is_empty());
}

#[test]
fn a_word_the_index_holds_as_two_tokens_is_searched_not_refused() {
    // SQLite's tokenizer ends a token at a Devanagari vowel sign, so "हिन्दी" is several
    // tokens: as one quoted word it was a phrase, which an index without positions refuses.
    let articles = [
        NewArticle {
            title: "हिन्दी समाचार".into(),
            text: "आज की खबरें".into(),
            ..article(0, 0, Some(1))
        },
        NewArticle {
            title: "English news".into(),
            text: "nothing in Hindi".into(),
            ..article(0, 1, Some(2))
        },
    ];
    let (_dir, store) = store_of(&articles);
    assert_eq!(search_titles(&store, "हिन्दी"), ["हिन्दी समाचार"]);
    assert_eq!(search_titles(&store, "खबरें हिन्दी"), ["हिन्दी समाचार"]);
}

/// An item of a few hundred bytes, each one different (numbers, words), as feeds write them.
fn short_item(feed: usize, n: usize) -> NewArticle {
    let words = [
        "kubernetes",
        "celery",
        "saltstack",
        "django",
        "ansible",
        "nginx",
    ];
    let text = format!(
        "运维进行时：第{n}篇，数据资产管理与自动化部署的实践记录。Notes {n} of feed {feed} on {} \
         and {} (build {}).",
        words[n % 6],
        words[(n / 6) % 6],
        n * 7919 % 10007
    );
    NewArticle {
        content_hash: blake3::hash(text.as_bytes()).to_hex().to_string(),
        content_html: format!(
            "<div class=\"entry\"><p>{text}</p><p><a href=\"https://ex.org/{feed}/{n}\">Read \
             more</a></p></div>"
        ),
        text,
        link: Some(format!("https://ex.org/{feed}/{n}")),
        ..article(feed, n, Some(1_000_000 + n as i64))
    }
}

/// Every article of `written` is listed by `store` once, with its HTML and text as written.
fn assert_reads_back(store: &Store, written: &[NewArticle]) {
    let by_title: std::collections::HashMap<&str, &NewArticle> =
        written.iter().map(|a| (a.title.as_str(), a)).collect();
    let rows = store.articles(&ArticleListFilter::default()).expect("list");
    assert_eq!(rows.len(), written.len());
    for row in rows {
        let original = by_title[row.title.as_str()];
        let whole = store.article(row.id).expect("article");
        assert_eq!(
            whole.content_html.as_deref(),
            Some(original.content_html.as_str())
        );
        assert_eq!(row.summary, original.text);
    }
}

#[test]
fn short_items_are_packed_with_a_dictionary_the_store_trains_and_read_back_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lamplight.db");
    let mut store = Store::open(&path).expect("store");
    // Opened before there is a dictionary: it reads what the other store packs after.
    let reader = Store::open(&path).expect("reader");
    let mut written = Vec::new();
    for f in 0..3 {
        let feed = store
            .upsert_feed(&format!("https://ex.org/{f}.xml"), &FeedMeta::default())
            .expect("feed");
        for batch in 0..3 {
            let articles: Vec<NewArticle> = (batch * 50..batch * 50 + 50)
                .map(|n| short_item(f, n))
                .collect();
            let (counts, _) = store
                .ingest(feed, &FeedMeta::default(), &articles)
                .expect("ingest");
            assert_eq!(counts.new_articles, 50);
            written.extend(articles);
        }
    }
    let conn = rusqlite::Connection::open(&path).expect("open");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    assert_eq!(count("SELECT COUNT(*) FROM dictionaries"), 1);
    // The articles after the first 256 are frames; each well under its text.
    let packed = count("SELECT COUNT(*) FROM articles WHERE typeof(content_html) = 'blob'");
    assert!(packed >= 450 - 256, "{packed} packed");
    let (frames, texts): (i64, i64) = conn
        .query_row(
            "SELECT SUM(length(content_html)), SUM(length(CAST(plain_text AS BLOB)))
             FROM articles WHERE typeof(content_html) = 'blob' AND typeof(plain_text) = 'blob'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("sizes");
    let html_bytes: usize = written
        .iter()
        .rev()
        .take(packed as usize)
        .map(|a| a.content_html.len())
        .sum();
    assert!(
        frames * 3 < html_bytes as i64,
        "{frames} bytes of frames for {html_bytes} of HTML"
    );
    assert!(texts > 0);
    // Hashes keep 64 bits, as 8 bytes; guids the stable key holds are not kept twice.
    assert_eq!(
        count("SELECT COUNT(*) FROM articles WHERE typeof(content_hash) != 'blob'"),
        0
    );
    assert_eq!(count("SELECT MAX(length(content_hash)) FROM articles"), 8);
    assert_eq!(count("SELECT COUNT(guid) FROM articles"), 0);

    // Both stores read every article back as it was written, and search shows packed text.
    assert_reads_back(&reader, &written);
    assert_reads_back(&store, &written);
    let hits = reader.search("saltstack", 5).expect("search");
    assert_eq!(hits.len(), 5);
    assert!(hits[0].snippet.contains("«saltstack»"), "{:?}", hits[0]);

    // Stored hashes still tell an unchanged article from a changed one.
    let feed = lamplight::store::FeedId(1);
    let mut again: Vec<NewArticle> = (0..50).map(|n| short_item(0, n)).collect();
    let (counts, _) = store
        .ingest(feed, &FeedMeta::default(), &again)
        .expect("again");
    assert_eq!((counts.new_articles, counts.updated_articles), (0, 0));
    again[3].content_hash = blake3::hash(b"changed").to_hex().to_string();
    again[3].content_html = "<p>changed</p>".into();
    let (counts, _) = store
        .ingest(feed, &FeedMeta::default(), &again)
        .expect("changed");
    assert_eq!((counts.new_articles, counts.updated_articles), (0, 1));
}

#[test]
fn a_store_that_grows_a_few_articles_at_a_time_gets_its_dictionary_all_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lamplight.db");
    let mut written = Vec::new();
    // Four processes, each storing 80 articles: too few texts for any of them to train one.
    for batch in 0..4 {
        let mut store = Store::open(&path).expect("store");
        let feed = store
            .upsert_feed("https://ex.org/slow.xml", &FeedMeta::default())
            .expect("feed");
        let articles: Vec<NewArticle> = (batch * 80..batch * 80 + 80)
            .map(|n| short_item(7, n))
            .collect();
        store
            .ingest(feed, &FeedMeta::default(), &articles)
            .expect("ingest");
        written.extend(articles);
    }
    let conn = rusqlite::Connection::open(&path).expect("open");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    assert_eq!(count("SELECT COUNT(*) FROM dictionaries"), 0);

    // After the next refresh: trained from the stored articles, every one packed with it.
    let mut store = Store::open(&path).expect("store");
    assert_eq!(store.finish_packing().expect("packing"), 320);
    assert_eq!(count("SELECT COUNT(*) FROM dictionaries"), 1);
    assert_eq!(
        count("SELECT COUNT(*) FROM articles WHERE typeof(content_html) = 'blob'"),
        320
    );
    assert_eq!(store.finish_packing().expect("again"), 0);
    assert_reads_back(&Store::open(&path).expect("reader"), &written);
}
