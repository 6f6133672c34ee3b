//! The engine: the one place that orchestrates work, used by both the CLI and the GUI.
//!
//! It owns the tokio runtime, the HTTP fetcher and the single write connection to the store.
//! Refresh jobs run concurrently (bounded by the fetcher's per-host and global limits); every
//! fetch leaves a [`FetchRecord`] and is reported as an [`EngineEvent`] to whoever listens.

mod actions;
mod add;
mod changes;
mod dictionary_wait;
mod discover;
mod full_text;
mod images;
mod library;
mod offline;
mod prepare;
mod refresh;
mod reschedule;
pub mod schedule;
mod stages;
mod sync;
mod sync_items;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

pub use actions::{DecodedPicture, FIRST_RUN_FEED_URL, PictureKey};
pub use add::AddOutcome;
pub use changes::{ChangeOutcome, Invalidates, LibraryChange};
pub use discover::FeedChoice;
pub use full_text::{PAGE_CAP_BYTES, looks_like_excerpts};
pub use library::ImportReport;
pub use offline::{OfflineReport, OfflineStage};
pub use refresh::{RefreshScope, parse_feed_body};
pub use schedule::{Limits as ScheduleLimits, parse_interval, typical_gap_s};
pub use sync::SyncReport;

use crate::fetch::{FetchConfig, Fetcher};
use crate::images::ImageLimits;
use crate::store::{FeedId, FetchRecord, PicturePrefs, Store, StoreError};

/// The runtime's blocking threads (parse, store, convert), beside two async workers.
const BLOCKING_THREADS: usize = 2;

/// What can stop an engine operation as a whole (a single feed's failure is a fetch record,
/// not an error).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Fetch(String),
    #[error("“{0}” is not a web address; give one such as https://example.com/feed.xml")]
    NotAnAddress(String),
    #[error("{url} is not a feed and names no feed: {cause}")]
    NoFeed { url: String, cause: String },
    #[error("{0}")]
    Opml(String),
    #[error("cannot start the engine's runtime: {0}")]
    Runtime(std::io::Error),
    #[error("a background task failed: {0}")]
    Task(String),
    /// A sync account's server refused, failed or could not be reached.
    #[error("{0}")]
    Sync(String),
}

/// The engine's knobs. `Default` is what the app uses.
#[derive(Debug, Clone, Default)]
pub struct EngineConfig {
    pub fetch: FetchConfig,
    pub images: ImagePipelineConfig,
    /// Keep sync accounts' keys in a private file, without asking the desktop's secret
    /// service (`LAMPLIGHT_SECRETS=file`; tests).
    pub keep_secrets_in_file: bool,
}

/// The image pipeline's knobs.
#[derive(Debug, Clone)]
pub struct ImagePipelineConfig {
    /// Whether refreshes cache article images at all.
    pub enabled: bool,
    pub limits: ImageLimits,
    /// The largest image body downloaded.
    pub max_image_bytes: u64,
    /// The cache's size cap; least-recently-used images beyond it are evicted.
    pub cache_cap_bytes: i64,
    /// Conversions running at once (CPU-bound work on blocking threads).
    pub conversions: usize,
}

impl Default for ImagePipelineConfig {
    fn default() -> Self {
        ImagePipelineConfig {
            enabled: true,
            limits: ImageLimits::default(),
            max_image_bytes: 15 * 1024 * 1024,
            cache_cap_bytes: 512 * 1024 * 1024,
            conversions: std::thread::available_parallelism().map_or(2, |n| n.get()),
        }
    }
}

