//! Crash consistency: `lamplight refresh --all` killed with SIGKILL at points spread across a
//! real refresh (feeds changing, images downloading and converting), then checked: the database
//! is sound, every read/starred mark set before the run is still there, no article is stored
//! twice, no image row is half written, and the next refresh completes normally.
//!
//! `LAMPLIGHT_CRASH_POINTS` sets the number of kill points (default 12; the full run is
//! `LAMPLIGHT_CRASH_POINTS=60 cargo test --test it crash -- --nocapture`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use lamplight::store::{ArticleListFilter, Store};
use rusqlite::Connection;

use crate::support::{Route, TestServer};

const FEEDS: usize = 60;
const ITEMS: usize = 20;
const IMAGES: usize = 40;

/// The feeds and pictures, served on 127.0.0.1. Version 2 adds five items to every feed and
/// rewrites two, so a refresh has articles to insert and update and pictures to fetch.
pub struct Corpus {
    pub server: TestServer,
}

impl Corpus {
    pub fn start() -> Corpus {
        let server = TestServer::start();
        // Version 1 shows pictures 0..IMAGES, version 2 new ones, so both refreshes convert.
        for k in 0..IMAGES * 2 {
            let photo = crate::images::photo(480 + k as u32 * 8, 360, k as u32);
            let mut jpeg = std::io::Cursor::new(Vec::new());
            image::DynamicImage::ImageRgb8(photo)
                .write_to(&mut jpeg, image::ImageFormat::Jpeg)
                .expect("jpeg");
            server.route(
                &format!("/img/{k}.jpg"),
                Route::plain(jpeg.into_inner(), "image/jpeg"),
            );
        }
        let corpus = Corpus { server };
        corpus.serve(1);
        corpus
    }

    pub fn serve(&self, version: usize) {
        for n in 0..FEEDS {
            let body = self.feed(n, version);
            self.server.route(
                &format!("/feed/{n}.xml"),
                Route::feed(body, &format!("v{version}")),
            );
        }
    }

    /// Articles every feed holds once `version` is refreshed.
    pub fn articles_at(version: usize) -> usize {
        FEEDS * (ITEMS + if version >= 2 { 5 } else { 0 })
    }

    fn feed(&self, n: usize, version: usize) -> String {
        let count = ITEMS + if version >= 2 { 5 } else { 0 };
        let items: String = (0..count)
            .map(|i| {
                let rewritten = version >= 2 && i < 2;
                let picture = (n * 7 + i) % IMAGES + if version >= 2 { IMAGES } else { 0 };
                format!(
                    "<item><title>feed {n} item {i}</title><guid>f{n}-i{i}</guid>\
                     <link>{base}/post/{n}/{i}</link>\
                     <pubDate>Mon, 0{d} Nov 2026 10:{i:02}:00 +0000</pubDate>\
                     <description><![CDATA[<p>{text}</p><img src=\"{base}/img/{picture}.jpg\">\
                     <p>{more}</p>]]></description></item>",
                    base = self.server.base,
                    d = 1 + (i % 9),
                    text = if rewritten {
                        "rewritten text"
                    } else {
                        "original text"
                    },
                    more = "words and more words ".repeat(40),
                )
            })
            .collect();
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>\
             <title>feed {n}</title><link>{}/</link>{items}</channel></rss>",
            self.server.base
        )
    }

    pub fn opml(&self) -> String {
        let outlines: String = (0..FEEDS)
            .map(|n| {
                format!(
                    "<outline text=\"feed {n}\" xmlUrl=\"{}\"/>",
                    self.server.url(&format!("/feed/{n}.xml"))
                )
            })
            .collect();
        format!("<opml version=\"2.0\"><body>{outlines}</body></opml>")
    }
}

