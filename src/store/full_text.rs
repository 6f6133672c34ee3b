//! Full articles offline, as stored: each feed's full-text setting (on, off, or auto with the
//! decision and its reason) and which text the reader shows; each article's extracted page
//! (or why there is none); and what "ready offline" means, as SQL the list queries share.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::packed::{Packed, PackedOpt, pack_opt};
use super::{ArticleId, FeedId, Store, StoreError, StoreResult};

/// Whether a feed's article pages are fetched for their full text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum FullTextMode {
    On,
    Off,
    /// On when the feed's items look like excerpts (decided from what the feed carries).
    #[default]
    Auto,
}

impl FullTextMode {
    pub fn as_str(self) -> &'static str {
        match self {
            FullTextMode::On => "on",
            FullTextMode::Off => "off",
            FullTextMode::Auto => "auto",
        }
    }

    pub fn parse(text: &str) -> FullTextMode {
        match text {
            "on" => FullTextMode::On,
            "off" => FullTextMode::Off,
            _ => FullTextMode::Auto,
        }
    }
}

/// A feed's full-text setting and what it comes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct FullTextSetting {
    pub mode: FullTextMode,
    /// Auto's decision, once the feed's items were seen.
    pub auto_decision: Option<bool>,
    /// Why auto decided as it did.
    pub reason: Option<String>,
}

impl FullTextSetting {
    /// Whether new articles' pages are fetched.
    pub fn wanted(&self) -> bool {
        match self.mode {
            FullTextMode::On => true,
            FullTextMode::Off => false,
            FullTextMode::Auto => self.auto_decision == Some(true),
        }
    }

    /// The setting in words, for the CLI and the window (in the asking thread's language; the
    /// reason the automatic choice gives is stored, in English).
    pub fn describe(&self) -> String {
        use crate::t;
        let reason = self.reason.as_deref().unwrap_or_default();
        match (self.mode, self.auto_decision) {
            (FullTextMode::On, _) => t!("full-text-set-on").to_owned(),
            (FullTextMode::Off, _) => t!("full-text-set-off").to_owned(),
            (FullTextMode::Auto, None) => t!("full-text-auto-undecided").to_owned(),
            (FullTextMode::Auto, Some(true)) if reason.is_empty() => t!("full-text-auto-on").into(),
            (FullTextMode::Auto, Some(false)) if reason.is_empty() => {
                t!("full-text-auto-off").into()
            }
            (FullTextMode::Auto, Some(true)) => t!("full-text-auto-on-because", reason = reason),
            (FullTextMode::Auto, Some(false)) => t!("full-text-auto-off-because", reason = reason),
        }
    }
}

/// What became of an article's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageOutcome {
    /// The page's article text, as HTML (the reader shows it), and as plain text (searched).
    Extracted { html: String, text: String },
    /// The page was read, but its article text is no better than the feed's: the feed's stays.
    Kept { cause: String },
    /// The page could not be had (HTTP error, timeout, not HTML, too big, nothing found).
    Failed { cause: String },
}

impl PageOutcome {
    fn status(&self) -> &'static str {
        match self {
            PageOutcome::Extracted { .. } => "extracted",
            PageOutcome::Kept { .. } => "kept",
            PageOutcome::Failed { .. } => "failed",
        }
    }
}

/// An article whose page is still to be read: its id, link, and the feed's text and HTML.
#[derive(Debug, Clone)]
pub struct PageWanted {
    pub article: ArticleId,
    pub link: String,
    pub feed_text: String,
    pub feed_html: String,
}

/// An article that is not ready offline, with what its pictures come from.
#[derive(Debug, Clone)]
pub struct PictureGap {
    pub article: ArticleId,
    pub html: String,
    pub link: Option<String>,
    pub linked: Vec<String>,
}

/// Which text the reader shows of one article, and why the other is not there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleTexts {
    pub feed_html: String,
    pub full_html: Option<String>,
    /// `extracted`, `kept`, `failed`, or none (not tried).
    pub status: Option<String>,
    pub cause: Option<String>,
    /// The user chose the feed's own text for this feed.
    pub prefer_feed_text: bool,
}

/// SQL: article `a` of feed `f` is readable offline: its text is complete (the page was read,
/// or the feed's text is the whole article), its pictures were looked for (`has_picture` is
/// set by the image stage; NULL when it never ran, as for the bundled first-run copy or a
/// `--no-images` refresh) and every one of them is cached.
/// (`IS`, not `=`: the columns are NULL until a page is read or auto has decided.)
pub(super) const OFFLINE_READY: &str = "((a.full_status IS 'extracted' OR a.full_status IS 'kept'
        OR NOT (f.full_text_mode = 'on' OR (f.full_text_mode = 'auto' AND f.full_text_auto IS 1)))
    AND a.has_picture IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM article_images ai JOIN images i ON i.id = ai.image_id
        WHERE ai.article_id = a.id AND i.status <> 'cached'))";

