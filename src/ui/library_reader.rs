//! Reads what the sidebar and the list's length show — the feeds with their counts, the
//! folders, the smart feeds' counts and how many rows the list has — on a thread with its own
//! SQLite connection. At 100,000 articles those counts scan every status row (about 170 ms
//! together on this machine) and the window must not wait for them. One read is in flight at a
//! time; whatever is asked meanwhile is folded into one more read, so a burst of refresh
//! events costs two reads, not one per event.

use std::sync::mpsc;

use crate::store::{ArticleListFilter, FeedRow, FolderRow, Store};

/// The list whose length is wanted: its filter, and which version of the list asked (answers
/// for a list that has changed since are dropped).
#[derive(Debug, Clone)]
pub struct ListCount {
    pub epoch: u64,
    pub filter: ArticleListFilter,
}

/// What one read found.
#[derive(Debug)]
pub struct LibrarySnapshot {
    pub feeds: Result<Vec<FeedRow>, String>,
    pub folders: Vec<FolderRow>,
    /// All unread, Today, Starred.
    pub smart_counts: [i64; 3],
    pub accounts: Vec<crate::store::AccountRow>,
    /// The list's length, when it was asked for: (epoch, rows).
    pub list: Option<(u64, usize)>,
}

/// How much a snapshot reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Everything, the feeds' offline counts included (on the reading thread).
    Whole,
    /// All but the offline counts, which test every article: the window's first frame, read
    /// before it is up; the reading thread's first answer brings them.
    FirstFrame,
}

/// Reads a snapshot through `store` (on whichever thread calls it).
pub fn read_snapshot(
    store: &Store,
    smart_filters: &[ArticleListFilter; 3],
    list: Option<&ListCount>,
    reading: Reading,
) -> LibrarySnapshot {
    let feeds = match reading {
        Reading::Whole => store.feeds(),
        Reading::FirstFrame => store.feeds_uncounted(),
    }
    .map_err(|e| e.to_string());
    let folders = store.folders().unwrap_or_default();
    let smart_counts = smart_filters
        .each_ref()
        .map(|filter| store.count_articles(filter).unwrap_or(0));
    let list = list.map(|wanted| {
        let rows = store.count_articles(&wanted.filter).unwrap_or(0);
        (wanted.epoch, rows.max(0) as usize)
    });
    LibrarySnapshot {
        feeds,
        folders,
        smart_counts,
        accounts: store.accounts().unwrap_or_default(),
        list,
    }
}

/// The reading thread, seen from the window.
pub struct LibraryReader {
    requests: Option<mpsc::Sender<Option<ListCount>>>,
    /// A read was asked for and has not come back.
    reading: bool,
    /// Something was asked while reading: read again when the answer comes.
    again: bool,
    /// The newest list length asked for and not yet sent.
    again_list: Option<ListCount>,
}

impl LibraryReader {
    /// Starts the thread over `store`; each snapshot goes to `answer` (which wakes the
    /// window). `smart_filters` are the filters of All unread, Today and Starred; they are
    /// asked for afresh each read because "Today" moves at midnight.
    pub fn spawn(
        store: Store,
        smart_filters: impl Fn() -> [ArticleListFilter; 3] + Send + 'static,
        answer: impl Fn(LibrarySnapshot) + Send + 'static,
    ) -> LibraryReader {
        let (requests, incoming) = mpsc::channel::<Option<ListCount>>();
        let spawned = std::thread::Builder::new()
            .name("lamplight-counts".into())
            .spawn(move || {
                while let Ok(list) = incoming.recv() {
                    answer(read_snapshot(
                        &store,
                        &smart_filters(),
                        list.as_ref(),
                        Reading::Whole,
                    ));
                }
            });
        if let Err(e) = &spawned {
            tracing::warn!("cannot start the counting thread, counting on the window's: {e}");
        }
        LibraryReader {
            requests: spawned.ok().map(|_| requests),
            reading: false,
            again: false,
            again_list: None,
        }
    }

    /// A reader without a thread: [`LibraryReader::request`] always answers "read it yourself".
    pub fn inline() -> LibraryReader {
        LibraryReader {
            requests: None,
            reading: false,
            again: false,
            again_list: None,
        }
    }

    /// Asks for a fresh snapshot (with the list's length when `list` is given). Returns the
    /// request back when there is no thread and the caller must read it itself.
    pub fn request(&mut self, list: Option<ListCount>) -> Result<(), Option<ListCount>> {
        let Some(requests) = &self.requests else {
            return Err(list);
        };
        if self.reading {
            self.again = true;
            if list.is_some() {
                self.again_list = list;
            }
            return Ok(());
        }
        match requests.send(list) {
            Ok(()) => {
                self.reading = true;
                Ok(())
            }
            Err(mpsc::SendError(list)) => {
                self.requests = None;
                Err(list)
            }
        }
    }

    /// A snapshot came back. Returns what was asked for meanwhile, to be requested now.
    pub fn answered(&mut self) -> Option<Option<ListCount>> {
        self.reading = false;
        if std::mem::take(&mut self.again) {
            Some(self.again_list.take())
        } else {
            None
        }
    }

    /// Whether a read is in flight.
    pub fn is_reading(&self) -> bool {
        self.reading
    }
}
