//! `lamplight refresh --daemon`: refreshes each feed when its schedule says, with the window
//! closed, and sleeps in between — until the next feed is due, and never longer than a minute
//! so that feeds added or pinned meanwhile (by the window or the command line) are seen. After
//! each refresh, feeds with notifications on announce their new articles on the desktop;
//! clicking one opens the window at that article (`lamplight read ID`).

use std::path::Path;
use std::time::Duration;

use anyhow::Result;

use crate::t;

use crate::engine::{Engine, EngineEvent, RefreshScope};
use crate::notifications;
use crate::store::{ArticleId, now_ms};

/// The longest sleep: how soon a feed added meanwhile is noticed.
const LOOK_AGAIN_AFTER: Duration = Duration::from_secs(60);

pub fn run(engine: &Engine, json: bool) -> Result<()> {
    let sink = std::sync::Arc::new(move |event: EngineEvent| {
        if let EngineEvent::FetchFinished(record) = event {
            super::print::fetch_line(&record, json);
        }
    });
    loop {
        let started = now_ms();
        let fetched = engine.refresh(RefreshScope::Due, sink.clone())?.len();
        if fetched > 0 {
            announce(engine, started, json);
        }
        let next_due = engine
            .store()
            .live_feeds()?
            .iter()
            .map(|f| f.next_refresh_at)
            .min();
        let wait = match next_due {
            Some(at) => Duration::from_millis((at - now_ms()).max(1_000) as u64),
            None => LOOK_AGAIN_AFTER,
        };
        if fetched > 0 && !json {
            let wait_s = wait.as_secs().try_into().unwrap_or(i64::MAX);
            let wait = crate::engine::schedule::human(wait_s);
            println!("{}", t!("cli-next-refresh", wait = wait));
        }
        std::thread::sleep(wait.min(LOOK_AGAIN_AFTER));
    }
}

/// One notification per feed with notifications on and new unread articles since `since`.
/// Problems (no session bus, no notification server) are said once per refresh, on stderr.
fn announce(engine: &Engine, since: i64, json: bool) {
    let news = match notifications::news_since(&engine.store(), since) {
        Ok(news) => news,
        Err(e) => {
            tracing::warn!("cannot read the new articles to announce: {e}");
            return;
        }
    };
    let data_dir = engine.data_dir().to_path_buf();
    for feed in news {
        let dir = data_dir.clone();
        match notifications::show(&feed, move |_, article| open_in_window(&dir, article, json)) {
            Ok(()) if !json => println!("{}", t!("cli-notified", summary = feed.summary())),
            Ok(()) => {}
            Err(e) => {
                eprintln!("lamplight: {e}");
                return;
            }
        }
    }
}

/// Starts the window at `article` (a notification was clicked).
fn open_in_window(data_dir: &Path, article: ArticleId, json: bool) {
    if !json {
        println!("{}", t!("cli-opening-article", id = article.0));
    }
    // This thread waits for the window, so that its process is reaped when it closes.
    let ran = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .arg("--data-dir")
            .arg(data_dir)
            .arg("read")
            .arg(article.0.to_string())
            .stdin(std::process::Stdio::null())
            .spawn()?
            .wait()
    });
    if let Err(e) = ran {
        let error = e.to_string();
        let line = t!("cli-cannot-open-window-at", id = article.0, error = error);
        eprintln!("lamplight: {line}");
    }
}
