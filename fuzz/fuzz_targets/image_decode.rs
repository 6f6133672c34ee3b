//! Image sniff + decode + resize + WebP, with the pipeline's default limits. Whatever the bytes,
//! the answer is a conversion within bounds or a typed error.
#![no_main]

use lamplight::images::{ImageLimits, convert};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = ImageLimits::default();
    if let Ok(converted) = convert(data, true, &limits) {
        assert!(converted.source_width <= limits.max_dimension);
        assert!(converted.source_height <= limits.max_dimension);
        assert!(
            u64::from(converted.source_width) * u64::from(converted.source_height)
                <= limits.max_pixels
        );
        assert!(converted.reader.width <= 1200);
        assert!(converted.thumbnail.is_some());
    }
});
