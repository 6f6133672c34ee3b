//! Bad input and bad servers: each failure is recorded on its feed with a one-line cause, the
//! feed's stored articles stay as they were, and the other feeds of the refresh are unaffected.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lamplight::engine::{EngineEvent, RefreshScope, no_events};
use lamplight::store::{FeedId, FeedMeta, FetchOutcomeKind, FetchRecord};

use crate::support::{Route, TestServer, fixture, subscribe, test_engine};

struct BadCase {
    name: &'static str,
    route: Route,
    /// A piece of the recorded cause.
    cause: &'static str,
    /// How many HTTP attempts the fetch may make.
    attempts: usize,
}

fn bad_cases(server: &TestServer) -> Vec<BadCase> {
    // Cut inside the first entry: nothing whole to read. (Cut later, the whole entries are read
    // and the record says the document was cut off: `compat.rs`.)
    let first_item = fixture().find("<item>").expect("an item");
    let truncated = fixture().as_bytes()[..first_item + 40].to_vec();
    vec![
        BadCase {
            name: "not-xml",
            route: Route::plain("this is not a feed at all, just words", "text/plain"),
            cause: "not a feed",
            attempts: 1,
        },
        BadCase {
            name: "html-page",
            route: Route::plain(
                "<!DOCTYPE html><html><body><p>Welcome</p></body></html>",
                "text/html",
            ),
            cause: "HTML page",
            attempts: 1,
        },
        BadCase {
            name: "truncated",
            route: Route::plain(truncated, "application/rss+xml"),
            cause: "the document is cut off before its first entry ends",
            attempts: 1,
        },
        BadCase {
            name: "bad-encoding",
            route: Route::plain(
                b"<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><rss version=\"2.0\">\
                  <channel><description>\xff\xfe</description></channel></rss>"
                    .to_vec(),
                "application/rss+xml",
            ),
            // Read as detected, it holds nothing: the error names the encoding it declared.
            cause: "no title and no entries (the document says x-no-such-charset",
            attempts: 1,
        },
        BadCase {
            name: "empty-body",
            route: Route::plain("", "application/rss+xml"),
            cause: "empty",
            attempts: 1,
        },
        BadCase {
            name: "404",
            route: Route::Status(404, vec![]),
            cause: "HTTP 404 Not Found",
            attempts: 1,
        },
        BadCase {
            name: "500",
            route: Route::Status(500, vec![]),
            cause: "HTTP 500 Internal Server Error (gave up after 3 attempts)",
            attempts: 3,
        },
        BadCase {
            name: "timeout",
            route: Route::Hang,
            cause: "timed out",
            attempts: 1,
        },
        BadCase {
            name: "redirect-loop",
            route: Route::Redirect(server.url("/bad/redirect-loop")),
            cause: "redirect",
            attempts: 1,
        },
        BadCase {
            name: "100MB-body",
            route: Route::Endless(100 * 1024 * 1024),
            cause: "larger than the 8388608-byte limit",
            attempts: 1,
        },
        BadCase {
            name: "429-long-retry-after",
            route: Route::Status(429, vec![("retry-after", "3600".to_owned())]),
            cause: "asked to wait 3600 s",
            attempts: 1,
        },
    ]
}

