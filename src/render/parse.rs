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
use url::Url;

use super::blocks::{Block, Inline, RunStyle, TextRun};
use super::is_followable;
use crate::links::resolve_link;

/// Bodies longer than this are cut (at a character boundary) before parsing.
pub const MAX_HTML_BYTES: usize = 4 * 1024 * 1024;
/// Elements nested deeper than this are read as plain text.
pub const MAX_DEPTH: usize = 200;

const NBSP: char = '\u{a0}';

/// Reads article HTML into blocks; links and image sources resolve against `base_url`.
pub fn html_to_blocks(html: &str, base_url: Option<&str>) -> Vec<Block> {
    let mut end = html.len().min(MAX_HTML_BYTES);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let document = Html::parse_fragment(&html[..end]);
    let base = base_url.and_then(|u| Url::parse(u).ok());
    let mut builder = Builder::new(base.as_ref());
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
    base: Option<&'b Url>,
    blocks: Vec<Block>,
    runs: Vec<Inline>,
    space_pending: bool,
    at_line_start: bool,
}

impl<'b> Builder<'b> {
    fn new(base: Option<&'b Url>) -> Self {
        Builder {
            base,
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
        let mut inner = Builder::new(self.base);
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
        if let Some(dir) = el.value().attr("dir") {
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
                        .and_then(|c| c.value().attr("value"))
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
                inner.link = el
                    .value()
                    .attr("href")
                    .and_then(|href| resolve_link(self.base, href))
                    .filter(|url| is_followable(url));
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
        let attr = |name| el.value().attr(name);
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
        let mut out = String::new();
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
                self.space_pending = true;
                continue;
            }
            if c.is_control() {
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
            out.push(c);
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

/// The best source of an image element: `srcset`'s largest candidate, then lazy-load
/// attributes, then `src`; resolved (`data:` kept as written). Every scheme comes through: the
/// image pipeline decides what it uses and records why it refuses the rest.
pub fn image_source(el: &scraper::node::Element, base: Option<&Url>) -> Option<String> {
    let attr = |name| el.attr(name);
    let from_srcset = attr("srcset")
        .or_else(|| attr("data-srcset"))
        .and_then(best_srcset);
    let candidates = [
        from_srcset,
        attr("data-src"),
        attr("data-original"),
        attr("data-lazy-src"),
        attr("data-actualsrc"),
        attr("src"),
    ];
    candidates.into_iter().flatten().find_map(|raw| {
        let raw = raw.trim();
        if raw.starts_with("data:") {
            return Some(raw.to_owned());
        }
        resolve_link(base, raw)
    })
}

/// The largest candidate of a `srcset` (by `w`, else `x` descriptor).
fn best_srcset(srcset: &str) -> Option<&str> {
    srcset
        .split(',')
        .filter_map(|candidate| {
            let mut parts = candidate.split_whitespace();
            let url = parts.next()?;
            let size = parts
                .next()
                .and_then(|d| {
                    d.strip_suffix('w')
                        .or_else(|| d.strip_suffix('x'))
                        .and_then(|n| n.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            Some((url, size))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(url, _)| url)
}

/// How an ordered list counts: `start` (default 1, or the item count when `reversed`) and
/// the step.
struct Numbering {
    start: i64,
    step: i64,
}

impl Numbering {
    fn of(list: ElementRef<'_>) -> Numbering {
        let reversed = list.value().attr("reversed").is_some();
        let start = list
            .value()
            .attr("start")
            .and_then(|v| v.trim().parse::<i64>().ok());
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

/// The rows of a table itself (not of tables nested in its cells).
fn direct_rows(table: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    table
        .children()
        .filter_map(ElementRef::wrap)
        .flat_map(|child| {
            let rows: Vec<ElementRef<'_>> = match child.value().name() {
                "tr" => vec![child],
                "thead" | "tbody" | "tfoot" => child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|r| r.value().name() == "tr")
                    .collect(),
                _ => Vec::new(),
            };
            rows
        })
}

fn cells_of(row: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    row.children()
        .filter_map(ElementRef::wrap)
        .filter(|c| matches!(c.value().name(), "td" | "th"))
}

/// Elements that make a table cell more than a cell of data.
const BLOCK_CONTENT: [&str; 17] = [
    "p",
    "div",
    "ul",
    "ol",
    "table",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dl",
    "img",
    "section",
    "article",
];

/// A table used for layout rather than data: one column, or cells holding paragraphs, lists,
/// pictures or tables (older blogs, Chinese ones among them, lay out whole posts this way).
/// Looks only at the table's own rows, and at each cell only up to its first block, so nested
/// layout tables stay linear to read.
fn is_layout_table(table: ElementRef<'_>) -> bool {
    let mut widest = 0;
    for row in direct_rows(table) {
        let mut cells = 0;
        for cell in cells_of(row) {
            cells += 1;
            let has_block = cell
                .descendants()
                .skip(1)
                .filter_map(ElementRef::wrap)
                .any(|e| BLOCK_CONTENT.contains(&e.value().name()));
            if has_block {
                return true;
            }
        }
        widest = widest.max(cells);
    }
    widest <= 1
}

fn table_rows(table: ElementRef<'_>) -> Vec<Vec<String>> {
    direct_rows(table)
        .map(|row| cells_of(row).map(cell_text).collect::<Vec<String>>())
        .filter(|cells| cells.iter().any(|c| !c.is_empty()))
        .collect()
}

/// A data cell as one line: a line break or block boundary inside it is a space, so words on
/// either side never glue together.
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut text = String::new();
    for node in cell.descendants() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e)
                if matches!(
                    e.name(),
                    "br" | "p" | "div" | "li" | "dt" | "dd" | "tr" | "td" | "th" | "hr"
                ) =>
            {
                text.push(' ')
            }
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
        let text_of = |l: &[TextRun]| l.iter().map(|r| r.text.as_str()).collect::<String>();
        let text = text_of(&line);
        if text.trim_matches(|c: char| c.is_whitespace()).is_empty() {
            blank_before = true;
            continue;
        }
        let indented = text.starts_with(NBSP);
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
    for run in &mut line {
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
        first.text = first.text.trim_start_matches(is_space).to_owned();
        if first.text.is_empty() {
            line.remove(0);
        } else {
            break;
        }
    }
    while let Some(last) = line.last_mut() {
        last.text = last.text.trim_end_matches(is_space).to_owned();
        if last.text.is_empty() {
            line.pop();
        } else {
            break;
        }
    }
    line
}
