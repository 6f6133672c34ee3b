//! The window's state as the panes see it: what is selected, open, searched and counted. Panes
//! read it and return commands; only `app.rs` changes it, after drawing, so one frame never
//! shows two truths.

use std::collections::HashSet;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::engine::LibraryChange;
use crate::render::Block;
use crate::store::{ArticleRow, FeedId, FeedRow, FolderRow, SearchHit};

/// What the article list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Selection {
    AllUnread,
    Today,
    Starred,
    Feed(i64),
    Folder(i64),
}

impl Selection {
    /// The scope "Mark all read" acts on (Today and Starred have none).
    pub fn mark_scope(self) -> Option<crate::store::MarkScope> {
        use crate::store::{FolderId, MarkScope};
        match self {
            Selection::AllUnread => Some(MarkScope::All),
            Selection::Feed(id) => Some(MarkScope::Feed(FeedId(id))),
            Selection::Folder(id) => Some(MarkScope::Folder(FolderId(id))),
            Selection::Today | Selection::Starred => None,
        }
    }
}

/// What the main area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Reader,
    FetchStats,
    ImageStats,
}

/// How the reader sets text: its size and how wide its column may grow. Remembered.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReadingPrefs {
    /// Body text size in points.
    pub text_size: f32,
    pub width: ReaderWidth,
    /// Whether the feed sidebar is shown.
    pub sidebar: bool,
    /// The window's language; `None`, the system's (`LAMPLIGHT_LANG`, else the locale).
    #[serde(default)]
    pub language: Option<crate::i18n::Lang>,
}

impl ReadingPrefs {
    pub const NORMAL_TEXT: f32 = 16.0;
    pub const SMALLEST_TEXT: f32 = 11.0;
    pub const LARGEST_TEXT: f32 = 30.0;

    /// The text size one step from `self` (`Normal`: back to 16 pt).
    pub fn stepped(self, step: TextStep) -> ReadingPrefs {
        let text_size = match step {
            TextStep::Larger => self.text_size + 1.0,
            TextStep::Smaller => self.text_size - 1.0,
            TextStep::Normal => Self::NORMAL_TEXT,
        }
        .clamp(Self::SMALLEST_TEXT, Self::LARGEST_TEXT);
        ReadingPrefs { text_size, ..self }
    }
}

impl Default for ReadingPrefs {
    fn default() -> Self {
        ReadingPrefs {
            text_size: Self::NORMAL_TEXT,
            width: ReaderWidth::Comfortable,
            sidebar: true,
            language: None,
        }
    }
}

/// A step of the reader's text size (Ctrl +, Ctrl −, Ctrl 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextStep {
    Larger,
    Smaller,
    Normal,
}

/// The longest line the reader sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ReaderWidth {
    /// About 60 Latin or 34 CJK characters.
    Narrow,
    /// About 70 Latin or 40 CJK characters.
    #[default]
    Comfortable,
    /// About 90 Latin or 50 CJK characters.
    Wide,
}

impl ReaderWidth {
    pub const ALL: [ReaderWidth; 3] = [
        ReaderWidth::Narrow,
        ReaderWidth::Comfortable,
        ReaderWidth::Wide,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ReaderWidth::Narrow => crate::t!("width-narrow"),
            ReaderWidth::Comfortable => crate::t!("width-comfortable"),
            ReaderWidth::Wide => crate::t!("width-wide"),
        }
    }

    /// The column's width in ems of body text: for text that is mostly Han, kana or Hangul
    /// (an em a character), else for Latin-like text (about half an em a character).
    pub fn ems(self, mostly_wide: bool) -> f32 {
        let characters = match self {
            ReaderWidth::Narrow => (60.0, 34.0),
            ReaderWidth::Comfortable => (70.0, 40.0),
            ReaderWidth::Wide => (90.0, 50.0),
        };
        if mostly_wide {
            characters.1
        } else {
            characters.0 * 0.5
        }
    }
}

/// The colour theme: the system's, or forced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => crate::t!("theme-system"),
            ThemeChoice::Light => crate::t!("theme-light"),
            ThemeChoice::Dark => crate::t!("theme-dark"),
        }
    }
}

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
    /// Whether it was read when opened or has been marked since (the dwell timer is spent).
    pub marked_read: bool,
    /// Which Han shapes its text is set in (from the feed's language, else the text).
    pub han: super::fonts::HanVariant,
    /// Its text is mostly Han, kana or Hangul: set with more leading, in a column of fewer
    /// characters.
    pub mostly_wide: bool,
    /// Its feed's text and the full article from its page, and which one is shown.
    pub texts: crate::store::ArticleTexts,
    pub showing_full: bool,
}

