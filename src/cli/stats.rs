//! `lamplight stats fetches` and `stats images`: what fetching each feed cost, last time and
//! over its history; what the image cache holds, and each image's record. Both read the
//! store's statistics model, as the window does.

use anyhow::Result;

use super::print::{cell, record_json, when};
use crate::store::{FeedId, PERCENTILES_FROM, Store, failure_in_words, mib};

pub use crate::store::percentile;

pub fn fetches(store: &Store, feed: Option<FeedId>, json: bool, limit: i64) -> Result<()> {
    let feeds = match feed {
        Some(id) => vec![store.feed(id)?],
        None => store.feeds()?,
    };
    if json {
        for f in &feeds {
            for record in store.fetches(Some(f.id), limit)? {
                println!("{}", record_json(&record));
            }
        }
        return Ok(());
    }
    println!(
        "{:>4}  {:<24} {:<16} {:<12} {:>8} {:>7} {:>8} {:>6} {:>6} {:>7}  {:>4} {:>7} {:>7}",
        "ID",
        "FEED",
        "LAST FETCH",
        "OUTCOME",
        "REQUEST",
        "DOWNLD",
        "PARSE",
        "STORE",
        "IMAGES",
        "TOTAL",
        "N",
        "P50",
        "P95"
    );
    let summaries = store.fetch_summaries(feed)?;
    for f in &summaries {
        let Some(last) = &f.last else {
            println!("{:>4}  {} never fetched", f.feed_id, cell(&f.title, 24));
            continue;
        };
        let percentile = |p: Option<u64>| p.map_or_else(|| "—".to_owned(), |ms| format!("{ms}ms"));
        println!(
            "{:>4}  {} {:<16} {:<12} {:>6}ms {:>5}ms {:>6}ms {:>4}ms {:>4}ms {:>5}ms  {:>4} {:>7} {:>7}",
            f.feed_id,
            cell(&f.title, 24),
            when(Some(last.started_at)),
            last.outcome.as_str(),
            last.request_ms,
            last.download_ms,
            last.parse_ms,
            last.store_ms,
            last.cover_images_ms + last.retry_covers_ms + last.body_images_ms,
            last.total_ms,
            f.fetches,
            percentile(f.p50_ms),
            percentile(f.p95_ms),
        );
        if let Some(error) = &last.error {
            println!("      {error}");
        }
    }
    if summaries
        .iter()
        .any(|s| s.p95_ms.is_none() && s.fetches > 0)
    {
        println!("(— : fewer than {PERCENTILES_FROM} fetches, too few for percentiles)");
    }
    Ok(())
}

/// `lamplight stats images`: the image report; with `list`, the images of one feed, one line
/// (or one JSON object) each.
pub fn images(
    store: &Store,
    cap_bytes: i64,
    json: bool,
    feed: Option<FeedId>,
    list: bool,
) -> Result<()> {
    if list {
        return image_list(store, feed, json);
    }
    let report = store.image_report(cap_bytes)?;
    if json {
        println!("{}", serde_json::to_value(&report)?);
        return Ok(());
    }
    println!(
        "Image cache: {} of {}; reader hit rate {}",
        mib(report.cache_bytes),
        mib(report.cache_cap_bytes),
        report.hit_rate_text()
    );
    println!("Could not be downloaded: {}", report.not_downloaded_text());
    println!(
        "{:<24} {:>6} {:>6} {:>6} {:>11} {:>11} {:>7} {:>5} {:>5}",
        "FEED", "IMAGES", "CACHED", "FAILED", "SOURCE", "WEBP", "RATE", "P50", "P95"
    );
    let all = std::iter::once(("all feeds", &report.total));
    let feeds = report
        .feeds
        .iter()
        .filter(|f| feed.is_none_or(|id| f.feed_id == id));
    for (title, s) in all.chain(feeds.map(|f| (f.title.as_str(), &f.stats))) {
        println!(
            "{} {:>6} {:>6} {:>6} {:>11} {:>11} {:>6.1}% {:>3}ms {:>3}ms",
            cell(title, 24),
            s.images,
            s.cached,
            s.failed,
            mib(s.source_bytes),
            mib(s.webp_bytes + s.thumb_bytes),
            s.compress_rate * 100.0,
            s.convert_ms_p50,
            s.convert_ms_p95,
        );
    }
    Ok(())
}

/// Every image of `feed` (or of all feeds): the seed's per-image record.
fn image_list(store: &Store, feed: Option<FeedId>, json: bool) -> Result<()> {
    let images = store.image_list(feed, None)?;
    if json {
        for image in &images {
            println!("{}", serde_json::to_value(image)?);
        }
        return Ok(());
    }
    for i in &images {
        let size = |w: Option<u32>, h: Option<u32>| match (w, h) {
            (Some(w), Some(h)) => format!("{w}×{h}"),
            _ => "—".to_owned(),
        };
        let attempts = i
            .attempts
            .iter()
            .map(|a| match (a.status, &a.error) {
                (Some(status), _) => format!("{status} in {} ms", a.ms),
                (None, Some(error)) => format!("{error} after {} ms", a.ms),
                (None, None) => format!("{} ms", a.ms),
            })
            .collect::<Vec<_>>()
            .join("; ");
        println!("{} ({}, {})", i.url, i.role, i.status);
        if let Some(referer) = &i.referer {
            println!("  referer   {referer}");
        }
        println!("  attempts  {attempts}");
        println!(
            "  source    {} {} bytes {}",
            i.source_format.as_deref().unwrap_or("—"),
            i.source_bytes,
            size(i.source_width, i.source_height)
        );
        if i.status == "cached" || i.webp_bytes > 0 {
            let rate = if i.source_bytes > 0 {
                i.webp_bytes as f64 * 100.0 / i.source_bytes as f64
            } else {
                0.0
            };
            println!(
                "  webp      {} bytes {} · {rate:.1}% of the source · converted in {} ms",
                i.webp_bytes,
                size(i.webp_width, i.webp_height),
                i.convert_ms
            );
        }
        if i.status == "failed" {
            println!(
                "  failed    {}",
                failure_in_words(i.error_kind.as_deref(), i.http_status)
            );
        }
    }
    println!("{} images", images.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 95.0), 95);
        assert_eq!(percentile(&[7], 95.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
    }
}
