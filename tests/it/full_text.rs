//! Full articles offline against a real local server: a feed of excerpts whose links point at
//! article pages with navigation, comments, a sidebar, ads and a picture; and pages that fail
//! in every way a page can (404, hanging, a PDF, 50 MiB, nothing to extract). Each failure
//! leaves the feed's text with its cause; the good page is read once, its picture cached, and
//! all of it reads with the server gone.

use image::{DynamicImage, ImageFormat};
use lamplight::engine::{EngineEvent, LibraryChange, RefreshScope, no_events};
use lamplight::store::{ArticleListFilter, ArticleRow, FetchOutcomeKind, FullTextMode};

use crate::cli::{lamplight, stdout};
use crate::images::{encode, engine_with_images, photo};
use crate::support::{Route, TestServer, assert_stages_cover_total};

const BODY: [&str; 4] = [
    "Lighthouse keepers logged the weather every four hours, through every storm of the winter.",
    "The logbooks survive in the county archive, bound in green cloth and stamped with the year.",
    "Reading them in order, one sees the slow arrival of the telegraph and then the radio.",
    "The last keeper left in 1987, and the lamp has turned by itself every night since then.",
];

/// A page as sites make them: the article among navigation, a sidebar, ads and comments.
pub fn article_page(title: &str, picture: &str) -> String {
    let paragraphs: String = BODY.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} | Coastal Notes</title></head>
<body>
<header><nav class="site-nav"><a href="/">Home</a> <a href="/about">About us</a> <a href="/shop">Shop the catalogue</a></nav></header>
<div class="ad banner">SPONSORED: Buy discount kayaks today, free shipping on every order</div>
<main><article class="post">
<h1>{title}</h1>
<p class="byline">By Ada Keeper</p>
{paragraphs}<figure><img src="{picture}" alt="The lamp room" width="800" height="600"><figcaption>The lamp room in 1950.</figcaption></figure>
<p>Visitors may climb the tower on summer weekends, weather permitting, from ten until four.</p>
</article></main>
<aside class="sidebar"><h3>Popular posts</h3><ul><li><a href="/p/1">Ten best beaches of the county</a></li><li><a href="/p/2">Our favourite chowder recipe</a></li></ul></aside>
<section id="comments" class="comments"><h3>3 comments</h3><div class="comment">First! Great post, check out my channel for more</div></section>
<footer>Copyright Coastal Notes. Subscribe to our newsletter for weekly deals.</footer>
</body></html>"#
    )
}

