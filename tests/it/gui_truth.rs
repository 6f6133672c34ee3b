//! The window keeps one truth: each defect a new user met, as a test (the list, the header and
//! the sidebar agree with the store; Escape and choosing a feed leave the search; the reader
//! wraps at 800×600; the add dialog keeps focus and understands bare and image addresses;
//! mark-all-read can be undone exactly; O without a browser says why), and every interactive
//! widget of every view has an accessible name; a hidden window still refreshes due feeds.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use lamplight::engine::LibraryChange;
use lamplight::store::ArticleId;
use lamplight::ui::{Opener, Selection, UiCommand, View};

use crate::gui::{Gui, fixture_gui, gui, gui_sized};
use crate::support::{FIXTURE_TITLES, Route, TestServer, fixture};

fn painted_row(gui: &Gui<'_>, id: ArticleId) -> lamplight::ui::PaintedRow {
    gui.harness
        .state()
        .painted()
        .rows
        .iter()
        .find(|r| r.id == id)
        .cloned()
        .expect("the row is on screen")
}

#[test]
fn reading_in_all_unread_updates_the_rows_dot_and_the_header_count() {
    let (_server, mut gui) = fixture_gui();
    gui.harness.get_by_label(FIXTURE_TITLES[0]).click();
    gui.settle();
    let first = gui.harness.state().open_row().expect("open").id;
    gui.harness.key_press(egui::Key::M);
    gui.settle();
    gui.harness.key_press(egui::Key::J);
    gui.settle();
    gui.harness.key_press(egui::Key::M);
    gui.settle();
    let second = gui.harness.state().open_row().expect("open").id;
    assert_ne!(first, second);

    // Both stay in the list (nothing is pulled from under the reader), both without the dot.
    for id in [first, second] {
        assert!(
            !painted_row(&gui, id).unread_dot,
            "article {} shows unread",
            id.0
        );
    }
    let app = gui.harness.state();
    assert_eq!(app.painted().rows.len(), 10, "the rows stay");
    assert_eq!(app.smart_counts()[0], 8);
    assert_eq!(
        app.painted().header,
        Some((Selection::AllUnread, 8)),
        "the header counts unread articles, as the sidebar does, not loaded rows"
    );
    assert!(gui.harness.query_by_label("All unread  8").is_some());
    assert!(gui.harness.query_by_label("8 unread").is_some());
}

#[test]
fn a_mark_from_the_command_line_reaches_the_open_window() {
    let (_server, mut gui) = fixture_gui();
    let id = gui.harness.state().painted().rows[3].id;
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .arg("--data-dir")
        .arg(gui.dir.path())
        .args(["mark", &id.0.to_string(), "--read", "--star"])
        .status()
        .expect("lamplight mark");
    assert!(status.success());
    gui.settle();
    let row = painted_row(&gui, id);
    assert!(!row.unread_dot && row.star, "{row:?}");
    // (The fixture's articles are years old: Today has none.)
    assert_eq!(gui.harness.state().smart_counts(), [9, 0, 1]);
}

#[test]
fn escape_clears_the_search_from_anywhere_and_choosing_a_feed_leaves_it() {
    let (_server, mut gui) = fixture_gui();
    gui.harness
        .state_mut()
        .apply(UiCommand::SetSearch("kubernetes".into()));
    gui.settle();
    assert!(!gui.harness.state().search_hits().is_empty());
    // Highlighted, not wrapped in «».
    let marked = gui.harness.root().children_recursive().any(|node| {
        let node = node.accesskit_node();
        [node.label(), node.value()]
            .into_iter()
            .flatten()
            .any(|text| text.contains('«'))
    });
    assert!(!marked, "search hits show «» markers");
    // Escape without the field focused.
    gui.harness.key_press(egui::Key::Escape);
    gui.settle();
    assert!(gui.harness.state().search_hits().is_empty());
    assert_eq!(gui.harness.state().state().search.query, "");

    gui.harness
        .state_mut()
        .apply(UiCommand::SetSearch("python".into()));
    gui.settle();
    gui.harness
        .get_by_role_and_label(Role::Button, "运维进行时  10")
        .click();
    gui.settle();
    let app = gui.harness.state();
    assert!(matches!(app.selection(), Selection::Feed(_)));
    assert!(app.search_hits().is_empty() && app.state().search.query.is_empty());
    assert_eq!(
        app.painted().rows.len(),
        10,
        "the feed's rows, not search hits"
    );
}

