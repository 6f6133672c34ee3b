//! The one writer of a refresh (group commit). Each fetched feed's writes (its redirect count,
//! articles, row, schedule and full-text decision) and each fetch record are queued here;
//! whoever finds the writer idle becomes it, on a blocking thread, and writes everything queued
//! meanwhile in one transaction, the search entries last. When a job fails, the batch is rolled
//! back and each job written alone, in a savepoint, so its failure is its own record's. A
//! transaction per write cost a commit each (WAL frames, a search-index segment to merge later,
//! a checkpoint now and then) and a blocking thread that waited for its turn instead of parsing.

use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;

use super::Shared;
use super::refresh::Work;
use crate::feed::ParsedFeed;
use crate::fetch::ServerHeaders;
use crate::store::{
    ArticleId, FeedId, FetchOutcomeKind, FetchRecord, Moved, PageWanted, PreparedArticle, Store,
    StoreResult, ToIndex,
};

/// Jobs written in one transaction at most, and the articles they may carry: a batch holds the
/// writer (and so the window's marks) for tens of milliseconds, not seconds.
const BATCH_JOBS: usize = 64;
const BATCH_ARTICLES: usize = 2_000;

/// The writes waiting for the writer.
#[derive(Default)]
pub(super) struct WriteQueue(Mutex<Queue>);

#[derive(Default)]
struct Queue {
    jobs: Vec<Job>,
    /// A blocking thread is writing and will take what is queued.
    writing: bool,
}

enum Job {
    Feed(Box<FeedWrite>, oneshot::Sender<FeedWritten>),
    Record(Box<FetchRecord>, oneshot::Sender<FetchRecord>),
}

impl Job {
    fn articles(&self) -> usize {
        match self {
            Job::Feed(write, _) => write.prepared.len(),
            Job::Record(..) => 0,
        }
    }
}

/// What a fetch leaves to write.
pub(super) struct FeedWrite {
    pub record: FetchRecord,
    pub feed_id: FeedId,
    pub work: Work,
    /// Each article's stored values ([`crate::store::prepare_articles`]), made off the writer.
    pub prepared: Vec<PreparedArticle>,
    pub server: ServerHeaders,
    /// `Some` when the fetch reached the server: the permanent redirect it followed, if any.
    pub moved_to: Option<Option<String>>,
    /// Full text's automatic decision from the articles ([`super::looks_like_excerpts`]).
    pub excerpts: Option<(bool, String)>,
}

/// What the writer made of a [`FeedWrite`].
pub(super) struct FeedWritten {
    pub record: FetchRecord,
    /// The parsed feed back, with (index, id) of each new or updated article, when stored.
    pub ingested: Option<(ParsedFeed, Vec<(usize, ArticleId)>)>,
    /// The pages of new articles the full-text stage is to read.
    pub pages: Vec<PageWanted>,
}

impl WriteQueue {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Queues a fetch's result for the writer at once, and returns the wait for it to be written:
/// a caller can let go of what it holds while its turn comes. The record says what became of
/// it (never fails: failure is the record's).
pub(super) fn queue_feed(
    shared: &Arc<Shared>,
    write: FeedWrite,
) -> impl std::future::Future<Output = FeedWritten> + use<> {
    let mut fallback = write.record.clone();
    let (reply, written) = oneshot::channel();
    submit(shared, Job::Feed(Box::new(write), reply));
    async move {
        written.await.unwrap_or_else(|_| {
            fallback.outcome = FetchOutcomeKind::Error;
            fallback.error =
                Some(crate::english!("engine-writer-stopped", cause = "panic").to_owned());
            FeedWritten {
                record: fallback,
                ingested: None,
                pages: Vec::new(),
            }
        })
    }
}

/// Saves a fetch record; returns it with its id when saved.
pub(super) async fn write_record(shared: &Arc<Shared>, record: FetchRecord) -> FetchRecord {
    let fallback = record.clone();
    let (reply, saved) = oneshot::channel();
    submit(shared, Job::Record(Box::new(record), reply));
    saved.await.unwrap_or(fallback)
}

fn submit(shared: &Arc<Shared>, job: Job) {
    let start = {
        let mut queue = shared.writes.lock();
        queue.jobs.push(job);
        !std::mem::replace(&mut queue.writing, true)
    };
    if start {
        let shared = shared.clone();
        tokio::task::spawn_blocking(move || drain(&shared));
    }
}

/// Writes batches until the queue is empty, then leaves the writer idle.
fn drain(shared: &Shared) {
    let _idle = IdleOnPanic(&shared.writes);
    loop {
        let jobs = {
            let mut queue = shared.writes.lock();
            if queue.jobs.is_empty() {
                queue.writing = false;
                return;
            }
            let (mut take, mut articles) = (0, 0);
            for job in &queue.jobs {
                if take == BATCH_JOBS || (take > 0 && articles + job.articles() > BATCH_ARTICLES) {
                    break;
                }
                take += 1;
                articles += job.articles();
            }
            queue.jobs.drain(..take).collect::<Vec<_>>()
        };
        write_batch(&mut shared.store(), jobs);
    }
}

/// A writer that panicked leaves the queue idle and drops what waited (each waiter gets its
/// record back as an error), so the next write starts a writer again.
struct IdleOnPanic<'a>(&'a WriteQueue);

