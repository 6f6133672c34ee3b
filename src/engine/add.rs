//! Subscribing: a feed URL is fetched and stored; a web page URL is searched for the feeds it
//! advertises and the first one is subscribed, the others reported.

use std::sync::Arc;

use super::prepare::Preparation;
use super::refresh::{
    InFlight, ServerReply, Work, body_hash, finish, parse_timed, refresh_feed, take_report,
};
use super::stages::Laps;
use super::{EngineError, Shared};
use crate::feed::{DiscoveredFeed, discover_feeds, looks_like_html};
use crate::fetch::{FetchOutcome, FetchRequest, FetchedBody, check_url};
use crate::store::{
    FeedId, FeedMeta, FeedRow, FetchOutcomeKind, FetchRecord, FullTextMode, HttpCache, now_ms,
};

/// What `add` did.
#[derive(Debug, Clone)]
pub struct AddOutcome {
    pub feed: FeedRow,
    /// The first fetch of the feed.
    pub record: FetchRecord,
    /// The feed was already subscribed; it was refreshed instead.
    pub already_subscribed: bool,
    /// Other feeds the page advertised, not subscribed.
    pub also_found: Vec<DiscoveredFeed>,
}

/// Subscribes to `url`. An address typed without a scheme (`example.com/feed`) is tried as
/// https, then as http.
/// `full_text`, when given, is the feed's full-text mode from its first fetch on.
pub(super) async fn add_subscription(
    shared: Arc<Shared>,
    url: String,
    full_text: Option<FullTextMode>,
) -> Result<AddOutcome, EngineError> {
    https_then_http(&url, |url| add_url(shared.clone(), url, full_text)).await
}

/// Runs `attempt` on `typed`; an address typed without a scheme (`example.com/feed`) is tried
/// as https, then as http, and the error names both failures.
pub(super) async fn https_then_http<T, Attempt, Done>(
    typed: &str,
    attempt: Attempt,
) -> Result<T, EngineError>
where
    Attempt: Fn(String) -> Done,
    Done: std::future::Future<Output = Result<T, EngineError>>,
{
    let typed = typed.trim();
    if !crate::links::is_web_address(typed) {
        return Err(EngineError::NotAnAddress(typed.to_owned()));
    }
    if typed.contains("://") {
        return attempt(typed.to_owned()).await;
    }
    match attempt(format!("https://{typed}")).await {
        Ok(done) => Ok(done),
        Err(https) => attempt(format!("http://{typed}")).await.map_err(|http| {
            EngineError::Fetch(crate::english!(
                "engine-no-feed-either-scheme",
                typed = typed,
                https = https.to_string(),
                http = http.to_string()
            ))
        }),
    }
}

