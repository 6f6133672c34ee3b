//! A simulated week of 300 feeds with realistic publishing patterns, refreshed by Lamplight's
//! schedule (`engine::schedule::plan`, the function a refresh calls) and by a fixed 30-minute
//! interval: requests made, and how late each new item is seen against its feed's own cadence.
//! Pure computation (no network); prints one JSON document.

use lamplight::engine::schedule::{Inputs, Limits, plan};
use lamplight::feed::FeedHints;
use lamplight::fetch::ServerHeaders;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const WEEK: i64 = 7 * DAY;
const START: i64 = 1_790_000_000_000;

/// A deterministic generator (no dependency, same figures on every run).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Publishing patterns as (share of feeds, mean gap between items): news sites, busy blogs,
/// daily blogs, weekly newsletters, monthly and nearly dormant personal blogs.
const PATTERNS: [(f64, i64, &str); 6] = [
    (0.10, HOUR, "hourly"),
    (0.20, 4 * HOUR, "every 4 h"),
    (0.35, DAY, "daily"),
    (0.20, WEEK, "weekly"),
    (0.10, 30 * DAY, "monthly"),
    (0.05, 180 * DAY, "twice a year"),
];

/// Item times from three years before the week to its end, gaps exponentially distributed (a
/// feed's document keeps its last items however old they are).
fn publishing(rng: &mut Rng, mean_gap: i64) -> Vec<i64> {
    let mut t = START - 3 * 365 * DAY;
    let mut times = Vec::new();
    loop {
        t += (-(1.0 - rng.next()).ln() * mean_gap as f64) as i64 + MINUTE;
        if t > START + WEEK {
            return times;
        }
        times.push(t);
    }
}

fn main() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (server, hints) = (ServerHeaders::default(), FeedHints::default());
    let mut report = Vec::new();
    let (mut total_scheduled, mut total_fixed) = (0u64, 0u64);
    let (mut items, mut late, mut worst) = (0u64, 0u64, 0.0f64);
    for (share, gap, name) in PATTERNS {
        let feeds = (300.0 * share).round() as usize;
        let (mut requests, mut pattern_items, mut pattern_late) = (0u64, 0u64, 0u64);
        let mut delays = Vec::new();
        for _ in 0..feeds {
            let times = publishing(&mut rng, gap);
            // Lamplight: fetch at the start, then whenever the schedule says.
            let mut fetches = Vec::new();
            let mut now = START;
            while now <= START + WEEK {
                fetches.push(now);
                let seen: Vec<i64> = times.iter().copied().filter(|t| *t <= now).collect();
                let next = plan(&Inputs {
                    now_ms: now,
                    ok: true,
                    status: Some(200),
                    error: None,
                    failures: 0,
                    server: &server,
                    hints: &hints,
                    published_ms: &seen[seen.len().saturating_sub(50)..],
                    pinned_s: None,
                    limits: Limits::default(),
                });
                now = next.next_at_ms;
            }
            requests += fetches.len() as u64;
            total_fixed += WEEK as u64 / (30 * MINUTE) as u64 + 1;
            for t in times.iter().filter(|t| **t > START && **t <= START + WEEK) {
                let Some(seen_at) = fetches.iter().find(|f| **f >= *t) else {
                    continue;
                };
                let delay = (seen_at - t) as f64;
                delays.push(delay / HOUR as f64);
                pattern_items += 1;
                if delay > gap as f64 {
                    pattern_late += 1;
                }
                worst = worst.max(delay / gap as f64);
            }
        }
        total_scheduled += requests;
        items += pattern_items;
        late += pattern_late;
        delays.sort_by(|a, b| a.total_cmp(b));
        let fixed = feeds as u64 * (WEEK as u64 / (30 * MINUTE) as u64 + 1);
        report.push(serde_json::json!({
            "pattern": name, "feeds": feeds, "requests": requests, "fixed_30_min_requests": fixed,
            "new_items": pattern_items, "seen_later_than_their_cadence": pattern_late,
            "median_delay_h": delays.get(delays.len() / 2).copied().unwrap_or(0.0),
        }));
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({
            "bench": "schedule",
            "feeds": 300,
            "days": 7,
            "requests": total_scheduled,
            "fixed_30_min_requests": total_fixed,
            "fewer_requests": 1.0 - total_scheduled as f64 / total_fixed as f64,
            "new_items": items,
            "seen_later_than_their_cadence": late,
            "worst_delay_in_cadences": worst,
            "patterns": report,
        }))
        .expect("JSON")
    );
}