impl Drop for IdleOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let mut queue = self.0.lock();
            queue.writing = false;
            queue.jobs.clear();
        }
    }
}

/// What writing one job gave, before its transaction committed.
enum Outcome {
    Feed {
        record: Box<FetchRecord>,
        changed: Option<Vec<(usize, ArticleId)>>,
        pages: Vec<PageWanted>,
    },
    Record(Option<i64>),
}

/// Writes `jobs` in one transaction. Jobs of a batch are written without savepoints (SQLite
/// copies every page a savepoint touches first: a fifth of the writer's time): when one fails
/// or the transaction cannot commit, all are written again, each alone in a transaction of its
/// own, where a feed whose articles cannot be stored still gets its failure and schedule.
fn write_batch(store: &mut Store, jobs: Vec<Job>) {
    let alone = jobs.len() == 1;
    let mut outcomes = Vec::with_capacity(jobs.len());
    let committed = store.in_transaction(|store| {
        let mut to_index = Vec::new();
        for job in &jobs {
            outcomes.push(match job {
                Job::Feed(write, _) => write_one_feed(store, write, &mut to_index, alone)?,
                Job::Record(record, _) => {
                    Outcome::Record(match guarded(store, alone, |s| s.insert_fetch(record)) {
                        Ok(id) => Some(id),
                        Err(e) if alone => {
                            tracing::error!(
                                "could not save the fetch record of {}: {e}",
                                record.feed_id
                            );
                            None
                        }
                        Err(e) => return Err(e),
                    })
                }
            });
        }
        store.index_written(&to_index)
    });
    match committed {
        Ok(()) => {
            for (job, outcome) in jobs.into_iter().zip(outcomes) {
                reply(job, outcome);
            }
        }
        Err(e) if !alone => {
            tracing::warn!(
                "a batch of {} writes failed ({e}); writing each alone",
                jobs.len()
            );
            for job in jobs {
                write_batch(store, vec![job]);
            }
        }
        Err(e) => {
            for job in jobs {
                fail(job, &e);
            }
        }
    }
}

/// `write` inside a savepoint when the job is written alone (its failure undone, the rest
/// kept); in a batch, as it is (a failure fails the batch).
fn guarded<T>(
    store: &mut Store,
    alone: bool,
    write: impl FnOnce(&mut Store) -> StoreResult<T>,
) -> StoreResult<T> {
    if alone {
        store.in_savepoint(write)
    } else {
        write(store)
    }
}

fn reply(job: Job, outcome: Outcome) {
    match (job, outcome) {
        (
            Job::Feed(write, sender),
            Outcome::Feed {
                record,
                changed,
                pages,
            },
        ) => {
            let ingested = match (write.work, changed) {
                (Work::Ingest(parsed, ..), Some(changed)) => Some((parsed, changed)),
                _ => None,
            };
            let _ = sender.send(FeedWritten {
                record: *record,
                ingested,
                pages,
            });
        }
        (Job::Record(mut record, sender), Outcome::Record(id)) => {
            record.id = id;
            let _ = sender.send(*record);
        }
        (job, _) => fail(job, &"a write's outcome did not match it"),
    }
}

