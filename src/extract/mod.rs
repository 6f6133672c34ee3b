//! Full text: a fetched web page → the article it holds, as HTML. Pure (bytes in, HTML out).
//!
//! The page is read as text by the evidence a browser uses — a byte-order mark, the server's
//! charset, a `<meta charset>` (or `http-equiv`) in the page's head, valid UTF-8, else a
//! guess — then its main content is found with Mozilla Readability's scoring (`dom_smoothie`,
//! chosen over `rs-trafilatura` and `readability` by word-level F1 on an evaluation set; see
//! benches/README.md). What is not an HTML page, and a page where nothing is found, is an
//! [`ExtractError`] with its cause in words.

use std::borrow::Cow;

/// The bytes of a page's head searched for a `<meta>` charset.
const META_PRESCAN_BYTES: usize = 4096;
/// Elements beyond which a page is refused (a 5 MiB page has far fewer in practice).
const MAX_ELEMENTS: usize = 200_000;

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("not an HTML page ({0})")]
    NotHtml(String),
    #[error("no article text found on the page")]
    NothingFound,
    #[error("the page is too complex to read ({0} elements)")]
    TooComplex(usize),
}

/// The article a page holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageArticle {
    /// The main content as HTML, links and pictures resolved against the page's address.
    pub html: String,
    /// The page's title, as the page gives it.
    pub title: String,
    /// The encoding the page was read in.
    pub encoding: String,
}

/// Extracts the article from a page fetched from `page_url` with `content_type`.
pub fn extract_article(
    body: &[u8],
    content_type: Option<&str>,
    page_url: &str,
) -> Result<PageArticle, ExtractError> {
    check_is_html(body, content_type)?;
    let (text, encoding) = decode_page(body, content_type);
    let config = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..dom_smoothie::Config::default()
    };
    let url = url::Url::parse(page_url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map(|u| u.to_string());
    let mut reader = dom_smoothie::Readability::new(text.as_ref(), url.as_deref(), Some(config))
        .or_else(|_| dom_smoothie::Readability::new(text.as_ref(), None, None))
        .map_err(|_| ExtractError::NothingFound)?;
    let article = reader.parse().map_err(|e| match e {
        dom_smoothie::ReadabilityError::TooManyElements(n, _) => ExtractError::TooComplex(n),
        _ => ExtractError::NothingFound,
    })?;
    if article.text_content.trim().is_empty() {
        return Err(ExtractError::NothingFound);
    }
    Ok(PageArticle {
        html: article.content.to_string(),
        title: article.title,
        encoding,
    })
}

/// Refuses what is plainly not a page: a declared non-HTML type, or bytes that are a PDF,
/// an image or binary data whatever the header says.
fn check_is_html(body: &[u8], content_type: Option<&str>) -> Result<(), ExtractError> {
    let mime = content_type
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|m| !m.is_empty());
    if let Some(mime) = &mime {
        let html = matches!(
            mime.as_str(),
            "text/html" | "application/xhtml+xml" | "text/plain" | "application/octet-stream"
        );
        if !html {
            return Err(ExtractError::NotHtml(mime.clone()));
        }
    }
    let sniffed = match body {
        [b'%', b'P', b'D', b'F', ..] => Some("a PDF document"),
        [0x89, b'P', b'N', b'G', ..] => Some("a PNG image"),
        [0xFF, 0xD8, 0xFF, ..] => Some("a JPEG image"),
        [b'G', b'I', b'F', b'8', ..] => Some("a GIF image"),
        [b'P', b'K', 3, 4, ..] => Some("a ZIP archive"),
        _ => None,
    };
    if let Some(kind) = sniffed {
        return Err(ExtractError::NotHtml(kind.to_owned()));
    }
    let head = &body[..body.len().min(1024)];
    if head.contains(&0) && encoding_rs::Encoding::for_bom(body).is_none() {
        return Err(ExtractError::NotHtml("binary data".to_owned()));
    }
    Ok(())
}

/// Reads a page as text; returns it with the name of the encoding used.
pub fn decode_page<'a>(body: &'a [u8], content_type: Option<&str>) -> (Cow<'a, str>, String) {
    let decode = |encoding: &'static encoding_rs::Encoding| {
        let (text, _, _) = encoding.decode(body);
        (text, encoding.name().to_owned())
    };
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(body) {
        return decode(encoding);
    }
    let header = content_type
        .and_then(crate::feed::content_type_charset)
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()));
    if let Some(encoding) = header.or_else(|| meta_charset(body)) {
        // A page cannot be UTF-16 once it is read as ASCII-compatible bytes (WHATWG).
        let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            encoding
        };
        return decode(encoding);
    }
    if let Ok(text) = std::str::from_utf8(body) {
        return (Cow::Borrowed(text), "UTF-8".to_owned());
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(body, true);
    decode(detector.guess(None, chardetng::Utf8Detection::Allow))
}

/// The charset a page's `<meta charset=…>` or `<meta http-equiv="Content-Type"
/// content="…; charset=…">` names, from the first few kilobytes.
fn meta_charset(body: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&body[..body.len().min(META_PRESCAN_BYTES)]);
    let lower = head.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(at) = tag.find("charset") {
            let value = tag[at + 7..].trim_start();
            if let Some(value) = value.strip_prefix('=') {
                let value = value.trim_start().trim_start_matches(['"', '\'']);
                let end = value
                    .find(|c: char| {
                        c == '"' || c == '\'' || c == ';' || c.is_whitespace() || c == '/'
                    })
                    .unwrap_or(value.len());
                if let Some(encoding) = encoding_rs::Encoding::for_label(&value.as_bytes()[..end]) {
                    return Some(encoding);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meta_charset_decides_when_the_server_says_nothing() {
        let (gbk, _, _) = encoding_rs::GBK.encode("运维进行时");
        let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>".to_vec();
        page.extend_from_slice(&gbk);
        page.extend_from_slice(b"</p></body></html>");
        let (text, encoding) = decode_page(&page, Some("text/html"));
        assert_eq!(encoding, "GBK");
        assert!(text.contains("运维进行时"));
        let (_, encoding) = decode_page(b"<meta charset='windows-1251'><p>x", None);
        assert_eq!(encoding, "windows-1251");
    }

    #[test]
    fn what_is_not_a_page_says_what_it_is() {
        let pdf = extract_article(b"%PDF-1.7\n...", Some("application/pdf"), "http://a/b");
        assert_eq!(pdf, Err(ExtractError::NotHtml("application/pdf".into())));
        let pdf = extract_article(b"%PDF-1.7\n...", Some("text/html"), "http://a/b");
        assert_eq!(pdf, Err(ExtractError::NotHtml("a PDF document".into())));
        let image = extract_article(b"\x89PNG\r\n\x1a\n", None, "http://a/b");
        assert_eq!(image, Err(ExtractError::NotHtml("a PNG image".into())));
        let blank = extract_article(b"<html><body>  </body></html>", None, "http://a/b");
        assert_eq!(blank, Err(ExtractError::NothingFound));
    }
}
