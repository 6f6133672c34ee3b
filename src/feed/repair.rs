//! The recovery pass: what lenient parsers (feedparser, libxml2's recover mode) repair, done to
//! the decoded text before a second strict parse. It runs only when the strict parse failed or
//! found fewer entries than the document has, and lists what it changed, so the fetch record
//! can say "read with repairs: …".
//!
//! Dialects feed-rs does not read are translated: Atom 0.3 (as Atom 1.0), RSS 0.90 (as RSS
//! 1.0), RSS with a default namespace or without a version (as RSS 2.0), items after
//! `</channel>` (moved in). Ill-formed XML is mended in one linear pass: junk before the root
//! dropped, characters XML forbids dropped, a stray `&` escaped, HTML entities written as
//! character references, a close tag with no open partner dropped, elements left open closed.

use std::fmt::Write as _;

/// The decoded document with repairs applied, and what they were (empty: nothing to repair).
pub fn repair(text: &str) -> (String, Vec<&'static str>) {
    let mut repairs = Vec::new();
    let mut text = drop_junk_before_root(text, &mut repairs);
    translate_dialects(&mut text, &mut repairs);
    let text = mend_markup(&text, is_rss(&text), &mut repairs);
    (text, repairs)
}

/// Whether the document is RSS (0.9x, 1.0 or 2.0) rather than Atom.
fn is_rss(text: &str) -> bool {
    let root = ["<rss", "<rdf:RDF", "<RDF", "<feed"]
        .iter()
        .filter_map(|r| text.find(r).map(|at| (at, *r)))
        .min();
    root.is_some_and(|(_, r)| r != "<feed")
}

/// RSS text elements whose markup a strict reading loses (the parser keeps the first text
/// node of `<title>a <b>b</b></title>`, and nothing of an unescaped `<description><p>…`).
const RSS_TEXT_ELEMENTS: [&str; 2] = ["title", "description"];

/// Whether a strict reading loses text although it succeeds: HTML entities XML does not
/// define (left as `&nbsp;` in the text), or markup inside RSS titles and descriptions.
pub fn loses_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(found) = text[at..].find(['&', '<']) {
        let i = at + found;
        let rest = &text[i..];
        if rest.starts_with("<![CDATA[") {
            at = rest.find("]]>").map_or(text.len(), |e| i + e + 3);
            continue;
        }
        if rest.starts_with('&') {
            if reference(rest).2 == Reference::Mapped {
                return true;
            }
        } else if let Some(name) = RSS_TEXT_ELEMENTS
            .iter()
            .find(|n| rest[1..].starts_with(*n) && bytes.get(i + 1 + n.len()) == Some(&b'>'))
        {
            let inner_start = i + name.len() + 2;
            let close = format!("</{name}>");
            let inner_end = text[inner_start..]
                .find(&close)
                .map_or(text.len(), |e| inner_start + e);
            let inner = &text[inner_start..inner_end];
            if inner.contains('<') && !inner.trim_start().starts_with("<![CDATA[") && is_rss(text) {
                return true;
            }
            at = inner_start;
            continue;
        }
        at = i + 1;
    }
    false
}

/// The repair that left out an entry the document ends inside.
pub const CUT_ENTRY: &str = "its last entry is cut off and left out";

