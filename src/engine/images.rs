//! The image stages of a fetch, as the seed's stage list has them: cache cover images, cache
//! body images, retry failed covers. Each image URL is downloaded and stored once (with the
//! article URL as Referer), converted on a bounded set of blocking threads, and recorded with
//! what it cost and saved — or with why it failed.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use tokio::task::JoinSet;

use super::Shared;
use crate::feed::ParsedFeed;
use crate::fetch::{FetchOutcome, FetchRequest};
use crate::images::{
    ImageError, ImageRef, ImageRole, ImageSource, WEBP_QUALITY, article_images, convert,
    decode_data_uri, image_source, refused,
};
use crate::render::{Block, html_to_blocks};
use crate::store::{ArticleId, FeedId, FetchRecord, ImageRecord};

const IMAGE_ACCEPT: &str = "image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8,*/*;q=0.5";

/// One image URL of this fetch, with the first article (as Referer) that uses it.
#[derive(Debug, Clone)]
struct Wanted {
    url: String,
    role: ImageRole,
    referer: Option<String>,
}

/// Caches a feed's icon once: the feed's own icon/logo, else `/favicon.ico` of its site. The
/// icon keeps its own size (no list thumbnail) and is not counted among article images.
pub(super) async fn cache_feed_icon(
    shared: &Arc<Shared>,
    feed_id: FeedId,
    icon_url: Option<String>,
    site_link: Option<String>,
) {
    if !shared.downloads_pictures() {
        return;
    }
    let derived = icon_url.is_none();
    let Some(url) = icon_url.or_else(|| {
        let site = url::Url::parse(site_link.as_deref()?).ok()?;
        matches!(site.scheme(), "http" | "https")
            .then(|| site.join("/favicon.ico").ok().map(|u| u.to_string()))
            .flatten()
    }) else {
        return;
    };
    let known = {
        let shared = shared.clone();
        let url = url.clone();
        tokio::task::spawn_blocking(move || shared.store().image_status(&url).ok().flatten())
            .await
            .ok()
            .flatten()
    };
    if known.is_some() {
        return;
    }
    let saved = cache_one(
        shared,
        feed_id,
        Wanted {
            url: url.clone(),
            role: ImageRole::Icon,
            referer: site_link,
        },
    )
    .await;
    if derived && saved.status == "cached" {
        let shared = shared.clone();
        let _ =
            tokio::task::spawn_blocking(move || shared.store().set_feed_icon(feed_id, &url)).await;
    }
}

/// An article whose pictures are wanted: its id, HTML, link (the Referer and the base for
/// relative addresses) and the image URLs its feed item names outside the HTML.
pub(super) type PictureSource = (ArticleId, String, Option<String>, Vec<String>);

/// Finds, downloads, converts and links the images of the articles `changed` in `parsed` (and
/// of the full text extracted for them), filling the image figures and stage times of `record`.
pub(super) async fn cache_article_images(
    shared: &Arc<Shared>,
    feed_id: FeedId,
    parsed: &ParsedFeed,
    changed: &[(usize, ArticleId)],
    full_text: &HashMap<ArticleId, String>,
    record: &mut FetchRecord,
) {
    let sources: Vec<PictureSource> = changed
        .iter()
        .filter_map(|&(index, id)| {
            let a = parsed.articles.get(index)?;
            let html = match full_text.get(&id) {
                Some(full) => format!("{full}\n{}", a.content_html),
                None => a.content_html.clone(),
            };
            Some((id, html, a.link.clone(), a.media_image_urls.clone()))
        })
        .collect();
    cache_pictures(shared, feed_id, sources, false, record).await;
}

