//! Subscribing and refreshing the 运维进行时 fixture: storage, conditional GET, dedupe, statuses.

use lamplight::engine::{RefreshScope, no_events};
use lamplight::store::{ArticleListFilter, FetchOutcomeKind};

use crate::support::{
    FIXTURE_TITLES, Route, TestServer, fixture, stored_titles, subscribe, subscribed_fixture,
    test_engine,
};

fn sorted(titles: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = titles.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[test]
fn add_stores_the_feed_with_its_ten_articles_and_exact_titles() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let t = test_engine();

    let added = t
        .engine
        .add_subscription(&server.url("/feed.php"))
        .expect("add succeeds");

    assert_eq!(added.feed.title, "运维进行时");
    assert_eq!(added.feed.description, "互联网运维与架构");
    assert_eq!(
        added.feed.site_link.as_deref(),
        Some("https://blog.liuts.com/")
    );
    assert_eq!(added.feed.article_count, 10);
    assert_eq!(added.feed.unread_count, 10);
    assert_eq!(added.record.outcome, FetchOutcomeKind::Ok);
    assert_eq!(added.record.new_articles, 10);
    assert_eq!(added.record.total_articles, 10);
    assert_eq!(added.record.http_status, Some(200));
    assert_eq!(added.record.bytes, fixture().len() as u64);
    assert_eq!(
        added.record.content_type.as_deref(),
        Some("application/rss+xml; charset=utf-8")
    );
    assert_eq!(stored_titles(&t.engine), sorted(&FIXTURE_TITLES));
    // The stored record is the one returned, stage list included.
    let stored = t
        .engine
        .store()
        .fetches(Some(added.feed.id), 10)
        .expect("fetches");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0], added.record);
    let stages: Vec<&str> = stored[0].stages().iter().map(|s| s.name).collect();
    assert_eq!(
        stages,
        [
            "request",
            "download",
            "parse",
            "store",
            "cover_images",
            "retry_covers",
            "body_images",
            "icon",
            "wait",
            "full_text"
        ]
    );
}

#[test]
fn second_refresh_is_not_modified_and_adds_nothing() {
    let (server, t, feed) = subscribed_fixture();

    let records = t
        .engine
        .refresh(RefreshScope::Feed(feed.id), no_events())
        .expect("refresh");

    assert_eq!(records.len(), 1);
    assert_eq!(records[0].outcome, FetchOutcomeKind::NotModified);
    assert_eq!(records[0].http_status, Some(304));
    assert_eq!(records[0].new_articles, 0);
    assert_eq!(records[0].bytes, 0);
    let conditional = server.requests("/feed.php");
    assert_eq!(conditional.len(), 2);
    assert_eq!(
        conditional[1]
            .get("if-none-match")
            .and_then(|v| v.to_str().ok()),
        Some("\"v1\"")
    );
    assert_eq!(
        conditional[1]
            .get("if-modified-since")
            .and_then(|v| v.to_str().ok()),
        Some("Tue, 25 Aug 2020 01:04:55 GMT")
    );
    let ua = conditional[0]
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(ua.starts_with("Lamplight/"), "user agent: {ua}");
    assert_eq!(
        t.engine.store().feed(feed.id).expect("feed").article_count,
        10
    );
    assert_eq!(
        t.engine
            .store()
            .fetches(Some(feed.id), 10)
            .expect("fetches")
            .len(),
        2
    );
}

#[test]
fn identical_body_without_validators_is_not_parsed_again() {
    let server = TestServer::start();
    server.route("/feed.xml", Route::plain(fixture(), "text/xml"));
    let t = test_engine();
    let feed = subscribe(&t, &server, "/feed.xml");

    let records = t
        .engine
        .refresh(RefreshScope::Feed(feed.id), no_events())
        .expect("refresh");

    assert_eq!(records[0].outcome, FetchOutcomeKind::Unchanged);
    assert_eq!(records[0].bytes, fixture().len() as u64);
    assert_eq!(records[0].parse_ms, 0);
    assert_eq!(records[0].new_articles, 0);
    assert_eq!(server.hits("/feed.xml"), 2);
}

