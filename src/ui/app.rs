//! The window: it draws the panes from its state, collects the [`UiCommand`]s they and the
//! keyboard return, and applies them after drawing — the one place that changes the window's
//! state. Writes to the library go to the engine as named [`LibraryChange`]s.

use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::add_dialog::AddDialog;
use super::article_list::ArticleList;
use super::commands::{UiCommand, keyboard_commands};
use super::events::{WindowEvent, smart_filters};
use super::library_reader::{LibraryReader, Reading, read_snapshot};
use super::opener::Opener;
use super::page_reader::PageReader;
use super::pictures::Pictures;
use super::sidebar::NameDialog;
use super::state::{
    ListPrefs, Notice, Paint, Painted, ReadingPrefs, Selection, ThemeChoice, View, WindowState,
};
use super::{
    add_dialog, article_list, blocks_view, help, image_view, picture_viewer, properties, settings,
    sidebar, stats_view, toolbar,
};
use crate::engine::{Engine, EventSink, LibraryChange, RefreshScope};
use crate::store::Store;

/// What survives a restart (pane sizes are kept by egui itself).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Persisted {
    selection: Option<Selection>,
    theme: ThemeChoice,
    #[serde(default)]
    list_prefs: Vec<(Selection, ListPrefs)>,
    #[serde(default)]
    reading: ReadingPrefs,
}

/// How long an article stays open before it counts as read.
pub const READ_AFTER: Duration = Duration::from_millis(1500);
/// How long "Marked 37 read — Undo" stays up.
pub const UNDO_FOR: Duration = Duration::from_secs(10);
/// Below this window width the list and the reader share the space, one at a time.
const ONE_PANE_BELOW: f32 = 900.0;

/// The whole window.
pub struct LamplightApp {
    pub(super) ctx: egui::Context,
    pub(super) engine: Arc<Engine>,
    pub(super) reader: Store,
    pub(super) events: mpsc::Receiver<WindowEvent>,
    /// Counts feeds, folders and the list off this thread.
    pub(super) library: LibraryReader,
    /// Reads the list's next page ahead of the scrolling.
    pages: PageReader,
    pub(super) sink: EventSink,
    pub(super) state: WindowState,
    pub(super) list: ArticleList,
    pub(super) reader_pane: blocks_view::ReaderPane,
    pub(super) pictures: Pictures,
    pub(super) painted: Painted,
    pub(super) add: AddDialog,
    pub(super) account_form: super::accounts::AccountForm,
    pub(super) name_dialog: Option<NameDialog>,
    pub(super) properties: properties::PropertiesPane,
    pub(super) stats: stats_view::StatsCache,
    /// Engine work this window started that has not reported back yet.
    pub(super) pending: usize,
    /// The store's `data_version` when the views were last brought up to date.
    pub(super) data_version: i64,
    pub(super) opener: Opener,
    /// When the last refresh by schedule started (`None`: none yet in this window).
    pub(super) last_schedule: Option<Instant>,
    /// When the running scheduled refresh started: its new articles may be announced.
    pub(super) announce_since: Option<i64>,
    /// Sends this window events from other threads (notification clicks).
    pub(super) window_events: mpsc::Sender<WindowEvent>,
    /// The delay the last frame asked to be woken after, by time alone.
    pub(super) wake_after: Option<Duration>,
    /// How many scripts the font fallback had found no font for, as of the last frame.
    unshowable_seen: usize,
}

