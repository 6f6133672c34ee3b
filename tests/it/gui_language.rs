//! The window in each language it speaks: the labels are the translated ones, nothing a
//! translation lengthened runs off the window at 1440×900 or 800×600, and the language chosen
//! in Settings applies at once, without a restart.

use egui_kittest::kittest::{NodeT, Queryable};
use lamplight::i18n::Lang;
use lamplight::ui::UiCommand;

use crate::gui::{Gui, gui_sized, settle_window};

/// Labels each language must show on the first screen (toolbar, smart lists, sidebar).
fn first_screen_labels(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &[
            "Refresh",
            "Add subscription…",
            "All unread",
            "Today",
            "Feeds",
        ],
        Lang::ZhCn => &["刷新", "添加订阅…", "全部未读", "今天", "订阅源"],
    }
}

/// Whether some control or text on screen has `label` in its name.
fn shows(gui: &Gui<'_>, label: &str) -> bool {
    gui.harness
        .query_all_by_label_contains(label)
        .next()
        .is_some()
}

fn window_in(lang: Lang, size: egui::Vec2) -> Gui<'static> {
    let mut gui = gui_sized(false, size);
    gui.harness
        .state_mut()
        .apply(UiCommand::SetLanguage(Some(lang)));
    settle_window(&mut gui.harness);
    gui
}

/// Every labelled control on screen lies within the window's width (a label longer than its
/// room would push its row, or itself, past the right edge).
fn assert_nothing_runs_off(gui: &Gui<'_>, size: egui::Vec2, what: &str) {
    let mut seen = 0;
    for node in gui.harness.query_all_by(|node| {
        node.label().is_some_and(|l| !l.is_empty())
            && matches!(
                node.role(),
                egui::accesskit::Role::Button
                    | egui::accesskit::Role::CheckBox
                    | egui::accesskit::Role::Label
            )
    }) {
        let rect = node.rect();
        if rect.top() >= size.y || rect.width() <= 0.0 {
            continue; // below the fold, scrolled away
        }
        seen += 1;
        let label = node.accesskit_node().label().unwrap_or_default();
        assert!(
            rect.left() >= -0.5 && rect.right() <= size.x + 0.5,
            "{what}: “{label}” runs off the window: {rect:?} in {size:?}"
        );
    }
    assert!(seen > 5, "{what}: the controls were found ({seen})");
}

#[test]
fn each_language_shows_its_own_labels_and_nothing_runs_off_the_window() {
    for size in [egui::vec2(1440.0, 900.0), egui::vec2(800.0, 600.0)] {
        for lang in Lang::ALL {
            let mut gui = window_in(lang, size);
            for label in first_screen_labels(lang) {
                assert!(shows(&gui, label), "{lang:?} at {size:?} shows “{label}”");
            }
            let other = if lang == Lang::En {
                Lang::ZhCn
            } else {
                Lang::En
            };
            for label in first_screen_labels(other) {
                assert!(
                    !shows(&gui, label),
                    "{lang:?} at {size:?} shows no {other:?} label “{label}”"
                );
            }
            assert_nothing_runs_off(&gui, size, &format!("{lang:?} main window at {size:?}"));
            gui.harness.state_mut().apply(UiCommand::ShowSettings(true));
            settle_window(&mut gui.harness);
            let language_row = match lang {
                Lang::En => "Language",
                Lang::ZhCn => "语言",
            };
            assert!(
                shows(&gui, language_row),
                "{lang:?}: Settings has its language row"
            );
            assert_nothing_runs_off(&gui, size, &format!("{lang:?} Settings at {size:?}"));
        }
    }
}

#[test]
fn the_language_chosen_in_settings_applies_without_a_restart() {
    let size = egui::vec2(1280.0, 800.0);
    let mut gui = window_in(Lang::En, size);
    gui.harness.state_mut().apply(UiCommand::ShowSettings(true));
    settle_window(&mut gui.harness);
    gui.harness.get_by_label("简体中文").click();
    settle_window(&mut gui.harness);
    assert!(shows(&gui, "刷新"), "the toolbar speaks Chinese");
    assert!(!shows(&gui, "Refresh"));
    assert_eq!(
        gui.harness.state().state().reading.language,
        Some(Lang::ZhCn),
        "the choice is kept with the window's settings"
    );
    // The Settings window takes the new language's width, then re-centres: let it come to rest
    // before clicking in it.
    gui.harness.run_steps(4);
    gui.harness.get_by_label("English").click();
    settle_window(&mut gui.harness);
    assert!(
        shows(&gui, "Refresh"),
        "and back to English: {:?}",
        gui.harness.state().state().reading.language
    );
}
