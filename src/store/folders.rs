//! Folders (a feed belongs to at most one) and bulk status changes: mark all read per feed,
//! per folder, or everywhere.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{ArticleId, FeedId, Store, StoreError, StoreResult};

/// A folder's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct FolderId(pub i64);

impl std::fmt::Display for FolderId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A folder with the number of feeds in it and their unread articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FolderRow {
    pub id: FolderId,
    pub name: String,
    pub feed_count: i64,
    pub unread_count: i64,
}

/// Which articles "mark all read" touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkScope {
    All,
    Feed(FeedId),
    Folder(FolderId),
}

impl Store {
    /// The folder called `name`, made if it does not exist yet.
    pub fn create_folder(&mut self, name: &str) -> StoreResult<FolderId> {
        let name = name.trim();
        self.conn.execute(
            "INSERT INTO folders (name) VALUES (?1) ON CONFLICT(name) DO NOTHING",
            [name],
        )?;
        Ok(FolderId(self.conn.query_row(
            "SELECT id FROM folders WHERE name = ?1",
            [name],
            |r| r.get(0),
        )?))
    }

    /// Renames a folder.
    pub fn rename_folder(&mut self, id: FolderId, name: &str) -> StoreResult<()> {
        let changed = self.conn.execute(
            "UPDATE folders SET name = ?2 WHERE id = ?1",
            params![id.0, name.trim()],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSuchFolder(id));
        }
        Ok(())
    }

    /// Deletes a folder; its feeds move to the top level.
    pub fn delete_folder(&mut self, id: FolderId) -> StoreResult<()> {
        let changed = self
            .conn
            .execute("DELETE FROM folders WHERE id = ?1", [id.0])?;
        if changed == 0 {
            return Err(StoreError::NoSuchFolder(id));
        }
        Ok(())
    }

    /// Puts a feed in a folder, or at the top level with `None`.
    pub fn move_feed(&mut self, feed: FeedId, folder: Option<FolderId>) -> StoreResult<()> {
        let changed = self.conn.execute(
            "UPDATE feeds SET folder_id = ?2 WHERE id = ?1",
            params![feed.0, folder.map(|f| f.0)],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSuchFeed(feed));
        }
        Ok(())
    }

    /// The folder called `name`, if any.
    pub fn folder_by_name(&self, name: &str) -> StoreResult<Option<FolderId>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM folders WHERE name = ?1",
                [name.trim()],
                |r| r.get(0).map(FolderId),
            )
            .optional()?)
    }

    /// Every folder with its counts, by name.
    pub fn folders(&self) -> StoreResult<Vec<FolderRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.name,
                (SELECT COUNT(*) FROM feeds f WHERE f.folder_id = d.id),
                (SELECT COALESCE(SUM(f.unread_count), 0) FROM feeds f WHERE f.folder_id = d.id)
             FROM folders d ORDER BY d.name COLLATE NOCASE, d.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(FolderRow {
                id: FolderId(r.get(0)?),
                name: r.get(1)?,
                feed_count: r.get(2)?,
                unread_count: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Marks every unread article in `scope` read; returns how many changed.
    pub fn mark_all_read(&mut self, scope: MarkScope) -> StoreResult<usize> {
        Ok(self.mark_all_read_returning(scope)?.len())
    }

    /// Marks every unread article in `scope` read and returns exactly those articles, so that
    /// an undo can make them (and only them) unread again.
    pub fn mark_all_read_returning(&mut self, scope: MarkScope) -> StoreResult<Vec<ArticleId>> {
        let (condition, value) = match scope {
            MarkScope::All => ("1 = 1 OR ?1 IS NULL", None),
            MarkScope::Feed(f) => ("a.feed_id = ?1", Some(f.0)),
            MarkScope::Folder(d) => (
                "a.feed_id IN (SELECT id FROM feeds WHERE folder_id = ?1)",
                Some(d.0),
            ),
        };
        let mut stmt = self.conn.prepare(&format!(
            "UPDATE article_status SET read = 1 WHERE read = 0 AND article_id IN
                (SELECT a.id FROM articles a WHERE {condition})
             RETURNING article_id"
        ))?;
        let ids = stmt.query_map([value], |r| r.get(0).map(ArticleId))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }
}
