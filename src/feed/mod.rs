//! Feeds: a fetched body to what the store keeps. The body is decoded to UTF-8 (`decode`),
//! parsed with feed-rs, mended and parsed again when that fails or loses entries (`repair`),
//! and normalised — titles, authors, dates, stable keys, links resolved against the item and
//! feed links. Also autodiscovery of feeds from a web page; OPML subscription lists.
//!
//! Pure: bytes in, values out. No network, no database.

mod decode;
mod dialects;
mod discover;
mod hints;
mod opml;
mod repair;

use feed_rs::model::{Entry, Feed, Text};

pub use crate::links::resolve_link;
pub use decode::{Decoded, content_type_charset, declared_xml_encoding, decode_document};
pub use discover::{DiscoveredFeed, common_feed_urls, discover_feeds, looks_like_html};
pub use hints::FeedHints;
pub use opml::{MAX_OPML_BYTES, OpmlContents, OpmlFeed, parse_opml, write_opml};

use crate::store::{FeedMeta, NewArticle};

/// A feed document, normalised.
#[derive(Debug, Clone)]
pub struct ParsedFeed {
    pub meta: FeedMeta,
    pub articles: Vec<NewArticle>,
    /// How the body was read when it was not plainly: the encoding and why, the repairs made.
    pub notes: Vec<String>,
    /// What the document says about how often to fetch it.
    pub hints: Box<FeedHints>,
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
    #[error("the feed has no title and no entries{0}")]
    NothingInIt(String),
}

/// Reads a feed body fetched from `feed_url` (as sent: compressed or not, in any encoding),
/// with the Content-Type it came with. Unparseable dates become `None`; they never fail a feed.
/// A document that yields neither a title nor an entry is an error, never an empty success.
pub fn read_feed(
    body: &[u8],
    content_type: Option<&str>,
    feed_url: &str,
) -> Result<ParsedFeed, FeedError> {
    let mut notes = Vec::new();
    let inflated = decode::inflate_if_compressed(body).transpose()?;
    let body = match &inflated {
        Some(inflated) => {
            notes.push(crate::english!("engine-compressed-unsaid").to_owned());
            inflated.as_slice()
        }
        None => body,
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(FeedError::Empty);
    }
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    let mut parsed = if first == Some(&b'{') {
        parse_strict(body, feed_url)?
    } else {
        let decoded = decode_document(body, content_type);
        let encoding_note = decoded.note.clone();
        notes.extend(decoded.note);
        let mut parsed = read_xml(&decoded.text, feed_url, &mut notes).map_err(|e| {
            match (e, encoding_note) {
                (FeedError::Invalid(why), Some(note)) => {
                    FeedError::Invalid(format!("{why} ({note})"))
                }
                (e, _) => e,
            }
        })?;
        parsed.hints = Box::new(hints::scan(&decoded.text));
        parsed
    };
    if parsed.meta.title.is_empty() && parsed.articles.is_empty() {
        let why = notes.last().map(|n| format!(" ({n})")).unwrap_or_default();
        return Err(FeedError::NothingInIt(why));
    }
    parsed.notes = notes;
    Ok(parsed)
}

/// Parses a document that is already bytes of a feed (UTF-8 XML or JSON), repairing it when
/// needed. (The bundled first-run snapshot, tests, benches.)
pub fn parse_feed(bytes: &[u8], feed_url: &str) -> Result<ParsedFeed, FeedError> {
    read_feed(bytes, None, feed_url)
}

/// Strict parse first; the recovery pass when it fails or finds fewer entries than the text
/// has, keeping whichever reading holds more.
fn read_xml(text: &str, feed_url: &str, notes: &mut Vec<String>) -> Result<ParsedFeed, FeedError> {
    let expected = repair::entry_tags(text);
    let parsed = read_xml_repairing(text, expected, feed_url, notes)?;
    if parsed.articles.len() < expected {
        // Said, not silent: entries the text holds that could not be read (an RSS 1.0 item
        // with no link at all, say).
        notes.push(format!(
            "{} of {expected} entries could not be read",
            expected - parsed.articles.len()
        ));
    }
    Ok(parsed)
}

/// `expected`: how many entries the text appears to hold.
fn read_xml_repairing(
    text: &str,
    expected: usize,
    feed_url: &str,
    notes: &mut Vec<String>,
) -> Result<ParsedFeed, FeedError> {
    let strict = parse_strict(text.as_bytes(), feed_url);
    let complete = |p: &ParsedFeed| {
        p.articles.len() >= expected && !(p.meta.title.is_empty() && p.articles.is_empty())
    };
    if matches!(strict, Err(FeedError::HtmlPage)) {
        return strict;
    }
    let loses_text = repair::loses_text(text);
    if strict.as_ref().is_ok_and(complete) && !loses_text {
        return strict;
    }
    let (mended, repairs) = repair::repair(text);
    if repairs.is_empty() {
        return strict;
    }
    let mut mended = std::borrow::Cow::Borrowed(mended.as_ref());
    decode::disarm_declarations(&mut mended);
    match (parse_strict(mended.as_bytes(), feed_url), strict) {
        (Ok(repaired), Ok(strict)) if repaired.articles.len() < strict.articles.len() => Ok(strict),
        (Ok(repaired), Ok(strict))
            if repaired.articles.len() == strict.articles.len()
                && !loses_text
                && !strict.meta.title.is_empty() =>
        {
            let _ = repaired;
            Ok(strict)
        }
        (Ok(repaired), _)
            if repaired.articles.is_empty() && repairs.contains(&repair::CUT_ENTRY) =>
        {
            Err(FeedError::Invalid(
                crate::english!("engine-cut-off-before-first-entry").into(),
            ))
        }
        (Ok(repaired), _) => {
            notes.push(crate::english!(
                "engine-read-with-repairs",
                repairs = repairs.join(", ")
            ));
            Ok(repaired)
        }
        (Err(_), strict) => strict,
    }
}

