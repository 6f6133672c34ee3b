//! The settings window (Ctrl+,): theme, the reader's text size and width, whether the sidebar
//! shows, and what the picture cache holds with a way to trim it. Every control returns a
//! command; the window changes nothing itself.

use super::commands::UiCommand;
use super::state::{ReaderWidth, ReadingPrefs, TextStep, ThemeChoice, WindowState};

/// The settings window, when open. `cache_cap` is the picture cache's size limit in bytes.
pub fn settings_ui(
    ctx: &egui::Context,
    state: &WindowState,
    cache_cap: i64,
    out: &mut Vec<UiCommand>,
) {
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

                    ui.label("Picture cache");
                    ui.vertical(|ui| {
                        ui.label(format!(
                            "Up to {:.0} MiB; the least recently read pictures go first.",
                            cache_cap as f64 / 1_048_576.0
                        ));
                        if ui
                            .button("Empty it (starred articles keep theirs)")
                            .clicked()
                        {
                            out.push(UiCommand::TrimImageCache(0));
                        }
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
