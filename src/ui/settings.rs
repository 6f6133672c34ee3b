//! The settings window (Ctrl+,): theme, the reader's text size and width, whether the sidebar
//! shows; whether new articles' pictures are downloaded and how much their cache holds (with a
//! way to empty it); the bounds of every feed's automatic refresh interval. Every control
//! returns a command; the window changes nothing itself.

use super::commands::UiCommand;
use super::state::{ReaderWidth, ReadingPrefs, TextStep, ThemeChoice, WindowState};
use crate::engine::LibraryChange;
use crate::engine::schedule::human;

const MIB: i64 = 1_048_576;
/// The picture cache caps offered.
const CACHE_CAPS: [i64; 5] = [128 * MIB, 256 * MIB, 512 * MIB, 1024 * MIB, 4096 * MIB];
/// The shortest automatic intervals offered, in seconds.
const MIN_INTERVALS: [i64; 4] = [5 * 60, 15 * 60, 30 * 60, 3600];
/// The longest automatic intervals offered, in seconds.
const MAX_INTERVALS: [i64; 4] = [6 * 3600, 12 * 3600, 86_400, 3 * 86_400];

/// The settings window, when open.
pub fn settings_ui(ctx: &egui::Context, state: &WindowState, out: &mut Vec<UiCommand>) {
    if !state.settings_open {
        return;
    }
    let mut open = true;
    egui::Window::new("Settings")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            egui::Grid::new("settings")
                .num_columns(2)
                .spacing([24.0, 12.0])
                .show(ui, |ui| {
                    ui.label("Theme");
                    choices_ui(
                        ui,
                        state.theme,
                        ThemeChoice::ALL,
                        ThemeChoice::label,
                        out,
                        UiCommand::SetTheme,
                    );
                    ui.end_row();

                    let reading = state.reading;
                    ui.label("Text size");
                    ui.horizontal(|ui| {
                        let smaller = reading.text_size > ReadingPrefs::SMALLEST_TEXT;
                        if ui.add_enabled(smaller, egui::Button::new("A−")).clicked() {
                            out.push(UiCommand::TextSize(TextStep::Smaller));
                        }
                        ui.label(format!("{} pt", reading.text_size));
                        let larger = reading.text_size < ReadingPrefs::LARGEST_TEXT;
                        if ui.add_enabled(larger, egui::Button::new("A+")).clicked() {
                            out.push(UiCommand::TextSize(TextStep::Larger));
                        }
                        if ui
                            .button(format!("Reset to {} pt", ReadingPrefs::NORMAL_TEXT))
                            .clicked()
                        {
                            out.push(UiCommand::TextSize(TextStep::Normal));
                        }
                    });
                    ui.end_row();

                    ui.label("Reader width");
                    choices_ui(
                        ui,
                        reading.width,
                        ReaderWidth::ALL,
                        ReaderWidth::label,
                        out,
                        UiCommand::SetReaderWidth,
                    );
                    ui.end_row();

                    ui.label("Feed sidebar");
                    let mut shown = reading.sidebar;
                    if ui.checkbox(&mut shown, "Show the feeds (B)").changed() {
                        out.push(UiCommand::ToggleSidebar);
                    }
                    ui.end_row();

                    let library = state.library_settings;
                    ui.label("Pictures");
                    let mut download = library.pictures.download;
                    if ui
                        .checkbox(&mut download, "Download the pictures of new articles")
                        .on_hover_text(
                            "Off: articles are read without their pictures, which are not fetched",
                        )
                        .changed()
                    {
                        out.push(UiCommand::Change(LibraryChange::SetPictures {
                            download: Some(download),
                            cache_cap_bytes: None,
                        }));
                    }
                    ui.end_row();

                    top_label(ui, "Picture cache");
                    ui.vertical(|ui| {
                        let cap = library.pictures.cache_cap_bytes;
                        ui.horizontal(|ui| {
                            for choice in CACHE_CAPS {
                                if ui
                                    .selectable_label(cap == choice, mib_label(choice))
                                    .clicked()
                                {
                                    out.push(UiCommand::Change(LibraryChange::SetPictures {
                                        download: None,
                                        cache_cap_bytes: Some(choice),
                                    }));
                                }
                            }
                        });
                        ui.label(format!(
                            "Up to {}; the least recently read pictures go first.",
                            mib_label(cap)
                        ));
                        if ui
                            .button("Empty it (starred articles keep theirs)")
                            .clicked()
                        {
                            out.push(UiCommand::TrimImageCache(0));
                        }
                    });
                    ui.end_row();

                    top_label(ui, "Refresh");
                    ui.vertical(|ui| {
                        let limits = library.refresh;
                        interval_choices(
                            ui,
                            "Check a feed at most every",
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
                            "and at least every",
                            limits.max_s,
                            MAX_INTERVALS,
                            |s| LibraryChange::SetScheduleLimits {
                                min_s: None,
                                max_s: Some(s),
                            },
                            out,
                        );
                        ui.label(
                            egui::RichText::new(
                                "Within these, each feed follows how often it publishes and \
                                 what its server asks; a feed's tooltip says why.",
                            )
                            .weak(),
                        );
                    });
                    ui.end_row();
                });
        });
    if !open {
        out.push(UiCommand::ShowSettings(false));
    }
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
