//! The window's state and logic: engine events in, user commands out, keyboard shortcuts, and
//! the top-level layout of panes. Drawing of each pane lives in its own module.

use std::collections::HashSet;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::add_dialog::AddDialog;
use super::article_list::ArticleList;
use super::pictures::Pictures;
use crate::engine::{Engine, EngineEvent, EventSink, RefreshScope};
use crate::render::{Block, html_to_blocks};
use crate::store::{
    ArticleId, ArticleRow, FeedId, FeedRow, FolderRow, MarkScope, SearchHit, Store,
};

/// What the article list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Selection {
    AllUnread,
    Today,
    Starred,
    Feed(i64),
    Folder(i64),
}

/// What the main area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Reader,
    FetchStats,
    ImageStats,
}

/// The colour theme: the system's, or forced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

/// What survives a restart (pane sizes are kept by egui itself).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Persisted {
    selection: Option<Selection>,
    theme: ThemeChoice,
}

/// How long an article stays open before it counts as read.
pub const READ_AFTER: Duration = Duration::from_millis(1500);
/// How often feeds that are due get refreshed in the background.
const SCHEDULE_EVERY: Duration = Duration::from_secs(15 * 60);

/// Progress of the current refresh.
#[derive(Debug, Default)]
pub struct RefreshState {
    pub running: bool,
    pub total: usize,
    pub done: usize,
    pub in_flight: HashSet<FeedId>,
}

/// The article open in the reader.
pub struct OpenArticle {
    pub row: ArticleRow,
    pub blocks: Vec<Block>,
    pub opened_at: Instant,
    pub marked_read: bool,
}

/// The whole window.
pub struct LamplightApp {
    pub(super) ctx: egui::Context,
    pub(super) engine: Arc<Engine>,
    pub(super) reader: Store,
    pub(super) events: mpsc::Receiver<EngineEvent>,
    pub(super) sink: EventSink,
    pub(super) feeds: Vec<FeedRow>,
    pub(super) folders: Vec<FolderRow>,
    /// Folders whose feeds the sidebar hides.
    pub(super) collapsed: HashSet<i64>,
    pub(super) folder_dialog: Option<super::sidebar::FolderDialog>,
    pub(super) search: Search,
    pub(super) smart_counts: [i64; 3],
    pub selection: Selection,
    pub view: View,
    pub(super) list: ArticleList,
    /// The list's scroll offset last frame.
    pub(super) list_offset: f32,
    pub(super) open: Option<OpenArticle>,
    pub(super) refresh: RefreshState,
    pub(super) add: AddDialog,
    pub(super) pictures: Pictures,
    pub banner: Option<String>,
    pub(super) stats_feed: Option<FeedId>,
    pub(super) stats: super::stats_view::StatsCache,
    /// Bumped on every change of stored data; views cache against it.
    pub(super) generation: u64,
    pub(super) reader_scroll: ReaderScroll,
    theme: ThemeChoice,
    last_schedule: Instant,
}

/// The search over the list: the query, its hits, and whether they need re-reading.
#[derive(Debug, Default)]
pub struct Search {
    pub query: String,
    pub hits: Vec<SearchHit>,
    pub stale: bool,
    pub focus_requested: bool,
}

impl Search {
    pub fn is_active(&self) -> bool {
        !self.query.trim().is_empty()
    }
}

/// The reader's scroll position and a pending jump (Space pages down).
#[derive(Debug, Default)]
pub struct ReaderScroll {
    pub offset: f32,
    pub viewport: f32,
    pub jump_to: Option<f32>,
}

