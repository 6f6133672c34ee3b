//! When to fetch a feed next, and why — a pure function of what the last fetch said.
//!
//! In order: the server's back-off (`Retry-After` on 429/503; repeated failures back off
//! exponentially, capped at a day); a pin the user set; then the longest of the server's
//! freshness (`Cache-Control: max-age`, `Expires`) and the feed's own hints (`<ttl>`,
//! `sy:updatePeriod`/`sy:updateFrequency`) as "not before", against the feed's publishing
//! history (half the typical gap between its items, so an hourly feed is checked every half
//! hour and one that posts twice a year daily); within the user's minimum and maximum;
//! moved out of `<skipHours>`/`<skipDays>`. A value that cannot be used (`max-age=-1`,
//! `ttl=abc`, a `Retry-After` in the past or more than a week ahead) is named in the reason.

use crate::english;
use crate::feed::FeedHints;
use crate::fetch::ServerHeaders;
use crate::i18n::{FluentValue, Lang, tr_args_in};

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// Without history or hints: the interval every feed had before schedules.
pub const DEFAULT_INTERVAL_S: i64 = 30 * MINUTE;
const BACKOFF_BASE_S: i64 = 30 * MINUTE;
const BACKOFF_CAP_S: i64 = DAY;
/// A longer `Retry-After` is not believed.
const RETRY_AFTER_CAP_S: i64 = 7 * DAY;
/// Items older than this say nothing about how often a feed posts now.
const HISTORY_S: i64 = 365 * DAY;
const HISTORY_ITEMS: usize = 50;

/// The user's bounds on automatic intervals (a pin is not bounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub min_s: i64,
    pub max_s: i64,
}

impl Limits {
    /// The bounds the user stored (each `None`: the default); the maximum never below the
    /// minimum.
    pub fn from_stored((min, max): (Option<i64>, Option<i64>)) -> Limits {
        let default = Limits::default();
        let min_s = min.unwrap_or(default.min_s);
        Limits {
            min_s,
            max_s: max.unwrap_or(default.max_s).max(min_s),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            min_s: 15 * MINUTE,
            max_s: DAY,
        }
    }
}

/// What the last fetch said, and what is known of the feed.
#[derive(Debug, Clone)]
pub struct Inputs<'a> {
    pub now_ms: i64,
    /// The fetch succeeded (new content, not modified, or unchanged).
    pub ok: bool,
    pub status: Option<u16>,
    /// The failure's cause, when it failed.
    pub error: Option<&'a str>,
    /// Failures in a row, this one included (0 after a success).
    pub failures: i64,
    pub server: &'a ServerHeaders,
    pub hints: &'a FeedHints,
    /// When the feed's items were published (ms), any order.
    pub published_ms: &'a [i64],
    pub pinned_s: Option<i64>,
    pub limits: Limits,
}

/// The next refresh and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub next_at_ms: i64,
    pub reason: String,
    /// The server asked every client to stay away until then: the host's other feeds wait too.
    pub host_quiet_until_ms: Option<i64>,
}

