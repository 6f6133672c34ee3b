//! The article list pane: the search field, then either the search hits (matches highlighted)
//! or virtualised rows (`ScrollArea::show_rows`) over pages read from SQLite on demand, so
//! 100,000 articles cost what the visible rows cost (a long list's exact length comes from the
//! counting thread). It returns commands; it changes nothing.

use crate::t;
use std::collections::HashMap;

use super::article_row;
use super::commands::{Named, UiCommand, spec_of};
use super::library_reader::ListCount;
use super::page_reader::{PageAnswer, PageRequest};
use super::state::{ListPrefs, Paint, Selection};
use crate::store::{ArticleId, ArticleListFilter, ArticleRow, FeedId, FolderId, Store, now_ms};

const PAGE: usize = 100;
pub(super) const ROW_HEIGHT: f32 = 62.0;
pub(super) const THUMB: egui::Vec2 = egui::vec2(64.0, 48.0);

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
    texts: HashMap<ArticleId, article_row::RowTexts>,
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
        i64::MIN..60 => t!("ago-now").to_owned(),
        60..3600 => t!("ago-minutes", count = ago / 60),
        3600..86_400 => t!("ago-hours", count = ago / 3600),
        86_400..604_800 => t!("ago-days", count = ago / 86_400),
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
                Selection::Today => t!("count-today", count = count),
                Selection::Starred => t!("count-starred", count = count),
                _ => t!("count-unread", count = count),
            };
            ui.label(egui::RichText::new(what).weak());
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
                .selectable_label(on, spec.label())
                .on_hover_text(spec.hover())
                .clicked()
            {
                p.out.push(command);
            }
        }
        if let Some(scope) = selection.mark_scope() {
            let spec = spec_of(Named::MarkAllRead);
            if ui
                .small_button(spec.label())
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
            Selection::AllUnread => t!("empty-all-unread"),
            Selection::Starred => t!("empty-starred"),
            _ => t!("empty-list"),
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
            if article_row::article_row_ui(ui, p, &row, &mut list.texts).clicked() {
                p.out.push(UiCommand::OpenArticle(row.id));
            }
        }
    });
    list.offset = output.state.clamped_offset().y;
}

/// The search field over the list; `/` or Ctrl+F focuses it, Escape (anywhere) clears it.
fn search_field_ui(ui: &mut egui::Ui, p: &mut Paint<'_>) {
    let spec = spec_of(Named::Search);
    let mut query = p.state.search.query.clone();
    let response = ui
        .horizontal(|ui| {
            let label = ui.label(spec.label());
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
        ui.label(t!(
            "search-matches",
            count = hits.len(),
            query = p.state.search.query.trim()
        ));
        if ui
            .small_button(t!("search-clear"))
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
