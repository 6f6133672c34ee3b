//! Where an `<img>` in article HTML takes its picture from: `srcset`'s largest candidate, lazy-
//! load attributes, then `src`, resolved against the article's address.

use super::parse::attribute;
use crate::links::LazyBase;

/// The best source of an image element: `srcset`'s largest candidate, then lazy-load
/// attributes, then `src`; resolved (`data:` kept as written). Every scheme comes through: the
/// image pipeline decides what it uses and records why it refuses the rest.
pub(super) fn image_source(el: &scraper::node::Element, base: &LazyBase<'_>) -> Option<String> {
    let attr = |name| attribute(el, name);
    let from_srcset = attr("srcset")
        .or_else(|| attr("data-srcset"))
        .and_then(best_srcset);
    let candidates = [
        from_srcset,
        attr("data-src"),
        attr("data-original"),
        attr("data-lazy-src"),
        attr("data-actualsrc"),
        attr("src"),
    ];
    candidates.into_iter().flatten().find_map(|raw| {
        let raw = raw.trim();
        if raw.starts_with("data:") {
            return Some(raw.to_owned());
        }
        base.resolve(raw).map(String::from)
    })
}

/// The largest candidate of a `srcset` (by `w`, else `x` descriptor).
fn best_srcset(srcset: &str) -> Option<&str> {
    srcset
        .split(',')
        .filter_map(|candidate| {
            let mut parts = candidate.split_whitespace();
            let url = parts.next()?;
            let size = parts
                .next()
                .and_then(|d| {
                    d.strip_suffix('w')
                        .or_else(|| d.strip_suffix('x'))
                        .and_then(|n| n.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            Some((url, size))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(url, _)| url)
}