/// When to fetch next; see the module comment for the rules.
pub fn plan(input: &Inputs<'_>) -> Plan {
    let now = input.now_ms;
    let mut ignored: Vec<String> = Vec::new();
    let at = |s: i64| now.saturating_add(s.saturating_mul(1000));
    if !input.ok {
        if let Some(status @ (429 | 503)) = input.status {
            match retry_after_s(input.server, now) {
                Ok(Some((s, raw))) => {
                    return Plan {
                        next_at_ms: at(s),
                        reason: english!(
                            "engine-server-asked-to-wait",
                            duration = human_en(s),
                            status = status,
                            raw = raw
                        ),
                        host_quiet_until_ms: Some(at(s)),
                    };
                }
                Ok(None) => {}
                Err(why) => ignored.push(why),
            }
        }
        let n = input.failures.max(1);
        let s = BACKOFF_BASE_S
            .saturating_mul(1 << (n - 1).min(20))
            .min(BACKOFF_CAP_S);
        let cause = match (input.status, input.error) {
            (Some(status), _) => english!("engine-http-status", status = status),
            (None, Some(e)) => e.chars().take(80).collect(),
            (None, None) => english!("engine-an-error").to_owned(),
        };
        let reason = if n == 1 {
            english!("engine-back-off-once", cause = cause)
        } else {
            english!("engine-back-off", failures = n, cause = cause)
        };
        return Plan {
            next_at_ms: at(s),
            reason: with_notes(reason, &ignored),
            host_quiet_until_ms: None,
        };
    }
    if let Some(pinned) = input.pinned_s.filter(|s| *s > 0) {
        return Plan {
            next_at_ms: at(pinned),
            reason: english!("engine-fixed-by-you", duration = human_en(pinned)),
            host_quiet_until_ms: None,
        };
    }

    // "Not before": the longest of what the server and the feed ask for.
    let mut floor: Option<(i64, String)> = None;
    let mut raise = |s: i64, why: String| {
        if floor.as_ref().is_none_or(|(f, _)| s > *f) {
            floor = Some((s, why));
        }
    };
    match max_age_s(input.server, now) {
        Ok(Some((s, raw))) => raise(
            s,
            english!("engine-server-asked-for", duration = human_en(s), raw = raw),
        ),
        Ok(None) => {}
        Err(why) => ignored.push(why),
    }
    match ttl_s(input.hints) {
        Ok(Some(s)) => raise(s, english!("engine-feed-asks-for", duration = human_en(s))),
        Ok(None) => {}
        Err(why) => ignored.push(why),
    }
    match update_period_s(input.hints) {
        Ok(Some(s)) => raise(
            s,
            english!("engine-feed-updates-every", duration = human_en(s)),
        ),
        Ok(None) => {}
        Err(why) => ignored.push(why),
    }

    let (mut s, mut reason) = match publishing(input.published_ms, now) {
        Some(Publishing::About(gap)) => (
            gap / 2,
            english!("engine-publishes-about-every", duration = human_en(gap)),
        ),
        Some(Publishing::QuietFor(quiet)) => (
            quiet / 2,
            english!("engine-nothing-new-for", duration = human_en(quiet)),
        ),
        None => (
            DEFAULT_INTERVAL_S,
            english!(
                "engine-until-history",
                duration = human_en(DEFAULT_INTERVAL_S)
            ),
        ),
    };
    if let Some((f, why)) = floor
        && f > s
    {
        (s, reason) = (f, why);
    }
    let limits = input.limits;
    if s < limits.min_s {
        s = limits.min_s;
        let clamp = english!("engine-checked-at-most-every", duration = human_en(s));
        reason = format!("{reason}; {clamp}");
    } else if s > limits.max_s {
        s = limits.max_s;
        let clamp = english!("engine-checked-at-least-every", duration = human_en(s));
        reason = format!("{reason}; {clamp}");
    }
    let (next, skipped) = skip_hours_and_days(at(s), input.hints, &mut ignored);
    if let Some(skipped) = skipped {
        reason = format!("{reason}; {skipped}");
    }
    Plan {
        next_at_ms: next,
        reason: with_notes(reason, &ignored),
        host_quiet_until_ms: None,
    }
}

fn with_notes(reason: String, ignored: &[String]) -> String {
    if ignored.is_empty() {
        reason
    } else {
        english!(
            "engine-with-notes",
            reason = reason,
            notes = ignored.join("; ")
        )
    }
}

/// The typical gap between a feed's items: the median gap between consecutive publishing
/// times of its last 50 items within a year (bursts at one instant count once); when the year
/// holds fewer than two, the time since the newest item (the feed has gone quiet).
pub fn typical_gap_s(published_ms: &[i64], now_ms: i64) -> Option<i64> {
    publishing(published_ms, now_ms).map(|p| match p {
        Publishing::About(s) | Publishing::QuietFor(s) => s,
    })
}

/// What a feed's history says about its publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publishing {
    /// The median gap between its recent items, in seconds.
    About(i64),
    /// Fewer than two items in the last year: the seconds since the newest.
    QuietFor(i64),
}

