//! Concurrency limits (at most N requests to one host and M in all) and a short memory of
//! hosts that could not be reached, so that fifty images on an unreachable host cost one
//! failed connection, not fifty.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Per-host and global semaphores. A permit of each is held for a whole fetch, retries included.
pub struct HostLimits {
    per_host: usize,
    global: Arc<Semaphore>,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
    unreachable: Mutex<HashMap<String, (Instant, String)>>,
}

/// A host's slot, held while its name is looked up and then with a global one.
pub struct HostSlot(Option<OwnedSemaphorePermit>);

/// Both permits; dropping it frees the slots.
pub struct Permit {
    _host: Option<OwnedSemaphorePermit>,
    _global: Option<OwnedSemaphorePermit>,
}

impl HostLimits {
    /// Limits of `per_host` requests per host and `global` in all (each at least 1).
    pub fn new(per_host: usize, global: usize) -> HostLimits {
        HostLimits {
            per_host: per_host.max(1),
            global: Arc::new(Semaphore::new(global.max(1))),
            hosts: Mutex::new(HashMap::new()),
            unreachable: Mutex::new(HashMap::new()),
        }
    }

    /// Remembers that `host` could not be reached, and why, for `for_how_long`.
    pub fn mark_unreachable(&self, host: &str, cause: &str, for_how_long: Duration) {
        let mut map = self.unreachable.lock().unwrap_or_else(|p| p.into_inner());
        map.insert(
            host.to_ascii_lowercase(),
            (Instant::now() + for_how_long, cause.to_owned()),
        );
    }

    /// Why `host` is still considered unreachable, if it is.
    pub fn unreachable(&self, host: &str) -> Option<String> {
        let mut map = self.unreachable.lock().unwrap_or_else(|p| p.into_inner());
        let key = host.to_ascii_lowercase();
        match map.get(&key) {
            Some((until, cause)) if *until > Instant::now() => Some(cause.clone()),
            Some(_) => {
                map.remove(&key);
                None
            }
            None => None,
        }
    }

    /// Waits for a slot for `host`. Taken before the global one (and before the host name is
    /// looked up) so that requests queued behind a busy or slowly resolving host do not hold
    /// global slots others could use.
    pub async fn host_slot(&self, host: &str) -> HostSlot {
        let host_semaphore = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            hosts
                .entry(host.to_ascii_lowercase())
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
                .clone()
        };
        // The semaphores are never closed, so acquiring cannot fail; `ok()` keeps that honest.
        HostSlot(host_semaphore.acquire_owned().await.ok())
    }

    /// Waits for a global slot, given the host's: both are held until the permit drops.
    pub async fn global_slot(&self, host: HostSlot) -> Permit {
        let global_permit = self.global.clone().acquire_owned().await.ok();
        Permit {
            _host: host.0,
            _global: global_permit,
        }
    }
}
