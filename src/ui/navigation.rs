//! Moving through articles: opening one (its blocks rendered, its Han variant and column chosen),
//! the next or previous in the list or the search hits, and handing links to the browser.

use std::time::Instant;

use super::app::{LamplightApp, READ_AFTER};
use super::commands::UiCommand;
use super::fonts::HanVariant;
use super::state::{OpenArticle, Selection};
use crate::i18n::in_words;
use crate::render::html_to_blocks;
use crate::store::ArticleId;

impl LamplightApp {
    pub(super) fn open_article(&mut self, id: ArticleId) {
        match self
            .reader
            .article(id)
            .and_then(|row| Ok((self.reader.article_texts(id)?, row)))
        {
            Ok((texts, mut row)) => {
                // The full article when its page gave one, unless the feed's text is chosen.
                let showing_full = texts.full_html.is_some() && !texts.prefer_feed_text;
                if let (true, Some(full)) = (showing_full, &texts.full_html) {
                    row.content_html = Some(full.clone());
                }
                let blocks = html_to_blocks(
                    row.content_html.as_deref().unwrap_or(""),
                    row.link.as_deref(),
                );
                let han = row
                    .language
                    .as_deref()
                    .and_then(HanVariant::from_language)
                    .or_else(|| HanVariant::from_text(&row.title))
                    .or_else(|| HanVariant::from_text(row.content_html.as_deref().unwrap_or("")))
                    .unwrap_or_default();
                let mostly_wide = super::fonts::mostly_wide(&row.title)
                    || super::fonts::mostly_wide(&row.summary);
                self.state.open = Some(OpenArticle {
                    han,
                    mostly_wide,
                    marked_read: row.read,
                    row,
                    blocks,
                    texts,
                    showing_full,
                    opened_at: Instant::now(),
                });
                self.reader_pane.jump_to_top();
                self.ctx.request_repaint_after(READ_AFTER);
            }
            Err(e) => {
                self.state.error = Some(crate::t!(
                    "error-open-article",
                    error = in_words(&e.to_string()).into_owned()
                ))
            }
        }
    }

    /// Shows an article asked for from outside the window (a clicked notification, `lamplight
    /// read ID`): its feed in the list, the article in the reader, the window in front.
    pub fn open_from_outside(&mut self, id: ArticleId) {
        match self.reader.article(id) {
            Ok(row) => {
                self.apply(UiCommand::Select(Selection::Feed(row.feed_id.0)));
                self.apply(UiCommand::OpenArticle(id));
            }
            Err(e) => {
                self.state.error = Some(crate::t!(
                    "error-open-article-id",
                    id = id.0,
                    error = in_words(&e.to_string()).into_owned()
                ))
            }
        }
        self.ctx
            .send_viewport_cmd(egui::ViewportCommand::Minimized(false));
        self.ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
    }

    /// Shows the open article's full text or its feed's (remembered for its feed).
    pub(super) fn toggle_full_text(&mut self) {
        let Some(open) = &mut self.state.open else {
            return;
        };
        if open.texts.full_html.is_none() {
            let why = match &open.texts.cause {
                Some(cause) => in_words(cause).into_owned(),
                None => crate::t!("full-text-off-for-feed").to_owned(),
            };
            self.notify(crate::t!("notice-only-feed-text", why = why), None);
            return;
        }
        open.showing_full = !open.showing_full;
        open.row.content_html = Some(open.shown_html().to_owned());
        open.blocks = html_to_blocks(open.shown_html(), open.row.link.as_deref());
        let change = crate::engine::LibraryChange::SetReaderFeedText {
            feed: open.row.feed_id,
            feed_text: !open.showing_full,
        };
        self.reader_pane.jump_to_top();
        self.change(change);
    }

    /// Opens the next (`step` 1) or previous (`step` -1) article of the list (or of the
    /// search hits while searching).
    pub(super) fn step_article(&mut self, step: isize) {
        let open = self.state.open_id();
        let next = if self.state.search.is_active() {
            let hits = &self.state.search.hits;
            let current = open.and_then(|id| hits.iter().position(|h| h.id == id));
            stepped(current, step, hits.len()).map(|i| hits[i].id)
        } else {
            let total = self.list.len(&self.reader, self.state.selection);
            let current = open.and_then(|id| self.list.index_of(id));
            stepped(current, step, total).and_then(|i| {
                self.list.scroll_to = Some(i);
                self.list
                    .row(&self.reader, self.state.selection, i)
                    .map(|r| r.id)
            })
        };
        if let Some(id) = next {
            self.open_article(id);
        }
    }

    /// Hands an http/https/mailto link to the system's browser (never a shell), or says why not.
    pub(super) fn open_link(&mut self, url: &str) {
        if !crate::render::is_followable(url) {
            self.notify(
                crate::t!("notice-link-refused", url = url.to_string()),
                None,
            );
        } else if let Err(why) = self.opener.check() {
            self.notify(
                crate::t!(
                    "notice-cannot-open",
                    url = url.to_string(),
                    why = why.to_string()
                ),
                None,
            );
        } else {
            self.ctx.open_url(egui::OpenUrl::new_tab(url));
        }
    }
}

/// The index `step` away from `current` within `0..total` (the first row when none is open).
fn stepped(current: Option<usize>, step: isize, total: usize) -> Option<usize> {
    if total == 0 {
        return None;
    }
    Some(match current {
        Some(i) => (i as isize + step).clamp(0, total as isize - 1) as usize,
        None => 0,
    })
}
