//! A fetch's wall time split into its stages with nothing in between: each stage is the time
//! since the previous one ended, counted against one clock, so the stages of a record sum to
//! its total (whatever the scheduler did between two awaits lands in the stage that followed).

use std::time::Instant;

use crate::fetch::rounded_ms;
use crate::store::FetchRecord;

/// The clock of one fetch.
pub(crate) struct Laps {
    started: Instant,
    /// Milliseconds already given to stages.
    accounted: u64,
}

impl Laps {
    pub(crate) fn start() -> Laps {
        Laps {
            started: Instant::now(),
            accounted: 0,
        }
    }

    /// Ends a stage: the milliseconds since the last one ended.
    pub(crate) fn lap(&mut self) -> u64 {
        let now = self.total_ms();
        let lap = now.saturating_sub(self.accounted);
        self.accounted = now.max(self.accounted);
        lap
    }

    /// Ends the fetcher's call: request, download and waiting are what it measured itself;
    /// the rest of the call (between attempts, handing over the body) counts as waiting.
    pub(crate) fn fetched(&mut self, record: &mut FetchRecord) {
        let lap = self.lap();
        let measured = record.wait_ms + record.request_ms + record.download_ms;
        record.wait_ms += lap.saturating_sub(measured);
    }

    /// Milliseconds since the fetch began.
    pub(crate) fn total_ms(&self) -> u64 {
        rounded_ms(self.started.elapsed())
    }
}
