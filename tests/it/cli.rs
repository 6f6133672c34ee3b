//! The headless face, through the real binary: exit codes, one-line errors, JSON records.

use std::process::{Command, Output};

use crate::support::{Route, TestServer, fixture};

/// Runs the binary in English (`LANG=C`), whatever the machine's locale.
pub fn lamplight(data_dir: &std::path::Path, args: &[&str]) -> Output {
    lamplight_in("C", data_dir, args)
}

/// Runs the binary with `LANG=lang` and no other locale variable set.
pub fn lamplight_in(lang: &str, data_dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("RUST_LOG", "off")
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LAMPLIGHT_LANG")
        .output()
        .expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn add_refuses_non_http_urls_with_one_clear_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    for url in [
        "ftp://example.org/feed.xml",
        "file:///etc/passwd",
        "not a url",
    ] {
        let out = lamplight(dir.path(), &["add", url]);
        assert!(!out.status.success(), "{url} must fail");
        let err = stderr(&out);
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "one line for {url}: {err}"
        );
        assert!(err.starts_with("lamplight: "), "{err}");
        assert!(err.contains("http"), "{err}");
    }
}

#[test]
fn add_of_a_page_without_a_feed_fails_with_one_line() {
    let server = TestServer::start();
    server.route(
        "/",
        Route::plain(
            "<!DOCTYPE html><html><head><title>No feeds here</title></head><body>hi</body></html>",
            "text/html",
        ),
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let out = lamplight(dir.path(), &["add", &server.url("/")]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("advertises no feed"), "{err}");
    let feeds = lamplight(dir.path(), &["feeds", "--json"]);
    assert_eq!(stdout(&feeds).trim(), "", "nothing was subscribed");
}

#[test]
fn add_refresh_show_and_stats_work_end_to_end() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let dir = tempfile::tempdir().expect("temp dir");

    let add = lamplight(dir.path(), &["add", &server.url("/feed.php")]);
    assert!(add.status.success(), "{}", stderr(&add));
    assert!(stdout(&add).contains("运维进行时"));

    let refresh = lamplight(dir.path(), &["refresh", "--all", "--json"]);
    assert!(refresh.status.success(), "{}", stderr(&refresh));
    let lines: Vec<serde_json::Value> = stdout(&refresh)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["outcome"], "not_modified");
    assert_eq!(lines[0]["http_status"], 304);
    assert!(lines[0]["total_ms"].is_u64());
    assert_eq!(lines[0]["stages"][0]["name"], "request");

    // Nothing is due right after a fetch: a plain refresh fetches nothing.
    let due = lamplight(dir.path(), &["refresh", "--json"]);
    assert!(due.status.success());
    assert_eq!(stdout(&due).trim(), "");
    assert_eq!(server.hits("/feed.php"), 2);

    let articles = lamplight(dir.path(), &["articles", "--unread", "--json"]);
    let rows: Vec<serde_json::Value> = stdout(&articles)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(rows.len(), 10);
    let id = rows[0]["id"].as_i64().expect("id");
    assert_eq!(
        rows[0]["title"],
        "参与定制行业标准-《数据资产管理实践白皮书3.0》"
    );

    let show = lamplight(dir.path(), &["show", &id.to_string()]);
    assert!(show.status.success());
    let text = stdout(&show);
    assert!(
        text.contains("2018数据资产管理大会，在中国信息通信研究院"),
        "{text}"
    );
    assert!(!text.contains("<img"), "{text}");

    let mark = lamplight(dir.path(), &["mark", &id.to_string(), "--read", "--star"]);
    assert!(mark.status.success(), "{}", stderr(&mark));
    let unread = lamplight(dir.path(), &["articles", "--unread", "--json"]);
    assert_eq!(stdout(&unread).lines().count(), 9);

    let stats = lamplight(dir.path(), &["stats", "fetches"]);
    assert!(stats.status.success());
    let table = stdout(&stats);
    assert!(
        table.contains("运维进行时") && table.contains("not modified"),
        "{table}"
    );
    let stats_json = lamplight(dir.path(), &["stats", "fetches", "--json"]);
    assert_eq!(stdout(&stats_json).lines().count(), 2);

    let missing = lamplight(dir.path(), &["show", "99999"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("no article with id 99999"));
}

