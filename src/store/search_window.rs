//! Which matches of a query are ranked — its window, the newest [`RANK_WINDOW`] articles that
//! have every word — and how many of the query's words each one's title has.
//!
//! FTS5 answers `a AND b` by walking both words' lists of articles over every article the
//! window spans, so a word in nearly every article beside a rare one (`article 99`) costs a
//! step per article between the rare word's matches: 8 ms at a million articles. Each word is
//! first probed alone (its newest matches, a fraction of a millisecond); when that walk would
//! cost more than reading the rarest word's matches and testing them for the other words,
//! they are tested in Rust, with SQLite's own tokenizer (`tokenizer.rs`), token for token as
//! the index holds them. For ranking, each word is walked alone through the window's titles or
//! the window's titles are read and tested the same way, whichever is estimated cheaper.
//!
//! A query with a lone CJK character (a prefix to FTS5, which merges every term starting with
//! it) is answered newest first, by testing the newest articles that have its other words for
//! the character, and asks FTS5 only when those run past a bound.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rusqlite::{OptionalExtension, params};

use super::packed::Packed;
use super::search::{RANK_WINDOW, Term, all_of, spaced_bigrams};
use super::tokenizer::{self, for_each_token};
use super::{Store, StoreResult};

/// Testing one article by its text (reading its row, unpacking and cutting its text) costs
/// about as much as this many steps of FTS5's walk through a word's list (measured at a
/// million articles: ~3 µs against ~8 ns).
const TEST_COST_IN_STEPS: f64 = 400.0;

/// At most this many of a query's words are walked for in titles, to rank (the rest still
/// must match).
const TITLE_WORDS_WALKED: usize = 8;

/// At most this many articles are tested by their text for one query; past it, FTS5 finds
/// the rest of the window (the rarest word was not rare among the articles tested).
const TEST_BUDGET: usize = 3 * RANK_WINDOW as usize;

/// What one step of FTS5's walk costs (measured at a million articles), to bound testing in
/// time as well: long texts cost more to test than the estimate assumes.
const STEP_SECONDS: f64 = 8e-9;

/// Testing is never cut off before this long.
const MIN_TEST_SECONDS: f64 = 0.002;

/// At most this many articles (the newest that match the rest of a query with a lone CJK
/// character, or the newest of all for a character alone) are tested for the character by
/// their text before FTS5's prefix query is asked instead.
const LONE_CHARACTER_SCAN: i64 = 500;

/// The articles matching the rest of such a query are read this many at a time.
const LONE_CHARACTER_BATCH: i64 = 100;

/// How many of each word's newest matches are read to judge how common it is.
const PROBE: i64 = 64;

/// A word's newest matches, newest first: at most [`PROBE`], so a probe with fewer holds
/// all of them.
struct Probe {
    ids: Vec<i64>,
}

impl Probe {
    fn complete(&self) -> bool {
        (self.ids.len() as i64) < PROBE
    }

    /// Matches per article over the rowids the probe spans.
    fn density(&self) -> f64 {
        self.ids.len() as f64 / span_of(&self.ids).max(1.0)
    }

    /// About how many of this word's matches lie in `span` articles: the steps FTS5 takes
    /// through its list there.
    fn steps_over(&self, span: f64) -> f64 {
        let within = self.density() * span;
        if self.complete() {
            within.min(self.ids.len() as f64)
        } else {
            within
        }
    }
}

/// The rowids `ids` (newest first) span.
fn span_of(ids: &[i64]) -> f64 {
    match (ids.first(), ids.last()) {
        (Some(newest), Some(oldest)) => (newest - oldest + 1) as f64,
        _ => 0.0,
    }
}

