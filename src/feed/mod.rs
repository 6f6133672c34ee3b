//! Feeds: parse bytes with feed-rs and normalise them into what the store keeps — titles,
//! authors, dates, stable keys, links resolved against the item and feed links. Also
//! autodiscovery of feeds from a web page; OPML subscription lists.
//!
//! Pure: bytes in, values out. No network, no database.

mod discover;
mod opml;

use feed_rs::model::{Entry, Feed, Text};

pub use crate::links::resolve_link;
pub use discover::{DiscoveredFeed, discover_feeds, looks_like_html};
pub use opml::{MAX_OPML_BYTES, OpmlContents, OpmlFeed, parse_opml, write_opml};

use crate::store::{FeedMeta, NewArticle};

/// A feed document, normalised.
#[derive(Debug, Clone)]
pub struct ParsedFeed {
    pub meta: FeedMeta,
    pub articles: Vec<NewArticle>,
}

/// Why bytes are not a feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error("the server sent an HTML page, not a feed")]
    HtmlPage,
    #[error("the body is empty")]
    Empty,
    #[error("not a feed: {0}")]
    Invalid(String),
}

/// Parses a feed body fetched from `feed_url`. `bytes` are what the fetch layer's
/// `decode_for_parser` made of the body: as sent when the document names its encoding, else
/// decoded from the Content-Type charset. Unparseable dates become `None`; they never fail a
/// feed.
pub fn parse_feed(bytes: &[u8], feed_url: &str) -> Result<ParsedFeed, FeedError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FeedError::Empty);
    }
    let parser = feed_rs::parser::Builder::new()
        // No invented ids: an entry without its own id gets Lamplight's stable key instead.
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = match parser.parse(bytes) {
        Ok(feed) => feed,
        Err(e) if looks_like_html(bytes) => {
            tracing::debug!("feed parse failed on an HTML page: {e}");
            return Err(FeedError::HtmlPage);
        }
        Err(e) => return Err(FeedError::Invalid(one_line(&e.to_string()))),
    };
    Ok(normalise(feed, feed_url))
}

fn normalise(feed: Feed, feed_url: &str) -> ParsedFeed {
    let feed_base = url::Url::parse(feed_url).ok();
    let site_link = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .and_then(|l| resolve_link(feed_base.as_ref(), &l.href));
    let site_base = site_link
        .as_deref()
        .and_then(|s| url::Url::parse(s).ok())
        .or(feed_base);
    let meta = FeedMeta {
        title: feed.title.as_ref().map(text_line).unwrap_or_default(),
        site_link,
        description: feed.description.as_ref().map(text_line).unwrap_or_default(),
        icon_url: feed
            .icon
            .as_ref()
            .or(feed.logo.as_ref())
            .and_then(|i| resolve_link(site_base.as_ref(), &i.uri)),
    };
    let articles = feed
        .entries
        .into_iter()
        .map(|entry| normalise_entry(entry, site_base.as_ref()))
        .collect();
    ParsedFeed { meta, articles }
}

fn normalise_entry(entry: Entry, base: Option<&url::Url>) -> NewArticle {
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .and_then(|l| resolve_link(base, &l.href));
    let title = entry.title.as_ref().map(text_line).unwrap_or_default();
    let author = {
        let names: Vec<String> = entry
            .authors
            .iter()
            .filter_map(|p| {
                let name = collapse_whitespace(p.name.as_deref().unwrap_or(""));
                (!name.is_empty()).then_some(name)
            })
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    };
    let content_html = entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .filter(|b| !b.trim().is_empty())
        .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
        .unwrap_or_default();
    let published_at = entry
        .published
        .or(entry.updated)
        .map(|d| d.timestamp_millis());
    let updated_at = entry.updated.map(|d| d.timestamp_millis());
    let guid = Some(entry.id.trim().to_owned()).filter(|g| !g.is_empty());

    let mut hasher = blake3::Hasher::new();
    for part in [
        title.as_str(),
        link.as_deref().unwrap_or(""),
        author.as_deref().unwrap_or(""),
        content_html.as_str(),
    ] {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    hasher.update(&published_at.unwrap_or(0).to_le_bytes());
    let content_hash = hasher.finalize().to_hex().to_string();
    let stable_key = match (&guid, &link) {
        (Some(guid), _) => format!("guid:{guid}"),
        (None, Some(link)) => format!("link:{link}"),
        (None, None) => format!("hash:{content_hash}"),
    };
    let media_image_urls = entry
        .media
        .iter()
        .flat_map(|m| {
            let thumbnails = m.thumbnails.iter().map(|t| t.image.uri.clone());
            let images = m
                .content
                .iter()
                .filter(|c| {
                    c.content_type
                        .as_ref()
                        .is_some_and(|t| t.ty().as_str().eq_ignore_ascii_case("image"))
                })
                .filter_map(|c| c.url.as_ref().map(|u| u.to_string()));
            images.chain(thumbnails).collect::<Vec<_>>()
        })
        .filter_map(|u| resolve_link(base, &u))
        .collect();
    NewArticle {
        summary: String::new(),
        text: String::new(),
        media_image_urls,
        stable_key,
        guid,
        title,
        link,
        author,
        published_at,
        updated_at,
        content_html,
        content_hash,
    }
}

/// A text construct as one clean line: markup-free titles keep their characters; whitespace
/// runs (including newlines) collapse to one space; control characters (NUL, escapes, bidi
/// overrides) are dropped.
fn text_line(text: &Text) -> String {
    let raw = if text.content_type.essence().to_string().contains("html") {
        let fragment = scraper::Html::parse_fragment(&text.content);
        fragment.root_element().text().collect::<String>()
    } else {
        text.content.clone()
    };
    collapse_whitespace(&raw)
}

fn collapse_whitespace(s: &str) -> String {
    crate::links::clean_text(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn one_line(s: &str) -> String {
    let line = collapse_whitespace(s);
    if line.chars().count() > 200 {
        line.chars().take(200).collect::<String>() + "…"
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_guid_falls_back_to_link_then_hash() {
        let xml = br#"<rss version="2.0"><channel><title>t</title><link>https://ex.org/</link>
            <item><title>a</title><link>/a</link></item>
            <item><title>b</title><description>only text</description></item>
            <item><title>c</title><guid>g-1</guid><pubDate>not a date</pubDate></item>
            </channel></rss>"#;
        let parsed = parse_feed(xml, "https://ex.org/feed").expect("valid feed");
        let keys: Vec<&str> = parsed
            .articles
            .iter()
            .map(|a| a.stable_key.as_str())
            .collect();
        assert_eq!(keys[0], "link:https://ex.org/a");
        assert!(keys[1].starts_with("hash:"));
        assert_eq!(keys[2], "guid:g-1");
        assert_eq!(parsed.articles[2].published_at, None);
    }

    #[test]
    fn html_page_is_named_as_such() {
        let html = b"<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>";
        assert_eq!(
            parse_feed(html, "https://ex.org/").err(),
            Some(FeedError::HtmlPage)
        );
    }
}
