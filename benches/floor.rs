//! The floor of a cold refresh: the cost of each stage alone on the side-by-side corpus
//! (N feeds × 20 items of mixed Chinese/English HTML served by nginx on 127.0.0.1) — fetching
//! every body with Lamplight's fetcher (no parse), parsing every body with feed-rs alone, then
//! Lamplight's reading (charset, feed-rs, normalising), deriving each article's text, summary
//! and search text from its HTML, and inserting the rows with the search index — and the whole
//! `lamplight refresh --all --no-images` for comparison. CPU is this process's user + system
//! time (getrusage) around each stage; µs per article divide it by the articles stored.
//!
//! `cargo bench --bench floor` runs 300 feeds; `-- --feeds N` another size. One JSON document.

mod common;

use std::sync::Arc;
use std::time::Instant;

use common::{free_port, start_nginx};
use lamplight::engine::parse_feed_body;
use lamplight::fetch::{FetchConfig, FetchOutcome, FetchRequest, Fetcher};
use lamplight::render::{html_text, summary_of};
use lamplight::store::{FeedMeta, Store, index_terms};

/// CPU seconds this process has used (user + system).
fn cpu_s() -> f64 {
    // SAFETY: plain FFI with a zeroed out-parameter.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// Runs `work`, returning what it gave and its (wall ms, CPU ms).
fn stage<T>(work: impl FnOnce() -> T) -> (T, f64, f64) {
    let (wall, cpu) = (Instant::now(), cpu_s());
    let out = work();
    (
        out,
        wall.elapsed().as_secs_f64() * 1e3,
        (cpu_s() - cpu) * 1e3,
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let feeds = args
        .iter()
        .position(|a| a == "--feeds")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(300usize);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("www");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let urls = common::corpus::generate(&root, &base, feeds, 20, 0);
    let _nginx = start_nginx(&dir.path().join("nginx"), &root, port);

    // 1. Fetch every body (Lamplight's fetcher, its limits, two async workers as the engine).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let fetcher = Arc::new(Fetcher::new(FetchConfig::default()).expect("fetcher"));
    let (bodies, fetch_wall, fetch_cpu) = stage(|| {
        runtime.block_on(async {
            let mut jobs = tokio::task::JoinSet::new();
            for url in urls.clone() {
                let fetcher = fetcher.clone();
                jobs.spawn(async move {
                    let report = fetcher
                        .fetch(&FetchRequest {
                            url: &url,
                            ..FetchRequest::default()
                        })
                        .await;
                    match report.result {
                        Ok(FetchOutcome::Body(body)) => Some((url, body)),
                        _ => None,
                    }
                });
            }
            let mut bodies = Vec::new();
            while let Some(done) = jobs.join_next().await {
                bodies.extend(done.ok().flatten());
            }
            bodies
        })
    });

    // 2. feed-rs alone on the raw bytes.
    let (entries, feedrs_wall, feedrs_cpu) = stage(|| {
        bodies
            .iter()
            .filter_map(|(_, b)| feed_rs::parser::parse(&b.bytes[..]).ok())
            .map(|f| f.entries.len())
            .sum::<usize>()
    });

    // 3. Lamplight's reading: charset, feed-rs, normalising (no article text yet).
    let (parsed, read_wall, read_cpu) = stage(|| {
        bodies
            .iter()
            .filter_map(|(url, b)| {
                lamplight::feed::read_feed(&b.bytes, b.content_type.as_deref(), url)
                    .ok()
                    .map(|p| (url.clone(), p))
            })
            .collect::<Vec<_>>()
    });

    // 4. Each article's text, summary and search terms from its HTML.
    let mut parsed = parsed;
    let ((), derive_wall, derive_cpu) = stage(|| {
        for (_, feed) in &mut parsed {
            // As a refresh does (engine::refresh::fill_texts, store::prepare_articles).
            for article in &mut feed.articles {
                article.text = html_text(&article.content_html, article.link.as_deref());
                article.summary = summary_of(&article.text, 200);
                std::hint::black_box(index_terms(&article.text));
            }
        }
    });

    // 5. Insert the rows with the search index, one transaction per feed (as a refresh does).
    let db = dir.path().join("floor.db");
    let (stored, insert_wall, insert_cpu) = stage(|| {
        let mut store = Store::open(&db).expect("store");
        let mut stored = 0i64;
        for (url, feed) in &parsed {
            let id = store.upsert_feed(url, &FeedMeta::default()).expect("feed");
            let (counts, _) = store
                .ingest(id, &feed.meta, &feed.articles)
                .expect("ingest");
            stored += counts.new_articles;
        }
        stored
    });
    let db_bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(db.with_extension("db-wal")).map_or(0, |m| m.len());

    // The whole refresh, for comparison (its own process, wall time).
    let data = dir.path().join("data");
    {
        let mut store = Store::open(&lamplight::paths::database_path(&data)).expect("store");
        for url in &urls {
            store.upsert_feed(url, &FeedMeta::default()).expect("feed");
        }
    }
    let (run, _) = common::lamplight_json(
        env!("CARGO_BIN_EXE_lamplight"),
        &data,
        &["refresh", "--all", "--no-images", "--json"],
    );
    let _ = parse_feed_body;

    let per_article = |cpu_ms: f64| cpu_ms * 1e3 / stored.max(1) as f64;
    let row = |name: &str, wall: f64, cpu: f64| {
        serde_json::json!({
            "stage": name, "wall_ms": wall, "cpu_ms": cpu, "cpu_us_per_article": per_article(cpu),
        })
    };
    let report = serde_json::json!({
        "bench": "floor",
        "feeds": feeds,
        "bodies": bodies.len(),
        "entries_feed_rs": entries,
        "articles_stored": stored,
        "stages": [
            row("fetch every body", fetch_wall, fetch_cpu),
            row("feed-rs alone", feedrs_wall, feedrs_cpu),
            row("read (charset + feed-rs + normalise)", read_wall, read_cpu),
            row("derive text, summary, search terms", derive_wall, derive_cpu),
            row("insert rows + search index", insert_wall, insert_cpu),
        ],
        "sum_cpu_us_per_article": per_article(fetch_cpu + read_cpu + derive_cpu + insert_cpu),
        "store_bytes_of_insert_alone": db_bytes,
        "whole_refresh_wall_ms": run.wall_ms,
        "whole_refresh_peak_rss_mib": run.max_rss_mib,
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("JSON report")
    );
}
