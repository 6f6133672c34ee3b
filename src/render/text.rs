//! Blocks → plain text, for `lamplight show` and list summaries: wrapped paragraphs, list
//! markers, indented quotes, code verbatim, images as `[image: alt]`, links as their text
//! followed by the URL once.

use std::collections::HashSet;

use super::blocks::{Block, Inline};

/// The blocks as plain text wrapped at `width` columns (CJK counts two columns a character).
pub fn to_text(blocks: &[Block], width: usize) -> String {
    let mut writer = Writer {
        width: width.max(20),
        shown_links: HashSet::new(),
        out: Vec::new(),
    };
    writer.blocks(blocks, "");
    let mut text = writer.out.join("\n");
    text.push('\n');
    text
}

/// An article's text on one line, whitespace collapsed (for search and summaries), straight
/// from its HTML: the [`plain_text`] of its blocks, without resolving the links they would carry.
pub fn html_text(html: &str, base_url: Option<&str>) -> String {
    plain_text(&super::parse::read_blocks(
        html,
        base_url,
        super::parse::Links::Ignored,
    ))
}

/// The article's text on one line, whitespace collapsed (for search and summaries).
pub fn plain_text(blocks: &[Block]) -> String {
    let mut words = String::new();
    collect_text(blocks, &mut words);
    let mut line = String::with_capacity(words.len());
    for word in words.split_whitespace() {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    line
}

/// The first `max_chars` characters of the article's text on one line, for list rows.
pub fn summary_line(blocks: &[Block], max_chars: usize) -> String {
    summary_of(&plain_text(blocks), max_chars)
}

/// The first `max_chars` characters of a plain text (with "…" when there is more): the same
/// as [`summary_line`] of the blocks the text came from, without walking them again.
pub fn summary_of(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_owned(),
        Some((cut, _)) => text[..cut].to_owned() + "…",
    }
}

fn collect_text(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::Heading { runs, .. } | Block::Paragraph { runs, .. } => {
                for run in runs {
                    match run {
                        Inline::Text(t) => out.push_str(&t.text),
                        Inline::Break => out.push(' '),
                    }
                }
                out.push(' ');
            }
            Block::List { items, .. } => items.iter().for_each(|i| collect_text(i, out)),
            Block::Quote(children) => collect_text(children, out),
            Block::Table(rows) => {
                for cell in rows.iter().flatten() {
                    out.push_str(cell);
                    out.push(' ');
                }
            }
            Block::Code(_) | Block::Image { .. } | Block::Rule => {}
        }
    }
}

struct Writer {
    width: usize,
    shown_links: HashSet<String>,
    /// Blocks already written, each possibly several lines.
    out: Vec<String>,
}

impl Writer {
    fn blocks(&mut self, blocks: &[Block], prefix: &str) {
        for block in blocks {
            let text = self.block(block, prefix);
            if !text.is_empty() {
                if !self.out.is_empty() {
                    self.out.push(String::new());
                }
                self.out.push(text);
            }
        }
    }

