//! Sync accounts in the store: the accounts, the feeds and items their server holds (mapped by
//! the server's ids, with each item's marks as the server last said them), and the queue of
//! marks made here and not yet pushed. The queue is filled by triggers (schema 12) in the same
//! transaction as the mark, so a mark is never lost between the click and the next sync.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{ArticleId, FeedId, FolderId, Store, StoreResult, now_ms};

/// A sync account's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct AccountId(pub i64);

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// One account. Its secret is never here: `secret_in` says where it is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountRow {
    pub id: AccountId,
    /// The protocol: "fever".
    pub kind: String,
    pub url: String,
    pub user: String,
    /// Where the secret is kept: "keyring" (the desktop's secret service) or "file".
    pub secret_in: String,
    /// The highest item id pulled so far.
    pub last_item_id: i64,
    /// When the server's marks were last read (ms).
    pub pulled_at: Option<i64>,
    /// When the last sync ended well (ms).
    pub synced_at: Option<i64>,
    /// Why the last sync failed, if it did (English; said in the reader's language where shown).
    pub last_error: Option<String>,
    /// Marks made here and not pushed yet.
    pub pending_marks: i64,
}

/// A mark made here, waiting to be pushed: the server's item id, "read", "unread", "saved" or
/// "unsaved", and when it was made (ms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMark {
    pub queue_id: i64,
    pub remote_id: i64,
    pub mark: String,
    pub made_at: i64,
}

/// A mark made here that the server does not have yet, and the queue rows it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkToPush {
    pub remote_id: i64,
    /// "read", "unread", "saved" or "unsaved".
    pub mark: String,
    pub queue_ids: Vec<i64>,
}

fn is_read_mark(mark: &str) -> bool {
    matches!(mark, "read" | "unread")
}

/// An item as the server has it, mapped to its local article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncedItem {
    pub remote_id: i64,
    pub article: ArticleId,
    pub read: bool,
    pub saved: bool,
}

const ACCOUNT_COLUMNS: &str = "a.id, a.kind, a.url, a.user_name, a.secret_in, a.last_item_id,
    a.pulled_at, a.synced_at, a.last_error,
    (SELECT COUNT(*) FROM sync_queue q WHERE q.account_id = a.id)";

fn account_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AccountRow> {
    Ok(AccountRow {
        id: AccountId(row.get(0)?),
        kind: row.get(1)?,
        url: row.get(2)?,
        user: row.get(3)?,
        secret_in: row.get(4)?,
        last_item_id: row.get(5)?,
        pulled_at: row.get(6)?,
        synced_at: row.get(7)?,
        last_error: row.get(8)?,
        pending_marks: row.get(9)?,
    })
}

impl Store {
    /// Adds an account; its secret is kept elsewhere (`secret_in` says where).
    pub fn add_account(
        &mut self,
        kind: &str,
        url: &str,
        user: &str,
        secret_in: &str,
    ) -> StoreResult<AccountId> {
        let id = self.conn.query_row(
            "INSERT INTO accounts (kind, url, user_name, secret_in, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            params![kind, url, user, secret_in, now_ms()],
            |r| r.get(0),
        )?;
        Ok(AccountId(id))
    }

    /// Records where the account's secret was kept.
    pub fn set_account_secret_in(&mut self, id: AccountId, secret_in: &str) -> StoreResult<()> {
        self.conn.execute(
            "UPDATE accounts SET secret_in = ?2 WHERE id = ?1",
            params![id.0, secret_in],
        )?;
        Ok(())
    }

