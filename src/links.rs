//! Link resolution: relative and protocol-relative (`//host/path`) references against a base,
//! the way a browser resolves them. A leaf utility shared by `feed` (item and feed links) and
//! `render` (links and images in article HTML), so that both read URLs one way; and how a URL
//! is shown to the user.

use std::borrow::Cow;

/// Resolves `href` against `base`. `//www.slideshare.net/x` becomes `https://www.slideshare.net/x`
/// under an https base (never `https://base/post/_//www…`, the seed's naive-resolver mistake).
/// Returns `None` for an empty or unresolvable reference.
pub fn resolve_link(base: Option<&url::Url>, href: &str) -> Option<String> {
    resolve_with(|| base, href).map(String::from)
}

/// A base address parsed only when a relative reference needs it: most links and pictures in
/// feed items are absolute, and parsing each article's address was a twentieth of reading its
/// HTML.
pub struct LazyBase<'a> {
    raw: Option<&'a str>,
    parsed: std::cell::OnceCell<Option<url::Url>>,
}

impl<'a> LazyBase<'a> {
    pub fn new(raw: Option<&'a str>) -> Self {
        LazyBase {
            raw,
            parsed: std::cell::OnceCell::new(),
        }
    }

    /// [`resolve_link`] against this base, as a parsed URL (for a caller that looks at it before
    /// keeping it).
    pub fn resolve(&self, href: &str) -> Option<url::Url> {
        resolve_with(
            || {
                self.parsed
                    .get_or_init(|| self.raw.and_then(|u| url::Url::parse(u).ok()))
                    .as_ref()
            },
            href,
        )
    }
}

fn resolve_with<'u>(base: impl FnOnce() -> Option<&'u url::Url>, href: &str) -> Option<url::Url> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    if let Ok(absolute) = url::Url::parse(href) {
        return Some(absolute);
    }
    match base() {
        Some(base) => base.join(href).ok(),
        // No base: a protocol-relative link is still usable over https.
        None if href.starts_with("//") => url::Url::parse(&format!("https:{href}")).ok(),
        None => None,
    }
}

/// The host of an address ("blog.liuts.com"), if it has one.
pub fn host_of(raw: &str) -> Option<String> {
    url::Url::parse(raw).ok()?.host_str().map(str::to_owned)
}

/// `raw` as shown to the user: never a password (`https://user:secret@host/` shows as
/// `https://user@host/`), and a long `data:` URI shortened to its media type and size.
pub fn display_url(raw: &str) -> Cow<'_, str> {
    if let Some(rest) = raw.strip_prefix("data:") {
        if raw.len() <= 64 {
            return Cow::Borrowed(raw);
        }
        let media_type = rest.split([',', ';']).next().unwrap_or("");
        return Cow::Owned(format!("data:{media_type},… ({} bytes)", raw.len()));
    }
    match url::Url::parse(raw) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(None);
            Cow::Owned(url.into())
        }
        _ => clean_text(raw),
    }
}

/// `text` without control characters (NUL, escape sequences, bidi overrides stay out of titles
/// and terminals); newlines and tabs become spaces.
pub fn clean_text(text: &str) -> Cow<'_, str> {
    let unwanted =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unwanted) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' | '\r' | '\t' | '\u{b}' | '\u{c}' => Some(' '),
                c if unwanted(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Several lines of text for a terminal: like [`clean_text`], but newlines stay. The text stays
/// in logical order (terminals do their own bidi); what could reorder or rewrite the terminal
/// goes.
pub fn clean_lines(text: &str) -> Cow<'_, str> {
    if text
        .split('\n')
        .all(|line| matches!(clean_text(line), Cow::Borrowed(_)))
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.split('\n')
            .map(clean_text)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Whether `typed` can be a web address: a URL with a host, or one once `https://` is put
/// before it (`example.com/feed`). "not a url" is not; whether anything answers there is
/// another matter.
pub fn is_web_address(typed: &str) -> bool {
    let typed = typed.trim();
    let url = if typed.contains("://") {
        url::Url::parse(typed)
    } else {
        url::Url::parse(&format!("https://{typed}"))
    };
    !typed.is_empty() && url.is_ok_and(|u| u.has_host())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_long_data_uris_are_not_shown() {
        assert_eq!(
            display_url("https://reader:s3cret@feeds.test/private.xml"),
            "https://reader@feeds.test/private.xml"
        );
        assert_eq!(
            display_url("http://feeds.test/a.xml"),
            "http://feeds.test/a.xml"
        );
        let data = format!("data:image/png;base64,{}", "A".repeat(200));
        assert_eq!(display_url(&data), "data:image/png,… (222 bytes)");
        assert_eq!(clean_text("a\0b\u{1b}[31mc\nd\u{202e}e"), "ab[31mc de");
    }

    #[test]
    fn protocol_relative_takes_the_base_scheme() {
        let base = url::Url::parse("https://blog.liuts.com/post/246/").ok();
        assert_eq!(
            resolve_link(
                base.as_ref(),
                "//www.slideshare.net/liutiansi/python-42901993"
            )
            .as_deref(),
            Some("https://www.slideshare.net/liutiansi/python-42901993")
        );
        assert_eq!(
            resolve_link(base.as_ref(), "../245/").as_deref(),
            Some("https://blog.liuts.com/post/245/")
        );
        assert_eq!(
            resolve_link(None, "//www.slideshare.net/liutiansi").as_deref(),
            Some("https://www.slideshare.net/liutiansi")
        );
        assert_eq!(resolve_link(None, "relative/only"), None);
    }

    #[test]
    fn a_lazy_base_resolves_as_resolve_link_does() {
        let raw = "https://blog.liuts.com/post/246/";
        let base = url::Url::parse(raw).ok();
        let lazy = LazyBase::new(Some(raw));
        for href in [
            "../245/",
            "//cdn.test/a.png",
            "https://a.test/x",
            " ",
            "?page=2",
        ] {
            assert_eq!(
                lazy.resolve(href).map(String::from),
                resolve_link(base.as_ref(), href),
                "{href}"
            );
        }
        // A base that is no address: absolute references still resolve, relative ones do not.
        let broken = LazyBase::new(Some("not an address"));
        assert_eq!(
            broken
                .resolve("https://a.test/x")
                .map(String::from)
                .as_deref(),
            Some("https://a.test/x")
        );
        assert_eq!(broken.resolve("../245/"), None);
    }
}
