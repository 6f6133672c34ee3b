//! Pulling a sync account's items: pages of items above the highest id pulled so far, each
//! stored in its feed like a fetched feed's articles (summary and search text from the render
//! layer, pictures cached as WebP), with the marks the server gives it, and a fetch record per
//! feed and page that says what it cost. A server whose pages are not in id order (coldsweat
//! pages by feed) can skip items on `since_id`; when fewer items are here than the server says
//! it holds, the ids in between are asked for by number.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use super::Shared;
use super::sync::{ServerMarks, with_store};
use crate::store::{
    AccountRow, FeedId, FeedMeta, FetchOutcomeKind, FetchRecord, NewArticle, SyncedItem, now_ms,
};
use crate::sync::fever::{FeverClient, Item, PAGE};

/// Items asked for by number at most, past those the pages gave (a bound on a server whose
/// ids are sparse).
const MAX_ASKED_BY_NUMBER: usize = 20_000;

/// Pulls every item above the account's last one; returns how many articles are new. Moves
/// `last_item_id` on only once every item up to it is here.
pub(super) async fn pull_items(
    shared: &Arc<Shared>,
    client: &FeverClient,
    account: &AccountRow,
    feeds: &HashMap<i64, FeedId>,
    server: &ServerMarks,
    known: &HashMap<i64, SyncedItem>,
    progress: &mut super::sync::Progress,
) -> Result<usize, String> {
    let start = account.last_item_id;
    let mut since = start;
    let mut received: HashSet<i64> = HashSet::new();
    let mut total = None;
    let mut new_articles = 0;
    loop {
        let asked = Instant::now();
        let (items, total_items) = client.items_since(since).await.map_err(|e| e.to_string())?;
        let page_ms = asked.elapsed().as_millis() as u64;
        total = total_items.or(total);
        let Some(highest) = items.iter().map(|i| i.id).max().filter(|h| *h > since) else {
            break;
        };
        received.extend(items.iter().map(|i| i.id));
        new_articles += store_items(shared, account, feeds, items, known, page_ms).await?;
        since = highest;
    }
    // Items the pages skipped: those the server holds beyond what is here, and any it lists as
    // unread or saved that are not here.
    let here = known.len() + received.iter().filter(|id| !known.contains_key(id)).count();
    let mut missing: Vec<i64> = Vec::new();
    if total.is_some_and(|t| (t as usize) > here) {
        missing.extend(
            (start + 1..=since)
                .filter(|id| !received.contains(id) && !known.contains_key(id))
                .take(MAX_ASKED_BY_NUMBER),
        );
    }
    let listed = server.unread.iter().chain(&server.saved);
    let mut unlisted: Vec<i64> = listed
        .filter(|id| !received.contains(id) && !known.contains_key(id) && !missing.contains(id))
        .copied()
        .collect();
    unlisted.sort_unstable();
    unlisted.dedup();
    missing.extend(unlisted);
    for chunk in missing.chunks(PAGE) {
        let asked = Instant::now();
        let items = client
            .items_with_ids(chunk)
            .await
            .map_err(|e| e.to_string())?;
        let page_ms = asked.elapsed().as_millis() as u64;
        since = since.max(items.iter().map(|i| i.id).max().unwrap_or(since));
        new_articles += store_items(shared, account, feeds, items, known, page_ms).await?;
    }
    progress.last_item_id = since;
    Ok(new_articles)
}