    pub fn accounts(&self) -> StoreResult<Vec<AccountRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ACCOUNT_COLUMNS} FROM accounts a ORDER BY a.id"
        ))?;
        let rows = stmt.query_map([], account_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn account(&self, id: AccountId) -> StoreResult<Option<AccountRow>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = ?1"),
                [id.0],
                account_from_row,
            )
            .optional()?)
    }

    /// Removes an account with its feeds, their articles and its queue (nothing goes to the
    /// trash: the server still has it all). Returns how many feeds went.
    pub fn remove_account(&mut self, id: AccountId) -> StoreResult<usize> {
        let tx = self.conn.transaction()?;
        let feeds = tx.execute("DELETE FROM feeds WHERE account_id = ?1", [id.0])?;
        tx.execute("DELETE FROM accounts WHERE id = ?1", [id.0])?;
        tx.commit()?;
        Ok(feeds)
    }

    /// The local feed for the server's feed `remote_id`, made (or its title and folder set)
    /// from what the server says.
    pub fn upsert_account_feed(
        &mut self,
        account: AccountId,
        remote_id: i64,
        url: &str,
        site_url: Option<&str>,
        title: &str,
        folder: Option<FolderId>,
    ) -> StoreResult<FeedId> {
        // The address is the feed's own, marked as the account's, so that a subscription of
        // this device to the same feed stays a separate one.
        let local_url = format!("{url}#lamplight-account-{account}");
        let tx = self.conn.transaction()?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM feeds WHERE account_id = ?1 AND remote_id = ?2",
                params![account.0, remote_id],
                |r| r.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE feeds SET url = ?2, site_link = COALESCE(?3, site_link),
                        title = COALESCE(NULLIF(TRIM(?4), ''), title), folder_id = ?5
                     WHERE id = ?1",
                    params![id, local_url, site_url, title, folder.map(|f| f.0)],
                )?;
                id
            }
            None => tx.query_row(
                "INSERT INTO feeds (url, site_link, title, created_at, folder_id, account_id,
                    remote_id, full_text_mode)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'off') RETURNING id",
                params![
                    local_url,
                    site_url,
                    title,
                    now_ms(),
                    folder.map(|f| f.0),
                    account.0,
                    remote_id
                ],
                |r| r.get(0),
            )?,
        };
        tx.commit()?;
        Ok(FeedId(id))
    }

    /// The account's feeds by the server's id.
    pub fn account_feeds(&self, account: AccountId) -> StoreResult<Vec<(i64, FeedId)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT remote_id, id FROM feeds WHERE account_id = ?1 ORDER BY remote_id")?;
        let rows = stmt.query_map([account.0], |r| Ok((r.get(0)?, FeedId(r.get(1)?))))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The articles of `feed` with these stable keys (None where there is none: retention
    /// deleted it).
    pub fn articles_by_key(
        &self,
        feed: FeedId,
        keys: &[String],
    ) -> StoreResult<Vec<Option<ArticleId>>> {
        let mut find = self
            .conn
            .prepare_cached("SELECT id FROM articles WHERE feed_id = ?1 AND stable_key = ?2")?;
        keys.iter()
            .map(|key| {
                Ok(find
                    .query_row(params![feed.0, key], |r| r.get(0))
                    .optional()?
                    .map(ArticleId))
            })
            .collect()
    }

    /// Every item of the account known here, with the marks the server last said.
    pub fn synced_items(&self, account: AccountId) -> StoreResult<Vec<SyncedItem>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT remote_id, article_id, server_read, server_saved FROM account_items
             WHERE account_id = ?1",
        )?;
        let rows = stmt.query_map([account.0], |r| {
            Ok(SyncedItem {
                remote_id: r.get(0)?,
                article: ArticleId(r.get(1)?),
                read: r.get(2)?,
                saved: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The marks made here and not pushed yet, oldest first.
    pub fn queued_marks(&self, account: AccountId) -> StoreResult<Vec<QueuedMark>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, remote_id, mark, made_at FROM sync_queue WHERE account_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([account.0], |r| {
            Ok(QueuedMark {
                queue_id: r.get(0)?,
                remote_id: r.get(1)?,
                mark: r.get(2)?,
                made_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Meets the server's marks, read at `read_at`, with the marks here, in one transaction:
    /// where only the server changed a mark since it was last read, this device takes it; where
    /// a mark made here waits, it is pushed unless the server already has it (then it leaves
    /// the queue). Records the server's marks as read now. Returns the marks to push and how
    /// many marks here changed.
    pub fn reconcile_marks(
        &mut self,
        account: AccountId,
        unread: &HashSet<i64>,
        saved: &HashSet<i64>,
        read_at: i64,
    ) -> StoreResult<(Vec<MarkToPush>, usize)> {
        let known = self.synced_items(account)?;
        let queued = self.queued_marks(account)?;
        // The last mark of each kind per item (true: read/unread), with its rows.
        let mut waiting: HashMap<(i64, bool), (String, Vec<i64>)> = HashMap::new();
        for mark in queued {
            let entry = waiting
                .entry((mark.remote_id, is_read_mark(&mark.mark)))
                .or_default();
            entry.0 = mark.mark;
            entry.1.push(mark.queue_id);
        }
        let mut to_push = Vec::new();
        let mut settled: Vec<i64> = Vec::new();
        let mut items = Vec::with_capacity(known.len());
        let mut keep_local: HashSet<(i64, bool)> = HashSet::new();
        for item in known {
            let now = [
                (true, !unread.contains(&item.remote_id)),
                (false, saved.contains(&item.remote_id)),
            ];
            for (kind, there) in now {
                let Some((mark, rows)) = waiting.remove(&(item.remote_id, kind)) else {
                    continue;
                };
                // A mark has two values: where the server has the one wanted here, both sides
                // agree; otherwise the server either did not change it since the last reading
                // (the mark here is the only change) or changed it back and forth, or changed
                // it before a mark here that was made since that reading: either way the mark
                // here is the later one known, and is pushed. (A mark made here before the
                // last reading was met by it, so it cannot still be waiting against a change
                // the server made after.)
                let wanted = matches!(mark.as_str(), "read" | "saved");
                if there == wanted {
                    settled.extend(rows);
                } else {
                    keep_local.insert((item.remote_id, kind));
                    to_push.push(MarkToPush {
                        remote_id: item.remote_id,
                        mark,
                        queue_ids: rows,
                    });
                }
            }
            items.push(SyncedItem {
                read: now[0].1,
                saved: now[1].1,
                ..item
            });
        }
        // Marks of items not here any more have nothing to meet.
        settled.extend(waiting.into_values().flat_map(|(_, rows)| rows));
        let changed = self.apply_server_items_keeping(account, &items, &keep_local, &settled)?;
        self.conn.execute(
            "UPDATE accounts SET pulled_at = ?2 WHERE id = ?1",
            params![account.0, read_at],
        )?;
        Ok((to_push, changed))
    }

    /// Takes marks off the queue (pushed, or overtaken by a later change on the server); the
    /// server's marks for their items are recorded as what was pushed.
    pub fn unqueue_marks(
        &mut self,
        account: AccountId,
        queue_ids: &[i64],
        now_on_server: &[(i64, &str)],
    ) -> StoreResult<()> {
        let tx = self.conn.transaction()?;
        {
            let mut delete = tx.prepare_cached("DELETE FROM sync_queue WHERE id = ?1")?;
            for id in queue_ids {
                delete.execute([id])?;
            }
            let mut read =
                tx.prepare_cached("UPDATE account_items SET server_read = ?3 WHERE account_id = ?1 AND remote_id = ?2")?;
            let mut saved = tx.prepare_cached(
                "UPDATE account_items SET server_saved = ?3 WHERE account_id = ?1 AND remote_id = ?2",
            )?;
            for (remote_id, mark) in now_on_server {
                match *mark {
                    "read" | "unread" => {
                        read.execute(params![account.0, remote_id, *mark == "read"])?
                    }
                    _ => saved.execute(params![account.0, remote_id, *mark == "saved"])?,
                };
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Records items pulled from the server (or their marks as the server says them now) and
    /// sets the local marks to match, except for the kinds of mark in `keep_local` (changed here
    /// and not pushed yet). Marks set here are not queued: they came from the server.
    pub fn apply_server_items(
        &mut self,
        account: AccountId,
        items: &[SyncedItem],
        keep_local: &HashSet<(i64, bool)>,
    ) -> StoreResult<usize> {
        self.apply_server_items_keeping(account, items, keep_local, &[])
    }

    /// [`Store::apply_server_items`], also taking the queue rows `settled` off the queue.
    fn apply_server_items_keeping(
        &mut self,
        account: AccountId,
        items: &[SyncedItem],
        keep_local: &HashSet<(i64, bool)>,
        settled: &[i64],
    ) -> StoreResult<usize> {
        let tx = self.conn.transaction()?;
        {
            let mut delete = tx.prepare_cached("DELETE FROM sync_queue WHERE id = ?1")?;
            for id in settled {
                delete.execute([id])?;
            }
        }
        let before: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) FROM sync_queue", [], |r| {
            r.get(0)
        })?;
        let mut changed = 0;
        {
            let mut map = tx.prepare_cached(
                "INSERT INTO account_items (account_id, remote_id, article_id, server_read,
                    server_saved) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (account_id, remote_id) DO UPDATE SET article_id = excluded.article_id,
                    server_read = excluded.server_read, server_saved = excluded.server_saved",
            )?;
            let mut read = tx.prepare_cached(
                "UPDATE article_status SET read = ?2 WHERE article_id = ?1 AND read IS NOT ?2",
            )?;
            let mut starred = tx.prepare_cached(
                "UPDATE article_status SET starred = ?2 WHERE article_id = ?1 AND starred IS NOT ?2",
            )?;
            for item in items {
                map.execute(params![
                    account.0,
                    item.remote_id,
                    item.article.0,
                    item.read,
                    item.saved
                ])?;
                // (remote id, true) is a read mark kept; (remote id, false) a star kept.
                if !keep_local.contains(&(item.remote_id, true)) {
                    changed += read.execute(params![item.article.0, item.read])?;
                }
                if !keep_local.contains(&(item.remote_id, false)) {
                    changed += starred.execute(params![item.article.0, item.saved])?;
                }
            }
        }
        // The triggers queued the marks just set; they are the server's own, not to push.
        tx.execute("DELETE FROM sync_queue WHERE id > ?1", [before])?;
        tx.commit()?;
        Ok(changed)
    }

    /// Notes the end of a sync: the highest item pulled, when the marks were read, and the
    /// error (None when it ended well).
    pub fn note_sync(
        &mut self,
        account: AccountId,
        last_item_id: i64,
        pulled_at: Option<i64>,
        error: Option<&str>,
    ) -> StoreResult<()> {
        let now = now_ms();
        self.conn.execute(
            "UPDATE accounts SET last_item_id = MAX(last_item_id, ?2),
                pulled_at = COALESCE(?3, pulled_at), last_error = ?4,
                synced_at = CASE WHEN ?4 IS NULL THEN ?5 ELSE synced_at END
             WHERE id = ?1",
            params![account.0, last_item_id, pulled_at, error, now],
        )?;
        Ok(())
    }
}