/// The feed's cadence from its items' times (see [`typical_gap_s`]).
pub fn publishing(published_ms: &[i64], now_ms: i64) -> Option<Publishing> {
    let newest = published_ms
        .iter()
        .copied()
        .filter(|t| *t <= now_ms + DAY * 1000)
        .max()?;
    let mut times: Vec<i64> = published_ms
        .iter()
        .copied()
        .filter(|t| *t <= now_ms + DAY * 1000 && *t >= now_ms - HISTORY_S * 1000)
        .collect();
    times.sort_unstable_by(|a, b| b.cmp(a));
    times.dedup_by(|a, b| (*b - *a).abs() < MINUTE * 1000);
    times.truncate(HISTORY_ITEMS);
    if times.len() < 2 {
        // Quiet for a year, or one item: the time since the newest (not a gap, but the feed
        // is not polled as if it were new).
        let quiet = (now_ms - newest) / 1000;
        return (quiet >= MINUTE).then_some(Publishing::QuietFor(quiet));
    }
    let mut gaps: Vec<i64> = times.windows(2).map(|w| (w[0] - w[1]) / 1000).collect();
    gaps.sort_unstable();
    Some(Publishing::About(gaps[gaps.len() / 2].max(MINUTE)))
}

/// `Retry-After` as seconds from now: a number or an HTTP date.
fn retry_after_s(server: &ServerHeaders, now_ms: i64) -> Result<Option<(i64, String)>, String> {
    let Some(raw) = server.retry_after.as_deref() else {
        return Ok(None);
    };
    let s = match raw.parse::<i64>() {
        Ok(s) => s,
        Err(_) => match httpdate::parse_http_date(raw) {
            Ok(when) => seconds_until(when, now_ms),
            Err(_) => {
                return Err(english!(
                    "engine-retry-after-not-time",
                    raw = format!("{raw:?}")
                ));
            }
        },
    };
    if s <= 0 {
        return Err(english!(
            "engine-retry-after-past",
            raw = format!("{raw:?}")
        ));
    }
    if s > RETRY_AFTER_CAP_S {
        return Err(english!(
            "engine-retry-after-too-far",
            raw = format!("{raw:?}"),
            duration = human_en(RETRY_AFTER_CAP_S)
        ));
    }
    Ok(Some((s, raw.to_owned())))
}

/// `Cache-Control: max-age`, else `Expires` (against the server's `Date`), as seconds.
fn max_age_s(server: &ServerHeaders, now_ms: i64) -> Result<Option<(i64, String)>, String> {
    if let Some(cc) = &server.cache_control {
        for directive in cc.split(',').map(str::trim) {
            let Some((name, value)) = directive.split_once('=') else {
                continue;
            };
            if !name.trim().eq_ignore_ascii_case("max-age") {
                continue;
            }
            let value = value.trim().trim_matches('"');
            return match value.parse::<i64>() {
                Ok(s) if s > 0 => Ok(Some((s.min(RETRY_AFTER_CAP_S), format!("max-age={s}")))),
                Ok(0) => Ok(None),
                _ => Err(format!(
                    "max-age={value} is not a number of seconds; ignored"
                )),
            };
        }
    }
    let Some(expires) = &server.expires else {
        return Ok(None);
    };
    let Ok(when) = httpdate::parse_http_date(expires) else {
        // "0" and "-1" mean "already expired": nothing to wait for.
        return Ok(None);
    };
    let server_now = server
        .date
        .as_deref()
        .and_then(|d| httpdate::parse_http_date(d).ok())
        .map(|d| seconds_until(d, 0) * 1000)
        .unwrap_or(now_ms);
    let s = seconds_until(when, server_now);
    Ok((s > 0).then(|| (s.min(RETRY_AFTER_CAP_S), "Expires".to_owned())))
}

fn seconds_until(when: std::time::SystemTime, now_ms: i64) -> i64 {
    let when_ms = when
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    (when_ms - now_ms) / 1000
}

/// RSS `<ttl>` (minutes) as seconds.
fn ttl_s(hints: &FeedHints) -> Result<Option<i64>, String> {
    let Some(raw) = &hints.ttl else {
        return Ok(None);
    };
    match raw.parse::<i64>() {
        Ok(m) if m > 0 && m <= 7 * 24 * 60 => Ok(Some(m * MINUTE)),
        Ok(0) => Ok(None),
        _ => Err(english!("engine-ttl-not-minutes", raw = format!("{raw:?}"))),
    }
}

