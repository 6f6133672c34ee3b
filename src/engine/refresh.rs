//! One refresh: fetch each feed in scope concurrently, parse what changed, store it through the
//! one writer (whatever queued meanwhile goes in the same transaction, [`super::writer`]), and
//! leave a fetch record for every fetch.

use std::sync::Arc;

use tokio::task::JoinSet;

use super::dictionary_wait::DictionaryWait;
use super::prepare::{self, Preparation};
use super::stages::Laps;
use super::writer::{self, FeedWritten};
use super::{EngineError, EngineEvent, EventSink, Shared};
use crate::feed::{ParsedFeed, read_feed};
use crate::fetch::{FetchOutcome, FetchReport, FetchRequest, FetchedBody, ServerHeaders};
use crate::render::{html_text, summary_of};
use crate::store::{FeedId, FeedRow, FetchOutcomeKind, FetchRecord, HttpCache, now_ms};

/// Characters of article text kept as the list summary.
const SUMMARY_CHARS: usize = 200;

/// Which feeds a refresh fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshScope {
    /// Feeds whose next refresh time has come.
    Due,
    /// Every feed.
    All,
    /// One feed, due or not.
    Feed(FeedId),
}

pub(super) async fn refresh(
    shared: Arc<Shared>,
    scope: RefreshScope,
    events: EventSink,
) -> Result<Vec<FetchRecord>, EngineError> {
    let feeds = {
        let shared = shared.clone();
        tokio::task::spawn_blocking(move || {
            let store = shared.store();
            match scope {
                RefreshScope::Due => store.due_feeds(now_ms()),
                RefreshScope::All => store.live_feeds(),
                RefreshScope::Feed(id) => store.feed(id).map(|f| vec![f]),
            }
        })
        .await
        .map_err(|e| EngineError::Task(e.to_string()))??
    };
    let total = feeds.len();
    events(EngineEvent::RefreshStarted { total });
    // Feeds between "fetch started" and "stored" at once. Fetching outruns parsing and storing,
    // so without a bound every fetched body of a 1,000-feed refresh would wait in memory; and a
    // job is only spawned when a slot is free, since each waiting task holds its whole future.
    // Twice the fetcher's own limit: while the one writer stores a batch of feeds, as many again
    // are fetched and parsed (at the fetcher's limit, the two took turns). A feed's slot is free
    // once its writes are queued for the writer; from then on until it is stored (and its
    // pictures cached), it holds one of as many places after the writer's queue. With one
    // bound for both, the first refresh stood still while the writer wrote the feeds that had
    // waited for the dictionary: each of them held its slot until the whole batch was written.
    let limit = 2 * shared.fetcher.config().global_limit.max(1);
    let slots = Arc::new(tokio::sync::Semaphore::new(limit));
    let writes = Arc::new(tokio::sync::Semaphore::new(limit));
    let mut waiting = feeds.into_iter().peekable();
    let mut jobs = JoinSet::new();
    // A store without a compression dictionary: the first feeds wait until it is trained.
    let dictionary = shared.packing.newest().is_none().then(DictionaryWait::new);
    if dictionary.is_some() {
        // A first refresh: its index is merged whole at the end (below), not as it grows.
        hold_search_merges(&shared, true).await;
    }
    let mut records = Vec::with_capacity(total);
    loop {
        tokio::select! {
            slot = slots.clone().acquire_owned(), if waiting.peek().is_some() => {
                let (Ok(slot), Some(feed)) = (slot, waiting.next()) else {
                    break;
                };
                let (shared, events) = (shared.clone(), events.clone());
                let in_flight = InFlight {
                    slot: Some(slot),
                    writes: Some(writes.clone()),
                    dictionary: dictionary.clone(),
                };
                jobs.spawn(async move {
                    events(EngineEvent::FetchStarted {
                        feed_id: feed.id,
                        url: feed.url.clone(),
                    });
                    let record = refresh_feed(&shared, feed, in_flight).await;
                    events(EngineEvent::FetchFinished(Box::new(record.clone())));
                    record
                });
            }
            done = jobs.join_next(), if !jobs.is_empty() => match done {
                Some(Ok(record)) => records.push(record),
                Some(Err(e)) => tracing::error!("a refresh job ended abnormally: {e}"),
                None => {}
            },
            () = arrival(dictionary.as_deref()), if dictionary.is_some() && !jobs.is_empty() => {}
            else => break,
        }
        if let Some(wait) = &dictionary {
            wait.release_if_all_wait(limit - slots.available_permits());
        }
    }
    let failed = records
        .iter()
        .filter(|r| r.outcome == FetchOutcomeKind::Error)
        .count();
    // Retention, merging the search index after a refresh that made most of it, packing what
    // came before a dictionary trained meanwhile, and giving back the pages they freed run
    // after each refresh, off the async threads; none fails the refresh.
    let new_articles: i64 = records.iter().map(|r| r.new_articles).sum();
    if new_articles > 0 {
        let shared = shared.clone();
        let _ = tokio::task::spawn_blocking(move || {
            let mut store = shared.store();
            let clock = std::time::Instant::now();
            match store.apply_default_retention() {
                Ok(0) => {}
                Ok(n) => tracing::info!("retention deleted {n} old articles"),
                Err(e) => tracing::warn!("retention failed: {e}"),
            }
            match store.merge_search_index_after(new_articles) {
                Ok(true) => tracing::info!("merged the search index"),
                Ok(false) => {}
                Err(e) => tracing::warn!("cannot merge the search index: {e}"),
            }
            // After every refresh that wrote, so that one cut short while merges were held
            // does not leave them held.
            if let Err(e) = store.hold_search_merges(false) {
                tracing::warn!("cannot let the search index merge again: {e}");
            }
            match store.finish_packing() {
                Ok(0) => {}
                Ok(n) => tracing::info!("packed {n} articles with the new dictionary"),
                Err(e) => tracing::warn!("packing with the new dictionary failed: {e}"),
            }
            if let Err(e) = store.give_back_free_pages() {
                tracing::warn!("cannot give back free pages: {e}");
            }
            tracing::info!("retention, packing and free pages: {:?}", clock.elapsed());
        })
        .await;
    }
    events(EngineEvent::RefreshFinished { total, failed });
    Ok(records)
}

