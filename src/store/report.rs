//! The statistics model both faces show — the window's statistics views and `lamplight stats` —
//! so the two cannot disagree: each feed's fetch summary (percentiles only from enough
//! samples), and the image report (the hit rate over pictures that were downloaded, pictures
//! never downloaded by cause in words, sizes in MiB).

use serde::Serialize;

use super::{FeedId, FetchRecord, ImageStats, LookupCounts, Store, StoreResult, percentile};
use crate::english;

/// Fewer fetches than this give no p50/p95: two samples make a "p95" that means nothing.
pub const PERCENTILES_FROM: usize = 5;

/// One feed's fetches, summed up.
#[derive(Debug, Clone, Serialize)]
pub struct FetchSummary {
    pub feed_id: FeedId,
    pub title: String,
    pub fetches: usize,
    /// `None` below [`PERCENTILES_FROM`] fetches.
    pub p50_ms: Option<u64>,
    pub p95_ms: Option<u64>,
    pub last: Option<FetchRecord>,
}

impl FetchSummary {
    /// "p50 120 ms · p95 480 ms", or why there are none ("3 fetches — too few for percentiles").
    pub fn percentiles_text(&self) -> String {
        match (self.p50_ms, self.p95_ms) {
            (Some(p50), Some(p95)) => crate::t!("stats-percentiles", p50 = p50, p95 = p95),
            _ => crate::t!("stats-too-few-fetches", count = self.fetches),
        }
    }
}

/// One feed's images.
#[derive(Debug, Clone, Serialize)]
pub struct FeedImages {
    pub feed_id: FeedId,
    pub title: String,
    pub stats: ImageStats,
}

/// What the image cache holds and how the reader found it.
#[derive(Debug, Clone, Serialize)]
pub struct ImageReport {
    pub total: ImageStats,
    pub feeds: Vec<FeedImages>,
    pub cache_bytes: i64,
    pub cache_cap_bytes: i64,
    pub lookups: LookupCounts,
    /// Hits over lookups of pictures that were downloaded; `None` before the first.
    pub hit_rate: Option<f64>,
    /// Pictures that failed, by cause in words ("download failed: HTTP 404"), most first.
    pub not_downloaded: Vec<(String, i64)>,
}

impl ImageReport {
    /// "92% (46 hits, 4 evicted before reading)", or that there were none yet.
    pub fn hit_rate_text(&self) -> String {
        match self.hit_rate {
            Some(rate) => crate::t!(
                "images-hit-rate-value",
                percent = format!("{:.0}", rate * 100.0),
                hits = self.lookups.hits,
                misses = self.lookups.misses
            ),
            None => crate::t!("images-no-lookups").to_owned(),
        }
    }

    /// "download failed: HTTP 404 (1), not an image (2)", or "none".
    pub fn not_downloaded_text(&self) -> String {
        if self.not_downloaded.is_empty() {
            return "none".to_owned();
        }
        self.not_downloaded
            .iter()
            .map(|(cause, n)| format!("{cause} ({n})"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Bytes for people: MiB (divided by 1,048,576) from one MiB up, else KiB (by 1,024), one
/// decimal.
pub fn mib(bytes: i64) -> String {
    if bytes.abs() >= 1_048_576 {
        format!("{:.1} MiB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

/// Why a picture could not be cached, in English words (`--json` carries them; the window says
/// them again with `i18n::in_words`), from its stored kind and HTTP status.
pub fn failure_in_words(kind: Option<&str>, http_status: Option<u16>) -> String {
    match (kind, http_status) {
        (_, Some(status)) if !(200..300).contains(&status) => {
            english!("engine-failed-http", status = status)
        }
        (Some(other), _) => match other {
            "download" => english!("engine-failed-no-answer"),
            "empty" => english!("engine-failed-nothing"),
            "not_an_image" => english!("engine-failed-not-image"),
            "unsupported" => english!("engine-failed-unsupported"),
            "too_large" => english!("engine-failed-too-large"),
            "corrupt" => english!("engine-failed-corrupt"),
            "encode" => english!("engine-failed-encode"),
            "refused" => english!("engine-failed-private"),
            other => return other.replace('_', " "),
        }
        .to_owned(),
        (None, _) => english!("engine-failed-unknown").to_owned(),
    }
}

impl Store {
    /// Every feed's (or one feed's) fetch summary, slowest first (by p95, then by the last
    /// fetch's total).
    pub fn fetch_summaries(&self, feed: Option<FeedId>) -> StoreResult<Vec<FetchSummary>> {
        let feeds = match feed {
            Some(id) => vec![self.feed(id)?],
            None => self.feeds()?,
        };
        let mut out = Vec::with_capacity(feeds.len());
        for f in feeds {
            let totals = self.fetch_totals_ms(f.id)?;
            let enough = totals.len() >= PERCENTILES_FROM;
            out.push(FetchSummary {
                feed_id: f.id,
                title: f.title,
                fetches: totals.len(),
                p50_ms: enough.then(|| percentile(&totals, 50.0)),
                p95_ms: enough.then(|| percentile(&totals, 95.0)),
                last: self.fetches(Some(f.id), 1)?.into_iter().next(),
            });
        }
        out.sort_by_key(|s| {
            std::cmp::Reverse((
                s.p95_ms.unwrap_or(0),
                s.last.as_ref().map_or(0, |l| l.total_ms),
            ))
        });
        Ok(out)
    }

    /// The image report, with the cache's cap as configured.
    pub fn image_report(&self, cache_cap_bytes: i64) -> StoreResult<ImageReport> {
        let total = self.image_stats(None)?;
        let mut feeds = Vec::new();
        for f in self.feeds()? {
            let stats = self.image_stats(Some(f.id))?;
            feeds.push(FeedImages {
                feed_id: f.id,
                title: f.title,
                stats,
            });
        }
        let lookups = self.lookup_counts()?;
        let downloaded = lookups.hits + lookups.misses;
        let mut causes = self.conn.prepare_cached(
            "SELECT error_kind, http_status, COUNT(*) FROM images
             WHERE status = 'failed' AND role != 'icon' GROUP BY 1, 2",
        )?;
        let mut not_downloaded: Vec<(String, i64)> = Vec::new();
        let rows = causes.query_map([], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<u16>>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (kind, status, n) = row?;
            let words = failure_in_words(kind.as_deref(), status);
            match not_downloaded.iter_mut().find(|(w, _)| *w == words) {
                Some((_, count)) => *count += n,
                None => not_downloaded.push((words, n)),
            }
        }
        not_downloaded.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(ImageReport {
            total,
            feeds,
            cache_bytes: self.image_cache_bytes()?,
            cache_cap_bytes,
            lookups,
            hit_rate: (downloaded > 0).then(|| lookups.hits as f64 / downloaded as f64),
            not_downloaded,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_read_as_words() {
        assert_eq!(
            failure_in_words(Some("download"), Some(404)),
            "download failed: HTTP 404"
        );
        assert_eq!(failure_in_words(Some("not_an_image"), None), "not an image");
        assert_eq!(
            failure_in_words(Some("download"), None),
            "download failed: no answer from the server"
        );
        assert_eq!(mib(3 * 1_048_576 / 2), "1.5 MiB");
        assert_eq!(mib(41_232), "40.3 KiB");
    }
}
