//! The top bar: the sidebar toggle, actions (refresh, add), the views as tabs, settings and
//! help, refresh progress; under it the notice with its Undo ("Marked 37 read — Undo"), the
//! first run's bundled copy, failing feeds and errors. It returns
//! commands; it changes nothing.

use super::commands::{Named, UiCommand, command_of, spec_of};
use super::state::{Paint, View};
use crate::t;

/// The top bar pane.
pub fn toolbar_ui(ui: &mut egui::Ui, p: &mut Paint<'_>) {
    let state = p.state;
    ui.add_space(2.0);
    // Below this width the sidebar toggle, the views and settings show their icons alone, so
    // the bar stays one row.
    let compact = ui.available_width() < 1000.0;
    ui.horizontal_wrapped(|ui| {
        let sidebar = spec_of(Named::Sidebar);
        let response = ui
            .selectable_label(
                state.reading.sidebar,
                with_icon(Named::Sidebar, sidebar.label(), compact),
            )
            .on_hover_text(sidebar.hover());
        if named(
            &response,
            sidebar.label(),
            true,
            Some(state.reading.sidebar),
        )
        .clicked()
        {
            p.out.push(UiCommand::ToggleSidebar);
        }
        let refresh = spec_of(Named::Refresh);
        let enabled = !state.refresh.running;
        let response = ui
            .add_enabled(
                enabled,
                egui::Button::new(with_icon(Named::Refresh, refresh.label(), false)),
            )
            .on_hover_text(refresh.hover());
        if named(&response, refresh.label(), enabled, None).clicked() {
            p.out.push(UiCommand::Refresh);
        }
        let add = spec_of(Named::AddSubscription);
        let response = ui
            .button(with_icon(Named::AddSubscription, add.label(), false))
            .on_hover_text(add.hover());
        if named(&response, add.label(), true, None).clicked() {
            p.out.push(UiCommand::OpenAddDialog);
        }
        // Only with a sync account: push the marks made here, pull the server's.
        if !state.accounts.is_empty() {
            let enabled = !state.syncing;
            let response = ui
                .add_enabled(enabled, egui::Button::new(t!("sync")))
                .on_hover_text(t!("sync-tip"));
            if named(&response, t!("sync"), enabled, None).clicked() {
                p.out
                    .push(UiCommand::Account(super::accounts::AccountCommand::Sync));
            }
            if state.syncing {
                ui.spinner();
            }
        }
        ui.add_space(16.0);
        // The views, as tabs.
        for (view, which) in [
            (View::Reader, Named::Reader),
            (View::FetchStats, Named::FetchStats),
            (View::ImageStats, Named::ImageStats),
        ] {
            let spec = spec_of(which);
            let chosen = state.view == view;
            let mut tab = egui::Button::selectable(chosen, with_icon(which, spec.label(), compact))
                .frame_when_inactive(false);
            if chosen {
                // The chosen one is shown filled (a bold face would widen it and move the
                // controls after it).
                tab = tab.fill(ui.visuals().selection.bg_fill);
            }
            let response = ui.add(tab).on_hover_text(spec.hover());
            if named(&response, spec.label(), true, Some(state.view == view)).clicked()
                && let Some(command) = command_of(which)
            {
                p.out.push(command);
            }
        }
        ui.add_space(16.0);
        let settings = spec_of(Named::Settings);
        let response = ui
            .button(with_icon(Named::Settings, settings.label(), compact))
            .on_hover_text(settings.hover());
        if named(&response, settings.label(), true, None).clicked() {
            p.out.push(UiCommand::ShowSettings(true));
        }
        let help = spec_of(Named::Help);
        if ui.button("?").on_hover_text(help.hover()).clicked() {
            p.out.push(UiCommand::ToggleHelp);
        }
        if state.refresh.running {
            ui.add_space(8.0);
            let total = state.refresh.total.max(1);
            ui.add(
                egui::ProgressBar::new(state.refresh.done as f32 / total as f32)
                    .desired_width(160.0)
                    .text(t!(
                        "refresh-progress",
                        done = state.refresh.done,
                        total = state.refresh.total
                    )),
            );
        }
    });
    ui.add_space(2.0);
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
                if ui
                    .button(undo.label())
                    .on_hover_text(undo.hover())
                    .clicked()
                {
                    p.out.push(UiCommand::Undo);
                }
            }
            if ui.small_button(t!("dismiss")).clicked() {
                p.out.push(UiCommand::DismissNotice);
            }
        });
    }
    if state.failures_shown
        && let Some(site) = state.bundled_copy_shown()
    {
        // A first run offline: nothing is wrong, the bundled copy is what there is to read.
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(t!("first-run-bundled", site = site.to_string()))
                    .color(ui.visuals().weak_text_color()),
            );
            if ui.small_button(t!("dismiss")).clicked() {
                p.out.push(UiCommand::DismissFailures);
            }
        });
    }
    let (failing, total) = state.failing_feeds();
    if state.failures_shown && failing > 0 {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(t!("feeds-failing", failing = failing, total = total))
                    .color(ui.visuals().warn_fg_color),
            );
            if ui.small_button(t!("dismiss")).clicked() {
                p.out.push(UiCommand::DismissFailures);
            }
        });
    }
    if let Some(error) = &state.error {
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(error).color(ui.visuals().error_fg_color));
            if ui.small_button(t!("dismiss")).clicked() {
                p.out.push(UiCommand::DismissError);
            }
        });
    }
}

/// A toolbar label with its icon before it (glyphs cut from emoji-icon-font); `compact`, the
/// icon alone (the label stays its tooltip and accessible name).
fn with_icon(which: Named, label: &str, compact: bool) -> String {
    let icon = match which {
        Named::Sidebar => "☰",
        Named::Refresh => "⟳",
        Named::AddSubscription => "✚",
        Named::Reader => "📖",
        Named::FetchStats => "📊",
        Named::ImageStats => "🖼",
        Named::Settings => "⚙",
        _ => return label.to_owned(),
    };
    if compact {
        icon.to_owned()
    } else {
        format!("{icon} {label}")
    }
}

/// Names a control by its label alone (not its icon) for assistive technology; `selected`
/// for a toggle or a tab.
fn named<'r>(
    response: &'r egui::Response,
    label: &str,
    enabled: bool,
    selected: Option<bool>,
) -> &'r egui::Response {
    response.widget_info(|| match selected {
        Some(on) => egui::WidgetInfo::selected(egui::Role::Button, enabled, on, label),
        None => egui::WidgetInfo::labeled(egui::Role::Button, enabled, label),
    });
    response
}
