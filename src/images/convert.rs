//! Bytes → WebP renditions: sniff the format from the bytes, decode within limits (so a
//! decompression bomb is refused before it is decoded), apply EXIF orientation, resize with
//! `fast_image_resize`, encode lossy WebP with libwebp.

use std::io::Cursor;
use std::time::Instant;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{ImageError, ImageLimits};

/// The WebP quality Lamplight encodes at (the seed's `targetWebpQuality`).
pub const WEBP_QUALITY: f32 = 75.0;

/// A list thumbnail's box: cover images are cropped to fill it, centred.
pub const THUMB_WIDTH: u32 = 160;
pub const THUMB_HEIGHT: u32 = 120;
/// The reader image is fitted to this width; smaller images are never upscaled.
pub const READER_MAX_WIDTH: u32 = 1200;

/// One encoded WebP picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendition {
    pub webp: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// What converting one source image produced.
#[derive(Debug, Clone)]
pub struct Converted {
    /// `jpeg`, `png`, `gif`, `webp` or `ico`.
    pub source_format: &'static str,
    pub source_width: u32,
    pub source_height: u32,
    pub reader: Rendition,
    /// Made only when asked for (cover images).
    pub thumbnail: Option<Rendition>,
    /// Decode + resize + encode, in milliseconds.
    pub convert_ms: u64,
}

/// The format named by the bytes, or why they are not an image Lamplight decodes.
pub fn sniff(bytes: &[u8]) -> Result<ImageFormat, ImageError> {
    if bytes.is_empty() {
        return Err(ImageError::Empty);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start();
    if head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")) {
        return Err(ImageError::Unsupported("svg".to_owned()));
    }
    if head.starts_with("<!doctype") || head.starts_with("<html") || head.starts_with("<?xml") {
        return Err(ImageError::NotAnImage(
            crate::english!("engine-html-or-xml").to_owned(),
        ));
    }
    match image::guess_format(bytes) {
        Ok(
            f @ (ImageFormat::Jpeg
            | ImageFormat::Png
            | ImageFormat::Gif
            | ImageFormat::WebP
            | ImageFormat::Ico),
        ) => Ok(f),
        Ok(other) => Err(ImageError::Unsupported(
            other
                .extensions_str()
                .first()
                .unwrap_or(&"unknown")
                .to_string(),
        )),
        Err(_) => Err(ImageError::NotAnImage(
            crate::english!("engine-unrecognised-bytes").to_owned(),
        )),
    }
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "jpeg",
        ImageFormat::Png => "png",
        ImageFormat::Gif => "gif",
        ImageFormat::WebP => "webp",
        ImageFormat::Ico => "ico",
        _ => "other",
    }
}

/// Decodes `bytes` (first frame of a GIF) within `limits`, upright per EXIF orientation.
pub fn decode(
    bytes: &[u8],
    limits: &ImageLimits,
) -> Result<(ImageFormat, DynamicImage), ImageError> {
    let format = sniff(bytes)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut image_limits = Limits::default();
    image_limits.max_image_width = Some(limits.max_dimension);
    image_limits.max_image_height = Some(limits.max_dimension);
    image_limits.max_alloc = Some(limits.max_alloc_bytes);
    reader.limits(image_limits);
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(ImageError::TooLarge { width, height });
    }
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    Ok((format, image))
}

fn decode_error(e: image::ImageError) -> ImageError {
    match e {
        image::ImageError::Limits(l) => ImageError::Limits(l.to_string()),
        image::ImageError::Unsupported(u) => ImageError::Unsupported(u.to_string()),
        other => ImageError::Corrupt(other.to_string()),
    }
}

