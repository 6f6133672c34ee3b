//! How the window takes in what changed outside its own frame: engine events (refresh
//! progress, finished fetches, subscriptions, applied library changes, loaded pictures) and
//! commits by anyone else (the command line on the same data directory), seen through the
//! store's `data_version`. Each says which views went stale; they are re-read once per frame.

use crate::i18n::in_words;
use crate::t;
use std::time::Duration;

use super::app::LamplightApp;
use super::article_list::ArticleList;
use super::library_reader::{LibrarySnapshot, ListCount, Reading, read_snapshot};
use super::page_reader::PageAnswer;
use super::state::Selection;
use crate::engine::{ChangeOutcome, EngineEvent, Invalidates, LibraryChange};
use crate::store::ArticleListFilter;

/// What reaches the window from other threads.
pub enum WindowEvent {
    Engine(EngineEvent),
    /// The counting thread's answer.
    Library(Box<LibrarySnapshot>),
    /// A page of the list read ahead.
    Page(PageAnswer),
    /// Another connection committed (seen by the watching thread); the frame looks.
    OutsideChange,
    /// A notification was clicked: show this article.
    OpenFromOutside(crate::store::ArticleId),
}

/// The filters of All unread, Today and Starred, in that order.
pub fn smart_filters() -> [ArticleListFilter; 3] {
    [Selection::AllUnread, Selection::Today, Selection::Starred].map(ArticleList::filter_for)
}

impl LamplightApp {
    /// Takes in every event the engine sent since the last frame, and commits by others.
    pub fn drain_events(&mut self) {
        let mut stale = Invalidates::NOTHING;
        while let Ok(event) = self.events.try_recv() {
            stale = stale.union(self.handle_event(event));
        }
        stale = stale.union(self.outside_changes());
        self.bring_up_to_date(stale);
    }

    /// Waits up to `timeout` for the engine's next event and takes it in. Returns whether one
    /// came. (For tests and tools that drive the window without a display.)
    pub fn wait_for_engine_event(&mut self, timeout: Duration) -> bool {
        match self.events.recv_timeout(timeout) {
            Ok(event) => {
                let stale = self.handle_event(event).union(self.outside_changes());
                self.bring_up_to_date(stale);
                true
            }
            Err(_) => false,
        }
    }