/// Caches and links the pictures of `sources`. An image already stored is not fetched again,
/// unless `retry_failed` and it is not cached now (it failed, or was evicted).
pub(super) async fn cache_pictures(
    shared: &Arc<Shared>,
    feed_id: FeedId,
    sources: Vec<PictureSource>,
    retry_failed: bool,
    record: &mut FetchRecord,
) {
    if !shared.downloads_pictures() {
        return;
    }
    let found = tokio::task::spawn_blocking(move || {
        sources
            .into_iter()
            .map(|(id, html, link, media)| {
                let blocks = html_to_blocks(&html, link.as_deref());
                let mut images = Vec::new();
                blocks.iter().for_each(|b| b.images(&mut images));
                let srcs = images
                    .into_iter()
                    .filter_map(|b| match b {
                        Block::Image { src, .. } => Some(src.clone()),
                        _ => None,
                    })
                    .collect();
                (id, link, article_images(srcs, &media))
            })
            .collect::<Vec<(ArticleId, Option<String>, Vec<ImageRef>)>>()
    })
    .await
    .unwrap_or_default();

    let mut wanted: Vec<Wanted> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (_, referer, refs) in &found {
        for r in refs {
            match index.get(&r.url) {
                Some(&i) if r.role == ImageRole::Cover => wanted[i].role = ImageRole::Cover,
                Some(_) => {}
                None => {
                    index.insert(r.url.clone(), wanted.len());
                    wanted.push(Wanted {
                        url: r.url.clone(),
                        role: r.role,
                        referer: referer.clone(),
                    });
                }
            }
        }
    }
    if wanted.is_empty() {
        link_articles(shared, found, HashMap::new()).await;
        return;
    }

    // URLs already stored (by this feed's earlier fetches or another feed) are not fetched.
    let known: HashMap<String, (i64, String)> = {
        let shared = shared.clone();
        let urls: Vec<String> = wanted.iter().map(|w| w.url.clone()).collect();
        tokio::task::spawn_blocking(move || {
            let store = shared.store();
            urls.into_iter()
                .filter_map(|u| store.image_status(&u).ok().flatten().map(|s| (u, s)))
                .filter(|(_, (_, status))| !(retry_failed && status != "cached"))
                .collect()
        })
        .await
        .unwrap_or_default()
    };
    let (covers, bodies): (Vec<Wanted>, Vec<Wanted>) = wanted
        .iter()
        .filter(|w| !known.contains_key(&w.url))
        .cloned()
        .partition(|w| w.role == ImageRole::Cover);

    let mut outcomes: HashMap<String, (i64, String)> = known;
    let started = Instant::now();
    let cover_results = run_batch(shared, feed_id, covers, retry_failed).await;
    record.cover_images_ms = crate::fetch::rounded_ms(started.elapsed());
    let started = Instant::now();
    let body_results = run_batch(shared, feed_id, bodies, retry_failed).await;
    record.body_images_ms = crate::fetch::rounded_ms(started.elapsed());

    // A cover lost to the network gets one more try once everything else is done.
    let retry: Vec<Wanted> = cover_results
        .iter()
        .filter(|(_, saved)| saved.error_kind.as_deref() == Some("download"))
        .filter_map(|(url, _)| wanted.iter().find(|w| &w.url == url).cloned())
        .collect();
    let started = Instant::now();
    let retried = run_batch(shared, feed_id, retry, true).await;
    record.retry_covers_ms = crate::fetch::rounded_ms(started.elapsed());

    for (url, saved) in cover_results.into_iter().chain(body_results).chain(retried) {
        if let Some(id) = saved.id {
            outcomes.insert(url, (id, saved.status));
        }
    }
    record.images_found = wanted.len() as i64;
    record.images_cached = wanted
        .iter()
        .filter(|w| outcomes.get(&w.url).is_some_and(|(_, s)| s == "cached"))
        .count() as i64;
    record.images_failed = record.images_found - record.images_cached;
    let ids = outcomes
        .into_iter()
        .map(|(url, (id, _))| (url, id))
        .collect();
    link_articles(shared, found, ids).await;

    let shared = shared.clone();
    let cap = shared.picture_prefs().cache_cap_bytes;
    let _ = tokio::task::spawn_blocking(move || {
        if let Err(e) = shared.store().evict_images(cap) {
            tracing::warn!("image cache eviction failed: {e}");
        }
    })
    .await;
}

/// An image's stored outcome: its row id (if the row was written) and status.
#[derive(Debug, Clone)]
pub(super) struct Saved {
    id: Option<i64>,
    status: String,
    error_kind: Option<String>,
}

async fn run_batch(
    shared: &Arc<Shared>,
    feed_id: FeedId,
    batch: Vec<Wanted>,
    retry: bool,
) -> Vec<(String, Saved)> {
    let mut jobs = JoinSet::new();
    for wanted in batch {
        let shared = shared.clone();
        jobs.spawn(async move {
            let url = wanted.url.clone();
            let saved = if retry {
                cache_one(&shared, feed_id, wanted).await
            } else {
                cache_once(&shared, feed_id, wanted).await
            };
            (url, saved)
        });
    }
    let mut results = Vec::new();
    while let Some(done) = jobs.join_next().await {
        match done {
            Ok(result) => results.push(result),
            Err(e) => tracing::error!("an image job ended abnormally: {e}"),
        }
    }
    results
}

/// One download and conversion per URL at a time across every feed of a refresh: a feed that
/// wants an image another feed is already fetching waits for that result; one that comes after
/// finds the stored row.
async fn cache_once(shared: &Arc<Shared>, feed_id: FeedId, wanted: Wanted) -> Saved {
    let url = wanted.url.clone();
    let cell = {
        let mut in_flight = shared
            .images_in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        in_flight.entry(url.clone()).or_default().clone()
    };
    let saved = cell
        .get_or_init(|| async {
            let stored = {
                let shared = shared.clone();
                let url = url.clone();
                tokio::task::spawn_blocking(move || shared.store().image_status(&url))
                    .await
                    .ok()
                    .and_then(Result::ok)
                    .flatten()
            };
            match stored {
                Some((id, status)) => Saved {
                    id: Some(id),
                    status,
                    error_kind: None,
                },
                None => cache_one(shared, feed_id, wanted).await,
            }
        })
        .await
        .clone();
    let mut in_flight = shared
        .images_in_flight
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    // The map and this task hold the last two references: nobody else waits on it.
    if in_flight
        .get(&url)
        .is_some_and(|c| Arc::strong_count(c) <= 2)
    {
        in_flight.remove(&url);
    }
    saved
}