/// Stores one page of items in their feeds; returns how many articles are new.
async fn store_items(
    shared: &Arc<Shared>,
    account: &AccountRow,
    feeds: &HashMap<i64, FeedId>,
    items: Vec<Item>,
    known: &HashMap<i64, SyncedItem>,
    page_ms: u64,
) -> Result<usize, String> {
    let mut by_feed: HashMap<FeedId, Vec<Item>> = HashMap::new();
    for item in items {
        // An item of a feed the server did not list (unsubscribed since) has nowhere to go.
        if let Some(feed) = feeds.get(&item.feed_id) {
            by_feed.entry(*feed).or_default().push(item);
        }
    }
    let mut new_articles = 0;
    for (feed, items) in by_feed {
        let started_at = now_ms();
        let mut record = FetchRecord::new(feed, started_at);
        record.request_ms = page_ms;
        let mut articles: Vec<NewArticle> = items.iter().map(article_of).collect();
        let parse = Instant::now();
        let articles = tokio::task::spawn_blocking(move || {
            super::refresh::fill_texts(&mut articles);
            articles
        })
        .await
        .map_err(|e| e.to_string())?;
        record.parse_ms = parse.elapsed().as_millis() as u64;
        let store = Instant::now();
        let account_id = account.id;
        let fresh: Vec<(i64, bool, bool)> = items
            .iter()
            .filter(|i| !known.contains_key(&i.id))
            .map(|i| (i.id, i.is_read, i.is_saved))
            .collect();
        let keys: Vec<String> = items.iter().map(|i| stable_key(i.id)).collect();
        let (counts, changed, articles) = with_store(shared, move |store| {
            let (counts, changed) = store.ingest(feed, &FeedMeta::default(), &articles)?;
            let ids = store.articles_by_key(feed, &keys)?;
            let by_remote: HashMap<String, crate::store::ArticleId> = keys
                .iter()
                .zip(ids)
                .filter_map(|(key, id)| Some((key.clone(), id?)))
                .collect();
            let synced: Vec<SyncedItem> = fresh
                .iter()
                .filter_map(|(remote, read, saved)| {
                    Some(SyncedItem {
                        remote_id: *remote,
                        article: *by_remote.get(&stable_key(*remote))?,
                        read: *read,
                        saved: *saved,
                    })
                })
                .collect();
            store.apply_server_items(account_id, &synced, &HashSet::new())?;
            Ok((counts, changed, articles))
        })
        .await
        .map_err(|e| e.to_string())?;
        record.store_ms = store.elapsed().as_millis() as u64;
        record.outcome = FetchOutcomeKind::Ok;
        record.new_articles = counts.new_articles;
        record.updated_articles = counts.updated_articles;
        record.total_articles = counts.total_articles;
        record.bytes = articles.iter().map(|a| a.content_html.len() as u64).sum();
        record.note = Some(crate::english!("engine-sync-from-server").to_owned());
        new_articles += counts.new_articles as usize;
        if !changed.is_empty() {
            let pictures = Instant::now();
            let sources = changed
                .iter()
                .filter_map(|&(index, id)| {
                    let a = articles.get(index)?;
                    Some((id, a.content_html.clone(), a.link.clone(), Vec::new()))
                })
                .collect();
            super::images::cache_pictures(shared, feed, sources, false, &mut record).await;
            let inner = record.cover_images_ms + record.retry_covers_ms;
            record.body_images_ms = (pictures.elapsed().as_millis() as u64).saturating_sub(inner);
        }
        record.total_ms = record.request_ms
            + record.parse_ms
            + record.store_ms
            + record.cover_images_ms
            + record.retry_covers_ms
            + record.body_images_ms;
        with_store(shared, move |store| store.insert_fetch(&record))
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(new_articles)
}

/// The key that finds a server's item among its feed's articles.
fn stable_key(remote_id: i64) -> String {
    format!("fever:{remote_id}")
}

/// An item as an article (its summary and search text are filled from its HTML after).
fn article_of(item: &Item) -> NewArticle {
    let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let hash = blake3::hash(
        format!(
            "{}\u{0}{}\u{0}{}\u{0}{}",
            item.title, item.url, item.author, item.html
        )
        .as_bytes(),
    );
    NewArticle {
        stable_key: stable_key(item.id),
        guid: None,
        title: item.title.trim().to_owned(),
        link: nonempty(&item.url),
        author: nonempty(&item.author),
        published_at: item.created_on_time.map(|s| s.saturating_mul(1000)),
        updated_at: None,
        content_html: item.html.clone(),
        summary: String::new(),
        text: String::new(),
        content_hash: hash.to_hex().to_string(),
        media_image_urls: Vec::new(),
        language: None,
    }
}