/// Why a fetched body is an image and not a feed, in words, if it is one.
pub(super) fn image_not_feed(body: &FetchedBody) -> Option<String> {
    let declared = body
        .content_type
        .as_deref()
        .map(|t| {
            t.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|t| t.starts_with("image/"));
    let sniffed = image::guess_format(&body.bytes)
        .ok()
        .map(|f| f.to_mime_type().to_owned());
    declared
        .or(sniffed)
        .map(|kind| crate::english!("engine-is-an-image", kind = kind))
}

async fn add_url(
    shared: Arc<Shared>,
    url: String,
    full_text: Option<FullTextMode>,
) -> Result<AddOutcome, EngineError> {
    let url = check_url(&url)
        .map_err(|e| EngineError::Fetch(e.0))?
        .to_string();
    if let Some(outcome) = refresh_existing(&shared, &url, Vec::new(), full_text).await? {
        return Ok(outcome);
    }
    let mut laps = Laps::start();
    let mut record = FetchRecord::new(FeedId(0), now_ms());
    let body = fetch_body(&shared, &url, &mut record, &mut laps).await?;
    if let Some(cause) = image_not_feed(&body) {
        return Err(EngineError::Fetch(format!("{url}: {cause}")));
    }
    let page_bytes = looks_like_html(&body.bytes).then(|| body.bytes.clone());
    let final_url = body.final_url.clone();
    let cache = cache_of(&body);
    let server = *body.server.clone();
    match parse_timed(&mut record, &mut laps, body, url.clone()).await {
        Ok(parsed) => {
            let first = Subscription {
                url: &url,
                also_found: Vec::new(),
                full_text,
                server,
            };
            subscribe(&shared, first, record, parsed, cache, laps).await
        }
        Err(cause) => {
            let Some(page) = page_bytes else {
                return Err(EngineError::NoFeed { url, cause });
            };
            let mut found = discover_feeds(&page, &final_url);
            if found.is_empty() {
                // Nothing advertised: the first common address that answers with a feed.
                let urls = crate::feed::common_feed_urls(&final_url);
                found = super::discover::probe(&shared, urls, false)
                    .await
                    .into_iter()
                    .map(|choice| DiscoveredFeed {
                        url: choice.url,
                        title: Some(choice.title).filter(|t| !t.is_empty()),
                        media_type: String::new(),
                    })
                    .collect();
            }
            if found.is_empty() {
                return Err(EngineError::NoFeed {
                    url,
                    cause: "the page advertises no feed (no <link rel=\"alternate\">), and none \
                            of /feed, /rss, /rss.xml, /atom.xml, /feed.xml, /index.xml answers \
                            with one"
                        .to_owned(),
                });
            }
            let first = found.remove(0);
            if let Some(outcome) =
                refresh_existing(&shared, &first.url, found.clone(), full_text).await?
            {
                return Ok(outcome);
            }
            let mut laps = Laps::start();
            let mut record = FetchRecord::new(FeedId(0), now_ms());
            let body = fetch_body(&shared, &first.url, &mut record, &mut laps).await?;
            let cache = cache_of(&body);
            let server = *body.server.clone();
            let parsed = parse_timed(&mut record, &mut laps, body, first.url.clone())
                .await
                .map_err(|cause| EngineError::NoFeed {
                    url: first.url.clone(),
                    cause,
                })?;
            let first = Subscription {
                url: &first.url,
                also_found: found,
                full_text,
                server,
            };
            subscribe(&shared, first, record, parsed, cache, laps).await
        }
    }
}

/// Fetches `url` and reads it as a feed; returns the address to keep (after redirects the
/// server made permanent it is still the one given: moves are followed by refreshes).
pub(super) async fn check_feed_url(shared: &Arc<Shared>, url: &str) -> Result<String, EngineError> {
    let url = check_url(url)
        .map_err(|e| EngineError::Fetch(e.0))?
        .to_string();
    let mut laps = Laps::start();
    let mut record = FetchRecord::new(FeedId(0), now_ms());
    let body = fetch_body(shared, &url, &mut record, &mut laps).await?;
    if let Some(cause) = image_not_feed(&body) {
        return Err(EngineError::Fetch(format!("{url}: {cause}")));
    }
    let parsed = parse_timed(&mut record, &mut laps, body, url.clone())
        .await
        .map_err(|cause| EngineError::NoFeed {
            url: url.clone(),
            cause,
        })?;
    if parsed.articles.is_empty() && parsed.meta.title.trim().is_empty() {
        return Err(EngineError::NoFeed {
            url,
            cause: crate::english!("engine-no-title-no-items").into(),
        });
    }
    Ok(url)
}

fn cache_of(body: &FetchedBody) -> HttpCache {
    HttpCache {
        etag: body.etag.clone(),
        last_modified: body.last_modified.clone(),
        content_hash: Some(body_hash(&body.bytes)),
    }
}

pub(super) async fn fetch_body(
    shared: &Arc<Shared>,
    url: &str,
    record: &mut FetchRecord,
    laps: &mut Laps,
) -> Result<FetchedBody, EngineError> {
    let report = shared
        .fetcher
        .fetch(&FetchRequest {
            url,
            ..FetchRequest::default()
        })
        .await;
    let outcome = take_report(record, report);
    laps.fetched(record);
    match outcome {
        Ok(FetchOutcome::Body(body)) => Ok(body),
        Ok(FetchOutcome::NotModified { status }) => Err(EngineError::Fetch(format!(
            "{url}: {}",
            crate::english!("engine-unconditional-status", status = status)
        ))),
        Err(cause) => Err(EngineError::Fetch(format!("{url}: {cause}"))),
    }
}

async fn refresh_existing(
    shared: &Arc<Shared>,
    url: &str,
    also_found: Vec<DiscoveredFeed>,
    full_text: Option<FullTextMode>,
) -> Result<Option<AddOutcome>, EngineError> {
    let existing = {
        let shared = shared.clone();
        let url = url.to_owned();
        tokio::task::spawn_blocking(move || shared.store().feed_by_url(&url))
            .await
            .map_err(|e| EngineError::Task(e.to_string()))??
    };
    let Some(feed) = existing else {
        return Ok(None);
    };
    let id = feed.id;
    set_full_text(shared, id, full_text).await?;
    let record = refresh_feed(shared, feed, InFlight::default()).await;
    let feed = load_feed(shared, id).await?;
    Ok(Some(AddOutcome {
        feed,
        record,
        already_subscribed: true,
        also_found,
    }))
}

/// A feed about to be subscribed: its address, the other feeds its page offered, and its
/// full-text mode when the user chose one.
struct Subscription<'a> {
    url: &'a str,
    also_found: Vec<DiscoveredFeed>,
    full_text: Option<FullTextMode>,
    server: crate::fetch::ServerHeaders,
}

