//! Between a fetched body and the one writer: parsing, and making what the writer stores of
//! each article (packed texts, search terms) and full text's automatic decision. All of it is
//! CPU work kept off the writer's time, done in one turn of a blocking thread where it can be:
//! each turn waits behind every other queued one, so a feed that took three turns reached the
//! writer only after every feed fetched meanwhile had been parsed.

use std::sync::Arc;
use std::time::Instant;

use super::Shared;
use super::dictionary_wait::DictionaryWait;
use super::refresh::{ServerReply, Work, parse_feed_body, parsed_or_cause};
use super::stages::Laps;
use super::writer::FeedWrite;
use crate::feed::ParsedFeed;
use crate::fetch::{FetchedBody, rounded_ms};
use crate::store::{
    FeedId, FetchRecord, NewArticle, Packing, PreparedArticle, offer_samples, prepare_articles,
    prepare_offered_articles,
};

/// How far a parsed feed's articles were made ready for the writer.
pub(super) enum Preparation {
    Done(Box<Prepared>),
    /// Their texts were offered to train the store's dictionary, which is not trained yet.
    SamplesOffered,
    NotStarted,
}

/// What the writer stores of a feed's articles, and full text's automatic decision.
#[derive(Default)]
pub(super) struct Prepared {
    articles: Vec<PreparedArticle>,
    excerpts: Option<(bool, String)>,
}

impl Prepared {
    fn of(packing: &Packing, articles: &[NewArticle], offered: bool) -> Prepared {
        Prepared {
            articles: if offered {
                prepare_offered_articles(packing, articles)
            } else {
                prepare_articles(packing, articles)
            },
            // A feed with no items yet says nothing about itself: auto waits.
            excerpts: (!articles.is_empty()).then(|| super::looks_like_excerpts(articles)),
        }
    }
}

/// Parses a body and prepares its articles in one turn of a blocking thread. While the store
/// has no dictionary and `wait` holds the refresh's feeds for one, the texts are offered to
/// train it instead (the offer that completes the samples trains it, and wakes the others).
/// The preparing is timed as the store stage, not the parse.
pub(super) async fn parse_prepared(
    shared: &Arc<Shared>,
    record: &mut FetchRecord,
    laps: &mut Laps,
    body: FetchedBody,
    feed_url: String,
    wait: Option<Arc<DictionaryWait>>,
) -> Result<(ParsedFeed, Preparation), String> {
    let packing = shared.packing.clone();
    let turn = tokio::task::spawn_blocking(move || {
        let parsed = parse_feed_body(&body.bytes, body.content_type.as_deref(), &feed_url)?;
        let clock = Instant::now();
        let preparation = match wait {
            Some(wait) if wait.holds(&packing) => {
                offer_samples(&packing, &parsed.articles);
                if wait.holds(&packing) {
                    Preparation::SamplesOffered
                } else {
                    wait.wake();
                    Preparation::Done(Box::new(Prepared::of(&packing, &parsed.articles, true)))
                }
            }
            _ => Preparation::Done(Box::new(Prepared::of(&packing, &parsed.articles, false))),
        };
        Ok::<_, crate::feed::FeedError>((parsed, preparation, rounded_ms(clock.elapsed())))
    })
    .await;
    let lap = laps.lap();
    let (turn, prepare_ms) = match turn {
        Ok(Ok((parsed, preparation, prepare_ms))) => (Ok(Ok((parsed, preparation))), prepare_ms),
        Ok(Err(e)) => (Ok(Err(e)), 0),
        Err(e) => (Err(e), 0),
    };
    let prepare_ms = prepare_ms.min(lap);
    record.parse_ms = lap - prepare_ms;
    record.store_ms += prepare_ms;
    let mut preparation = Preparation::NotStarted;
    let parsed = parsed_or_cause(
        record,
        turn.map(|r| {
            r.map(|(parsed, made)| {
                preparation = made;
                parsed
            })
        }),
    )?;
    Ok((parsed, preparation))
}

/// Makes the writer's job of a fetch: its articles prepared (on a blocking thread, unless the
/// parse's turn did it already).
pub(super) async fn prepare_write(
    shared: &Arc<Shared>,
    record: FetchRecord,
    feed_id: FeedId,
    work: Work,
    reply: ServerReply,
) -> FeedWrite {
    let ServerReply {
        headers: server,
        moved_to,
    } = reply;
    let (work, prepared) = match work {
        Work::Ingest(parsed, cache, Preparation::Done(prepared)) => (
            Work::Ingest(parsed, cache, Preparation::NotStarted),
            *prepared,
        ),
        Work::Ingest(parsed, cache, preparation) => {
            let packing = shared.packing.clone();
            let offered = matches!(preparation, Preparation::SamplesOffered);
            let made = tokio::task::spawn_blocking(move || {
                let prepared = Prepared::of(&packing, &parsed.articles, offered);
                (parsed, prepared)
            })
            .await;
            match made {
                Ok((parsed, prepared)) => (
                    Work::Ingest(parsed, cache, Preparation::NotStarted),
                    prepared,
                ),
                // The writer records the failure (its outcome and cause) as any other.
                Err(e) => (
                    Work::Fail(crate::english!(
                        "engine-writer-stopped",
                        cause = e.to_string()
                    )),
                    Prepared::default(),
                ),
            }
        }
        other => (other, Prepared::default()),
    };
    FeedWrite {
        record,
        feed_id,
        work,
        prepared: prepared.articles,
        server,
        moved_to,
        excerpts: prepared.excerpts,
    }
}
