//! Reading comfort, checked on what the window paints: body text contrast (WCAG AAA, 7:1) and
//! the selected row's texts (4.5:1) in both themes, real bold faces, the reader's text size
//! keys, pictures that are not cached shown as a quiet box with their cause, and a snapshot of
//! the reader on a fixed article that any change of its painting must be checked against.

use egui::Color32;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use lamplight::ui::theme::{Palette, contrast};
use lamplight::ui::{ReadingPrefs, UiCommand};

use crate::gui::{Gui, fixture_gui};
use crate::support::TestServer;

const WITH_PICTURES: &str = "参与定制行业标准-《数据资产管理实践白皮书3.0》";

/// The fixture in a window, with its first article with pictures open.
fn reading() -> (TestServer, Gui<'static>) {
    let (server, mut gui) = fixture_gui();
    let id = gui.article_id(WITH_PICTURES);
    gui.harness.state_mut().apply(UiCommand::OpenArticle(id));
    gui.settle();
    (server, gui)
}

/// Every painted text section: (its text, colour, font size, family, where it is).
fn painted_texts(gui: &Gui<'_>) -> Vec<(String, Color32, f32, egui::FontFamily, egui::Rect)> {
    let mut out = Vec::new();
    for clipped in &gui.harness.output().shapes {
        if let egui::Shape::Text(text) = &clipped.shape {
            let rect = text.visual_bounding_rect();
            // Neighbouring sections that differ only in letter spacing (the thin gap where
            // Chinese meets Latin) are one piece of text to a reader.
            let mut merged: Vec<(String, &egui::text::TextFormat)> = Vec::new();
            for section in &text.galley.job.sections {
                let piece =
                    &text.galley.job.text[section.byte_range.start.0..section.byte_range.end.0];
                let format = &section.format;
                match merged.last_mut() {
                    Some((text, last))
                        if last.font_id == format.font_id && last.color == format.color =>
                    {
                        text.push_str(piece)
                    }
                    _ => merged.push((piece.to_owned(), format)),
                }
            }
            for (piece, format) in merged {
                if !piece.trim().is_empty() {
                    let color = if text.override_text_color.is_some() {
                        text.override_text_color.unwrap_or(format.color)
                    } else {
                        format.color
                    };
                    out.push((
                        piece,
                        color,
                        format.font_id.size,
                        format.font_id.family.clone(),
                        rect,
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn body_text_and_the_selected_row_are_readable_in_both_themes() {
    let (_server, mut gui) = reading();
    for theme in [egui::Theme::Dark, egui::Theme::Light] {
        gui.harness.ctx.set_theme(theme);
        gui.harness.run_steps(2);
        let palette = Palette::of(theme);
        let visuals = gui.harness.ctx.global_style().visuals.clone();
        assert_eq!(visuals.dark_mode, theme == egui::Theme::Dark);
        // The theme's colours.
        for (what, fg, bg, least) in [
            ("body text", palette.text, palette.background, 7.0),
            ("egui's text", visuals.text_color(), visuals.panel_fill, 7.0),
            ("titles", palette.strong, palette.background, 7.0),
            ("dates and names", palette.weak, palette.background, 4.5),
            ("links", palette.link, palette.background, 4.5),
            (
                "a selected title",
                palette.selected_text,
                palette.selected_background,
                4.5,
            ),
            (
                "a selected row's date",
                palette.selected_weak,
                palette.selected_background,
                4.5,
            ),
        ] {
            let ratio = contrast(fg, bg);
            assert!(ratio >= least, "{theme:?} {what}: {ratio:.2}:1");
        }
        // What is painted: the reader's paragraphs in the body colour on the page.
        let texts = painted_texts(&gui);
        let paragraph = texts
            .iter()
            .filter(|(t, ..)| t.contains("2018数据资产管理大会"))
            .max_by(|a, b| a.4.left().total_cmp(&b.4.left()))
            .expect("the first paragraph is painted");
        assert!(
            contrast(paragraph.1, visuals.panel_fill) >= 7.0,
            "{theme:?}: paragraph {:?} on {:?}",
            paragraph.1,
            visuals.panel_fill
        );
        // The open article's row: every text in it stands out from the selected background.
        let row = gui
            .harness
            .get_by_role_and_label(Role::Button, WITH_PICTURES)
            .rect();
        let in_row: Vec<_> = texts
            .iter()
            .filter(|(.., rect)| row.contains(rect.center()))
            .collect();
        assert!(
            in_row.len() >= 3,
            "title, feed and date, summary: {in_row:?}"
        );
        for (text, color, ..) in in_row {
            let ratio = contrast(*color, palette.selected_background);
            assert!(ratio >= 4.5, "{theme:?}: {text:?} at {ratio:.2}:1");
        }
    }
}

#[test]
fn the_reader_sets_text_in_real_faces_at_the_size_asked_for() {
    let (_server, mut gui) = reading();
    let body_size = |gui: &Gui<'_>| {
        // The reader's paragraph, not the list's summary of it (which is further left).
        painted_texts(gui)
            .into_iter()
            .filter(|(t, ..)| t.contains("2018数据资产管理大会"))
            .max_by(|a, b| a.4.left().total_cmp(&b.4.left()))
            .map(|(_, _, size, ..)| size)
            .expect("the first paragraph is painted")
    };
    assert_eq!(body_size(&gui), ReadingPrefs::NORMAL_TEXT);
    // The headline is set in the bold face, not in a brighter colour.
    let headline = painted_texts(&gui)
        .into_iter()
        .find(|(t, _, size, ..)| t == WITH_PICTURES && *size > 20.0)
        .expect("the headline");
    assert_eq!(headline.3, egui::FontFamily::Name("bold".into()));

    let ctrl = egui::Modifiers::COMMAND;
    gui.harness.key_press_modifiers(ctrl, egui::Key::Equals);
    gui.harness.run_steps(2);
    gui.harness.key_press_modifiers(ctrl, egui::Key::Plus);
    gui.harness.run_steps(2);
    assert_eq!(gui.harness.state().state().reading.text_size, 18.0);
    assert_eq!(body_size(&gui), 18.0);
    gui.harness.key_press_modifiers(ctrl, egui::Key::Minus);
    gui.harness.run_steps(2);
    assert_eq!(body_size(&gui), 17.0);
    gui.harness.key_press_modifiers(ctrl, egui::Key::Num0);
    gui.harness.run_steps(2);
    assert_eq!(body_size(&gui), ReadingPrefs::NORMAL_TEXT);
    // The whole window did not zoom: egui's own Ctrl +/− is off.
    assert_eq!(gui.harness.ctx.zoom_factor(), 1.0);
}

#[test]
fn a_picture_not_cached_is_a_quiet_box_with_its_cause() {
    // Pictures are off in this window: none was downloaded.
    let (_server, gui) = reading();
    let texts = painted_texts(&gui);
    assert!(
        texts.iter().all(|(t, ..)| !t.contains("[image")),
        "no bracketed placeholders"
    );
    let boxes = texts
        .iter()
        .filter(|(t, ..)| t.contains("Picture not available offline — not downloaded yet"))
        .count();
    assert!(boxes >= 1, "the cause is said: {texts:?}");
    assert!(
        gui.harness
            .query_all_by_label_contains("点击在新窗口中浏览此图片")
            .next()
            .is_some(),
        "the picture's description is shown"
    );
}

/// Where the reader's snapshot lives; `LAMPLIGHT_UPDATE_SNAPSHOTS=1` rewrites it.
const READER_SNAPSHOT: &str = "tests/snapshots/reader-fixture.txt";

/// The reader as painted, one text section a line: size, face, colour, where, and the text.
/// Only bundled fonts are used (no machine's fonts), and times of day are left out (they are
/// local), so the same build paints the same lines anywhere.
fn reader_snapshot(gui: &Gui<'_>, reader: egui::Pos2) -> String {
    let time_of_day = |t: &str| {
        t.as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit())
    };
    painted_texts(gui)
        .into_iter()
        .filter(|(text, .., rect)| {
            rect.left() >= reader.x && rect.top() >= reader.y && !time_of_day(text)
        })
        .map(|(text, color, size, family, rect)| {
            format!(
                "{size:.1} {family:?} #{:02x}{:02x}{:02x}{:02x} [{:.0},{:.0}]-[{:.0},{:.0}] {}",
                color.r(),
                color.g(),
                color.b(),
                color.a(),
                rect.left(),
                rect.top(),
                rect.right(),
                rect.bottom(),
                text.replace('\n', "⏎")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn the_reader_paints_a_fixed_article_as_its_snapshot_says() {
    let server = crate::support::TestServer::start();
    server.route(
        "/feed.php",
        crate::support::Route::feed(crate::support::fixture(), "v1"),
    );
    let mut gui = crate::gui::gui_with_fonts(
        false,
        egui::vec2(1440.0, 900.0),
        lamplight::ui::FontSource::Nothing,
    );
    gui.subscribe(&server.url("/feed.php"));
    let id = gui.article_id(WITH_PICTURES);
    gui.harness.state_mut().apply(UiCommand::OpenArticle(id));
    gui.settle();
    let headline = painted_texts(&gui)
        .into_iter()
        .find(|(t, _, size, ..)| t == WITH_PICTURES && *size > 20.0)
        .expect("the headline is painted");
    let painted = reader_snapshot(&gui, headline.4.left_top() - egui::vec2(2.0, 2.0));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(READER_SNAPSHOT);
    if std::env::var_os("LAMPLIGHT_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("dir")).expect("snapshot dir");
        std::fs::write(&path, &painted).expect("snapshot written");
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if painted != expected {
        let first_difference = painted
            .lines()
            .zip(expected.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("painted:  {a}\nexpected: {b}"))
            .unwrap_or_else(|| "one has more lines".into());
        panic!(
            "the reader paints differently from {READER_SNAPSHOT} ({} lines vs {}):\n{first_difference}\n\
             If the change is meant, rerun with LAMPLIGHT_UPDATE_SNAPSHOTS=1 and commit the file.",
            painted.lines().count(),
            expected.lines().count()
        );
    }
}
