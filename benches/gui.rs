//! The reader with 100,000 articles, headless (egui_kittest, no GPU): CPU time per frame while
//! scrolling through the list, the time from opening the data directory to the first finished
//! frame, resident memory after it and after scrolling, and full-text search time. One JSON
//! document on stdout; also the store's size and `lamplight articles --unread --limit 20`'s
//! start-up on it. `-- --quick` uses 10,000 articles, `-- --million` 1,000,000;
//! `-- --list-frames` measures only the list frame, 20,000 times; `-- --search-only DB [QUERY…]`
//! only search, on a store an earlier run kept (`BENCH_KEEP_DB=DB`) or any other.

mod common;

use std::sync::Arc;
use std::time::Instant;

use common::percentile;
use egui_kittest::Harness;
use lamplight::engine::{ChangeOutcome, Engine, EngineConfig, LibraryChange};
use lamplight::store::{FeedMeta, NewArticle, Store};
use lamplight::ui::{LamplightApp, UiCommand, install_fonts};

const WORDS: [&str; 8] = [
    "kubernetes docker cluster",
    "python automation omserver",
    "django celery asynchronous tasks",
    "数据价值评估 热度 广度 收益度",
    "devops 持续改进 布道",
    "saltstack ansible func 部署",
    "白皮书 数据资产管理大会",
    "slideshare python 自动化运维平台",
];

fn fill(dir: &std::path::Path, feeds: usize, per_feed: usize) {
    let mut store = Store::open(&lamplight::paths::database_path(dir)).expect("store");
    let body = "<p>运维进行时：大数据资产管理在腾讯游戏的实践。Lamplight reads this offline.</p>";
    for f in 0..feeds {
        let meta = FeedMeta {
            title: format!("Feed {f} 运维"),
            ..FeedMeta::default()
        };
        let id = store
            .upsert_feed(&format!("http://127.0.0.1:9/feed/{f}"), &meta)
            .expect("feed");
        let articles: Vec<NewArticle> = (0..per_feed)
            .map(|n| NewArticle {
                stable_key: format!("guid:{f}-{n}"),
                guid: Some(format!("{f}-{n}")),
                title: format!("第{n}篇：数据资产管理实践 article {n} of feed {f}"),
                link: Some(format!("https://example.org/{f}/{n}")),
                author: None,
                published_at: Some(1_700_000_000_000 - (n as i64 * 3_600_000) - f as i64),
                updated_at: None,
                content_html: body.to_owned(),
                summary: "运维进行时：大数据资产管理在腾讯游戏的实践。".to_owned(),
                content_hash: format!("{f}-{n}"),
                text: format!(
                    "第{n}篇 运维进行时：大数据资产管理在腾讯游戏的实践。{} offline reader feed {f} article {n}",
                    WORDS[(n + f) % WORDS.len()]
                ),
                media_image_urls: Vec::new(),
                language: None,
            })
            .collect();
        store.ingest(id, &meta, &articles).expect("ingest");
    }
}

/// Search: milliseconds per query over a mix of Chinese, English, one-character and rare
/// queries, 12 rounds (3 with `quick`); each query's median and worst go to stderr.
fn search_times(db: &std::path::Path, quick: bool, asked: &[String]) -> Vec<f64> {
    let store = Store::open(db).expect("store");
    let mix = [
        "运维",
        "数据资产",
        "kubernetes",
        "celery tasks",
        "运",
        "第4242篇",
        "nothingmatches",
        "article 99",
    ];
    let queries: Vec<&str> = if asked.is_empty() {
        mix.to_vec()
    } else {
        asked.iter().map(String::as_str).collect()
    };
    let mut samples = Vec::new();
    let mut each: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
    for round in 0..if quick { 3 } else { 12 } {
        for (n, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let hits = store.search(q, 50).expect("search");
            let ms = t.elapsed().as_secs_f64() * 1e3;
            samples.push(ms);
            each[n].push(ms);
            if round == 0 && *q == "运维" {
                assert!(!hits.is_empty());
            }
        }
    }
    let per_query: Vec<String> = queries
        .iter()
        .zip(each)
        .map(|(q, ms)| {
            let worst = ms.iter().copied().fold(0.0, f64::max);
            format!("{q} {:.2}/{worst:.2}", percentile(ms, 50.0))
        })
        .collect();
    eprintln!("ms per query, median/worst: {}", per_query.join(", "));
    samples
}

