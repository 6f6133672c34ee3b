//! The article list: virtualised rows (`ScrollArea::show_rows`) over pages read from SQLite on
//! demand, so 100,000 articles cost what the visible rows cost.

use std::collections::HashMap;

use super::app::{LamplightApp, Selection};
use crate::engine::PictureKey;
use crate::store::{
    ArticleId, ArticleListFilter, ArticleRow, FeedId, FolderId, MarkScope, Store, now_ms,
};

const PAGE: usize = 100;
const ROW_HEIGHT: f32 = 62.0;
const THUMB: egui::Vec2 = egui::vec2(64.0, 48.0);

/// Pages of the list, read on demand and dropped when data changes.
#[derive(Default)]
pub struct ArticleList {
    total: Option<usize>,
    pages: HashMap<usize, Vec<ArticleRow>>,
    /// A row to bring into view on the next frame.
    pub scroll_to: Option<usize>,
}

impl ArticleList {
    /// The store filter a selection stands for.
    pub fn filter_for(selection: Selection) -> ArticleListFilter {
        let mut filter = ArticleListFilter::default();
        match selection {
            Selection::AllUnread => filter.unread_only = true,
            Selection::Starred => filter.starred_only = true,
            Selection::Today => filter.since = Some(start_of_today_ms()),
            Selection::Feed(id) => filter.feed = Some(FeedId(id)),
            Selection::Folder(id) => filter.folder = Some(FolderId(id)),
        }
        filter
    }

    pub fn invalidate(&mut self) {
        self.total = None;
        self.pages.clear();
    }

    /// How many rows the selection has.
    pub fn len(&mut self, store: &Store, selection: Selection) -> usize {
        if let Some(total) = self.total {
            return total;
        }
        let total = store
            .count_articles(&Self::filter_for(selection))
            .map_or(0, |n| n.max(0) as usize);
        self.total = Some(total);
        total
    }

    /// Row `index`, reading its page if needed.
    pub fn row(
        &mut self,
        store: &Store,
        selection: Selection,
        index: usize,
    ) -> Option<&ArticleRow> {
        let page = index / PAGE;
        if !self.pages.contains_key(&page) {
            let mut filter = Self::filter_for(selection);
            filter.limit = Some(PAGE as i64);
            // Scrolling reads pages in order: start after the previous page's last row (cheap),
            // and count an offset only for a jump.
            match page
                .checked_sub(1)
                .and_then(|p| self.pages.get(&p))
                .and_then(|rows| rows.last())
            {
                Some(last) if page > 0 => filter.after = Some(last.sort_key()),
                _ => filter.offset = (page * PAGE) as i64,
            }
            let rows = store.articles(&filter).unwrap_or_default();
            self.pages.insert(page, rows);
        }
        self.pages.get(&page)?.get(index % PAGE)
    }

    /// The index of a loaded row.
    pub fn index_of(&self, id: ArticleId) -> Option<usize> {
        self.pages.iter().find_map(|(page, rows)| {
            rows.iter()
                .position(|r| r.id == id)
                .map(|i| page * PAGE + i)
        })
    }
}

/// The local UTC offset, read once at start-up while the process still has one thread (the
/// only time `time` can read it soundly); UTC when it could not be read.
pub static LOCAL_OFFSET: std::sync::OnceLock<time::UtcOffset> = std::sync::OnceLock::new();

/// Local midnight.
fn start_of_today_ms() -> i64 {
    let offset = *LOCAL_OFFSET.get_or_init(|| time::UtcOffset::UTC);
    let now = time::OffsetDateTime::now_utc().to_offset(offset);
    now.replace_time(time::Time::MIDNIGHT).unix_timestamp() * 1000
}

/// "5 min ago", "3 h ago", "2 d ago", else the date.
pub fn relative_time(ms: Option<i64>) -> String {
    let Some(ms) = ms else {
        return String::new();
    };
    let ago = (now_ms() - ms) / 1000;
    match ago {
        i64::MIN..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", ago / 60),
        3600..86_400 => format!("{} h ago", ago / 3600),
        86_400..604_800 => format!("{} d ago", ago / 86_400),
        _ => crate::render::format_timestamp(Some(ms))
            .split(' ')
            .next()
            .unwrap_or("")
            .to_owned(),
    }
}

/// The list pane.
pub fn article_list_ui(app: &mut LamplightApp, ui: &mut egui::Ui) {
    search_field_ui(app, ui);
    if app.search.is_active() {
        search_results_ui(app, ui);
        return;
    }
    let selection = app.selection;
    let total = app.list.len(&app.reader, selection);
    ui.horizontal(|ui| {
        ui.heading(selection_title(app, selection));
        ui.label(format!("{total}"));
        let scope = match selection {
            Selection::AllUnread => Some(MarkScope::All),
            Selection::Feed(id) => Some(MarkScope::Feed(FeedId(id))),
            Selection::Folder(id) => Some(MarkScope::Folder(FolderId(id))),
            Selection::Today | Selection::Starred => None,
        };
        if let Some(scope) = scope
            && ui.small_button("Mark all read").clicked()
        {
            app.mark_all_read(scope);
        }
    });
    ui.separator();
    if total == 0 {
        ui.label("Nothing here.");
        return;
    }
    let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if let Some(index) = app.list.scroll_to.take() {
        let spacing = ui.spacing().item_spacing.y;
        let top = index as f32 * (ROW_HEIGHT + spacing);
        let visible = ui.available_height();
        let current = app.list_offset;
        if top < current || top + ROW_HEIGHT > current + visible {
            area = area.vertical_scroll_offset((top - visible / 2.0).max(0.0));
        }
    }
    let output = area.show_rows(ui, ROW_HEIGHT, total, |ui, range| {
        for index in range {
            let Some(row) = app.list.row(&app.reader, selection, index).cloned() else {
                continue;
            };
            if article_row_ui(app, ui, &row).clicked() {
                app.open_article(row.id);
            }
        }
    });
    app.list_offset = output.state.clamped_offset().y;
}

