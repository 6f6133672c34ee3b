//! The sidebar pane: smart feeds (All unread, Today, Starred) with counts, then folders (with
//! their unread counts, collapsible) and feeds, each with its unread count, a spinner while it
//! refreshes and its last error on hover. Right-click a feed or folder to mark it read, move a
//! feed between folders, or rename and delete folders. It returns commands; it changes nothing
//! but its own folder-name dialog's text.

use std::collections::HashMap;

use super::commands::{NameRequest, Named, UiCommand, spec_of};
use super::state::{Paint, Selection, feed_title, shows_bundled_copy};
use crate::engine::{LibraryChange, PictureKey};
use crate::i18n::in_words;
use crate::links::display_url;
use crate::store::{FeedId, FeedRow, FolderRow, MarkScope};
use crate::t;

/// One line of the sidebar's feed list.
enum Row<'a> {
    Folder(&'a FolderRow),
    Feed(&'a FeedRow, bool),
}

/// The name dialog: a new folder (for a feed, maybe), or a folder's or feed's new name.
#[derive(Debug, Clone)]
pub struct NameDialog {
    request: NameRequest,
    name: String,
}

impl NameDialog {
    pub fn new(request: NameRequest) -> NameDialog {
        let name = match &request {
            NameRequest::NewFolder { .. } => String::new(),
            NameRequest::RenameFolder { name, .. } | NameRequest::RenameFeed { name, .. } => {
                name.clone()
            }
        };
        NameDialog { request, name }
    }
}

/// The sidebar pane.
pub fn sidebar_ui(ui: &mut egui::Ui, p: &mut Paint<'_>) {
    ui.add_space(4.0);
    let state = p.state;
    for selection in [Selection::AllUnread, Selection::Today, Selection::Starred] {
        let count = state.count_of(selection);
        p.painted.sidebar.push((selection, count));
        let response = ui.add(
            egui::Button::selectable(
                state.selection == selection,
                format!("{}  {count}", state.title_of(selection)),
            )
            .truncate(),
        );
        if response.clicked() {
            p.out.push(UiCommand::Select(selection));
        }
    }
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(t!("sidebar-feeds")).weak());
        if ui
            .small_button(t!("folder-new"))
            .on_hover_text(t!("folder-new-tip"))
            .clicked()
        {
            p.out
                .push(UiCommand::AskName(NameRequest::NewFolder { feed: None }));
        }
    });
    // Feed icons from the cache (asked for once each; they arrive as events).
    let icons: HashMap<FeedId, egui::TextureHandle> = state
        .feeds
        .iter()
        .filter_map(|f| {
            let url = f.icon_url.clone()?;
            p.pictures.get(&PictureKey::Reader(url)).map(|t| (f.id, t))
        })
        .collect();
    let rows = rows(p);
    let row_height = ui.spacing().interact_size.y;
    // Virtualised like the article list: hundreds of subscriptions cost what is visible.
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for row in &rows[range] {
                match row {
                    Row::Folder(folder) => folder_row_ui(ui, p, folder),
                    Row::Feed(feed, indented) => {
                        feed_row_ui(ui, p, feed, *indented, icons.get(&feed.id))
                    }
                }
            }
        });
}

/// Folders first (each followed by its feeds unless collapsed), then top-level feeds.
fn rows<'a>(p: &Paint<'a>) -> Vec<Row<'a>> {
    let state = p.state;
    let mut rows = Vec::new();
    for folder in &state.folders {
        rows.push(Row::Folder(folder));
        if !state.collapsed.contains(&folder.id.0) {
            rows.extend(
                state
                    .feeds
                    .iter()
                    .filter(|f| f.folder_id == Some(folder.id))
                    .map(|f| Row::Feed(f, true)),
            );
        }
    }
    rows.extend(
        state
            .feeds
            .iter()
            .filter(|f| f.folder_id.is_none())
            .map(|f| Row::Feed(f, false)),
    );
    rows
}

/// "Name  12", or just the name when nothing is unread.
fn with_count(name: &str, unread: i64) -> String {
    if unread > 0 {
        format!("{name}  {unread}")
    } else {
        name.to_owned()
    }
}

