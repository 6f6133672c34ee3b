//! The recovery pass: what lenient parsers (feedparser, libxml2's recover mode) repair, done to
//! the decoded text before a second strict parse. It runs only when the strict parse failed or
//! found fewer entries than the document has, and lists what it changed, so the fetch record
//! can say "read with repairs: …".
//!
//! Dialects feed-rs does not read are translated first (`dialects.rs`). Ill-formed XML is
//! then mended in one linear pass: junk before the root
//! dropped, characters XML forbids dropped, a stray `&` escaped, HTML entities written as
//! character references, a close tag with no open partner dropped, elements left open closed.

use std::borrow::Cow;
use std::fmt::Write as _;

/// The decoded document with repairs applied, and what they were (empty: nothing to repair).
pub fn repair(text: &str) -> (String, Vec<&'static str>) {
    let mut repairs = Vec::new();
    let mut text = drop_junk_before_root(text, &mut repairs);
    super::dialects::translate(&mut text, &mut repairs);
    let text = mend_markup(&text, is_rss(&text), &mut repairs);
    (text, repairs)
}

/// Whether the document is RSS (0.9x, 1.0 or 2.0) rather than Atom.
fn is_rss(text: &str) -> bool {
    // The root is the first of these start tags (after a prolog, comments and a DOCTYPE).
    const ROOTS: [&[u8]; 4] = [b"<rss", b"<rdf:RDF", b"<RDF", b"<feed"];
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'<', bytes)
        .find_map(|at| ROOTS.iter().find(|r| bytes[at..].starts_with(r)))
        .is_some_and(|root| *root != b"<feed")
}

/// RSS text elements whose markup a strict reading loses (the parser keeps the first text
/// node of `<title>a <b>b</b></title>`, and nothing of an unescaped `<description><p>…`).
const RSS_TEXT_ELEMENTS: [&str; 2] = ["title", "description"];
/// The same in Atom, for text constructs that are not typed `xhtml`.
const ATOM_TEXT_ELEMENTS: [&str; 3] = ["title", "subtitle", "summary"];

fn text_elements(rss: bool) -> &'static [&'static str] {
    if rss {
        &RSS_TEXT_ELEMENTS
    } else {
        &ATOM_TEXT_ELEMENTS
    }
}

/// Whether `inner`, an element's content, holds markup outside CDATA.
fn holds_markup(inner: &str) -> bool {
    inner.contains('<') && !inner.trim_start().starts_with("<![CDATA[")
}

/// Whether a strict reading loses text although it succeeds: HTML entities XML does not
/// define (left as `&nbsp;` in the text), markup inside titles and descriptions, or RSS items
/// titled only in Dublin Core or Media RSS.
pub fn loses_text(text: &str) -> bool {
    let bytes = text.as_bytes();
    let rss = is_rss(text);
    if rss && super::dialects::items_titled_elsewhere(text) {
        return true;
    }
    let elements = text_elements(rss);
    let mut at = 0;
    while let Some(found) = memchr::memchr2(b'&', b'<', &bytes[at..]) {
        let i = at + found;
        let rest = &text[i..];
        if rest.starts_with("<![CDATA[") {
            at = memchr::memmem::find(rest.as_bytes(), b"]]>").map_or(text.len(), |e| i + e + 3);
            continue;
        }
        if rest.starts_with('&') {
            if reference(rest).2 == Reference::Mapped {
                return true;
            }
        } else if let Some(name) = elements
            .iter()
            .find(|n| rest[1..].starts_with(*n) && bytes.get(i + 1 + n.len()) == Some(&b'>'))
        {
            let inner_start = i + name.len() + 2;
            let close = format!("</{name}>");
            let inner_end = memchr::memmem::find(&bytes[inner_start..], close.as_bytes())
                .map_or(text.len(), |e| inner_start + e);
            let inner = &text[inner_start..inner_end];
            if holds_markup(inner) {
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
    ["<item", "<entry"]
        .iter()
        .map(|tag| {
            memchr::memmem::find_iter(bytes, tag)
                .filter(|at| {
                    bytes
                        .get(at + tag.len())
                        .is_some_and(|b| matches!(b, b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/'))
                })
                .count()
        })
        .sum()
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

/// One pass over the markup: characters, references and the element structure.
/// Markup inside titles and descriptions (RSS, `rss`) or Atom text constructs not typed xhtml
/// becomes their text, escaped.
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
            match rest.find(end) {
                Some(e) => {
                    dropped_chars |= push_clean(&mut out, &rest[..e + end.len()]);
                    rest = &rest[e + end.len()..];
                }
                None => {
                    // Never closed: it ends where the document does.
                    dropped_chars |= push_clean(&mut out, rest);
                    out.push_str(end);
                    tags = true;
                    rest = "";
                }
            }
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
        // A text element holding markup: the markup becomes its text (in Atom, typed html).
        let mut markup_inside = false;
        if !tag.ends_with("/>") && text_elements(rss).contains(&name) && !tag.contains("xhtml") {
            let close = format!("</{name}>");
            let inner = rest.find(&close).map_or(rest, |e| &rest[..e]);
            markup_inside = holds_markup(inner);
            if markup_inside && !rss && !tag.contains("html") {
                let cleaned = tag_text
                    .replace(" type=\"text\"", "")
                    .replace(" type='text'", "");
                tag_text = format!("{} type=\"html\">", cleaned.trim_end_matches('>'));
            }
        }
        let starts_at = out.len();
        dropped_chars |= push_clean(&mut out, &tag_text);
        if !tag.ends_with("/>") {
            if matches!(name, "item" | "entry") {
                entries.push((open.len(), starts_at));
            }
            open.push(name);
            if markup_inside {
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
fn reference(rest: &str) -> (Cow<'_, str>, usize, Reference) {
    let body_len = rest[1..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .unwrap_or(rest.len() - 1);
    let body = &rest[1..1 + body_len];
    let terminated = rest[1 + body_len..].starts_with(';');
    if terminated {
        let whole = &rest[..body_len + 2];
        if matches!(body, "amp" | "lt" | "gt" | "quot" | "apos") {
            return (Cow::Borrowed(whole), whole.len(), Reference::Kept);
        }
        if let Some(number) = body.strip_prefix('#') {
            let value = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse().ok(),
            };
            if value.and_then(char::from_u32).is_some_and(allowed_in_xml) {
                if let Some(hex) = number.strip_prefix('X') {
                    // XML spells the hexadecimal marker in lower case only.
                    return (format!("&#x{hex};").into(), whole.len(), Reference::Mapped);
                }
                return (Cow::Borrowed(whole), whole.len(), Reference::Kept);
            }
            return (Cow::Borrowed(""), whole.len(), Reference::Mapped);
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
            return (written.into(), whole.len(), Reference::Mapped);
        }
    }
    (Cow::Borrowed("&amp;"), 1, Reference::Escaped)
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
}
