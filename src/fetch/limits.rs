//! Concurrency limits: at most N requests to one host and M in all.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Per-host and global semaphores. A permit of each is held for a whole fetch, retries included.
pub struct HostLimits {
    per_host: usize,
    global: Arc<Semaphore>,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

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
        }
    }

    /// Waits for a slot for `host` and a global one. The host slot is taken first so that
    /// requests queued behind a busy host do not hold global slots others could use.
    pub async fn acquire(&self, host: &str) -> Permit {
        let host_semaphore = {
            let mut hosts = match self.hosts.lock() {
                Ok(guard) => guard,
                Err(poisoned) => poisoned.into_inner(),
            };
            hosts
                .entry(host.to_ascii_lowercase())
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
                .clone()
        };
        // The semaphores are never closed, so acquiring cannot fail; `ok()` keeps that honest.
        let host_permit = host_semaphore.acquire_owned().await.ok();
        let global_permit = self.global.clone().acquire_owned().await.ok();
        Permit {
            _host: host_permit,
            _global: global_permit,
        }
    }
}