/// Progress of engine work, in the order it happens.
#[derive(Debug, Clone)]
pub enum EngineEvent {
    /// A refresh of `total` feeds began.
    RefreshStarted { total: usize },
    /// One feed's fetch began.
    FetchStarted { feed_id: FeedId, url: String },
    /// One feed's fetch ended (successfully or not); the record is stored.
    FetchFinished(Box<FetchRecord>),
    /// The refresh ended; `failed` of `total` feeds ended in error.
    RefreshFinished { total: usize, failed: usize },
    /// A [`LibraryChange`] was applied (or failed); `invalidates` says which views went stale.
    Changed {
        change: LibraryChange,
        result: Result<ChangeOutcome, String>,
        invalidates: Invalidates,
    },
    /// A cached picture was loaded (`None`: nothing cached for it).
    PictureLoaded {
        key: PictureKey,
        /// The picture, or why it is not cached ("not downloaded", "download failed: HTTP 404").
        picture: Result<Arc<DecodedPicture>, String>,
    },
    /// The image cache was trimmed; `result` is how many images were evicted.
    CacheTrimmed { result: Result<usize, String> },
    /// "Make available offline" got on: `done` of `total` pages or pictures' articles.
    OfflineProgress {
        feed_id: FeedId,
        stage: OfflineStage,
        done: usize,
        total: usize,
    },
    /// "Make available offline" ended ([`Engine::spawn_make_available_offline`]).
    OfflineFinished {
        feed_id: FeedId,
        result: Result<OfflineReport, String>,
    },
    /// An account was added ([`Engine::spawn_add_fever_account`]), or why not.
    AccountAdded {
        result: Result<crate::store::AccountRow, String>,
    },
    /// An account was removed ([`Engine::spawn_remove_account`]): how many feeds went.
    AccountRemoved { result: Result<usize, String> },
    /// Every account synced ([`Engine::spawn_sync`]): one report per account.
    SyncFinished {
        result: Result<Vec<SyncReport>, String>,
    },
    /// What an address offers ([`Engine::spawn_discover`]).
    Discovered {
        url: String,
        result: Result<Vec<FeedChoice>, String>,
    },
}

/// Where events go: the CLI prints them, the GUI forwards them and wakes its window.
pub type EventSink = Arc<dyn Fn(EngineEvent) + Send + Sync>;

/// A sink that drops every event.
pub fn no_events() -> EventSink {
    Arc::new(|_| {})
}

pub(crate) struct Shared {
    store: Mutex<Store>,
    /// What the store packs texts with, for packing outside the writer's lock.
    packing: Arc<crate::store::Packing>,
    fetcher: Fetcher,
    images: ImagePipelineConfig,
    /// Bounds CPU-heavy image conversions so a big refresh cannot starve everything else.
    cpu: tokio::sync::Semaphore,
    /// Image URLs being cached right now, so that feeds sharing an image fetch it once.
    images_in_flight: Mutex<ImagesInFlight>,
    /// The user's picture settings (stored), read again after each change of them.
    pictures: std::sync::RwLock<PicturePrefs>,
    /// Fetches' writes waiting for the one writer (group commit).
    writes: writer::WriteQueue,
}

type ImagesInFlight = std::collections::HashMap<String, Arc<tokio::sync::OnceCell<images::Saved>>>;

impl Shared {
    /// The write connection. A transaction a panicking thread left open is rolled back, so a
    /// poisoned lock is still safe to use.
    fn store(&self) -> MutexGuard<'_, Store> {
        match self.store.lock() {
            Ok(guard) => guard,
            Err(poisoned) => {
                self.store.clear_poison();
                let mut guard = poisoned.into_inner();
                guard.abandon_transaction();
                guard
            }
        }
    }

    fn picture_prefs(&self) -> PicturePrefs {
        *self.pictures.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether refreshes download pictures: this run allows it (not `--no-images`) and the
    /// user has not turned them off.
    fn downloads_pictures(&self) -> bool {
        self.images.enabled && self.picture_prefs().download
    }

    /// Reads the picture settings again (after a change of them).
    fn reload_picture_prefs(&self) {
        let defaults = self.picture_defaults();
        match self.store().picture_prefs(defaults) {
            Ok(prefs) => *self.pictures.write().unwrap_or_else(|p| p.into_inner()) = prefs,
            Err(e) => tracing::warn!("cannot read the picture settings: {e}"),
        }
    }

    fn picture_defaults(&self) -> PicturePrefs {
        PicturePrefs {
            download: true,
            cache_cap_bytes: self.images.cache_cap_bytes,
        }
    }
}

/// The engine over one data directory.
pub struct Engine {
    shared: Arc<Shared>,
    runtime: tokio::runtime::Runtime,
    data_dir: PathBuf,
    keep_secrets_in_file: bool,
}

