//! New-article notifications from the window: after a scheduled refresh while the window is
//! not in front, one desktop notification per feed that asked for them, read and sent off the
//! UI thread. A click comes back as a window event that opens the article.

use std::path::PathBuf;
use std::sync::mpsc::Sender;

use super::events::WindowEvent;
use crate::notifications;
use crate::store::Store;

/// Announces what arrived since `since_ms`, on a thread of its own.
pub fn spawn(data_dir: PathBuf, since_ms: i64, events: Sender<WindowEvent>, ctx: egui::Context) {
    let announce = move || {
        let news = Store::open(&crate::paths::database_path(&data_dir))
            .map_err(|e| e.to_string())
            .and_then(|store| {
                notifications::news_since(&store, since_ms).map_err(|e| e.to_string())
            });
        let news = match news {
            Ok(news) => news,
            Err(e) => {
                tracing::warn!("cannot read the new articles to announce: {e}");
                return;
            }
        };
        for feed in news {
            let (events, ctx) = (events.clone(), ctx.clone());
            let shown = notifications::show(&feed, move |_, article| {
                let _ = events.send(WindowEvent::OpenFromOutside(article));
                ctx.request_repaint();
            });
            if let Err(e) = shown {
                tracing::warn!("{e}");
                return;
            }
        }
    };
    if let Err(e) = std::thread::Builder::new()
        .name("announce".into())
        .spawn(announce)
    {
        tracing::warn!("cannot start announcing new articles: {e}");
    }
}