fn parse_strict(bytes: &[u8], feed_url: &str) -> Result<ParsedFeed, FeedError> {
    let parser = feed_rs::parser::Builder::new()
        // No invented ids: an entry without its own id gets Lamplight's stable key instead.
        .id_generator(|_, _, _| String::new())
        .build();
    // feed-rs (through quick-xml) has been seen to panic on odd declarations; a panic is one
    // more way a document is not a feed, never the end of a refresh.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse(bytes)));
    let Ok(parsed) = parsed else {
        return Err(FeedError::Invalid(
            crate::english!("engine-xml-gave-up").into(),
        ));
    };
    let feed = match parsed {
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
    use feed_rs::model::FeedType;
    let rss = matches!(
        feed.feed_type,
        FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2
    );
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
        language: feed.language.as_deref().map(|l| l.trim().to_owned()),
    };
    let articles = feed
        .entries
        .into_iter()
        .map(|entry| normalise_entry(entry, site_base.as_ref(), rss))
        .collect();
    ParsedFeed {
        meta,
        articles,
        notes: Vec::new(),
        hints: Box::default(),
    }
}

fn normalise_entry(entry: Entry, base: Option<&url::Url>, rss: bool) -> NewArticle {
    let language = entry
        .language
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned);
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .and_then(|l| resolve_link(base, &l.href));
    let title = entry
        .title
        .as_ref()
        .map(|t| text_line_of(t, rss))
        .filter(|t| !t.is_empty())
        .or_else(|| {
            // An item titled only in Media RSS.
            entry
                .media
                .iter()
                .find_map(|m| m.title.as_ref().map(text_line))
        })
        .unwrap_or_default();
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
        language,
    }
}

/// A text construct as one clean line: markup-free titles keep their characters; whitespace
/// runs (including newlines) collapse to one space; control characters (NUL, escapes, bidi
/// overrides) are dropped.
fn text_line(text: &Text) -> String {
    text_line_of(text, false)
}

/// [`text_line`], reading plain text that carries tags as HTML when `markup_likely` (RSS
/// titles: RSS never said what they hold, and feeds put HTML in them).
fn text_line_of(text: &Text, markup_likely: bool) -> String {
    let html = text.content_type.essence().to_string().contains("html")
        || (markup_likely && looks_like_markup(&text.content));
    let raw = if html {
        let fragment = scraper::Html::parse_fragment(&text.content);
        // Script and style are not text a reader sees.
        fragment
            .root_element()
            .descendants()
            .filter_map(|node| {
                let text = node.value().as_text()?;
                let hidden = node.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| matches!(e.name(), "script" | "style"))
                });
                (!hidden).then_some(&**text)
            })
            .collect::<String>()
    } else {
        text.content.clone()
    };
    collapse_whitespace(&raw)
}

/// Whether text holds something like an HTML tag or entity (`<b>`, `</i>`, `&eacute;`).
fn looks_like_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.windows(2).any(|w| {
        w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/')
            || w[0] == b'&' && (w[1].is_ascii_alphabetic() || w[1] == b'#')
    }) && (text.contains('>') || text.contains(';'))
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
    fn utf16_without_a_bom_and_late_declarations_never_reach_the_parser_as_such() {
        // Found by the feed_ingest fuzzer: quick-xml panicked switching encodings mid-document.
        let body: Vec<u8> =
            "<?xml version=\"1.0\" encoding=\"csunicode\"?>\n<!-- c -->\n<rss>\n</rss>"
                .encode_utf16()
                .flat_map(u16::to_be_bytes)
                .collect();
        let error = read_feed(&body, None, "http://x.test/").err();
        assert!(
            matches!(error, Some(FeedError::NothingInIt(_))),
            "read, found empty, not a parser panic: {error:?}"
        );
        // Found fourth: a broken declaration whose `?>` comes after a second `encoding=`.
        let late_end = b"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?ple.1</link>on=\"1.0\" encoding=\"x\"?><rss/>";
        let error = read_feed(late_end, None, "http://x.test/").err();
        assert!(
            !matches!(&error, Some(FeedError::Invalid(why)) if why.contains("gave up")),
            "{error:?}"
        );
        // Found third: a declaration cut short by another (one encoding= seen from both).
        let cut = b"<?xml ver\x01<?xml version=\"1.0\" encoding=\"iso-si885on v9-1\"?";
        assert!(read_feed(cut, None, "http://x.test/").is_err());
        // Found next: a byte-order mark, then a declaration that never closes.
        let broken = b"\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?ple.com/1</link></item></channe-le>Na\xc3\xafve</title></item></channe-l></rss>";
        let error = read_feed(broken, None, "http://x.test/").err();
        assert!(
            !matches!(&error, Some(FeedError::Invalid(why)) if why.contains("gave up")),
            "refused for what it is, not by a parser panic: {error:?}"
        );
        let late = b"<!-- generator -->\n<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss version=\"2.0\"><channel><title>t</title></channel></rss>";
        assert_eq!(
            read_feed(late, None, "http://x.test/")
                .expect("read")
                .meta
                .title,
            "t"
        );
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