impl LamplightApp {
    /// A window over `engine`, reading through its own connection `reader`.
    pub fn new(ctx: egui::Context, engine: Arc<Engine>, reader: Store) -> LamplightApp {
        let (tx, events) = mpsc::channel();
        let wake = ctx.clone();
        let tx = std::sync::Mutex::new(tx);
        let sink: EventSink = Arc::new(move |event| {
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(event);
            }
            wake.request_repaint();
        });
        let mut app = LamplightApp {
            ctx,
            engine,
            reader,
            events,
            sink,
            feeds: Vec::new(),
            folders: Vec::new(),
            collapsed: HashSet::new(),
            folder_dialog: None,
            search: Search::default(),
            smart_counts: [0; 3],
            selection: Selection::AllUnread,
            view: View::Reader,
            list: ArticleList::default(),
            list_offset: 0.0,
            open: None,
            refresh: RefreshState::default(),
            add: AddDialog::default(),
            pictures: Pictures::default(),
            banner: None,
            stats_feed: None,
            stats: Default::default(),
            generation: 0,
            reader_scroll: ReaderScroll::default(),
            theme: ThemeChoice::System,
            last_schedule: Instant::now(),
        };
        app.reload();
        app
    }

    /// Restores what the last run saved.
    pub fn restore(&mut self, storage: &dyn eframe::Storage) {
        let saved: Persisted = eframe::get_value(storage, eframe::APP_KEY).unwrap_or_default();
        if let Some(selection) = saved.selection {
            self.select(selection);
        }
        self.set_theme(saved.theme);
    }

    pub fn set_theme(&mut self, theme: ThemeChoice) {
        self.theme = theme;
        self.ctx.set_theme(match theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
    }

    pub fn theme(&self) -> ThemeChoice {
        self.theme
    }

    /// The feeds, as last read.
    pub fn feeds(&self) -> &[FeedRow] {
        &self.feeds
    }

    /// The article open in the reader.
    pub fn open_row(&self) -> Option<&ArticleRow> {
        self.open.as_ref().map(|o| &o.row)
    }

    /// Whether a refresh is running, and how far it is (done, total).
    pub fn refresh_progress(&self) -> Option<(usize, usize)> {
        self.refresh
            .running
            .then_some((self.refresh.done, self.refresh.total))
    }

    /// The counts of All unread, Today and Starred.
    pub fn smart_counts(&self) -> [i64; 3] {
        self.smart_counts
    }

    /// The engine behind the window.
    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Re-reads feeds and counts, and drops cached list pages.
    pub(super) fn reload(&mut self) {
        self.reload_counts();
        self.list.invalidate();
    }

    /// Re-reads feeds and counts but keeps the list as it is, so that reading an article in
    /// "All unread" does not pull it out from under the reader.
    pub(super) fn reload_counts(&mut self) {
        self.generation += 1;
        match self.reader.feeds() {
            Ok(feeds) => self.feeds = feeds,
            Err(e) => self.banner = Some(format!("Cannot read the feeds: {e}")),
        }
        self.folders = self.reader.folders().unwrap_or_default();
        self.search.stale = self.search.is_active();
        for (n, selection) in [Selection::AllUnread, Selection::Today, Selection::Starred]
            .into_iter()
            .enumerate()
        {
            self.smart_counts[n] = self
                .reader
                .count_articles(&ArticleList::filter_for(selection))
                .unwrap_or(0);
        }
    }

    /// Shows `selection` in the list.
    pub fn select(&mut self, selection: Selection) {
        if self.selection != selection {
            self.selection = selection;
            self.list.invalidate();
        }
        self.view = View::Reader;
    }

    /// Refreshes every feed in the background.
    pub fn start_refresh(&mut self) {
        if !self.refresh.running {
            self.refresh.running = true;
            self.engine
                .spawn_refresh(RefreshScope::All, self.sink.clone());
        }
    }

    /// Refreshes feeds that are due, in the background.
    pub fn start_refresh_if_due(&mut self) {
        self.last_schedule = Instant::now();
        if !self.refresh.running {
            self.refresh.running = true;
            self.engine
                .spawn_refresh(RefreshScope::Due, self.sink.clone());
        }
    }

    /// Opens the add dialog filled with `url` (`feed://x` and `feed:https://x` become http(s)).
    pub fn offer_subscription(&mut self, url: &str) {
        let url = url.trim();
        let url = match url.strip_prefix("feed:") {
            Some(rest) if rest.starts_with("http://") || rest.starts_with("https://") => {
                rest.to_owned()
            }
            Some(rest) => format!("http:{rest}"),
            None => url.to_owned(),
        };
        self.add.open_with(url);
    }

    /// Subscribes to the add dialog's URL in the background.
    pub fn start_add(&mut self, url: String) {
        self.engine.spawn_add(url, self.sink.clone());
    }

    /// Opens an article in the reader (the previous one stays as it is).
    pub fn open_article(&mut self, id: ArticleId) {
        match self.reader.article(id) {
            Ok(row) => {
                let blocks = html_to_blocks(
                    row.content_html.as_deref().unwrap_or(""),
                    row.link.as_deref(),
                );
                self.open = Some(OpenArticle {
                    marked_read: row.read,
                    row,
                    blocks,
                    opened_at: Instant::now(),
                });
                self.reader_scroll.jump_to = Some(0.0);
                self.ctx.request_repaint_after(READ_AFTER);
            }
            Err(e) => self.banner = Some(format!("Cannot open the article: {e}")),
        }
    }

    /// Re-runs the search for the current query (an indexed FTS5 query: milliseconds).
    pub fn run_search(&mut self) {
        self.search.stale = false;
        self.search.hits = if self.search.is_active() {
            self.reader
                .search(&self.search.query, 200)
                .unwrap_or_else(|e| {
                    self.banner = Some(format!("Search failed: {e}"));
                    Vec::new()
                })
        } else {
            Vec::new()
        };
    }

    /// Marks everything in `scope` read, in the background.
    pub fn mark_all_read(&mut self, scope: MarkScope) {
        if let Some(open) = &mut self.open {
            open.marked_read = true;
        }
        self.engine
            .spawn_write(self.sink.clone(), true, move |store| {
                store.mark_all_read(scope).map(|_| ())
            });
    }

    /// Sets the search query (as typing it would).
    pub fn set_search(&mut self, query: &str) {
        self.search.query = query.to_owned();
        self.run_search();
    }

    /// The current search hits.
    pub fn search_hits(&self) -> &[SearchHit] {
        &self.search.hits
    }

    /// The folders, as last read.
    pub fn folders(&self) -> &[FolderRow] {
        &self.folders
    }

    /// Toggles read on the open article.
    pub fn toggle_read(&mut self) {
        if let Some(open) = &mut self.open {
            let read = !open.row.read;
            open.row.read = read;
            open.marked_read = true;
            self.engine
                .spawn_set_read(open.row.id, read, self.sink.clone());
        }
    }

    /// Toggles the star on the open article.
    pub fn toggle_star(&mut self) {
        if let Some(open) = &mut self.open {
            let starred = !open.row.starred;
            open.row.starred = starred;
            self.engine
                .spawn_set_starred(open.row.id, starred, self.sink.clone());
        }
    }

    /// Opens the next (`step` 1) or previous (`step` -1) article of the list.
    pub fn step_article(&mut self, step: isize) {
        let total = self.list.len(&self.reader, self.selection);
        if total == 0 {
            return;
        }
        let current = self
            .open
            .as_ref()
            .and_then(|o| self.list.index_of(o.row.id));
        let next = match current {
            Some(i) => (i as isize + step).clamp(0, total as isize - 1) as usize,
            None => 0,
        };
        if let Some(id) = self
            .list
            .row(&self.reader, self.selection, next)
            .map(|r| r.id)
        {
            self.list.scroll_to = Some(next);
            self.open_article(id);
        }
    }

    /// Hands an http/https/mailto link to the system's browser (never a shell).
    pub fn open_link(&self, url: &str) {
        if crate::render::is_followable(url) {
            self.ctx.open_url(egui::OpenUrl::new_tab(url));
        }
    }

    /// Marks the open article read once it has been open long enough.
    fn mark_read_after_dwell(&mut self) {
        let Some(open) = &mut self.open else { return };
        if open.marked_read {
            return;
        }
        let elapsed = open.opened_at.elapsed();
        if elapsed >= READ_AFTER {
            open.marked_read = true;
            open.row.read = true;
            self.engine
                .spawn_set_read(open.row.id, true, self.sink.clone());
        } else {
            self.ctx.request_repaint_after(READ_AFTER - elapsed);
        }
    }

    fn keyboard(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() || self.add.is_open() || self.folder_dialog.is_some() {
            return;
        }
        use egui::Key;
        if ctx
            .input(|i| i.key_pressed(Key::Slash) || (i.modifiers.command && i.key_pressed(Key::F)))
        {
            self.search.focus_requested = true;
            self.view = View::Reader;
        }
        let pressed = |key| ctx.input(|i| i.key_pressed(key) && i.modifiers.is_none());
        if pressed(Key::R) {
            self.start_refresh();
        }
        if pressed(Key::M) {
            self.toggle_read();
        }
        if pressed(Key::S) {
            self.toggle_star();
        }
        if pressed(Key::J) || pressed(Key::N) {
            self.step_article(1);
        }
        if pressed(Key::K) || pressed(Key::P) {
            self.step_article(-1);
        }
        if pressed(Key::Space) {
            let page = (self.reader_scroll.viewport - 40.0).max(40.0);
            self.reader_scroll.jump_to = Some(self.reader_scroll.offset + page);
        }
        if (pressed(Key::O) || pressed(Key::Enter))
            && let Some(link) = self.open.as_ref().and_then(|o| o.row.link.clone())
        {
            self.open_link(&link);
        }
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!self.refresh.running, egui::Button::new("Refresh (R)"))
                .clicked()
            {
                self.start_refresh();
            }
            if ui.button("＋ Add subscription…").clicked() {
                self.add.open();
            }
            ui.separator();
            for (view, label) in [
                (View::Reader, "Reader"),
                (View::FetchStats, "Fetch statistics"),
                (View::ImageStats, "Image cache"),
            ] {
                if ui.selectable_label(self.view == view, label).clicked() {
                    self.view = view;
                }
            }
            ui.separator();
            let mut theme = self.theme;
            egui::ComboBox::from_label("Theme")
                .selected_text(format!("{theme:?}"))
                .show_ui(ui, |ui| {
                    for choice in [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark] {
                        ui.selectable_value(&mut theme, choice, format!("{choice:?}"));
                    }
                });
            if theme != self.theme {
                self.set_theme(theme);
            }
            if self.refresh.running {
                ui.separator();
                let total = self.refresh.total.max(1);
                ui.add(
                    egui::ProgressBar::new(self.refresh.done as f32 / total as f32)
                        .desired_width(180.0)
                        .text(format!(
                            "{} of {} feeds",
                            self.refresh.done, self.refresh.total
                        )),
                );
            }
        });
        if let Some(banner) = self.banner.clone() {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(banner).color(ui.visuals().warn_fg_color));
                if ui.small_button("Dismiss").clicked() {
                    self.banner = None;
                }
            });
        }
    }
}

