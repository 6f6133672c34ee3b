//! "Make available offline": fills a feed's gaps in the background — the pages of articles
//! whose full text is wanted but missing (never read, or failed before), then every picture of
//! an article that is not cached (never linked, failed, or evicted) — reporting progress.

use std::sync::Arc;

use serde::Serialize;

use super::{EngineError, EngineEvent, EventSink, Shared};
use crate::store::{FeedId, FetchRecord, PageOutcome, now_ms};

/// What one "Make available offline" did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OfflineReport {
    pub feed_id: i64,
    /// Pages read, and how many gave the full text.
    pub pages_tried: usize,
    pub pages_extracted: usize,
    /// Articles whose pictures were fetched again.
    pub articles_with_pictures: usize,
    /// Articles of the feed ready offline afterwards, of all its articles.
    pub ready: i64,
    pub articles: i64,
}

/// Which part of the work a progress event counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfflineStage {
    Pages,
    Pictures,
}

pub(super) async fn make_available_offline(
    shared: Arc<Shared>,
    feed: FeedId,
    events: EventSink,
) -> Result<OfflineReport, EngineError> {
    let pages = {
        let shared = shared.clone();
        tokio::task::spawn_blocking(move || {
            let store = shared.store();
            let setting = store.full_text_setting(feed)?;
            if setting.wanted() {
                store.pages_missing(feed)
            } else {
                Ok(Vec::new())
            }
        })
        .await
        .map_err(|e| EngineError::Task(e.to_string()))??
    };
    let mut report = OfflineReport {
        feed_id: feed.0,
        pages_tried: pages.len(),
        ..OfflineReport::default()
    };
    let progress = |stage| {
        let events = events.clone();
        move |done, total| {
            events(EngineEvent::OfflineProgress {
                feed_id: feed,
                stage,
                done,
                total,
            })
        }
    };
    let outcomes =
        super::full_text::read_pages(&shared, pages, progress(OfflineStage::Pages)).await;
    report.pages_extracted = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, PageOutcome::Extracted { .. }))
        .count();
    super::full_text::save(&shared, outcomes).await;

    let gaps = {
        let shared = shared.clone();
        tokio::task::spawn_blocking(move || shared.store().offline_gaps(feed))
            .await
            .map_err(|e| EngineError::Task(e.to_string()))??
    };
    let sources: Vec<super::images::PictureSource> = gaps
        .into_iter()
        .map(|gap| (gap.article, gap.html, gap.link, gap.linked))
        .collect();
    report.articles_with_pictures = sources.len();
    progress(OfflineStage::Pictures)(0, sources.len());
    // The figures land in a record that is not stored: this is not a fetch of the feed.
    let mut scratch = FetchRecord::new(feed, now_ms());
    super::images::cache_pictures(&shared, feed, sources, true, &mut scratch).await;
    progress(OfflineStage::Pictures)(report.articles_with_pictures, report.articles_with_pictures);

    let (ready, articles) = {
        let shared = shared.clone();
        tokio::task::spawn_blocking(move || {
            let store = shared.store();
            let missing = store
                .not_offline_ready_counts()?
                .get(&feed)
                .copied()
                .unwrap_or(0);
            let articles = store.feed(feed)?.article_count;
            Ok::<_, crate::store::StoreError>(((articles - missing).max(0), articles))
        })
        .await
        .map_err(|e| EngineError::Task(e.to_string()))??
    };
    report.ready = ready;
    report.articles = articles;
    Ok(report)
}
