//! Feeds a lenient parser reads, served as real bytes over HTTP: legacy encodings (declared
//! in the prolog, including code pages `encoding_rs` lacks), ill-formed XML, old dialects,
//! bodies compressed without saying so. Each is subscribed through the engine and must come
//! out with its title and every entry, with the fetch record saying how it was read. A
//! document with no title and no entries is an error, never an empty success.

use lamplight::engine::{LibraryChange, RefreshScope, no_events};

use crate::support::{Route, TestServer, stored_titles, test_engine};

const OWN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/compat/own");

const RUSSIAN: [&str; 3] = ["Новости недели", "Обзор ядра Linux", "Привет, мир"];

/// (file, feed title, entry titles, what the fetch record's note must mention)
const CASES: &[(&str, &str, &[&str], Option<&str>)] = &[
    ("legacy-ibm855.xml", "Русский блог", &RUSSIAN, None),
    ("legacy-ibm866.xml", "Русский блог", &RUSSIAN, None),
    ("legacy-maccyrillic.xml", "Русский блог", &RUSSIAN, None),
    ("legacy-x-mac-cyrillic.xml", "Русский блог", &RUSSIAN, None),
    ("legacy-iso-8859-5.xml", "Русский блог", &RUSSIAN, None),
    ("legacy-koi8-r.xml", "Русский блог", &RUSSIAN, None),
    (
        "atom03-big5.xml",
        "繁體部落格",
        &["運維進行時", "資料庫備份", "網路監控"],
        Some("Atom 0.3"),
    ),
    (
        "atom03-gb2312.xml",
        "运维博客",
        &["运维进行时", "数据库备份", "网络监控"],
        Some("Atom 0.3"),
    ),
    (
        "atom03-euc-jp.xml",
        "日本のブログ",
        &["日本語の記事", "設定の変更", "検索の報告"],
        Some("Atom 0.3"),
    ),
    (
        "rss091-items-after-channel.xml",
        "Old news",
        &["One", "Two"],
        Some("after </channel>"),
    ),
    (
        "rss20-default-namespace.xml",
        "Userland",
        &["Alpha", "Beta"],
        Some("default namespace"),
    ),
    (
        "rss090.xml",
        "Netscape era",
        &["Alpha", "Beta"],
        Some("RSS 0.90"),
    ),
    (
        "rss-no-version.xml",
        "No version",
        &["Alpha", "Beta"],
        Some("without a version"),
    ),
    (
        "illformed-ampersand.xml",
        "Tom & Jerry",
        &["Salt & pepper", "R&D notes"],
        Some("stray &"),
    ),
    (
        "illformed-html-entities.xml",
        "Café news",
        &["Crème brûlée", "© — …"],
        Some("HTML entities"),
    ),
    (
        "illformed-mismatched-tags.xml",
        "Mismatched",
        &["Bold title", "Plain"],
        Some("repairs"),
    ),
    (
        "illformed-unclosed.xml",
        "Unclosed",
        &["One", "Two"],
        Some("ends before it closes"),
    ),
    (
        "illformed-junk-before-prolog.xml",
        "Junk",
        &["One", "Two"],
        None,
    ),
    (
        "illformed-bom-disagrees.xml",
        "Café BOM",
        &["Crème", "Naïve"],
        Some("byte-order mark"),
    ),
    (
        "gzip-without-content-encoding.xml.gz",
        "Compressed",
        &["Alpha", "Beta"],
        Some("compressed"),
    ),
];

#[test]
fn every_class_of_lenient_feed_is_read_whole_over_http() {
    let server = TestServer::start();
    for (file, _, _, _) in CASES {
        let body = std::fs::read(format!("{OWN}/{file}")).expect("corpus file");
        // Served as most such servers do: a generic XML type, no charset, no encoding header.
        server.route(&format!("/{file}"), Route::plain(body, "text/xml"));
    }
    for (file, title, entries, note) in CASES {
        let t = test_engine();
        let added = t
            .engine
            .add_subscription(&server.url(&format!("/{file}")))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(added.feed.title, *title, "{file}");
        let mut expected: Vec<String> = entries.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(stored_titles(&t.engine), expected, "{file}");
        let recorded = added.record.note.clone().unwrap_or_default();
        match note {
            Some(note) => assert!(
                recorded.contains(note),
                "{file}: the note says {recorded:?}"
            ),
            None => assert!(!recorded.contains("repairs"), "{file}: {recorded:?}"),
        }
        crate::support::assert_stages_cover_total(&added.record, file);
        let stored = t
            .engine
            .store()
            .fetches(Some(added.feed.id), 1)
            .expect("fetches");
        assert_eq!(
            stored[0].note, added.record.note,
            "{file}: the stored record says it too"
        );
    }
}

#[test]
fn a_body_cut_off_mid_entry_keeps_the_whole_entries_and_says_so() {
    let whole = crate::support::fixture();
    let fifth = whole.match_indices("<item>").nth(5).expect("six items").0;
    let server = TestServer::start();
    server.route(
        "/cut.xml",
        // Cut at a byte, as a dropped connection cuts: maybe inside a character.
        Route::plain(
            whole.as_bytes()[..fifth + 60].to_vec(),
            "application/rss+xml",
        ),
    );
    let t = test_engine();
    let added = t
        .engine
        .add_subscription(&server.url("/cut.xml"))
        .expect("read");
    assert_eq!(added.feed.title, "运维进行时");
    assert_eq!(
        added.record.new_articles, 5,
        "the five whole entries, not the cut one"
    );
    let note = added.record.note.unwrap_or_default();
    assert!(
        note.contains("its last entry is cut off and left out"),
        "{note}"
    );
}

