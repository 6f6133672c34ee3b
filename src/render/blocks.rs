//! The block model: what an article is made of once its HTML is read.

/// Inline styling of a run of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunStyle {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
}

/// A run of text with one style and at most one link target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRun {
    pub text: String,
    pub style: RunStyle,
    /// A resolved, followable (http/https/mailto) target.
    pub link: Option<String>,
}

/// A piece of a paragraph or heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(TextRun),
    /// A line break inside a paragraph (`<br>`).
    Break,
}

/// A block of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: u8,
        runs: Vec<Inline>,
    },
    Paragraph {
        runs: Vec<Inline>,
        /// The source indented it (a run of `&#160;`): shown as one paragraph indent.
        indent: bool,
    },
    List {
        ordered: bool,
        /// Each item's number when `ordered` (from `start`, `value`, `reversed`); else empty.
        numbers: Vec<i64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    /// Preformatted text, whitespace kept.
    Code(String),
    Image {
        /// Resolved source URL: the image cache's key.
        src: String,
        alt: String,
        /// The followable link around the image, if any.
        link: Option<String>,
    },
    Rule,
    /// A data table: rows of one-line cell texts.
    Table(Vec<Vec<String>>),
}

impl Block {
    /// The image blocks in this block and its children, in document order.
    pub fn images<'a>(&'a self, out: &mut Vec<&'a Block>) {
        match self {
            Block::Image { .. } => out.push(self),
            Block::List { items, .. } => items.iter().flatten().for_each(|b| b.images(out)),
            Block::Quote(children) => children.iter().for_each(|b| b.images(out)),
            _ => {}
        }
    }
}
