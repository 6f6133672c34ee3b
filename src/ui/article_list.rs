//! The article list pane: the search field, then either the search hits (matches highlighted)
//! or virtualised rows (`ScrollArea::show_rows`) over pages read from SQLite on demand, so
//! 100,000 articles cost what the visible rows cost (a long list's exact length comes from the
//! counting thread). It returns commands; it changes nothing.

use std::collections::HashMap;
use std::sync::Arc;

use super::commands::{Named, UiCommand, spec_of};
use super::library_reader::ListCount;
use super::page_reader::{PageAnswer, PageRequest};
use super::state::{ListPrefs, Paint, PaintedRow, Selection};
use crate::engine::PictureKey;
use crate::store::{ArticleId, ArticleListFilter, ArticleRow, FeedId, FolderId, Store, now_ms};

const PAGE: usize = 100;
const ROW_HEIGHT: f32 = 62.0;
const THUMB: egui::Vec2 = egui::vec2(64.0, 48.0);

/// Pages of the list, read on demand and dropped when data changes.
#[derive(Default)]
pub struct ArticleList {
    /// The exact number of rows, once known (counting a long list is left to the counting
    /// thread; until it answers, the list is as long as what was read plus a page).
    total: Option<usize>,
    /// Bumped whenever the rows are dropped, so a count made for older rows is not taken.
    epoch: u64,
    /// The count of this epoch has been asked for.
    count_asked: bool,
    pages: HashMap<usize, Vec<ArticleRow>>,
    /// Pages asked of the reading thread in this epoch.
    asked: std::collections::HashSet<usize>,
    /// Pages to ask the reading thread for, taken by the window after the frame.
    pub read_ahead: Vec<PageRequest>,
    /// The laid-out text of rows shown lately: egui keeps a galley only while it is drawn each
    /// frame, and scrolling back would shape every row again.
    texts: HashMap<ArticleId, RowTexts>,
    /// A row to bring into view on the next frame.
    pub scroll_to: Option<usize>,
    /// The scroll offset last frame.
    offset: f32,
    /// How the list shows its articles (hide read, order).
    prefs: ListPrefs,
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

    /// The store filter of the list as shown: the selection, with read hidden and the order
    /// the user chose.
    fn list_filter(&self, selection: Selection) -> ArticleListFilter {
        let mut filter = Self::filter_for(selection);
        filter.unread_only |= self.prefs.hide_read;
        filter.oldest_first = self.prefs.oldest_first;
        filter
    }

    /// Shows the list with `prefs` (re-read from the top).
    pub fn set_prefs(&mut self, prefs: ListPrefs) {
        self.prefs = prefs;
        self.invalidate();
    }

    pub fn invalidate(&mut self) {
        self.total = None;
        self.pages.clear();
        self.asked.clear();
        self.read_ahead.clear();
        self.epoch += 1;
        self.count_asked = false;
    }

    /// How many rows the selection has: exact when known or when it fits in one page, else
    /// the rows read so far plus a page (the scroll bar grows until the count arrives).
    pub fn len(&mut self, store: &Store, selection: Selection) -> usize {
        if let Some(total) = self.total {
            return total;
        }
        let first = self.row(store, selection, 0).is_some();
        let first_page = self.pages.get(&0).map_or(0, Vec::len);
        if !first || first_page < PAGE {
            self.total = Some(first_page);
            return first_page;
        }
        let last_page = self.pages.keys().max().copied().unwrap_or(0);
        (last_page + 2) * PAGE
    }

    /// The count to ask the counting thread for, once per version of the list.
    pub fn wanted_count(&mut self, selection: Selection) -> Option<ListCount> {
        if self.total.is_some() || self.count_asked {
            return None;
        }
        self.count_asked = true;
        Some(ListCount {
            epoch: self.epoch,
            filter: self.list_filter(selection),
        })
    }

    /// The counting thread's answer for the list as it was at `epoch`.
    pub fn counted(&mut self, epoch: u64, rows: usize) {
        if epoch == self.epoch {
            self.total = Some(rows);
        }
    }

    /// The filter that reads page `page`: after the previous page's last row when that page
    /// is here (a seek in the time index), else by offset.
    fn page_filter(&self, selection: Selection, page: usize) -> ArticleListFilter {
        let mut filter = self.list_filter(selection);
        filter.limit = Some(PAGE as i64);
        match page
            .checked_sub(1)
            .and_then(|p| self.pages.get(&p))
            .and_then(|rows| rows.last())
        {
            Some(last) => filter.after = Some(last.sort_key()),
            None => filter.offset = (page * PAGE) as i64,
        }
        filter
    }

