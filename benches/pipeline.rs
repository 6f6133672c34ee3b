//! Lamplight's benchmarks, one JSON document on stdout:
//!
//! - `render`: article HTML → blocks → text, µs per KB, on the fixture's ten articles and on a
//!   1 MB body.
//! - `thumbnails`: decode + resize to 1200 px + WebP q75 per image, Lamplight vs `cwebp -q 75
//!   -resize 1200 0` (Debian package `webp`) on the same files, run alternately, reported as the
//!   median of per-pair ratios (this machine is shared and noisy).
//! - `refresh`: one `lamplight refresh --all` of N local feeds served from 127.0.0.1 (wall time,
//!   and the stage breakdown of one 运维进行时 fetch).
//!
//! - `image_memory`: peak RSS while a 30000×30000 PNG is refused and a 6000×4000 photo converted.
//!
//! `cargo bench --bench pipeline` runs the full size; `-- --quick` a small one (for CI).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use lamplight::images::{ImageLimits, convert};
use lamplight::render::{html_to_blocks, to_text};
use lamplight::store::{FeedMeta, Store};

mod common;

use common::{fixture, median, photo_jpeg, thumbnails_bench};

fn render_bench(rounds: usize) -> serde_json::Value {
    let articles =
        lamplight::feed::parse_feed(fixture().as_bytes(), "https://blog.liuts.com/feed.php")
            .expect("fixture parses")
            .articles;
    let fixture_bytes: usize = articles.iter().map(|a| a.content_html.len()).sum();
    let paragraph =
        "<p>运维进行时 <b>bold</b> and <a href=\"/x\">a link</a>&#160;&#160;text<br/>line</p>\n";
    let big = paragraph.repeat(1024 * 1024 / paragraph.len());
    let time = |f: &dyn Fn()| {
        let mut samples = Vec::new();
        for _ in 0..rounds {
            let t = Instant::now();
            f();
            samples.push(t.elapsed().as_secs_f64() * 1e6);
        }
        median(samples)
    };
    let fixture_us = time(&|| {
        for a in &articles {
            let blocks = html_to_blocks(&a.content_html, a.link.as_deref());
            std::hint::black_box(to_text(&blocks, 78));
        }
    });
    let big_us = time(&|| {
        let blocks = html_to_blocks(&big, Some("https://ex.org/"));
        std::hint::black_box(to_text(&blocks, 78));
    });
    serde_json::json!({
        "fixture_articles": articles.len(),
        "fixture_kb": fixture_bytes as f64 / 1024.0,
        "fixture_us": fixture_us,
        "fixture_us_per_kb": fixture_us / (fixture_bytes as f64 / 1024.0),
        "one_mb_us": big_us,
        "one_mb_us_per_kb": big_us / (big.len() as f64 / 1024.0),
    })
}

/// Peak memory while the pipeline refuses a 30000×30000 PNG and converts a 24 Mpixel photo.
fn image_memory_bench() -> serde_json::Value {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&30_000u32.to_be_bytes());
    ihdr.extend_from_slice(&30_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    let big = photo_jpeg(6000, 4000, 7);
    let limits = ImageLimits::default();
    let before = common::status_mib("VmHWM");
    let bomb = convert(&png, false, &limits).err().map(|e| e.to_string());
    let after_bomb = common::status_mib("VmHWM");
    let converted = convert(&big, true, &limits).map(|c| c.convert_ms).ok();
    let after_big = common::status_mib("VmHWM");
    serde_json::json!({
        "bomb_30000x30000_png": bomb,
        "peak_rss_mib_before": before,
        "peak_rss_mib_after_bomb": after_bomb,
        "photo_6000x4000_convert_ms": converted,
        "peak_rss_mib_after_6000x4000": after_big,
        "limits": { "max_dimension": limits.max_dimension, "max_pixels": limits.max_pixels, "max_alloc_bytes": limits.max_alloc_bytes },
    })
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    crc.sum()
}

/// Serves `feeds` copies of the fixture (distinct guids per feed) on 127.0.0.1.
fn serve_feeds(feeds: usize) -> (String, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let bodies: Vec<String> = (0..feeds)
        .map(|n| {
            fixture().replace(
                "https://blog.liuts.com/post/",
                &format!("https://blog.liuts.com/feed{n}/post/"),
            )
        })
        .collect();
    let bodies = std::sync::Arc::new(bodies);
    let handle = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let app = axum::Router::new().route(
                "/feed/{n}",
                axum::routing::get(move |axum::extract::Path(n): axum::extract::Path<usize>| {
                    let bodies = bodies.clone();
                    async move {
                        (
                            [("content-type", "application/rss+xml"), ("etag", "\"v1\"")],
                            bodies.get(n).cloned().unwrap_or_default(),
                        )
                    }
                }),
            );
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            axum::serve(listener, app).await.expect("serve");
        });
    });
    (base, handle)
}

fn refresh_bench(dir: &Path, feeds: usize) -> serde_json::Value {
    let (base, _server) = serve_feeds(feeds);
    let data = dir.join("refresh-data");
    {
        let mut store = Store::open(&lamplight::paths::database_path(&data)).expect("store");
        for n in 0..feeds {
            store
                .upsert_feed(&format!("{base}/feed/{n}"), &FeedMeta::default())
                .expect("feed");
        }
    }
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .arg("--data-dir")
        .arg(&data)
        .args(["refresh", "--all", "--json"])
        .env("RUST_LOG", "off")
        .output()
        .expect("lamplight runs");
    let wall = t.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let ok = records.iter().filter(|r| r["outcome"] == "ok").count();
    let totals: Vec<f64> = records
        .iter()
        .filter_map(|r| r["total_ms"].as_f64())
        .collect();
    serde_json::json!({
        "feeds": feeds,
        "ok": ok,
        "wall_ms": wall.as_secs_f64() * 1e3,
        "per_feed_total_ms_p50": median(totals.clone()),
        "one_fetch": records.first().map(|r| serde_json::json!({
            "request_ms": r["request_ms"], "download_ms": r["download_ms"], "parse_ms": r["parse_ms"],
            "store_ms": r["store_ms"], "cover_images_ms": r["cover_images_ms"],
            "body_images_ms": r["body_images_ms"], "total_ms": r["total_ms"], "bytes": r["bytes"],
            "images_found": r["images_found"], "images_failed": r["images_failed"],
        })),
    })
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let dir = tempfile::tempdir().expect("temp dir");
    let started = Instant::now();
    let image_memory = image_memory_bench();
    let render = render_bench(if quick { 3 } else { 20 });
    let thumbnails = thumbnails_bench(
        dir.path(),
        if quick { 4 } else { 20 },
        if quick { 1 } else { 5 },
    );
    let refresh = refresh_bench(dir.path(), if quick { 20 } else { 200 });
    let report = serde_json::json!({
        "commit": option_env!("LAMPLIGHT_COMMIT").unwrap_or("unknown"),
        "quick": quick,
        "image_memory": image_memory,
        "render": render,
        "thumbnails": thumbnails,
        "refresh": refresh,
        "bench_seconds": started.elapsed().as_secs_f64(),
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    );
}