async fn cache_one(shared: &Arc<Shared>, feed_id: FeedId, wanted: Wanted) -> Saved {
    let clock = Instant::now();
    let config = &shared.images;
    let mut image = ImageRecord {
        url: wanted.url.clone(),
        feed_id: Some(feed_id),
        referer: wanted.referer.clone(),
        role: wanted.role.as_str().to_owned(),
        status: "failed".to_owned(),
        quality: WEBP_QUALITY as u32,
        ..ImageRecord::default()
    };
    let bytes = match image_source(&wanted.url) {
        ImageSource::Network => download(shared, &wanted, &mut image).await,
        ImageSource::Inline => decode_data_uri(&wanted.url, config.max_image_bytes),
        ImageSource::Refused(scheme) => Err(refused(scheme)),
    };
    let result = match bytes {
        Err(e) => Err(e),
        Ok(bytes) => {
            image.source_bytes = bytes.len() as u64;
            let limits = config.limits.clone();
            let thumbnail = wanted.role != ImageRole::Icon;
            let _cpu = shared.cpu.acquire().await.ok();
            tokio::task::spawn_blocking(move || convert(&bytes, thumbnail, &limits))
                .await
                .unwrap_or_else(|e| {
                    Err(ImageError::Corrupt(crate::english!(
                        "engine-decoder-stopped",
                        cause = e.to_string()
                    )))
                })
        }
    };
    match result {
        Ok(converted) => {
            image.status = "cached".to_owned();
            image.source_format = Some(converted.source_format.to_owned());
            image.source_width = Some(converted.source_width);
            image.source_height = Some(converted.source_height);
            image.webp_bytes = converted.reader.webp.len() as u64;
            image.webp_width = Some(converted.reader.width);
            image.webp_height = Some(converted.reader.height);
            image.webp = Some(converted.reader.webp);
            if let Some(thumb) = converted.thumbnail {
                image.thumb_bytes = thumb.webp.len() as u64;
                image.thumb_width = Some(thumb.width);
                image.thumb_height = Some(thumb.height);
                image.thumb = Some(thumb.webp);
            }
            image.convert_ms = converted.convert_ms;
        }
        Err(e) => {
            image.error_kind = Some(e.kind().to_owned());
            image.error = Some(e.to_string());
        }
    }
    image.total_ms = crate::fetch::rounded_ms(clock.elapsed());
    let status = image.status.clone();
    let error_kind = image.error_kind.clone();
    let shared = shared.clone();
    let id = tokio::task::spawn_blocking(move || shared.store().save_image(&image))
        .await
        .ok()
        .and_then(|r| {
            r.map_err(|e| tracing::warn!("could not save an image row: {e}"))
                .ok()
        });
    Saved {
        id,
        status,
        error_kind,
    }
}

/// Downloads an http(s) image (the article as Referer), noting each attempt on `image`.
async fn download(
    shared: &Arc<Shared>,
    wanted: &Wanted,
    image: &mut ImageRecord,
) -> Result<Vec<u8>, ImageError> {
    let report = shared
        .fetcher
        .fetch(&FetchRequest {
            url: &wanted.url,
            referer: wanted.referer.as_deref(),
            accept: Some(IMAGE_ACCEPT),
            max_bytes: Some(shared.images.max_image_bytes),
            single_attempt: wanted.role == ImageRole::Icon,
            ..FetchRequest::default()
        })
        .await;
    image.attempts = report.attempts;
    image.http_status = report.last_status;
    match report.result {
        Err(e) => Err(ImageError::Download(e.0)),
        Ok(FetchOutcome::NotModified { status }) => Err(ImageError::Download(crate::english!(
            "engine-unconditional-status",
            status = status
        ))),
        Ok(FetchOutcome::Body(body)) => Ok(body.bytes),
    }
}

async fn link_articles(
    shared: &Arc<Shared>,
    found: Vec<(ArticleId, Option<String>, Vec<ImageRef>)>,
    ids: HashMap<String, i64>,
) {
    let shared = shared.clone();
    let _ = tokio::task::spawn_blocking(move || {
        let mut store = shared.store();
        for (article, _, refs) in found {
            let image_ids: Vec<i64> = refs
                .iter()
                .filter_map(|r| ids.get(&r.url).copied())
                .collect();
            if let Err(e) = store.set_article_images(article, &image_ids) {
                tracing::warn!("could not link the images of article {article}: {e}");
            }
        }
    })
    .await;
}
