//! Feed dialects feed-rs does not read, rewritten into ones it does, as part of the recovery
//! pass: Atom 0.3 (as Atom 1.0), RSS 0.90 (as RSS 1.0, items linked to their `rdf:about`), RSS
//! with a default or prefixed namespace, without a version, without a channel, or with items
//! after `</channel>` (as RSS 2.0), base64 text constructs (decoded). Text substitutions over
//! the whole document, each linear.

const ATOM_03: &str = "http://purl.org/atom/ns#";
const ATOM_10: &str = "http://www.w3.org/2005/Atom";
const RSS_090: &str = "http://my.netscape.com/rdf/simple/0.9/";
const RSS_10: &str = "http://purl.org/rss/1.0/";

/// Rewrites the dialects feed-rs does not read into ones it does, noting each in `repairs`.
pub fn translate(text: &mut String, repairs: &mut Vec<&'static str>) {
    if text.contains(ATOM_03) {
        *text = text.replace(ATOM_03, ATOM_10);
        for (old, new) in [
            ("<issued>", "<published>"),
            ("</issued>", "</published>"),
            ("<modified>", "<updated>"),
            ("</modified>", "</updated>"),
            ("<tagline", "<subtitle"),
            ("</tagline>", "</subtitle>"),
            ("<copyright", "<rights"),
            ("</copyright>", "</rights>"),
            ("<url>", "<uri>"),
            ("</url>", "</uri>"),
            (" mode=\"escaped\"", ""),
            (" mode='escaped'", ""),
        ] {
            *text = text.replace(old, new);
        }
        for (old, new) in [
            ("text/html", "html"),
            ("application/xhtml+xml", "xhtml"),
            ("text/plain", "text"),
        ] {
            for quote in ['"', '\''] {
                let (old, new) = (
                    format!("type={quote}{old}{quote}"),
                    format!("type={quote}{new}{quote}"),
                );
                // Links keep their media types; content and text constructs take Atom 1.0's.
                *text = replace_outside_links(text, &old, &new);
            }
        }
        repairs.push("Atom 0.3 read as Atom 1.0");
    }
    if text.contains(RSS_090) {
        *text = text.replace(RSS_090, RSS_10);
        repairs.push("RSS 0.90 read as RSS 1.0");
    }
    if text.contains(RSS_10) {
        link_rdf_items(text, repairs);
    }
    if text.contains(ATOM_10) {
        // Media types feed-rs refuses in text constructs (it then refuses the whole feed).
        let before = text.len();
        *text = text
            .replace("type=\"application/xhtml+xml\"", "type=\"xhtml\"")
            .replace(" type=\"\"", "");
        if text.len() != before {
            repairs.push("Atom text types feed-rs refuses rewritten");
        }
    }
    unprefix_rss(text, repairs);
    read_cdf_as_rss(text, repairs);
    if items_titled_elsewhere(text) {
        title_items_from_elsewhere(text);
        repairs.push("items titled only in dc:title or media:title given that title");
    }
    if let Some(start) = text.find("<rss") {
        let end = text[start..].find('>').map_or(text.len(), |e| start + e);
        let mut tag = text[start..end].to_owned();
        if let Some(ns) = default_namespace(&tag) {
            tag = tag.replacen(&ns, "", 1);
            repairs.push("default namespace on <rss> dropped");
        }
        match attribute(&tag, "version").map(|(span, v)| (span, v.to_owned())) {
            None => {
                tag.push_str(" version=\"2.0\"");
                repairs.push("RSS without a version read as 2.0");
            }
            Some((span, version)) if !matches!(version.as_str(), "2.0" | "0.91" | "0.92") => {
                tag.replace_range(span, "2.0");
                repairs.push("an RSS version feed-rs does not know read as 2.0");
            }
            Some(_) => {}
        }
        text.replace_range(start..end, &tag);
        if !text.contains("<channel") {
            let open = start + tag.len() + 1;
            match text.rfind("</rss>") {
                Some(close) if close >= open => text.insert_str(close, "</channel>"),
                _ => text.push_str("</channel>"),
            }
            text.insert_str(open.min(text.len()), "<channel>");
            repairs.push("RSS without a <channel> read as one");
        } else if let (Some(close), Some(item)) = (text.find("</channel>"), text.rfind("<item"))
            && item > close
        {
            text.replace_range(close..close + "</channel>".len(), "");
            match text.rfind("</rss>") {
                Some(rss) => text.insert_str(rss, "</channel>"),
                None => text.push_str("</channel>"),
            }
            repairs.push("items after </channel> moved in");
        }
    }
    if text.contains(ATOM_10) && !text.contains("<entry") && text.contains("<item") {
        *text = text
            .replace("<item>", "<entry>")
            .replace("</item>", "</entry>");
        repairs.push("Atom <item>s read as entries");
    }
    if text.contains(ATOM_10) {
        decode_base64_text(text, repairs);
    }
}