/// `sy:updatePeriod` divided by `sy:updateFrequency`, as seconds.
fn update_period_s(hints: &FeedHints) -> Result<Option<i64>, String> {
    let Some(period) = &hints.update_period else {
        return Ok(None);
    };
    let period_s = match period.to_ascii_lowercase().as_str() {
        "hourly" => HOUR,
        "daily" => DAY,
        "weekly" => 7 * DAY,
        "monthly" => 30 * DAY,
        "yearly" => 365 * DAY,
        _ => {
            return Err(format!(
                "sy:updatePeriod {period:?} is not a period; ignored"
            ));
        }
    };
    let frequency = match &hints.update_frequency {
        None => 1,
        Some(raw) => match raw.parse::<i64>() {
            Ok(f) if f > 0 => f,
            _ => {
                return Err(format!(
                    "sy:updateFrequency {raw:?} is not a count; ignored"
                ));
            }
        },
    };
    Ok(Some((period_s / frequency).max(MINUTE)))
}

/// Moves `at_ms` out of the hours (UTC) and days the feed says to skip.
fn skip_hours_and_days(
    at_ms: i64,
    hints: &FeedHints,
    ignored: &mut Vec<String>,
) -> (i64, Option<String>) {
    let hours: Vec<i64> = hints
        .skip_hours
        .iter()
        .filter_map(|h| h.parse::<i64>().ok())
        .filter(|h| (0..24).contains(h))
        .collect();
    const DAYS: [&str; 7] = [
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
    ];
    let days: Vec<usize> = hints
        .skip_days
        .iter()
        .filter_map(|d| DAYS.iter().position(|n| n.eq_ignore_ascii_case(d.trim())))
        .collect();
    if hours.is_empty() && days.is_empty() {
        return (at_ms, None);
    }
    if hours.len() >= 24 || days.len() >= 7 {
        ignored.push(english!("engine-skip-leaves-nothing").to_owned());
        return (at_ms, None);
    }
    let hour_ms = HOUR * 1000;
    let mut next = at_ms;
    for _ in 0..(8 * 24) {
        let hour = (next / hour_ms).rem_euclid(24);
        // 1970-01-01 was a Thursday.
        let day = (next / (DAY * 1000)).rem_euclid(7) as usize;
        if !hours.contains(&hour) && !days.contains(&day) {
            break;
        }
        next = (next / hour_ms + 1) * hour_ms;
    }
    let moved = (next != at_ms).then(|| english!("engine-moved-out-of-skipped").to_owned());
    (next, moved)
}

/// A duration in words: "15 min", "8 h", "3 days", "about 4 months", "about 8 years", in the
/// language of the thread asking (the engine's own threads speak English, so the reasons it
/// stores stay English).
pub fn human(s: i64) -> String {
    human_in(crate::i18n::language(), s)
}

/// A duration in English, for the reasons the engine records.
fn human_en(s: i64) -> String {
    human_in(Lang::En, s)
}

/// A duration in `lang`'s words.
pub fn human_in(lang: Lang, s: i64) -> String {
    let say = |id: &str, count: FluentValue<'_>| tr_args_in(lang, id, &[("count", count)]);
    if s < HOUR {
        say("duration-minutes", ((s + MINUTE / 2) / MINUTE).into())
    } else if s < 2 * DAY {
        let h = s as f64 / HOUR as f64;
        if h < 10.0 && (h - h.round()).abs() > 0.1 {
            say("duration-hours", format!("{h:.1}").into())
        } else {
            say("duration-hours", (h.round() as i64).into())
        }
    } else if s < 60 * DAY {
        say("duration-days", ((s + DAY / 2) / DAY).into())
    } else if s < 730 * DAY {
        say("duration-months", ((s + 15 * DAY) / (30 * DAY)).into())
    } else {
        say("duration-years", ((s + 182 * DAY) / (365 * DAY)).into())
    }
}

/// Parses "15m", "2h", "1d", "90s" (or plain seconds) for `lamplight schedule --every`.
pub fn parse_interval(text: &str) -> Option<i64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: i64 = number.parse().ok()?;
    let s = match unit.trim() {
        "" | "s" => n,
        "m" | "min" => n * MINUTE,
        "h" => n * HOUR,
        "d" => n * DAY,
        _ => return None,
    };
    (MINUTE..=30 * DAY).contains(&s).then_some(s)
}

#[cfg(test)]
mod tests;
