//! HTML → blocks, over html5ever's tree (via `scraper`).
//!
//! Whitespace collapses as a browser collapses it; a run of `&#160;` at the start of a line
//! becomes one paragraph indent; `<br>` followed by an indented line, or two `<br>`s, start a new
//! paragraph (the way Chinese blogs of the fixture write paragraphs). Scripts, styles, frames,
//! comments, tracking pixels and empty wrappers produce nothing. Data tables become rows of
//! one-line cells; layout tables (one column, or cells holding blocks) flow as blocks; ordered
//! lists count from `start`, `value` and `reversed`. A body cut at the cap says so at its end.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

use super::blocks::{Block, Inline, RunStyle, TextRun};
use super::image_source::image_source;
use super::tables::{cells_of, direct_rows, is_layout_table, table_rows};
use crate::links::LazyBase;

/// Bodies longer than this are cut (at a character boundary) before parsing.
pub const MAX_HTML_BYTES: usize = 4 * 1024 * 1024;
/// Elements nested deeper than this are read as plain text.
pub const MAX_DEPTH: usize = 200;

const NBSP: char = '\u{a0}';

/// Reads article HTML into blocks; links and image sources resolve against `base_url`.
pub fn html_to_blocks(html: &str, base_url: Option<&str>) -> Vec<Block> {
    read_blocks(html, base_url, Links::Resolved)
}

/// What becomes of a link's target.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Links {
    /// Resolved, and kept on its runs when it may be followed.
    Resolved,
    /// Not looked at: for the text alone, which links do not change.
    Ignored,
}

/// [`html_to_blocks`], with the choice of what becomes of links.
pub(super) fn read_blocks(html: &str, base_url: Option<&str>, links: Links) -> Vec<Block> {
    let mut end = html.len().min(MAX_HTML_BYTES);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let document = Html::parse_fragment(&html[..end]);
    let base = LazyBase::new(base_url);
    let mut builder = Builder::new(&base, links);
    let ctx = Ctx::default();
    builder.children(*document.root_element(), &ctx);
    let mut blocks = builder.finish();
    if end < html.len() {
        blocks.push(Block::Paragraph {
            runs: vec![Inline::Text(TextRun {
                text: format!(
                    "[The article goes on: it is longer than {} MiB, and the rest is not shown.]",
                    MAX_HTML_BYTES / 1024 / 1024
                ),
                style: RunStyle {
                    italic: true,
                    ..RunStyle::default()
                },
                link: None,
            })],
            indent: false,
        });
    }
    blocks
}

#[derive(Debug, Clone, Default)]
struct Ctx {
    style: RunStyle,
    link: Option<String>,
    depth: usize,
    /// The direction an enclosing `dir` attribute gives, as the mark that says it (RLM or LRM),
    /// put before the first letter of each block so the reader's bidi sees it.
    dir_mark: Option<char>,
}

struct Builder<'b> {
    base: &'b LazyBase<'b>,
    links: Links,
    blocks: Vec<Block>,
    runs: Vec<Inline>,
    space_pending: bool,
    at_line_start: bool,
}