/// Holds or releases the search index's own merging (off the async threads); a failure only
/// costs speed, so it is logged, not returned.
async fn hold_search_merges(shared: &Arc<Shared>, hold: bool) {
    let shared = shared.clone();
    let held = tokio::task::spawn_blocking(move || shared.store().hold_search_merges(hold)).await;
    if let Ok(Err(e)) = held {
        tracing::warn!("cannot hold the search index's merges: {e}");
    }
}

/// A feed's place in a refresh: its slot among the feeds being fetched and parsed, the places
/// of the feeds queued for the writer or past it, and the refresh's wait for a dictionary
/// ([`DictionaryWait`]). A feed fetched on its own has none of them.
#[derive(Default)]
pub(super) struct InFlight {
    slot: Option<tokio::sync::OwnedSemaphorePermit>,
    writes: Option<Arc<tokio::sync::Semaphore>>,
    dictionary: Option<Arc<DictionaryWait>>,
}

/// Until a feed begins to wait for the dictionary.
async fn arrival(dictionary: Option<&DictionaryWait>) {
    match dictionary {
        Some(wait) => wait.arrival().await,
        None => std::future::pending().await,
    }
}

/// Fetches one known feed and records the fetch. Never fails: failure is a record.
pub(super) async fn refresh_feed(
    shared: &Arc<Shared>,
    feed: FeedRow,
    in_flight: InFlight,
) -> FetchRecord {
    let mut laps = Laps::start();
    let mut record = FetchRecord::new(feed.id, now_ms());
    let report = shared
        .fetcher
        .fetch(&FetchRequest {
            url: &feed.url,
            etag: feed.etag.as_deref(),
            last_modified: feed.last_modified.as_deref(),
            ..FetchRequest::default()
        })
        .await;
    let moved_to = crate::fetch::permanent_target(&report.redirects).map(str::to_owned);
    let server = report.server.clone();
    let outcome = take_report(&mut record, report);
    laps.fetched(&mut record);
    // A fetch that reached the server counts its permanent redirect (or its absence) towards
    // moving the feed's address; the writer does, with the rest of the feed's writes.
    let moved_to = outcome.is_ok().then_some(moved_to);

    let work = match outcome {
        Err(cause) => Work::Fail(cause),
        Ok(FetchOutcome::NotModified { .. }) => {
            record.outcome = FetchOutcomeKind::NotModified;
            Work::Keep(HttpCache {
                etag: feed.etag.clone(),
                last_modified: feed.last_modified.clone(),
                content_hash: feed.content_hash.clone(),
            })
        }
        Ok(FetchOutcome::Body(body)) => {
            let hash = body_hash(&body.bytes);
            let cache = HttpCache {
                etag: body.etag.clone(),
                last_modified: body.last_modified.clone(),
                content_hash: Some(hash.clone()),
            };
            if feed.content_hash.as_deref() == Some(hash.as_str()) {
                record.outcome = FetchOutcomeKind::Unchanged;
                Work::Keep(cache)
            } else {
                let wait = in_flight.dictionary.clone();
                let url = feed.url.clone();
                match prepare::parse_prepared(shared, &mut record, &mut laps, body, url, wait).await
                {
                    Ok((parsed, preparation)) => Work::Ingest(parsed, cache, preparation),
                    Err(cause) => Work::Fail(cause),
                }
            }
        }
    };
    finish(
        shared,
        record,
        feed.id,
        work,
        laps,
        ServerReply {
            headers: server,
            moved_to,
        },
        in_flight,
    )
    .await
}

/// What the server said besides the body: its headers, and (when the fetch reached it) the
/// permanent redirect it made, if any.
pub(super) struct ServerReply {
    pub headers: ServerHeaders,
    pub moved_to: Option<Option<String>>,
}

/// What is left to write once the network part is over.
pub(super) enum Work {
    Fail(String),
    Keep(HttpCache),
    Ingest(ParsedFeed, HttpCache, Preparation),
}