fn fail(job: Job, cause: &dyn std::fmt::Display) {
    match job {
        Job::Feed(write, sender) => {
            let mut record = write.record;
            record.outcome = FetchOutcomeKind::Error;
            record.error = Some(crate::english!(
                "engine-save-failed",
                cause = cause.to_string()
            ));
            let _ = sender.send(FeedWritten {
                record,
                ingested: None,
                pages: Vec::new(),
            });
        }
        Job::Record(record, sender) => {
            tracing::error!(
                "could not save the fetch record of {}: {cause}",
                record.feed_id
            );
            let _ = sender.send(*record);
        }
    }
}

/// One feed's writes inside the batch's transaction; its search entries join `to_index`. In a
/// batch any failure is returned (the batch is written again, job by job); written `alone`,
/// a failure is the record's.
fn write_one_feed<'a>(
    store: &mut Store,
    write: &'a FeedWrite,
    to_index: &mut Vec<ToIndex<'a>>,
    alone: bool,
) -> StoreResult<Outcome> {
    let feed_id = write.feed_id;
    let mut record = write.record.clone();
    if let Some(target) = &write.moved_to {
        match guarded(store, alone, |s| follow_move(s, feed_id, target.as_deref())) {
            Ok(Some(note)) => {
                record.note = Some(match record.note.take() {
                    Some(later) => format!("{note}; {later}"),
                    None => note,
                })
            }
            Ok(None) => {}
            Err(e) if alone => tracing::warn!("cannot record a redirect of feed {feed_id}: {e}"),
            Err(e) => return Err(e),
        }
    }
    let mut changed = None;
    let stored = guarded(store, alone, |store| match &write.work {
        Work::Fail(cause) => {
            record.outcome = FetchOutcomeKind::Error;
            let mut cause = cause.clone();
            if record.http_status == Some(410) {
                cause = crate::english!("engine-feed-gone", cause = cause);
                if let Err(e) = store.mark_feed_gone(feed_id, &cause) {
                    tracing::warn!("cannot mark feed {feed_id} gone: {e}");
                }
            }
            let saved = store.mark_feed_failed(feed_id, &cause);
            record.error = Some(cause);
            saved
        }
        Work::Keep(cache) => store.mark_feed_fetched(feed_id, cache),
        Work::Ingest(parsed, cache, _) => {
            let rows =
                store.ingest_rows(feed_id, &parsed.meta, &parsed.articles, &write.prepared)?;
            store.mark_feed_fetched(feed_id, cache)?;
            record.outcome = FetchOutcomeKind::Ok;
            record.new_articles = rows.counts.new_articles;
            record.updated_articles = rows.counts.updated_articles;
            record.total_articles = rows.counts.total_articles;
            to_index.extend(rows.to_index);
            changed = Some(rows.changed);
            Ok(())
        }
    });
    if let Err(e) = stored {
        if !alone {
            return Err(e);
        }
        record.outcome = FetchOutcomeKind::Error;
        let cause = crate::english!("engine-save-failed", cause = e.to_string());
        // The feed shows why its articles are missing, as it shows a failed fetch.
        if let Err(e) = store.in_savepoint(|s| s.mark_feed_failed(feed_id, &cause)) {
            tracing::warn!("cannot record the failure of feed {feed_id}: {e}");
        }
        record.error = Some(cause);
        changed = None;
    }
    let hints = match (&write.work, &changed) {
        (Work::Ingest(parsed, ..), Some(_)) => Some(parsed.hints.as_ref()),
        _ => None,
    };
    if let Err(e) = store
        .in_savepoint(|s| super::reschedule::reschedule(s, feed_id, &record, &write.server, hints))
    {
        tracing::warn!("cannot schedule feed {feed_id}: {e}");
    }
    let mut pages = Vec::new();
    if let Some(changed) = &changed {
        let ids: Vec<ArticleId> = changed.iter().map(|&(_, id)| id).collect();
        match guarded(store, alone, |s| {
            super::full_text::pages_wanted(s, feed_id, write.excerpts.as_ref(), &ids)
        }) {
            Ok(wanted) => pages = wanted,
            Err(e) if alone => tracing::warn!("full text of feed {feed_id}: {e}"),
            Err(e) => return Err(e),
        }
    }
    Ok(Outcome::Feed {
        record: Box::new(record),
        changed,
        pages,
    })
}