/// Microsoft's Channel Definition Format (1997; feedparser still reads it): `<CHANNEL>` of
/// `<ITEM HREF LASTMOD>` with `<TITLE>` and `<ABSTRACT>`, rewritten as RSS 2.0.
fn read_cdf_as_rss(text: &mut String, repairs: &mut Vec<&'static str>) {
    let Some(root) = text.find("<CHANNEL") else {
        return;
    };
    if text.contains("<rss") || text.contains("<feed") || text.contains("RDF") {
        return;
    }
    let mut out = String::with_capacity(text.len() + 256);
    out.push_str(&text[..root]);
    let mut rest = &text[root..];
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        let href = attribute(tag, "HREF").map(|(_, v)| v.to_owned());
        match name.as_str() {
            "CHANNEL" => {
                out.push_str("<rss version=\"2.0\"><channel>");
                out.extend(href.map(|h| format!("<link>{h}</link>")));
            }
            "/CHANNEL" => out.push_str("</channel></rss>"),
            "ITEM" => {
                out.push_str("<item>");
                out.extend(href.map(|h| format!("<link>{h}</link><guid>{h}</guid>")));
                if let Some((_, date)) = attribute(tag, "LASTMOD") {
                    out.push_str(&format!(
                        "<dc:date xmlns:dc=\"http://purl.org/dc/elements/1.1/\">{date}</dc:date>"
                    ));
                }
            }
            "/ITEM" => out.push_str("</item>"),
            "TITLE" => out.push_str("<title>"),
            "/TITLE" => out.push_str("</title>"),
            "ABSTRACT" => out.push_str("<description>"),
            "/ABSTRACT" => out.push_str("</description>"),
            _ => out.push_str(tag),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    *text = out;
    repairs.push("Channel Definition Format read as RSS 2.0");
}

/// Where another vocabulary titles an RSS item that has no `<title>` of its own.
const OTHER_TITLES: [&str; 2] = ["dc:title", "media:title"];

/// Each RSS item: (start of its content, end of its content).
fn items(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + text[from..].find("<item")?;
        let open_end = at + text[at..].find('>')? + 1;
        let close = text[open_end..]
            .find("</item>")
            .map_or(text.len(), |e| open_end + e);
        from = close.max(open_end);
        Some((open_end, close))
    })
}

/// The text of `<name …>text</name>` inside `item`, if present.
fn element_text<'t>(item: &'t str, name: &str) -> Option<&'t str> {
    let at = item.find(&format!("<{name}"))?;
    let start = at + item[at..].find('>')? + 1;
    let end = start + item[start..].find(&format!("</{name}>"))?;
    Some(&item[start..end])
}

/// Whether some RSS item has no `<title>` but a `<dc:title>` or `<media:title>`.
pub fn items_titled_elsewhere(text: &str) -> bool {
    if !OTHER_TITLES
        .iter()
        .any(|t| memchr::memmem::find(text.as_bytes(), t.as_bytes()).is_some())
    {
        return false;
    }
    items(text).any(|(start, end)| {
        let item = &text[start..end];
        !item.contains("<title") && OTHER_TITLES.iter().any(|t| item.contains(t))
    })
}

/// Gives each such item a `<title>` with that text.
fn title_items_from_elsewhere(text: &mut String) {
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for (start, end) in items(text) {
        let item = &text[start..end];
        if item.contains("<title") {
            continue;
        }
        if let Some(title) = OTHER_TITLES.iter().find_map(|t| element_text(item, t)) {
            inserts.push((start, format!("<title>{title}</title>")));
        }
    }
    for (at, title) in inserts.into_iter().rev() {
        text.insert_str(at, &title);
    }
}

/// `<r:rss xmlns:r="…">` with every element prefixed: the prefix dropped.
fn unprefix_rss(text: &mut String, repairs: &mut Vec<&'static str>) {
    let Some(at) = text.find(":rss") else {
        return;
    };
    if !text[at + 4..].starts_with(|c: char| c.is_whitespace() || c == '>') {
        return;
    }
    let Some(open) = text[..at].rfind('<') else {
        return;
    };
    let prefix = &text[open + 1..at];
    if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
        return;
    }
    let (start, end) = (format!("<{prefix}:"), format!("</{prefix}:"));
    *text = text.replace(&end, "</").replace(&start, "<");
    repairs.push("RSS in a prefixed namespace read as RSS 2.0");
}

