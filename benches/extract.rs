//! Full-text extraction, measured: (1) Lamplight's extractor on the evaluation set in
//! `benches/data/extraction` — word-level precision, recall and F1 against the expected text,
//! and milliseconds per page (extraction and the reader's text, as a refresh runs them); (2) a
//! cold `lamplight refresh --all` of excerpt feeds whose every item links to an article page
//! (nginx on 127.0.0.1), with full text on and off: wall time and peak RSS.
//!
//! `cargo bench --bench extract` runs 100 feeds × 20 items and 5 timing rounds; `-- --quick`
//! 10 feeds × 20 and one round (what CI runs). Prints one JSON document.

mod common;
#[path = "extraction/score.rs"]
mod score;

use std::path::Path;
use std::time::Instant;

use common::{free_port, median, percentile, photo_jpeg, start_nginx, write};
use lamplight::extract::extract_article;
use lamplight::render::{html_to_blocks, plain_text};
use lamplight::store::{FeedMeta, FullTextMode, Store};
use score::{Counts, load_set};

fn evaluation(rounds: usize) -> serde_json::Value {
    let set = load_set(&Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data/extraction"));
    let url = "https://news.example.com/2026/article.html";
    let mut total = Counts::default();
    let mut f1s = Vec::new();
    let mut times = Vec::new();
    let mut pages = Vec::new();
    for (name, page, expected) in &set {
        let mut ms = Vec::new();
        let mut text = String::new();
        for _ in 0..rounds {
            let started = Instant::now();
            text = match extract_article(page, Some("text/html"), url) {
                Ok(article) => plain_text(&html_to_blocks(&article.html, Some(url))),
                Err(_) => String::new(),
            };
            ms.push(started.elapsed().as_secs_f64() * 1e3);
        }
        let counts = Counts::of(&text, expected);
        total = total.add(counts);
        f1s.push(counts.f1());
        let page_ms = median(ms);
        times.push(page_ms);
        eprintln!(
            "{name:22} P {:.3} R {:.3} F1 {:.3} {page_ms:7.1} ms",
            counts.precision(),
            counts.recall(),
            counts.f1()
        );
        pages.push(serde_json::json!({
            "page": name, "bytes": page.len(), "precision": counts.precision(),
            "recall": counts.recall(), "f1": counts.f1(), "ms": page_ms,
        }));
    }
    let macro_f1 = f1s.iter().sum::<f64>() / f1s.len().max(1) as f64;
    serde_json::json!({
        "pages": set.len(),
        "precision": total.precision(),
        "recall": total.recall(),
        "f1": total.f1(),
        "macro_f1": macro_f1,
        "median_ms": median(times.clone()),
        "p95_ms": percentile(times, 95.0),
        "per_page": pages,
    })
}

const PARAGRAPHS: [&str; 6] = [
    "The night shift watched the dashboards as the new cluster took its first real traffic.",
    "运维团队在凌晨两点完成了数据库的主从切换，整个过程没有丢失一条写入，监控曲线平稳如常。",
    "Every alert that fired was written up the next morning, with the graph that explained it.",
    "我们把配置管理从手工脚本迁移到了声明式的工具上，回滚只需要一条命令，审计也有了完整的记录。",
    "Capacity planning is mostly arithmetic and honesty about what the last quarter really used.",
    "日志集中之后，排查问题的时间从几个小时缩短到几分钟，值班的同事终于能睡个安稳觉了。",
];

/// Writes `feeds` excerpt feeds of `items` items, each linking to its article page; every page
/// of a feed shows the feed's one picture.
fn generate(root: &Path, base: &str, feeds: usize, items: usize) -> Vec<String> {
    let mut urls = Vec::new();
    for f in 0..feeds {
        write(
            root,
            &format!("f{f}/lamp.jpg"),
            &photo_jpeg(800, 600, f as u32),
        );
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>\
             <title>Ops notes {f}</title><link>{base}/f{f}/</link><description>Excerpts</description>"
        );
        for i in 0..items {
            let link = format!("{base}/f{f}/a{i}.html");
            let body: String = (0..3)
                .flat_map(|round| {
                    PARAGRAPHS
                        .iter()
                        .map(move |p| format!("<p>{p} ({f}.{i}.{round})</p>\n"))
                })
                .collect();
            let page = format!(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Article {f}.{i}</title></head><body>\
                 <nav><a href=\"/\">Home</a> <a href=\"/archive\">Archive</a> <a href=\"/about\">About</a></nav>\
                 <div class=\"ad\">Sponsored: servers at half price this week only</div>\
                 <main><article><h1>Article {f}.{i}</h1>{body}\
                 <figure><img src=\"{base}/f{f}/lamp.jpg\" alt=\"\"><figcaption>The rack.</figcaption></figure>\
                 </article></main><aside><h3>Popular</h3><ul><li><a href=\"/x\">Ten tips</a></li></ul></aside>\
                 <section class=\"comments\"><p>Nice post!</p></section><footer>© Ops notes</footer></body></html>"
            );
            write(root, &format!("f{f}/a{i}.html"), page.as_bytes());
            xml.push_str(&format!(
                "<item><title>Article {f}.{i}</title><link>{link}</link><guid>{link}</guid>\
                 <description>{} … Read more</description></item>",
                PARAGRAPHS[i % PARAGRAPHS.len()]
            ));
        }
        xml.push_str("</channel></rss>");
        write(root, &format!("f{f}/feed.xml"), xml.as_bytes());
        urls.push(format!("{base}/f{f}/feed.xml"));
    }
    urls
}

fn refresh_run(dir: &Path, urls: &[String], mode: FullTextMode) -> serde_json::Value {
    let data = dir.join(format!("data-{}", mode.as_str()));
    {
        let mut store = Store::open(&lamplight::paths::database_path(&data)).expect("store");
        for url in urls {
            let id = store.upsert_feed(url, &FeedMeta::default()).expect("feed");
            store.set_full_text_mode(id, mode).expect("mode");
        }
    }
    let (run, records) = common::lamplight_json(
        env!("CARGO_BIN_EXE_lamplight"),
        &data,
        &["refresh", "--all", "--json"],
    );
    let sum = |field: &str| {
        records
            .iter()
            .filter_map(|r| r[field].as_i64())
            .sum::<i64>()
    };
    serde_json::json!({
        "full_text": mode.as_str(),
        "success": run.success,
        "wall_s": run.wall_ms / 1e3,
        "peak_rss_mib": run.max_rss_mib,
        "feeds_ok": records.iter().filter(|r| r["outcome"] == "ok").count(),
        "articles": sum("new_articles"),
        "pages_extracted": sum("full_text_fetched"),
        "pages_failed": sum("full_text_failed"),
        "images_cached": sum("images_cached"),
    })
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (feeds, items, rounds) = if quick { (10, 20, 1) } else { (100, 20, 5) };
    let evaluation = evaluation(rounds);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("www");
    let port = free_port();
    let urls = generate(&root, &format!("http://127.0.0.1:{port}"), feeds, items);
    let _nginx = start_nginx(&dir.path().join("nginx"), &root, port);
    let on = refresh_run(dir.path(), &urls, FullTextMode::On);
    let off = refresh_run(dir.path(), &urls, FullTextMode::Off);
    let report = serde_json::json!({
        "bench": "extract",
        "evaluation": evaluation,
        "refresh": { "feeds": feeds, "items": items, "full_text_on": on, "full_text_off": off },
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("JSON report")
    );
}
