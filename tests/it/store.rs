//! The store's list queries on a real SQLite file: keyset pages equal offset pages, counts agree
//! with filters, and the list query walks an index instead of sorting the table.

use lamplight::store::{ArticleListFilter, FeedMeta, NewArticle, Store};

fn article(feed: usize, n: usize, published: Option<i64>) -> NewArticle {
    NewArticle {
        stable_key: format!("guid:{feed}-{n}"),
        guid: Some(format!("{feed}-{n}")),
        title: format!("article {n} of feed {feed}"),
        link: None,
        author: None,
        // Ties on purpose: the id breaks them.
        published_at: published,
        updated_at: None,
        content_html: String::new(),
        summary: String::new(),
        content_hash: format!("{feed}-{n}"),
        text: String::new(),
        media_image_urls: Vec::new(),
        language: None,
    }
}

#[test]
fn keyset_pages_match_offset_pages_for_every_filter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("lamplight.db")).expect("store");
    let mut feeds = Vec::new();
    for f in 0..3 {
        let id = store
            .upsert_feed(&format!("https://ex.org/{f}"), &FeedMeta::default())
            .expect("feed");
        let articles: Vec<NewArticle> = (0..120)
            .map(|n| {
                article(
                    f,
                    n,
                    (n % 7 != 0).then_some(1_000_000 - (n as i64 / 3) * 1000),
                )
            })
            .collect();
        store
            .ingest(id, &FeedMeta::default(), &articles)
            .expect("ingest");
        feeds.push(id);
    }
    let all = store.articles(&ArticleListFilter::default()).expect("all");
    for (i, a) in all.iter().enumerate().step_by(5) {
        store.set_read(a.id, true).expect("read");
        if i % 3 == 0 {
            store.set_starred(a.id, true).expect("star");
        }
    }
    let filters = [
        ArticleListFilter::default(),
        ArticleListFilter {
            unread_only: true,
            ..ArticleListFilter::default()
        },
        ArticleListFilter {
            starred_only: true,
            ..ArticleListFilter::default()
        },
        ArticleListFilter {
            feed: Some(feeds[1]),
            unread_only: true,
            ..ArticleListFilter::default()
        },
    ];
    for filter in filters {
        let everything = store.articles(&filter).expect("list");
        assert_eq!(
            everything.len() as i64,
            store.count_articles(&filter).expect("count")
        );
        assert!(!everything.is_empty());
        let mut keyset = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .articles(&ArticleListFilter {
                    limit: Some(17),
                    after,
                    ..filter.clone()
                })
                .expect("page");
            let Some(last) = page.last() else { break };
            after = Some(last.sort_key());
            keyset.extend(page.iter().map(|a| a.id));
        }
        let ids: Vec<_> = everything.iter().map(|a| a.id).collect();
        assert_eq!(keyset, ids, "{filter:?}");
        let offset_page = store
            .articles(&ArticleListFilter {
                limit: Some(17),
                offset: 34,
                ..filter.clone()
            })
            .expect("offset page");
        assert_eq!(
            offset_page.iter().map(|a| a.id).collect::<Vec<_>>(),
            ids[34.min(ids.len())..(34 + 17).min(ids.len())]
        );
    }
}
