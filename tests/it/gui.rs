//! The desktop reader, driven headless through egui_kittest over a real temp database, a real
//! engine and a real local HTTP server: subscribe through the dialog, read, mark with the
//! keyboard, open the statistics views, and keep painting while a refresh waits on the network.

use std::sync::Arc;
use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lamplight::engine::{Engine, EngineConfig, ImagePipelineConfig};
use lamplight::i18n::Lang;
use lamplight::store::Store;
use lamplight::ui::{FontSource, LamplightApp, UiCommand, View, install_fonts_from};

use crate::support::{Route, TestServer, fixture, test_fetch_config};

pub struct Gui<'a> {
    pub harness: Harness<'a, LamplightApp>,
    pub dir: tempfile::TempDir,
}

pub fn gui() -> Gui<'static> {
    gui_with_images(false)
}

pub fn gui_with_images(images: bool) -> Gui<'static> {
    gui_sized(images, egui::vec2(1280.0, 800.0))
}

pub fn gui_sized(images: bool, size: egui::Vec2) -> Gui<'static> {
    gui_with_fonts(images, size, FontSource::System)
}

/// A window whose fallback fonts come from `fonts` (`Nothing`: a machine with none installed).
pub fn gui_with_fonts(images: bool, size: egui::Vec2, fonts: FontSource) -> Gui<'static> {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = EngineConfig {
        fetch: test_fetch_config(),
        images: ImagePipelineConfig {
            enabled: images,
            ..ImagePipelineConfig::default()
        },
        // No test puts a key in the desktop's secret service.
        keep_secrets_in_file: true,
    };
    let engine = Arc::new(Engine::open(dir.path(), config).expect("engine"));
    let reader = Store::open(&lamplight::paths::database_path(dir.path())).expect("reader");
    let harness = Harness::builder().with_size(size).build_eframe(move |cc| {
        install_fonts_from(&cc.egui_ctx, fonts);
        let mut app = LamplightApp::new(cc.egui_ctx.clone(), engine, reader);
        // The tests read English labels, whatever the machine's locale.
        app.apply(UiCommand::SetLanguage(Some(Lang::En)));
        app
    });
    Gui { harness, dir }
}

/// Runs frames until the window's engine work has all reported back and a frame has painted
/// the result (a frame applies what it drew after drawing, so it takes two quiet ones).
pub fn settle_window(harness: &mut Harness<'_, LamplightApp>) {
    for _ in 0..50 {
        harness.step();
        if !harness.state().is_busy() {
            harness.step();
            if !harness.state().is_busy() {
                return;
            }
        }
        assert!(
            harness.state_mut().settle(Duration::from_secs(20)),
            "engine work did not finish"
        );
    }
    panic!("the window never settled");
}

impl Gui<'_> {
    /// Takes engine events in until `done` holds (each wait blocks on the event channel).
    pub fn wait_until(&mut self, what: &str, done: impl Fn(&LamplightApp) -> bool) {
        for _ in 0..200 {
            self.harness.step();
            if done(self.harness.state()) {
                return;
            }
            self.harness
                .state_mut()
                .wait_for_engine_event(Duration::from_secs(10));
        }
        panic!("timed out waiting for {what}");
    }

    /// Runs frames until the window's engine work has reported back and is painted.
    pub fn settle(&mut self) {
        settle_window(&mut self.harness);
    }

    /// Opens the add dialog, types `url` and presses its Subscribe button.
    pub fn ask_to_subscribe(&mut self, url: &str) {
        self.harness
            .get_by_label_contains("Add subscription")
            .click();
        // A new window sizes itself invisibly on its first frame.
        self.harness.run_steps(3);
        let field = self.harness.get_by_label("Feed or web page address");
        field.focus();
        field.type_text(url);
        self.harness.step();
        self.harness.get_by_label("Subscribe").click();
    }

    /// The feed as the store has it now.
    pub fn stored_feed(&self, feed: lamplight::store::FeedId) -> lamplight::store::FeedRow {
        self.harness
            .state()
            .engine()
            .store()
            .feed(feed)
            .expect("the feed is stored")
    }

    /// The stored article titled `title`.
    pub fn article_id(&self, title: &str) -> lamplight::store::ArticleId {
        self.harness
            .state()
            .engine()
            .store()
            .articles(&Default::default())
            .expect("articles")
            .into_iter()
            .find(|a| a.title == title)
            .expect("stored")
            .id
    }

    pub fn subscribe(&mut self, url: &str) {
        self.ask_to_subscribe(url);
        self.harness.step();
        self.wait_until("the new feed", |app| !app.feeds().is_empty());
        // The feed's row can show (read by the counting thread once the engine committed it)
        // before the subscription has reported back and selected it: wait for that too.
        self.settle();
    }
}

