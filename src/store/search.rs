//! Full-text search with FTS5. SQLite's tokenizers cut Chinese and Japanese text into whole
//! runs (unicode61) or need three characters (trigram), so `运维` would not find `运维进行时`.
//! Lamplight indexes CJK text as overlapping character bigrams, and the last character of each
//! run (or a lone one) as itself, and other text as unicode61 cuts and folds it — done in Rust
//! before the terms are stored, so the table itself only splits at spaces (`ascii`); queries
//! are cut the same way and every piece is quoted, so FTS syntax in a query (`"`, `*`, `-`,
//! `NEAR`) is searched as text. A one-character query is a prefix: every character of a run
//! starts a bigram or is the run's last, so `维` finds `运维。` as well as `维护`. The index is
//! contentless: it holds the terms, not the text; snippets come from the article's plain text.

use rusqlite::{OptionalExtension, params};
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
    /// Lower is better: minus how many of the query's words are in the title (0 for a query
    /// with a lone Chinese character, which matches as a prefix). Ties go to the newer article.
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

/// Text as the index's terms, separated by spaces: what [`for_each_index_term`] gives. The
/// search table (declared `tokenize = 'ascii'`) only splits them at those spaces; cutting and
/// folding them here, while a feed is prepared, keeps that work off the one writer (a quarter
/// of its time when the table ran `unicode61` itself).
pub fn index_terms(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for_each_index_term(text, |term| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(term);
        true
    });
    out
}

/// Calls `each` with every term of `text` as the index holds them: CJK runs as bigrams and
/// their last character, the rest as `unicode61` cuts and folds it (`tokenizer.rs`); `each`
/// returns false to stop early. The terms are those of unicode61 over the text with each CJK
/// run written as its bigrams and last character between spaces; a bigram of characters that
/// unicode61 keeps whole and unchanged (nearly all) skips the tokenizer.
pub(super) fn for_each_index_term(text: &str, mut each: impl FnMut(&str) -> bool) {
    if !super::tokenizer::available() {
        // No tokenizer on this thread (SQLite could not make one): Rust's notion of a word,
        // as a query then cuts its words.
        let spaced = spaced_bigrams(text);
        for word in spaced.split(|c: char| !c.is_alphanumeric()) {
            if !word.is_empty() && !each(&word.to_lowercase()) {
                break;
            }
        }
        return;
    }
    // Cuts `piece` with unicode61; false once `each` has asked to stop.
    let cut = |piece: &str, each: &mut dyn FnMut(&str) -> bool| {
        let mut going = true;
        super::tokenizer::for_each_token(piece, false, |t| {
            going = each(t);
            going
        });
        going
    };
    let mut going = true;
    let mut other = 0; // where the text that is not CJK starts
    let mut run: Vec<(usize, char)> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while going {
        let Some((at, c)) = chars.next() else {
            break;
        };
        if !is_cjk(c) {
            continue;
        }
        if other < at && !cut(&text[other..at], &mut each) {
            break;
        }
        run.clear();
        run.push((at, c));
        while let Some(&(at, c)) = chars.peek().filter(|(_, c)| is_cjk(*c)) {
            run.push((at, c));
            chars.next();
        }
        let end = chars.peek().map_or(text.len(), |(at, _)| *at);
        other = end;
        let piece = |from: usize, to: usize| &text[run[from].0..run.get(to).map_or(end, |r| r.0)];
        for i in 0..run.len() {
            if !going {
                break;
            }
            // Each pair, then the last character alone (one character alone: the run).
            let (from, to) = if i + 1 < run.len() {
                (i, i + 2)
            } else {
                (i, i + 1)
            };
            let pair = piece(from, to);
            going = if run[from..to].iter().all(|(_, c)| kept_whole(*c)) {
                each(pair)
            } else {
                cut(pair, &mut each)
            };
        }
    }
    if going && other < text.len() {
        cut(&text[other..], &mut each);
    }
}

