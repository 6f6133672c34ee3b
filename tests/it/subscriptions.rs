//! Managing subscriptions against a real local server and store: removing a big feed whose
//! pictures are shared with another (the other keeps them, starred articles can stay in Saved,
//! Undo restores every row and mark, vacuum gives the space back), renaming, a new address
//! checked before it is saved, feeds that move (three 301s) or not (302s), and 410 Gone.

use std::collections::BTreeMap;

use image::{DynamicImage, ImageFormat};
use lamplight::engine::{ChangeOutcome, LibraryChange, RefreshScope, no_events};
use lamplight::store::{ArticleId, ArticleListFilter, FeedId, FeedRow, Store};

use crate::images::{encode, engine_with_images, photo};
use crate::support::{Route, TestServer, test_engine};

fn rss(title: &str, items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
        <title>{title}</title><link>http://example.org/</link>{items}</channel></rss>"#
    )
}

fn item(feed: &str, n: usize, picture: Option<String>) -> String {
    let img = picture.map_or_else(String::new, |src| format!(r#"<img src="{src}">"#));
    format!(
        "<item><title>{feed} article {n}</title><guid>{feed}-{n}</guid>\
         <link>http://example.org/{feed}/{n}</link>\
         <pubDate>Tue, 25 Aug 2020 01:{:02}:00 GMT</pubDate>\
         <description><![CDATA[<p>text of {feed} article {n} 运维</p>{img}]]></description></item>",
        n % 60
    )
}

/// Every article's (feed, title, read, starred), by id.
fn marks(store: &Store) -> BTreeMap<ArticleId, (FeedId, String, bool, bool)> {
    store
        .articles(&ArticleListFilter::default())
        .expect("articles")
        .into_iter()
        .map(|a| (a.id, (a.feed_id, a.title, a.read, a.starred)))
        .collect()
}

fn feed_by_title(store: &Store, title: &str) -> FeedRow {
    store
        .feeds()
        .expect("feeds")
        .into_iter()
        .find(|f| f.title == title)
        .unwrap_or_else(|| panic!("no feed {title}"))
}

/// The database with its write-ahead log: what the store takes on disk.
fn store_bytes(db: &std::path::Path) -> u64 {
    let wal = db.with_extension("db-wal");
    [db, wal.as_path()]
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

fn lamplight(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("run lamplight")
}

#[test]
fn removing_a_big_feed_keeps_shared_pictures_and_starred_and_undo_restores_every_row() {
    let server = TestServer::start();
    // 300 pictures both feeds show, and 20 only the big feed shows.
    for n in 0..320 {
        let png = encode(&DynamicImage::ImageRgb8(photo(24, 18, n)), ImageFormat::Png);
        server.route(&format!("/p/{n}.png"), Route::plain(png, "image/png"));
    }
    let pic = |n: usize| Some(server.url(&format!("/p/{n}.png")));
    let big: String = (0..1000)
        .map(|n| item("big", n, (n < 320).then(|| pic(n)).flatten()))
        .collect();
    let small: String = (0..300).map(|n| item("small", n, pic(n))).collect();
    server.route("/big.xml", Route::feed(rss("Big", &big), "b1"));
    server.route("/small.xml", Route::feed(rss("Small", &small), "s1"));
    let dir = tempfile::tempdir().expect("temp dir");
    let db = lamplight::paths::database_path(dir.path());
    {
        let engine = engine_with_images(dir.path());
        // The big feed first: the shared pictures are cached for it, and stay with the other.
        engine
            .add_subscription(&server.url("/big.xml"))
            .expect("big");
        engine
            .add_subscription(&server.url("/small.xml"))
            .expect("small");
        let store = Store::open(&db).expect("store");
        let big = feed_by_title(&store, "Big");
        assert_eq!(big.article_count, 1000);
        let ids: Vec<ArticleId> = marks(&store)
            .into_iter()
            .filter(|(_, (feed, ..))| *feed == big.id)
            .map(|(id, _)| id)
            .collect();
        for (n, id) in ids.iter().enumerate().take(40) {
            let change = if n < 5 {
                LibraryChange::SetStarred {
                    article: *id,
                    starred: true,
                }
            } else {
                LibraryChange::SetRead {
                    article: *id,
                    read: true,
                }
            };
            engine.apply(&change).expect("mark");
        }
    }
    let store = Store::open(&db).expect("store");
    let before = marks(&store);
    let small_images = store
        .image_stats(Some(feed_by_title(&store, "Small").id))
        .expect("stats");
    let all_images = store.image_stats(None).expect("stats");
    assert_eq!(all_images.cached, 320, "{all_images:?}");
    let big = feed_by_title(&store, "Big");
    let size_before = store_bytes(&db);

    let out = lamplight(
        dir.path(),
        &["remove", &big.id.to_string(), "--keep-starred"],
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("995 articles") && said.contains("5 starred articles kept in Saved"),
        "{said}"
    );
    let after = marks(&store);
    let saved = store
        .feeds()
        .expect("feeds")
        .into_iter()
        .find(|f| f.saved)
        .expect("a Saved feed");
    assert_eq!(after.len(), 300 + 5);
    assert!(
        after
            .values()
            .filter(|(feed, ..)| *feed == saved.id)
            .all(|(_, _, _, starred)| *starred)
    );
    let images = store.image_stats(None).expect("stats");
    assert_eq!(
        images.cached, 300,
        "the 20 pictures only the big feed used are gone"
    );
    let small_after = store
        .image_stats(Some(feed_by_title(&store, "Small").id))
        .expect("stats");
    let saved_images = store.image_stats(Some(saved.id)).expect("stats");
    assert_eq!(
        (
            small_images.cached,
            small_after.cached + saved_images.cached
        ),
        (0, 300),
        "the shared pictures now belong to the feeds that still show them"
    );
    assert_eq!(store.integrity_check().expect("check"), "ok");
    let starred = after
        .keys()
        .find(|id| after[id].0 == saved.id)
        .expect("kept");
    let shown = lamplight(dir.path(), &["show", &starred.0.to_string()]);
    assert!(shown.status.success(), "a kept article still reads offline");
    // Saved is never fetched.
    let refresh = lamplight(dir.path(), &["refresh", "--all", "--json", "--no-images"]);
    assert_eq!(String::from_utf8_lossy(&refresh.stdout).lines().count(), 1);

    // Undo, as the window does it: every row back with its id and marks.
    let removal: i64 = {
        let conn = rusqlite::Connection::open(&db).expect("db");
        conn.query_row("SELECT MAX(id) FROM removals", [], |r| r.get(0))
            .expect("removal")
    };
    let engine = engine_with_images(dir.path());
    match engine
        .apply(&LibraryChange::RestoreFeed {
            removal_id: removal,
        })
        .expect("restore")
    {
        ChangeOutcome::Restored(id) => assert_eq!(id, big.id),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        marks(&store),
        before,
        "every article, feed and mark restored"
    );
    assert_eq!(store.image_stats(None).expect("stats").cached, 320);
    assert_eq!(store.fetches(Some(big.id), 10).expect("fetches").len(), 1);
    assert!(
        store
            .search("big article 999", 5)
            .expect("search")
            .iter()
            .any(|h| h.feed_id == big.id),
        "the restored articles are searchable"
    );
    assert_eq!(store.integrity_check().expect("check"), "ok");

    // Remove for good: vacuum empties the trash and the file shrinks.
    let removal = match engine
        .apply(&LibraryChange::Unsubscribe {
            feed: big.id,
            keep_starred: false,
        })
        .expect("remove")
    {
        ChangeOutcome::Removed(report) => report.removal_id,
        other => panic!("{other:?}"),
    };
    let out = lamplight(dir.path(), &["vacuum", "--keep-days", "100000"]);
    assert!(out.status.success());
    let size_after = store_bytes(&db);
    assert!(
        size_after * 10 < size_before * 7,
        "the store shrank from {size_before} to {size_after} bytes"
    );
    let undo = engine.apply(&LibraryChange::RestoreFeed {
        removal_id: removal,
    });
    assert!(
        undo.is_err(),
        "nothing to restore once the trash is emptied"
    );
}

#[test]
fn rename_and_set_url_round_trip_and_bad_input_changes_nothing() {
    let server = TestServer::start();
    let one: String = (0..3).map(|n| item("one", n, None)).collect();
    server.route("/one.xml", Route::feed(rss("One", &one), "1"));
    server.route("/moved.xml", Route::feed(rss("One moved", &one), "2"));
    server.route(
        "/page.html",
        Route::plain("<html><body>no feed</body></html>", "text/html"),
    );
    let t = test_engine();
    let dir = t._dir.path();
    let id = t
        .engine
        .add_subscription(&server.url("/one.xml"))
        .expect("add")
        .feed
        .id;
    let feeds_json = || {
        let out = lamplight(dir, &["feeds", "--json"]);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        serde_json::from_str::<serde_json::Value>(text.lines().next().expect("a feed"))
            .expect("json")
    };
    let ok = |args: &[&str]| {
        let out = lamplight(dir, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let refused = |args: &[&str], words: &str| {
        let out = lamplight(dir, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(err.contains(words), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    };
    let id = id.to_string();
    ok(&["rename", &id, "My 运维 reading"]);
    let json = feeds_json();
    assert_eq!(json["title"], "My 运维 reading");
    assert_eq!(json["own_title"], "One");
    ok(&["refresh", "--all"]);
    assert_eq!(
        feeds_json()["title"],
        "My 运维 reading",
        "a refresh keeps it"
    );
    refused(&["rename", &id, "   "], "cannot be empty");
    refused(
        &["rename", &id, &"长".repeat(10_000)],
        "at most 300 characters",
    );
    refused(&["rename", "999", "x"], "no feed with id 999");
    assert_eq!(feeds_json()["title"], "My 运维 reading", "nothing changed");
    ok(&["rename", &id, "--clear"]);
    assert_eq!(feeds_json()["title"], "One");

    refused(&["set-url", &id, &server.url("/page.html")], "no feed");
    refused(&["set-url", &id, &server.url("/missing.xml")], "404");
    refused(&["set-url", &id, "not a url"], "not a valid URL");
    refused(
        &["set-url", "999", &server.url("/moved.xml")],
        "no feed with id 999",
    );
    assert_eq!(feeds_json()["url"], server.url("/one.xml"));
    ok(&["set-url", &id, &server.url("/moved.xml")]);
    assert_eq!(feeds_json()["url"], server.url("/moved.xml"));
    ok(&["refresh", "--all"]);
    assert_eq!(feeds_json()["own_title"], "One moved");
    refused(&["remove", "999"], "no feed with id 999");
}

#[test]
fn three_permanent_redirects_move_a_feed_temporary_ones_never_and_410_stops_refreshes() {
    let server = TestServer::start();
    let body = |t: &str| rss(t, &item(t, 1, None));
    server.route("/new.xml", Route::feed(body("New"), "n"));
    server.route("/temp-target.xml", Route::feed(body("Temp"), "t"));
    server.route("/gone.xml", Route::feed(body("Gone"), "g"));
    let t = test_engine();
    server.route("/old.xml", Route::feed(body("Old"), "o"));
    let moved = t
        .engine
        .add_subscription(&server.url("/old.xml"))
        .expect("old")
        .feed
        .id;
    server.route("/temp.xml", Route::feed(body("T"), "x"));
    let temp = t
        .engine
        .add_subscription(&server.url("/temp.xml"))
        .expect("temp")
        .feed
        .id;
    let gone = t
        .engine
        .add_subscription(&server.url("/gone.xml"))
        .expect("gone")
        .feed
        .id;
    server.route("/old.xml", Route::MovedPermanently(server.url("/new.xml")));
    server.route("/temp.xml", Route::Redirect(server.url("/temp-target.xml")));
    server.route("/gone.xml", Route::Status(410, Vec::new()));

    let url_of = |id: FeedId| t.engine.store().feed(id).expect("feed");
    for round in 1..=4 {
        let records = t
            .engine
            .refresh(RefreshScope::All, no_events())
            .expect("refresh");
        let old = url_of(moved);
        if round < 3 {
            assert_eq!(old.url, server.url("/old.xml"), "round {round}");
        } else {
            assert_eq!(old.url, server.url("/new.xml"), "round {round}");
        }
        if round == 3 {
            let note = records
                .iter()
                .find(|r| r.feed_id == moved)
                .and_then(|r| r.note.clone())
                .expect("the fetch record says the address changed");
            assert!(
                note.contains("/new.xml") && note.contains("3 times"),
                "{note}"
            );
            assert!(old.moved_note.is_some());
        }
        assert_eq!(
            url_of(temp).url,
            server.url("/temp.xml"),
            "a 302 never moves a feed"
        );
    }
    let gone_row = url_of(gone);
    assert!(
        gone_row
            .gone_reason
            .as_deref()
            .is_some_and(|r| r.contains("410")),
        "{gone_row:?}"
    );
    assert_eq!(
        server.hits("/gone.xml"),
        2,
        "subscribed once, fetched once, then left alone"
    );
}