/// Copies what the fetch cost into the record and returns its outcome with a one-line cause.
pub(super) fn take_report(
    record: &mut FetchRecord,
    report: FetchReport,
) -> Result<FetchOutcome, String> {
    record.attempts = report.attempts;
    record.wait_ms = report.wait_ms;
    record.request_ms = report.request_ms;
    record.download_ms = report.download_ms;
    record.http_status = report.last_status;
    match report.result {
        Ok(FetchOutcome::Body(body)) => {
            record.content_type = body.content_type.clone();
            record.bytes = body.bytes.len() as u64;
            Ok(FetchOutcome::Body(body))
        }
        Ok(other) => Ok(other),
        Err(e) => Err(e.0),
    }
}

/// Fills each article's summary and searchable text: the text of its rendered blocks.
pub(super) fn fill_texts(articles: &mut [crate::store::NewArticle]) {
    for article in articles {
        article.text = html_text(&article.content_html, article.link.as_deref());
        article.summary = summary_of(&article.text, SUMMARY_CHARS);
    }
}

/// Everything between a fetched body and the store: charset decoding, parsing, normalising, and
/// each article's summary and searchable text. Pure CPU work (also the feed fuzz target's entry).
pub fn parse_feed_body(
    body: &[u8],
    content_type: Option<&str>,
    feed_url: &str,
) -> Result<ParsedFeed, crate::feed::FeedError> {
    read_feed(body, content_type, feed_url).map(|mut parsed| {
        fill_texts(&mut parsed.articles);
        parsed
    })
}

/// Parses a body on a blocking thread (big feeds are real CPU work) and times it.
pub(super) async fn parse_timed(
    record: &mut FetchRecord,
    laps: &mut Laps,
    body: FetchedBody,
    feed_url: String,
) -> Result<ParsedFeed, String> {
    let parsed = tokio::task::spawn_blocking(move || {
        parse_feed_body(&body.bytes, body.content_type.as_deref(), &feed_url)
    })
    .await;
    record.parse_ms = laps.lap();
    parsed_or_cause(record, parsed)
}

/// A parse's result as the fetch record tells it: the parser's notes added to the record's.
pub(super) fn parsed_or_cause<E: std::fmt::Display>(
    record: &mut FetchRecord,
    parsed: Result<Result<ParsedFeed, E>, tokio::task::JoinError>,
) -> Result<ParsedFeed, String> {
    match parsed {
        Ok(Ok(parsed)) => {
            if !parsed.notes.is_empty() {
                let notes = parsed.notes.join("; ");
                record.note = Some(match record.note.take() {
                    Some(earlier) => format!("{earlier}; {notes}"),
                    None => notes,
                });
            }
            Ok(parsed)
        }
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(crate::english!(
            "engine-parser-stopped",
            cause = e.to_string()
        )),
    }
}

/// Writes the result (through the one writer, [`super::writer`]), then reads the new
/// articles' pages and caches their pictures, then saves the record.
pub(super) async fn finish(
    shared: &Arc<Shared>,
    record: FetchRecord,
    feed_id: FeedId,
    work: Work,
    mut laps: Laps,
    reply: ServerReply,
    in_flight: InFlight,
) -> FetchRecord {
    if let (Work::Ingest(_, _, Preparation::SamplesOffered), Some(wait)) =
        (&work, in_flight.dictionary.as_deref())
        && !wait.until_trained(&shared.packing).await
    {
        tracing::info!("feed {feed_id} stored without waiting longer for the dictionary");
    }
    let write = prepare::prepare_write(shared, record, feed_id, work, reply).await;
    let place = match in_flight.writes {
        Some(writes) => writes.acquire_owned().await.ok(),
        None => None,
    };
    let written = writer::queue_feed(shared, write);
    drop(in_flight.slot);
    let FeedWritten {
        mut record,
        ingested,
        pages,
    } = written.await;
    // The store stage is all of it: packing, waiting for the one writer, the articles, the
    // feed's row.
    record.store_ms += laps.lap();
    if let Some((parsed, changed)) = ingested {
        let full_text = super::full_text::full_text_stage(shared, pages, &mut record).await;
        record.full_text_ms = laps.lap();
        if !changed.is_empty() {
            super::images::cache_article_images(
                shared,
                feed_id,
                &parsed,
                &changed,
                &full_text,
                &mut record,
            )
            .await;
            // The three image stages time themselves; what lies between them is body images'.
            let inner = record.cover_images_ms + record.retry_covers_ms + record.body_images_ms;
            record.body_images_ms += laps.lap().saturating_sub(inner);
        }
        let meta = parsed.meta;
        super::images::cache_feed_icon(shared, feed_id, meta.icon_url, meta.site_link).await;
        record.icon_ms = laps.lap();
    }
    // The fetch ends here; saving its record is not part of it (nor can it be, in the record).
    record.total_ms = laps.total_ms();
    drop(place);
    writer::write_record(shared, record).await
}

/// The hash that lets an unchanged body skip parsing.
pub(super) fn body_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}