/// CJK runs as space-separated bigrams and their last character; everything else as it is.
pub(super) fn spaced_bigrams(text: &str) -> String {
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
                // The last character starts no bigram: on its own, a one-character query
                // (a prefix) finds it.
                out.push(' ');
                out.push(run[run.len() - 1]);
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

thread_local! {
    /// Per CJK character, whether unicode61 keeps it as it is (a token character that folds to
    /// itself): asked of it once per character and thread. 0 unknown, 1 kept, 2 not; by
    /// [`cjk_index`] (115 KiB a thread, pages touched only where the texts go).
    static KEPT_WHOLE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Where a character [`is_cjk`] says is CJK sits in [`KEPT_WHOLE`].
fn cjk_index(c: char) -> usize {
    const BMP: std::ops::RangeInclusive<u32> = 0x3040..=0xFAFF;
    let c = c as u32;
    if BMP.contains(&c) {
        (c - BMP.start()) as usize
    } else {
        (BMP.end() - BMP.start() + 1 + c.saturating_sub(0x20000)) as usize
    }
}

/// Whether unicode61 reads the CJK character `c` alone as one token, `c` itself.
fn kept_whole(c: char) -> bool {
    KEPT_WHOLE.with(|kept| {
        let mut kept = kept.borrow_mut();
        if kept.is_empty() {
            kept.resize(cjk_index('\u{2FFFF}') + 1, 0);
        }
        let Some(state) = kept.get_mut(cjk_index(c)) else {
            return false;
        };
        if *state == 0 {
            let mut buf = [0u8; 4];
            let alone: &str = c.encode_utf8(&mut buf);
            let mut tokens = Vec::new();
            super::tokenizer::for_each_token(alone, false, |t| {
                tokens.push(t == alone);
                true
            });
            *state = if tokens == [true] { 1 } else { 2 };
        }
        *state == 1
    })
}

/// A user's query as an FTS5 expression: every term quoted, all required; a lone CJK
/// character matches as a prefix of the bigrams that start with it. `None` when nothing is
/// searchable.
pub fn fts_query(query: &str) -> Option<String> {
    let terms = query_terms(query);
    (!terms.is_empty()).then(|| all_of(&terms))
}

/// One piece of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Term {
    /// A word, or a CJK bigram: matched whole.
    Word(String),
    /// A lone CJK character: matched as the start of a term.
    Character(char),
}

impl Term {
    /// As an FTS5 phrase: quoted (a quote doubled), a character with `*`.
    pub(super) fn fts(&self) -> String {
        match self {
            Term::Word(word) => format!("\"{}\"", word.replace('"', "\"\"")),
            Term::Character(c) => format!("\"{c}\" *"),
        }
    }
}

/// The FTS5 expression that requires every one of `terms`.
pub(super) fn all_of<'a>(terms: impl IntoIterator<Item = &'a Term>) -> String {
    terms
        .into_iter()
        .map(Term::fts)
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The query cut as the index cuts text: CJK runs into bigrams (a lone character on its own),
/// the rest into the index's own tokens (`tokenizer.rs`: folded, and split where SQLite
/// splits, so no word is a phrase, which an index without positions refuses). Each term once.
fn query_terms(query: &str) -> Vec<Term> {
    let mut parts: Vec<Term> = Vec::new();
    let push_tokens = |text: &str, parts: &mut Vec<Term>| {
        let mut tokens = Vec::new();
        let cut = super::tokenizer::for_each_token(text, true, |token| {
            tokens.push(token.to_owned());
            true
        });
        if !cut {
            // No tokenizer on this thread (SQLite could not make one): Rust's notion of a word.
            tokens = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|p| !p.is_empty())
                .map(str::to_lowercase)
                .collect();
        }
        for token in tokens {
            let term = Term::Word(token);
            if !parts.contains(&term) {
                parts.push(term);
            }
        }
    };
    for word in query.split_whitespace() {
        let mut run: Vec<char> = Vec::new();
        let mut other = String::new();
        let push_run = |run: &mut Vec<char>, parts: &mut Vec<Term>| {
            match run.len() {
                0 => {}
                1 if !parts.contains(&Term::Character(run[0])) => {
                    parts.push(Term::Character(run[0]))
                }
                1 => {}
                _ => {
                    for pair in run.windows(2) {
                        push_tokens(&pair.iter().collect::<String>(), parts);
                    }
                }
            }
            run.clear();
        };
        for c in word.chars() {
            if is_cjk(c) {
                push_tokens(&other, &mut parts);
                other.clear();
                run.push(c);
            } else {
                push_run(&mut run, &mut parts);
                other.push(c);
            }
        }
        push_run(&mut run, &mut parts);
        push_tokens(&other, &mut parts);
    }
    parts
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
    /// Searches titles and article text: the newest [`RANK_WINDOW`] matches, those with more
    /// of the query's words in their titles first, then the newer first.
    ///
    /// FTS5's bm25 is not used: to weigh each word it counts every article that has it, so a
    /// word in every article cost the whole index (55 ms at a million articles) however few
    /// matches are ranked. FTS5 hands matches over in rowid order, so the window costs what it
    /// holds (`search_window.rs` finds it, and each match's words in its title).
    pub fn search(&self, query: &str, limit: i64) -> StoreResult<Vec<SearchHit>> {
        self.load_new_dictionaries()?;
        let terms = query_terms(query);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let words: Vec<String> = terms
            .iter()
            .filter_map(|t| match t {
                Term::Word(word) => Some(word.clone()),
                Term::Character(_) => None,
            })
            .collect();
        let mut ranked: Vec<(u32, i64)> = if words.len() == terms.len() {
            self.word_window(&words)?
        } else {
            // A lone CJK character matches as a prefix, which FTS5 answers by merging every
            // term that starts with it (tens of ms at a million articles): such a query is not
            // ranked by titles, and its matches come newest first.
            let window = self.character_window(&terms, limit)?;
            window.into_iter().map(|id| (0, id)).collect()
        };
        ranked.sort_unstable_by(|a, b| b.cmp(a));
        let mut article = self.conn.prepare_cached(
            "SELECT a.feed_id, COALESCE(NULLIF(TRIM(f.user_title), ''), f.title), a.title, a.plain_text
             FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?1",
        )?;
        let mut hits = Vec::new();
        for (in_title, id) in ranked.into_iter().take(limit.max(0) as usize) {
            let hit = article
                .query_row([id], |r| {
                    let plain: super::packed::Packed = r.get(3)?;
                    Ok(SearchHit {
                        id: ArticleId(id),
                        feed_id: FeedId(r.get(0)?),
                        feed_title: r.get(1)?,
                        title: r.get(2)?,
                        snippet: snippet(&plain.0, query, 40),
                        rank: 0.0 - f64::from(in_title),
                    })
                })
                .optional()?;
            // An index entry without its article would be a bug elsewhere; skip it here.
            hits.extend(hit);
        }
        Ok(hits)
    }
}

