//! Lamplight side by side with its peers on the same machine, in the same run, one JSON
//! document on stdout:
//!
//! 1. at 100, 300 and 1,000 feeds (`by_size`): cold refresh into an empty data dir, `lamplight
//!    refresh --all --no-images` with full text off (fetch, parse, store: Newsboat's work; by
//!    default the corpus's short items would also have their pages read) vs `newsboat -x
//!    reload` at its fastest `reload-threads`
//!    of 4, 8 and 16 for that size (each tried once; the one used is reported), both fetching
//!    the same bytes from nginx on 127.0.0.1: wall time, peak RSS, Lamplight's per-feed
//!    p50/p95, and both stores' size on disk afterwards; and once, at 1,000 feeds, as Lamplight
//!    refreshes by default: with images and the excerpts' pages (no Newsboat counterpart);
//! 2. warm refresh (nothing changed, every request conditional): the same pairs;
//! 3. start-up with a large store: `lamplight articles --unread --json --limit 20` vs
//!    `newsboat -x print-unread` on the same corpus;
//! 4. thumbnails: decode + resize + WebP q75, Lamplight vs `cwebp`;
//! 5. search p50/p95 over the large store.
//!
//! Each pair runs alternately (A B A B …) and is reported as the median of per-pair ratios
//! (Lamplight / peer); absolute figures are printed too. Needs nginx, newsboat and webp
//! (`apt-get install nginx-light newsboat webp`). `-- --quick` is the small size CI runs;
//! `-- --serve` only generates and serves the corpus (for profiling a run by hand).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use common::{
    alternate, free_port, measure, median, percentile, start_nginx, thumbnails_bench, which,
};
use lamplight::store::{FeedMeta, Store};

/// Subscribes to `urls`. With `pages` off, full text is off for each feed: Lamplight then does
/// Newsboat's work (the corpus's short items would otherwise have their pages read, 20 more
/// requests a feed, which Newsboat never makes).
fn subscribe_all(data: &Path, urls: &[String], pages: bool) {
    let mut store = Store::open(&lamplight::paths::database_path(data)).expect("store");
    for url in urls {
        let feed = store.upsert_feed(url, &FeedMeta::default()).expect("feed");
        if !pages {
            store
                .set_full_text_mode(feed, lamplight::store::FullTextMode::Off)
                .expect("full text off");
        }
    }
}

fn lamplight_refresh(data: &Path, images: bool) -> (common::Run, Vec<f64>, usize) {
    let mut args = vec!["refresh", "--all", "--json"];
    if !images {
        args.push("--no-images");
    }
    let (run, records) = common::lamplight_json(env!("CARGO_BIN_EXE_lamplight"), data, &args);
    let totals = records
        .iter()
        .filter_map(|r| r["total_ms"].as_f64())
        .collect();
    let ok = records.iter().filter(|r| r["outcome"] != "error").count();
    (run, totals, ok)
}

fn newsboat(home: &Path, urls_file: &Path, args: &[&str], keep: bool) -> (common::Run, Vec<u8>) {
    measure(
        Command::new("newsboat")
            .env("HOME", home)
            .arg("-u")
            .arg(urls_file)
            .arg("-c")
            .arg(home.join("cache.db"))
            .arg("-C")
            .arg(home.join("config"))
            .args(args),
        keep,
    )
}

fn newsboat_home(dir: &Path, urls: &[String], threads: usize) -> PathBuf {
    std::fs::create_dir_all(dir).expect("home");
    std::fs::write(dir.join("urls"), urls.join("\n") + "\n").expect("urls");
    std::fs::write(dir.join("config"), format!("reload-threads {threads}\n")).expect("config");
    dir.to_owned()
}

fn unread_count(home: &Path) -> i64 {
    let (_, out) = newsboat(home, &home.join("urls"), &["-x", "print-unread"], true);
    String::from_utf8_lossy(&out)
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(-1)
}

/// Newsboat's `reload-threads` settings tried at each size.
const NEWSBOAT_THREADS: [usize; 3] = [4, 8, 16];

