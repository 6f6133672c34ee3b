//! The full-text stage of a fetch: for a feed that wants it (on, or auto on a feed whose items
//! look like excerpts), each new article's web page is fetched once, its article extracted off
//! the async threads, and kept only when it holds at least the feed's text. Every page that
//! gives nothing better leaves the feed's text in place and records why on the article.
//! "Make available offline" runs the same reading over a feed's gaps.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::task::JoinSet;

use super::Shared;
use crate::extract::extract_article;
use crate::fetch::{FetchOutcome, FetchRequest};
use crate::render::html_text;
use crate::store::{
    ArticleId, FeedId, FetchRecord, FullTextMode, NewArticle, PageOutcome, PageWanted, Store,
    StoreResult,
};

/// The largest page read; a bigger one is left alone (its cause recorded).
pub const PAGE_CAP_BYTES: u64 = 5 * 1024 * 1024;
const PAGE_ACCEPT: &str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5";
/// Pages of one feed read at once (the fetcher's per-host and global limits hold as well).
const PAGES_AT_ONCE: usize = 4;
/// An item's text shorter than this (CJK characters counting two) reads as an excerpt.
const EXCERPT_WEIGHT: usize = 600;
/// Extracted text shorter than this is a menu or a caption, not an article.
const NOTHING_FOUND_BELOW: usize = 40;
/// Endings that say "the rest is on the site", lower-cased.
const READ_MORE: &[&str] = &[
    "read more",
    "continue reading",
    "read the rest",
    "read full article",
    "keep reading",
    "weiterlesen",
    "lire la suite",
    "leer más",
    "阅读全文",
    "阅读更多",
    "继续阅读",
    "查看全文",
    "閱讀全文",
    "続きを読む",
    "더보기",
];

/// Auto's decision for a feed from the items it carries: on when most look like excerpts
/// (short, or ending in "…" or a "Read more" link). Returns the decision and its reason.
pub fn looks_like_excerpts(articles: &[NewArticle]) -> (bool, String) {
    let items: Vec<&NewArticle> = articles.iter().take(50).collect();
    if items.is_empty() {
        return (false, crate::english!("engine-no-items-yet").to_owned());
    }
    let mut weights: Vec<usize> = items.iter().map(|a| text_weight(&a.text)).collect();
    let excerpts = items
        .iter()
        .zip(&weights)
        .filter(|(a, weight)| is_excerpt(&a.text, **weight))
        .count();
    weights.sort_unstable();
    let median = weights[weights.len() / 2];
    if excerpts * 2 > items.len() {
        (
            true,
            crate::english!(
                "engine-look-like-excerpts",
                excerpts = excerpts,
                items = items.len()
            ),
        )
    } else {
        (
            false,
            crate::english!(
                "engine-carry-full-text",
                excerpts = excerpts,
                items = items.len(),
                median = median
            ),
        )
    }
}

/// `weight`: the text's [`text_weight`].
fn is_excerpt(text: &str, weight: usize) -> bool {
    let text = text.trim_end();
    if weight < EXCERPT_WEIGHT {
        return true;
    }
    let end = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '»' | '→' | '›' | ')' | ']' | '>' | '】' | '）' | '.')
    });
    if text.ends_with('…') || text.ends_with("...") || end.ends_with('…') || end.ends_with("[…")
    {
        return true;
    }
    let tail: String = end
        .chars()
        .rev()
        .take(40)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase();
    READ_MORE.iter().any(|m| tail.ends_with(m))
}

/// Characters of text, wide (CJK) ones counting two: a rough measure of how much there is to
/// read, the same for Chinese and English.
fn text_weight(text: &str) -> usize {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// The writer's part of the stage, inside its transaction: stores auto's decision (`decision`,
/// from [`looks_like_excerpts`] of the feed's items; `None` for a feed with no items yet) and
/// returns the pages of `changed` articles never read, when the feed wants full text.
pub(super) fn pages_wanted(
    store: &mut Store,
    feed_id: FeedId,
    decision: Option<&(bool, String)>,
    changed: &[ArticleId],
) -> StoreResult<Vec<PageWanted>> {
    let mut setting = store.full_text_setting(feed_id)?;
    if let Some((on, reason)) = decision
        && setting.mode == FullTextMode::Auto
        && (setting.auto_decision != Some(*on) || setting.reason.as_ref() != Some(reason))
    {
        store.set_full_text_decision(feed_id, *on, reason)?;
        setting.auto_decision = Some(*on);
    }
    if !setting.wanted() || changed.is_empty() {
        return Ok(Vec::new());
    }
    store.pages_not_tried(changed)
}

/// The stage in a refresh: reads the `pages` the writer chose ([`pages_wanted`]), stores the
/// outcomes, and returns the extracted HTML of each article that got one (its pictures are
/// cached with the feed's).
pub(super) async fn full_text_stage(
    shared: &Arc<Shared>,
    pages: Vec<PageWanted>,
    record: &mut FetchRecord,
) -> HashMap<ArticleId, String> {
    if pages.is_empty() {
        return HashMap::new();
    }
    let outcomes = read_pages(shared, pages, |_, _| {}).await;
    record.full_text_fetched = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, PageOutcome::Extracted { .. }))
        .count() as i64;
    record.full_text_failed = outcomes.len() as i64 - record.full_text_fetched;
    save(shared, outcomes).await
}