    /// While rows up to `last_shown` are on screen: asks for the page after them to be read
    /// ahead, once, when its previous page is here (so it is read by a seek).
    pub fn read_ahead_of(&mut self, selection: Selection, last_shown: usize) {
        let next = last_shown / PAGE + 1;
        if self.total.is_some_and(|total| next * PAGE >= total)
            || self.pages.contains_key(&next)
            || !self.pages.contains_key(&(next - 1))
            || !self.asked.insert(next)
        {
            return;
        }
        self.read_ahead.push(PageRequest {
            epoch: self.epoch,
            page: next,
            filter: self.page_filter(selection, next),
        });
    }

    /// A page the reading thread read for the list as it was at `epoch`.
    pub fn page_arrived(&mut self, answer: PageAnswer) {
        if answer.epoch == self.epoch {
            self.pages.entry(answer.page).or_insert(answer.rows);
        }
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
            let filter = self.page_filter(selection, page);
            let rows = store.articles(&filter).unwrap_or_default();
            self.pages.insert(page, rows);
        }
        self.pages.get(&page)?.get(index % PAGE)
    }

    /// Re-reads the read and starred marks of the loaded rows, keeping the rows where they are
    /// (an article read in "All unread" stays in the list until the list is chosen again).
    pub fn refresh_statuses(&mut self, store: &Store) {
        let ids: Vec<ArticleId> = self.pages.values().flatten().map(|r| r.id).collect();
        let Ok(statuses) = store.statuses(&ids) else {
            return;
        };
        let by_id: HashMap<ArticleId, (bool, bool)> = statuses
            .into_iter()
            .map(|(id, r, s)| (id, (r, s)))
            .collect();
        for row in self.pages.values_mut().flatten() {
            if let Some(&(read, starred)) = by_id.get(&row.id) {
                row.read = read;
                row.starred = starred;
            }
        }
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
pub fn article_list_ui(ui: &mut egui::Ui, p: &mut Paint<'_>, list: &mut ArticleList) {
    search_field_ui(ui, p);
    if p.state.search.is_active() {
        search_results_ui(ui, p);
        return;
    }
    let selection = p.state.selection;
    let count = p.state.count_of(selection);
    p.painted.header = Some((selection, count));
    // The count keeps its room; a long title is cut short.
    egui::Sides::new().shrink_left().truncate().show(
        ui,
        |ui| {
            let title = egui::RichText::new(p.state.title_of(selection)).heading();
            ui.add(egui::Label::new(title).truncate());
        },
        |ui| {
            let what = match selection {
                Selection::Today => "today",
                Selection::Starred => "starred",
                _ => "unread",
            };
            ui.label(egui::RichText::new(format!("{count} {what}")).weak());
        },
    );
    ui.horizontal_wrapped(|ui| {
        let prefs = p.state.prefs(selection);
        for (named, on, command) in [
            (Named::HideRead, prefs.hide_read, UiCommand::ToggleHideRead),
            (
                Named::OldestFirst,
                prefs.oldest_first,
                UiCommand::ToggleOldestFirst,
            ),
        ] {
            let spec = spec_of(named);
            if ui
                .selectable_label(on, spec.label)
                .on_hover_text(spec.hover())
                .clicked()
            {
                p.out.push(command);
            }
        }
        if let Some(scope) = selection.mark_scope() {
            let spec = spec_of(Named::MarkAllRead);
            if ui
                .small_button(spec.label)
                .on_hover_text(spec.hover())
                .clicked()
            {
                p.out.push(UiCommand::MarkAllRead(scope));
            }
        }
    });
    ui.separator();
    let total = list.len(p.store, selection);
    if total == 0 {
        ui.label(match selection {
            Selection::AllUnread => "Nothing unread. New articles arrive with the next refresh.",
            Selection::Starred => "No starred articles. Press S in the reader to star one.",
            _ => "Nothing here.",
        });
        return;
    }
    let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if let Some(index) = list.scroll_to.take() {
        let spacing = ui.spacing().item_spacing.y;
        let top = index as f32 * (ROW_HEIGHT + spacing);
        let visible = ui.available_height();
        if top < list.offset || top + ROW_HEIGHT > list.offset + visible {
            area = area.vertical_scroll_offset((top - visible / 2.0).max(0.0));
        }
    }
    let output = area.show_rows(ui, ROW_HEIGHT, total, |ui, range| {
        if let Some(last) = range.clone().last() {
            list.read_ahead_of(selection, last);
        }
        for index in range {
            let Some(row) = list.row(p.store, selection, index).cloned() else {
                continue;
            };
            if article_row_ui(ui, p, &row, &mut list.texts).clicked() {
                p.out.push(UiCommand::OpenArticle(row.id));
            }
        }
    });
    list.offset = output.state.clamped_offset().y;
}

/// A row's three lines, laid out, and what they were laid out for.
struct RowTexts {
    /// Text (hashed), width, colours and the scripts shown by name: a change lays them out
    /// anew.
    made_for: (u64, u32, [egui::Color32; 3], usize),
    title: Arc<egui::Galley>,
    meta_text: String,
    meta: Arc<egui::Galley>,
    summary: Arc<egui::Galley>,
}

/// Rows whose laid-out text is kept; past this the cache starts over.
const TEXTS_KEPT: usize = 2_000;

fn article_row_ui(
    ui: &mut egui::Ui,
    p: &mut Paint<'_>,
    row: &ArticleRow,
    texts: &mut HashMap<ArticleId, RowTexts>,
) -> egui::Response {
    let open = p.state.open_id() == Some(row.id);
    // The open article's marks are the freshest (a click is shown before it is saved).
    let (read, starred) = match &p.state.open {
        Some(o) if o.row.id == row.id => (o.row.read, o.row.starred),
        _ => (row.read, row.starred),
    };
    let width = ui.available_width();
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(width, ROW_HEIGHT), egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, open, &row.title));
    if !ui.is_rect_visible(rect) {
        return response;
    }
    p.painted.rows.push(PaintedRow {
        id: row.id,
        unread_dot: !read,
        star: starred,
    });
    let visuals = ui.visuals().clone();
    let palette = super::theme::Palette::current(&visuals);
    let painter = ui.painter_at(rect);
    if open {
        painter.rect_filled(rect, 6.0, palette.selected_background);
    } else if response.hovered() {
        painter.rect_filled(rect, 6.0, palette.quiet_fill);
    }
    let mut x = rect.left() + 6.0;
    if !read {
        painter.circle_filled(egui::pos2(x + 4.0, rect.top() + 14.0), 4.0, palette.accent);
    }
    x += 14.0;
    if row.has_cover && rect.width() > 200.0 {
        let thumb_rect = egui::Rect::from_min_size(egui::pos2(x, rect.top() + 7.0), THUMB);
        if let Some(texture) = p.pictures.get(&PictureKey::Cover(row.id)) {
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
    let text_width = (rect.right() - x - 24.0).max(20.0);
    // Unread titles in bold, read ones in the body colour; a selected row in its own colours.
    let (title_color, weak, body) = match (open, read) {
        (true, _) => (
            palette.selected_text,
            palette.selected_weak,
            palette.selected_text,
        ),
        (false, false) => (palette.strong, palette.weak, palette.weak),
        (false, true) => (palette.text, palette.weak, palette.weak),
    };
    let line = |text: &str, font: egui::FontId, color| {
        // Only what can reach the edge is shaped: a 200-character summary costs as much as the
        // part of it that shows.
        let text = past_width(text, text_width, font.size);
        ui.fonts_mut(|f| {
            let format = egui::TextFormat::simple(font.clone(), color);
            // Right-to-left text in visual order; the rest egui cuts to one line itself.
            let job =
                super::title_line::title_line(f, text, format, text_width).unwrap_or_else(|| {
                    let mut job =
                        egui::text::LayoutJob::simple_singleline(text.to_owned(), font, color);
                    job.wrap.max_width = text_width;
                    job.wrap.max_rows = 1;
                    job.wrap.break_anywhere = true;
                    job
                });
            f.layout_job(job)
        })
    };
    let meta_text = format!(
        "{} · {}",
        p.shown(&row.feed_title),
        relative_time(row.published_at)
    );
    let made_for = (
        egui::util::hash((&row.title, &row.summary, read)),
        text_width.to_bits(),
        [title_color, weak, body],
        p.unshowable.len(),
    );
    let cached = texts.get(&row.id).filter(|t| t.made_for == made_for);
    let texts_row = match cached {
        Some(kept) if kept.meta_text == meta_text => kept,
        _ => {
            // Han characters in the shapes of the row's language, as far as its text tells.
            let family =
                super::fonts::HanVariant::from_text(past_width(&row.title, text_width, 14.5))
                    .or_else(|| {
                        super::fonts::HanVariant::from_text(past_width(
                            &row.summary,
                            text_width,
                            12.0,
                        ))
                    })
                    .unwrap_or_default()
                    .family();
            let fresh = match cached {
                // Only the relative time moved on.
                Some(kept) => RowTexts {
                    made_for,
                    title: kept.title.clone(),
                    meta: line(&meta_text, egui::FontId::proportional(11.5), weak),
                    meta_text,
                    summary: kept.summary.clone(),
                },
                None => RowTexts {
                    made_for,
                    title: line(
                        &p.shown(&row.title),
                        egui::FontId::new(14.5, super::fonts::styled_family(&family, !read, false)),
                        title_color,
                    ),
                    meta: line(&meta_text, egui::FontId::proportional(11.5), weak),
                    meta_text,
                    summary: line(
                        &p.shown(&row.summary),
                        egui::FontId::new(12.0, family),
                        body,
                    ),
                },
            };
            if texts.len() >= TEXTS_KEPT {
                texts.clear();
            }
            texts.entry(row.id).insert_entry(fresh).into_mut()
        }
    };
    painter.galley(
        egui::pos2(x, rect.top() + 4.0),
        texts_row.title.clone(),
        title_color,
    );
    painter.galley(
        egui::pos2(x, rect.top() + 24.0),
        texts_row.meta.clone(),
        weak,
    );
    painter.galley(
        egui::pos2(x, rect.top() + 40.0),
        texts_row.summary.clone(),
        body,
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

/// The start of `text` that is sure to overflow `width` at `size` (every glyph is at least a
/// fifth of an em wide, wide characters a whole em), or all of it: the part a one-line row
/// shows, with enough after it that egui still ends the row with "…".
fn past_width(text: &str, width: f32, size: f32) -> &str {
    let mut reach = 0.0;
    for (at, c) in text.char_indices() {
        if reach > width + size {
            return &text[..at];
        }
        reach += if is_wide(c) { size } else { size * 0.2 };
    }
    text
}

/// East Asian wide characters (Han, kana, Hangul, fullwidth forms): an em each in every font.
fn is_wide(c: char) -> bool {
    matches!(u32::from(c), 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The search field over the list; `/` or Ctrl+F focuses it, Escape (anywhere) clears it.
fn search_field_ui(ui: &mut egui::Ui, p: &mut Paint<'_>) {
    let spec = spec_of(Named::Search);
    let mut query = p.state.search.query.clone();
    let response = ui
        .horizontal(|ui| {
            let label = ui.label("Search");
            ui.add(
                egui::TextEdit::singleline(&mut query)
                    .id_salt("article-search")
                    .hint_text(spec.keys_text)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id)
        })
        .inner;
    if p.state.search.focus_requested {
        response.request_focus();
    }
    if response.changed() {
        p.out.push(UiCommand::SetSearch(query));
    }
}

fn search_results_ui(ui: &mut egui::Ui, p: &mut Paint<'_>) {
    let hits = &p.state.search.hits;
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} {} for “{}”",
            hits.len(),
            if hits.len() == 1 { "match" } else { "matches" },
            p.state.search.query.trim()
        ));
        if ui
            .small_button("Clear")
            .on_hover_text(spec_of(Named::ClearSearch).hover())
            .clicked()
        {
            p.out.push(UiCommand::ClearSearch);
        }
    });
    ui.separator();
    let terms = p.state.search.terms();
    let visuals = ui.visuals().clone();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for hit in hits {
                let open = p.state.open_id() == Some(hit.id);
                let title = super::highlight::highlighted(
                    &hit.title,
                    &terms,
                    egui::FontId::proportional(14.5),
                    visuals.strong_text_color(),
                    &visuals,
                );
                let clicked = ui
                    .vertical(|ui| {
                        let title = ui.add(egui::Button::selectable(open, title).truncate());
                        ui.add(
                            egui::Label::new(egui::RichText::new(&hit.feed_title).weak().small())
                                .truncate(),
                        );
                        ui.add(
                            egui::Label::new(super::highlight::snippet(&hit.snippet, &visuals))
                                .wrap(),
                        );
                        title.clicked()
                    })
                    .inner;
                if clicked {
                    p.out.push(UiCommand::OpenArticle(hit.id));
                }
                ui.separator();
            }
        });
}
