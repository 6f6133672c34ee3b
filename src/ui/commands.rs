//! Everything a user can do in the window, as one enum ([`UiCommand`]), and one table
//! ([`COMMANDS`]) that gives the commands people reach by name their label, shortcut and
//! tooltip. Buttons, menus, the shortcut help (`?`) and the README's key table all read the
//! table, so a shortcut letter is written once. Panes return commands; `app.rs` applies them.

use crate::engine::LibraryChange;
use crate::store::{ArticleId, FeedId, FolderId, MarkScope};

use super::state::{ReaderWidth, Selection, TextStep, ThemeChoice, View};

/// One thing the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UiCommand {
    /// Show a smart feed, feed or folder in the list (this also leaves the search).
    Select(Selection),
    OpenArticle(ArticleId),
    NextArticle,
    PreviousArticle,
    ToggleRead,
    ToggleStar,
    PageDown,
    /// Open the open article's original page in the browser.
    OpenOriginal,
    /// Open a link from an article in the browser.
    OpenLink(String),
    FocusSearch,
    SetSearch(String),
    ClearSearch,
    /// Escape: closes what is open on top (help, a dialog), else clears the search.
    Escape,
    MarkAllRead(MarkScope),
    /// Takes back the last mark-all-read while its notice is up.
    Undo,
    DismissNotice,
    DismissError,
    DismissFailures,
    /// Add, remove or sync sync accounts.
    Account(super::accounts::AccountCommand),
    Refresh,
    OpenAddDialog,
    /// Find what an address offers; one feed is subscribed at once, several are offered.
    FindFeeds(String),
    Subscribe(String),
    CloseAddDialog,
    SwitchView(View),
    ShowFeedStats(Option<FeedId>),
    /// The feed the statistics views look at (its images, its fetches), without leaving the view.
    ChooseStatsFeed(Option<FeedId>),
    SetTheme(ThemeChoice),
    ToggleFolder(FolderId),
    /// Ask for a name: a new folder (optionally for a feed), or a folder's or feed's new name.
    AskName(NameRequest),
    CloseNameDialog,
    /// Remove a feed (starred articles kept in Saved), with Undo.
    Unsubscribe(FeedId),
    /// Delete: unsubscribe from the feed the list shows.
    UnsubscribeSelected,
    /// Open (or with `None` close) a feed's properties.
    ShowProperties(Option<FeedId>),
    /// Show only unread articles in the current list, or all again.
    ToggleHideRead,
    /// Oldest first in the current list, or newest first again.
    ToggleOldestFirst,
    /// A change of the library itself (folders, moves), applied by the engine.
    Change(LibraryChange),
    TrimImageCache(i64),
    ToggleHelp,
    /// The reader's text one size larger, smaller, or back to normal.
    TextSize(TextStep),
    SetReaderWidth(ReaderWidth),
    /// The window's language (`None`: the system's); applies from the next frame on.
    SetLanguage(Option<crate::i18n::Lang>),
    /// Show or hide the feed sidebar.
    ToggleSidebar,
    /// Open or close the settings window.
    ShowSettings(bool),
    /// Show a cached picture full size (or, with `None`, close the viewer).
    ViewPicture(Option<String>),
    /// On a narrow window: from the reader back to the list.
    BackToList,
    /// The open article's full text (from its web page) or its feed's own, remembered per feed.
    ToggleFullText,
    /// Read a feed's missing pages and fetch its missing pictures, in the background.
    MakeAvailableOffline(FeedId),
}

/// What a name dialog is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameRequest {
    NewFolder { feed: Option<FeedId> },
    RenameFolder { folder: FolderId, name: String },
    RenameFeed { feed: FeedId, name: String },
}

/// The commands that have a name, a shortcut or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Refresh,
    AddSubscription,
    Next,
    Previous,
    ToggleRead,
    ToggleStar,
    PageDown,
    OpenOriginal,
    Search,
    ClearSearch,
    MarkAllRead,
    Undo,
    Reader,
    FetchStats,
    ImageStats,
    Help,
    HideRead,
    OldestFirst,
    Unsubscribe,
    TextSize,
    Sidebar,
    Settings,
    FullText,
}

/// A named command's label, keys and tooltip (the texts as message ids; [`CommandSpec::label`]
/// and [`CommandSpec::tooltip`] give them in the user's language).
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub named: Named,
    label_id: &'static str,
    /// The keys that run it (no modifiers), first one shown.
    pub keys: &'static [egui::Key],
    /// How the keys are written for people ("J / N").
    pub keys_text: &'static str,
    tooltip_id: &'static str,
}

use egui::Key;