impl OpenArticle {
    /// The HTML the reader shows now.
    pub fn shown_html(&self) -> &str {
        match (&self.texts.full_html, self.showing_full) {
            (Some(full), true) => full,
            _ => &self.texts.feed_html,
        }
    }
}

/// The search over the list: the query and its hits.
#[derive(Debug, Default)]
pub struct Search {
    pub query: String,
    pub hits: Vec<SearchHit>,
    /// The field should take keyboard focus on the next frame.
    pub focus_requested: bool,
}

impl Search {
    pub fn is_active(&self) -> bool {
        !self.query.trim().is_empty()
    }

    /// The words to highlight: the query split on spaces, quotes dropped.
    pub fn terms(&self) -> Vec<String> {
        self.query
            .split_whitespace()
            .map(|w| w.trim_matches('"').to_lowercase())
            .filter(|w| !w.is_empty())
            .collect()
    }
}

/// How one list shows its articles (remembered per feed, folder and smart feed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPrefs {
    pub hide_read: bool,
    pub oldest_first: bool,
}

/// A short message over the list that goes away by itself, with an undo when one applies.
#[derive(Debug, Clone)]
pub struct Notice {
    pub text: String,
    pub undo: Option<LibraryChange>,
    pub until: Instant,
}

/// Everything the panes draw from.
pub struct WindowState {
    pub feeds: Vec<FeedRow>,
    pub folders: Vec<FolderRow>,
    /// Folders whose feeds the sidebar hides.
    pub collapsed: HashSet<i64>,
    /// All unread, Today, Starred.
    pub smart_counts: [i64; 3],
    /// Sync accounts (their feeds are among `feeds`).
    pub accounts: Vec<crate::store::AccountRow>,
    pub selection: Selection,
    pub view: View,
    pub open: Option<OpenArticle>,
    pub refresh: RefreshState,
    pub search: Search,
    /// An error to show until dismissed (a failed save, an unreadable database).
    pub error: Option<String>,
    /// The last refresh left feeds failing, and the user has not dismissed that yet.
    pub failures_shown: bool,
    /// A sync of the accounts is running.
    pub syncing: bool,
    pub notice: Option<Notice>,
    /// The feed whose fetches the statistics view shows (none: the ranking).
    pub stats_feed: Option<FeedId>,
    /// Bumped on every change of stored data; views cache against it.
    pub generation: u64,
    pub theme: ThemeChoice,
    pub help_open: bool,
    /// Each list's own way of showing articles.
    pub list_prefs: std::collections::HashMap<Selection, ListPrefs>,
    /// The feed whose properties window is open.
    pub properties: Option<FeedId>,
    pub reading: ReadingPrefs,
    pub settings_open: bool,
    /// The picture shown full size in the viewer, by its address.
    pub picture: Option<String>,
    /// Feeds being made available offline: (done, total) of the stage under way.
    pub offline: std::collections::HashMap<FeedId, (usize, usize)>,
    /// The library-wide settings as stored (pictures, refresh bounds), shown in Settings.
    pub library_settings: LibrarySettings,
}

/// The library-wide settings the Settings window shows and changes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LibrarySettings {
    pub pictures: crate::store::PicturePrefs,
    pub refresh: crate::engine::schedule::Limits,
}

impl Default for LibrarySettings {
    fn default() -> Self {
        LibrarySettings {
            pictures: crate::store::PicturePrefs {
                download: true,
                cache_cap_bytes: 512 * 1_048_576,
            },
            refresh: crate::engine::schedule::Limits::default(),
        }
    }
}

impl WindowState {
    pub fn new() -> WindowState {
        WindowState {
            feeds: Vec::new(),
            folders: Vec::new(),
            collapsed: HashSet::new(),
            smart_counts: [0; 3],
            accounts: Vec::new(),
            selection: Selection::AllUnread,
            view: View::Reader,
            open: None,
            refresh: RefreshState::default(),
            search: Search::default(),
            error: None,
            failures_shown: false,
            syncing: false,
            notice: None,
            stats_feed: None,
            generation: 0,
            theme: ThemeChoice::System,
            help_open: false,
            list_prefs: std::collections::HashMap::new(),
            properties: None,
            reading: ReadingPrefs::default(),
            settings_open: false,
            picture: None,
            offline: std::collections::HashMap::new(),
            library_settings: LibrarySettings::default(),
        }
    }

    /// How the list of `selection` shows its articles.
    pub fn prefs(&self, selection: Selection) -> ListPrefs {
        self.list_prefs.get(&selection).copied().unwrap_or_default()
    }