/// Counts a permanent redirect (or its absence) towards moving the feed's address; returns the
/// note for the fetch record when the address changed.
fn follow_move(
    store: &mut Store,
    feed: FeedId,
    target: Option<&str>,
) -> StoreResult<Option<String>> {
    match target {
        Some(target) => Ok(match store.note_permanent_redirect(feed, target)? {
            Moved::Updated(note) => Some(note),
            Moved::Seen(_) => None,
        }),
        None => store.clear_permanent_redirect(feed).map(|_| None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{FeedMeta, HttpCache, prepare_articles};

    fn rss(feed: usize, items: usize) -> String {
        let items: String = (0..items)
            .map(|i| {
                format!(
                    "<item><title>word{feed}x{i}</title><guid>g{feed}-{i}</guid>\
                     <description>text of item {i}</description></item>"
                )
            })
            .collect();
        format!("<rss version=\"2.0\"><channel><title>feed {feed}</title>{items}</channel></rss>")
    }

    fn feed_job(store: &Store, feed: FeedId, n: usize) -> (Job, oneshot::Receiver<FeedWritten>) {
        let parsed = super::super::parse_feed_body(rss(n, 3).as_bytes(), None, "http://t.test/")
            .expect("parse");
        let prepared = prepare_articles(&store.packing(), &parsed.articles);
        let (reply, written) = oneshot::channel();
        let write = FeedWrite {
            record: FetchRecord::new(feed, crate::store::now_ms()),
            feed_id: feed,
            work: Work::Ingest(
                parsed,
                HttpCache::default(),
                super::super::prepare::Preparation::NotStarted,
            ),
            prepared,
            server: ServerHeaders::default(),
            moved_to: Some(None),
            excerpts: None,
        };
        (Job::Feed(Box::new(write), reply), written)
    }

    #[test]
    fn a_refused_job_fails_alone_and_the_rest_of_its_batch_is_written() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("t.db")).expect("open");
        let feeds: Vec<FeedId> = (0..5)
            .map(|n| {
                store
                    .upsert_feed(&format!("http://t.test/{n}"), &FeedMeta::default())
                    .expect("feed")
            })
            .collect();
        let refused = feeds[2];
        let due_before: Vec<i64> = feeds
            .iter()
            .map(|&f| store.feed(f).expect("feed").next_refresh_at)
            .collect();
        store
            .conn_for_tests()
            .execute_batch(&format!(
                "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.feed_id = {}
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;",
                refused.0
            ))
            .expect("trigger");
        let (jobs, mut replies): (Vec<Job>, Vec<_>) = feeds
            .iter()
            .enumerate()
            .map(|(n, &feed)| feed_job(&store, feed, n))
            .unzip();
        let (record_reply, mut record_saved) = oneshot::channel();
        let mut jobs = jobs;
        jobs.push(Job::Record(
            Box::new(FetchRecord::new(feeds[0], 1)),
            record_reply,
        ));

        write_batch(&mut store, jobs);

        for (n, written) in replies.iter_mut().enumerate() {
            let written = written.try_recv().expect("a reply for every job");
            let feed = store.feed(feeds[n]).expect("feed");
            if feeds[n] == refused {
                assert_eq!(written.record.outcome, FetchOutcomeKind::Error);
                assert!(written.ingested.is_none());
                let error = written.record.error.expect("cause");
                assert!(error.contains("refused"), "{error}");
                assert_eq!(feed.last_error.as_deref(), Some(error.as_str()));
                assert_eq!(feed.article_count, 0);
            } else {
                assert_eq!(written.record.outcome, FetchOutcomeKind::Ok, "feed {n}");
                assert_eq!(written.ingested.expect("stored").1.len(), 3);
                assert_eq!(feed.article_count, 3);
                let hits = store.search(&format!("word{n}x1"), 5).expect("search");
                assert_eq!(hits.len(), 1, "feed {n}: searchable");
            }
            assert!(feed.next_refresh_at > due_before[n], "feed {n}: scheduled");
        }
        assert!(record_saved.try_recv().expect("record reply").id.is_some());
        assert_eq!(store.integrity_check().expect("check"), "ok");
    }
}
