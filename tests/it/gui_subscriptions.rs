//! Managing subscriptions in the window: unsubscribe (Delete) with Undo that restores every
//! mark, rename through the dialog, hide read per list, the properties window, and
//! new-article notifications (turned on from the sidebar; a click opens the article).

use egui_kittest::kittest::{NodeT, Queryable};
use lamplight::engine::LibraryChange;
use lamplight::ui::{Selection, UiCommand};

use crate::gui::gui;
use crate::support::{Route, TestServer, fixture};

#[test]
fn unsubscribe_with_delete_then_undo_restores_the_feed_and_every_mark() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let mut gui = gui();
    gui.subscribe(&server.url("/feed.php"));
    let feed = gui.harness.state().feeds()[0].id;
    let ids: Vec<_> = gui
        .harness
        .state()
        .painted()
        .rows
        .iter()
        .map(|r| r.id)
        .collect();
    let engine = gui.harness.state().engine().clone();
    for change in [
        LibraryChange::SetStarred {
            article: ids[0],
            starred: true,
        },
        LibraryChange::SetRead {
            article: ids[1],
            read: true,
        },
        LibraryChange::SetRead {
            article: ids[2],
            read: true,
        },
    ] {
        engine.apply(&change).expect("mark");
    }
    gui.settle();
    let marks = || {
        engine
            .store()
            .articles(&Default::default())
            .expect("articles")
            .into_iter()
            .map(|a| (a.id, a.feed_id, a.read, a.starred))
            .collect::<Vec<_>>()
    };
    let before = marks();

    assert_eq!(gui.harness.state().selection(), Selection::Feed(feed.0));
    gui.harness.key_press(egui::Key::Delete);
    gui.settle();
    let notice = gui.harness.state().notice().unwrap_or("").to_owned();
    assert!(
        notice.contains("Unsubscribed from 运维进行时")
            && notice.contains("1 starred kept in Saved"),
        "{notice}"
    );
    let feeds = gui.harness.state().feeds().to_vec();
    assert_eq!(feeds.len(), 1, "only Saved is left");
    assert!(feeds[0].saved && feeds[0].article_count == 1);
    assert_eq!(gui.harness.state().selection(), Selection::AllUnread);

    gui.harness.get_by_label("Undo").click();
    gui.settle();
    assert_eq!(marks(), before, "every article and mark is back");
    let feeds = gui.harness.state().feeds();
    assert_eq!(feeds.len(), 1, "the empty Saved place is gone again");
    assert_eq!(feeds[0].id, feed);
    assert_eq!(gui.harness.state().selection(), Selection::Feed(feed.0));
    assert!(gui.harness.query_by_label("运维进行时  8").is_some());
}

#[test]
fn rename_hide_read_and_properties_from_the_window() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let mut gui = gui();
    gui.subscribe(&server.url("/feed.php"));
    let feed = gui.harness.state().feeds()[0].id;

    gui.harness.state_mut().apply(UiCommand::AskName(
        lamplight::ui::commands::NameRequest::RenameFeed {
            feed,
            name: String::new(),
        },
    ));
    gui.harness.run_steps(3);
    let field = gui
        .harness
        .get_by_label("Feed title (empty: the feed's own)");
    field.focus();
    field.type_text("我的运维");
    gui.harness.step();
    gui.harness.key_press(egui::Key::Enter);
    gui.settle();
    let row = gui.harness.state().feeds()[0].clone();
    assert_eq!(
        (row.title.as_str(), row.own_title.as_str()),
        ("我的运维", "运维进行时")
    );
    assert!(gui.harness.query_by_label("我的运维  10").is_some());

    // Hide read: a read article leaves this list when it is read again from the top.
    let first = gui.harness.state().painted().rows[0].id;
    gui.harness.state_mut().apply(UiCommand::OpenArticle(first));
    gui.harness.key_press(egui::Key::M);
    gui.settle();
    gui.harness.key_press(egui::Key::H);
    gui.settle();
    let rows = &gui.harness.state().painted().rows;
    assert_eq!(rows.len(), 9);
    assert!(rows.iter().all(|r| r.unread_dot && r.id != first));
    assert!(
        gui.harness
            .state()
            .state()
            .prefs(Selection::Feed(feed.0))
            .hide_read
    );
    assert!(
        !gui.harness
            .state()
            .state()
            .prefs(Selection::AllUnread)
            .hide_read,
        "remembered per list"
    );

    gui.harness
        .state_mut()
        .apply(UiCommand::ShowProperties(Some(feed)));
    gui.settle();
    assert!(
        gui.harness
            .query_by_label("The feed calls itself")
            .is_some()
    );
    assert!(
        gui.harness
            .query_by_label("Check and save the address")
            .is_some()
    );
    assert!(
        gui.harness
            .query_all_by_label_contains("10 (9 unread)")
            .next()
            .is_some()
    );
    gui.harness.key_press(egui::Key::Escape);
    gui.settle();
    assert_eq!(gui.harness.state().state().properties, None);
}

