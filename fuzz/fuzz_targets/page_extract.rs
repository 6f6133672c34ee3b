//! A fetched web page → its article (`extract::extract_article`), then the reader's text of it:
//! any bytes, under any content type, give an article or a reason, never a panic or a hang.
#![no_main]

use lamplight::extract::extract_article;
use lamplight::render::{html_to_blocks, plain_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (content_type, page) = match data.split_first() {
        Some((0, rest)) => (None, rest),
        Some((1, rest)) => (Some("text/html; charset=gbk"), rest),
        Some((2, rest)) => (Some("application/pdf"), rest),
        Some((_, rest)) => (Some("text/html"), rest),
        None => (None, data),
    };
    match extract_article(page, content_type, "http://fuzz.test/post/1.html") {
        Ok(article) => {
            assert!(!article.html.is_empty());
            let blocks = html_to_blocks(&article.html, Some("http://fuzz.test/post/1.html"));
            let _ = plain_text(&blocks);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
