//! Named library changes: every write a face (the window or the command line) makes to the
//! library goes through one [`LibraryChange`], applied by the engine on its one writer. Each
//! change says which views it makes stale ([`Invalidates`]), so a face re-reads exactly those.

use super::{Engine, EngineError, EngineEvent, EventSink};
use crate::store::{
    ArticleId, FeedId, FolderId, MarkScope, RetentionPolicy, Store, StoreError, now_ms,
};

/// A change a user makes to the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryChange {
    SetRead {
        article: ArticleId,
        read: bool,
    },
    SetStarred {
        article: ArticleId,
        starred: bool,
    },
    /// Marks everything unread in the scope read; the outcome lists exactly what changed.
    MarkAllRead(MarkScope),
    /// Makes these articles unread again (the undo of a [`LibraryChange::MarkAllRead`]).
    MarkUnread(Vec<ArticleId>),
    MoveFeed {
        feed: FeedId,
        folder: Option<FolderId>,
    },
    /// Makes a folder (or finds the one of that name) and, when given, moves a feed into it.
    CreateFolder {
        name: String,
        with_feed: Option<FeedId>,
    },
    RenameFolder {
        folder: FolderId,
        name: String,
    },
    /// Deletes a folder; its feeds move to the top level.
    DeleteFolder(FolderId),
    /// A feed's own retention in days (`None`: the default).
    SetFeedRetention {
        feed: FeedId,
        days: Option<i64>,
    },
    /// Applies retention to the whole library, then compacts the file.
    Vacuum(RetentionPolicy),
}

/// Which views a change makes stale.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Invalidates {
    /// Unread and starred counts (sidebar, header).
    pub counts: bool,
    /// The read/starred marks of rows already on screen (rows stay where they are).
    pub statuses: bool,
    /// Which rows a list holds (articles came or went).
    pub rows: bool,
    /// The feed and folder lists (titles, folders, membership).
    pub feeds: bool,
}

impl Invalidates {
    pub const NOTHING: Invalidates = Invalidates {
        counts: false,
        statuses: false,
        rows: false,
        feeds: false,
    };
    pub const STATUSES: Invalidates = Invalidates {
        counts: true,
        statuses: true,
        rows: false,
        feeds: false,
    };
    pub const EVERYTHING: Invalidates = Invalidates {
        counts: true,
        statuses: true,
        rows: true,
        feeds: true,
    };

    /// Both sets together.
    pub fn union(self, other: Invalidates) -> Invalidates {
        Invalidates {
            counts: self.counts || other.counts,
            statuses: self.statuses || other.statuses,
            rows: self.rows || other.rows,
            feeds: self.feeds || other.feeds,
        }
    }

    pub fn is_nothing(self) -> bool {
        self == Invalidates::NOTHING
    }
}

/// What a change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeOutcome {
    Done,
    /// The articles whose read mark changed (mark all read, or its undo).
    Marked(Vec<ArticleId>),
    FolderCreated(FolderId),
    /// How many articles retention deleted.
    Deleted(usize),
}

impl LibraryChange {
    /// The views this change makes stale.
    pub fn invalidates(&self) -> Invalidates {
        match self {
            LibraryChange::SetRead { .. }
            | LibraryChange::SetStarred { .. }
            | LibraryChange::MarkAllRead(_)
            | LibraryChange::MarkUnread(_) => Invalidates::STATUSES,
            LibraryChange::MoveFeed { .. }
            | LibraryChange::CreateFolder { .. }
            | LibraryChange::RenameFolder { .. }
            | LibraryChange::DeleteFolder(_) => Invalidates {
                counts: true,
                statuses: false,
                // A folder's list holds other rows once a feed moves in or out.
                rows: true,
                feeds: true,
            },
            LibraryChange::SetFeedRetention { .. } => Invalidates {
                feeds: true,
                ..Invalidates::NOTHING
            },
            LibraryChange::Vacuum(_) => Invalidates::EVERYTHING,
        }
    }

    /// Applies the change on `store` (the engine's writer).
    pub(super) fn apply_to(&self, store: &mut Store) -> Result<ChangeOutcome, StoreError> {
        match self {
            LibraryChange::SetRead { article, read } => {
                store.set_read(*article, *read).map(|_| ChangeOutcome::Done)
            }
            LibraryChange::SetStarred { article, starred } => store
                .set_starred(*article, *starred)
                .map(|_| ChangeOutcome::Done),
            LibraryChange::MarkAllRead(scope) => {
                check_scope(store, *scope)?;
                store
                    .mark_all_read_returning(*scope)
                    .map(ChangeOutcome::Marked)
            }
            LibraryChange::MarkUnread(ids) => {
                store.set_read_many(ids, false)?;
                Ok(ChangeOutcome::Marked(ids.clone()))
            }
            LibraryChange::MoveFeed { feed, folder } => {
                store.move_feed(*feed, *folder).map(|_| ChangeOutcome::Done)
            }
            LibraryChange::CreateFolder { name, with_feed } => {
                let folder = store.create_folder(name)?;
                if let Some(feed) = with_feed {
                    store.move_feed(*feed, Some(folder))?;
                }
                Ok(ChangeOutcome::FolderCreated(folder))
            }
            LibraryChange::RenameFolder { folder, name } => store
                .rename_folder(*folder, name)
                .map(|_| ChangeOutcome::Done),
            LibraryChange::DeleteFolder(folder) => {
                store.delete_folder(*folder).map(|_| ChangeOutcome::Done)
            }
            LibraryChange::SetFeedRetention { feed, days } => {
                store.feed(*feed)?;
                store
                    .set_feed_retention(*feed, *days)
                    .map(|_| ChangeOutcome::Done)
            }
            LibraryChange::Vacuum(policy) => {
                let deleted = store.apply_retention(*policy, now_ms())?;
                store.compact()?;
                Ok(ChangeOutcome::Deleted(deleted))
            }
        }
    }
}

/// A feed or folder named by a scope must exist (marking "nothing" is a mistake to report).
fn check_scope(store: &Store, scope: MarkScope) -> Result<(), StoreError> {
    match scope {
        MarkScope::All => Ok(()),
        MarkScope::Feed(feed) => store.feed(feed).map(|_| ()),
        MarkScope::Folder(folder) => {
            if store.folders()?.iter().any(|f| f.id == folder) {
                Ok(())
            } else {
                Err(StoreError::NoSuchFolder(folder))
            }
        }
    }
}

impl Engine {
    /// Applies `change` now, on the writer; for the command line, which waits anyway.
    pub fn apply(&self, change: &LibraryChange) -> Result<ChangeOutcome, EngineError> {
        Ok(change.apply_to(&mut self.shared.store())?)
    }

    /// Applies `change` in the background; ends with [`EngineEvent::Changed`], which carries
    /// the change, what it did and what it invalidates.
    pub fn spawn_change(&self, change: LibraryChange, events: EventSink) {
        let shared = self.shared.clone();
        self.runtime.spawn_blocking(move || {
            let result = change.apply_to(&mut shared.store());
            events(EngineEvent::Changed {
                invalidates: change.invalidates(),
                change,
                result: result.map_err(|e| e.to_string()),
            });
        });
    }
}