/// Cold and warm refresh of `urls`, Lamplight against Newsboat at its fastest thread setting,
/// `rounds` alternated pairs each; with the stores' sizes on disk after the cold refresh.
fn side_by_side(root: &Path, urls: &[String], rounds: usize) -> serde_json::Value {
    let n = urls.len();
    let tries: Vec<(usize, f64)> = NEWSBOAT_THREADS
        .iter()
        .map(|&threads| {
            let home = newsboat_home(&root.join(format!("nb-try-{n}-{threads}")), urls, threads);
            let wall = newsboat(&home, &home.join("urls"), &["-x", "reload"], false)
                .0
                .wall_ms;
            (threads, wall)
        })
        .collect();
    let threads = tries
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(4, |t| t.0);
    let (mut per_feed, mut lamplight_ok, mut newsboat_unread) =
        (Vec::new(), Vec::new(), Vec::new());
    let (mut lp_dirs, mut nb_homes) = (Vec::new(), Vec::new());
    let (mut lp_bytes, mut nb_bytes) = (Vec::new(), Vec::new());
    let (lp_cold, nb_cold, cold_ratio, cold_rss_ratio) = alternate(
        rounds,
        |r| {
            let data = root.join(format!("lp-{n}-{r}"));
            subscribe_all(&data, urls, false);
            let (run, totals, ok) = lamplight_refresh(&data, false);
            per_feed.extend(totals);
            lamplight_ok.push(ok);
            let db = lamplight::paths::database_path(&data);
            lp_bytes.push(file_bytes(&db) + file_bytes(&db.with_extension("db-wal")));
            lp_dirs.push(data);
            run
        },
        |r| {
            let home = newsboat_home(&root.join(format!("nb-{n}-{r}")), urls, threads);
            let (run, _) = newsboat(&home, &home.join("urls"), &["-x", "reload"], false);
            newsboat_unread.push(unread_count(&home));
            nb_bytes.push(file_bytes(&home.join("cache.db")));
            nb_homes.push(home);
            run
        },
    );
    let mut warm_per_feed = Vec::new();
    let (lp_warm, nb_warm, warm_ratio, warm_rss_ratio) = alternate(
        rounds,
        |r| {
            let (run, totals, _) = lamplight_refresh(&lp_dirs[r], false);
            warm_per_feed.extend(totals);
            run
        },
        |r| {
            let home = &nb_homes[r];
            newsboat(home, &home.join("urls"), &["-x", "reload"], false).0
        },
    );
    let (lp_store, nb_store) = (median(lp_bytes), median(nb_bytes));
    serde_json::json!({
        "feeds": n,
        "newsboat_reload_threads": threads,
        "newsboat_thread_tries_ms": tries,
        "cold_refresh": {
            "ratio_wall": cold_ratio, "target_wall": 0.25,
            "ratio_peak_rss": cold_rss_ratio, "target_peak_rss": 0.5,
            "lamplight": summary(&lp_cold), "newsboat": summary(&nb_cold),
            "lamplight_feeds_ok": lamplight_ok, "newsboat_unread_after": newsboat_unread,
            "lamplight_per_feed_ms_p50": percentile(per_feed.clone(), 50.0),
            "lamplight_per_feed_ms_p95": percentile(per_feed, 95.0),
        },
        "warm_refresh": {
            "ratio_wall": warm_ratio, "target_wall": 0.25, "ratio_peak_rss": warm_rss_ratio,
            "lamplight": summary(&lp_warm), "newsboat": summary(&nb_warm),
            "lamplight_per_feed_ms_p50": percentile(warm_per_feed.clone(), 50.0),
            "lamplight_per_feed_ms_p95": percentile(warm_per_feed, 95.0),
        },
        "store_after_cold": {
            "lamplight_bytes": lp_store, "newsboat_bytes": nb_store,
            "ratio": lp_store / nb_store.max(1.0), "target": 1.0,
        },
    })
}

/// A file's size in bytes (0 when it is missing).
fn file_bytes(path: &Path) -> f64 {
    std::fs::metadata(path).map_or(0.0, |m| m.len() as f64)
}

