//! New-article notifications on the desktop: after a background refresh, one freedesktop
//! notification per feed whose notifications are on ("运维进行时: 3 new", with the newest
//! titles), sent over the session D-Bus by notify-rust. Clicking one hands its newest article
//! to the caller, which opens it. No session bus or notification server is an error in words,
//! never a failed refresh.

use crate::store::{ArrivedArticle, ArticleId, FeedId, Store, StoreResult};

/// How many titles a notification names; the rest are counted.
const TITLES_SHOWN: usize = 3;

/// What one feed brought in one refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInFeed {
    pub feed_id: FeedId,
    pub feed_title: String,
    /// Newest first: (article, title).
    pub articles: Vec<(ArticleId, String)>,
}

impl NewInFeed {
    /// "运维进行时: 3 new".
    pub fn summary(&self) -> String {
        let title = if self.feed_title.trim().is_empty() {
            "A feed"
        } else {
            self.feed_title.trim()
        };
        format!("{title}: {} new", self.articles.len())
    }

    /// The newest titles, one per line, and how many more; markup-escaped, since servers may
    /// read the body as markup.
    pub fn body(&self) -> String {
        let mut lines: Vec<String> = self
            .articles
            .iter()
            .take(TITLES_SHOWN)
            .map(|(_, title)| match title.trim() {
                "" => "(untitled)".to_owned(),
                title => escape_markup(title),
            })
            .collect();
        let more = self.articles.len().saturating_sub(TITLES_SHOWN);
        if more > 0 {
            lines.push(format!("and {more} more"));
        }
        lines.join("\n")
    }

    /// The article a click opens: the newest.
    pub fn newest(&self) -> ArticleId {
        self.articles[0].0
    }
}

/// Unread articles that arrived since `since_ms` in feeds whose notifications are on, one
/// entry per feed.
pub fn news_since(store: &Store, since_ms: i64) -> StoreResult<Vec<NewInFeed>> {
    Ok(group(store.arrived_unread_since(since_ms)?))
}

/// One entry per feed, keeping the store's order (by feed, newest first).
pub fn group(arrived: Vec<ArrivedArticle>) -> Vec<NewInFeed> {
    let mut grouped: Vec<NewInFeed> = Vec::new();
    for article in arrived {
        match grouped.last_mut() {
            Some(last) if last.feed_id == article.feed_id => {
                last.articles.push((article.article_id, article.title));
            }
            _ => grouped.push(NewInFeed {
                feed_id: article.feed_id,
                feed_title: article.feed_title,
                articles: vec![(article.article_id, article.title)],
            }),
        }
    }
    grouped
}

fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Shows `news` as a desktop notification. `on_click` runs (on a thread of its own) with the
/// feed and its newest article if the user clicks it; it is dropped when the notification
/// closes.
///
/// Clicks are heard on a session-bus connection of our own whose match rule is in place
/// before the notification is shown, so a quick click is never missed (notify-rust's own
/// wait subscribes only after showing, and between reads).
#[cfg(feature = "notifications")]
pub fn show(
    news: &NewInFeed,
    on_click: impl FnOnce(FeedId, ArticleId) + Send + 'static,
) -> Result<(), String> {
    let unavailable =
        |e: &dyn std::fmt::Display| format!("no desktop notification could be shown: {e}");
    let clicks =
        futures_lite::future::block_on(listen_for_clicks()).map_err(|e| unavailable(&e))?;
    let handle = notify_rust::Notification::new()
        .appname("Lamplight")
        .summary(&news.summary())
        .body(&news.body())
        .icon(crate::paths::APP_ID)
        .hint(notify_rust::Hint::DesktopEntry(crate::paths::APP_ID.into()))
        .action("default", "Open")
        .show()
        .map_err(|e| unavailable(&e))?;
    let (id, feed, article) = (handle.id(), news.feed_id, news.newest());
    std::thread::Builder::new()
        .name("notification".into())
        .spawn(move || {
            if futures_lite::future::block_on(wait_for_click(clicks, id)) {
                on_click(feed, article);
            }
        })
        .map_err(|e| format!("cannot wait for the notification's click: {e}"))?;
    Ok(())
}

#[cfg(feature = "notifications")]
const INTERFACE: &str = "org.freedesktop.Notifications";

/// Signals of the notification interface (clicks and closings), from now on.
#[cfg(feature = "notifications")]
async fn listen_for_clicks() -> zbus::Result<zbus::MessageStream> {
    let connection = zbus::Connection::session().await?;
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(INTERFACE)?
        .build();
    zbus::MessageStream::for_match_rule(rule, &connection, Some(64)).await
}

/// Whether notification `id` was clicked (`ActionInvoked` with "default") before it closed.
#[cfg(feature = "notifications")]
async fn wait_for_click(mut signals: zbus::MessageStream, id: u32) -> bool {
    use futures_lite::StreamExt;
    while let Some(Ok(message)) = signals.next().await {
        let header = message.header();
        match header.member().map(|m| m.as_str()) {
            Some("ActionInvoked") => {
                if let Ok((of, action)) = message.body().deserialize::<(u32, String)>()
                    && of == id
                {
                    return action == "default";
                }
            }
            Some("NotificationClosed") => {
                if let Ok((of, _reason)) = message.body().deserialize::<(u32, u32)>()
                    && of == id
                {
                    return false;
                }
            }
            _ => {}
        }
    }
    false
}

/// Without the `notifications` feature there is no desktop to tell.
#[cfg(not(feature = "notifications"))]
pub fn show(
    _news: &NewInFeed,
    _on_click: impl FnOnce(FeedId, ArticleId) + Send + 'static,
) -> Result<(), String> {
    Err("this lamplight was built without desktop notifications".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrived(feed: i64, article: i64, title: &str) -> ArrivedArticle {
        ArrivedArticle {
            feed_id: FeedId(feed),
            feed_title: format!("Feed {feed}"),
            article_id: ArticleId(article),
            title: title.into(),
        }
    }

    #[test]
    fn one_entry_per_feed_newest_first_with_titles_counted_beyond_three() {
        let grouped = group(vec![
            arrived(1, 15, "Five <b>bold</b> & more"),
            arrived(1, 14, "Four"),
            arrived(1, 13, ""),
            arrived(1, 12, "Two"),
            arrived(1, 11, "One"),
            arrived(2, 20, "Other"),
        ]);
        assert_eq!(grouped.len(), 2);
        assert_eq!(grouped[0].summary(), "Feed 1: 5 new");
        assert_eq!(
            grouped[0].body(),
            "Five &lt;b&gt;bold&lt;/b&gt; &amp; more\nFour\n(untitled)\nand 2 more"
        );
        assert_eq!(grouped[0].newest(), ArticleId(15));
        assert_eq!(grouped[1].summary(), "Feed 2: 1 new");
        assert_eq!(grouped[1].body(), "Other");
    }
}
