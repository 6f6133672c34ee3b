//! The top bar: actions (refresh, add), the views, the theme, refresh progress; under it the
//! notice with its Undo ("Marked 37 read — Undo"), failing feeds and errors. It returns
//! commands; it changes nothing.

use super::commands::{Named, UiCommand, command_of, spec_of};
use super::state::{Paint, ThemeChoice, View};

/// The top bar pane.
pub fn toolbar_ui(ui: &mut egui::Ui, p: &mut Paint<'_>) {
    let state = p.state;
    ui.horizontal_wrapped(|ui| {
        let refresh = spec_of(Named::Refresh);
        if ui
            .add_enabled(!state.refresh.running, egui::Button::new(refresh.label))
            .on_hover_text(refresh.hover())
            .clicked()
        {
            p.out.push(UiCommand::Refresh);
        }
        let add = spec_of(Named::AddSubscription);
        if ui
            .button(format!("＋ {}", add.label))
            .on_hover_text(add.hover())
            .clicked()
        {
            p.out.push(UiCommand::OpenAddDialog);
        }
        ui.separator();
        for (view, named) in [
            (View::Reader, Named::Reader),
            (View::FetchStats, Named::FetchStats),
            (View::ImageStats, Named::ImageStats),
        ] {
            let spec = spec_of(named);
            if ui
                .selectable_label(state.view == view, spec.label)
                .on_hover_text(spec.hover())
                .clicked()
                && let Some(command) = command_of(named)
            {
                p.out.push(command);
            }
        }
        ui.separator();
        let mut theme = state.theme;
        egui::ComboBox::from_id_salt("theme")
            .selected_text(theme.label())
            .show_ui(ui, |ui| {
                for choice in ThemeChoice::ALL {
                    ui.selectable_value(&mut theme, choice, choice.label());
                }
            })
            .response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Theme"));
        if theme != state.theme {
            p.out.push(UiCommand::SetTheme(theme));
        }
        let help = spec_of(Named::Help);
        if ui.small_button("?").on_hover_text(help.hover()).clicked() {
            p.out.push(UiCommand::ToggleHelp);
        }
        if state.refresh.running {
            ui.separator();
            let total = state.refresh.total.max(1);
            ui.add(
                egui::ProgressBar::new(state.refresh.done as f32 / total as f32)
                    .desired_width(160.0)
                    .text(format!(
                        "{} of {} feeds",
                        state.refresh.done, state.refresh.total
                    )),
            );
        }
    });
    messages_ui(ui, p);
}

/// The notice, failing feeds and the last error, each with its own way out.
fn messages_ui(ui: &mut egui::Ui, p: &mut Paint<'_>) {
    let state = p.state;
    if let Some(notice) = &state.notice {
        ui.horizontal_wrapped(|ui| {
            ui.label(&notice.text);
            if notice.undo.is_some() {
                let undo = spec_of(Named::Undo);
                if ui.button(undo.label).on_hover_text(undo.hover()).clicked() {
                    p.out.push(UiCommand::Undo);
                }
            }
            if ui.small_button("Dismiss").clicked() {
                p.out.push(UiCommand::DismissNotice);
            }
        });
    }
    let (failing, total) = state.failing_feeds();
    if state.failures_shown && failing > 0 {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(format!(
                    "{failing} of {total} feeds could not be refreshed; what you have is still here. Hover a feed marked ! to see why."
                ))
                .color(ui.visuals().warn_fg_color),
            );
            if ui.small_button("Dismiss").clicked() {
                p.out.push(UiCommand::DismissFailures);
            }
        });
    }
    if let Some(error) = &state.error {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(error).color(ui.visuals().error_fg_color));
            if ui.small_button("Dismiss").clicked() {
                p.out.push(UiCommand::DismissError);
            }
        });
    }
}
