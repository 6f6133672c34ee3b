//! Which images an article has: its body's images in document order (from the render layer's
//! blocks, so `srcset`, lazy-load attributes and link resolution are read one way everywhere),
//! then the feed item's media/enclosure images. The first usable one is the cover.

use crate::render::Block;

/// What an image is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageRole {
    /// The article's first usable image: shown as the list thumbnail.
    Cover,
    Body,
}

impl ImageRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ImageRole::Cover => "cover",
            ImageRole::Body => "body",
        }
    }
}

/// One image of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub url: String,
    pub role: ImageRole,
}

/// The article's images, each URL once, in order; the first is the cover. `data:` URIs are
/// skipped here (they are decoded in place by the reader, never downloaded).
pub fn article_images(blocks: &[Block], media_urls: &[String]) -> Vec<ImageRef> {
    let mut images = Vec::new();
    blocks.iter().for_each(|b| b.images(&mut images));
    let mut urls: Vec<String> = Vec::new();
    let body = images.into_iter().filter_map(|b| match b {
        Block::Image { src, .. } => Some(src.clone()),
        _ => None,
    });
    for url in body.chain(media_urls.iter().cloned()) {
        let fetchable = url.starts_with("http://") || url.starts_with("https://");
        if fetchable && !urls.contains(&url) {
            urls.push(url);
        }
    }
    urls.into_iter()
        .enumerate()
        .map(|(n, url)| ImageRef {
            url,
            role: if n == 0 {
                ImageRole::Cover
            } else {
                ImageRole::Body
            },
        })
        .collect()
}
