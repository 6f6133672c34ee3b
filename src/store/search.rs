//! Full-text search with FTS5. SQLite's tokenizers cut Chinese and Japanese text into whole
//! runs (unicode61) or need three characters (trigram), so `运维` would not find `运维进行时`.
//! Lamplight indexes CJK text as overlapping character bigrams (and a lone character as
//! itself) and leaves other text to unicode61; queries are cut the same way and every piece is
//! quoted, so FTS syntax in a query (`"`, `*`, `-`, `NEAR`) is searched as text. The index is
//! contentless: it holds the terms, not the text; snippets come from the article's plain text.

use rusqlite::params;
use serde::Serialize;

use super::{ArticleId, FeedId, Store, StoreResult};

/// How many of the newest matches are ranked (see [`Store::search`]).
pub const RANK_WINDOW: i64 = 1_000;

/// One search hit.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub id: ArticleId,
    pub feed_id: FeedId,
    pub feed_title: String,
    pub title: String,
    /// The text around the first match, the match wrapped in «».
    pub snippet: String,
    /// bm25 rank (lower is better); title matches weigh ten times body matches.
    pub rank: f64,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // CJK Compatibility Ideographs
        | 0x20000..=0x2FFFF)
}

/// Text as index terms: CJK runs become space-separated bigrams; everything else is kept for
/// unicode61 to split.
pub fn index_terms(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        match run.len() {
            0 => {}
            1 => {
                out.push(' ');
                out.push(run[0]);
                out.push(' ');
            }
            _ => {
                for pair in run.windows(2) {
                    out.push(' ');
                    out.push(pair[0]);
                    out.push(pair[1]);
                }
                out.push(' ');
            }
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// A user's query as an FTS5 expression: every term quoted, all required; a lone CJK
/// character matches as a prefix of the bigrams that start with it. `None` when nothing is
/// searchable.
pub fn fts_query(query: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for word in query.split_whitespace() {
        let mut run: Vec<char> = Vec::new();
        let mut other = String::new();
        let push_other = |other: &mut String, parts: &mut Vec<String>| {
            for piece in other
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty())
            {
                parts.push(format!("\"{}\"", piece.replace('"', "\"\"")));
            }
            other.clear();
        };
        let push_run = |run: &mut Vec<char>, parts: &mut Vec<String>| {
            match run.len() {
                0 => {}
                1 => parts.push(format!("\"{}\" *", run[0])),
                _ => parts.extend(run.windows(2).map(|p| format!("\"{}{}\"", p[0], p[1]))),
            }
            run.clear();
        };
        for c in word.chars() {
            if is_cjk(c) {
                push_other(&mut other, &mut parts);
                run.push(c);
            } else {
                push_run(&mut run, &mut parts);
                other.push(c);
            }
        }
        push_run(&mut run, &mut parts);
        push_other(&mut other, &mut parts);
    }
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// The text around the first place any of the query's words occurs, with the match in «».
fn snippet(plain: &str, query: &str, around: usize) -> String {
    let lower = plain.to_lowercase();
    let hit = query
        .split_whitespace()
        .filter_map(|w| {
            let w = w.to_lowercase();
            lower.find(&w).map(|at| (at, w.len()))
        })
        .min();
    // Lower-casing can change byte lengths; fall back to the start when positions disagree.
    let Some((at, len)) = hit.filter(|(at, len)| {
        plain.is_char_boundary(*at) && plain.is_char_boundary((*at + *len).min(plain.len()))
    }) else {
        return plain.chars().take(around * 2).collect();
    };
    let end = (at + len).min(plain.len());
    let before: String = {
        let chars: Vec<char> = plain[..at].chars().collect();
        chars[chars.len().saturating_sub(around)..].iter().collect()
    };
    let after: String = plain[end..].chars().take(around).collect();
    format!("{before}«{}»{after}", &plain[at..end])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Store {
    /// Searches titles and article text; best first among the newest [`RANK_WINDOW`] matches.
    pub fn search(&self, query: &str, limit: i64) -> StoreResult<Vec<SearchHit>> {
        let Some(expression) = fts_query(query) else {
            return Ok(Vec::new());
        };
        // bm25 (titles weigh ten times the body) ranks the newest RANK_WINDOW matches: FTS5
        // hands matches over in rowid order, so a word in every article costs the window, not
        // the whole index. Only the best `limit` are joined to their articles.
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.feed_id, COALESCE(NULLIF(TRIM(f.user_title), ''), f.title), a.title, a.plain_text, hits.score
             FROM (SELECT rowid AS id, bm25(search, 10.0, 1.0) AS score FROM search
                   WHERE search MATCH ?1 ORDER BY rowid DESC LIMIT ?3) AS hits
             JOIN articles a ON a.id = hits.id
             JOIN feeds f ON f.id = a.feed_id
             ORDER BY hits.score LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![expression, limit, RANK_WINDOW], |r| {
            let plain: super::packed::Packed = r.get(4)?;
            let plain = plain.0;
            Ok(SearchHit {
                id: ArticleId(r.get(0)?),
                feed_id: FeedId(r.get(1)?),
                feed_title: r.get(2)?,
                title: r.get(3)?,
                snippet: snippet(&plain, query, 40),
                rank: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Writes (or rewrites) an article's search entry inside the caller's transaction. The
/// index keeps no copy of the text (the article row keeps its plain text, for snippets).
pub(super) fn index_article(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    title: &str,
    plain: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
        .execute([id])?;
    tx.prepare_cached("INSERT INTO search (rowid, title_terms, body_terms) VALUES (?1, ?2, ?3)")?
        .execute(params![id, index_terms(title), index_terms(plain)])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_becomes_bigrams_and_queries_quote_everything() {
        assert_eq!(
            index_terms("运维进行时")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["运维", "维进", "进行", "行时"]
        );
        assert_eq!(
            index_terms("基于Django与Celery")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["基于", "Django", "与", "Celery"]
        );
        assert_eq!(fts_query("运维").as_deref(), Some("\"运维\""));
        assert_eq!(fts_query("运").as_deref(), Some("\"运\" *"));
        assert_eq!(
            fts_query("\"docker\" NEAR -k8s*").as_deref(),
            Some("\"docker\" AND \"NEAR\" AND \"k8s\"")
        );
        assert_eq!(fts_query("  * - \" "), None);
    }

    #[test]
    fn snippets_mark_the_first_match() {
        assert_eq!(snippet("一二三运维四五六", "运维", 2), "二三«运维»四五");
    }
}
