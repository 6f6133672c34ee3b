//! Which bytes the feed parser gets: the body as sent when the document names its own encoding
//! (a byte-order mark or an XML prolog's `encoding=`), otherwise the body decoded to UTF-8 from
//! the Content-Type charset by `encoding_rs` (GB2312/GBK/Big5/Shift_JIS/windows-1251, …).

use std::borrow::Cow;

/// The encoding a document declares for itself: `"BOM"` for a byte-order mark, else the XML
/// prolog's `encoding` value. `None` when it declares nothing.
pub fn declared_xml_encoding(body: &[u8]) -> Option<String> {
    if body.starts_with(&[0xEF, 0xBB, 0xBF])
        || body.starts_with(&[0xFE, 0xFF])
        || body.starts_with(&[0xFF, 0xFE])
    {
        return Some("BOM".to_owned());
    }
    let start = body.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &body[start..body.len().min(start + 512)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let prolog = std::str::from_utf8(&head[..end]).ok()?;
    let at = prolog.find("encoding")?;
    let rest = prolog[at + "encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let close = value.find(quote)?;
    Some(value[..close].trim().to_owned())
}

/// The charset parameter of a Content-Type header, if any.
fn content_type_charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(|c| c == '"' || c == '\''))
    })
}

/// The bytes to hand to the feed parser: unchanged when the document declares its encoding or
/// no charset applies; otherwise decoded from the Content-Type charset to UTF-8.
pub fn decode_for_parser<'a>(body: &'a [u8], content_type: Option<&str>) -> Cow<'a, [u8]> {
    if declared_xml_encoding(body).is_some() {
        return Cow::Borrowed(body);
    }
    let Some(encoding) = content_type
        .and_then(content_type_charset)
        .and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
    else {
        return Cow::Borrowed(body);
    };
    if encoding == encoding_rs::UTF_8 {
        return Cow::Borrowed(body);
    }
    let (text, _, _) = encoding.decode(body);
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_prolog_encoding_in_either_quote() {
        assert_eq!(
            declared_xml_encoding(b"<?xml version=\"1.0\" encoding=\"GBK\"?><rss/>").as_deref(),
            Some("GBK")
        );
        assert_eq!(
            declared_xml_encoding(b"\n <?xml version='1.0' encoding = 'big5' ?><rss/>").as_deref(),
            Some("big5")
        );
        assert_eq!(
            declared_xml_encoding(b"<?xml version=\"1.0\"?><rss/>"),
            None
        );
        assert_eq!(declared_xml_encoding(b"<rss/>"), None);
    }

    #[test]
    fn decodes_gbk_from_content_type_when_undeclared() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<rss><title>运维进行时</title></rss>");
        let out = decode_for_parser(&gbk, Some("text/xml; charset=\"GBK\""));
        assert_eq!(
            std::str::from_utf8(&out).ok(),
            Some("<rss><title>运维进行时</title></rss>")
        );
    }

    #[test]
    fn leaves_declared_documents_alone() {
        let body = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss>\xcf</rss>";
        let out = decode_for_parser(body, Some("text/xml; charset=utf-8"));
        assert_eq!(&*out, &body[..]);
    }
}
