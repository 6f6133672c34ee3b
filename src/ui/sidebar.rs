//! The sidebar: smart feeds (All unread, Today, Starred) with counts, then folders (with their
//! unread counts, collapsible) and feeds, each with its unread count, a spinner while it
//! refreshes and its last error on hover. Right-click a feed or folder to mark it read, move a
//! feed between folders, or rename and delete folders.

use super::app::{LamplightApp, Selection};
use std::collections::HashMap;

use crate::engine::PictureKey;
use crate::links::display_url;
use crate::store::{FeedId, FeedRow, FolderId, FolderRow, MarkScope};

/// One line of the sidebar's feed list.
enum Row<'a> {
    Folder(&'a FolderRow),
    Feed(&'a FeedRow, bool),
}

/// What the folder-name dialog is for.
#[derive(Debug, Clone)]
pub enum FolderDialog {
    /// A new folder, and the feed to put in it (if any).
    New {
        feed: Option<FeedId>,
        name: String,
    },
    Rename {
        folder: FolderId,
        name: String,
    },
}

/// What a right-click asked for.
enum Action {
    Select(Selection),
    ToggleFolder(i64),
    MarkRead(MarkScope),
    Move(FeedId, Option<FolderId>),
    NewFolder(Option<FeedId>),
    Rename(FolderId, String),
    DeleteFolder(FolderId),
}

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
        if ui
            .selectable_label(app.selection == selection, format!("{label}  {count}"))
            .clicked()
        {
            app.select(selection);
        }
    }
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new("Feeds").weak());
        if ui.small_button("New folder…").clicked() {
            app.folder_dialog = Some(FolderDialog::New {
                feed: None,
                name: String::new(),
            });
        }
    });

    // Feed icons from the cache (asked for once each; they arrive as events).
    let icons: HashMap<FeedId, egui::TextureHandle> = {
        let wanted: Vec<(FeedId, String)> = app
            .feeds()
            .iter()
            .filter_map(|f| f.icon_url.clone().map(|u| (f.id, u)))
            .collect();
        wanted
            .into_iter()
            .filter_map(|(id, url)| {
                let key = PictureKey::Reader(url);
                app.pictures
                    .get(&key, &app.engine, &app.sink)
                    .map(|t| (id, t))
            })
            .collect()
    };
    let rows = rows(app);
    let mut action = None;
    let row_height = ui.spacing().interact_size.y;
    // Virtualised like the article list: hundreds of subscriptions cost what is visible.
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for row in &rows[range] {
                let acted = match row {
                    Row::Folder(folder) => folder_row_ui(app, ui, folder),
                    Row::Feed(feed, indented) => {
                        feed_row_ui(app, ui, feed, *indented, icons.get(&feed.id))
                    }
                };
                if acted.is_some() {
                    action = acted;
                }
            }
        });
    if let Some(action) = action {
        apply(app, action);
    }
}

/// Folders first (each followed by its feeds unless collapsed), then top-level feeds.
fn rows(app: &LamplightApp) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    for folder in app.folders() {
        rows.push(Row::Folder(folder));
        if !app.collapsed.contains(&folder.id.0) {
            rows.extend(
                app.feeds()
                    .iter()
                    .filter(|f| f.folder_id == Some(folder.id))
                    .map(|f| Row::Feed(f, true)),
            );
        }
    }
    rows.extend(
        app.feeds()
            .iter()
            .filter(|f| f.folder_id.is_none())
            .map(|f| Row::Feed(f, false)),
    );
    rows
}

fn folder_row_ui(app: &LamplightApp, ui: &mut egui::Ui, folder: &FolderRow) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        let open = !app.collapsed.contains(&folder.id.0);
        if ui.small_button(if open { "−" } else { "+" }).clicked() {
            action = Some(Action::ToggleFolder(folder.id.0));
        }
        let selected = app.selection == Selection::Folder(folder.id.0);
        let text = if folder.unread_count > 0 {
            format!("{}  {}", folder.name, folder.unread_count)
        } else {
            folder.name.clone()
        };
        let response = ui.selectable_label(selected, egui::RichText::new(text).strong());
        if response.clicked() {
            action = Some(Action::Select(Selection::Folder(folder.id.0)));
        }
        response.context_menu(|ui| {
            if ui.button("Mark all read").clicked() {
                action = Some(Action::MarkRead(MarkScope::Folder(folder.id)));
            }
            if ui.button("Rename…").clicked() {
                action = Some(Action::Rename(folder.id, folder.name.clone()));
            }
            if ui.button("Delete folder (feeds move to the top)").clicked() {
                action = Some(Action::DeleteFolder(folder.id));
            }
        });
    });
    action
}