/// Stores page outcomes; returns the extracted HTML of each article that got one.
pub(super) async fn save(
    shared: &Arc<Shared>,
    outcomes: Vec<(ArticleId, PageOutcome)>,
) -> HashMap<ArticleId, String> {
    let extracted: HashMap<ArticleId, String> = outcomes
        .iter()
        .filter_map(|(id, o)| match o {
            PageOutcome::Extracted { html, .. } => Some((*id, html.clone())),
            _ => None,
        })
        .collect();
    let shared = shared.clone();
    let saved = tokio::task::spawn_blocking(move || shared.store().save_pages(&outcomes)).await;
    match saved {
        Ok(Ok(())) => extracted,
        Ok(Err(e)) => {
            tracing::warn!("could not save extracted pages: {e}");
            HashMap::new()
        }
        Err(e) => {
            tracing::warn!("could not save extracted pages: {e}");
            HashMap::new()
        }
    }
}

/// Reads `pages`, a few at a time, calling `progress(done, total)` after each.
pub(super) async fn read_pages(
    shared: &Arc<Shared>,
    pages: Vec<PageWanted>,
    progress: impl Fn(usize, usize),
) -> Vec<(ArticleId, PageOutcome)> {
    let total = pages.len();
    let mut waiting = pages.into_iter();
    let mut jobs = JoinSet::new();
    let spawn = |jobs: &mut JoinSet<(ArticleId, PageOutcome)>, page: PageWanted| {
        let shared = shared.clone();
        jobs.spawn(async move { (page.article, read_page(&shared, page).await) });
    };
    for page in waiting.by_ref().take(PAGES_AT_ONCE) {
        spawn(&mut jobs, page);
    }
    let mut outcomes = Vec::with_capacity(total);
    while let Some(done) = jobs.join_next().await {
        match done {
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => tracing::error!("a page job ended abnormally: {e}"),
        }
        progress(outcomes.len(), total);
        if let Some(page) = waiting.next() {
            spawn(&mut jobs, page);
        }
    }
    outcomes
}

/// Fetches one article's page and extracts its article; never fails (failure is an outcome).
async fn read_page(shared: &Arc<Shared>, page: PageWanted) -> PageOutcome {
    let failed = |cause: String| PageOutcome::Failed { cause };
    match url::Url::parse(&page.link) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => {}
        _ => {
            return failed(crate::english!(
                "engine-link-not-web-address",
                link = page.link.as_str()
            ));
        }
    }
    let report = shared
        .fetcher
        .fetch(&FetchRequest {
            url: &page.link,
            accept: Some(PAGE_ACCEPT),
            max_bytes: Some(PAGE_CAP_BYTES),
            // A page that failed is tried again by "Make available offline", not in a loop here.
            single_attempt: true,
            ..FetchRequest::default()
        })
        .await;
    let body = match report.result {
        Err(e) => return failed(crate::english!("engine-page-not-fetched", cause = e.0)),
        Ok(FetchOutcome::NotModified { status }) => {
            return failed(crate::english!(
                "engine-unconditional-status",
                status = status
            ));
        }
        Ok(FetchOutcome::Body(body)) => body,
    };
    let _cpu = shared.cpu.acquire().await.ok();
    let feed_text = page.feed_text;
    tokio::task::spawn_blocking(move || {
        let article =
            match extract_article(&body.bytes, body.content_type.as_deref(), &body.final_url) {
                Ok(article) => article,
                Err(e) => {
                    return failed(crate::english!(
                        "engine-feed-text-kept",
                        cause = e.to_string()
                    ));
                }
            };
        let text = html_text(&article.html, Some(&body.final_url));
        let (page_weight, feed_weight) = (text_weight(&text), text_weight(&feed_text));
        if page_weight < NOTHING_FOUND_BELOW {
            failed(crate::english!(
                "engine-page-nearly-empty",
                weight = page_weight
            ))
        } else if page_weight < feed_weight {
            PageOutcome::Kept {
                cause: crate::english!(
                    "engine-page-shorter",
                    page = page_weight,
                    feed = feed_weight
                ),
            }
        } else {
            PageOutcome::Extracted {
                html: article.html,
                text,
            }
        }
    })
    .await
    .unwrap_or_else(|e| {
        failed(crate::english!(
            "engine-extractor-stopped",
            cause = e.to_string()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str) -> NewArticle {
        NewArticle {
            stable_key: text.to_owned(),
            guid: None,
            title: String::new(),
            link: None,
            author: None,
            published_at: None,
            updated_at: None,
            content_html: String::new(),
            summary: String::new(),
            text: text.to_owned(),
            content_hash: String::new(),
            media_image_urls: Vec::new(),
            language: None,
        }
    }

    #[test]
    fn auto_turns_on_for_excerpts_and_off_for_full_text() {
        let long = "word ".repeat(400);
        let teaser = format!("{} Read more »", "word ".repeat(200));
        let (on, reason) =
            looks_like_excerpts(&[item("A short teaser…"), item(&teaser), item(&long)]);
        assert!(on, "{reason}");
        assert!(reason.starts_with("2 of 3 items"), "{reason}");
        let (on, reason) = looks_like_excerpts(&[item(&long), item(&long), item("short")]);
        assert!(!on, "{reason}");
        let chinese = "运维".repeat(200);
        assert!(
            !looks_like_excerpts(&[item(&chinese)]).0,
            "400 CJK characters are an article"
        );
        let chinese_teaser = format!("{}……阅读全文", "运维".repeat(200));
        assert!(looks_like_excerpts(&[item(&chinese_teaser)]).0);
    }
}
