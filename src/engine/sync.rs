//! Syncing with an account's server (Fever). One sync: the server's groups and feeds (groups
//! become folders); its marks, met with the marks made here (the server's changes set here,
//! this device's pushed); then its new items pulled (through the same render and picture
//! pipelines as a fetched feed, so they read offline, each with its own marks). Local marks wait
//! in the store's queue until pushed; a sync that fails part-way keeps what it finished and
//! loses nothing queued.
//!
//! When the same mark changed on both sides since the last sync, the later change wins. Fever
//! does not say when a mark changed on the server, only that it changed since its marks were
//! last read here: a change made here before that reading is the older and gives way to the
//! server's; one made after it is taken as the later (the server cannot tell) and pushed.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use super::{EngineError, Shared};
use crate::english;
use crate::store::{
    AccountId, AccountRow, FeedId, MarkToPush, Store, StoreResult, SyncedItem, now_ms,
};
use crate::sync::SyncError;
use crate::sync::fever::{FeverClient, Subscriptions};

/// What one account's sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub account_id: i64,
    /// New articles from the server's items.
    pub items_pulled: usize,
    /// Marks made here and written to the server.
    pub marks_pushed: usize,
    /// Marks here changed to what the server says.
    pub marks_pulled: usize,
    pub duration_ms: u64,
    /// Why it stopped, if it did (English).
    pub error: Option<String>,
}

/// How long one call to the server may take.
const CALL_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs `f` on the writer connection, off the async threads.
pub(super) async fn with_store<R: Send + 'static>(
    shared: &Arc<Shared>,
    f: impl FnOnce(&mut Store) -> StoreResult<R> + Send + 'static,
) -> Result<R, EngineError> {
    let shared = shared.clone();
    tokio::task::spawn_blocking(move || f(&mut shared.store()))
        .await
        .map_err(|e| EngineError::Task(e.to_string()))?
        .map_err(EngineError::Store)
}

/// Syncs every account, one after the other.
pub(super) async fn sync_all(
    shared: Arc<Shared>,
    data_dir: &Path,
) -> Result<Vec<SyncReport>, EngineError> {
    let accounts = with_store(&shared, |store| store.accounts()).await?;
    let mut reports = Vec::with_capacity(accounts.len());
    for account in accounts {
        reports.push(sync_account(&shared, data_dir, account).await);
    }
    Ok(reports)
}

/// Syncs one account; a failure is in the report (and recorded with the account).
pub(super) async fn sync_account(
    shared: &Arc<Shared>,
    data_dir: &Path,
    account: AccountRow,
) -> SyncReport {
    let started = Instant::now();
    let mut report = SyncReport {
        account_id: account.id.0,
        ..SyncReport::default()
    };
    let mut progress = Progress {
        last_item_id: account.last_item_id,
        pulled_at: None,
    };
    let result = match connect(data_dir, &account) {
        Ok(client) => run(shared, &client, &account, &mut report, &mut progress).await,
        Err(e) => Err(e.to_string()),
    };
    report.duration_ms = started.elapsed().as_millis() as u64;
    let error = result.err();
    report.error.clone_from(&error);
    let (
        id,
        Progress {
            last_item_id,
            pulled_at,
        },
    ) = (account.id, progress);
    if let Err(e) = with_store(shared, move |store| {
        store.note_sync(id, last_item_id, pulled_at, error.as_deref())
    })
    .await
    {
        report.error.get_or_insert_with(|| e.to_string());
    }
    report
}

fn connect(data_dir: &Path, account: &AccountRow) -> Result<FeverClient, SyncError> {
    let key = crate::sync::secrets::read(data_dir, account.id.0, &account.secret_in)?;
    FeverClient::new(&account.url, &key, CALL_TIMEOUT)
}

/// What a sync got to, kept with the account even when it stops part-way.
pub(super) struct Progress {
    pub last_item_id: i64,
    pub pulled_at: Option<i64>,
}