#[test]
fn show_prints_right_to_left_text_in_logical_order_without_controls() {
    let server = TestServer::start();
    let feed = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>חדשות</title><link>http://he.test/</link><description>d</description>
<item><title>מחשב DELL&#x202E; משנת 2005</title><guid>he1</guid><link>http://he.test/1</link>
<author>כותב&#x2067;</author>
<description><![CDATA[<p>קניתי מחשב DELL בשנת 2005&#x202E; והתקנתי עליו את הליבה 2.6.15.</p><p>שורה&#x2066; שנייה</p>]]></description></item>
</channel></rss>"#;
    server.route("/he.xml", Route::feed(feed, "v1"));
    let dir = tempfile::tempdir().expect("temp dir");
    let add = lamplight(dir.path(), &["add", &server.url("/he.xml")]);
    assert!(add.status.success(), "{}", stderr(&add));
    let articles = lamplight(dir.path(), &["articles", "--json"]);
    let row: serde_json::Value =
        serde_json::from_str(stdout(&articles).lines().next().expect("one article")).expect("JSON");
    let show = lamplight(dir.path(), &["show", &row["id"].to_string()]);
    assert!(show.status.success(), "{}", stderr(&show));
    let text = stdout(&show);
    // Logical order, as stored: the terminal does its own bidi.
    assert!(text.contains("קניתי מחשב DELL בשנת 2005"), "{text}");
    assert!(text.contains("2.6.15"), "{text}");
    assert!(text.contains("מחשב DELL משנת 2005"), "{text}");
    assert!(text.contains("שורה שנייה"), "{text}");
    assert!(
        !text.contains(['\u{202e}', '\u{2066}', '\u{2067}', '\u{1b}']),
        "no control that reorders the terminal: {text:?}"
    );
    let list = stdout(&lamplight(dir.path(), &["articles"]));
    assert!(
        list.contains("מחשב DELL משנת 2005") && !list.contains('\u{202e}'),
        "{list}"
    );
}

#[test]
fn stats_images_lists_every_image_record_and_says_why_one_never_came() {
    use image::{DynamicImage, ImageFormat};
    let server = TestServer::start();
    let jpeg = crate::images::encode(
        &DynamicImage::ImageRgb8(crate::images::photo(640, 480, 7)),
        ImageFormat::Jpeg,
    );
    server.route(
        "/photo.jpg",
        Route::Doc {
            body: jpeg.clone(),
            content_type: "image/jpeg".to_owned(),
            etag: None,
            last_modified: None,
        },
    );
    server.route("/gone.jpg", Route::Status(404, Vec::new()));
    let feed = format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Pictures</title>
        <link>{base}/</link><description>d</description>
        <item><title>Two pictures</title><link>{base}/a</link><guid>a</guid>
        <description><![CDATA[<p>x</p><img src="{base}/photo.jpg" alt="a photo"><img src="{base}/gone.jpg" alt="gone">]]></description></item>
        </channel></rss>"#,
        base = server.url("")
    );
    server.route("/feed.xml", Route::feed(feed, "v1"));
    let dir = tempfile::tempdir().expect("temp dir");
    let add = lamplight(dir.path(), &["add", &server.url("/feed.xml")]);
    assert!(add.status.success(), "{}", stderr(&add));

    let list = lamplight(
        dir.path(),
        &["stats", "images", "--feed", "1", "--list", "--json"],
    );
    assert!(list.status.success(), "{}", stderr(&list));
    let records: Vec<serde_json::Value> = stdout(&list)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON record per line"))
        .collect();
    // The two pictures, and the feed's icon (looked for at /favicon.ico: 404 here).
    let pictures = records.iter().filter(|r| r["role"] != "icon").count();
    assert_eq!(pictures, 2, "{records:?}");
    let photo = records
        .iter()
        .find(|r| r["url"].as_str().is_some_and(|u| u.ends_with("/photo.jpg")))
        .expect("the photo's record");
    let gone = records
        .iter()
        .find(|r| r["url"].as_str().is_some_and(|u| u.ends_with("/gone.jpg")))
        .expect("the missing picture's record");
    for record in [photo, gone] {
        assert!(
            record["role"].is_string() && record["attempts"].is_array(),
            "{record}"
        );
        assert!(record.get("webp").is_none(), "no BLOBs in the list");
    }
    assert_eq!(gone["status"], "failed", "{gone}");
    if photo["status"] == "cached" {
        assert_eq!(photo["source_bytes"], jpeg.len());
        assert!(
            photo["webp_bytes"].as_u64().is_some_and(|b| b > 0),
            "{photo}"
        );
    }

    let text = stdout(&lamplight(dir.path(), &["stats", "images"]));
    assert!(text.contains("MiB"), "{text}");
    let never = text
        .lines()
        .find(|l| l.starts_with("Could not be downloaded:"))
        .expect("a line for pictures never downloaded");
    assert!(never.contains("download failed: HTTP 404 (1)"), "{never}");
    let fetches = stdout(&lamplight(dir.path(), &["stats", "fetches"]));
    assert!(fetches.contains("too few for percentiles"), "{fetches}");
}

#[test]
fn the_command_line_speaks_the_locales_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));

    let zh = lamplight_in("zh_CN.UTF-8", dir.path(), &["add", "not a url"]);
    assert!(!zh.status.success());
    assert_eq!(
        stderr(&zh).trim(),
        "lamplight: “not a url”不是网址；请输入完整的地址，例如 https://example.com/feed.xml"
    );
    let en = lamplight_in("C", dir.path(), &["add", "not a url"]);
    assert_eq!(
        stderr(&en).trim(),
        "lamplight: “not a url” is not a web address; give one such as https://example.com/feed.xml"
    );

    let added = lamplight_in(
        "zh_CN.UTF-8",
        dir.path(),
        &["add", &server.url("/feed.php")],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let text = stdout(&added);
    assert!(text.starts_with("已订阅：[1] 运维进行时"), "{text}");
    assert!(text.contains("10 篇文章（10 篇新文章）"), "{text}");
    let feeds = stdout(&lamplight_in("zh_CN.UTF-8", dir.path(), &["feeds"]));
    assert!(feeds.contains("标题") && feeds.contains("未读"), "{feeds}");
    let none = stdout(&lamplight_in(
        "zh_CN.UTF-8",
        dir.path(),
        &["search", "nothing-matches-this"],
    ));
    assert_eq!(none.trim(), "没有匹配的文章。");
    // What the engine records (causes, schedule reasons) stays English in the store and in
    // --json, and is said in the reader's language.
    let pinned = stdout(&lamplight_in(
        "zh_CN.UTF-8",
        dir.path(),
        &["schedule", "1", "--every", "2h"],
    ));
    assert!(pinned.contains("由你设定：每 2 小时"), "{pinned}");
    server.route(
        "/feed.php",
        Route::plain("<!doctype html><html><body>gone</body></html>", "text/html"),
    );
    let _ = lamplight_in("C", dir.path(), &["refresh", "--all"]);
    let failed = stdout(&lamplight_in("zh_CN.UTF-8", dir.path(), &["feeds"]));
    assert!(
        failed.contains("上次错误：服务器发来的是 HTML 网页，不是订阅源"),
        "{failed}"
    );
    let failed = stdout(&lamplight_in("C", dir.path(), &["feeds"]));
    assert!(
        failed.contains("last error: the server sent an HTML page, not a feed"),
        "{failed}"
    );
    let json = stdout(&lamplight_in(
        "zh_CN.UTF-8",
        dir.path(),
        &["feeds", "--json"],
    ));
    assert!(
        json.contains("the server sent an HTML page, not a feed"),
        "{json}"
    );
    // LAMPLIGHT_LANG outranks the locale; --json stays English and stable.
    let forced = Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["search", "nothing-matches-this"])
        .env("LANG", "C")
        .env("LAMPLIGHT_LANG", "zh-CN")
        .output()
        .expect("the binary runs");
    assert_eq!(stdout(&forced).trim(), "没有匹配的文章。");
    let json = stdout(&lamplight_in(
        "zh_CN.UTF-8",
        dir.path(),
        &["feeds", "--json"],
    ));
    let feed: serde_json::Value =
        serde_json::from_str(json.lines().next().expect("a line")).expect("JSON");
    assert_eq!(feed["title"], "运维进行时");
    assert!(
        feed.get("article_count").is_some(),
        "field names stay English: {json}"
    );
    let english = stdout(&lamplight_in(
        "C",
        dir.path(),
        &["search", "nothing-matches-this"],
    ));
    assert_eq!(english.trim(), "No articles match.");

    // --help and parse errors speak the locale's language too.
    let help = stdout(&lamplight_in("zh_CN.UTF-8", dir.path(), &["add", "--help"]));
    assert!(
        help.contains("订阅一个订阅源") && help.contains("用法：") && help.contains("显示帮助"),
        "{help}"
    );
    assert!(
        !help.contains("Subscribe") && !help.contains("Print help"),
        "{help}"
    );
    let help = stdout(&lamplight_in("C", dir.path(), &["add", "--help"]));
    assert!(
        help.contains("Subscribe to a feed") && help.contains("Usage:"),
        "{help}"
    );
    let wrong = lamplight_in(
        "zh_CN.UTF-8",
        dir.path(),
        &["mark", "1", "--read", "--unread"],
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("--read 不能与 --unread 一起使用"),
        "{}",
        stderr(&wrong)
    );
}
