//! Feed autodiscovery: the `<link rel="alternate">` feeds a web page advertises, and the
//! common addresses worth trying on a site that advertises none.

use scraper::{Html, Selector};

use crate::links::resolve_link;

/// A feed a page points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredFeed {
    pub url: String,
    pub title: Option<String>,
    /// The advertised media type (`application/rss+xml`, …).
    pub media_type: String,
}

const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
];

/// Whether a body is an HTML page rather than a feed (looks at its first kilobyte).
pub fn looks_like_html(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(1024)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<html")
}

/// The feeds `page` (fetched from `page_url`) advertises, in document order, resolved against
/// the page's `<base href>` or URL. Duplicates are dropped.
pub fn discover_feeds(page: &[u8], page_url: &str) -> Vec<DiscoveredFeed> {
    let html = Html::parse_document(&String::from_utf8_lossy(page));
    let (Ok(links), Ok(base_sel)) = (
        Selector::parse("link[rel][href]"),
        Selector::parse("base[href]"),
    ) else {
        return Vec::new();
    };
    let page_base = url::Url::parse(page_url).ok();
    let base = html
        .select(&base_sel)
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|href| resolve_link(page_base.as_ref(), href))
        .and_then(|s| url::Url::parse(&s).ok())
        .or(page_base);
    let mut found: Vec<DiscoveredFeed> = Vec::new();
    for link in html.select(&links) {
        let el = link.value();
        let is_alternate = el.attr("rel").is_some_and(|rel| {
            rel.split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("alternate"))
        });
        let media_type = el
            .attr("type")
            .map(|t| t.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if !is_alternate || !FEED_TYPES.contains(&media_type.as_str()) {
            continue;
        }
        let Some(url) = el.attr("href").and_then(|h| resolve_link(base.as_ref(), h)) else {
            continue;
        };
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            continue;
        }
        if found.iter().any(|f| f.url == url) {
            continue;
        }
        found.push(DiscoveredFeed {
            url,
            title: el
                .attr("title")
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty()),
            media_type,
        });
    }
    found
}

/// Where feeds usually live on a site that advertises none: beside the page (a WordPress
/// category's `feed/`), then at the site's root, most common first. Pure: nothing is fetched.
pub fn common_feed_urls(page_url: &str) -> Vec<String> {
    let Ok(page) = url::Url::parse(page_url) else {
        return Vec::new();
    };
    let mut urls: Vec<String> = Vec::new();
    if page.path().len() > 1 {
        let beside = if page.path().ends_with('/') {
            page.join("feed/")
        } else {
            page.join(&format!("{}/feed/", page.path()))
        };
        urls.extend(beside.ok().map(|u| u.to_string()));
    }
    for path in [
        "/feed",
        "/rss",
        "/rss.xml",
        "/atom.xml",
        "/feed.xml",
        "/index.xml",
        "/feed.json",
        "/index.rss",
    ] {
        if let Ok(url) = page.join(path) {
            let url = url.to_string();
            if !urls.contains(&url) && url != page_url {
                urls.push(url);
            }
        }
    }
    urls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rss_atom_and_json_in_order() {
        let page = br#"<!doctype html><html><head>
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.php">
            <link rel="Alternate" type="application/atom+xml" href="//cdn.ex.org/atom.xml">
            <link rel="alternate" type="application/feed+json" href="feed.json">
            <link rel="alternate" type="application/rss+xml" href="/feed.php">
            <link rel="alternate" type="text/html" href="/other">
            </head><body></body></html>"#;
        let found = discover_feeds(page, "https://blog.example.org/post/1/");
        let urls: Vec<&str> = found.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://blog.example.org/feed.php",
                "https://cdn.ex.org/atom.xml",
                "https://blog.example.org/post/1/feed.json"
            ]
        );
        assert_eq!(found[0].title.as_deref(), Some("RSS"));
        assert!(looks_like_html(page));
    }

    #[test]
    fn common_addresses_start_beside_the_page_then_the_root() {
        let urls = common_feed_urls("https://ex.org/category/news/");
        assert_eq!(urls[0], "https://ex.org/category/news/feed/");
        assert_eq!(urls[1], "https://ex.org/feed");
        assert!(urls.contains(&"https://ex.org/atom.xml".to_owned()));
        assert_eq!(
            common_feed_urls("https://ex.org/")[0],
            "https://ex.org/feed"
        );
        assert!(common_feed_urls("not a url").is_empty());
    }
}