#[test]
fn a_changed_feed_adds_exactly_the_new_item_and_keeps_read_and_starred() {
    let (server, t, feed) = subscribed_fixture();
    let before = t
        .engine
        .store()
        .articles(&ArticleListFilter::default())
        .expect("articles");
    let (first, second) = (before[0].id, before[1].id);
    t.engine.store().set_read(first, true).expect("mark read");
    t.engine.store().set_starred(first, true).expect("star");
    t.engine.store().set_read(second, true).expect("mark read");

    // The feed gains one item and rewrites the text of every old one.
    let new_item = r#"<item>
      <title>新文章：Lamplight 测试</title>
      <link>https://blog.liuts.com/post/256/</link>
      <guid isPermaLink="true">https://blog.liuts.com/post/256/</guid>
      <pubDate>Wed, 30 Jan 2019 08:00:00 +0000</pubDate>
      <description>新的内容</description>
    </item>
    <item>"#;
    let changed = fixture()
        .replacen("<item>", new_item, 1)
        .replace("<br/>", "<br />\n");
    server.route("/feed.php", Route::feed(changed, "v2"));

    let records = t
        .engine
        .refresh(RefreshScope::All, no_events())
        .expect("refresh");

    assert_eq!(records[0].outcome, FetchOutcomeKind::Ok);
    assert_eq!(records[0].new_articles, 1);
    assert_eq!(records[0].total_articles, 11);
    assert!(
        records[0].updated_articles > 0,
        "rewritten items count as updates"
    );
    let store = t.engine.store();
    let after = store.feed(feed.id).expect("feed");
    assert_eq!(after.article_count, 11);
    assert_eq!(after.unread_count, 11 - 2);
    let first_after = store.article(first).expect("first article kept its id");
    assert!(first_after.read && first_after.starred);
    assert!(store.article(second).expect("second").read);
    let newest = store
        .articles(&ArticleListFilter {
            unread_only: true,
            limit: Some(1),
            ..ArticleListFilter::default()
        })
        .expect("articles");
    assert_eq!(newest[0].title, "新文章：Lamplight 测试");
}

#[test]
fn protocol_relative_links_resolve_to_https() {
    let server = TestServer::start();
    // The blog wrote these links protocol-relative; the seed's naive resolver turned them into
    // https://blog.liuts.com/post/246/_//www.slideshare.net/...
    let feed = fixture().replace(
        "href=\"https://www.slideshare.net/",
        "href=\"//www.slideshare.net/",
    );
    assert!(feed.contains("href=\"//www.slideshare.net/liutiansi/python-42901993\""));
    server.route("/feed.php", Route::feed(feed, "v1"));
    let t = test_engine();
    t.engine
        .add_subscription(&server.url("/feed.php"))
        .expect("add");

    let article = t
        .engine
        .store()
        .articles(&ArticleListFilter::default())
        .expect("articles")
        .into_iter()
        .find(|a| a.link.as_deref() == Some("https://blog.liuts.com/post/246/"))
        .expect("post 246 is stored");
    let article = t.engine.store().article(article.id).expect("article");
    let blocks = lamplight::render::html_to_blocks(
        article.content_html.as_deref().unwrap_or(""),
        article.link.as_deref(),
    );
    let text = lamplight::render::to_text(&blocks, 78);
    assert!(
        text.contains("<https://www.slideshare.net/liutiansi/python-42901993>"),
        "{text}"
    );
    assert!(text.contains("<https://www.slideshare.net/liutiansi>"));
    assert!(!text.contains("_//"));
}

#[test]
fn a_page_url_subscribes_to_the_feed_it_advertises() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    server.route("/atom.xml", Route::feed(fixture(), "v1"));
    let page = format!(
        r#"<!DOCTYPE html><html><head><title>运维进行时</title>
        <link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.php">
        <link rel="alternate" type="application/atom+xml" href="{}/atom.xml">
        </head><body>blog</body></html>"#,
        server.base
    );
    server.route("/", Route::plain(page, "text/html; charset=utf-8"));
    let t = test_engine();

    let added = t.engine.add_subscription(&server.url("/")).expect("add");

    assert_eq!(added.feed.url, server.url("/feed.php"));
    assert_eq!(added.feed.article_count, 10);
    let others: Vec<&str> = added.also_found.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(others, [server.url("/atom.xml")]);
    // Adding it again refreshes the existing subscription.
    let again = t
        .engine
        .add_subscription(&server.url("/feed.php"))
        .expect("add again");
    assert!(again.already_subscribed);
    assert_eq!(again.record.outcome, FetchOutcomeKind::NotModified);
    assert_eq!(t.engine.store().feeds().expect("feeds").len(), 1);
}
