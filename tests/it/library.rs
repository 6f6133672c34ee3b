//! Organising and finding, over a real temp database and a local server: folders and their
//! counts, mark-all-read scopes, search (Chinese inside sentences, English, ranking, FTS syntax
//! as text), OPML round trips (with a file Newsboat 2.21 wrote), and retention.

use lamplight::engine::{RefreshScope, no_events};
use lamplight::store::{ArticleListFilter, MarkScope, RetentionPolicy, now_ms};

use crate::support::{Route, TestServer, fixture, subscribed_fixture, test_engine};

#[test]
fn folders_hold_feeds_and_count_their_unread() {
    let server = TestServer::start();
    server.route("/a", Route::feed(fixture(), "a"));
    server.route(
        "/b",
        Route::feed(fixture().replace("/post/", "/b/post/"), "b"),
    );
    let t = test_engine();
    let a = t
        .engine
        .add_subscription(&server.url("/a"))
        .expect("add a")
        .feed;
    let b = t
        .engine
        .add_subscription(&server.url("/b"))
        .expect("add b")
        .feed;
    let mut store = t.engine.store();

    let ops = store.create_folder("运维").expect("folder");
    assert_eq!(store.create_folder("运维").expect("same folder"), ops);
    store.move_feed(a.id, Some(ops)).expect("move");
    let folders = store.folders().expect("folders");
    assert_eq!(folders.len(), 1);
    assert_eq!((folders[0].feed_count, folders[0].unread_count), (1, 10));

    store.move_feed(b.id, Some(ops)).expect("move b");
    assert_eq!(store.folders().expect("folders")[0].unread_count, 20);
    assert_eq!(
        store
            .mark_all_read(MarkScope::Feed(b.id))
            .expect("mark feed"),
        10
    );
    assert_eq!(store.folders().expect("folders")[0].unread_count, 10);

    store.rename_folder(ops, "Ops").expect("rename");
    assert_eq!(store.folders().expect("folders")[0].name, "Ops");
    assert_eq!(
        store
            .mark_all_read(MarkScope::Folder(ops))
            .expect("mark folder"),
        10
    );
    store.delete_folder(ops).expect("delete");
    assert!(store.folders().expect("folders").is_empty());
    assert_eq!(
        store.feed(a.id).expect("a").folder_id,
        None,
        "feeds move to the top level"
    );
    assert_eq!(
        store.feeds().expect("feeds").len(),
        2,
        "deleting a folder keeps its feeds"
    );
    assert_eq!(store.mark_all_read(MarkScope::All).expect("mark all"), 0);
}

#[test]
fn search_finds_chinese_inside_sentences_and_english_and_ranks_titles_first() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let t = test_engine();
    t.engine
        .add_subscription(&server.url("/feed.php"))
        .expect("add");
    let store = t.engine.store();

    let hits = store.search("运维", 50).expect("search");
    assert!(hits.len() >= 5, "{} hits", hits.len());
    assert!(hits.iter().any(|h| h.snippet.contains("«运维»")));
    let docker = store.search("kubernetes", 10).expect("search");
    assert_eq!(
        docker[0].title, "基于kubernetes构建Docker集群管理详解",
        "title hit first"
    );
    // A phrase from the middle of a body, not in any title.
    let body = store.search("腾讯游戏代表互联网企业", 10).expect("search");
    assert_eq!(body.len(), 1);
    assert_eq!(
        body[0].title,
        "参与定制行业标准-《数据资产管理实践白皮书3.0》"
    );
    assert_eq!(
        store.search("celery", 10).expect("search")[0].title,
        "基于Django与Celery实现异步对列任务"
    );
    assert!(store.search("zzzqqq", 10).expect("search").is_empty());
    for syntax in [
        "\"",
        "*",
        "-",
        "NEAR",
        "a NEAR/3 b",
        "\"运维",
        "(kubernetes",
        "title:x",
        "^",
        "AND OR NOT",
    ] {
        store
            .search(syntax, 10)
            .unwrap_or_else(|e| panic!("{syntax:?} is text, not an error: {e}"));
    }
}

