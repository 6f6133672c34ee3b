//! The window's model-based test: a seeded random walk over the window's commands (keys and
//! commands as the panes return them) and outside events — refreshes in which the local server
//! adds, changes and removes items, a refresh that fails, `lamplight mark` run from the command
//! line on the same data directory, window resizes between 640×480 and 1600×1000. After every
//! step it holds what the window painted against the store, read with its own SQL: each visible
//! row's unread dot and star, the list header's count, every sidebar count, the open article's
//! marks, and that no painted text runs past the window's edge.
//!
//! `cargo test --test it ui_model` runs 2,000+ steps over several seeds;
//! `LAMPLIGHT_UI_MODEL_STEPS=100000` runs the long walk; `LAMPLIGHT_UI_MODEL_SEED=N` one seed.
//! A failure prints the seed and the shortest failing prefix of the walk it could find.

use std::sync::Arc;

use egui_kittest::Harness;
use lamplight::engine::{Engine, EngineConfig, ImagePipelineConfig, LibraryChange};
use lamplight::store::{ArticleId, FeedId, FolderId, Store};
use lamplight::ui::{LamplightApp, Selection, UiCommand, install_fonts};

use crate::support::{Route, TestServer, test_fetch_config};

const FEEDS: usize = 3;
const SEARCHES: [&str; 5] = ["运维", "kubernetes", "article", "zzzz", "数据 python"];

/// A small deterministic generator (xorshift64*), so a seed replays the same walk.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One served feed: which of its items are up and at which revision.
struct ServedFeed {
    path: String,
    items: Vec<(usize, u32)>,
    next_item: usize,
    revision: u32,
    failing: bool,
}

impl ServedFeed {
    fn body(&self, n: usize) -> String {
        let now = time::OffsetDateTime::now_utc();
        let items: String = self
            .items
            .iter()
            .map(|&(i, rev)| {
                // Half the items are from today, half from last year: Today has something.
                let at = if i % 2 == 0 {
                    now - time::Duration::minutes(i as i64 + 1)
                } else {
                    now - time::Duration::days(400 + i as i64)
                };
                let date = at
                    .format(&time::format_description::well_known::Rfc2822)
                    .expect("date");
                format!(
                    "<item><title>Feed {n} article {i} 运维 r{rev}</title><guid>f{n}-{i}</guid>\
                     <link>http://127.0.0.1:9/{n}/{i}</link><pubDate>{date}</pubDate>\
                     <description><![CDATA[<p>运维进行时 article {i} revision {rev}: python \
                     kubernetes 数据资产管理 {long}</p><pre>{code}</pre>\
                     <table><tr><td>{long}</td><td>cell two with several words</td></tr></table>\
                     ]]></description></item>",
                    long = "averyveryverylongwordwithoutanyspacesinitatallthatmustwrap".repeat(3),
                    code = "for host in $(cat hosts); do ssh $host 'uptime; df -h; free -m'; done # a long line of code",
                )
            })
            .collect();
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
            <title>Walk feed {n} 运维</title><link>http://127.0.0.1:9/{n}</link>{items}</channel></rss>"#
        )
    }
}

struct World {
    harness: Harness<'static, LamplightApp>,
    server: TestServer,
    feeds: Vec<ServedFeed>,
    folder: FolderId,
    check: rusqlite::Connection,
    dir: tempfile::TempDir,
    size: egui::Vec2,
}