#[test]
fn a_page_with_several_feeds_lets_the_reader_choose_one_by_title_and_count() {
    let server = TestServer::start();
    server.route(
        "/",
        Route::plain(
            r#"<!doctype html><html><head>
            <link rel="alternate" type="application/rss+xml" title="Posts" href="/feed.php">
            <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments.php">
            </head><body></body></html>"#,
            "text/html",
        ),
    );
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let comments = fixture().replacen(
        "<title>运维进行时</title>",
        "<title>运维进行时 · 评论</title>",
        1,
    );
    server.route("/comments.php", Route::feed(comments, "c1"));
    let mut gui = gui();
    gui.ask_to_subscribe(&server.url("/"));
    gui.settle();
    // Both offered, with their own titles and article counts; nothing subscribed yet.
    assert!(gui.harness.query_by_label("运维进行时 · 评论").is_some());
    assert_eq!(gui.harness.query_all_by_label("10 articles").count(), 2);
    assert!(gui.harness.state().feeds().is_empty());
    let buttons: Vec<_> = gui
        .harness
        .query_all_by_label("Subscribe to this")
        .collect();
    assert_eq!(buttons.len(), 2);
    buttons[1].click();
    gui.settle();
    let feeds = gui.harness.state().feeds();
    assert_eq!(feeds.len(), 1);
    assert_eq!(feeds[0].url, server.url("/comments.php"));
    assert!(
        gui.harness
            .query_by_label("Feed or web page address")
            .is_none(),
        "the dialog closed"
    );
}

#[test]
fn a_clicked_notification_shows_its_article_in_its_feed_and_the_sidebar_menu_turns_them_on() {
    let server = TestServer::start();
    server.route("/feed.php", Route::feed(fixture(), "v1"));
    let mut gui = gui();
    gui.subscribe(&server.url("/feed.php"));
    let feed = gui.harness.state().feeds()[0].clone();
    assert!(!feed.notify_new, "off by default");
    let rows = gui.harness.state().painted().rows.clone();
    let article = rows.last().expect("rows").id;
    gui.harness.state_mut().select(Selection::Starred);
    gui.settle();

    gui.harness.state_mut().open_from_outside(article);
    gui.settle();
    assert_eq!(gui.harness.state().selection(), Selection::Feed(feed.id.0));
    assert_eq!(
        gui.harness.state().open_row().map(|r| r.id),
        Some(article),
        "the clicked notification's article is open"
    );

    gui.harness
        .query_all_by_label_contains(&feed.title)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .expect("the feed's sidebar row")
        .click_secondary();
    gui.harness.run_steps(2);
    gui.harness
        .get_by_label("Notify about new articles")
        .click();
    gui.settle();
    let stored = gui.stored_feed(feed.id);
    assert!(stored.notify_new, "the menu turned notifications on");
    assert!(
        gui.harness.state().feeds()[0].notify_new,
        "and the sidebar knows"
    );
}
