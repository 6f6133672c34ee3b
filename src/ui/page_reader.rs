//! Reads the article list's next page on a thread with its own SQLite connection while the
//! user scrolls towards it, so scrolling a long list does not wait on SQLite in the frame. The
//! list still reads a page itself when one is needed before it has arrived (a jump).

use std::sync::mpsc;

use crate::store::{ArticleListFilter, ArticleRow, Store};

/// A page of the list to read: its filter (with its start and length), its number, and the
/// version of the list that asked (an answer for a list that changed since is dropped).
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub epoch: u64,
    pub page: usize,
    pub filter: ArticleListFilter,
}

/// A page that was read.
#[derive(Debug)]
pub struct PageAnswer {
    pub epoch: u64,
    pub page: usize,
    pub rows: Vec<ArticleRow>,
}

/// The reading thread, seen from the window; `None` inside when it could not start (the list
/// then reads every page itself).
pub struct PageReader {
    requests: Option<mpsc::Sender<PageRequest>>,
}

impl PageReader {
    /// Starts the thread over `store`; each page read goes to `answer` (which wakes the window).
    pub fn spawn(store: Store, answer: impl Fn(PageAnswer) + Send + 'static) -> PageReader {
        let (requests, incoming) = mpsc::channel::<PageRequest>();
        let spawned = std::thread::Builder::new()
            .name("lamplight-pages".into())
            .spawn(move || {
                while let Ok(request) = incoming.recv() {
                    match store.articles(&request.filter) {
                        Ok(rows) => answer(PageAnswer {
                            epoch: request.epoch,
                            page: request.page,
                            rows,
                        }),
                        // The list reads the page itself when it gets there, and says why not.
                        Err(e) => tracing::warn!("cannot read ahead in the list: {e}"),
                    }
                }
            });
        if let Err(e) = &spawned {
            tracing::warn!("cannot start the list's reading thread: {e}");
        }
        PageReader {
            requests: spawned.ok().map(|_| requests),
        }
    }

    /// A reader without a thread: nothing is read ahead.
    pub fn inline() -> PageReader {
        PageReader { requests: None }
    }

    /// Asks for `request` to be read ahead (dropped when there is no thread).
    pub fn request(&mut self, request: PageRequest) {
        if let Some(requests) = &self.requests
            && requests.send(request).is_err()
        {
            self.requests = None;
        }
    }
}