impl Engine {
    /// Opens the store in `data_dir` (creating it) and starts the runtime.
    pub fn open(data_dir: &Path, config: EngineConfig) -> Result<Engine, EngineError> {
        // The HTTP client reads the system's certificates (a few milliseconds of a command's
        // start) while the store opens.
        let (store, fetcher) = std::thread::scope(|scope| {
            let fetcher = scope.spawn(|| Fetcher::new(config.fetch.clone()));
            let store = Store::open(&crate::paths::database_path(data_dir));
            let fetcher = match fetcher.join() {
                Ok(made) => made.map_err(|e| EngineError::Fetch(e.0)),
                Err(_) => Err(EngineError::Task(
                    "the HTTP client could not be made".into(),
                )),
            };
            (store, fetcher)
        });
        let (store, fetcher) = (store?, fetcher?);
        // 1,000-feed cold refresh: peak RSS 23.3 → 21.4 MB, wall time unchanged.
        store.set_cache_kib(512)?;
        store.plan_once()?;
        // Two blocking threads (parse, store, convert) on top of two async workers: more only
        // meet on the single writer and the allocator (1,000-feed cold refresh: 4 threads 1.60 s,
        // 2 threads 1.52 s and 0.4 MB less).
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(BLOCKING_THREADS)
            .thread_name("lamplight-engine")
            .enable_all()
            .build()
            .map_err(EngineError::Runtime)?;
        let pictures = store.picture_prefs(PicturePrefs {
            download: true,
            cache_cap_bytes: config.images.cache_cap_bytes,
        })?;
        Ok(Engine {
            shared: Arc::new(Shared {
                packing: store.packing(),
                store: Mutex::new(store),
                fetcher,
                cpu: tokio::sync::Semaphore::new(config.images.conversions.max(1)),
                images_in_flight: Mutex::default(),
                images: config.images,
                pictures: std::sync::RwLock::new(pictures),
                writes: writer::WriteQueue::default(),
            }),
            runtime,
            data_dir: data_dir.to_owned(),
            keep_secrets_in_file: config.keep_secrets_in_file,
        })
    }

