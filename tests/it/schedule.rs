//! Per-feed schedules against a real local server that sends each header and hint and counts
//! requests: the next refresh and its reason follow the rules, `lamplight refresh` leaves feeds
//! that are not due alone, a 429 with Retry-After holds the feed's host and only that host.

use lamplight::store::{FeedId, Store};

use crate::cli::{lamplight, stdout};
use crate::support::{Route, TestServer};

const HOUR_MS: i64 = 3_600_000;

/// An RSS feed of `items` items published `gap_h` hours apart up to now, with `extra` in its
/// channel head.
fn feed(title: &str, items: usize, gap_h: i64, extra: &str) -> String {
    let now = lamplight::store::now_ms() / 1000;
    let entries: String = (0..items)
        .map(|n| {
            let when = httpdate::fmt_http_date(
                std::time::UNIX_EPOCH
                    + std::time::Duration::from_secs((now - n as i64 * gap_h * 3600) as u64),
            );
            format!("<item><title>{title} {n}</title><guid>{title}-{n}</guid><pubDate>{when}</pubDate><description>x</description></item>")
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel><title>{title}</title>{extra}{entries}</channel></rss>"
    )
}

fn feeds_json(dir: &std::path::Path) -> Vec<serde_json::Value> {
    stdout(&lamplight(dir, &["feeds", "--json"]))
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON feed"))
        .collect()
}

fn by_title<'a>(feeds: &'a [serde_json::Value], title: &str) -> &'a serde_json::Value {
    feeds
        .iter()
        .find(|f| f["title"] == title)
        .unwrap_or_else(|| panic!("no feed {title} in {feeds:?}"))
}

/// Hours from now to the feed's next refresh.
fn hours_ahead(feed: &serde_json::Value) -> f64 {
    let next = feed["next_refresh_at_ms"]
        .as_i64()
        .expect("next_refresh_at_ms");
    (next - lamplight::store::now_ms()) as f64 / HOUR_MS as f64
}