    /// Waits until the engine work this window started, and the counts it asked for, have all
    /// reported back (at most `timeout`); returns whether they did. (For tests and tools.)
    pub fn settle(&mut self, timeout: Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            if !self.is_waiting() {
                self.drain_events();
                if !self.is_waiting() {
                    return true;
                }
            }
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() || !self.wait_for_engine_event(left) {
                return false;
            }
        }
    }

    /// Whether engine work or a count this window asked for has not come back yet.
    pub(super) fn is_waiting(&self) -> bool {
        self.pending > 0 || self.library.is_reading() || self.pictures.is_loading()
    }

    /// What other connections committed since the views were last read: marks from the
    /// command line, the engine's writes. Statuses, counts and feeds are re-read; rows stay.
    fn outside_changes(&mut self) -> Invalidates {
        match self.reader.data_version() {
            Ok(version) if version != self.data_version => {
                self.data_version = version;
                Invalidates {
                    counts: true,
                    statuses: true,
                    rows: false,
                    feeds: true,
                }
            }
            _ => Invalidates::NOTHING,
        }
    }

    /// Re-reads what `stale` names.
    pub(super) fn bring_up_to_date(&mut self, stale: Invalidates) {
        if stale.is_nothing() {
            return;
        }
        if let Ok(version) = self.reader.data_version() {
            self.data_version = version;
        }
        if stale.rows {
            self.list.invalidate();
            if self.state.search.is_active() {
                self.run_search();
            }
        }
        if stale.counts || stale.feeds || stale.rows {
            self.recount();
        }
        if stale.statuses {
            self.list.refresh_statuses(&self.reader);
            if let Some(open) = &mut self.state.open
                && let Ok(statuses) = self.reader.statuses(&[open.row.id])
            {
                match statuses.first() {
                    Some(&(_, read, starred)) => {
                        open.row.read = read;
                        open.row.starred = starred;
                    }
                    // The article is gone (retention, or its feed was removed).
                    None => self.state.open = None,
                }
            }
        }
    }

    /// Asks the counting thread for the feeds, folders and counts (and the list's length when
    /// it is not known); without the thread, reads them here.
    pub(super) fn recount(&mut self) {
        let list = self.list.wanted_count(self.state.selection);
        self.ask_counts(list);
    }

    /// Asks for the list's length when it is not known yet (after drawing a new list).
    pub(super) fn count_list_if_needed(&mut self) {
        if let Some(list) = self.list.wanted_count(self.state.selection) {
            self.ask_counts(Some(list));
        }
    }

    fn ask_counts(&mut self, list: Option<ListCount>) {
        if let Err(list) = self.library.request(list) {
            let snapshot = read_snapshot(
                &self.reader,
                &smart_filters(),
                list.as_ref(),
                Reading::Whole,
            );
            self.take_snapshot(snapshot);
        }
    }

    /// Shows what a read of the library found.
    pub(super) fn take_snapshot(&mut self, snapshot: LibrarySnapshot) {
        self.state.generation += 1;
        match snapshot.feeds {
            Ok(feeds) => self.state.feeds = feeds,
            Err(e) => {
                let error = in_words(&e.to_string()).into_owned();
                self.state.error = Some(t!("error-read-feeds", error = error));
            }
        }
        self.state.folders = snapshot.folders;
        self.state.smart_counts = snapshot.smart_counts;
        self.state.accounts = snapshot.accounts;
        if let Some((epoch, rows)) = snapshot.list {
            self.list.counted(epoch, rows);
        }
    }

    fn handle_event(&mut self, event: WindowEvent) -> Invalidates {
        let event = match event {
            WindowEvent::Engine(event) => event,
            WindowEvent::Page(answer) => {
                self.list.page_arrived(answer);
                return Invalidates::NOTHING;
            }
            // `outside_changes` reads the version after every event.
            WindowEvent::OutsideChange => return Invalidates::NOTHING,
            WindowEvent::OpenFromOutside(article) => {
                self.open_from_outside(article);
                return Invalidates::NOTHING;
            }
            WindowEvent::Library(snapshot) => {
                self.take_snapshot(*snapshot);
                if let Some(list) = self.library.answered() {
                    self.ask_counts(list);
                }
                return Invalidates::NOTHING;
            }
        };
        match event {
            EngineEvent::RefreshStarted { total } => {
                let refresh = &mut self.state.refresh;
                refresh.running = true;
                refresh.total = total;
                refresh.done = 0;
                Invalidates::NOTHING
            }
            EngineEvent::FetchStarted { feed_id, .. } => {
                self.state.refresh.in_flight.insert(feed_id);
                Invalidates::NOTHING
            }
            EngineEvent::FetchFinished(record) => {
                self.state.refresh.in_flight.remove(&record.feed_id);
                self.state.refresh.done += 1;
                Invalidates::EVERYTHING
            }
            EngineEvent::RefreshFinished { failed, .. } => {
                self.pending = self.pending.saturating_sub(1);
                self.announce_new_articles();
                self.state.refresh.running = false;
                self.state.refresh.in_flight.clear();
                self.state.failures_shown = failed > 0;
                // Accounts' feeds are the server's to fetch: a refresh is followed by a sync.
                self.sync();
                Invalidates::EVERYTHING
            }
            EngineEvent::Changed {
                change,
                result,
                invalidates,
            } => {
                self.pending = self.pending.saturating_sub(1);
                self.changed(change, result);
                invalidates
            }
            event @ (EngineEvent::AccountAdded { .. } | EngineEvent::AccountRemoved { .. }) => {
                self.account_event(event);
                Invalidates::EVERYTHING
            }
            EngineEvent::SyncFinished { result } => {
                self.pending = self.pending.saturating_sub(1);
                self.state.syncing = false;
                let failure = match result {
                    Ok(reports) => reports.into_iter().find_map(|r| r.error),
                    Err(e) => Some(e),
                };
                if let Some(cause) = failure {
                    let cause = in_words(&cause).into_owned();
                    self.state.error = Some(t!("error-sync", error = cause));
                }
                Invalidates::EVERYTHING
            }
            EngineEvent::PictureLoaded { key, picture } => {
                self.pictures.loaded(&self.ctx, key, picture);
                Invalidates::NOTHING
            }
            EngineEvent::Discovered { url, result } => {
                self.pending = self.pending.saturating_sub(1);
                if let Some(feed) = self.add.found(&url, result) {
                    self.apply(super::commands::UiCommand::Subscribe(feed));
                }
                Invalidates::NOTHING
            }
            EngineEvent::OfflineProgress {
                feed_id,
                done,
                total,
                ..
            } => {
                self.state.offline.insert(feed_id, (done, total));
                Invalidates::NOTHING
            }
            EngineEvent::OfflineFinished { feed_id, result } => {
                self.pending = self.pending.saturating_sub(1);
                self.state.offline.remove(&feed_id);
                match result {
                    Ok(report) => {
                        let title = self
                            .state
                            .feeds
                            .iter()
                            .find(|f| f.id == feed_id)
                            .map(|f| f.title.clone())
                            .unwrap_or_default();
                        let text = t!(
                            "notice-offline-ready",
                            title = title,
                            ready = report.ready,
                            total = report.articles
                        );
                        self.notify(text, None);
                    }
                    Err(e) => {
                        let error = in_words(&e.to_string()).into_owned();
                        self.state.error = Some(t!("error-offline", error = error));
                    }
                }
                Invalidates {
                    rows: true,
                    feeds: true,
                    ..Invalidates::NOTHING
                }
            }
            EngineEvent::CacheTrimmed { result } => {
                self.pending = self.pending.saturating_sub(1);
                if let Err(e) = result {
                    let error = in_words(&e.to_string()).into_owned();
                    self.state.error = Some(t!("error-trim-cache", error = error));
                }
                self.pictures.clear();
                Invalidates {
                    counts: true,
                    ..Invalidates::NOTHING
                }
            }
        }
    }

    /// What a finished change tells the user.
    fn changed(&mut self, change: LibraryChange, result: Result<ChangeOutcome, String>) {
        match (change, result) {
            (LibraryChange::Subscribe { url, .. }, result) => {
                let result = result.map(|outcome| match outcome {
                    ChangeOutcome::Subscribed(added) => added.feed.id,
                    _ => crate::store::FeedId(0),
                });
                if let Ok(id) = &result
                    && self.add.is_pending(&url)
                {
                    self.apply(super::commands::UiCommand::Select(Selection::Feed(id.0)));
                }
                self.add.finished(url, result);
            }
            (_, Err(e)) => {
                self.state.error = Some(t!("error-save", error = in_words(&e).into_owned()))
            }
            (LibraryChange::SetPictures { .. } | LibraryChange::SetScheduleLimits { .. }, _) => {
                self.read_library_settings();
            }
            (LibraryChange::MarkAllRead(_), Ok(ChangeOutcome::Marked(ids))) => {
                if ids.is_empty() {
                    self.notify(t!("notice-nothing-unread").into(), None);
                } else {
                    let text = t!("notice-marked-read", count = ids.len());
                    self.notify(text, Some(LibraryChange::MarkUnread(ids)));
                }
            }
            (LibraryChange::Unsubscribe { .. }, Ok(ChangeOutcome::Removed(report))) => {
                let text = t!(
                    "notice-unsubscribed",
                    title = report.title.as_str(),
                    count = report.articles,
                    starred = report.starred_kept
                );
                let undo = LibraryChange::RestoreFeed {
                    removal_id: report.removal_id,
                };
                self.notify(text, Some(undo));
            }
            (LibraryChange::RestoreFeed { .. }, Ok(ChangeOutcome::Restored(feed))) => {
                self.notify(t!("notice-feed-back").into(), None);
                self.apply(super::commands::UiCommand::Select(Selection::Feed(feed.0)));
            }
            (LibraryChange::MarkUnread(_), Ok(ChangeOutcome::Marked(ids))) => {
                self.notify(t!("notice-back-to-unread", count = ids.len()), None);
            }
            _ => {}
        }
    }
}
