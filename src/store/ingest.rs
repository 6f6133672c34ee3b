//! Storing a parsed feed: each article's values made off the writer ([`prepare_articles`]),
//! then its rows in the caller's transaction ([`Store::ingest_rows`]) and its search entries
//! after every row ([`Store::index_written`]). A known article is written again only when its
//! content hash changed; an article retention deleted is not brought back.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params};

use super::articles::{IngestCounts, NewArticle};
use super::dictionary::Packing;
use super::packed::pack_offered;
use super::{ArticleId, FeedId, FeedMeta, Store, StoreResult, now_ms};

/// The summary as stored: empty when it is the whole plain text (a short item), which the
/// list then shows in its place; a second copy would double the row.
fn summary_to_store(article: &NewArticle) -> &str {
    if article.summary == article.text {
        ""
    } else {
        &article.summary
    }
}

/// What the store keeps of an article that takes CPU to make: its HTML and text as stored
/// (zstd frames when long) and its search terms. Made by [`prepare_articles`] before the write,
/// off the one writer's time.
pub struct PreparedArticle {
    html: Value,
    text: Value,
    title_terms: String,
    body_terms: String,
}

/// What [`Store::ingest_rows`] wrote: the counts, each new or updated article (its index in
/// the feed's articles and its id), and the search entries still to write.
pub struct WrittenRows<'p> {
    pub counts: IngestCounts,
    pub changed: Vec<(usize, ArticleId)>,
    pub to_index: Vec<ToIndex<'p>>,
}

/// One article's search entry, to write after the rows ([`Store::index_written`]).
pub struct ToIndex<'p> {
    id: i64,
    terms: &'p PreparedArticle,
    /// An updated article: its old entry goes first.
    replaces: bool,
}

/// How long a stored content hash is: 64 bits (hex) tell a changed article from its last
/// version (they are only ever compared for one article) in a quarter of the bytes.
const STORED_HASH_CHARS: usize = 16;

/// The part of `hash` the store keeps: its first 64 bits, as 8 bytes when they are hex (as the
/// hashes Lamplight makes are; stores before schema 15 kept the 16 characters), else as text.
fn stored_hash(hash: &str) -> Value {
    let head = hash.get(..STORED_HASH_CHARS).unwrap_or(hash);
    match u64::from_str_radix(head, 16) {
        Ok(bits)
            if head.len() == STORED_HASH_CHARS && head.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            Value::Blob(bits.to_be_bytes().to_vec())
        }
        _ => Value::Text(head.to_owned()),
    }
}

/// Whether a stored hash (either form) is the one `hash` would be stored as.
fn same_hash(stored: &Value, hash: &str) -> bool {
    match (stored, stored_hash(hash)) {
        (Value::Text(old), Value::Blob(bits)) => {
            u64::from_str_radix(old, 16).is_ok_and(|v| v.to_be_bytes()[..] == bits[..])
        }
        (stored, new) => *stored == new,
    }
}

/// The update time, where it says more than the publishing time (feeds often give both the
/// same; nothing reads it back yet).
fn updated_to_store(a: &NewArticle) -> Option<i64> {
    a.updated_at
        .filter(|&updated| Some(updated) != a.published_at)
}

/// The guid, where the stable key does not already hold it (a key from a guid is `guid:` and
/// the guid, so a feed's guids are not kept twice).
fn guid_to_store(a: &NewArticle) -> Option<&str> {
    a.guid
        .as_deref()
        .filter(|guid| a.stable_key.strip_prefix("guid:") != Some(*guid))
}

/// Works out what [`Store::ingest_prepared`] stores of each of `articles`, in order, packing
/// with `packing` (the store's, [`Store::packing`]).
pub fn prepare_articles(packing: &Packing, articles: &[NewArticle]) -> Vec<PreparedArticle> {
    offer_samples(packing, articles);
    prepare_offered_articles(packing, articles)
}

/// Offers the texts of `articles` to train the store's dictionary, while it has none.
pub fn offer_samples(packing: &Packing, articles: &[NewArticle]) {
    for a in articles {
        packing.offer_sample(&a.content_html);
        packing.offer_sample(&a.text);
    }
}

