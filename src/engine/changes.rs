//! Named library changes: every write a face (the window or the command line) makes to the
//! library goes through one [`LibraryChange`], applied by the engine on its one writer. Each
//! change says which views it makes stale ([`Invalidates`]), so a face re-reads exactly those.

use std::sync::Arc;

use super::{AddOutcome, Engine, EngineError, EngineEvent, EventSink, ImportReport, Shared};
use crate::store::{
    ArticleId, FeedId, FolderId, FullTextMode, MarkScope, RemovalReport, RetentionPolicy, Store,
    StoreError, now_ms,
};

/// A change a user makes to the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LibraryChange {
    /// Subscribe to a feed (or the feed a page advertises), fetch it once, and file it in the
    /// folder of that name (made if needed). `example.org/feed` is tried as https, then http.
    Subscribe {
        url: String,
        folder: Option<String>,
        /// Full text on or off from the first fetch (`None`: auto).
        full_text: Option<FullTextMode>,
    },
    /// Import an OPML document's subscriptions and folders (one transaction).
    ImportOpml(String),
    /// Remove a feed with its articles, marks, fetch records and the images only it uses; with
    /// `keep_starred` its starred articles move to "Saved". Undoable until `vacuum`.
    Unsubscribe {
        feed: FeedId,
        keep_starred: bool,
    },
    /// Undo an [`LibraryChange::Unsubscribe`]: everything back as it was.
    RestoreFeed {
        removal_id: i64,
    },
    /// A title of the user's that refreshes keep (`None`: the feed's own again).
    RenameFeed {
        feed: FeedId,
        title: Option<String>,
    },
    /// A new address, fetched and read as a feed before it is saved.
    SetFeedUrl {
        feed: FeedId,
        url: String,
    },
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
    /// Whether a feed's article pages are fetched for their full text.
    SetFullText {
        feed: FeedId,
        mode: FullTextMode,
    },
    /// Pins a feed to a fixed refresh interval in seconds (`None`: the automatic schedule).
    SetSchedule {
        feed: FeedId,
        every_s: Option<i64>,
    },
    /// The bounds on every feed's automatic interval, in seconds (`None` keeps that bound).
    SetScheduleLimits {
        min_s: Option<i64>,
        max_s: Option<i64>,
    },
    /// Whether the reader shows a feed's own text rather than the full article.
    SetReaderFeedText {
        feed: FeedId,
        feed_text: bool,
    },
    /// Whether a desktop notification tells of a feed's new articles.
    SetNotifyNew {
        feed: FeedId,
        on: bool,
    },
    /// Whether new articles' pictures are downloaded, and the cache's cap in bytes (`None`
    /// keeps that one). Applies from the next refresh; a smaller cap evicts at once.
    SetPictures {
        download: Option<bool>,
        cache_cap_bytes: Option<i64>,
    },
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
#[derive(Debug, Clone)]
pub enum ChangeOutcome {
    Done,
    Subscribed(Box<AddOutcome>),
    Imported(ImportReport),
    Removed(RemovalReport),
    Restored(FeedId),
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
            LibraryChange::Subscribe { .. }
            | LibraryChange::ImportOpml(_)
            | LibraryChange::Unsubscribe { .. }
            | LibraryChange::RestoreFeed { .. } => Invalidates::EVERYTHING,
            LibraryChange::RenameFeed { .. } | LibraryChange::SetFeedUrl { .. } => Invalidates {
                feeds: true,
                // Rows carry their feed's title.
                rows: true,
                ..Invalidates::NOTHING
            },
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
            LibraryChange::SetFeedRetention { .. }
            | LibraryChange::SetFullText { .. }
            | LibraryChange::SetSchedule { .. }
            | LibraryChange::SetScheduleLimits { .. }
            | LibraryChange::SetNotifyNew { .. }
            | LibraryChange::SetPictures { .. } => Invalidates {
                feeds: true,
                ..Invalidates::NOTHING
            },
            // The reader reads the article again; nothing listed changes.
            LibraryChange::SetReaderFeedText { .. } => Invalidates::NOTHING,
            LibraryChange::Vacuum(_) => Invalidates::EVERYTHING,
        }
    }

    /// Applies a change that only writes: on `store` (the engine's writer), at once.
    fn apply_to(&self, store: &mut Store) -> Result<ChangeOutcome, EngineError> {
        Ok(match self {
            LibraryChange::Subscribe { .. } | LibraryChange::SetFeedUrl { .. } => {
                return Err(EngineError::Task(
                    crate::english!("engine-needs-runtime").into(),
                ));
            }
            LibraryChange::ImportOpml(text) => {
                ChangeOutcome::Imported(super::library::import_opml(store, text)?)
            }
            other => other.apply_to_store(store)?,
        })
    }

    fn apply_to_store(&self, store: &mut Store) -> Result<ChangeOutcome, StoreError> {
        match self {
            LibraryChange::Subscribe { .. }
            | LibraryChange::ImportOpml(_)
            | LibraryChange::SetFeedUrl { .. } => Ok(ChangeOutcome::Done),
            LibraryChange::Unsubscribe { feed, keep_starred } => store
                .remove_feed(*feed, *keep_starred)
                .map(ChangeOutcome::Removed),
            LibraryChange::RestoreFeed { removal_id } => {
                store.restore_feed(*removal_id).map(ChangeOutcome::Restored)
            }
            LibraryChange::RenameFeed { feed, title } => store
                .rename_feed(*feed, title.as_deref())
                .map(|_| ChangeOutcome::Done),
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
            LibraryChange::SetFullText { feed, mode } => store
                .set_full_text_mode(*feed, *mode)
                .map(|_| ChangeOutcome::Done),
            LibraryChange::SetSchedule { feed, every_s } => {
                let reason = match every_s {
                    Some(s) => crate::english!(
                        "engine-fixed-by-you",
                        duration = super::schedule::human_in(crate::i18n::Lang::En, *s)
                    ),
                    None => crate::english!("engine-automatic-again").to_owned(),
                };
                store
                    .set_pinned_interval(*feed, *every_s, &reason)
                    .map(|_| ChangeOutcome::Done)
            }
            LibraryChange::SetScheduleLimits { min_s, max_s } => store
                .set_schedule_limits(*min_s, *max_s)
                .map(|_| ChangeOutcome::Done),
            LibraryChange::SetReaderFeedText { feed, feed_text } => store
                .set_reader_feed_text(*feed, *feed_text)
                .map(|_| ChangeOutcome::Done),
            LibraryChange::SetNotifyNew { feed, on } => store
                .set_notify_new(*feed, *on)
                .map(|_| ChangeOutcome::Done),
            LibraryChange::SetPictures {
                download,
                cache_cap_bytes,
            } => {
                store.set_picture_prefs(*download, *cache_cap_bytes)?;
                if let Some(cap) = cache_cap_bytes {
                    store.evict_images(*cap)?;
                }
                Ok(ChangeOutcome::Done)
            }
            LibraryChange::Vacuum(policy) => {
                store.purge_trash(None)?;
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

/// Subscribes, then files the new feed in `folder`.
async fn subscribe(
    shared: Arc<Shared>,
    url: String,
    folder: Option<String>,
    full_text: Option<FullTextMode>,
) -> Result<ChangeOutcome, EngineError> {
    let mut added = super::add::add_subscription(shared.clone(), url, full_text).await?;
    if let Some(name) = folder {
        let feed = added.feed.id;
        added.feed = tokio::task::spawn_blocking(move || {
            let change = LibraryChange::CreateFolder {
                name,
                with_feed: Some(feed),
            };
            let mut store = shared.store();
            change.apply_to_store(&mut store)?;
            store.feed(feed)
        })
        .await
        .map_err(|e| EngineError::Task(e.to_string()))??;
    }
    Ok(ChangeOutcome::Subscribed(Box::new(added)))
}

/// Checks that `url` serves a feed, then gives it to `feed`.
async fn set_feed_url(
    shared: Arc<Shared>,
    feed: FeedId,
    url: String,
) -> Result<ChangeOutcome, EngineError> {
    let url = super::add::check_feed_url(&shared, &url).await?;
    tokio::task::spawn_blocking(move || shared.store().set_feed_url(feed, &url))
        .await
        .map_err(|e| EngineError::Task(e.to_string()))??;
    Ok(ChangeOutcome::Done)
}

/// A change's work that waits on the network.
type NetworkWork =
    std::pin::Pin<Box<dyn Future<Output = Result<ChangeOutcome, EngineError>> + Send>>;

/// The changes that wait on the network, as futures; `None` for those that only write.
fn networked(shared: &Arc<Shared>, change: &LibraryChange) -> Option<NetworkWork> {
    match change {
        LibraryChange::Subscribe {
            url,
            folder,
            full_text,
        } => Some(Box::pin(subscribe(
            shared.clone(),
            url.clone(),
            folder.clone(),
            *full_text,
        ))),
        LibraryChange::SetFeedUrl { feed, url } => {
            Some(Box::pin(set_feed_url(shared.clone(), *feed, url.clone())))
        }
        _ => None,
    }
}

/// Applies a change that only writes; a change of the settings the engine keeps in memory
/// is read back at once.
fn apply_locally(shared: &Shared, change: &LibraryChange) -> Result<ChangeOutcome, EngineError> {
    let outcome = change.apply_to(&mut shared.store())?;
    if let LibraryChange::SetPictures { .. } = change {
        shared.reload_picture_prefs();
    }
    Ok(outcome)
}

impl Engine {
    /// Applies `change` now and waits for it; for the command line.
    pub fn apply(&self, change: &LibraryChange) -> Result<ChangeOutcome, EngineError> {
        match networked(&self.shared, change) {
            Some(work) => self.runtime.block_on(work),
            None => apply_locally(&self.shared, change),
        }
    }

    /// Applies `change` in the background; ends with [`EngineEvent::Changed`], which carries
    /// the change, what it did and what it invalidates.
    pub fn spawn_change(&self, change: LibraryChange, events: EventSink) {
        let shared = self.shared.clone();
        let report = move |change: LibraryChange, result: Result<ChangeOutcome, EngineError>| {
            events(EngineEvent::Changed {
                invalidates: change.invalidates(),
                change,
                result: result.map_err(|e| e.to_string()),
            });
        };
        if let Some(work) = networked(&shared, &change) {
            self.runtime.spawn(async move {
                let result = work.await;
                report(change, result);
            });
        } else {
            self.runtime.spawn_blocking(move || {
                let result = apply_locally(&shared, &change);
                report(change, result);
            });
        }
    }
}