impl LamplightApp {
    /// A window over `engine`, reading through its own connection `reader`.
    pub fn new(ctx: egui::Context, engine: Arc<Engine>, reader: Store) -> LamplightApp {
        let (tx, events) = mpsc::channel();
        let wake = ctx.clone();
        let engine_tx = std::sync::Mutex::new(tx.clone());
        let sink: EventSink = Arc::new(move |event| {
            if let Ok(tx) = engine_tx.lock() {
                let _ = tx.send(WindowEvent::Engine(event));
            }
            wake.request_repaint();
        });
        let pages = match Store::open(&crate::paths::database_path(engine.data_dir())) {
            Ok(store) => {
                let (tx, wake) = (std::sync::Mutex::new(tx.clone()), ctx.clone());
                PageReader::spawn(store, move |page| {
                    if let Ok(tx) = tx.lock() {
                        let _ = tx.send(WindowEvent::Page(page));
                    }
                    wake.request_repaint();
                })
            }
            Err(e) => {
                tracing::warn!("cannot open a connection to read ahead in the list: {e}");
                PageReader::inline()
            }
        };
        if let Ok(store) = Store::open(&crate::paths::database_path(engine.data_dir())) {
            let (tx, wake) = (std::sync::Mutex::new(tx.clone()), ctx.clone());
            super::change_watch::spawn(store, move || {
                let sent = tx
                    .lock()
                    .is_ok_and(|tx| tx.send(WindowEvent::OutsideChange).is_ok());
                wake.request_repaint();
                sent
            });
        }
        let window_events = tx.clone();
        let library = match Store::open(&crate::paths::database_path(engine.data_dir())) {
            Ok(store) => {
                let wake = ctx.clone();
                LibraryReader::spawn(store, smart_filters, move |snapshot| {
                    let _ = tx.send(WindowEvent::Library(Box::new(snapshot)));
                    wake.request_repaint();
                })
            }
            Err(e) => {
                tracing::warn!("cannot open a counting connection, counting on the window's: {e}");
                LibraryReader::inline()
            }
        };
        let mut app = LamplightApp {
            pictures: Pictures::new(engine.clone(), sink.clone()),
            ctx,
            engine,
            reader,
            events,
            library,
            pages,
            sink,
            state: WindowState::new(),
            list: ArticleList::default(),
            reader_pane: Default::default(),
            painted: Painted::default(),
            unshowable_seen: 0,
            add: AddDialog::default(),
            account_form: Default::default(),
            name_dialog: None,
            properties: Default::default(),
            stats: Default::default(),
            pending: 0,
            data_version: 0,
            opener: Opener::from_env(),
            last_schedule: None,
            announce_since: None,
            window_events,
            wake_after: None,
        };
        super::theme::install(&app.ctx);
        // Ctrl + and Ctrl − size the reader's text, not the whole window.
        app.ctx.options_mut(|o| o.zoom_with_keyboard = false);
        app.data_version = app.reader.data_version().unwrap_or(0);
        app.read_library_settings();
        // The first frame shows real counts: read them here, once, before the window is up
        // (all but the offline counts, which the reading thread's first answer brings).
        let snapshot = read_snapshot(&app.reader, &smart_filters(), None, Reading::FirstFrame);
        app.take_snapshot(snapshot);
        app
    }

    /// Restores what the last run saved.
    pub fn restore(&mut self, storage: &dyn eframe::Storage) {
        let saved: Persisted = eframe::get_value(storage, eframe::APP_KEY).unwrap_or_default();
        self.state.list_prefs = saved.list_prefs.into_iter().collect();
        if let Some(selection) = saved.selection {
            self.select(selection);
        }
        self.list.set_prefs(self.state.prefs(self.state.selection));
        self.set_theme(saved.theme);
        self.state.reading = saved.reading;
    }

    /// The library-wide settings as stored: pictures (kept by the engine in memory) and the
    /// refresh bounds (a one-row read on the window's own connection).
    pub(super) fn read_library_settings(&mut self) {
        let refresh = match self.reader.schedule_limits() {
            Ok(stored) => crate::engine::schedule::Limits::from_stored(stored),
            Err(e) => {
                tracing::warn!("cannot read the refresh bounds: {e}");
                crate::engine::schedule::Limits::default()
            }
        };
        self.state.library_settings = super::state::LibrarySettings {
            pictures: self.engine.picture_prefs(),
            refresh,
        };
    }

