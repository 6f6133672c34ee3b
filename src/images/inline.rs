//! Which image URLs Lamplight uses, and `data:` image URIs decoded in place: no network, and the
//! same byte limit as a download (the pixel limits apply when the bytes are decoded).

use super::ImageError;

/// Where an image's bytes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSource<'a> {
    /// Downloaded (`http:` and `https:`).
    Network,
    /// Inside the URI itself (`data:`).
    Inline,
    /// Never fetched (`file:`, `ftp:`, `javascript:`, …); the scheme, for the recorded cause.
    Refused(&'a str),
}

/// How `url` (already resolved against the article) is treated.
pub fn image_source(url: &str) -> ImageSource<'_> {
    let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
    if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
        ImageSource::Network
    } else if scheme.eq_ignore_ascii_case("data") {
        ImageSource::Inline
    } else {
        ImageSource::Refused(scheme)
    }
}

/// The refusal recorded for an image URL of another scheme.
pub fn refused(scheme: &str) -> ImageError {
    let scheme = if scheme.is_empty() { "(none)" } else { scheme };
    ImageError::Refused(crate::english!(
        "engine-image-scheme-refused",
        scheme = scheme
    ))
}

/// The bytes of a `data:` URI (base64 or percent-encoded), refused when they would exceed
/// `max_bytes` — checked from the URI's length before anything is decoded.
pub fn decode_data_uri(uri: &str, max_bytes: u64) -> Result<Vec<u8>, ImageError> {
    // Percent-encoding spends at most three characters a byte (base64 spends 4/3), so a longer
    // URI cannot hold an image within the limit.
    if uri.len() as u64 > max_bytes.saturating_mul(3).saturating_add(1024) {
        return Err(ImageError::Limits(crate::english!(
            "engine-data-uri-too-long",
            length = uri.len(),
            limit = max_bytes
        )));
    }
    let url = data_url::DataUrl::process(uri).map_err(|e| {
        ImageError::NotAnImage(crate::english!(
            "engine-data-uri-malformed",
            cause = format!("{e:?}")
        ))
    })?;
    let (bytes, _) = url.decode_to_vec().map_err(|e| {
        ImageError::Corrupt(crate::english!(
            "engine-data-uri-undecodable",
            cause = format!("{e:?}")
        ))
    })?;
    if bytes.len() as u64 > max_bytes {
        return Err(ImageError::Limits(crate::english!(
            "engine-data-image-too-large",
            length = bytes.len(),
            limit = max_bytes
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_sorted_and_data_uris_decode_within_the_limit() {
        assert_eq!(image_source("https://a.test/x.png"), ImageSource::Network);
        assert_eq!(image_source("HTTP://a.test/x.png"), ImageSource::Network);
        assert_eq!(
            image_source("data:image/gif;base64,R0lG"),
            ImageSource::Inline
        );
        assert_eq!(
            image_source("file:///etc/passwd"),
            ImageSource::Refused("file")
        );
        assert_eq!(
            image_source("javascript:alert(1)"),
            ImageSource::Refused("javascript")
        );
        assert_eq!(decode_data_uri("data:,abc", 10).unwrap(), b"abc");
        assert_eq!(
            decode_data_uri("data:image/png;base64,AAEC", 10).unwrap(),
            [0, 1, 2]
        );
        assert_eq!(
            decode_data_uri("data:;base64,AAECAw==", 3)
                .unwrap_err()
                .kind(),
            "too_large"
        );
        let huge = format!("data:image/png;base64,{}", "A".repeat(5000));
        assert_eq!(
            decode_data_uri(&huge, 1000).unwrap_err().kind(),
            "too_large"
        );
        assert_eq!(
            decode_data_uri("nodata", 10).unwrap_err().kind(),
            "not_an_image"
        );
    }
}
