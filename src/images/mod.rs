//! Images: find an article's images, and turn downloaded bytes into WebP renditions (a reader
//! image, and a list thumbnail for covers), recording what each cost and saved.
//!
//! Pure CPU work and value types; downloading is the engine's (through `fetch`), storing is the
//! store's. The format comes from the bytes, never the URL (`attachment.php?fid=415`).

mod convert;
mod find;
mod inline;

pub use convert::{
    Converted, READER_MAX_WIDTH, Rendition, THUMB_HEIGHT, THUMB_WIDTH, WEBP_QUALITY, convert,
    decode, fit_width, sniff,
};
pub use find::{ImageRef, ImageRole, article_images};
pub use inline::{ImageSource, decode_data_uri, image_source, refused};

/// Why an image could not be cached. Each variant is a cause the stats group by.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("download failed: {0}")]
    Download(String),
    #[error("the body is empty")]
    Empty,
    #[error("not an image: {0}")]
    NotAnImage(String),
    #[error("unsupported image format: {0}")]
    Unsupported(String),
    #[error("the image declares {width}×{height} pixels, more than allowed")]
    TooLarge { width: u32, height: u32 },
    #[error("refused by decode limits: {0}")]
    Limits(String),
    #[error("corrupt or truncated image: {0}")]
    Corrupt(String),
    #[error("WebP encoding failed: {0}")]
    Encode(String),
    #[error("refused: {0}")]
    Refused(String),
}

impl ImageError {
    /// A short stable name for the cause (`download`, `corrupt`, …), for grouping.
    pub fn kind(&self) -> &'static str {
        match self {
            ImageError::Download(_) => "download",
            ImageError::Empty => "empty",
            ImageError::NotAnImage(_) => "not_an_image",
            ImageError::Unsupported(_) => "unsupported",
            ImageError::TooLarge { .. } | ImageError::Limits(_) => "too_large",
            ImageError::Corrupt(_) => "corrupt",
            ImageError::Encode(_) => "encode",
            ImageError::Refused(_) => "refused",
        }
    }
}

/// Limits on what is decoded. Defaults hold peak memory for one decode near 256 MiB.
#[derive(Debug, Clone)]
pub struct ImageLimits {
    /// Largest width or height decoded.
    pub max_dimension: u32,
    /// Largest pixel count decoded (checked from the header, before any pixel is decoded).
    pub max_pixels: u64,
    /// Largest allocation the decoder may make.
    pub max_alloc_bytes: u64,
}

impl Default for ImageLimits {
    fn default() -> Self {
        ImageLimits {
            max_dimension: 16_384,
            max_pixels: 40_000_000,
            max_alloc_bytes: 256 * 1024 * 1024,
        }
    }
}
