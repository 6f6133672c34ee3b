//! `lamplight stats fetches` and `stats images`: what fetching each feed cost, last time and
//! over its history; what the image cache holds, and each image's record. Both read the
//! store's statistics model, as the window does.

use anyhow::Result;

use super::print::{cell, record_json, when};
use crate::i18n::in_words;
use crate::store::{FeedId, PERCENTILES_FROM, Store, failure_in_words, mib};
use crate::t;

/// `text` padded on the left to `width` columns (CJK characters take two).
fn right(text: &str, width: usize) -> String {
    let shown = textwrap::core::display_width(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(shown)))
}

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
    let h: Vec<&str> = t!("cli-stats-fetches-header").split('|').collect();
    let h = |i: usize| h.get(i).copied().unwrap_or("");
    println!(
        "{}  {} {} {} {} {} {} {} {} {}  {} {} {}",
        right(h(0), 4),
        cell(h(1), 24),
        cell(h(2), 16),
        cell(h(3), 12),
        right(h(4), 8),
        right(h(5), 7),
        right(h(6), 8),
        right(h(7), 6),
        right(h(8), 6),
        right(h(9), 7),
        right(h(10), 4),
        right(h(11), 7),
        right(h(12), 7)
    );
    let summaries = store.fetch_summaries(feed)?;
    for f in &summaries {
        let Some(last) = &f.last else {
            println!(
                "{:>4}  {} {}",
                f.feed_id,
                cell(&f.title, 24),
                t!("cli-stats-never-fetched")
            );
            continue;
        };
        let percentile = |p: Option<u64>| p.map_or_else(|| "—".to_owned(), |ms| format!("{ms}ms"));
        println!(
            "{:>4}  {} {:<16} {} {:>6}ms {:>5}ms {:>6}ms {:>4}ms {:>4}ms {:>5}ms  {:>4} {:>7} {:>7}",
            f.feed_id,
            cell(&f.title, 24),
            when(Some(last.started_at)),
            cell(last.outcome.in_words(), 12),
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
            println!("      {}", in_words(error));
        }
    }
    if summaries
        .iter()
        .any(|s| s.p95_ms.is_none() && s.fetches > 0)
    {
        println!("{}", t!("cli-stats-few-fetches", count = PERCENTILES_FROM));
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
    let line = t!(
        "cli-stats-image-cache",
        used = mib(report.cache_bytes),
        cap = mib(report.cache_cap_bytes),
        rate = report.hit_rate_text()
    );
    println!("{line}");
    let line = t!(
        "cli-stats-not-downloaded",
        causes = report.not_downloaded_text()
    );
    println!("{line}");
    let h: Vec<&str> = t!("cli-stats-images-header").split('|').collect();
    let h = |i: usize| h.get(i).copied().unwrap_or("");
    println!(
        "{} {} {} {} {} {} {} {} {}",
        cell(h(0), 24),
        right(h(1), 6),
        right(h(2), 6),
        right(h(3), 6),
        right(h(4), 11),
        right(h(5), 11),
        right(h(6), 7),
        right(h(7), 5),
        right(h(8), 5)
    );
    let all = std::iter::once((t!("cli-stats-all-feeds"), &report.total));
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
                (Some(status), _) => t!("cli-stats-attempt-status", status = status, ms = a.ms),
                (None, Some(error)) => {
                    t!(
                        "cli-stats-attempt-error",
                        error = in_words(error),
                        ms = a.ms
                    )
                }
                (None, None) => format!("{} ms", a.ms),
            })
            .collect::<Vec<_>>()
            .join(t!("engine-clause-separator"));
        println!("{} ({}, {})", i.url, i.role, i.status);
        let label = |id| cell(id, 10);
        if let Some(referer) = &i.referer {
            println!("  {}{referer}", label(t!("cli-stats-referer")));
        }
        println!("  {}{attempts}", label(t!("cli-stats-attempts")));
        let source = t!(
            "cli-stats-source-line",
            format = i.source_format.as_deref().unwrap_or("—"),
            bytes = i.source_bytes,
            size = size(i.source_width, i.source_height)
        );
        println!("  {}{source}", label(t!("cli-stats-source")));
        if i.status == "cached" || i.webp_bytes > 0 {
            let rate = if i.source_bytes > 0 {
                i.webp_bytes as f64 * 100.0 / i.source_bytes as f64
            } else {
                0.0
            };
            let webp = t!(
                "cli-stats-webp-line",
                bytes = i.webp_bytes,
                size = size(i.webp_width, i.webp_height),
                rate = format!("{rate:.1}"),
                ms = i.convert_ms
            );
            println!("  {}{webp}", label("webp"));
        }
        if i.status == "failed" {
            let cause = failure_in_words(i.error_kind.as_deref(), i.http_status);
            println!("  {}{}", label(t!("cli-stats-failed")), in_words(&cause));
        }
    }
    println!("{}", t!("cli-stats-image-count", count = images.len()));
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