#[test]
fn opml_import_is_idempotent_and_round_trips_with_newsboat() {
    let t = test_engine();
    // Written by `newsboat -e` (Newsboat 2.21.0, Debian 12) from a urls file of three feeds.
    let newsboat = include_str!("../data/newsboat-2.21-export.opml");

    let first = t.engine.import_opml(newsboat).expect("import");
    assert_eq!(first.added.len(), 3);
    assert!(
        first
            .added
            .contains(&"https://news.example.com/rss?x=1&y=2".to_owned())
    );
    let again = t.engine.import_opml(newsboat).expect("import again");
    assert!(again.added.is_empty());
    assert_eq!(again.already_subscribed.len(), 3);

    let first_feed = t.engine.store().feeds().expect("feeds")[0].id;
    t.engine.file_feed(first_feed, "运维").expect("file");
    let exported = t.engine.export_opml().expect("export");
    let dir = tempfile::tempdir().expect("temp dir");
    let other = lamplight::engine::Engine::open(dir.path(), Default::default()).expect("engine");
    let report = other.import_opml(&exported).expect("import the export");
    assert_eq!(report.added.len(), 3);
    assert_eq!(other.store().folders().expect("folders")[0].name, "运维");

    for bad in [
        "not xml at all",
        "<opml version=\"2.0\"><head/><body/></opml>",
        "<opml><body><outline",
    ] {
        let before = t.engine.store().feeds().expect("feeds").len();
        assert!(t.engine.import_opml(bad).is_err(), "{bad:?}");
        assert_eq!(t.engine.store().feeds().expect("feeds").len(), before);
    }
    let huge = format!(
        "<opml version=\"2.0\"><body>{}</body></opml>",
        "<outline text=\"x\" xmlUrl=\"https://big.example.org/feed\"/>".repeat(200_000)
    );
    assert!(huge.len() > 10 * 1024 * 1024);
    let err = t.engine.import_opml(&huge).expect_err("too large");
    assert!(err.to_string().contains("bytes"), "{err}");
    let mixed = r#"<opml version="2.0"><body>
        <outline text="ok" xmlUrl="https://new.example.org/feed"/>
        <outline text="dup" xmlUrl="https://new.example.org/feed"/>
        <outline text="js" xmlUrl="javascript:alert(1)"/>
        </body></opml>"#;
    let report = t.engine.import_opml(mixed).expect("import");
    assert_eq!(report.added, ["https://new.example.org/feed"]);
    assert_eq!(report.skipped.len(), 2);
}

#[test]
fn retention_keeps_starred_and_does_not_resurrect_what_it_deleted() {
    let (server, t, feed) = subscribed_fixture();
    let oldest = t
        .engine
        .store()
        .articles(&ArticleListFilter::default())
        .expect("articles")
        .pop()
        .expect("an article");
    t.engine.store().set_starred(oldest.id, true).expect("star");

    // The fixture's articles are from 2014-2019: all are older than 30 days. A feed with no
    // more articles than are kept loses none.
    let none = t
        .engine
        .store()
        .apply_retention(
            RetentionPolicy {
                keep_days: 30,
                keep_at_least: 10,
            },
            now_ms(),
        )
        .expect("retention");
    assert_eq!(none, 0);
    let deleted = t
        .engine
        .store()
        .apply_retention(
            RetentionPolicy {
                keep_days: 30,
                keep_at_least: 3,
            },
            now_ms(),
        )
        .expect("retention");

    assert_eq!(
        deleted,
        10 - 3 - 1,
        "the newest three and the starred one stay"
    );
    let store = t.engine.store();
    assert_eq!(store.feed(feed.id).expect("feed").article_count, 4);
    assert!(store.article(oldest.id).expect("starred kept").starred);
    assert!(
        store.search("运维", 50).expect("search").len() <= 4,
        "deleted articles leave the search index too"
    );
    drop(store);

    // The feed still lists every article, with new text: nothing comes back as new.
    server.route(
        "/feed.php",
        Route::feed(fixture().replace("]]>", "<p>v2</p>]]>"), "v2"),
    );
    let records = t
        .engine
        .refresh(RefreshScope::All, no_events())
        .expect("refresh");
    assert_eq!(records[0].new_articles, 0);
    assert_eq!(
        t.engine.store().feed(feed.id).expect("feed").article_count,
        4
    );
}