fn folder_row_ui(ui: &mut egui::Ui, p: &mut Paint<'_>, folder: &FolderRow) {
    let selection = Selection::Folder(folder.id.0);
    p.painted.sidebar.push((selection, folder.unread_count));
    ui.horizontal(|ui| {
        let open = !p.state.collapsed.contains(&folder.id.0);
        let toggle = ui.small_button(if open { "−" } else { "+" });
        toggle.widget_info(|| {
            let name = folder.name.as_str();
            let label = if open {
                t!("folder-collapse", name = name)
            } else {
                t!("folder-expand", name = name)
            };
            egui::WidgetInfo::labeled(egui::Role::Button, true, label)
        });
        if toggle.clicked() {
            p.out.push(UiCommand::ToggleFolder(folder.id));
        }
        let text = egui::RichText::new(with_count(&folder.name, folder.unread_count)).strong();
        let response =
            ui.add(egui::Button::selectable(p.state.selection == selection, text).truncate());
        if response.clicked() {
            p.out.push(UiCommand::Select(selection));
        }
        response.context_menu(|ui| {
            if ui.button(spec_of(Named::MarkAllRead).label()).clicked() {
                p.out
                    .push(UiCommand::MarkAllRead(MarkScope::Folder(folder.id)));
            }
            if ui.button(t!("rename")).clicked() {
                p.out.push(UiCommand::AskName(NameRequest::RenameFolder {
                    folder: folder.id,
                    name: folder.name.clone(),
                }));
            }
            if ui.button(t!("folder-delete")).clicked() {
                p.out
                    .push(UiCommand::Change(LibraryChange::DeleteFolder(folder.id)));
            }
        });
    });
}

