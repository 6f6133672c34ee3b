//! `lamplight stats fetches`: what fetching each feed cost, last time and over its history.

use anyhow::Result;

use super::print::{cell, record_json, when};
use crate::store::{FeedId, Store};

/// The value at percentile `p` (0–100) of `values` (nearest rank), or 0 for none.
pub fn percentile(values: &[u64], p: f64) -> u64 {
    if values.is_empty() {
        return 0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

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
            println!("{:>4}  {:<24} never fetched", f.id, cell(&f.title, 24));
            continue;
        };
        println!(
            "{:>4}  {:<24} {:<16} {:<12} {:>6}ms {:>5}ms {:>6}ms {:>4}ms {:>4}ms {:>5}ms  {:>4} {:>5}ms {:>5}ms",
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
