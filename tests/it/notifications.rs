//! New-article notifications over a real D-Bus: a private bus (`dbus-daemon`) with a
//! notification server on it (zbus, as a desktop's would be) that records what it is asked to
//! show and clicks when told. `lamplight refresh --daemon` announces a refresh's new articles
//! once per feed that asked (and only those), and a click opens that feed's newest article.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use lamplight::store::FeedId;

use crate::cli::{lamplight, stdout};
use crate::support::{Route, TestServer};

/// How long any one step may take before the test fails (not a wait: every step ends on an
/// event, this only bounds a hang).
const STEP: Duration = Duration::from_secs(90);

/// A private session bus; killed on drop.
struct Bus {
    daemon: Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Starts `dbus-daemon` on a socket in a temp dir; `None` (with a note) when it is not
/// installed, unless `LAMPLIGHT_REQUIRE_DBUS` is set (CI installs it).
fn start_bus() -> Option<Bus> {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("bus.conf");
    std::fs::write(
        &config,
        format!(
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>"#,
            dir.path().join("bus").display()
        ),
    )
    .expect("bus config");
    let started = Command::new("dbus-daemon")
        .arg(format!("--config-file={}", config.display()))
        .args(["--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .spawn();
    let mut daemon = match started {
        Ok(daemon) => daemon,
        Err(e) => {
            assert!(
                std::env::var_os("LAMPLIGHT_REQUIRE_DBUS").is_none(),
                "dbus-daemon is required here: {e}"
            );
            eprintln!("skipping: no dbus-daemon ({e}); install the dbus-daemon package");
            return None;
        }
    };
    // The address is printed once the bus listens.
    let mut address = String::new();
    BufReader::new(daemon.stdout.take().expect("stdout"))
        .read_line(&mut address)
        .expect("the bus address");
    Some(Bus {
        daemon,
        address: address.trim().to_owned(),
        _dir: dir,
    })
}

/// What the server was asked to show.
#[derive(Debug)]
struct Shown {
    id: u32,
    app_name: String,
    summary: String,
    body: String,
    actions: Vec<String>,
    desktop_entry: Option<String>,
}

struct NotificationServer {
    shown: Mutex<Sender<Shown>>,
    next_id: AtomicU32,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl NotificationServer {
    fn get_capabilities(&self) -> Vec<String> {
        vec!["actions".into(), "body".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "lamplight-test".into(),
            "lamplight".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, zbus::zvariant::OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let desktop_entry = hints
            .get("desktop-entry")
            .and_then(|v| String::try_from(v.try_clone().ok()?).ok());
        let _ = self.shown.lock().expect("sender").send(Shown {
            id,
            app_name,
            summary,
            body,
            actions,
            desktop_entry,
        });
        id
    }

    fn close_notification(&self, _id: u32) {}
}

/// Serves notifications on `bus`; what it is asked to show arrives on the receiver.
fn serve_notifications(bus: &Bus) -> (zbus::Connection, Receiver<Shown>) {
    let (tx, rx) = mpsc::channel();
    let server = NotificationServer {
        shown: Mutex::new(tx),
        next_id: AtomicU32::new(41),
    };
    let connection = futures_lite::future::block_on(async {
        zbus::connection::Builder::address(bus.address.as_str())?
            .name("org.freedesktop.Notifications")?
            .serve_at("/org/freedesktop/Notifications", server)?
            .build()
            .await
    })
    .expect("the notification server is on the bus");
    (connection, rx)
}

/// The user clicks notification `id`.
fn click(connection: &zbus::Connection, id: u32) {
    futures_lite::future::block_on(connection.emit_signal(
        None::<zbus::names::BusName<'_>>,
        "/org/freedesktop/Notifications",
        "org.freedesktop.Notifications",
        "ActionInvoked",
        &(id, "default"),
    ))
    .expect("the click is sent");
}

/// An RSS feed of `items` stories a day apart, story 0 the oldest.
fn feed(title: &str, items: usize) -> String {
    let entries: String = (0..items)
        .map(|n| {
            let when = httpdate::fmt_http_date(
                std::time::UNIX_EPOCH + Duration::from_secs(1_780_000_000 + n as u64 * 86_400),
            );
            format!(
                "<item><title>{title} story {n}</title><guid>{title}-{n}</guid>\
                 <pubDate>{when}</pubDate><description>text {n}</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>{entries}</channel></rss>"
    )
}

/// The daemon's stdout, line by line, from a thread.
fn lines_of(child: &mut Child) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Reads lines until one starts with `prefix`; every line read is kept in `seen`.
fn read_until(lines: &Receiver<String>, prefix: &str, seen: &mut Vec<String>) -> String {
    loop {
        match lines.recv_timeout(STEP) {
            Ok(line) => {
                seen.push(line.clone());
                if line.starts_with(prefix) {
                    return line;
                }
            }
            Err(e) => panic!("no line starting {prefix:?} ({e}); the daemon said {seen:#?}"),
        }
    }
}

#[test]
fn a_background_refresh_announces_each_asking_feed_once_and_a_click_opens_its_newest_article() {
    let Some(bus) = start_bus() else { return };
    let (server_connection, shown) = serve_notifications(&bus);
    let server = TestServer::start();
    server.route("/news.xml", Route::feed(feed("Harbour News", 2), "n1"));
    server.route("/quiet.xml", Route::feed(feed("Quiet Notes", 1), "q1"));
    let dir = tempfile::tempdir().expect("temp dir");
    for path in ["/news.xml", "/quiet.xml"] {
        let added = lamplight(dir.path(), &["add", &server.url(path)]);
        assert!(added.status.success(), "{added:?}");
    }
    let feeds: Vec<serde_json::Value> = stdout(&lamplight(dir.path(), &["feeds", "--json"]))
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert!(
        feeds.iter().all(|f| f["notify_new"] == false),
        "off by default: {feeds:?}"
    );
    let id_of = |title: &str| {
        feeds.iter().find(|f| f["title"] == title).expect(title)["id"]
            .as_i64()
            .expect("id")
    };
    let (news, quiet) = (id_of("Harbour News"), id_of("Quiet Notes"));
    let said = stdout(&lamplight(
        dir.path(),
        &["notify", &news.to_string(), "--on"],
    ));
    assert!(
        said.contains("notifications for feed") && said.contains(": on"),
        "{said}"
    );

    // Both feeds publish; both are due.
    server.route("/news.xml", Route::feed(feed("Harbour News", 5), "n2"));
    server.route("/quiet.xml", Route::feed(feed("Quiet Notes", 3), "q2"));
    for id in [news, quiet] {
        crate::schedule::make_due(dir.path(), FeedId(id));
    }
    let mut daemon = Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["refresh", "--daemon"])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .env("RUST_LOG", "off")
        // The window a click starts has no display here: it fails at once, and that is fine.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the daemon starts");
    let lines = lines_of(&mut daemon);
    let mut seen = Vec::new();
    // The round ends with this line, after its notifications were shown (each Notify is a call
    // the server answered).
    read_until(&lines, "Next refresh in", &mut seen);
    assert!(
        seen.iter().any(|l| l == "Notified: Harbour News: 3 new"),
        "{seen:#?}"
    );
    let all_shown: Vec<Shown> = shown.try_iter().collect();
    assert_eq!(
        all_shown.len(),
        1,
        "one notification, for the feed that asked: {all_shown:#?}"
    );
    let note = &all_shown[0];
    assert_eq!(note.app_name, "Lamplight");
    assert_eq!(note.summary, "Harbour News: 3 new");
    assert_eq!(
        note.body, "Harbour News story 4\nHarbour News story 3\nHarbour News story 2",
        "the new titles, newest first"
    );
    assert!(
        note.actions.chunks(2).any(|a| a[0] == "default"),
        "{note:?}"
    );
    assert_eq!(
        note.desktop_entry.as_deref(),
        Some("org.lamplight.Lamplight")
    );

    let newest: serde_json::Value = serde_json::from_str(
        stdout(&lamplight(
            dir.path(),
            &[
                "articles",
                "--feed",
                &news.to_string(),
                "--limit",
                "1",
                "--json",
            ],
        ))
        .lines()
        .next()
        .expect("an article"),
    )
    .expect("JSON");
    assert_eq!(newest["title"], "Harbour News story 4");
    click(&server_connection, note.id);
    let opened = read_until(&lines, "Opening article", &mut seen);
    assert_eq!(
        opened,
        format!(
            "Opening article {} (its notification was clicked)",
            newest["id"].as_i64().expect("id")
        )
    );
    daemon.kill().expect("stop the daemon");
    daemon.wait().expect("reaped");
}

#[test]
fn without_a_session_bus_the_refresh_still_succeeds_and_says_why_nothing_was_shown() {
    let server = TestServer::start();
    server.route("/news.xml", Route::feed(feed("Harbour News", 1), "n1"));
    let dir = tempfile::tempdir().expect("temp dir");
    assert!(
        lamplight(dir.path(), &["add", &server.url("/news.xml")])
            .status
            .success()
    );
    assert!(
        lamplight(dir.path(), &["notify", "1", "--on"])
            .status
            .success()
    );
    server.route("/news.xml", Route::feed(feed("Harbour News", 2), "n2"));
    crate::schedule::make_due(dir.path(), FeedId(1));
    let mut daemon = Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["refresh", "--daemon"])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/lamplight-test-bus",
        )
        .env("RUST_LOG", "off")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the daemon starts");
    let lines = lines_of(&mut daemon);
    let mut seen = Vec::new();
    read_until(&lines, "Next refresh in", &mut seen);
    daemon.kill().expect("stop the daemon");
    let output = daemon.wait_with_output().expect("reaped");
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        errors.contains("no desktop notification could be shown"),
        "{errors}"
    );
    assert!(!seen.iter().any(|l| l.starts_with("Notified")), "{seen:#?}");
    let articles = stdout(&lamplight(dir.path(), &["articles", "--json"]));
    assert_eq!(
        articles.lines().count(),
        2,
        "the new article was stored: {articles}"
    );
}