#[test]
fn each_bad_input_is_recorded_on_its_feed_and_changes_nothing_else() {
    let server = TestServer::start();
    let t = test_engine();
    let cases = bad_cases(&server);
    server.route("/good", Route::feed(fixture(), "good-v1"));
    let good = t
        .engine
        .add_subscription(&server.url("/good"))
        .expect("add good")
        .feed;
    let mut feeds: Vec<(FeedId, &BadCase)> = Vec::new();
    for case in &cases {
        // Each feed starts healthy, with the fixture's ten articles stored.
        let path = format!("/bad/{}", case.name);
        server.route(&path, Route::feed(fixture(), "v1"));
        let feed = subscribe(&t, &server, &path);
        assert_eq!(feed.article_count, 10);
        server.route(&path, case.route.clone());
        feeds.push((feed.id, case));
    }
    // The good feed changes, so its refresh has real work to do at the same time.
    let mut changed = fixture();
    changed = changed.replacen(
        "<item>",
        "<item><title>new</title><guid>new-1</guid></item><item>",
        1,
    );
    server.route("/good", Route::feed(changed, "good-v2"));

    let records = t
        .engine
        .refresh(RefreshScope::All, no_events())
        .expect("refresh runs");

    assert_eq!(records.len(), cases.len() + 1);
    let good_record = records
        .iter()
        .find(|r| r.feed_id == good.id)
        .expect("good record");
    assert_eq!(good_record.outcome, FetchOutcomeKind::Ok);
    assert_eq!(good_record.new_articles, 1);
    let store = t.engine.store();
    for (id, case) in feeds {
        let record: &FetchRecord = records
            .iter()
            .find(|r| r.feed_id == id)
            .unwrap_or_else(|| panic!("{}: no record", case.name));
        assert_eq!(record.outcome, FetchOutcomeKind::Error, "{}", case.name);
        crate::support::assert_stages_cover_total(record, case.name);
        let error = record.error.as_deref().unwrap_or("");
        assert!(
            error.contains(case.cause),
            "{}: cause {error:?} lacks {:?}",
            case.name,
            case.cause
        );
        assert!(!error.contains('\n'), "{}: cause is one line", case.name);
        assert_eq!(
            record.attempts.len(),
            case.attempts,
            "{}: attempts",
            case.name
        );
        let feed = store.feed(id).expect("feed");
        assert_eq!(feed.last_error.as_deref(), Some(error), "{}", case.name);
        assert_eq!(feed.article_count, 10, "{}: articles untouched", case.name);
        assert_eq!(
            feed.title, "运维进行时",
            "{}: metadata untouched",
            case.name
        );
    }
    assert_eq!(store.integrity_check().expect("check"), "ok");
}

#[test]
fn transient_failures_are_retried_with_each_attempt_recorded() {
    let server = TestServer::start();
    server.route(
        "/flaky",
        Route::Sequence(vec![
            Route::Status(503, vec![]),
            Route::Status(429, vec![("retry-after", "0".to_owned())]),
            Route::feed(fixture(), "v1"),
        ]),
    );
    let t = test_engine();

    let added = t
        .engine
        .add_subscription(&server.url("/flaky"))
        .expect("add");

    let statuses: Vec<Option<u16>> = added.record.attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(503), Some(429), Some(200)]);
    assert_eq!(added.feed.article_count, 10);
    assert_eq!(server.hits("/flaky"), 3);
}

#[test]
fn a_503_retry_after_is_waited_for_and_redirect_chains_are_followed() {
    let server = TestServer::start();
    server.route(
        "/busy",
        Route::Sequence(vec![
            Route::Status(503, vec![("retry-after", "1".to_owned())]),
            Route::feed(fixture(), "v1"),
        ]),
    );
    server.route("/moved", Route::MovedPermanently(server.url("/hop")));
    server.route("/hop", Route::Redirect(server.url("/busy-free")));
    server.route("/busy-free", Route::feed(fixture(), "v1"));
    let t = test_engine();

    let started = Instant::now();
    let added = t
        .engine
        .add_subscription(&server.url("/busy"))
        .expect("add after the wait");
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "Retry-After honoured"
    );
    let statuses: Vec<Option<u16>> = added.record.attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(503), Some(200)]);

    let chained = t
        .engine
        .add_subscription(&server.url("/moved"))
        .expect("a 301 then a 302 lead to the feed");
    assert_eq!(chained.feed.article_count, 10);
    assert_eq!(
        chained.record.attempts.len(),
        1,
        "redirects are not retries"
    );
    assert_eq!(
        [
            server.hits("/moved"),
            server.hits("/hop"),
            server.hits("/busy-free")
        ],
        [1, 1, 1]
    );
}