/// A window subscribed to the fixture feed on a server of its own, showing All unread.
pub fn fixture_gui() -> (TestServer, Gui<'static>) {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let mut gui = gui();
    gui.subscribe(&server.url("/feed.php"));
    gui.harness
        .state_mut()
        .apply(lamplight::ui::UiCommand::Select(
            lamplight::ui::Selection::AllUnread,
        ));
    gui.settle();
    (server, gui)
}

#[test]
fn subscribing_reading_and_marking_from_the_window() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let mut gui = gui();

    gui.subscribe(&server.url("/feed.php"));

    assert_eq!(gui.harness.state().feeds()[0].title, "运维进行时");
    assert!(
        gui.harness
            .query_by_label_contains("运维进行时  10")
            .is_some(),
        "sidebar count"
    );
    let title = "参与定制行业标准-《数据资产管理实践白皮书3.0》";
    gui.harness.get_by_label(title).click();
    gui.harness.run_steps(2);
    assert_eq!(
        gui.harness.state().open_row().map(|r| r.title.as_str()),
        Some(title)
    );
    // Text widgets expose their text as the accessible value.
    assert!(
        gui.harness
            .query_by_value(
                "2018数据资产管理大会，在中国信息通信研究院、中国通信标准化协会的主导下，\
                 于12月13日在北京国家会议中心隆重召开。"
            )
            .is_some(),
        "the rendered article text is on screen"
    );

    gui.harness.key_press(egui::Key::S);
    gui.harness.step();
    gui.wait_until("the star to be saved", |app| app.smart_counts()[2] == 1);
    assert!(gui.harness.query_by_label_contains("Starred  1").is_some());

    gui.harness.key_press(egui::Key::M);
    gui.harness.step();
    gui.wait_until("the read mark to be saved", |app| {
        app.smart_counts()[0] == 9
    });
    assert!(
        gui.harness
            .state()
            .open_row()
            .is_some_and(|r| r.read && r.starred)
    );

    gui.harness.key_press(egui::Key::J);
    gui.harness.step();
    let next = gui.harness.state().open_row().map(|r| r.title.clone());
    assert!(next.is_some_and(|t| t != title), "J opens the next article");
}

#[test]
fn statistics_views_show_the_fetch_that_just_ran() {
    let server = TestServer::start();
    // The fixture's 55 images live on blog.liuts.com, which does not resolve here: the image
    // view must show them as failed downloads.
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let mut gui = gui_with_images(true);
    gui.subscribe(&server.url("/feed.php"));

    gui.harness.get_by_label("Fetch statistics").click();
    // A click is applied after the frame that saw it; the next frame draws the new view.
    gui.harness.run_steps(2);
    assert_eq!(gui.harness.state().view(), View::FetchStats);
    gui.harness
        .get_by_role_and_label(egui::accesskit::Role::Link, "运维进行时")
        .click();
    gui.harness.step();
    gui.harness.step();
    let bytes = lamplight::store::mib(fixture().len() as i64);
    assert!(
        gui.harness.query_by_label(&bytes).is_some(),
        "the fetch's size is listed ({bytes})"
    );
    assert!(gui.harness.query_by_label("fetched 200").is_some());
    assert!(
        gui.harness
            .query_by_label("1 fetch — too few for percentiles")
            .is_some(),
        "no p95 of one sample"
    );
    assert!(
        gui.harness.query_by_label("10/10").is_some(),
        "new/total articles"
    );

    gui.harness.get_by_label("Image cache").click();
    gui.harness.run_steps(2);
    assert_eq!(gui.harness.state().view(), View::ImageStats);
    assert!(gui.harness.query_by_label("Reader hit rate").is_some());
    let failed = gui
        .harness
        .query_all_by_value("55 download: 55")
        .next()
        .is_some();
    assert!(failed, "the failed images and their cause are listed");
    assert!(
        gui.harness
            .query_by_label("download failed: no answer from the server (55)")
            .is_some(),
        "pictures never downloaded, by cause in words"
    );
    assert!(gui.harness.query_by_label("Trim to cap").is_some());
    // The feed chosen in the fetch view: its images, one row each, with why each failed.
    assert!(gui.harness.query_by_label_contains(" images").is_some());
    let failed_rows = gui
        .harness
        .query_all_by_label("download failed: no answer from the server")
        .count();
    // The 55 pictures and the feed's icon (its site is blog.liuts.com too).
    assert_eq!(failed_rows, 56, "one row per image of the feed");
    assert_eq!(gui.harness.query_all_by_label("icon").count(), 1);
}