fn with(route: Route, headers: &[(&'static str, &str)]) -> Route {
    Route::WithHeaders(
        Box::new(route),
        headers.iter().map(|(n, v)| (*n, (*v).to_owned())).collect(),
    )
}

#[test]
fn each_feed_is_scheduled_by_its_server_its_hints_and_its_history_with_the_reason() {
    let server = TestServer::start();
    server.route("/daily.xml", Route::feed(feed("Daily", 365, 24, ""), "d"));
    server.route(
        "/cached.xml",
        with(
            Route::feed(feed("Cached", 48, 1, ""), "c"),
            &[("cache-control", "public, max-age=7200")],
        ),
    );
    server.route(
        "/ttl.xml",
        Route::feed(feed("Ttl", 48, 1, "<ttl>180</ttl>"), "t"),
    );
    server.route(
        "/bad.xml",
        with(
            Route::feed(feed("Bad", 1, 1, "<ttl>abc</ttl>"), "b"),
            &[("cache-control", "max-age=-1")],
        ),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    for path in ["/daily.xml", "/cached.xml", "/ttl.xml", "/bad.xml"] {
        let added = lamplight(dir.path(), &["add", &server.url(path)]);
        assert!(added.status.success(), "{added:?}");
    }
    let feeds = feeds_json(dir.path());
    let daily = by_title(&feeds, "Daily");
    assert_eq!(daily["refresh_reason"], "publishes about every 24 h");
    assert!((hours_ahead(daily) - 12.0).abs() < 0.1, "{daily}");
    let cached = by_title(&feeds, "Cached");
    assert_eq!(
        cached["refresh_reason"],
        "the server asked for 2 h (max-age=7200)"
    );
    assert!((hours_ahead(cached) - 2.0).abs() < 0.1, "{cached}");
    let ttl = by_title(&feeds, "Ttl");
    assert_eq!(ttl["refresh_reason"], "the feed asks for 3 h (ttl)");
    let bad = by_title(&feeds, "Bad");
    let reason = bad["refresh_reason"].as_str().unwrap_or_default();
    assert!(
        reason.starts_with("every 30 min until it has a history"),
        "{reason}"
    );
    assert!(
        reason.contains("max-age=-1 is not a number of seconds; ignored"),
        "{reason}"
    );
    assert!(
        reason.contains("ttl \"abc\" is not a number of minutes; ignored"),
        "{reason}"
    );
    assert!((hours_ahead(bad) - 0.5).abs() < 0.05, "{bad}");

    // Nothing is due: `lamplight refresh` asks the server nothing.
    let hits = |p: &str| server.hits(p);
    let before: Vec<usize> = ["/daily.xml", "/cached.xml"]
        .iter()
        .map(|p| hits(p))
        .collect();
    let refreshed = lamplight(dir.path(), &["refresh"]);
    assert!(refreshed.status.success());
    let after: Vec<usize> = ["/daily.xml", "/cached.xml"]
        .iter()
        .map(|p| hits(p))
        .collect();
    assert_eq!(before, after, "feeds that are not due are not fetched");
    // One made due is fetched, alone; --all fetches every feed.
    let id = by_title(&feeds, "Daily")["id"].as_i64().expect("id");
    make_due(dir.path(), FeedId(id));
    lamplight(dir.path(), &["refresh"]);
    assert_eq!(hits("/daily.xml"), before[0] + 1);
    assert_eq!(hits("/cached.xml"), before[1]);
    lamplight(dir.path(), &["refresh", "--all"]);
    assert_eq!(hits("/cached.xml"), before[1] + 1);

    // A pin, shown as such; --auto gives the schedule back.
    let id = by_title(&feeds, "Cached")["id"].to_string();
    let pinned = lamplight(dir.path(), &["schedule", &id, "--every", "15m"]);
    assert!(
        stdout(&pinned).contains("fixed by you: every 15 min"),
        "{}",
        stdout(&pinned)
    );
    let cached = feeds_json(dir.path());
    let cached = by_title(&cached, "Cached");
    assert!((hours_ahead(cached) - 0.25).abs() < 0.02, "{cached}");
    assert!(
        !lamplight(dir.path(), &["schedule", &id, "--every", "soon"])
            .status
            .success()
    );
    let auto = lamplight(dir.path(), &["schedule", &id, "--auto"]);
    assert!(
        stdout(&auto).contains("automatic again"),
        "{}",
        stdout(&auto)
    );

    // Your bounds apply from each feed's next fetch.
    let limits = lamplight(
        dir.path(),
        &["schedule-limits", "--min", "1h", "--max", "6h"],
    );
    assert!(
        stdout(&limits).contains("at least 1 h, at most 6 h"),
        "{}",
        stdout(&limits)
    );
    lamplight(dir.path(), &["refresh", "--all"]);
    let feeds = feeds_json(dir.path());
    let daily = by_title(&feeds, "Daily");
    assert_eq!(
        daily["refresh_reason"],
        "publishes about every 24 h; checked at least every 6 h"
    );
    assert!((hours_ahead(daily) - 6.0).abs() < 0.1, "{daily}");
    let bad = by_title(&feeds, "Bad");
    assert!(
        (hours_ahead(bad) - 1.0).abs() < 0.05,
        "raised to the minimum: {bad}"
    );
}

/// The schedule's own write path, with a time in the past.
pub fn make_due(dir: &std::path::Path, feed: FeedId) {
    let mut store = Store::open(&lamplight::paths::database_path(dir)).expect("store");
    store
        .save_schedule(
            feed,
            &lamplight::store::NextRefresh {
                at_ms: 0,
                reason: "made due by the test",
                failures: 0,
                hints: None,
            },
        )
        .expect("due");
}

#[test]
fn too_many_requests_with_retry_after_holds_that_host_and_only_that_host() {
    let server = TestServer::start();
    server.route("/a.xml", Route::feed(feed("A", 3, 24, ""), "a"));
    server.route("/b.xml", Route::feed(feed("B", 3, 24, ""), "b"));
    let dir = tempfile::tempdir().expect("temp dir");
    lamplight(dir.path(), &["add", &server.url("/a.xml")]);
    lamplight(dir.path(), &["add", &server.url("/b.xml")]);
    // The same server under another name is another host.
    let other = server.url("/b.xml").replace("127.0.0.1", "localhost");
    lamplight(dir.path(), &["add", &other]);
    // The other two are due: the hold must keep the one on A's host back.
    for feed in feeds_json(dir.path()) {
        if feed["title"] == "B" {
            make_due(dir.path(), FeedId(feed["id"].as_i64().expect("id")));
        }
    }
    server.route(
        "/a.xml",
        Route::Status(429, vec![("retry-after", "600".to_owned())]),
    );
    let a = by_title(&feeds_json(dir.path()), "A")["id"].to_string();
    lamplight(dir.path(), &["refresh", "--feed", &a]);
    let feeds = feeds_json(dir.path());
    let a = feeds
        .iter()
        .find(|f| f["url"].as_str().is_some_and(|u| u.ends_with("/a.xml")))
        .expect("a");
    let reason = a["refresh_reason"].as_str().unwrap_or_default();
    assert!(
        reason.contains("asked to wait 10 min (HTTP 429, Retry-After: 600)"),
        "{reason}"
    );
    assert!((hours_ahead(a) * 60.0 - 10.0).abs() < 0.5, "{a}");
    let same_host = feeds
        .iter()
        .find(|f| f["url"] == server.url("/b.xml"))
        .expect("b");
    assert!(
        same_host["refresh_reason"]
            .as_str()
            .unwrap_or_default()
            .starts_with("127.0.0.1 asked every client to wait"),
        "{same_host}"
    );
    assert!(
        (hours_ahead(same_host) * 60.0 - 10.0).abs() < 0.5,
        "{same_host}"
    );
    let other_host = feeds.iter().find(|f| f["url"] == other).expect("localhost");
    assert_eq!(other_host["refresh_reason"], "made due by the test");
}

#[test]
fn the_daemon_refreshes_a_feed_when_it_falls_due() {
    use std::io::BufRead;
    let server = TestServer::start();
    server.route("/d.xml", Route::feed(feed("D", 3, 24, ""), "d"));
    let dir = tempfile::tempdir().expect("temp dir");
    lamplight(dir.path(), &["add", &server.url("/d.xml")]);
    let id = by_title(&feeds_json(dir.path()), "D")["id"]
        .as_i64()
        .expect("id");
    let before = server.hits("/d.xml");
    make_due(dir.path(), FeedId(id));
    let mut daemon = std::process::Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["refresh", "--daemon", "--json"])
        .env("RUST_LOG", "off")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the daemon starts");
    // Its first line is the fetch of the feed that was due.
    let mut line = String::new();
    std::io::BufReader::new(daemon.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("a fetch record");
    let _ = daemon.kill();
    let _ = daemon.wait();
    let record: serde_json::Value = serde_json::from_str(&line).expect("JSON record");
    assert_eq!(record["feed_id"], id);
    assert_ne!(record["outcome"], "error", "{record}");
    assert_eq!(server.hits("/d.xml"), before + 1);
    let d = by_title(&feeds_json(dir.path()), "D").clone();
    assert!(hours_ahead(&d) > 1.0, "scheduled again, not due: {d}");
}
