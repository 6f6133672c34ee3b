//! The sidebar: smart feeds (All unread, Today, Starred) with counts, then every feed with its
//! unread count, a spinner while it refreshes, and its last error on hover.

use super::app::{LamplightApp, Selection};

/// The sidebar pane.
pub fn sidebar_ui(app: &mut LamplightApp, ui: &mut egui::Ui) {
    ui.add_space(4.0);
    let smart = [
        (Selection::AllUnread, "All unread"),
        (Selection::Today, "Today"),
        (Selection::Starred, "Starred"),
    ];
    for (n, (selection, label)) in smart.into_iter().enumerate() {
        let count = app.smart_counts[n];
        let text = format!("{label}  {count}");
        if ui
            .selectable_label(app.selection == selection, text)
            .clicked()
        {
            app.select(selection);
        }
    }
    ui.separator();
    ui.label(egui::RichText::new("Feeds").weak());
    let mut clicked = None;
    let row_height = ui.spacing().interact_size.y;
    // Virtualised like the article list: hundreds of subscriptions cost what is visible.
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, app.feeds().len(), |ui, range| {
            for feed in &app.feeds()[range] {
                let selected = app.selection == Selection::Feed(feed.id.0);
                ui.horizontal(|ui| {
                    if app.refresh.in_flight.contains(&feed.id) {
                        ui.add(egui::Spinner::new().size(12.0));
                    } else if feed.last_error.is_some() {
                        ui.label(
                            egui::RichText::new("!")
                                .strong()
                                .color(ui.visuals().warn_fg_color),
                        );
                    } else {
                        ui.label(egui::RichText::new("●").weak());
                    }
                    let title = if feed.title.is_empty() {
                        feed.url.clone()
                    } else {
                        feed.title.clone()
                    };
                    let text = if feed.unread_count > 0 {
                        format!("{title}  {}", feed.unread_count)
                    } else {
                        title
                    };
                    let mut response = ui.selectable_label(selected, text);
                    if let Some(error) = &feed.last_error {
                        response = response.on_hover_text(format!("Last fetch failed: {error}"));
                    } else {
                        response = response.on_hover_text(&feed.url);
                    }
                    if response.clicked() {
                        clicked = Some(feed.id);
                    }
                });
            }
        });
    if let Some(id) = clicked {
        app.select(Selection::Feed(id.0));
    }
}
