//! The window's side of full articles: the reader shows the page's article, switches to the
//! feed's text with F or a click and remembers that for the feed; rows mark what is ready
//! offline; "Make available offline" fills the gaps in the background and says how it went.

use egui_kittest::kittest::Queryable;
use lamplight::ui::UiCommand;

use crate::full_text::{article_page, two_page_site};
use crate::gui::{Gui, gui_with_images};
use crate::support::Route;

fn shown(gui: &Gui<'_>) -> String {
    gui.harness
        .state()
        .open_row()
        .and_then(|r| r.content_html.clone())
        .unwrap_or_default()
}

#[test]
fn the_reader_shows_the_full_article_switches_to_the_feed_text_and_remembers() {
    let server = two_page_site();
    let mut gui = gui_with_images(true);
    gui.subscribe(&server.url("/feed.xml"));
    let good = gui.article_id("The lighthouse logbooks");
    let gone = gui.article_id("A page that is gone");

    gui.harness.state_mut().apply(UiCommand::OpenArticle(good));
    gui.settle();
    assert!(
        shown(&gui).contains("telegraph"),
        "the full article is shown"
    );
    assert!(gui.harness.query_by_label("Full article").is_some());
    assert!(gui.harness.query_by_label("Feed text").is_some());
    let rows = gui.harness.state().painted().rows.clone();
    let mark = |id| rows.iter().find(|r| r.id == id).map(|r| r.offline_ready);
    assert_eq!(mark(good), Some(true), "the ready article carries the mark");
    assert_eq!(
        mark(gone),
        Some(false),
        "the one whose page failed does not"
    );

    // F: the feed's text, remembered for the feed.
    gui.harness.key_press(egui::Key::F);
    gui.settle();
    assert!(
        shown(&gui).contains("A short teaser") && !shown(&gui).contains("telegraph"),
        "{}",
        shown(&gui)
    );
    let feed = gui.harness.state().open_row().expect("open").feed_id;
    let stored = gui.stored_feed(feed);
    assert!(
        stored.reader_feed_text,
        "the choice is stored with the feed"
    );
    gui.harness.state_mut().apply(UiCommand::OpenArticle(gone));
    gui.settle();
    gui.harness.state_mut().apply(UiCommand::OpenArticle(good));
    gui.settle();
    assert!(
        shown(&gui).contains("A short teaser"),
        "the feed's text again"
    );
    gui.harness.get_by_label("Full article").click();
    gui.settle();
    assert!(shown(&gui).contains("telegraph"));

    // The page that failed comes back: "Make available offline" reads it.
    assert_eq!(gui.harness.state().feeds()[0].offline_ready_count, Some(1));
    server.route(
        "/articles/missing.html",
        Route::plain(
            article_page("A page that is gone", &server.url("/img/lamp.png")),
            "text/html",
        ),
    );
    gui.harness
        .state_mut()
        .apply(UiCommand::MakeAvailableOffline(feed));
    gui.wait_until("the offline report", |app| {
        app.notice().is_some_and(|n| n.contains("ready offline"))
    });
    assert_eq!(
        gui.harness.state().notice(),
        Some("Coastal Notes: 2 of 2 articles ready offline")
    );
    gui.settle();
    assert_eq!(gui.harness.state().feeds()[0].offline_ready_count, Some(2));
    let rows = &gui.harness.state().painted().rows;
    assert!(rows.iter().all(|r| r.offline_ready), "every row marked now");
}
