//! Finding feeds before subscribing: what an address offers. A feed is itself; a web page
//! offers every feed it advertises, or, when it advertises none, whichever of the common
//! addresses (`/feed`, `/rss.xml`, `/atom.xml`, …) answer with a feed. Each one found is
//! fetched and read, so the user chooses by title and number of articles.

use std::sync::Arc;

use serde::Serialize;

use super::stages::Laps;
use super::{EngineError, Shared};
use crate::feed::{common_feed_urls, discover_feeds, looks_like_html};
use crate::fetch::{FetchedBody, check_url};
use crate::store::{FeedId, FetchRecord};

/// One feed an address offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedChoice {
    pub url: String,
    /// The feed's own title (else the page's name for it, else empty).
    pub title: String,
    /// Articles it holds now.
    pub items: usize,
    /// The page advertised it (rather than it being found at a common address).
    pub advertised: bool,
    /// Why an advertised feed could not be read (it is offered all the same).
    pub error: Option<String>,
}

/// What `url` offers, in the order a subscription would take them (the first is what
/// `lamplight add` subscribes to).
pub(super) async fn discover(
    shared: Arc<Shared>,
    url: String,
) -> Result<Vec<FeedChoice>, EngineError> {
    super::add::https_then_http(&url, |url| discover_at(shared.clone(), url)).await
}

async fn discover_at(shared: Arc<Shared>, url: String) -> Result<Vec<FeedChoice>, EngineError> {
    let url = check_url(&url)
        .map_err(|e| EngineError::Fetch(e.0))?
        .to_string();
    let body = fetch(&shared, &url).await.map_err(EngineError::Fetch)?;
    if let Some(cause) = super::add::image_not_feed(&body) {
        return Err(EngineError::Fetch(format!("{url}: {cause}")));
    }
    let page = looks_like_html(&body.bytes).then(|| body.bytes.clone());
    match read(body).await {
        Ok((title, items)) => {
            return Ok(vec![FeedChoice {
                url,
                title,
                items,
                advertised: false,
                error: None,
            }]);
        }
        Err(cause) if page.is_none() => return Err(EngineError::NoFeed { url, cause }),
        Err(_) => {}
    }
    let page = page.unwrap_or_default();
    let advertised = discover_feeds(&page, &url);
    let choices = if advertised.is_empty() {
        probe(&shared, common_feed_urls(&url), false).await
    } else {
        let names: Vec<(String, Option<String>)> =
            advertised.into_iter().map(|f| (f.url, f.title)).collect();
        let mut choices = probe(&shared, names.iter().map(|n| n.0.clone()).collect(), true).await;
        for choice in &mut choices {
            if choice.title.is_empty()
                && let Some((_, Some(name))) = names.iter().find(|n| n.0 == choice.url)
            {
                choice.title = name.clone();
            }
        }
        choices
    };
    if choices.is_empty() {
        return Err(EngineError::NoFeed {
            url,
            cause: "the page advertises no feed (no <link rel=\"alternate\">), and none of \
                    /feed, /rss, /rss.xml, /atom.xml, /feed.xml, /index.xml answers with one"
                .into(),
        });
    }
    Ok(choices)
}

/// Fetches and reads each of `urls` at once (within the fetcher's limits), keeping their
/// order. Those that fail are kept, with why, when `advertised`; dropped otherwise.
pub(super) async fn probe(
    shared: &Arc<Shared>,
    urls: Vec<String>,
    advertised: bool,
) -> Vec<FeedChoice> {
    let mut tasks = tokio::task::JoinSet::new();
    for (index, url) in urls.into_iter().enumerate() {
        let shared = shared.clone();
        tasks.spawn(async move {
            let result = match fetch(&shared, &url).await {
                Ok(body) => read(body).await,
                Err(e) => Err(e),
            };
            (index, url, result)
        });
    }
    let mut found = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let Ok((index, url, result)) = joined else {
            continue;
        };
        let choice = match result {
            Ok((title, items)) => FeedChoice {
                url,
                title,
                items,
                advertised,
                error: None,
            },
            Err(_) if !advertised => continue,
            Err(e) => FeedChoice {
                url,
                title: String::new(),
                items: 0,
                advertised,
                error: Some(e),
            },
        };
        found.push((index, choice));
    }
    found.sort_by_key(|(index, _)| *index);
    found.into_iter().map(|(_, choice)| choice).collect()
}

/// A GET of `url` (its timings are not kept: discovery stores no fetch record).
async fn fetch(shared: &Arc<Shared>, url: &str) -> Result<FetchedBody, String> {
    let mut record = FetchRecord::new(FeedId(0), 0);
    super::add::fetch_body(shared, url, &mut record, &mut Laps::start())
        .await
        .map_err(|e| e.to_string())
}

/// Reads a body as a feed on a blocking thread: its title and how many articles it holds.
async fn read(body: FetchedBody) -> Result<(String, usize), String> {
    tokio::task::spawn_blocking(move || {
        crate::feed::read_feed(&body.bytes, body.content_type.as_deref(), &body.final_url)
            .map(|parsed| (parsed.meta.title, parsed.articles.len()))
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| crate::english!("engine-parser-stopped", cause = e.to_string()))?
}