impl World {
    fn new() -> World {
        let server = TestServer::start();
        let mut feeds: Vec<ServedFeed> = (0..FEEDS)
            .map(|n| ServedFeed {
                path: format!("/walk-{n}.xml"),
                items: (0..6).map(|i| (i, 0)).collect(),
                next_item: 6,
                revision: 0,
                failing: false,
            })
            .collect();
        let dir = tempfile::tempdir().expect("temp dir");
        let config = EngineConfig {
            fetch: test_fetch_config(),
            images: ImagePipelineConfig {
                enabled: false,
                ..ImagePipelineConfig::default()
            },
            ..EngineConfig::default()
        };
        let engine = Arc::new(Engine::open(dir.path(), config).expect("engine"));
        let mut feed_ids = Vec::new();
        for (n, feed) in feeds.iter_mut().enumerate() {
            serve(&server, feed, n);
            let added = engine
                .add_subscription(&server.url(&feed.path))
                .expect("subscribe");
            feed_ids.push(added.feed.id);
        }
        let folder = match engine
            .apply(&LibraryChange::CreateFolder {
                name: "运维 folder".into(),
                with_feed: Some(feed_ids[0]),
            })
            .expect("folder")
        {
            lamplight::engine::ChangeOutcome::FolderCreated(id) => id,
            other => panic!("unexpected {other:?}"),
        };
        let db = lamplight::paths::database_path(dir.path());
        let reader = Store::open(&db).expect("reader");
        let check = rusqlite::Connection::open(&db).expect("checking connection");
        let size = egui::vec2(1280.0, 800.0);
        let harness = Harness::builder().with_size(size).build_eframe(move |cc| {
            install_fonts(&cc.egui_ctx);
            LamplightApp::new(cc.egui_ctx.clone(), engine, reader)
        });
        let mut world = World {
            harness,
            server,
            feeds,
            folder,
            check,
            dir,
            size,
        };
        world.quiesce();
        world
    }

    fn quiesce(&mut self) {
        crate::gui::settle_window(&mut self.harness);
    }

    /// The feeds subscribed now (unsubscribing and undo change them), Saved included.
    fn subscribed(&self) -> Vec<FeedId> {
        self.check
            .prepare("SELECT id FROM feeds ORDER BY id")
            .and_then(|mut s| s.query_map([], |r| r.get(0).map(FeedId))?.collect())
            .expect("feed ids")
    }