impl Store {
    /// The window of a query of whole words (no lone CJK character), each entry with how many
    /// of `words` (index tokens) its title has, newest first.
    pub(super) fn word_window(&self, words: &[String]) -> StoreResult<Vec<(u32, i64)>> {
        let terms: Vec<Term> = words.iter().cloned().map(Term::Word).collect();
        let expression = all_of(&terms);
        if terms.len() == 1 {
            let ids = self.newest_matches(&expression, i64::MAX, RANK_WINDOW)?;
            return self.title_counts(&ids, words, &[ids.len() as f64]);
        }
        let probes = terms
            .iter()
            .map(|term| {
                Ok(Probe {
                    ids: self.newest_matches(&term.fts(), i64::MAX, PROBE)?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        if probes.iter().any(|p| p.ids.is_empty()) {
            return Ok(Vec::new());
        }
        // The word with the fewest matches, or of as many, the one they are spread thinnest.
        let rarest = (0..probes.len())
            .min_by(|&a, &b| {
                let (a, b) = (&probes[a], &probes[b]);
                a.ids
                    .len()
                    .cmp(&b.ids.len())
                    .then(a.density().total_cmp(&b.density()))
            })
            .expect("two or more words");
        let rare = &probes[rarest];
        // The window lies within the rare word's newest matches: all of them, or as many as
        // the window holds. FTS5 walks every word through the articles they span; testing
        // costs a read per match of the rare word.
        let (tested, span) = if rare.complete() {
            (rare.ids.len() as f64, span_of(&rare.ids))
        } else {
            (RANK_WINDOW as f64, RANK_WINDOW as f64 / rare.density())
        };
        let walk: f64 = probes.iter().map(|p| p.steps_over(span)).sum();
        if tested * TEST_COST_IN_STEPS >= walk || !tokenizer::available() {
            let ids = self.newest_matches(&expression, i64::MAX, RANK_WINDOW)?;
            let span = span_of(&ids);
            let walks: Vec<f64> = probes.iter().map(|p| p.steps_over(span)).collect();
            return self.title_counts(&ids, words, &walks);
        }
        // Testing costs more than estimated on long texts without the other words: past
        // twice the walk's estimated time, FTS5 finds the rest (both ways give the same window).
        let deadline = Instant::now()
            + Duration::from_secs_f64((2.0 * walk * STEP_SECONDS).max(MIN_TEST_SECONDS));
        let mut window = Vec::new();
        let rare_word = terms[rarest].fts();
        let mut asked = RANK_WINDOW + 1;
        let mut candidates = if rare.complete() {
            rare.ids.clone()
        } else {
            self.newest_matches(&rare_word, i64::MAX, asked)?
        };
        let mut tested = 0;
        loop {
            for &id in &candidates {
                if tested >= TEST_BUDGET || Instant::now() > deadline {
                    // Every match above `id` has the rare word, so it was among those tested.
                    let wanted = RANK_WINDOW - window.len() as i64;
                    let rest = self.newest_matches(&expression, id + 1, wanted)?;
                    window.extend(self.titles_read(&rest, words)?);
                    return Ok(window);
                }
                tested += 1;
                if let Some(in_title) = self.test_article(id, words)? {
                    window.push((in_title, id));
                    if window.len() as i64 == RANK_WINDOW {
                        return Ok(window);
                    }
                }
            }
            let Some(&oldest) = candidates.last() else {
                return Ok(window);
            };
            if rare.complete() || (candidates.len() as i64) < asked {
                return Ok(window);
            }
            asked = RANK_WINDOW;
            candidates = self.newest_matches(&rare_word, oldest, asked)?;
        }
    }

    /// The newest `limit` articles below rowid `below` that match an FTS5 `expression`.
    fn newest_matches(&self, expression: &str, below: i64, limit: i64) -> StoreResult<Vec<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT rowid FROM search WHERE search MATCH ?1 AND rowid < ?2
                 ORDER BY rowid DESC LIMIT ?3",
            )?
            .query_map(params![expression, below, limit], |r| r.get(0))?
            .collect::<Result<_, _>>()?)
    }

    /// Each of `ids` (a window, newest first) with how many of `words` its title has, found the
    /// cheaper way: a walk of the index's titles per word over the window's span (`walks`: the
    /// steps each takes), or a read of each title.
    fn title_counts(
        &self,
        ids: &[i64],
        words: &[String],
        walks: &[f64],
    ) -> StoreResult<Vec<(u32, i64)>> {
        let walking: f64 = walks.iter().take(TITLE_WORDS_WALKED).sum();
        if walking > ids.len() as f64 * TEST_COST_IN_STEPS && tokenizer::available() {
            return self.titles_read(ids, words);
        }
        let Some(&oldest) = ids.last() else {
            return Ok(Vec::new());
        };
        let mut in_title: HashMap<i64, u32> = ids.iter().map(|&id| (id, 0)).collect();
        let mut title_matches = self
            .conn
            .prepare_cached("SELECT rowid FROM search WHERE search MATCH ?1 AND rowid >= ?2")?;
        // The window's articles match the whole query already: each word alone is walked.
        for word in words.iter().take(TITLE_WORDS_WALKED) {
            let in_titles = format!("title_terms : {}", Term::Word(word.clone()).fts());
            for id in title_matches.query_map(params![in_titles, oldest], |r| r.get::<_, i64>(0))? {
                if let Some(count) = in_title.get_mut(&id?) {
                    *count += 1;
                }
            }
        }
        Ok(ids.iter().map(|id| (in_title[id], *id)).collect())
    }

    /// Each of `ids` with how many of `words` its title has, by reading the titles (an id
    /// without its article, which would be a bug elsewhere, is left out).
    fn titles_read(&self, ids: &[i64], words: &[String]) -> StoreResult<Vec<(u32, i64)>> {
        let mut title = self
            .conn
            .prepare_cached("SELECT title FROM articles WHERE id = ?1")?;
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            let Some(text) = title
                .query_row([id], |r| r.get::<_, Option<String>>(0))
                .optional()?
            else {
                continue;
            };
            let mut found = vec![false; words.len()];
            mark_words(text.as_deref().unwrap_or_default(), words, &mut found);
            out.push((found.iter().filter(|&&f| f).count() as u32, id));
        }
        Ok(out)
    }