pub fn lamplight(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lamplight"));
    command
        .arg("--data-dir")
        .arg(dir)
        .env("RUST_LOG", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn run(dir: &Path, args: &[&str]) {
    let status = lamplight(dir).args(args).status().expect("the binary runs");
    assert!(status.success(), "lamplight {args:?} failed");
}

/// The read/starred marks a user set: the article's stable key (its guid) → (read, starred).
pub type Marks = BTreeMap<String, (bool, bool)>;

/// A data dir subscribed to the corpus, refreshed at version 1, with marks set on a third of
/// the articles; the server then serves version 2.
pub fn prepared_data_dir(corpus: &Corpus) -> (tempfile::TempDir, Marks) {
    let dir = tempfile::tempdir().expect("temp dir");
    let opml = dir.path().join("corpus.opml");
    std::fs::write(&opml, corpus.opml()).expect("write opml");
    run(dir.path(), &["import", opml.to_str().expect("utf-8 path")]);
    run(dir.path(), &["refresh", "--all"]);
    let mut store = Store::open(&database(dir.path())).expect("store");
    let articles = store
        .articles(&ArticleListFilter {
            limit: Some(100_000),
            ..ArticleListFilter::default()
        })
        .expect("articles");
    assert_eq!(articles.len(), Corpus::articles_at(1));
    let conn = Connection::open(database(dir.path())).expect("sqlite");
    let mut marks = Marks::new();
    for (n, article) in articles.iter().enumerate() {
        let (read, starred) = (n % 3 == 0, n % 7 == 0);
        if !(read || starred) {
            continue;
        }
        store.set_read(article.id, read).expect("read");
        store.set_starred(article.id, starred).expect("star");
        let key: String = conn
            .query_row(
                "SELECT stable_key FROM articles WHERE id = ?1",
                [article.id.0],
                |r| r.get(0),
            )
            .expect("key");
        marks.insert(key, (read, starred));
    }
    corpus.serve(2);
    (dir, marks)
}

pub fn database(dir: &Path) -> PathBuf {
    lamplight::paths::database_path(dir)
}

/// Copies the database (and its WAL, if any) of `from` into a fresh data dir.
pub fn copy_data_dir(from: &Path) -> tempfile::TempDir {
    let to = tempfile::tempdir().expect("temp dir");
    let source = database(from);
    let target = database(to.path());
    std::fs::create_dir_all(target.parent().expect("parent")).expect("dir");
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", source.display()));
        if file.exists() {
            std::fs::copy(&file, format!("{}{suffix}", target.display())).expect("copy");
        }
    }
    to
}

/// Everything a crash must not break, checked on the database as the killed process left it.
pub fn check_consistent(dir: &Path, marks: &Marks, when: &str) {
    let conn = Connection::open(database(dir)).expect("the database opens");
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(integrity, "ok", "{when}");
    let broken_references: i64 = conn
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign keys");
    assert_eq!(broken_references, 0, "{when}: dangling references");
    let duplicates: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM (SELECT 1 FROM articles GROUP BY feed_id, link HAVING COUNT(*) > 1)",
            [],
            |r| r.get(0),
        )
        .expect("duplicates");
    assert_eq!(duplicates, 0, "{when}: an article is stored twice");
    let half_written: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM images WHERE status = 'cached' AND (
                 webp IS NULL OR length(webp) != webp_bytes OR webp_width IS NULL
                 OR (role != 'icon' AND (thumb IS NULL OR length(thumb) != thumb_bytes)))",
            [],
            |r| r.get(0),
        )
        .expect("images");
    assert_eq!(half_written, 0, "{when}: half-written image rows");
    let mut stmt = conn
        .prepare(
            "SELECT a.stable_key, s.read, s.starred FROM articles a
             JOIN article_status s ON s.article_id = a.id",
        )
        .expect("prepare");
    let stored: BTreeMap<String, (bool, bool)> = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    for (key, mark) in marks {
        assert_eq!(stored.get(key), Some(mark), "{when}: the mark on {key}");
    }
}

/// After a crash, a plain refresh finishes and leaves the full version-2 corpus.
pub fn check_next_refresh_completes(dir: &Path, marks: &Marks, when: &str) {
    let status = lamplight(dir)
        .args(["refresh", "--all"])
        .status()
        .expect("runs");
    assert!(status.success(), "{when}: the next refresh failed");
    check_consistent(dir, marks, &format!("{when}, after the next refresh"));
    let conn = Connection::open(database(dir)).expect("opens");
    let articles: i64 = conn
        .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
        .expect("count");
    assert_eq!(articles as usize, Corpus::articles_at(2), "{when}");
}

pub fn kill_points() -> usize {
    std::env::var("LAMPLIGHT_CRASH_POINTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
}

/// Kills `child` with SIGKILL once `after` has passed; false if it finished first.
fn kill_after(mut child: Child, after: Duration) -> bool {
    let deadline = Instant::now() + after;
    loop {
        if child.try_wait().expect("wait").is_some() {
            return false;
        }
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        // The kill point itself: the test picks when the crash happens.
        std::thread::sleep((deadline - now).min(Duration::from_millis(5)));
    }
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    true
}

/// Starts a fresh copy of `prepared` with `start` and kills it `after` into the run; when the
/// run was quicker than that (the machine is shared), tries again earlier. Returns the data dir
/// as the crash left it and the kill time.
pub fn crash_at(
    prepared: &Path,
    start: impl Fn(&Path) -> Command,
    mut after: Duration,
) -> (tempfile::TempDir, Duration) {
    for _ in 0..8 {
        let dir = copy_data_dir(prepared);
        let child = start(dir.path()).spawn().expect("spawn");
        if kill_after(child, after) {
            return (dir, after);
        }
        after = after.mul_f64(0.6);
    }
    panic!("the run always finished before the kill, down to {after:?}");
}

/// Kills a run at `points` points spread over `duration`, checking each crash and the refresh
/// after it.
pub fn kill_and_check(
    prepared: &Path,
    marks: &Marks,
    start: impl Fn(&Path) -> Command,
    duration: Duration,
    points: usize,
) {
    for point in 1..=points {
        let planned = duration.mul_f64(point as f64 / (points + 1) as f64);
        let (dir, after) = crash_at(prepared, &start, planned);
        let when = format!("kill point {point}/{points} at {after:?} of {duration:?}");
        check_consistent(dir.path(), marks, &when);
        check_next_refresh_completes(dir.path(), marks, &when);
    }
}

#[test]
fn sigkill_during_refresh_loses_nothing() {
    let corpus = Corpus::start();
    let (prepared, marks) = prepared_data_dir(&corpus);

    // How long one uninterrupted refresh takes, to spread the kill points across it.
    let whole = copy_data_dir(prepared.path());
    let started = Instant::now();
    run(whole.path(), &["refresh", "--all"]);
    let duration = started.elapsed();
    check_consistent(whole.path(), &marks, "an uninterrupted run");

    let refresh = |dir: &Path| {
        let mut command = lamplight(dir);
        command.args(["refresh", "--all"]);
        command
    };
    kill_and_check(prepared.path(), &marks, refresh, duration, kill_points());
}