fn feed_row_ui(
    ui: &mut egui::Ui,
    p: &mut Paint<'_>,
    feed: &FeedRow,
    indented: bool,
    icon: Option<&egui::TextureHandle>,
) {
    let selection = Selection::Feed(feed.id.0);
    p.painted.sidebar.push((selection, feed.unread_count));
    // Painted by hand, not as a row of widgets: hundreds of subscriptions cost little.
    let selected = p.state.selection == selection;
    let (rect, mut response) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), ui.spacing().interact_size.y),
        egui::Sense::click(),
    );
    let text = with_count(&p.shown(&feed_title(feed)), feed.unread_count);
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::Button, true, selected, text.clone())
    });
    if ui.is_rect_visible(rect) {
        let palette = super::theme::Palette::current(ui.visuals());
        let painter = ui.painter_at(rect);
        if selected {
            painter.rect_filled(rect, 4.0, palette.selected_background);
        } else if response.hovered() {
            painter.rect_filled(rect, 4.0, palette.quiet_fill);
        }
        let left = rect.left() + 4.0 + if indented { 16.0 } else { 0.0 };
        let mark = egui::Rect::from_center_size(
            egui::pos2(left + 7.0, rect.center().y),
            egui::vec2(14.0, 14.0),
        );
        if p.state.refresh.in_flight.contains(&feed.id) || p.state.offline.contains_key(&feed.id) {
            ui.put(mark, egui::Spinner::new().size(12.0));
        } else if feed.last_error.is_some() && !shows_bundled_copy(feed) {
            painter.text(
                mark.center(),
                egui::Align2::CENTER_CENTER,
                "!",
                egui::FontId::new(
                    14.0,
                    super::fonts::styled_family(&egui::FontFamily::Proportional, true, false),
                ),
                ui.visuals().warn_fg_color,
            );
        } else if let Some(icon) = icon {
            painter.image(
                icon.id(),
                mark,
                egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                egui::Color32::WHITE,
            );
        } else {
            painter.circle_filled(mark.center(), 4.0, palette.weak.gamma_multiply(0.6));
        }
        let color = if selected {
            palette.selected_text
        } else {
            palette.text
        };
        let font = egui::TextStyle::Button.resolve(ui.style());
        let width = (rect.right() - mark.right() - 10.0).max(20.0);
        let job = ui
            .fonts_mut(|f| {
                // A right-to-left title in visual order, cut at its logical end.
                super::title_line::title_line(
                    f,
                    &text,
                    egui::TextFormat::simple(font.clone(), color),
                    width,
                )
            })
            .unwrap_or_else(|| {
                let mut job = egui::text::LayoutJob::simple_singleline(text.clone(), font, color);
                job.wrap.max_width = width;
                job.wrap.max_rows = 1;
                job.wrap.break_anywhere = true;
                job
            });
        let galley = ui.fonts_mut(|f| f.layout_job(job));
        let top = rect.center().y - galley.size().y / 2.0;
        painter.galley(egui::pos2(mark.right() + 6.0, top), galley, color);
    }
    response = match &feed.last_error {
        Some(error) if shows_bundled_copy(feed) => {
            response.on_hover_text(t!("feed-bundled-copy", error = in_words(error)))
        }
        Some(error) => response.on_hover_ui(|ui| {
            ui.label(t!("feed-last-fetch-failed", error = in_words(error)));
            ui.label(next_refresh_line(feed));
        }),
        // Built only while hovered: parsing every feed's URL each frame adds up.
        None => response.on_hover_ui(|ui| {
            ui.label(display_url(&feed.url));
            ui.label(offline_line(feed, p.state.offline.get(&feed.id)));
            ui.label(next_refresh_line(feed));
        }),
    };
    if response.clicked() {
        p.out.push(UiCommand::Select(selection));
    }
    response.context_menu(|ui| {
        if ui.button(spec_of(Named::MarkAllRead).label()).clicked() {
            p.out.push(UiCommand::MarkAllRead(MarkScope::Feed(feed.id)));
        }
        if ui.button(t!("feed-properties")).clicked() {
            p.out.push(UiCommand::ShowProperties(Some(feed.id)));
        }
        if ui.button(t!("rename")).clicked() {
            p.out.push(UiCommand::AskName(NameRequest::RenameFeed {
                feed: feed.id,
                name: feed_title(feed),
            }));
        }
        if ui.button(spec_of(Named::FetchStats).label()).clicked() {
            p.out.push(UiCommand::ShowFeedStats(Some(feed.id)));
        }
        ui.separator();
        ui.label(egui::RichText::new(offline_line(feed, p.state.offline.get(&feed.id))).weak());
        if ui
            .add_enabled(
                !p.state.offline.contains_key(&feed.id),
                egui::Button::new(t!("offline-make")),
            )
            .on_hover_text(t!("offline-make-tip"))
            .clicked()
        {
            p.out.push(UiCommand::MakeAvailableOffline(feed.id));
        }
        ui.menu_button(t!("full-text-menu"), |ui| {
            use crate::store::FullTextMode;
            ui.label(egui::RichText::new(feed.full_text.describe()).weak());
            for (mode, label) in [
                (FullTextMode::Auto, t!("full-text-auto")),
                (FullTextMode::On, t!("full-text-on")),
                (FullTextMode::Off, t!("full-text-off")),
            ] {
                if ui.radio(feed.full_text.mode == mode, label).clicked() {
                    p.out.push(UiCommand::Change(LibraryChange::SetFullText {
                        feed: feed.id,
                        mode,
                    }));
                }
            }
        });
        let mut notify_new = feed.notify_new;
        if ui
            .checkbox(&mut notify_new, t!("notify-new"))
            .on_hover_text(t!("notify-new-tip"))
            .clicked()
        {
            p.out.push(UiCommand::Change(LibraryChange::SetNotifyNew {
                feed: feed.id,
                on: notify_new,
            }));
        }
        ui.separator();
        ui.menu_button(t!("folder-move-to"), |ui| {
            for folder in &p.state.folders {
                if Some(folder.id) != feed.folder_id && ui.button(&folder.name).clicked() {
                    p.out.push(UiCommand::Change(LibraryChange::MoveFeed {
                        feed: feed.id,
                        folder: Some(folder.id),
                    }));
                }
            }
            if feed.folder_id.is_some() && ui.button(t!("folder-top-level")).clicked() {
                p.out.push(UiCommand::Change(LibraryChange::MoveFeed {
                    feed: feed.id,
                    folder: None,
                }));
            }
            if ui.button(t!("folder-new")).clicked() {
                p.out.push(UiCommand::AskName(NameRequest::NewFolder {
                    feed: Some(feed.id),
                }));
            }
        });
        ui.separator();
        let unsubscribe = spec_of(Named::Unsubscribe);
        if ui
            .button(unsubscribe.label())
            .on_hover_text(unsubscribe.hover())
            .clicked()
        {
            p.out.push(UiCommand::Unsubscribe(feed.id));
        }
    });
}