#[test]
fn the_reader_wraps_inside_an_800_by_600_window() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    for size in [egui::vec2(800.0, 600.0), egui::vec2(640.0, 480.0)] {
        let mut gui = gui_sized(false, size);
        gui.subscribe(&server.url("/feed.php"));
        for title in FIXTURE_TITLES {
            gui.harness
                .state_mut()
                .apply(UiCommand::Select(Selection::AllUnread));
            gui.settle();
            let id = gui.article_id(title);
            gui.harness.state_mut().apply(UiCommand::OpenArticle(id));
            gui.settle();
            for clipped in &gui.harness.output().shapes {
                if let egui::Shape::Text(text) = &clipped.shape
                    && !text.galley.text().trim().is_empty()
                {
                    let rect = text.visual_bounding_rect();
                    assert!(
                        rect.right() <= size.x + 1.0,
                        "{title} at {size:?}: {:?} runs to x {}",
                        text.galley.text().chars().take(30).collect::<String>(),
                        rect.right()
                    );
                }
            }
        }
    }
}

#[test]
fn mark_all_read_says_how_many_and_undo_restores_exactly_those() {
    let (_server, mut gui) = fixture_gui();
    let already = gui.harness.state().painted().rows[2].id;
    gui.harness
        .state()
        .engine()
        .apply(&LibraryChange::SetRead {
            article: already,
            read: true,
        })
        .expect("read one");
    gui.settle();
    gui.harness.get_by_label("Mark all read").click();
    gui.settle();
    assert_eq!(gui.harness.state().notice(), Some("Marked 9 read"));
    assert!(gui.harness.query_by_label("Undo").is_some());
    assert_eq!(gui.harness.state().smart_counts()[0], 0);

    gui.harness.get_by_label("Undo").click();
    gui.settle();
    let app = gui.harness.state();
    assert_eq!(app.smart_counts()[0], 9, "the nine come back");
    let store = app.engine().store();
    assert!(
        store.article(already).expect("article").read,
        "the one read before stays read"
    );
}

#[test]
fn open_original_without_a_browser_says_why() {
    let (_server, mut gui) = fixture_gui();
    gui.harness
        .state_mut()
        .set_opener(Opener::with_search_path(""));
    gui.harness.get_by_label(FIXTURE_TITLES[1]).click();
    gui.settle();
    gui.harness.key_press(egui::Key::O);
    gui.settle();
    let notice = gui.harness.state().notice().unwrap_or("").to_owned();
    assert!(notice.contains("no web browser"), "{notice:?}");
    assert!(
        gui.harness
            .query_by_label_contains("no web browser")
            .is_some()
    );
}

#[test]
fn the_add_dialog_keeps_focus_and_understands_bare_and_image_addresses() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    server.route(
        "/photo.jpg",
        Route::plain(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "image/jpeg"),
    );
    let mut gui = gui();
    let type_and_enter = |gui: &mut Gui<'_>, text: &str| {
        gui.harness.state_mut().apply(UiCommand::OpenAddDialog);
        gui.harness.run_steps(3);
        let field = gui.harness.get_by_label("Feed or web page address");
        field.focus();
        field.type_text(text);
        gui.harness.step();
        gui.harness.key_press(egui::Key::Enter);
        gui.settle();
    };
    type_and_enter(&mut gui, &server.url("/photo.jpg"));
    assert!(
        gui.harness
            .query_by_label_contains("this is an image (image/jpeg), not a feed")
            .is_some(),
        "the image is named as one"
    );
    assert!(
        gui.harness
            .get_by_label("Feed or web page address")
            .is_focused(),
        "the field keeps the keyboard after an error"
    );
    gui.harness.key_press(egui::Key::Escape);
    gui.settle();

    // No scheme: https is tried first (this server speaks only http), then http.
    let bare = server.url("/feed.php").replace("http://", "");
    type_and_enter(&mut gui, &bare);
    let feeds = gui.harness.state().feeds();
    assert_eq!(feeds.len(), 1, "subscribed to {bare}");
    assert!(feeds[0].url.starts_with("http://"), "{}", feeds[0].url);
}

#[test]
fn the_failure_banner_counts_the_feeds_there_are_now() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let mut gui = gui();
    gui.subscribe(&server.url("/feed.php"));
    server.route("/feed.php", Route::Status(500, Vec::new()));
    gui.harness.state_mut().apply(UiCommand::Refresh);
    gui.settle();
    assert!(
        gui.harness
            .query_by_label_contains("1 of 1 feeds")
            .is_some()
    );

    let second = fixture()
        .replace("运维进行时", "第二个")
        .replace("blog.liuts.com", "two.example");
    server.route("/two.xml", Route::feed(second, "v1"));
    gui.subscribe(&server.url("/two.xml"));
    gui.settle();
    assert!(
        gui.harness
            .query_by_label_contains("1 of 2 feeds")
            .is_some(),
        "the banner counts the new feed"
    );
}

/// Roles a user operates, which must each carry a name.
fn needs_name(role: Role) -> bool {
    matches!(
        role,
        Role::Button
            | Role::CheckBox
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::SearchInput
            | Role::ComboBox
            | Role::Link
            | Role::RadioButton
            | Role::Slider
            | Role::Switch
    )
}