    /// The number the sidebar shows for `selection`, which the list header repeats: unread
    /// articles, except Today (articles since midnight) and Starred (starred articles).
    pub fn count_of(&self, selection: Selection) -> i64 {
        match selection {
            Selection::AllUnread => self.smart_counts[0],
            Selection::Today => self.smart_counts[1],
            Selection::Starred => self.smart_counts[2],
            Selection::Feed(id) => self
                .feeds
                .iter()
                .find(|f| f.id.0 == id)
                .map_or(0, |f| f.unread_count),
            Selection::Folder(id) => self
                .folders
                .iter()
                .find(|f| f.id.0 == id)
                .map_or(0, |f| f.unread_count),
        }
    }

    /// The name of a selection, as the sidebar and the list header show it.
    pub fn title_of(&self, selection: Selection) -> String {
        match selection {
            Selection::AllUnread => crate::t!("list-all-unread").to_owned(),
            Selection::Today => crate::t!("list-today").to_owned(),
            Selection::Starred => crate::t!("list-starred").to_owned(),
            Selection::Feed(id) => self
                .feeds
                .iter()
                .find(|f| f.id.0 == id)
                .map_or_else(|| crate::t!("list-feed").to_owned(), feed_title),
            Selection::Folder(id) => self
                .folders
                .iter()
                .find(|f| f.id.0 == id)
                .map_or_else(|| crate::t!("list-folder").to_owned(), |f| f.name.clone()),
        }
    }

    /// How many feeds failed on their last fetch, of how many (the first run's bundled copy,
    /// while its site has never answered, is not a failure: see [`Self::bundled_copy_shown`]).
    pub fn failing_feeds(&self) -> (usize, usize) {
        let failing = self
            .feeds
            .iter()
            .filter(|f| f.last_error.is_some() && !shows_bundled_copy(f))
            .count();
        (failing, self.feeds.len())
    }

    /// The site of the first-run feed when what it shows is still the copy bundled with
    /// Lamplight because the site could not be reached.
    pub fn bundled_copy_shown(&self) -> Option<String> {
        let feed = self.feeds.iter().find(|f| shows_bundled_copy(f))?;
        Some(crate::links::host_of(&feed.url).unwrap_or_else(|| feed.url.clone()))
    }

    pub fn open_id(&self) -> Option<crate::store::ArticleId> {
        self.open.as_ref().map(|o| o.row.id)
    }
}

impl Default for WindowState {
    fn default() -> Self {
        WindowState::new()
    }
}

/// The first-run feed, failing, and never answered (no validator from its site): it shows the
/// bundled snapshot.
pub(super) fn shows_bundled_copy(feed: &FeedRow) -> bool {
    feed.url == crate::engine::FIRST_RUN_FEED_URL
        && feed.last_error.is_some()
        && feed.etag.is_none()
        && feed.last_modified.is_none()
}

/// A feed's title, or its address when it has none.
pub fn feed_title(feed: &FeedRow) -> String {
    if feed.title.trim().is_empty() {
        crate::links::display_url(&feed.url).into_owned()
    } else {
        feed.title.clone()
    }
}

/// One article row as the list painted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaintedRow {
    pub id: crate::store::ArticleId,
    pub unread_dot: bool,
    pub star: bool,
    /// The "ready offline" mark.
    pub offline_ready: bool,
    /// The feed's icon before its name.
    pub feed_icon: bool,
}

/// What the panes painted in the last frame: the figures a reader sees, kept so tests and
/// tools can hold them against the store.
#[derive(Debug, Clone, Default)]
pub struct Painted {
    /// The list rows on screen (search hits not included).
    pub rows: Vec<PaintedRow>,
    /// The list header's selection and count.
    pub header: Option<(Selection, i64)>,
    /// Each sidebar entry's count, as painted (entries with no unread show 0).
    pub sidebar: Vec<(Selection, i64)>,
    /// The reader's article and its read and starred marks, as its buttons show them.
    pub reader: Option<(crate::store::ArticleId, bool, bool)>,
}

/// What a pane draws with: the state (read-only), the store (for paged reads), the picture
/// cache, where to record what it painted, and where its commands go.
pub struct Paint<'a> {
    pub state: &'a WindowState,
    pub store: &'a crate::store::Store,
    pub pictures: &'a mut super::pictures::Pictures,
    pub painted: &'a mut Painted,
    pub out: &'a mut Vec<super::commands::UiCommand>,
    /// Scripts no installed font has: text in them is shown by name (see `system_fonts`).
    pub unshowable: Vec<unicode_script::Script>,
}

impl Paint<'_> {
    /// `text` as it can be shown: stretches in a script no font has, by the script's name.
    pub fn shown<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        super::system_fonts::name_unshowable(text, &self.unshowable)
    }
}
