//! What a face asks of the engine without waiting: load a cached picture (decoded
//! to pixels off the UI thread), trim the image cache; and the first-run subscription. Each
//! answer arrives as an [`EngineEvent`].

use std::sync::Arc;

use super::{Engine, EngineError, EngineEvent, EventSink};
use crate::feed::parse_feed;
use crate::store::{ArticleId, CachedPicture, FeedMeta};

/// The first subscription of a new data directory, and where its bundled snapshot comes from.
pub const FIRST_RUN_FEED_URL: &str = "http://blog.liuts.com/feed.php";
const FIRST_RUN_SNAPSHOT: &[u8] = include_bytes!("../../assets/first-run/yunwei-feed.xml");

/// Which cached picture.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PictureKey {
    /// The reader rendition of an image URL.
    Reader(String),
    /// The list thumbnail of an article's cover.
    Cover(ArticleId),
}

/// A picture decoded to RGBA pixels, ready for a texture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedPicture {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// Why the picture at `url` is not in the cache, in English (the window says it in the
/// reader's language with `i18n::in_words`: this runs on the engine's threads).
fn why_not_cached(store: &crate::store::Store, url: &str) -> String {
    use crate::english;
    match store.image(url) {
        Ok(None) => english!("engine-picture-not-downloaded").to_owned(),
        Ok(Some(image)) if image.status == "failed" => match (&image.error, image.http_status) {
            // Without an HTTP status the error itself says most ("cannot resolve the host …").
            (Some(error), None) if image.error_kind.as_deref() == Some("download") => {
                english!("engine-download-failed", cause = error.as_str())
            }
            _ => crate::store::failure_in_words(image.error_kind.as_deref(), image.http_status),
        },
        Ok(Some(image)) if image.status == "evicted" => {
            english!("engine-picture-evicted").to_owned()
        }
        Ok(Some(_)) => english!("engine-picture-not-cached").to_owned(),
        Err(e) => english!("engine-picture-cache-unreadable", error = e.to_string()),
    }
}

fn decode_webp(picture: &CachedPicture) -> Option<DecodedPicture> {
    let image =
        image::load_from_memory_with_format(&picture.webp, image::ImageFormat::WebP).ok()?;
    let rgba = image.to_rgba8();
    Some(DecodedPicture {
        width: rgba.width(),
        height: rgba.height(),
        rgba: rgba.into_raw(),
    })
}

impl Engine {
    /// Loads and decodes a cached picture in the background; ends with
    /// [`EngineEvent::PictureLoaded`] (with why not, when nothing is cached for it).
    pub fn spawn_load_picture(&self, key: PictureKey, events: EventSink) {
        let shared = self.shared.clone();
        self.runtime.spawn_blocking(move || {
            let cached = match &key {
                PictureKey::Reader(url) => shared.store().reader_image(url),
                PictureKey::Cover(article) => shared.store().cover_thumbnail(*article),
            };
            let picture = cached
                .map_err(|e| tracing::warn!("cannot read a cached picture: {e}"))
                .ok()
                .flatten()
                .as_ref()
                .and_then(decode_webp);
            let picture = match (picture, &key) {
                (Some(picture), _) => Ok(Arc::new(picture)),
                (None, PictureKey::Reader(url)) => Err(why_not_cached(&shared.store(), url)),
                (None, PictureKey::Cover(_)) => Err(crate::english!("engine-no-cover").to_owned()),
            };
            events(EngineEvent::PictureLoaded { key, picture });
        });
    }

    /// Evicts cached images down to `cap_bytes` (0 clears all but starred articles' images)
    /// in the background; ends with [`EngineEvent::CacheTrimmed`].
    pub fn spawn_trim_cache(&self, cap_bytes: i64, events: EventSink) {
        let shared = self.shared.clone();
        self.runtime.spawn_blocking(move || {
            let result = shared.store().evict_images(cap_bytes);
            events(EngineEvent::CacheTrimmed {
                result: result.map_err(|e| e.to_string()),
            });
        });
    }

    /// The image cache's size cap.
    pub fn cache_cap_bytes(&self) -> i64 {
        self.shared.picture_prefs().cache_cap_bytes
    }

    /// The picture settings in force (stored, else the defaults).
    pub fn picture_prefs(&self) -> crate::store::PicturePrefs {
        self.shared.picture_prefs()
    }

    /// On a data directory that has never had a subscription, subscribes to 运维进行时 and fills
    /// it from the bundled snapshot, so the reader has articles even offline. The feed stays due,
    /// so the first refresh fetches it for real and records what happened. Returns whether it
    /// seeded anything.
    pub fn ensure_first_run(&self) -> Result<bool, EngineError> {
        let mut store = self.shared.store();
        if store.counter("first_run_done")? > 0 || !store.feeds()?.is_empty() {
            return Ok(false);
        }
        let parsed = parse_feed(FIRST_RUN_SNAPSHOT, FIRST_RUN_FEED_URL).map_err(|e| {
            EngineError::Fetch(crate::english!(
                "engine-bundled-snapshot",
                cause = e.to_string()
            ))
        })?;
        let mut articles = parsed.articles;
        super::refresh::fill_texts(&mut articles);
        let meta: FeedMeta = parsed.meta;
        let id = store.upsert_feed(FIRST_RUN_FEED_URL, &meta)?;
        store.ingest(id, &meta, &articles)?;
        store.bump_counter("first_run_done")?;
        Ok(true)
    }
}
