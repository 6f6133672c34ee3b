//! What wakes the window by time alone: the dwell that marks an article read, a notice running
//! out, and the next feed falling due (which starts a background refresh, whose new articles
//! are announced on the desktop while the window is not in front). Nothing else: outside
//! commits wake it through `change_watch`, engine events through their sink.

use std::time::{Duration, Instant};

use super::app::{LamplightApp, READ_AFTER};
use crate::engine::RefreshScope;

/// The shortest gap between two background refreshes: each feed is fetched when its own
/// schedule says (`next_refresh_at`); a feed that stays due (its fetch could not be saved)
/// is not tried in a loop.
const SCHEDULE_GAP: Duration = Duration::from_secs(60);

impl LamplightApp {
    /// Refreshes feeds that are due, in the background.
    pub fn start_refresh_if_due(&mut self) {
        self.last_schedule = Some(Instant::now());
        if !self.state.refresh.running {
            self.announce_since = Some(crate::store::now_ms());
        }
        self.refresh(RefreshScope::Due);
    }

    /// After a scheduled refresh, while the window is not in front: a desktop notification
    /// per feed that asked for them and has new articles.
    pub(super) fn announce_new_articles(&mut self) {
        let Some(since) = self.announce_since.take() else {
            return;
        };
        let in_front = self.ctx.input(|i| i.viewport().focused) == Some(true);
        if !in_front {
            super::announce::spawn(
                self.engine.data_dir().to_path_buf(),
                since,
                self.window_events.clone(),
                self.ctx.clone(),
            );
        }
    }

    /// Things that happen with time: the dwell mark, the undo notice running out, the next
    /// feed falling due. The window wakes for the first of them and for nothing else (outside
    /// changes wake it through `change_watch`).
    /// What the window does whether or not it is shown: takes the engine's and other threads'
    /// events in, and keeps time (refreshes due feeds, marks read after the dwell).
    pub fn run_logic(&mut self) {
        self.drain_events();
        self.tick();
    }

    pub(super) fn tick(&mut self) {
        self.mark_read_after_dwell();
        let mut wake: Option<Duration> = None;
        let mut wake_in = |d: Duration| wake = Some(wake.map_or(d, |w| w.min(d)));
        if let Some(open) = &self.state.open
            && !open.marked_read
        {
            wake_in(READ_AFTER.saturating_sub(open.opened_at.elapsed()));
        }
        if let Some(notice) = &self.state.notice {
            let now = Instant::now();
            if now >= notice.until {
                self.state.notice = None;
            } else {
                wake_in(notice.until - now);
            }
        }
        let now = crate::store::now_ms();
        let next_due = self
            .state
            .feeds
            .iter()
            .filter(|f| f.gone_reason.is_none())
            .map(|f| f.next_refresh_at)
            .min();
        if let Some(due) = next_due {
            if due <= now {
                let since_last = self.last_schedule.map(|at| at.elapsed());
                match since_last {
                    Some(elapsed) if elapsed < SCHEDULE_GAP => wake_in(SCHEDULE_GAP - elapsed),
                    _ => self.start_refresh_if_due(),
                }
            } else {
                wake_in(Duration::from_millis((due - now) as u64));
            }
        }
        self.wake_after = wake;
        if let Some(delay) = wake {
            self.ctx.request_repaint_after(delay);
        }
    }

    /// When the window asked to be woken next by time alone (`None`: never), as of the last
    /// frame: the dwell mark, a notice running out, or the next feed falling due.
    pub fn next_wake(&self) -> Option<Duration> {
        self.wake_after
    }
}