impl<'b> Builder<'b> {
    fn new(base: &'b LazyBase<'b>, links: Links) -> Self {
        Builder {
            base,
            links,
            blocks: Vec::new(),
            runs: Vec::new(),
            space_pending: false,
            at_line_start: true,
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }

    fn nested(&self, node: NodeRef<'_, Node>, ctx: &Ctx) -> Vec<Block> {
        let mut inner = Builder::new(self.base, self.links);
        inner.children(node, ctx);
        inner.finish()
    }

    fn children(&mut self, node: NodeRef<'_, Node>, ctx: &Ctx) {
        for child in node.children() {
            self.node(child, ctx);
        }
    }

    fn node(&mut self, node: NodeRef<'_, Node>, ctx: &Ctx) {
        match node.value() {
            Node::Text(text) => self.text(text, ctx),
            Node::Element(_) => {
                if let Some(el) = ElementRef::wrap(node) {
                    self.element(el, ctx);
                }
            }
            _ => {}
        }
    }

    fn element(&mut self, el: ElementRef<'_>, ctx: &Ctx) {
        let name = el.value().name();
        if ctx.depth >= MAX_DEPTH {
            let text: String = el.text().collect();
            self.text(&text, ctx);
            return;
        }
        let mut inner = ctx.clone();
        inner.depth += 1;
        if let Some(dir) = attribute(el.value(), "dir") {
            inner.dir_mark = match dir.trim().to_ascii_lowercase().as_str() {
                "rtl" => Some('\u{200F}'),
                "ltr" => Some('\u{200E}'),
                _ => None, // "auto": the first strong letter decides, as with no attribute.
            };
        }
        match name {
            "script" | "style" | "iframe" | "noscript" | "template" | "head" | "title" | "meta"
            | "link" | "object" | "embed" | "applet" | "frame" | "frameset" | "svg" | "math"
            | "canvas" | "audio" | "video" | "input" | "select" | "button" | "map" => {}
            "br" => self.line_break(),
            "hr" => self.block(Block::Rule),
            "img" => {
                if let Some(image) = self.image(el, ctx) {
                    self.block(image);
                }
            }
            // Old blogs (the fixture's among them) put code listings in a SyntaxHighlighter
            // `<textarea name="code">`; it reads as a listing, not as a form field.
            "pre" | "xmp" | "listing" | "plaintext" | "textarea" => {
                let text: String = el.text().collect::<String>().replace(NBSP, " ");
                let text = text.strip_prefix('\n').unwrap_or(&text).trim_end();
                if !text.trim().is_empty() {
                    self.block(Block::Code(text.to_owned()));
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse().unwrap_or(1);
                let mut runs = Vec::new();
                for block in self.nested(*el, &inner) {
                    match block {
                        Block::Paragraph { runs: r, .. } | Block::Heading { runs: r, .. } => {
                            if !runs.is_empty() {
                                runs.push(Inline::Break);
                            }
                            runs.extend(r);
                        }
                        other => self.deferred_block(other),
                    }
                }
                if !runs.is_empty() {
                    self.block(Block::Heading { level, runs });
                }
            }
            "ul" | "ol" | "menu" | "dir" => {
                let ordered = name == "ol";
                let numbering = ordered.then(|| Numbering::of(el));
                let mut next = numbering.as_ref().map_or(1, |n| n.start);
                let mut items = Vec::new();
                let mut numbers = Vec::new();
                for child in el.children() {
                    let wanted = match child.value() {
                        Node::Element(_) => true,
                        Node::Text(t) => !t.trim().is_empty(),
                        _ => false,
                    };
                    if !wanted {
                        continue;
                    }
                    if let Some(value) = ElementRef::wrap(child)
                        .filter(|c| c.value().name() == "li")
                        .and_then(|c| attribute(c.value(), "value"))
                        .and_then(|v| v.trim().parse::<i64>().ok())
                    {
                        next = value;
                    }
                    let blocks = self.nested(child, &inner);
                    if blocks.is_empty() {
                        continue;
                    }
                    items.push(blocks);
                    if let Some(numbering) = &numbering {
                        numbers.push(next);
                        next = next.saturating_add(numbering.step);
                    }
                }
                if !items.is_empty() {
                    self.block(Block::List {
                        ordered,
                        numbers,
                        items,
                    });
                }
            }
            "blockquote" => {
                let inner_blocks = self.nested(*el, &inner);
                if !inner_blocks.is_empty() {
                    self.block(Block::Quote(inner_blocks));
                }
            }
            "table" if is_layout_table(el) => {
                // A table used for layout: its cells flow as blocks, in reading order.
                for row in direct_rows(el) {
                    for cell in cells_of(row) {
                        self.flush();
                        self.children(*cell, &inner);
                        self.flush();
                    }
                }
            }
            "table" => {
                let rows = table_rows(el);
                if !rows.is_empty() {
                    self.block(Block::Table(rows));
                }
            }
            "a" => {
                if self.links == Links::Resolved {
                    inner.link = attribute(el.value(), "href")
                        .and_then(|href| self.base.resolve(href))
                        .filter(|url| matches!(url.scheme(), "http" | "https" | "mailto"))
                        .map(String::from);
                }
                self.children(*el, &inner);
            }
            "b" | "strong" => {
                inner.style.bold = true;
                self.children(*el, &inner);
            }
            "i" | "em" | "cite" | "dfn" | "var" => {
                inner.style.italic = true;
                self.children(*el, &inner);
            }
            "code" | "kbd" | "samp" | "tt" => {
                inner.style.code = true;
                self.children(*el, &inner);
            }
            "p" | "div" | "section" | "article" | "aside" | "header" | "footer" | "main"
            | "nav" | "center" | "figure" | "figcaption" | "address" | "details" | "summary"
            | "fieldset" | "dl" | "dt" | "dd" | "li" | "body" | "html" | "form" | "caption"
            | "legend" | "hgroup" => {
                self.flush();
                self.children(*el, &inner);
                self.flush();
            }
            _ => self.children(*el, &inner),
        }
    }

    fn image(&self, el: ElementRef<'_>, ctx: &Ctx) -> Option<Block> {
        let attr = |name| attribute(el.value(), name);
        let tiny = |name| {
            attr(name)
                .and_then(|v: &str| v.trim().trim_end_matches("px").parse::<f32>().ok())
                .is_some_and(|v| v <= 1.0)
        };
        if tiny("width") || tiny("height") {
            return None;
        }
        let src = image_source(el.value(), self.base)?;
        Some(Block::Image {
            src,
            alt: attr("alt")
                .map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default(),
            link: ctx.link.clone(),
        })
    }

    fn text(&mut self, text: &str, ctx: &Ctx) {
        let mut out = String::with_capacity(text.len());
        // The visible characters not yet copied start here (copied a word at a time).
        let mut word: Option<usize> = None;
        for (at, c) in text.char_indices() {
            let space = matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c');
            if space || c.is_control() {
                if let Some(start) = word.take() {
                    out.push_str(&text[start..at]);
                }
                // A control character is dropped; a space waits for the next visible one.
                self.space_pending |= space;
                continue;
            }
            if word.is_some() {
                continue;
            }
            if self.space_pending && !self.at_line_start {
                // The space belongs to the run before it when this run has not started yet,
                // so that a link or bold run does not begin with a space.
                match self.runs.last_mut() {
                    Some(Inline::Text(last)) if out.is_empty() => last.text.push(' '),
                    _ => out.push(' '),
                }
            }
            self.space_pending = false;
            if self.at_line_start
                && let Some(mark) = ctx.dir_mark
            {
                out.push(mark);
            }
            self.at_line_start = false;
            word = Some(at);
        }
        if let Some(start) = word {
            out.push_str(&text[start..]);
        }
        if out.is_empty() {
            return;
        }
        if let Some(Inline::Text(last)) = self.runs.last_mut()
            && last.style == ctx.style
            && last.link == ctx.link
        {
            last.text.push_str(&out);
            return;
        }
        self.runs.push(Inline::Text(TextRun {
            text: out,
            style: ctx.style,
            link: ctx.link.clone(),
        }));
    }

    fn line_break(&mut self) {
        self.runs.push(Inline::Break);
        self.space_pending = false;
        self.at_line_start = true;
    }

    fn block(&mut self, block: Block) {
        self.flush();
        self.blocks.push(block);
    }

    /// A block met inside a heading: it follows the heading.
    fn deferred_block(&mut self, block: Block) {
        self.blocks.push(block);
    }

    fn flush(&mut self) {
        let runs = std::mem::take(&mut self.runs);
        self.space_pending = false;
        self.at_line_start = true;
        self.blocks.extend(split_paragraphs(runs));
    }
}

/// An element's attribute. scraper's own `attr` makes the name an interned atom first: a hash,
/// and for names HTML does not define (`data-src`) a global lock, at every look.
pub(super) fn attribute<'e>(el: &'e scraper::node::Element, name: &str) -> Option<&'e str> {
    el.attrs()
        .find_map(|(n, value)| (n == name).then_some(value))
}