impl Store {
    /// Merges the search index into one segment after a write that made at least half of it
    /// (a first refresh): each group of writes leaves a segment of its own, and merged they take
    /// a sixtieth less room (every term is kept once) and are read in one walk. The merge costs
    /// in proportion to the index, which the refresh has just doubled at least; later, smaller
    /// refreshes leave the merging to FTS5's own automerge.
    pub fn merge_search_index_after(&mut self, new_articles: i64) -> StoreResult<bool> {
        let total = super::dictionary::article_total(&self.conn)?;
        if new_articles == 0 || new_articles * 2 < total {
            return Ok(false);
        }
        self.conn
            .execute_batch("INSERT INTO search (search) VALUES ('optimize')")?;
        Ok(true)
    }

    /// Holds FTS5's automerge (`hold`) while a first refresh writes the index that
    /// [`Store::merge_search_index_after`] merges whole at its end, or lets it run again (its
    /// default, 4). Held, the writer stopped spending a seventh of its time merging segments
    /// that the final merge read once more. Letting go writes only when they are held, so the
    /// refreshes that let go after themselves (all that wrote) cost a read.
    pub fn hold_search_merges(&mut self, hold: bool) -> StoreResult<()> {
        let held: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM search_config WHERE k = 'automerge' AND v = 0)",
            [],
            |r| r.get(0),
        )?;
        if held != hold {
            self.conn.execute(
                "INSERT INTO search (search, rank) VALUES ('automerge', ?1)",
                [if hold { 0 } else { 4 }],
            )?;
        }
        Ok(())
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
    index_article_terms(tx, id, true, &index_terms(title), &index_terms(plain))
}

