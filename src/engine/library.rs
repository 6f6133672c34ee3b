//! Organising the library: OPML import and export, folders on subscribe, and retention.

use super::{Engine, EngineError};
use crate::feed::{OpmlFeed, parse_opml, write_opml};
use crate::store::{FeedId, RetentionPolicy, Store, now_ms};

/// What an OPML import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub added: Vec<String>,
    pub already_subscribed: Vec<String>,
    /// URLs not imported, each with why.
    pub skipped: Vec<(String, String)>,
}

impl Engine {
    /// Imports an OPML document: every feed it lists that is not subscribed yet, with its
    /// folder, in one transaction (a bad file imports nothing). Importing twice adds nothing.
    /// The new feeds are due, so the next refresh fetches them.
    pub fn import_opml(&self, text: &str) -> Result<ImportReport, EngineError> {
        match self.apply(&super::LibraryChange::ImportOpml(text.to_owned()))? {
            super::ChangeOutcome::Imported(report) => Ok(report),
            _ => Ok(ImportReport::default()),
        }
    }

    /// Every subscription as OPML 2.0, folders as outlines.
    pub fn export_opml(&self) -> Result<String, EngineError> {
        let store = self.store();
        let folders = store.folders()?;
        let feeds: Vec<OpmlFeed> = store
            .feeds()?
            .into_iter()
            .map(|f| OpmlFeed {
                title: if f.title.is_empty() {
                    f.url.clone()
                } else {
                    f.title
                },
                url: f.url,
                site_url: f.site_link,
                folder: f
                    .folder_id
                    .and_then(|id| folders.iter().find(|d| d.id == id))
                    .map(|d| d.name.clone()),
            })
            .collect();
        write_opml("Lamplight subscriptions", &feeds).map_err(EngineError::Opml)
    }

    /// Puts `feed` in the folder called `name` (made if needed).
    pub fn file_feed(&self, feed: FeedId, name: &str) -> Result<(), EngineError> {
        self.apply(&super::LibraryChange::CreateFolder {
            name: name.to_owned(),
            with_feed: Some(feed),
        })?;
        Ok(())
    }

    /// Applies `policy` now; returns how many articles were deleted.
    pub fn apply_retention(&self, policy: RetentionPolicy) -> Result<usize, EngineError> {
        Ok(self.store().apply_retention(policy, now_ms())?)
    }
}

/// Imports an OPML document into `store`: every feed it lists that is not subscribed yet, with
/// its folder, in one transaction (a bad file imports nothing).
pub(super) fn import_opml(store: &mut Store, text: &str) -> Result<ImportReport, EngineError> {
    let contents = parse_opml(text).map_err(EngineError::Opml)?;
    let entries: Vec<_> = contents
        .feeds
        .iter()
        .map(|f| {
            (
                f.url.clone(),
                f.title.clone(),
                f.site_url.clone(),
                f.folder.clone(),
            )
        })
        .collect();
    let (added, already_subscribed) = store.import_subscriptions(&entries)?;
    Ok(ImportReport {
        added,
        already_subscribed,
        skipped: contents.skipped,
    })
}