/// How many entries the document appears to hold (`<item>` and `<entry>` start tags).
pub fn entry_tags(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    for tag in [&b"<item"[..], &b"<entry"[..]] {
        let mut from = 0;
        while let Some(at) = find(&bytes[from..], tag) {
            let end = from + at + tag.len();
            if bytes
                .get(end)
                .is_some_and(|b| matches!(b, b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/'))
            {
                count += 1;
            }
            from = end;
        }
    }
    count
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Everything before the prolog or the root element that is not whitespace.
fn drop_junk_before_root(text: &str, repairs: &mut Vec<&'static str>) -> String {
    let starts = [
        "<?xml",
        "<rss",
        "<feed",
        "<rdf:RDF",
        "<RDF",
        "<!--",
        "<!DOCTYPE",
    ];
    let first = starts.iter().filter_map(|s| text.find(s)).min();
    match first {
        Some(at) if !text[..at].trim().is_empty() => {
            repairs.push("junk before the document dropped");
            text[at..].to_owned()
        }
        Some(at) => text[at..].to_owned(),
        None => text.trim_start().to_owned(),
    }
}

const ATOM_03: &str = "http://purl.org/atom/ns#";
const ATOM_10: &str = "http://www.w3.org/2005/Atom";
const RSS_090: &str = "http://my.netscape.com/rdf/simple/0.9/";
const RSS_10: &str = "http://purl.org/rss/1.0/";

fn translate_dialects(text: &mut String, repairs: &mut Vec<&'static str>) {
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
    if let Some(start) = text.find("<rss") {
        let end = text[start..].find('>').map_or(text.len(), |e| start + e);
        let tag = &text[start..end];
        let mut fixed = tag.to_owned();
        if let Some(ns) = default_namespace(tag) {
            fixed = fixed.replacen(&ns, "", 1);
            repairs.push("default namespace on <rss> dropped");
        }
        match attribute(tag, "version") {
            None => {
                fixed.push_str(" version=\"2.0\"");
                repairs.push("RSS without a version read as 2.0");
            }
            Some((span, version)) if !matches!(version, "2.0" | "0.91" | "0.92") => {
                let at = span.start;
                fixed.replace_range(at..span.end, "2.0");
                repairs.push("an RSS version feed-rs does not know read as 2.0");
            }
            Some(_) => {}
        }
        if fixed != tag {
            text.replace_range(start..end, &fixed);
        }
        if let (Some(close), Some(item)) = (text.find("</channel>"), text.rfind("<item"))
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

/// One pass over the markup: characters, references and the element structure.
/// In RSS (`rss`), markup inside titles and descriptions becomes their text, escaped.
fn mend_markup(text: &str, rss: bool, repairs: &mut Vec<&'static str>) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut open: Vec<&str> = Vec::new();
    let (mut dropped_chars, mut amps, mut entities, mut tags) = (false, false, false, false);
    let mut markup_as_text = false;
    // Inside an RSS title or description: the close tag that ends it.
    let mut text_element: Option<&str> = None;
    // Open entries: their depth in `open` and where their start tag begins in `out`.
    let mut entries: Vec<(usize, usize)> = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let Some(at) = rest.find(['<', '&']) else {
            dropped_chars |= push_clean(&mut out, rest);
            break;
        };
        dropped_chars |= push_clean(&mut out, &rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('&') {
            let (written, used, kind) = reference(rest);
            out.push_str(&written);
            match kind {
                Reference::Kept => {}
                Reference::Escaped => amps = true,
                Reference::Mapped => entities = true,
            }
            rest = &rest[used..];
            continue;
        }
        // A construct copied as it is, up to its end.
        let verbatim = [
            ("<!--", "-->"),
            ("<![CDATA[", "]]>"),
            ("<?", "?>"),
            ("<!", ">"),
        ];
        if let Some((_, end)) = verbatim.iter().find(|(start, _)| rest.starts_with(start)) {
            let len = rest.find(end).map_or(rest.len(), |e| e + end.len());
            dropped_chars |= push_clean(&mut out, &rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if let Some(name) = text_element {
            let ends = rest.starts_with("</")
                && rest[2..].starts_with(name)
                && rest[2 + name.len()..].starts_with('>');
            if !ends {
                out.push_str("&lt;");
                markup_as_text = true;
                rest = &rest[1..];
                continue;
            }
            text_element = None;
        }
        let closing = rest.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name_len = rest[name_start..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/' || c == '<')
            .unwrap_or(rest.len() - name_start);
        let name = &rest[name_start..name_start + name_len];
        if name.is_empty() || !name.starts_with(|c: char| c.is_alphabetic() || c == '_') {
            out.push_str("&lt;");
            amps = true;
            rest = &rest[1..];
            continue;
        }
        let tag_len = tag_end(rest).unwrap_or(rest.len());
        let tag = &rest[..tag_len];
        rest = &rest[tag_len..];
        if closing {
            match open.iter().rposition(|o| *o == name) {
                Some(depth) => {
                    for unclosed in open.drain(depth..).skip(1).rev() {
                        let _ = write!(out, "</{unclosed}>");
                        tags = true;
                    }
                    out.push_str(&format!("</{name}>"));
                    entries.retain(|(d, _)| *d < open.len());
                }
                None => tags = true,
            }
            continue;
        }
        let mut tag_text = String::with_capacity(tag.len());
        let mut piece = tag;
        while let Some(at) = piece.find('&') {
            tag_text.push_str(&piece[..at]);
            let (written, used, kind) = reference(&piece[at..]);
            tag_text.push_str(&written);
            amps |= kind == Reference::Escaped;
            entities |= kind == Reference::Mapped;
            piece = &piece[at + used..];
        }
        tag_text.push_str(piece);
        if !tag_text.ends_with('>') {
            tag_text.push('>');
            tags = true;
        }
        let starts_at = out.len();
        dropped_chars |= push_clean(&mut out, &tag_text);
        if !tag.ends_with("/>") {
            if matches!(name, "item" | "entry") {
                entries.push((open.len(), starts_at));
            }
            open.push(name);
            if rss && RSS_TEXT_ELEMENTS.contains(&name) {
                text_element = Some(name);
            }
        }
    }
    // The document ends with elements open: it was cut off. An entry it ends inside is
    // incomplete and left out; the rest is closed.
    let cut_off = !open.is_empty();
    let cut_entry = entries.first().copied();
    if let Some((depth, starts_at)) = cut_entry {
        out.truncate(starts_at);
        open.truncate(depth);
    }
    for unclosed in open.into_iter().rev() {
        let _ = write!(out, "</{unclosed}>");
    }
    for (happened, what) in [
        (dropped_chars, "characters XML forbids dropped"),
        (amps, "stray & or < escaped"),
        (entities, "HTML entities mapped"),
        (tags, "mismatched tags closed"),
        (cut_off, "the document ends before it closes"),
        (cut_entry.is_some(), CUT_ENTRY),
        (
            markup_as_text,
            "markup in titles and descriptions read as HTML",
        ),
    ] {
        if happened {
            repairs.push(what);
        }
    }
    out
}

/// Where a start or end tag ends (after its `>`), minding quoted attribute values; `None`
/// when it runs into the next tag or the end.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in rest.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i + 1),
            (None, '<') => return Some(i),
            _ => {}
        }
    }
    None
}

#[derive(Debug, PartialEq, Eq)]
enum Reference {
    Kept,
    Escaped,
    Mapped,
}

/// What to write for the `&` at the start of `rest`, how many bytes of `rest` that consumes.
fn reference(rest: &str) -> (String, usize, Reference) {
    let body_len = rest[1..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .unwrap_or(rest.len() - 1);
    let body = &rest[1..1 + body_len];
    let terminated = rest[1 + body_len..].starts_with(';');
    if terminated {
        let whole = &rest[..body_len + 2];
        if matches!(body, "amp" | "lt" | "gt" | "quot" | "apos") {
            return (whole.to_owned(), whole.len(), Reference::Kept);
        }
        if let Some(number) = body.strip_prefix('#') {
            let value = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse().ok(),
            };
            if value.and_then(char::from_u32).is_some_and(allowed_in_xml) {
                return (whole.to_owned(), whole.len(), Reference::Kept);
            }
            return (String::new(), whole.len(), Reference::Mapped);
        }
        let key = format!("{body};");
        // (The table also holds every prefix of a name, mapped to 0.)
        if let Some(&(first, second)) = markup5ever::data::NAMED_ENTITIES
            .get(key.as_str())
            .filter(|(first, _)| *first != 0)
        {
            let mut written = format!("&#{first};");
            if second != 0 {
                let _ = write!(written, "&#{second};");
            }
            return (written, whole.len(), Reference::Mapped);
        }
    }
    ("&amp;".to_owned(), 1, Reference::Escaped)
}

fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `text` without the characters XML forbids; returns whether any were dropped.
fn push_clean(out: &mut String, text: &str) -> bool {
    if text.chars().all(allowed_in_xml) {
        out.push_str(text);
        return false;
    }
    out.extend(text.chars().filter(|c| allowed_in_xml(*c)));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mends_what_lenient_parsers_mend() {
        let (text, repairs) = repair(
            "junk<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A & B&nbsp;C\u{1}</title>\
             <item><title>x<b>y</title></item><p></channel></rss>",
        );
        assert_eq!(
            text,
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A &amp; B&#160;C</title>\
             <item><title>x&lt;b>y</title></item><p></p></channel></rss>"
        );
        assert_eq!(
            repairs,
            [
                "junk before the document dropped",
                "characters XML forbids dropped",
                "stray & or < escaped",
                "HTML entities mapped",
                "mismatched tags closed",
                "markup in titles and descriptions read as HTML"
            ]
        );
    }

    #[test]
    fn a_close_tag_without_an_open_one_is_dropped_and_attributes_are_escaped() {
        let (text, _) =
            repair("<rss version=\"2.0\"><channel></b><link href=\"/a?x=1&y=2\"/></channel></rss>");
        assert_eq!(
            text,
            "<rss version=\"2.0\"><channel><link href=\"/a?x=1&amp;y=2\"/></channel></rss>"
        );
    }

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