#[test]
fn a_refused_connection_is_retried_then_recorded() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let t = test_engine();
    let err = t
        .engine
        .add_subscription(&format!("http://127.0.0.1:{port}/feed"))
        .expect_err("nothing listens");
    let message = err.to_string();
    assert!(message.contains("cannot connect"), "{message}");
    assert!(message.contains("gave up after 3 attempts"), "{message}");
}

#[test]
fn twenty_feeds_with_one_hanging_finish_without_waiting_past_its_timeout() {
    let server = TestServer::start();
    let t = test_engine();
    let timeout = crate::support::test_fetch_config().attempt_timeout;
    let mut hung = None;
    for n in 0..20 {
        let path = format!("/feed-{n}");
        server.route(&path, Route::feed(fixture(), "v1"));
        let feed = subscribe(&t, &server, &path);
        if n == 7 {
            server.route(&path, Route::Hang);
            hung = Some(feed.id);
        } else {
            // Changed content, so every other feed has a full fetch-parse-store to do.
            server.route(&path, Route::feed(fixture().replace("运维", "运维 "), "v2"));
        }
    }
    let hung = hung.expect("feed 7 exists");
    let finished: Arc<Mutex<Vec<FeedId>>> = Arc::default();
    let sink = {
        let finished = finished.clone();
        Arc::new(move |event: EngineEvent| {
            if let EngineEvent::FetchFinished(record) = event {
                finished.lock().expect("events").push(record.feed_id);
            }
        })
    };

    let started = Instant::now();
    let records = t.engine.refresh(RefreshScope::All, sink).expect("refresh");
    let elapsed = started.elapsed();

    let order = finished.lock().expect("events").clone();
    assert_eq!(order.len(), 20);
    assert_eq!(order.last(), Some(&hung), "the hung feed finishes last");
    for record in &records {
        if record.feed_id == hung {
            assert_eq!(record.outcome, FetchOutcomeKind::Error);
            assert!(record.error.as_deref().unwrap_or("").contains("timed out"));
        } else {
            assert_eq!(record.outcome, FetchOutcomeKind::Ok, "{record:?}");
        }
    }
    // The refresh waits for the hung feed's timeout once, not for every feed behind it.
    assert!(
        elapsed < timeout * 2,
        "refresh took {elapsed:?} with a {timeout:?} timeout"
    );
}

#[test]
fn a_feed_whose_articles_cannot_be_stored_fails_alone_when_written_with_others() {
    // Many feeds changed at once are written together (one transaction for all that queued);
    // one of them the store refuses. Its fetch is recorded as failed with the store's cause,
    // and every other feed, written in the same batch, keeps its new article.
    let server = TestServer::start();
    let t = test_engine();
    let feeds: Vec<FeedId> = (0..24)
        .map(|n| {
            let path = format!("/many/{n}");
            server.route(&path, Route::feed(fixture(), "v1"));
            subscribe(&t, &server, &path).id
        })
        .collect();
    for n in 0..24 {
        let changed = fixture().replacen(
            "<item>",
            &format!("<item><title>fresh{n} news</title><guid>fresh-{n}</guid></item><item>"),
            1,
        );
        server.route(&format!("/many/{n}"), Route::feed(changed, "v2"));
    }
    let refused = feeds[7];
    let db = lamplight::paths::database_path(t.engine.data_dir());
    rusqlite::Connection::open(&db)
        .expect("open the store")
        .execute_batch(&format!(
            "CREATE TRIGGER refuse_one BEFORE INSERT ON articles WHEN NEW.feed_id = {}
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
            refused.0
        ))
        .expect("trigger");

    let records = t
        .engine
        .refresh(RefreshScope::All, no_events())
        .expect("refresh runs");

    assert_eq!(records.len(), 24);
    let store = t.engine.store();
    for (n, id) in feeds.iter().enumerate() {
        let record = records.iter().find(|r| r.feed_id == *id).expect("record");
        let saved = store.fetches(Some(*id), 5).expect("fetches");
        assert!(
            record.id.is_some() && saved.iter().any(|r| r.id == record.id),
            "feed {n}: the fetch record is saved"
        );
        let feed = store.feed(*id).expect("feed");
        assert!(
            feed.next_refresh_at > record.started_at,
            "feed {n}: scheduled"
        );
        if *id == refused {
            assert_eq!(record.outcome, FetchOutcomeKind::Error);
            let error = record.error.as_deref().unwrap_or("");
            assert!(error.contains("refused by the test"), "cause: {error}");
            assert_eq!(feed.last_error.as_deref(), Some(error));
            assert_eq!(feed.article_count, 10, "nothing of the refused feed stored");
            assert!(
                store
                    .search(&format!("fresh{n}"), 5)
                    .expect("search")
                    .is_empty()
            );
        } else {
            assert_eq!(
                record.outcome,
                FetchOutcomeKind::Ok,
                "feed {n}: {:?}",
                record.error
            );
            assert_eq!(record.new_articles, 1, "feed {n}");
            assert_eq!(feed.article_count, 11, "feed {n}");
            assert_eq!(feed.unread_count, 11, "feed {n}");
            let hits = store.search(&format!("fresh{n}"), 5).expect("search");
            assert_eq!(hits.len(), 1, "feed {n}: the new article is searchable");
        }
    }
    assert_eq!(store.integrity_check().expect("check"), "ok");
}