/// Decodes and makes the reader rendition, plus a thumbnail when `thumbnail` is set.
pub fn convert(
    bytes: &[u8],
    thumbnail: bool,
    limits: &ImageLimits,
) -> Result<Converted, ImageError> {
    let started = Instant::now();
    let (format, image) = decode(bytes, limits)?;
    let image = normalise_pixels(image);
    let (width, height) = (image.width(), image.height());
    if width == 0 || height == 0 {
        return Err(ImageError::Corrupt(
            crate::english!("engine-no-pixels").to_owned(),
        ));
    }
    let mut resizer = Resizer::new();
    let reader = {
        let (w, h) = fit_width(width, height, READER_MAX_WIDTH);
        let resized = if (w, h) == (width, height) {
            None
        } else {
            Some(resize(&mut resizer, &image, w, h, false)?)
        };
        encode(resized.as_ref().unwrap_or(&image))?
    };
    let thumbnail = if thumbnail {
        let resized = resize(&mut resizer, &image, THUMB_WIDTH, THUMB_HEIGHT, true)?;
        Some(encode(&resized)?)
    } else {
        None
    };
    Ok(Converted {
        source_format: format_name(format),
        source_width: width,
        source_height: height,
        reader,
        thumbnail,
        convert_ms: started.elapsed().as_millis() as u64,
    })
}

/// RGB8 or RGBA8: the two layouts libwebp takes (alpha kept where the source has it).
fn normalise_pixels(image: DynamicImage) -> DynamicImage {
    match image {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => image,
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    }
}

/// The size of an image fitted to `max_width`, never upscaled, at least 1×1.
pub fn fit_width(width: u32, height: u32, max_width: u32) -> (u32, u32) {
    if width <= max_width {
        return (width, height);
    }
    let h = (u64::from(height) * u64::from(max_width) / u64::from(width)).max(1);
    (max_width, h as u32)
}

fn resize(
    resizer: &mut Resizer,
    image: &DynamicImage,
    width: u32,
    height: u32,
    crop_to_fill: bool,
) -> Result<DynamicImage, ImageError> {
    let mut dst = DynamicImage::new(width, height, image.color());
    let mut options =
        ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::CatmullRom));
    if crop_to_fill {
        options = options.fit_into_destination(Some((0.5, 0.5)));
    }
    resizer.resize(image, &mut dst, &options).map_err(|e| {
        ImageError::Corrupt(crate::english!(
            "engine-resize-failed",
            cause = e.to_string()
        ))
    })?;
    Ok(dst)
}

fn encode(image: &DynamicImage) -> Result<Rendition, ImageError> {
    let (width, height) = (image.width(), image.height());
    let encoder = match image {
        DynamicImage::ImageRgba8(buf) => webp::Encoder::from_rgba(buf.as_raw(), width, height),
        DynamicImage::ImageRgb8(buf) => webp::Encoder::from_rgb(buf.as_raw(), width, height),
        _ => return Err(ImageError::Encode("unexpected pixel layout".to_owned())),
    };
    let memory = encoder
        .encode_simple(false, WEBP_QUALITY)
        .map_err(|e| ImageError::Encode(format!("{e:?}")))?;
    Ok(Rendition {
        webp: memory.to_vec(),
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_never_upscales() {
        assert_eq!(fit_width(800, 600, 1200), (800, 600));
        assert_eq!(fit_width(2400, 1000, 1200), (1200, 500));
        assert_eq!(fit_width(30000, 1, 1200), (1200, 1));
    }

    #[test]
    fn sniffs_by_bytes_not_names() {
        assert!(matches!(sniff(b""), Err(ImageError::Empty)));
        assert!(matches!(
            sniff(b"<!DOCTYPE html><html>"),
            Err(ImageError::NotAnImage(_))
        ));
        assert!(matches!(
            sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            Err(ImageError::Unsupported(_))
        ));
        assert!(matches!(
            sniff(b"II*\0\x08\0\0\0"),
            Err(ImageError::Unsupported(_))
        ));
        assert!(matches!(sniff(b"\x89PNG\r\n\x1a\n"), Ok(ImageFormat::Png)));
    }
}