/// [`prepare_articles`] of articles whose texts were offered already ([`offer_samples`]).
pub fn prepare_offered_articles(
    packing: &Packing,
    articles: &[NewArticle],
) -> Vec<PreparedArticle> {
    articles
        .iter()
        .map(|a| PreparedArticle {
            html: pack_offered(&a.content_html, packing),
            text: pack_offered(&a.text, packing),
            title_terms: super::search::index_terms(&a.title),
            body_terms: super::search::index_terms(&a.text),
        })
        .collect()
}

impl Store {
    /// Stores one parsed feed document in a single transaction: the feed's metadata, new
    /// articles (with an unread status), and real updates of known ones. Statuses are untouched.
    /// Returns the counts and, for each new or updated article, its index in `articles` and id.
    pub fn ingest(
        &mut self,
        feed: FeedId,
        meta: &FeedMeta,
        articles: &[NewArticle],
    ) -> StoreResult<(IngestCounts, Vec<(usize, ArticleId)>)> {
        let prepared = prepare_articles(&self.packing, articles);
        self.ingest_prepared(feed, meta, articles, prepared)
    }

    /// [`Store::ingest`] with each article's stored values already made (`prepared`, from
    /// [`prepare_articles`] of the same `articles`), in a transaction of its own.
    pub fn ingest_prepared(
        &mut self,
        feed: FeedId,
        meta: &FeedMeta,
        articles: &[NewArticle],
        prepared: Vec<PreparedArticle>,
    ) -> StoreResult<(IngestCounts, Vec<(usize, ArticleId)>)> {
        let prepared = if prepared.len() == articles.len() {
            prepared
        } else {
            prepare_articles(&self.packing, articles)
        };
        self.in_transaction(|store| {
            let written = store.ingest_rows(feed, meta, articles, &prepared)?;
            store.index_written(&written.to_index)?;
            Ok((written.counts, written.changed))
        })
    }