fn selection_title(app: &LamplightApp, selection: Selection) -> String {
    match selection {
        Selection::AllUnread => "All unread".to_owned(),
        Selection::Today => "Today".to_owned(),
        Selection::Starred => "Starred".to_owned(),
        Selection::Feed(id) => app
            .feeds()
            .iter()
            .find(|f| f.id.0 == id)
            .map_or_else(|| "Feed".to_owned(), |f| f.title.clone()),
        Selection::Folder(id) => app
            .folders
            .iter()
            .find(|f| f.id.0 == id)
            .map_or_else(|| "Folder".to_owned(), |f| f.name.clone()),
    }
}

fn article_row_ui(app: &mut LamplightApp, ui: &mut egui::Ui, row: &ArticleRow) -> egui::Response {
    let open = app.open.as_ref().map(|o| o.row.id) == Some(row.id);
    // The open article's status is the freshest (the list page may predate the last click).
    let (read, starred) = match &app.open {
        Some(o) if o.row.id == row.id => (o.row.read, o.row.starred),
        _ => (row.read, row.starred),
    };
    let width = ui.available_width();
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(width, ROW_HEIGHT), egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, row.title.clone()));
    if !ui.is_rect_visible(rect) {
        return response;
    }
    let visuals = ui.visuals().clone();
    let painter = ui.painter_at(rect);
    if open {
        painter.rect_filled(rect, 4.0, visuals.selection.bg_fill);
    } else if response.hovered() {
        painter.rect_filled(rect, 4.0, visuals.widgets.hovered.weak_bg_fill);
    }
    let mut x = rect.left() + 6.0;
    if !read {
        painter.circle_filled(
            egui::pos2(x + 4.0, rect.top() + 14.0),
            4.0,
            visuals.hyperlink_color,
        );
    }
    x += 14.0;
    if row.has_cover {
        let thumb_rect = egui::Rect::from_min_size(egui::pos2(x, rect.top() + 7.0), THUMB);
        let key = PictureKey::Cover(row.id);
        if let Some(texture) = app.pictures.get(&key, &app.engine, &app.sink) {
            painter.image(
                texture.id(),
                thumb_rect,
                egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                egui::Color32::WHITE,
            );
        } else {
            painter.rect_filled(thumb_rect, 3.0, visuals.faint_bg_color);
        }
        x += THUMB.x + 8.0;
    }
    let text_width = (rect.right() - x - 24.0).max(40.0);
    let strong = visuals.strong_text_color();
    let weak = visuals.weak_text_color();
    let title_font = egui::FontId::proportional(14.5);
    let title_color = if read { visuals.text_color() } else { strong };
    let line = |text: &str, font: egui::FontId, color| {
        let mut job = egui::text::LayoutJob::simple_singleline(text.to_owned(), font, color);
        job.wrap.max_width = text_width;
        job.wrap.max_rows = 1;
        job.wrap.break_anywhere = true;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let title = line(&row.title, title_font, title_color);
    painter.galley(egui::pos2(x, rect.top() + 4.0), title, title_color);
    let meta = format!("{} · {}", row.feed_title, relative_time(row.published_at));
    let meta = line(&meta, egui::FontId::proportional(11.5), weak);
    painter.galley(egui::pos2(x, rect.top() + 24.0), meta, weak);
    let summary = line(
        &row.summary,
        egui::FontId::proportional(12.0),
        visuals.text_color(),
    );
    painter.galley(
        egui::pos2(x, rect.top() + 40.0),
        summary,
        visuals.text_color(),
    );
    if starred {
        painter.text(
            egui::pos2(rect.right() - 14.0, rect.top() + 14.0),
            egui::Align2::CENTER_CENTER,
            "★",
            egui::FontId::proportional(14.0),
            visuals.warn_fg_color,
        );
    }
    response
}

/// The search field over the list; `/` or Ctrl+F focuses it, Escape clears it.
fn search_field_ui(app: &mut LamplightApp, ui: &mut egui::Ui) {
    let response = ui.add(
        egui::TextEdit::singleline(&mut app.search.query)
            .id_salt("article-search")
            .hint_text("Search (/ or Ctrl+F)")
            .desired_width(f32::INFINITY),
    );
    if app.search.focus_requested {
        app.search.focus_requested = false;
        response.request_focus();
    }
    if response.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        app.search.query.clear();
    }
    if response.changed() || app.search.stale {
        app.run_search();
    }
}

fn search_results_ui(app: &mut LamplightApp, ui: &mut egui::Ui) {
    let hits = app.search.hits.clone();
    ui.label(format!("{} results", hits.len()));
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for hit in &hits {
                let open = app.open.as_ref().map(|o| o.row.id) == Some(hit.id);
                let response = ui
                    .vertical(|ui| {
                        let title =
                            ui.selectable_label(open, egui::RichText::new(&hit.title).strong());
                        ui.label(egui::RichText::new(&hit.feed_title).weak().small());
                        ui.label(&hit.snippet);
                        title
                    })
                    .inner;
                if response.clicked() {
                    app.open_article(hit.id);
                }
                ui.separator();
            }
        });
}