impl eframe::App for LamplightApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.drain_events();
        self.keyboard(&ctx);
        self.mark_read_after_dwell();
        if self.last_schedule.elapsed() >= SCHEDULE_EVERY {
            self.start_refresh_if_due();
        }
        ctx.request_repaint_after(SCHEDULE_EVERY);

        egui::Panel::top("toolbar").show(ui, |ui| self.toolbar_ui(ui));
        egui::Panel::left("sidebar")
            .resizable(true)
            .default_size(230.0)
            .min_size(150.0)
            .show(ui, |ui| super::sidebar::sidebar_ui(self, ui));
        match self.view {
            View::Reader => {
                egui::Panel::left("articles")
                    .resizable(true)
                    .default_size(400.0)
                    .min_size(240.0)
                    .show(ui, |ui| super::article_list::article_list_ui(self, ui));
                egui::CentralPanel::default()
                    .show(ui, |ui| super::blocks_view::reader_ui(self, ui));
            }
            View::FetchStats => {
                egui::CentralPanel::default()
                    .show(ui, |ui| super::stats_view::fetch_stats_ui(self, ui));
            }
            View::ImageStats => {
                egui::CentralPanel::default()
                    .show(ui, |ui| super::stats_view::image_stats_ui(self, ui));
            }
        }
        super::add_dialog::add_dialog_ui(self, &ctx);
        super::sidebar::folder_dialog_ui(self, &ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let persisted = Persisted {
            selection: Some(self.selection),
            theme: self.theme,
        };
        eframe::set_value(storage, eframe::APP_KEY, &persisted);
    }
}