fn main() {
    // `-- --search-only DB [QUERY…]`: only the search timings (of these queries, else the
    // mix), on a store kept by an earlier run (`BENCH_KEEP_DB=path`) or any data directory's.
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--search-only") {
        let db = std::path::PathBuf::from(args.get(at + 1).expect("--search-only DB"));
        let ms = search_times(&db, false, args.get(at + 2..).unwrap_or_default());
        let report = serde_json::json!({
            "search_ms_p50": percentile(ms.clone(), 50.0),
            "search_ms_p95": percentile(ms, 95.0),
        });
        println!("{}", serde_json::to_string_pretty(&report).expect("json"));
        return;
    }
    // `-- --list-frames`: only the list frame, 20,000 of them on 100,000 articles (a million
    // with `--million`). The
    // 400 frames of the full run move 10–20% between runs of one build; a change of a few
    // percent needs this many, alternated with the build it is compared with.
    if std::env::args().any(|a| a == "--list-frames") {
        let feeds = if std::env::args().any(|a| a == "--million") {
            1_000
        } else {
            100
        };
        let dir = tempfile::tempdir().expect("temp dir");
        fill(dir.path(), feeds, 1_000);
        let frame_ms = window_frames(dir.path(), 20_000);
        let report = serde_json::json!({
            "articles": feeds * 1_000,
            "frames": frame_ms.len(),
            "frame_cpu_ms_p50": percentile(frame_ms.clone(), 50.0),
            "frame_cpu_ms_p95": percentile(frame_ms, 95.0),
        });
        println!("{}", serde_json::to_string_pretty(&report).expect("json"));
        return;
    }
    let quick = std::env::args().any(|a| a == "--quick");
    let million = std::env::args().any(|a| a == "--million");
    let (feeds, per_feed) = match (quick, million) {
        (true, _) => (10, 1_000),
        (false, true) => (1_000, 1_000),
        (false, false) => (100, 1_000),
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = Instant::now();
    fill(dir.path(), feeds, per_feed);
    let fill_s = clock.elapsed().as_secs_f64();
    let db = lamplight::paths::database_path(dir.path());
    let store_mb = std::fs::metadata(&db).map_or(0.0, |m| m.len() as f64 / 1e6)
        + std::fs::metadata(db.with_extension("db-wal")).map_or(0.0, |m| m.len() as f64 / 1e6);
    // The command line's start-up on this store: the newest 20 unread, as a script would ask.
    let unread_startup_ms: Vec<f64> = (0..if quick { 3 } else { 9 })
        .map(|_| {
            common::measure(
                std::process::Command::new(env!("CARGO_BIN_EXE_lamplight"))
                    .arg("--data-dir")
                    .arg(dir.path())
                    .args(["articles", "--unread", "--json", "--limit", "20"])
                    .env("RUST_LOG", "off")
                    .env("LAMPLIGHT_LOG_DIR", dir.path().join("logs")),
                false,
            )
            .0
            .wall_ms
        })
        .collect();
    if let Ok(keep) = std::env::var("BENCH_KEEP_DB") {
        std::fs::copy(lamplight::paths::database_path(dir.path()), keep).unwrap();
    }

    let search_ms = search_times(&lamplight::paths::database_path(dir.path()), quick, &[]);

    let launch = Instant::now();
    let mut harness = window(dir.path());
    harness.step();
    let first_frame_ms = launch.elapsed().as_secs_f64() * 1e3;
    let rss_first_frame_mb = common::status_mib("VmRSS");

    // Scroll through the list: wheel events over the list pane, one frame each.
    // LAMPLIGHT_BENCH_FRAMES: more frames, for profiling the frame alone.
    let frames = std::env::var("LAMPLIGHT_BENCH_FRAMES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if quick { 100 } else { 400 });
    let mut harness_frame_ms = Vec::new();
    for n in 0..frames {
        // Straight into this frame's input: `Harness::event` would run one egui pass per
        // queued event, measuring two frames as one.
        harness.input_mut().events.extend(scroll_input(n));
        let t = Instant::now();
        harness.step();
        harness_frame_ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let frame_ms = window_frames(dir.path(), frames);
    if std::env::var_os("LAMPLIGHT_BENCH_TRACE").is_some() {
        for (n, ms) in frame_ms.iter().enumerate() {
            eprintln!("frame {n} {ms:.3}");
        }
    }
    let rss_after_frames_mb = common::status_mib("VmRSS");
    // Unsubscribing from a feed of `per_feed` articles: in the window (frames keep coming while
    // the engine's writer removes it), then straight on the engine, and its Undo.
    let feed_ids: Vec<_> = harness.state().feeds().iter().map(|f| f.id).collect();
    let clock = Instant::now();
    harness
        .state_mut()
        .apply(UiCommand::Unsubscribe(feed_ids[0]));
    let mut frames_during = Vec::new();
    while harness.state().is_busy() {
        let t = Instant::now();
        harness.step();
        frames_during.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let window_remove_ms = clock.elapsed().as_secs_f64() * 1e3;
    let engine = harness.state().engine().clone();
    let clock = Instant::now();
    let removal = match engine
        .apply(&LibraryChange::Unsubscribe {
            feed: feed_ids[1],
            keep_starred: true,
        })
        .expect("remove")
    {
        ChangeOutcome::Removed(report) => report,
        other => panic!("{other:?}"),
    };
    let remove_ms = clock.elapsed().as_secs_f64() * 1e3;
    assert_eq!(removal.articles as usize, per_feed);
    let clock = Instant::now();
    engine
        .apply(&LibraryChange::RestoreFeed {
            removal_id: removal.removal_id,
        })
        .expect("restore");
    let restore_ms = clock.elapsed().as_secs_f64() * 1e3;

    let reading = reading_memory(if quick { 40 } else { 1_000 });

    let report = serde_json::json!({
        "reading_memory": reading,
        "remove_feed_articles": per_feed,
        "remove_feed_ms": remove_ms,
        "restore_feed_ms": restore_ms,
        "window_remove_ms": window_remove_ms,
        "frames_during_remove": frames_during.len(),
        "frame_cpu_ms_max_during_remove": percentile(frames_during, 100.0),
        "articles": feeds * per_feed,
        "fill_s": fill_s,
        "store_mb": store_mb,
        "unread_startup_ms_median": common::median(unread_startup_ms),
        "rss_first_frame_mb": rss_first_frame_mb,
        "rss_after_frames_mb": rss_after_frames_mb,
        "first_frame_ms": first_frame_ms,
        "frames": frames,
        "frame_cpu_ms_p50": percentile(frame_ms.clone(), 50.0),
        "frame_cpu_ms_p95": percentile(frame_ms.clone(), 95.0),
        "frame_cpu_ms_max": percentile(frame_ms, 100.0),
        "harness_frame_cpu_ms_p50": percentile(harness_frame_ms.clone(), 50.0),
        "harness_frame_cpu_ms_p95": percentile(harness_frame_ms, 95.0),
        "search_ms_p50": percentile(search_ms.clone(), 50.0),
        "search_ms_p95": percentile(search_ms, 95.0),
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    );
}

/// Frame `n`'s input while scrolling: the pointer over the list, the wheel 600 points down
/// (45 frames of 50) or 3,000 back up.
fn scroll_input(n: usize) -> [egui::Event; 2] {
    let delta = if n % 50 < 45 { -600.0 } else { 3000.0 };
    [
        egui::Event::PointerMoved(egui::pos2(420.0, 400.0)),
        egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, delta),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        },
    ]
}

/// The same scrolling as the window does it: one egui pass of the app and the tessellation of
/// its shapes per frame (what eframe does before handing triangles to the GPU), AccessKit off
/// as it is until a screen reader asks for it. CPU ms per frame.
fn window_frames(dir: &std::path::Path, frames: usize) -> Vec<f64> {
    let engine = Arc::new(Engine::open(dir, EngineConfig::default()).expect("engine"));
    let reader = Store::open(&lamplight::paths::database_path(dir)).expect("reader");
    let ctx = egui::Context::default();
    install_fonts(&ctx);
    let mut app = LamplightApp::new(ctx.clone(), engine, reader);
    let mut frame = eframe::Frame::_new_kittest();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0));
    let mut run = |app: &mut LamplightApp, events: Vec<egui::Event>| {
        let input = egui::RawInput {
            screen_rect: Some(screen),
            events,
            ..Default::default()
        };
        let t = Instant::now();
        let output = ctx.run_ui(input, |ui| eframe::App::ui(app, ui, &mut frame));
        let triangles = ctx.tessellate(output.shapes, output.pixels_per_point);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        assert!(!triangles.is_empty(), "the window painted nothing");
        ms
    };
    // The first frames lay out the panes; the list's rows are counted and read on threads of
    // their own: measure only once rows are painted, or an empty list would be timed.
    for _ in 0..3 {
        run(&mut app, Vec::new());
    }
    while app.painted().rows.is_empty() {
        assert!(
            app.wait_for_engine_event(std::time::Duration::from_secs(30)),
            "the list never filled"
        );
        run(&mut app, Vec::new());
    }
    let first_row = app.painted().rows[0].id;
    let times: Vec<f64> = (0..frames)
        .map(|n| run(&mut app, scroll_input(n).into()))
        .collect();
    assert!(
        !app.painted().rows.is_empty() && app.painted().rows[0].id != first_row,
        "the list did not scroll"
    );
    times
}

