//! The engine's own sentences in the reader's language.
//!
//! The engine records causes, reasons and notes in English (with `english!`): the store,
//! `--json`, logs and scripts read them there, so they stay stable whatever the locale. Where a
//! person reads them (the window, the command line's plain output), [`in_words`] recognises each
//! sentence by its English pattern — the `engine-*` messages of the English resource — and says
//! it again in the current language with the same details. Details that came from outside (an
//! operating system's error, a server's header, an address) stay as they came; a text that no
//! pattern matches (one recorded by an older version, say) is shown unchanged.

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_syntax::ast;

use super::{FluentValue, Lang, SOURCES, language, tr, tr_args};

/// One piece of an English pattern: words to find as they are, or a detail to carry over.
#[derive(Debug)]
enum Piece {
    Words(&'static str),
    Detail(&'static str),
}

/// An `engine-*` message's English pattern.
#[derive(Debug)]
struct Pattern {
    id: &'static str,
    pieces: Vec<Piece>,
    /// How many characters the pattern fixes: more specific patterns are tried first.
    fixed_len: usize,
    /// Only punctuation around details ("{ $url }: { $cause }"): it applies only where one of
    /// its details is an engine sentence, so that an outside detail that happens to have the
    /// same shape ("Connection refused (os error 111)") is left as it came.
    glue: bool,
}

/// The English patterns, most specific first.
fn patterns() -> &'static [Pattern] {
    static PATTERNS: OnceLock<Vec<Pattern>> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let (_, source) = SOURCES[Lang::En as usize];
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(r, _)| r);
        let mut patterns: Vec<Pattern> = resource
            .body
            .into_iter()
            .filter_map(|entry| match entry {
                ast::Entry::Message(m) if m.id.name.starts_with("engine-") => {
                    pattern(m.id.name, m.value.as_ref()?)
                }
                _ => None,
            })
            .collect();
        patterns.sort_by_key(|p| std::cmp::Reverse(p.fixed_len));
        patterns
    })
}

/// The pieces of a message made only of words and `{ $detail }` placeables; None for one with
/// choices (plurals), which cannot be read backwards.
fn pattern(id: &'static str, value: &ast::Pattern<&'static str>) -> Option<Pattern> {
    let mut pieces = Vec::new();
    for element in &value.elements {
        pieces.push(match element {
            ast::PatternElement::TextElement { value } => Piece::Words(value),
            ast::PatternElement::Placeable {
                expression: ast::Expression::Inline(inline),
            } => match inline {
                ast::InlineExpression::VariableReference { id } => Piece::Detail(id.name),
                ast::InlineExpression::StringLiteral { value } => Piece::Words(value),
                _ => return None,
            },
            _ => return None,
        });
    }
    let fixed_len = pieces
        .iter()
        .map(|p| match p {
            Piece::Words(w) => w.len(),
            Piece::Detail(_) => 0,
        })
        .sum();
    let glue = pieces.iter().all(|p| match p {
        Piece::Words(w) => !w.chars().any(char::is_alphanumeric),
        Piece::Detail(_) => true,
    });
    // A pattern of details alone would match anything.
    (fixed_len > 0).then_some(Pattern {
        id,
        pieces,
        fixed_len,
        glue,
    })
}

/// The details of `text` if it follows `pieces`, trying each place a detail could end.
fn read<'t>(pieces: &[Piece], text: &'t str, details: &mut Vec<(&'static str, &'t str)>) -> bool {
    match pieces {
        [] => text.is_empty(),
        [Piece::Words(words), rest @ ..] => text
            .strip_prefix(words)
            .is_some_and(|after| read(rest, after, details)),
        [Piece::Detail(name)] => {
            details.push((name, text));
            !text.is_empty()
        }
        [Piece::Detail(name), Piece::Words(words), ..] => {
            for (at, _) in text.match_indices(words).filter(|(at, _)| *at > 0) {
                details.push((name, &text[..at]));
                if read(&pieces[1..], &text[at..], details) {
                    return true;
                }
                details.pop();
            }
            false
        }
        // Two details side by side cannot be told apart.
        [Piece::Detail(_), Piece::Detail(_), ..] => false,
    }
}

/// `text`, an English sentence the engine recorded, in the current language.
pub fn in_words(text: &str) -> Cow<'_, str> {
    if language() == Lang::En {
        return Cow::Borrowed(text);
    }
    Cow::Owned(translate(text, 0))
}

