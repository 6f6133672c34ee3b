//! Watches the store for commits by other connections (the command line, a script) on a thread
//! with its own connection, and wakes the window only when there is one: the window never
//! wakes on a timer just to look, so an idle window paints nothing until something changes or
//! a feed is due.

use std::time::Duration;

use crate::store::Store;

/// How often the thread reads `PRAGMA data_version` (a few microseconds, no window involved).
pub const LOOK_EVERY: Duration = Duration::from_secs(2);

/// Starts the thread; `changed` is called on each change and returns false once the window is
/// gone, which ends the thread.
pub fn spawn(store: Store, changed: impl Fn() -> bool + Send + 'static) {
    let spawned = std::thread::Builder::new()
        .name("lamplight-watch".into())
        .spawn(move || {
            let mut seen = store.data_version().unwrap_or(0);
            loop {
                std::thread::sleep(LOOK_EVERY);
                match store.data_version() {
                    Ok(version) if version != seen => {
                        seen = version;
                        if !changed() {
                            return;
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!("stopped watching the store for outside changes: {e}");
                        return;
                    }
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot watch the store for outside changes: {e}");
    }
}