/// The name dialog (new folder, or a folder's or feed's new name), when open.
pub fn name_dialog_ui(
    ctx: &egui::Context,
    dialog: &mut Option<NameDialog>,
    out: &mut Vec<UiCommand>,
) {
    let Some(open) = dialog.as_mut() else {
        return;
    };
    let (title, label) = match &open.request {
        NameRequest::NewFolder { .. } => (t!("folder-new-title"), t!("folder-name")),
        NameRequest::RenameFolder { .. } => (t!("folder-rename-title"), t!("folder-name")),
        NameRequest::RenameFeed { .. } => (t!("feed-rename-title"), t!("feed-title-field")),
    };
    // A feed's title may be cleared (back to the feed's own); a folder needs a name.
    let may_be_empty = matches!(open.request, NameRequest::RenameFeed { .. });
    let mut save = false;
    egui::Window::new(title)
        .id(egui::Id::unique("name-dialog"))
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 100.0])
        .show(ctx, |ui| {
            let label = ui.label(label);
            let width = (ctx.content_rect().width() - 80.0).clamp(120.0, 320.0);
            let edit = ui.add(egui::TextEdit::singleline(&mut open.name).desired_width(width));
            let edit = edit.labelled_by(label.id);
            if !edit.has_focus() && open.name.is_empty() {
                edit.request_focus();
            }
            let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                let ok = may_be_empty || !open.name.trim().is_empty();
                if (ui.add_enabled(ok, egui::Button::new(t!("save"))).clicked() || entered) && ok {
                    save = true;
                }
                if ui.button(t!("cancel")).clicked() {
                    out.push(UiCommand::CloseNameDialog);
                }
            });
        });
    if save && let Some(NameDialog { request, name }) = dialog.take() {
        let change = match request {
            NameRequest::NewFolder { feed } => LibraryChange::CreateFolder {
                name,
                with_feed: feed,
            },
            NameRequest::RenameFolder { folder, .. } => {
                LibraryChange::RenameFolder { folder, name }
            }
            NameRequest::RenameFeed { feed, .. } => LibraryChange::RenameFeed {
                feed,
                title: Some(name).filter(|n| !n.trim().is_empty()),
            },
        };
        out.push(UiCommand::Change(change));
    }
}

/// How much of a feed reads offline, or how far making it so has come.
fn offline_line(feed: &FeedRow, progress: Option<&(usize, usize)>) -> String {
    match progress {
        Some((done, total)) if *total > 0 => {
            t!("offline-progress", done = *done, total = *total)
        }
        Some(_) => t!("offline-starting").to_owned(),
        None => match feed.offline_ready_count {
            Some(ready) => t!("offline-ready", ready = ready, total = feed.article_count),
            // Not read yet: the window's first frame leaves it to the reading thread.
            None => t!("offline-counting").to_owned(),
        },
    }
}

/// When the feed is fetched next, and why.
pub(super) fn next_refresh_line(feed: &FeedRow) -> String {
    if feed.gone_reason.is_some() {
        return t!("refresh-not-any-more").to_owned();
    }
    let when = super::charts::local_time(feed.next_refresh_at, false);
    match &feed.refresh_reason {
        Some(reason) => t!(
            "refresh-next-because",
            when = when,
            reason = in_words(reason)
        ),
        None => t!("refresh-next", when = when),
    }
}
