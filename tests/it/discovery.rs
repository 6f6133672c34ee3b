//! Finding feeds before subscribing: a page's every advertised feed with its title and
//! article count (one that cannot be read is offered with why), common addresses when a page
//! advertises none, `lamplight discover`, and `lamplight add` still taking the first.

use crate::cli::{lamplight, stdout};
use crate::support::{Route, TestServer, fixture, test_engine};

fn atom(title: &str, entries: usize) -> String {
    let entries: String = (0..entries)
        .map(|n| {
            format!(
                "<entry><title>{title} {n}</title><id>tag:ex,{n}</id>\
                 <updated>2026-01-0{}T00:00:00Z</updated></entry>",
                n % 9 + 1
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{title}</title>\
         <id>tag:ex</id><updated>2026-01-01T00:00:00Z</updated>{entries}</feed>"
    )
}

fn page(links: &str) -> String {
    format!("<!doctype html><html><head><title>Home</title>{links}</head><body>hi</body></html>")
}

#[test]
fn a_page_offers_every_feed_it_advertises_with_titles_and_counts() {
    let server = TestServer::start();
    server.route(
        "/",
        Route::plain(
            page(
                r#"<link rel="alternate" type="application/rss+xml" title="Posts" href="/feed.php">
                   <link rel="alternate" type="application/atom+xml" title="Comments" href="/comments.xml">
                   <link rel="alternate" type="application/rss+xml" title="Broken" href="/gone.xml">"#,
            ),
            "text/html",
        ),
    );
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    server.route(
        "/comments.xml",
        Route::plain(atom("Comments on 运维", 3), "application/atom+xml"),
    );
    server.route("/gone.xml", Route::Status(404, Vec::new()));
    let t = test_engine();
    let choices = t.engine.discover(&server.url("/")).expect("discovered");
    let summary: Vec<(&str, usize, bool)> = choices
        .iter()
        .map(|c| (c.title.as_str(), c.items, c.error.is_some()))
        .collect();
    assert_eq!(
        summary,
        [
            ("运维进行时", 10, false),
            ("Comments on 运维", 3, false),
            ("Broken", 0, true)
        ]
    );
    assert!(
        choices[2]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("404"))
    );
    assert!(
        t.engine.store().feeds().expect("feeds").is_empty(),
        "nothing subscribed"
    );

    // A feed's own address offers itself.
    let itself = t
        .engine
        .discover(&server.url("/comments.xml"))
        .expect("a feed");
    assert_eq!(itself.len(), 1);
    assert_eq!(itself[0].items, 3);
}

#[test]
fn a_page_that_advertises_nothing_is_tried_at_the_common_addresses() {
    let server = TestServer::start();
    server.route("/blog/", Route::plain(page(""), "text/html"));
    server.route(
        "/atom.xml",
        Route::plain(atom("Found at the root", 2), "application/atom+xml"),
    );
    let t = test_engine();
    let choices = t.engine.discover(&server.url("/blog/")).expect("found");
    assert_eq!(choices.len(), 1);
    assert_eq!(choices[0].url, server.url("/atom.xml"));
    assert!(!choices[0].advertised);

    // `add` takes the first, the same way.
    let added = t
        .engine
        .add_subscription(&server.url("/blog/"))
        .expect("added");
    assert_eq!(added.feed.url, server.url("/atom.xml"));
    assert_eq!(added.feed.title, "Found at the root");

    let nothing = TestServer::start();
    nothing.route("/", Route::plain(page(""), "text/html"));
    let error = t
        .engine
        .discover(&nothing.url("/"))
        .expect_err("no feed")
        .to_string();
    assert!(
        error.contains("advertises no feed") && error.contains("/atom.xml"),
        "{error}"
    );
}

#[test]
fn the_discover_command_lists_choices_as_table_and_json() {
    let server = TestServer::start();
    server.route(
        "/",
        Route::plain(
            page(r#"<link rel="alternate" type="application/rss+xml" href="/feed.php">"#),
            "text/html",
        ),
    );
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let dir = tempfile::tempdir().expect("dir");
    let out = lamplight(dir.path(), &["discover", &server.url("/"), "--json"]);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["title"], "运维进行时");
    assert_eq!(lines[0]["items"], 10);
    assert_eq!(lines[0]["url"], server.url("/feed.php"));
    let table = lamplight(dir.path(), &["discover", &server.url("/")]);
    assert!(stdout(&table).contains("10 articles"), "{}", stdout(&table));
    let feeds = lamplight(dir.path(), &["feeds", "--json"]);
    assert!(
        stdout(&feeds).trim().is_empty(),
        "discovering subscribes to nothing"
    );
}
