//! `lamplight refresh --daemon`: refreshes each feed when its schedule says, with the window
//! closed, and sleeps in between — until the next feed is due, and never longer than a minute
//! so that feeds added or pinned meanwhile (by the window or the command line) are seen.

use std::time::Duration;

use anyhow::Result;

use crate::engine::{Engine, EngineEvent, RefreshScope};
use crate::store::now_ms;

/// The longest sleep: how soon a feed added meanwhile is noticed.
const LOOK_AGAIN_AFTER: Duration = Duration::from_secs(60);

pub fn run(engine: &Engine, json: bool) -> Result<()> {
    let sink = std::sync::Arc::new(move |event: EngineEvent| {
        if let EngineEvent::FetchFinished(record) = event {
            super::print::fetch_line(&record, json);
        }
    });
    loop {
        engine.refresh(RefreshScope::Due, sink.clone())?;
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
        if !json {
            tracing::info!("next refresh in {} s", wait.as_secs());
        }
        std::thread::sleep(wait.min(LOOK_AGAIN_AFTER));
    }
}
