//! The settings window (Ctrl+,): theme, the reader's text size and width, whether the sidebar
//! shows; whether new articles' pictures are downloaded and how much their cache holds (with a
//! way to empty it); the bounds of every feed's automatic refresh interval; sync accounts
//! (`accounts.rs`). Every control returns a command; the window changes nothing itself.

use super::commands::UiCommand;
use super::commands::{Named, spec_of};
use super::state::{ReaderWidth, ReadingPrefs, TextStep, ThemeChoice, WindowState};
use crate::engine::LibraryChange;
use crate::engine::schedule::human;
use crate::i18n::Lang;
use crate::t;

const MIB: i64 = 1_048_576;
/// The picture cache caps offered.
const CACHE_CAPS: [i64; 5] = [128 * MIB, 256 * MIB, 512 * MIB, 1024 * MIB, 4096 * MIB];
/// The shortest automatic intervals offered, in seconds.
const MIN_INTERVALS: [i64; 4] = [5 * 60, 15 * 60, 30 * 60, 3600];
/// The longest automatic intervals offered, in seconds.
const MAX_INTERVALS: [i64; 4] = [6 * 3600, 12 * 3600, 86_400, 3 * 86_400];

/// The settings window, when open.
pub fn settings_ui(
    ctx: &egui::Context,
    state: &WindowState,
    account_form: &mut super::accounts::AccountForm,
    out: &mut Vec<UiCommand>,
) {
    if !state.settings_open {
        return;
    }
    let mut open = true;
    // Its id stays when its title changes language.
    egui::Window::new(spec_of(Named::Settings).label())
        .id(egui::Id::unique("settings-window"))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            // Scrolls when the window is shorter than the settings (800×600 with an account).
            let room = (ctx.content_rect().height() - 120.0).max(200.0);
            egui::ScrollArea::vertical()
                .max_height(room)
                .min_scrolled_height(room)
                .show(ui, |ui| {
                    egui::Grid::new("settings")
                        .num_columns(2)
                        .spacing([24.0, 12.0])
                        .show(ui, |ui| {
                            ui.label(t!("settings-theme"));
                            choices_ui(
                                ui,
                                state.theme,
                                ThemeChoice::ALL,
                                ThemeChoice::label,
                                out,
                                UiCommand::SetTheme,
                            );
                            ui.end_row();

                            ui.label(t!("settings-language"));
                            language_ui(ui, state.reading.language, out);
                            ui.end_row();

                            let reading = state.reading;
                            ui.label(spec_of(Named::TextSize).label());
                            ui.horizontal(|ui| {
                                let smaller = reading.text_size > ReadingPrefs::SMALLEST_TEXT;
                                if ui.add_enabled(smaller, egui::Button::new("A−")).clicked() {
                                    out.push(UiCommand::TextSize(TextStep::Smaller));
                                }
                                ui.label(t!("settings-points", size = reading.text_size));
                                let larger = reading.text_size < ReadingPrefs::LARGEST_TEXT;
                                if ui.add_enabled(larger, egui::Button::new("A+")).clicked() {
                                    out.push(UiCommand::TextSize(TextStep::Larger));
                                }
                                if ui
                                    .button(t!(
                                        "settings-text-reset",
                                        size = ReadingPrefs::NORMAL_TEXT
                                    ))
                                    .clicked()
                                {
                                    out.push(UiCommand::TextSize(TextStep::Normal));
                                }
                            });
                            ui.end_row();

                            ui.label(t!("settings-reader-width"));
                            choices_ui(
                                ui,
                                reading.width,
                                ReaderWidth::ALL,
                                ReaderWidth::label,
                                out,
                                UiCommand::SetReaderWidth,
                            );
                            ui.end_row();

                            ui.label(t!("settings-sidebar"));
                            let mut shown = reading.sidebar;
                            if ui
                                .checkbox(&mut shown, t!("settings-sidebar-show"))
                                .changed()
                            {
                                out.push(UiCommand::ToggleSidebar);
                            }
                            ui.end_row();

                            let library = state.library_settings;
                            ui.label(t!("settings-pictures"));
                            let mut download = library.pictures.download;
                            if ui
                                .checkbox(&mut download, t!("settings-pictures-download"))
                                .on_hover_text(t!("settings-pictures-download-tip"))
                                .changed()
                            {
                                out.push(UiCommand::Change(LibraryChange::SetPictures {
                                    download: Some(download),
                                    cache_cap_bytes: None,
                                }));
                            }
                            ui.end_row();

                            top_label(ui, t!("settings-picture-cache"));
                            ui.vertical(|ui| {
                                let cap = library.pictures.cache_cap_bytes;
                                ui.horizontal(|ui| {
                                    for choice in CACHE_CAPS {
                                        if ui
                                            .selectable_label(cap == choice, mib_label(choice))
                                            .clicked()
                                        {
                                            out.push(UiCommand::Change(
                                                LibraryChange::SetPictures {
                                                    download: None,
                                                    cache_cap_bytes: Some(choice),
                                                },
                                            ));
                                        }
                                    }
                                });
                                ui.label(t!("settings-cache-cap", size = mib_label(cap)));
                                if ui.button(t!("settings-cache-empty")).clicked() {
                                    out.push(UiCommand::TrimImageCache(0));
                                }
                            });
                            ui.end_row();

                            top_label(ui, t!("settings-refresh"));
                            ui.vertical(|ui| {
                                let limits = library.refresh;
                                interval_choices(
                                    ui,
                                    t!("settings-refresh-min"),
                                    limits.min_s,
                                    MIN_INTERVALS,
                                    |s| LibraryChange::SetScheduleLimits {
                                        min_s: Some(s),
                                        max_s: None,
                                    },
                                    out,
                                );
                                interval_choices(
                                    ui,
                                    t!("settings-refresh-max"),
                                    limits.max_s,
                                    MAX_INTERVALS,
                                    |s| LibraryChange::SetScheduleLimits {
                                        min_s: None,
                                        max_s: Some(s),
                                    },
                                    out,
                                );
                                ui.label(egui::RichText::new(t!("settings-refresh-note")).weak());
                            });
                            ui.end_row();

                            top_label(ui, t!("settings-accounts"));
                            super::accounts::accounts_section(ui, state, account_form, out);
                            ui.end_row();
                        });
                });
        });
    if !open {
        out.push(UiCommand::ShowSettings(false));
    }
}