    /// Whether article `id` has every one of `words` in its title or text, as the search index
    /// has them: `Some(how many are in the title)` if so.
    fn test_article(&self, id: i64, words: &[String]) -> StoreResult<Option<u32>> {
        let mut row = self
            .conn
            .prepare_cached("SELECT title, plain_text FROM articles WHERE id = ?1")?;
        Ok(row
            .query_row([id], |r| {
                let mut found = vec![false; words.len()];
                mark_words(
                    r.get_ref(0)?.as_str_or_null()?.unwrap_or_default(),
                    words,
                    &mut found,
                );
                let in_title = found.iter().filter(|&&f| f).count() as u32;
                if found.iter().all(|&f| f) {
                    return Ok(Some(in_title));
                }
                mark_words(&r.get::<_, Packed>(1)?.0, words, &mut found);
                Ok(found.iter().all(|&f| f).then_some(in_title))
            })
            .optional()?
            .flatten())
    }

    /// The window of a query with a lone CJK character, found without FTS5's one-character
    /// prefix query (which merges every term that starts with the character: 25–49 ms at a
    /// million articles), by testing articles' titles and plain texts (what the index was made
    /// from) for the character:
    /// the newest articles that have the query's other words (`第4242篇`, `5月`), or the newest
    /// of all for a character alone, in turn, until `limit` match (such a query ranks the newer
    /// first, so those are its answer), there are no more, or [`LONE_CHARACTER_SCAN`] were
    /// tested.
    ///
    /// Past those bounds (or with no lone character), FTS5's prefix query answers.
    pub(super) fn character_window(&self, terms: &[Term], limit: i64) -> StoreResult<Vec<i64>> {
        match self.characters_tested(terms, limit)? {
            Some(window) => Ok(window),
            None => self.newest_matches(&all_of(terms), i64::MAX, RANK_WINDOW),
        }
    }

