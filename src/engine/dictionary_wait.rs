//! A refresh into a store without a compression dictionary holds its first feeds until one is
//! trained. Texts written before the dictionary exists are stored unpacked (or packed alone),
//! and once it is trained each of them had to be packed again and the file rewritten to give
//! the space back: a fifth to a quarter of a cold refresh's wall time, at 100, 300 and 1,000
//! feeds. So each fetched feed offers its texts as samples and waits until the dictionary is
//! trained (at 512 texts, a dozen feeds); when every feed in flight waits (together they hold
//! too few texts to train one) they are let go and stored as before.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use std::time::Duration;

use tokio::sync::Notify;

use crate::store::Packing;

/// The longest a feed waits for the dictionary: a dozen feeds' texts train it in tens of
/// milliseconds; a fetch still running (up to its timeout) holds nobody longer than this.
const LONGEST_WAIT: Duration = Duration::from_secs(1);

#[derive(Default)]
pub(super) struct DictionaryWait {
    /// Feeds waiting now.
    waiting: AtomicUsize,
    /// Feeds no longer wait (the refresh's feeds in flight all waited).
    released: AtomicBool,
    /// A dictionary was trained, or the wait released.
    changed: Notify,
    /// A feed began waiting (for the refresh's loop, which may release them).
    arrived: Notify,
}

impl DictionaryWait {
    pub(super) fn new() -> Arc<DictionaryWait> {
        Arc::new(DictionaryWait::default())
    }

    /// Whether a feed is still to wait: no dictionary yet, and not released.
    pub(super) fn holds(&self, packing: &Packing) -> bool {
        !self.released.load(Ordering::Acquire) && packing.newest().is_none()
    }

    /// For a feed that offered its texts: returns once `packing` has a dictionary, the wait is
    /// released, or [`LONGEST_WAIT`] has passed (a feed that takes long to arrive must not
    /// keep the others unstored: they are packed without the dictionary and again after).
    /// Returns whether the feed's wait ended before that.
    pub(super) async fn until_trained(&self, packing: &Packing) -> bool {
        self.until_trained_within(packing, LONGEST_WAIT).await
    }

    async fn until_trained_within(&self, packing: &Packing, longest: Duration) -> bool {
        tokio::time::timeout(longest, self.until_trained_or_released(packing))
            .await
            .is_ok()
    }

    async fn until_trained_or_released(&self, packing: &Packing) {
        if !self.holds(packing) {
            // This feed's texts may have trained it: the others go on.
            self.changed.notify_waiters();
            return;
        }
        let _counted = Waiting::count(self);
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if !self.holds(packing) {
                return;
            }
            changed.await;
        }
    }

    /// Wakes the waiting feeds (the dictionary was just trained).
    pub(super) fn wake(&self) {
        self.changed.notify_waiters();
    }

    /// Waits until a feed begins to wait (to see whether all in flight now do).
    pub(super) async fn arrival(&self) {
        self.arrived.notified().await;
    }

    /// Lets the waiting feeds go when they are all of the `in_flight` ones: nothing else can
    /// bring the texts a dictionary needs.
    pub(super) fn release_if_all_wait(&self, in_flight: usize) {
        if in_flight > 0 && self.waiting.load(Ordering::Acquire) >= in_flight {
            self.released.store(true, Ordering::Release);
            self.changed.notify_waiters();
        }
    }
}

/// One waiting feed, counted while it waits (however its wait ends).
struct Waiting<'a>(&'a DictionaryWait);

impl<'a> Waiting<'a> {
    fn count(wait: &'a DictionaryWait) -> Waiting<'a> {
        wait.waiting.fetch_add(1, Ordering::AcqRel);
        wait.arrived.notify_one();
        Waiting(wait)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.waiting.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// A failure bound, not a synchronisation: a correct wait ends long before it.
    const BOUND: Duration = Duration::from_secs(20);

    fn train(packing: &Packing) {
        let words = [
            "kubernetes",
            "celery",
            "saltstack",
            "django",
            "ansible",
            "nginx",
        ];
        for n in 0..600 {
            packing.offer_sample(&format!(
                "<p>运维进行时：第{n}篇，数据资产管理与自动化部署。Notes {n} on {} and {} ({}).</p>",
                words[n % 6],
                words[(n / 6) % 6],
                n * 7919 % 10007
            ));
        }
        assert!(packing.newest().is_some(), "600 samples train a dictionary");
    }

    fn waiter(wait: &Arc<DictionaryWait>, packing: &Arc<Packing>) -> tokio::task::JoinHandle<()> {
        let (wait, packing) = (wait.clone(), packing.clone());
        tokio::spawn(async move {
            assert!(
                wait.until_trained(&packing).await,
                "ended before the longest wait"
            );
        })
    }

    #[tokio::test]
    async fn feeds_wait_until_the_dictionary_is_trained_then_go_on_together() {
        let (wait, packing) = (DictionaryWait::new(), Arc::new(Packing::default()));
        let first = waiter(&wait, &packing);
        let second = waiter(&wait, &packing);
        // Both wait: with three feeds in flight, nobody is let go.
        while wait.waiting.load(Ordering::Acquire) < 2 {
            tokio::time::timeout(BOUND, wait.arrival())
                .await
                .expect("arrivals");
        }
        wait.release_if_all_wait(3);
        assert!(!first.is_finished() && !second.is_finished());
        assert!(wait.holds(&packing));
        // The third feed's texts train the dictionary; its own wait wakes the others.
        train(&packing);
        let ended = tokio::time::timeout(BOUND, wait.until_trained(&packing))
            .await
            .expect("the third does not wait");
        assert!(ended);
        tokio::time::timeout(BOUND, async {
            first.await.expect("first");
            second.await.expect("second");
        })
        .await
        .expect("the waiting feeds go on once it is trained");
        assert_eq!(wait.waiting.load(Ordering::Acquire), 0);
    }

    #[tokio::test]
    async fn feeds_that_all_wait_are_let_go_without_a_dictionary() {
        let (wait, packing) = (DictionaryWait::new(), Arc::new(Packing::default()));
        let feeds: Vec<_> = (0..3).map(|_| waiter(&wait, &packing)).collect();
        while wait.waiting.load(Ordering::Acquire) < 3 {
            tokio::time::timeout(BOUND, wait.arrival())
                .await
                .expect("arrivals");
        }
        wait.release_if_all_wait(3);
        for feed in feeds {
            tokio::time::timeout(BOUND, feed)
                .await
                .expect("released")
                .expect("feed");
        }
        assert!(packing.newest().is_none());
        // Released for good: later feeds of the refresh do not wait either.
        assert!(!wait.holds(&packing));
        let ended = tokio::time::timeout(BOUND, wait.until_trained(&packing))
            .await
            .expect("no wait after the release");
        assert!(ended);
    }

    #[tokio::test]
    async fn a_feed_does_not_wait_longer_than_the_longest_wait() {
        // Two feeds in flight, the other one never arrives (a fetch that hangs): this one goes
        // on by itself, unreleased and without a dictionary.
        let (wait, packing) = (DictionaryWait::new(), Arc::new(Packing::default()));
        let ended = tokio::time::timeout(
            BOUND,
            wait.until_trained_within(&packing, Duration::from_millis(50)),
        )
        .await
        .expect("bounded");
        assert!(!ended, "the wait ran out");
        assert!(
            wait.holds(&packing),
            "the others still wait for the dictionary"
        );
        assert_eq!(wait.waiting.load(Ordering::Acquire), 0, "no longer counted");
    }
}
