//! Article HTML → blocks → text: every path the reader and `lamplight show` take, with the
//! article link as base URL. Bounded output and summaries that keep their promise.
#![no_main]

use lamplight::render::{html_to_blocks, is_followable, plain_text, summary_line, to_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    let blocks = html_to_blocks(html, Some("http://fuzz.test/post/1.html"));
    let text = to_text(&blocks, 72);
    assert!(text.ends_with('\n'));
    let line = plain_text(&blocks);
    assert!(!line.contains('\n'), "plain text is one line");
    let summary = summary_line(&blocks, 40);
    assert!(summary.chars().count() <= 41);
    for image in blocks.iter().flat_map(|b| {
        let mut out = Vec::new();
        b.images(&mut out);
        out
    }) {
        let _ = format!("{image:?}");
    }
    let _ = is_followable(html);
});