    /// The rows of [`Store::ingest_prepared`] inside the caller's transaction, without the
    /// search entries: those are written by [`Store::index_written`] once every row of the
    /// transaction is. A statement that writes through a trigger (each article row and mark
    /// does, for the feed's counts) opens a statement savepoint, and FTS5 writes the terms it
    /// holds in memory to a new segment at every savepoint: interleaved, each article became a
    /// segment of its own, merged again and again (most of an insert's cost).
    pub fn ingest_rows<'p>(
        &mut self,
        feed: FeedId,
        meta: &FeedMeta,
        articles: &[NewArticle],
        prepared: &'p [PreparedArticle],
    ) -> StoreResult<WrittenRows<'p>> {
        let conn = &self.conn;
        conn.prepare_cached(
            // An empty fetched title (or site, or description) never replaces the one a user,
            // an OPML file or an earlier fetch gave.
            "UPDATE feeds SET title = COALESCE(NULLIF(TRIM(?2), ''), title),
                site_link = COALESCE(?3, site_link),
                description = COALESCE(NULLIF(TRIM(?4), ''), description),
                icon_url = COALESCE(?5, icon_url),
                language = COALESCE(NULLIF(TRIM(?6), ''), language)
             WHERE id = ?1",
        )?
        .execute(params![
            feed.0,
            meta.title,
            meta.site_link,
            meta.description,
            meta.icon_url,
            meta.language
        ])?;
        let mut written = WrittenRows {
            counts: IngestCounts {
                total_articles: articles.len() as i64,
                ..IngestCounts::default()
            },
            changed: Vec::new(),
            to_index: Vec::new(),
        };
        let now = now_ms();
        let mut find = conn.prepare_cached(
            "SELECT id, content_hash FROM articles WHERE feed_id = ?1 AND stable_key = ?2",
        )?;
        let mut deleted = conn.prepare_cached(
            "SELECT 1 FROM deleted_articles WHERE feed_id = ?1 AND stable_key = ?2",
        )?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO articles (feed_id, stable_key, guid, title, link, author,
                published_at, updated_at, content_html, content_hash, first_seen_at, summary,
                language, plain_text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        let mut insert_status = conn.prepare_cached(
            "INSERT OR IGNORE INTO article_status (article_id, arrived_at) VALUES (?1, ?2)",
        )?;
        let mut update = conn.prepare_cached(
            "UPDATE articles SET guid = ?2, title = ?3, link = ?4, author = ?5,
                published_at = COALESCE(?6, published_at), updated_at = ?7,
                content_html = ?8, content_hash = ?9, summary = ?10, language = ?11,
                plain_text = ?12
             WHERE id = ?1",
        )?;
        let mut new_unread = 0;
        for (index, (a, p)) in articles.iter().zip(prepared).enumerate() {
            let existing: Option<(i64, Value)> = find
                .query_row(params![feed.0, a.stable_key], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            match existing {
                // Retention deleted it; the feed still lists it; it is not new.
                None if deleted.exists(params![feed.0, a.stable_key])? => {}
                None => {
                    // Not `RETURNING id`: SQLite keeps a RETURNING statement's rows in a
                    // temporary table it opens and closes at every insert (a third of the
                    // inserts' time).
                    insert.execute(params![
                        feed.0,
                        a.stable_key,
                        guid_to_store(a),
                        a.title,
                        a.link,
                        a.author,
                        a.published_at,
                        updated_to_store(a),
                        p.html,
                        stored_hash(&a.content_hash),
                        now,
                        summary_to_store(a),
                        a.language,
                        p.text
                    ])?;
                    let id = conn.last_insert_rowid();
                    new_unread += insert_status.execute(params![id, now])? as i64;
                    written.to_index.push(ToIndex {
                        id,
                        terms: p,
                        replaces: false,
                    });
                    written.counts.new_articles += 1;
                    written.changed.push((index, ArticleId(id)));
                }
                Some((id, hash)) if !same_hash(&hash, &a.content_hash) => {
                    update.execute(params![
                        id,
                        guid_to_store(a),
                        a.title,
                        a.link,
                        a.author,
                        a.published_at,
                        updated_to_store(a),
                        p.html,
                        stored_hash(&a.content_hash),
                        summary_to_store(a),
                        a.language,
                        p.text
                    ])?;
                    written.to_index.push(ToIndex {
                        id,
                        terms: p,
                        replaces: true,
                    });
                    written.counts.updated_articles += 1;
                    written.changed.push((index, ArticleId(id)));
                }
                Some(_) => {}
            }
        }
        // Counted here, once for the feed (schema 15: no trigger on insert).
        if written.counts.new_articles > 0 {
            conn.prepare_cached(
                "UPDATE feeds SET article_count = article_count + ?2,
                    unread_count = unread_count + ?3
                 WHERE id = ?1",
            )?
            .execute(params![feed.0, written.counts.new_articles, new_unread])?;
        }
        Ok(written)
    }

    /// The search entries of rows [`Store::ingest_rows`] wrote, one after another, inside the
    /// same transaction.
    pub fn index_written(&mut self, to_index: &[ToIndex<'_>]) -> StoreResult<()> {
        for entry in to_index {
            super::search::index_article_terms(
                &self.conn,
                entry.id,
                entry.replaces,
                &entry.terms.title_terms,
                &entry.terms.body_terms,
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_kept_as_eight_bytes_and_still_matches_one_kept_as_text() {
        let hash = blake3::hash(b"an article").to_hex().to_string();
        let stored = stored_hash(&hash);
        assert!(matches!(&stored, Value::Blob(bits) if bits.len() == 8));
        assert!(same_hash(&stored, &hash));
        // A store from before kept the first 16 hex characters as text: the same article is
        // not an update.
        assert!(same_hash(&Value::Text(hash[..16].to_owned()), &hash));
        let other = blake3::hash(b"another article").to_hex().to_string();
        assert!(!same_hash(&stored, &other));
        assert!(!same_hash(&Value::Text(hash[..16].to_owned()), &other));
        // Anything else is kept as it is (an empty hash of a page-only article, say).
        assert_eq!(stored_hash(""), Value::Text(String::new()));
        assert!(same_hash(&stored_hash("not-hex"), "not-hex"));
    }
}