    /// [`Store::character_window`] by testing texts; `None` when its bounds are passed.
    fn characters_tested(&self, terms: &[Term], limit: i64) -> StoreResult<Option<Vec<i64>>> {
        let lone: Vec<char> = terms
            .iter()
            .filter_map(|t| match t {
                Term::Character(c) => Some(*c),
                Term::Word(_) => None,
            })
            .collect();
        if lone.is_empty() {
            return Ok(None);
        }
        let others: Vec<&Term> = terms
            .iter()
            .filter(|t| matches!(t, Term::Word(_)))
            .collect();
        let has_all = |title: &Option<String>, plain: &Packed| {
            lone.iter()
                .all(|&c| title.as_deref().is_some_and(|t| t.contains(c)) || plain.0.contains(c))
        };
        if others.is_empty() {
            let mut newest = self.conn.prepare_cached(
                "SELECT id, title, plain_text FROM articles ORDER BY id DESC LIMIT ?1",
            )?;
            let mut rows = newest.query([LONE_CHARACTER_SCAN + 1])?;
            let (mut found, mut tested) = (Vec::new(), 0);
            while let Some(row) = rows.next()? {
                tested += 1;
                if tested > LONE_CHARACTER_SCAN {
                    return Ok(None);
                }
                if has_all(&row.get(1)?, &row.get(2)?) {
                    found.push(row.get(0)?);
                    if found.len() as i64 >= limit {
                        break;
                    }
                }
            }
            return Ok(Some(found));
        }
        let expression = all_of(others);
        let mut batch = self.conn.prepare_cached(
            "SELECT a.id, a.title, a.plain_text
             FROM (SELECT rowid AS id FROM search WHERE search MATCH ?1 AND rowid < ?2
                   ORDER BY rowid DESC LIMIT ?3) AS m
             JOIN articles a ON a.id = m.id
             ORDER BY m.id DESC",
        )?;
        let (mut found, mut tested, mut below) = (Vec::new(), 0, i64::MAX);
        loop {
            let candidates: Vec<(i64, Option<String>, Packed)> = batch
                .query_map(params![expression, below, LONE_CHARACTER_BATCH], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<Result<_, _>>()?;
            for (id, title, plain) in &candidates {
                tested += 1;
                if has_all(title, plain) {
                    found.push(*id);
                    if found.len() as i64 >= limit {
                        return Ok(Some(found));
                    }
                }
            }
            match candidates.last() {
                Some((oldest, ..)) if candidates.len() as i64 == LONE_CHARACTER_BATCH => {
                    if tested >= LONE_CHARACTER_SCAN {
                        return Ok(None);
                    }
                    below = *oldest;
                }
                _ => return Ok(Some(found)),
            }
        }
    }
}

/// Marks in `found` each of `words` that is a token of `text` as the index cuts it. A long
/// text is cut in pieces of about [`PIECE_BYTES`] at ASCII whitespace (where neither a word nor
/// a CJK run goes on), so cutting stops once every word is found.
fn mark_words(text: &str, words: &[String], found: &mut [bool]) {
    let mut rest = text;
    while !rest.is_empty() && !found.iter().all(|&f| f) {
        let end = rest
            .as_bytes()
            .get(PIECE_BYTES..)
            .and_then(|tail| tail.iter().position(u8::is_ascii_whitespace))
            .map_or(rest.len(), |at| PIECE_BYTES + at);
        let (piece, tail) = rest.split_at(end);
        // The tokenizer over the spaced text at once: the shortcut of `for_each_index_term`
        // asks SQLite about each CJK character the first time a thread meets it, which a
        // search (a process of its own, often) pays for and an indexing thread amortises.
        for_each_token(&spaced_bigrams(piece), false, |token| {
            for (word, found) in words.iter().zip(found.iter_mut()) {
                if !*found && word == token {
                    *found = true;
                }
            }
            !found.iter().all(|&f| f)
        });
        rest = tail;
    }
}

/// See [`mark_words`].
const PIECE_BYTES: usize = 2_048;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_marked_piece_by_piece_as_a_whole() {
        let words: Vec<String> = ["运维", "zebra", "daily"].map(String::from).to_vec();
        let long = format!(
            "{} 运维 {} zebra",
            "daily note ".repeat(300),
            "数据资产".repeat(600)
        );
        let mut found = vec![false; 3];
        mark_words(&long, &words, &mut found);
        assert_eq!(found, [true, true, true]);
        // A run of Chinese with no whitespace is never cut: a bigram past 2 KiB is found.
        let mut found = vec![false; 3];
        mark_words(&"数据资产".repeat(2_000), &words, &mut found);
        assert_eq!(found, [false, false, false]);
        let words: Vec<String> = vec!["产数".into()];
        let mut found = vec![false];
        mark_words(&"数据资产".repeat(2_000), &words, &mut found);
        assert_eq!(found, [true]);
    }
}