    fn set_theme(&mut self, theme: ThemeChoice) {
        self.state.theme = theme;
        self.ctx.set_theme(match theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
    }

    /// Applies one command: the only way the window's state changes.
    pub fn apply(&mut self, command: UiCommand) {
        match command {
            UiCommand::Select(selection) => {
                self.clear_search();
                if self.state.selection != selection {
                    self.state.selection = selection;
                    self.list.set_prefs(self.state.prefs(selection));
                }
                self.state.view = View::Reader;
            }
            UiCommand::OpenArticle(id) => self.open_article(id),
            UiCommand::NextArticle => self.step_article(1),
            UiCommand::PreviousArticle => self.step_article(-1),
            UiCommand::ToggleRead => {
                if let Some(open) = &mut self.state.open {
                    let read = !open.row.read;
                    open.row.read = read;
                    open.marked_read = true;
                    let article = open.row.id;
                    self.change(LibraryChange::SetRead { article, read });
                }
            }
            UiCommand::ToggleStar => {
                if let Some(open) = &mut self.state.open {
                    let starred = !open.row.starred;
                    open.row.starred = starred;
                    let article = open.row.id;
                    self.change(LibraryChange::SetStarred { article, starred });
                }
            }
            UiCommand::PageDown => self.reader_pane.page_down(),
            UiCommand::OpenOriginal => match self.state.open.as_ref() {
                Some(open) => match open.row.link.clone() {
                    Some(link) => self.open_link(&link),
                    None => self.notify(crate::t!("reader-no-link").into(), None),
                },
                None => self.notify(crate::t!("reader-open-first").into(), None),
            },
            UiCommand::OpenLink(url) => self.open_link(&url),
            UiCommand::FocusSearch => {
                self.state.search.focus_requested = true;
                self.state.view = View::Reader;
            }
            UiCommand::SetSearch(query) => {
                self.state.search.query = query;
                self.run_search();
            }
            UiCommand::ClearSearch => self.clear_search(),
            UiCommand::Escape => {
                if self.state.picture.is_some() {
                    self.state.picture = None;
                } else if self.state.settings_open {
                    self.state.settings_open = false;
                } else if self.state.help_open {
                    self.state.help_open = false;
                } else if self.name_dialog.is_some() {
                    self.name_dialog = None;
                } else if self.state.properties.is_some() {
                    self.state.properties = None;
                } else if self.add.is_open() {
                    self.add.close();
                } else if self.state.search.is_active() {
                    self.clear_search();
                } else if self.ctx.content_rect().width() < ONE_PANE_BELOW {
                    self.apply(UiCommand::BackToList);
                }
            }
            UiCommand::MarkAllRead(scope) => {
                if let Some(open) = &mut self.state.open {
                    open.marked_read = true;
                }
                self.change(LibraryChange::MarkAllRead(scope));
            }
            UiCommand::Undo => {
                if let Some(undo) = self.state.notice.take().and_then(|n| n.undo) {
                    self.change(undo);
                }
            }
            UiCommand::DismissNotice => self.state.notice = None,
            UiCommand::DismissError => self.state.error = None,
            UiCommand::DismissFailures => self.state.failures_shown = false,
            UiCommand::Account(command) => self.account_command(command),
            UiCommand::Refresh => self.refresh(RefreshScope::All),
            UiCommand::OpenAddDialog => self.add.open(),
            UiCommand::FindFeeds(url) => {
                self.add.finding(url.clone());
                self.pending += 1;
                self.engine.spawn_discover(url, self.sink.clone());
            }
            UiCommand::Subscribe(url) => {
                self.add.started(url.clone());
                self.change(LibraryChange::Subscribe {
                    url,
                    folder: None,
                    full_text: None,
                });
            }
            UiCommand::CloseAddDialog => self.add.close(),
            UiCommand::SwitchView(view) => self.state.view = view,
            UiCommand::ShowFeedStats(feed) => {
                self.state.stats_feed = feed;
                self.state.view = View::FetchStats;
            }
            UiCommand::ChooseStatsFeed(feed) => self.state.stats_feed = feed,
            UiCommand::SetTheme(theme) => self.set_theme(theme),
            UiCommand::ToggleFolder(id) => {
                if !self.state.collapsed.remove(&id.0) {
                    self.state.collapsed.insert(id.0);
                }
            }
            UiCommand::AskName(request) => self.name_dialog = Some(NameDialog::new(request)),
            UiCommand::CloseNameDialog => self.name_dialog = None,
            UiCommand::Unsubscribe(feed) => {
                if self.state.selection == Selection::Feed(feed.0) {
                    self.apply(UiCommand::Select(Selection::AllUnread));
                }
                if self.state.properties == Some(feed) {
                    self.state.properties = None;
                }
                self.change(LibraryChange::Unsubscribe {
                    feed,
                    keep_starred: true,
                });
            }
            UiCommand::UnsubscribeSelected => match self.state.selection {
                Selection::Feed(id) => self.apply(UiCommand::Unsubscribe(crate::store::FeedId(id))),
                _ => self.notify(crate::t!("reader-choose-feed-to-unsubscribe").into(), None),
            },
            UiCommand::ShowProperties(feed) => self.state.properties = feed,
            UiCommand::ToggleHideRead => self.change_prefs(|p| p.hide_read = !p.hide_read),
            UiCommand::ToggleOldestFirst => self.change_prefs(|p| p.oldest_first = !p.oldest_first),
            UiCommand::Change(change) => {
                if let LibraryChange::DeleteFolder(folder) = &change
                    && self.state.selection == Selection::Folder(folder.0)
                {
                    self.apply(UiCommand::Select(Selection::AllUnread));
                }
                self.change(change);
            }
            UiCommand::TrimImageCache(cap) => {
                self.pending += 1;
                self.engine.spawn_trim_cache(cap, self.sink.clone());
            }
            UiCommand::ToggleHelp => self.state.help_open = !self.state.help_open,
            UiCommand::TextSize(step) => self.state.reading = self.state.reading.stepped(step),
            UiCommand::SetReaderWidth(width) => self.state.reading.width = width,
            UiCommand::SetLanguage(language) => self.state.reading.language = language,
            UiCommand::ToggleSidebar => self.state.reading.sidebar = !self.state.reading.sidebar,
            UiCommand::ShowSettings(open) => self.state.settings_open = open,
            UiCommand::ViewPicture(picture) => self.state.picture = picture,
            UiCommand::BackToList => {
                self.state.open = None;
                self.state.view = View::Reader;
            }
            UiCommand::ToggleFullText => self.toggle_full_text(),
            UiCommand::MakeAvailableOffline(feed) => {
                if let std::collections::hash_map::Entry::Vacant(slot) =
                    self.state.offline.entry(feed)
                {
                    slot.insert((0, 0));
                    self.pending += 1;
                    self.engine
                        .spawn_make_available_offline(feed, self.sink.clone());
                }
            }
        }
    }

    /// Changes how the current list shows its articles, and shows it again from the top.
    fn change_prefs(&mut self, change: impl FnOnce(&mut ListPrefs)) {
        let prefs = self
            .state
            .list_prefs
            .entry(self.state.selection)
            .or_default();
        change(prefs);
        let prefs = *prefs;
        self.list.set_prefs(prefs);
        self.state.view = View::Reader;
    }

    /// Hands a change of the library to the engine; its event says what to re-read.
    pub(super) fn change(&mut self, change: LibraryChange) {
        self.pending += 1;
        self.engine.spawn_change(change, self.sink.clone());
    }

    pub(super) fn refresh(&mut self, scope: RefreshScope) {
        if !self.state.refresh.running {
            self.state.refresh.running = true;
            self.pending += 1;
            self.engine.spawn_refresh(scope, self.sink.clone());
        }
    }

    pub(super) fn notify(&mut self, text: String, undo: Option<LibraryChange>) {
        self.state.notice = Some(Notice {
            text,
            undo,
            until: Instant::now() + UNDO_FOR,
        });
        self.ctx.request_repaint_after(UNDO_FOR);
    }

    fn clear_search(&mut self) {
        self.state.search.query.clear();
        self.state.search.hits.clear();
    }

    /// Re-runs the search for the current query (an indexed FTS5 query: milliseconds).
    pub(super) fn run_search(&mut self) {
        self.state.search.hits = if self.state.search.is_active() {
            self.reader
                .search(&self.state.search.query, 200)
                .unwrap_or_else(|e| {
                    let error = crate::i18n::in_words(&e.to_string()).into_owned();
                    self.state.error = Some(crate::t!("search-failed", error = error));
                    Vec::new()
                })
        } else {
            Vec::new()
        };
    }

    /// Marks the open article read once it has been open long enough.
    pub(super) fn mark_read_after_dwell(&mut self) {
        let Some(open) = &mut self.state.open else {
            return;
        };
        if open.marked_read {
            return;
        }
        let elapsed = open.opened_at.elapsed();
        if elapsed >= READ_AFTER {
            open.marked_read = true;
            open.row.read = true;
            let article = open.row.id;
            self.change(LibraryChange::SetRead {
                article,
                read: true,
            });
        } else {
            self.ctx.request_repaint_after(READ_AFTER - elapsed);
        }
    }

    /// Draws every pane; returns what the user asked for in this frame.
    fn draw(&mut self, ui: &mut egui::Ui) -> Vec<UiCommand> {
        let ctx = ui.ctx().clone();
        let typing =
            ctx.egui_wants_keyboard_input() || self.add.is_open() || self.name_dialog.is_some();
        let mut out = ctx.input(|i| keyboard_commands(i, typing));
        self.painted = Painted::default();
        let width = ctx.content_rect().width();
        let unshowable = super::fonts::system_fonts(&self.ctx)
            .map(|fonts| fonts.missing_scripts())
            .unwrap_or_default();
        let mut p = Paint {
            unshowable,
            state: &self.state,
            store: &self.reader,
            pictures: &mut self.pictures,
            painted: &mut self.painted,
            out: &mut out,
        };
        egui::Panel::top("toolbar").show(ui, |ui| toolbar::toolbar_ui(ui, &mut p));
        // Panes give way on a small window so the reader always keeps room to wrap its text.
        if self.state.reading.sidebar {
            egui::Panel::left("sidebar")
                .resizable(true)
                .default_size(220.0_f32.min(width * 0.22))
                .min_size(140.0)
                .max_size((width * 0.3).max(140.0))
                .show(ui, |ui| sidebar::sidebar_ui(ui, &mut p));
        }
        match self.state.view {
            // Below this width the list and the reader take turns (Back returns to the list).
            View::Reader if width < ONE_PANE_BELOW => {
                egui::CentralPanel::default().show(ui, |ui| {
                    if p.state.open.is_some() {
                        if ui
                            .button(crate::t!("back-to-list"))
                            .on_hover_text(crate::t!("back-to-list-tip"))
                            .clicked()
                        {
                            p.out.push(UiCommand::BackToList);
                        }
                        blocks_view::reader_ui(ui, &mut p, &mut self.reader_pane)
                    } else {
                        article_list::article_list_ui(ui, &mut p, &mut self.list)
                    }
                });
            }
            View::Reader => {
                egui::Panel::left("articles")
                    .resizable(true)
                    .default_size((width * 0.3).clamp(300.0, 460.0))
                    .min_size(240.0)
                    .max_size((width * 0.45).max(240.0))
                    .show(ui, |ui| {
                        article_list::article_list_ui(ui, &mut p, &mut self.list)
                    });
                egui::CentralPanel::default().show(ui, |ui| {
                    blocks_view::reader_ui(ui, &mut p, &mut self.reader_pane)
                });
            }
            View::FetchStats => {
                let cap = self.engine.cache_cap_bytes();
                egui::CentralPanel::default().show(ui, |ui| {
                    stats_view::fetch_stats_ui(ui, &mut p, &mut self.stats, cap)
                });
            }
            View::ImageStats => {
                let cap = self.engine.cache_cap_bytes();
                egui::CentralPanel::default().show(ui, |ui| {
                    image_view::image_stats_ui(ui, &mut p, &mut self.stats, cap)
                });
            }
        }
        add_dialog::add_dialog_ui(&ctx, &mut self.add, p.out);
        sidebar::name_dialog_ui(&ctx, &mut self.name_dialog, p.out);
        properties::properties_ui(&ctx, &mut p, &mut self.properties);
        help::help_ui(&ctx, p.state, p.out);
        settings::settings_ui(&ctx, p.state, &mut self.account_form, p.out);
        picture_viewer::picture_viewer_ui(&ctx, p.state.picture.as_deref(), p.pictures, p.out);
        self.state.search.focus_requested = false;
        out
    }
}

impl eframe::App for LamplightApp {
    /// Runs on every wake-up, also while the window is minimised or hidden (when eframe skips
    /// [`Self::ui`]): so feeds are refreshed when they fall due and new articles announced.
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.run_logic();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let language = self.state.reading.language;
        crate::i18n::set_language(language.unwrap_or_else(crate::i18n::system_language));
        self.pictures.next_frame();
        self.drain_events();
        let commands = self.draw(ui);
        if !commands.is_empty() {
            // Show what the commands changed on the very next frame.
            self.ctx.request_repaint();
        }
        for command in commands {
            self.apply(command);
        }
        self.count_list_if_needed();
        for request in self.list.read_ahead.drain(..) {
            self.pages.request(request);
        }
        self.tick();
        if let Some(fonts) = super::fonts::system_fonts(&self.ctx) {
            // Once the first frame is drawn, the machine's fonts are looked up in the background.
            fonts.warm_up();
            let unshowable = fonts.missing_scripts().len();
            if unshowable != self.unshowable_seen {
                // Laying out this frame met a script no font has: show it by name at once.
                self.unshowable_seen = unshowable;
                self.ctx.request_repaint();
            }
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let persisted = Persisted {
            selection: Some(self.state.selection),
            theme: self.state.theme,
            list_prefs: self
                .state
                .list_prefs
                .iter()
                .filter(|(_, prefs)| **prefs != ListPrefs::default())
                .map(|(s, p)| (*s, *p))
                .collect(),
            reading: self.state.reading,
        };
        eframe::set_value(storage, eframe::APP_KEY, &persisted);
    }
}