async fn run(
    shared: &Arc<Shared>,
    client: &FeverClient,
    account: &AccountRow,
    report: &mut SyncReport,
    progress: &mut Progress,
) -> Result<(), String> {
    let said = |e: SyncError| e.to_string();
    let stored = |e: EngineError| e.to_string();
    let subscriptions = client.subscriptions().await.map_err(said)?;
    let feeds = save_subscriptions(shared, account.id, subscriptions)
        .await
        .map_err(stored)?;
    let id = account.id;
    // The items known before this sync: their marks are met now; new ones bring their own.
    let known: HashMap<i64, SyncedItem> = with_store(shared, move |store| store.synced_items(id))
        .await
        .map_err(stored)?
        .into_iter()
        .map(|item| (item.remote_id, item))
        .collect();
    let read_at = now_ms();
    let (unread, saved) = client.marks().await.map_err(said)?;
    let server = ServerMarks {
        unread: unread.into_iter().collect(),
        saved: saved.into_iter().collect(),
    };
    let (unread, saved) = (server.unread.clone(), server.saved.clone());
    let (to_push, pulled) = with_store(shared, move |store| {
        store.reconcile_marks(id, &unread, &saved, read_at)
    })
    .await
    .map_err(stored)?;
    report.marks_pulled = pulled;
    progress.pulled_at = Some(read_at);
    push(shared, client, id, to_push, report).await?;
    report.items_pulled =
        super::sync_items::pull_items(shared, client, account, &feeds, &server, &known, progress)
            .await?;
    Ok(())
}

/// The server's marks as this sync read them.
pub(super) struct ServerMarks {
    pub unread: HashSet<i64>,
    pub saved: HashSet<i64>,
}

/// Folders for the server's groups and a local feed for each of its feeds; returns the local
/// feed of each server feed id.
async fn save_subscriptions(
    shared: &Arc<Shared>,
    account: AccountId,
    subscriptions: Subscriptions,
) -> Result<HashMap<i64, FeedId>, EngineError> {
    with_store(shared, move |store| {
        let mut folder_of = HashMap::new();
        for group in &subscriptions.groups {
            let title = group.title.trim();
            if title.is_empty() {
                continue;
            }
            let folder = match store.folder_by_name(title)? {
                Some(folder) => folder,
                None => store.create_folder(title)?,
            };
            for feed in &group.feed_ids {
                folder_of.entry(*feed).or_insert(folder);
            }
        }
        let mut feeds = HashMap::new();
        for feed in &subscriptions.feeds {
            let local = store.upsert_account_feed(
                account,
                feed.id,
                &feed.url,
                feed.site_url.as_deref().filter(|s| !s.is_empty()),
                &feed.title,
                folder_of.get(&feed.id).copied(),
            )?;
            feeds.insert(feed.id, local);
        }
        Ok(feeds)
    })
    .await
}

/// Pushes the marks the server does not have yet, oldest first, taking each off the queue once
/// the server has it. Stops at the first failure; what was not pushed stays queued.
async fn push(
    shared: &Arc<Shared>,
    client: &FeverClient,
    account: AccountId,
    to_push: Vec<MarkToPush>,
    report: &mut SyncReport,
) -> Result<(), String> {
    let mut pushed: Vec<MarkToPush> = Vec::new();
    let mut failure = None;
    for mark in to_push {
        match client.mark_item(mark.remote_id, &mark.mark).await {
            Ok(()) => pushed.push(mark),
            Err(e) => {
                failure = Some(e.to_string());
                break;
            }
        }
    }
    report.marks_pushed = pushed.len();
    with_store(shared, move |store| {
        let rows: Vec<i64> = pushed.iter().flat_map(|m| m.queue_ids.clone()).collect();
        let marks: Vec<(i64, &str)> = pushed
            .iter()
            .map(|m| (m.remote_id, m.mark.as_str()))
            .collect();
        store.unqueue_marks(account, &rows, &marks)
    })
    .await
    .map_err(|e| e.to_string())?;
    match failure {
        Some(cause) => Err(english!("engine-sync-stopped", cause = cause)),
        None => Ok(()),
    }
}