    fn block(&mut self, block: &Block, prefix: &str) -> String {
        match block {
            Block::Heading { level, runs } => {
                let marks = "#".repeat(usize::from(*level).clamp(1, 6));
                let text = self.runs(runs);
                self.wrap(&format!("{marks} {text}"), prefix, prefix)
            }
            Block::Paragraph { runs, indent } => {
                let text = self.runs(runs);
                let first = if *indent {
                    format!("{prefix}    ")
                } else {
                    prefix.to_owned()
                };
                self.wrap(&text, &first, prefix)
            }
            Block::List {
                ordered,
                numbers,
                items,
            } => {
                let mut lines = Vec::new();
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}. ", numbers.get(n).copied().unwrap_or(n as i64 + 1))
                    } else {
                        "- ".to_owned()
                    };
                    let hang = format!("{prefix}{}", " ".repeat(marker.len()));
                    let mut sub = Writer {
                        width: self.width,
                        shown_links: std::mem::take(&mut self.shown_links),
                        out: Vec::new(),
                    };
                    sub.blocks(item, &hang);
                    self.shown_links = sub.shown_links;
                    let body = sub
                        .out
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>();
                    let body = body.join("\n");
                    let body = body.strip_prefix(hang.as_str()).unwrap_or(&body);
                    lines.push(format!("{prefix}{marker}{body}"));
                }
                lines.join("\n")
            }
            Block::Quote(children) => {
                let mut sub = Writer {
                    width: self.width,
                    shown_links: std::mem::take(&mut self.shown_links),
                    out: Vec::new(),
                };
                sub.blocks(children, &format!("{prefix}> "));
                self.shown_links = sub.shown_links;
                sub.out
                    .into_iter()
                    .map(|s| {
                        if s.is_empty() {
                            format!("{prefix}>")
                        } else {
                            s
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            Block::Code(code) => code
                .lines()
                .map(|l| format!("{prefix}{l}"))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Image { alt, .. } => {
                if alt.is_empty() {
                    format!("{prefix}[image]")
                } else {
                    format!("{prefix}[image: {alt}]")
                }
            }
            Block::Rule => format!("{prefix}{}", "-".repeat(self.width.min(40))),
            Block::Table(rows) => rows
                .iter()
                .map(|cells| self.wrap(&cells.join(" | "), prefix, prefix))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// A paragraph's runs as text, with each link's URL after its text the first time it
    /// appears (not at all where the text is the URL already).
    fn runs(&mut self, runs: &[Inline]) -> String {
        let mut text = String::new();
        let mut i = 0;
        while i < runs.len() {
            match &runs[i] {
                Inline::Break => text.push('\n'),
                Inline::Text(run) => {
                    let body = run.text.trim_end();
                    text.push_str(body);
                    if let Some(link) = &run.link {
                        // Adjacent runs of one link (bold inside a link) close it once.
                        let continues = matches!(runs.get(i + 1),
                            Some(Inline::Text(next)) if next.link.as_ref() == Some(link));
                        if !continues
                            && run.text.trim() != link
                            && self.shown_links.insert(link.clone())
                        {
                            text.push_str(&format!(" <{link}>"));
                        }
                    }
                    text.push_str(&run.text[body.len()..]);
                }
            }
            i += 1;
        }
        text
    }

    fn wrap(&self, text: &str, first_prefix: &str, prefix: &str) -> String {
        let mut lines = Vec::new();
        for (n, line) in text.split('\n').enumerate() {
            let first = if n == 0 { first_prefix } else { prefix };
            let options = textwrap::Options::new(self.width)
                .initial_indent(first)
                .subsequent_indent(prefix)
                .word_separator(textwrap::WordSeparator::Custom(words))
                .break_words(false);
            lines.extend(
                textwrap::wrap(line, options)
                    .into_iter()
                    .map(|c| c.into_owned()),
            );
        }
        lines.join("\n")
    }
}

/// Words for wrapping: ASCII tokens (English words, URLs) stay whole; other text breaks where
/// Unicode allows (between CJK characters, for one).
fn words(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    use textwrap::WordSeparator;
    Box::new(
        WordSeparator::AsciiSpace
            .find_words(line)
            .flat_map(|token| {
                if token.word.is_ascii() {
                    return vec![token];
                }
                let mut parts: Vec<_> = WordSeparator::UnicodeBreakProperties
                    .find_words(token.word)
                    .collect();
                if let Some(last) = parts.last_mut() {
                    last.whitespace = token.whitespace;
                }
                parts
            }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html_to_blocks;

    /// The text the refresh stores (links not resolved) is the text the reader's blocks hold.
    #[test]
    fn html_text_is_the_text_of_the_blocks() {
        let pages = [
            "<p>a <a href='/x'>link</a> b</p><img src='/i.png'>c<img src=''>d",
            "<div dir='rtl'>שלום <b>עולם</b></div><p dir='ltr'>x<br>y</p>",
            "<table><tr><td>1</td><td>2<br>3</td></tr></table><pre>code</pre>after",
            "<h2>T <ul><li>x</li></ul> more</h2><blockquote><p>q</p></blockquote>",
            "a\u{1}b&#160;&#160;c<br><br>&#160;d <a href='javascript:x'>j</a><a>n</a>",
            "<img src='rel.png'>x<img width=1 src='/p.gif'>y<script>no</script>z",
        ];
        for html in pages {
            for base in [None, Some("https://example.com/post/1"), Some("not a url")] {
                assert_eq!(
                    html_text(html, base),
                    plain_text(&html_to_blocks(html, base)),
                    "{html} at {base:?}"
                );
            }
        }
    }
}
