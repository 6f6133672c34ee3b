//! A feed's properties, in one window: its titles (own and given), address (editable, checked
//! by fetching before it is saved), site, icon, folder, state (failing, gone, moved), its last
//! fetches stage by stage, and the pictures it holds. Figures are read once per change of data
//! from indexed queries; the window never waits on the network. It returns commands.

use super::commands::{NameRequest, UiCommand};
use super::state::{Paint, feed_title};
use crate::engine::{LibraryChange, PictureKey};
use crate::i18n::in_words;
use crate::store::{FeedId, FetchRecord, ImageStats};
use crate::t;

/// What the window has read for the feed it shows, and the address being edited.
#[derive(Default)]
pub struct PropertiesPane {
    loaded: Option<(FeedId, u64)>,
    fetches: Vec<FetchRecord>,
    images: Option<ImageStats>,
    new_url: String,
}

/// The properties window, when a feed's is open.
pub fn properties_ui(ctx: &egui::Context, p: &mut Paint<'_>, pane: &mut PropertiesPane) {
    let Some(id) = p.state.properties else {
        return;
    };
    let Some(feed) = p.state.feeds.iter().find(|f| f.id == id) else {
        return;
    };
    if pane.loaded != Some((id, p.state.generation)) {
        if pane.loaded.map(|(f, _)| f) != Some(id) {
            pane.new_url = feed.url.clone();
        }
        pane.loaded = Some((id, p.state.generation));
        pane.fetches = p.store.fetches(Some(id), 8).unwrap_or_default();
        pane.images = p.store.image_stats(Some(id)).ok();
    }
    let width = (ctx.content_rect().width() - 40.0).clamp(200.0, 560.0);
    let mut open = true;
    egui::Window::new(t!("properties-title", title = feed_title(feed)))
        .id(egui::Id::unique("feed-properties"))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(width)
        .max_width(width)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
        .show(ctx, |ui| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
            egui::Grid::new("feed-properties-grid")
                .num_columns(2)
                .max_col_width(width * 0.7)
                .show(ui, |ui| {
                    let row = |ui: &mut egui::Ui, key: &str, value: String| {
                        ui.label(egui::RichText::new(key).weak());
                        ui.label(value);
                        ui.end_row();
                    };
                    row(ui, t!("properties-feed-title"), feed_title(feed));
                    if feed.user_title.is_some() {
                        row(ui, t!("properties-own-title"), feed.own_title.clone());
                    }
                    row(
                        ui,
                        t!("properties-site"),
                        feed.site_link.clone().unwrap_or_default(),
                    );
                    let folder = feed
                        .folder_id
                        .and_then(|d| p.state.folders.iter().find(|f| f.id == d))
                        .map_or_else(|| t!("properties-top-level").to_owned(), |f| f.name.clone());
                    row(ui, t!("list-folder"), folder);
                    row(
                        ui,
                        t!("properties-articles"),
                        t!(
                            "properties-articles-value",
                            count = feed.article_count,
                            unread = feed.unread_count
                        ),
                    );
                    if let Some(images) = &pane.images {
                        let mb = (images.webp_bytes + images.thumb_bytes) as f64 / 1_048_576.0;
                        row(
                            ui,
                            t!("settings-pictures"),
                            t!(
                                "properties-pictures-value",
                                cached = images.cached,
                                mb = format!("{mb:.1}"),
                                failed = images.failed
                            ),
                        );
                    }
                    let state = match (&feed.gone_reason, &feed.last_error) {
                        (Some(gone), _) => in_words(gone).into_owned(),
                        (None, Some(error)) => t!("properties-failed", error = in_words(error)),
                        (None, None) => t!("properties-fine").to_owned(),
                    };
                    row(ui, t!("properties-state"), state);
                    if let Some(note) = &feed.moved_note {
                        row(ui, t!("properties-moved"), in_words(note).into_owned());
                    }
                });
            if let Some(icon) = &feed.icon_url
                && let Some(texture) = p.pictures.get(&PictureKey::Reader(icon.clone()))
            {
                ui.add(egui::Image::new(&texture).fit_to_exact_size(egui::vec2(32.0, 32.0)));
            }
            ui.separator();
            let label = ui.label(t!("properties-address"));
            let edit =
                ui.add(egui::TextEdit::singleline(&mut pane.new_url).desired_width(width - 20.0));
            edit.labelled_by(label.id);
            ui.horizontal_wrapped(|ui| {
                let changed = pane.new_url.trim() != feed.url && !pane.new_url.trim().is_empty();
                if ui
                    .add_enabled(changed, egui::Button::new(t!("properties-save-address")))
                    .clicked()
                {
                    p.out.push(UiCommand::Change(LibraryChange::SetFeedUrl {
                        feed: id,
                        url: pane.new_url.trim().to_owned(),
                    }));
                }
                if ui.button(t!("rename")).clicked() {
                    p.out.push(UiCommand::AskName(NameRequest::RenameFeed {
                        feed: id,
                        name: feed_title(feed),
                    }));
                }
                if ui.button(t!("cmd-unsubscribe")).clicked() {
                    p.out.push(UiCommand::Unsubscribe(id));
                }
            });
            ui.separator();
            ui.label(egui::RichText::new(t!("properties-last-fetches")).strong());
            if pane.fetches.is_empty() {
                ui.label(t!("properties-none-yet"));
            }
            for r in &pane.fetches {
                let mut line = t!(
                    "properties-fetch-line",
                    when = crate::render::format_timestamp(Some(r.started_at)),
                    outcome = r.outcome.in_words(),
                    total = r.total_ms,
                    request = r.request_ms,
                    download = r.download_ms,
                    parse = r.parse_ms,
                    store = r.store_ms,
                    pictures = r.cover_images_ms + r.body_images_ms,
                    new = r.new_articles
                );
                for extra in [&r.error, &r.note].into_iter().flatten() {
                    line.push_str(&format!(" · {}", in_words(extra)));
                }
                ui.label(egui::RichText::new(line).small());
            }
        });
    if !open {
        p.out.push(UiCommand::ShowProperties(None));
    }
}