fn translate(text: &str, depth: u8) -> String {
    if depth > 6 || text.is_empty() {
        return text.to_owned();
    }
    let mut details = Vec::new();
    for pattern in patterns() {
        details.clear();
        if !read(&pattern.pieces, text, &mut details) {
            continue;
        }
        // A duration that is not one reads the text wrongly ("every 3 days; checked …").
        let Some(said) = details
            .iter()
            .map(|(name, value)| match *name {
                "duration" => duration(value),
                _ => Some(translate(value, depth + 1)),
            })
            .collect::<Option<Vec<String>>>()
        else {
            continue;
        };
        if pattern.glue
            && details
                .iter()
                .zip(&said)
                .all(|((_, raw), said)| raw == said)
        {
            continue;
        }
        let args: Vec<(&str, FluentValue<'_>)> = details
            .iter()
            .zip(said)
            .map(|((name, _), said)| (*name, FluentValue::from(said)))
            .collect();
        return tr_args(pattern.id, &args);
    }
    // A list of clauses ("…; …"), each said on its own.
    if text.contains("; ") {
        let clauses: Vec<String> = text
            .split("; ")
            .map(|clause| translate(clause, depth + 1))
            .collect();
        return clauses.join(tr("engine-clause-separator"));
    }
    text.to_owned()
}

/// An English duration as `schedule::human` words it ("3 h", "1 day", "about 4 months"): the
/// message it came from and its count.
pub fn parse_english_duration(text: &str) -> Option<(&'static str, &str)> {
    let (about, rest) = match text.strip_prefix("about ") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (count, unit) = rest.split_once(' ')?;
    if count.is_empty() || !count.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let id = match (about, unit) {
        (false, "min") => "duration-minutes",
        (false, "h") => "duration-hours",
        (false, "day" | "days") => "duration-days",
        (true, "months") => "duration-months",
        (true, "years") => "duration-years",
        _ => return None,
    };
    Some((id, count))
}

/// An English duration in the current language.
fn duration(text: &str) -> Option<String> {
    let (id, count) = parse_english_duration(text)?;
    let count = match count.parse::<i64>() {
        Ok(n) => FluentValue::from(n),
        Err(_) => FluentValue::from(count.to_owned()),
    };
    Some(tr_args(id, &[("count", count)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::set_language;

    #[test]
    fn every_engine_message_can_be_read_backwards() {
        let (_, source) = SOURCES[Lang::En as usize];
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(r, _)| r);
        let unreadable: Vec<&str> = resource
            .body
            .iter()
            .filter_map(|entry| match entry {
                ast::Entry::Message(m)
                    if m.id.name.starts_with("engine-")
                        && m.id.name != "engine-clause-separator"
                        && patterns().iter().all(|p| p.id != m.id.name) =>
                {
                    Some(m.id.name)
                }
                _ => None,
            })
            .collect();
        assert!(unreadable.is_empty(), "{unreadable:?}");
    }

    #[test]
    fn engine_sentences_are_said_in_the_readers_language() {
        set_language(Lang::En);
        let cause = crate::english!(
            "engine-cannot-connect",
            cause = "Connection refused (os error 111)"
        );
        let reason = crate::english!("engine-back-off", failures = 3, cause = cause.clone());
        assert_eq!(in_words(&reason), reason);
        set_language(Lang::ZhCn);
        let said = in_words(&reason);
        assert!(
            said.contains('3') && said.contains("Connection refused (os error 111)"),
            "{said}"
        );
        assert!(
            !said.contains("back-off") && !said.contains("cannot connect"),
            "{said}"
        );
        // Durations inside are said again; clauses each on their own; unknown text unchanged.
        let every = crate::english!("engine-publishes-about-every", duration = "3 days");
        let clamped = format!(
            "{every}; {}",
            crate::english!("engine-checked-at-most-every", duration = "about 4 months")
        );
        let said = in_words(&clamped);
        assert!(said.contains("3 天") && said.contains("4 个月"), "{said}");
        assert!(!said.contains("days") && !said.contains("months"), "{said}");
        assert_eq!(
            in_words("something else entirely"),
            "something else entirely"
        );
        set_language(Lang::En);
    }

    #[test]
    fn durations_are_read_as_human_words_them() {
        assert_eq!(
            parse_english_duration("1 day"),
            Some(("duration-days", "1"))
        );
        assert_eq!(
            parse_english_duration("2.5 h"),
            Some(("duration-hours", "2.5"))
        );
        assert_eq!(
            parse_english_duration("about 4 months"),
            Some(("duration-months", "4"))
        );
        assert_eq!(parse_english_duration("4 months"), None);
        assert_eq!(parse_english_duration("soon"), None);
    }
}