fn feed_row_ui(
    app: &LamplightApp,
    ui: &mut egui::Ui,
    feed: &FeedRow,
    indented: bool,
    icon: Option<&egui::TextureHandle>,
) -> Option<Action> {
    let mut action = None;
    ui.horizontal(|ui| {
        if indented {
            ui.add_space(16.0);
        }
        if app.refresh.in_flight.contains(&feed.id) {
            ui.add(egui::Spinner::new().size(12.0));
        } else if feed.last_error.is_some() {
            ui.label(
                egui::RichText::new("!")
                    .strong()
                    .color(ui.visuals().warn_fg_color),
            );
        } else if let Some(icon) = icon {
            ui.add(egui::Image::new(icon).fit_to_exact_size(egui::vec2(14.0, 14.0)));
        } else {
            ui.label(egui::RichText::new("●").weak());
        }
        let title = if feed.title.is_empty() {
            display_url(&feed.url).into_owned()
        } else {
            feed.title.clone()
        };
        let text = if feed.unread_count > 0 {
            format!("{title}  {}", feed.unread_count)
        } else {
            title
        };
        let selected = app.selection == Selection::Feed(feed.id.0);
        let mut response = ui.selectable_label(selected, text);
        response = match &feed.last_error {
            Some(error) => response.on_hover_text(format!("Last fetch failed: {error}")),
            None => response.on_hover_text(display_url(&feed.url)),
        };
        if response.clicked() {
            action = Some(Action::Select(Selection::Feed(feed.id.0)));
        }
        response.context_menu(|ui| {
            if ui.button("Mark all read").clicked() {
                action = Some(Action::MarkRead(MarkScope::Feed(feed.id)));
            }
            ui.menu_button("Move to folder", |ui| {
                for folder in app.folders() {
                    if Some(folder.id) != feed.folder_id && ui.button(&folder.name).clicked() {
                        action = Some(Action::Move(feed.id, Some(folder.id)));
                    }
                }
                if feed.folder_id.is_some() && ui.button("Top level").clicked() {
                    action = Some(Action::Move(feed.id, None));
                }
                if ui.button("New folder…").clicked() {
                    action = Some(Action::NewFolder(Some(feed.id)));
                }
            });
        });
    });
    action
}

fn apply(app: &mut LamplightApp, action: Action) {
    let sink = app.sink.clone();
    match action {
        Action::Select(selection) => app.select(selection),
        Action::ToggleFolder(id) => {
            if !app.collapsed.remove(&id) {
                app.collapsed.insert(id);
            }
        }
        Action::MarkRead(scope) => app.mark_all_read(scope),
        Action::Move(feed, folder) => app
            .engine
            .spawn_write(sink, false, move |store| store.move_feed(feed, folder)),
        Action::NewFolder(feed) => {
            app.folder_dialog = Some(FolderDialog::New {
                feed,
                name: String::new(),
            })
        }
        Action::Rename(folder, name) => {
            app.folder_dialog = Some(FolderDialog::Rename { folder, name })
        }
        Action::DeleteFolder(folder) => {
            if app.selection == Selection::Folder(folder.0) {
                app.select(Selection::AllUnread);
            }
            app.engine
                .spawn_write(sink, false, move |store| store.delete_folder(folder))
        }
    }
}

/// The folder-name dialog (new folder, or rename), when open.
pub fn folder_dialog_ui(app: &mut LamplightApp, ctx: &egui::Context) {
    let Some(dialog) = app.folder_dialog.as_mut() else {
        return;
    };
    let (title, name) = match dialog {
        FolderDialog::New { name, .. } => ("New folder", name),
        FolderDialog::Rename { name, .. } => ("Rename folder", name),
    };
    let mut done = None;
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 100.0])
        .show(ctx, |ui| {
            let label = ui.label("Folder name");
            let edit = ui.add(egui::TextEdit::singleline(name).desired_width(260.0));
            let edit = edit.labelled_by(label.id);
            if !edit.has_focus() && name.is_empty() {
                edit.request_focus();
            }
            let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                let ok = !name.trim().is_empty();
                if (ui.add_enabled(ok, egui::Button::new("Save")).clicked() || entered) && ok {
                    done = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    done = Some(false);
                }
            });
        });
    match done {
        Some(true) => {
            let sink = app.sink.clone();
            match app.folder_dialog.take() {
                Some(FolderDialog::New { feed, name }) => {
                    app.engine.spawn_write(sink, false, move |store| {
                        let folder = store.create_folder(&name)?;
                        match feed {
                            Some(feed) => store.move_feed(feed, Some(folder)),
                            None => Ok(()),
                        }
                    })
                }
                Some(FolderDialog::Rename { folder, name }) => {
                    app.engine
                        .spawn_write(sink, false, move |store| store.rename_folder(folder, &name))
                }
                None => {}
            }
        }
        Some(false) => app.folder_dialog = None,
        None => {}
    }
}