impl Store {
    /// A feed's full-text setting.
    pub fn full_text_setting(&self, feed: FeedId) -> StoreResult<FullTextSetting> {
        self.conn
            .prepare_cached(
                "SELECT full_text_mode, full_text_auto, full_text_reason FROM feeds WHERE id = ?1",
            )?
            .query_row([feed.0], |r| {
                Ok(FullTextSetting {
                    mode: FullTextMode::parse(&r.get::<_, String>(0)?),
                    auto_decision: r.get(1)?,
                    reason: r.get(2)?,
                })
            })
            .optional()?
            .ok_or(StoreError::NoSuchFeed(feed))
    }

    /// Sets a feed's full-text mode (the user's choice).
    pub fn set_full_text_mode(&mut self, feed: FeedId, mode: FullTextMode) -> StoreResult<()> {
        let changed = self.conn.execute(
            "UPDATE feeds SET full_text_mode = ?2 WHERE id = ?1",
            params![feed.0, mode.as_str()],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSuchFeed(feed));
        }
        Ok(())
    }

    /// Records auto's decision for a feed and why.
    pub fn set_full_text_decision(
        &mut self,
        feed: FeedId,
        on: bool,
        reason: &str,
    ) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE feeds SET full_text_auto = ?2, full_text_reason = ?3 WHERE id = ?1",
            params![feed.0, on, reason],
        )?;
        Ok(())
    }

    /// Whether the reader shows the feed's own text (not the full article) for this feed.
    pub fn set_reader_feed_text(&mut self, feed: FeedId, feed_text: bool) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE feeds SET reader_feed_text = ?2 WHERE id = ?1",
            params![feed.0, feed_text],
        )?;
        Ok(())
    }

    /// Of `ids`, the articles whose page was never read, with what extraction needs. An
    /// article with an outcome is never fetched again by a refresh.
    pub fn pages_not_tried(&self, ids: &[ArticleId]) -> StoreResult<Vec<PageWanted>> {
        self.pages_where("full_status IS NULL", ids)
    }

    /// A feed's articles whose text is not complete: never tried, or failed (for "Make
    /// available offline").
    pub fn pages_missing(&self, feed: FeedId) -> StoreResult<Vec<PageWanted>> {
        let mut stmt = self.conn.prepare(
            "SELECT id FROM articles WHERE feed_id = ?1
               AND (full_status IS NULL OR full_status = 'failed') AND link IS NOT NULL",
        )?;
        let ids = stmt
            .query_map([feed.0], |r| Ok(ArticleId(r.get(0)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        self.pages_where("(full_status IS NULL OR full_status = 'failed')", &ids)
    }

    fn pages_where(&self, condition: &str, ids: &[ArticleId]) -> StoreResult<Vec<PageWanted>> {
        self.load_new_dictionaries()?;
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.id, a.link, a.plain_text, a.content_html FROM articles a
             WHERE a.id = ?1 AND a.link IS NOT NULL AND {condition}"
        ))?;
        for id in ids {
            let row = stmt
                .query_row([id.0], |r| {
                    Ok(PageWanted {
                        article: ArticleId(r.get(0)?),
                        link: r.get(1)?,
                        feed_text: r.get::<_, Packed>(2)?.0,
                        feed_html: r.get::<_, Packed>(3)?.0,
                    })
                })
                .optional()?;
            out.extend(row);
        }
        Ok(out)
    }

    /// Stores what became of each page, in one transaction.
    pub fn save_pages(&mut self, outcomes: &[(ArticleId, PageOutcome)]) -> StoreResult<()> {
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "UPDATE articles SET full_status = ?2, full_html = ?3, full_cause = ?4,
                    plain_text = COALESCE(?5, plain_text)
                 WHERE id = ?1",
            )?;
            for (id, outcome) in outcomes {
                let (html, text, cause) = match outcome {
                    PageOutcome::Extracted { html, text } => {
                        (Some(html.as_str()), Some(text.as_str()), None)
                    }
                    PageOutcome::Kept { cause } | PageOutcome::Failed { cause } => {
                        (None, None, Some(cause.as_str()))
                    }
                };
                // A failure after an earlier success keeps what was extracted.
                if matches!(outcome, PageOutcome::Failed { .. }) {
                    tx.execute(
                        "UPDATE articles SET full_status = 'failed', full_cause = ?2
                         WHERE id = ?1 AND (full_status IS NULL OR full_status = 'failed')",
                        params![id.0, cause],
                    )?;
                } else {
                    if text.is_some() {
                        // A summary kept as "the whole feed text" stays that text, now that
                        // the row's plain text becomes the page's.
                        tx.prepare_cached(
                            "UPDATE articles SET summary = plain_text WHERE id = ?1 AND summary = ''",
                        )?
                        .execute([id.0])?;
                    }
                    stmt.execute(params![
                        id.0,
                        outcome.status(),
                        pack_opt(html, &self.packing),
                        cause,
                        pack_opt(text, &self.packing)
                    ])?;
                }
                // Search finds words of the whole article, not only of the excerpt.
                if let PageOutcome::Extracted { text, .. } = outcome {
                    let title: Option<String> = tx
                        .query_row("SELECT title FROM articles WHERE id = ?1", [id.0], |r| {
                            r.get(0)
                        })
                        .optional()?;
                    if let Some(title) = title {
                        super::search::index_article(&tx, id.0, &title, text)?;
                    }
                }
            }
        }
        // Last, after every text of the transaction is packed: a dictionary trained
        // meanwhile by another thread is stored with the first rows packed with it.
        let ensured = self.packing.store_newest(&tx, super::now_ms())?;
        tx.commit()?;
        self.packing.stored(ensured);
        Ok(())
    }

    /// The texts of one article: the feed's, the page's, and which the reader shows.
    pub fn article_texts(&self, id: ArticleId) -> StoreResult<ArticleTexts> {
        self.load_new_dictionaries()?;
        self.conn
            .query_row(
                "SELECT a.content_html, a.full_html, a.full_status, a.full_cause, f.reader_feed_text
                 FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?1",
                [id.0],
                |r| {
                    Ok(ArticleTexts {
                        feed_html: r.get::<_, Packed>(0)?.0,
                        full_html: r.get::<_, PackedOpt>(1)?.0,
                        status: r.get(2)?,
                        cause: r.get(3)?,
                        prefer_feed_text: r.get(4)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NoSuchArticle(id))
    }

    /// A feed's articles that are not ready offline, each with the HTML whose pictures it
    /// needs (the extracted page's, then the feed's), its link, and the URLs of the pictures
    /// linked to it now (kept, and tried again when they failed).
    pub fn offline_gaps(&self, feed: FeedId) -> StoreResult<Vec<PictureGap>> {
        self.load_new_dictionaries()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT a.id, a.full_html, a.content_html, a.link
             FROM articles a JOIN feeds f ON f.id = a.feed_id
             WHERE a.feed_id = ?1 AND NOT {OFFLINE_READY}"
        ))?;
        let mut gaps: Vec<PictureGap> = stmt
            .query_map([feed.0], |r| {
                // The extracted page's HTML first, then the feed's.
                let full = r.get::<_, PackedOpt>(1)?.0;
                let feed_html = r.get::<_, Packed>(2)?.0;
                Ok(PictureGap {
                    article: ArticleId(r.get(0)?),
                    html: match full {
                        Some(full) => format!("{full}\n{feed_html}"),
                        None => feed_html,
                    },
                    link: r.get(3)?,
                    linked: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut linked = self.conn.prepare_cached(
            "SELECT i.url FROM article_images ai JOIN images i ON i.id = ai.image_id
             WHERE ai.article_id = ?1 ORDER BY ai.position",
        )?;
        for gap in &mut gaps {
            gap.linked = linked
                .query_map([gap.article.0], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
        }
        Ok(gaps)
    }

    /// How many articles of each feed are *not* ready offline (feeds with none are left out):
    /// those of a feed that wants full text whose page is unread or failed, those whose
    /// pictures were never looked for, and those with a picture not cached. Read from three
    /// partial indexes, not from article rows — 12 ms at
    /// 100,000 articles with 10,000 not ready, where testing every article took 270 ms.
    pub fn not_offline_ready_counts(&self) -> StoreResult<HashMap<FeedId, i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT feed_id, COUNT(*) FROM (
                SELECT a.id, a.feed_id FROM feeds f CROSS JOIN articles a ON a.feed_id = f.id
                 WHERE (f.full_text_mode = 'on' OR (f.full_text_mode = 'auto' AND f.full_text_auto IS 1))
                   AND (a.full_status IS NULL OR a.full_status = 'failed')
                UNION
                SELECT a.id, a.feed_id FROM articles a WHERE a.has_picture IS NULL
                UNION
                SELECT a.id, a.feed_id FROM images i
                 CROSS JOIN article_images ai ON ai.image_id = i.id
                 JOIN articles a ON a.id = ai.article_id
                 WHERE i.status <> 'cached'
             ) GROUP BY feed_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((FeedId(r.get(0)?), r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
