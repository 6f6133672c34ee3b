//! OPML import: parse, store the subscriptions in a fresh SQLite store in one transaction, and
//! round-trip through Lamplight's own export. Only http(s) URLs may come through, and an export
//! must read back as the same feeds.
#![no_main]

use lamplight::feed::{parse_opml, write_opml};
use lamplight::store::Store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(contents) = parse_opml(text) else {
        return;
    };
    for feed in &contents.feeds {
        let lower = feed.url.to_ascii_lowercase();
        assert!(
            lower.starts_with("http:") || lower.starts_with("https:"),
            "a non-http URL was accepted: {}",
            feed.url
        );
    }
    let entries: Vec<_> = contents
        .feeds
        .iter()
        .map(|f| (f.url.clone(), f.title.clone(), f.site_url.clone(), f.folder.clone()))
        .collect();
    let mut store = Store::open_in_memory().expect("an in-memory store opens");
    let (added, existing) = store
        .import_subscriptions(&entries)
        .expect("parsed subscriptions store");
    assert_eq!(added.len() + existing.len(), entries.len());
    let (again, _) = store
        .import_subscriptions(&entries)
        .expect("parsed subscriptions store again");
    assert!(again.is_empty(), "a second import added feeds");
    if contents.feeds.is_empty() {
        return;
    }
    let exported = write_opml("fuzz", &contents.feeds).expect("parsed feeds export");
    let reread = parse_opml(&exported).expect("an export reads back");
    // The export groups feeds by folder, so compare (url, folder) pairs in order of URL.
    let urls = |c: &lamplight::feed::OpmlContents| {
        let mut pairs: Vec<_> = c.feeds.iter().map(|f| (f.url.clone(), f.folder.clone())).collect();
        pairs.sort();
        pairs
    };
    assert_eq!(urls(&reread), urls(&contents));
});