async fn subscribe(
    shared: &Arc<Shared>,
    subscription: Subscription<'_>,
    mut record: FetchRecord,
    parsed: crate::feed::ParsedFeed,
    cache: HttpCache,
    mut laps: Laps,
) -> Result<AddOutcome, EngineError> {
    let Subscription {
        url,
        also_found,
        full_text,
        server,
    } = subscription;
    let id = {
        let shared = shared.clone();
        let url = url.to_owned();
        let meta: FeedMeta = parsed.meta.clone();
        tokio::task::spawn_blocking(move || shared.store().upsert_feed(&url, &meta))
            .await
            .map_err(|e| EngineError::Task(e.to_string()))??
    };
    set_full_text(shared, id, full_text).await?;
    // Creating the feed's row is part of storing it.
    record.store_ms += laps.lap();
    record.feed_id = id;
    let record = finish(
        shared,
        record,
        id,
        Work::Ingest(parsed, cache, Preparation::NotStarted),
        laps,
        ServerReply {
            headers: server,
            moved_to: None,
        },
        InFlight::default(),
    )
    .await;
    if record.outcome == FetchOutcomeKind::Error {
        return Err(EngineError::Fetch(record.error.clone().unwrap_or_else(
            || crate::english!("engine-first-fetch-failed").to_owned(),
        )));
    }
    let feed = load_feed(shared, id).await?;
    Ok(AddOutcome {
        feed,
        record,
        already_subscribed: false,
        also_found,
    })
}

async fn set_full_text(
    shared: &Arc<Shared>,
    feed: FeedId,
    mode: Option<FullTextMode>,
) -> Result<(), EngineError> {
    let Some(mode) = mode else {
        return Ok(());
    };
    let shared = shared.clone();
    Ok(
        tokio::task::spawn_blocking(move || shared.store().set_full_text_mode(feed, mode))
            .await
            .map_err(|e| EngineError::Task(e.to_string()))??,
    )
}

async fn load_feed(shared: &Arc<Shared>, id: FeedId) -> Result<FeedRow, EngineError> {
    let shared = shared.clone();
    Ok(tokio::task::spawn_blocking(move || shared.store().feed(id))
        .await
        .map_err(|e| EngineError::Task(e.to_string()))??)
}
