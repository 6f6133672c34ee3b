//! Sync with a real Fever server (coldsweat 0.10.2, see `coldsweat.rs`) through the real
//! binary: the first sync, marks both ways, marks made offline (and a process killed before it
//! pushed them), a new item, and the ways a server can fail, none of which may change anything
//! here or lose a queued mark.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::coldsweat::{Coldsweat, PASSWORD, Relay, Then, USER, feed, serve_feed};
use crate::support::{Route, TestServer};

fn lamplight(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().expect("the binary runs")
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lamplight"));
    command
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LAMPLIGHT_LANG")
        .env("RUST_LOG", "off")
        .env("LAMPLIGHT_SECRETS", "file")
        .env("LAMPLIGHT_PASSWORD", PASSWORD);
    command
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", text(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json_lines(o: Output) -> Vec<serde_json::Value> {
    ok(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// (guid, title, html) items, numbered from `from`.
fn items(
    prefix: &str,
    from: usize,
    n: usize,
    server: &TestServer,
) -> Vec<(String, String, String)> {
    (from..from + n)
        .map(|i| {
            (
                format!("{prefix}-{i}"),
                format!("{prefix} item {i}"),
                format!(
                    "<p>运维笔记 {i}: notes on {prefix} number {i}.</p><p><img src=\"{}\"></p>",
                    server.url(&format!("/pictures/{prefix}-{i}.png"))
                ),
            )
        })
        .collect()
}

fn png() -> Vec<u8> {
    let image = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 3, y as u8 * 5, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// Two feeds (one in the group "Ops") of three items each, every item with a picture.
fn two_feeds() -> (TestServer, Coldsweat) {
    let server = TestServer::start();
    for prefix in ["alpha", "beta"] {
        serve_feed(
            &server,
            &format!("/{prefix}.xml"),
            feed(&server, prefix, &items(prefix, 1, 3, &server)),
        );
        for i in 1..=4 {
            server.route(
                &format!("/pictures/{prefix}-{i}.png"),
                Route::plain(png(), "image/png"),
            );
        }
    }
    server.route("/icon.png", Route::plain(png(), "image/png"));
    let coldsweat = Coldsweat::start(&server, &[("/alpha.xml", "Ops"), ("/beta.xml", "")]);
    (server, coldsweat)
}

/// Local article ids by the server's item title.
fn articles(dir: &Path) -> Vec<(i64, String, bool, bool)> {
    json_lines(lamplight(dir, &["articles", "--json", "--limit", "100"]))
        .iter()
        .map(|a| {
            (
                a["id"].as_i64().expect("id"),
                a["title"].as_str().expect("title").to_owned(),
                a["read"].as_bool().expect("read"),
                a["starred"].as_bool().expect("starred"),
            )
        })
        .collect()
}

/// The server's item id for a title.
fn remote_id(coldsweat: &Coldsweat, title: &str) -> i64 {
    let answer = coldsweat.call("&items&since_id=0", &[]);
    answer["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["title"] == title)
        .and_then(|i| i["id"].as_i64())
        .unwrap_or_else(|| panic!("no item {title} on the server: {answer}"))
}

/// (read, starred) of the article titled `title` here.
fn marks_here(dir: &Path, title: &str) -> (bool, bool) {
    let article = articles(dir)
        .into_iter()
        .find(|a| a.1 == title)
        .unwrap_or_else(|| panic!("no article {title} here"));
    (article.2, article.3)
}

fn local_id(dir: &Path, title: &str) -> i64 {
    articles(dir)
        .into_iter()
        .find(|a| a.1 == title)
        .unwrap_or_else(|| panic!("no article {title} here"))
        .0
}

fn add_account(dir: &Path, endpoint: &str) {
    let added = ok(lamplight(
        dir,
        &["account", "add", "fever", endpoint, "--user", USER],
    ));
    assert!(
        added.starts_with("Account 1: fever reader@example.com"),
        "{added}"
    );
}

#[test]
fn the_first_sync_brings_the_servers_feeds_folders_items_pictures_and_marks() {
    let (_server, coldsweat) = two_feeds();
    // Marks another device made before this one ever synced.
    coldsweat.mark(remote_id(&coldsweat, "alpha item 2"), "read");
    coldsweat.mark(remote_id(&coldsweat, "beta item 3"), "saved");
    let dir = tempfile::tempdir().expect("temp dir");
    add_account(dir.path(), &coldsweat.endpoint());
    let key_file = dir.path().join("accounts/1.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file)
            .expect("key file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the key is readable by the user alone");
    }

    let report = json_lines(lamplight(dir.path(), &["sync", "--json"]));
    assert_eq!(report.len(), 1);
    assert_eq!(report[0]["items_pulled"], 6, "{report:?}");
    assert!(report[0]["error"].is_null(), "{report:?}");

    let feeds = ok(lamplight(dir.path(), &["feeds"]));
    assert!(feeds.contains("alpha") && feeds.contains("beta"), "{feeds}");
    let folders = ok(lamplight(dir.path(), &["folder", "list"]));
    assert!(
        folders.contains("Ops"),
        "the server's group is a folder: {folders}"
    );
    let here = articles(dir.path());
    assert_eq!(here.len(), 6, "{here:?}");
    let marked = |title: &str| here.iter().find(|a| a.1 == title).map(|a| (a.2, a.3));
    assert_eq!(marked("alpha item 2"), Some((true, false)));
    assert_eq!(marked("beta item 3"), Some((false, true)));
    assert_eq!(marked("alpha item 1"), Some((false, false)));
    // The items' text is searchable, Chinese too, and their pictures read offline.
    let found = ok(lamplight(dir.path(), &["search", "运维笔记", "--json"]));
    assert_eq!(found.lines().count(), 6, "{found}");
    let images = json_lines(lamplight(
        dir.path(),
        &["stats", "images", "--list", "--json"],
    ));
    let cached = images.iter().filter(|i| i["status"] == "cached").count();
    assert_eq!(cached, 6, "every item's picture is cached: {images:?}");

    // Nothing new: a second sync pulls nothing and changes nothing.
    let again = json_lines(lamplight(dir.path(), &["sync", "--json"]));
    assert_eq!(
        (
            again[0]["items_pulled"].as_i64(),
            again[0]["marks_pulled"].as_i64()
        ),
        (Some(0), Some(0))
    );
    // The key is in no output and not in the database.
    let key = lamplight::sync::fever::api_key(USER, PASSWORD);
    let listed = ok(lamplight(dir.path(), &["account", "list", "--json"]));
    assert!(
        !listed.contains(&key) && !listed.contains(PASSWORD),
        "{listed}"
    );
    assert!(listed.contains("\"secret_in\":\"file\""), "{listed}");
    let database = std::fs::read(dir.path().join("lamplight.db")).expect("database");
    assert!(
        !database.windows(key.len()).any(|w| w == key.as_bytes()),
        "no key in the store"
    );
}

#[test]
fn marks_go_both_ways_and_the_later_change_wins() {
    let (_server, coldsweat) = two_feeds();
    let relay = Relay::start(coldsweat_port(&coldsweat));
    let dir = tempfile::tempdir().expect("temp dir");
    add_account(dir.path(), &relay.endpoint());
    ok(lamplight(dir.path(), &["sync"]));

    // Read and starred here → the server's lists agree after a sync.
    let a1 = local_id(dir.path(), "alpha item 1");
    ok(lamplight(
        dir.path(),
        &["mark", &a1.to_string(), "--read", "--star"],
    ));
    let listed = json_lines(lamplight(dir.path(), &["account", "list", "--json"]));
    assert_eq!(listed[0]["pending_marks"], 2, "queued at once: {listed:?}");
    let pushed = json_lines(lamplight(dir.path(), &["sync", "--json"]));
    assert_eq!(pushed[0]["marks_pushed"], 2, "{pushed:?}");
    let r1 = remote_id(&coldsweat, "alpha item 1");
    let (unread, saved) = coldsweat.marks();
    assert!(
        !unread.contains(&r1) && saved.contains(&r1),
        "{unread:?} {saved:?}"
    );

    // Made on the server → here after a sync.
    let r2 = remote_id(&coldsweat, "beta item 2");
    coldsweat.mark(r2, "read");
    coldsweat.mark(r2, "saved");
    let pulled = json_lines(lamplight(dir.path(), &["sync", "--json"]));
    assert_eq!(pulled[0]["marks_pulled"], 2, "{pulled:?}");
    let b2 = marks_here(dir.path(), "beta item 2");
    assert_eq!(b2, (true, true));

    // Both sides, the server's the later: starred and unstarred here, met by a sync that read
    // the server's marks (and then stopped), and starred on the server after that.
    let b1 = local_id(dir.path(), "beta item 1");
    let rb1 = remote_id(&coldsweat, "beta item 1");
    ok(lamplight(dir.path(), &["mark", &b1.to_string(), "--star"]));
    ok(lamplight(
        dir.path(),
        &["mark", &b1.to_string(), "--unstar"],
    ));
    relay.set(2, Then::Drop);
    let stopped = lamplight(dir.path(), &["sync"]);
    assert!(!stopped.status.success(), "{}", text(&stopped));
    coldsweat.mark(rb1, "saved");
    relay.set(0, Then::Pass);
    ok(lamplight(dir.path(), &["sync"]));
    let (_, saved) = coldsweat.marks();
    assert!(
        saved.contains(&rb1),
        "the server's later star stays: {saved:?}"
    );
    let here = marks_here(dir.path(), "beta item 1");
    assert!(here.1, "and reaches this device");

    // Both sides, this device's the later: read on the server, then read and unread again here
    // before any sync; the unread made here wins.
    let a3 = local_id(dir.path(), "alpha item 3");
    let ra3 = remote_id(&coldsweat, "alpha item 3");
    coldsweat.mark(ra3, "read");
    ok(lamplight(dir.path(), &["mark", &a3.to_string(), "--read"]));
    ok(lamplight(
        dir.path(),
        &["mark", &a3.to_string(), "--unread"],
    ));
    ok(lamplight(dir.path(), &["sync"]));
    let (unread, _) = coldsweat.marks();
    assert!(
        unread.contains(&ra3),
        "the later unread made here wins: {unread:?}"
    );
    let here = marks_here(dir.path(), "alpha item 3");
    assert!(!here.0);
}

fn coldsweat_port(coldsweat: &Coldsweat) -> u16 {
    coldsweat
        .endpoint()
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches("/fever/")
        .parse()
        .expect("port")
}

#[test]
fn marks_made_offline_survive_a_killed_process_and_reach_the_server_when_it_is_back() {
    let (_server, mut coldsweat) = two_feeds();
    let relay = Relay::start(coldsweat_port(&coldsweat));
    let dir = tempfile::tempdir().expect("temp dir");
    add_account(dir.path(), &relay.endpoint());
    ok(lamplight(dir.path(), &["sync"]));
    let a2 = local_id(dir.path(), "alpha item 2");
    let b1 = local_id(dir.path(), "beta item 1");

    // Offline: the server is down; marks are made and queued, the sync fails and keeps them.
    coldsweat.stop();
    ok(lamplight(dir.path(), &["mark", &a2.to_string(), "--read"]));
    ok(lamplight(dir.path(), &["mark", &b1.to_string(), "--star"]));
    let offline = lamplight(dir.path(), &["sync"]);
    assert!(!offline.status.success());
    assert!(text(&offline).contains("sync failed"), "{}", text(&offline));
    let listed = json_lines(lamplight(dir.path(), &["account", "list", "--json"]));
    assert_eq!(listed[0]["pending_marks"], 2, "{listed:?}");

    // Back, but the first push hangs; the process is killed before it pushed anything.
    coldsweat.restart();
    relay.set(2, Then::Hold);
    let held = relay.on_hold();
    let mut syncing = command(dir.path(), &["sync"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("sync starts");
    held.recv_timeout(std::time::Duration::from_secs(60))
        .expect("the push reached the server");
    syncing.kill().expect("kill");
    let _ = syncing.wait();
    let listed = json_lines(lamplight(dir.path(), &["account", "list", "--json"]));
    assert_eq!(listed[0]["pending_marks"], 2, "nothing lost: {listed:?}");

    relay.set(0, Then::Pass);
    let synced = json_lines(lamplight(dir.path(), &["sync", "--json"]));
    assert_eq!(synced[0]["marks_pushed"], 2, "{synced:?}");
    let (unread, saved) = coldsweat.marks();
    assert!(!unread.contains(&remote_id(&coldsweat, "alpha item 2")));
    assert!(saved.contains(&remote_id(&coldsweat, "beta item 1")));
    let listed = json_lines(lamplight(dir.path(), &["account", "list", "--json"]));
    assert_eq!(listed[0]["pending_marks"], 0);
}

#[test]
fn a_new_item_on_the_server_arrives_on_the_next_sync() {
    let (server, coldsweat) = two_feeds();
    let dir = tempfile::tempdir().expect("temp dir");
    add_account(dir.path(), &coldsweat.endpoint());
    ok(lamplight(dir.path(), &["sync"]));
    serve_feed(
        &server,
        "/alpha.xml",
        feed(&server, "alpha", &items("alpha", 1, 4, &server)),
    );
    coldsweat.command(&["fetch"]);
    let synced = json_lines(lamplight(dir.path(), &["sync", "--json"]));
    assert_eq!(synced[0]["items_pulled"], 1, "{synced:?}");
    assert!(articles(dir.path()).iter().any(|a| a.1 == "alpha item 4"));
}

#[test]
fn a_refused_key_a_wrong_answer_or_a_server_that_stops_changes_nothing_here() {
    let (server, coldsweat) = two_feeds();
    let dir = tempfile::tempdir().expect("temp dir");
    // A wrong password: one clear line, no account.
    let wrong = command(
        dir.path(),
        &[
            "account",
            "add",
            "fever",
            &coldsweat.endpoint(),
            "--user",
            USER,
        ],
    )
    .env("LAMPLIGHT_PASSWORD", "not the password at all")
    .output()
    .expect("runs");
    assert!(!wrong.status.success());
    assert!(
        text(&wrong).contains("the server refused the user name or password"),
        "{}",
        text(&wrong)
    );
    // An HTML page and a 500 where the Fever API should be.
    server.route(
        "/fever-html/?api&groups&feeds",
        Route::plain("<!doctype html><title>Login</title>", "text/html"),
    );
    let html = lamplight(
        dir.path(),
        &[
            "account",
            "add",
            "fever",
            &server.url("/fever-html/"),
            "--user",
            USER,
        ],
    );
    assert!(
        text(&html).contains("did not answer as a Fever server does (text/html"),
        "{}",
        text(&html)
    );
    server.route(
        "/fever-500/?api&groups&feeds",
        Route::Status(500, Vec::new()),
    );
    let broken = lamplight(
        dir.path(),
        &[
            "account",
            "add",
            "fever",
            &server.url("/fever-500/"),
            "--user",
            USER,
        ],
    );
    assert!(text(&broken).contains("HTTP 500"), "{}", text(&broken));
    assert!(ok(lamplight(dir.path(), &["account", "list"])).contains("No accounts"));

    // The server stops answering in the middle of the first sync (after the feeds and marks).
    let relay = Relay::start(coldsweat_port(&coldsweat));
    add_account(dir.path(), &relay.endpoint());
    relay.set(2, Then::Drop);
    let stopped = lamplight(dir.path(), &["sync"]);
    assert!(!stopped.status.success());
    assert!(
        text(&stopped).contains("Account 1: the sync failed"),
        "{}",
        text(&stopped)
    );
    let listed = json_lines(lamplight(dir.path(), &["account", "list", "--json"]));
    assert_eq!(
        listed[0]["last_item_id"], 0,
        "no item counted as pulled: {listed:?}"
    );
    assert!(listed[0]["last_error"].is_string());
    relay.set(0, Then::Pass);
    let synced = json_lines(lamplight(dir.path(), &["sync", "--json"]));
    assert_eq!(synced[0]["items_pulled"], 6, "{synced:?}");
    let listed = json_lines(lamplight(dir.path(), &["account", "list", "--json"]));
    assert!(listed[0]["last_error"].is_null(), "{listed:?}");

    // Removing the account takes its feeds and key away here.
    let removed = ok(lamplight(dir.path(), &["account", "remove", "1"]));
    assert!(removed.contains("2 feeds"), "{removed}");
    assert!(!dir.path().join("accounts/1.key").exists());
    assert!(articles(dir.path()).is_empty());

    // The password can come on stdin instead (and never on the command line).
    let mut adding = command(
        dir.path(),
        &[
            "account",
            "add",
            "fever",
            &coldsweat.endpoint(),
            "--user",
            USER,
            "--password-stdin",
        ],
    )
    .env_remove("LAMPLIGHT_PASSWORD")
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .spawn()
    .expect("runs");
    {
        use std::io::Write;
        let mut stdin = adding.stdin.take().expect("stdin");
        writeln!(stdin, "{PASSWORD}").expect("write the password");
    }
    let added = adding.wait_with_output().expect("ends");
    let added = ok(added);
    assert!(added.contains(": fever reader@example.com"), "{added}");
    let without = command(
        dir.path(),
        &[
            "account",
            "add",
            "fever",
            &coldsweat.endpoint(),
            "--user",
            USER,
        ],
    )
    .env_remove("LAMPLIGHT_PASSWORD")
    .output()
    .expect("runs");
    assert!(
        text(&without).contains("LAMPLIGHT_PASSWORD"),
        "{}",
        text(&without)
    );
}

/// The window: an account added in Settings syncs at once, its feeds show, and a mark made in
/// the window reaches the server through the toolbar's Sync.
#[cfg(feature = "gui")]
#[test]
fn the_window_adds_an_account_in_settings_and_syncs_from_the_toolbar() {
    use egui_kittest::kittest::Queryable;
    use lamplight::engine::LibraryChange;
    use lamplight::ui::UiCommand;

    let (_server, coldsweat) = two_feeds();
    let mut gui = crate::gui::gui();
    gui.harness.state_mut().apply(UiCommand::ShowSettings(true));
    crate::gui::settle_window(&mut gui.harness);
    gui.harness.run_steps(3);
    for (label, value) in [
        ("Fever address", coldsweat.endpoint()),
        ("User name", USER.to_owned()),
        ("Password", PASSWORD.to_owned()),
    ] {
        let field = gui.harness.get_by_label(label);
        field.focus();
        field.type_text(&value);
        gui.harness.step();
    }
    // The window re-centres as the fields fill: let it rest before clicking. (The form is at
    // the foot of the scrolling Settings: clicked the way assistive technology clicks.)
    gui.harness.run_steps(4);
    gui.harness.get_by_label("Add account").click_accesskit();
    gui.harness.step();
    assert!(
        gui.harness.state().is_busy(),
        "the account is being checked"
    );
    gui.wait_until("the account's feeds", |app| app.feeds().len() == 2);
    gui.settle();
    let state = gui.harness.state().state();
    assert_eq!(state.accounts.len(), 1);
    assert!(state.error.is_none(), "{:?}", state.error);
    assert!(
        gui.harness
            .query_by_label_contains("key in a file only you can read")
            .is_some(),
        "Settings shows where the key is kept"
    );
    assert!(
        gui.harness
            .query_by_label_contains(&coldsweat.endpoint())
            .is_some()
    );

    let article = gui.article_id("alpha item 1");
    gui.harness
        .state_mut()
        .apply(UiCommand::Change(LibraryChange::SetRead {
            article,
            read: true,
        }));
    gui.settle();
    gui.harness
        .state_mut()
        .apply(UiCommand::ShowSettings(false));
    gui.harness.run_steps(2);
    gui.harness.get_by_label("Sync").click();
    gui.harness.step();
    gui.settle();
    let (unread, _) = coldsweat.marks();
    assert!(
        !unread.contains(&remote_id(&coldsweat, "alpha item 1")),
        "{unread:?}"
    );
    assert!(unread.contains(&remote_id(&coldsweat, "alpha item 2")));

    // A refresh is followed by a sync.
    let article = gui.article_id("alpha item 2");
    gui.harness
        .state_mut()
        .apply(UiCommand::Change(LibraryChange::SetRead {
            article,
            read: true,
        }));
    gui.settle();
    gui.harness.state_mut().apply(UiCommand::Refresh);
    gui.harness.step();
    gui.settle();
    let (unread, _) = coldsweat.marks();
    assert!(
        !unread.contains(&remote_id(&coldsweat, "alpha item 2")),
        "{unread:?}"
    );
}