/// [`index_article`] with the terms already made ([`index_terms`] of the title and text).
/// A new article has no entry to delete (an entry deleted that never was costs a tombstone
/// lookup in a contentless index).
pub(super) fn index_article_terms(
    tx: &rusqlite::Connection,
    id: i64,
    replaces: bool,
    title_terms: &str,
    body_terms: &str,
) -> rusqlite::Result<()> {
    if replaces {
        tx.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
            .execute([id])?;
    }
    tx.prepare_cached("INSERT INTO search (rowid, title_terms, body_terms) VALUES (?1, ?2, ?3)")?
        .execute(params![id, title_terms, body_terms])?;
    Ok(())
}

/// Indexes every article again, inside the caller's transaction: for a migration that changes
/// how text becomes terms. The index is merged into one segment after.
pub(super) fn index_all_articles(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch("INSERT INTO search (search) VALUES ('delete-all')")?;
    let mut read = tx.prepare("SELECT id, title, plain_text FROM articles")?;
    let mut write =
        tx.prepare("INSERT INTO search (rowid, title_terms, body_terms) VALUES (?1, ?2, ?3)")?;
    let mut rows = read.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let title: Option<String> = row.get(1)?;
        let plain: super::packed::Packed = row.get(2)?;
        write.execute(params![
            id,
            index_terms(title.as_deref().unwrap_or_default()),
            index_terms(&plain.0)
        ])?;
    }
    tx.execute_batch("INSERT INTO search (search) VALUES ('optimize')")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for CJK runs gives exactly what unicode61 gives over the spaced bigrams,
    /// for marks, separators and unassigned code points inside runs too.
    #[test]
    fn index_terms_are_unicode61_over_the_spaced_bigrams() {
        let texts = [
            "运维进行时",
            "基于Django与Celery。实践，运",
            "カタカナ・ひらがなーか\u{3099}き\u{309B}\u{30A0}ゟ",
            "한국어 텍스트\u{D7A4}",
            "\u{9FFF}\u{9FFE}x\u{2FFFF}\u{20000}\u{F900}\u{FAFF}",
            "Café NAÏVE 運維 x²y",
            "a",
            "",
            "运",
        ];
        for text in texts {
            let mut expected = Vec::new();
            super::super::tokenizer::for_each_token(&spaced_bigrams(text), false, |t| {
                expected.push(t.to_owned());
                true
            });
            let mut got = Vec::new();
            for_each_index_term(text, |t| {
                got.push(t.to_owned());
                true
            });
            assert_eq!(got, expected, "{text}");
        }
    }

    #[test]
    fn merges_are_held_and_let_go() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(&dir.path().join("s.db")).expect("store");
        let automerge = |store: &Store| -> i64 {
            store
                .conn
                .query_row(
                    "SELECT v FROM search_config WHERE k = 'automerge'",
                    [],
                    |r| r.get(0),
                )
                .expect("automerge")
        };
        store.hold_search_merges(true).expect("hold");
        assert_eq!(automerge(&store), 0);
        store.hold_search_merges(false).expect("let go");
        assert_eq!(automerge(&store), 4);
    }

    #[test]
    fn cjk_becomes_bigrams_and_queries_quote_everything() {
        assert_eq!(
            index_terms("运维进行时")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["运维", "维进", "进行", "行时", "时"]
        );
        assert_eq!(
            index_terms("基于Django与Celery")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["基于", "于", "django", "与", "celery"]
        );
        // Cut and folded as unicode61 does (the table only splits at the spaces).
        assert_eq!(
            index_terms("Café NAÏVE, don't 运维"),
            "cafe naive don t 运维 维"
        );
        assert_eq!(fts_query("运维").as_deref(), Some("\"运维\""));
        assert_eq!(fts_query("运").as_deref(), Some("\"运\" *"));
        assert_eq!(
            query_terms("第4242篇 运维"),
            [
                Term::Character('第'),
                Term::Word("4242".into()),
                Term::Character('篇'),
                Term::Word("运维".into())
            ]
        );
        assert_eq!(
            fts_query("\"docker\" NEAR -k8s*").as_deref(),
            Some("\"docker\" AND \"near\" AND \"k8s\"")
        );
        assert_eq!(fts_query("  * - \" "), None);
    }

    #[test]
    fn snippets_mark_the_first_match() {
        assert_eq!(snippet("一二三运维四五六", "运维", 2), "二三«运维»四五");
    }
}