/// An RSS feed of one-sentence excerpts linking to `links`.
pub fn excerpt_feed(base: &str, links: &[(&str, &str)]) -> String {
    let items: String = links
        .iter()
        .enumerate()
        .map(|(n, (title, path))| {
            format!(
                "<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>\
                 <pubDate>Tue, 0{} Sep 2026 08:00:00 GMT</pubDate>\
                 <description>&lt;p&gt;A short teaser of {title}… &lt;a href=\"{base}{path}\"&gt;Read more&lt;/a&gt;&lt;/p&gt;</description></item>",
                n + 1
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Coastal Notes</title>\
         <link>{base}/</link><description>Excerpts</description>{items}</channel></rss>"
    )
}

pub const PAGES: [(&str, &str); 6] = [
    ("The lighthouse logbooks", "/articles/good.html"),
    ("A page that is gone", "/articles/missing.html"),
    ("A page that never answers", "/articles/hang.html"),
    ("A report as a PDF", "/articles/report.pdf"),
    ("A page of fifty megabytes", "/articles/huge.html"),
    ("A page with nothing in it", "/articles/empty.html"),
];

pub fn serve_pages(server: &TestServer) {
    let picture = server.url("/img/lamp.png");
    server.route(
        "/articles/good.html",
        Route::plain(
            article_page("The lighthouse logbooks", &picture),
            "text/html",
        ),
    );
    server.route("/articles/missing.html", Route::Status(404, vec![]));
    server.route("/articles/hang.html", Route::Hang);
    server.route(
        "/articles/report.pdf",
        Route::plain(
            b"%PDF-1.7\n1 0 obj << >> endobj\n".to_vec(),
            "application/pdf",
        ),
    );
    server.route("/articles/huge.html", Route::Endless(50 * 1024 * 1024));
    server.route(
        "/articles/empty.html",
        Route::plain(
            "<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "text/html; charset=utf-8",
        ),
    );
    let png = encode(
        &DynamicImage::ImageRgb8(photo(640, 480, 7)),
        ImageFormat::Png,
    );
    server.route("/img/lamp.png", Route::plain(png, "image/png"));
}

/// A site whose feed links to the good page and the one that is gone.
pub fn two_page_site() -> TestServer {
    let server = TestServer::start();
    serve_pages(&server);
    let pages = [PAGES[0], PAGES[1]];
    server.route(
        "/feed.xml",
        Route::feed(excerpt_feed(&server.base, &pages), "v1"),
    );
    server
}

fn rows_by_title(engine: &lamplight::engine::Engine) -> Vec<ArticleRow> {
    engine
        .store()
        .articles(&ArticleListFilter::default())
        .expect("articles")
}

fn row<'a>(rows: &'a [ArticleRow], title: &str) -> &'a ArticleRow {
    rows.iter()
        .find(|r| r.title == title)
        .unwrap_or_else(|| panic!("no article {title}"))
}

