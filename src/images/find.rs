//! Which images an article has: its body's images in document order (the engine reads them off
//! the render layer's blocks, so `srcset`, lazy-load attributes and link resolution are read one
//! way everywhere), then the feed item's media/enclosure images. The first usable one is the
//! cover.

use super::inline::{ImageSource, image_source};

/// What an image is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageRole {
    /// The article's first usable image: shown as the list thumbnail.
    Cover,
    Body,
    /// A feed's icon (favicon), shown in the sidebar.
    Icon,
}

impl ImageRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ImageRole::Cover => "cover",
            ImageRole::Body => "body",
            ImageRole::Icon => "icon",
        }
    }
}

/// One image of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub url: String,
    pub role: ImageRole,
}

/// The article's images, each URL once: `body_srcs` (the body's image sources in document
/// order) then `media_urls`. Usable sources (http, https, `data:`) come first and the first of
/// them is the cover; other schemes follow as body images, to be refused with a recorded cause.
pub fn article_images(body_srcs: Vec<String>, media_urls: &[String]) -> Vec<ImageRef> {
    let mut usable: Vec<String> = Vec::new();
    let mut refused: Vec<String> = Vec::new();
    for url in body_srcs.into_iter().chain(media_urls.iter().cloned()) {
        if usable.contains(&url) || refused.contains(&url) {
            continue;
        }
        match image_source(&url) {
            ImageSource::Refused(_) => refused.push(url),
            ImageSource::Network | ImageSource::Inline => usable.push(url),
        }
    }
    let cover = usable.len().min(1);
    usable
        .into_iter()
        .chain(refused)
        .enumerate()
        .map(|(n, url)| ImageRef {
            url,
            role: if n < cover {
                ImageRole::Cover
            } else {
                ImageRole::Body
            },
        })
        .collect()
}