/// Atom text constructs sent as base64 (`mode="base64"` in Atom 0.3, a binary media type in
/// Atom 1.0), decoded and written as escaped HTML; feed-rs refuses them, and the whole feed
/// with them.
fn decode_base64_text(text: &mut String, repairs: &mut Vec<&'static str>) {
    let markers = [" mode=\"base64\"", " type=\"application/octet-stream\""];
    if !markers.iter().any(|m| text.contains(m)) {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = markers.iter().filter_map(|m| rest.find(m)).min() {
        let Some(open) = rest[..at].rfind('<') else {
            break;
        };
        let Some(tag_end) = rest[at..].find('>').map(|e| at + e) else {
            break;
        };
        let name_end = rest[open + 1..]
            .find(|c: char| c.is_whitespace())
            .map_or(tag_end, |e| open + 1 + e);
        let name = &rest[open + 1..name_end];
        let close = format!("</{name}>");
        let Some(content_end) = rest[tag_end..].find(&close).map(|e| tag_end + e) else {
            break;
        };
        let encoded = &rest[tag_end + 1..content_end];
        let decoded = data_url::forgiving_base64::decode_to_vec(encoded.trim().as_bytes())
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        out.push_str(&rest[..open]);
        match decoded {
            Ok(decoded) => {
                let escaped = decoded
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                // What the decoded text is: HTML when the construct said so, else text.
                let tag = &rest[open..tag_end];
                let kind = if tag.contains("html") { "html" } else { "text" };
                out.push_str(&format!("<{name} type=\"{kind}\">{escaped}"));
            }
            Err(_) => out.push_str(&rest[open..content_end]),
        }
        rest = &rest[content_end..];
    }
    out.push_str(rest);
    *text = out;
    repairs.push("base64 text decoded");
}

/// Where the value of attribute `name` sits in `tag`, and the value.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<(std::ops::Range<usize>, &'t str)> {
    let mut from = 0;
    while let Some(found) = tag[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        if !tag[..at].ends_with(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let start = tag.len() - rest.len() + 1;
        let len = tag[start..].find(quote)?;
        return Some((start..start + len, &tag[start..start + len]));
    }
    None
}

/// In RSS 1.0, an item without a `<link>` gets its `rdf:about` as one (feed-rs keeps only
/// items with a link).
fn link_rdf_items(text: &mut String, repairs: &mut Vec<&'static str>) {
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    let mut changed = false;
    while let Some(at) = rest.find("<item ") {
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        let close = rest[end..].find("</item>").map_or(rest.len(), |e| end + e);
        out.push_str(&rest[..end]);
        if let Some((_, about)) = attribute(tag, "rdf:about")
            && !rest[end..close].contains("<link")
            && !tag.ends_with("/>")
        {
            out.push_str("<link>");
            out.push_str(about);
            out.push_str("</link>");
            changed = true;
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    if changed {
        *text = out;
        repairs.push("RSS 1.0 items without a link linked to their rdf:about");
    }
}

/// The ` xmlns="…"` attribute of a start tag, as written.
fn default_namespace(tag: &str) -> Option<String> {
    let at = tag.find(" xmlns=")?;
    let rest = &tag[at + " xmlns=".len()..];
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let len = rest[1..].find(quote)?;
    Some(tag[at..at + " xmlns=".len() + len + 2].to_owned())
}

fn replace_outside_links(text: &str, old: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(old) {
        let tag_start = rest[..at].rfind('<').unwrap_or(0);
        let in_link = rest[tag_start..].starts_with("<link");
        out.push_str(&rest[..at]);
        out.push_str(if in_link { old } else { new });
        rest = &rest[at + old.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::super::repair::{entry_tags, repair};
    use super::*;

    #[test]
    fn translates_old_dialects() {
        let (text, repairs) = repair(
            "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry><issued>2005</issued>\
             <link rel=\"alternate\" type=\"text/html\" href=\"/a\"/>\
             <content type=\"text/html\" mode=\"escaped\">x</content></entry></feed>",
        );
        assert!(text.contains(ATOM_10) && text.contains("<published>2005</published>"));
        assert!(text.contains("<link rel=\"alternate\" type=\"text/html\""));
        assert!(
            text.contains("<content type=\"html\">x</content>"),
            "{text}"
        );
        assert_eq!(repairs, ["Atom 0.3 read as Atom 1.0"]);
        let (text, repairs) = repair(
            "<rss xmlns=\"http://backend.userland.com/rss2\"><channel><title>t</title></channel>\
             <item><title>i</title></item></rss>",
        );
        assert_eq!(
            text,
            "<rss version=\"2.0\"><channel><title>t</title><item><title>i</title></item></channel></rss>"
        );
        assert_eq!(repairs.len(), 3, "{repairs:?}");
        assert_eq!(entry_tags("<item><itemx><item id='1'><entry>"), 3);
    }
}