#[test]
fn frames_keep_running_while_a_refresh_waits_on_the_network() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let mut gui = gui();
    gui.subscribe(&server.url("/feed.php"));
    server.route("/feed.php", Route::Hang);

    gui.harness.key_press(egui::Key::R);
    gui.harness.step();
    gui.wait_until("the refresh to start", |app| {
        app.refresh_progress().is_some_and(|(_, total)| total == 1)
    });
    // The server has not answered; the window goes on painting frames all the same.
    for _ in 0..20 {
        gui.harness.step();
    }
    assert_eq!(gui.harness.state().refresh_progress(), Some((0, 1)));
    assert!(
        gui.harness
            .query_by_label_contains("0 of 1 feeds")
            .is_some()
    );
    gui.wait_until("the hung fetch to time out", |app| {
        app.refresh_progress().is_none()
    });
    // The feeds' rows are re-read off the window's thread; they arrive a moment later.
    gui.settle();
    let feeds = gui.harness.state().feeds();
    assert!(
        feeds[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("timed out"))
    );
}

#[test]
fn search_field_and_folders_in_the_window() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let mut gui = gui();
    gui.subscribe(&server.url("/feed.php"));

    // "/" focuses the search field; typing searches.
    gui.harness.key_press(egui::Key::Slash);
    gui.harness.step();
    gui.harness
        .get_by_role(egui::accesskit::Role::TextInput)
        .type_text("kubernetes");
    gui.harness.run_steps(2);
    let hits = gui.harness.state().search_hits().to_vec();
    assert_eq!(
        hits.first().map(|h| h.title.as_str()),
        Some("基于kubernetes构建Docker集群管理详解")
    );
    assert!(
        gui.harness
            .query_all_by_value(&format!("{} matches for “kubernetes”", hits.len()))
            .next()
            .is_some()
    );
    gui.harness
        .get_by_label("基于kubernetes构建Docker集群管理详解")
        .click();
    gui.harness.step();
    assert_eq!(
        gui.harness.state().open_row().map(|r| r.title.as_str()),
        Some("基于kubernetes构建Docker集群管理详解")
    );
    gui.harness.state_mut().set_search("");

    // A folder made through the engine appears with its unread count and filters the list.
    let feed = gui.harness.state().feeds()[0].id;
    gui.harness
        .state()
        .engine()
        .file_feed(feed, "运维 Ops")
        .expect("folder");
    gui.harness.key_press(egui::Key::R);
    gui.harness.step();
    gui.wait_until("the refresh to end", |app| {
        app.refresh_progress().is_none() && !app.folders().is_empty()
    });
    gui.harness.step();
    let unread = gui.harness.state().folders()[0].unread_count;
    assert!(unread > 0);
    assert!(
        gui.harness
            .query_by_label(&format!("运维 Ops  {unread}"))
            .is_some()
    );
    gui.harness
        .get_by_label(&format!("运维 Ops  {unread}"))
        .click();
    gui.harness.step();
    assert!(matches!(
        gui.harness.state().selection(),
        lamplight::ui::Selection::Folder(_)
    ));
    gui.harness.get_by_label("Mark all read").click();
    gui.harness.step();
    gui.wait_until("mark all read", |app| app.smart_counts()[0] == 0);
    assert_eq!(gui.harness.state().folders()[0].unread_count, 0);
}

#[test]
fn opening_an_article_fetches_nothing_and_hostile_titles_show_clean() {
    let server = TestServer::start();
    let feed = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
        <title>Evil&#x1b;[31m &#x202e;feed "quoted" '); DROP TABLE feeds;--</title>
        <item><title>with a picture</title><guid>1</guid><link>{0}/post/1</link>
        <description><![CDATA[<p>before <img src="{0}/pic.png" alt="the picture"> after
        <a href="javascript:alert(1)">not a link</a></p>]]></description></item>
        </channel></rss>"#,
        server.base
    );
    server.route("/feed.xml", Route::feed(feed, "v1"));
    server.route("/pic.png", Route::plain("not reached", "image/png"));
    let mut gui = gui();
    gui.subscribe(&server.url("/feed.xml"));
    let title = "Evil[31m feed \"quoted\" '); DROP TABLE feeds;--";
    assert_eq!(gui.harness.state().feeds()[0].title, title);
    assert!(
        gui.harness
            .query_all_by_label_contains(title)
            .next()
            .is_some(),
        "shown"
    );

    gui.harness.get_by_label("with a picture").click();
    gui.harness.run_steps(2);
    // The reader asks the engine for the cached picture; the answer comes as an event.
    for _ in 0..20 {
        if gui
            .harness
            .query_all_by_label_contains("Picture not available offline")
            .next()
            .is_some()
        {
            break;
        }
        gui.harness
            .state_mut()
            .wait_for_engine_event(Duration::from_secs(5));
        gui.harness.step();
    }
    assert!(
        gui.harness
            .query_all_by_label_contains("Picture not available offline")
            .next()
            .is_some(),
        "the reader shows what the pipeline cached: nothing"
    );
    assert_eq!(server.hits("/pic.png"), 0, "opening an article fetched");
    assert!(
        gui.harness
            .query_by_role_and_label(egui::accesskit::Role::Link, "not a link")
            .is_none(),
        "a javascript: href is text, not a link"
    );
}
