//! After a fetch: works out the feed's next refresh from the fetch, the server's headers, the
//! document's hints and the feed's history ([`super::schedule::plan`]), stores it with its
//! reason, and holds the host's other feeds when the server asked every client to wait.

use crate::feed::FeedHints;
use crate::fetch::ServerHeaders;
use crate::store::{
    FeedId, FetchOutcomeKind, FetchRecord, NextRefresh, Store, StoreResult, now_ms,
};

use super::schedule::{self, Inputs, Limits};

/// Items whose publishing times the history estimate reads.
const HISTORY_ITEMS: i64 = 50;

/// The user's bounds, else the defaults (a minimum above the maximum is read as both).
pub(super) fn limits(store: &Store) -> StoreResult<Limits> {
    Ok(Limits::from_stored(store.schedule_limits()?))
}

/// Stores the feed's next refresh; `parsed_hints` are the document's when this fetch parsed it.
pub(super) fn reschedule(
    store: &mut Store,
    feed: FeedId,
    record: &FetchRecord,
    server: &ServerHeaders,
    parsed_hints: Option<&FeedHints>,
) -> StoreResult<()> {
    let state = store.schedule_state(feed)?;
    let hints: FeedHints = match parsed_hints {
        Some(hints) => hints.clone(),
        None => state
            .hints
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default(),
    };
    let ok = record.outcome != FetchOutcomeKind::Error;
    let failures = if ok { 0 } else { state.failures + 1 };
    let published = store.publish_times(feed, HISTORY_ITEMS)?;
    let plan = schedule::plan(&Inputs {
        now_ms: now_ms(),
        ok,
        status: record.http_status,
        error: record.error.as_deref(),
        failures,
        server,
        hints: &hints,
        published_ms: &published,
        pinned_s: state.pinned_s,
        limits: limits(store)?,
    });
    let hints_json = parsed_hints.and_then(|h| serde_json::to_string(h).ok());
    store.save_schedule(
        feed,
        &NextRefresh {
            at_ms: plan.next_at_ms,
            reason: &plan.reason,
            failures,
            hints: hints_json.as_deref(),
        },
    )?;
    if let Some(until) = plan.host_quiet_until_ms {
        let url = store.feed(feed)?.url;
        let host = url::Url::parse(&url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned));
        if let Some(host) = host {
            let same_host: Vec<FeedId> = store
                .live_feeds()?
                .into_iter()
                .filter(|f| f.id != feed)
                .filter(|f| {
                    url::Url::parse(&f.url)
                        .ok()
                        .is_some_and(|u| u.host_str() == Some(host.as_str()))
                })
                .map(|f| f.id)
                .collect();
            let reason = format!("{host} asked every client to wait: {}", plan.reason);
            store.hold_feeds(&same_host, until, &reason)?;
        }
    }
    Ok(())
}
