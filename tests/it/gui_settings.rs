//! The library-wide settings from both faces — whether new articles' pictures are downloaded,
//! the picture cache's cap, the bounds of the automatic refresh interval — stored, shown and
//! obeyed by the next refresh; feed icons beside each row's feed name; and picture textures
//! kept within their memory budget.

use egui_kittest::kittest::Queryable;
use image::{DynamicImage, ImageFormat};
use lamplight::store::{PicturePrefs, Store};
use lamplight::ui::{Selection, UiCommand};

use crate::cli::{lamplight, stdout};
use crate::gui::gui_with_images;
use crate::images::encode;
use crate::support::{Route, TestServer};

/// A feed with an icon (`<image>`) whose items each carry a picture of their own.
fn feed_with_pictures(base: &str, items: usize) -> String {
    let entries: String = (0..items)
        .map(|n| {
            format!(
                "<item><title>Harbour photo {n}</title><guid>photo-{n}</guid>\
                 <pubDate>Mon, 0{} Jun 2026 10:00:00 GMT</pubDate>\
                 <description>&lt;p&gt;The harbour at dawn.&lt;/p&gt;&lt;img src=\"{base}/pic{n}.png\" alt=\"harbour {n}\"&gt;</description></item>",
                n + 1
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Harbour Photos</title>\
         <link>{base}/</link><image><url>{base}/icon.png</url><title>Harbour Photos</title>\
         <link>{base}/</link></image>{entries}</channel></rss>"
    )
}

fn serve(items: usize) -> TestServer {
    let server = TestServer::start();
    let png = |side: u32| encode(&DynamicImage::new_rgb8(side, side), ImageFormat::Png);
    server.route("/icon.png", Route::plain(png(32), "image/png"));
    for n in 0..4 {
        server.route(&format!("/pic{n}.png"), Route::plain(png(400), "image/png"));
    }
    let feed = feed_with_pictures(&server.url(""), items);
    server.route("/feed.xml", Route::feed(feed, "v1"));
    server
}

fn stored_prefs(dir: &std::path::Path) -> PicturePrefs {
    Store::open(&lamplight::paths::database_path(dir))
        .expect("store")
        .picture_prefs(PicturePrefs {
            download: true,
            cache_cap_bytes: 0,
        })
        .expect("prefs")
}

#[test]
fn each_row_shows_its_feeds_icon_once_cached() {
    let server = serve(2);
    let mut gui = gui_with_images(true);
    gui.subscribe(&server.url("/feed.xml"));
    let feed = gui.harness.state().feeds()[0].id;
    gui.harness.state_mut().select(Selection::Feed(feed.0));
    gui.settle();
    let rows = gui.harness.state().painted().rows.clone();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|r| r.feed_icon), "{rows:?}");
    assert_eq!(server.hits("/icon.png"), 1, "the icon is fetched once");
}

#[test]
fn the_settings_window_turns_pictures_off_sets_the_cache_cap_and_the_refresh_bounds() {
    let server = serve(1);
    let mut gui = gui_with_images(true);
    gui.subscribe(&server.url("/feed.xml"));
    assert_eq!(server.hits("/pic0.png"), 1, "pictures download by default");
    let dir = gui.harness.state().engine().data_dir().to_path_buf();

    gui.harness.state_mut().apply(UiCommand::ShowSettings(true));
    gui.harness.run_steps(2);
    gui.harness
        .get_by_label("Download the pictures of new articles")
        .click();
    gui.settle();
    gui.harness.get_by_label("128 MiB").click();
    gui.settle();
    gui.harness.get_by_label("30 min").click();
    gui.settle();
    assert_eq!(
        stored_prefs(&dir),
        PicturePrefs {
            download: false,
            cache_cap_bytes: 128 * 1_048_576
        }
    );
    assert!(!gui.harness.state().engine().picture_prefs().download);
    assert_eq!(
        gui.harness.state().engine().cache_cap_bytes(),
        128 * 1_048_576
    );
    let limits = Store::open(&lamplight::paths::database_path(&dir))
        .expect("store")
        .schedule_limits()
        .expect("limits");
    assert_eq!(limits, (Some(1800), None));
    let shown = gui.harness.state().state().library_settings;
    assert!(
        !shown.pictures.download && shown.refresh.min_s == 1800,
        "{shown:?}"
    );

    // The next refresh stores the new article without fetching its picture.
    let feed = feed_with_pictures(&server.url(""), 2);
    server.route("/feed.xml", Route::feed(feed, "v2"));
    gui.harness.state_mut().apply(UiCommand::Refresh);
    gui.settle();
    assert_eq!(gui.harness.state().feeds()[0].article_count, 2);
    assert_eq!(server.hits("/pic1.png"), 0, "pictures are off");
}

#[test]
fn the_command_line_shows_and_changes_the_picture_settings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shown = stdout(&lamplight(dir.path(), &["pictures"]));
    assert_eq!(
        shown.trim(),
        "Pictures of new articles: downloaded (for reading offline); the cache holds up to 512 MiB."
    );
    let changed = stdout(&lamplight(
        dir.path(),
        &["pictures", "--off", "--cache-mib", "256"],
    ));
    assert!(
        changed.contains("not downloaded") && changed.contains("256 MiB"),
        "{changed}"
    );
    assert_eq!(
        stored_prefs(dir.path()),
        PicturePrefs {
            download: false,
            cache_cap_bytes: 256 * 1_048_576
        }
    );
    let refused = lamplight(dir.path(), &["pictures", "--cache-mib", "5"]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("16 to 65,536 MiB"),
        "{refused:?}"
    );
    assert_eq!(stored_prefs(dir.path()).cache_cap_bytes, 256 * 1_048_576);
}

#[test]
fn picture_textures_stay_within_their_budget_and_come_back_when_needed() {
    let server = serve(4);
    let mut gui = gui_with_images(true);
    gui.subscribe(&server.url("/feed.xml"));
    let budget = 1 << 20;
    gui.harness.state_mut().set_texture_budget(budget);
    let ids: Vec<_> = (0..4)
        .map(|n| gui.article_id(&format!("Harbour photo {n}")))
        .collect();
    // Each reader picture is 400×400 RGBA.
    let one_picture = 400 * 400 * 4;
    let mut most = 0;
    for id in &ids {
        gui.harness.state_mut().apply(UiCommand::OpenArticle(*id));
        gui.settle();
        gui.harness.run_steps(3);
        let held = gui.harness.state().texture_bytes();
        most = most.max(held);
        assert!(
            held <= budget + one_picture,
            "{held} bytes of textures over a {budget}-byte budget"
        );
    }
    assert!(most >= one_picture, "the pictures were shown: {most}");
    // The first article's picture was let go; opening it again brings it back from the store.
    gui.harness
        .state_mut()
        .apply(UiCommand::OpenArticle(ids[0]));
    gui.settle();
    gui.harness.run_steps(3);
    assert!(gui.harness.state().texture_bytes() >= one_picture);
    assert_eq!(
        server.hits("/pic0.png"),
        1,
        "a picture comes back from the store's cache, not the network"
    );
}