#[test]
fn excerpt_feeds_are_read_in_full_once_and_every_bad_page_keeps_the_feed_text() {
    let server = TestServer::start();
    serve_pages(&server);
    server.route(
        "/feed.xml",
        Route::feed(excerpt_feed(&server.base, &PAGES), "v1"),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine_with_images(dir.path());
    let added = engine
        .add_subscription(&server.url("/feed.xml"))
        .expect("subscribed");
    let feed = added.feed.id;

    // Auto decided on from the items, and says why.
    let setting = engine.store().full_text_setting(feed).expect("setting");
    assert_eq!(setting.mode, FullTextMode::Auto);
    assert_eq!(setting.auto_decision, Some(true), "{setting:?}");
    assert!(
        setting
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("6 of 6 items"),
        "{setting:?}"
    );

    // The fetch record counts the stage.
    let record = &added.record;
    assert_eq!(record.full_text_fetched, 1, "{record:?}");
    assert_eq!(record.full_text_failed, 5, "{record:?}");
    assert!(record.full_text_ms > 0);
    assert_stages_cover_total(record, "first fetch with full text");

    // The good page: the article kept, the boilerplate not, its picture cached.
    let rows = rows_by_title(&engine);
    let good = row(&rows, "The lighthouse logbooks");
    assert!(good.full_text && good.offline_ready, "{good:?}");
    // The list still shows the feed's teaser, not the page's whole text.
    assert_eq!(
        good.summary, "A short teaser of The lighthouse logbooks… Read more",
        "{good:?}"
    );
    // Search snippets come from the page's text now.
    let hits = engine.store().search("telegraph", 5).expect("search");
    assert!(
        hits.iter()
            .any(|h| h.id == good.id && h.snippet.contains("«telegraph»")),
        "{hits:?}"
    );
    let texts = engine.store().article_texts(good.id).expect("texts");
    let full = texts.full_html.expect("full text stored");
    for paragraph in BODY {
        assert!(full.contains(paragraph), "{paragraph} missing from {full}");
    }
    for boilerplate in [
        "Shop the catalogue",
        "discount kayaks",
        "Popular posts",
        "check out my channel",
        "newsletter",
    ] {
        assert!(!full.contains(boilerplate), "{boilerplate} kept in {full}");
    }
    let picture = engine
        .store()
        .image_status(&server.url("/img/lamp.png"))
        .expect("picture lookup");
    assert_eq!(
        picture.map(|p| p.1).as_deref(),
        Some("cached"),
        "the page's picture"
    );
    // Search finds words only the page has.
    let hits = engine.store().search("telegraph", 10).expect("search");
    assert_eq!(hits.first().map(|h| h.id), Some(good.id));

    // Every bad page: the feed's text stays, with its cause.
    let causes = [
        ("A page that is gone", "404"),
        ("A page that never answers", "timed out"),
        ("A report as a PDF", "not an HTML page (application/pdf)"),
        ("A page of fifty megabytes", "larger than"),
        ("A page with nothing in it", "no article text found"),
    ];
    for (title, cause) in causes {
        let article = row(&rows, title);
        assert!(!article.full_text && !article.offline_ready, "{article:?}");
        let texts = engine.store().article_texts(article.id).expect("texts");
        assert_eq!(texts.full_html, None, "{title}");
        assert_eq!(texts.status.as_deref(), Some("failed"), "{title}");
        let recorded = texts.cause.unwrap_or_default();
        assert!(
            recorded.to_lowercase().contains(&cause.to_lowercase()),
            "{title}: cause {recorded:?} does not say {cause:?}"
        );
        let shown = engine.store().article(article.id).expect("article");
        assert!(
            shown
                .content_html
                .unwrap_or_default()
                .contains("A short teaser"),
            "{title}: the reader shows the feed's text"
        );
    }

    // A second refresh with a new item: only the new page is read; none is fetched twice.
    let mut more = PAGES.to_vec();
    more.push(("Another good page", "/articles/good2.html"));
    server.route(
        "/articles/good2.html",
        Route::plain(
            article_page("Another good page", &server.url("/img/lamp.png")),
            "text/html",
        ),
    );
    server.route(
        "/feed.xml",
        Route::feed(excerpt_feed(&server.base, &more), "v2"),
    );
    let records = engine
        .refresh(RefreshScope::Feed(feed), no_events())
        .expect("refresh");
    assert_eq!(records[0].new_articles, 1, "{:?}", records[0]);
    assert_eq!(records[0].full_text_fetched, 1, "{:?}", records[0]);
    for (_, path) in &more {
        assert_eq!(
            server.hits(path),
            1,
            "{path} fetched once across two refreshes"
        );
    }

    // With the server gone, every full article and picture still reads.
    server.stop();
    let records = engine
        .refresh(RefreshScope::Feed(feed), no_events())
        .expect("refresh");
    assert_eq!(records[0].outcome, FetchOutcomeKind::Error);
    let rows = rows_by_title(&engine);
    for title in ["The lighthouse logbooks", "Another good page"] {
        let article = row(&rows, title);
        assert!(article.full_text && article.offline_ready, "{article:?}");
        let texts = engine.store().article_texts(article.id).expect("texts");
        assert!(texts.full_html.unwrap_or_default().contains(BODY[3]));
    }
    let picture = engine
        .store()
        .reader_image(&server.url("/img/lamp.png"))
        .expect("picture lookup");
    assert!(picture.is_some(), "the picture reads with the server gone");
    let feeds = engine.store().feeds().expect("feeds");
    assert_eq!(feeds[0].offline_ready_count, Some(2), "{:?}", feeds[0]);
}

#[test]
fn make_available_offline_fills_the_gaps_a_refresh_left() {
    let server = two_page_site();
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = engine_with_images(dir.path());
    let feed = engine
        .add_subscription(&server.url("/feed.xml"))
        .expect("subscribed")
        .feed
        .id;
    let rows = rows_by_title(&engine);
    assert!(!row(&rows, "A page that is gone").offline_ready);

    // The page comes back; "Make available offline" reads it, and reports progress.
    server.route(
        "/articles/missing.html",
        Route::plain(
            article_page("A page that is gone", &server.url("/img/lamp.png")),
            "text/html",
        ),
    );
    let progress = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = progress.clone();
    let sink = std::sync::Arc::new(move |event: EngineEvent| {
        if let EngineEvent::OfflineProgress { done, total, .. } = event {
            seen.lock().expect("progress").push((done, total));
        }
    });
    let report = engine
        .make_available_offline(feed, sink)
        .expect("made available offline");
    assert_eq!(
        (report.pages_tried, report.pages_extracted),
        (1, 1),
        "{report:?}"
    );
    assert_eq!((report.ready, report.articles), (2, 2), "{report:?}");
    assert!(progress.lock().expect("progress").contains(&(1, 1)));
    assert_eq!(
        server.hits("/articles/good.html"),
        1,
        "a page read before is not read again"
    );
    let rows = rows_by_title(&engine);
    assert!(
        rows.iter().all(|r| r.full_text && r.offline_ready),
        "{rows:?}"
    );

    // Off: new articles keep the feed's text and their pages are not fetched.
    engine
        .apply(&LibraryChange::SetFullText {
            feed,
            mode: FullTextMode::Off,
        })
        .expect("set off");
    let pages = [PAGES[0], PAGES[1], ("Not read", "/articles/not-read.html")];
    server.route(
        "/feed.xml",
        Route::feed(excerpt_feed(&server.base, &pages), "v2"),
    );
    engine
        .refresh(RefreshScope::Feed(feed), no_events())
        .expect("refresh");
    assert_eq!(server.hits("/articles/not-read.html"), 0);
    let rows = rows_by_title(&engine);
    let unread = row(&rows, "Not read");
    assert!(!unread.full_text, "{unread:?}");
    assert!(
        unread.offline_ready,
        "with full text off the feed's text is the article"
    );
}

#[test]
fn the_command_line_adds_with_full_text_and_shows_either_text() {
    let server = two_page_site();
    let dir = tempfile::tempdir().expect("temp dir");
    let added = lamplight(
        dir.path(),
        &["add", &server.url("/feed.xml"), "--full-text"],
    );
    assert!(added.status.success(), "{added:?}");
    let setting = lamplight(dir.path(), &["full-text", "1"]);
    assert!(
        stdout(&setting).contains("on (set by you)"),
        "{}",
        stdout(&setting)
    );

    let listed = lamplight(dir.path(), &["articles", "--json"]);
    let rows: Vec<serde_json::Value> = stdout(&listed)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let good = rows
        .iter()
        .find(|r| r["title"] == "The lighthouse logbooks")
        .expect("good article listed");
    assert_eq!(good["full_text"], true);
    assert_eq!(good["offline_ready"], true);
    let gone = rows
        .iter()
        .find(|r| r["title"] == "A page that is gone")
        .expect("listed");
    assert_eq!(gone["full_text"], false);
    assert_eq!(gone["offline_ready"], false);

    let id = good["id"].to_string();
    let full = stdout(&lamplight(dir.path(), &["show", &id]));
    assert!(full.contains("telegraph"), "{full}");
    let feed_text = stdout(&lamplight(dir.path(), &["show", &id, "--feed-text"]));
    assert!(
        feed_text.contains("A short teaser") && !feed_text.contains("telegraph"),
        "{feed_text}"
    );
    let gone_id = gone["id"].to_string();
    let gone_text = stdout(&lamplight(dir.path(), &["show", &gone_id]));
    assert!(gone_text.contains("404"), "the cause is shown: {gone_text}");

    let off = lamplight(dir.path(), &["full-text", "1", "--off"]);
    assert!(
        stdout(&off).contains("off (set by you)"),
        "{}",
        stdout(&off)
    );
    let offline = lamplight(dir.path(), &["offline", "1", "--json"]);
    let report: serde_json::Value =
        serde_json::from_str(stdout(&offline).trim()).expect("offline report");
    assert_eq!(report["pages_tried"], 0, "full text off: no page is read");
    assert_eq!(report["articles"], 2);
}