#[test]
fn a_hanging_feed_does_not_hold_the_first_refresh_of_the_others() {
    // A new store trains its compression dictionary from the first refresh's texts, and the
    // first feeds wait for it. Here the five quick feeds hold too few texts to train it and a
    // sixth hangs until its timeout: the five are stored long before that.
    let server = TestServer::start();
    let t = test_engine();
    let timeout = crate::support::test_fetch_config().attempt_timeout;
    let hung = {
        let mut store = t.engine.store();
        for n in 0..5 {
            let path = format!("/quick-{n}");
            server.route(&path, Route::feed(fixture(), "v1"));
            store
                .upsert_feed(&server.url(&path), &FeedMeta::default())
                .expect("feed");
        }
        server.route("/hangs", Route::Hang);
        store
            .upsert_feed(&server.url("/hangs"), &FeedMeta::default())
            .expect("feed")
    };

    let records = t
        .engine
        .refresh(RefreshScope::All, no_events())
        .expect("refresh");

    assert_eq!(records.len(), 6);
    let store = t.engine.store();
    for record in &records {
        if record.feed_id == hung {
            assert_eq!(record.outcome, FetchOutcomeKind::Error);
            continue;
        }
        assert_eq!(record.outcome, FetchOutcomeKind::Ok, "{record:?}");
        assert_eq!(record.new_articles, 10);
        assert!(
            // Held a second at most (the dictionary's longest wait), not the hang's timeout.
            Duration::from_millis(record.total_ms) < timeout * 3 / 4,
            "stored after {} ms, with a {timeout:?} timeout on the hanging feed",
            record.total_ms
        );
        assert_eq!(store.feed(record.feed_id).expect("feed").article_count, 10);
    }
    // Stored without a dictionary (too few texts to train one): every article reads back.
    let listed = store
        .articles(&lamplight::store::ArticleListFilter::default())
        .expect("list");
    assert_eq!(listed.len(), 50);
    for row in listed.iter().take(5) {
        let article = store.article(row.id).expect("article");
        assert!(article.content_html.is_some_and(|html| !html.is_empty()));
    }
    // The search index's own merging, held while the first refresh wrote, runs again (FTS5's
    // default), and the index was merged whole.
    let db = lamplight::paths::database_path(t.engine.data_dir());
    let conn = rusqlite::Connection::open(&db).expect("open the store");
    let automerge: i64 = conn
        .query_row(
            "SELECT v FROM search_config WHERE k = 'automerge'",
            [],
            |r| r.get(0),
        )
        .expect("automerge");
    assert_eq!(automerge, 4);
    assert!(!store.search("运维", 5).expect("search").is_empty());
}
