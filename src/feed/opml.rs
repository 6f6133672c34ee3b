//! OPML 2.0 subscription lists (the `opml` crate): what an import file holds — each feed with
//! its title, site and folder — and what an export writes. Pure: text in, values out.

use opml::{Body, Head, OPML, Outline};

/// One subscription an OPML file lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpmlFeed {
    pub url: String,
    pub title: String,
    pub site_url: Option<String>,
    /// The outline it sits in (nested folders are flattened to the innermost name).
    pub folder: Option<String>,
}

/// What an import file held: feeds to subscribe, and what was skipped with the reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpmlContents {
    pub feeds: Vec<OpmlFeed>,
    pub skipped: Vec<(String, String)>,
}

/// The largest OPML file read.
pub const MAX_OPML_BYTES: usize = 10 * 1024 * 1024;

/// Reads an OPML document. Outlines without `xmlUrl` are folders; duplicate URLs and
/// non-http(s) URLs are skipped with a reason.
pub fn parse_opml(text: &str) -> Result<OpmlContents, String> {
    if text.len() > MAX_OPML_BYTES {
        return Err(format!(
            "the file is {} bytes; OPML files over {MAX_OPML_BYTES} bytes are not read",
            text.len()
        ));
    }
    let document = OPML::from_str(text)
        .map_err(|e| crate::english!("engine-not-opml", cause = e.to_string()))?;
    let mut contents = OpmlContents::default();
    walk(&document.body.outlines, None, &mut contents);
    if contents.feeds.is_empty() && contents.skipped.is_empty() {
        return Err(crate::english!("engine-opml-no-feeds").to_owned());
    }
    Ok(contents)
}

fn walk(outlines: &[Outline], folder: Option<&str>, out: &mut OpmlContents) {
    for outline in outlines {
        let name = crate::links::clean_text(
            outline
                .title
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(&outline.text),
        );
        let name = name.trim();
        match outline.xml_url.as_deref().map(str::trim) {
            Some(url) => {
                // Stored as the parser wrote it: `Url::parse` drops tabs and newlines inside
                // the text, so the raw attribute is not what would be fetched.
                let parsed = url::Url::parse(url)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https"));
                let Some(url) = parsed.map(String::from) else {
                    out.skipped.push((
                        url.to_owned(),
                        crate::english!("engine-opml-not-http").to_owned(),
                    ));
                    walk(&outline.outlines, folder, out);
                    continue;
                };
                if out.feeds.iter().any(|f| f.url == url) {
                    out.skipped
                        .push((url, crate::english!("engine-opml-twice").to_owned()));
                } else {
                    out.feeds.push(OpmlFeed {
                        url,
                        title: name.to_owned(),
                        site_url: outline.html_url.clone().filter(|s| !s.is_empty()),
                        folder: folder.map(str::to_owned),
                    });
                }
                // A feed outline's children (rare) are read as if in the same folder.
                walk(&outline.outlines, folder, out);
            }
            None if !outline.outlines.is_empty() => {
                let inner = if name.is_empty() { folder } else { Some(name) };
                walk(&outline.outlines, inner, out);
            }
            None => {}
        }
    }
}

/// Writes feeds as OPML 2.0, folders as outlines holding their feeds.
pub fn write_opml(title: &str, feeds: &[OpmlFeed]) -> Result<String, String> {
    let feed_outline = |f: &OpmlFeed| Outline {
        text: f.title.clone(),
        title: Some(f.title.clone()),
        r#type: Some("rss".to_owned()),
        xml_url: Some(f.url.clone()),
        html_url: f.site_url.clone(),
        ..Outline::default()
    };
    let mut outlines: Vec<Outline> = Vec::new();
    let mut folders: Vec<(String, Vec<Outline>)> = Vec::new();
    for feed in feeds {
        match &feed.folder {
            None => outlines.push(feed_outline(feed)),
            Some(name) => match folders.iter_mut().find(|(n, _)| n == name) {
                Some((_, children)) => children.push(feed_outline(feed)),
                None => folders.push((name.clone(), vec![feed_outline(feed)])),
            },
        }
    }
    outlines.extend(folders.into_iter().map(|(name, children)| Outline {
        text: name.clone(),
        title: Some(name),
        outlines: children,
        ..Outline::default()
    }));
    let document = OPML {
        version: "2.0".to_owned(),
        head: Some(Head {
            title: Some(title.to_owned()),
            ..Head::default()
        }),
        body: Body { outlines },
    };
    document
        .to_string()
        .map_err(|e| format!("cannot write OPML: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_duplicates_and_bad_urls() {
        let text = r#"<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
            <outline text="Ops"><outline text="运维进行时" type="rss" xmlUrl="http://blog.liuts.com/feed.php" htmlUrl="https://blog.liuts.com"/></outline>
            <outline text="Top" xmlUrl="https://ex.org/feed"/>
            <outline text="Again" xmlUrl="https://ex.org/feed"/>
            <outline text="Gopher" xmlUrl="gopher://ex.org/feed"/>
            </body></opml>"#;
        let contents = parse_opml(text).expect("valid OPML");
        assert_eq!(contents.feeds.len(), 2);
        assert_eq!(contents.feeds[0].folder.as_deref(), Some("Ops"));
        assert_eq!(contents.feeds[0].title, "运维进行时");
        assert_eq!(contents.feeds[1].folder, None);
        assert_eq!(contents.skipped.len(), 2);
        let written = write_opml("Lamplight", &contents.feeds).expect("write");
        let mut back = parse_opml(&written).expect("round trip").feeds;
        back.sort_by(|a, b| a.url.cmp(&b.url));
        let mut original = contents.feeds.clone();
        original.sort_by(|a, b| a.url.cmp(&b.url));
        assert_eq!(back, original);
        assert!(parse_opml("not xml").is_err());
        assert!(parse_opml("<opml version=\"2.0\"><body></body></opml>").is_err());
    }

    /// Found by the `opml_import` fuzz target: the URL parser drops tabs inside a URL, so
    /// `http<TAB>s://…` passed the scheme check and was stored with its tabs.
    #[test]
    fn urls_are_stored_as_parsed_not_as_written() {
        let text = "<opml version=\"2.0\"><body>\
            <outline text=\"a\" xmlUrl=\"http\t\ts://ex.org/atom.xml\"/>\
            <outline text=\"b\" xmlUrl=\"javascript:alert(1)\"/>\
            </body></opml>";
        let contents = parse_opml(text).unwrap();
        assert_eq!(contents.feeds.len(), 1);
        assert_eq!(contents.feeds[0].url, "https://ex.org/atom.xml");
        assert_eq!(contents.skipped[0].1, "not an http or https URL");
    }
}
