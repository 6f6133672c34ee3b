//! Link resolution: relative and protocol-relative (`//host/path`) references against a base,
//! the way a browser resolves them. A leaf utility shared by `feed` (item and feed links) and
//! `render` (links and images in article HTML), so that both read URLs one way.

/// Resolves `href` against `base`. `//www.slideshare.net/x` becomes `https://www.slideshare.net/x`
/// under an https base (never `https://base/post/_//www…`, the seed's naive-resolver mistake).
/// Returns `None` for an empty or unresolvable reference.
pub fn resolve_link(base: Option<&url::Url>, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    if let Ok(absolute) = url::Url::parse(href) {
        return Some(absolute.to_string());
    }
    match base {
        Some(base) => base.join(href).ok().map(|u| u.to_string()),
        // No base: a protocol-relative link is still usable over https.
        None if href.starts_with("//") => url::Url::parse(&format!("https:{href}"))
            .ok()
            .map(|u| u.to_string()),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