/// The table of named commands, in the order the help lists them.
pub const COMMANDS: &[CommandSpec] = &[
    spec(
        Named::Next,
        "cmd-next",
        &[Key::J, Key::N],
        "J / N",
        "cmd-next-tip",
    ),
    spec(
        Named::Previous,
        "cmd-previous",
        &[Key::K, Key::P],
        "K / P",
        "cmd-previous-tip",
    ),
    spec(
        Named::ToggleRead,
        "cmd-toggle-read",
        &[Key::M],
        "M",
        "cmd-toggle-read-tip",
    ),
    spec(
        Named::ToggleStar,
        "cmd-toggle-star",
        &[Key::S],
        "S",
        "cmd-toggle-star-tip",
    ),
    spec(
        Named::PageDown,
        "cmd-page-down",
        &[Key::Space],
        "Space",
        "cmd-page-down-tip",
    ),
    spec(
        Named::OpenOriginal,
        "cmd-open-original",
        &[Key::O, Key::Enter],
        "O / Enter",
        "cmd-open-original-tip",
    ),
    spec(
        Named::FullText,
        "cmd-full-text",
        &[Key::F],
        "F",
        "cmd-full-text-tip",
    ),
    spec(
        Named::Refresh,
        "cmd-refresh",
        &[Key::R],
        "R",
        "cmd-refresh-tip",
    ),
    spec(
        Named::AddSubscription,
        "cmd-add-subscription",
        &[Key::A],
        "A",
        "cmd-add-subscription-tip",
    ),
    spec(
        Named::Search,
        "cmd-search",
        &[Key::Slash],
        "/ · Ctrl+F",
        "cmd-search-tip",
    ),
    spec(
        Named::ClearSearch,
        "cmd-clear-search",
        &[Key::Escape],
        "Escape",
        "cmd-clear-search-tip",
    ),
    spec(
        Named::MarkAllRead,
        "cmd-mark-all-read",
        &[],
        "",
        "cmd-mark-all-read-tip",
    ),
    spec(Named::Undo, "cmd-undo", &[Key::U], "U", "cmd-undo-tip"),
    spec(
        Named::Reader,
        "cmd-reader",
        &[Key::Num1],
        "1",
        "cmd-reader-tip",
    ),
    spec(
        Named::FetchStats,
        "cmd-fetch-stats",
        &[Key::Num2],
        "2",
        "cmd-fetch-stats-tip",
    ),
    spec(
        Named::ImageStats,
        "cmd-image-stats",
        &[Key::Num3],
        "3",
        "cmd-image-stats-tip",
    ),
    spec(
        Named::HideRead,
        "cmd-hide-read",
        &[Key::H],
        "H",
        "cmd-hide-read-tip",
    ),
    spec(
        Named::OldestFirst,
        "cmd-oldest-first",
        &[],
        "",
        "cmd-oldest-first-tip",
    ),
    spec(
        Named::Unsubscribe,
        "cmd-unsubscribe",
        &[Key::Delete],
        "Delete",
        "cmd-unsubscribe-tip",
    ),
    spec(
        Named::TextSize,
        "cmd-text-size",
        &[],
        "Ctrl + / Ctrl − / Ctrl 0",
        "cmd-text-size-tip",
    ),
    spec(
        Named::Sidebar,
        "cmd-sidebar",
        &[Key::B],
        "B",
        "cmd-sidebar-tip",
    ),
    spec(
        Named::Settings,
        "cmd-settings",
        &[],
        "Ctrl+,",
        "cmd-settings-tip",
    ),
    spec(
        Named::Help,
        "cmd-help",
        &[Key::Questionmark],
        "?",
        "cmd-help-tip",
    ),
];

const fn spec(
    named: Named,
    label_id: &'static str,
    keys: &'static [egui::Key],
    keys_text: &'static str,
    tooltip_id: &'static str,
) -> CommandSpec {
    CommandSpec {
        named,
        label_id,
        keys,
        keys_text,
        tooltip_id,
    }
}

/// The table row of a named command.
pub fn spec_of(named: Named) -> &'static CommandSpec {
    COMMANDS
        .iter()
        .find(|s| s.named == named)
        .expect("every named command is in the table")
}

impl CommandSpec {
    /// Its name, as buttons and menus show it.
    pub fn label(&self) -> &'static str {
        crate::i18n::tr(self.label_id)
    }

    /// What it does, in a sentence.
    pub fn tooltip(&self) -> &'static str {
        crate::i18n::tr(self.tooltip_id)
    }

    /// The tooltip with its shortcut: "Refresh every feed (R)".
    pub fn hover(&self) -> String {
        if self.keys_text.is_empty() {
            self.tooltip().to_owned()
        } else {
            format!("{} ({})", self.tooltip(), self.keys_text)
        }
    }
}

