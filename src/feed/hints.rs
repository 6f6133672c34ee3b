//! What a feed document says about how often to fetch it, as written: RSS `<ttl>` (minutes),
//! the syndication module's `<sy:updatePeriod>`/`<sy:updateFrequency>`, and `<skipHours>` /
//! `<skipDays>`. Read from the channel's head (before the first item) by a plain scan, kept as
//! text; the schedule parses and judges them, so a bad value can be named in its reason.

use serde::{Deserialize, Serialize};

/// The head of the document searched; hints come before the items.
const HEAD_BYTES: usize = 16 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedHints {
    pub ttl: Option<String>,
    pub update_period: Option<String>,
    pub update_frequency: Option<String>,
    pub skip_hours: Vec<String>,
    pub skip_days: Vec<String>,
}

impl FeedHints {
    pub fn is_empty(&self) -> bool {
        *self == FeedHints::default()
    }
}

/// Scans an XML feed's text for its refresh hints.
pub fn scan(text: &str) -> FeedHints {
    let mut end = text.len().min(HEAD_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    // Only the channel's own elements count: up to the first item (any case).
    let items = memchr::memchr_iter(b'<', head.as_bytes())
        .find(|&at| {
            let name = &head.as_bytes()[at + 1..];
            [b"item".as_slice(), b"entry"].iter().any(|tag| {
                name.get(..tag.len())
                    .is_some_and(|n| n.eq_ignore_ascii_case(tag))
            })
        })
        .unwrap_or(head.len());
    let head = &head[..items];
    let lower = head.to_ascii_lowercase();
    let lower = lower.as_str();
    FeedHints {
        ttl: element(head, lower, "ttl").into_iter().next(),
        update_period: element(head, lower, "sy:updateperiod").into_iter().next(),
        update_frequency: element(head, lower, "sy:updatefrequency")
            .into_iter()
            .next(),
        skip_hours: inside(head, lower, "skiphours", "hour"),
        skip_days: inside(head, lower, "skipdays", "day"),
    }
}

/// The trimmed text of every `<name>…</name>` in `text` (`lower` is it lower-cased).
fn element(text: &str, lower: &str, name: &str) -> Vec<String> {
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&open) {
        let start = from + at + open.len();
        // `<ttlx>` is another element; `<ttl >` and `<ttl>` are this one.
        let Some(gt) = lower[start..].find('>') else {
            break;
        };
        if !lower[start..start + gt].trim().is_empty() {
            from = start;
            continue;
        }
        let body = start + gt + 1;
        let Some(end) = lower[body..].find(&close) else {
            break;
        };
        let value: String = text[body..body + end].trim().chars().take(64).collect();
        out.push(value);
        from = body + end + close.len();
        if out.len() >= 64 {
            break;
        }
    }
    out
}

/// The `<child>` texts inside the first `<outer>` element.
fn inside(text: &str, lower: &str, outer: &str, child: &str) -> Vec<String> {
    let (open, close) = (format!("<{outer}>"), format!("</{outer}>"));
    let Some(start) = lower.find(&open).map(|s| s + open.len()) else {
        return Vec::new();
    };
    let Some(len) = lower[start..].find(&close) else {
        return Vec::new();
    };
    element(&text[start..start + len], &lower[start..start + len], child)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_hint_of_the_channel_and_none_of_the_items() {
        let feed = r#"<rss><channel><title>x</title><ttl> 60 </ttl>
            <sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>
            <skipHours><hour>0</hour><hour>1</hour></skipHours>
            <skipDays><day>Sunday</day></skipDays>
            <item><ttl>5</ttl></item></channel></rss>"#;
        let hints = scan(feed);
        assert_eq!(hints.ttl.as_deref(), Some("60"));
        assert_eq!(hints.update_period.as_deref(), Some("daily"));
        assert_eq!(hints.update_frequency.as_deref(), Some("2"));
        assert_eq!(hints.skip_hours, ["0", "1"]);
        assert_eq!(hints.skip_days, ["Sunday"]);
        assert!(scan("<rss><channel><item><ttl>5</ttl></item></channel></rss>").is_empty());
    }
}