/// The system's language or one of the shipped ones, each named in itself.
fn language_ui(ui: &mut egui::Ui, current: Option<Lang>, out: &mut Vec<UiCommand>) {
    ui.horizontal(|ui| {
        let system = crate::i18n::system_language().native_name();
        let choices = std::iter::once((None, t!("language-system", language = system)))
            .chain(Lang::ALL.map(|l| (Some(l), l.native_name().to_owned())));
        for (choice, label) in choices {
            if ui.selectable_label(current == choice, label).clicked() {
                out.push(UiCommand::SetLanguage(choice));
            }
        }
    });
}

/// One choice of several, side by side; a click asks for `command` of it.
fn choices_ui<T: Copy + PartialEq, const N: usize>(
    ui: &mut egui::Ui,
    current: T,
    all: [T; N],
    label: fn(T) -> &'static str,
    out: &mut Vec<UiCommand>,
    command: fn(T) -> UiCommand,
) {
    ui.horizontal(|ui| {
        for choice in all {
            if ui
                .selectable_label(current == choice, label(choice))
                .clicked()
            {
                out.push(command(choice));
            }
        }
    });
}

/// "512 MiB", "4 GiB".
fn mib_label(bytes: i64) -> String {
    let mib = bytes / MIB;
    if mib >= 1024 && mib % 1024 == 0 {
        format!("{} GiB", mib / 1024)
    } else {
        format!("{mib} MiB")
    }
}

/// "Check a feed at most every [5 min] [15 min] …": the current bound selected; a click asks
/// for `change`.
fn interval_choices<const N: usize>(
    ui: &mut egui::Ui,
    label: &str,
    current_s: i64,
    offered: [i64; N],
    change: fn(i64) -> LibraryChange,
    out: &mut Vec<UiCommand>,
) {
    ui.horizontal(|ui| {
        ui.label(label);
        for seconds in offered {
            if ui
                .selectable_label(current_s == seconds, human(seconds))
                .clicked()
            {
                out.push(UiCommand::Change(change(seconds)));
            }
        }
    });
}

/// A row's label, at the top of a row taller than one line.
fn top_label(ui: &mut egui::Ui, text: &str) {
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        ui.label(text);
    });
}