    /// The data directory this engine works in.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The engine's store connection, for reads (writes go through [`Engine::apply`]).
    /// Holding it blocks refresh writes: keep it short.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.shared.store()
    }

    /// Subscribes to `url` (a feed, or a page that advertises one) and fetches it once.
    /// Blocks until done.
    pub fn add_subscription(&self, url: &str) -> Result<AddOutcome, EngineError> {
        self.runtime.block_on(add::add_subscription(
            self.shared.clone(),
            url.to_owned(),
            None,
        ))
    }

    /// The feeds `url` offers (itself when it is a feed; what a page advertises, or what
    /// answers at the common addresses), each with its title and article count. Blocks.
    pub fn discover(&self, url: &str) -> Result<Vec<FeedChoice>, EngineError> {
        self.runtime
            .block_on(discover::discover(self.shared.clone(), url.to_owned()))
    }

    /// [`Engine::discover`] in the background; ends with [`EngineEvent::Discovered`].
    pub fn spawn_discover(&self, url: String, events: EventSink) {
        let shared = self.shared.clone();
        self.runtime.spawn(async move {
            let result = discover::discover(shared, url.clone())
                .await
                .map_err(|e| e.to_string());
            events(EngineEvent::Discovered { url, result });
        });
    }

    /// The bounds on automatic refresh intervals in force.
    pub fn schedule_limits(&self) -> Result<schedule::Limits, EngineError> {
        Ok(reschedule::limits(&self.shared.store())?)
    }

    /// Fills a feed's gaps (missing full text, pictures not cached) and says how many of its
    /// articles are ready offline afterwards. Blocks; progress goes to `events`.
    pub fn make_available_offline(
        &self,
        feed: FeedId,
        events: EventSink,
    ) -> Result<OfflineReport, EngineError> {
        self.runtime.block_on(offline::make_available_offline(
            self.shared.clone(),
            feed,
            events,
        ))
    }

    /// [`Engine::make_available_offline`] in the background; ends with
    /// [`EngineEvent::OfflineFinished`].
    pub fn spawn_make_available_offline(&self, feed: FeedId, events: EventSink) {
        let shared = self.shared.clone();
        self.runtime.spawn(async move {
            let result = offline::make_available_offline(shared, feed, events.clone())
                .await
                .map_err(|e| e.to_string());
            events(EngineEvent::OfflineFinished {
                feed_id: feed,
                result,
            });
        });
    }

    /// Refreshes the feeds in `scope`, reporting progress to `events`. Blocks until every fetch
    /// has ended and returns their records in the order they finished.
    pub fn refresh(
        &self,
        scope: RefreshScope,
        events: EventSink,
    ) -> Result<Vec<FetchRecord>, EngineError> {
        self.runtime
            .block_on(refresh::refresh(self.shared.clone(), scope, events))
    }

    /// Adds a Fever account after checking the key with the server; the key (never the
    /// password) is kept in the secret service, or a private file. Blocks.
    pub fn add_fever_account(
        &self,
        url: &str,
        user: &str,
        password: &str,
    ) -> Result<crate::store::AccountRow, EngineError> {
        use crate::sync::{fever, secrets};
        let key = fever::api_key(user, password);
        let client = fever::FeverClient::new(url, &key, std::time::Duration::from_secs(30))
            .map_err(|e| EngineError::Sync(e.to_string()))?;
        self.runtime
            .block_on(client.subscriptions())
            .map_err(|e| EngineError::Sync(e.to_string()))?;
        let id = self.store_mut(|s| s.add_account("fever", url.trim(), user, "pending"))?;
        match secrets::keep(&self.data_dir, id.0, &key, !self.keep_secrets_in_file) {
            Ok(kept_in) => self.store_mut(|s| s.set_account_secret_in(id, kept_in))?,
            Err(e) => {
                self.store_mut(|s| s.remove_account(id))?;
                return Err(EngineError::Sync(e.to_string()));
            }
        }
        let account = self.store().account(id)?;
        account.ok_or(EngineError::Store(StoreError::Invalid(crate::english!(
            "engine-no-account",
            id = id.0
        ))))
    }

    /// Removes an account, its feeds and articles here, and its key. Returns how many feeds
    /// went.
    pub fn remove_account(&self, id: crate::store::AccountId) -> Result<usize, EngineError> {
        let account = self.store().account(id)?.ok_or_else(|| {
            EngineError::Store(StoreError::Invalid(crate::english!(
                "engine-no-account",
                id = id.0
            )))
        })?;
        let feeds = self.store_mut(|s| s.remove_account(id))?;
        crate::sync::secrets::forget(&self.data_dir, id.0, &account.secret_in);
        Ok(feeds)
    }

    /// Syncs every account (push the marks made here, pull feeds, items and marks). Blocks.
    pub fn sync(&self) -> Result<Vec<SyncReport>, EngineError> {
        self.runtime
            .block_on(sync::sync_all(self.shared.clone(), &self.data_dir))
    }

    /// [`Engine::sync`] in the background; ends with [`EngineEvent::SyncFinished`].
    pub fn spawn_sync(&self, events: EventSink) {
        let shared = self.shared.clone();
        let data_dir = self.data_dir.clone();
        self.runtime.spawn(async move {
            let result = sync::sync_all(shared, &data_dir)
                .await
                .map_err(|e| e.to_string());
            events(EngineEvent::SyncFinished { result });
        });
    }

    /// [`Engine::add_fever_account`] in the background (it asks the server first); ends with
    /// [`EngineEvent::AccountAdded`].
    pub fn spawn_add_fever_account(
        self: &Arc<Self>,
        url: String,
        user: String,
        password: String,
        events: EventSink,
    ) {
        let engine = self.clone();
        std::thread::spawn(move || {
            let result = engine
                .add_fever_account(&url, &user, &password)
                .map_err(|e| e.to_string());
            events(EngineEvent::AccountAdded { result });
        });
    }

    /// [`Engine::remove_account`] in the background; ends with [`EngineEvent::AccountRemoved`].
    pub fn spawn_remove_account(self: &Arc<Self>, id: crate::store::AccountId, events: EventSink) {
        let engine = self.clone();
        std::thread::spawn(move || {
            let result = engine.remove_account(id).map_err(|e| e.to_string());
            events(EngineEvent::AccountRemoved { result });
        });
    }

    fn store_mut<R>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<R, StoreError>,
    ) -> Result<R, EngineError> {
        Ok(f(&mut self.shared.store())?)
    }

    /// Starts a refresh in the background and returns at once; progress and the end arrive
    /// as events.
    pub fn spawn_refresh(&self, scope: RefreshScope, events: EventSink) {
        let shared = self.shared.clone();
        self.runtime.spawn(async move {
            let sink = events.clone();
            if let Err(e) = refresh::refresh(shared, scope, events).await {
                tracing::warn!("background refresh failed: {e}");
                sink(EngineEvent::RefreshFinished {
                    total: 0,
                    failed: 0,
                });
            }
        });
    }
}