#[test]
fn a_document_with_no_title_and_no_entries_is_never_a_success() {
    let server = TestServer::start();
    server.route(
        "/empty.xml",
        Route::plain(
            "<?xml version=\"1.0\"?><feed xmlns=\"http://purl.org/atom/ns#\"></feed>",
            "application/atom+xml",
        ),
    );
    server.route(
        "/nothing.xml",
        Route::plain("<rss version=\"2.0\"><channel></channel></rss>", "text/xml"),
    );
    for path in ["/empty.xml", "/nothing.xml"] {
        let t = test_engine();
        let error = t
            .engine
            .add_subscription(&server.url(path))
            .expect_err("nothing in it")
            .to_string();
        assert!(error.contains("no title and no entries"), "{path}: {error}");
        assert!(
            t.engine.store().feeds().expect("feeds").is_empty(),
            "{path}"
        );
    }
}

#[test]
fn an_empty_fetched_title_never_replaces_the_name_an_opml_gave() {
    let server = TestServer::start();
    server.route(
        "/untitled.xml",
        Route::plain(
            "<rss version=\"2.0\"><channel><title> </title>\
             <item><title>Only an item</title><guid>1</guid></item></channel></rss>",
            "text/xml",
        ),
    );
    let opml = format!(
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>t</title></head><body>\
         <outline type=\"rss\" text=\"The name I gave it\" xmlUrl=\"{}\"/></body></opml>",
        server.url("/untitled.xml")
    );
    let t = test_engine();
    t.engine
        .apply(&LibraryChange::ImportOpml(opml))
        .expect("import");
    t.engine
        .refresh(RefreshScope::All, no_events())
        .expect("refresh");
    let feeds = t.engine.store().feeds().expect("feeds");
    assert_eq!(feeds[0].title, "The name I gave it");
    assert_eq!(stored_titles(&t.engine), ["Only an item"]);
}

#[test]
fn an_icon_on_a_refusing_host_is_tried_once_in_its_own_stage_after_the_articles() {
    // The feed's home page (and so its favicon) is on a port nobody listens on.
    let refused = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = refused.local_addr().expect("addr").port();
    drop(refused);
    let server = TestServer::start();
    server.route(
        "/feed.json",
        Route::plain(
            format!(
                r#"{{"version":"https://jsonfeed.org/version/1.1","title":"JSON",
                "home_page_url":"http://127.0.0.1:{port}/",
                "items":[{{"id":"1","title":"One","content_text":"x"}}]}}"#
            ),
            "application/feed+json",
        ),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = lamplight::engine::Engine::open(
        dir.path(),
        lamplight::engine::EngineConfig {
            fetch: crate::support::test_fetch_config(),
            ..Default::default()
        },
    )
    .expect("engine");
    let added = engine
        .add_subscription(&server.url("/feed.json"))
        .expect("added");
    assert_eq!(added.record.new_articles, 1);
    crate::support::assert_stages_cover_total(&added.record, "json feed");
    assert!(
        added.record.stages().iter().any(|s| s.name == "icon"),
        "the icon has a stage of its own"
    );
    let icon = engine
        .store()
        .image(&format!("http://127.0.0.1:{port}/favicon.ico"))
        .expect("read")
        .expect("the icon's attempt is recorded");
    assert_eq!(icon.status, "failed");
    assert_eq!(
        icon.attempts.len(),
        1,
        "a refused icon is not retried: {:?}",
        icon.attempts
    );
}

#[test]
fn tables_and_numbered_lists_served_over_http_read_as_written() {
    let server = TestServer::start();
    server.route(
        "/tables.xml",
        Route::plain(
            r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tables</title>
            <item><title>A table</title><guid>t1</guid><description><![CDATA[
              <table><tr><td>First<br/>a special line</td><td>aktuell</td></tr></table>
              <table><tr><td><p>Layout para</p><ul><li>projekte</li><li>zu verkaufen</li></ul></td></tr></table>
              <ol start="3"><li>three</li><li>four</li></ol>]]></description></item>
            </channel></rss>"#,
            "application/rss+xml",
        ),
    );
    let t = test_engine();
    let added = t
        .engine
        .add_subscription(&server.url("/tables.xml"))
        .expect("added");
    let article = t
        .engine
        .store()
        .articles(&lamplight::store::ArticleListFilter {
            feed: Some(added.feed.id),
            ..Default::default()
        })
        .expect("articles")
        .remove(0);
    assert!(
        article.summary.contains("First a special line"),
        "{}",
        article.summary
    );
    assert!(!article.summary.contains("Firsta"));
    let full = t.engine.store().article(article.id).expect("article");
    let blocks = lamplight::render::html_to_blocks(
        full.content_html.as_deref().unwrap_or_default(),
        full.link.as_deref(),
    );
    let text = lamplight::render::to_text(&blocks, 78);
    assert!(
        text.contains("Layout para\n"),
        "the layout table flows: {text}"
    );
    assert!(!text.contains("| Layout"), "{text}");
    assert!(text.contains("3. three\n4. four"), "{text}");
}