fn unnamed(gui: &Gui<'_>) -> Vec<String> {
    gui.harness
        .root()
        .children_recursive()
        .filter_map(|node| {
            let node = node.accesskit_node();
            let named = node.label().is_some_and(|l| !l.trim().is_empty());
            (needs_name(node.role()) && !named)
                .then(|| format!("{:?} {:?}", node.role(), node.id()))
        })
        .collect()
}

#[test]
fn every_interactive_widget_of_every_view_has_a_name() {
    let (_server, mut gui) = fixture_gui();
    gui.harness.get_by_label(FIXTURE_TITLES[0]).click();
    gui.settle();
    let mut views = Vec::new();
    views.push(("reader", unnamed(&gui)));
    gui.harness
        .state_mut()
        .apply(UiCommand::SetSearch("python".into()));
    gui.settle();
    views.push(("search", unnamed(&gui)));
    for (name, view) in [
        ("fetch statistics", View::FetchStats),
        ("image cache", View::ImageStats),
    ] {
        gui.harness.state_mut().apply(UiCommand::SwitchView(view));
        gui.settle();
        views.push((name, unnamed(&gui)));
    }
    let feed = gui.harness.state().feeds()[0].id;
    gui.harness
        .state_mut()
        .apply(UiCommand::ShowFeedStats(Some(feed)));
    gui.settle();
    views.push(("one feed's fetches", unnamed(&gui)));
    gui.harness
        .state_mut()
        .apply(UiCommand::SwitchView(View::Reader));
    gui.harness
        .state_mut()
        .apply(UiCommand::ShowProperties(Some(feed)));
    gui.settle();
    views.push(("feed properties", unnamed(&gui)));
    gui.harness.key_press(egui::Key::Escape);
    gui.harness.state_mut().apply(UiCommand::AskName(
        lamplight::ui::commands::NameRequest::RenameFeed {
            feed,
            name: "x".into(),
        },
    ));
    gui.settle();
    views.push(("rename dialog", unnamed(&gui)));
    gui.harness.key_press(egui::Key::Escape);
    gui.settle();
    gui.harness.state_mut().apply(UiCommand::OpenAddDialog);
    gui.settle();
    views.push(("add dialog", unnamed(&gui)));
    gui.harness.key_press(egui::Key::Escape);
    gui.settle();
    gui.harness.state_mut().apply(UiCommand::ToggleHelp);
    gui.settle();
    assert!(gui.harness.query_by_label("Keyboard shortcuts").is_some());
    views.push(("shortcut help", unnamed(&gui)));
    let bad: Vec<_> = views.into_iter().filter(|(_, v)| !v.is_empty()).collect();
    assert!(bad.is_empty(), "unnamed widgets: {bad:?}");
}

#[test]
fn an_idle_window_sleeps_until_the_next_feed_is_due() {
    let (_server, mut gui) = fixture_gui();
    gui.harness.state_mut().apply(UiCommand::DismissNotice);
    gui.settle();
    let now = lamplight::store::now_ms();
    let due_in_ms = gui
        .harness
        .state()
        .feeds()
        .iter()
        .map(|f| f.next_refresh_at - now)
        .min()
        .expect("a feed");
    gui.harness.step();
    let wake = gui
        .harness
        .state()
        .next_wake()
        .expect("the window wakes when the feed falls due");
    // The fixture last posted in 2019: checked daily. Over the next hour nothing wakes the
    // window — no timer to look for outside changes, no refresh — and then the one wake-up
    // it asks for is the feed falling due.
    assert!(due_in_ms > 3_600_000, "due in {due_in_ms} ms");
    assert!(
        (wake.as_millis() as i64 - due_in_ms).abs() < 5_000,
        "woken after {wake:?}, the feed is due in {due_in_ms} ms"
    );
}

#[test]
fn a_hidden_window_still_refreshes_a_feed_when_it_falls_due() {
    // A minimised or hidden window gets no `App::ui` from eframe, only `App::logic`: that
    // alone must take the outside change in, see the feed due and refresh it.
    let (server, mut gui) = fixture_gui();
    let hits_before = server.hits("/feed.php");
    let feed = gui.harness.state().feeds()[0].id;
    let data_dir = gui.harness.state().engine().data_dir().to_path_buf();
    crate::schedule::make_due(&data_dir, feed);
    loop {
        gui.harness.state_mut().run_logic();
        if server.hits("/feed.php") > hits_before && !gui.harness.state().is_busy() {
            break;
        }
        assert!(
            gui.harness
                .state_mut()
                .wait_for_engine_event(std::time::Duration::from_secs(20)),
            "nothing happened: {} requests",
            server.hits("/feed.php") - hits_before
        );
    }
    let stored = gui.stored_feed(feed);
    assert!(
        stored.next_refresh_at > lamplight::store::now_ms(),
        "rescheduled after the fetch: {:?}",
        stored.refresh_reason
    );
}