/// The command a named command stands for, where it needs no argument from a pane.
pub fn command_of(named: Named) -> Option<UiCommand> {
    Some(match named {
        Named::Refresh => UiCommand::Refresh,
        Named::AddSubscription => UiCommand::OpenAddDialog,
        Named::Next => UiCommand::NextArticle,
        Named::Previous => UiCommand::PreviousArticle,
        Named::ToggleRead => UiCommand::ToggleRead,
        Named::ToggleStar => UiCommand::ToggleStar,
        Named::PageDown => UiCommand::PageDown,
        Named::OpenOriginal => UiCommand::OpenOriginal,
        Named::Search => UiCommand::FocusSearch,
        Named::ClearSearch => UiCommand::Escape,
        Named::MarkAllRead => return None,
        Named::Undo => UiCommand::Undo,
        Named::Reader => UiCommand::SwitchView(View::Reader),
        Named::FetchStats => UiCommand::SwitchView(View::FetchStats),
        Named::ImageStats => UiCommand::SwitchView(View::ImageStats),
        Named::Help => UiCommand::ToggleHelp,
        Named::HideRead => UiCommand::ToggleHideRead,
        Named::OldestFirst => UiCommand::ToggleOldestFirst,
        Named::Unsubscribe => UiCommand::UnsubscribeSelected,
        Named::TextSize => UiCommand::TextSize(TextStep::Larger),
        Named::Sidebar => UiCommand::ToggleSidebar,
        Named::Settings => UiCommand::ShowSettings(true),
        Named::FullText => UiCommand::ToggleFullText,
    })
}

/// The commands this frame's key presses stand for. `typing` is true while a text field has
/// the keyboard: then only Escape counts (it leaves the field and the search).
pub fn keyboard_commands(input: &egui::InputState, typing: bool) -> Vec<UiCommand> {
    let mut out = Vec::new();
    if input.key_pressed(Key::Escape) {
        out.push(UiCommand::Escape);
    }
    if typing {
        return out;
    }
    if input.modifiers.command && input.key_pressed(Key::F) {
        out.push(UiCommand::FocusSearch);
    }
    if input.modifiers.command {
        // `+` is Shift+= on many layouts, and arrives as either key.
        if input.key_pressed(Key::Plus) || input.key_pressed(Key::Equals) {
            out.push(UiCommand::TextSize(TextStep::Larger));
        }
        if input.key_pressed(Key::Minus) {
            out.push(UiCommand::TextSize(TextStep::Smaller));
        }
        if input.key_pressed(Key::Num0) {
            out.push(UiCommand::TextSize(TextStep::Normal));
        }
        if input.key_pressed(Key::Comma) {
            out.push(UiCommand::ShowSettings(true));
        }
    }
    // `?` arrives as text on most layouts (Shift+/), as a key on some.
    let question = input
        .events
        .iter()
        .any(|e| matches!(e, egui::Event::Text(t) if t == "?"));
    for spec in COMMANDS {
        if spec.named == Named::ClearSearch {
            continue;
        }
        let pressed = spec.keys.iter().any(|key| {
            if *key == Key::Questionmark {
                question || input.key_pressed(*key)
            } else {
                input.key_pressed(*key) && input.modifiers.is_none()
            }
        });
        if pressed && let Some(command) = command_of(spec.named) {
            out.push(command);
        }
    }
    out
}

/// The key table as Markdown, as the README carries it.
pub fn shortcut_table_markdown() -> String {
    let mut out = String::from("| key | does |\n|---|---|\n");
    for spec in COMMANDS.iter().filter(|s| !s.keys_text.is_empty()) {
        out.push_str(&format!("| {} | {} |\n", spec.keys_text, spec.tooltip()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_command_is_in_the_table() {
        use Named::*;
        for named in [
            Refresh,
            AddSubscription,
            Next,
            Previous,
            ToggleRead,
            ToggleStar,
            PageDown,
            OpenOriginal,
            Search,
            ClearSearch,
            MarkAllRead,
            Undo,
            Reader,
            FetchStats,
            ImageStats,
            Help,
            HideRead,
            OldestFirst,
            Unsubscribe,
            FullText,
        ] {
            assert_eq!(spec_of(named).named, named);
        }
    }

    #[test]
    fn every_key_runs_one_command() {
        let mut seen = std::collections::HashSet::new();
        for spec in COMMANDS {
            for key in spec.keys {
                assert!(seen.insert(*key), "{key:?} is bound twice");
            }
        }
    }

    #[test]
    fn the_readme_key_table_is_the_command_table() {
        let readme = include_str!("../../README.md");
        assert!(
            readme.contains(&shortcut_table_markdown()),
            "README.md's key table differs from ui::commands::COMMANDS; paste:\n{}",
            shortcut_table_markdown()
        );
    }
}
