//! Feed ingest: a body and a Content-Type (picked by the first byte) through decoding (and the
//! recovery pass when strict parsing fails: seeds from tests/data/compat are ill-formed),
//! feed-rs, normalising and rendering, then into a fresh SQLite store twice. The second ingest
//! of the same document must add nothing: dedupe holds for whatever a feed sends.
#![no_main]

use lamplight::engine::parse_feed_body;
use lamplight::store::Store;
use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: [Option<&str>; 8] = [
    None,
    Some("application/rss+xml"),
    Some("application/rss+xml; charset=gbk"),
    Some("text/xml; charset=utf-8"),
    Some("application/atom+xml; charset=iso-8859-1"),
    Some("text/html; charset=shift_jis"),
    Some("application/feed+json"),
    Some("text/plain; charset=\"utf-16\""),
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let content_type = CONTENT_TYPES[usize::from(selector) % CONTENT_TYPES.len()];
    let Ok(parsed) = parse_feed_body(body, content_type, "http://fuzz.test/feed.xml") else {
        return;
    };
    let mut store = Store::open_in_memory().expect("an in-memory store opens");
    let feed = store
        .upsert_feed("http://fuzz.test/feed.xml", &parsed.meta)
        .expect("a parsed feed's metadata stores");
    let (first, _) = store
        .ingest(feed, &parsed.meta, &parsed.articles)
        .expect("parsed articles store");
    let (second, _) = store
        .ingest(feed, &parsed.meta, &parsed.articles)
        .expect("parsed articles store again");
    assert_eq!(second.new_articles, 0, "a repeated document added articles");
    assert_eq!(second.total_articles, first.total_articles);
    assert!(first.total_articles as usize <= parsed.articles.len());
});