    fn is_subscribed(&self, url: &str) -> bool {
        self.check
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM feeds WHERE url = ?1)",
                [url],
                |r| r.get(0),
            )
            .expect("feed by url")
    }

    fn selections(&self) -> Vec<Selection> {
        let mut all = vec![Selection::AllUnread, Selection::Today, Selection::Starred];
        all.extend(self.subscribed().iter().map(|f| Selection::Feed(f.0)));
        all.push(Selection::Folder(self.folder.0));
        all
    }

    /// One random step; returns its description.
    fn step(&mut self, rng: &mut Rng) -> String {
        let app = self.harness.state();
        let choice = rng.below(100);
        let what = match choice {
            0..=11 => {
                let all = self.selections();
                let s = all[rng.below(all.len())];
                self.command(UiCommand::Select(s));
                format!("select {s:?}")
            }
            12..=23 => {
                let rows = &app.painted().rows;
                if rows.is_empty() {
                    self.key(egui::Key::J);
                    "J (empty list)".into()
                } else {
                    let id = rows[rng.below(rows.len())].id;
                    self.command(UiCommand::OpenArticle(id));
                    format!("open {}", id.0)
                }
            }
            24..=33 => self.key(egui::Key::J),
            34..=39 => self.key(egui::Key::K),
            40..=47 => self.key(egui::Key::M),
            48..=54 => self.key(egui::Key::S),
            55..=59 => {
                let q = SEARCHES[rng.below(SEARCHES.len())];
                self.command(UiCommand::SetSearch(q.into()));
                format!("search {q:?}")
            }
            60..=62 => self.key(egui::Key::Escape),
            63..=66 => match app.selection().mark_scope() {
                Some(scope) => {
                    self.command(UiCommand::MarkAllRead(scope));
                    format!("mark all read {scope:?}")
                }
                None => self.key(egui::Key::Space),
            },
            67..=70 => self.key(egui::Key::U),
            71..=76 => self.outside_refresh(rng),
            77..=81 => self.cli_mark(rng),
            82..=87 => {
                let w = 640.0 + rng.below(961) as f32;
                let h = 480.0 + rng.below(521) as f32;
                self.size = egui::vec2(w, h);
                self.harness.set_size(self.size);
                format!("resize {w}x{h}")
            }
            88..=89 => self.key(egui::Key::Num2),
            90 => self.key(egui::Key::Num3),
            91..=92 => self.key(egui::Key::Num1),
            93..=94 => self.key(egui::Key::H),
            95 => {
                // Unsubscribe from the feed shown (U, a later step, undoes it); with fewer
                // than two feeds left, subscribe again through the window instead.
                let unsubscribed: Vec<String> = self
                    .feeds
                    .iter()
                    .map(|f| self.server.url(&f.path))
                    .filter(|url| !self.is_subscribed(url))
                    .collect();
                if self.subscribed().len() < 2 && !unsubscribed.is_empty() {
                    let url = unsubscribed[rng.below(unsubscribed.len())].clone();
                    self.command(UiCommand::Subscribe(url.clone()));
                    format!("subscribe {url}")
                } else if matches!(app.selection(), Selection::Feed(_)) {
                    self.key(egui::Key::Delete)
                } else {
                    self.key(egui::Key::Space)
                }
            }
            96 => {
                let feeds = self.subscribed();
                match feeds.get(rng.below(feeds.len())).copied() {
                    Some(feed) => {
                        let title = ["运维 mine", "", "Renamed feed"][rng.below(3)];
                        let title = Some(title.to_owned()).filter(|t| !t.is_empty());
                        self.command(UiCommand::Change(LibraryChange::RenameFeed { feed, title }));
                        format!("rename {}", feed.0)
                    }
                    None => self.key(egui::Key::Space),
                }
            }
            _ => self.key(egui::Key::Space),
        };
        self.quiesce();
        what
    }

    fn key(&mut self, key: egui::Key) -> String {
        self.harness.key_press(key);
        format!("key {key:?}")
    }

    fn command(&mut self, command: UiCommand) {
        self.harness.state_mut().apply(command);
    }

    /// The server adds, changes, removes items (or fails) and the window refreshes.
    fn outside_refresh(&mut self, rng: &mut Rng) -> String {
        let n = rng.below(FEEDS);
        let feed = &mut self.feeds[n];
        let what = match rng.below(4) {
            0 => {
                feed.items.push((feed.next_item, 0));
                feed.next_item += 1;
                "adds an item"
            }
            1 => {
                if let Some(item) = feed.items.first_mut() {
                    item.1 += 1;
                }
                "changes an item"
            }
            2 => {
                if feed.items.len() > 1 {
                    feed.items.remove(0);
                }
                "drops an item"
            }
            _ => {
                feed.failing = !feed.failing;
                "toggles failing"
            }
        };
        feed.revision += 1;
        serve(&self.server, feed, n);
        self.command(UiCommand::Refresh);
        format!("feed {n} {what}, refresh")
    }

    /// `lamplight mark` from the command line on the same data directory.
    fn cli_mark(&mut self, rng: &mut Rng) -> String {
        let ids: Vec<i64> = self
            .check
            .prepare("SELECT id FROM articles ORDER BY id")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("article ids");
        let Some(&id) = ids.get(rng.below(ids.len())) else {
            return "cli mark (no articles)".into();
        };
        let flag = ["--read", "--unread", "--star", "--unstar"][rng.below(4)];
        // LAMPLIGHT_BIN lets a long walk run from copied binaries while the tree is rebuilt.
        let bin = std::env::var_os("LAMPLIGHT_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_lamplight").into());
        let status = std::process::Command::new(bin)
            .arg("--data-dir")
            .arg(self.dir.path())
            .args(["mark", &id.to_string(), flag])
            .env("LAMPLIGHT_LOG_DIR", self.dir.path().join("logs"))
            .status()
            .expect("run lamplight mark");
        assert!(status.success(), "lamplight mark {id} {flag} failed");
        // The command line's commit is seen on the window's next frame.
        format!("cli mark {id} {flag}")
    }

    fn count(&self, sql: &str, param: Option<i64>) -> i64 {
        self.check
            .query_row(sql, [param], |r| r.get(0))
            .expect("count")
    }

    /// What the store says the sidebar and header should show for `selection`.
    fn expected_count(&self, selection: Selection) -> i64 {
        let unread = "SELECT COUNT(*) FROM articles a JOIN article_status s ON s.article_id = a.id
                      WHERE s.read = 0";
        match selection {
            Selection::AllUnread => self.count(&format!("{unread} AND ?1 IS NULL"), None),
            Selection::Starred => self.count(
                "SELECT COUNT(*) FROM article_status WHERE starred = 1 AND ?1 IS NULL",
                None,
            ),
            Selection::Today => {
                let now = time::OffsetDateTime::now_utc();
                let midnight = now.replace_time(time::Time::MIDNIGHT).unix_timestamp() * 1000;
                self.count(
                    "SELECT COUNT(*) FROM articles
                     WHERE COALESCE(published_at, first_seen_at) >= ?1",
                    Some(midnight),
                )
            }
            Selection::Feed(id) => self.count(&format!("{unread} AND a.feed_id = ?1"), Some(id)),
            Selection::Folder(id) => self.count(
                &format!("{unread} AND a.feed_id IN (SELECT id FROM feeds WHERE folder_id = ?1)"),
                Some(id),
            ),
        }
    }

    fn status(&self, id: ArticleId) -> Option<(bool, bool)> {
        self.check
            .query_row(
                "SELECT read, starred FROM article_status WHERE article_id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok()
    }

    /// Every invariant, against the store; the first broken one, in words.
    fn check(&self) -> Result<(), String> {
        let app = self.harness.state();
        let painted = app.painted();
        for row in &painted.rows {
            let (read, starred) = self
                .status(row.id)
                .ok_or_else(|| format!("row {} is not in the store", row.id.0))?;
            if row.unread_dot == read || row.star != starred {
                return Err(format!(
                    "row {}: dot {} star {} but the store says read {read} starred {starred}",
                    row.id.0, row.unread_dot, row.star
                ));
            }
        }
        if let Some((selection, count)) = painted.header {
            let expected = self.expected_count(selection);
            if count != expected {
                return Err(format!(
                    "header of {selection:?} says {count}, the store {expected}"
                ));
            }
            if app.selection() != selection {
                return Err(format!(
                    "header shows {selection:?}, not {:?}",
                    app.selection()
                ));
            }
        }
        if painted.sidebar.len() < 3 {
            return Err(format!(
                "the sidebar painted {} entries",
                painted.sidebar.len()
            ));
        }
        for &(selection, count) in &painted.sidebar {
            let expected = self.expected_count(selection);
            if count != expected {
                return Err(format!(
                    "sidebar {selection:?} says {count}, the store {expected}"
                ));
            }
        }
        match (painted.reader, app.open_row()) {
            (Some((id, read, starred)), Some(open)) => {
                if id != open.id {
                    return Err(format!(
                        "the reader shows {} but {} is open",
                        id.0, open.id.0
                    ));
                }
                let stored = self
                    .status(id)
                    .ok_or_else(|| format!("open article {} is gone", id.0))?;
                if (read, starred) != stored {
                    return Err(format!(
                        "the reader shows {} read {read} starred {starred}, the store {stored:?}",
                        id.0
                    ));
                }
            }
            (None, Some(open)) if app.view() == lamplight::ui::View::Reader => {
                return Err(format!("article {} is open but not painted", open.id.0));
            }
            _ => {}
        }
        self.check_text_inside()
    }

    /// No painted text extends past the window's left or right edge.
    fn check_text_inside(&self) -> Result<(), String> {
        let width = self.size.x;
        let mut texts = Vec::new();
        for clipped in &self.harness.output().shapes {
            collect_texts(&clipped.shape, &mut texts);
        }
        for (rect, text) in texts {
            if rect.right() > width + 1.0 || rect.left() < -1.0 {
                return Err(format!(
                    "text {:?} spans x {:.0}..{:.0} in a window {width:.0} wide",
                    text.chars().take(40).collect::<String>(),
                    rect.left(),
                    rect.right()
                ));
            }
        }
        Ok(())
    }
}

