//! `lamplight stats fetches`: what fetching each feed cost, last time and over its history.

use anyhow::Result;

use super::print::{cell, record_json, when};
use crate::store::{FeedId, Store};

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
    for f in &feeds {
        let totals = store.fetch_totals_ms(f.id)?;
        let Some(last) = store.fetches(Some(f.id), 1)?.into_iter().next() else {
            println!("{:>4}  {} never fetched", f.id, cell(&f.title, 24));
            continue;
        };
        println!(
            "{:>4}  {} {:<16} {:<12} {:>6}ms {:>5}ms {:>6}ms {:>4}ms {:>4}ms {:>5}ms  {:>4} {:>5}ms {:>5}ms",
            f.id,
            cell(&f.title, 24),
            when(Some(last.started_at)),
            last.outcome.as_str(),
            last.request_ms,
            last.download_ms,
            last.parse_ms,
            last.store_ms,
            last.cover_images_ms + last.retry_covers_ms + last.body_images_ms,
            last.total_ms,
            totals.len(),
            percentile(&totals, 50.0),
            percentile(&totals, 95.0),
        );
        if let Some(error) = &last.error {
            println!("      {error}");
        }
    }
    Ok(())
}

pub fn images(store: &Store, cap_bytes: i64, json: bool) -> Result<()> {
    let total = store.image_stats(None)?;
    let cache_bytes = store.image_cache_bytes()?;
    let lookups = store.lookup_counts()?;
    let hit_rate = if lookups.hits + lookups.misses > 0 {
        lookups.hits as f64 / (lookups.hits + lookups.misses) as f64
    } else {
        0.0
    };
    let mut per_feed = Vec::new();
    for feed in store.feeds()? {
        per_feed.push((feed.title.clone(), store.image_stats(Some(feed.id))?));
    }
    if json {
        let value = serde_json::json!({
            "total": total,
            "cache_bytes": cache_bytes,
            "cache_cap_bytes": cap_bytes,
            "reader_hits": lookups.hits,
            "reader_misses": lookups.misses,
            "hit_rate": hit_rate,
            "feeds": per_feed.iter().map(|(_, s)| s).collect::<Vec<_>>(),
        });
        println!("{value}");
        return Ok(());
    }
    let mb = |b: i64| b as f64 / (1024.0 * 1024.0);
    println!(
        "Image cache: {:.1} MB of {:.0} MB cap; reader hit rate {:.0}% ({} hits, {} misses)",
        mb(cache_bytes),
        mb(cap_bytes),
        hit_rate * 100.0,
        lookups.hits,
        lookups.misses
    );
    println!(
        "{:<24} {:>6} {:>6} {:>6} {:>10} {:>10} {:>7} {:>5} {:>5}  FAILED BY CAUSE",
        "FEED", "IMAGES", "CACHED", "FAILED", "SOURCE", "WEBP", "RATE", "P50", "P95"
    );
    for (title, s) in std::iter::once(("all feeds".to_owned(), total)).chain(per_feed) {
        let causes = s
            .failed_by_cause
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        println!(
            "{} {:>6} {:>6} {:>6} {:>8.2}MB {:>8.2}MB {:>6.1}% {:>3}ms {:>3}ms  {causes}",
            cell(&title, 24),
            s.images,
            s.cached,
            s.failed,
            mb(s.source_bytes),
            mb(s.webp_bytes + s.thumb_bytes),
            s.compress_rate * 100.0,
            s.convert_ms_p50,
            s.convert_ms_p95,
        );
    }
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
