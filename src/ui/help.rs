//! The keyboard-shortcut help (`?`): every named command with its keys and what it does, read
//! from the one command table.

use super::commands::{COMMANDS, UiCommand};
use super::state::WindowState;

/// The help window, when open.
pub fn help_ui(ctx: &egui::Context, state: &WindowState, out: &mut Vec<UiCommand>) {
    if !state.help_open {
        return;
    }
    egui::Window::new(crate::t!("cmd-help"))
        .id(egui::Id::unique("help-window"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts")
                .striped(true)
                .max_col_width((ctx.content_rect().width() - 160.0).max(120.0))
                .show(ui, |ui| {
                    for spec in COMMANDS.iter().filter(|s| !s.keys_text.is_empty()) {
                        ui.label(egui::RichText::new(spec.keys_text).monospace().strong());
                        ui.add(egui::Label::new(spec.tooltip()).wrap());
                        ui.end_row();
                    }
                });
            if ui.button(crate::t!("close")).clicked() {
                out.push(UiCommand::ToggleHelp);
            }
        });
}
