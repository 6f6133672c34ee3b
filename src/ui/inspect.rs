//! What tests and tools read of the window (its state, what it painted, its counts) and the
//! few things they ask of it without a display; every change still goes through
//! [`LamplightApp::apply`].

use std::sync::Arc;

use super::app::LamplightApp;
use super::commands::UiCommand;
use super::opener::Opener;
use super::state::{Painted, Selection, ThemeChoice, View, WindowState};
use crate::engine::Engine;
use crate::store::{ArticleRow, FeedRow, FolderRow, SearchHit};

impl LamplightApp {
    /// Looks for a browser only in `search_path` (tests and tools).
    pub fn set_opener(&mut self, opener: Opener) {
        self.opener = opener;
    }

    pub fn state(&self) -> &WindowState {
        &self.state
    }

    /// What the panes painted in the last frame.
    pub fn painted(&self) -> &Painted {
        &self.painted
    }

    pub fn selection(&self) -> Selection {
        self.state.selection
    }

    pub fn view(&self) -> View {
        self.state.view
    }

    pub fn theme(&self) -> ThemeChoice {
        self.state.theme
    }

    pub fn feeds(&self) -> &[FeedRow] {
        &self.state.feeds
    }

    pub fn folders(&self) -> &[FolderRow] {
        &self.state.folders
    }

    pub fn open_row(&self) -> Option<&ArticleRow> {
        self.state.open.as_ref().map(|o| &o.row)
    }

    /// Whether a refresh is running, and how far it is (done, total).
    pub fn refresh_progress(&self) -> Option<(usize, usize)> {
        let r = &self.state.refresh;
        r.running.then_some((r.done, r.total))
    }

    /// The counts of All unread, Today and Starred.
    pub fn smart_counts(&self) -> [i64; 3] {
        self.state.smart_counts
    }

    pub fn search_hits(&self) -> &[SearchHit] {
        &self.state.search.hits
    }

    /// The notice over the list ("Marked 37 read — Undo"), if one is up.
    pub fn notice(&self) -> Option<&str> {
        self.state.notice.as_ref().map(|n| n.text.as_str())
    }

    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Whether engine work this window started is still running.
    pub fn is_busy(&self) -> bool {
        self.is_waiting()
    }

    /// The bytes the window's picture textures hold now.
    pub fn texture_bytes(&self) -> usize {
        self.pictures.resident_bytes()
    }

    /// The picture textures' memory budget (for tests and benches).
    pub fn set_texture_budget(&mut self, bytes: usize) {
        self.pictures.set_budget(bytes);
    }

    pub fn select(&mut self, selection: Selection) {
        self.apply(UiCommand::Select(selection));
    }

    pub fn set_search(&mut self, query: &str) {
        self.apply(UiCommand::SetSearch(query.to_owned()));
    }

    pub fn start_refresh(&mut self) {
        self.apply(UiCommand::Refresh);
    }
}