/// How an ordered list counts: `start` (default 1, or the item count when `reversed`) and
/// the step.
struct Numbering {
    start: i64,
    step: i64,
}

impl Numbering {
    fn of(list: ElementRef<'_>) -> Numbering {
        let reversed = attribute(list.value(), "reversed").is_some();
        let start = attribute(list.value(), "start").and_then(|v| v.trim().parse::<i64>().ok());
        let items = || {
            list.children()
                .filter_map(ElementRef::wrap)
                .filter(|c| c.value().name() == "li")
                .count() as i64
        };
        Numbering {
            start: start.unwrap_or_else(|| if reversed { items() } else { 1 }),
            step: if reversed { -1 } else { 1 },
        }
    }
}

/// Splits a paragraph's runs at line breaks that start a new paragraph (a break before an
/// `&#160;`-indented line, or two breaks in a row), and tidies each piece.
fn split_paragraphs(runs: Vec<Inline>) -> Vec<Block> {
    let mut lines: Vec<Vec<TextRun>> = vec![Vec::new()];
    for inline in runs {
        match inline {
            Inline::Text(run) => lines.last_mut().map_or((), |l| l.push(run)),
            Inline::Break => lines.push(Vec::new()),
        }
    }
    let mut paragraphs: Vec<(bool, Vec<Vec<TextRun>>)> = Vec::new();
    let mut blank_before = true;
    for line in lines {
        if line.iter().all(|r| r.text.chars().all(char::is_whitespace)) {
            blank_before = true;
            continue;
        }
        let indented = line.iter().find_map(|r| r.text.chars().next()) == Some(NBSP);
        match paragraphs.last_mut() {
            Some((_, lines)) if !blank_before && !indented => lines.push(line),
            _ => paragraphs.push((indented, vec![line])),
        }
        blank_before = false;
    }
    paragraphs
        .into_iter()
        .filter_map(|(indent, lines)| {
            let mut runs = Vec::new();
            for (i, line) in lines.into_iter().enumerate() {
                if i > 0 {
                    runs.push(Inline::Break);
                }
                runs.extend(tidy_line(line).into_iter().map(Inline::Text));
            }
            let has_text = runs
                .iter()
                .any(|r| matches!(r, Inline::Text(t) if !t.text.is_empty()));
            has_text.then_some(Block::Paragraph { runs, indent })
        })
        .collect()
}

/// Trims a line's leading and trailing space (breaking or not) and turns inner `&#160;` runs
/// into single spaces.
fn tidy_line(mut line: Vec<TextRun>) -> Vec<TextRun> {
    let is_space = |c: char| c == ' ' || c == NBSP;
    for run in line.iter_mut().filter(|r| r.text.contains(NBSP)) {
        let mut text = String::with_capacity(run.text.len());
        let mut prev_space = false;
        for c in run.text.chars() {
            if c == NBSP {
                if !prev_space {
                    text.push(' ');
                }
                prev_space = true;
            } else {
                prev_space = c == ' ';
                text.push(c);
            }
        }
        run.text = text;
    }
    while let Some(first) = line.first_mut() {
        let cut = first.text.len() - first.text.trim_start_matches(is_space).len();
        first.text.drain(..cut);
        if first.text.is_empty() {
            line.remove(0);
        } else {
            break;
        }
    }
    while let Some(last) = line.last_mut() {
        let keep = last.text.trim_end_matches(is_space).len();
        last.text.truncate(keep);
        if last.text.is_empty() {
            line.pop();
        } else {
            break;
        }
    }
    line
}
