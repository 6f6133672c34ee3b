//! How the window takes in what the engine reports: refresh progress, finished fetches,
//! subscriptions, saved changes, loaded pictures. Each event says how much must be re-read.

use std::time::Duration;

use super::app::{LamplightApp, Selection};
use crate::engine::EngineEvent;

/// What an engine event changed, least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Change {
    None,
    /// Statuses: counts change, the list stays put.
    Counts,
    /// Articles or feeds: everything is re-read.
    Data,
}

impl LamplightApp {
    /// Takes in every event the engine sent since the last frame.
    pub fn drain_events(&mut self) {
        let mut change = Change::None;
        while let Ok(event) = self.events.try_recv() {
            change = change.max(self.handle_event(event));
        }
        self.apply(change);
    }

    /// Waits up to `timeout` for the engine's next event and takes it in. Returns whether one
    /// came. (For tests and tools that drive the window without a display.)
    pub fn wait_for_engine_event(&mut self, timeout: Duration) -> bool {
        match self.events.recv_timeout(timeout) {
            Ok(event) => {
                let change = self.handle_event(event);
                self.apply(change);
                true
            }
            Err(_) => false,
        }
    }

    fn apply(&mut self, change: Change) {
        match change {
            Change::None => {}
            Change::Counts => self.reload_counts(),
            Change::Data => self.reload(),
        }
    }

    fn handle_event(&mut self, event: EngineEvent) -> Change {
        match event {
            EngineEvent::RefreshStarted { total } => {
                self.refresh.running = true;
                self.refresh.total = total;
                self.refresh.done = 0;
                Change::None
            }
            EngineEvent::FetchStarted { feed_id, .. } => {
                self.refresh.in_flight.insert(feed_id);
                Change::None
            }
            EngineEvent::FetchFinished(record) => {
                self.refresh.in_flight.remove(&record.feed_id);
                self.refresh.done += 1;
                Change::Data
            }
            EngineEvent::RefreshFinished { total, failed } => {
                self.refresh.running = false;
                self.refresh.in_flight.clear();
                if failed > 0 {
                    self.banner = Some(format!(
                        "{failed} of {total} feeds could not be refreshed; what you have is still here. Hover a feed to see why."
                    ));
                }
                Change::Data
            }
            EngineEvent::AddFinished { url, result } => {
                if let Ok(id) = &result {
                    self.select(Selection::Feed(id.0));
                }
                self.add.finished(url, result);
                Change::Data
            }
            EngineEvent::Saved {
                result,
                lists_changed,
            } => {
                if let Err(e) = result {
                    self.banner = Some(format!("Could not save: {e}"));
                }
                if lists_changed {
                    Change::Data
                } else {
                    Change::Counts
                }
            }
            EngineEvent::PictureLoaded { key, picture } => {
                self.pictures.loaded(&self.ctx, key, picture.as_deref());
                Change::None
            }
            EngineEvent::CacheTrimmed { result } => {
                if let Err(e) = result {
                    self.banner = Some(format!("Could not trim the image cache: {e}"));
                }
                self.pictures.clear();
                Change::Data
            }
        }
    }
}