fn collect_texts(shape: &egui::Shape, out: &mut Vec<(egui::Rect, String)>) {
    match shape {
        egui::Shape::Text(t) if !t.galley.is_empty() && !t.galley.text().trim().is_empty() => {
            out.push((t.visual_bounding_rect(), t.galley.text().to_owned()));
        }
        egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| collect_texts(s, out)),
        _ => {}
    }
}

fn serve(server: &TestServer, feed: &ServedFeed, n: usize) {
    let route = if feed.failing {
        Route::Status(500, Vec::new())
    } else {
        Route::feed(feed.body(n), &format!("r{}", feed.revision))
    };
    server.route(&feed.path, route);
}

/// Walks `steps` steps from `seed`; the step that broke an invariant and how.
fn walk(seed: u64, steps: usize) -> Result<(), (usize, String, Vec<String>)> {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut world = World::new();
    let mut log = Vec::new();
    if let Err(e) = world.check() {
        return Err((0, e, log));
    }
    let started = std::time::Instant::now();
    let mut rows_checked = 0;
    for n in 1..=steps {
        log.push(world.step(&mut rng));
        if let Err(e) = world.check() {
            return Err((n, e, log));
        }
        rows_checked += world.harness.state().painted().rows.len();
    }
    // What the walk did, so a reader of the output can see it covered the ground.
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    for step in &log {
        let kind = match step.split_whitespace().collect::<Vec<_>>()[..] {
            ["key", key, ..] => format!("key {key}"),
            ["feed", ..] => "refresh".to_owned(),
            [first, ..] => first.to_owned(),
            [] => String::new(),
        };
        *kinds.entry(kind).or_default() += 1;
    }
    eprintln!(
        "ui_model: seed {seed}: {steps} steps in {:.1} s, {rows_checked} painted rows checked; {kinds:?}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Replays shorter prefixes of a failing walk to find the shortest that still fails.
fn shortest_failing_prefix(seed: u64, failed_at: usize) -> usize {
    let (mut low, mut high) = (1, failed_at);
    while low < high {
        let mid = (low + high) / 2;
        if walk(seed, mid).is_err() {
            high = mid;
        } else {
            low = mid + 1;
        }
    }
    high
}

fn run(seed: u64, steps: usize) {
    if let Err((at, error, log)) = walk(seed, steps) {
        let shortest = shortest_failing_prefix(seed, at);
        let (at, error, log) = walk(seed, shortest).err().unwrap_or((at, error, log));
        panic!(
            "ui_model: seed {seed} broke an invariant at step {at} (shortest failing prefix: \
             {shortest} steps): {error}\nsteps:\n  {}\nreplay: LAMPLIGHT_UI_MODEL_SEED={seed} \
             LAMPLIGHT_UI_MODEL_STEPS={shortest} cargo test --test it ui_model",
            log.join("\n  ")
        );
    }
}

fn steps_from_env(default: usize) -> usize {
    std::env::var("LAMPLIGHT_UI_MODEL_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Four seeds of 520 steps each (2,080 in all); the environment can ask for more.
#[test]
fn ui_model_random_walks_keep_the_window_and_the_store_in_agreement() {
    if let Some(seed) = std::env::var("LAMPLIGHT_UI_MODEL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        run(seed, steps_from_env(520));
        return;
    }
    let seeds = [1_u64, 2, 3, 4];
    let per_seed = steps_from_env(2_080).div_ceil(seeds.len());
    for seed in seeds {
        run(seed, per_seed);
    }
}