fn summary(runs: &[common::Run]) -> serde_json::Value {
    serde_json::json!({
        "wall_ms_median": median(runs.iter().map(|r| r.wall_ms).collect()),
        "max_rss_mib_median": median(runs.iter().map(|r| r.max_rss_mib).collect()),
        "all_succeeded": runs.iter().all(|r| r.success),
    })
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    assert!(
        which("newsboat").is_some(),
        "newsboat is needed: apt-get install newsboat"
    );
    let (feeds, items, images, rounds) = if quick {
        (40, 20, 3, 2)
    } else {
        (1000, 20, 10, 5)
    };
    let (big_feeds, big_items) = if quick { (50, 100) } else { (1000, 100) };
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let root = dir.path().join("www");
    let urls = common::corpus::generate(&root, &base, feeds, items, images);
    let big_urls: Vec<String> = common::corpus::generate(
        &root.join("big"),
        &format!("{base}/big"),
        big_feeds,
        big_items,
        0,
    );
    let _nginx = start_nginx(&dir.path().join("nginx"), &root, port);
    if std::env::args().any(|a| a == "--serve") {
        // For profiling by hand: the corpus stays served until this process is stopped.
        let list = dir.path().join("urls");
        std::fs::write(&list, urls.join("\n") + "\n").expect("urls");
        eprintln!(
            "serving {} feeds on {base}; their URLs are in {}",
            urls.len(),
            list.display()
        );
        loop {
            std::thread::park();
        }
    }

    // 1 and 2: cold then warm at each size, in fresh directories each round, A B A B; Newsboat
    // at its fastest `reload-threads` for the size (each setting tried once, cold).
    let sizes: Vec<usize> = if quick {
        vec![20, feeds]
    } else {
        vec![100, 300, feeds]
    };
    let by_size: Vec<serde_json::Value> = sizes
        .iter()
        .map(|&n| side_by_side(dir.path(), &urls[..n], rounds))
        .collect();
    // 3: start-up on a large store of the same corpus, filled once by each reader.
    let lp_big = dir.path().join("lp-big");
    subscribe_all(&lp_big, &big_urls, false);
    let lp_fill = lamplight_refresh(&lp_big, false).0;
    // The full pipeline (feeds plus every article image as WebP) on the first corpus, once.
    let full = {
        let data = dir.path().join("lp-full");
        subscribe_all(&data, &urls, true);
        let (run, totals, ok) = lamplight_refresh(&data, true);
        serde_json::json!({
            "wall_ms": run.wall_ms, "max_rss_mib": run.max_rss_mib, "feeds_ok": ok,
            "per_feed_ms_p50": percentile(totals.clone(), 50.0),
            "per_feed_ms_p95": percentile(totals, 95.0),
        })
    };
    let nb_big = newsboat_home(&dir.path().join("nb-big"), &big_urls, 8);
    let nb_fill = newsboat(&nb_big, &nb_big.join("urls"), &["-x", "reload"], false).0;
    let big_articles = Store::open(&lamplight::paths::database_path(&lp_big))
        .and_then(|s| s.count_articles(&Default::default()))
        .unwrap_or(0);
    let (lp_start, nb_start, start_ratio, _) = alternate(
        rounds,
        |_| {
            measure(
                Command::new(env!("CARGO_BIN_EXE_lamplight"))
                    .arg("--data-dir")
                    .arg(&lp_big)
                    .args(["articles", "--unread", "--json", "--limit", "20"])
                    .env("RUST_LOG", "off")
                    .env("LAMPLIGHT_LOG_DIR", lp_big.join("logs")),
                false,
            )
            .0
        },
        |_| {
            newsboat(
                &nb_big,
                &nb_big.join("urls"),
                &["-x", "print-unread"],
                false,
            )
            .0
        },
    );

    // 5: search over the large store.
    let search_ms: Vec<f64> = {
        let store = Store::open(&lamplight::paths::database_path(&lp_big)).expect("store");
        let queries = [
            "运维",
            "数据资产",
            "kubernetes",
            "celery",
            "运",
            "第42篇",
            "nothingmatches",
        ];
        (0..rounds * 3)
            .flat_map(|_| queries)
            .map(|q| {
                let t = Instant::now();
                let _ = store.search(q, 50);
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect()
    };

    // 4: thumbnails.
    let thumbnails = thumbnails_bench(
        dir.path(),
        if quick { 4 } else { 20 },
        if quick { 1 } else { 5 },
    );

    let report = serde_json::json!({
        "quick": quick,
        "corpus": { "feeds": feeds, "items_per_feed": items, "images": images, "gbk_feeds": (0..feeds).filter(|f| f % 2 == 0 && f % 10 == 4).count(), "atom_feeds": feeds / 2 },
        "rounds": rounds,
        "by_size": by_size,
        "cold_refresh_with_images": full,
        "startup_large_store": {
            "articles": big_articles, "ratio_wall": start_ratio, "target_wall": 0.2,
            "lamplight": summary(&lp_start), "newsboat": summary(&nb_start),
            "fill_ms": { "lamplight": lp_fill.wall_ms, "newsboat": nb_fill.wall_ms },
            "newsboat_unread": unread_count(&nb_big),
        },
        "thumbnails": thumbnails,
        "search": {
            "articles": big_articles,
            "ms_p50": percentile(search_ms.clone(), 50.0),
            "ms_p95": percentile(search_ms, 95.0),
        },
        "bench_seconds": started.elapsed().as_secs_f64(),
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    );
}