/// Reading `articles` picture-heavy articles in a row (three 1200×800 pictures each, cached in
/// the store as WebP, as a refresh leaves them), each opened and its pictures shown before the
/// next: the window's resident memory after the first ten and at the end, and what its
/// picture textures hold (they are kept within a budget).
fn reading_memory(articles: usize) -> serde_json::Value {
    const PER_ARTICLE: usize = 3;
    let dir = tempfile::tempdir().expect("temp dir");
    let ids = {
        let mut store = Store::open(&lamplight::paths::database_path(dir.path())).expect("store");
        let meta = FeedMeta {
            title: "Photo essays".into(),
            ..FeedMeta::default()
        };
        let feed = store
            .upsert_feed("http://127.0.0.1:9/photos.xml", &meta)
            .expect("feed");
        let photo = lamplight::images::convert(
            &common::photo_jpeg(1600, 1067, 7),
            true,
            &lamplight::images::ImageLimits::default(),
        )
        .expect("a picture");
        let url = |n: usize, k: usize| format!("http://127.0.0.1:9/p/{n}-{k}.jpg");
        let new: Vec<NewArticle> = (0..articles)
            .map(|n| {
                let html: String = (0..PER_ARTICLE)
                    .map(|k| {
                        format!(
                            "<p>Plate {k} of essay {n}.</p><p><img src=\"{}\"></p>",
                            url(n, k)
                        )
                    })
                    .collect();
                NewArticle {
                    stable_key: format!("photo-{n}"),
                    guid: None,
                    title: format!("Photo essay {n}"),
                    link: None,
                    author: None,
                    published_at: Some(1_700_000_000_000 - n as i64 * 60_000),
                    updated_at: None,
                    content_html: html,
                    summary: format!("Plate 0 of essay {n}."),
                    content_hash: format!("photo-{n}"),
                    text: format!("Plate 0 of essay {n}."),
                    media_image_urls: Vec::new(),
                    language: None,
                }
            })
            .collect();
        store.ingest(feed, &meta, &new).expect("ingest");
        let ids: Vec<_> = store
            .articles(&Default::default())
            .expect("articles")
            .into_iter()
            .map(|a| a.id)
            .collect();
        for (n, id) in ids.iter().enumerate() {
            let image_ids: Vec<i64> = (0..PER_ARTICLE)
                .map(|k| {
                    store
                        .save_image(&lamplight::store::ImageRecord {
                            url: url(n, k),
                            feed_id: Some(feed),
                            referer: None,
                            role: if k == 0 { "cover" } else { "body" }.into(),
                            status: "cached".into(),
                            attempts: Vec::new(),
                            http_status: Some(200),
                            source_format: Some("jpeg".into()),
                            source_bytes: 0,
                            source_width: Some(photo.source_width),
                            source_height: Some(photo.source_height),
                            webp_bytes: photo.reader.webp.len() as u64,
                            webp: Some(photo.reader.webp.clone()),
                            webp_width: Some(photo.reader.width),
                            webp_height: Some(photo.reader.height),
                            thumb: photo.thumbnail.as_ref().map(|t| t.webp.clone()),
                            thumb_bytes: photo
                                .thumbnail
                                .as_ref()
                                .map_or(0, |t| t.webp.len() as u64),
                            thumb_width: photo.thumbnail.as_ref().map(|t| t.width),
                            thumb_height: photo.thumbnail.as_ref().map(|t| t.height),
                            quality: 75,
                            convert_ms: 0,
                            total_ms: 0,
                            error: None,
                            error_kind: None,
                        })
                        .expect("image")
                })
                .collect();
            store.set_article_images(*id, &image_ids).expect("link");
        }
        ids
    };
    let mut harness = window(dir.path());
    harness.step();
    let (mut after_ten, mut most_textures) = (0.0, 0);
    let clock = Instant::now();
    for (n, id) in ids.iter().enumerate() {
        harness.state_mut().apply(UiCommand::OpenArticle(*id));
        // Draw, take the decoded pictures in, draw them.
        for _ in 0..4 {
            harness.step();
            harness
                .state_mut()
                .settle(std::time::Duration::from_secs(30));
        }
        most_textures = most_textures.max(harness.state().texture_bytes());
        if n + 1 == 10 {
            after_ten = common::status_mib("VmRSS");
        }
    }
    let at_end = common::status_mib("VmRSS");
    serde_json::json!({
        "articles": ids.len(),
        "pictures_per_article": PER_ARTICLE,
        "rss_after_ten_mib": after_ten,
        "rss_at_end_mib": at_end,
        "rss_growth_mib": at_end - after_ten,
        "target_growth_mib": 100,
        "texture_bytes_most_mib": most_textures as f64 / 1_048_576.0,
        "seconds": clock.elapsed().as_secs_f64(),
    })
}

/// The window over `dir` at 1280×800, headless, as `lamplight` opens it (not yet stepped).
fn window(dir: &std::path::Path) -> Harness<'static, LamplightApp> {
    let engine = Arc::new(Engine::open(dir, EngineConfig::default()).expect("engine"));
    let reader = Store::open(&lamplight::paths::database_path(dir)).expect("reader");
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            install_fonts(&cc.egui_ctx);
            LamplightApp::new(cc.egui_ctx.clone(), engine, reader)
        })
}
